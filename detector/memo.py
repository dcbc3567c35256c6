"""A bounded memo that keeps what a long run keeps using.

The candidate generator and the feature extractor remember, per wording, work that every
text repeats (a word's candidates, the language-model codes of its candidates). A run over
millions of words meets ever more wordings, so each memo is bounded; emptied whenever it
filled up, it also forgot the few thousand everyday words that nearly every sentence uses,
and rebuilt them after each emptying (in one in-process run over 1,500 natural texts, memos
that never empty checked about 13% more words per second and held 120 MB more; end to end,
`bench/speed.py` on this shared machine does not tell the change from its run-to-run spread).

:class:`Memo` holds two generations instead: wordings stored or used again go into the young
one; when it holds half the bound, the old generation is dropped and the young one becomes
old. A wording used at least once per half-bound of new wordings never leaves, and the memo
never holds more than the bound.
"""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["Memo"]

K = TypeVar("K")
V = TypeVar("V")

_MISSING = object()


class Memo(Generic[K, V]):
    """A mapping of at most ``size`` entries that forgets what was not used lately."""

    __slots__ = ("_half", "_old", "_young")

    def __init__(self, size: int) -> None:
        self._half = max(1, size // 2)
        self._young: dict[K, V] = {}
        self._old: dict[K, V] = {}

    def get(self, key: K, default: V | None = None) -> V | None:
        value = self._young.get(key, _MISSING)
        if value is _MISSING:
            value = self._old.get(key, _MISSING)
            if value is _MISSING:
                return default
            self[key] = value  # type: ignore[assignment]  # used again: keep it young
        return value  # type: ignore[return-value]

    def __setitem__(self, key: K, value: V) -> None:
        young = self._young
        if len(young) >= self._half and key not in young:
            self._old, self._young = young, {}
            young = self._young
        young[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self._young or key in self._old

    def __len__(self) -> int:
        """Entries held (a wording promoted from the old generation counts twice until that
        generation is dropped)."""
        return len(self._young) + len(self._old)

    def clear(self) -> None:
        self._young, self._old = {}, {}
