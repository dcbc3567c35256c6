"""Sharp words under the passage threshold: a rule measured and not shipped (model card item
199).

    python -m bench.sharp_words                      # dev split and the hand-spun texts
    python -m bench.sharp_words --unseen --jobs 2    # and bench/unseen_docs.py's sources (~15 min)
    python -m bench.sharp_words --dir FOLDER         # and a folder of natural writing

A text spun by hands unspin never saw, one content word in four swapped for a synonym of the
wrong sense ("Flooding coerced hundreds of people from their abodes ... functionaries said"),
can hold several words the span model alone scores 0.85-0.93 in a passage the passage model
scores 0.9: none is a finding (alone, a word needs ``UNSUPPORTED_FINDING_MIN_P``), so the
passage is held at 0.79 or left at its score. The rule measured here: in a passage of 80+
words scoring ``P`` or more and not labelled spun, the different single words scoring ``S`` or
more (reportable, not mentioned, not the text's own terms, not inside quotation marks, outside
spun company) become findings when there are ``K`` or more of them, and so (two or more) raise
the passage to 0.995 (``PASSAGE_CORROBORATION``).

For a grid of ``P``, ``S`` and ``K`` the script counts the passages the rule would newly label
spun: spun and natural passages of the dev split (``corpus/data``; a passage is spun when 5%
or more of its content words were substituted, as ``bench/quality.py`` labels them), the
passages of the hand-spun texts of ``bench/data`` (``bench/spinner_styles.py``'s ``thes``,
``light``, ``spinbot``, ``humanizer`` and ``wire`` manners), and, with ``--unseen`` or
``--dir``, natural writing no model saw, read as ``unspin check`` reads each file (prose
extraction by file type; long texts in pieces of about 60,000 characters).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

MIN_WORDS = 80
LOWEST_S = 0.8
GRID_P = (0.5, 0.8, 0.9, 0.95)
GRID_S = (0.8, 0.85, 0.9, 0.95)
GRID_K = (2, 3, 4)
HAND_MANNERS = ("thes", "light", "spinbot", "humanizer", "wire")
PIECE_CHARS = 60_000

# One passage: its raw score, whether the report labels it spun, and its sharp words
# (wording, span score) outside spun company.
Passage = tuple[float, bool, list[tuple[str, float]]]


def passages(text: str, labeller: Callable[[int, int], int | None] | None = None
             ) -> list[tuple[Passage, int | None]]:
    """The 80+-word English passages of ``text`` with what the rule reads, and each one's
    label from ``labeller`` (None without one)."""
    import detector
    from detector import analyzer
    from detector.classifier import models
    from detector.features import quoted_words

    rep = detector.analyze(text)
    ev = analyzer.evidence(text)
    sc = analyzer.score_windows(ev, models().threshold)
    masked = np.zeros(len(ev.words), dtype=bool)
    for a, b in ev.mentions:
        masked[a:b] = True
    masked[ev.own_terms] = True
    quoted = quoted_words(ev)
    spun_at = {p.start for p in rep.passages if p.label == "spun"}
    out = []
    for (a, b, i, j, english), p in zip(sc.passage_ranges, sc.passage_p, strict=True):
        if not english or p is None or j - i < MIN_WORDS:
            continue
        sharp = [(s.observed, float(sp)) for s, sp in zip(ev.spans, ev.span_p, strict=True)
                 if i <= s.first < j and sp >= LOWEST_S and analyzer.reportable(s, text)
                 and not analyzer._is_phrase(s) and not masked[s.first : s.last].any()
                 and not quoted[s.first] and not sc.in_company[s.first]]
        out.append(((float(p), a in spun_at, sharp), labeller(a, b) if labeller else None))
    return out


def newly_spun(ps: Iterable[Passage], p_min: float, s_min: float, k: int) -> int:
    """How many of ``ps`` the rule would label spun that are not already."""
    return sum(1 for p, spun, sharp in ps
               if not spun and p >= p_min and len({w for w, s in sharp if s >= s_min}) >= k)


def _record(rec: dict[str, Any]) -> list[tuple[Passage, int | None]]:
    from corpus.train import record_labeller

    return passages(rec["spun"], record_labeller(rec))


def dev_passages(max_records: int, jobs: int) -> tuple[list[Passage], list[Passage]]:
    """Spun and natural passages of the dev split (up to ``max_records`` natural records and
    twice as many spun ones)."""
    from concurrent.futures import ProcessPoolExecutor

    from corpus.train import NONE_PROFILE, load_doc_split, load_records

    split = load_doc_split()
    recs = [r for r in load_records() if split.get(r["doc_id"]) == "dev"]
    random.Random(5).shuffle(recs)
    natural = [r for r in recs if r["profile"] == NONE_PROFILE][:max_records]
    spun = [r for r in recs if r["profile"] != NONE_PROFILE][: 2 * max_records]
    by_label: dict[int, list[Passage]] = {0: [], 1: []}
    with ProcessPoolExecutor(jobs) as pool:
        for res in pool.map(_record, natural + spun, chunksize=8):
            for p, y in res:
                if y is not None:
                    by_label[y].append(p)
    return by_label[1], by_label[0]


def hand_passages() -> dict[str, list[Passage]]:
    """Passages of the hand-spun texts, by manner, and of their originals (``orig``)."""
    from bench.spinner_styles import load

    out: dict[str, list[Passage]] = {}
    for t in load():
        if t["style"] in (*HAND_MANNERS, "orig"):
            out.setdefault(t["style"], []).extend(p for p, _ in passages(t["text"]))
    return out


def _file(path: str) -> list[Passage]:
    from detector.checkfile import prepare
    from detector.files import FileError, read
    from detector.prose import kind_for_path
    from detector.stream import split_text

    try:
        prose = prepare(read(path, None).text, kind_for_path(path))
    except (FileError, ValueError, OSError):
        return []
    # In pieces cut where `unspin check` cuts a large file (paragraph ends, code fences whole).
    return [p for piece in split_text(prose, PIECE_CHARS) for p, _ in passages(piece)]


def folder_passages(folder: Path, jobs: int) -> list[Passage]:
    from concurrent.futures import ProcessPoolExecutor

    files = sorted(str(p) for p in folder.rglob("*") if p.is_file())
    with ProcessPoolExecutor(jobs) as pool:
        return [p for res in pool.map(_file, files, chunksize=4) for p in res]


def unseen_passages(jobs: int) -> dict[str, list[Passage]]:
    """bench/unseen_docs.py's sources (but ``pdf``, the same vignettes as ``r-vignettes``)."""
    from bench.unseen_docs import gathered

    out = {}
    with tempfile.TemporaryDirectory(prefix="unspin-sharp-") as tmp:
        for name, dest in gathered(tmp, skip=("pdf",)):
            out[name] = folder_passages(dest, jobs)
            print(f"{name}: {len(out[name])} passages", file=sys.stderr)
    return out


