"""Prose of HTML: the words a reader sees, every other character blanked, offsets kept.

HTML is scanned with the standard library's :class:`html.parser.HTMLParser` (no conversion of
character references, so each event's source position is exact). Only character data outside
``script``, ``style``, ``pre``, ``code`` and similar elements is kept; block elements mark a
boundary (:data:`detector.prose.BREAK`) and italics, titles and quotations mark their words
set off (:data:`detector.prose.EMPHASIS`). A character reference is decoded in place, the
rest of its characters blanked, or joined to its word inside one (:func:`_place`).

Markup left open (a "<" with no ">" after it, a comment never closed) is read in time
linear in the text, with the parser's own results (:func:`_html_linear`): the parser of
Python 3.10 to 3.13.3 read the rest of the text again for each one. Used by
:mod:`detector.prose` for ``.html`` files and for the HTML blocks of Markdown.
"""

from __future__ import annotations

import contextlib
import html
import html.parser
import re
from collections.abc import Callable
from html.parser import HTMLParser

from .prose import BREAK, EMPHASIS, _blank, _line_starts, _place

__all__ = ["SET_OFF_ELEMENTS", "extract"]

# Elements whose content is not prose a reader sees.
def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


_SKIP = _names(
    "script style pre code kbd samp var textarea template noscript svg math head "
    "object iframe canvas"
)
# Elements that start a new block: a boundary is marked at their tag.
_BLOCK = _names(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 br hr tr td th table thead tbody tfoot caption "
    "blockquote section article aside header footer nav main figure figcaption details summary "
    "address form fieldset legend option title body html"
)
# Elements that set their words off: italics, a title, a quotation, a term defined (not bold:
# content writers bold their keywords, spun or not).
SET_OFF_ELEMENTS = _names("em i cite q dfn")
_VOID = _names("area base br col embed hr img input link meta param source track wbr")


