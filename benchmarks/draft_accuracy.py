"""How close `migfacts draft` comes to what a person extracts: recall and extra entries of figures (by value
and period), quotes (by speaker and first words) and contacts (by name, phone and email).

    .venv/bin/python benchmarks/draft_accuracy.py [--facts DIR]      # the curated files of a base
    .venv/bin/python benchmarks/draft_accuracy.py --key KEY.yaml     # releases beside an answer key

An answer key lists, for each release file beside it, its figures ({value} or {low, high}, and period),
quotes ({speaker, starts}) and contacts ({name, phone, email}).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from migfacts.drafter import draft_source
from migfacts.layout import TOPICS_FILE, resolve_root
from migfacts.loader import load_factbase
from migfacts.textnorm import fold

COMMANDS = (
    "topic",
    "figures",
    "quotes",
    "contacts",
    "topics",
    "sources",
    "search",
    "show",
    "check",
    "validate",
    "draft",
)


def figure_keys(figures: list[dict]) -> list[tuple]:
    keys = []
    for figure in figures:
        value = figure.get("value")
        if value is None and figure.get("range"):
            value = (figure["range"]["low"], figure["range"]["high"])
        keys.append((value, str(figure.get("period")) if figure.get("period") is not None else None))
    return keys


def quote_keys(quotes: list[dict], length: int = 60) -> list[tuple]:
    keys = []
    for quote in quotes:
        words = quote["text"] if isinstance(quote["text"], list) else [quote["text"]]
        keys.append((fold(quote["speaker"]), fold(" ".join(words))[:length]))
    return keys


def contact_keys(contacts: list[dict]) -> list[tuple]:
    return [(fold(c["name"]), c.get("phone"), c.get("email")) for c in contacts]


def _same(want: tuple, got: tuple) -> bool:
    """Equal keys; a quote's words may be given by their start only."""
    if len(want) == 2 and isinstance(want[1], str) and isinstance(got[1], str):
        return want[0] == got[0] and got[1].startswith(want[1])
    return want == got


def compare(curated: list[tuple], drafted: list[tuple]) -> tuple[int, int, int]:
    """(found, curated, drafted): how many curated entries the draft has."""
    remaining = list(drafted)
    found = 0
    for key in curated:
        match = next((got for got in remaining if _same(key, got)), None)
        if match is not None:
            remaining.remove(match)
            found += 1
    return found, len(curated), len(drafted)


def _from_key(item: dict) -> dict:
    """An answer key's entries in the shape of a source file's."""
    figures = []
    for f in item.get("figures") or []:
        value = f.get("value", f)
        if isinstance(value, dict):  # a range, as {value: {low, high}} or {low, high}
            figures.append({"range": {"low": value["low"], "high": value["high"]}, "period": f.get("period")})
        else:
            figures.append({"value": value, "period": f.get("period")})
    quotes = [{"speaker": q["speaker"], "text": q["starts"]} for q in item.get("quotes") or []]
    return {"figures": figures, "quotes": quotes, "contacts": item.get("contacts") or []}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=None)
    parser.add_argument("--key", type=Path, default=None, help="an answer key beside the releases it names")
    args = parser.parse_args()
    root = resolve_root(args.facts)
    base = load_factbase(root)
    topics_text = (root / TOPICS_FILE).read_text(encoding="utf-8")
    cases = []
    if args.key:
        for item in yaml.safe_load(args.key.read_text(encoding="utf-8"))["releases"]:
            path = args.key.parent / item["file"]
            cases.append((path.stem, path.read_text(encoding="utf-8"), _from_key(item), path.name))
    else:
        for source in base.sources:
            curated = yaml.safe_load(source.where.path.read_text(encoding="utf-8"))
            cases.append((source.id, source.text, curated, source.text_file))
    length = 400 if args.key else 60  # an answer key gives a quote's first words only: matched as a start
    keyers = (("figures", figure_keys), ("quotes", lambda q: quote_keys(q, length)), ("contacts", contact_keys))
    totals = {kind: [0, 0, 0] for kind, _ in keyers}
    for ident, text, curated, origin in cases:
        drafted = yaml.safe_load(draft_source(text, base.topics, topics_text, origin, ident, COMMANDS))
        print(ident)
        for kind, keys in keyers:
            found, want, got = compare(keys(curated.get(kind) or []), keys(drafted.get(kind) or []))
            totals[kind] = [a + b for a, b in zip(totals[kind], (found, want, got), strict=True)]
            print(f"  {kind:9} recall {found}/{want}  drafted {got}  extra {got - found}")
    print("all sources")
    for kind, (found, want, got) in totals.items():
        recall = 100 * found / want if want else 100.0
        extra = 100 * (got - found) / got if got else 0.0
        print(f"  {kind:9} recall {found}/{want} ({recall:.0f}%)  extra {got - found}/{got} ({extra:.0f}%)")


if __name__ == "__main__":
    main()
