"""Build ``models/spun_names.json``: names of institutions as news spinners render them.

A news spinner's dictionary rewrites the words of names as it rewrites every other word:
"UN Security Council" becomes "UN Safety Council", "Health Ministry" "Well being Ministry",
"Reserve Bank" "Reserve Financial institution" (the spun seed story has the first, a hand
spinner's news articles the others). A thesaurus holds the words but not the names, and the
span model, which learned that capitalised words are rarely a spinner's, scores such a name
low (model card item 37). ``corpus/spun_names.tsv`` (written by the unspin developers, one
``original<TAB>spun`` pair per line) lists renderings that are no one's name; this builder
writes them as ``{"names": [[spun, original], ...]}``, read by :mod:`detector.names`.

Run ``python -m corpus.build_spun_names``; deterministic.
"""

from __future__ import annotations

import sys
from pathlib import Path

from corpus.artifacts import MODELS, update_manifest, write_json

__all__ = ["FILENAME", "FORMAT", "SOURCE", "VERSION", "build", "read_pairs"]

SOURCE = Path(__file__).resolve().parent / "spun_names.tsv"
FILENAME, FORMAT, VERSION = "spun_names.json", "unspin-spun-names", 1


def read_pairs(path: Path = SOURCE) -> list[tuple[str, str]]:
    """``(original, spun)`` pairs of the source file, lower-case, in file order."""
    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#") or line == "original\tspun":
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 2 or not all(parts) or parts[0].lower() == parts[1].lower():
            raise ValueError(f"{path.name}:{n}: expected 'original<TAB>spun', two wordings")
        if len(parts[1].split()) < 2:
            raise ValueError(f"{path.name}:{n}: a spun name has two words or more")
        pairs.append((parts[0].lower(), parts[1].lower()))
    return pairs


def build(models_dir: Path = MODELS) -> Path:
    out = models_dir / FILENAME
    pairs = read_pairs()
    names = sorted({(spun, original) for original, spun in pairs})
    write_json(out, {"format": FORMAT, "version": VERSION, "source": SOURCE.name,
                     "names": [list(p) for p in names]})
    update_manifest(models_dir)
    return out


if __name__ == "__main__":
    print(f"wrote {build()}", file=sys.stderr)