def table(groups: dict[str, list[Passage]], sources: dict[str, list[Passage]]) -> str:
    """The grid: passages newly labelled spun per group, and the natural sources no model saw
    that give most of them."""
    names = list(groups)
    lines = ["| P | S | K | " + " | ".join(names) + " | sources no model saw, most |",
             "|---|---|---|" + "---|" * (len(names) + 1)]
    lines.append("| (labelled spun now) | | | " + " | ".join(
        f"{sum(s for _, s, _ in groups[g])} of {len(groups[g])}" for g in names) + " | |")
    for p in GRID_P:
        for s in GRID_S:
            for k in GRID_K:
                top = Counter({g: n for g, v in sources.items()
                               if (n := newly_spun(v, p, s, k))})
                lines.append(f"| {p} | {s} | {k} | " + " | ".join(
                    f"+{newly_spun(groups[g], p, s, k)}" for g in names) + " | "
                    + ", ".join(f"{g} {n}" for g, n in top.most_common(3)) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--max-records", type=int, default=1500)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--unseen", action="store_true",
                    help="also bench/unseen_docs.py's sources (gathered as it gathers them)")
    ap.add_argument("--dir", type=Path, action="append", default=[],
                    help="also a folder of natural writing (repeatable)")
    ap.add_argument("--json", type=Path, help="write the passages read here")
    args = ap.parse_args(argv)

    spun, natural = dev_passages(args.max_records, args.jobs)
    groups: dict[str, list[Passage]] = {"dev spun": spun, "dev natural": natural}
    groups.update({f"hand {k}": v for k, v in hand_passages().items()})
    sources: dict[str, list[Passage]] = {}
    if args.unseen:
        sources.update(unseen_passages(args.jobs))
    for folder in args.dir:
        sources[folder.name] = folder_passages(folder, args.jobs)
    if sources:
        groups["natural, no model saw"] = [p for v in sources.values() for p in v]
    if args.json:
        args.json.write_text(json.dumps({"groups": groups, "sources": sources}))
    print(table(groups, sources))
    return 0


if __name__ == "__main__":
    sys.exit(main())
