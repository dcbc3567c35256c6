"""Sharp evidence under a text's score: the measurement behind ``SPUN_TEXT_SHARP_SHARE`` in
``detector/analyzer.py`` (model card, item 80).

    python -m bench.sharp_evidence                          # the bar, from the dev split
    python -m bench.sharp_evidence --dir /tmp/unseen/moby   # and where a folder's texts fall

A text whose whole-text score reaches ``FINDING_SUPPORT_P`` puts all its words in spun
company, and the context span model then reads each of them as a spinner's likely work. The
passage model's register features (gains over candidates, PMI, the mean span score) bring a
writer with a rich vocabulary to the same score: Moby-Dick's chapters reach 0.98-0.998. What
they lack is what a spinner leaves: words the span model alone finds odd at 0.8 or more. The
measure is their number per word whose best candidate makes the context a hundred times more
probable (the passage features ``frac_p80`` / ``gain_gt2``, both shares of the same content
words).

For the spun texts of the dev split (records and records joined into documents, as
``python -m corpus.train`` draws them for ``--seed``) whose whole-text score reaches
``FINDING_SUPPORT_P``, the script prints the measure's low quantiles; the shipped bar is the
one that keeps 99% of them. With ``--dir``, the same for every ``*.txt`` file of a folder (the
files whose whole text reaches ``FINDING_SUPPORT_P``, how many of them are under the bar).
The natural dev texts that reach the score are counted too (too few to set a bar on).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

KEEP = (0.995, 0.99, 0.98, 0.95)


def _column(rows: np.ndarray, name: str) -> np.ndarray:
    from detector.features import PASSAGE_FEATURES

    return rows[:, PASSAGE_FEATURES.index(name)]


def sharpness(rows: np.ndarray) -> np.ndarray:
    """The measure for passage-feature rows (whole-text windows): the analyser's sharp
    feature over its broad one (:func:`detector.analyzer._sharp` compares the two)."""
    from detector.analyzer import BROAD_FEATURE, SHARP_FEATURE

    sharp, broad = _column(rows, SHARP_FEATURE), _column(rows, BROAD_FEATURE)
    return np.where(broad > 0, sharp / np.maximum(broad, 1e-12), np.inf)


def medians(rows: np.ndarray) -> str:
    """The medians of the measure's two shares over ``rows``."""
    from detector.analyzer import BROAD_FEATURE, SHARP_FEATURE

    return ", ".join(f"median {name} {np.median(_column(rows, name)):.3f}"
                     for name in (SHARP_FEATURE, BROAD_FEATURE))


def dev_rows(seed: int, max_dev: int, documents: int, jobs: int) -> tuple[np.ndarray, ...]:
    """Whole-text feature rows of the dev draw and their labels (1: spun)."""
    from corpus import train
    from detector.classifier import models

    args = argparse.Namespace(held_out="mythes", max_records=0, max_dev=max_dev,
                              documents=documents)
    _, dev, _, docs_dev = train.sample(train.load_records(), args, seed)
    items = train.evidence_all(dev + docs_dev, jobs)
    x, y, info = train.passage_matrix(items, models().span)
    whole = np.asarray([kind == "text" for kind, _, _ in info])
    return x[whole], y[whole]


def folder_rows(folder: Path) -> tuple[list[str], np.ndarray]:
    """Whole-text feature rows of a folder's ``*.txt`` files of two passages or more."""
    from detector import analyzer

    threshold = analyzer.models().threshold
    names, rows = [], []
    for path in sorted(folder.glob("*.txt")):
        ev = analyzer.evidence(path.read_text(encoding="utf-8", errors="replace"))
        if not ev.words:
            continue
        sc = analyzer.score_windows(ev, threshold)
        if sum(p is not None for p in sc.passage_p) < 2:
            continue
        names.append(path.name)
        rows.append(sc.windows.matrix([(0, len(ev.words))])[0])
    return names, np.asarray(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--max-dev", type=int, default=1500)
    ap.add_argument("--documents", type=int, default=400)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--dir", type=Path, action="append", default=[],
                    help="also measure this folder's *.txt files (repeatable)")
    args = ap.parse_args(argv)

    from detector.analyzer import FINDING_SUPPORT_P, SPUN_TEXT_SHARP_SHARE
    from detector.classifier import models

    passage = models().passage
    x, y = dev_rows(args.seed, args.max_dev, args.documents, args.jobs)
    p = passage.predict(x)
    high = p >= FINDING_SUPPORT_P
    spun = sharpness(x[high & (y == 1)])
    print(f"dev texts scoring {FINDING_SUPPORT_P} or more: {len(spun)} spun of "
          f"{int((y == 1).sum())} ({medians(x[high & (y == 1)])}), "
          f"{int((high & (y == 0)).sum())} natural of {int((y == 0).sum())} (all natural: "
          f"{medians(x[y == 0])})")
    for keep in KEEP:
        print(f"  bar keeping {keep:.1%} of the spun ones: {np.quantile(spun, 1 - keep):.4f}")
    print(f"  shipped bar {SPUN_TEXT_SHARP_SHARE}: keeps "
          f"{(spun >= SPUN_TEXT_SHARP_SHARE).mean():.2%}")
    for folder in args.dir:
        names, rows = folder_rows(folder)
        if not names:
            print(f"{folder}: no text of two passages or more")
            continue
        high = passage.predict(rows) >= FINDING_SUPPORT_P
        values = sharpness(rows[high])
        under = values < SPUN_TEXT_SHARP_SHARE
        print(f"{folder}: {len(names)} texts of two passages or more, {int(high.sum())} "
              f"scoring {FINDING_SUPPORT_P} or more ({medians(rows[high])}), "
              f"{int(under.sum())} of them under the bar; values "
              + ", ".join(f"{v:.3f}" for v in np.sort(values)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
