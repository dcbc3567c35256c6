"""Prose extraction with exact offsets: plain text, Markdown, reStructuredText, AsciiDoc,
HTML and LaTeX.

Design: *blanking*. :func:`extract` returns a string of the same length as its input in which
every character that is not readable prose is replaced by a space, while line breaks (``\\n``
and ``\\r``) are kept. Offsets, lines and columns in the extracted text are therefore the
file's own, and nothing downstream needs an offset map.

Two small departures from "a space":

* HTML character references (``&amp;``, ``&#8217;``) keep their decoded character at the
  position of the ``&`` and are padded with spaces, so "rock &amp; roll" reads "rock &     roll";
  inside a word ("it&#8217;s") the padding is U+2060 WORD JOINER instead, which the tokenizer
  keeps inside the word and drops from its normalised form.
* A block boundary (list item, heading, table cell, ``<p>``, ``<li>``, ``<br>`` ...) puts
  :data:`BREAK` (U+2029 PARAGRAPH SEPARATOR) into one blanked position in front of the block.
  The tokenizer treats it as white space (``str.isspace`` is true, ``\\s`` matches it), and
  ``tokens._line_blocks`` splits before a line that starts with it, so a list item or table
  row is never merged into the previous line's sentence. U+2029 is a line break for
  ``str.splitlines``; use :class:`detector.tokens.LineIndex` for line numbers, never
  ``splitlines`` on extracted text.
* Italics (Markdown and reStructuredText ``*...*``; HTML ``<em>``, ``<i>``, ``<cite>``,
  ``<q>``, ``<dfn>``; LaTeX ``\\emph{...}``, ``\\textit{...}``) leave :data:`EMPHASIS`
  (U+205F MEDIUM MATHEMATICAL SPACE) where their markers were. It is white space to the
  tokenizer, the sentence splitter and the article reading, so italics change no word's
  evidence; it tells the analysis which words the writer set off: a report on tortured
  phrases names them in italics, as mentions, where a spinner never italicises the wording
  it produced (:func:`detector.features.mentioned`). Bold is only blanked: content writers
  bold their keywords, and a spun page keeps the bold on the spun wording.

Markdown is parsed with markdown-it-py (CommonMark plus tables and strikethrough). Block token
maps give the lines of code blocks, HTML blocks and inline content; inside inline content the
child tokens are aligned with the source left to right, and only ``text`` tokens are kept, so
emphasis markers, inline code, link destinations, autolinks, images and raw HTML disappear.
Lines that no block token covers (reference definitions) stay blank. YAML/TOML front matter is
blanked before parsing. Plain text loses e-mail quotation marks at line starts (">", "RH>")
and blocks of e-mail header lines ("From:", "Subject:", ...). In every kind, plain text
included, bare URLs and e-mail addresses are
blanked too, and so are lines that read as code outside any code markup: interpreter and shell
sessions, tracebacks, statements (:func:`_blank_code_lines`), every copy after the second
of a short block repeated word for word: index entries, table cells, page headers
(:func:`_blank_repeated_blocks`), and a paper's reference list after its heading
(:func:`_blank_reference_lists`).

HTML (``.html`` files and Markdown's HTML blocks) has a module of its own,
:mod:`detector.html_prose`: the standard library's parser, character data outside
``script``, ``style``, ``pre``, ``code`` and similar elements kept.

LaTeX (``.tex``, and Sweave/knitr ``.Rnw`` with their code chunks) has a module of its own,
:mod:`detector.latex`: preamble, comments, math, tables, listings, citations and references
are blanked, command names and braces too, and the words of ``\\section{...}``,
``\\emph{...}`` or ``\\footnote{...}`` stay.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import PurePath

from .tokens import EMPHASIS, line_feeds

__all__ = ["BREAK", "EMPHASIS", "JOINER", "KINDS", "extract", "kind_for_path"]

BREAK = "\u2029"
# U+2060 WORD JOINER fills the rest of a character reference inside a word (see _place).
JOINER = "\u2060"

KINDS = ("text", "markdown", "rst", "asciidoc", "html", "latex")

_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".rst": "rst",
    ".rest": "rst",
    ".adoc": "asciidoc",
    ".asciidoc": "asciidoc",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".tex": "latex",
    ".ltx": "latex",
    ".latex": "latex",
    ".rnw": "latex",  # Sweave and knitr: LaTeX with R code chunks
}


def kind_for_path(path: str | PurePath | None) -> str:
    """The prose kind for a file name; anything unknown is plain text."""
    if path is None:
        return "text"
    return _EXTENSIONS.get(PurePath(str(path)).suffix.lower(), "text")


def extract(text: str, kind: str, *, repeats: dict[str, int] | None = None) -> str:
    """Same-length text with everything but prose blanked (see the module docstring).

    ``repeats`` counts the short blocks seen so far (:func:`_blank_repeated_blocks`) and
    remembers a reference list still open (:func:`_blank_reference_lists`); pass the same
    dict for consecutive chunks of one file so that a chunked file is blanked exactly as the
    whole file would be.
    """
    fed = line_feeds(text)
    if fed != text:  # classic Mac line ends, read as "\n"; the result keeps the file's own
        out = list(extract(fed, kind, repeats=repeats))
        for i, (was, now) in enumerate(zip(text, fed, strict=True)):
            if was != now and out[i] == "\n":
                out[i] = was
        return "".join(out)
    if kind == "markdown":
        out = _markdown(text)
    elif kind == "html":
        from . import html_prose

        out = html_prose.extract(text, 0, len(text))
    elif kind == "rst":
        out = _rst(text)
    elif kind == "asciidoc":
        out = _asciidoc(text)
    elif kind == "latex":
        from .latex import extract as latex  # imported for LaTeX files only (start-up)

        out = latex(text)
    elif kind == "text":
        out = list(_blank_mail_headers(_blank_quote_markers(text)))
    else:
        raise ValueError(f"unknown prose kind {kind!r}; expected one of {', '.join(KINDS)}")
    joined = "".join(out) if kind == "text" else _join_inside_words(text, "".join(out))
    result = _blank_code_lines(text, _blank_urls(joined))
    result = _blank_table_rows(text, result)
    state = {} if repeats is None else repeats
    result = _blank_repeated_blocks(result, state)
    result = _blank_reference_lists(result, state)
    assert len(result) == len(text)
    return result


_BLANK_IN_WORD_RE = re.compile(f"(?<=[^\\W\\d_])[ {EMPHASIS}]+(?=[^\\W\\d_])")


def _join_inside_words(source: str, extracted: str) -> str:
    """Markup blanked inside a word ("fi**nal**", "fi<b>nal</b>", "fi\\-nal": no white space
    in the source between two letters) filled with :data:`JOINER`, which the tokenizer reads
    as part of the word: blanked, the word read as two ("fi nal"), and a restore rewrote
    half of it ("fi**nal** year"). A character reference for a space ("a&nbsp;b") is white
    space: joined, "institution&nbsp;of" was one word ("institutionof")."""
    def fill(m: re.Match[str]) -> str:
        inside = source[m.start() : m.end()]
        spaced = any(c.isspace() for c in inside) or (
            "&" in inside and any(c.isspace() for c in html.unescape(inside)))
        return m.group() if spaced else JOINER * len(inside)

    return _BLANK_IN_WORD_RE.sub(fill, extracted)


# E-mail quotation marks at line starts (">", ">>", "> >", initials such as "RH>") are not
# prose. Left in, they also split a hard-wrapped quoted paragraph into one sentence per line
# (a line break before ">" is not a break before a lower-case word), so a quoted reply read
# as a heap of fragments. Markdown block quotes are the parser's.
_QUOTE_MARKER_RE = re.compile(r"(?m)^[ \t]*(?:[A-Z]{0,3}>[ \t]?)+")


def _blank_quote_markers(text: str) -> str:
    if ">" not in text:
        return text
    return _blank_ranges(text, ((m.start(), m.end()) for m in _QUOTE_MARKER_RE.finditer(text)))


# A block of e-mail header lines (two or more in a row: "From: ...", "Subject: ...",
# "X-Mailer: ..."), as a forwarded or quoted message carries, is metadata: a subject line
# repeated in every header block read as a passage of its own.
_HEADER_RE = re.compile(
    r"[ \t]*(?:From|To|Cc|Bcc|Date|Sent|Subject|Sender|Reply-To|Delivered-To|Return-Path|"
    r"Received|Message-I[Dd]|In-Reply-To|References|Organi[sz]ation|Newsgroups|Followup-To|"
    r"Mailing-List|Precedence|Errors-To|MIME-Version|(?:X|List|Content|Resent)-[\w-]+):"
    r"(?:[ \t]|$)"
)


def _blank_mail_headers(text: str) -> str:
    if ":" not in text:
        return text
    ranges = []
    run: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if _HEADER_RE.match(line):
            run.append((pos, pos + len(line)))  # _blank keeps a trailing "\r"
        else:
            if len(run) >= 2:
                ranges += run
            run = []
        pos += len(line) + 1
    if len(run) >= 2:
        ranges += run
    return _blank_ranges(text, ranges)


# Bare URLs and e-mail addresses are not prose in any kind of file ("www", "com" and path
# words would read as odd vocabulary). Trailing sentence punctuation stays, as linkify does.
# So are bare domain names under a generic top-level domain, with any path after them: "The
# Distributed.net project" read as "net project" (-> "web project"), a finding in the mail of
# bench/unseen_docs.py. Country domains count after a generic second level ("bbc.co.uk");
# alone ("word.de") they are too easily a missing space after a full stop.
_GENERIC_TLDS = "com|net|org|edu|gov|mil|int|info|biz|io"
_SECOND_LEVEL = "co|ac|or|ne"
_DOMAIN = (r"(?<![\w@./-])(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+"
           rf"(?:{_GENERIC_TLDS}|(?:{_SECOND_LEVEL})\.[a-z]{{2}})"
           r"(?:\.[a-z]{2})?(?![\w@-])(?:[/#?][^\s<>\"'`\u2029]*)?")
_URL_RE = re.compile(
    r"(?<![\w@])(?:(?:https?|ftp)://|www\.)[^\s<>\"'`\u2029]+"
    r"|(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|" + _DOMAIN,
    re.IGNORECASE,
)
_DOMAIN_HINT_RE = re.compile(rf"\.(?:{_GENERIC_TLDS}|{_SECOND_LEVEL})\b", re.IGNORECASE)


def _blank_urls(text: str) -> str:
    if ("://" not in text and "www." not in text and "@" not in text
            and not _DOMAIN_HINT_RE.search(text)):
        return text
    return _blank_ranges(text, (
        (m.start(), m.start() + len(m.group().rstrip(".,;:!?)]}'\"")))
        for m in _URL_RE.finditer(text)
    ))


# Code outside code markup (a plain-text file's examples, a README's unfenced session, an
# RST document read as Markdown) is not prose either: its identifiers and error messages
# ("unused keyword argument") read as odd wording. A line is blanked when the original shows
# an interpreter or shell prompt or a traceback, or when most of what is left of it after
# extraction is code-shaped tokens. Each token test needs a mark that prose spells with a
# space or not at all: "f(x)" but "word (aside)", "max_words" but "max words", "a=b".
# A line comment of C-family code and AsciiDoc ("// table of contents begin"): prose never
# opens a line with two slashes and a space.
_LINE_COMMENT = r"//(?:\s|$)"
_PROMPT_RE = re.compile(
    r"[ \t>]*(?:>>>(?:\s|$)|In \[\d+\]: |\$ [a-z./~-])"
    r"|\s*(?:Traceback \(most recent call last\):|File \"[^\"\n]*\", line \d+)"
    r"|\s*(?:[A-Z]\w*\.)*[A-Z]\w*(?:Error|Exception|Warning|Interrupt)(?::\s|\s*$)"
    # R sessions as knitr and reprex print them in vignettes and papers: output lines
    # ("#> [1] TRUE", "## [1] 0.25"; a newsgroup's "#>quote" has no space) and assignments
    # ("int <- gcIntersect(LA, NY)"), whose arrow prose never writes between spaces.
    r"|\s*(?:#>(?:\s|$)|##\s+\[\d+(?:,\d*)?\]\s)"
    r"|\s*[A-Za-z.][\w.$@]*(?:\[[^\]\n]*\])?\s+<<?-\s+\S"
    r"|\s*" + _LINE_COMMENT
)
# Any such line in a text: _blank_code_lines reads line by line only texts with a mark of code.
_LINE_COMMENT_RE = re.compile(r"^[ \t]*" + _LINE_COMMENT, re.MULTILINE)
# "[a-z_]{2}\w*", not "[a-z_]{2,}\w*" (the same tokens): two adjacent quantifiers over the
# same letters tried every split of a long word, a 100 KB token took 75 s (issue #7).
_CODE_TOKEN_RE = re.compile(
    r"[=;{}\\<>]|\w\(|\w_|_\w|\w\[|\]\w|\w\.\w+\(|[a-z]\.[a-z_]{2}\w*[.(]|::|->|=>|&&|\|\|"
)
MIN_CODE_SHARE = 0.4
# A statement with a trailing comment ("\d+\.\d+   # mantissa of the form a.b",
# "x++;  // next"): code, then " #" or " //" and a remark. The part before the comment must
# be half code-shaped tokens, end in a statement's terminator (";", "{", "}"), or hold no
# plain word at all ("( [eE] [+-]? \d+ )? # finally"),
# so that prose with a hash or slashes in it stays ("#>The subjectivist may well feel # #>",
# a newsgroup quote).
_TRAILING_COMMENT_RE = re.compile(r"^(?P<code>.*?\S)\s+(?:#|//)(?:\s|$)")
_PLAIN_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*[,.;:!?]?")


def _code_shaped(line: str) -> bool:
    tokens = line.split()
    code = sum(1 for t in tokens if _CODE_TOKEN_RE.search(t))
    if code >= 1 and code >= MIN_CODE_SHARE * len(tokens) and (code >= 2 or len(tokens) <= 2):
        return True
    m = _TRAILING_COMMENT_RE.match(line.strip()) if (" #" in line or " //" in line) else None
    if m is None:
        return False
    before = m.group("code").split()
    code_part = sum(1 for t in before if _CODE_TOKEN_RE.search(t))
    # A statement's terminator before the remark ('"cats" =~ /cat|dog/;  # matches "cat"')
    # makes code of words in quotes, whatever their share.
    return (2 * code_part >= len(before) or before[-1].endswith((";", "{", "}"))
            or not any(_PLAIN_WORD_RE.fullmatch(t) for t in before))


def _blank_code_lines(source: str, extracted: str) -> str:
    if (not any(c in extracted for c in "=;{}\\<>(_[") and "File" not in source
            and not _LINE_COMMENT_RE.search(source)):
        return extracted
    return _blank_ranges(extracted, _code_lines(source, extracted))


def _code_lines(source: str, extracted: str) -> Iterator[tuple[int, int]]:
    starts = _line_starts(source)
    prompt_before = False
    for a, b in pairwise(starts):
        kept = extracted[a:b]
        if not kept.strip():
            continue
        original = source[a:b]
        # "... " continues an interpreter prompt's statement; elsewhere it is an ellipsis.
        prompt = bool(_PROMPT_RE.match(original)) or (
            prompt_before and original.lstrip().startswith("... ")
        )
        prompt_before = prompt
        if prompt or _code_shaped(kept):
            yield a, b


# Tables laid out with spaces (a manual's case table, columns as pdftotext sets them, an
# e-mail's aligned figures) are not prose either: read as prose, a row is a string of
# unrelated cells ("nothing exists keep index"), and a git manual's 20-row case table was one
# passage labelled spun with 32 findings. A line is a row when its source has at least
# MIN_TABLE_GAPS gaps of two or more spaces (or a tab) between words, not after the end of a
# sentence or clause ("done.  Next"), one of them at least three spaces or a tab (justified
# text pads its lines with double spaces), and no cell holds more than MAX_CELL_WORDS words.
# The source decides, not the extracted text: blanking markup in place leaves runs of spaces
# inside Markdown and HTML prose.
# The gap's start is asserted, then its spaces and tabs taken in one run: "(?: {2,}|\t)[ \t]*"
# traded a long run back and forth when a no-break space ended it (61 s for 100 KB).
_CELL_GAP_RE = re.compile(r"(?<=[^\s.!?:;])(?= {2}|\t)[ \t]+(?=\S)")
MIN_TABLE_GAPS = 2
MAX_CELL_WORDS = 4


def _table_row(line: str) -> bool:
    line = line.strip()
    gaps = _CELL_GAP_RE.findall(line)
    if len(gaps) < MIN_TABLE_GAPS or not any(len(g) > 2 or "\t" in g for g in gaps):
        return False
    return all(len(c.split()) <= MAX_CELL_WORDS for c in _CELL_GAP_RE.split(line))


def _blank_table_rows(source: str, extracted: str) -> str:
    if "  " not in source and "\t" not in source:
        return extracted
    starts = _line_starts(source)
    return _blank_ranges(extracted, (
        (a, b) for a, b in pairwise(starts)
        if extracted[a:b].strip() and _table_row(source[a:b])
    ))


# A short block (line, list item, table cell) that a document repeats word for word is a
# label, not prose: index entries and tables of contents repeating a section title, table
# cells, navigation, page headers and footers in text exports. Each copy would count its odd
# words again: an HTML manual's index repeating "Some convenience functions" 16 times within
# 80 words was one passage labelled spun. The first MAX_LABEL_COPIES copies are read (a
# heading and its table-of-contents entry), later ones are blanked. Deciding at each copy from
# the copies before it, never after, lets a file read in chunks be blanked as it would be
# whole. Tracking stops at MAX_TRACKED_LABELS distinct blocks, so memory stays bounded. A
# block that ends a sentence (".", "!", "?") is a repeated remark, still prose: it is read.
# A block whose text is longer than MAX_LABEL_CHARS is no label whatever its word count (a
# 100k-character "word" of a line without white space): kept as a key, 100,000 of them
# would hold gigabytes.
MAX_LABEL_WORDS = 12
MAX_LABEL_CHARS = 300
MAX_LABEL_COPIES = 2
MAX_TRACKED_LABELS = 100_000
_BLOCK_RE = re.compile(r"[^\n\r\u2029]+")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s*$")


def _blank_repeated_blocks(extracted: str, repeats: dict[str, int]) -> str:
    return _blank_ranges(extracted, _repeated_blocks(extracted, repeats))


def _repeated_blocks(extracted: str, repeats: dict[str, int]) -> Iterator[tuple[int, int]]:
    for m in _BLOCK_RE.finditer(extracted):
        if m.end() - m.start() > MAX_LABEL_CHARS and len(m.group().strip()) > MAX_LABEL_CHARS:
            continue  # (markup blanked around a label pads it with spaces: those don't count)
        words = m.group().split()
        if not 0 < len(words) <= MAX_LABEL_WORDS or _SENTENCE_END_RE.search(m.group()):
            continue
        key = " ".join(words).lower()
        seen = repeats.get(key)
        if seen is None:
            if len(repeats) < MAX_TRACKED_LABELS:
                repeats[key] = 1
            continue
        repeats[key] = seen + 1
        if seen >= MAX_LABEL_COPIES:
            yield m.span()


# A paper's reference list is not prose: cited titles, journal abbreviations and author
# lists read as odd wording ("Nonsmooth nonnegative matrix factorization", "Anal. Mach.
# Intell"), and one R vignette's bibliography was a passage labelled spun (158 vignettes
# turned into text by pdftotext: findings 44 -> 42, passages labelled spun 4 -> 3 with this
# rule). After a heading line ("References", "7. Bibliography", "Literature Cited")
# every paragraph that carries a reference's marks (a year, "[12]" or "12." at its start,
# "doi", "url", "pp. 12") is blanked, up to the first paragraph without one or one that opens
# an appendix. A list that runs on past a chunk's end goes on in the next chunk
# (``_IN_REFERENCES`` in the state that :func:`extract` threads through chunks).
_REFERENCES_HEADING_RE = re.compile(
    r"(?:\d+(?:\.\d+)*\.?\s+)?(?:references|bibliography|literature cited|works cited"
    r"|reference list|cited literature)\s*:?",
    re.IGNORECASE,
)
_REFERENCE_MARK_RE = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b|^\s*(?:\[\d+\]|\d+\.\s)|\bdoi\b|\burl\b"
    r"|\bpp?\.\s*\d",
    re.IGNORECASE | re.MULTILINE,
)
_APPENDIX_RE = re.compile(r"\s*(?:[A-Z]\.?\s+)?(?:appendix|appendices|supplementary)\b",
                          re.IGNORECASE)
_PARAGRAPH_RE = re.compile(r"(?:^[^\S\n]*\S.*(?:\n|\Z))+", re.MULTILINE)
_IN_REFERENCES = "\x00in a reference list"


def _blank_reference_lists(extracted: str, state: dict[str, int]) -> str:
    return _blank_ranges(extracted, _reference_lists(extracted, state))


def _reference_lists(extracted: str, state: dict[str, int]) -> Iterator[tuple[int, int]]:
    inside = state.pop(_IN_REFERENCES, 0) == 1
    for m in _PARAGRAPH_RE.finditer(extracted):
        a, b = m.span()
        if inside and (_APPENDIX_RE.match(m.group()) or not _REFERENCE_MARK_RE.search(m.group())):
            inside = False
        if inside:
            yield a, b
            continue
        first_end = extracted.find("\n", a, b)
        first_end = b if first_end < 0 else first_end
        if _REFERENCES_HEADING_RE.fullmatch(extracted[a:first_end].strip()):
            inside = True
            rest = extracted[first_end:b]
            yield (a, b) if not rest.strip() or _REFERENCE_MARK_RE.search(rest) else (
                a, first_end)
    if inside:
        state[_IN_REFERENCES] = 1


# --------------------------------------------------------------------------- helpers


def _blank_ranges(text: str, ranges: Iterable[tuple[int, int]]) -> str:
    """``text`` with the non-overlapping ``ranges`` blanked (:func:`_blank`); the text
    itself when there are none."""
    chars: list[str] | None = None
    for a, b in ranges:
        if chars is None:
            chars = list(text)
        chars[a:b] = _blank(text, a, b)
    return text if chars is None else "".join(chars)


def _blank(text: str, start: int = 0, end: int | None = None) -> list[str]:
    """Spaces for ``text[start:end]`` with line breaks kept."""
    end = len(text) if end is None else end
    return [c if c in "\r\n" else " " for c in text[start:end]]


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer(r"\n", text))
    starts.append(len(text))
    return starts


def _mark_break(text: str, out: list[str], start: int, end: int) -> None:
    """Put BREAK into the last blanked position before the first prose character of the line
    ``text[start:end]`` (the block marker: "- ", "# ", "| ", "<li>")."""
    pos = start
    while pos < end and out[pos] == " ":
        pos += 1
    if pos > start and pos < end and out[pos] not in "\r\n" and not text[pos].isspace():
        out[pos - 1] = BREAK


# --------------------------------------------------------------------------- Markdown

_FRONT_MATTER_RE = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n")


def _front_matter_end(text: str) -> int:
    """End offset of a leading YAML (``---``) or TOML (``+++``) front-matter block, or 0."""
    m = _FRONT_MATTER_RE.match(text)
    if not m:
        return 0
    closers = ("---", "...") if m.group(1) == "---" else ("+++",)
    pos = m.end()
    for line in re.finditer(r"[^\n]*(?:\n|\Z)", text[pos:]):
        if line.group().rstrip() in closers:
            return pos + line.end()
        if not line.group():
            break
    return 0


def _md_parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Keep escapes and entities as separate tokens: their markup is the source form.
    md.disable("text_join")
    return md


_MD = None


def _markdown(text: str) -> list[str]:
    global _MD
    if _MD is None:
        _MD = _md_parser()
    out = _blank(text)
    fm_end = _front_matter_end(text)
    source = "".join(_blank(text, 0, fm_end)) + text[fm_end:] if fm_end else text
    starts = _line_starts(source)
    nlines = len(starts) - 1

    def offset(line: int) -> int:
        return starts[min(line, nlines)]

    tokens = _MD.parse(source)
    last_map: list[int] | None = None
    for tok in tokens:
        if tok.map:
            last_map = tok.map
        if tok.type == "html_block" and tok.map:
            from . import html_prose

            a, b = offset(tok.map[0]), offset(tok.map[1])
            out[a:b] = html_prose.extract(source, a, b)
        elif tok.type == "inline":
            region = tok.map or last_map
            if region is None:
                continue
            _md_inline(source, out, tok.children or [], offset(region[0]), offset(region[1]))
    # Block boundaries: the first line of every heading, list item, table row and quote.
    for tok in tokens:
        if tok.map and tok.type in (
            "heading_open", "list_item_open", "tr_open", "blockquote_open", "paragraph_open"
        ):
            line = tok.map[0]
            _mark_break(source, out, offset(line), offset(line + 1))
            if tok.type == "tr_open":
                # every cell starts a block: mark the (blanked) pipes between cells too
                for i in range(offset(line), offset(line + 1)):
                    if source[i] == "|" and out[i] == " ":
                        out[i] = BREAK
    return out


_MD_EMPHASIS = frozenset({"em_open", "em_close"})  # italics; bold is a keyword's emphasis


def _md_inline(source: str, out: list[str], children, start: int, end: int) -> None:
    """Align inline child tokens with ``source[start:end]`` and un-blank the text tokens."""
    cur = start
    skip_link_text = False
    brackets = _Brackets(source, start, end)
    for child in children:
        t = child.type
        if t == "text":
            if not child.content:
                continue
            pos = source.find(child.content, cur, end)
            if pos < 0:
                continue
            if not skip_link_text:
                out[pos : pos + len(child.content)] = list(child.content)
            cur = pos + len(child.content)
        elif t == "text_special":
            # escapes ("\*") and entities ("&amp;"): keep the decoded character, pad the rest
            pos = source.find(child.markup, cur, end)
            if pos < 0:
                continue
            if not skip_link_text and len(child.content) <= len(child.markup):
                _place(out, pos, child.content, len(child.markup), source)
            cur = pos + len(child.markup)
        elif t in _MD_EMPHASIS:
            pos = source.find(child.markup, cur, end)
            if pos >= 0:
                out[pos : pos + len(child.markup)] = EMPHASIS * len(child.markup)
                cur = pos + len(child.markup)
        elif t in ("softbreak", "hardbreak"):
            pos = source.find("\n", cur, end)
            cur = pos + 1 if pos >= 0 else cur
        elif t == "code_inline":
            pos = source.find(child.markup, cur, end)
            if pos >= 0:
                pos = source.find(child.content.strip(), pos + len(child.markup), end)
                if pos >= 0:
                    close = source.find(child.markup, pos + len(child.content.strip()), end)
                    cur = close + len(child.markup) if close >= 0 else pos
        elif t == "html_inline":
            pos = source.find(child.content, cur, end)
            if pos >= 0:
                cur = pos + len(child.content)
        elif t == "link_open":
            if child.markup == "autolink" or child.info == "auto":
                skip_link_text = True
            else:
                pos = source.find("[", cur, end)
                cur = pos + 1 if pos >= 0 else cur
        elif t == "link_close":
            if skip_link_text:
                skip_link_text = False
                pos = source.find(">", cur, end)
                cur = pos + 1 if pos >= 0 else cur
            else:
                cur = _skip_link_tail(source, cur, end, brackets)
        elif t == "image":
            pos = source.find("![", cur, end)
            if pos >= 0:
                close = brackets.matching(pos + 1)
                # The tail starts right after the text's "]": looking for one more "]"
                # from there skipped to the next link's tail and blanked the text between.
                cur = _skip_tail(source, close, end, brackets) if close >= 0 else pos + 2


# Why links are read this way: the tail of each link was skipped by counting parentheses to
# the end of the block, so a title that opens one ('[a](http://x "t(")') left the count open
# and every link read the rest of the block again: 4,000 such links (100 KB) took 20 s.
# The tail is now read as markdown-it reads it, within its own length, and a count that is
# still needed (a reference "[ref]", an image's text, a tail markdown-it did not read) is
# looked up in a table of the block's brackets made once.
def _skip_link_tail(source: str, cur: int, end: int, brackets: _Brackets) -> int:
    """Skip ``](destination "title")``, ``][ref]``, ``[]`` or ``]`` after a link's text."""
    pos = source.find("]", cur, end)
    return cur if pos < 0 else _skip_tail(source, pos + 1, end, brackets)


