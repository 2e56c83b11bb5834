"""How close `migfacts draft` comes to the curated fact files: recall and precision of figures (by value and
period), quotes (by speaker and words) and contacts (by name, phone and email), for every source of a base.

    .venv/bin/python benchmarks/draft_accuracy.py [--facts DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from migfacts.drafter import draft_source
from migfacts.loader import TOPICS_FILE, load_factbase, resolve_root
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


def quote_keys(quotes: list[dict]) -> list[tuple]:
    keys = []
    for quote in quotes:
        words = quote["text"] if isinstance(quote["text"], list) else [quote["text"]]
        keys.append((fold(quote["speaker"]), fold(" ".join(words))[:60]))
    return keys


def contact_keys(contacts: list[dict]) -> list[tuple]:
    return [(fold(c["name"]), c.get("phone"), c.get("email")) for c in contacts]


def compare(curated: list[tuple], drafted: list[tuple]) -> tuple[int, int, int]:
    """(found, curated, drafted): how many curated entries the draft has."""
    remaining = list(drafted)
    found = 0
    for key in curated:
        if key in remaining:
            remaining.remove(key)
            found += 1
    return found, len(curated), len(drafted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=Path, default=None)
    args = parser.parse_args()
    root = resolve_root(args.facts)
    base = load_factbase(root)
    topics_text = (root / TOPICS_FILE).read_text(encoding="utf-8")
    totals = {kind: [0, 0, 0] for kind in ("figures", "quotes", "contacts")}
    for source in base.sources:
        curated = yaml.safe_load(source.where.path.read_text(encoding="utf-8"))
        drafted = yaml.safe_load(
            draft_source(source.text, base.topics, topics_text, source.text_file, source.id, COMMANDS)
        )
        print(source.id)
        for kind, keys in (("figures", figure_keys), ("quotes", quote_keys), ("contacts", contact_keys)):
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
