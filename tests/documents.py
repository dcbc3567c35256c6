"""Damaged documents for the document readers' tests (Word, EPUB, PDF): a hypothesis
strategy, and the one outcome allowed for each."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import strategies as st

from detector.files import FileError


def damaged(valid: bytes, header: bytes = b"") -> st.SearchStrategy[bytes]:
    """Arbitrary bytes (after ``header``), and ``valid`` overwritten in places or cut short."""
    return st.one_of(
        st.binary(max_size=300).map(lambda junk: header + junk),
        st.builds(lambda at, junk: valid[:at] + junk + valid[at + len(junk):],
                  st.integers(0, len(valid)), st.binary(min_size=1, max_size=8)),
        st.builds(lambda at: valid[:at], st.integers(0, len(valid))),
    )


def text_or_one_line_error(read: Callable[[bytes], str], raw: bytes) -> None:
    """``read(raw)`` gives text or raises a FileError of one line; nothing else escapes."""
    try:
        text = read(raw)
    except FileError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(text, str)
