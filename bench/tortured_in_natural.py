"""Natural text with one tortured phrase in it: is the phrase found, and is the rest accused?

    python -m bench.tortured_in_natural

A research-integrity desk meets papers that are human-written except for a few sentences run
through a paraphraser: one "counterfeit consciousness" in an otherwise ordinary text. The
tortured phrase must be reported; the text's own words must not be, since nothing else in it
was spun. For each of the hand-written natural cases in ``tests/cases/must_not_flag.jsonl``
(in the repository, so this runs on a fresh clone) one sentence holding a well-known tortured
phrase is appended to the first paragraph, and ``detector.analyze`` reads the result:

* **planted phrases found**: texts with a finding on the planted phrase (any rule);
* **other findings**: findings elsewhere, all of them false alarms, per 100 words;
* **labelled spun**: texts, or any of their passages, labelled spun (one tortured phrase in a
  short passage may well carry it: that is the phrase's evidence, not the rest's).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

CASES = ROOT / "tests" / "cases" / "must_not_flag.jsonl"
# Tortured phrases of the research-integrity literature (spun -> original): each is planted
# in turn.
PHRASES = (
    "counterfeit consciousness",  # artificial intelligence
    "profound learning",  # deep learning
    "irregular woodland",  # random forest
    "huge information",  # big data
    "choice tree",  # decision tree
    "bolster vector machine",  # support vector machine
    "flag to commotion proportion",  # signal to noise ratio
    "colossal information",  # big data
)
SENTENCE = " The team also relied on {phrase} for this."


def run() -> dict[str, float]:
    import detector

    texts = found = spun = other = words = 0
    for n, line in enumerate(CASES.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        phrase = PHRASES[n % len(PHRASES)]
        first, sep, rest = json.loads(line)["text"].partition("\n\n")
        text = first.rstrip() + SENTENCE.format(phrase=phrase) + sep + rest
        at = text.index(phrase)
        report = detector.analyze(text)
        texts += 1
        words += report.words
        planted = [f for f in report.findings if f.start < at + len(phrase) and f.end > at]
        found += bool(planted)
        other += len(report.findings) - len(planted)
        spun += report.label == "spun" or any(p.label == "spun" for p in report.passages)
    return {"texts": texts, "planted_found": found, "other_findings": other,
            "other_findings_per_100_words": 100 * other / max(words, 1),
            "labelled_spun": spun}


def main() -> int:
    import argparse

    argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0]).parse_args()
    r = run()
    print("| texts | planted phrase found | other findings (per 100 words) | labelled spun |")
    print("|---|---|---|---|")
    print(f"| {r['texts']} | {r['planted_found']} | {r['other_findings']} "
          f"({r['other_findings_per_100_words']:.3f}) | {r['labelled_spun']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
