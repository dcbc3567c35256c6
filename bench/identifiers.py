"""How often the corpus spinners rewrite code identifiers, which real spinners leave whole.

    python -m bench.identifiers

The analysis reads a word a text writes inside a code identifier (``register_offset``,
``#interrupt-cells``) as the text's own term (:mod:`detector.identifiers`): a spinner that
looks words up in a thesaurus finds no ``meta_path`` and leaves it as it stands. Until model
card item 121 the corpus spinners (:mod:`corpus.spinner`) read a word as a run of letters,
so they split identifiers at underscores and rewrote their parts ("sys.meta_path" ->
"sys.meta_way of life", "find_spec" -> "fill_spec"), and the rule then took the spun word
for the text's own (313 of 3,375 spun test records); they now keep such names whole, and
this bench checks that they do (0 on a corpus rebuilt since). This counts, over the test
split of ``corpus/data/spun.jsonl``, the records that write an identifier, and the spun ones
among them whose identifiers' words differ from their original's: the records where the
synthetic figures of ``bench/quality.py`` can lose by the rule while real spinner output
would not.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

CORPUS = ROOT / "corpus" / "data"


def count(split: str = "test") -> Counter[str]:
    from detector.candidates import STOPWORDS
    from detector.identifiers import identifier_words

    spun_path, splits_path = CORPUS / "spun.jsonl", CORPUS / "splits.json"
    if not (spun_path.is_file() and splits_path.is_file()):
        sys.exit(f"{CORPUS} lacks spun.jsonl or splits.json: python -m corpus.build_corpus")
    docs = set(json.loads(splits_path.read_text())["by_document"][split])
    out: Counter[str] = Counter()
    with spun_path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["doc_id"] not in docs:
                continue
            kind = "natural" if r["profile"] == "none" else "spun"
            out[f"{kind} records"] += 1
            named = identifier_words(r["spun"], STOPWORDS)
            if not named:
                continue
            out[f"{kind} records with an identifier"] += 1
            if kind == "spun" and named != identifier_words(r["original"], STOPWORDS):
                out["spun records whose identifiers the spinner rewrote"] += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    args = ap.parse_args(argv)
    counts = count(args.split)
    print(f"| {args.split} split | records |")
    print("|---|---|")
    for key in ("natural records", "natural records with an identifier", "spun records",
                "spun records with an identifier",
                "spun records whose identifiers the spinner rewrote"):
        print(f"| {key} | {counts[key]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