def _skip_tail(source: str, nxt: int, end: int, brackets: _Brackets) -> int:
    """Skip ``(destination "title")``, ``[ref]`` or ``[]`` at ``nxt``, just after the "]"
    of a link's or an image's text."""
    if source.startswith("(", nxt):
        # Where markdown-it reads no inline tail here, the link is a reference link
        # ("[ref](some words)" with "[ref]" defined) and the parenthesis is text.
        close = _inline_link_tail_end(source, nxt, end)
        return close if close >= 0 else nxt
    if source.startswith("[", nxt):
        close = brackets.matching(nxt)
        return close if close >= 0 else nxt
    return nxt


_LINK_SPACE = " \t\n"


def _inline_link_tail_end(source: str, pos: int, end: int) -> int:
    """The end of the inline link tail ``(destination "title")`` at ``source[pos]``, a "(",
    or -1 where there is none: CommonMark's form, read as markdown-it reads it
    (rules_inline/link.py), in time proportional to the tail.

    White space (spaces, tabs, line breaks) may surround the destination and the title; the
    destination is ``<...>`` or a run without spaces whose unescaped parentheses balance;
    the title is quoted with ``"``, ``'`` or ``(...)``, and a backslash escapes. A
    destination markdown-it refuses (``javascript:``, :func:`_allowed_destination`) makes no
    tail either: markdown-it then reads a reference link, if any, and the rest as text.
    """
    i = _skip(source, pos + 1, end, _LINK_SPACE)
    if i >= end:
        return -1
    destination_end = _link_destination_end(source, i, end)
    if destination_end >= 0 and not _allowed_destination(source[i:destination_end]):
        return -1
    if destination_end >= 0:
        i = _skip(source, destination_end, end, _LINK_SPACE)
        title_end = _link_title_end(source, i, end) if i > destination_end else -1
        if title_end >= 0:
            i = _skip(source, title_end, end, _LINK_SPACE)
    return i + 1 if i < end and source[i] == ")" else -1


