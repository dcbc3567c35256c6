"""Quality benchmark: detection and restoration figures for the model card.

    python bench/quality.py [--max-records N] [--no-update] [--out bench/out]
    unspin eval                     # the same, from a source checkout

Measures, with the shipped models exactly as a user gets them (``detector.analyze``):

- **Synthetic test split** (``corpus/data``, documents never seen in training): passage-,
  sentence- and span-level precision, recall, F1, ROC AUC and the false-positive rate on
  natural text at the shipped threshold, separately for spinner profiles seen in training
  and for the held-out profile; restorer top-1/top-5 on detected substitutions. A window is
  spun when at least 5% of its content words were substituted and natural when none were
  (windows in between are not counted), as in training.
- **Calibration** of the reported probabilities (passages, sentences, whole test records and
  the documents below): Brier score, expected calibration error and a reliability table,
  spun and natural windows weighted equally, as the models' Platt scaling weighs them
  (``--no-calibration``: the same without ``models/calibration.json``).
- **Whole documents**: natural test texts of one source joined into ~700-word documents, and
  spun ones likewise (seen profiles, rates >= 0.2): false-positive rate and recall of the
  document label and of "any passage spun".
- **Hard natural cases**: the must-not-flag corpus in ``tests/cases``, passage false
  positives.
- **Seeds** (``../shared/seeds``): probabilities, findings per 100 words, and for the spun
  seed the share of the judged substitutions (``bench/data/seed_001_substitutions.tsv``)
  that are found and restored top-1.
- **PPS restorer cross-validation**: 5 folds of the tortured-phrase file grouped by expected
  phrase; the spin table, the term list and the phrase ranker are learned on four folds (the
  ranker on inner-fold features) and the isolated-phrase restorer ranks the candidates of
  each tortured phrase of the fifth (rows with AND/NOT/~N conditions included, using their
  first phrase). ``covered`` is the share of rows whose expected phrase is among the
  candidates at all. The same by row (folds dealt row by row, as in a random split of the
  PPS export, where other tortured variants of a test row's expected phrase may be seen).
  A suggestion matches the expected phrase as a term: lower case, without bracketed parts,
  with hyphens and spaces ignored ("kmeans clustering" is "k-means clustering";
  :func:`corpus.train_phrase_ranker.term_key`).

Writes ``bench/out/quality.md``, ``bench/out/quality.json`` and ``bench/out/pr_roc.png``,
copies the plot to ``docs/quality_pr_roc.png`` and replaces the block between
``<!-- quality:begin -->`` and ``<!-- quality:end -->`` in ``models/README.md``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import time
from collections import defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.markers import replace_block  # noqa: E402
from corpus.sources import SEEDS, pps_fingerprints  # noqa: E402
from corpus.train import (  # noqa: E402
    NONE_PROFILE,
    in_family,
    load_doc_split,
    load_records,
    record_labeller,
)

MODEL_CARD = ROOT / "models" / "README.md"
CASES = ROOT / "tests" / "cases"
MIN_PASSAGE_WORDS = 80


# -- metrics --------------------------------------------------------------------------------


def prf(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    tp = int((y & pred).sum())
    fp = int((~y & pred).sum())
    fn = int((y & ~pred).sum())
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    neg = int((~y).sum())
    return {"precision": p, "recall": r, "f1": f, "fpr": fp / neg if neg else 0.0,
            "n": len(y), "positives": int(y.sum())}


def roc_auc(y: np.ndarray, s: np.ndarray) -> float:
    pos, neg = s[y], s[~y]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    ranks[order] = np.arange(1, len(order) + 1)
    # Average ranks of ties.
    allv = np.concatenate([pos, neg])
    for v in np.unique(allv):
        m = allv == v
        if m.sum() > 1:
            ranks[m] = ranks[m].mean()
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


# Reliability bins: probabilities crowd near 0 and 1, and the band just under and over the
# passage threshold (~0.99) is where the labels are decided, so the bins are narrow there.
CALIBRATION_BINS = (0.0, 0.05, 0.2, 0.5, 0.8, 0.95, 0.98, 0.99, 0.995, 1.0)


def calibration(y: np.ndarray, s: np.ndarray) -> dict[str, Any]:
    """How well probabilities ``s`` match outcomes ``y``: the Brier score, the expected
    calibration error over :data:`CALIBRATION_BINS` (the bins' mean gap between probability
    and the share spun, weighted by their size) and the bins themselves.

    The two classes weigh the same, half each, as in the models' Platt scaling
    (``corpus/train.py``): a probability is a statement at even odds, and a split's own mix
    of spun and natural windows would shift every share. ``raw_share_spun`` is the bin's
    unweighted share."""
    edges = np.asarray(CALIBRATION_BINS)
    pos = int(y.sum())
    neg = len(y) - pos
    w = np.where(y, 0.5 / max(pos, 1), 0.5 / max(neg, 1))
    w = w / w.sum()
    which = np.clip(np.searchsorted(edges, s, side="right") - 1, 0, len(edges) - 2)
    bins = []
    ece = 0.0
    for k in range(len(edges) - 1):
        m = which == k
        if not m.any():
            continue
        weight = float(w[m].sum())
        mean_p = float(np.average(s[m], weights=w[m]))
        share = float(np.average(y[m], weights=w[m]))
        ece += weight * abs(mean_p - share)
        bins.append({"from": float(edges[k]), "to": float(edges[k + 1]), "n": int(m.sum()),
                     "mean_probability": mean_p, "share_spun": share,
                     "raw_share_spun": float(y[m].mean())})
    return {"brier": float(np.sum(w * (s - y) ** 2)), "ece": ece, "bins": bins}


def norm(s: str) -> str:
    return " ".join(re.findall(r"[\w']+", s.lower().replace("’", "'")))


# -- synthetic test split -------------------------------------------------------------------


def expected_restoration(text: str, subs: list[dict[str, Any]], f: Any
                         ) -> tuple[str, int, int] | None:
    """What finding ``f`` of ``text`` restores to when right (normalised), over the
    characters ``a:b`` covering it and the substitutions it touches; None when it touches
    none or has no suggestion."""
    from corpus.spinner import restore as restore_subs

    inside = [s for s in subs if s["start"] < f.end and s["end"] > f.start]
    if not inside or not f.suggestions:
        return None
    a = min(f.start, *(s["start"] for s in inside))
    b = max(f.end, *(s["end"] for s in inside))
    rel = [{**s, "start": s["start"] - a, "end": s["end"] - a} for s in inside]
    return norm(restore_subs(text[a:b], rel)), a, b


def analyse_record(rec: dict[str, Any]) -> dict[str, Any]:
    import detector

    text = rec["spun"]
    rep = detector.analyze(text)
    subs = rec.get("substitutions") or []
    # The training definition: spun when >= 5% of content words were substituted.
    label = record_labeller(rec)

    def has_sub(a: int, b: int) -> bool:
        return any(s["start"] < b and s["end"] > a for s in subs)

    windows = [(p.probability, label(p.start, p.end), p.words, "passage") for p in rep.passages]
    windows += [(s.probability, label(s.start, s.end), s.words, "sentence")
                for s in rep.sentences]
    windows.append((rep.probability, label(0, len(text)), rep.words, "text"))
    windows = [w for w in windows if w[1] is not None]
    found = [any(f.start < s["end"] and f.end > s["start"] for f in rep.findings) for s in subs]
    finding_ok = [has_sub(f.start, f.end) for f in rep.findings]
    restored = []
    for f in rep.findings:
        judged = expected_restoration(text, subs, f)
        if judged is None:
            continue
        expected, a, b = judged
        got = [norm(text[a : f.start] + sug + text[f.end : b]) for sug in f.suggestions]
        restored.append((got[:1] == [expected], expected in got[:5]))
    return {"profile": rec["profile"], "rate": rec.get("rate", 0.0),
            "doc_probability": rep.probability, "windows": windows,
            "found": found, "finding_ok": finding_ok, "restored": restored,
            "words": rep.words}


def synthetic(records: list[dict[str, Any]], jobs: int) -> list[dict[str, Any]]:
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(jobs) as pool:
        return list(pool.map(analyse_record, records, chunksize=8))


def summarise(results: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in ("passage", "sentence"):
        rows = [(p, y) for r in results for p, y, n, k in r["windows"]
                if k == kind and (kind != "passage" or n >= MIN_PASSAGE_WORDS)]
        if not rows:
            continue
        s = np.asarray([p for p, _ in rows])
        y = np.asarray([bool(t) for _, t in rows])
        out[kind] = {**prf(y, s >= threshold), "auc": roc_auc(y, s),
                     "calibration": calibration(y, s)}
        out[kind]["_scores"] = (s, y)
    texts = [(p, y) for r in results for p, y, _, k in r["windows"] if k == "text"]
    if texts:
        # The test records as whole texts: Report.label, what `unspin check` exits on.
        s = np.asarray([p for p, _ in texts])
        y = np.asarray([bool(t) for _, t in texts])
        out["text"] = {**prf(y, s >= threshold), "auc": roc_auc(y, s),
                       "calibration": calibration(y, s)}
    # Spun passages' recall by the spinner's substitution rate: how much rewriting it takes.
    by_rate: dict[float, list[bool]] = defaultdict(list)
    for r in results:
        if r["profile"] != NONE_PROFILE:
            for p, y, n, k in r["windows"]:
                if k == "passage" and n >= MIN_PASSAGE_WORDS and y:
                    by_rate[r["rate"]].append(p >= threshold)
    out["passage_recall_by_rate"] = {str(rate): {"recall": sum(v) / len(v), "n": len(v)}
                                     for rate, v in sorted(by_rate.items())}
    found = [f for r in results for f in r["found"]]
    ok = [f for r in results for f in r["finding_ok"]]
    span_r = sum(found) / len(found) if found else 0.0
    span_p = sum(ok) / len(ok) if ok else 1.0
    out["span"] = {"precision": span_p, "recall": span_r,
                   "f1": 2 * span_p * span_r / (span_p + span_r) if span_p + span_r else 0.0,
                   "findings": len(ok), "substitutions": len(found)}
    rest = [x for r in results for x in r["restored"]]
    out["restore"] = {"top1": sum(a for a, _ in rest) / len(rest) if rest else 0.0,
                      "top5": sum(b for _, b in rest) / len(rest) if rest else 0.0,
                      "n": len(rest)}
    nat = [r["words"] for r in results if r["profile"] == NONE_PROFILE]
    nat_findings = sum(len(r["finding_ok"]) for r in results if r["profile"] == NONE_PROFILE)
    out["natural_findings_per_100_words"] = 100 * nat_findings / max(sum(nat), 1)
    return out


# -- whole documents ------------------------------------------------------------------------

DOC_WORDS = 700


def _documents(records: list[dict[str, Any]], limit: int, seed: int) -> list[tuple[str, str]]:
    """Test texts of one source (and one spinner profile) joined into documents of about
    :data:`DOC_WORDS` words, as a news article or a report would be: ``(profile, text)``."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in records:
        groups[(r["doc_id"].split(":")[0], r["profile"])].append(r["spun"])
    rng = random.Random(seed)
    docs = []
    for key in sorted(groups):
        texts = groups[key]
        rng.shuffle(texts)
        cur: list[str] = []
        n = 0
        for t in texts:
            cur.append(t)
            n += len(t.split())
            if n >= DOC_WORDS:
                docs.append((key[1], "\n\n".join(cur)))
                cur, n = [], 0
    rng.shuffle(docs)
    return docs[:limit]


