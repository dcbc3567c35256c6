"""Plain text output, one line per finding, like a compiler or linter.

``path:line:col: unspin/<rule> message -> suggestion``, then one line per passage labelled
spun with its probability, then a summary line. Colour (ANSI) only when the caller asks for
it; the CLI asks only when stdout is a terminal and ``NO_COLOR`` is unset.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import FileResult, flagged_passages, summarize

_RESET = "\033[0m"


def _style(on: bool):
    def paint(s: str, code: str) -> str:
        return f"\033[{code}m{s}{_RESET}" if on else s

    return paint


def render(
    results: Sequence[FileResult], *, color: bool = False, quiet: bool = False, **_: Any
) -> str:
    paint = _style(color)
    lines: list[str] = []
    for r in results:
        if r.report is None:
            continue  # errors go to stderr, printed by the CLI as they happen
        for f in r.report.findings:
            loc = paint(f"{r.path}:{f.line}:{f.column}:", "1")
            rule = paint(f"unspin/{f.rule}", "33")
            msg = f"{loc} {rule} {f.message}"
            if f.suggestions:
                msg += " -> " + paint(f.suggestions[0], "32")
            lines.append(msg)
        for p in flagged_passages(r.report):
            loc = paint(f"{r.path}:{p.line}:", "1")
            lines.append(
                f"{loc} {paint('spun passage', '31')} "
                f"(probability {p.probability:.2f}, {p.words} words, {p.findings} findings)"
            )
    if not quiet:
        lines.append(summarize(results).line())
    return "".join(line + "\n" for line in lines)
