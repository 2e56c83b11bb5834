"""figures, quotes, contacts, topics, sources, search, show: real answers through the real CLI."""

from __future__ import annotations

import json


def _ids(cli, *args):
    result = cli(*args, "--format", "json")
    assert result.code == 0, result.stderr
    return [r["id"] for r in json.loads(result.stdout)]


def test_quotes_by_speaker_any_case_or_accent(cli):
    assert _ids(cli, "quotes", "--speaker", "weekers") == ["weekers-ending-tb"]
    assert _ids(cli, "quotes", "--speaker", "CHACON") == ["chacon-c4d-ideal"]
    assert _ids(cli, "quotes", "--speaker", "martinez segovia") == ["martinez-segovia-empathy"]
    result = cli("quotes", "--speaker", "weekers")
    assert result.stdout == (
        "weekers-ending-tb\tJacqueline Weekers, Director of IOM’s Migration Health Division, IOM\t"
        "“Ending TB means addressing the intrinsic linkages between population mobility and tuberculosis as well as "
        "acknowledging that UHC is only real if high risks groups are accounted for”\tworld-tb-day-2019\n"
    )


def test_quotes_with_a_free_text_query(cli):
    assert _ids(cli, "quotes", "empathy") == ["martinez-segovia-empathy"]
    assert _ids(cli, "quotes", "excited") == ["dermott-iomx-roadshow"]
    assert len(_ids(cli, "quotes", "roadshow")) == 4  # an alias of c4d: every C4D quote


def test_figures_filters(cli):
    assert _ids(cli, "figures", "--year", "2017") == ["tb-new-cases-2017", "tb-deaths-2017"]
    assert _ids(cli, "figures", "--country", "SV") == [
        "c4d-surveys-per-country",
        "c4d-participating-countries",
    ]
    assert _ids(cli, "figures", "--topic", "migration-statistics") == ["international-migrants", "internal-migrants"]
    assert _ids(cli, "figures", "--source", "c4d-mesoamerica-2019", "--year", "2019") == [
        "c4d-volunteers-trained-2019-01"
    ]
    assert _ids(cli, "figures", "deaths") == ["tb-deaths-2017"]
    assert _ids(cli, "figures", "kenya", "--topic", "tuberculosis") == [
        "kenya-tb-diagnosed-2010-2016",
        "kenya-tb-treated-2010-2016",
        "kenya-tb-treatment-success-2010-2016",
    ]


def test_contacts(cli):
    result = cli("contacts")
    assert result.stdout.splitlines() == [
        "chacon-c4d-contact\tTatiana Chacón\tRegional Migration Program Mesoamerica - Caribbean\tnot given\tnot given\t"
        "C4D in Mesoamerica\tc4d-mesoamerica-2019",
        "van-der-laat-tb-contact\tCarlos Van der Laat\tIOM HQ\t+14227179459\tnot given\t"
        "more information on this release\tworld-tb-day-2019",
    ]
    assert _ids(cli, "contacts", "--topic", "tb") == ["van-der-laat-tb-contact"]


def test_topics_with_counts(cli):
    topics = {t["id"]: t for t in json.loads(cli("topics", "--format", "json").stdout)}
    assert list(topics) == ["tb", "c4d", "migration-statistics", "migrant-health", "uhc"]
    tb = topics["tb"]
    assert (tb["figures"], tb["quotes"], tb["contacts"], tb["sources"]) == (8, 1, 1, 1)
    assert "iom x" in topics["c4d"]["aliases"]


def test_sources(cli):
    assert cli("sources").stdout.splitlines() == [
        "c4d-mesoamerica-2019\tIOM backs communication for development as a tool to promote regular migration in "
        "Mexico and Central America.\tundated (a copy on programamesocaribe.iom.int is dated 4 February 2019)\t"
        "not given\t4\t4\t1",
        "world-tb-day-2019\tIt’s Time to Think Universal!\t22 March 2019\tGeneva\t10\t1\t1",
    ]


def test_search_is_case_and_accent_insensitive_and_ranked(cli):
    hits = json.loads(cli("search", "chacon", "--format", "json").stdout)
    assert [(h["type"], h["id"]) for h in hits] == [
        ("quote", "chacon-c4d-ideal"),
        ("contact", "chacon-c4d-contact"),
        ("passage", "c4d-mesoamerica-2019:12"),
        ("passage", "c4d-mesoamerica-2019:24"),
    ]
    assert [h["rank"] for h in hits] == [1, 2, 3, 4]
    assert _ids(cli, "search", "CHACÓN") == _ids(cli, "search", "chacon")


def test_search_finds_article_text_and_facts(cli):
    hits = json.loads(cli("search", "active cases", "--format", "json").stdout)
    assert hits[0]["id"] == "tb-active-cases-2018"
    assert ("passage", "world-tb-day-2019:16") in [(h["type"], h["id"]) for h in hits]
    assert _ids(cli, "search", "sputum") == ["world-tb-day-2019:16"]
    assert len(_ids(cli, "search", "migrants", "--limit", "2")) == 2


