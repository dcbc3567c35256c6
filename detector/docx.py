"""Word documents (``.docx``): their paragraphs' text, for ``check`` and ``explain``.

Editors and publishers receive manuscripts as Word files. A ``.docx`` is a zip archive whose
``word/document.xml`` holds the body as paragraphs (``w:p``) of runs of text (``w:t``);
this module reads that part with the standard library and nothing else, streaming it, and
returns the text as plain text with a blank line between paragraphs, so that paragraphs,
sentences and passages are found as in any text file. What is read, and what is not:

* the text of every paragraph, tables' cells included (each cell's paragraphs are
  paragraphs), hyperlinks' text, tabs (as a tab), line breaks inside a paragraph (as a
  space) and non-breaking hyphens;
* tracked changes as the document would read with them accepted: insertions are read,
  deletions (``w:delText``) are not, nor are field codes (``w:instrText``);
* not read: headers, footers, footnotes, endnotes and comments, which live in other parts
  of the archive.

Positions: a finding's line in a Word document is its paragraph's number (the first
paragraph is 1, empty ones count), :func:`detector.paragraphs.paragraph_lines`; its column
counts characters of that paragraph's text. ``restore`` does not write Word files.

Bad input is a :class:`~detector.files.FileError` with a one-line reason: not a zip
archive, no ``word/document.xml``, malformed XML, or a body that would expand past
:data:`MAX_XML_BYTES` (a zip bomb).
"""

from __future__ import annotations

import io
from xml.etree.ElementTree import iterparse

from .paragraphs import joined, read_member

__all__ = ["MAX_XML_BYTES", "paragraphs", "text_of"]

# The body of a 1,000-page manuscript is a few tens of MB of XML; more is not a document.
MAX_XML_BYTES = 256 * 1024 * 1024

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_P, _T, _TAB, _BR, _CR, _HYPHEN = (_W + n for n in ("p", "t", "tab", "br", "cr",
                                                    "noBreakHyphen"))


def paragraphs(data: bytes) -> list[str]:
    """The text of each paragraph of the document body, in order."""
    return read_member(data, "word/document.xml", "Word document (.docx)", MAX_XML_BYTES,
                       _paragraphs)


def _paragraphs(body: io.BufferedIOBase) -> list[str]:
    out: list[str] = []
    # Paragraphs nest (a text box's paragraphs sit inside a run of the outer one): each
    # open paragraph collects its own text, and an inner one is emitted first.
    stack: list[list[str]] = []
    for event, elem in iterparse(body, events=("start", "end")):
        tag = elem.tag
        if event == "start":
            if tag == _P:
                stack.append([])
            continue
        if tag == _P:
            out.append("".join(stack.pop()) if stack else "")
        elif stack:
            if tag == _T:
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
    """The document body as plain text: paragraphs separated by a blank line."""
    return joined(paragraphs(data))
