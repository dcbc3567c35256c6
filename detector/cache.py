"""Results of unchanged files kept between runs of ``unspin check --cache``.

Analysing prose costs tens of microseconds a word, so a CI job or a pre-commit run over a
folder of documents spends nearly all its time re-reading files that did not change since the
last run. With the cache on, each file's report is stored under the cache folder and reused
when the same file is checked again with the same bytes, the same settings and the same
unspin: ruff's, mypy's and ESLint's ``--cache``.

What makes an entry valid:

- *Which entry*: one per file path and settings (prose kind, encoding, threshold, allowed
  phrases, ignored rules), so a folder's cache holds one entry a file, overwritten when the
  file changes, and never grows with the edits.
- *The file*: the SHA-256 of its bytes is stored in the entry and compared; a timestamp would
  miss a file rewritten within its resolution, and a checkout sets every timestamp anew.
- *The program*: entries live in a subfolder named by a fingerprint of unspin's version, its
  code files (names, sizes, modification times) and the models' manifest (every artifact's
  checksum), so an upgrade, a retrained model or an edited source file starts a fresh
  subfolder; the stale ones are removed when it is made.

The cache never decides a result: an entry that cannot be read, parsed or matched is a miss,
and one that cannot be written is skipped, silently. A file read in chunks (larger than
:data:`detector.stream.STREAM_MIN_BYTES` and not a document) is not cached: its report can
be as large as the file. The folder holds a ``CACHEDIR.TAG`` and a ``.gitignore`` of ``*``,
so backup tools and git leave it alone. Entries are JSON, never pickle: a report is rebuilt
field by field (:func:`report_from_dict`), with scores exact (JSON keeps a float's every
digit), unlike the rounded ``--format json`` report.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, NamedTuple

from .report import NATURAL, SPUN, UNSUPPORTED, Finding, Passage, Report, Sentence

LABELS = frozenset({SPUN, NATURAL, UNSUPPORTED})

__all__ = ["Settings", "fingerprint", "load", "report_from_dict", "report_to_dict", "store"]

FORMAT = "unspin-cache"
VERSION = 1
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by unspin.\n"
        "# For information about cache directory tags see https://bford.info/cachedir/\n")
_SUBFOLDER = re.compile(r"[0-9a-f]{16}")


class Settings(NamedTuple):
    """What, besides the file's bytes, decides its report."""

    kind: str
    encoding: str | None
    threshold: float | None
    allowed: tuple[str, ...]
    ignore: tuple[str, ...]


