"""LaTeX prose extraction by blanking: the sentences of a ``.tex`` (or Sweave ``.Rnw``) file,
with the markup turned into spaces so that every offset, line and column stays the file's.

Research-integrity desks and journals receive manuscripts as LaTeX, and a tortured phrase in
a paper's source reads as one in its PDF. Read as plain text, the source is mostly noise:
``\\cite{smith2020}``, ``$x_i$``, ``\\begin{tabular}{ll}``. This module keeps the prose and
blanks the rest, with the same conventions as :mod:`detector.prose`: line breaks kept,
:data:`~detector.prose.BREAK` where a block (heading, list item, environment) starts, U+2060
WORD JOINER where markup sat inside a word (``Schr\\"odinger``, ``hy\\-phen``).

What is blanked:

* the preamble (everything before ``\\begin{document}``, when there is one) and everything
  after ``\\end{document}``; comments (``%`` to the end of the line);
* math: ``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]`` and display environments
  (``equation``, ``align``, ...), none of which may run over a blank line;
* environments that hold no prose: verbatim and code listings, tables' ``tabular`` grids,
  pictures, the bibliography; Sweave and knitr code chunks (``<<...>>=`` to ``@``) and
  ``\\Sexpr{...}``;
* commands whose arguments are not prose (``\\cite``, ``\\ref``, ``\\label``, ``\\url``,
  ``\\includegraphics``, ``\\vspace``, ...), with those arguments; for ``\\href`` and
  ``\\textcolor`` only the first argument; code set in type (``\\texttt{...}``,
  ``{\\tt ...}``, and the ``\\code``, ``\\pkg`` of statistics journals), as Markdown's
  inline code is;
* every other command's name and optional ``[...]`` arguments, and all braces, so that
  ``\\section{Related work}``, ``\\emph{not}`` and ``\\footnote{...}`` keep their words;
* ``~`` and ``&``; TeX quotes become plain ones (````` `` `````/``''`` read as ``"``).

Accents (``\\'e``, ``\\"{o}``, ``\\c{c}``) keep their letter without its accent: prose
extraction never changes a character's position, so it cannot put "é" where three
characters were. The limits are those of reading markup without running TeX: a user macro
that expands to prose reads as nothing (its arguments stay), and one whose arguments are not
prose leaves them as words.
"""

from __future__ import annotations

import heapq
import re

from .tokens import EMPHASIS  # where the braces of \emph{...} were

__all__ = ["extract"]

BREAK = "\u2029"  # detector.prose.BREAK (not imported: prose imports this module)
JOINER = "\u2060"  # detector.prose.JOINER
# Commands that set their argument's words off (a mention reads as one: features.mentioned).
_SET_OFF = frozenset("emph textit textsl enquote".split())  # italics and quotes, not bold

# Environments blanked whole, to their matching \end.
_MATH_ENVS = frozenset(
    "equation equation* align align* alignat alignat* aligned flalign flalign* gather gather* "
    "multline multline* eqnarray eqnarray* math displaymath split cases subequations dmath "
    "dmath*".split()
)
_NONPROSE_ENVS = frozenset(
    "tabular tabular* tabularx tabulary longtable array tabu supertabular xtabular "
    "tikzpicture picture pspicture axis thebibliography filecontents filecontents* "
    "algorithmic algorithm2e".split()
)
# Environments whose body is taken literally by TeX: their \end is found as text.
_VERBATIM_ENVS = frozenset(
    "verbatim verbatim* Verbatim Verbatim* BVerbatim LVerbatim lstlisting minted comment "
    "alltt Sinput Soutput Scode Schunk spverbatim code listing".split()
)
# Commands blanked with every argument that follows them directly.
_DROP = frozenset(
    "cite cite* citep citep* citet citet* citealp citealt citeauthor citeyear citeyearpar "
    "parencite textcite autocite footcite nocite ref eqref autoref cref Cref pageref nameref "
    "vref label url nolinkurl includegraphics includepdf input include includeonly "
    "bibliography bibliographystyle addbibresource usepackage RequirePackage documentclass "
    "newcommand renewcommand providecommand newenvironment renewenvironment newtheorem "
    "DeclareMathOperator def let setlength addtolength setcounter addtocounter "
    "stepcounter vspace vspace* hspace hspace* vskip hskip kern rule raisebox "
    "author date affiliation affil address email orcid thanks institute "
    "hypersetup graphicspath lstinputlisting lstset color pagestyle thispagestyle "
    "pagenumbering bibitem footnotemark footnotetext linenumbers doi "
    "SweaveOpts SweaveInput setkeys captionsetup definecolor newlength "
    # Code and names set in type, like Markdown's inline code (JSS style: \code, \pkg).
    "texttt code pkg proglang file path cmd command option samp kbd".split()
)
# Commands whose first N arguments are blanked and whose later ones are prose.
_DROP_FIRST = {"href": 1, "textcolor": 1, "colorbox": 1, "fcolorbox": 2, "hyperref": 0}
# Commands that start a block: a heading or an item never runs on into the next sentence.
_BLOCK_COMMANDS = frozenset(
    "part chapter section subsection subsubsection paragraph subparagraph title caption "
    "subcaption item abstract maketitle bibitem".split()
)
# Accent commands named by a letter (\c{c}, \v{s}): their argument is the accented letter.
_LETTER_ACCENTS = frozenset("c v u H k r d b t".split())
_SYMBOL_ACCENTS = "'`^\"~=."
# Letters and ligatures written as commands (\o, \ss, \ae): the letters stay in the word.
_LETTER_COMMANDS = frozenset("i j o O l L ae AE oe OE aa AA ss".split())

