"""The ``acronym`` finding rule (``detector/acronyms.py``): false alarms and recall.

    python -m bench.acronyms                 # the table
    python -m bench.acronyms --write-card    # the table into models/README.md

* **natural text**: every natural record of the built corpus (``corpus/data/natural.jsonl``)
  and every technical manual of ``bench/unseen_docs.py`` (those installed) that holds a
  bracketed acronym definition is analysed, manuals after prose extraction as ``unspin
  check`` does it; every ``acronym`` finding there is a false alarm.
* **tortured phrases**: the PPS rows whose tortured phrase ends in a bracketed acronym
  ("remote sensor systems (wsns)" -> "wireless sensor networks"), each put in a neutral
  sentence with the acronym in capitals, analysed with the fingerprint list switched off (it
  holds these very rows): how many get an ``acronym`` finding, and how many sentences
  ``detector.restore`` turns into the expected phrase (by any rule).

The PPS rows are not held out from the spin table, so the recall figure is optimistic for
spinners the table has not seen; the natural side has no such caveat.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.markers import replace_block  # noqa: E402

MODEL_CARD = ROOT / "models" / "README.md"
BEGIN, END = "<!-- acronyms:begin -->", "<!-- acronyms:end -->"
NATURAL = ROOT / "corpus" / "data" / "natural.jsonl"
SENTENCE = "In this study we applied {term} {bracket} to the collected data and report the results."


def _natural_texts() -> dict[str, list[str]]:
    """Natural texts by source: the corpus's records, then each manual source's files as
    the prose ``unspin check`` would analyse."""
    import tempfile

    from bench.unseen_docs import SOURCES
    from detector.files import FileError, read
    from detector.prose import extract, kind_for_path

    def text_of(path: Path) -> str | None:
        try:
            return extract(read(path).text, kind_for_path(str(path)))
        except FileError:  # what unspin check reports as not read (a PDF without %PDF)
            return None

    out: dict[str, list[str]] = {}
    if NATURAL.is_file():
        with NATURAL.open(encoding="utf-8") as fh:
            out["corpus natural records"] = [json.loads(line)["text"] for line in fh]
    with tempfile.TemporaryDirectory(prefix="unspin-acronyms-") as tmp:
        for name, (_, gather) in SOURCES.items():
            dest = Path(tmp) / name
            dest.mkdir()
            if gather(dest):
                texts = [text_of(p) for p in sorted(dest.iterdir())]
                out[name] = [t for t in texts if t is not None]
    return out


def natural() -> list[dict[str, Any]]:
    """Per source: texts, those with an acronym definition, definitions, acronym findings."""
    import detector
    from detector import acronyms
    from detector.tokens import tokenize

    rows = []
    for name, texts in _natural_texts().items():
        with_defs = n_defs = found = 0
        examples = []
        for text in texts:
            if "(" not in text:
                continue
            words = [t for t in tokenize(text) if t.kind != "punct"]
            defs = acronyms.definitions(text, words)
            if not defs:
                continue
            with_defs += 1
            n_defs += len(defs)
            for f in detector.analyze(text).findings:
                if f.rule == "acronym":
                    found += 1
                    examples.append(text[max(0, f.start - 60) : f.end + 20].replace("\n", " "))
        rows.append({"source": name, "texts": len(texts), "with_definitions": with_defs,
                     "definitions": n_defs, "findings": found, "examples": examples[:10]})
    return rows


def tortured() -> dict[str, Any]:
    """The PPS rows ending in a bracketed acronym, as sentences (fingerprints off)."""
    import detector
    from corpus.sources import pps_fingerprints
    from detector import acronyms, features

    saved = features._fingerprints
    features._fingerprints = lambda *args: []
    try:
        n = found = restored = 0
        for r in pps_fingerprints():
            split = acronyms.split_trailing(r.phrase)
            if not r.expected or not split or not re.fullmatch(r"[a-z' -]+", split[0]):
                continue
            bracket = "(" + split[1].strip("()").upper() + ")"
            expected = (acronyms.split_trailing(r.expected) or (r.expected,))[0].lower()
            text = SENTENCE.format(term=split[0], bracket=bracket)
            n += 1
            found += any(f.rule == "acronym" for f in detector.analyze(text).findings)
            restored += f"applied {expected} {bracket}".lower() in detector.restore(text).lower()
    finally:
        features._fingerprints = saved
    return {"rows": n, "found": found, "restored": restored}


def markdown(nat: list[dict[str, Any]], tort: dict[str, Any]) -> str:
    lines = ["| natural source | texts | with an acronym definition | definitions | "
             "acronym findings (false alarms) |", "|---|---|---|---|---|"]
    lines += [f"| {r['source']} | {r['texts']:,} | {r['with_definitions']:,} | "
              f"{r['definitions']:,} | {r['findings']} |" for r in nat]
    lines += ["", "| PPS rows ending in a bracketed acronym, in a sentence, fingerprints off | "
              "rows | with an acronym finding | restored to the expected phrase |",
              "|---|---|---|---|",
              f"| | {tort['rows']} | {tort['found']} | {tort['restored']} |"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write-card", action="store_true",
                    help=f"replace the block between {BEGIN} and {END} in models/README.md")
    args = ap.parse_args(argv)
    nat, tort = natural(), tortured()
    table = markdown(nat, tort)
    print(table)
    for r in nat:
        for e in r["examples"]:
            print(f"false alarm ({r['source']}): ...{e}...")
    if args.write_card:
        block = (f"Produced by `python -m bench.acronyms` on {time.strftime('%Y-%m-%d')} with "
                 f"the shipped models.\n\n{table}\n")
        if not replace_block(MODEL_CARD, BEGIN, END, block):
            sys.exit(f"{MODEL_CARD} has no {BEGIN} ... {END} block")
    return 0


if __name__ == "__main__":
    sys.exit(main())
