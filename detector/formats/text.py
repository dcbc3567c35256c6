"""Plain text output, one line per finding, like a compiler or linter.

``path:line:col: unspin/<rule> message -> suggestion``, then one line per passage labelled
spun with its probability, then a summary line. With ``show_source`` (``unspin check
--show-source``) each finding is followed by its line of text, cut to a window around the
finding when long (a Markdown paragraph is one line), and a row of carets under the finding,
placed by display width (a CJK character takes two columns, a combining mark none), as
ruff and compilers show a diagnostic's source. With ``statistics`` (``unspin check
--statistics``, as ruff has it) the lines per finding and passage give way to one line per
kind of finding: how many there are, in how many files, and the wordings found most often
with their first suggestion, which is where an editor triaging a folder starts. Colour (ANSI)
only when the caller asks for it; the CLI asks only when stdout is a terminal and
``NO_COLOR`` is unset.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from ..report import shown
from . import FileResult, flagged_passages, summarize

_RESET = "\033[0m"


def _style(on: bool):
    def paint(s: str, code: str) -> str:
        return f"\033[{code}m{s}{_RESET}" if on else s

    return paint


def render(
    results: Sequence[FileResult], *, color: bool = False, quiet: bool = False,
    statistics: bool = False, show_source: bool = False, **_: Any,
) -> str:
    paint = _style(color)
    lines: list[str] = statistics_lines(results, paint) if statistics else []
    for r in () if statistics else results:
        if r.report is None:
            continue  # errors go to stderr, printed by the CLI as they happen
        for f in r.report.findings:
            loc = paint(f"{r.path}:{f.line}:{f.column}:", "1")
            rule = paint(f"unspin/{f.rule}", "33")
            msg = f"{loc} {rule} {f.message}"
            if f.suggestions:
                msg += " -> " + paint(f.suggestions[0], "32")
            lines.append(msg)
            if show_source and r.text:
                text, marks = excerpt(r.text, f.start, f.end)
                lines += [f"    {text}", f"    {paint(marks, '31')}"]
        for p in flagged_passages(r.report):
            loc = paint(f"{r.path}:{p.line}:", "1")
            lines.append(
                f"{loc} {paint('spun passage', '31')} "
                f"(probability {p.probability:.2f}, {p.words} words, {p.findings} findings)"
            )
    if not quiet:
        lines.append(summarize(results).line())
    return "".join(line + "\n" for line in lines)


# Wordings shown per kind of finding in the statistics.
TOP_WORDINGS = 5


def statistics_lines(results: Sequence[FileResult], paint: Callable[[str, str], str]) -> list[str]:
    """One line per rule with findings, most findings first, then spun passages and files."""
    count: Counter[str] = Counter()
    files: Counter[str] = Counter()
    wordings: dict[str, Counter[tuple[str, str]]] = {}
    passages = spun_files = 0
    for r in results:
        if r.report is None:
            continue
        for rule in {f.rule for f in r.report.findings}:
            files[rule] += 1
        for f in r.report.findings:
            count[f.rule] += 1
            wording = shown(" ".join(f.text.lower().split()))
            best = f.suggestions[0].lower() if f.suggestions else ""
            wordings.setdefault(f.rule, Counter())[(wording, best)] += 1
        passages += len(flagged_passages(r.report))
        spun_files += r.report.is_spun
    width = len(str(max(count.values(), default=0)))
    lines = []
    for rule, n in sorted(count.items(), key=lambda kv: (-kv[1], kv[0])):
        top = ", ".join(
            f"{w} -> {b} ({k})" if b else f"{w} ({k})"
            for (w, b), k in wordings[rule].most_common(TOP_WORDINGS)
        )
        in_files = f"in {files[rule]} file{'s' if files[rule] != 1 else ''}"
        lines.append(f"{n:>{width}}  {paint(rule, '33')} {in_files}: {top}")
    if passages:
        lines.append(f"{paint('spun passages', '31')}: {passages}; files labelled spun as a "
                     f"whole: {spun_files}")
    return lines


# Display columns of an excerpt: the finding with context on either side, cut with "…".
EXCERPT_WIDTH = 100
EXCERPT_BEFORE = 40


def _width(ch: str) -> int:
    import unicodedata

    # Combining marks, variation selectors and format characters (zero-width space and
    # joiner, soft hyphen) take no column: counted as one, they pushed the carets right.
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def excerpt(text: str, start: int, end: int) -> tuple[str, str]:
    """The line of ``text`` holding ``text[start:end]`` (at most :data:`EXCERPT_WIDTH`
    columns of it, cut around the span with "…"), and a row of carets under the span
    (to the line's end when the span goes on to the next line)."""
    # A line ends at "\n" or at a classic Mac "\r", as line numbers count them.
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    line_end = min((i for i in (text.find("\n", start), text.find("\r", start)) if i >= 0),
                   default=len(text))
    end = max(start + 1, min(end, line_end))
    # Control characters (tabs, a stray carriage return) would move the carets: one space.
    line = "".join(" " if ch < " " or ch == "\x7f" else ch
                   for ch in text[line_start:line_end])
    a, b = start - line_start, end - line_start
    widths = [_width(ch) for ch in line]
    if sum(widths) <= EXCERPT_WIDTH:  # a line that fits is shown whole
        marks = " " * sum(widths[:a]) + "^" * max(1, sum(widths[a:b]))
        return line, marks
    lo = a
    room = EXCERPT_BEFORE
    while lo > 0 and room - widths[lo - 1] >= 0:
        lo -= 1
        room -= widths[lo]
    hi = lo
    used = 0
    while hi < len(line) and (hi < b or used + widths[hi] <= EXCERPT_WIDTH):
        used += widths[hi]
        hi += 1
    # A cut falls between words where it can: "…military help amid", not "…ary help am".
    if lo > 0 and (space := line.find(" ", lo, a)) >= 0:
        lo = space + 1
    if hi < len(line) and (space := line.rfind(" ", b, hi)) >= 0:
        hi = space
    left = "…" if lo > 0 else ""
    right = "…" if hi < len(line) else ""
    shown = left + line[lo:hi] + right
    pad = len(left) + sum(widths[lo:a])
    marks = " " * pad + "^" * max(1, sum(widths[a:min(b, hi)]))
    return shown, marks