class _Scanner(HTMLParser):
    def __init__(self, text: str, out: list[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text  # the slice being scanned; ``out`` has the same length
        self.out = out
        self.starts = _line_starts(text)
        self.skip: list[str] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.starts[line - 1] + col

    def _boundary(self) -> None:
        pos = self._offset()
        if pos < len(self.out) and self.out[pos] == " ":
            self.out[pos] = BREAK

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skip.append(tag)
        if tag in _BLOCK:
            self._boundary()
        elif tag in SET_OFF_ELEMENTS and not self.skip:
            tag_text = self.get_starttag_text() or ""
            self._set_off(self._offset() + len(tag_text) - 1)

    def _set_off(self, pos: int) -> None:
        """Mark ``pos``, a blanked character of an emphasis tag next to its words."""
        if 0 <= pos < len(self.out) and self.out[pos] == " ":
            self.out[pos] = EMPHASIS

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK:
            self._boundary()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.skip:
            while self.skip and self.skip.pop() != tag:
                pass
        if tag in _BLOCK:
            self._boundary()
        elif tag in SET_OFF_ELEMENTS and not self.skip:
            self._set_off(self._offset())

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        pos = self._offset()
        if self.text.startswith(data, pos):
            for i, c in enumerate(data):
                if c not in "\r\n":
                    self.out[pos + i] = c

    def _reference(self, raw: str) -> None:
        if self.skip:
            return
        pos = self._offset()
        if not self.text.startswith(raw, pos):
            return
        length = len(raw) + (1 if self.text.startswith(";", pos + len(raw)) else 0)
        decoded = html.unescape(self.text[pos : pos + length])
        if decoded == self.text[pos : pos + length] or len(decoded) > length:
            return
        # e.g. &nbsp; -> a plain space keeps tokenization simple
        decoded = " " if decoded.isspace() else decoded
        _place(self.out, pos, decoded, length, self.text)

    def handle_entityref(self, name: str) -> None:
        self._reference("&" + name)

    def handle_charref(self, name: str) -> None:
        self._reference("&#" + name)



def extract(text: str, start: int, end: int) -> list[str]:
    """Blanked HTML for ``text[start:end]``; returns a list of ``end - start`` characters."""
    part = text[start:end]
    out = _blank(part)
    # html.parser gives up on some malformed markup ("<![x>", a marked section of no known
    # kind) with an AssertionError: what it read before is kept and the rest left blank,
    # rather than the whole file failing with an internal error.
    with contextlib.suppress(AssertionError):
        (_html_linear if _linear_html_ok() else _html_stock)(part, out)
    return out


def _html_stock(part: str, out: list[str]) -> None:
    scanner = _Scanner(part, out)
    scanner.feed(part)
    scanner.close()


# Why html.parser needs help: in close(), each "<" that opens no complete markup is read to
# the end of the text: "<" and a letter matches the start-tag pattern through every later
# character, then looks for a ">" that is not there ("</", "<!--", "<!", "<?" look for theirs
# too), and only then is the text up to the next "<" handed over as data, where it all starts
# again. 24,000 "x <a" took 18 s (48 KB), 12,000 "x <a b=c" 32 s (96 KB): time grew with the
# square of the text. Before the last ">", "<!--" or "<![CDATA[" left open before every ">",
# and start tags whose quoted values swallow every later ">" ("<a b='>'" repeated, 1.6 s for
# 20 KB) did the same. CPython fixed the first in 3.9.23, 3.10.18, 3.11.13, 3.12.11 and 3.13.4
# (gh-135462), and Debian backports it, by reading a tag left open at the end as running to
# the end; that parser's events differ, so _linear_html_ok checks which parser runs.
def _html_linear(part: str, out: list[str]) -> None:
    """:func:`_html_stock`'s reading in time linear in the text (see :func:`_inert_tail`,
    :class:`_LinearScanner` and :class:`_LinearTagScanner`)."""
    fed, inert = _inert_tail(part)
    scanner = (_LinearTagScanner if _VALUE_PAST_GT_RE.search(fed) else _LinearScanner)(fed, out)
    try:
        scanner.feed(fed)
        scanner.close()
    finally:
        for i in inert:
            if out[i] == _INERT:  # handed over as data: the character it stands for
                out[i] = part[i]


# Neither markup nor a reference to html.parser (a private-use character): it stands in for
# a "<" or "&" that the parser can only hand over as data.
_INERT = "\ue000"
_SPECIAL_RE = re.compile("[<&]")
_LESS_THAN_RE = re.compile("<")
_AMPERSAND_RE = re.compile("&")
# What ends a tag name, and what lets an attribute start right after one (the stock
# locatestarttagend_tolerant pattern).
_TAG_NAME_END_RE = re.compile(r"[\t\n\r\f />\x00]")
_ATTRIBUTE_AFTER_RE = re.compile(r"['\"\s/]")


def _inert_tail(text: str) -> tuple[str, list[int]]:
    """``text`` with each "<" after its last ">" made :data:`_INERT`, and each "&" there that
    html.parser hands over as plain data; returns the text to feed and the positions changed.

    After the last ">" no markup can be complete, so the old parser (:func:`_linear_html_ok`)
    hands all of it over as data, after one scan to the end for each "<". Character
    references there are still read, except where a stretch is handed over whole
    (:func:`_raw_ampersands`): inert, those "&" keep it so.
    """
    start = text.rfind(">") + 1
    if text.find("<", start) < 0:
        return text, []
    inert = _positions(_LESS_THAN_RE, text, start) + _raw_ampersands(text, start)
    tail = list(text[start:])
    for i in inert:
        tail[i - start] = _INERT
    return text[:start] + "".join(tail), inert


def _raw_ampersands(text: str, start: int) -> list[int]:
    """The "&" from ``start`` on (after the last ">") that the old html.parser hands over as
    data, not as a reference, found in one pass that follows the parser.

    Handed over whole: the text from a "<" that fails to the next "<"; a "<" and tag name
    that a NUL ends; and, in close()'s pass, the rest of the text after an "&#" that starts
    no character reference while a ";" follows. feed() reads first and stops at the first
    failed "<" (or at such an "&#", which it hands over alone); close() reads on from there.
    The pass assumes feed() reached ``start``. Had it stopped before, close() hands the rest
    over whole at the first such "&#" before a failed "<" in the text fed as well, and what
    this pass marks after it makes no difference.
    """
    raw: list[int] = []
    n = len(text)
    last_semicolon = text.rfind(";")
    closing = False  # close()'s pass
    name_end = -1  # the end of the last tag name; a "<" inside one has the same end
    i = start
    while (m := _SPECIAL_RE.search(text, i)) is not None:
        i = m.start()
        if text[i] == "&":
            if text.startswith("&#", i):
                ref = html.parser.charref.match(text, i)
                if ref is None:
                    if last_semicolon < i:
                        break  # the rest is handed over whole, in the text fed too
                    if closing:
                        raw += _positions(_AMPERSAND_RE, text, i)
                        break
                    closing = True  # feed() hands "&#" over and stops; close() reads on
                    i += 2
                    continue
            else:
                ref = html.parser.entityref.match(text, i)
                if ref is None:
                    if html.parser.incomplete.match(text, i):
                        break  # a name that runs to the end: data, in the text fed too
                    i += 1
                    continue
            i = ref.end() if text.startswith(";", ref.end() - 1) else ref.end() - 1
            continue
        following = text[i + 1 : i + 2]
        if not following:
            break  # a "<" at the very end: data
        if html.parser.starttagopen.match(text, i):
            if name_end < i + 2:
                found = _TAG_NAME_END_RE.search(text, i + 2)
                name_end = found.start() if found else n
            if (name_end < n and text[name_end] == "\x00"
                    and not _ATTRIBUTE_AFTER_RE.match(text, name_end - 1)):
                raw += _positions(_AMPERSAND_RE, text, i, name_end)
                i = name_end
                continue
        elif following not in "/!?":
            i += 1  # a "<" that opens nothing: data
            continue
        closing = True  # feed() stops at the first "<" that fails; close() reads it again
        nxt = text.find("<", i + 1)
        if nxt < 0:
            i += 1  # the last "<" is handed over alone
            continue
        raw += _positions(_AMPERSAND_RE, text, i, nxt)
        i = nxt
    return raw


def _positions(pattern: re.Pattern[str], text: str, start: int, end: int | None = None
               ) -> list[int]:
    return [m.start() for m in pattern.finditer(text, start, len(text) if end is None else end)]


# The stock start-tag pattern (html.parser.locatestarttagend_tolerant) cut at its attribute
# loop, so that the loop can stop where an earlier tag's loop passed: the tag name with the
# white space or slashes after it, one attribute, the white space that ends the match.
_TAG_HEAD_RE = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*[\s/]*")
_ATTRIBUTE_RE = re.compile(
    r"""(?<=['"\s/])[^\s/>][^\s/=>]*(?:\s*=+\s*(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?"""
    r"(?:\s|/(?!>))*"
)
_SPACE_RE = re.compile(r"\s*")
_LOCATE_START_TAG_END = (  # the stock pattern without its comments and white space
    r"""<[a-zA-Z][^\t\n\r\f/>\x00]*(?:[\s/]*(?:(?<=['"\s/])[^\s/>][^\s/=>]*(?:\s*=+\s*"""
    r"""(?:'[^']*'|"[^"]*"|(?!['"])[^>\s]*)\s*)?(?:\s|/(?!>))*)*)?\s*"""
)
# Only a quoted value can take a start tag past the first ">" after it: it closes at the
# next quote of its kind, so it opens (after "=") at the last one of its kind before the ">".
# Matching from each "=" to the next quote of its kind or ">", a search reads a text once.
_VALUE_PAST_GT_RE = re.compile(r"""=\s*(?:'[^'>]*|"[^">]*)>""")
_NAME_OR_EQUALS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ=")
_MARKED_SECTION_CLOSES = dict.fromkeys(("temp", "cdata", "ignore", "include", "rcdata"), "]]>")
_MARKED_SECTION_CLOSES.update(dict.fromkeys(("if", "else", "endif"), "]>"))


class _LinearScanner(_Scanner):
    """:class:`_Scanner` that finds where a comment or a marked section left open ends
    without reading the rest of the text again for each one: once the search for its close
    ("-->", "]]>", "]>") has failed from an offset, it fails from every later one."""

    def __init__(self, text: str, out: list[str]) -> None:
        super().__init__(text, out)
        self._length = len(text)
        self._unclosed_from: dict[str, int] = {}  # close -> first offset it is missing from

    def _absolute(self, i: int) -> int:
        """The offset in the text of ``rawdata[i]`` (close() keeps only what is left)."""
        return self._length - len(self.rawdata) + i

    def parse_comment(self, i: int, report: int = 1) -> int:
        if self._missing("-->", i + 4):
            return -1
        return self._note_missing("-->", i + 4, super().parse_comment(i, report))

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        name, j = self._scan_name(i + 3, i)  # raises where the stock method raises
        close = _MARKED_SECTION_CLOSES.get(name or "") if j >= 0 else None
        if close is None:
            return super().parse_marked_section(i, report)
        if self._missing(close, i + 3):
            return -1
        return self._note_missing(close, i + 3, super().parse_marked_section(i, report))

    def _missing(self, close: str, i: int) -> bool:
        return self._absolute(i) >= self._unclosed_from.get(close, self._length + 1)

    def _note_missing(self, close: str, i: int, end: int) -> int:
        if end < 0:
            self._unclosed_from[close] = min(self._absolute(i),
                                             self._unclosed_from.get(close, self._length + 1))
        return end


class _LinearTagScanner(_LinearScanner):
    """:class:`_LinearScanner` for a text where a quoted value may take a start tag past the
    ">" after it (:data:`_VALUE_PAST_GT_RE`); elsewhere the stock method reads each tag once.

    Such a tag's pattern is matched an attribute at a time. Where a tag fails, its
    attributes' starts remember where its match ended, and a later tag whose attributes reach
    one of them ends there too: the loop from a position does not depend on the way in. Tags
    that succeed are passed by the parser, so only failed ones are remembered.
    """

    def __init__(self, text: str, out: list[str]) -> None:
        super().__init__(text, out)
        self._failed_tag_ends: dict[int, int] = {}  # attribute start -> end of the match

    def check_for_whole_start_tag(self, i: int) -> int:
        rawdata = self.rawdata
        gt = rawdata.find(">", i)
        if gt >= 0 and _VALUE_PAST_GT_RE.search(rawdata, i, gt + 1) is None:
            return super().check_for_whole_start_tag(i)  # reads no further than ``gt``
        head = _TAG_HEAD_RE.match(rawdata, i)
        if head is None:
            return super().check_for_whole_start_tag(i)
        j, passed = self._attributes_end(head.end())
        after = rawdata[j : j + 1]
        # The stock method's reading of the character after the match.
        if after == ">":
            return j + 1
        if after == "/" and rawdata.startswith("/>", j):
            return j + 2
        if after in ("", "/") or after in _NAME_OR_EQUALS:
            for p in passed:
                self._failed_tag_ends[p] = self._absolute(j)
            return -1
        return j if j > i else i + 1

    def _attributes_end(self, j: int) -> tuple[int, list[int]]:
        """End of the attribute loop from ``rawdata[j]`` and the absolute offsets it passed."""
        rawdata = self.rawdata
        base = self._absolute(0)
        passed: list[int] = []
        while (known := self._failed_tag_ends.get(base + j)) is None:
            passed.append(base + j)
            attribute = _ATTRIBUTE_RE.match(rawdata, j)
            if attribute is None:
                return _SPACE_RE.match(rawdata, j).end(), passed
            j = attribute.end()
        return known - base, passed


# Texts that tell the old html.parser from the one CPython fixed (gh-135462), which reads a
# tag left open at the end differently, or from any later change to what the linear path
# follows: it is used only while it reads all of them exactly as the stock parser does.
_HTML_PROBES = (
    "<p>x <a &amp; <b &#; y",
    "<p>x <a\x00&amp;<b &amp;",
    "x &#q; y; <a &amp; <b &amp;",
    "<a b='>'<a b='>'&amp; <i>x</i>",
    "<!--x > <!--y &amp; --> z",
    "<![CDATA[ ] > <![if x ]> &amp; ]]>",
    "</a &amp; <? &lt; <!x &gt;",
)
_LINEAR_HTML: bool | None = None


def _read(how: Callable[[str, list[str]], None], part: str) -> list[str]:
    out = _blank(part)
    how(part, out)
    return out


def _linear_html_ok() -> bool:
    """Whether this Python's html.parser is the one :func:`_html_linear` follows (3.10 to
    3.13.3 without the gh-135462 fix); decided once, at the first HTML read."""
    global _LINEAR_HTML
    if _LINEAR_HTML is None:
        import _markupbase

        pattern = getattr(html.parser, "locatestarttagend_tolerant", None)
        _LINEAR_HTML = (
            pattern is not None
            and "".join(re.sub("#.*", "", pattern.pattern).split()) == _LOCATE_START_TAG_END
            and HTMLParser.parse_comment is _markupbase.ParserBase.parse_comment
            and HTMLParser.parse_marked_section is _markupbase.ParserBase.parse_marked_section
            and all(_read(_html_linear, p) == _read(_html_stock, p) for p in _HTML_PROBES)
        )
    return _LINEAR_HTML
