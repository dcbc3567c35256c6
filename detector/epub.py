"""EPUB books (``.epub``): their chapters' paragraphs, for ``check`` and ``explain``.

Publishers receive and sell books as EPUB, and self-published ebooks are a known outlet for
spun text. An EPUB is a zip archive: ``META-INF/container.xml`` names the package document
(OPF), whose *spine* lists the chapters (XHTML files) in reading order. This module reads
them with the standard library only and returns each block's text as a paragraph, as
:mod:`detector.docx` does for Word, so that positions are numbered by paragraph
(:mod:`detector.paragraphs`):

* a paragraph is the text of a block element (``p``, headings, list items, table cells,
  ``blockquote``, ``div``, ...), white space collapsed; ``br`` is a space; words in
  ``em``, ``i``, ``cite`` and the like stand between two :data:`~detector.tokens.EMPHASIS`
  marks (white space to the analysis, which reads a tortured phrase set off so as a
  mention), except inside a word;
* not read: ``head`` (the title repeats the book's), ``script``, ``style``, ``pre`` and
  ``code`` (code, as in HTML files), SVG and MathML;
* chapters follow the spine's order; files outside it (covers, style sheets) are not read.

Bad input is a :class:`~detector.files.FileError` with a one-line reason: not a zip
archive, no container or package document, a spine with no readable chapter, malformed
XML, or chapters that would expand past :data:`MAX_TEXT_BYTES` (a zip bomb). DRM-protected
books (``META-INF/encryption.xml``) are refused: their chapters are ciphertext.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError, fromstring

from .files import FileError
from .html_prose import SET_OFF_ELEMENTS
from .paragraphs import ZIP_ERRORS, collapsed, joined, xml_text
from .tokens import EMPHASIS

__all__ = ["MAX_TEXT_BYTES", "paragraphs", "text_of"]

# The chapters of a long novel are a few MB of XHTML; more is not a book.
MAX_TEXT_BYTES = 256 * 1024 * 1024

_CONTAINER_NS = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF_NS = "{http://www.idpf.org/2007/opf}"
_CHAPTER_TYPES = ("application/xhtml+xml", "text/html", "application/x-dtbook+xml")

_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li dt dd td th blockquote figcaption caption section article "
    "aside header footer nav body table tr ul ol dl hr address center".split()
)
_SKIP = frozenset("head script style pre code svg math template noscript".split())


def paragraphs(data: bytes) -> list[str]:
    """The text of each block of each chapter, in reading order."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS:
        raise FileError("not an EPUB book (.epub): not a zip archive") from None
    with archive:
        try:
            names = set(archive.namelist())
            if "META-INF/encryption.xml" in names and _encrypted(archive):
                raise FileError("EPUB book is encrypted (DRM); its text cannot be read")
            budget = [MAX_TEXT_BYTES]
            out: list[str] = []
            chapters = _spine(archive, names, budget)
            if not chapters:
                raise FileError("not an EPUB book (.epub): no chapters in its spine")
            for name in chapters:
                out.extend(_blocks(_read(archive, name, budget)))
            return out
        except FileError:
            raise
        except (ParseError, *ZIP_ERRORS, AssertionError) as exc:
            # AssertionError: html.parser on some malformed markup.
            raise FileError(f"damaged EPUB book (.epub): {_one_line(exc)}") from None


def text_of(data: bytes) -> str:
    """The book as plain text: paragraphs separated by a blank line."""
    return joined(paragraphs(data))


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _read(archive: zipfile.ZipFile, name: str, budget: list[int]) -> bytes:
    """Member ``name``, counted against the expansion ``budget`` (a zip bomb stops here)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise FileError(f"damaged EPUB book (.epub): {name} is missing") from None
    budget[0] -= info.file_size
    if budget[0] < 0:
        raise FileError(f"EPUB book too large (more than {MAX_TEXT_BYTES >> 20} MB of text)")
    with archive.open(info) as fh:
        return fh.read(info.file_size + 1)


def _encrypted(archive: zipfile.ZipFile) -> bool:
    """Whether ``META-INF/encryption.xml`` encrypts anything besides fonts (publishers
    obfuscate embedded fonts, which leaves the text readable)."""
    xml = archive.read("META-INF/encryption.xml")
    methods = re.findall(rb'EncryptionMethod[^>]*?Algorithm="([^"]*)"', xml)
    fonts = (b"http://www.idpf.org/2008/embedding", b"http://ns.adobe.com/pdf/enc#RC")
    return any(m not in fonts for m in methods)


def _spine(archive: zipfile.ZipFile, names: set[str], budget: list[int]) -> list[str]:
    """The chapters' member names in reading order."""
    container = fromstring(_read(archive, "META-INF/container.xml", budget))
    rootfile = container.find(f".//{_CONTAINER_NS}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise FileError("not an EPUB book (.epub): no package document")
    opf_name = rootfile.get("full-path", "")
    opf = fromstring(_read(archive, opf_name, budget))
    base = posixpath.dirname(opf_name)
    manifest = {
        item.get("id"): item for item in opf.iter(f"{_OPF_NS}item") if item.get("id")
    }
    chapters = []
    for ref in opf.iter(f"{_OPF_NS}itemref"):
        item = manifest.get(ref.get("idref"))
        if item is None or item.get("media-type") not in _CHAPTER_TYPES:
            continue
        name = posixpath.normpath(posixpath.join(base, unquote(item.get("href", ""))))
        if name in names and name not in chapters:
            chapters.append(name)
    return chapters


def _blocks(data: bytes) -> list[str]:
    """The text of each block element of one XHTML chapter."""
    reader = _ChapterReader()
    reader.feed(xml_text(data))
    reader.close()
    reader.flush()
    return reader.out


class _ChapterReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.parts: list[str] = []
        self.skipping = 0  # depth inside elements that are not read

    def flush(self) -> None:
        text = collapsed("".join(self.parts))
        if text.strip():
            self.out.append(text)
        self.parts = []

    def handle_starttag(self, tag: str, attrs) -> None:
        tag = tag.lower().rsplit(":", 1)[-1]
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.flush()
        elif tag == "br" and not self.skipping:
            self.parts.append(" ")
        elif tag in SET_OFF_ELEMENTS and not self.skipping:
            self.parts.append(EMPHASIS)  # words in italics are set off (prose.EMPHASIS)

    def handle_startendtag(self, tag: str, attrs) -> None:
        tag = tag.lower().rsplit(":", 1)[-1]
        if tag == "br" and not self.skipping:
            self.parts.append(" ")
        elif tag in _BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower().rsplit(":", 1)[-1]
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.flush()
        elif tag in SET_OFF_ELEMENTS and not self.skipping:
            self.parts.append(EMPHASIS)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)
