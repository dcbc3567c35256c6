"""Rewriting a generated block between two HTML-comment markers in a Markdown file.

The bench scripts record their figures where readers look for them (README.md, the model
card) between markers such as ``<!-- speed:begin -->`` and ``<!-- speed:end -->``; everything
outside the markers is left as written.
"""

from __future__ import annotations

from pathlib import Path


def replace_block(path: Path, begin: str, end: str, block: str) -> bool:
    """Put a line break and ``block`` between the ``begin`` and ``end`` markers in ``path``.

    Returns False, leaving the file untouched, when the file or either marker is missing.
    """
    if not path.is_file():
        return False
    text = path.read_text(encoding="utf-8")
    a, b = text.find(begin), text.find(end)
    if a < 0 or b < a:
        return False
    path.write_text(text[: a + len(begin)] + "\n" + block + text[b:], encoding="utf-8")
    return True
