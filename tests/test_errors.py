"""Every mistake a user can make: one clear line on stderr, a documented exit code, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import make_base


def _one_line(result, code: int) -> str:
    assert result.code == code, result
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr


@pytest.mark.parametrize(
    ("year", "why"),
    [
        ("20x8", "'20x8' is not a year (2018) or a span of years (2010-2016)"),
        ("18", "'18' is not a year (2018) or a span of years (2010-2016)"),
        ("2016-2010", "'2016-2010' ends before it starts"),
        ("0999", "999 is not a plausible year"),
    ],
)
def test_bad_year_is_a_usage_error(cli, year, why):
    stderr = _one_line(cli("tb", "--year", year), 2)
    assert stderr == f"migfacts: Invalid value for '--year' / '-y': {why} (see 'migfacts topic --help')\n"


def test_unknown_option_suggests_the_right_one(cli):
    stderr = _one_line(cli("figures", "--yeer", "2018"), 2)
    assert stderr == "migfacts: No such option: --yeer (Possible options: --year) (see 'migfacts figures --help')\n"


def test_unknown_format(cli):
    stderr = _one_line(cli("figures", "--format", "xml"), 2)
    assert stderr.startswith("migfacts: Invalid value for '--format' / '-f': 'xml' is not one of 'table',")


def test_missing_argument(cli):
    assert _one_line(cli("show"), 2) == "migfacts: Missing argument 'ID'. (see 'migfacts show --help')\n"


def test_unknown_country_is_a_usage_error_a_real_one_without_facts_is_no_match(cli):
    assert _one_line(cli("figures", "--country", "atlantis"), 2) == (
        "migfacts: 'atlantis' is not a country name or ISO 3166 code\n"
    )
    assert _one_line(cli("figures", "--country", "kenia"), 2) == (
        "migfacts: 'kenia' is not a country name or ISO 3166 code; did you mean 'Kenya'?\n"
    )
    assert _one_line(cli("figures", "--country", "France"), 1) == "migfacts: No figures match --country FR.\n"


def test_unknown_source_and_topic_filters_are_no_match(cli):
    assert _one_line(cli("figures", "--source", "world-tb-day-2018"), 1) == (
        "migfacts: no source 'world-tb-day-2018'; did you mean 'world-tb-day-2019'? (see 'migfacts sources')\n"
    )
    assert _one_line(cli("quotes", "--topic", "malaria"), 1).startswith("migfacts: 'malaria' is not a topic")


def test_no_match_for_a_speaker(cli):
    assert _one_line(cli("quotes", "--speaker", "guterres"), 1) == "migfacts: No quotes match --speaker guterres.\n"


def test_missing_fact_base_folder(cli, tmp_path):
    missing = tmp_path / "nowhere"
    assert _one_line(cli("tb", "--facts", str(missing)), 3) == f"migfacts: {missing}: no such fact base folder\n"


def test_fact_base_that_is_a_file_or_has_no_sources(cli, tmp_path):
    file = tmp_path / "facts.yaml"
    file.write_text("topics: []\n")
    assert "is not a folder" in _one_line(cli("tb", "--facts", str(file)), 3)
    assert _one_line(cli("tb", "--facts", str(tmp_path)), 3) == (
        f"migfacts: {tmp_path}: not a fact base: it has no sources/ folder\n"
    )
    (tmp_path / "sources").mkdir()
    (tmp_path / "topics.yaml").write_text("topics:\n  - {id: tb, label: TB}\n")
    assert _one_line(cli("tb", "--facts", str(tmp_path)), 3) == (
        f"migfacts: {tmp_path / 'sources'}: no source files (*.yaml) in this folder\n"
    )


def test_environment_variable_points_at_another_base(cli, tmp_path):
    text = "Worldwide, in 2020, IOM assisted 1,234 migrants."
    body = """figures:
  - id: assisted-2020
    value: 1234
    qualifier: null
    unit: migrants
    counts: migrants assisted
    period: 2020
    places: [{region: Worldwide}]
    topics: [tb]
    evidence: Worldwide, in 2020, IOM assisted 1,234 migrants.
