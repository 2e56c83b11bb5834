"""The bundled fact base: every figure, quote and contact of both articles, as the CLI gives them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migfacts.layout import bundled_facts

TB, C4D = "world-tb-day-2019", "c4d-mesoamerica-2019"

# id: (value or (low, high), qualifier, per, period, place codes or names, source)
FIGURES = {
    "iomx-roadshow-reach": (300000000, "close to", None, None, ["PH", "BD", "MM"], C4D),
    "c4d-volunteers-trained-2019-01": (50, "over", None, "2019-01", ["Mesoamerica"], C4D),
    "c4d-surveys-per-country": (400, "more than", {"value": 1, "unit": "country"}, None, ["GT", "HN", "SV", "MX"], C4D),
    "c4d-participating-countries": (4, None, None, None, ["GT", "HN", "SV", "MX"], C4D),
    "international-migrants": (258000000, "about", None, None, ["Worldwide"], TB),
    "internal-migrants": (760000000, "about", None, None, ["Worldwide"], TB),
    "tb-new-cases-2017": (10000000, "estimated", None, "2017", ["Worldwide"], TB),
    "tb-deaths-2017": (1300000, "approximately", None, "2017", ["Worldwide"], TB),
    "tb-health-assessments-2018": (376800, "more than", None, "2018", ["Worldwide"], TB),
    "tb-active-cases-2018": (584, None, None, "2018", ["Worldwide"], TB),
    "tb-detection-rate-2018": (155, None, {"value": 100000, "unit": "health assessments"}, "2018", ["Worldwide"], TB),
    "kenya-tb-diagnosed-2010-2016": (426, None, None, "2010/2016", ["KE"], TB),
    "kenya-tb-treated-2010-2016": (363, None, None, "2010/2016", ["KE"], TB),
    "kenya-tb-treatment-success-2010-2016": ((90, 100), None, None, "2010/2016", ["KE"], TB),
}


def _json(cli, *args):
    result = cli(*args, "--format", "json")
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_every_figure_of_both_articles(cli):
    figures = {f["id"]: f for f in _json(cli, "figures")}
    assert set(figures) == set(FIGURES)
    for ident, (value, qualifier, per, period, places, source) in FIGURES.items():
        figure = figures[ident]
        if isinstance(value, tuple):
            assert figure["value"] is None
            assert figure["range"] == {"low": value[0], "high": value[1]}
        else:
            assert figure["value"] == value and type(figure["value"]) is int
            assert figure["range"] is None
        assert figure["qualifier"] == qualifier, ident
        assert figure["per"] == per, ident
        assert (figure["period"] or {}).get("text") == period, ident
        assert [p["country"] or p["name"] for p in figure["places"]] == places, ident
        assert figure["source"]["id"] == source, ident


def test_figure_display_keeps_the_qualifier_beside_the_raw_number(cli):
    figures = {f["id"]: f for f in _json(cli, "figures")}
    assert figures["tb-health-assessments-2018"]["amount"] == "more than 376,800"
    assert figures["tb-health-assessments-2018"]["value"] == 376800
    assert figures["tb-deaths-2017"]["amount"] == "approximately 1.3 million"
    assert figures["tb-new-cases-2017"]["amount"] == "an estimated 10 million"
    assert figures["tb-detection-rate-2018"]["display"] == "155 active TB cases detected per 100,000 health assessments"
    assert figures["kenya-tb-treatment-success-2010-2016"]["display"] == "90% to 100%"
    assert figures["iomx-roadshow-reach"]["display"] == "close to 300 million people"
    assert figures["c4d-surveys-per-country"]["display"] == "more than 400 surveys per country"


def test_periods_are_what_the_article_describes_never_the_publication_date(cli):
    figures = {f["id"]: f for f in _json(cli, "figures")}
    assert figures["kenya-tb-diagnosed-2010-2016"]["period"] == {
        "text": "2010/2016",
        "display": "2010–2016",
        "start": "2010-01-01",
        "end": "2016-12-31",
    }
    assert figures["c4d-volunteers-trained-2019-01"]["period"]["display"] == "January 2019"
    assert figures["international-migrants"]["period"] is None
    assert "footnote [1]" in figures["international-migrants"]["period_note"]


def test_evidence_is_verbatim_typos_included(cli):
    figure = _json(cli, "show", "tb-deaths-2017")
    assert "andapproximately 1.3 million deaths in 2017" in figure["evidence"]
    text = (bundled_facts() / "sources" / f"{TB}.txt").read_text(encoding="utf-8")
    assert figure["evidence"] in text


def test_every_quote_with_speaker_role_and_organisation(cli):
    quotes = {q["id"]: q for q in _json(cli, "quotes")}
    assert {q: (v["speaker"], v["role"], v["organisation"]) for q, v in quotes.items()} == {
        "dermott-iomx-roadshow": ("Tara Dermott", "IOM X Program Leader", None),
        "chacon-c4d-ideal": (
            "Tatiana Chacón",
            "Communication for Development Official",
            "Regional Migration Program Mesoamerica - Caribbean",
        ),
        "martinez-segovia-empathy": (
            "Esteban Martínez Segovia",
            "Head of Communications and Protocol",
            "General Directorate of Migration and Foreign Nationals in El Salvador",
        ),
        "bonnie-central-america": (
            "Alexandra Bonnie",
            "Regional Coordinator of the Program",
            "Regional Migration Program Mesoamerica - Caribbean",
        ),
        "weekers-ending-tb": ("Jacqueline Weekers", "Director of IOM’s Migration Health Division", "IOM"),
    }
    assert quotes["weekers-ending-tb"]["text"] == (
        "Ending TB means addressing the intrinsic linkages between population mobility and tuberculosis as well as "
        "acknowledging that UHC is only real if high risks groups are accounted for"
    )


def test_a_quote_interrupted_by_its_attribution_is_one_quote_in_parts(cli):
    quote = _json(cli, "show", "dermott-iomx-roadshow")
    assert len(quote["parts"]) == 2
    assert quote["parts"][1].startswith("We are so excited")
    assert quote["text"] == " … ".join(quote["parts"])


def test_contacts_with_what_the_source_leaves_out_as_null(cli):
    contacts = {c["id"]: c for c in _json(cli, "contacts")}
    laat = contacts["van-der-laat-tb-contact"]
    assert (laat["name"], laat["organisation"], laat["phone"], laat["email"]) == (
        "Carlos Van der Laat",
        "IOM HQ",
        "+14227179459",
        None,
    )
    chacon = contacts["chacon-c4d-contact"]
    assert (chacon["name"], chacon["phone"], chacon["email"]) == ("Tatiana Chacón", None, None)
    assert chacon["for"] == "C4D in Mesoamerica"


def test_sources_record_where_dates_and_addresses_come_from(cli):
    sources = {s["id"]: s for s in _json(cli, "sources")}
    tb, c4d = sources[TB], sources[C4D]
    assert (tb["published"], tb["dateline"], tb["url"]) == ("2019-03-22", "Geneva", None)
    assert tb["copies"][0]["url"] == "https://slovenia.iom.int/news/world-tuberculosis-day"
    assert c4d["published"] is None
    assert c4d["url"].startswith("https://rosanjose.iom.int/site/en/news/iom-backs-communication-development")
    assert c4d["copies"][0] == {
        "site": "programamesocaribe.iom.int",
        "url": None,
        "published": "2019-02-04",
        "note": c4d["copies"][0]["note"],
    }
    assert c4d["tags"] == ["development", "communication for development", "C4D"]
    assert (tb["figures"], tb["quotes"], tb["contacts"]) == (10, 1, 1)
    assert (c4d["figures"], c4d["quotes"], c4d["contacts"]) == (4, 4, 1)


def _seed_file() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        seeds = parent / "shared" / "seeds"
        if seeds.is_dir():
            return next(iter(sorted(seeds.glob("*.txt"))), None)
    return None


@pytest.mark.skipif(_seed_file() is None, reason="the seed file (shared/seeds) is not beside this checkout")
def test_archived_texts_are_the_seed_byte_for_byte():
    sources = bundled_facts() / "sources"
    archived = (sources / f"{C4D}.txt").read_bytes() + (sources / f"{TB}.txt").read_bytes()
    assert archived == _seed_file().read_bytes()  # type: ignore[union-attr]
