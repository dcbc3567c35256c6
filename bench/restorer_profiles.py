"""The restorer's first suggestions by spinner profile, and those only the spin table makes.

    python -m bench.restorer_profiles [--jobs 2] [--max-records 1500] [--dir FOLDER ...]

``bench/quality.py`` reports one restorer top-1 per group of the synthetic test split (seen
profiles, held-out profile). This splits it by spinner profile, on the same records in the
same order, and counts the findings whose first suggestion is a candidate of the PPS spin
table alone (no thesaurus or phrasebook links the observed word to it), with how many of
those are right. The spin table's pairs are segments of tortured phrases aligned with their
terms (model card, item 82): outside the ``pps`` and ``mixed`` profiles, which write them
into texts themselves, they are rarely the original.

``--dir`` also reads the ``.txt`` files of natural folders (State of the Union addresses,
novel chapters: ``bench/unseen_docs.py`` fetches some) and lists every substitution finding
whose first suggestion is the spin table's alone: on natural writing each is a wrong
suggestion on a false finding.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py


def _spin_table_only(observed: str, suggestion: str) -> bool:
    """Whether ``suggestion`` is, for ``observed``, a candidate of the spin table alone."""
    from detector.candidates import default
    from detector.restorer import from_spin_table_alone

    for o in default().options(observed):
        if o.text == suggestion:
            return from_spin_table_alone(o)
    return False


def record_rows(rec: dict[str, Any]) -> list[tuple[str, bool, bool]]:
    """``(profile, first suggestion right, first suggestion the spin table's alone)`` per
    finding over a substitution, judged as ``bench/quality.py`` does."""
    import detector
    from bench.quality import expected_restoration, norm

    text, subs = rec["spun"], rec.get("substitutions") or []
    out = []
    for f in detector.analyze(text).findings:
        judged = expected_restoration(text, subs, f)
        if judged is None:
            continue
        expected, a, b = judged
        right = norm(text[a : f.start] + f.suggestions[0] + text[f.end : b]) == expected
        out.append((rec["profile"], right,
                    _spin_table_only(norm(f.text), norm(f.suggestions[0]))))
    return out


def file_rows(path: str) -> list[tuple[str, str, str]]:
    """``(file, observed, first suggestion)`` of the substitution findings of a natural file
    whose first suggestion is the spin table's alone."""
    import detector
    from bench.quality import norm

    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return [(Path(path).name, f.text, f.suggestions[0])
            for f in detector.analyze(text).findings
            if f.rule == "substitution" and f.suggestions
            and _spin_table_only(norm(f.text), norm(f.suggestions[0]))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--max-records", type=int, default=1500, help="test records per group")
    ap.add_argument("--dir", type=Path, action="append", default=[],
                    help="a folder of natural .txt files (repeatable)")
    args = ap.parse_args(argv)

    from bench.quality import load_records, test_groups
    from detector.classifier import models

    held_out = models().meta.get("trained_on", {}).get("held_out_profile", "mythes")
    groups = test_groups(load_records(), held_out)
    print("| group | profile | findings over a substitution | first suggestion right | "
          "first suggestion the spin table's alone | of those right |")
    print("|---|---|---|---|---|---|")
    with ProcessPoolExecutor(args.jobs) as pool:
        for group in ("seen profiles", "held-out profile"):
            rows = [r for rs in pool.map(record_rows, groups[group][: args.max_records],
                                         chunksize=8) for r in rs]
            by: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
            for profile, right, spin in rows:
                by[profile].append((right, spin))
            for profile, rs in [("all", [(r, s) for _, r, s in rows]), *sorted(by.items())]:
                spin = [r for r, s in rs if s]
                print(f"| {group} | {profile} | {len(rs):,} | "
                      f"{sum(r for r, _ in rs) / len(rs):.3f} | {len(spin):,} | {sum(spin):,} |")
        for folder in args.dir:
            files = sorted(str(p) for p in folder.glob("*.txt"))
            hits = [h for hs in pool.map(file_rows, files, chunksize=4) for h in hs]
            print(f"\n{folder}: {len(files)} files, {len(hits)} substitution findings whose "
                  "first suggestion is the spin table's alone")
            for name, observed, suggestion in hits:
                print(f"  {name}: {observed!r} -> {suggestion!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
