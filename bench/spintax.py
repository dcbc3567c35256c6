"""How well ``detector.spintax`` tells a spinner's template from a notation.

    python -m bench.spintax                 # both measures, a table
    python -m bench.spintax --show 20       # and the natural texts it reads as templates

* **natural writing**: every text of the natural corpus (``corpus/data/natural.jsonl``) and
  the installed documentation where braces with pipes are a notation: manual pages' roff
  source (``/usr/share/man``, font escapes removed), GNU Info manuals (``/usr/share/info``)
  and the text files under ``/usr/share/doc`` (README, ``*.txt``, ``*.md``). Counted: texts
  holding a brace group with a pipe at all, texts read as templates (a false alarm each),
  and groups reported.
* **templates**: natural test documents turned into spintax as a spinner's template writer
  would, with the thesaurus the detector never sees (MyThes, the held-out spinner's): each
  content word that MyThes knows becomes ``{word|synonym|synonym}`` (one to three synonyms,
  as many as MyThes has) with probability ``rate``. Counted: templates read as templates,
  and the share of their groups reported.

No part of the rule was fitted to these texts; the rule's constants are in its docstring.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/spintax.py

from corpus.sources import DATA, mythes  # noqa: E402
from detector import spintax  # noqa: E402

RATES = (0.05, 0.1, 0.2)
_ROFF_ESCAPES = re.compile(r"\\f[BIRP]|\\f\(..|\\[-e&]|\\\(..")
_WORD_RE = re.compile(r"[A-Za-z]+")


def natural_texts() -> dict[str, list[tuple[str, str]]]:
    """(name, text) per source."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    corpus = DATA / "natural.jsonl"
    if corpus.exists():
        with corpus.open(encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                out["natural corpus"].append((d["id"], d["text"]))
    for path in sorted(Path("/usr/share/man").glob("man*/*")):
        try:
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        except (OSError, EOFError, gzip.BadGzipFile):
            continue
        out["manual pages (roff)"].append((str(path), _ROFF_ESCAPES.sub("", raw.decode(
            "utf-8", "replace"))))
    for path in sorted(Path("/usr/share/info").glob("*.info*")):
        try:
            raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        except (OSError, EOFError, gzip.BadGzipFile):
            continue
        out["GNU Info manuals"].append((str(path), raw.decode("utf-8", "replace")))
    docs = Path("/usr/share/doc")
    for pattern in ("README*", "*.txt", "*.md"):
        for path in sorted(docs.rglob(pattern)):
            if path.is_file() and path.stat().st_size < 2_000_000:
                out["/usr/share/doc text"].append(
                    (str(path), path.read_bytes().decode("utf-8", "replace")))
    return out


def templates(rate: float, n: int, seed: int = 5) -> list[tuple[str, int]]:
    """``n`` natural test documents as spintax templates: (template, groups written)."""
    synonyms: dict[str, list[str]] = defaultdict(list)
    for head, _pos, syns in mythes():
        for s in syns:
            if " " not in head and _WORD_RE.fullmatch(s) and s not in synonyms[head]:
                synonyms[head].append(s)
    splits = json.loads((DATA / "splits.json").read_text())
    test = set(splits["by_document"]["test"])
    rng = random.Random(seed)
    out = []
    with (DATA / "natural.jsonl").open(encoding="utf-8") as fh:
        docs = [d for d in map(json.loads, fh) if d["id"] in test and d["words"] >= 80]
    for d in rng.sample(docs, min(n, len(docs))):
        written = 0

        def group(m: re.Match[str]) -> str:
            nonlocal written
            word = m.group()
            syns = synonyms.get(word.lower())
            if not syns or len(word) < 4 or rng.random() >= rate:
                return word
            written += 1
            chosen = rng.sample(syns, min(len(syns), rng.randint(1, 3)))
            return "{" + "|".join([word, *chosen]) + "}"

        out.append((_WORD_RE.sub(group, d["text"]), written))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--templates", type=int, default=300, help="documents per rate")
    ap.add_argument("--show", type=int, default=0, help="natural texts read as templates")
    args = ap.parse_args(argv)

    print("| natural source | texts | with a brace and a pipe | read as templates | "
          "groups reported |")
    print("|---|---|---|---|---|")
    alarms = []
    for source, texts in natural_texts().items():
        braces = read = reported = 0
        for name, text in texts:
            if "{" in text and "|" in text:
                braces += 1
            found = spintax.find(text)
            if found:
                read += 1
                reported += len(found)
                alarms.append((name, [text[g.start : g.end] for g in found][:5]))
        print(f"| {source} | {len(texts):,} | {braces:,} | {read} | {reported} |")
    print()
    print("| templates (MyThes synonyms, natural test documents) | templates | groups written "
          "| read as templates | groups reported |")
    print("|---|---|---|---|---|")
    for rate in RATES:
        made = templates(rate, args.templates)
        written = sum(w for _, w in made)
        read = reported = 0
        for text, _ in made:
            found = spintax.find(text)
            read += bool(found)
            reported += len(found)
        print(f"| rate {rate} | {len(made)} | {written:,} | {read} ({read / len(made):.1%}) | "
              f"{reported:,} ({reported / max(written, 1):.1%}) |")
    for name, groups in alarms[: args.show]:
        print(f"\n{name}: {groups}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
