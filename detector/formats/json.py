"""JSON output: one versioned document for the whole run.

Layout (see ``docs/json-schema.md`` and ``detector/report.schema.json``)::

    {"schema": "unspin-output/1", "version": "<unspin version>",
     "files": [{"path": ..., <Report.to_dict() fields>} | {"path": ..., "error": ...}],
     "summary": {"files": n, "passages_flagged": n, "findings": n, "errors": n}}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import FileResult, summarize

OUTPUT_SCHEMA = "unspin-output/1"


def file_entry(result: FileResult) -> dict[str, Any]:
    """One file's entry: its report's fields and its path, or its path and error."""
    if result.report is None:
        return {"path": result.path, "error": result.error or "unknown error"}
    return {"path": result.path, **result.report.to_dict()}


def document(results: Sequence[FileResult]) -> dict[str, Any]:
    from .. import __version__

    return {
        "schema": OUTPUT_SCHEMA,
        "version": __version__,
        "files": [file_entry(r) for r in results],
        "summary": summarize(results).to_dict(),
    }


def render(results: Sequence[FileResult], **_: Any) -> str:
    return json.dumps(document(results), indent=2, ensure_ascii=False) + "\n"