def test_search_with_no_hit(cli):
    result = cli("search", "zanzibar")
    assert (result.code, result.stdout, result.stderr) == (1, "", "migfacts: nothing matches 'zanzibar'\n")


def test_show_a_figure_with_provenance_and_citation(cli):
    figure = json.loads(cli("show", "tb-active-cases-2018", "--format", "json").stdout)
    assert figure["value"] == 584
    assert figure["source"] == {
        "id": "world-tb-day-2019",
        "title": "It’s Time to Think Universal!",
        "published": "2019-03-22",
        "date": "22 March 2019",
        "url": "https://slovenia.iom.int/news/world-tuberculosis-day",
        "url_is_copy": True,
    }
    assert figure["citation"] == (
        "584 active TB cases (active TB cases that IOM detected in pre-departure health assessments of migrants and "
        "refugees; 2018; Worldwide). Source: IOM, “It’s Time to Think Universal!”, Geneva, 22 March 2019, "
        "https://slovenia.iom.int/news/world-tuberculosis-day (copy)"
    )


def test_show_plain_is_field_and_value(cli):
    lines = cli("show", "van-der-laat-tb-contact").stdout.splitlines()
    assert "phone\t+14227179459" in lines
    assert "email\tnot given" in lines
    assert "name\tCarlos Van der Laat" in lines


def test_show_a_source_and_a_topic(cli):
    source = json.loads(cli("show", "c4d-mesoamerica-2019", "--format", "json").stdout)
    assert source["kind"] == "source" and source["published"] is None
    topic = json.loads(cli("show", "tuberculosis", "--format", "json").stdout)
    assert (topic["kind"], topic["id"]) == ("topic", "tb")


def test_show_unknown_id(cli):
    result = cli("show", "tb-active-cases-2019")
    assert result.code == 1
    assert result.stderr == (
        "migfacts: no fact, source or topic with the id 'tb-active-cases-2019'; did you mean 'tb-active-cases-2018'?\n"
    )


def test_version(cli):
    from migfacts import __version__

    assert cli("--version").stdout == f"migfacts {__version__}\n"


def test_every_figure_quote_and_contact_is_reachable_by_show(cli):
    ids = _ids(cli, "figures") + _ids(cli, "quotes") + _ids(cli, "contacts")
    assert len(ids) == 14 + 5 + 2
    for ident in ids:
        assert json.loads(cli("show", ident, "--format", "json").stdout)["id"] == ident


def test_a_figure_is_found_by_its_raw_number_and_its_topics_names(cli):
    assert _ids(cli, "figures", "376800") == ["tb-health-assessments-2018"]
    assert _ids(cli, "figures", "376,800") == ["tb-health-assessments-2018"]
    assert len(_ids(cli, "figures", "tuberculosis")) == 8
    assert _ids(cli, "quotes", "universal health coverage") == ["weekers-ending-tb"]


def test_no_match_message_names_the_query_and_filters(cli):
    result = cli("figures", "deaths", "--year", "2018")
    assert (result.code, result.stderr) == (1, "migfacts: No figures match 'deaths' --year 2018.\n")


def test_search_with_a_topic_keeps_to_that_topic(cli):
    result = cli("search", "tb", "--topic", "c4d")
    assert (result.code, result.stderr) == (1, "migfacts: nothing matches 'tb' with --topic c4d\n")
    hits = json.loads(cli("search", "migration", "--topic", "c4d", "--format", "json").stdout)
    assert {h["source"]["id"] for h in hits} == {"c4d-mesoamerica-2019"}


def test_show_takes_ids_in_any_case_and_the_paragraphs_search_finds(cli):
    assert json.loads(cli("show", "TB-ACTIVE-CASES-2018", "-f", "json").stdout)["value"] == 584
    passage = json.loads(cli("show", "c4d-mesoamerica-2019:12", "-f", "json").stdout)
    assert (passage["kind"], passage["line"]) == ("passage", 12)
    assert passage["text"].startswith("“C4D is ideal for addressing issues like migration")


def test_a_figure_said_in_a_quote_cites_its_speaker(cli):
    figure = json.loads(cli("show", "iomx-roadshow-reach", "-f", "json").stdout)
    assert figure["quote"] == {"id": "dermott-iomx-roadshow", "speaker": "Tara Dermott"}
    assert ", said by Tara Dermott, IOM X Program Leader. Source: IOM," in figure["citation"]


def test_an_unknown_topic_filter_is_not_called_a_command(cli):
    result = cli("figures", "--topic", "nope")
    assert (result.code, result.stderr) == (1, "migfacts: 'nope' is not a topic (see 'migfacts topics')\n")
