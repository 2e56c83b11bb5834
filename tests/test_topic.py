"""`migfacts TOPIC`: the headline command."""

from __future__ import annotations

import json

import pytest


def test_tb_2018_shows_the_2018_figures_and_who_to_call(cli):
    result = cli("tb", "--year", "2018")
    assert result.code == 0
    lines = result.stdout.splitlines()
    figures = [line.split("\t") for line in lines if line.startswith("figure\t")]
    assert [(f[1], f[2], f[4]) for f in figures] == [
        ("tb-health-assessments-2018", "more than 376,800 health assessments", "2018"),
        ("tb-active-cases-2018", "584 active TB cases", "2018"),
        ("tb-detection-rate-2018", "155 active TB cases detected per 100,000 health assessments", "2018"),
    ]
    assert any(line.startswith("quote\tweekers-ending-tb\t") for line in lines)
    assert any(
        line.startswith("contact\tvan-der-laat-tb-contact\tCarlos Van der Laat\tIOM HQ\t+14227179459") for line in lines
    )
    assert result.stderr == ""


@pytest.mark.parametrize("word", ["tb", "TB", "tuberculosis", "Tuberculosis", "topic tb"])
def test_aliases_and_case_name_the_same_topic(cli, word):
    result = cli(*word.split(), "--format", "json")
    assert result.code == 0
    assert json.loads(result.stdout)["topic"]["id"] == "tb"


@pytest.mark.parametrize(
    "word", ["c4d", "iom x", "IOM-X", "communication for development", "Communication_for_Development"]
)
def test_c4d_aliases(cli, word):
    data = json.loads(cli(word, "--format", "json").stdout)
    assert data["topic"]["id"] == "c4d"
    assert data["figures"][0]["id"] == "iomx-roadshow-reach"
    assert len(data["quotes"]) == 4


def test_json_shape_of_a_topic(cli):
    data = json.loads(cli("tb", "--year", "2018", "--format", "json").stdout)
    assert list(data) == ["topic", "filters", "figures", "quotes", "contacts"]
    assert data["filters"] == ["--year 2018"]
    assert data["topic"]["label"] == "Tuberculosis (TB)"
    active = data["figures"][1]
    assert (active["id"], active["value"], active["period"]["text"], active["source"]["id"]) == (
        "tb-active-cases-2018",
        584,
        "2018",
        "world-tb-day-2019",
    )


def test_a_span_of_years_matches_overlapping_periods(cli):
    data = json.loads(cli("tb", "--year", "2015-2017", "--format", "json").stdout)
    assert [f["id"] for f in data["figures"]] == [
        "tb-new-cases-2017",
        "tb-deaths-2017",
        "kenya-tb-diagnosed-2010-2016",
        "kenya-tb-treated-2010-2016",
        "kenya-tb-treatment-success-2010-2016",
    ]


def test_quotes_and_contacts_are_dated_by_their_article(cli):
    # 2019: the TB release was published then; the C4D release's copy is dated 4 February 2019.
    data = json.loads(cli("c4d", "--year", "2019", "--format", "json").stdout)
    assert [f["id"] for f in data["figures"]] == ["c4d-volunteers-trained-2019-01"]
    assert len(data["quotes"]) == 4 and len(data["contacts"]) == 1
    # 2016: no C4D figure, quote or contact is from or about 2016 (a quote mentioning it is not).
    result = cli("c4d", "--year", "2016")
    assert result.code == 1
    assert result.stderr == "migfacts: nothing on Communication for development (C4D) matches --year 2016\n"


def test_a_filter_that_empties_a_section_says_so(cli):
    plain = cli("migrant-health", "--year", "2019")
    assert plain.code == 0
    assert plain.stdout.startswith("quote\tweekers-ending-tb\t")
    assert plain.stderr == "migfacts: note: No figures on Migrant health match --year 2019.\n"


def test_empty_section_is_said_in_a_table(cli):
    result = cli("migrant-health", "--year", "2019", "--format", "table")
    assert result.stdout.startswith(
        "Figures on Migrant health (--year 2019)\nNo figures on Migrant health match --year 2019.\n\n"
    )
    assert cli("uhc", "--format", "table").stdout.startswith(
        "Figures on Universal health coverage (UHC)\nNo figures on Universal health coverage (UHC).\n"
    )


def test_unknown_topic_suggests_topics_aliases_and_commands(cli):
    result = cli("tuberculosys")
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr == (
        "migfacts: 'tuberculosys' is not a topic or a command; did you mean 'tuberculosis'? (see 'migfacts topics')\n"
    )
    assert "did you mean 'figures'?" in cli("figurs").stderr
    assert "did you mean 'migration stats' or 'migration health'?" in cli("migration").stderr


def test_country_filter_by_name_or_code(cli):
    for country in ("kenya", "KE", "ke", "Kenya"):
        data = json.loads(cli("tb", "--country", country, "--format", "json").stdout)
        assert [f["id"] for f in data["figures"]] == [
            "kenya-tb-diagnosed-2010-2016",
            "kenya-tb-treated-2010-2016",
            "kenya-tb-treatment-success-2010-2016",
        ]


def test_a_quote_is_dated_by_its_article_not_by_the_figures_beside_it(cli):
    result = cli("quotes", "--year", "2017")
    assert (result.code, result.stderr) == (1, "migfacts: No quotes match --year 2017.\n")
    assert len(json.loads(cli("quotes", "--year", "2019", "--format", "json").stdout)) == 5


def test_filters_that_leave_no_figure_bring_no_quote_along(cli):
    result = cli("tb", "--country", "kenya", "--year", "2018")
    assert (result.code, result.stderr) == (
        1,
        "migfacts: nothing on Tuberculosis (TB) matches --year 2018 --country KE\n",
    )
