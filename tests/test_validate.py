"""`migfacts validate`: the bundled base is clean; each purpose-built broken base fails with its exact message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import edit, set_key

TB = "sources/world-tb-day-2019.yaml"
C4D = "sources/c4d-mesoamerica-2019.yaml"


def line_of(path: Path, text: str) -> int:
    """The 1-based line where `text` first stands in a file."""
    content = path.read_text(encoding="utf-8")
    assert text in content, f"{text!r} not in {path}"
    return content[: content.index(text)].count("\n") + 1


def test_the_bundled_base_is_clean_with_full_coverage(cli):
    result = cli("validate")
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.endswith(
        ": 2 sources, 14 figures, 5 quotes, 2 contacts; numbers accounted for: 32/32 (100.0%)\n"
    )


def _validate(cli, root: Path):
    return cli("validate", "--facts", str(root))


# (file, text to replace, replacement, the line's anchor text after the edit, expected message)
BROKEN = {
    "unknown key": (
        TB,
        "    value: 584\n",
        "    valeu: 584\n",
        "valeu: 584",
        "unknown key 'valeu' (expected: id, value, range, per, qualifier, unit, counts, period, period_note, "
        "places, places_note, topics, evidence, quote, note, review)",
    ),
    "number as text": (
        TB,
        "value: 584\n",
        'value: "584"\n',
        'value: "584"',
        "'value': expected a number, got text '584'",
    ),
    "NO read as a boolean": (
        TB,
        "dateline: Geneva",
        "dateline: NO",
        "dateline: NO",
        "'dateline': 'NO' was read by YAML as a boolean; quote it (\"NO\") if you mean text",
    ),
    "1,000 read as text": (
        TB,
        "value: 376800",
        "value: 376,800",
        "value: 376,800",
        "'value': '376,800' was read by YAML as text, not a number; write 376800",
    ),
    "1.5e6 read as text": (
        TB,
        "value: 1300000",
        "value: 1.3e6",
        "value: 1.3e6",
        "'value': '1.3e6' was read by YAML as text, not a number; write 1300000",
    ),
    "010 read as octal": (
        TB,
        "value: 584",
        "value: 010",
        "value: 010",
        "'value': '010' was read by YAML as the octal number 8; write 10",
    ),
    "wrong type": (
        TB,
        "places:\n      - {country: KE, name: Kenya}\n    topics: [tb, migrant-health]\n    evidence: From",
        "places: Kenya\n    topics: [tb, migrant-health]\n    evidence: From",
        "places: Kenya",
        "'places': expected a list, got text",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_schema_problems_name_file_line_and_fix(cli, facts_copy, case):
    file, old, new, anchor, message = BROKEN[case]
    path = facts_copy / file
    edit(path, old, new)
    result = _validate(cli, facts_copy)
    assert result.code == 3
    line = line_of(path, anchor)
    assert f"{path}:{line}: {message}\n" in result.stderr, result.stderr


def _expect(cli, root: Path, *lines: str):
    result = _validate(cli, root)
    assert result.code == 3
    count = f"{len(lines)} problem{'s' if len(lines) > 1 else ''} found"
    assert result.stderr == "".join(f"{line}\n" for line in lines) + f"migfacts: {count}\n"
    return result


def test_duplicate_keys_are_caught_not_silently_kept(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "    value: 584\n", "    value: 584\n    value: 548\n")
    first = line_of(path, "value: 584")
    _expect(cli, facts_copy, f"{path}:{first + 1}: duplicate key 'value' (first at line {first})")


def test_duplicate_ids(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "  - id: tb-deaths-2017", "  - id: tb-new-cases-2017")
    first, second = line_of(path, "  - id: tb-new-cases-2017"), line_of(path, "    value: 1300000") - 1
    _expect(cli, facts_copy, f"{path}:{second}: duplicate id 'tb-new-cases-2017' (first at {path}:{first})")


def test_unknown_topic_reference(cli, facts_copy):
    path = facts_copy / TB
    set_key(path, "tb-new-cases-2017", "topics", "[tuberculosis]")
    line = line_of(path, "  - id: tb-new-cases-2017")
    _expect(cli, facts_copy, f"{path}:{line}: unknown topic 'tuberculosis' in tb-new-cases-2017; did you mean 'tb'?")


def test_topic_alias_that_clashes_with_a_command(cli, facts_copy):
    path = facts_copy / "topics.yaml"
    edit(path, "aliases: [tuberculosis]", "aliases: [tuberculosis, figures]")
    line = line_of(path, "  - id: tb")
    _expect(cli, facts_copy, f"{path}:{line}: the topic word 'figures' is also the command 'figures'")


def test_evidence_not_verbatim(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "and detected 584 active cases of TB\n", "and found 584 active cases of TB\n")
    line = line_of(path, "and found 584 active cases")
    _expect(
        cli,
        facts_copy,
        f"{path}:{line}: 'evidence' is not found verbatim in world-tb-day-2019.txt: Worldwide, in 2018, IOM conducted "
        "more than 376,800 pre-dep…",
    )


def test_evidence_with_straight_apostrophes_gets_a_hint(cli, facts_copy):
    path = facts_copy / TB
    edit(
        path,
        "From 2010 to 2016, IOM’s Migration Health Assessment Centre in Kenya diagnosed 426 cases of active TB\n",
        "From 2010 to 2016, IOM's Migration Health Assessment Centre in Kenya diagnosed 426 cases of active TB\n",
    )
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert "(it is, once quotes and apostrophes are folded: copy them from the text)" in result.stderr


def test_quote_text_not_verbatim(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "high risks groups are accounted for\n", "high risk groups are accounted for\n")
    line = line_of(path, "high risk groups")
    _expect(
        cli,
        facts_copy,
        f"{path}:{line}: 'text' is not found verbatim in world-tb-day-2019.txt: Ending TB means addressing the "
        "intrinsic linkages between p…",
    )


def test_figure_value_must_be_stated_by_its_evidence(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "    value: 584\n", "    value: 548\n")
    line = line_of(
        path,
        "evidence: Worldwide, in 2018, IOM conducted more than 376,800 pre-departure health "
        "assessments for migrants and refugees and detected 584 active cases of TB\n",
    )
    _expect(cli, facts_copy, f"{path}:{line}: the evidence does not state the number 548")


def test_every_number_must_be_accounted_for(cli, facts_copy):
    path = facts_copy / TB
    edit(
        path,
        "  - text: the target 3.8 of the Sustainable development goals\n    reason: the number of an SDG target\n",
        "",
    )
    text = facts_copy / "sources/world-tb-day-2019.txt"
    line = line_of(text, "target 3.8")
    result = _expect(
        cli,
        facts_copy,
        f"{text}:{line}: the number '3.8' is not accounted for: add a figure, or an other_numbers entry that says why "
        "it is not one",
    )
    assert result.stdout.endswith("numbers accounted for: 31/32 (96.9%)\n")


def test_a_missing_figure_is_caught_by_coverage(cli, facts_copy):
    path = facts_copy / C4D
    content = path.read_text(encoding="utf-8")
    start = content.index("  - id: c4d-participating-countries")
    path.write_text(content[:start] + content[content.index("quotes:") :], encoding="utf-8")
    text = facts_copy / "sources/c4d-mesoamerica-2019.txt"
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert f"{text}:{line_of(text, 'the four participating')}: the number 'four' is not accounted for" in result.stderr


def test_missing_archived_text(cli, facts_copy):
    (facts_copy / "sources/world-tb-day-2019.txt").unlink()
    _expect(cli, facts_copy, f"{facts_copy / 'sources/world-tb-day-2019.txt'}: no such file")


def test_invalid_yaml(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "  dateline: Geneva\n", "  dateline: Geneva\n\tbad: tab\n")
    line = line_of(path, "\tbad")
    result = _expect(
        cli,
        facts_copy,
        f"{path}:{line}: invalid YAML: while scanning a plain scalar: found a tab character that violates indentation",
    )
    assert "Traceback" not in result.stderr


def test_truncated_yaml(cli, facts_copy):
    path = facts_copy / TB
    content = path.read_text(encoding="utf-8")
    path.write_text(content[: content.index("[tb, migrant-health]") + 5], encoding="utf-8")
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert result.stderr.startswith(f"{path}:")
    assert "invalid YAML" in result.stderr


def test_not_utf8(cli, facts_copy):
    path = facts_copy / TB
    path.write_bytes(path.read_bytes().replace(b"Geneva", "Gen\xe8ve".encode("latin-1")))
    offset = path.read_bytes().index(b"\xe8")
    _expect(cli, facts_copy, f"{path}:8: not UTF-8 text (byte 0xe8 at offset {offset})")


def test_country_code_and_name_are_checked(cli, facts_copy):
    path = facts_copy / C4D
    edit(path, "{country: PH, name: Philippines}", "{country: XP, name: Philippines}")
    edit(path, "{country: BD, name: Bangladesh}", "{country: BD, name: Bengal}")
    line = line_of(path, "  - id: iomx-roadshow-reach")
    _expect(
        cli,
        facts_copy,
        f"{path}:{line}: 'XP' is not an ISO 3166-1 country code",
        f"{path}:{line}: 'Bengal' is not the name of BD (Bangladesh)",
        f"{path}:{line_of(path, '{country: XP') - 1}: 'places': 'Bengal' does not stand in the evidence, or say in "
        "places_note where the article gives it",
    )


def test_bad_period(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "period: 2010/2016\n", "period: 2016/2010\n")
    line = line_of(path, "period: 2016/2010")
    _expect(cli, facts_copy, f"{path}:{line}: 'period': '2016/2010' ends before it starts")


def test_missing_key_and_null_where_a_value_is_needed(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "    unit: TB deaths\n", "")
    edit(path, "    counts: new TB cases worldwide\n", "    counts: null\n")
    deaths, new = line_of(path, "  - id: tb-deaths-2017"), line_of(path, "counts: null")
    _expect(
        cli,
        facts_copy,
        f"{path}:{new}: 'counts' needs a value (text)",
        f"{path}:{deaths}: missing key 'unit'",
    )


def test_source_id_must_match_its_file_name(cli, facts_copy):
    path = facts_copy / TB
    edit(path, "  id: world-tb-day-2019", "  id: tb-day")
    _expect(cli, facts_copy, f"{path}:3: the source id 'tb-day' must match its file name 'world-tb-day-2019.yaml'")


def test_aliases_are_refused(cli, facts_copy):
    path = facts_copy / TB
    first = "    places:\n      - {region: Worldwide}\n    topics: [migration-statistics]\n    evidence: In today"
    edit(path, first, first.replace("places:", "places: &world"))
    edit(
        path,
        "    places:\n      - {region: Worldwide}\n    topics: [migration-statistics]",
        "    places: *world\n    topics: [migration-statistics]",
    )
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert "YAML aliases (*name) are not allowed in a fact file" in result.stderr


@pytest.mark.parametrize("command", [["tb"], ["figures"], ["show", "tb-active-cases-2018"], ["search", "tb"]])
def test_every_command_refuses_a_broken_base_in_one_line(cli, facts_copy, command):
    path = facts_copy / TB
    edit(path, "    value: 584\n", "    value: 584\n    value: 548\n")
    result = cli(*command, "--facts", str(facts_copy))
    assert (result.code, result.stdout) == (3, "")
    first = line_of(path, "value: 584")
    assert result.stderr == f"migfacts: {path}:{first + 1}: duplicate key 'value' (first at line {first})\n"


def _first_problem(cli, root: Path) -> str:
    result = _validate(cli, root)
    assert result.code == 3
    return result.stderr.splitlines()[0]


@pytest.mark.parametrize(
    ("ident", "key", "value", "message"),
    [
        ("tb-health-assessments-2018", "qualifier", "null",
         "'qualifier': the text says 'more than 376,800': set qualifier: more than"),
        ("tb-health-assessments-2018", "qualifier", "about",
         "'qualifier': the text says 'more than 376,800': set qualifier: more than"),
        ("tb-active-cases-2018", "period", "2017", "'period': the evidence does not state the year 2017: quote the "
         "words that do, or say in period_note where the period comes from"),
        ("kenya-tb-diagnosed-2010-2016", "places", "[{country: UG, name: Uganda}]",
         "'places': 'Uganda' does not stand in the evidence, or say in places_note where the article gives it"),
        ("weekers-ending-tb", "role", "Director General", "'role': 'Director General' is not in the attribution"),
        ("weekers-ending-tb", "organisation", "WHO", "'organisation': 'WHO' is not in the attribution (say in "
         "organisation_note where the article gives it)"),
        ("world-tb-day-2019", "dateline", "Nairobi", "'dateline': no paragraph of the text opens with 'Nairobi –'"),
        ("world-tb-day-2019", "published", "2019-03-23",
         "'published': the text gives the date 2019-03-22, not 2019-03-23"),
    ],
    ids=["qualifier dropped", "qualifier changed", "period", "place", "role", "organisation", "dateline", "date"],
)  # fmt: skip
def test_what_the_yaml_says_is_what_the_text_says(cli, facts_copy, ident, key, value, message):
    path = facts_copy / TB
    line = set_key(path, ident, key, value)
    assert _first_problem(cli, facts_copy) == f"{path}:{line}: {message}"


def test_a_broken_topics_file_is_reported_once_not_per_fact(cli, facts_copy):
    path = facts_copy / "topics.yaml"
    edit(path, "description: TB detection, treatment", "description: TB detection: treatment")
    result = _validate(cli, facts_copy)
    assert result.stderr.splitlines()[:-1] == [
        f"{path}:{line_of(path, 'TB detection: treatment')}: invalid YAML: mapping values are not allowed in this "
        "context (a value that holds ': ' must be quoted)"
    ]
    assert cli("tb", "--facts", str(facts_copy)).stderr.startswith(f"migfacts: {path}:")


def test_a_figure_stated_inside_a_quote_names_it(cli, facts_copy):
    path = facts_copy / C4D
    edit(path, "    quote: dermott-iomx-roadshow\n", "    quote: chacon-c4d-ideal\n")
    assert _first_problem(cli, facts_copy) == (
        f"{path}:{line_of(path, 'quote: chacon-c4d-ideal')}: 'quote': the evidence is not within the quote "
        "'chacon-c4d-ideal'"
    )


def test_a_phone_written_with_spaces_is_accounted_for(cli, tmp_path):
    from helpers import make_base

    text = "Worldwide, IOM screened 1,000 migrants.\n\nFor more information, contact Ana Ruiz, Tel +41 22 717 9111\n"
    body = """figures:
  - id: screened
    value: 1000
    qualifier: null
    unit: migrants
    counts: migrants screened
    period: null
    places: [{region: Worldwide}]
    topics: [tb]
    evidence: Worldwide, IOM screened 1,000 migrants.
