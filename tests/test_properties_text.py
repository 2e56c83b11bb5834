"""Property tests of the claim parser (`check`) and the drafter (`draft`): any text, a result or a clean error.

`check` answers any claim with a verdict (exit 0 or 1) or refuses it as a usage error (exit 2), the same from
the index as from the YAML; `draft` drafts any text into a source file that validates, or refuses it with
one line and exit 2. Each example has a time bound: a regex that backtracks without end fails it.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import event, example, given
from hypothesis import strategies as st

from migfacts.checker import CONTRADICTED, SUPPORTED, UNVERIFIED, check_claims, has_figure
from migfacts.claims import parse_claim, sentences
from migfacts.layout import bundled_facts
from migfacts.loader import load_factbase
from migfacts.render import visible
from migfacts.textnorm import CONTROL
from properties import NASTY_PIECES, budget, within

from helpers import run_cli

BASE = load_factbase(bundled_facts())
VERDICTS = {SUPPORTED, CONTRADICTED, UNVERIFIED}
NO_CACHE = {"MIGFACTS_NO_CACHE": "1"}

NUMBERISH = [
    "584", "376,800", "376.800", "376 800", "1,3", "1.3", "1.3M", "1.3 million", "258m", "1,3 millones", "90%",
    "90 %", "ninety per cent", "noventa por ciento", "155 per 100,000", "five hundred and eighty-four",
    "quinientos ochenta y cuatro", "90 to 100%", "2010-2016", "between 2010 and 2016", "in 2017", "en 2018",
    "January 2019", "last year", "about", "almost", "more than", "más de", "alrededor de", "1e999", "1E-5",
    "10^400", "0x1F", "1_000", "-5", "+7", "½", "٣٤", "१२३", "１２３", "1 in 4", "$2.5M", "€3bn", "0.000001",
    "00000", "1,", ",1", "1..2", "1,,2", "1, 2, 3", "9" * 60, "1" + "0" * 5000 + " million", "9" * 5000,
    "TB", "tuberculosis", "cases", "deaths", "IOM", "detected", "migrants", "Kenya", "Worldwide",
]  # fmt: skip
claim_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(NUMBERISH + NASTY_PIECES), st.text(max_size=5)), max_size=12).map(" ".join),
)
LONG = [
    "1" * 20_000,
    "1," * 10_000,
    "1." * 10_000,
    "1 " * 10_000,
    " " * 20_000,
    "1 111" * 4000,
    "1,111" * 4000,
    "about " * 3000 + "584",
    "million " * 3000,
    "IOM detected 584 TB cases in 2018. " * 500,
    "a" * 20_000 + " 5",
    "2018-" * 4000,
    "per " * 5000,
]


def _check_parse(text: str) -> None:
    claim = parse_claim(text)
    for quantity in claim.quantities:
        assert 0 <= quantity.start < quantity.end <= len(claim.normalized)
        if quantity.high is None:
            assert claim.normalized[quantity.start : quantity.end].strip() == quantity.text
        assert quantity.value >= 0
    if claim.years:
        assert 1900 <= claim.years.first <= claim.years.last <= 2100
    assert has_figure(text) == bool(claim.quantities)


@budget(100)
@given(text=claim_text)
@example(text="IOM detected 1" + "0" * 5000 + " million TB cases in 2018")
@example(text="IOM detected " + "9" * 5000 + " TB cases in 2018")
def test_any_claim_parses_and_is_judged(text):
    with within(10):
        _check_parse(text)
        (verdict,) = check_claims(BASE, [text])
    assert verdict.verdict in VERDICTS and verdict.claim == text
    assert not verdict.explanation[:1].islower() and verdict.explanation.endswith(".")
    if verdict.verdict == SUPPORTED:
        assert verdict.figures


@pytest.mark.parametrize("text", LONG, ids=range(len(LONG)))
def test_long_claims_parse_in_time(text):
    with within(10):
        _check_parse(text)
        check_claims(BASE, [text])
        sentences(text)


def _expected_exit(verdicts: list[str]) -> int:
    return 0 if all(v == SUPPORTED for v in verdicts) else 1


@budget(60)
@given(texts=st.lists(claim_text, min_size=1, max_size=3))
@example(texts=["IOM detected 584 TB cases in 2018", "TB killed 10 million people in 2017"])
@example(texts=["IOM detected 1" + "0" * 5000 + " million TB cases in 2018"])
@example(texts=["-"])
@example(texts=["--year"])
@example(texts=["\x00"])
def test_check_through_the_cli_answers_or_refuses_cleanly(texts):
    with within(30):
        indexed = run_cli("check", "--", *texts)
        from_yaml = run_cli("check", "--", *texts, env=NO_CACHE)
    assert (indexed.code, indexed.stdout, indexed.stderr) == (from_yaml.code, from_yaml.stdout, from_yaml.stderr)
    assert indexed.code in (0, 1, 2), indexed
    event(f"check exit {indexed.code}: {indexed.stderr[:40]}")
    if "-" in texts:  # standard input, here empty: nothing to check, or only the other claims
        return
    if indexed.code == 2:
        assert indexed.stdout == "" and indexed.stderr.count("\n") == 1
        return
    assert indexed.stderr == ""
    lines = indexed.stdout.splitlines()
    assert len(lines) == len(texts)
    verdicts = [line.split("\t")[0] for line in lines]
    assert set(verdicts) <= VERDICTS
    claims = [visible(t, one_line=True) or "not given" for t in texts]  # an empty claim: an empty cell's words
    assert [line.split("\t")[1] for line in lines] == claims
    assert indexed.code == _expected_exit(verdicts)
    assert verdicts == [v.verdict for v in check_claims(BASE, texts)]


@budget(30)
@given(text=st.lists(claim_text, max_size=6).map("\n".join))
@example(text="1 " * 10_000)
def test_check_reads_any_text_from_standard_input(text):
    with within(30):
        result = run_cli("check", "-", input=text)
    expected = [t for t in sentences(text) if has_figure(t)]
    if not expected:
        assert (result.code, result.stdout) == (2, "")
        assert result.stderr.splitlines()[-1] == (
            "migfacts: no claim to check: give one, or --file FILE (see 'migfacts check --help')"
        )
        return
    assert result.code in (0, 1)
    assert len(result.stdout.splitlines()) == len(expected)


# ---- draft ------------------------------------------------------------------------------------------

WORDS = (
    "IOM migrants health assessments detected active cases tuberculosis TB treated people worldwide Kenya "
    "Geneva the of in and were by with"
).split()
printable = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Cf")), max_size=8)
SAFE_PIECES = [piece for piece in NASTY_PIECES if not CONTROL.search(piece) and piece.strip()]
word = st.sampled_from(WORDS)
sentence = st.lists(
    st.one_of(word, word, word, st.sampled_from(NUMBERISH), st.sampled_from(SAFE_PIECES), printable),
    min_size=6,
    max_size=16,
)


RELEASE = (
    "IOM Detects 584 Cases of TB in 2018\n\nDate Publish: 22 / 03 / 2019\n\n"
    "Geneva – IOM detected 584 active TB cases in 2018 among migrants and refugees. The assessments were made "
    "before departure by IOM health teams. Most of the people were treated in the countries they left.\n\n"
    "IOM health teams work in many countries of the world with the ministries of health and their partners.\n\n"
    "{extra}\n\nFor more information please contact IOM HQ\nJane Doe, Tel +41 22 717 9111, Email: jdoe@iom.int\n"
)
RELEASE_TEXT = RELEASE.format(extra="Nothing more.")


@st.composite
def releases(draw) -> str:
    """Something like a press release (a title, a date, a dateline, sentences, quotes, a contact block), with
    hypothesis's text and odd numbers in every part."""
    title = draw(st.one_of(st.just("IOM Detects 584 Cases of TB in 2018"), printable))
    date = draw(st.sampled_from(["Date Publish: 22 / 03 / 2019", "22 March 2019", "Date Publish: 99 / 99 / 9999", ""]))
    dateline = draw(st.sampled_from(["Geneva – ", "San José – ", "", "Nairobi, Kenya — "]))
    body = [
        " ".join(draw(sentence)) + draw(st.sampled_from([".", ".", "!", "?", ""]))
        for _ in range(draw(st.integers(5, 10)))
    ]
    quote = draw(st.sampled_from(["", "“{},” said Jane Doe, Head of Tests, IOM.", "“{}” explained Dr. Ana Ruiz."]))
    contact = draw(
        st.sampled_from(
            [
                "",
                "For more information please contact IOM HQ\nJane Doe, Tel +41 22 717 9111, Email: jdoe@iom.int",
                "For more information, contact Ana Ruiz at +506 2212 5300, email: aruiz@iom.int",
            ]
        )
    )
    paragraphs = [title, date, f"{dateline}{body[0]} {body[1]} {body[2]}", *body[3:]]
    if quote:
        paragraphs.append(quote.format(" ".join(draw(sentence))))
    paragraphs += [contact, draw(printable)]
    text = "\n\n".join(paragraphs)
    if draw(st.integers(0, 3)) == 3:  # now and then a control character, somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(NASTY_PIECES)) + text[at:]
    return text


