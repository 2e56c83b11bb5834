"""A command imports only what it needs: no YAML on the indexed path, no Rich for JSON or plain output, no
models for a lookup the index answers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

HEAVY = ("yaml", "rich", "migfacts.models", "migfacts.loader", "pycountry", "text2num", "platformdirs")


def _modules(args: list[str], cache: str, extra_env: dict[str, str] | None = None) -> set[str]:
    """The modules loaded by the end of `migfacts ARGS`, in a fresh interpreter."""
    script = (  # (no module of its own beyond sys and atexit: what is loaded is the command's)
        "import atexit, sys\n"
        "atexit.register(lambda: sys.__stderr__.write('MODULES ' + ' '.join(sorted(sys.modules)) + '\\n'))\n"
        "sys.argv = ['migfacts', *sys.argv[1:]]\n"
        "from migfacts.console import run\n"
        "run()\n"
    )
    env = {**os.environ, "MIGFACTS_CACHE": cache, "NO_COLOR": "1", **(extra_env or {})}
    env.pop("MIGFACTS_NO_CACHE", None)
    env.pop("MIGFACTS_FACTS", None)
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=env, check=False)
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES "))
    return set(line.removeprefix("MODULES ").split())


@pytest.mark.parametrize(
    "args",
    [
        ["tb", "--year", "2018", "--format", "json"],
        ["search", "active cases", "--format", "plain"],
        ["quotes", "--speaker", "weekers", "--format", "csv"],
        ["show", "tb-active-cases-2018", "--format", "jsonl"],
    ],
)
def test_an_indexed_lookup_imports_no_yaml_rich_or_models(args, tmp_path):
    cache = str(tmp_path / "cache")
    _modules(args, cache)  # builds the index (reading the YAML)
    loaded = _modules(args, cache)
    assert "migfacts.indexstore" in loaded  # answered by the index
    assert sorted(name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY) == []


def test_topic_completion_imports_no_yaml_rich_or_models(tmp_path):
    cache = str(tmp_path / "cache")
    env = {"_MIGFACTS_COMPLETE": "complete_bash", "COMP_WORDS": "migfacts t", "COMP_CWORD": "1"}
    _modules([], cache, env)
    loaded = _modules([], cache, env)
    assert sorted(name for name in loaded if name.split(".")[0] in HEAVY or name in HEAVY) == []
    # nor a JSON parser (the topics' aliases are rows of the index), nor what only a build's text checks use
    assert sorted({"json", "orjson", "bisect", "unicodedata"} & loaded) == []


def test_a_table_imports_rich(tmp_path):
    cache = str(tmp_path / "cache")
    assert "rich.table" in _modules(["topics", "--format", "table"], cache)


def test_orjson_is_imported_for_json_output_only(tmp_path):
    cache = str(tmp_path / "cache")
    _modules(["tb"], cache)  # builds the index
    assert "orjson" in _modules(["tb", "--year", "2018", "--format", "json"], cache)
    for fmt in ("plain", "csv", "jsonl"):
        assert "orjson" not in _modules(["tb", "--year", "2018", "--format", fmt], cache)
