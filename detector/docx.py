"""Word documents (``.docx``): their paragraphs' text, for ``check`` and ``explain``.

Editors and publishers receive manuscripts as Word files. A ``.docx`` is a zip archive whose
``word/document.xml`` holds the body as paragraphs (``w:p``) of runs of text (``w:t``);
this module reads that part with the standard library and nothing else, streaming it, and
returns the text as plain text with a blank line between paragraphs, so that paragraphs,
sentences and passages are found as in any text file. What is read, and what is not:

* the text of every paragraph, tables' cells included (each cell's paragraphs are
  paragraphs), hyperlinks' text, tabs (as a tab), line breaks inside a paragraph (as a
  space) and non-breaking hyphens; a run in italics between two
  :data:`~detector.tokens.EMPHASIS` marks (white space to the analysis, which reads a
  tortured phrase set off so as a mention), except inside a word;
* tracked changes as the document would read with them accepted: insertions are read,
  deletions (``w:delText``) are not, nor are field codes (``w:instrText``);
* footnotes (``word/footnotes.xml``) and endnotes (``word/endnotes.xml``), after the body,
  each note's paragraphs in the order the parts hold them; Word's separator notes (the
  rule above the notes, ``w:type="separator"`` and its kin) are not notes and are skipped.
  A spun manuscript is spun in its notes too, and a humanities or law paper keeps half its
  prose there;
* not read: headers, footers (running titles, page numbers) and comments (a reviewer's
  words, not the document's), which live in other parts of the archive.

Positions: a finding's line in a Word document is its paragraph's number (the first
paragraph is 1, empty ones count; the notes' paragraphs are numbered on from the body's
last), :func:`detector.paragraphs.paragraph_lines`; its column counts characters of that
paragraph's text. A document with notes says where they begin in its report's notes
("footnotes and endnotes from paragraph 246", :data:`detector.report.NOTES_FROM`), and the
text output prints that line when something is reported there. ``restore`` does not write
Word files.

Bad input is a :class:`~detector.files.FileError` with a one-line reason: not a zip
archive, no ``word/document.xml``, malformed XML (in the body or the notes), or a part that
would expand past :data:`MAX_XML_BYTES` (a zip bomb).
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import iterparse

from .paragraphs import joined, read_member, set_off_words
from .tokens import EMPHASIS

__all__ = ["MAX_XML_BYTES", "paragraphs", "parts", "text_of"]

# The body of a 1,000-page manuscript is a few tens of MB of XML; more is not a document.
MAX_XML_BYTES = 256 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TAB, _BR, _CR, _HYPHEN = (_W + n for n in ("p", "t", "tab", "br", "cr",
                                                    "noBreakHyphen"))
_NOTE_PARTS = (("word/footnotes.xml", _W + "footnote"), ("word/endnotes.xml", _W + "endnote"))
_NOTE_TYPE = _W + "type"
# A run in italics sets its words off: its text is read between EMPHASIS marks, as prose
# extraction marks italics in Markdown or HTML (a tortured phrase named in italics in a
# screening report is a mention, detector.features.mentioned). Bold is a keyword's.
# (Not the italics a tracked formatting change records as the run's former look.)
_R, _ITALIC, _VAL, _FORMER = _W + "r", _W + "i", _W + "val", _W + "rPrChange"
_OFF = frozenset(("0", "false", "off"))
_DOCUMENT = "Word document (.docx)"


def paragraphs(data: bytes) -> list[str]:
    """The text of each paragraph of the document body, then of its footnotes and
    endnotes, in order."""
    body, notes = parts(data)
    return body + notes


def parts(data: bytes) -> tuple[list[str], list[str]]:
    """The paragraphs of the document body, and those of its footnotes and endnotes."""
    body = read_member(data, "word/document.xml", _DOCUMENT, MAX_XML_BYTES, _paragraphs)
    notes: list[str] = []
    for member, note in _NOTE_PARTS:  # a document without notes has no notes parts
        notes += read_member(data, member, _DOCUMENT, MAX_XML_BYTES,
                             lambda part, note=note: _paragraphs(part, note),
                             optional=True) or []
    return body, notes


def _paragraphs(body: io.BufferedIOBase, note: str | None = None) -> list[str]:
    """Paragraphs of a part: every one of the body, or those inside ``note`` elements that
    are notes (not Word's separators) of a notes part."""
    out: list[str] = []
    # Paragraphs nest (a text box's paragraphs sit inside a run of the outer one): each
    # open paragraph collects its own text, and an inner one is emitted first.
    stack: list[list[str]] = []
    in_note = note is None
    set_off = False  # the current run is in italics
    former = 0  # inside a tracked change's record of the former formatting
    for event, elem in iterparse(body, events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == _P and in_note:
                stack.append([])
            elif tag == note:
                in_note = elem.get(_NOTE_TYPE, "normal") == "normal"
            elif tag == _R:
                set_off = False
            elif tag == _FORMER:
                former += 1
            continue
        if tag == note:
            in_note = False
        elif tag == _P and in_note:
            out.append(set_off_words("".join(stack.pop())) if stack else "")
        elif tag == _FORMER:
            former -= 1
        elif tag == _ITALIC and not former:
            set_off = elem.get(_VAL, "1").lower() not in _OFF
        elif stack:
            if tag == _T and set_off and elem.text:
                stack[-1].append(EMPHASIS + elem.text + EMPHASIS)
            elif tag == _T:
                stack[-1].append(elem.text or "")
            elif tag == _TAB:
                stack[-1].append("\t")
            elif tag in (_BR, _CR):
                stack[-1].append(" ")
            elif tag == _HYPHEN:
                stack[-1].append("-")
        if tag != _T:
            elem.clear()  # keep memory flat on long documents
    return out


def text_of(data: bytes) -> str:
    """The document's text (body, then notes) as plain text: paragraphs separated by a
    blank line."""
    return joined(paragraphs(data))
