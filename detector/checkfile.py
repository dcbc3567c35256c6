"""One file, analysed as ``unspin check`` analyses it: the pipeline the command line and
:func:`detector.analyze_file` share.

A file is read by its kind (:func:`detector.files.read`: documents through their converter,
text decoded strictly), reduced to its prose (:func:`prepare`: markup blanked by
:mod:`detector.prose`, suppressed regions by :mod:`detector.suppress`, offsets kept), and
analysed; a large text file is read and analysed in chunks (:mod:`detector.stream`); and in
a document read as paragraphs (Word, OpenDocument, EPUB, JATS) the positions are numbered by
paragraph (:mod:`detector.paragraphs`).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import NamedTuple

from .report import Report

__all__ = ["ANALYSIS_ARTIFACTS", "Checked", "analyze_file", "prepare"]

# The artifacts an analysis loads, in the order it loads them: their checksums are computed
# on a background thread while the prose is extracted (resources.check_ahead).
ANALYSIS_ARTIFACTS = ("classifier.json", "thesaurus.npz", "spin_table.json",
                      "phrasebook.json", "lexicon.npz", "ngrams.npz", "fingerprints.json",
                      "calibration.json")
# A streamed file up to this size is also read whole, for the writers that show its text.
KEEP_TEXT_BYTES = 16 * 1024 * 1024


class Checked(NamedTuple):
    """A file's report, and its text as analysed ("" for a large streamed file)."""

    report: Report
    text: str


def prepare(text: str, kind: str) -> str:
    """The text analyze() sees: prose only, suppressed regions blanked, same length."""
    from . import resources
    from .prose import extract
    from .suppress import apply

    resources.check_ahead(ANALYSIS_ARTIFACTS)
    return apply(text, extract(text, kind), kind)


def analyze_file(path: str | os.PathLike[str], *, kind: str | None = None,
                 encoding: str | None = None, text: str | None = None,
                 threshold: float | None = None, allowed: Collection[str] = (),
                 ignore: Collection[str] = (), keep_text: bool = True) -> Checked:
    """Analyse the file at ``path`` (or ``text`` already read from it, standard input's),
    its prose kind from its name unless ``kind`` is given. Without ``keep_text`` a large
    streamed file is not read a second time for :attr:`Checked.text` (left ""). Failures to
    read are :class:`~detector.files.FileError`."""
    from . import stream
    from .files import by_paragraph, read
    from .prose import kind_for_path

    kind = kind or kind_for_path(path)
    options = {"threshold": threshold, "allowed": allowed, "ignore": ignore}
    if text is None and stream.should_stream(os.fspath(path)):
        # Large: analysed in paragraph-aligned chunks, so memory is bounded by the chunk.
        report = stream.analyze_path(os.fspath(path), kind, encoding=encoding, **options)
        keep = keep_text and os.path.getsize(path) <= KEEP_TEXT_BYTES
        return Checked(report, read(path, encoding).text if keep else "")
    if text is None:
        text = read(path, encoding).text
    if len(text) > stream.STREAM_MIN_BYTES:  # long standard input, a long document
        report = stream.analyze_text(text, kind, **options)
    else:
        import detector  # the public entry (its argument checks), as a caller would

        report = detector.analyze(prepare(text, kind), **options)
    if by_paragraph(path):
        from .paragraphs import paragraph_lines

        report = paragraph_lines(report)
    return Checked(report, text)
