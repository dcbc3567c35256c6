"""One file, analysed as ``unspin check`` analyses it and restored as ``unspin restore``
restores it: the pipeline the command line and :func:`detector.analyze_file` share.

A file is read by its kind (:func:`detector.files.read`: documents through their converter,
text decoded strictly), reduced to its prose (:func:`prepare`: markup blanked by
:mod:`detector.prose`, suppressed regions by :mod:`detector.suppress`, offsets kept), and
analysed; a large text file is read and analysed in chunks (:mod:`detector.stream`); and in
a document read as paragraphs (Word, OpenDocument, EPUB, JATS) the positions are numbered by
paragraph (:mod:`detector.paragraphs`). Restoring rewrites the prose alone and carries the
edits back into the file's text (:func:`transplant`), a long text chunk by chunk too.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import os
import re
from collections.abc import Collection
from typing import NamedTuple

from .report import Report

__all__ = ["ANALYSIS_ARTIFACTS", "Checked", "analyze_file", "prepare", "replacement",
           "restore_text", "transplant"]

# The artifacts an analysis loads, in the order it loads them: their checksums are computed
# on a background thread while the prose is extracted (resources.check_ahead).
ANALYSIS_ARTIFACTS = ("classifier.json", "thesaurus.npz", "spin_table.json",
                      "phrasebook.json", "lexicon.npz", "ngrams.npz", "fingerprints.json",
                      "spun_names.json", "calibration.json")
# A streamed file up to this size is also read whole, for the writers that show its text.
KEEP_TEXT_BYTES = 16 * 1024 * 1024


class Checked(NamedTuple):
    """A file's report, and its text as analysed ("" for a large streamed file); ``prose``
    is that text as the analysis read it (:func:`prepare`), None when it was analysed in
    chunks."""

    report: Report
    text: str
    prose: str | None = None


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
                 ignore: Collection[str] = (), keep_text: bool = True,
                 notes_from: int | None = None) -> Checked:
    """Analyse the file at ``path`` (or ``text`` already read from it, standard input's,
    with ``notes_from`` as :attr:`detector.files.Decoded.notes_from` gave it), its prose kind
    from its name unless ``kind`` is given. Without ``keep_text`` a large streamed file is
    not read a second time for :attr:`Checked.text` (left ""). Failures to read are
    :class:`~detector.files.FileError`."""
    from . import stream
    from .files import by_paragraph, read
    from .prose import kind_for_path

    kind = kind or kind_for_path(path)
    options = {"threshold": threshold, "allowed": allowed, "ignore": ignore}
    if text is None and stream.should_stream(os.fspath(path)):
        # Large: analysed in paragraph-aligned chunks, so memory is bounded by the chunk.
        report = _as_read(stream.analyze_path(os.fspath(path), kind, encoding=encoding,
                                              **options))
        keep = keep_text and os.path.getsize(path) <= KEEP_TEXT_BYTES
        return Checked(report, read(path, encoding).text if keep else "")
    if text is None:
        decoded = read(path, encoding)
        text, notes_from = decoded.text, decoded.notes_from
    prose = None
    if stream.too_long(text):  # long standard input, a long document
        report = stream.analyze_text(text, kind, **options)
    else:
        import detector  # the public entry (its argument checks), as a caller would

        prose = prepare(text, kind)
        report = detector.analyze(prose, **options)
    report = _as_read(report)
    if by_paragraph(path):
        from .paragraphs import paragraph_lines

        report = paragraph_lines(report)
    if notes_from is not None:
        from .report import NOTES_FROM

        report = dataclasses.replace(report, notes=(*report.notes, f"{NOTES_FROM} {notes_from}"))
    return Checked(report, text, prose)


def _as_read(report: Report) -> Report:
    """``report`` with its findings' text as read: without the word joiners that pad a
    character reference decoded inside a word ("final yr&rsquo;s" is read "final yr’s" and
    six joiners, which a JSON report would otherwise spell out as \\u2060), and with a plain
    space where italics markup was ("final *yr*" is "final  yr", not "final \\u205fyr")."""
    from .prose import EMPHASIS, JOINER

    if not any(JOINER in f.text or EMPHASIS in f.text for f in report.findings):
        return report
    findings = tuple(
        dataclasses.replace(f, text=f.text.replace(JOINER, "").replace(EMPHASIS, " "))
        for f in report.findings)
    return dataclasses.replace(report, findings=findings)


# A restored long text is restored again until a pass changes nothing (as detector.restore
# repeats its rounds on one text): its chunks are cut where its own length puts them, so
# this is what makes a second restore of the result change nothing.
MAX_RESTORE_PASSES = 4


def restore_text(text: str, kind: str | None, *, threshold: float | None = None,
                 allowed: Collection[str] = (), ignore: Collection[str] = ()) -> str:
    """``text``, a file's decoded text of prose kind ``kind`` (None: prose already, as
    :func:`detector.restore` takes it), with its confident findings restored in its prose
    only. A text longer than :data:`detector.stream.STREAM_MIN_BYTES` is restored in the
    chunks ``check`` analyses it in, so memory is bounded by the chunk, not the file."""
    import detector

    from . import stream
    from .analyzer import restore as restore_prose

    # A file's prose goes through the public entry, as a caller's would; detector.restore's
    # own text (kind None) goes straight to the analyzer, which never comes back here.
    restore = restore_prose if kind is None else detector.restore
    options = {"threshold": threshold, "allowed": allowed, "ignore": ignore}
    if not stream.too_long(text):
        if kind is None:
            return restore(text, **options)
        prose = prepare(text, kind)
        return transplant(text, prose, restore(prose, **options))
    for _ in range(MAX_RESTORE_PASSES):
        new = "".join(restore(prose, **options) if kind is None
                      else transplant(chunk, prose, restore(prose, **options))
                      for chunk, prose in stream.prepared(stream.split_text(text), kind))
        if new == text:
            break
        text = new
    return text


_PIECE_RE = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _references_only(original: str, prose: str) -> bool:
    """Whether ``original`` differs from its ``prose`` only by character references that
    prose extraction decoded inside words ("Offici&#1072;ls", a word disguised with one, or
    "don&#8217;t"): no markup, nothing blanked, so rewriting the words rewrites no markup."""
    import html

    from .prose import JOINER

    return ("&" in original and "<" not in original
            and html.unescape(original) == prose.replace(JOINER, ""))


def replacement(original: str, prose: str, start: int, end: int, wording: str) -> str | None:
    """What replaces ``original[start:end]`` when a person puts ``wording`` in place of the
    prose there (``restore --interactive``, an editor's quick fix): ``wording`` itself, with
    a character reference inside kept as written ("last year&rsquo;s") and markup between
    its words where it was ("final *yr" -> "last *year"), or None when the markup cannot be
    kept so ("*final yr*s"; a wording of another number of words), since replacing the span
    would break it."""
    if original[start:end] == prose[start:end]:
        return wording
    if _references_only(original[start:end], prose[start:end]):
        return _transplant_pieces(original[start:end], prose[start:end], wording)
    pieces = [m.span() for m in _PIECE_RE.finditer(prose, start, end)]
    return _around_markup(original, prose, pieces, _PIECE_RE.findall(wording))


def _around_markup(original: str, prose: str, pieces: list[tuple[int, int]],
                   new: list[str]) -> str | None:
    """What replaces the ``pieces`` (offsets of words, spaces and marks of ``prose``) when
    ``new`` (as many pieces) replaces them one for one and markup sits only in the spaces
    between words: "final *yr" becomes "last *year", the markup kept where it was. None when
    the pieces do not pair up so, or when markup sits inside a word."""
    if len(pieces) != len(new):
        return None
    out = []
    for (s, e), wording in zip(pieces, new, strict=True):
        if original[s:e] == prose[s:e]:
            out.append(wording)
        elif prose[s:e].isspace() and wording.isspace():
            out.append(original[s:e])  # the markup between two words
        else:
            return None
    return "".join(out)


def transplant(original: str, prose: str, restored: str) -> str:
    """Apply the edits that turned ``prose`` into ``restored`` to ``original``.

    ``prose`` is ``original`` with non-prose blanked, so an edit inside prose maps to the same
    offsets in ``original``. Edits that would touch blanked characters (markup, code,
    suppressed text) are dropped, which keeps code blocks and link targets byte for byte.

    The texts are aligned line by line, and word by word only inside the lines that differ:
    a restore rewrites a few words of a few lines, and aligning every word of a long text at
    once costs time that grows with the square of its length (45 s for 10,000 words).
    """
    a_lines = prose.splitlines(keepends=True)
    b_lines = restored.splitlines(keepends=True)
    starts = list(itertools.accumulate((len(line) for line in a_lines), initial=0))
    out = []
    pos = 0
    # Blank and blanked lines repeat by the thousand: as difflib's "popular" lines they do
    # not anchor the alignment (autojunk), the prose lines do.
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a_lines, b_lines).get_opcodes():
        if op == "equal":
            continue
        start, end = starts[i1], starts[i2]
        out.append(original[pos:start])
        out.append(_transplant_pieces(original[start:end], prose[start:end],
                                      "".join(b_lines[j1:j2])))
        pos = end
    out.append(original[pos:])
    return "".join(out)


def _edits(opcodes: list[tuple[str, int, int, int, int]], new: list[str]
           ) -> list[list[tuple[int, int, int, int]]]:
    """The changed ranges ``(i1, i2, j1, j2)`` of an alignment of pieces, grouped: changes
    that only white space keeps apart are one group. A finding rewritten over markup
    ("*counterfeit* consciousness stated" -> "*artificial* intelligence said") aligns word
    against word in any order ("stated" against "intelligence"), and kept or dropped change
    by change it came out as "*counterfeit* consciousness intelligence said"."""
    groups: list[list[tuple[int, int, int, int]]] = []
    for k, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            continue
        joined = groups and k >= 2 and groups[-1][-1][1] == opcodes[k - 1][1] and all(
            p.isspace() for p in new[opcodes[k - 1][3] : opcodes[k - 1][4]])
        if joined:
            groups[-1].append((i1, i2, j1, j2))
        else:
            groups.append([(i1, i2, j1, j2)])
    return groups


# Pieces aligned at once (below) and the window a longer run of them is aligned in.
_WHOLE_PIECES = 600
_WINDOW_PIECES = 200


def _piece_opcodes(a: list[str], b: list[str], whole: int = _WHOLE_PIECES,
                   window: int = _WINDOW_PIECES) -> list[tuple[str, int, int, int, int]]:
    """:meth:`difflib.SequenceMatcher.get_opcodes` of ``a`` against ``b`` (pieces: words,
    spaces, marks), found a window at a time when they are long.

    Aligning thousands of pieces at once costs time that grows with the square of their
    number: spaces and common words match everywhere (one 100 KB line of spun sentences took
    over 15 minutes to restore). A restore changes a few words at a time, so an alignment
    found in a window is trusted up to its last run of equal pieces that ends clear of the
    window's far edge (beyond it the window may have cut a change in two), and the next
    window starts there; a window without such a run is doubled.
    """
    if len(a) <= whole and len(b) <= whole:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    size = window
    while True:
        k = 0
        while i + k < len(a) and j + k < len(b) and a[i + k] == b[j + k]:
            k += 1
        if k:
            out.append(("equal", i, i + k, j, j + k))
            i, j = i + k, j + k
        last = len(a) - i <= size and len(b) - j <= size
        ops = difflib.SequenceMatcher(None, a[i : i + size], b[j : j + size],
                                      autojunk=False).get_opcodes()
        if not last:
            edge = size - size // 4
            anchors = [n for n, op in enumerate(ops)
                       if op[0] == "equal" and op[2] <= edge and op[4] <= edge]
            if not anchors:
                size *= 2
                continue
            ops = ops[: anchors[-1] + 1]
            size = window
        out.extend((op, i + i1, i + i2, j + j1, j + j2) for op, i1, i2, j1, j2 in ops)
        if last:
            return _merged(out)
        i, j = out[-1][2], out[-1][4]


def _merged(opcodes: list[tuple[str, int, int, int, int]]
            ) -> list[tuple[str, int, int, int, int]]:
    """``opcodes`` with neighbouring runs of equal pieces joined, as difflib reports them."""
    out: list[tuple[str, int, int, int, int]] = []
    for op in opcodes:
        if out and op[0] == "equal" == out[-1][0]:
            out[-1] = ("equal", out[-1][1], op[2], out[-1][3], op[4])
        elif op[1] < op[2] or op[3] < op[4]:
            out.append(op)
    return out


def _transplant_pieces(original: str, prose: str, restored: str) -> str:
    """:func:`transplant` of a few lines, aligned word by word. A group of changes
    (:func:`_edits`) is applied whole, around the markup between its words, or change by
    change when each can be (a word spelled with a character reference, then the next), or
    not at all: never in part, which would garble the wording."""
    a = [(m.start(), m.end()) for m in _PIECE_RE.finditer(prose)]
    b_pieces = _PIECE_RE.findall(restored)
    opcodes = _piece_opcodes([prose[s:e] for s, e in a], b_pieces)

    def rewrite(i1: int, i2: int, j1: int, j2: int) -> tuple[int, int, str] | None:
        start = a[i1][0] if i1 < len(a) else len(prose)
        end = a[i2 - 1][1] if i2 > i1 else start
        new: str | None = "".join(b_pieces[j1:j2])
        if original[start:end] != prose[start:end] and not _references_only(
                original[start:end], prose[start:end]):
            new = _around_markup(original, prose, a[i1:i2], b_pieces[j1:j2])
        return None if new is None else (start, end, new)  # None: would edit markup

    out = []
    pos = 0
    for group in _edits(opcodes, b_pieces):
        whole = rewrite(group[0][0], group[-1][1], group[0][2], group[-1][3])
        parts = [whole] if whole is not None else [rewrite(*edit) for edit in group]
        if any(p is None for p in parts):
            continue  # would edit markup or suppressed text
        for start, end, new in parts:  # type: ignore[misc]
            out.append(original[pos:start])
            out.append(new)
            pos = end
    out.append(original[pos:])
    return "".join(out)
