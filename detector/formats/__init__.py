"""Report writers: text, JSON, JSON Lines, SARIF, GitHub and GitLab annotations, HTML.

Each writer module has ``render(results, **options) -> str``; :func:`render` dispatches on the
format name. A writer sees :class:`FileResult` objects: the path as given, the
:class:`~detector.report.Report` (or an error string for a file that could not be checked) and
the file's decoded text, which SARIF and HTML need for end positions and the page body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..files import by_paragraph
from ..report import SPUN, Passage, Report
from ..tokens import LineIndex

__all__ = ["FORMATS", "FileResult", "Summary", "flagged_passages", "line_index", "render",
           "summarize"]

FORMATS = ("text", "json", "jsonl", "sarif", "github", "gitlab", "html")


@dataclass(frozen=True)
class FileResult:
    """One checked file: ``report`` or ``error`` is set."""

    path: str
    report: Report | None = None
    error: str | None = None
    text: str = ""


def line_index(result: FileResult) -> LineIndex | None:
    """Positions in ``result.text`` numbered as its report numbers them (None without text):
    lines, or paragraphs in a Word or EPUB document
    (:func:`detector.paragraphs.paragraph_lines`)."""
    if not result.text:
        return None
    if by_paragraph(result.path):
        from ..paragraphs import ParagraphIndex

        return ParagraphIndex(result.text)
    return LineIndex(result.text)


@dataclass(frozen=True)
class Summary:
    files: int
    passages_flagged: int
    findings: int
    errors: int

    def to_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "passages_flagged": self.passages_flagged,
            "findings": self.findings,
            "errors": self.errors,
        }

    def line(self) -> str:
        def n(k: int, word: str) -> str:
            return f"{k} {word}{'' if k == 1 else 's'}"

        return (
            f"{n(self.files, 'file')} checked: {n(self.passages_flagged, 'passage')} flagged, "
            f"{n(self.findings, 'finding')}, {n(self.errors, 'error')}"
        )


def flagged_passages(report: Report) -> list[Passage]:
    return [p for p in report.passages if p.label == SPUN]


def summarize(results: Sequence[FileResult]) -> Summary:
    return Summary(
        files=sum(1 for r in results if r.report is not None),
        passages_flagged=sum(len(flagged_passages(r.report)) for r in results if r.report),
        findings=sum(len(r.report.findings) for r in results if r.report),
        errors=sum(1 for r in results if r.error is not None),
    )


def render(fmt: str, results: Sequence[FileResult], **options: Any) -> str:
    """Render ``results`` in format ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "text":
        from . import text as mod
    elif fmt == "json":
        from . import json as mod
    elif fmt == "jsonl":
        from . import jsonl as mod
    elif fmt == "sarif":
        from . import sarif as mod
    elif fmt == "github":
        from . import github as mod
    elif fmt == "gitlab":
        from . import gitlab as mod
    elif fmt == "html":
        from . import html as mod
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return mod.render(results, **options)