def _label(text: str) -> tuple[str, int, float]:
    import detector

    r = detector.analyze(text)
    return r.label, sum(p.label == "spun" for p in r.passages), r.probability


def documents(natural: list[dict[str, Any]], spun: list[dict[str, Any]], jobs: int,
              limit: int = 300) -> dict[str, Any]:
    """Document-level false-positive rate on natural test texts joined into ~700-word
    documents, and recall on spun ones (seen profiles, rates >= 0.2), for the document label
    and for "any passage spun" (``unspin check --fail-on passage``)."""
    from concurrent.futures import ProcessPoolExecutor

    nat_docs = _documents(natural, limit, 5)
    spun_docs = _documents([r for r in spun if r["rate"] >= 0.2], limit, 5)
    with ProcessPoolExecutor(jobs) as pool:
        nat = list(pool.map(_label, [t for _, t in nat_docs], chunksize=4))
        sp = list(pool.map(_label, [t for _, t in spun_docs], chunksize=4))
    # Recall per spinner profile: the profiles differ in kind, not only in degree ("numbers"
    # rewrites number forms alone; the "-common" ones take each word's commonest synonym).
    by_profile: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (profile, _), (lab, _, _) in zip(spun_docs, sp, strict=True):
        by_profile[profile][0] += lab == "spun"
        by_profile[profile][1] += 1
    return {
        "natural": len(nat), "spun": len(sp), "words": DOC_WORDS,
        "fpr_label": sum(lab == "spun" for lab, _, _ in nat) / max(len(nat), 1),
        "fpr_any_passage": sum(k > 0 for _, k, _ in nat) / max(len(nat), 1),
        "recall_label": sum(lab == "spun" for lab, _, _ in sp) / max(len(sp), 1),
        "recall_any_passage": sum(k > 0 for _, k, _ in sp) / max(len(sp), 1),
        "calibration": calibration(np.asarray([False] * len(nat) + [True] * len(sp)),
                                   np.asarray([p for *_, p in nat + sp])),
        "recall_label_by_profile": {p: {"caught": c, "documents": n}
                                    for p, (c, n) in sorted(by_profile.items())},
    }


