"""Natural corpus helpers and document splits."""

from __future__ import annotations

import itertools
import json

import pytest

from corpus import natural, splits
from corpus.natural import clean_wiki, split_passages, word_count
from corpus.sources import DATA

WIKI = """{{Infobox thing|name=X|image=[[File:x.png|thumb|a [[cat]]]]}}
'''Albedo''' (from [[Latin]] ''albedo'', "whiteness") is the [[diffuse reflection|diffuse \
reflection]] of light.<ref name="a">{{cite web|url=http://x}}</ref> It is measured
on a scale from 0 to 1.<!-- hidden -->

== Terrestrial albedo ==
* Fresh snow: 0.8
* Ocean: 0.06
{| class="wikitable"
| a || b
|}
See [http://example.org the site] for more.&nbsp;Done.

[[Category:Climate forcing]]
[[de:Albedo]]
"""


def test_clean_wiki():
    sections = clean_wiki(WIKI)
    assert sections[0][0] == ""
    lead = sections[0][1]
    assert lead.startswith('Albedo (from Latin albedo, "whiteness") is the diffuse reflection')
    assert "{{" not in lead and "<ref" not in lead and "hidden" not in lead
    title, body = sections[1]
    assert title == "Terrestrial albedo"
    assert "- Fresh snow: 0.8\n- Ocean: 0.06" in body
    assert "wikitable" not in body and "Category" not in body and "de:" not in body
    assert "See the site for more. Done." in body


def test_split_passages_bounds():
    para = " ".join(["This is a sentence of some eight words."] * 30)  # 240 words
    paras = [para] * 5 + ["Short tail here."]
    parts = split_passages(paras, max_words=600, min_words=80)
    assert all(word_count(p) <= 600 for p in parts)
    assert sum(word_count(p) for p in parts) == sum(word_count(p) for p in paras)
    long = [" ".join(["Words go on and on here."] * 300)]
    parts = split_passages(long)
    assert len(parts) > 1 and all(word_count(p) <= 600 for p in parts)


def test_split_of_stable_and_proportions():
    assert splits.split_of("enwiki:12") == splits.split_of("enwiki:12")
    counts = {"train": 0, "dev": 0, "test": 0}
    for i in range(6000):
        counts[splits.split_of(f"doc:{i}")] += 1
    assert 0.66 < counts["train"] / 6000 < 0.74
    assert 0.12 < counts["dev"] / 6000 < 0.18
    assert 0.12 < counts["test"] / 6000 < 0.18


def test_by_document_keeps_groups_together():
    docs = [{"id": f"kjv:Ge{c}:{k}", "group": f"kjv:Ge{c}"} for c in range(50) for k in range(3)]
    by = splits.by_document(docs)
    where = {d: s for s, ids in by.items() for d in ids}
    for c in range(50):
        assert len({where[f"kjv:Ge{c}:{k}"] for k in range(3)}) == 1
    assert sum(len(v) for v in by.values()) == len(docs)


def test_leave_one_profile_out_disjoint():
    docs = [f"d{i}" for i in range(200)]
    doc_split = {d: splits.split_of(d) for d in docs}
    records = [
        {"doc_id": d, "profile": p, "rate": 0.3, "seed": 1}
        for d in docs for p in ("none", "wordnet", "moby", "mythes")
    ]
    train, test = splits.leave_one_profile_out(records, "mythes", doc_split)
    assert train and test
    assert all(r["profile"] != "mythes" for r in train)
    assert {r["profile"] for r in test} == {"mythes", "none"}
    assert not {r["doc_id"] for r in train} & {r["doc_id"] for r in test}


def test_gather_deterministic_small_source():
    if not natural.LICENSES.is_dir():
        pytest.skip("/usr/share/common-licenses missing")
    a = [d.to_json() for d in natural.gather(["licenses"])]
    b = [d.to_json() for d in natural.gather(["licenses"])]
    assert a == b and a
    assert len({d["id"] for d in a}) == len(a)
    assert all(d["genre"] == "legal" and d["licence"] and d["words"] <= 600 for d in a)