_NAME_RE = re.compile(r"[A-Za-z@]+\*?")
# Between a command and its arguments: spaces only. LaTeX allows a line break there, but
# "\begin{center}" at a line's end is as often followed by a "{\large Title}" group of
# prose on the next line, which must not be taken for an argument.
_SPACE_RE = re.compile(r"[ \t]*")
_CHUNK_RE = re.compile(r"^<<[^\n]*>>=[ \t]*\r?$.*?(?:^@[ \t]*\r?$|\Z)", re.MULTILINE | re.DOTALL)
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\r?\n")
_TYPEWRITER_GROUP_RE = re.compile(r"\{\s*\\(?:tt|ttfamily)(?![A-Za-z])")
_ENV_NAME_RE = re.compile(r"\s*\{([^{}\n]*)\}")
_INLINE_MATH_CLOSE = {"(": re.compile(r"\\\)"), "[": re.compile(r"\\\]")}
# What a group's end depends on, as _group_end's character loop meets it: a backslash and
# the character it escapes (never counted, even a line break), a brace, a bracket, and a
# line break that starts a blank line (_BLANK_LINE_RE at that line break).
_GROUP_TOKEN_RE = re.compile(r"\\(.)|([{}\[\]])|(\n(?=[ \t]*\r?\n))", re.DOTALL)


def extract(text: str) -> list[str]:
    """``text`` as a list of characters, markup blanked (see the module docstring)."""
    out = list(text)
    start, end = _body(text)
    _blank(text, out, 0, start)
    _blank(text, out, end, len(text))
    for m in _CHUNK_RE.finditer(text, start, end):
        _blank(text, out, m.start(), m.end())
    _Scanner(text, out, end).scan(start)
    return out


def _body(text: str) -> tuple[int, int]:
    """Where the document's body starts and ends: after ``\\begin{document}`` (or at the
    start of a file without one: a chapter read by ``\\input``) and before
    ``\\end{document}``."""
    begin = re.search(r"^[^%\n]*?\\begin\s*\{document\}", text, re.MULTILINE)
    start = begin.end() if begin else 0
    finish = re.search(r"^[^%\n]*?\\end\s*\{document\}", text[start:], re.MULTILINE)
    if finish:
        return start, start + finish.start() + finish.group().rindex("\\end")
    return start, len(text)


def _blank(text: str, out: list[str], a: int, b: int) -> None:
    for k in range(a, b):
        if text[k] not in "\r\n":
            out[k] = " "


