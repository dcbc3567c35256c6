"""A/an clashes (``detector/articles.py``) in natural text and in spinner substitutions.

    python -m bench.articles

The span model's ``article_clash`` feature rests on a contrast: a spinner replaces the word
after "a"/"an" and keeps the article, so the pair often clashes ("a unprecedented session"),
while edited writing almost never does. This script counts both sides on the built corpus
(``python -m corpus.build_corpus``), with the rules the detector applies
(:func:`detector.articles.clashing`, the article as the preceding word token with nothing
but an ordinary gap before the word, :func:`detector.features.article_next_to`, the word as
written):

* **natural**: every "a"/"an" + word pair in the natural records (``corpus/data/natural.jsonl``),
  and how many clash, with the commonest clashing pairs (mostly "a" as a letter or a
  variable: "a and b");
* **spinners**: every simulated substitution (``corpus/data/spun.jsonl``) whose spun wording
  follows "a"/"an", and how many clash, overall and per spinner profile.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

DATA = ROOT / "corpus" / "data"


def natural_pairs(path: Path = DATA / "natural.jsonl") -> tuple[int, int, Counter]:
    """(pairs, clashing pairs, commonest clashing pairs) over the natural records."""
    from detector.articles import ARTICLES, clashing
    from detector.features import article_next_to
    from detector.tokens import tokenize

    pairs = clash = 0
    examples: Counter = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            words = [t for t in tokenize(text) if t.kind != "punct"]
            for left, word in itertools.pairwise(words):
                if left.norm not in ARTICLES or not article_next_to(text, left, word):
                    continue
                pairs += 1
                if clashing(left.norm, word.text) is not None:
                    clash += 1
                    examples[f"{left.text} {word.text}"] += 1
    return pairs, clash, examples


def spinner_pairs(path: Path = DATA / "spun.jsonl") -> tuple[int, int, dict[str, list[int]]]:
    """(substitutions after an article, clashing ones, per profile [after, clashing])."""
    from detector.articles import ARTICLES, clashing
    from detector.features import article_next_to
    from detector.tokens import tokenize

    after = clash = 0
    by_profile: dict[str, list[int]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            subs = rec.get("substitutions") or []
            if not subs:
                continue
            spun = rec["spun"]
            words = [t for t in tokenize(spun) if t.kind != "punct"]
            starts = {t.start: k for k, t in enumerate(words)}
            for s in subs:
                k = starts.get(s["start"])
                if not k or words[k - 1].norm not in ARTICLES or not article_next_to(
                        spun, words[k - 1], words[k]):
                    continue
                row = by_profile.setdefault(rec["profile"], [0, 0])
                after += 1
                row[0] += 1
                if clashing(words[k - 1].norm, words[k].text) is not None:
                    clash += 1
                    row[1] += 1
    return after, clash, by_profile


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=12, help="commonest clashing pairs shown")
    args = ap.parse_args(argv)
    for name in ("natural.jsonl", "spun.jsonl"):
        if not (DATA / name).is_file():
            sys.exit(f"{DATA / name} is missing: build it with `python -m corpus.build_corpus`")
    pairs, clash, examples = natural_pairs()
    after, sclash, by_profile = spinner_pairs()
    print("| text | article + word pairs | clashing | share |")
    print("|---|---|---|---|")
    print(f"| natural records | {pairs:,} | {clash:,} | {clash / max(pairs, 1):.4f} |")
    print(f"| spinner substitutions after an article | {after:,} | {sclash:,} | "
          f"{sclash / max(after, 1):.4f} |")
    for profile, (n, c) in sorted(by_profile.items()):
        print(f"| - profile `{profile}` | {n:,} | {c:,} | {c / max(n, 1):.4f} |")
    print()
    print("commonest clashing pairs in natural records: " + ", ".join(
        f'"{p}" {n}' for p, n in examples.most_common(args.examples)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
