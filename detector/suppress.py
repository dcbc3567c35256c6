"""Suppression comments: regions and lines the author asked unspin to leave alone.

Markers (in any file kind)::

    <!-- unspin-disable -->            start of a suppressed region
    <!-- unspin-enable -->             end of it (a region without one runs to the end)
    <!-- unspin-disable-next-line -->  the line after the marker

In plain-text, reStructuredText, AsciiDoc and LaTeX files the same markers may also be
written on a line of their own as ``unspin: disable``, ``unspin: enable`` and
``unspin: disable-next-line``, optionally after a comment leader (``#``, ``//``, ``..``,
``--``, ``;``, ``%``).

Suppression is implemented as blanking, like prose extraction: :func:`apply` takes the
original text (where the markers are) and the already extracted prose, and blanks the
suppressed stretches of the prose, keeping its length, so offsets stay the file's. Allowed
phrases are not handled here; they are passed to :func:`detector.analyze`.
"""

from __future__ import annotations

import re

from .tokens import line_feeds

__all__ = ["LINE_LEADER", "LINE_MARKER_KINDS", "apply", "markers", "suppressed_spans"]

_COMMENT_RE = re.compile(r"<!--\s*unspin-(disable-next-line|disable|enable)\s*-->")
# The comment leaders a line marker may stand after: shell, C, rst, SQL, Lisp, TeX.
LINE_LEADER = r"(?:(?:#+|//|\.\.|--|;+|%+)[ \t]*)?"
_LINE_RE = re.compile(
    r"^[ \t]*" + LINE_LEADER + r"unspin:[ \t]*(disable-next-line|disable|enable)[ \t]*\r?$",
    re.MULTILINE,
)


# Kinds whose own comment syntax cannot hold "<!-- -->", where a marker may stand on a line
# of its own ("unspin: disable", after "#", "//", "..", "--", ";" or "%").
LINE_MARKER_KINDS = ("text", "rst", "asciidoc", "latex")


def markers(text: str, kind: str = "text") -> list[tuple[int, int, str]]:
    """The suppression markers of ``text`` that are obeyed, in order: ``(start, end, what)``
    with ``what`` one of "disable", "enable", "disable-next-line". A marker inside code (a
    Markdown fence or inline code, ``<pre>``, ``<script>``, a LaTeX ``verbatim``, an rST
    code block) is quoted, not written to unspin: documentation that shows the marker
    would otherwise switch checking off for the rest of the file."""
    found = [(m.start(), m.end(), m.group(1)) for m in _COMMENT_RE.finditer(text)]
    if kind in LINE_MARKER_KINDS:
        found += [(m.start(), m.end(), m.group(1)) for m in _LINE_RE.finditer(text)]
    found.sort()
    return [m for m, obeyed in zip(found, _outside_code(text, kind, found)) if obeyed]


# Words put where the markers are to see whether prose extraction keeps that place.
_FILLER = "unspin marker "


def _outside_code(text: str, kind: str, found: list[tuple[int, int, str]]) -> list[bool]:
    """For each marker, whether it stands where prose could: the marker's characters are
    replaced by ordinary words and the text is extracted as ``kind`` (prose extraction keeps
    offsets); words kept there mean the place is not code. Only texts with a marker pay for
    the second extraction."""
    if not found:
        return []
    from .prose import extract

    chars = list(text)
    for start, end, _ in found:
        for i in range(start, end):
            if not chars[i].isspace():  # indentation stays: it makes an rST code block
                chars[i] = _FILLER[(i - start) % len(_FILLER)]
    probe = extract("".join(chars), kind)
    return [bool(probe[start:end].strip()) for start, end, _ in found]


def suppressed_spans(text: str, kind: str = "text",
                     found: list[tuple[int, int, str]] | None = None) -> list[tuple[int, int]]:
    """Character spans of ``text`` that are suppressed, in order, possibly overlapping;
    ``found``: its :func:`markers`, when the caller has read them already."""
    spans: list[tuple[int, int]] = []
    region_start: int | None = None
    for start, end, what in markers(text, kind) if found is None else found:
        if what == "disable":
            if region_start is None:
                region_start = start
        elif what == "enable":
            if region_start is not None:
                spans.append((region_start, end))
                region_start = None
        else:
            nl = text.find("\n", end)
            if nl >= 0:
                line_end = text.find("\n", nl + 1)
                spans.append((start, len(text) if line_end < 0 else line_end))
    if region_start is not None:
        spans.append((region_start, len(text)))
    return spans


def apply(original: str, prose: str, kind: str = "text",
          found: list[tuple[int, int, str]] | None = None) -> str:
    """Blank the suppressed parts of ``prose`` (same length as ``original``); ``found``:
    the :func:`markers` of ``line_feeds(original)``, when the caller has read them."""
    spans = suppressed_spans(line_feeds(original), kind, found)  # classic Mac lines too
    if not spans:
        return prose
    chars = list(prose)
    for a, b in spans:
        for i in range(a, b):
            if chars[i] not in "\r\n":
                chars[i] = " "
    return "".join(chars)