@pytest.fixture(scope="module")
def empty_base(tmp_path_factory) -> Path:
    """A copy of the bundled base for drafts to go into."""
    root = tmp_path_factory.mktemp("drafts") / "facts"
    shutil.copytree(bundled_facts(), root)
    return root


def _draft_validates(root: Path, text: str) -> int:
    """Draft TEXT into ROOT: refused in one line, or a draft that validates there; the exit code."""
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "release.txt"
        article.write_text(text, encoding="utf-8", errors="surrogatepass")
        with within(60):
            result = run_cli("draft", str(article), "--facts", str(root))
        assert result.code in (0, 2), result
        if result.code == 2:
            assert result.stdout == "" and result.stderr.count("\n") == 1
            assert re.match(rf"migfacts: {re.escape(str(article))}(:\d+)?: \S", result.stderr), result.stderr
            return 2
        assert result.stderr == ""
        drafted = yaml.safe_load(result.stdout)
        ident = drafted["source"]["id"]
        yaml_path, text_path = root / "sources" / f"{ident}.yaml", root / "sources" / f"{ident}.txt"
        try:
            yaml_path.write_text(result.stdout, encoding="utf-8")
            text_path.write_text(text, encoding="utf-8")
            check = run_cli("validate", "--facts", str(root))
            assert (check.code, check.stderr) == (0, ""), check.stderr
        finally:
            yaml_path.unlink(missing_ok=True)
            text_path.unlink(missing_ok=True)
    return 0


