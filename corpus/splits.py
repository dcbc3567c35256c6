"""Train/dev/test splits by source document, and leave-one-profile-out splits.

A natural document and every spun variant of it land in the same split, and so do all
passages cut from one source document (``group``: a wiki article, a Bible chapter, a licence):
otherwise a model could memorise an article's wording in train and meet it again in test.
The split is a stable hash of the group id (sha256), ~70/15/15, so adding documents never
moves existing ones.

Leave-one-profile-out: train on every spinner profile but one (train split documents), test
on the held-out profile (test split documents) plus the unspun negatives of the test split.
``mythes`` is the natural held-out profile: the detector's synonym graph is built from
WordNet + Moby only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

__all__ = ["FRACTIONS", "by_document", "leave_one_profile_out", "record_key", "split_of"]

FRACTIONS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
NONE_PROFILE = "none"  # unspun negatives


def split_of(group: str) -> str:
    """'train', 'dev' or 'test' for a source document id (stable across runs and machines)."""
    h = int.from_bytes(hashlib.sha256(group.encode("utf-8")).digest()[:8], "big") / 2**64
    acc = 0.0
    for name, frac in FRACTIONS:
        acc += frac
        if h < acc:
            return name
    return FRACTIONS[-1][0]


def by_document(docs: Iterable[dict]) -> dict[str, list[str]]:
    """Document ids per split; ``docs`` are natural records (``id`` and ``group``)."""
    out: dict[str, list[str]] = {name: [] for name, _ in FRACTIONS}
    for d in docs:
        out[split_of(d.get("group") or d["id"])].append(d["id"])
    return out


def record_key(rec: dict) -> str:
    return f"{rec['doc_id']}|{rec['profile']}|{rec['rate']}|{rec['seed']}"


def leave_one_profile_out(
    records: Iterable[dict], held_out: str, doc_split: dict[str, str]
) -> tuple[list[dict], list[dict]]:
    """(train, test) spun records: train has every profile but ``held_out`` (and unspun
    negatives) from train documents; test has ``held_out`` and unspun negatives from test
    documents. ``doc_split`` maps doc id -> split name."""
    train, test = [], []
    for r in records:
        split = doc_split.get(r["doc_id"])
        if split == "train" and r["profile"] != held_out:
            train.append(r)
        elif split == "test" and r["profile"] in (held_out, NONE_PROFILE):
            test.append(r)
    return train, test