def _allowed_destination(raw: str) -> bool:
    """Whether markdown-it accepts the link destination ``raw`` as written in the source
    (its validateLink refuses ``javascript:``, ``vbscript:``, ``file:`` and most ``data:``)."""
    if raw.startswith("<") and raw.endswith(">"):
        raw = raw[1:-1]
    md = _MD if _MD is not None else _md_parser()
    return bool(md.validateLink(md.normalizeLink(raw)))


def _skip(source: str, pos: int, end: int, chars: str) -> int:
    while pos < end and source[pos] in chars:
        pos += 1
    return pos


def _link_destination_end(source: str, pos: int, end: int) -> int:
    """End of a link destination at ``source[pos]``, or -1 (markdown-it's
    parseLinkDestination, nesting at most 32 parentheses deep as it does)."""
    i = pos
    if source.startswith("<", pos):
        i += 1
        while i < end:
            c = source[i]
            if c in "\n<":
                return -1
            if c == ">":
                return i + 1
            i += 2 if c == "\\" and i + 1 < end else 1
        return -1
    level = 0
    while i < end:
        c = source[i]
        if c <= " " or c == "\x7f":  # a space or a control character ends it
            break
        if c == "\\" and i + 1 < end:
            if source[i + 1] == " ":
                break
            i += 2
            continue
        if c == "(":
            level += 1
            if level > 32:
                return -1
        elif c == ")":
            if level == 0:
                break
            level -= 1
        i += 1
    return i if i > pos and level == 0 else -1


