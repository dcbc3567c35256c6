"""The bounded memo (detector/memo.py): never over its bound, and what is used stays."""

from __future__ import annotations

from detector.memo import Memo


def test_holds_at_most_its_bound() -> None:
    memo: Memo[int, int] = Memo(10)
    for k in range(1000):
        memo[k] = k
        assert len(memo) <= 10


def test_a_key_used_again_survives_while_new_keys_pass_through() -> None:
    memo: Memo[str, int] = Memo(10)
    memo["said"] = 1
    for k in range(1000):
        memo[str(k)] = k
        assert memo.get("said") == 1  # used once per four new keys: never dropped
    assert memo.get("0") is None  # long unused: forgotten
    assert "999" in memo


def test_get_default_and_falsy_values() -> None:
    memo: Memo[str, list[int]] = Memo(4)
    assert memo.get("x") is None
    assert memo.get("x", []) == []
    memo["empty"] = []
    assert memo.get("empty") == []  # an empty list is a value, not a miss
    memo.clear()
    assert len(memo) == 0 and "empty" not in memo
