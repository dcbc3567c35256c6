"""How the ``disguised-word`` rule (``detector/disguise.py``) fares on natural writing and on
text disguised as a "humanizer" tool disguises it.

    python -m bench.disguise [--jobs 2] [--limit 200]     # both measures, two tables
    python -m bench.disguise --show 20                    # and the natural words it reports
    python -m bench.disguise --natural-only --dir DIR     # natural writing only, DIR's too

* **natural writing**, read by :func:`detector.disguise.find` alone: every text of the natural
  corpus (``corpus/data/natural.jsonl``), the text files of ``/usr/share/doc`` (README,
  ``*.txt``, ``*.md``), the GNU Info manuals and, where ``linux-doc-6.1`` is installed, the
  kernel's documentation with its Chinese, Japanese, Korean, Italian and Spanish
  translations: English with other scripts and notation in it. Counted: texts with a
  disguised word (a false alarm each: none of them was disguised), and texts with enough of
  them to be labelled spun by the rule (:data:`detector.analyzer.DISGUISED_WORDS_NEEDED`).
* **disguised text**: the natural and held-out-profile spun test documents of
  ``bench/quality.py`` (~700 words each), disguised as such tools do it, in a share
  ``rate`` of the words that have a letter to disguise: one letter with a Cyrillic
  lookalike (a c e i j o p s x y, A B C E H I J K M O P S T X Y), or a zero-width space between
  two letters, one or the other at random. Each document is checked as written, disguised
  with the rule (``unspin`` as it ships), and disguised without it (``disguise.unmask``
  replaced by the identity: the analysis before the rule existed). Counted: documents
  labelled spun, findings other than disguised words (the wording evidence the disguise
  would hide) and the disguised words reported.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.quality import _documents, test_groups  # noqa: E402
from corpus.sources import DATA  # noqa: E402
from corpus.train import load_records  # noqa: E402

RATES = (0.05, 0.2, 0.5)
# What the tools put in: Cyrillic letters drawn like these Latin ones.
CYRILLIC = dict(zip("aceijopsxyABCEHIJKMOPSTXY", "асеіјорѕхуАВСЕНІЈКМОРЅТХҮ", strict=True))
_WORD_RE = re.compile(r"[A-Za-z]{2,}")
_KERNEL_DOCS = Path("/usr/share/doc/linux-doc-6.1/Documentation")


def natural_texts(folders: list[Path]) -> dict[str, list[tuple[str, str]]]:
    """(name, text) per source; each of ``folders`` (its text files) is a source too."""
    out: dict[str, list[tuple[str, str]]] = {}
    corpus = DATA / "natural.jsonl"
    if corpus.exists():
        with corpus.open(encoding="utf-8") as fh:
            out["natural corpus"] = [(d["id"], d["text"]) for d in map(json.loads, fh)]
    sources = {
        "/usr/share/doc text": [p for pattern in ("README*", "*.txt", "*.md")
                                for p in sorted(Path("/usr/share/doc").rglob(pattern))
                                if _KERNEL_DOCS not in p.parents],
        "GNU Info manuals": sorted(Path("/usr/share/info").glob("*.info*")),
        "kernel documentation": sorted(p for p in _KERNEL_DOCS.rglob("*") if p.name.endswith(
            (".rst", ".txt", ".rst.gz", ".txt.gz"))),
        **{str(f): sorted(p for p in f.rglob("*") if p.is_file()) for f in folders},
    }
    for name, paths in sources.items():
        texts = []
        for path in paths:
            if not path.is_file() or path.stat().st_size > 2_000_000:
                continue
            raw = path.read_bytes()
            if path.suffix == ".gz":
                try:
                    raw = gzip.decompress(raw)
                except (OSError, EOFError):
                    continue
            texts.append((str(path), raw.decode("utf-8", "replace")))
        if texts:
            out[name] = texts
    return out


def disguise_text(text: str, rate: float, rng: random.Random) -> tuple[str, int]:
    """``text`` with a share ``rate`` of its words disguised: (text, words disguised)."""
    done = 0

    def one(m: re.Match[str]) -> str:
        nonlocal done
        word = m.group()
        if rng.random() >= rate:
            return word
        done += 1
        places = [k for k, c in enumerate(word) if c in CYRILLIC]
        if places and rng.random() < 0.5:
            k = rng.choice(places)
            return word[:k] + CYRILLIC[word[k]] + word[k + 1 :]
        k = rng.randrange(1, len(word))
        return word[:k] + "\u200b" + word[k:]

    return _WORD_RE.sub(one, text), done


def _plain_reading(text: str, known: object = None) -> tuple[str, list]:
    return text, []


_SHIPPED: dict[str, object] = {}  # per process: the rule's own unmask, before any swap


def _check(job: tuple[str, bool]) -> tuple[bool, int, int]:
    import detector
    from detector import analyzer, disguise

    text, with_rule = job
    shipped = _SHIPPED.setdefault("unmask", disguise.unmask)
    disguise.unmask = shipped if with_rule else _plain_reading  # type: ignore[assignment]
    r = detector.analyze(text)
    hidden = sum(f.rule == analyzer.DISGUISED for f in r.findings)
    return r.label == "spun", len(r.findings) - hidden, hidden


def natural_table(show: int, folders: list[Path]) -> None:
    from detector import disguise
    from detector.analyzer import DISGUISED_WORDS_NEEDED

    print("| natural writing | texts | words | texts with a lookalike or invisible character | "
          "texts with a disguised word | words reported | "
          f"texts with {DISGUISED_WORDS_NEEDED}+ (labelled spun) |")
    print("|---|---|---|---|---|---|---|")
    suspect = re.compile("[" + "".join(disguise.LOOKALIKES) + disguise.INVISIBLE + "]")
    examples = []
    for name, texts in natural_texts(folders).items():
        words = flagged = reported = labelled = suspects = 0
        for path, text in texts:
            words += len(text.split())
            suspects += suspect.search(text) is not None
            found = disguise.find(text)
            flagged += bool(found)
            reported += len(found)
            labelled += len(found) >= DISGUISED_WORDS_NEEDED
            examples += [(path, text[d.start : d.end], d.characters) for d in found]
        print(f"| {name} | {len(texts):,} | {words:,} | {suspects} | {flagged} | {reported} | "
              f"{labelled} |")
    for path, word, chars in examples[:show]:
        print(f"  {path}: {word!r} {'; '.join(chars)}")


def disguised_table(limit: int, jobs: int) -> None:
    from detector.classifier import models

    held_out = models().meta.get("trained_on", {}).get("held_out_profile", "mythes")
    groups = test_groups(load_records(), held_out)
    print()
    print("| test documents | rate | disguised words | labelled spun: as written / disguised, "
          "rule / without | other findings: as written / rule / without | disguised words "
          "reported |")
    print("|---|---|---|---|---|---|")
    with ProcessPoolExecutor(jobs) as pool:
        for group in ("natural", "held-out profile"):
            docs = [t for _, t in _documents(groups[group], limit, 5)]
            written = list(pool.map(_check, [(d, True) for d in docs], chunksize=4))
            for rate in RATES:
                rng = random.Random(7)
                disguised = [disguise_text(d, rate, rng) for d in docs]
                n = sum(k for _, k in disguised)
                rule = list(pool.map(_check, [(t, True) for t, _ in disguised], chunksize=4))
                bare = list(pool.map(_check, [(t, False) for t, _ in disguised], chunksize=4))
                print(f"| {group} ({len(docs)}) | {rate} | {n:,} | "
                      f"{sum(r[0] for r in written)} / {sum(r[0] for r in rule)}, "
                      f"{sum(r[0] for r in bare)} | "
                      f"{sum(r[1] for r in written):,} / {sum(r[1] for r in rule):,} / "
                      f"{sum(r[1] for r in bare):,} | "
                      f"{sum(r[2] for r in rule):,} ({sum(r[2] for r in rule) / max(n, 1):.1%}) |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=200, help="test documents per group")
    ap.add_argument("--show", type=int, default=0, help="natural words reported to print")
    ap.add_argument("--natural-only", action="store_true")
    ap.add_argument("--dir", type=Path, action="append", default=[],
                    help="a folder of natural text files to read too (repeatable)")
    args = ap.parse_args()
    natural_table(args.show, args.dir)
    if not args.natural_only:
        disguised_table(args.limit, args.jobs)


if __name__ == "__main__":
    main()
