"""`draft -o` writes atomically and keeps what exists: an interrupted write leaves no half file and no temporary."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest

from migfacts import drafter
from migfacts.errors import OutputError

RELEASE = Path(__file__).parent / "data" / "releases" / "release-1.txt"
OLD_YAML, OLD_TEXT = "# my reviewed draft\n", "my archived text\n"


def _folder(path: Path) -> dict[str, bytes]:
    return {child.name: child.read_bytes() for child in sorted(path.iterdir())}


@pytest.fixture
def existing(tmp_path) -> Path:
    """A reviewed draft and its text, already in the folder: `draft -o` must not lose them."""
    out = tmp_path / "out" / "mine.yaml"
    out.parent.mkdir()
    out.write_text(OLD_YAML, encoding="utf-8")
    out.with_suffix(".txt").write_text(OLD_TEXT, encoding="utf-8")
    return out


@pytest.mark.parametrize("keep", ["mine.yaml", "mine.txt"])
def test_either_existing_file_is_kept_without_force(cli, existing, keep):
    folder = existing.parent
    (folder / ({"mine.yaml", "mine.txt"} - {keep}).pop()).unlink()
    before = _folder(folder)
    result = cli("draft", str(RELEASE), "-o", str(existing))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"migfacts: {folder / keep}: exists; give --force to overwrite it\n"
    assert _folder(folder) == before


def test_force_replaces_both_files_whole(cli, existing):
    result = cli("draft", str(RELEASE), "-o", str(existing), "--force")
    assert result.code == 0
    assert existing.with_suffix(".txt").read_bytes() == RELEASE.read_bytes()
    assert "\nsource:\n  id: mine\n" in existing.read_text(encoding="utf-8")
    assert sorted(_folder(existing.parent)) == ["mine.txt", "mine.yaml"]


class _DiskFullHalfway(io.StringIO):
    """A stream that writes half of what it is given to its file, then finds the disk full."""

    def __init__(self, raw):
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(text[: len(text) // 2])
        self.raw.flush()
        raise OSError(28, "No space left on device")

    def close(self) -> None:
        self.raw.close()
        super().close()


@pytest.mark.parametrize("failing", ["mine.txt", "mine.yaml"])
def test_a_write_cut_off_by_a_full_disk_leaves_no_half_file_and_no_temporary(cli, existing, monkeypatch, failing):
    real_fdopen, real_mkstemp = os.fdopen, tempfile.mkstemp
    temporaries: dict[int, str] = {}

    def mkstemp(*args, **kwargs):
        handle, name = real_mkstemp(*args, **kwargs)
        temporaries[handle] = name
        return handle, name

    def fdopen(handle, *args, **kwargs):  # the temporary of the file named finds the disk full halfway
        if Path(temporaries.get(handle, "")).name.startswith(f".{failing}."):
            return _DiskFullHalfway(real_fdopen(handle, "w", encoding="utf-8"))
        return real_fdopen(handle, *args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(os, "fdopen", fdopen)
    result = cli("draft", str(RELEASE), "-o", str(existing), "--force")
    assert (result.code, result.stdout) == (4, ""), result.stderr
    assert result.stderr == f"migfacts: {existing.parent / failing}: cannot be written: No space left on device\n"
    folder = _folder(existing.parent)
    assert sorted(folder) == ["mine.txt", "mine.yaml"]  # no temporary file left
    assert folder["mine.yaml"] == OLD_YAML.encode()  # the YAML is never half-written
    assert folder["mine.txt"] == OLD_TEXT.encode()  # nor replaced alone


def test_a_failed_yaml_write_leaves_the_text_as_it_was(existing, monkeypatch):
    real_replace = os.replace

    def replace(source, target):
        if str(target).endswith(".yaml"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError):
        drafter.write_draft("source:\n  id: mine\n", "new text\n", existing, force=True)
    assert _folder(existing.parent) == {"mine.txt": OLD_TEXT.encode(), "mine.yaml": OLD_YAML.encode()}


def test_ctrl_c_during_the_write_leaves_no_temporary_file(existing, monkeypatch):
    def replace(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        drafter.write_draft("source:\n  id: mine\n", "new text\n", existing, force=True)
    assert _folder(existing.parent) == {"mine.txt": OLD_TEXT.encode(), "mine.yaml": OLD_YAML.encode()}


def test_a_process_killed_mid_write_leaves_the_old_files_whole_and_the_base_valid(cli, facts_copy):
    """SIGKILL between writing the temporary files and renaming them: nothing can tidy up after that, so the
    temporaries (and the link kept to undo a rename) are dot-files, which the base ignores; the files in
    place are whole."""
    sources = facts_copy / "sources"
    drafted = "source: {id: world-tb-day-2019}\n# " + "x" * 100_000 + "\n"
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from pathlib import Path
        from migfacts import drafter
        def replace(source, target):
            print("writing", flush=True)
            time.sleep(60)
        os.replace = replace
        target = Path({str(sources)!r}) / "world-tb-day-2019.yaml"
        drafter.write_draft({drafted!r}, "new text", target, force=True)
        """
    )
    before = _folder(sources)
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "writing\n"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
    after = _folder(sources)
    leftovers = sorted(set(after) - set(before))
    assert sorted((name.split(".")[2], name.rsplit(".", 1)[1]) for name in leftovers) == [
        ("txt", "old"),
        ("txt", "tmp"),
        ("yaml", "tmp"),
    ]
    assert {name: after[name] for name in before} == before
    result = cli("validate", "--facts", str(facts_copy))
    assert (result.code, result.stderr) == (0, "")
