"""Train/dev/test splits by source document, and leave-one-profile-out splits.

A natural document and every spun variant of it land in the same split, and so do all
passages cut from one source document (``group``: a wiki article, a Bible chapter, a licence):
otherwise a model could memorise an article's wording in train and meet it again in test.
:func:`by_document` orders the groups of each genre by a sha256 hash of the group id and cuts
70/15/15, so every genre is represented in dev and test; ``corpus/data/splits.json`` records
the result and is the authority. :func:`split_of` is the plain hash rule for a document that
is not in it.

Leave-one-profile-out: train on every spinner profile but one (train split documents), test
on the held-out profile (test split documents) plus the unspun negatives of the test split.
``mythes`` is the natural held-out profile: the detector's synonym graph is built from
WordNet + Moby only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator

__all__ = [
    "FRACTIONS",
    "by_document",
    "doc_split_map",
    "leave_one_profile_out",
    "load_records",
    "record_key",
    "split_of",
    "stable_hash",
]

FRACTIONS = (("train", 0.70), ("dev", 0.15), ("test", 0.15))
NONE_PROFILE = "none"  # unspun negatives


def split_of(group: str) -> str:
    """'train', 'dev' or 'test' for a source document id (stable across runs and machines)."""
    h = stable_hash(group) / 2**64
    acc = 0.0
    for name, frac in FRACTIONS:
        acc += frac
        if h < acc:
            return name
    return FRACTIONS[-1][0]


def stable_hash(s: str) -> int:
    """A 64-bit hash of ``s``, the same on every run and machine (Python's is salted)."""
    return int.from_bytes(hashlib.sha256(s.encode("utf-8")).digest()[:8], "big")


def by_document(docs: Iterable[dict]) -> dict[str, list[str]]:
    """Document ids per split; ``docs`` are natural records (``id``, ``group``, ``genre``).

    Stratified by genre so that even a genre with a handful of source documents (six medical
    Wikipedia articles) has some in dev and test: each group takes its documents' majority
    genre, the groups of a genre are ordered by the hash of their id, and the first 70% of
    them go to train, the next 15% to dev, the rest to test. A genre with fewer than three
    groups falls back to :func:`split_of`. Ordering by hash keeps the assignment stable:
    adding documents moves only groups near a boundary.
    """
    docs = list(docs)
    members: dict[str, list[str]] = {}
    genres: dict[str, dict[str, int]] = {}
    for d in docs:
        g = d.get("group") or d["id"]
        members.setdefault(g, []).append(d["id"])
        cnt = genres.setdefault(g, {})
        genre = d.get("genre", "")
        cnt[genre] = cnt.get(genre, 0) + 1
    by_genre: dict[str, list[str]] = {}
    for g, cnt in genres.items():
        major = max(sorted(cnt), key=lambda k: cnt[k])
        by_genre.setdefault(major, []).append(g)
    where: dict[str, str] = {}
    for _genre, groups in sorted(by_genre.items()):
        groups.sort(key=lambda g: (stable_hash(g), g))
        n = len(groups)
        for i, g in enumerate(groups):
            if n < 3:
                where[g] = split_of(g)
                continue
            acc = 0.0
            where[g] = FRACTIONS[-1][0]
            for name, frac in FRACTIONS:
                acc += frac
                if (i + 0.5) / n < acc:
                    where[g] = name
                    break
    out: dict[str, list[str]] = {name: [] for name, _ in FRACTIONS}
    for g, ids in members.items():
        out[where[g]].extend(ids)
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


def doc_split_map(splits_json: dict) -> dict[str, str]:
    """doc id -> split name, from the ``by_document`` part of ``corpus/data/splits.json``."""
    return {d: name for name, ids in splits_json["by_document"].items() for d in ids}


def load_records(
    spun_path, split: str | None = None, profiles: Iterable[str] | None = None,
    splits_path=None,
) -> Iterator[dict]:
    """Spun records from ``spun.jsonl``, optionally only those of one split and profiles.

    ``splits_path`` defaults to ``splits.json`` beside ``spun_path``.
    """
    import json
    from pathlib import Path

    spun_path = Path(spun_path)
    keep = set(profiles) if profiles is not None else None
    where: dict[str, str] | None = None
    if split is not None:
        sp = Path(splits_path) if splits_path else spun_path.with_name("splits.json")
        where = doc_split_map(json.loads(sp.read_text(encoding="utf-8")))
    with spun_path.open(encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if keep is not None and rec["profile"] not in keep:
                continue
            if where is not None and where.get(rec["doc_id"]) != split:
                continue
            yield rec
