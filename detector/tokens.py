"""Tokens with character offsets, sentences and passages.

Everything downstream (features, restorer, reports) points back into the caller's text by
character offsets, so the tokenizer never rewrites the text: it only finds spans. Each token
carries a normalised form (``norm``: lower case, curly apostrophes straightened) that is used
for table look-ups.

Words are runs of letters with internal apostrophes ("that's", "Armenia’s"); hyphenated
compounds are split at the hyphen because the frequency baselines know "arch" and "foes" but
rarely "arch-foes"; the hyphen itself becomes a punctuation token so that phrase matching never
runs across it silently. Numbers keep their separators ("6,000", "3.5", "1990s").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple

__all__ = [
    "LineIndex",
    "Token",
    "line_feeds",
    "paragraph_spans",
    "passage_spans",
    "sentence_spans",
    "tokenize",
]

WORD, NUMBER, PUNCT = "word", "number", "punct"

# Letters; combining accents belong to the letter before them (text in decomposed form,
# "cafe\u0301").
_LETTERS = r"[^\W\d_]+(?:[\u0300-\u036f]+[^\W\d_]*)*"
_TOKEN_RE = re.compile(
    # A suffix ("1990s", "4th") only when no letter follows it: "5sec" is 5 and "sec". The
    # digits themselves never give way to a letter ("80mph" is 80 and "mph", not 8 and "mph").
    r"(?P<number>\d+(?:[.,:]\d+)*(?:(?:s|st|nd|rd|th)(?![^\W\d_]))?)"
    # U+2060 WORD JOINER may sit inside a word: prose extraction pads a character reference
    # with it ("it’\u2060\u2060\u2060\u2060\u2060\u2060s" for "it&#8217;s").
    rf"|(?P<word>{_LETTERS}(?:\u2060*['’]?\u2060*{_LETTERS})*)"
    r"|(?P<punct>[^\w\s])",
)
# A word's look-up form: straight apostrophes, and letters for the typesetting ligatures that
# text copied out of a PDF keeps ("ﬁnal yr" is "final yr"; the baselines know words, not
# glyphs).
LIGATURES = {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
_LOOKUP_FORM = str.maketrans({"’": "'", "‘": "'", "`": "'", "\u2060": None, **LIGATURES})


class Token(NamedTuple):
    """One token: its text, character span in the source, kind and normalised form."""

    text: str
    start: int
    end: int
    kind: str
    norm: str

    @property
    def is_word(self) -> bool:
        return self.kind == WORD


def normalize(word: str) -> str:
    """The look-up form of a word: lower case, straight apostrophes, no ligatures, accents
    composed with their letters."""
    word = word.translate(_LOOKUP_FORM).lower()
    return word if word.isascii() else unicodedata.normalize("NFC", word)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into the whole of ``text``."""
    end = len(text) if end is None else end
    out = []
    for m in _TOKEN_RE.finditer(text, start, end):
        kind = m.lastgroup or PUNCT
        s = m.group()
        out.append(Token(s, m.start(), m.end(), kind, normalize(s) if kind == WORD else s))
    return out


# A sentence ends at . ! ? (possibly followed by closing quotes/brackets) before white space
# and an upper-case letter, digit or opening quote; or at a line break that ends a paragraph
# or a heading. Abbreviations such as "Mr." and initials are protected.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr vs etc e.g i.e inc ltd co corp no fig figs eq eqs al gen "
    "gov sen rep lt col capt sgt u.s u.k jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# A unit of measure abbreviated after its number in a heading set in capitals ("7-1/4 IN.
