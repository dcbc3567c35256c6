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


def document(results: Sequence[FileResult]) -> dict[str, Any]:
    from .. import __version__

    files: list[dict[str, Any]] = []
    for r in results:
        if r.report is None:
            files.append({"path": r.path, "error": r.error or "unknown error"})
        else:
            files.append({"path": r.path, **r.report.to_dict()})
    return {
        "schema": OUTPUT_SCHEMA,
        "version": __version__,
        "files": files,
        "summary": summarize(results).to_dict(),
    }


def render(results: Sequence[FileResult], **_: Any) -> str:
    return json.dumps(document(results), indent=2, ensure_ascii=False) + "\n"
