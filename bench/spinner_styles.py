"""Spinners no model was trained on: short texts spun by hand in four manners, and what unspin
makes of them.

    python -m bench.spinner_styles              # the table
    python -m bench.spinner_styles --show       # and every text's probability and findings

``bench/data/spinner_styles.json`` holds ten short texts written for unspin (news, business,
a product review, a how-to post, a travel blog, health advice, tech news, a sports report, a
computer-science and a medical abstract) and versions of them spun by hand, by a person who
had not seen the corpus spinners, in four manners:

* ``dict``: one fixed newswire dictionary applied at every occurrence ("stated", "within
  the", "had been" for "were", "individuals", "a whole bunch of"), the kind of spinner behind
  the seed story;
* ``thes``: about one content word in four swapped for a synonym of the wrong sense or
  register ("realm" for "area", "faculties" for "schools", "weighty rain");
* ``light``: about one content word in ten;
* ``tortured``: the abstracts' technical terms as paper mills rewrite them ("irregular
  woodland", "bosom disease").

``bench/data/spinner_news.json`` adds a fifth manner at the length users check: 24 news
articles of 450-750 words (wire copy and South Asian outlets' reporting), as written
(``orig``) and spun by ``bench/news_spinner.py``, a dictionary of 298 pairs written by
someone who had not seen unspin's corpus spinners, phrasebook or seeds (``news``).

``bench/data/spinner_manners.json`` adds six more manners, each applied by hand to the same
twelve texts of 210-235 words (news, a review, health advice, a tech how-to, an abstract,
sport, travel, a press release, history, finance, education, a recipe), by a helper who had
not seen the corpus spinners: ``spinbot`` (about one content word in three, synonyms of any
sense: "bubble their faucet water" for "boil their tap water"), ``humanizer`` (about one in
eight, mostly plausible, with slips: "a significant amount of folks"), ``paraphraser``
(clauses reordered and synonyms swapped; the reordering is not recorded), ``wire`` (a
newswire dictionary like ``dict``'s, by other hands), ``mill`` (tortured phrases coined for
each genre's terms: "cloud stockpiling", "working framework") and ``backtranslation``
(English through another language and back: "the high pressure of the blood").

``bench/data/spinner_names.json`` adds a twelfth manner, ``names``: 20 news articles of
250-290 words, each naming five to seven institutions, spun by a helper who had not seen
unspin's code or lists with a word-for-word dictionary of its own that rewrites the words of
names too ("Courtroom of Enchantment" for "Court of Appeal"; 160 of its 1,137 swaps are
inside names). It measures the ``spun-name`` rule's list (model card item 153) on names it
was not written from.

Each spun wording is recorded with its original (``swaps``). For each manner the bench counts
the texts labelled spun, the swaps a finding overlaps, the findings on a swap whose first
suggestion is the original wording (compared over the finding and the swaps it touches), and
the findings that touch no swap (false findings); for the originals, texts labelled spun and
findings (false alarms; the ``orig`` row counts the originals of all four files). The sets are
small (42, 48, 84 and 40 texts): read them as a check that the synthetic figures of
``bench/quality.py`` carry over to spinning done by other hands, not as rates.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

DATA = ROOT / "bench" / "data" / "spinner_styles.json"
NEWS = ROOT / "bench" / "data" / "spinner_news.json"
MANNERS = ROOT / "bench" / "data" / "spinner_manners.json"
NAMES = ROOT / "bench" / "data" / "spinner_names.json"
STYLES = ("orig", "dict", "thes", "light", "tortured", "news", "spinbot", "humanizer",
          "paraphraser", "wire", "mill", "backtranslation", "names")


def load(paths: tuple[Path, ...] = (DATA, NEWS, MANNERS, NAMES)) -> list[dict[str, Any]]:
    texts = []
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != "unspin-spinner-styles" or data.get("version") != 1:
            raise SystemExit(f"{path}: not an unspin-spinner-styles v1 file")
        texts += data["texts"]
    return texts


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def restored(text: str, swaps: list[list[Any]], start: int, end: int) -> tuple[int, int, str]:
    """The span ``[start, end)`` widened to the swaps it touches, and what it read before
    spinning."""
    for a, b, _ in swaps:
        if a < end and b > start:
            start, end = min(start, a), max(end, b)
    out, pos = [], start
    for a, b, original in sorted(swaps):
        if a >= start and b <= end:
            out += [text[pos:a], original]
            pos = b
    out.append(text[pos:end])
    return start, end, "".join(out)


def measure(rec: dict[str, Any]) -> dict[str, Any]:
    import detector

    text = rec["text"]
    report = detector.analyze(text)
    swaps = rec.get("swaps", [])
    row: dict[str, Any] = {"id": rec["id"], "style": rec["style"],
                           "probability": report.probability, "spun": report.label == "spun",
                           "findings": len(report.findings), "swaps": len(swaps)}
    on_swap = right = 0
    false: list[str] = []
    for f in report.findings:
        if not any(f.start < b and f.end > a for a, b, _ in swaps):
            false.append(f.text)
            continue
        on_swap += 1
        a, b, want = restored(text, swaps, f.start, f.end)
        top = f.suggestions[0] if f.suggestions else ""
        right += _norm(text[a : f.start] + top + text[f.end : b]) == _norm(want)
    row.update(
        swaps_found=sum(any(f.start < b and f.end > a for f in report.findings)
                        for a, b, _ in swaps),
        on_swap=on_swap, restored=right, false_findings=false,
        shown=[(f.text, f.suggestions[0] if f.suggestions else "") for f in report.findings])
    return row


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| manner | texts | labelled spun | probability (median) | swaps found | first "
             "suggestion right (findings on a swap) | findings on no swap |",
             "|---|---|---|---|---|---|---|"]
    for style in STYLES:
        mine = [r for r in rows if r["style"] == style]
        if not mine:
            continue
        ps = sorted(r["probability"] for r in mine)
        swaps = sum(r["swaps"] for r in mine)
        found = sum(r["swaps_found"] for r in mine)
        on = sum(r["on_swap"] for r in mine)
        right = sum(r["restored"] for r in mine)
        false = sum(len(r["false_findings"]) for r in mine)
        lines.append(
            f"| {style} | {len(mine)} | {sum(r['spun'] for r in mine)} | {ps[len(ps) // 2]:.3f} | "
            + (f"{found} of {swaps} ({found / swaps:.0%}) | {right} of {on} "
               f"({right / max(on, 1):.0%}) | " if swaps else "| | ")
            + f"{false} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true", help="every text's reading too")
    args = ap.parse_args(argv)
    rows = [measure(rec) for rec in load()]
    if args.show:
        for r in rows:
            print(f"{r['id']}: p {r['probability']:.3f}, {r['findings']} findings: "
                  + "; ".join(f"{t!r} -> {s!r}" for t, s in r["shown"]))
        print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