# CIRCULAR SAW"), where the next capital starts no sentence. In prose "in." and "lbs." end
# sentences too ("It weighs 150 lbs. Next week ...").
_UNIT_STOP = re.compile(r"\d\s?(?:IN|FT|YDS?|LBS?|OZ|PT|QT|GAL|MI)\.$")
_CAPITALS_NEXT = re.compile(r"\s+[A-Z]{2,}\b")
# Tried only where a run of stops begins: tried from every position of a run ("!?!?..."
# 100,000 long), the run was scanned again each time, 119 s for 100 KB.
_SENT_END_RE = re.compile(r"(?<![.!?…])[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
# U+2029 PARAGRAPH SEPARATOR: the block marker left by prose extraction (detector.prose).
BLOCK = "\u2029"
# A blank line ends a paragraph, blank as white space goes: in files with Windows line
# endings too ("\r\n\r\n"), which read as one paragraph, cut in 250-word windows, when only
# spaces and tabs counted.
_PARA_RE = re.compile(r"\n(?:[^\S\n]*\n)+|\u2029")
# A lone "\r" ends a line in classic Mac OS files (LineIndex counts it so).
_LONE_CR = re.compile(r"\r(?!\n)")


def line_feeds(text: str) -> str:
    """``text`` with every lone "\\r" (a classic Mac line end) read as "\\n", one for one, so
    that offsets stay: what splits lines and paragraphs here and in prose extraction looks
    for "\\n", and a file of such line ends read as one line (a Markdown one with its prose
    all blanked)."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, stripped of surrounding white space."""
    end = len(text) if end is None else end
    spans = []
    pos = start
    for line_start, line_end in _line_blocks(text, start, end):
        pos = line_start
        for m in _SENT_END_RE.finditer(text, line_start, line_end):
            tail = text[max(line_start, m.start() - 12) : m.start() + 1]
            word = re.search(r"([\w.]+)[.!?…]*$", tail)
            if word and m.group().startswith(".") and (
                word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1
                or (_UNIT_STOP.search(tail) and _CAPITALS_NEXT.match(text, m.end(), line_end))
            ):
                continue
            spans.append((pos, m.end()))
            pos = m.end()
        spans.append((pos, line_end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


# The spaces that may stand between two words on a line (a regular-expression class): text
# from web pages has no-break spaces ("a&nbsp;unprecedented") beside plain ones and tabs.
# Prose extraction writes U+205F MEDIUM MATHEMATICAL SPACE where italics markup was
# (:mod:`detector.prose`): a space like any other here, a mark of words set off for
# :func:`detector.features.mentioned`. No extraction otherwise writes it; writers hardly type it.
EMPHASIS = "\u205f"
HORIZONTAL_SPACE = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
# The hyphen, and the Unicode hyphen and non-breaking hyphen: what joins a compound's parts.
HYPHENS = "-\u2010\u2011"
# White space at a line's start, short of a line break: indentation, the "\r" of a blank
# line in a file with Windows line endings, no-break spaces.
_INDENT_RE = re.compile(r"[^\S\n\u2029]*")


def _line_blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Split at blank lines; at U+2029 (the block marker prose extraction leaves where a
    heading, list item or table cell starts); after a line that starts with that marker; and
    at single line breaks after a line without end punctuation (headings, list items,
    datelines), so that a title never merges with the next sentence."""
    pos = start
    marked = False  # the current line began at a block marker (a heading, a list item)
    for m in re.finditer("[\n\u2029]", text[start:end]):
        nl = start + m.start()
        before = text[pos:nl].rstrip()
        if not before.strip("\u2029 \t"):
            marked = m.group() == BLOCK
            pos = nl + 1
            continue
        if m.group() == BLOCK or marked:
            yield pos, nl
            marked = m.group() == BLOCK
            pos = nl + 1
            continue
        after = _INDENT_RE.match(text, nl + 1, end).end()  # where the next line's text starts
        if after >= end or text[after] == "\n" or (before[-1] not in ",;:-–—(\"“'‘" and (
            before[-1] in ".!?…\"”'’)" or (
                not text[after].islower() and _ends_a_short_line(text, pos, nl, after, end))
        )):
            yield pos, nl
            marked = False
            pos = nl + 1
    if pos < end:
        yield pos, end


# A line shorter than this share of the next is a heading or a dateline, not a line of a
# hard-wrapped paragraph (whose lines all run to about the same width).
SHORT_LINE_SHARE = 0.7
# (A lettered item, "a) ...", starts in lower case and is read as a line that goes on.)
_LIST_ITEM_RE = re.compile(r"[-*•‣◦–]\s|\(?\d{1,3}[.)]\s")


def _ends_a_short_line(text: str, pos: int, nl: int, after: int, end: int) -> bool:
    """Whether the line ending at ``nl`` (its block began at ``pos``) stands apart from the
    next one (text from ``after``), which starts without a lower-case letter: a heading or a
    dateline before it, a list item starting it. A hard-wrapped paragraph whose next line
    starts with a name or a number ("...accused\nAzerbaijan of crossing...") goes on."""
    if _LIST_ITEM_RE.match(text, after, end):
        return True
    # Both lines measured from their text, not their indentation: indenting every line is no
    # evidence of where one ends (bench/typing_variants.py).
    line = nl - _INDENT_RE.match(text, max(text.rfind("\n", pos, nl) + 1, pos), nl).end()
    next_end = text.find("\n", after, end)
    following = (end if next_end < 0 else next_end) - after
    return line < SHORT_LINE_SHARE * following


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def paragraph_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Blank-line separated paragraphs inside ``text[start:end]``, stripped."""
    end = len(text) if end is None else end
    spans = []
    pos = start
    for m in _PARA_RE.finditer(text, start, end):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[1] > s[0]]


def passage_spans(
    text: str, min_words: int = 80, max_words: int = 250
) -> list[tuple[int, int]]:
    """Passages: runs of consecutive paragraphs grouped to at least ``min_words`` words.

    Spinner output is usually short paragraphs (news style: one or two sentences each), so a
    passage groups neighbouring paragraphs until it holds ``min_words`` words; a paragraph
    longer than ``max_words`` is cut into sentence-aligned windows. Every word of the text is
    in exactly one passage.
    """
    groups: list[tuple[int, int]] = []
    cur_start: int | None = None
    cur_end = 0
    cur_words = 0
    for a, b in paragraph_spans(text):
        n = _count_words(text, a, b)
        if n > max_words:
            if cur_start is not None:
                groups.append((cur_start, cur_end))
                cur_start, cur_words = None, 0
            groups.extend(_windows(text, a, b, max_words))
            continue
        if cur_start is not None and cur_words + n > max_words:
            groups.append((cur_start, cur_end))
            cur_start, cur_words = None, 0
        if cur_start is None:
            cur_start = a
        cur_end = b
        cur_words += n
        if cur_words >= min_words:
            groups.append((cur_start, cur_end))
            cur_start, cur_words = None, 0
    if cur_start is not None:
        # A short tail joins the previous passage when that keeps it under max_words.
        if groups and cur_words < min_words:
            pa, pb = groups[-1]
            if _count_words(text, pa, pb) + cur_words <= max_words:
                groups[-1] = (pa, cur_end)
                return groups
        groups.append((cur_start, cur_end))
    return groups


def _windows(text: str, a: int, b: int, max_words: int) -> list[tuple[int, int]]:
    out = []
    w_start, w_end, words = None, a, 0
    for sa, sb in sentence_spans(text, a, b) or [(a, b)]:
        n = _count_words(text, sa, sb)
        if w_start is not None and words + n > max_words:
            out.append((w_start, w_end))
            w_start, words = None, 0
        if w_start is None:
            w_start = sa
        w_end, words = sb, words + n
    if w_start is not None:
        out.append((w_start, w_end))
    return out


_WORD_RE = re.compile(r"[^\W_]+")


def _count_words(text: str, a: int, b: int) -> int:
    return sum(1 for _ in _WORD_RE.finditer(text, a, b))


class LineIndex:
    """Maps character offsets to 1-based (line, column); columns count characters."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def line_end(self, offset: int) -> int:
        """Where the line holding ``offset`` ends: the offset of its line break (\n, \r\n
        or \r, as lines are counted), or the text's length on the last line."""
        i = bisect.bisect_right(self._starts, offset)
        if i == len(self._starts):
            return len(self._text)
        end = self._starts[i] - 1
        return end - 1 if self._text.startswith("\r\n", end - 1) else end