class _Scanner:
    """One left-to-right pass over the body that blanks markup in ``out``."""

    def __init__(self, text: str, out: list[str], end: int) -> None:
        self.text = text
        self.out = out
        self.end = end
        self._group_ends: dict[int, int] | None = None  # built on the first argument
        # _next's last search for each pattern: where it started, the span it found.
        self._found: dict[re.Pattern[str], tuple[int, tuple[int, int]]] = {}

    def scan(self, pos: int) -> None:
        text, end = self.text, self.end
        while pos < end:
            c = text[pos]
            if self.out[pos] in (" ", EMPHASIS) and c != " ":
                pos += 1  # already blanked (a code chunk, an emphasis's braces)
            elif c == "\\":
                pos = self.command(pos)
            elif c == "%":
                nl = text.find("\n", pos)
                pos = self.blank(pos, end if nl < 0 else min(nl, end))
            elif c == "$":
                pos = self.math(pos)
            elif c == "{" and _TYPEWRITER_GROUP_RE.match(text, pos):
                # "{\tt as.data.frame}": the old way of writing \texttt, code as well.
                stop = self.brace_arg(pos)
                pos = self.blank(pos, stop if stop is not None else pos + 1)
            elif c in "{}&" or c == "~":
                self.out[pos] = " "
                pos += 1
            elif text.startswith("``", pos) or text.startswith("''", pos):
                self.out[pos : pos + 2] = ['"', " "]
                pos += 2
            elif c == "`":
                self.out[pos] = "'"
                pos += 1
            else:
                pos += 1

    def blank(self, a: int, b: int) -> int:
        _blank(self.text, self.out, a, b)
        return b

    # \( and \[ look ahead for their closer and for a blank line. Each opener left unclosed
    # searched to the body's end again: "\( x " repeated took 37 s for 500 KB, growing with
    # the square of the text. The scanner moves forwards, so the last answer holds for every
    # start up to the place it found.
    def _next(self, pattern: re.Pattern[str], pos: int) -> tuple[int, int]:
        """The span of ``pattern``'s first match from ``pos`` to the body's end ((-1, -1):
        none), remembered for the starts it also answers."""
        start, found = self._found.get(pattern, (-1, (-1, -1)))
        if start < 0 or pos < start or 0 <= found[0] < pos:
            m = pattern.search(self.text, pos, self.end)
            found = m.span() if m else (-1, -1)
            self._found[pattern] = (pos, found)
        return found

    def join(self, a: int, b: int) -> int:
        for k in range(a, b):
            self.out[k] = JOINER
        return b

    def mark_block(self, pos: int) -> None:
        """Put BREAK at ``pos`` (a blanked position before a block's first word)."""
        if pos < self.end and self.out[pos] == " ":
            self.out[pos] = BREAK

    def command(self, pos: int) -> int:
        text = self.text
        nxt = text[pos + 1 : pos + 2]
        if not nxt:
            return self.blank(pos, pos + 1)
        if nxt == "(" or nxt == "[":
            close = self._next(_INLINE_MATH_CLOSE[nxt], pos + 2)[0]
            blank_line = self._next(_BLANK_LINE_RE, pos)[1]
            if close < 0 or 0 <= blank_line <= close:
                return self.blank(pos, pos + 2)
            return self.blank(pos, close + 2)
        if nxt in _SYMBOL_ACCENTS and self._accent_target(pos + 2):
            return self.accent(pos, pos + 2)
        if nxt == "-":  # a hyphenation point inside a word
            return self.join(pos, pos + 2)
        if nxt == "\\":  # a line break, with its optional [length]
            return self.optional_args(self.blank(pos, pos + 2))
        if not ((nxt.isascii() and nxt.isalpha()) or nxt == "@"):
            # \%, \&, \$, \#, \_, \{, \}: the character itself; \, \; \! \/ and "\ ": space.
            self.out[pos] = " "
            if not nxt.isalnum() and nxt not in "%&$#_{}":
                self.out[pos + 1] = " " if nxt not in "\r\n" else nxt
            return pos + 2
        m = _NAME_RE.match(text, pos + 1)
        assert m is not None
        name = m.group()
        after = m.end()
        if name in _LETTER_ACCENTS and text.startswith("{", after) and self._accent_target(
                after):
            return self.accent(pos, after)
        if name in _LETTER_COMMANDS:
            # "Stra\ss{}e": the letters, then joiners for the rest and an empty group.
            self.out[pos : pos + len(name)] = list(name)
            stop = after + 2 if text.startswith("{}", after) else after
            return self.join(pos + len(name), stop)
        if name == "begin" or name == "end":
            return self.environment(pos, after, name == "begin")
        if name in ("verb", "verb*", "lstinline", "mintinline", "Sexpr"):
            return self.inline_code(pos, after, name)
        self.blank(pos, after)
        if name.rstrip("*") in _BLOCK_COMMANDS:
            self.mark_block(after - 1)
        if name in _DROP:
            return self.blank(pos, self.all_args(after))
        if name in _DROP_FIRST:
            pos = self.optional_args(after)
            for _ in range(_DROP_FIRST[name]):
                arg = self.brace_arg(pos)
                if arg is None:
                    break
                pos = self.blank(pos, arg)
            return pos
        # Anything else: a macro whose braces hold prose (\emph, \section, \footnote) or
        # nothing at all (\maketitle, \centering). Optional arguments are never prose.
        pos = self.optional_args(after)
        if name in _SET_OFF and (stop := self.brace_arg(pos)) is not None:
            self.out[self.text.index("{", pos)] = self.out[stop - 1] = EMPHASIS
        return pos

    def _accent_target(self, pos: int) -> bool:
        """Whether an accent command's argument (a letter, or {letter}) starts at ``pos``."""
        t = self.text[pos : pos + 3]
        return bool(t[:1].isalpha() or (t[:1] == "{" and t[1:2].isalpha() and t[2:3] == "}")
                    or t[:2] == "{}" or t[:2] == "{\\")

    def accent(self, pos: int, arg: int) -> int:
        """\\'e, \\"{o} or \\"{\\i}: the letter stays, the rest joins it to its word."""
        text = self.text
        self.join(pos, arg)
        if not text.startswith("{", arg):
            return arg
        close = text.find("}", arg, min(self.end, arg + 5))
        inner = text[arg + 1 : close] if close > 0 else "?"
        if inner in ("\\i", "\\j"):
            self.out[arg + 1 : arg + 3] = [inner[1], JOINER]
        elif not ((len(inner) <= 1 and inner.isalpha()) or not inner):
            return arg  # not an accent's argument after all: scanned as usual
        self.out[arg] = self.out[close] = JOINER
        return close + 1

    def environment(self, pos: int, after: int, begin: bool) -> int:
        text = self.text
        m = _ENV_NAME_RE.match(text, after)
        if not m:
            return self.blank(pos, after)
        env = m.group(1).strip()
        if not begin:
            self.blank(pos, m.end())
            return m.end()
        if env in _VERBATIM_ENVS:
            close = text.find("\\end{" + env + "}", m.end(), self.end)
            stop = self.end if close < 0 else close + len(env) + 6
            return self.blank(pos, stop)
        if env in _MATH_ENVS or env in _NONPROSE_ENVS:
            return self.blank(pos, self._matching_end(env, m.end()))
        self.blank(pos, m.end())
        self.mark_block(m.end() - 1)
        # \begin{figure}[htbp], \begin{minipage}{0.5\textwidth}: never prose.
        return self.blank(m.end(), self.all_args(m.end()))

    def _matching_end(self, env: str, pos: int) -> int:
        """The end of the ``\\end{env}`` that closes an environment opened before ``pos``
        (nested ones of the same name counted); the body's end when there is none."""
        pattern = re.compile(r"\\(begin|end)\s*\{" + re.escape(env) + r"\}")
        depth = 1
        for m in pattern.finditer(self.text, pos, self.end):
            depth += 1 if m.group(1) == "begin" else -1
            if depth == 0:
                return m.end()
        return self.end

    def inline_code(self, pos: int, after: int, name: str) -> int:
        """\\verb|x|, \\lstinline{x}, \\Sexpr{x}: blanked through the closing delimiter."""
        text = self.text
        start = self.optional_args(after) if name != "verb" and name != "verb*" else after
        if name == "mintinline":
            start = self.brace_arg(start) or start  # the language
        if start >= self.end:
            return self.blank(pos, start)
        if text[start] == "{":
            stop = self.brace_arg(start) or self._line_end(start)
        else:
            close = text.find(text[start], start + 1, self._line_end(start))
            stop = self._line_end(start) if close < 0 else close + 1
        return self.blank(pos, stop)

    def _line_end(self, pos: int) -> int:
        nl = self.text.find("\n", pos, self.end)
        return self.end if nl < 0 else nl

    def math(self, pos: int) -> int:
        text = self.text
        delim = "$$" if text.startswith("$$", pos) else "$"
        k = pos + len(delim)
        while k < self.end:
            c = text[k]
            if c == "\\":
                k += 2
                continue
            if text.startswith(delim, k):
                return self.blank(pos, k + len(delim))
            if c == "\n" and _BLANK_LINE_RE.match(text, k):
                break
            k += 1
        return self.blank(pos, pos + len(delim))  # unclosed: a lone dollar sign

    def brace_arg(self, pos: int) -> int | None:
        """The end of a ``{...}`` argument starting at ``pos`` (after spaces or tabs), or
        None when there is none."""
        m = _SPACE_RE.match(self.text, pos)
        k = m.end() if m else pos
        if k >= self.end or self.text[k] != "{":
            return None
        return self._group_end(k)

    def bracket_arg(self, pos: int) -> int | None:
        """The end of a ``[...]`` argument directly at ``pos`` (braces inside nest)."""
        if pos >= self.end or self.text[pos] != "[":
            return None
        return self._group_end(pos)

    def _group_end(self, k: int) -> int | None:
        """The end of the group opened at ``k`` by ``{`` (closed by ``}``) or ``[`` (closed by
        ``]``), or None when a blank line or the body's end comes first.

        Read without running TeX: a backslash escapes the one character after it; braces
        nest, and a ``]`` closes at the first place where the braces opened since ``k`` are
        all closed (or more were closed than opened, around a stray ``}``); ``[`` does not
        nest, so ``\\item[a[b]`` ends at the first ``]``.
        """
        # Looked up in an index of every group's end, built in one pass over the text. Scanning
        # each group on its own cost as much as the rest of its paragraph when the group was
        # left open, so a long paragraph of unclosed arguments (7000 "\textbf[word") took
        # 38 s for 126 KB: the scans grew with the square of the paragraph.
        if self._group_ends is None:
            self._group_ends = _group_ends(self.text, self.end)
        return self._group_ends.get(k)

    def optional_args(self, pos: int) -> int:
        """Blank the ``[...]`` arguments directly at ``pos``; where they end."""
        while True:
            stop = self.bracket_arg(pos)
            if stop is None:
                return pos
            pos = self.blank(pos, stop)

    def all_args(self, pos: int) -> int:
        """Where the run of ``[...]`` and ``{...}`` arguments following ``pos`` ends."""
        while True:
            stop = self.bracket_arg(pos)
            if stop is None:
                stop = self.brace_arg(pos)
            if stop is None:
                return pos
            pos = stop


