"""Is how a text is typed any evidence? The same texts typed other ways, analysed again.

    python -m bench.typing_variants               # the seeds and every hand-written case
    python -m bench.typing_variants --show 5      # and the first texts each variant changes

A spun text copied out of a web page has no-break spaces, out of a PDF ligatures ("ﬁnal
yr"), out of a Windows editor "\\r\\n" line breaks, out of a mail client lines wrapped at 72
columns; none of that says anything about its wording. Each variant below retypes every text
of the seeds (``../shared/seeds``, when beside the checkout) and of ``tests/cases/``
(must-flag, must-not-flag, known false positives), and counts the texts whose reading
changes: the label, the probability (to four places), the number of passages, or the
findings (rule, wording with white space and compatibility forms folded, suggestions). Every
variant should change none.

The control variants change the words themselves (a title line before the text), to show
what a change that *is* evidence does.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

SEEDS = ROOT.parent / "shared" / "seeds"
CASES = ROOT / "tests" / "cases"

VARIANTS: dict[str, Callable[[str], str]] = {
    "Windows line breaks": lambda t: t.replace("\n", "\r\n"),
    "classic Mac line breaks": lambda t: t.replace("\n", "\r"),
    "no-break spaces": lambda t: t.replace(" ", "\u00a0"),
    "thin spaces": lambda t: t.replace(" ", "\u2009"),
    "tabs between words": lambda t: re.sub(r"(?<=\w) (?=\w)", "\t", t),
    "two spaces": lambda t: t.replace(" ", "  "),
    "spaces at line ends": lambda t: t.replace("\n", " \n"),
    "indented paragraphs": lambda t: re.sub(r"(?m)^(?=\S)", "    ", t),
    "blank lines around": lambda t: f"\n\n\n{t}\n\n\n",
    "straight quotes": lambda t: t.translate(str.maketrans("’‘“”", "''\"\"")),
    "ligatures": lambda t: t.replace("fi", "\ufb01").replace("fl", "\ufb02"),
    "decomposed accents": lambda t: unicodedata.normalize("NFD", t),
    "hard-wrapped at 72 columns": lambda t: _wrapped(t, 72),
    "hard-wrapped at 40 columns": lambda t: _wrapped(t, 40),
}
CONTROLS: dict[str, Callable[[str], str]] = {
    "control: a title line": lambda t: "News in brief\n\n" + t,
}


def _wrapped(text: str, width: int) -> str:
    """``text`` with each paragraph of one line hard-wrapped at ``width`` columns, as plain-text
    mail and manuals are (paragraphs with line breaks of their own, lists and verse, kept)."""
    return "\n\n".join(
        block if "\n" in block else "\n".join(textwrap.wrap(block, width, break_on_hyphens=False))
        for block in text.split("\n\n"))


def texts() -> dict[str, str]:
    out = {}
    if SEEDS.is_dir():
        for p in sorted(SEEDS.glob("*.txt")):
            out[f"seed {p.name[:3]}"] = p.read_text(encoding="utf-8")
    for name in ("must_flag", "must_not_flag", "known_false_positives"):
        for line in (CASES / f"{name}.jsonl").open(encoding="utf-8"):
            if line.strip():
                r = json.loads(line)
                out[r["id"]] = r["text"]
    return out


def reading(report: Any) -> tuple:
    """What a user reads of a report, typing folded out of the findings' wording."""
    def folded(s: str) -> str:
        return unicodedata.normalize("NFKC", " ".join(s.split())).replace("'", "’")

    return (report.label, round(report.probability, 4), len(report.passages),
            tuple(sorted((f.rule, folded(f.text), folded(" | ".join(f.suggestions)))
                         for f in report.findings)))


def main(argv: list[str] | None = None) -> int:
    import detector

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--show", type=int, default=0, help="list this many changed texts each")
    args = ap.parse_args(argv)
    corpus = texts()
    base = {k: reading(detector.analyze(t)) for k, t in corpus.items()}
    print(f"{len(corpus)} texts (seeds and tests/cases)\n")
    print("| typed as | texts retyped | readings changed | labels changed |")
    print("|---|---|---|---|")
    shown = []
    for name, retype in (*VARIANTS.items(), *CONTROLS.items()):
        retyped = changed = labels = 0
        for k, t in corpus.items():
            typed = retype(t)
            if typed == t:
                continue
            retyped += 1
            r = reading(detector.analyze(typed))
            if r != base[k]:
                changed += 1
                labels += r[0] != base[k][0]
                if changed <= args.show:
                    shown.append(f"{name}: {k}: {base[k][:3]} -> {r[:3]}")
        print(f"| {name} | {retyped} | {changed} | {labels} |")
    if shown:
        print("\n" + "\n".join(shown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