# -- hard cases, seeds, PPS -----------------------------------------------------------------


def hard_cases() -> dict[str, Any]:
    import detector

    path = CASES / "must_not_flag.jsonl"
    if not path.is_file():
        return {}
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    flagged = [
        r["id"] for r in rows
        if any(p.label == "spun" for p in detector.analyze(r["text"]).passages)
    ]
    pos_path = CASES / "must_flag.jsonl"
    pos = [json.loads(line) for line in pos_path.open(encoding="utf-8") if line.strip()]
    caught = [r["id"] for r in pos if detector.analyze(r["text"]).label == "spun"]
    return {"must_not_flag": len(rows), "false_positives": flagged,
            "must_flag": len(pos), "caught": len(caught)}


def seeds() -> dict[str, Any]:
    import detector

    out: dict[str, Any] = {}
    if not SEEDS.is_dir():
        return out
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rep = detector.analyze(text)
        out[path.name[:3]] = {
            "probability": rep.probability,
            "label": rep.label,
            "words": rep.words,
            "findings": len(rep.findings),
            "findings_per_100_words": 100 * len(rep.findings) / max(rep.words, 1),
        }
        if path.name.startswith("001"):
            out["001"].update(seed_restoration(text, rep))
    return out


SEED_SUBSTITUTIONS = ROOT / "bench" / "data" / "seed_001_substitutions.tsv"