def _link_title_end(source: str, pos: int, end: int) -> int:
    """End of a link title (``"..."``, ``'...'`` or ``(...)``) at ``source[pos]``, or -1
    (markdown-it's parseLinkTitle: an unescaped "(" inside ``(...)`` ends it unread)."""
    if pos >= end or source[pos] not in "\"'(":
        return -1
    close = ")" if source[pos] == "(" else source[pos]
    i = pos + 1
    while i < end:
        c = source[i]
        if c == close:
            return i + 1
        if c == "(" and close == ")":
            return -1
        i += 2 if c == "\\" else 1
    return -1


_BRACKET_RE = {"(": re.compile(r"\\[\s\S]|[()]"), "[": re.compile(r"\\[\s\S]|[][]")}


class _Brackets:
    """The bracket that closes an opening one, in one block of Markdown source, counting
    nested pairs and passing over backslash escapes: each question is answered from a table
    of the block's brackets made once, not by reading on to the end of the block again.

    Counting from an opening bracket at ``pos`` is counting from the block's start: escapes
    after ``pos`` pair up the same either way, since ``pos`` holds no backslash. The bracket
    closing ``pos`` is the first one after it where the running count of the block falls
    below its value just after ``pos``.
    """

    def __init__(self, source: str, start: int, end: int) -> None:
        self.source, self.start, self.end = source, start, end
        # per opening bracket: offsets of the brackets, the running count after each, and
        # for each count the indexes where it is reached
        self._tables: dict[str, tuple[list[int], list[int], dict[int, list[int]]]] = {}

    def matching(self, pos: int) -> int:
        """Offset just after the bracket that closes ``source[pos]`` ("(" or "["), or -1."""
        offsets, counts, reached = self._table(self.source[pos])
        first = bisect.bisect_right(offsets, pos)  # the brackets after pos
        # The block's count just after pos (which it passed over if escaped there): counted
        # from pos, the brackets after it close it where the block's count falls below it.
        after = counts[first - 1] if first else 0
        indexes = reached.get(after - 1, [])
        k = bisect.bisect_left(indexes, first)
        return offsets[indexes[k]] + 1 if k < len(indexes) else -1

    def _table(self, open_: str) -> tuple[list[int], list[int], dict[int, list[int]]]:
        table = self._tables.get(open_)
        if table is None:
            offsets: list[int] = []
            counts: list[int] = []
            reached: dict[int, list[int]] = {}
            count = 0
            for m in _BRACKET_RE[open_].finditer(self.source, self.start, self.end):
                c = m.group()
                if c[0] == "\\":
                    continue
                count += 1 if c == open_ else -1
                reached.setdefault(count, []).append(len(offsets))
                offsets.append(m.start())
                counts.append(count)
            table = self._tables[open_] = (offsets, counts, reached)
        return table


