"""GitLab Code Quality report: the Code Climate issue format GitLab reads from a CI job's
``artifacts:reports:codequality`` file and shows in merge requests.

One JSON array of issues: each finding (severity ``minor``), each passage labelled spun
(``major``) and each file that could not be checked (``critical``), with ``check_name``
(``unspin/substitution``, ``unspin/spun-passage``, ``unspin/error``), a ``description``, and
a ``location`` of ``path`` and 1-based line and column ``positions``.

GitLab compares a merge request's issues with its target branch's by ``fingerprint``, so a
fingerprint must stay the same while unrelated lines move: it hashes the path, the check,
the flagged wording and which occurrence of that wording in the file it is, never the line.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from . import FileResult, flagged_passages, line_index


def _fingerprint(*parts: object) -> str:
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def _issue(check: str, description: str, severity: str, path: str, begin: tuple[int, int],
           end: tuple[int, int], fingerprint: str) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": f"unspin/{check}",
        "description": description,
        "categories": ["Style"],
        "severity": severity,
        "fingerprint": fingerprint,
        "location": {"path": path, "positions": {
            "begin": {"line": begin[0], "column": begin[1]},
            "end": {"line": end[0], "column": end[1]},
        }},
    }


def render(results: Sequence[FileResult], **_: Any) -> str:
    issues: list[dict[str, Any]] = []
    for r in results:
        if r.report is None:
            issues.append(_issue("error", r.error or "could not be checked", "critical",
                                 r.path, (1, 1), (1, 1), _fingerprint(r.path, "error")))
            continue
        index = line_index(r)
        seen: Counter[tuple[str, str]] = Counter()
        for f in r.report.findings:
            wording = " ".join(f.text.lower().split())
            nth = seen[(f.rule, wording)]
            seen[(f.rule, wording)] += 1
            end = (index.position(f.end) if index is not None
                   else (f.line, f.column + (f.end - f.start)))
            description = f.message
            if f.suggestions:
                description += f" -> {f.suggestions[0]}"
            issues.append(_issue(f.rule, description, "minor", r.path, (f.line, f.column), end,
                                 _fingerprint(r.path, f.rule, wording, nth)))
        for k, p in enumerate(flagged_passages(r.report)):
            end_line = index.position(max(p.start, p.end - 1))[0] if index is not None else p.line
            issues.append(_issue(
                "spun-passage",
                f"passage reads as machine-spun (probability {p.probability:.2f}, "
                f"{p.words} words, {p.findings} findings)",
                "major", r.path, (p.line, 1), (end_line, 1),
                _fingerprint(r.path, "spun-passage", k),
            ))
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
