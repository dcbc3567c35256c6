"""JSON Lines output: one file's entry per line, written as each file is done.

A content pipeline checking a large folder wants results while the run goes on and memory
that does not grow with the number of files: ``unspin check --format jsonl`` writes each
file's entry (exactly an element of the JSON output's ``files``: the report's fields and
``path``, or ``path`` and ``error``; see ``docs/json-schema.md``) as one line of compact JSON
as soon as it and the files before it are done, in the order ``--format json`` lists them,
and keeps none of them (ruff's ``json-lines``). There is no summary line: every line is a
file, so ``wc -l`` counts files and ``jq`` reads each line alike.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from . import FileResult
from .json import file_entry


def line(result: FileResult) -> str:
    """``result``'s entry as one line of JSON, newline included."""
    return json.dumps(file_entry(result), ensure_ascii=False, separators=(",", ":")) + "\n"


def render(results: Sequence[FileResult], **_: Any) -> str:
    return "".join(line(r) for r in results)
