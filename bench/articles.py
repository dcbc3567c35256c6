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
  follows "a"/"an", and how many clash, overall and per spinner profile;
* **restore** (``--restore N``): ``detector.restore`` of the first N spun records (and of the
  seeds and must-flag cases): "a"/"an" + word pairs that clash in the restored text and did
  not in the text given, that is clashes ``restore`` wrote ("a area" where a spinner had
  adjusted "an" to its own word), and whether a second restore changes anything.
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


def _clashing_pairs(text: str) -> Counter:
    """The text's clashing "a"/"an" + word pairs, as written, with their counts."""
    from detector.articles import ARTICLES, clashing
    from detector.features import article_next_to
    from detector.tokens import tokenize

    words = [t for t in tokenize(text) if t.kind != "punct"]
    return Counter(
        f"{a.text} {b.text}" for a, b in itertools.pairwise(words)
        if a.norm in ARTICLES and article_next_to(text, a, b) and clashing(a.norm, b.text)
    )


def restore_clashes(limit: int) -> tuple[int, int, int, Counter]:
    """(texts restored, texts changed, clashes written by restore, their pairs) over the
    seeds, the must-flag cases and the first ``limit`` spun records; a second restore of
    every result must change nothing (AssertionError otherwise)."""
    import detector

    texts = [p.read_text(encoding="utf-8")
             for p in sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))]
    cases = ROOT / "tests" / "cases" / "must_flag.jsonl"
    texts += [json.loads(line)["text"] for line in cases.open(encoding="utf-8") if line.strip()]
    with (DATA / "spun.jsonl").open(encoding="utf-8") as fh:
        spun = (json.loads(line) for line in fh)
        texts += [r["spun"] for r in itertools.islice(
            (r for r in spun if r["substitutions"]), limit)]
    changed = 0
    written: Counter = Counter()
    for text in texts:
        out = detector.restore(text)
        if out == text:
            continue
        changed += 1
        assert detector.restore(out) == out, "a second restore changed the text"
        written += _clashing_pairs(out) - _clashing_pairs(text)
    return len(texts), changed, sum(written.values()), written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--examples", type=int, default=12, help="commonest clashing pairs shown")
    ap.add_argument("--restore", type=int, default=0, metavar="N",
                    help="also restore N spun records and count the clashes restore writes")
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
    if args.restore:
        n, changed, written, pairs = restore_clashes(args.restore)
        print(f"\nrestore: {n} texts, {changed} changed (each unchanged by a second restore), "
              f"{written} clashing article + word pairs written: "
              + (", ".join(f'"{p}" {k}' for p, k in pairs.most_common(args.examples)) or "none"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
