"""How often the original of a hand-spun word is among the candidates the detector scores.

    python -m bench.candidate_reach                  # every manner of bench/spinner_styles.py
    python -m bench.candidate_reach --style spinbot  # one manner
    python -m bench.candidate_reach --spans          # and the span scores per passage

A span's evidence is the language-model gain of its best candidate, so a swap whose original
is not a candidate can only be found by luck. For every one-word swap of the hand-spun texts
of ``bench/spinner_styles.py`` (``bench/data/*.json``; the spun word and its original both one
word, found at a word of the spun text), this counts whether the original is

* **top 12 by prior**: among the first :data:`detector.features.OPTIONS_PER_SPAN` candidates
  of :meth:`detector.candidates.CandidateGenerator.options`, as the feature extractor scores
  them;
* **in the thesaurus list**: among all of the word's candidates (the built thesaurus keeps up
  to 40 sources a word, ``corpus/build_thesaurus.py``);
* **top 12 by context**: among the first 12 of that whole list re-ranked by the bigram
  model over the swap's two words either side (what ranking by the language model before
  the cut would give);
* **raw pair not in the list**: a WordNet synset or a Moby row holds the two words (as
  written: inflected forms may miss) but the built thesaurus does not list the original.
  Needs the build-time packages (``pip install -e '.[build]'``, Debian ``wordnet-base``);
  without them the column is left out.

With ``--spans``, a second table: per passage of 80+ words, how many spans the span model
scores 0.25 or more (and 0.4 or more) per 100 words, for each manner's passages and for
passages of :data:`NATURAL_RECORDS` records of the built natural corpus (all splits, a fixed
sample): whether a count over span scores could tell the manners from natural writing.

Model card item 167 records a run.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.spinner_styles import STYLES, load  # noqa: E402

CONTEXT = 2
NATURAL = ROOT / "corpus" / "data" / "natural.jsonl"
NATURAL_RECORDS = 600
MIN_PASSAGE_WORDS = 80


def _raw_pairs() -> Any:
    """A test ``(original, spun) -> bool`` over WordNet and Moby, or None without them."""
    try:
        from corpus.sources import moby, wordnet

        wn = wordnet()
        rows = {head: set(syns) for head, syns in moby()}
    except (ImportError, SystemExit, OSError):
        return None

    def related(original: str, spun: str) -> bool:
        if spun in rows.get(original, ()) or original in rows.get(spun, ()):
            return True
        return bool(set(wn.synsets(original)) & set(wn.synsets(spun)))

    return related


def measure(texts: list[dict[str, Any]], related: Any) -> Counter[str]:
    from detector import baselines
    from detector.candidates import default
    from detector.features import OPTIONS_PER_SPAN
    from detector.tokens import tokenize

    gen = default()
    counts: Counter[str] = Counter()
    for rec in texts:
        words = [t for t in tokenize(rec["text"]) if t.kind != "punct"]
        at = {t.start: k for k, t in enumerate(words)}
        for a, b, original in rec.get("swaps", []):
            spun = rec["text"][a:b].strip().lower()
            original = original.strip().lower()
            k = at.get(a)
            if k is None or " " in spun or " " in original or not spun or not original:
                continue
            counts["swaps"] += 1
            listed = [o.text for o in gen.options(spun)]
            counts["prior"] += original in listed[:OPTIONS_PER_SPAN]
            counts["listed"] += original in listed
            left = [t.norm for t in words[max(0, k - CONTEXT) : k]]
            right = [t.norm for t in words[k + 1 : k + 1 + CONTEXT]]

            def fit(candidate: str, left: list[str] = left, right: list[str] = right) -> float:
                seq = ["\x00", *left, *candidate.split(" "), *right]
                return baselines.sequence_logprob(seq, 1 + len(left))

            by_context = sorted(listed, key=fit, reverse=True)
            counts["context"] += original in by_context[:OPTIONS_PER_SPAN]
            if related is not None:
                counts["raw"] += related(original, spun) and original not in listed
    return counts


def span_densities(texts: list[str]) -> list[tuple[float, float]]:
    """Per passage of :data:`MIN_PASSAGE_WORDS` or more words: spans scored 0.25 or more,
    and 0.4 or more, per 100 words."""
    from detector.analyzer import evidence
    from detector.tokens import passage_spans

    out = []
    for text in texts:
        ev = evidence(text)
        for a, b in passage_spans(text):
            n = sum(a <= w.start < b for w in ev.words)
            if n < MIN_PASSAGE_WORDS:
                continue
            p = [float(q) for s, q in zip(ev.spans, ev.span_p, strict=True) if a <= s.start < b]
            out.append((100 * sum(q >= 0.25 for q in p) / n, 100 * sum(q >= 0.4 for q in p) / n))
    return out


def _natural_sample() -> list[str]:
    import json
    import random

    lines = NATURAL.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"]
            for line in random.Random(3).sample(lines, min(NATURAL_RECORDS, len(lines)))]


def _percentiles(values: list[float]) -> str:
    import numpy as np

    a = np.asarray(values)
    return " / ".join(f"{np.percentile(a, q):.1f}" for q in (50, 90, 99))


def spans_table(texts: list[dict[str, Any]], styles: list[str]) -> list[str]:
    groups = [(s, span_densities([t["text"] for t in texts if t["style"] == s]))
              for s in styles]
    if NATURAL.is_file():
        groups.append((f"natural corpus ({NATURAL_RECORDS} records)",
                       span_densities(_natural_sample())))
    lines = ["| passages of 80+ words | passages | spans >= 0.25 per 100 words (median / p90 / "
             "p99) | spans >= 0.4 per 100 words (median / p90 / p99) |", "|---|---|---|---|"]
    for name, rows in groups:
        if rows:
            lines.append(f"| {name} | {len(rows)} | {_percentiles([r[0] for r in rows])} | "
                         f"{_percentiles([r[1] for r in rows])} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--style", action="append", choices=STYLES[1:],
                    help="manner to measure (repeatable; default: every spun manner)")
    ap.add_argument("--spans", action="store_true",
                    help="also the span scores per passage, against natural text")
    args = ap.parse_args(argv)
    texts = [t for t in load() if t["style"] != "orig"]
    styles = args.style or [s for s in STYLES[1:] if any(t["style"] == s for t in texts)]
    related = _raw_pairs()
    head = ["manner", "one-word swaps", "top 12 by prior", "in the thesaurus list",
            "top 12 by context"] + (["raw pair not in the list"] if related else [])
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for style in styles:
        c = measure([t for t in texts if t["style"] == style], related)
        n = c["swaps"]
        if not n:
            continue
        cells = [style, str(n)] + [f"{c[k] / n:.2f}" for k in ("prior", "listed", "context")]
        if related:
            cells.append(f"{c['raw'] / n:.2f}")
        print("| " + " | ".join(cells) + " |")
    if args.spans:
        print()
        print("\n".join(spans_table(texts, styles)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
