"""Does a context help ``detector.suggest``? Top-1 and top-5 with and without one.

    python -m bench.suggest_context             # hand-written pairs, and PPS rows when beside
    python -m bench.suggest_context --pps 0     # hand-written pairs only

``unspin suggest PHRASE --context TEXT`` and ``detector.suggest(phrase, context)`` score the
candidates in place with the in-context ranker, which the detector's findings use; without a
context, known originals of the phrase and known terms go first and the phrase ranker orders
the rest of a phrase, the in-context ranker (on the word alone) the rest of a single word.
Three sets:

* the 105 hand-written substitutions of ``bench/data/substitution_pairs.tsv``, each in its
  own short context (news wording, most of them multiword: "making an attempt to");
* the single words swapped for single words in the hand-spun texts of
  ``bench/spinner_styles.py`` (news, reviews, abstracts, whole news articles; "battle" for
  "war"), each pair once, with up to 80 characters of its text either side as the context;
* PPS rows (``../shared/data/pps_fingerprints_train.csv``: one quoted phrase, one expected
  wording), each put in one neutral sentence of a paper ("In this paper we apply ... to the
  collected data."). The shipped spin table and term list were learned from these rows, so
  this set is in-sample, as the by-row PPS figures of ``bench/quality.py`` are: it says
  whether a context loses what the tables know, not how well unseen phrases are restored.

A suggestion counts when it equals the original (case, apostrophes and spacing folded).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.baselines import PAIRS, load_pps_pairs  # noqa: E402

PAPER = ("In this paper we apply", "to the collected data.")

# (left context, original, spun, right context)
Pair = tuple[str, str, str, str]


def hand_pairs() -> list[Pair]:
    out = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            left, orig, spun, right = [*line.split("\t"), "", "", ""][:4]
            out.append((left, orig, spun, right))
    return out


def hand_spun_words() -> list[Pair]:
    """The single words swapped for single words in the hand-spun texts of
    ``bench/spinner_styles.py`` (every manner, each spun/original pair once, with up to 80
    characters of its first text on either side as the context)."""
    from bench.spinner_styles import load

    out: dict[tuple[str, str], Pair] = {}
    for t in load():
        text = t["text"]
        for a, b, orig in t.get("swaps", ()):
            spun = text[a:b]
            if " " in spun.strip() or " " in orig.strip():
                continue
            left = text[max(0, a - 80) : a].split(" ", 1)[-1]
            right = text[b : b + 80].rsplit(" ", 1)[0]
            out.setdefault((spun.lower(), orig.lower()), (left, orig, spun, right))
    return list(out.values())


def pps_pairs(n: int, seed: int = 0) -> list[Pair]:
    rows = [(*PAPER[:1], " ".join(orig), " ".join(spun), PAPER[1])
            for _, _, orig, spun, _ in load_pps_pairs()]
    return rows if n >= len(rows) else random.Random(seed).sample(rows, n)


def _norm(s: str) -> str:
    return " ".join(s.lower().replace("’", "'").split())


def score(pairs: Sequence[Pair], suggest: Callable[[str, str | None], list[str]],
          in_context: bool) -> tuple[float, float]:
    """Top-1 and top-5 shares of ``pairs`` whose original ``suggest`` gives."""
    top1 = top5 = 0
    for left, orig, spun, right in pairs:
        context = " ".join(p for p in (left, spun, right) if p) if in_context else None
        got = [_norm(s) for s in suggest(spun, context)]
        top1 += bool(got) and got[0] == _norm(orig)
        top5 += _norm(orig) in got[:5]
    return top1 / max(len(pairs), 1), top5 / max(len(pairs), 1)


def main(argv: list[str] | None = None) -> int:
    import detector

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pps", type=int, default=10_000,
                    help="PPS rows to read (a seeded sample when fewer than there are)")
    args = ap.parse_args(argv)
    sets = [("hand-written pairs, in their contexts", hand_pairs())]
    multi = [p for p in sets[0][1] if " " in p[2].strip()]
    sets.append(("  of them multiword", multi))
    sets.append(("single words of the hand-spun texts, in their texts", hand_spun_words()))
    pps = pps_pairs(args.pps) if args.pps else []
    if pps:
        sets.append(("PPS rows in a sentence of a paper (in-sample)", pps))
    print("| pairs | n | top-1 without context | top-1 with | top-5 without | top-5 with |")
    print("|---|---|---|---|---|---|")
    for name, pairs in sets:
        (a1, a5), (b1, b5) = (score(pairs, detector.suggest, c) for c in (False, True))
        print(f"| {name} | {len(pairs)} | {a1:.3f} | {b1:.3f} | {a5:.3f} | {b5:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
