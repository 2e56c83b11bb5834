"""Accuracy of `migfacts check` on a file of claims with expected verdicts: the accuracy and the confusion
matrix, then each claim classified wrong.

    .venv/bin/python benchmarks/check_accuracy.py [tests/data/claims.yaml] [--facts DIR]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import yaml

from migfacts.checker import VERDICTS, check_claims
from migfacts.layout import resolve_root
from migfacts.loader import load_factbase

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", nargs="?", type=Path, default=ROOT / "tests" / "data" / "claims.yaml")
    parser.add_argument("--facts", type=Path, default=None)
    args = parser.parse_args()
    expected = yaml.safe_load(args.claims.read_text(encoding="utf-8"))["claims"]
    verdicts = check_claims(load_factbase(resolve_root(args.facts)), [item["claim"] for item in expected])
    pairs = Counter((item["verdict"], verdict.verdict) for item, verdict in zip(expected, verdicts, strict=True))
    right = sum(count for (want, got), count in pairs.items() if want == got)
    print(f"{args.claims}: {right}/{len(expected)} right ({100 * right / len(expected):.1f}%)")
    corner = "expected / got"
    print(f"\n{corner:16}" + "".join(f"{v:>14}" for v in VERDICTS))
    for want in VERDICTS:
        print(f"{want:16}" + "".join(f"{pairs[(want, got)]:>14}" for got in VERDICTS))
    wrong = [(item, v) for item, v in zip(expected, verdicts, strict=True) if item["verdict"] != v.verdict]
    if wrong:
        print("\nwrong:")
    for item, verdict in wrong:
        print(f"- expected {item['verdict']}, got {verdict.verdict}: {item['claim']}\n  {verdict.explanation}")


if __name__ == "__main__":
    main()
