"""How often a spinner's replacement holds the word it replaces ("data" -> "data points",
"method" -> "method acting"), in the corpus spinners' output and in the hand-spun sets.

    python -m bench.nested_swaps                          # corpus/data/spun.jsonl and bench/data
    python -m bench.nested_swaps --spun PATH              # another build of the corpus

The thesauri offer such longer wordings often and the corpus spinners draw them as often as
any synonym; spinners written by people who had not seen the corpus (the hand-spun sets of
:mod:`bench.spinner_styles`) write them rarely. The span model learns what share of swaps
looks like this, so the gap decides how much a field's own compounds ("free energy",
"primary coil") look like swaps in natural writing (model card items 232, 236, 240; the
corpus share is set by ``python -m corpus.build_corpus --nested-keep``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from bench.spinner_styles import load
from corpus.spinner import holds_original

ROOT = Path(__file__).resolve().parent.parent


def corpus_shares(path: Path) -> tuple[Counter[str], Counter[str]]:
    """Substitutions and nested ones per spinner profile of a ``spun.jsonl``."""
    total: Counter[str] = Counter()
    nested: Counter[str] = Counter()
    with path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            for s in rec["substitutions"]:
                total[rec["profile"]] += 1
                nested[rec["profile"]] += holds_original(s["original"], s["replacement"])
    return total, nested


def hand_spun_shares() -> tuple[Counter[str], Counter[str], list[tuple[str, str]]]:
    """Swaps and nested ones per manner of the hand-spun sets (as
    :func:`bench.spinner_styles.load` reads them), and the nested pairs."""
    total: Counter[str] = Counter()
    nested: Counter[str] = Counter()
    pairs: list[tuple[str, str]] = []
    for t in load():
        for a, b, original in t.get("swaps", ()):
            replacement = t["text"][a:b]
            total[t["style"]] += 1
            if holds_original(original, replacement):
                nested[t["style"]] += 1
                pairs.append((original, replacement))
    return total, nested, pairs


def _table(title: str, total: Counter[str], nested: Counter[str]) -> list[str]:
    rows = [f"| {title} | substitutions | holding the original | share |", "|---|---|---|---|"]
    for k in sorted(total):
        rows.append(f"| {k} | {total[k]:,} | {nested[k]:,} | {nested[k] / total[k]:.1%} |")
    t, n = sum(total.values()), sum(nested.values())
    rows.append(f"| all | {t:,} | {n:,} | {n / max(t, 1):.1%} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spun", type=Path, default=ROOT / "corpus" / "data" / "spun.jsonl")
    ap.add_argument("--show", action="store_true", help="list the hand-spun nested swaps")
    args = ap.parse_args(argv)
    total, nested, pairs = hand_spun_shares()
    print("\n".join(_table("hand-spun manner", total, nested)))
    if args.show:
        for original, replacement in pairs:
            print(f"  {original} -> {replacement}")
    if args.spun.is_file():
        print()
        print("\n".join(_table(f"corpus profile ({args.spun.name})", *corpus_shares(args.spun))))
    else:
        print(f"\n{args.spun}: not found (python -m corpus.build_corpus builds it)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