def _place(out: list[str], pos: int, decoded: str, length: int, source: str) -> None:
    """Write a decoded reference or escape at ``pos`` over its ``length`` source characters.

    The rest of the reference is blank, except inside a word ("it&#8217;s", "caf&eacute;s"):
    there it is filled with :data:`JOINER`, which the tokenizer reads as part of the word,
    so the word is not cut in two.
    """
    out[pos : pos + len(decoded)] = list(decoded)
    after = source[pos + length] if pos + length < len(source) else " "
    if (decoded.isalpha() or decoded in "'’\xad") and after.isalpha():  # \xad: &shy;
        for k in range(pos + len(decoded), pos + length):
            out[k] = JOINER


# --------------------------------------------------------------------------- reStructuredText

_RST_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1{2,}[ \t]*\r?$")
# Roles whose interpreted text is code, a formula, keys, a path or an object's name (Sphinx's
# standard roles and every domain's, "py:func"), not prose: ":code:`final yr`" was read and
# rewritten. Roles of prose (":ref:", ":doc:", ":term:", ":emphasis:") keep their text.
_RST_CODE_ROLES = (r"code|math|kbd|samp|file|command|envvar|option|program|regexp|makevar"
                   r"|mimetype|func|meth|class|attr|mod|data|const|exc|obj|[\w+-]+:[\w+-]+")
