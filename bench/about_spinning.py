"""Writing about spinning: does unspin accuse the texts its own users write?

    python -m bench.about_spinning            # the table
    python -m bench.about_spinning --show     # and every text with a finding

Editors, research-integrity staff and SEO teams write about spun text: notes on a rejected
submission, integrity reports, explainers, style guides, training slides, forum threads,
letters to the editor. Such texts show spun wordings as examples ("final yr", "a whole bunch
of", "counterfeit consciousness"), and an example read as used makes the writer's own text
look spun. ``bench/data/about_spinning.json`` holds 50 genuine texts of that kind (9 of them
Markdown), written for unspin by a helper asked to give the examples in every form real
writers use: double, curly, single, German and French quotation marks, italics, bold, code
spans, lists after colons, in brackets and as bullets, tables, "X for Y" and arrows, long
quotations, a blockquote, texts that never name the practice; and five controls that quote
dialogue, use scare quotes or are about spinning yarn.

Each text is analysed as ``unspin check`` reads its file (Markdown reduced to its prose).
Counted: texts labelled spun, passages labelled spun, texts with findings and findings, for
the texts about spinning and for the controls apart. Model card item 187 has the figures
before and after the rules that read such examples as shown (``features._shown_examples``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/about_spinning.py

DATA = ROOT / "bench" / "data" / "about_spinning.json"
_SUFFIX = {"markdown": ".md", "text": ".txt"}


def load(path: Path = DATA) -> list[dict[str, Any]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    if doc.get("format") != "unspin-bench-about-spinning" or doc.get("version") != 1:
        raise ValueError(f"{path}: not an unspin-bench-about-spinning v1 file")
    return list(doc["texts"])


def measure(texts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per text: its id, whether it is a control, its probability and label, its passages
    labelled spun and its findings (wording, rule, first suggestion)."""
    import detector

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for t in texts:
            path = Path(tmp) / (t["id"] + _SUFFIX[t["format"]])
            path.write_text(t["text"], encoding="utf-8")
            r = detector.analyze_file(path)
            out.append({
                "id": t["id"], "control": t["control"], "probability": r.probability,
                "label": r.label, "spun_passages": sum(p.label == "spun" for p in r.passages),
                "findings": [(f.text, f.rule, f.suggestions[0] if f.suggestions else "")
                             for f in r.findings],
            })
    return out


def table(results: list[dict[str, Any]]) -> str:
    rows = ["| texts | count | labelled spun | passages labelled spun | with findings | findings |",
            "|---|---|---|---|---|---|"]
    for name, control in (("about spinning", False), ("controls", True)):
        part = [r for r in results if r["control"] is control]
        rows.append(f"| {name} | {len(part)} | {sum(r['label'] == 'spun' for r in part)} | "
                    f"{sum(r['spun_passages'] for r in part)} | "
                    f"{sum(bool(r['findings']) for r in part)} | "
                    f"{sum(len(r['findings']) for r in part)} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="list every text with a finding")
    args = ap.parse_args(argv)
    results = measure(load())
    print(table(results))
    if args.show:
        for r in results:
            if r["findings"]:
                found = "; ".join(f"{w!r} -> {s!r} ({rule})" for w, rule, s in r["findings"])
                print(f"\n{r['id']}: p {r['probability']:.3f} {r['label']}, "
                      f"{r['spun_passages']} passage(s) spun: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
