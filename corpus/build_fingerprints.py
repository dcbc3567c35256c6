"""Build ``models/fingerprints.json`` and ``models/spin_table.json`` from the PPS rows.

- ``fingerprints.json``: every parsed row of ``../shared/data/pps_fingerprints_train.csv``
  (``corpus.sources.pps_fingerprints``) as a query for :class:`detector.fingerprints.Matcher`:
  tortured phrase, required and excluded phrases, proximity window, cleaned expected phrase
  and paper count. Credited in the file: Problematic Paper Screener, Cabanac, Labbé,
  Magazinov, CC BY 4.0.
- ``spin_table.json``: :func:`detector.fingerprints.learn_spin_table` on all rows, with the
  thesaurus in ``models_dir`` (build it first) as the relatedness test for the alignment of
  phrases of different length.

Run ``python -m corpus.build_fingerprints``; deterministic.
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

__all__ = ["build", "fingerprint_records", "learn_spin_table", "load_thesaurus"]

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


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else MODELS)
