"""SARIF 2.1.0 output for GitHub code scanning and other SARIF consumers.

One run; ``tool.driver.rules`` lists every rule unspin can report; each finding is a result
with a physical location (``startLine``/``startColumn``/``endLine``/``endColumn``; columns
count Unicode code points, declared with ``columnKind``) and, when there is a suggestion, a
``fix`` that replaces the span with it, keeping any markup inside the span where it was
(none where it cannot, nor in a document read through a converter). Spun passages are
results of rule ``spun-passage``. Files that could not be read become tool execution
notifications, not results.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from ..files import is_document
from ..report import Finding
from ..tokens import LineIndex
from . import FileResult, flagged_passages, line_index

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFO_URI = "https://github.com/unspin/unspin"

RULES = {
    "substitution": (
        "Unusual wording that reads like a thesaurus substitution of a common phrase.",
        "warning",
    ),
    "tortured-phrase": (
        "A known tortured phrase: a synonym-swapped form of an established term.",
        "warning",
    ),
    "tortured-term": (
        "A wording no list holds whose words are synonyms of a known term's (\"haphazard "
        "woods\" for \"random forest\"), in a passage with another such wording or a known "
        "tortured phrase.",
        "warning",
    ),
    "spun-name": (
        "The name of an institution as a news spinner renders it, word for word (\"UN Safety "
        "Council\" for \"UN Security Council\", \"Well being Ministry\" for \"Health "
        "Ministry\").",
        "warning",
    ),
    "acronym": (
        "A term that no longer spells the bracketed acronym after it, where a synonym of the "
        "word would: the acronym kept the original's initials.",
        "warning",
    ),
    "number-form": (
        "A number or date written in a form a writer would not use (\"the Nineteen "
        "Nineties\", \"tens of hundreds\", \"final yr\").",
        "note",
    ),
    "spintax": (
        "A spinner's template left in the text: a group of synonyms in braces, \"{great|"
        "excellent|superb}\", of which each spun copy takes one.",
        "warning",
    ),
    "disguised-word": (
        "A word written with letters of another script that look like Latin ones, or with an "
        "invisible character inside it, as tools that hide a rewrite from checkers write it.",
        "warning",
    ),
    "spun-passage": ("A passage that reads as machine-spun text as a whole.", "warning"),
}


def _fixer(r: FileResult) -> Callable[[Finding], str | None]:
    """What a fix of ``r``'s findings inserts for a finding's first suggestion: the
    suggestion, with markup between its words kept and a character reference inside it as
    written (:func:`detector.checkfile.replacement`), or None where it would break the
    markup ("final *yr*" for one word), for a document read through a converter (its
    regions are paragraphs of extracted text, not bytes of the file), and without the
    file's text to check against (a large file reported without it)."""
    findings = r.report.findings if r.report is not None else ()
    if not r.text or is_document(r.path) or not any(f.suggestions for f in findings):
        return lambda f: None  # (a file without suggestions is not read for its prose)
    from ..checkfile import prepare, replacement
    from ..prose import kind_for_path

    prose = prepare(r.text, kind_for_path(r.path))
    return lambda f: replacement(r.text, prose, f.start, f.end, f.suggestions[0])


def _uri(path: str) -> str:
    """A repository-relative URI when possible (what code scanning expects)."""
    if path == "-":
        return "stdin"
    p = PurePath(path)
    if p.is_absolute():
        rel = os.path.relpath(p, os.getcwd())
        if rel.startswith(".."):
            return Path(p).as_uri()
        p = PurePath(rel)
    return quote(p.as_posix().removeprefix("./"), safe="/")


def _region(index: LineIndex | None, start: int, end: int, line: int, col: int) -> dict:
    region: dict[str, Any] = {"startLine": line, "startColumn": col}
    if index is not None:
        end_line, end_col = index.position(end)
        region["endLine"], region["endColumn"] = end_line, end_col
    else:
        region["endLine"], region["endColumn"] = line, col + (end - start)
    region["charOffset"] = start
    region["charLength"] = end - start
    return region


def document(results: Sequence[FileResult]) -> dict[str, Any]:
    from .. import __version__

    rule_ids = list(RULES)
    rules = [
        {
            "id": rid,
            "name": "".join(w.capitalize() for w in rid.split("-")),
            "shortDescription": {"text": desc},
            "fullDescription": {"text": desc},
            "defaultConfiguration": {"level": level},
            "helpUri": INFO_URI,
            "help": {"text": desc},
        }
        for rid, (desc, level) in RULES.items()
    ]
    out_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for r in results:
        uri = _uri(r.path)
        if r.report is None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": f"{r.path}: {r.error}"},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            continue
        index = line_index(r)
        fix_text = _fixer(r)
        for f in r.report.findings:
            rid = f.rule if f.rule in RULES else "substitution"
            region = _region(index, f.start, f.end, f.line, f.column)
            msg = f.message + (f" (suggestion: '{f.suggestions[0]}')" if f.suggestions else "")
            res: dict[str, Any] = {
                "ruleId": rid,
                "ruleIndex": rule_ids.index(rid),
                "level": RULES[rid][1],
                "message": {"text": msg},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {"uri": uri},
                            "region": region,
                        }
                    }
                ],
                "properties": {"score": round(f.score, 4), "text": f.text},
            }
            inserted = fix_text(f) if f.suggestions else None
            if inserted is not None:
                res["fixes"] = [
                    {
                        "description": {"text": f"Replace with '{f.suggestions[0]}'"},
                        "artifactChanges": [
                            {
                                "artifactLocation": {"uri": uri},
                                "replacements": [
                                    {
                                        "deletedRegion": region,
                                        "insertedContent": {"text": inserted},
                                    }
                                ],
                            }
                        ],
                    }
                ]
            out_results.append(res)
        for p in flagged_passages(r.report):
            start_line = p.line
            end_line = index.position(max(p.start, p.end - 1))[0] if index else p.line
            out_results.append(
                {
                    "ruleId": "spun-passage",
                    "ruleIndex": rule_ids.index("spun-passage"),
                    "level": "warning",
                    "message": {
                        "text": f"Passage reads as machine-spun "
                        f"(probability {p.probability:.2f}, {p.findings} findings)"
                    },
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri},
                                "region": {"startLine": start_line, "endLine": end_line},
                            }
                        }
                    ],
                    "properties": {"probability": round(p.probability, 4), "words": p.words},
                }
            )
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "unspin",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFO_URI,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": out_results,
        "invocations": [
            {
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }
        ],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results: Sequence[FileResult], **_: Any) -> str:
    return json.dumps(document(results), indent=2, ensure_ascii=False) + "\n"