@budget(25)
@given(text=releases())
@example(text=RELEASE_TEXT.replace("IOM Detects 584 Cases of TB in 2018", "AAĸAA"))  # the id was 'aaĸaa-2019'
@example(text=RELEASE_TEXT.replace("IOM Detects 584 Cases of TB in 2018", "العربية 🙂"))
def test_draft_of_any_release_validates_or_is_refused(empty_base, text):
    event(f"draft exit {_draft_validates(empty_base, text)}")


@budget(15)
@given(text=st.one_of(st.text(max_size=400), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
@example(text="")
@example(text="1 " * 10_000)
@example(text="Geneva – " + "1," * 10_000 + ".")
def test_draft_of_any_text_validates_or_is_refused(empty_base, text):
    event(f"draft exit {_draft_validates(empty_base, text)}")


# ---- the bugs these properties found, pinned --------------------------------------------------------


@pytest.mark.parametrize("scale", ["", " million"])
def test_a_claim_with_a_number_of_thousands_of_digits_states_no_figure(cli, scale):
    huge = f"IOM detected 1{'0' * 5000}{scale} TB cases in 2018"  # was exit 70: an int of over 4300 digits
    result = cli("check", huge, "-f", "json")
    assert result.code == 1 and result.stderr == ""
    assert json.loads(result.stdout)["explanation"] == "The claim states no figure to check."


@pytest.mark.parametrize("text", ["1 " * 10_000, "1 1" * 5000 + " TB cases in 2018"], ids=["numbers", "tb"])
@pytest.mark.parametrize("env", [{}, NO_CACHE], ids=["indexed", "yaml"])
def test_a_claim_of_ten_thousand_numbers_is_checked_in_seconds(cli, text, env):
    with within(8):  # each number read the whole claim again: minutes
        result = cli("check", text, env=env)
    assert result.code == 1 and result.stdout.count("\n") == 1
    assert result.stdout.split("\t")[0] in VERDICTS


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("The count rose\x1b[31m sharply.", "9: a control character (U+001B): remove it"),
        ("Some 1" + "0" * 40 + " people moved.", "9: a number of 41 digits is no count: correct it"),
    ],
    ids=["control", "huge"],
)
def test_draft_refuses_a_text_no_draft_of_which_could_validate(cli, tmp_path, extra, message):
    article = tmp_path / "release.txt"
    article.write_text(RELEASE.format(extra=extra), encoding="utf-8")
    result = cli("draft", str(article))
    assert (result.code, result.stdout, result.stderr) == (2, "", f"migfacts: {article}:{message}\n")