_RST_INLINE = re.compile(
    r"``.+?``"                      # inline literal
    r"|(?<=\S)[ \t]*<[^<>\s]+>(?=`_)"  # link target in `text <url>`_
    r"|:(?:" + _RST_CODE_ROLES + r"):`[^`]*`"  # a role whose text is code, math or a name
    r"|:[\w:+-]+:(?=`)"             # role name before `...`
)


_RST_WRAPPED_LITERAL = re.compile(r"``(?:(?!``)[^\n]|\n(?![ \t]*\n))+?``")


# Directives whose body is prose: admonitions, notes on versions, and the descriptions of
# documented objects (Sphinx's domains: ".. function:: f(x)", ".. c:macro:: M", ".. option::
# --all"). Their first line (the name and arguments) and their options (":no-index:") are
# markup; the body is read, and code inside it is blanked as anywhere else. A developer-docs
# probe found a note's tortured phrases unread (model card item 147). Every other directive
# (code-block, math, raw, image, csv-table, toctree, include, ...) stays blank whole.
_RST_PROSE_DIRECTIVE = re.compile(
    r"\s*\.\.\s+(?:(?:[a-z]+:)?(?:(?P<body>note|warning|tip|important|caution|danger|error|"
    r"hint|attention|seealso)|admonition|topic|sidebar|versionadded|versionchanged|deprecated|"
    r"epigraph|pull-quote|highlights|glossary|option|envvar|describe|object|function|"
    r"method|class|attribute|data|exception|module|macro|member|type|var|struct|union|enum|"
    r"enumerator|property|decorator|classmethod|staticmethod))::(?:\s|$)")