@functools.cache
def fingerprint() -> str:
    """Sixteen hex digits naming this unspin: its version, code and models."""
    from . import __version__, resources

    h = hashlib.sha256(f"{FORMAT}/{VERSION} {__version__}\n".encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        st = path.stat()
        h.update(f"{path.relative_to(package).as_posix()} {st.st_size} {st.st_mtime_ns}\n"
                 .encode())
    h.update(json.dumps(resources.manifest(), sort_keys=True).encode())
    return h.hexdigest()[:16]


def _entry_path(folder: str | os.PathLike[str], path: str, settings: Settings) -> Path:
    key = json.dumps([os.path.abspath(path), *settings], ensure_ascii=False)
    name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return Path(folder) / fingerprint() / f"{name}.json"


def load(folder: str | os.PathLike[str], path: str, settings: Settings,
         data: bytes) -> Report | None:
    """The report stored for ``path`` read as ``data`` under ``settings``, or None."""
    try:
        entry = json.loads(_entry_path(folder, path, settings).read_bytes())
        if (entry.get("format") != FORMAT or entry.get("version") != VERSION
                or entry.get("sha256") != hashlib.sha256(data).hexdigest()):
            return None
        report = report_from_dict(entry["report"])
    except Exception:  # missing, unreadable, truncated, hand-edited: all a miss
        return None
    return report if _well_formed(report) else None


def store(folder: str | os.PathLike[str], path: str, settings: Settings, data: bytes,
          report: Report) -> None:
    """Keep ``report`` as the result for ``path`` read as ``data`` under ``settings``."""
    try:
        target = _entry_path(folder, path, settings)
        entry = {"format": FORMAT, "version": VERSION, "path": os.path.abspath(path),
                 "sha256": hashlib.sha256(data).hexdigest(), "report": report_to_dict(report)}
        if not target.parent.is_dir():
            _make_subfolder(Path(folder), target.parent)
        # Through a temporary file and a rename, so a reader never sees half an entry; no
        # fsync: a lost entry is only a miss.
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except Exception:  # a read-only checkout, a full disk: the check goes on without it
        pass


def _make_subfolder(folder: Path, sub: Path) -> None:
    try:
        folder.mkdir(parents=True)
        made = True
    except FileExistsError:
        made = False
    tag = folder / "CACHEDIR.TAG"
    # Tagged (and hidden from git) only when the folder is the cache's own: new or empty. A
    # --cache-dir pointed at a folder of the user's by mistake gets no .gitignore of "*".
    if made or not any(folder.iterdir()):
        tag.write_text(_TAG, encoding="utf-8")
        (folder / ".gitignore").write_text("# Created by unspin.\n*\n", encoding="utf-8")
    # The entries of another unspin (an older version, other models) are never read again.
    # Only subfolders named as this module names them, in a folder it tagged, are removed.
    if tag.is_file() and tag.read_text(encoding="utf-8", errors="replace") == _TAG:
        for old in folder.iterdir():
            if (old.name != sub.name and _SUBFOLDER.fullmatch(old.name) and old.is_dir()
                    and not old.is_symlink()):
                shutil.rmtree(old, ignore_errors=True)
    sub.mkdir(exist_ok=True)


def _well_formed(report: Report) -> bool:
    """Whether every field of a report read back has the type and range analysis gives it:
    an entry that parses but was edited ("probability": null, a finding's "text": 7) would
    otherwise fail in the output formats or change an exit status, where it must be a miss."""
    def number(x: object, low: float = 0.0, high: float = 1.0) -> bool:
        return type(x) in (int, float) and low <= x <= high  # type: ignore[operator]

    def count(x: object) -> bool:
        return type(x) is int and x >= 0

    def window(w: Passage | Sentence) -> bool:
        return (all(count(v) for v in (w.start, w.end, w.line, w.words))
                and number(w.probability) and w.label in LABELS)

    def finding(f: Finding) -> bool:
        return (all(count(v) for v in (f.start, f.end, f.line, f.column))
                and type(f.text) is str and type(f.rule) is str and number(f.score)
                and all(type(x) is str for x in f.suggestions)
                and all(type(k) is str and (type(v) is str or number(v, -math.inf, math.inf))
                        for k, v in f.evidence))

    return bool(
        number(report.probability) and report.label in LABELS and count(report.words)
        and number(report.threshold) and type(report.language) is str
        and all(type(n) is str for n in report.notes)
        and all(type(p) is Passage and window(p) and count(p.findings)
                for p in report.passages)
        and all(type(s) is Sentence and window(s) for s in report.sentences)
        and all(type(f) is Finding and finding(f) for f in report.findings))


def report_to_dict(report: Report) -> dict[str, Any]:
    """``report`` as plain JSON values, every number exact (:func:`report_from_dict`)."""
    return asdict(report)


def report_from_dict(d: dict[str, Any]) -> Report:
    """The :class:`Report` that :func:`report_to_dict` gave ``d`` for."""

    def findings(items: Sequence[dict[str, Any]]) -> tuple[Finding, ...]:
        return tuple(
            Finding(**{**f, "suggestions": tuple(f["suggestions"]),
                       "evidence": tuple((k, v) for k, v in f["evidence"])})
            for f in items
        )

    return Report(
        **{**d,
           "passages": tuple(Passage(**p) for p in d["passages"]),
           "findings": findings(d["findings"]),
           "notes": tuple(d["notes"]),
           "sentences": tuple(Sentence(**s) for s in d["sentences"])},
    )