def seed_substitutions(text: str) -> list[tuple[int, int, str, str]]:
    """``(start, end, spun, original)`` of every occurrence in ``text`` (the spun seed) of a
    judged substitution of ``bench/data/seed_001_substitutions.tsv``, row by row."""
    rows = [line.rstrip("\n").split("\t") for line in SEED_SUBSTITUTIONS.open(encoding="utf-8")
            if line.strip() and not line.startswith("#")][1:]
    return [(m.start(), m.end(), spun, original) for spun, original in rows
            for m in re.finditer(r"(?<![\w])" + re.escape(spun) + r"(?![\w])", text)]


def restores_seed(text: str, f: Any, start: int, end: int, original: str) -> bool:
    """Whether finding ``f``'s first suggestion puts back ``original`` for the judged
    substitution ``text[start:end]`` it overlaps (compared over both spans, normalised)."""
    a, b = min(f.start, start), max(f.end, end)
    want = norm(text[a:start] + original + text[end:b])
    top = f.suggestions[0] if f.suggestions else ""
    return norm(text[a : f.start] + top + text[f.end : b]) == want


def seed_restoration(text: str, rep: Any) -> dict[str, Any]:
    total = found = restored = 0
    missed: list[str] = []
    for start, end, spun, original in seed_substitutions(text):
        total += 1
        hits = [f for f in rep.findings if f.start < end and f.end > start]
        if not hits:
            missed.append(spun)
            continue
        found += 1
        restored += restores_seed(text, hits[0], start, end, original)
    return {"judged_substitutions": total, "found": found, "restored_top1": restored,
            "found_share": found / max(total, 1),
            "restored_share_of_found": restored / max(found, 1),
            "missed_examples": sorted(set(missed))[:25]}