def test_built_corpus_splits_disjoint():
    """If the corpus was built, its splits are disjoint by source document."""
    path = DATA / "splits.json"
    nat = DATA / "natural.jsonl"
    if not path.is_file() or not nat.is_file():
        pytest.skip("corpus not built (python -m corpus.build_corpus)")
    by = json.loads(path.read_text())["by_document"]
    groups = {}
    with nat.open(encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            groups[d["id"]] = d["group"]
    seen: dict[str, str] = {}
    for split, ids in by.items():
        for i in ids:
            g = groups.get(i, i)
            assert seen.setdefault(g, split) == split, (g, split)


def test_load_records_filters(tmp_path):
    docs = [f"d{i}" for i in range(60)]
    by = splits.by_document({"id": d, "group": d} for d in docs)
    (tmp_path / "splits.json").write_text(json.dumps({"by_document": by}))
    with (tmp_path / "spun.jsonl").open("w") as f:
        for d in docs:
            for p in ("none", "wordnet", "mythes"):
                f.write(json.dumps({"doc_id": d, "profile": p, "rate": 0.1, "seed": 1}) + "\n")
    test = list(splits.load_records(tmp_path / "spun.jsonl", "test", ["mythes"]))
    assert test and all(r["profile"] == "mythes" for r in test)
    assert {r["doc_id"] for r in test} == set(by["test"])
    assert len(list(splits.load_records(tmp_path / "spun.jsonl"))) == 180


def test_by_document_every_genre_in_test():
    docs = [
        {"id": f"{genre}{g}:{k}", "group": f"{genre}{g}", "genre": genre}
        for genre, n in (("medical", 6), ("news", 300)) for g in range(n) for k in range(4)
    ]
    by = splits.by_document(docs)
    for genre in ("medical", "news"):
        for split in ("train", "dev", "test"):
            assert any(i.startswith(genre) for i in by[split]), (genre, split)
    news_test = sum(1 for i in by["test"] if i.startswith("news")) / (300 * 4)
    assert 0.12 < news_test < 0.18


def test_docstrings_of_reads_long_docstrings_only(tmp_path):
    long_doc = " ".join(["word"] * 40)
    src = (f'"""{long_doc}"""\n\n\ndef f():\n    """Too short."""\n\n\n'
           f'class C:\n    """{long_doc} class."""\n')
    (tmp_path / "m.py").write_text(src, encoding="utf-8")
    (tmp_path / "bad.py").write_text("def (:\n", encoding="utf-8")
    assert len(natural._docstrings_of(tmp_path / "m.py")) == 2
    assert natural._docstrings_of(tmp_path / "bad.py") == []


def test_docstrings_source_reads_them_as_prose(monkeypatch):
    # numpy is a runtime dependency, so this runs everywhere; doctests and markup are gone.
    monkeypatch.setattr(natural, "DOCSTRING_PACKAGES", ("numpy",))
    docs = list(itertools.islice(natural.docstrings(max_words_per_package=20_000), 30))
    assert docs and all(d.source == "docstrings" and d.genre == "technical" for d in docs)
    assert all(d.group.startswith("docstrings:numpy/") for d in docs)
    text = "\n".join(d.text for d in docs)
    assert ">>>" not in text and "``" not in text and "\n---" not in text


def test_build_info_records_sources_packages_and_checksums(tmp_path):
    """corpus/data/build_info.json: enough to tell two builds apart."""
    import hashlib

    from corpus.build_corpus import DEBIAN_PACKAGES, PYPI_PACKAGES, build_info

    data = tmp_path / "natural.jsonl"
    data.write_text("{}\n", encoding="utf-8")
    docs = [{"source": "kjv", "words": 10}, {"source": "kjv", "words": 5},
            {"source": "enwiki", "words": 7}]
    info = build_info(docs, {"seed": 13}, [data])
    assert info["sources"] == {"enwiki": {"documents": 1, "words": 7},
                               "kjv": {"documents": 2, "words": 15}}
    assert info["sha256"] == {"natural.jsonl": hashlib.sha256(b"{}\n").hexdigest()}
    assert set(info["packages"]) == ({f"deb:{p}" for p in DEBIAN_PACKAGES}
                                     | {f"pypi:{p}" for p in PYPI_PACKAGES})
    assert info["options"] == {"seed": 13} and info["python"].count(".") == 2
    json.dumps(info)  # serialisable as written