def test_draft_refuses_a_head_date_that_is_no_date(cli, tmp_path):
    article = tmp_path / "release.txt"
    article.write_text(RELEASE.format(extra="").replace("22 / 03 / 2019", "99 / 99 / 9999"), encoding="utf-8")
    result = cli("draft", str(article))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"migfacts: {article}:3: the head of the text has '99 / 99 / 9999', which is not a real date: correct it\n"
    )


def test_draft_refuses_a_title_without_words(cli, tmp_path):
    article = tmp_path / "release.txt"
    article.write_text(RELEASE.format(extra="").replace("IOM Detects 584 Cases of TB in 2018", "\n:"), encoding="utf-8")
    result = cli("draft", str(article))
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"migfacts: {article}:2: the first line, the title, has no words\n"


def test_the_release_of_these_tests_drafts_and_validates(empty_base):
    assert _draft_validates(empty_base, RELEASE.format(extra="Nothing more.")) == 0


_SPAN_PIECES = st.sampled_from(
    ["from", "FROM", "From", "between", "BETWEEN", "to", "and", "until", "-", "–", "—", " ", "  ", "\n", "2010",
     "2016", "201", "K", "ſ", "ı", "İ", "x"]
)  # fmt: skip


@given(st.lists(_SPAN_PIECES, max_size=12).map("".join) | st.text(max_size=60))
@example("From 2010 to 2016")
@example("2010–2016")
def test_the_quick_test_for_a_span_never_misses_one(evidence):
    """The period check asks `_SPAN` only of evidence that holds a dash, "from" or "between": that test must
    hold wherever the pattern (which ignores case) matches."""
    from migfacts.textchecks import _SPAN, _may_state_a_span

    assert _SPAN.search(evidence) is None or _may_state_a_span(evidence)


def test_lower_case_matches_these_letters_as_the_pattern_does():
    """`_may_state_a_span` lowers the evidence where `_SPAN` ignores case: for every character, the two agree
    on the letters of "from" and "between"."""
    import sys

    for letter in sorted(set("frombetwn")):
        pattern = re.compile(letter, re.IGNORECASE)
        for char in map(chr, range(sys.maxunicode + 1)):
            if char.lower() != letter and pattern.fullmatch(char):
                raise AssertionError(f"{char!r} matches {letter!r} ignoring case, but lowers to {char.lower()!r}")
