"""A single self-contained HTML page: inline CSS, no scripts, no network.

Each file is shown as its own text (white space preserved) with every finding highlighted;
the suggestions are the highlight's tooltip (``title``) and also shown on hover/focus via
CSS. Passages labelled spun get a tinted background and their probability in the margin;
every passage shows its probability.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from . import FileResult, flagged_passages, summarize

CSS = """
:root { color-scheme: light; --spun: #fde2e1; --mark: #ffd54f; --ink: #1d1d1f; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink);
       margin: 0 auto; max-width: 60rem; padding: 1.5rem; background: #fafafa; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.summary { color: #555; margin-bottom: 1.5rem; }
section.file { background: #fff; border: 1px solid #ddd; border-radius: 6px; margin: 1rem 0;
               padding: 1rem 1.25rem; }
section.file h2 { font: 600 1rem ui-monospace, monospace; margin: 0 0 .5rem; }
.error { color: #b00020; font-family: ui-monospace, monospace; }
.doc { white-space: pre-wrap; word-wrap: break-word; font-family: Georgia, serif; }
.passage { display: inline; }
.passage.spun { background: var(--spun); }
.prob { font: 11px ui-monospace, monospace; color: #666; background: #eee; border-radius: 3px;
        padding: 0 .3em; margin-right: .3em; user-select: none; }
.passage.spun > .prob { background: #c62828; color: #fff; }
mark.finding { background: var(--mark); border-bottom: 2px solid #e65100; position: relative;
               padding: 0 1px; border-radius: 2px; }
mark.finding .tip { display: none; position: absolute; left: 0; top: 1.6em; z-index: 2;
                    background: #263238; color: #fff; font: 12px/1.4 system-ui, sans-serif;
                    padding: .3em .5em; border-radius: 4px; white-space: nowrap; }
mark.finding:hover .tip, mark.finding:focus .tip { display: block; }
table.findings { border-collapse: collapse; margin-top: .75rem; font-size: 13px; }
table.findings td, table.findings th { border-top: 1px solid #eee; padding: .2em .6em;
                                        text-align: left; }
"""


def _file_body(r: FileResult) -> str:
    report = r.report
    assert report is not None
    text = r.text
    # Events: passage open/close and finding open/close, applied in one left-to-right pass.
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for p in report.passages:
        cls = "passage spun" if p.label == "spun" else "passage"
        opens.setdefault(p.start, []).append(
            f'<span class="{cls}" data-probability="{p.probability:.4f}">'
            f'<span class="prob">{p.probability:.2f}</span>'
        )
        closes.setdefault(p.end, []).append("</span>")
    findings = sorted(report.findings, key=lambda f: (f.start, -f.end))
    last_end = -1
    for f in findings:
        if f.start < last_end:
            continue  # overlapping findings: keep the first, the table lists all
        last_end = f.end
        tip = ", ".join(f.suggestions) if f.suggestions else "no suggestion"
        title = f"{f.rule} ({f.score:.2f}): {tip}"
        opens.setdefault(f.start, []).append(
            f'<mark class="finding" tabindex="0" title="{escape(title)}" '
            f'data-rule="{escape(f.rule)}">'
        )
        closes.setdefault(f.end, []).insert(
            0, f'<span class="tip">{escape(title)}</span></mark>'
        )
    out = []
    pos = 0
    points = sorted(set(opens) | set(closes))
    for point in points:
        if point > len(text):
            point = len(text)
        out.append(escape(text[pos:point]))
        pos = point
        out.extend(closes.get(point, []))
        out.extend(opens.get(point, []))
    out.append(escape(text[pos:]))
    rows = "".join(
        f"<tr><td>{f.line}:{f.column}</td><td>{escape(f.text)}</td><td>{escape(f.rule)}</td>"
        f"<td>{f.score:.2f}</td><td>{escape(', '.join(f.suggestions))}</td></tr>"
        for f in report.findings
    )
    table = (
        '<table class="findings"><tr><th>Line</th><th>Text</th><th>Rule</th><th>Score</th>'
        f"<th>Suggestions</th></tr>{rows}</table>"
        if rows
        else ""
    )
    flagged = len(flagged_passages(report))
    head = (
        f"<p>probability {report.probability:.2f} &middot; {report.words} words &middot; "
        f"{flagged} of {len(report.passages)} passages spun &middot; "
        f"{len(report.findings)} findings</p>"
    )
    return f'{head}<div class="doc">{"".join(out)}</div>{table}'


def render(results: Sequence[FileResult], **_: Any) -> str:
    sections = []
    for r in results:
        name = escape(r.path)
        if r.report is None:
            body = f'<p class="error">error: {escape(r.error or "")}</p>'
        else:
            body = _file_body(r)
        sections.append(f'<section class="file"><h2>{name}</h2>{body}</section>')
    summary = escape(summarize(results).line())
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>unspin report</title>"
        f"<style>{CSS}</style></head><body><h1>unspin report</h1>"
        f'<p class="summary">{summary}</p>{"".join(sections)}</body></html>\n'
    )
