"""Answers from the index: the same questions as `modelstore`, asked in SQL of only the rows they need.

Each filter is the SQL form of `query.select`'s test, and the tests hold the two to the same answers.
Free-text words are found with the index's full-text tables first (a superset), then tested exactly as
`query.matches_text` does.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

from migfacts.errors import NoMatch, UsageProblem
from migfacts.filters import KIND_ORDER, Filters, find_topic, query_words, score, suggest, topic_completions
from migfacts.layout import SOURCES_DIR
from migfacts.records import Record, hit_fields, topic_fields
from migfacts.textnorm import fold

_FTS_WORD = re.compile(r"[a-z0-9]+")
_KINDS = ("figure", "quote", "contact")
_BOUND_TESTS = {
    "low_min": "f.low >= ?",
    "low_max": "f.low <= ?",
    "high_min": "f.high >= ?",
    "high_max": "f.high <= ?",
}


MANY_RECORDS = 100
"""Records from which they are parsed by orjson: a tenth of the standard library's time a record, for an import
of about 2 ms (the records in the index are written by orjson, within its limits: numbers of 53 bits, UTF-8)."""


def _parsed(texts: list[str]) -> list[Any]:
    """JSON texts from the index, parsed."""
    if len(texts) < MANY_RECORDS:
        return [json.loads(text) for text in texts]
    from migfacts.orjsonload import load_orjson

    loads = load_orjson().loads
    return [loads(text) for text in texts]


def _word_tests(column: str, text: str) -> tuple[list[str], list[str]]:
    """SQL tests that COLUMN (folded, space-padded) holds every word of TEXT as `query.matches_text` wants:
    each word starts a word there; a number is a whole word."""
    tests, params = [], []
    for word in fold(text).split():
        tests.append(f"instr({column}, ?) > 0")
        params.append(f" {word} " if word[0].isdigit() else f" {word}")
    return tests, params


def _fts_match(text: str) -> str | None:
    """A full-text query that finds at least every row holding the words (None when no word can be asked)."""
    terms = [
        f'"{word}"' if word[0].isdigit() else f'"{word}"*' for word in fold(text).split() if _FTS_WORD.fullmatch(word)
    ]
    return " AND ".join(terms) or None


class IndexStore:
    """The questions the commands ask, answered by the index of a base."""

    def __init__(self, db: sqlite3.Connection, root: Path):
        self.db = db
        self.root = root
        self._topics: list[Any] | None = None

    @property
    def topics(self) -> list[Any]:
        if self._topics is None:
            from migfacts.index import stored_topics

            self._topics = stored_topics(self.db, self.root)
        return self._topics

    def topic_record(self, topic: Any) -> Record:
        counts = dict.fromkeys(("figures", "quotes", "contacts"), 0)
        rows = self.db.execute(
            "SELECT kind, count(DISTINCT fact) FROM fact_topics WHERE topic = ? GROUP BY kind", (topic.id,)
        )
        for kind, count in rows:
            counts[kind + "s"] = count
        (sources,) = self.db.execute(
            "SELECT count(DISTINCT source) FROM fact_topics WHERE topic = ?", (topic.id,)
        ).fetchone()
        return topic_fields(topic, counts, sources)

    def resolve_country(self, word: str) -> tuple[str, str]:
        key = fold(word)
        row = self.db.execute(
            "SELECT p.country, p.name FROM fact_places p JOIN facts f ON f.rowid = p.fact"
            " WHERE p.country IS NOT NULL AND (lower(p.country) = ? OR p.words = ?)"
            " ORDER BY f.file, f.pos, p.pos LIMIT 1",
            (key, key),
        ).fetchone()
        if row:
            return row[0], row[1]
        from migfacts.query import lookup_country

        return lookup_country(word, self._country_names)

    def _country_names(self) -> set[str]:
        """The names of the countries the base's figures are about (the index keeps them, found at each build)."""
        row = self.db.execute("SELECT value FROM meta WHERE key = 'country_names'").fetchone()
        return set(json.loads(row[0]))

    def resolve_source(self, word: str) -> str:
        row = self.db.execute("SELECT id FROM sources WHERE words = ? ORDER BY file LIMIT 1", (fold(word),)).fetchone()
        if row:
            return row[0]
        ids = [row[0] for row in self.db.execute("SELECT id FROM sources ORDER BY file")]
        raise NoMatch(f"no source '{word}'{suggest(word, ids)} (see 'migfacts sources')")

    # ---- facts ------------------------------------------------------------------------------------------

    def _loose(self, filters: Filters, with_topic: bool = True) -> tuple[list[str], list[Any]]:
        """The tests of the filters that `along` keeps: topic, source, speaker, text."""
        tests: list[str] = []
        params: list[Any] = []
        if filters.topic and with_topic:
            tests.append("f.rowid IN (SELECT t.fact FROM fact_topics t WHERE t.topic = ?)")
            params.append(filters.topic.id)
        if filters.source:
            tests.append("f.source = ?")
            params.append(filters.source)
        if filters.speaker:
            words, values = _word_tests("' ' || f.speaker || ' '", filters.speaker)
            tests += ["f.kind = 'quote'", *words]
            params += values
        if filters.text:
            self._text_tests("f", "facts_fts", filters.text, tests, params)
        return tests, params

    @staticmethod
    def _text_tests(alias: str, fts: str, text: str, tests: list[str], params: list[Any]) -> None:
        match = _fts_match(text)
        if match:
            tests.append(f"{alias}.rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)")
            params.append(match)
        words, values = _word_tests(f"{alias}.body", text)
        tests += words
        params += values

    @staticmethod
    def _strict(filters: Filters) -> tuple[list[str], list[Any]]:
        """The tests of the filters that `along` waives: years and country."""
        tests: list[str] = []
        params: list[Any] = []
        if filters.years:
            tests.append("f.first_year <= ? AND f.last_year >= ?")
            params += [filters.years.last, filters.years.first]
        if filters.country:
            tests.append(
                "(CASE WHEN f.kind = 'figure'"
                " THEN EXISTS (SELECT 1 FROM fact_places p WHERE p.fact = f.rowid AND p.country = ?)"
                " ELSE f.source IN (SELECT g.source FROM facts g JOIN fact_places p ON p.fact = g.rowid"
                " WHERE p.country = ?) END)"
            )
            params += [filters.country[0]] * 2
        return tests, params

    def records(self, key: str, filters: Filters, along: set[str] = frozenset()) -> list[Record]:
        """Facts of one kind that pass the filters, in the base's order; with `along`, also those of these
        sources that pass the filters but years and countries."""
        if filters.topic and not filters.country:
            return self._topic_records(key[:-1], filters, along)
        loose, loose_params = self._loose(filters)
        strict, strict_params = self._strict(filters)
        # With a topic, the facts are found from the topic's rows (`+` keeps SQLite from walking every fact of
        # the kind instead: 4 ms rather than 120 ms for a topic's figures at 10,000 sources).
        tests = ["+f.kind = ?" if filters.topic else "f.kind = ?", *loose]
        params: list[Any] = [key[:-1], *loose_params]
        if strict and along:
            marks = ", ".join("?" * len(along))
            tests.append(f"(({' AND '.join(strict)}) OR f.source IN ({marks}))")
            params += [*strict_params, *sorted(along)]
        else:
            tests += strict
            params += strict_params
        return self._records_where(tests, params)

    def _records_where(self, tests: list[str], params: list[Any]) -> list[Record]:
        """The records of the facts that pass every test, in the base's order."""
        sql = f"SELECT f.record FROM facts f WHERE {' AND '.join(tests)} ORDER BY f.file, f.pos"
        return _parsed([row[0] for row in self.db.execute(sql, params)])

    def _topic_records(self, kind: str, filters: Filters, along: set[str]) -> list[Record]:
        """`records` of a topic (without a country): the topic's rows in the index say which facts are of the
        kind, the years or the articles along, so that only the facts that pass are read (1 ms rather than
        5 for a topic's figures of a year at 10,000 sources)."""
        chosen = ["t.topic = ?", "t.kind = ?"]
        params: list[Any] = [filters.topic.id, kind]
        if filters.years:
            years = "t.first_year <= ? AND t.last_year >= ?"
            params += [filters.years.last, filters.years.first]
            if along:
                chosen.append(f"(({years}) OR t.source IN ({', '.join('?' * len(along))}))")
                params += sorted(along)
            else:
                chosen.append(years)
        loose, loose_params = self._loose(filters, with_topic=False)
        tests = [f"f.rowid IN (SELECT t.fact FROM fact_topics t WHERE {' AND '.join(chosen)})", *loose]
        return self._records_where(tests, [*params, *loose_params])

    def source_records(self, source: str | None) -> list[Record]:
        if source is None:
            rows = self.db.execute("SELECT record FROM sources ORDER BY file")
        else:
            rows = self.db.execute("SELECT record FROM sources WHERE id = ?", (source,))
        return _parsed([row[0] for row in rows])

    # ---- search, show, check -----------------------------------------------------------------------------

    def search(self, text: str, filters: Filters) -> list[Record]:
        """Search results, best first, ranked: as `query.search` finds and orders them."""
        terms = query_words(text, "the search text")
        tests, params = self._loose(filters)
        self._text_tests("f", "facts_fts", text, tests, params)
        found: list[tuple[tuple, Record]] = []
        sql = (
            "SELECT f.kind, f.id, f.body, f.main_words, f.summary, s.ref, f.file, f.pos FROM facts f"
            " JOIN sources s ON s.id = f.source WHERE " + " AND ".join(tests)
        )
        for kind, ident, body, main, summary, ref, file, pos in self.db.execute(sql, params):
            points = score(terms, body, main, True)
            found.append(
                (
                    (-points, KIND_ORDER[kind], file, pos),
                    hit_fields(0, points, kind, ident, summary, None, json.loads(ref)),
                )
            )
        tests, params = [], []
        if filters.source:
            tests.append("p.source = ?")
            params.append(filters.source)
        if filters.topic:
            tests.append("p.source IN (SELECT source FROM fact_topics WHERE topic = ?)")
            params.append(filters.topic.id)
        self._text_tests("p", "passages_fts", text, tests, params)
        sql = (
            "SELECT p.source || ':' || p.line, p.text, p.body, p.line, s.ref, p.file FROM passages p"
            " JOIN sources s ON s.id = p.source WHERE " + " AND ".join(tests)
        )
        for ident, paragraph, body, line, ref, file in self.db.execute(sql, params):
            points = score(terms, body, "", False)
            key = (-points, KIND_ORDER["passage"], file, line)
            found.append((key, hit_fields(0, points, "passage", ident, paragraph, line, json.loads(ref))))
        found.sort(key=lambda pair: pair[0])
        records = []
        for rank, (_, record) in enumerate(found, start=1):
            record["rank"] = rank
            records.append(record)
        return records

    def show(self, ident: str) -> Record:
        """A fact, source or topic by its id (any case), or a paragraph by its SOURCE:LINE id."""
        wanted = ident.strip().lower()
        if not wanted:
            raise UsageProblem("the id is empty (see 'migfacts search' to find one)")
        row = self.db.execute("SELECT record FROM facts WHERE id = ?", (wanted,)).fetchone()
        row = row or self.db.execute("SELECT record FROM sources WHERE id = ?", (wanted,)).fetchone()
        if row:
            return json.loads(row[0])
        if re.fullmatch(r"[\w\s-]+", wanted):
            topic = find_topic(self, wanted)
            if topic:
                return self.topic_record(topic)
        source_id, _, line = wanted.rpartition(":")
        if re.fullmatch(r"[0-9]+", line):
            row = self.db.execute(
                "SELECT p.line, p.text, s.ref, s.record FROM passages p JOIN sources s ON s.id = p.source"
                " WHERE p.source = ? AND p.line = ?",
                (source_id, int(line)),
            ).fetchone()
            if row and str(row[0]) == line:
                number, text, ref, source = row
                return {
                    "kind": "passage",
                    "id": f"{source_id}:{number}",
                    "line": number,
                    "text": text,
                    "source": json.loads(ref),
                    "citation": json.loads(source)["citation"],
                }
        ids = [ident for ident, kind in self.completions("ids") if kind != "topic"]  # in the base's order
        raise NoMatch(f"no fact, source or topic with the id '{ident}'{suggest(ident, ids)}")

    def check(self, claims: list[str]):
        """The verdicts on the claims, and the records of the figures they rest on. Each claim is checked
        against the figures that share a term with it and have the topics it names, made from their records
        one at a time, in the base's order, until the checker has its answer."""
        from functools import cache

        from migfacts.checker import check_claims, claim_terms, claim_topics
        from migfacts.models import FactBase

        records: dict[str, Record] = {}
        sources: dict[str, Any] = {}
        # A claim's terms and topics, found once for all its numbers (each would read the whole claim again).
        said = cache(lambda claim: (sorted(claim_terms(claim)), sorted(claim_topics(claim))))
        verdicts = check_claims(
            FactBase(self.root, self.topics, [], [], [], [], []),
            claims,
            self._country_names,
            lambda claim, quantity: self._candidates(*said(claim), quantity, records, sources),
        )
        return verdicts, records

    def _candidates(
        self, wanted: list[str], topics: list[str], quantity: Any, records: dict[str, Record], sources: dict[str, Any]
    ):
        """Figures sharing a term (of WANTED) with the claim and having the TOPICS it names (and, given a quantity
        of it, whose number may agree), made from their records as they are asked for."""
        from migfacts import modeljson
        from migfacts.checker import number_bounds

        # The figures of each topic named, and those sharing a term, intersected in the indexes before any
        # fact is read (7 ms at 10,000 sources, where testing each figure of the terms took 160).
        chosen = ["SELECT fact FROM fact_topics WHERE topic = ? AND kind = 'figure'"] * len(topics)
        chosen.append(f"SELECT fact FROM fact_terms WHERE term IN ({', '.join('?' * len(wanted))})")
        tests = [f"f.rowid IN ({' INTERSECT '.join(chosen)})"]
        params: list[Any] = [*topics, *wanted]
        bounds = number_bounds(quantity) if quantity is not None else {}
        for name, test in _BOUND_TESTS.items():
            if name in bounds:
                tests.append(test)
                params.append(bounds[name])
        sql = "SELECT f.record, f.source, f.file, f.line FROM facts f WHERE " + " AND ".join(tests)
        folder = self.root / SOURCES_DIR
        for text, source, file, line in self.db.execute(sql + " ORDER BY f.file, f.pos", params):
            if source not in sources:
                row = self.db.execute("SELECT record, text, line FROM sources WHERE id = ?", (source,)).fetchone()
                sources[source] = modeljson.source_from(json.loads(row[0]), row[1], folder / file, row[2])
            record = json.loads(text)
            records[record["id"]] = record
            yield modeljson.figure_from(record, sources[source], folder / file, line)

    # ---- completion --------------------------------------------------------------------------------------

    def completions(self, what: str) -> list[tuple[str, str]]:
        """(word, help) pairs that complete a value of WHAT, in the base's order."""
        if what == "topics":
            return topic_completions(self.topics)
        if what == "ids":
            facts = self.db.execute(
                "SELECT id, kind FROM facts ORDER BY CASE kind WHEN 'figure' THEN 0 WHEN 'quote' THEN 1 ELSE 2 END,"
                " file, pos"
            ).fetchall()
            sources = [(row[0], "source") for row in self.db.execute("SELECT id FROM sources ORDER BY file")]
            return [*facts, *sources, *((t.id, "topic") for t in self.topics)]
        if what == "sources":
            return list(self.db.execute("SELECT id, title FROM sources ORDER BY file"))
        if what == "speakers":
            rows = self.db.execute(
                "SELECT json_extract(record, '$.speaker') FROM facts WHERE kind = 'quote' ORDER BY file, pos"
            )
            return [(fold(part), speaker) for (speaker,) in rows for part in speaker.split()]
        if what == "countries":
            rows = self.db.execute(
                "SELECT p.country, p.name FROM fact_places p JOIN facts f ON f.rowid = p.fact"
                " WHERE p.country IS NOT NULL ORDER BY f.file, f.pos, p.pos"
            )
            return [(word, name) for country, name in rows for word in (country, fold(name).replace(" ", "-"))]
        years = self.db.execute(
            "SELECT first_year, last_year FROM facts WHERE kind = 'figure' AND first_year IS NOT NULL"
        ).fetchall()
        return [(str(year), "figures") for year in sorted({y for first, last in years for y in range(first, last + 1)})]