_RST_DIRECTIVE_OPTION = re.compile(r"\s+:[\w-]+:(?:\s.*)?\r?")


def _rst(text: str) -> list[str]:
    """Light reStructuredText: drop directives/comments (``..`` blocks), literal blocks after
    ``::``, section adornments, inline literals, link targets and URLs. There is no docutils
    dependency, so this is a line-based approximation that errs towards blanking."""
    out = list(text)
    starts = _line_starts(text)
    lines = [text[a:b] for a, b in pairwise(starts)]
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" \t"))
        block_start = None
        for m in _RST_INLINE.finditer(line):
            a, b = starts[i] + m.start(), starts[i] + m.end()
            out[a:b] = _blank(text, a, b)
        if d := _RST_PROSE_DIRECTIVE.match(line):
            # The directive line and its options are markup, but an admonition's text may
            # begin on it (".. note:: Text."); its body is read below.
            end = starts[i] + d.end() if d.group("body") else starts[i + 1]
            out[starts[i] : end] = _blank(text, starts[i], end)
            i += 1
            while i < len(lines) and _RST_DIRECTIVE_OPTION.fullmatch(lines[i].rstrip("\n")):
                out[starts[i] : starts[i + 1]] = _blank(text, starts[i], starts[i + 1])
                i += 1
            continue
        if stripped.startswith(".. ") or stripped == "..":
            block_start = i
        elif stripped.endswith("::") and not stripped.startswith(".."):
            # literal block follows; the paragraph itself is prose ("Example::" -> "Example:")
            p = starts[i] + line.rstrip().rfind("::")
            out[p + 1] = " "
            j = i + 1
            j = _rst_blank_indented(text, out, starts, lines, j, indent)
            i = j
            continue
        if _RST_ADORNMENT.match(line):
            out[starts[i] : starts[i + 1]] = _blank(text, starts[i], starts[i + 1])
        if block_start is not None:
            out[starts[i] : starts[i + 1]] = _blank(text, starts[i], starts[i + 1])
            i = _rst_blank_indented(text, out, starts, lines, i + 1, indent)
            continue
        i += 1
    result = "".join(out)
    # An inline literal wrapped onto the next line of its paragraph.
    result = _RST_WRAPPED_LITERAL.sub(lambda m: "".join(_blank(m.group())), result)
    # leftover markup characters around references and interpreted text: `text`_ -> text,
    # `numpy` -> numpy; italics (*text*) leave EMPHASIS, bold (**text**) a blank
    result = re.sub(r"`_{1,2}|(?<![\w`])`(?=\w)|(?<=[\w.)])`(?![\w`_])|\*\*|(?<!\w)\*(?=\w)"
                    r"|(?<=\w)\*(?!\w)",
                    lambda m: EMPHASIS if m.group() == "*" else " " * len(m.group()), result)
    return list(result)


