"""GitHub Actions workflow commands: one ``::warning`` annotation per finding and passage.

``::warning file=F,line=L,col=C,endColumn=E,title=T::message``. Property values escape
``%``, CR, LF, ``:`` and ``,``; the message escapes ``%``, CR and LF, as the runner expects.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import FileResult, flagged_passages, line_index


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, props: dict[str, Any], message: str) -> str:
    body = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{kind} {body}::{escape_data(message)}"


def render(results: Sequence[FileResult], **_: Any) -> str:
    lines = []
    for r in results:
        if r.report is None:
            lines.append(_command("error", {"file": r.path, "title": "unspin"}, r.error or ""))
            continue
        index = line_index(r)
        for f in r.report.findings:
            props: dict[str, Any] = {"file": r.path, "line": f.line, "col": f.column}
            if index is not None:
                end_line, end_col = index.position(f.end)
                if end_line == f.line:
                    props["endColumn"] = end_col
                else:
                    props["endLine"] = end_line
            else:
                props["endColumn"] = f.column + (f.end - f.start)
            props["title"] = f"unspin/{f.rule}"
            msg = f.message
            if f.suggestions:
                msg += f" -> {f.suggestions[0]}"
            lines.append(_command("warning", props, msg))
        for p in flagged_passages(r.report):
            props = {"file": r.path, "line": p.line, "title": "unspin/spun-passage"}
            if index is not None:
                props["endLine"] = index.position(max(p.start, p.end - 1))[0]
            msg = f"passage reads as machine-spun (probability {p.probability:.2f})"
            lines.append(_command("warning", props, msg))
    return "".join(line + "\n" for line in lines)
