"""Documents read as a list of paragraphs (Word, EPUB): their text, positions numbered by
paragraph, and what their zip archives raise when damaged.

A converter (:mod:`detector.docx`, :mod:`detector.epub`) returns a document's paragraphs;
:func:`joined` writes them as plain text with a blank line after each, so that paragraphs,
sentences and passages are found as in any text file, and paragraph ``k`` is line ``2k - 1``.
A reader of the document has paragraphs, not lines, so a finding's line is reported as its
paragraph's number (:func:`paragraph_lines`, and :class:`ParagraphIndex` for the writers'
end positions); its column counts characters of that paragraph.
"""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
import zlib
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import IO, Literal, TypeVar, overload
from xml.etree.ElementTree import Element, ParseError, iterparse

from .files import FileError
from .report import Report
from .tokens import EMPHASIS, LineIndex

__all__ = ["ZIP_ERRORS", "ParagraphIndex", "collapsed", "joined", "paragraph_lines",
           "read_member", "set_off_words", "xml_paragraphs", "xml_text"]

T = TypeVar("T")

# What a damaged or unusual zip archive (a Word document, an EPUB book) raises: a bad header
# or CRC, a truncated member, an encrypted one (RuntimeError), a compression method zipfile
# lacks (NotImplementedError), deflated data that does not inflate (zlib.error).
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, RuntimeError,
              NotImplementedError, ValueError, zlib.error)


@overload
def read_member(data: bytes, member: str, document: str, limit: int,
                parse: Callable[[IO[bytes]], T], optional: Literal[False] = ...) -> T: ...


@overload
def read_member(data: bytes, member: str, document: str, limit: int,
                parse: Callable[[IO[bytes]], T], optional: bool) -> T | None: ...


def read_member(data: bytes, member: str, document: str, limit: int,
                parse: Callable[[IO[bytes]], T], optional: bool = False) -> T | None:
    """``parse`` of the XML member ``member`` of the zip archive ``data`` (a ``document``
    such as "Word document (.docx)"), opened as a stream; every failure is a
    :class:`~detector.files.FileError` of one line: not a zip archive, no such member (None
    instead when ``optional``: a document's notes part), a member that would expand past
    ``limit`` bytes (a zip bomb), damage."""
    not_one = f"not {'an' if document[0] in 'AEIOU' else 'a'} {document}"
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise FileError(f"{not_one}: not a zip archive") from None
    with archive:
        try:
            info = archive.getinfo(member)
        except KeyError:
            if optional:
                return None
            raise FileError(f"{not_one}: no {member}") from None
        if info.file_size > limit:
            raise FileError(f"{document} too large ({info.file_size:,} bytes of XML)")
        try:
            with archive.open(info) as body:
                return parse(body)
        except RecursionError:
            raise FileError(f"damaged {document}: nested too deeply") from None
        except (ParseError, *ZIP_ERRORS) as exc:
            reason = " ".join(str(exc).split()) or type(exc).__name__
            raise FileError(f"damaged {document}: {reason}") from None


_DECLARED_ENCODING_RE = re.compile(rb"\s*<\?xml[^>]*encoding=[\"']([\w.-]+)")


def xml_text(data: bytes) -> str:
    """XML or XHTML bytes as text, in the encoding their declaration names (UTF-8 without
    one, or for a name Python does not know); undecodable bytes become U+FFFD."""
    declared = _DECLARED_ENCODING_RE.match(data)
    try:
        return data.decode(declared.group(1).decode("ascii") if declared else "utf-8",
                           errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def xml_paragraphs(source: IO[bytes], paragraph: Collection[str], skipped: Collection[str],
                   name: Callable[[str], str] = str) -> Iterator[Element]:
    """The paragraph elements of the XML ``source``, each when it ends (complete, its
    children's tails read) and not inside a ``skipped`` element (notes, comments, a
    reference list). ``name`` turns a tag into what ``paragraph`` and ``skipped`` hold. A
    paragraph is cleared once yielded, unless another holds it (a text box or a footnote
    inside a paragraph is yielded first, and its tail is the outer one's text), so memory
    stays flat on long documents."""
    skipping = 0
    open_paragraphs = 0
    for event, elem in iterparse(source, events=("start", "end")):
        tag = name(elem.tag)
        if tag in skipped:
            skipping += 1 if event == "start" else -1
        elif tag in paragraph:
            if event == "start":
                open_paragraphs += 1
                continue
            open_paragraphs -= 1
            if not skipping:
                yield elem
            if not open_paragraphs:
                elem.clear()


# Emphasis marks glued to a word, a hyphen or an apostrophe on both sides: italics inside a
# word ("<italic>k</italic>th", "<italic>p</italic>-value", a run split mid-word).
_MARKS_INSIDE_WORD_RE = re.compile(rf"(?<=[\w'’-]){EMPHASIS}+(?=[\w'’-])")


_WHITE_RE = re.compile(rf"[^\S{EMPHASIS}]+")  # white space but EMPHASIS


def collapsed(text: str) -> str:
    """A paragraph's ``text`` with its white space collapsed to single spaces and stripped,
    the EMPHASIS marks around its italics kept where they set words off
    (:func:`set_off_words`)."""
    return set_off_words(_WHITE_RE.sub(" ", text).strip(" "))


def set_off_words(text: str) -> str:
    """A document paragraph's ``text``, read with :data:`~detector.tokens.EMPHASIS` around
    its runs in italics, without the marks that fall inside a word: there italics set no
    words off, and a mark, white space to the tokenizer, would cut the word in two."""
    return _MARKS_INSIDE_WORD_RE.sub("", text) if EMPHASIS in text else text


def joined(paragraphs: Iterable[str]) -> str:
    """The paragraphs as plain text, each followed by a blank line."""
    # A line break inside a paragraph's text would throw the paragraph numbering off.
    return "".join(p.replace("\r", " ").replace("\n", " ") + "\n\n" for p in paragraphs)


def _paragraph(line: int) -> int:
    # Paragraph k is line 2k - 1 of joined's text, and its blank line is 2k.
    return (line + 1) // 2


class ParagraphIndex(LineIndex):
    """:class:`~detector.tokens.LineIndex` of :func:`joined`'s text that numbers
    paragraphs instead of lines (for the writers' end positions)."""

    def position(self, offset: int) -> tuple[int, int]:
        line, column = super().position(offset)
        return _paragraph(line), column


def paragraph_lines(report: Report) -> Report:
    """``report`` (of :func:`joined`'s text) with each line number turned into the number
    of its paragraph: paragraph ``k`` starts on line ``2k - 1`` of the text."""
    def renumbered(items):
        return tuple(dataclasses.replace(x, line=_paragraph(x.line)) for x in items)

    return dataclasses.replace(report, findings=renumbered(report.findings),
                               passages=renumbered(report.passages),
                               sentences=renumbered(report.sentences))