contacts:
  - id: ruiz
    name: Ana Ruiz
    organisation: null
    phone: "+41227179111"
    email: null
    for: more information
    topics: [tb]
    evidence: contact Ana Ruiz, Tel +41 22 717 9111
"""
    root = make_base(tmp_path / "phone", text, body)
    result = _validate(cli, root)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout.endswith("numbers accounted for: 5/5 (100.0%)\n")


# Edits that make the YAML say what the text does not: each must be caught, with the fix named.
# (file, [(entry id, key, new value)], expected problem, as it ends a `path:line: ` line)
FALSE_EDITS = {
    "quote given to another speaker": (C4D, [
        ("chacon-c4d-ideal", "speaker", "Tara Dermott"), ("chacon-c4d-ideal", "role", "IOM X Program Leader"),
        ("chacon-c4d-ideal", "organisation", "IOM X"),
        ("chacon-c4d-ideal", "attribution", "said Tara Dermott, IOM X Program Leader."),
    ], "'attribution': the attribution does not stand next to the quote"),
    "speaker is role words": (TB, [("weekers-ending-tb", "speaker", "Director")],
                              "'speaker': the attribution does not open with the speaker 'Director'"),
    "attribution cut short": (TB, [("weekers-ending-tb", "attribution", "Jacqueline Weekers")],
                              "'attribution': the attribution does not stand next to the quote"),
    "narration as a quote": (TB, [("weekers-ending-tb", "text", "TB remains a public health burden")],
                             "'text': 'TB remains a public health burden…' is not a whole quoted passage: the part "
                             "must run from the opening quotation mark to the closing one"),
    "quote cut short": (TB, [("weekers-ending-tb", "text", "UHC is only real")],
                        "'text': 'UHC is only real…' is not a whole quoted passage: the part must run from the "
                        "opening quotation mark to the closing one"),
    "role from elsewhere": (C4D, [("chacon-c4d-ideal", "role", "Head of Communications and Protocol")],
                            "'role': 'Head of Communications and Protocol' is not in the attribution"),
    "numbers swapped": (TB, [("international-migrants", "value", "760000000")],
                        "'counts': the words around 760 million in the text are not in unit or counts: is this "
                        "number this figure's?"),
    "qualifier borrowed": (TB, [("tb-active-cases-2018", "qualifier", "more than")],
                           "'qualifier': the text gives no 'more than' before 584"),
    "qualifier of the next figure": (TB, [("tb-new-cases-2017", "qualifier", "approximately")],
                                     "'qualifier': the text says 'estimated 10 million': set qualifier: estimated"),
    "qualifier dropped where glued": (TB, [("tb-deaths-2017", "qualifier", "null")],
                                      "'qualifier': the text says 'approximately 1.3 million': set qualifier: "
                                      "approximately"),
    "shared qualifier dropped": (TB, [("internal-migrants", "qualifier", "null")],
                                 "'qualifier': the text says 'about 760 million': set qualifier: about"),
    "one end of a span": (TB, [("kenya-tb-treated-2010-2016", "period", "2016")],
                          "'period': the evidence gives the span 2010–2016: write period: 2010/2016"),
    "period dropped": (TB, [("tb-active-cases-2018", "period", "null")],
                       "'period': the evidence states the year 2018: give the period, or say in period_note why "
                       "the figure has none"),
    "period from nowhere": (TB, [("kenya-tb-treatment-success-2010-2016", "period", "1999")],
                            "'period': the year 1999 does not stand in the article"),
    "place from elsewhere": (TB, [("tb-active-cases-2018", "places", "[{country: JO, name: Jordan}]")],
                             "'places': 'Jordan' does not stand in the evidence, or say in places_note where the "
                             "article gives it"),
    "a region that is no region": (TB, [("tb-active-cases-2018", "places", "[{region: TB}]")],
                                   "'places': 'TB' is not a known region (see the README: places)"),
    "phone changed": (TB, [("van-der-laat-tb-contact", "phone", '"14227179459"')],
                      "'phone': 14227179459 is not the phone number in the contact's evidence"),
    "contact from a quote": (C4D, [("chacon-c4d-contact", "evidence", "explained Tatiana Chacón")],
                             "'evidence': a contact's evidence is the release's contact line ('For more information, "
                             "contact …')"),
    "dateline by its first letters": (TB, [("world-tb-day-2019", "dateline", "Gen")],
                                      "'dateline': no paragraph of the text opens with 'Gen –'"),
    "a date from nowhere": (C4D, [("c4d-mesoamerica-2019", "published", "2025-12-31")],
                            "'published': the text gives no date: write the date in published_from with where it "
                            "comes from (or give the copy it is taken from)"),
    "rate invented": (TB, [("tb-active-cases-2018", "per", "{value: 1, unit: day}")],
                      "'per': the evidence does not say 'per day'"),
    "an id that is a topic word": (TB, [("tb-active-cases-2018", "id", "tb")],
                                   "the id 'tb' is also a topic word: `migfacts show tb` could not reach both"),
}  # fmt: skip


@pytest.mark.parametrize("case", FALSE_EDITS, ids=list(FALSE_EDITS))
def test_false_edits_are_caught(cli, facts_copy, case):
    file, edits, message = FALSE_EDITS[case]
    path = facts_copy / file
    for ident, key, value in edits:
        set_key(path, ident, key, value)
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert any(line.endswith(f": {message}") for line in result.stderr.splitlines()), result.stderr


def test_a_figure_stated_in_a_quote_must_say_so(cli, facts_copy):
    path = facts_copy / C4D
    edit(path, "    quote: dermott-iomx-roadshow\n", "")
    assert _first_problem(cli, facts_copy).endswith(
        ": 'evidence': the evidence is inside the quote 'dermott-iomx-roadshow': add quote: dermott-iomx-roadshow"
    )


def test_other_numbers_cannot_cover_a_whole_paragraph(cli, facts_copy):
    path = facts_copy / TB
    long = "From 2010 to 2016, IOM’s Migration Health Assessment Centre in Kenya diagnosed 426 cases of active TB"
    edit(path, "other_numbers:\n", f"other_numbers:\n  - text: {long}\n    reason: not figures\n")
    assert _first_problem(cli, facts_copy).endswith(
        ": quote only the few words around the number (at most 60 characters and 3 numbers), so that no figure "
        "hides in it"
    )


def test_files_that_are_not_part_of_the_base(cli, facts_copy):
    stray = facts_copy / "sources" / "new-release.yml"
    stray.write_text("source: {}\n", encoding="utf-8")
    result = _validate(cli, facts_copy)
    assert result.stderr.splitlines()[0] == (
        f"{stray}: not part of the fact base: a source is ID.yaml beside the ID.txt it names"
    )


def test_a_device_or_pipe_is_refused_without_reading_it(cli, facts_copy):
    text = facts_copy / "sources" / "world-tb-day-2019.txt"
    text.unlink()
    text.symlink_to("/dev/zero")
    assert _first_problem(cli, facts_copy) == f"{text}: not a regular file (a device, a pipe or a socket)"


def test_evidence_in_either_unicode_form_and_whole_floats_are_accepted(cli, facts_copy):
    import unicodedata

    path = facts_copy / C4D
    content = path.read_text(encoding="utf-8")
    path.write_text(unicodedata.normalize("NFD", content), encoding="utf-8")  # as typed on some systems
    set_key(facts_copy / TB, "tb-active-cases-2018", "value", "584.0")
    assert _validate(cli, facts_copy).code == 0
    data = json.loads(cli("show", "tb-active-cases-2018", "--facts", str(facts_copy), "-f", "json").stdout)
    assert data["value"] == 584 and type(data["value"]) is int


def test_a_sexagesimal_yaml_float_is_one_clear_error(cli, facts_copy):
    set_key(facts_copy / TB, "tb-active-cases-2018", "value", "1:30.5")
    problem = _first_problem(cli, facts_copy)
    assert problem.startswith(f"{facts_copy / TB}:")
    assert problem.endswith("'1:30.5' is not a plain decimal number; write it in digits only")


def test_two_figures_of_one_sentence_cannot_swap_numbers(cli, facts_copy):
    path = facts_copy / TB
    set_key(path, "kenya-tb-diagnosed-2010-2016", "value", "363")
    set_key(
        path,
        "kenya-tb-diagnosed-2010-2016",
        "evidence",
        "From 2010 to 2016, IOM’s Migration Health Assessment "
        "Centre in Kenya diagnosed 426 cases of active TB, treating 363 of them at IOM Kenya’s TB DOT clinics",
    )
    set_key(path, "kenya-tb-treated-2010-2016", "value", "426")
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert result.stderr.count("is this number this figure's?") == 2


@pytest.mark.parametrize(
    ("ident", "key", "value", "message"),
    [
        ("tb-active-cases-2018", "period_note", "x", None),
        (
            "weekers-ending-tb",
            "role",
            "null",
            "'role': the attribution gives a role after the name: write it (null is for a role not given)",
        ),
        ("tb-active-cases-2018", "value", ".inf", "'value': '.inf' is not a finite number"),
    ],
    ids=["a period_note against the evidence", "a role left out", "infinity"],
)
def test_more_false_edits(cli, facts_copy, ident, key, value, message):
    path = facts_copy / TB
    set_key(path, ident, key, value)
    if key == "period_note":
        set_key(path, ident, "period", "2017")
        message = (
            "'period': the evidence does not state the year 2017: quote the words that do, or say in "
            "period_note where the period comes from"
        )
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert any(line.endswith(f": {message}") for line in result.stderr.splitlines()), result.stderr


def test_an_email_in_the_contact_line_must_be_written(cli, facts_copy):
    text = facts_copy / "sources" / "world-tb-day-2019.txt"
    text.write_bytes(text.read_bytes() + b" cvanderlaat@iom.int")
    set_key(
        facts_copy / TB,
        "van-der-laat-tb-contact",
        "evidence",
        '"For more information please contact IOM HQ\\nCarlos Van der Laat, Tel +14227179459, Email: '
        'cvanderlaat@iom.int"',
    )
    result = _validate(cli, facts_copy)
    assert result.stderr.splitlines()[0].endswith(": 'email': the contact's evidence gives an email address: write it")


def test_a_complex_key_is_one_clean_problem(cli, facts_copy):
    path = facts_copy / "topics.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "? [a, b]\n: c\n", encoding="utf-8")
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert "a key must be plain text" in result.stderr and "internal error" not in result.stderr


def test_control_characters_written_as_yaml_escapes_are_caught(cli, facts_copy):
    set_key(facts_copy / TB, "tb-active-cases-2018", "counts", '"x\\e[31mRED\\u202e"')
    result = _validate(cli, facts_copy)
    assert result.code == 3
    assert "a control character (U+001B) in a value: remove it" in result.stderr
