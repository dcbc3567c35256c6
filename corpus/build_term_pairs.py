"""Build ``models/term_pairs.npz``: word pairs of scientific and technical writing.

A tortured phrase is a term rebuilt word by word ("support vector machine" -> "help vector
system", "feature selection" -> "highlight choice"). Telling it from a field's own
wording, and restoring it, both need to know which word pairs form terms. The general bigram
tables (:mod:`detector.baselines`) are built from broadcast news and web counts: they know
"blood pressure" but not "support vector" or "feature selection" (of the PPS list's
expected phrases, 35% have every adjacent pair in them). The PPS list's own expected phrases
are a term list, but only of the terms it has met; next year's tortured phrase is of a term
it has not.

This builder reads the HTML manuals of scientific Python libraries that Debian packages
(statistics, machine learning, signal and image processing, astronomy, neuroimaging,
medical imaging, materials science, bioinformatics, symbolic mathematics; permissive
licences only, listed in :data:`SOURCES`; not the API references that
``bench/unseen_docs.py`` reads as docstrings, :data:`NOT_READ`), keeps their running prose
(no code, tables, navigation or maths), and counts adjacent word pairs, as
:mod:`detector.tokens` splits words (hyphens split compounds). A pair is kept when it occurs
at least :data:`MIN_COUNT` times in at least :data:`MIN_FILES` files of at least
:data:`MIN_PACKAGES` packages: a library's own identifiers recur within its manual, a
field's terms across manuals.

Stored are the pairs' 64-bit keys (:func:`detector.terminology.pair_key`), sorted; no text.
Run ``python -m corpus.build_term_pairs`` (needs the Debian packages below; deterministic
for the same package versions).
"""

from __future__ import annotations

import argparse
import html
import itertools
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from corpus.artifacts import MODELS, update_manifest, write_npz
from detector.terminology import FILENAME, FORMAT, VERSION, pair_key
from detector.tokens import tokenize

__all__ = ["MIN_COUNT", "MIN_FILES", "MIN_PACKAGES", "NOT_READ", "SOURCES", "build", "count_pairs"]

DOC_ROOT = Path("/usr/share/doc")
#: Debian package -> licence of its manual (``/usr/share/doc/PACKAGE/copyright``).
SOURCES = {
    "python-sklearn-doc": "BSD-3-Clause",
    "python-scipy-doc": "BSD-3-Clause",
    "python-statsmodels-doc": "BSD-3-Clause",
    "python-skimage-doc": "BSD-3-Clause",
    "python-astropy-doc": "BSD-3-Clause",
    "python-dipy-doc": "BSD-3-Clause",
    "python-nibabel-doc": "MIT",
    "python-pydicom-doc": "MIT",
    "python-pymatgen-doc": "MIT",
    "python-skbio-doc": "BSD-3-Clause",
    "python-sympy-doc": "BSD-3-Clause",
    "python-xarray-doc": "Apache-2.0",
    "python-pywt-doc": "MIT",
    "python-sfepy-doc": "BSD-3-Clause",
    "python-simpy3-doc": "MIT",
}
# Pages made from the docstrings that bench/unseen_docs.py reads as natural writing never
# seen in training (its "docstrings" source: scikit-learn's and SciPy's): their API
# references are left out, so that the bench stays unseen.
NOT_READ = {
    "python-sklearn-doc": "generated",
    "python-scipy-doc": "reference",
}
MIN_COUNT, MIN_FILES, MIN_PACKAGES = 2, 2, 1

# Elements that hold no running prose: code, maths, tables, page furniture.
_NOT_PROSE = re.compile(
    r"<(pre|script|style|code|tt|kbd|samp|math|head|nav|footer|header|table|dt|h[1-6])\b.*?</\1>",
    re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
# A run of words is cut at any mark that ends a phrase: pairs never cross them.
_PHRASE = re.compile(r"[^.;:!?()\[\]{}\"“”,|=<>/\\*#_`~+^&%$@]+")
_LETTERS = re.compile(r"[a-z]+(?:'[a-z]+)?")


def _prose(page: str) -> Iterator[str]:
    """The running prose of an HTML page, paragraph by paragraph."""
    body = re.search(r"<body.*", page, re.S | re.I)
    page = _NOT_PROSE.sub(" . ", body.group(0) if body else page)
    text = html.unescape(_TAG.sub(" ", page))
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if len(para) >= 40:
            yield para


def _pairs_of(paragraph: str) -> Iterator[tuple[str, str]]:
    for phrase in _PHRASE.findall(paragraph):
        words = [t.norm for t in tokenize(phrase) if t.kind != "punct" or t.text != "-"]
        for a, b in itertools.pairwise(words):
            # Only plain words: identifiers with digits or underscores are a library's names.
            if _LETTERS.fullmatch(a) and _LETTERS.fullmatch(b) and len(a) < 30 and len(b) < 30:
                yield a, b


def count_pairs(packages: dict[str, str] = SOURCES
                ) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], set[int]],
                           dict[tuple[str, str], set[str]], int]:
    """Pair counts, the files and packages each pair occurs in, and the words read.
    A paragraph met twice (page furniture, repeated docstrings) is read once."""
    counts: Counter[tuple[str, str]] = Counter()
    files: dict[tuple[str, str], set[int]] = defaultdict(set)
    where: dict[tuple[str, str], set[str]] = defaultdict(set)
    seen: set[int] = set()
    words = 0
    n_file = 0
    for package in packages:
        folder = DOC_ROOT / package
        pages = sorted(p for p in folder.rglob("*.html")
                       if NOT_READ.get(package) not in p.relative_to(folder).parts)
        if not pages:
            raise SystemExit(f"no HTML manual in {folder}: apt-get install {package}")
        for page in pages:
            n_file += 1
            for para in _prose(page.read_text(encoding="utf-8", errors="replace")):
                h = hash(para)
                if h in seen:
                    continue
                seen.add(h)
                words += para.count(" ") + 1
                for pair in _pairs_of(para):
                    counts[pair] += 1
                    files[pair].add(n_file)
                    where[pair].add(package)
    return counts, files, where, words


def build(models_dir: Path = MODELS, min_count: int = MIN_COUNT, min_files: int = MIN_FILES,
          min_packages: int = MIN_PACKAGES) -> Path:
    counts, files, where, words = count_pairs()
    kept = [p for p, c in counts.items()
            if c >= min_count and len(files[p]) >= min_files and len(where[p]) >= min_packages]
    keys = np.unique(np.array([pair_key(a, b) for a, b in kept], dtype=np.uint64))
    out = models_dir / FILENAME
    write_npz(out, {"keys": keys}, {
        "format": FORMAT, "version": VERSION,
        "sources": {p: f"Debian {p}, {lic}" for p, lic in SOURCES.items()},
        "words_read": words, "pairs_counted": len(counts), "pairs_kept": len(keys),
        "min_count": min_count, "min_files": min_files, "min_packages": min_packages,
    })
    update_manifest(models_dir)
    print(f"{words:,} words, {len(counts):,} pairs, {len(keys):,} kept", file=sys.stderr)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-count", type=int, default=MIN_COUNT)
    ap.add_argument("--min-files", type=int, default=MIN_FILES)
    ap.add_argument("--min-packages", type=int, default=MIN_PACKAGES)
    ap.add_argument("--out", type=Path, default=MODELS)
    a = ap.parse_args()
    print(f"wrote {build(a.out, a.min_count, a.min_files, a.min_packages)}", file=sys.stderr)
