"""Build ``models/phrasebook.json``: spinners' word <-> phrase rewrites, inverted.

Thesauri list synonyms of content words; article spinners also rewrite function words and
everyday words into wordier or odd equivalents ("since" -> "for the reason that",
"because" -> "as a result of", "trying to" -> "making an attempt to"). Those pairs are in no
thesaurus we ship, so the detector could never propose the original. ``corpus/phrasebook.tsv``
(written by the unspin developers, one ``original<TAB>spun`` pair per line) lists them; this
builder inverts it into ``{"entries": {spun: [[original, weight], ...]}}``, the layout of the
spin table, read by :class:`detector.fingerprints.SpinTable`. A single-word spun form of a
multiword original ("in order to" -> "so") is also listed the other way round, as the
simulator's ``phrase`` profile uses it both ways.

Run ``python -m corpus.build_phrasebook``; deterministic.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from corpus.artifacts import MODELS, update_manifest, write_json

__all__ = ["FORMAT", "SOURCE", "VERSION", "build", "read_pairs"]

SOURCE = Path(__file__).resolve().parent / "phrasebook.tsv"
FILENAME, FORMAT, VERSION = "phrasebook.json", "unspin-phrasebook", 1


_BLOCK = re.compile(r"# v(\d+):")


def read_pairs(path: Path = SOURCE, max_block: int | None = None) -> list[tuple[str, str]]:
    """``(original, spun)`` pairs of the source file, lower-case, in file order; with
    ``max_block``, only those of the blocks up to that one (the pairs before the first
    ``# vN:`` marker are block 1)."""
    pairs = []
    block = 1
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        marker = _BLOCK.match(line)
        if marker:
            block = int(marker.group(1))
        if not line.strip() or line.startswith("#") or line == "original\tspun":
            continue
        if max_block is not None and block > max_block:
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not all(p.strip() for p in parts):
            raise ValueError(f"{path.name}:{n}: expected 'original<TAB>spun'")
        pairs.append((parts[0].strip().lower(), parts[1].strip().lower()))
    return pairs


def entries(pairs: list[tuple[str, str]]) -> dict[str, list[list[object]]]:
    table: dict[str, dict[str, float]] = {}

    def add(spun: str, original: str) -> None:
        if spun != original:
            table.setdefault(spun, {}).setdefault(original, 1.0)

    for original, spun in pairs:
        add(spun, original)
        if " " in original and " " not in spun:
            add(original, spun)
    return {s: [[o, w] for o, w in sorted(origs.items())] for s, origs in sorted(table.items())}


def build(models_dir: Path = MODELS) -> Path:
    out = models_dir / FILENAME
    pairs = read_pairs()
    write_json(out, {"format": FORMAT, "version": VERSION, "source": SOURCE.name,
                     "pairs": len(pairs), "entries": entries(pairs)})
    update_manifest(models_dir)
    return out


if __name__ == "__main__":
    print(f"wrote {build()}", file=sys.stderr)