def pps_cv(by: str = "expected") -> dict[str, Any]:
    """Nested cross-validation of the isolated-phrase restorer: per held-out fold, the spin
    table, the term list and the phrase ranker are all learned without it
    (:func:`corpus.train_phrase_ranker.cross_validate`); folds grouped by expected phrase, or
    by row."""
    from corpus.train_phrase_ranker import cross_validate

    return cross_validate(pps_fingerprints(), log=lambda m: print(m, file=sys.stderr), by=by)


# -- report ---------------------------------------------------------------------------------


def fmt(x: float) -> str:
    return "n/a" if x != x else f"{x:.3f}"


# The window levels of the first table, as its rows name them.
LEVELS = (("passage", f"passage (passages: {MIN_PASSAGE_WORDS}+ words)"),
          ("sentence", "sentence"), ("text", "text (test records)"))


def markdown(res: dict[str, Any], threshold: float, cmd: str) -> str:
    lines = [
        f"Produced by `{cmd}` on {time.strftime('%Y-%m-%d')} with the shipped models "
        f"(passage threshold {threshold:.3f}).",
        "",
        "| split | level | precision | recall | F1 | ROC AUC | FPR (natural) | n (positives) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for split in ("seen profiles", "held-out profile"):
        s = res["synthetic"].get(split)
        if not s:
            continue
        for level, name in LEVELS:
            m = s.get(level)
            if m and "precision" in m:
                lines.append(f"| {split} | {name} | {fmt(m['precision'])} | {fmt(m['recall'])} | "
                             f"{fmt(m['f1'])} | {fmt(m['auc'])} | {fmt(m['fpr'])} | {m['n']} "
                             f"({m['positives']}) |")
        sp = s["span"]
        lines.append(f"| {split} | span | {fmt(sp['precision'])} | {fmt(sp['recall'])} | "
                     f"{fmt(sp['f1'])} | | | {sp['findings']} findings, {sp['substitutions']} "
                     "substitutions |")
    rates = sorted({rate for s in res["synthetic"].values()
                    for rate in s.get("passage_recall_by_rate", {})}, key=float)
    if rates:
        lines += ["", "| spun passages (80+ words) recalled, by substitution rate | "
                  + " | ".join(rates) + " |", "|---|" + "---|" * len(rates)]
        for split in ("seen profiles", "held-out profile"):
            by = res["synthetic"].get(split, {}).get("passage_recall_by_rate", {})
            lines.append(f"| {split} | " + " | ".join(
                f"{fmt(by[r]['recall'])} ({by[r]['n']})" if r in by else "" for r in rates)
                + " |")
    lines += ["", "| restorer | top-1 | top-5 | n |", "|---|---|---|---|"]
    for split in ("seen profiles", "held-out profile"):
        s = res["synthetic"].get(split)
        if s:
            r = s["restore"]
            lines.append(f"| synthetic, {split}, detected substitutions | {fmt(r['top1'])} | "
                         f"{fmt(r['top5'])} | {r['n']} |")
    if res.get("pps"):
        p = res["pps"]
        lines.append(f"| PPS fingerprints, {p['folds']}-fold CV grouped by expected phrase | "
                     f"{fmt(p['top1'])} | {fmt(p['top5'])} | {p['rows']} |")
        if "covered" in p:
            lines.append(f"| (PPS rows whose expected phrase is among the candidates) | "
                         f"{fmt(p['covered'])} | | |")
    if res.get("pps_rows"):
        p = res["pps_rows"]
        lines.append(f"| PPS fingerprints, {p['folds']}-fold CV by row (other variants of an "
                     f"expected phrase may be seen) | {fmt(p['top1'])} | {fmt(p['top5'])} | "
                     f"{p['rows']} |")
        lines.append(f"| (of those rows, expected phrase among the candidates) | "
                     f"{fmt(p['covered'])} | | |")
    d = res.get("documents")
    if d:
        lines += ["", f"| whole documents (~{d['words']} words; {d['natural']} natural, "
                  f"{d['spun']} spun by seen profiles at rates >= 0.2) | false-positive rate | "
                  "recall |", "|---|---|---|",
                  f"| document label (`Report.label`, `unspin check` exit status) | "
                  f"{fmt(d['fpr_label'])} | "
                  f"{fmt(d['recall_label'])} |",
                  f"| any passage spun (`unspin check --fail-on passage`) | "
                  f"{fmt(d['fpr_any_passage'])} | {fmt(d['recall_any_passage'])} |"]
        per = d.get("recall_label_by_profile")
        if per:
            lines += ["", "| spun documents labelled spun, by spinner profile | "
                      + " | ".join(per) + " |", "|---|" + "---|" * len(per),
                      "| recall (documents) | " + " | ".join(
                          f"{fmt(v['caught'] / max(v['documents'], 1))} ({v['documents']})"
                          for v in per.values()) + " |"]
    lines += calibration_markdown(res)
    lines += ["", "| natural text | value |", "|---|---|"]
    for split in ("seen profiles",):
        s = res["synthetic"].get(split)
        if s:
            lines.append(f"| findings per 100 words, natural test documents | "
                         f"{s['natural_findings_per_100_words']:.3f} |")
    h = res.get("hard_cases")
    if h:
        lines.append(f"| must-not-flag cases with a spun passage | {len(h['false_positives'])} "
                     f"of {h['must_not_flag']} |")
        lines.append(f"| must-flag cases labelled spun | {h['caught']} of {h['must_flag']} |")
    sd = res.get("seeds", {})
    if sd:
        lines += ["",
                  "| seed | probability | label | findings / 100 words | found | restored top-1 |",
                  "|---|---|---|---|---|---|"]
        for k, v in sorted(sd.items()):
            found = (f"{v['found']}/{v['judged_substitutions']}" if "found" in v else "")
            rest = (f"{v['restored_top1']}/{v['found']}" if "found" in v else "")
            lines.append(f"| {k} | {v['probability']:.3f} | {v['label']} | "
                         f"{v['findings_per_100_words']:.2f} | {found} | {rest} |")
    return "\n".join(lines) + "\n"


def calibration_markdown(res: dict[str, Any]) -> list[str]:
    """The calibration rows: Brier score and ECE per window kind, then the reliability bins
    (mean probability -> share spun) of passages and documents."""
    rows: list[tuple[str, dict[str, Any]]] = []
    for split in ("seen profiles", "held-out profile"):
        s = res["synthetic"].get(split, {})
        for level in ("passage", "sentence", "text"):
            c = s.get(level, {}).get("calibration")
            if c:
                rows.append((f"{split}, {level}s (test records)" if level == "text"
                             else f"{split}, {level}s", c))
    c = (res.get("documents") or {}).get("calibration")
    if c:
        rows.append(("whole documents", c))
    if not rows:
        return []
    lines = ["", "| calibration (spun and natural windows weighted equally) | Brier score | "
             "expected calibration error |", "|---|---|---|"]
    lines += [f"| {name} | {fmt(c['brier'])} | {fmt(c['ece'])} |" for name, c in rows]
    edges = CALIBRATION_BINS
    heads = [f"{a:g}-{b:g}" for a, b in pairwise(edges)]
    lines += ["", "| reliability: share spun, equal class weights (windows), by probability | "
              + " | ".join(heads)
              + " |", "|---|" + "---|" * len(heads)]
    for name, c in rows:
        if name.endswith("sentences"):
            continue
        by = {(b["from"], b["to"]): b for b in c["bins"]}
        cells = [f"{by[(a, b)]['share_spun']:.2f} ({by[(a, b)]['n']})" if (a, b) in by else ""
                 for a, b in pairwise(edges)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def plot(res: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.2))
    for split, s in res.items():
        m = s.get("passage")
        if not m:
            continue
        scores, y = m["_scores"]
        order = np.argsort(-scores)
        ys = y[order]
        tp = np.cumsum(ys)
        fp = np.cumsum(~ys)
        ax1.plot(fp / max((~y).sum(), 1), tp / max(y.sum(), 1), label=split)
        ax2.plot(tp / max(y.sum(), 1), tp / np.arange(1, len(ys) + 1), label=split)
    ax1.set(xlabel="false-positive rate", ylabel="true-positive rate", title="Passage ROC",
            xscale="log", xlim=(1e-3, 1))
    ax2.set(xlabel="recall", ylabel="precision", title="Passage precision-recall", ylim=(0.5, 1.01))
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def update_card(block: str) -> None:
    replace_block(MODEL_CARD, "<!-- quality:begin -->", "<!-- quality:end -->", block)


def test_groups(records: list[dict[str, Any]], held_out: str) -> dict[str, list[dict[str, Any]]]:
    """The test split's records by group ("natural", "seen profiles", "held-out profile"),
    each in the benchmark's fixed shuffled order (take the first N of a group)."""
    doc_split = load_doc_split()
    rng = random.Random(11)
    by_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if doc_split.get(r["doc_id"]) != "test":
            continue
        group = ("natural" if r["profile"] == NONE_PROFILE
                 else "held-out profile" if in_family(r["profile"], held_out)
                 else "seen profiles")
        by_group[group].append(r)
    for v in by_group.values():
        rng.shuffle(v)
    return by_group


def _at_least_one(value: str) -> int:
    """argparse's type for counts (``unspin eval --jobs 0`` was a traceback from the pool)."""
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="unspin quality benchmark")
    ap.add_argument("--max-records", type=_at_least_one, default=1500,
                    help="test records per group")
    ap.add_argument("--jobs", type=_at_least_one, default=2)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--no-update", action="store_true", help="leave the model card alone")
    ap.add_argument("--skip-pps", action="store_true")
    ap.add_argument("--pps-from", type=Path, metavar="QUALITY_JSON",
                    help="with --skip-pps: carry the PPS rows over from an earlier run's "
                         "quality.json (they depend on the tables and the phrase ranker, "
                         "not on classifier.json)")
    ap.add_argument("--no-calibration", action="store_true",
                    help="report the probabilities as the findings leave them, without "
                         "models/calibration.json (to measure what it does)")
    args = ap.parse_args(argv)

    if args.no_calibration:
        from detector import calibration

        # The workers are forked from this process, and keep it. Not the shipped figures:
        # the model card is left alone.
        calibration._default = calibration.Calibration()
        args.no_update = True
    from detector.classifier import models

    m = models()
    held_out = m.meta.get("trained_on", {}).get("held_out_profile", "mythes")
    threshold = m.threshold
    t0 = time.time()
    records = load_records()
    by_group = test_groups(records, held_out)
    natural = synthetic(by_group["natural"][: args.max_records], args.jobs)
    res: dict[str, Any] = {"synthetic": {}, "threshold": threshold, "held_out": held_out}
    for split in ("seen profiles", "held-out profile"):
        spun = synthetic(by_group[split][: args.max_records], args.jobs)
        res["synthetic"][split] = summarise(spun + natural, threshold)
        print(f"  {split}: {len(spun)} spun + {len(natural)} natural texts", file=sys.stderr)
    res["documents"] = documents(by_group["natural"], by_group["seen profiles"], args.jobs)
    res["hard_cases"] = hard_cases()
    res["seeds"] = seeds()
    if not args.skip_pps:
        res["pps"] = pps_cv()
        res["pps_rows"] = pps_cv(by="row")
    elif args.pps_from:
        earlier = json.loads(args.pps_from.read_text())
        res["pps"], res["pps_rows"] = earlier.get("pps"), earlier.get("pps_rows")
    args.out.mkdir(parents=True, exist_ok=True)
    plot(res["synthetic"], args.out / "pr_roc.png")
    clean = json.loads(json.dumps(res, default=lambda o: None))
    for s in clean["synthetic"].values():
        for m_ in s.values():
            if isinstance(m_, dict):
                m_.pop("_scores", None)
    (args.out / "quality.json").write_text(json.dumps(clean, indent=2))
    cmd = "python bench/quality.py" + (f" --max-records {args.max_records}"
                                       if args.max_records != 1500 else "")
    carried = args.skip_pps and args.pps_from
    if carried:
        cmd += f" --skip-pps --pps-from {args.pps_from.name}"
    md = markdown(res, threshold, cmd)
    if carried:
        dated = time.strftime("%Y-%m-%d", time.localtime(args.pps_from.stat().st_mtime))
        md = md.replace("\n", f"\nThe PPS rows are those of an earlier full run "
                        f"(`{args.pps_from.name}`, {dated}); they do not depend on "
                        "`classifier.json`.\n", 1)
    (args.out / "quality.md").write_text(md)
    if not args.no_update:
        # The plot is kept beside the docs so the model card can show it.
        (ROOT / "docs").mkdir(exist_ok=True)
        shutil.copyfile(args.out / "pr_roc.png", ROOT / "docs" / "quality_pr_roc.png")
        update_card(md + "\n![Passage ROC and precision-recall](../docs/quality_pr_roc.png)\n")
    print(md)
    print(f"({time.time() - t0:.0f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
