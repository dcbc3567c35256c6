"""Build ``models/fingerprints.json`` and ``models/spin_table.json`` from the PPS rows.

- ``fingerprints.json``: every parsed row of ``../shared/data/pps_fingerprints_train.csv``
  (``corpus.sources.pps_fingerprints``) as a query for :class:`detector.fingerprints.Matcher`:
  tortured phrase, required and excluded phrases, proximity window, cleaned expected phrase
  and paper count. Credited in the file: Problematic Paper Screener, Cabanac, Labbé,
  Magazinov, CC BY 4.0.
- ``spin_table.json``: :func:`detector.fingerprints.learn_spin_table` on all rows, with the
  thesaurus in ``models_dir`` (build it first) as the relatedness test for the alignment of
  phrases of different length.

Run ``python -m corpus.build_fingerprints``; deterministic. ``--coverage`` prints how often the
thesaurus and a cross-validated spin table propose the expected wording for the PPS rows.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from corpus import sources
from corpus.artifacts import MODELS, update_manifest, write_json
from detector import fingerprints as fpm
from detector.fingerprints import learn_spin_table
from detector.thesaurus import FILENAME as THESAURUS_FILE
from detector.thesaurus import Thesaurus

__all__ = ["build", "coverage", "fingerprint_records", "learn_spin_table", "load_thesaurus"]

SOURCE = {
    "name": "Problematic Paper Screener (PPS) tortured-phrase fingerprints",
    "credit": fpm.CREDIT,
    "licence": "CC BY 4.0",
    "url": "https://www.irit.fr/~Guillaume.Cabanac/problematic-paper-screener",
}


def fingerprint_records(rows: list[sources.Fingerprint]) -> list[dict]:
    out = []
    for fp in rows:
        expected = fp.expected if any(c.isalpha() for c in fp.expected) else ""
        rec = {"phrase": fp.phrase, "expected": expected, "papers": fp.papers}
        # Empty conditions are left out to keep the file small.
        if fp.require[1:]:
            rec["require"] = list(fp.require[1:])
        if fp.exclude:
            rec["exclude"] = list(fp.exclude)
        if fp.window:
            rec["window"] = fp.window
        out.append(rec)
    out.sort(
        key=lambda r: (
            -r["papers"], r["phrase"], r["expected"], r.get("require", []), r.get("exclude", [])
        )
    )
    return out


def load_thesaurus(models_dir: Path) -> Thesaurus | None:
    """The thesaurus artifact in ``models_dir`` read directly (no manifest check)."""
    path = Path(models_dir) / THESAURUS_FILE
    if not path.is_file():
        return None
    with np.load(path, allow_pickle=False) as z:
        return Thesaurus({k: z[k] for k in z.files if k != "__meta__"})


def build(models_dir: Path = MODELS, log=print) -> tuple[Path, Path]:
    t0 = time.time()
    models_dir = Path(models_dir)
    rows = sources.pps_fingerprints()
    records = fingerprint_records(rows)
    fp_path = models_dir / fpm.FP_FILENAME
    write_json(
        fp_path,
        {
            "format": fpm.FP_FORMAT,
            "version": fpm.FP_VERSION,
            "meta": {**SOURCE, "rows": len(records)},
            "credit": fpm.CREDIT,
            "fingerprints": records,
        },
    )
    th = load_thesaurus(models_dir)
    if th is None:
        log("  no thesaurus in models dir: spin-table alignment without synonym links")
    table = learn_spin_table(rows, related=th.is_related if th else None)
    st_path = models_dir / fpm.ST_FILENAME
    write_json(
        st_path,
        {
            "format": fpm.ST_FORMAT,
            "version": fpm.ST_VERSION,
            "meta": {**SOURCE, "rows": table["rows"], "aligned_with_thesaurus": th is not None},
            "credit": fpm.CREDIT,
            **table,
        },
    )
    update_manifest(models_dir)
    log(
        f"wrote {fp_path} ({fp_path.stat().st_size / 1e3:.0f} kB, {len(records)} fingerprints), "
        f"{st_path} ({st_path.stat().st_size / 1e3:.0f} kB, {len(table['entries'])} spun forms) "
        f"in {time.time() - t0:.0f}s"
    )
    return fp_path, st_path


def coverage(models_dir: Path = MODELS, folds: int = 5) -> dict[str, float]:
    """How often the candidates contain the expected wording, over the PPS rows.

    Each usable row is aligned (as in :func:`learn_spin_table`) into replacement segments
    (spun -> original); a segment is covered when its original is among the candidates for
    its spun words. Candidates come from the thesaurus alone, from a spin table learned on
    the other folds (``folds``-fold cross-validation grouped by expected phrase, the folds of
    :func:`corpus.train_phrase_ranker.fold_of`), or both.
    Rates are over segments, over rows (all segments covered) and over rows weighted by
    paper count.
    """
    from corpus.train_phrase_ranker import fold_of

    th = load_thesaurus(Path(models_dir))
    if th is None:
        raise SystemExit("build the thesaurus first")
    rows = [
        r
        for r in sources.pps_fingerprints()
        if any(c.isalpha() for c in r.expected) and "http" not in r.expected
    ]
    # The folds of the restorer's cross-validation (grouped by expected phrase).
    row_fold = fold_of(rows, folds)
    tables = [
        fpm.SpinTable(
            learn_spin_table(
                [r for r, f in zip(rows, row_fold, strict=True) if f != k],
                related=th.is_related,
            )
        )
        for k in range(folds)
    ]
    views = {
        "thesaurus": lambda s, t: th.sources_of(s),
        "spin_table_cv": lambda s, t: t.sources_of(s),
        "both": lambda s, t: th.sources_of(s) + t.sources_of(s),
    }
    counts = {k: [0, 0, 0.0] for k in views}  # segments, rows, paper-weighted rows
    n_rows = n_segs = 0
    papers = 0.0
    for r, f in zip(rows, row_fold, strict=True):
        spun = fpm.phrase_words(fpm._PARENS.sub(" ", r.phrase))
        orig = fpm.phrase_words(fpm._PARENS.sub(" ", r.expected))
        if not spun or not orig or len(orig) > 8 or spun == orig:
            continue
        segs = fpm.align(spun, orig, th.is_related)
        if not segs:
            continue
        table = tables[f]
        n_rows += 1
        n_segs += len(segs)
        papers += r.papers
        for name, view in views.items():
            hit = sum(
                " ".join(o) in {c.text for c in view(" ".join(s), table)} for s, o in segs
            )
            counts[name][0] += hit
            counts[name][1] += hit == len(segs)
            counts[name][2] += r.papers * (hit == len(segs))
    out: dict[str, float] = {"rows": n_rows, "segments": n_segs}
    for name, (segs_hit, rows_hit, paper_hit) in counts.items():
        out[f"{name}_segments"] = round(segs_hit / max(1, n_segs), 3)
        out[f"{name}_rows"] = round(rows_hit / max(1, n_rows), 3)
        out[f"{name}_rows_by_papers"] = round(paper_hit / max(1.0, papers), 3)
    return out


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = Path(args[0]) if args else MODELS
    if "--coverage" in sys.argv:
        for key, value in coverage(target).items():
            print(f"{key}: {value}")
    else:
        build(target)
