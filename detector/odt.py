"""OpenDocument text (``.odt``, LibreOffice and others): its paragraphs, for ``check`` and
``explain``.

An ``.odt`` file is a zip archive whose ``content.xml`` holds the body as paragraphs
(``text:p``) and headings (``text:h``) of mixed content: text, spans, links, and elements
for runs of spaces (``text:s``), tabs and line breaks. This module reads that part with the
standard library, streaming it, and returns each paragraph's text, as :mod:`detector.docx`
does for Word, so that positions are numbered by paragraph (:mod:`detector.paragraphs`):

* every paragraph and heading, tables' cells and lists included; text boxes' paragraphs
  are paragraphs of their own (before the paragraph that anchors them); white space as
  the format defines it (a run of it is one space; ``text:s`` writes more);
* a span in italics (an automatic text style of ``content.xml`` that sets
  ``fo:font-style`` italic or oblique, or the character style Emphasis) between two
  :data:`~detector.tokens.EMPHASIS` marks (white space to the analysis, which reads a
  tortured phrase set off so as a mention), except inside a word;
* footnotes and endnotes (``text:note``): a note sits inside the paragraph that cites it
  and would break its sentence, so its paragraphs are read after the body's, in the order
  the notes are cited, numbered on from the body's last paragraph (as Word's notes are,
  and reported the same way: :mod:`detector.docx`);
* not read: comments (``office:annotation``) and the deleted text that tracked changes
  keep (``text:tracked-changes``), so the text reads as with the changes accepted.

Bad input is a :class:`~detector.files.FileError` with a one-line reason: not a zip
archive, no ``content.xml``, malformed XML, or a body that would expand past
:data:`MAX_XML_BYTES`.
"""

from __future__ import annotations

import re
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from .paragraphs import joined, read_member, set_off_words
from .tokens import EMPHASIS

__all__ = ["MAX_XML_BYTES", "paragraphs", "parts", "text_of"]

MAX_XML_BYTES = 256 * 1024 * 1024

_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_PARAGRAPHS = frozenset((_TEXT + "p", _TEXT + "h"))
_S, _TAB, _BREAK, _COUNT = _TEXT + "s", _TEXT + "tab", _TEXT + "line-break", _TEXT + "c"
# Elements whose text is not the body's: notes, comments, deleted text of tracked changes.
_SKIP = frozenset((_TEXT + "note", _OFFICE + "annotation", _TEXT + "tracked-changes"))
_NOTE_BODY = _TEXT + "note-body"
_NOT_TEXT = frozenset((_OFFICE + "annotation", _TEXT + "tracked-changes"))
_WHITE_RE = re.compile(r"[ \t\r\n]+")
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
_SPAN, _STYLE_NAME = _TEXT + "span", _TEXT + "style-name"
# The character style that sets words off whatever the document's own styles say
# (LibreOffice's name for it; bold, "Strong_20_Emphasis", is a keyword's).
_SET_OFF_STYLES = frozenset(("Emphasis",))
_DOCUMENT = "OpenDocument text (.odt)"


def paragraphs(data: bytes) -> list[str]:
    """The text of each paragraph and heading of the document body, in order, then of
    each paragraph of its footnotes and endnotes."""
    body, notes = parts(data)
    return body + notes


def parts(data: bytes) -> tuple[list[str], list[str]]:
    """The paragraphs and headings of the document body, and those of its footnotes and
    endnotes."""
    return read_member(data, "content.xml", _DOCUMENT, MAX_XML_BYTES, _paragraphs)


def text_of(data: bytes) -> str:
    """The document's text (body, then notes) as plain text: paragraphs separated by a
    blank line."""
    return joined(paragraphs(data))


def _paragraphs(body: IO[bytes]) -> tuple[list[str], list[str]]:
    """The body's paragraphs (not inside a note, a comment or deleted text), then the
    paragraphs inside notes' bodies (not inside a comment or deleted text), in one pass
    over ``content.xml``."""
    out: list[str] = []
    notes: list[str] = []
    set_off = set(_SET_OFF_STYLES)  # the text styles in italics
    in_notes = skipping = hidden = open_paragraphs = 0
    for event, elem in iterparse(body, events=("start", "end")):
        tag = elem.tag
        if tag == _STYLE + "style" and event == "end" and _sets_off(elem):
            set_off.add(elem.get(_STYLE + "name", ""))
        step = 1 if event == "start" else -1
        if tag == _NOTE_BODY:
            in_notes += step
        if tag in _SKIP:
            skipping += step
            if tag in _NOT_TEXT:
                hidden += step
        elif tag in _PARAGRAPHS:
            open_paragraphs += step
            if event == "start":
                continue
            if not skipping or (in_notes and not hidden):
                parts: list[str] = []
                _text(elem, parts, set_off)
                (notes if skipping else out).append(set_off_words("".join(parts)))
            if not open_paragraphs:
                elem.clear()  # a body paragraph, its notes read: keep memory flat
    return out, notes


def _sets_off(style: Element) -> bool:
    """Whether the ``style:style`` element is a text style in italics."""
    props = style.find(_STYLE + "text-properties")
    return style.get(_STYLE + "family") == "text" and props is not None and (
        props.get(_FO + "font-style") in ("italic", "oblique"))


def _text(elem: Element, parts: list[str], set_off: set[str]) -> None:
    """The paragraph's own text: its mixed content without notes, comments or the
    paragraphs of text boxes inside it (those are paragraphs of their own); a span of a
    ``set_off`` style between EMPHASIS marks."""
    if elem.text:
        parts.append(_collapse(elem.text))
    for child in elem:
        tag = child.tag
        if tag == _S:
            parts.append(" " * _count(child))
        elif tag == _TAB:
            parts.append("\t")
        elif tag == _BREAK:
            parts.append(" ")
        elif tag == _SPAN and child.get(_STYLE_NAME) in set_off:
            parts.append(EMPHASIS)
            _text(child, parts, set_off)
            parts.append(EMPHASIS)
        elif tag not in _SKIP and tag not in _PARAGRAPHS:
            _text(child, parts, set_off)
        if child.tail:
            parts.append(_collapse(child.tail))


def _collapse(data: str) -> str:
    # ODF: a run of white space in the text is one space (text:s writes the others).
    return _WHITE_RE.sub(" ", data)


def _count(elem: Element) -> int:
    try:
        return max(1, min(int(elem.get(_COUNT, "1")), 1000))
    except ValueError:
        return 1
