"""A fake analysis for tests that need findings at known places (``restore --interactive``,
the language server's quick fixes), without the models deciding where they fall."""

from __future__ import annotations

import re
from collections.abc import Iterable

from detector.report import Finding, Report
from detector.tokens import LineIndex


def report_over(text: str, wordings: Iterable[tuple[str, tuple[str, ...]]]) -> Report:
    """A spun report with a substitution finding at each occurrence in ``text`` (the text as
    analysed) of each ``(wording, suggestions)``."""
    lines = LineIndex(text)
    found = [Finding(m.start(), m.end(), *lines.position(m.start()), w, "substitution", 0.9,
                     suggestions)
             for w, suggestions in wordings for m in re.finditer(re.escape(w), text)]
    return Report(0.9, "spun", 10, (), tuple(sorted(found, key=lambda f: f.start)))