"""
    root = make_base(tmp_path / "mine", text, body)
    result = cli("figures", env={"MIGFACTS_FACTS": str(root)})
    assert result.stdout == "assisted-2020\t1,234 migrants\tmigrants assisted\t2020\tWorldwide\ttest-release\n"
    assert cli("validate", env={"MIGFACTS_FACTS": str(root)}).code == 0
    # --facts wins over the environment
    assert "tb-active-cases-2018" not in cli("figures", "--facts", str(root)).stdout


def test_unreadable_fact_file(cli, facts_copy):
    target = facts_copy / "sources" / "world-tb-day-2019.yaml"
    target.unlink()
    target.mkdir()  # a folder where a file should be: unreadable as a file, for root too
    assert _one_line(cli("tb", "--facts", str(facts_copy)), 3) == f"migfacts: {target}: is a folder, not a file\n"


def test_symbolic_link_loop(cli, facts_copy):
    loop = facts_copy / "sources" / "loop.yaml"
    loop.symlink_to(loop)
    stderr = _one_line(cli("tb", "--facts", str(facts_copy)), 3)
    assert stderr.startswith(f"migfacts: {loop}: cannot be read: ")


def test_no_arguments_prints_help(cli):
    result = cli()
    assert result.code == 0
    assert "Usage: migfacts [OPTIONS] COMMAND [ARGS]..." in result.stdout
    assert "Exit codes: 0 results printed; 1 no match" in result.stdout


@pytest.mark.parametrize(
    "command", ["tb", "figures", "quotes", "contacts", "topics", "sources", "search", "show", "check", "validate"]
)
def test_help_has_examples_and_exit_codes(cli, command):
    result = cli(command, "--help")
    assert result.code == 0
    assert "Examples: migfacts" in result.stdout
    assert "2 usage error" in result.stdout


@pytest.mark.parametrize("fmt", ["plain", "table", "json", "csv"])
def test_a_pipe_closed_early_ends_quietly(fmt):
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; time.sleep(0.3); from migfacts.cli import main; main()",
            "c4d",
            "--format",
            fmt,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "100"},
    )
    process.stdout.close()  # the reader goes away before the first line is written, as `| head -0` would
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert stderr == ""


def test_head_one_in_a_shell_pipeline(tmp_path: Path):
    script = f'{sys.executable} -m migfacts tb | head -1; echo "status=${{PIPESTATUS[0]}}"'
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines() == [
        "figure\ttb-new-cases-2017\tan estimated 10 million new TB cases\tnew TB cases worldwide\t2017\tWorldwide\t"
        "world-tb-day-2019",
        "status=0",
    ]
    assert result.stderr == ""


def test_a_mistyped_command_with_its_options_gets_did_you_mean(cli):
    assert _one_line(cli("quote", "--speaker", "weekers"), 1) == (
        "migfacts: 'quote' is not a topic or a command; did you mean 'quotes'? (see 'migfacts topics')\n"
    )
    assert "did you mean 'search'?" in _one_line(cli("serach", "chacon"), 1)
    assert _one_line(cli("tb", "--speaker", "weekers"), 2) == (
        "migfacts: no such option or argument: --speaker weekers (see 'migfacts topic --help')\n"
    )


def test_an_empty_topic_is_a_usage_error(cli):
    assert _one_line(cli(""), 2) == "migfacts: the topic is empty (see 'migfacts topics')\n"


def test_options_before_the_command(cli, tmp_path):
    data = json.loads(cli("--format", "json", "--no-color", "tb", "--year", "2018").stdout)
    assert data["figures"][1]["value"] == 584
    missing = tmp_path / "none"
    assert _one_line(cli("--facts", str(missing), "tb"), 3) == f"migfacts: {missing}: no such fact base folder\n"


def test_input_echoed_in_an_error_is_made_safe_and_short(cli):
    stderr = _one_line(cli("search", "\x1b[31mred\nline"), 1)
    assert stderr == "migfacts: nothing matches '\\x1b[31mred\\nline'\n"
    long = _one_line(cli("x" * 100_000), 1)
    assert len(long) <= 420 and long.endswith("…\n")


def test_an_internal_error_is_one_line_with_exit_70(cli, monkeypatch):
    from migfacts import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(views, "kind_view", broken)
    assert _one_line(cli("figures"), 70) == (
        "migfacts: internal error: RuntimeError: a bug (MIGFACTS_DEBUG=1 shows the traceback)\n"
    )


def test_output_that_cannot_be_written(tmp_path):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "migfacts", "figures"], stdout=full, stderr=subprocess.PIPE,
                                text=True, timeout=60)  # fmt: skip
    assert (result.returncode, result.stderr) == (4, "migfacts: cannot write the output: No space left on device\n")
    closed = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m migfacts figures >&-"], capture_output=True, text=True, timeout=60
    )
    assert (closed.returncode, closed.stderr) == (4, "migfacts: standard output is closed\n")


@pytest.mark.parametrize("args", [["--help"], []])
def test_help_to_a_closed_stdout_is_exit_4(args):
    result = subprocess.run(
        ["bash", "-c", f"{sys.executable} -m migfacts {' '.join(args)} >&-"], capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stderr) == (4, "migfacts: standard output is closed\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["figures", "--topic", ""], "--topic needs a topic (see 'migfacts topics')"),
        (["figures", "--source", ""], "--source needs a source id (see 'migfacts sources')"),
        (["show", ""], "the id is empty (see 'migfacts search' to find one)"),
        (["figures", "--country", " "], "--country needs a country name or code"),
    ],
)
def test_empty_values_are_usage_errors(cli, args, message):
    assert _one_line(cli(*args), 2) == f"migfacts: {message}\n"


def test_an_interrupt_during_a_command_is_one_line_and_exit_130(cli, monkeypatch):
    """Typer turns Ctrl-C into a quiet exit 130; migfacts says so, as for an interrupt anywhere else."""

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("migfacts.stores.answer", interrupted)
    result = cli("tb", "--year", "2018")
    assert (result.code, result.stdout, result.stderr) == (130, "", "migfacts: interrupted\n")


def test_ctrl_c_sent_to_a_running_lookup():
    import signal
    import time

    script = (  # Ctrl-C handled as in a shell's foreground (a background job inherits it ignored)
        "import signal, time, migfacts.stores as stores\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "stores.answer = lambda *args, **kwargs: time.sleep(30)\n"
        "print('started', flush=True)\n"
        "from migfacts.console import run\n"
        "run()\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, "tb"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout.readline() == "started\n"
    time.sleep(1.0)  # into the command
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert (process.returncode, stdout, stderr) == (130, "", "migfacts: interrupted\n")


def _console_with(prelude: str, *args: str) -> subprocess.CompletedProcess:
    script = f"{prelude}\nfrom migfacts.console import run\nrun()\n"
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=False)


TEARDOWN = (  # an object whose finaliser speaks (the teardown calls it), and an exit handler
    "import atexit, sys, threading, time\n"
    "class Noisy:\n"
    "    def __del__(self):\n"
    "        sys.__stderr__.write('teardown\\n')\n"
    "noisy = Noisy()\n"
    "atexit.register(lambda: sys.__stderr__.write('exit handler\\n'))\n"
)


@pytest.mark.parametrize(
    ("args", "code"),
    [(["tb", "--year", "2018", "--format", "json"], 0), (["tb", "--year", "1990"], 1), (["tb", "--year", "x"], 2)],
)
def test_a_finished_command_exits_at_once_its_output_flushed_and_exit_handlers_run(args, code):
    """No teardown of every loaded module (a tenth of a lookup); what a command wrote, and the exit handlers
    libraries register, all the same."""
    result = _console_with(TEARDOWN, *args)
    assert (result.returncode, result.stderr.splitlines()[-1]) == (code, "exit handler")
    assert "teardown" not in result.stderr
    if code == 0:  # the whole answer
        figures = {figure["id"]: figure for figure in json.loads(result.stdout)["figures"]}
        assert (figures["tb-active-cases-2018"]["value"], len(figures)) == (584, 3)


def test_a_thread_still_running_is_waited_for_as_python_would():
    prelude = TEARDOWN + "threading.Thread(target=lambda: (time.sleep(1), sys.__stderr__.write('thread\\n'))).start()"
    result = _console_with(prelude, "tb", "--year", "2018", "--format", "plain")
    assert result.returncode == 0
    assert result.stderr.splitlines() == ["thread", "exit handler", "teardown"]


def test_a_message_as_exit_code_is_printed_as_python_would():
    prelude = "import migfacts.cli as cli\ncli.main = lambda: (_ for _ in ()).throw(SystemExit('gone'))"
    result = _console_with(prelude, "tb")
    assert (result.returncode, result.stderr) == (1, "gone\n")


def _interrupt_made_a_runtime_error() -> RuntimeError:
    """What Python raises when Ctrl-C lands while a class is made: a RuntimeError caused by the interrupt."""
    try:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as interrupt:
            raise RuntimeError("Error calling __set_name__ on 'cached_property' instance") from interrupt
    except RuntimeError as error:
        return error


def test_an_interrupt_that_python_wrapped_in_an_import_is_one_line_and_exit_130(cli, monkeypatch):
    def wrapped(*args, **kwargs):
        raise _interrupt_made_a_runtime_error()

    monkeypatch.setattr("migfacts.stores.answer", wrapped)
    result = cli("tb", "--year", "2018")
    assert (result.code, result.stdout, result.stderr) == (130, "", "migfacts: interrupted\n")


def _on_import(module: str, body: str) -> str:
    """Python that runs BODY when MODULE is about to be imported (then lets the import go on)."""
    indented = "".join(f"            {line}\n" for line in body.splitlines())
    return (
        "import signal, sys\n"
        "class OnImport:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        f"        if name == {module!r}:\n{indented}"
        "sys.meta_path.insert(0, OnImport())\n"
    )


def test_an_interrupt_wrapped_while_the_cli_is_imported_is_one_line_and_exit_130():
    prelude = _on_import(
        "migfacts.cli",
        "try:\n"
        "    raise KeyboardInterrupt\n"
        "except KeyboardInterrupt as interrupt:\n"
        "    raise RuntimeError('Error calling __set_name__') from interrupt\n",
    )
    result = _console_with(prelude, "tb")
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "migfacts: interrupted\n")


def test_orjson_is_imported_with_ctrl_c_held_back():
    """An interrupt in orjson's initialisation crashes the process: it waits until orjson is ready."""
    script = _on_import(
        "orjson",
        "held = signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set())\n"
        "sys.stdout.write(f'held while imported: {held}\\n')\n",
    ) + (
        "from migfacts.orjsonload import load_orjson\n"
        "print(load_orjson().dumps([584]).decode(), signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, set()))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (0, "held while imported: True\n[584] False\n", "")


def test_an_interrupt_python_cannot_raise_is_one_line_and_exit_130():
    """Ctrl-C in a callback Python cannot raise from (an import lock's) is 'unraisable': it still ends the
    command as an interrupt, not as a message of Python's and exit 0."""
    prelude = (
        "import weakref\n"
        "class Held:\n"
        "    pass\n"
        "held = Held()\n"
        "def interrupt(_):\n"
        "    raise KeyboardInterrupt\n"
        "import migfacts.stores as stores\n"
        "real = stores.answer\n"
        "def answer(*args, **kwargs):\n"
        "    global held\n"
        "    reference = weakref.ref(held, interrupt)\n"
        "    held = None  # the callback runs, and its KeyboardInterrupt cannot be raised\n"
        "    return real(*args, **kwargs)\n"
        "stores.answer = answer\n"
    )
    result = _console_with(prelude, "tb", "--year", "2018", "--format", "json")
    assert (result.returncode, result.stdout, result.stderr) == (130, "", "migfacts: interrupted\n")
