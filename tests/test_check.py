"""`migfacts check`: claims read as people write them, and the verdict for each, on the bundled base."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from migfacts.checker import check_claims
from migfacts.claims import parse_claim, sentences
from migfacts.layout import bundled_facts
from migfacts.loader import load_factbase

CLAIMS = yaml.safe_load((Path(__file__).parent / "data" / "claims.yaml").read_text(encoding="utf-8"))["claims"]


@pytest.fixture(scope="module")
def verdicts():
    base = load_factbase(bundled_facts())
    return {v.claim: v for v in check_claims(base, [item["claim"] for item in CLAIMS])}


def test_the_claims_file_is_large_and_varied():
    assert len(CLAIMS) >= 60
    assert {item["verdict"] for item in CLAIMS} == {"supported", "contradicted", "unverified"}


@pytest.mark.parametrize("item", CLAIMS, ids=[item["claim"][:60] for item in CLAIMS])
def test_every_claim_is_classified_right(verdicts, item):
    verdict = verdicts[item["claim"]]
    assert verdict.verdict == item["verdict"], verdict.explanation


@pytest.mark.parametrize(
    ("text", "value", "extra"),
    [
        ("584 cases", "584", {}),
        ("376,800 assessments", "376800", {}),
        ("1,300,000 deaths", "1300000", {}),
        ("1.3 million deaths", "1300000", {}),
        ("1.3M deaths", "1300000", {}),
        ("258m migrants", "258000000", {}),
        ("90% success", "90", {"percent": True}),
        ("ninety per cent success", "90", {"percent": True}),
        ("155 per 100,000 assessments", "155", {"per": Decimal(100000)}),
        ("five hundred and eighty-four cases", "584", {}),
        ("90 to 100% success", "90", {"percent": True, "high": Decimal(100)}),
        ("about 1.3 million deaths", "1300000", {"qualifier": "about"}),
        ("almost 300 million people", "300000000", {"qualifier": "close to"}),
        ("more than 400 surveys", "400", {"qualifier": "more than"}),
        ("at most 600 cases", "600", {"qualifier": "at most"}),
        ("no more than 600 cases", "600", {"qualifier": "at most"}),
        ("at least 600 cases", "600", {"qualifier": "at least"}),
        ("no fewer than 600 cases", "600", {"qualifier": "at least"}),
        ("fewer than 600 cases", "600", {"qualifier": "less than"}),
        ("approx. 600 cases", "600", {"qualifier": "about"}),
        ("0.584 cases", "0.584", {}),
        ("0,584 cases", "0.584", {}),
        ("0.584 thousand cases", "584", {}),
        ("1.3e6 deaths", "1300000", {}),
        ("2E3 cases", "2000", {}),
        ("-1.3 million deaths", "1300000", {"negative": True}),
        ("−5 cases", "5", {"negative": True}),
        ("10 million million people", "10000000000000", {}),
        ("mil millones de personas", "1000000000", {}),
        ("IOM did not detect 584 cases", "584", {"denied": "not"}),
        ("IOM didn't detect 584 cases", "584", {"denied": "didn't"}),
        ("La OIM no detectó 584 casos", "584", {"denied": "no"}),
        ("Not only did IOM detect 584 cases", "584", {"denied": None}),
        ("TB is not rare: it killed 1.3 million", "1300000", {"denied": None}),
        ("1,3 millones de muertes", "1300000", {}),
        ("376.800 evaluaciones de salud", "376800", {}),
        ("quinientos ochenta y cuatro casos", "584", {}),
    ],
)
def test_numbers_as_people_write_them(text, value, extra):
    quantity = parse_claim(text).quantities[0]
    assert quantity.value == Decimal(value)
    for key, expected in extra.items():
        assert getattr(quantity, key) == expected


@pytest.mark.parametrize(
    ("text", "first", "last", "relative"),
    [
        ("584 cases in 2017", 2017, 2017, False),
        ("426 cases between 2010 and 2016", 2010, 2016, False),
        ("426 cases from 2010 to 2016", 2010, 2016, False),
        ("50 volunteers in January 2019", 2019, 2019, False),
        ("584 casos en 2018", 2018, 2018, False),
        ("584 cases last year", None, None, True),
    ],
)
def test_the_years_a_claim_speaks_of(text, first, last, relative):
    claim = parse_claim(text)
    assert (claim.years.first if claim.years else None, claim.years.last if claim.years else None) == (first, last)
    assert claim.relative_year is relative
    assert [str(q.value) for q in claim.quantities][:1] == [text.split()[0]]


def test_one_claim_supported_exits_0_with_the_figure_and_its_source(cli):
    result = cli("check", "IOM detected 584 TB cases in 2018", "--format", "json")
    assert result.code == 0
    data = json.loads(result.stdout)
    assert (data["claim"], data["verdict"]) == ("IOM detected 584 TB cases in 2018", "supported")
    assert data["explanation"] == "The fact base has 584 active TB cases in 2018 (tb-active-cases-2018)."
    figure = data["figures"][0]
    assert (figure["id"], figure["value"], figure["period"], figure["source"]["id"]) == (
        "tb-active-cases-2018", 584, "2018", "world-tb-day-2019",
    )  # fmt: skip
    assert figure["citation"].startswith("584 active TB cases (")


def test_a_wrong_year_is_contradicted_naming_the_year_of_the_base(cli):
    result = cli("check", "IOM detected 584 TB cases in 2017")
    assert result.code == 1
    assert result.stdout == (
        "contradicted\tIOM detected 584 TB cases in 2017\tThe fact base has 584 active TB cases for 2018, not 2017: "
        "tb-active-cases-2018.\ttb-active-cases-2018\n"
    )


def test_several_claims_give_an_array_and_exit_1_unless_all_are_supported(cli):
    result = cli("check", "1.3M TB deaths in 2017", "Malaria killed 400,000 people", "--format", "json")
    assert result.code == 1
    assert [item["verdict"] for item in json.loads(result.stdout)] == ["supported", "unverified"]
    assert cli("check", "1.3M TB deaths in 2017", "IOM detected 584 TB cases in 2018").code == 0


def test_a_draft_from_a_file_is_split_into_sentences(cli, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(
        "IOM works with many partners. In 2018, IOM detected 584 active TB cases.\n\n"
        "About 258 million people are international migrants. TB killed 10 million people in 2017.\n",
        encoding="utf-8",
    )
    result = cli("check", "--file", str(draft), "--format", "jsonl")
    assert [json.loads(line)["verdict"] for line in result.stdout.splitlines()] == [
        "supported", "supported", "contradicted",
    ]  # fmt: skip
    assert result.stderr == "migfacts: note: skipped 1 sentence with no figure to check\n"
    assert result.code == 1


def test_claims_from_stdin(cli):
    result = cli("check", "-", input="La OIM detectó 584 casos activos de tuberculosis en 2018\n")
    assert (result.code, result.stdout.split("\t")[0]) == (0, "supported")


def test_claims_from_stdin_and_a_file_together(cli, tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("TB killed 10 million people in 2017.\n", encoding="utf-8")
    result = cli("check", "-", "--file", str(draft), "-f", "jsonl", input="IOM detected 584 TB cases in 2018\n")
    assert [json.loads(line)["verdict"] for line in result.stdout.splitlines()] == ["supported", "contradicted"]
    assert result.code == 1


def test_usage_errors(cli, tmp_path):
    assert (cli("check").code, cli("check").stderr) == (
        2, "migfacts: no claim to check: give one, or --file FILE (see 'migfacts check --help')\n",
    )  # fmt: skip
    missing = tmp_path / "none.txt"
    result = cli("check", "--file", str(missing))
    assert (result.code, result.stderr) == (2, f"migfacts: {missing}: No such file or directory\n")


def test_a_claim_without_a_figure(cli):
    result = cli("check", "IOM supports migrants")
    assert (result.code, result.stdout.split("\t")[:1]) == (1, ["unverified"])
    assert "the claim states no figure to check" in result.stdout.lower()


def test_sentences_of_a_draft():
    assert sentences("In 2018, IOM detected 584 cases. TB killed 1.3 million people.\nA second line") == [
        "In 2018, IOM detected 584 cases.",
        "TB killed 1.3 million people.",
        "A second line",
    ]


@pytest.mark.parametrize("name", ["claims-heldout.yaml", "claims-heldout-2.yaml", "claims-heldout-3.yaml"])
def test_claims_written_by_someone_else_are_at_least_90_percent_right(name):
    heldout = yaml.safe_load((Path(__file__).parent / "data" / name).read_text(encoding="utf-8"))
    items = heldout["claims"]
    results = check_claims(load_factbase(bundled_facts()), [item["claim"] for item in items])
    right = sum(item["verdict"] == result.verdict for item, result in zip(items, results, strict=True))
    assert len(items) >= 40
    assert right / len(items) >= 0.9, f"{right}/{len(items)}"


def _checked(cli, claim: str) -> tuple[str, str]:
    """The verdict and the explanation `migfacts check` gives one claim."""
    data = json.loads(cli("check", claim, "--format", "json").stdout)
    return data["verdict"], data["explanation"]


TB_2018 = "584 active TB cases in 2018 (tb-active-cases-2018)"


@pytest.mark.parametrize(
    ("claim", "verdict", "explanation"),
    [
        (
            "IOM detected less than 584 TB cases in 2018",
            "contradicted",
            f"The fact base has {TB_2018}, not less than 584.",
        ),
        (
            "IOM detected fewer than 584 TB cases in 2018",
            "contradicted",
            f"The fact base has {TB_2018}, not less than 584.",
        ),
        ("IOM detected under 584 TB cases in 2018", "contradicted", f"The fact base has {TB_2018}, not less than 584."),
        (
            "IOM detected more than 584 TB cases in 2018",
            "contradicted",
            f"The fact base has {TB_2018}, not more than 584.",
        ),
        ("IOM detected over 584 TB cases in 2018", "contradicted", f"The fact base has {TB_2018}, not more than 584."),
        ("IOM detected less than 585 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected more than 583 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected at least 584 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected at most 584 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected up to 584 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected no more than 584 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected no fewer than 584 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        (
            "IOM detected at least 585 TB cases in 2018",
            "contradicted",
            f"The fact base has {TB_2018}, not at least 585.",
        ),
    ],
)
def test_a_bound_excludes_its_number_unless_the_words_include_it(cli, claim, verdict, explanation):
    assert _checked(cli, claim) == (verdict, explanation)


ASSESSMENTS = "more than 376,800 health assessments in 2018 (tb-health-assessments-2018)"
DEATHS = "approximately 1.3 million TB deaths in 2017 (tb-deaths-2017)"


@pytest.mark.parametrize(
    ("claim", "verdict", "explanation"),
    [
        # a figure of "more than 376,800": above it, so more than and at least it, never less or at most
        (
            "IOM conducted more than 376,800 health assessments in 2018",
            "supported",
            f"The fact base has {ASSESSMENTS}.",
        ),
        ("IOM conducted at least 376,800 health assessments in 2018", "supported", f"The fact base has {ASSESSMENTS}."),
        (
            "IOM conducted less than 376,800 health assessments in 2018",
            "contradicted",
            f"The fact base has {ASSESSMENTS}, not less than 376,800.",
        ),
        (
            "IOM conducted at most 376,800 health assessments in 2018",
            "contradicted",
            f"The fact base has {ASSESSMENTS}, not at most 376,800.",
        ),
        # "approximately 1.3 million" neither confirms nor rules out "more than 1.3 million"
        (
            "TB killed more than 1.3 million people in 2017",
            "unverified",
            f"The fact base has {DEATHS}, which does not say whether more than 1.3 million.",
        ),
        (
            "TB killed less than 1.3 million people in 2017",
            "unverified",
            f"The fact base has {DEATHS}, which does not say whether less than 1.3 million.",
        ),
        ("TB killed more than 1 million people in 2017", "supported", f"The fact base has {DEATHS}."),
        ("TB killed less than 2 million people in 2017", "supported", f"The fact base has {DEATHS}."),
        (
            "TB killed more than 2 million people in 2017",
            "contradicted",
            f"The fact base has {DEATHS}, not more than 2 million.",
        ),
    ],
)
def test_a_bound_against_a_qualified_figure(cli, claim, verdict, explanation):
    assert _checked(cli, claim) == (verdict, explanation)


@pytest.mark.parametrize(
    ("claim", "verdict", "explanation"),
    [
        ("IOM detected 0.584 TB cases in 2018", "contradicted", f"The fact base has {TB_2018}, not 0.584."),
        ("IOM detected 0,584 TB cases in 2018", "contradicted", f"The fact base has {TB_2018}, not 0.584."),
        ("IOM detected 0.584 thousand TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected 0,584 mil TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
    ],
)
def test_a_leading_zero_decimal_groups_no_thousands(cli, claim, verdict, explanation):
    assert _checked(cli, claim) == (verdict, explanation)


@pytest.mark.parametrize(
    ("claim", "verdict", "explanation"),
    [
        ("IOM did not detect 584 TB cases in 2018", "contradicted",
         f"The claim denies 584 ('not'), but the fact base has {TB_2018}."),
        ("IOM didn't detect 584 TB cases in 2018", "contradicted",
         f"The claim denies 584 ('didn't'), but the fact base has {TB_2018}."),
        ("IOM never detected 584 TB cases in 2018", "contradicted",
         f"The claim denies 584 ('never'), but the fact base has {TB_2018}."),
        ("La OIM no detectó 584 casos activos de tuberculosis en 2018", "contradicted",
         f"The claim denies 584 ('no'), but the fact base has {TB_2018}."),
        ("IOM did not detect 600 TB cases in 2018", "unverified",
         f"The claim denies 600 ('not'), which no figure confirms; the fact base has {TB_2018}, not 600."),
        ("Not only did IOM detect 584 TB cases in 2018, it treated them", "supported", f"The fact base has {TB_2018}."),
        ("IOM detected no more than 584 TB cases in 2018", "supported", f"The fact base has {TB_2018}."),
    ],
)  # fmt: skip
def test_a_claim_that_denies_a_figure_is_never_supported(cli, claim, verdict, explanation):
    assert _checked(cli, claim) == (verdict, explanation)


@pytest.mark.parametrize(
    "claim", ["IOM detected at most 500 TB cases in 2018", "IOM detected less than 500 TB cases in 2018"]
)
def test_a_bound_is_checked_against_the_figure_of_its_year(cli, claim):
    # kenya-tb-diagnosed-2010-2016 (426) meets the bound, but for 2010-2016: the 2018 figure decides
    verdict, explanation = _checked(cli, claim)
    assert verdict == "contradicted"
    assert explanation == f"The fact base has {TB_2018}, not {claim.split('detected ')[1].split(' TB')[0]}."


def test_a_right_number_for_another_year_is_still_named_for_an_exact_number(cli):
    assert _checked(cli, "IOM detected 426 TB cases in 2018") == (
        "contradicted",
        "The fact base has 426 active TB cases for 2010–2016, not 2018: kenya-tb-diagnosed-2010-2016.",
    )


@pytest.mark.parametrize("minus", ["-", "\u2212"])
def test_a_negative_number_is_no_count(cli, minus):
    assert _checked(cli, f"TB killed {minus}1.3 million people in 2017") == (
        "contradicted",
        f"The fact base has {DEATHS}, not -1.3 million (a count is never negative).",
    )


def test_a_range_written_with_a_dash_is_no_negative_number(cli):
    assert _checked(cli, "Treatment success rates in Kenya ranged from 90-100%")[0] == "supported"


def test_abbreviations_end_no_sentence(cli, tmp_path):
    draft = tmp_path / "c.txt"
    draft.write_text("TB killed approx. 1.3 million people in 2017.\n", encoding="utf-8")
    result = cli("check", "--file", str(draft))
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == (
        f"supported\tTB killed approx. 1.3 million people in 2017.\tThe fact base has {DEATHS}.\ttb-deaths-2017\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "TB killed approx. 1.3 million people in 2017.",
        "Resolution no. 5 was cited.",
        "In Jan. 2019 IOM trained 50 volunteers.",
        "Some countries, e.g. Kenya, had 426 cases.",
        "That is, i.e. 584 cases.",
        "TB killed approx 1.3 million people.",
        "TB killed est. 1.3 million people.",
        "Mr. Smith and Dr. Jones met in St. Louis.",
        "The U.S. reported 5 cases.",
    ],
)
def test_a_sentence_with_an_abbreviation_is_one_sentence(text):
    assert sentences(text + " The next one.") == [text, "The next one."]


@pytest.mark.parametrize(
    ("claim", "verdict", "explanation"),
    [
        ("TB killed 1.3e6 people in 2017", "supported", f"The fact base has {DEATHS}."),
        ("TB killed 1.3E+6 people in 2017", "supported", f"The fact base has {DEATHS}."),
        ("TB killed 1e7 people in 2017", "contradicted", f"The fact base has {DEATHS}, not 10 million."),
    ],
)
def test_scientific_notation_is_read_as_a_number(cli, claim, verdict, explanation):
    assert _checked(cli, claim) == (verdict, explanation)


def test_repeated_scale_words_multiply(cli):
    assert _checked(cli, "TB killed 10 million million million million people in 2017") == (
        "contradicted",
        f"The fact base has {DEATHS}, not 10,000,000,000,000,000,000,000,000.",
    )
    assert _checked(cli, "TB killed 1.3 thousand thousand people in 2017") == (
        "supported",
        f"The fact base has {DEATHS}.",
    )


@pytest.mark.parametrize("store", [{}, {"MIGFACTS_NO_CACHE": "1"}], ids=["index", "yaml"])
def test_a_month_the_claim_names_must_be_the_figure_s(cli, store):
    result = cli(
        "check",
        "Over 50 volunteers were trained in March 2019",
        "Más de 50 voluntarios fueron capacitados en enero de 2019",
        "--format",
        "plain",
        env=store,
    )
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "contradicted\tOver 50 volunteers were trained in March 2019\tThe fact base has over 50 volunteers for "
        "January 2019, not March 2019: c4d-volunteers-trained-2019-01.\tc4d-volunteers-trained-2019-01",
        "supported\tMás de 50 voluntarios fueron capacitados en enero de 2019\tThe fact base has over 50 volunteers "
        "in January 2019 (c4d-volunteers-trained-2019-01).\tc4d-volunteers-trained-2019-01",
    ]


def test_a_whole_release_checked_against_the_base_that_holds_it(cli):
    """Its head date, footnote markers (migrants[1], 2017[2]), phone and email state no count: every
    figure of the release is supported, and only numbers that are no figure stay unverified."""
    from migfacts.layout import bundled_facts

    release = bundled_facts() / "sources" / "world-tb-day-2019.txt"
    result = cli("check", "--file", str(release), "--format", "plain")
    verdicts = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert verdicts.count("supported") == 5 and "contradicted" not in verdicts
    unverified = [line.split("\t")[2] for line in result.stdout.splitlines() if line.startswith("unverified")]
    assert unverified == [
        "Nothing in the fact base speaks to 3.8 (sustainable development goals sdgs).",
        "Nothing in the fact base speaks to 1 million (migrant communities origin transit destination).",
        "Nothing in the fact base speaks to 70.15 (world health assembly promoting health).",
    ]


def test_a_claim_that_says_something_else_happened_is_not_supported(cli):
    """The number and the unit agree, but people displaced are not people reached, nor arrested volunteers
    trained ones."""
    result = cli(
        "check",
        "Close to 300 million people were displaced in the Philippines",
        "Over 50 volunteers were arrested in January 2019",
        "--format",
        "plain",
    )
    assert result.code == 1
    assert result.stdout.splitlines() == [
        "unverified\tClose to 300 million people were displaced in the Philippines\tNothing in the fact base speaks "
        "to close to 300 million (people displace philippines).\tnone",
        "unverified\tOver 50 volunteers were arrested in January 2019\tNothing in the fact base speaks to more than "
        "50 (volunteer arrest january).\tnone",
    ]