# AsciiDoc (.adoc), line by line as reStructuredText is: delimited blocks of code, literal
# text, passthrough markup and comments ("----", "....", "++++", "////") and tables ("|===")
# are blanked whole with their delimiters; example, quote, sidebar and open blocks ("====",
# "____", "****", "--") keep their prose and lose only the delimiter lines. Attribute
# entries (":toc: left"), block attribute and anchor lines ("[source,python]", "[[id]]"),
# block macros ("image::a.png[]", "include::x.adoc[]") and the markers of section titles
# ("== ") and block titles (".Title") are blanked; so are inline monospace spans (`code`,
# as in Markdown). Line comments ("// ...") go with the code lines of every kind.
_ADOC_VERBATIM = re.compile(r"(-{4,}|\.{4,}|\+{4,}|/{4,}|\|={3,}|,={3,}|:={3,}|!={3,})[ \t]*\r?")
_ADOC_PROSE_BLOCK = re.compile(r"(={4,}|_{4,}|\*{4,}|--)[ \t]*\r?")
_ADOC_LINE = re.compile(
    r"(?::!?[\w][\w-]*!?:(?:[ \t].*)?"  # attribute entry
    r"|\[\[?[^\]]*\]\]?"  # block attributes, anchor
    # "[^\s[]*\[", not "\S*\[": its first bracket will do, and trying each one of a long
    # line of brackets was quadratic (100 KB: 7 s; issue #7).
    r"|[a-z][\w-]*::[^\s\[]*\[.*\])[ \t]*\r?"  # block macro
)
_ADOC_TITLE_MARK = re.compile(r"(?:={1,6}|#{1,6})[ \t]+(?=\S)|\.(?=[A-Za-z0-9])")
_ADOC_MONOSPACE = re.compile(r"(?<![\w`])`[^`\n]+`(?![\w`])")
# Inline macros: "link:https://x[the site]", "xref:page.adoc[Setup]", "footnote:[Text.]"
# keep their bracketed text; images, keys, buttons and passthroughs keep nothing.
_ADOC_MACRO = re.compile(
    r"(?<![\w])(?:(link|xref|mailto|https?|ftp|irc|footnote)|image|kbd|btn|menu|pass)"
    r":[^\s\[\]]*\[([^\]\n]*)\]"
)


def _asciidoc(text: str) -> list[str]:
    out = list(text)
    starts = _line_starts(text)
    lines = [text[a:b].rstrip("\n") for a, b in pairwise(starts)]

    def blank_line(i: int) -> None:
        out[starts[i] : starts[i + 1]] = _blank(text, starts[i], starts[i + 1])

    i = 0
    while i < len(lines):
        line = lines[i]
        if i and _adoc_underline(lines[i - 1], line):
            # A two-line section title ("NAME" over "----"): the underline, not a block.
            blank_line(i)
            i += 1
            continue
        fence = _ADOC_VERBATIM.fullmatch(line)
        if fence:
            # Blank to the closing delimiter (the same line again), or to the end.
            j = i + 1
            while j < len(lines) and lines[j].rstrip() != fence.group(1):
                j += 1
            for k in range(i, min(j + 1, len(lines))):
                blank_line(k)
            i = j + 1
            continue
        if _ADOC_PROSE_BLOCK.fullmatch(line) or _ADOC_LINE.fullmatch(line):
            blank_line(i)
        else:
            mark = _ADOC_TITLE_MARK.match(line)
            if mark:
                out[starts[i] : starts[i] + mark.end()] = _blank(text, starts[i],
                                                                 starts[i] + mark.end())
            spans = [(m.start(), m.end()) for m in _ADOC_MONOSPACE.finditer(line)]
            for m in _ADOC_MACRO.finditer(line):
                if m.group(1) and m.group(2).strip():  # keep the words in the brackets
                    spans += [(m.start(), m.start(2)), (m.end(2), m.end())]
                else:
                    spans.append((m.start(), m.end()))
            for a, b in spans:
                out[starts[i] + a : starts[i] + b] = _blank(text, starts[i] + a, starts[i] + b)
        i += 1
    return out


def _adoc_underline(title: str, line: str) -> bool:
    """Whether ``line`` underlines ``title`` as a two-line section title: one of "=-~^+"
    repeated to the title's length, give or take two."""
    under, title = line.rstrip(), title.rstrip()
    return (len(under) >= 2 and under[0] in "=-~^+" and under == under[0] * len(under)
            and abs(len(under) - len(title)) <= 2 and bool(title.strip())
            and not _ADOC_VERBATIM.fullmatch(title) and not _ADOC_PROSE_BLOCK.fullmatch(title))


def _rst_blank_indented(text, out, starts, lines, j, indent) -> int:
    """Blank the indented block (and blank lines inside it) starting at line ``j``."""
    k = j
    last = j
    while k < len(lines):
        ln = lines[k]
        if ln.strip():
            if len(ln) - len(ln.lstrip(" \t")) <= indent:
                break
            last = k + 1
        k += 1
    if last > j:
        out[starts[j] : starts[last]] = _blank(text, starts[j], starts[last])
    return max(last, j)
