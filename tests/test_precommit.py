"""The pre-commit hook (.pre-commit-hooks.yaml) run by pre-commit itself: a sound base passes, a broken one is
refused at `git commit` with validate's exact message, and a commit that touches no fact file skips it.

pre-commit installs migfacts from a snapshot of this checkout into a fresh environment once for the module
(about 10 s with a warm pip cache, up to a minute without one)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
TB = "data/facts/sources/world-tb-day-2019.yaml"

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or not (ROOT / ".git").exists(),
    reason="the hook is installed from a git checkout of migfacts: no git, or no checkout (an sdist)",
)


def _git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "MIGFACTS_FACTS"))}
    return {**env, "HOME": str(home), "PRE_COMMIT_HOME": str(home / "pre-commit"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR", str(Path.home() / ".cache" / "pip"))}  # fmt: skip


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _snapshot_of_this_checkout(target: Path, env: dict[str, str]) -> str:
    """This checkout as pre-commit would install it (its tracked files and new ones not ignored, as they are
    now), committed in a repository of its own; its commit's id."""
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], ROOT, env).stdout
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        _run(args, target, env).check_returncode()
    return _run(["git", "rev-parse", "HEAD"], target, env).stdout.strip()


@pytest.fixture(scope="module")
def team_repo(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A team's repository: a sound fact base in data/facts, and the hook installed for `git commit`."""
    home = tmp_path_factory.mktemp("home")
    env = _git_env(home)
    hooks = tmp_path_factory.mktemp("hookrepo")
    rev = _snapshot_of_this_checkout(hooks, env)
    repo = tmp_path_factory.mktemp("team")
    shutil.copytree(ROOT / "facts", repo / "data" / "facts")
    (repo / "README.md").write_text("Our facts.\n")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {hooks}\n    rev: {rev}\n    hooks:\n      - id: migfacts-validate\n"
        "        args: [--facts, data/facts]\n"
    )
    for args in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "facts"]):
        _run(args, repo, env).check_returncode()
    _run([sys.executable, "-m", "pre_commit", "install"], repo, env).check_returncode()
    return repo, env


def test_a_sound_base_passes(team_repo):
    repo, env = team_repo
    result = _run([sys.executable, "-m", "pre_commit", "run", "--all-files"], repo, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "migfacts validate" in result.stdout and "Passed" in result.stdout


def test_a_broken_fact_file_is_refused_at_commit_with_validate_s_message(team_repo):
    repo, env = team_repo
    path = repo / TB
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    value: 584\n", "    value: 548\n", 1), encoding="utf-8")
    evidence = text.index("    evidence:", text.index("    value: 584\n"))  # the figure's evidence
    line = text[:evidence].count("\n") + 1
    head = _run(["git", "rev-parse", "HEAD"], repo, env).stdout
    _run(["git", "add", TB], repo, env).check_returncode()
    try:
        result = _run(["git", "commit", "-m", "a typo"], repo, env)
    finally:
        path.write_text(text, encoding="utf-8")
        _run(["git", "add", TB], repo, env).check_returncode()
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "migfacts validate" in output and "Failed" in output
    assert f"{TB}:{line}: the evidence does not state the number 548\n" in output
    assert "migfacts: 1 problem found\n" in output
    assert _run(["git", "rev-parse", "HEAD"], repo, env).stdout == head  # nothing was committed


def test_a_commit_that_deletes_an_archived_text_is_refused(team_repo):
    """pre-commit passes no deleted file to a hook's filter: the hook runs on every commit."""
    repo, env = team_repo
    text = TB.removesuffix(".yaml") + ".txt"
    head = _run(["git", "rev-parse", "HEAD"], repo, env).stdout
    _run(["git", "rm", "-q", text], repo, env).check_returncode()
    try:
        result = _run(["git", "commit", "-m", "tidy up"], repo, env)
    finally:
        _run(["git", "reset", "-q", "HEAD", "--", text], repo, env).check_returncode()
        _run(["git", "checkout", "--", text], repo, env).check_returncode()
    assert result.returncode == 1
    assert f"{text}: no such file\n" in result.stdout + result.stderr
    assert _run(["git", "rev-parse", "HEAD"], repo, env).stdout == head


def test_a_draft_not_yet_reviewed_is_refused(team_repo):
    repo, env = team_repo
    release = ROOT / "tests" / "data" / "releases" / "release-1.txt"
    sources = repo / "data" / "facts" / "sources"
    cli = [sys.executable, "-m", "migfacts", "draft", str(release), "-o", str(sources), "--facts", str(sources.parent)]
    _run(cli, repo, env).check_returncode()
    drafted = sorted(path for path in sources.iterdir() if path.name.startswith("iom-scales-up"))
    assert [path.suffix for path in drafted] == [".txt", ".yaml"]
    _run(["git", "add", *map(str, drafted)], repo, env).check_returncode()
    try:
        result = _run(["git", "commit", "-m", "a new release"], repo, env)
    finally:
        _run(["git", "reset", "-q", "HEAD", "--", *map(str, drafted)], repo, env).check_returncode()
        for path in drafted:
            path.unlink()
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "still marked review: check the entry against the text, then remove its review line\n" in output
    assert "migfacts: 24 problems found\n" in output


def test_a_commit_that_touches_no_fact_file_still_checks_the_base(team_repo):
    repo, env = team_repo
    (repo / "README.md").write_text("Our facts, checked.\n")
    _run(["git", "add", "README.md"], repo, env).check_returncode()
    result = _run(["git", "commit", "-m", "readme"], repo, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "migfacts validate" in result.stderr and "Passed" in result.stderr
