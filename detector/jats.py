"""JATS XML articles (``.nxml``, and ``.xml`` files that are JATS): their paragraphs, for
``check`` and ``explain``.

Publishers, PubMed Central and most submission systems keep scholarly articles as JATS XML
(the NISO Journal Article Tag Suite), and research-integrity work screens them there. This
module reads one with the standard library and returns the article's readable text as
paragraphs, as :mod:`detector.docx` does for Word, so that positions are numbered by
paragraph (:mod:`detector.paragraphs`):

* read: the article title, the abstract, keywords, section and figure titles, captions,
  and every paragraph of the body, the appendices, the acknowledgements and footnotes (a
  footnote inside a paragraph is a paragraph of its own, before the one that holds it);
  ``italic`` between two :data:`~detector.tokens.EMPHASIS` marks (white space
  to the analysis, which reads a tortured phrase set off so as a mention), except inside a
  word;
* not read: the reference list, tables' cells, formulas (``disp-formula``,
  ``inline-formula``, MathML, TeX), citation markers (``xref``: "[12]"), authors,
  affiliations, the journal's and the article's metadata, licences and funding statements.

Named character entities that JATS's DTD defines and XML does not (``&ndash;``,
``&nbsp;``) are read as their characters; the DTD itself is never fetched. Bad input is a
:class:`~detector.files.FileError` with a one-line reason.
"""

from __future__ import annotations

import html.entities
import io
import re
from xml.etree.ElementTree import Element, ParseError

from .files import FileError
from .paragraphs import collapsed, joined, xml_paragraphs, xml_text
from .tokens import EMPHASIS

__all__ = ["MAX_XML_BYTES", "looks_like_jats", "paragraphs", "text_of"]

MAX_XML_BYTES = 256 * 1024 * 1024

# Elements whose text is a paragraph of its own.
_PARAGRAPHS = frozenset(
    "article-title subtitle trans-title title p kwd attrib".split()
)
# Elements not read at all, with everything inside them.
_SKIP = frozenset(
    "ref-list table thead tbody tr td th colgroup col disp-formula inline-formula "
    "tex-math math xref contrib-group contrib aff author-notes journal-meta article-id "
    "article-categories pub-date history permissions funding-group counts custom-meta-group "
    "object-id graphic inline-graphic media supplementary-material alternatives "
    "processing-meta self-uri related-article volume issue fpage lpage elocation-id "
    "award-group funding-statement copyright-statement license".split()
)
_BREAK = frozenset("break".split())
# Elements that set their words off: read between EMPHASIS marks, as prose extraction marks
# emphasis in Markdown or HTML (a tortured phrase named in italics is a mention,
# detector.features.mentioned).
_SET_OFF = frozenset("italic".split())  # not bold: a keyword's emphasis
_ENTITY_RE = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))
_HEAD_RE = re.compile(r"<article[\s>]", re.IGNORECASE)
_DECLARATION_RE = re.compile(r"\A\s*<\?xml[^>]*\?>")


def looks_like_jats(head: bytes) -> bool:
    """Whether a file starting with ``head`` (its first few KB) is a JATS article: an
    ``<article>`` root with the JATS or NLM DTD, or a ``dtd-version`` attribute."""
    text = head.decode("utf-8", errors="replace")
    return bool(_HEAD_RE.search(text)) and any(
        mark in text for mark in ("JATS", "NLM//DTD", "dtd-version", "journalpublishing",
                                  "archivearticle")
    )


def paragraphs(data: bytes) -> list[str]:
    """The readable paragraphs of the article, in document order."""
    if len(data) > MAX_XML_BYTES:
        raise FileError(f"JATS article too large ({len(data):,} bytes of XML)")
    source = _ENTITY_RE.sub(_entity, xml_text(data))
    # The text goes to the parser as UTF-8, whatever its declaration said: the declaration
    # goes with it.
    source = _DECLARATION_RE.sub("", source, count=1)
    try:
        return _paragraphs(io.BytesIO(source.encode("utf-8")))
    except RecursionError:
        raise FileError("damaged JATS article: nested too deeply") from None
    except ParseError as exc:
        raise FileError(f"damaged JATS article (not well-formed XML): {exc}") from None


def text_of(data: bytes) -> str:
    """The article as plain text: paragraphs separated by a blank line."""
    out = paragraphs(data)
    if not any(p.strip() for p in out):
        raise FileError("not a JATS article: no title, abstract or paragraph to read")
    return joined(out)


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name in _XML_ENTITIES:
        return m.group(0)
    char = html.entities.html5.get(name + ";")
    return char if char is not None and char not in "<&" else m.group(0)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _paragraphs(body: io.BytesIO) -> list[str]:
    out = []
    for elem in xml_paragraphs(body, _PARAGRAPHS, _SKIP, _local):
        parts: list[str] = []
        _text(elem, parts)
        text = collapsed("".join(parts))
        if text.strip():
            out.append(text)
    return out


def _text(elem: Element, parts: list[str]) -> None:
    """A paragraph's own text: its mixed content without what is not read and without the
    paragraphs nested in it (footnotes), which are paragraphs of their own."""
    if elem.text:
        parts.append(elem.text)
    for child in elem:
        tag = _local(child.tag)
        if tag in _BREAK:
            parts.append(" ")
        elif tag in _SET_OFF:
            parts.append(EMPHASIS)
            _text(child, parts)
            parts.append(EMPHASIS)
        elif tag not in _SKIP and tag not in _PARAGRAPHS:
            _text(child, parts)
        if child.tail:
            parts.append(child.tail)