def _group_ends(text: str, end: int) -> dict[int, int]:
    """Where the group opened by each ``{`` and ``[`` before ``end`` ends, as scanning from
    it would find (:meth:`_Scanner._group_end`); absent when a blank line or ``end`` comes
    first.

    One pass keeps ``level``, the braces opened so far minus those closed. An open group
    waits with the deepest level at which its closer ends it: a ``}`` ends a ``{``'s group
    when the level falls below the group's inside, a ``]`` ends a ``[``'s group at the level
    the ``[`` stood at or any shallower one (past a stray ``}``). A blank line ends them all.
    """
    ends: dict[int, int] = {}
    # Max-heaps by closer: (-deepest level that ends the group, where the group opens).
    waiting: dict[str, list[tuple[int, int]]] = {"}": [], "]": []}
    level = 0
    for m in _GROUP_TOKEN_RE.finditer(text):
        pos = m.start()
        if pos >= end:
            break
        escaped, mark, blank = m.groups()
        if blank:
            for groups in waiting.values():
                groups.clear()
        elif escaped is not None:
            # Never a closer. An opener only in case one is asked about (the scanner never
            # starts an argument at an escaped brace or bracket).
            _open(waiting, escaped, level, pos + 1)
        else:
            level += (mark == "{") - (mark == "}")
            if mark in waiting:
                _close(waiting[mark], level, pos + 1, ends)
            else:
                _open(waiting, mark, level, pos)
    return ends


def _open(waiting: dict[str, list[tuple[int, int]]], char: str, level: int, at: int) -> None:
    """Let the group that ``char`` opens at ``at`` wait; ``level`` counts the text's braces
    through ``at``, and a scan from ``at`` counts its own ``{`` even where it is escaped."""
    if char == "{":
        heapq.heappush(waiting["}"], (1 - level, at))
    elif char == "[":
        heapq.heappush(waiting["]"], (-level, at))


def _close(waiting: list[tuple[int, int]], level: int, stop: int, ends: dict[int, int]) -> None:
    """End at ``stop`` every waiting group that a closer at ``level`` ends."""
    while waiting and -waiting[0][0] >= level:
        ends[heapq.heappop(waiting)[1]] = stop
