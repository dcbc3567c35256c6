"""What ``--threshold`` buys: recall and false alarms of ``unspin check`` at several passage
thresholds, the shipped one among them.

    python -m bench.operating_points                       # 0.995, 0.988 (shipped), 0.95, 0.9, 0.75
    python -m bench.operating_points --thresholds 0.97 0.9 --max-records 500
    python -m bench.unseen_docs --threshold 0.9 --json u090.json   # one per threshold, then
    python -m bench.operating_points --unseen u0988.json u090.json ...   # their rows too
    python -m bench.operating_points --write-card          # into the model card and README

The shipped threshold is set for false accusations, not for recall (a passage is labelled
spun at 0.988, model card item 28), and a lower one is the knob a user who reviews every
flag by hand can turn. What it buys is not a plain slide along one score: a window's
probability is the passage model's score moved by its findings (two or more different ones
raise a passage to 0.995, one wording holds it at 0.929 at most, none at 0.79;
``detector/analyzer.py``), and findings need a text or passage scoring 0.98 or more as
company. So a threshold of 0.95 or 0.9 labels more windows whose findings were already
there (and standing scores in that band), and only one of 0.79 or less labels windows with
no finding to show; a stricter 0.995 keeps the windows raised by two different findings and
those scoring that high by themselves. For each threshold the bench measures, with the
shipped models and ``detector.analyze(text, threshold=...)``:

* on the synthetic test split (``corpus/data``; as ``bench/quality.py``): passages of 80+
  words labelled spun, recall on the spinner profiles seen in training and on the held-out
  one, and the share of natural passages labelled spun;
* the hand-written cases (``tests/cases``): must-flag texts labelled spun, and must-not-flag
  texts with any passage labelled spun (the shipped threshold keeps these at zero);
* the texts spun by hand in manners no model was trained on (``bench/spinner_styles.py``):
  spun texts labelled spun, and their originals with any passage labelled spun;
* with ``--unseen``, the JSON files of ``bench/unseen_docs.py`` runs at those thresholds:
  passages of natural writing no model saw labelled spun, and the files labelled spun.

Figures of one run, on one machine's corpus build; read the differences between rows.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.markers import replace_block  # noqa: E402

MODEL_CARD = ROOT / "models" / "README.md"
README = ROOT / "README.md"
CASES = ROOT / "tests" / "cases"
BEGIN = "<!-- operating-points:begin -->"
END = "<!-- operating-points:end -->"
README_BEGIN = "<!-- operating-points-readme:begin -->"
README_END = "<!-- operating-points-readme:end -->"
DEFAULT_THRESHOLDS = (0.995, 0.95, 0.9, 0.75)


def _record(rec: dict[str, Any], thresholds: tuple[float, ...]
            ) -> list[list[tuple[bool, bool | None]]]:
    """Per threshold: (labelled spun, truly spun or None) of each passage of a test record
    long enough for ``bench/quality.py``'s passage figures."""
    import detector
    from bench.quality import MIN_PASSAGE_WORDS
    from corpus.train import record_labeller

    label = record_labeller(rec)
    out = []
    for t in thresholds:
        rep = detector.analyze(rec["spun"], threshold=t)
        out.append([(p.label == "spun", label(p.start, p.end))
                    for p in rep.passages if p.words >= MIN_PASSAGE_WORDS])
    return out


def _labels(text: str, thresholds: tuple[float, ...]) -> list[tuple[bool, bool]]:
    """Per threshold: (text labelled spun, any passage labelled spun)."""
    import detector

    out = []
    for t in thresholds:
        rep = detector.analyze(text, threshold=t)
        out.append((rep.label == "spun", any(p.label == "spun" for p in rep.passages)))
    return out


def synthetic(thresholds: tuple[float, ...], max_records: int, jobs: int) -> dict[str, list]:
    """Passage recall (seen and held-out profiles) and natural passages labelled spun."""
    from bench.quality import test_groups
    from corpus.train import load_records
    from detector.classifier import models

    held_out = models().meta.get("trained_on", {}).get("held_out_profile", "mythes")
    groups = test_groups(load_records(), held_out)
    out: dict[str, list] = {}
    with ProcessPoolExecutor(jobs) as pool:
        for name in ("seen profiles", "held-out profile", "natural"):
            recs = groups[name][:max_records]
            per = list(pool.map(partial(_record, thresholds=thresholds), recs, chunksize=8))
            rates = []
            for k in range(len(thresholds)):
                rows = [(flag, y) for r in per for flag, y in r[k] if y is not None]
                want = name != "natural"
                mine = [flag for flag, y in rows if bool(y) == want]
                rates.append((sum(mine), len(mine)))
            out[name] = rates
    return out


def cases(thresholds: tuple[float, ...], jobs: int) -> dict[str, list]:
    def read(name: str) -> list[str]:
        path = CASES / name
        return [json.loads(line)["text"] for line in path.open(encoding="utf-8")
                if line.strip()]

    with ProcessPoolExecutor(jobs) as pool:
        flag = list(pool.map(partial(_labels, thresholds=thresholds),
                             read("must_flag.jsonl"), chunksize=4))
        clear = list(pool.map(partial(_labels, thresholds=thresholds),
                              read("must_not_flag.jsonl"), chunksize=16))
    return {
        "must_flag": [(sum(r[k][0] for r in flag), len(flag)) for k in range(len(thresholds))],
        "must_not_flag": [(sum(r[k][1] for r in clear), len(clear))
                          for k in range(len(thresholds))],
    }


def hand_spun(thresholds: tuple[float, ...], jobs: int) -> dict[str, list]:
    from bench.spinner_styles import load

    texts = load()
    with ProcessPoolExecutor(jobs) as pool:
        got = list(pool.map(partial(_labels, thresholds=thresholds),
                            [t["text"] for t in texts], chunksize=4))
    spun = [g for t, g in zip(texts, got, strict=True) if t["style"] != "orig"]
    orig = [g for t, g in zip(texts, got, strict=True) if t["style"] == "orig"]
    return {
        "spun": [(sum(r[k][0] for r in spun), len(spun)) for k in range(len(thresholds))],
        "originals": [(sum(r[k][1] for r in orig), len(orig)) for k in range(len(thresholds))],
    }


def unseen(paths: list[Path], shipped: float) -> dict[float, dict[str, int]]:
    """The totals of ``bench/unseen_docs.py`` JSON files, by the threshold each was run at."""
    out = {}
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = data["sources"].values()
        except (OSError, ValueError, KeyError, AttributeError) as e:
            sys.exit(f"{path}: not a JSON file of bench/unseen_docs.py ({e})")
        t = data.get("threshold")
        out[shipped if t is None else float(t)] = {
            k: sum(r[k] for r in rows)
            for k in ("passages", "passages_spun", "files", "files_spun", "findings", "words")}
    return out


def _threshold_cell(t: float, shipped: float) -> str:
    return f"{t:g}{' (shipped)' if t == shipped else ''}"


def _share(pair: tuple[int, int], digits: int = 3) -> str:
    hit, n = pair
    return f"{hit / n:.{digits}f}" if n else "n/a"


def markdown(thresholds: tuple[float, ...], res: dict[str, Any]) -> str:
    lines = [
        "| threshold | passage recall, seen profiles | passage recall, held-out profile "
        "| natural test passages labelled spun | must-flag texts labelled spun "
        "| must-not-flag texts with a passage labelled spun | hand-spun texts labelled spun "
        "| their originals with a passage labelled spun | unseen natural passages labelled "
        "spun | unseen files labelled spun |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    syn, cs, hs, un = res["synthetic"], res["cases"], res["hand_spun"], res["unseen"]
    shipped = res.get("shipped", thresholds[0])
    for k, t in enumerate(thresholds):
        nat = syn["natural"][k]
        u = un.get(t)
        lines.append(
            f"| {_threshold_cell(t, shipped)} | {_share(syn['seen profiles'][k])} "
            f"| {_share(syn['held-out profile'][k])} | {nat[0]} of {nat[1]:,} "
            f"({_share(nat, 4)}) | {cs['must_flag'][k][0]} of {cs['must_flag'][k][1]} "
            f"| {cs['must_not_flag'][k][0]} of {cs['must_not_flag'][k][1]:,} "
            f"| {hs['spun'][k][0]} of {hs['spun'][k][1]} "
            f"| {hs['originals'][k][0]} of {hs['originals'][k][1]} "
            + (f"| {u['passages_spun']:,} of {u['passages']:,} | {u['files_spun']:,} of "
               f"{u['files']:,} |" if u else "| not run | not run |"))
    return "\n".join(lines)


def readme_markdown(thresholds: tuple[float, ...], res: dict[str, Any]) -> str:
    """The columns a user choosing a threshold needs: what is caught, what is accused."""
    lines = ["| threshold | spun test passages labelled spun (seen / held-out spinners) "
             "| hand-spun texts labelled spun | natural test passages labelled spun "
             "| passages of unseen natural writing labelled spun |",
             "|---|---|---|---|---|"]
    syn, hs, un = res["synthetic"], res["hand_spun"], res["unseen"]
    shipped = res.get("shipped", thresholds[0])
    for k, t in enumerate(thresholds):
        u = un.get(t)
        unseen_cell = (f"{u['passages_spun']:,} of {u['passages']:,} "
                       f"({u['passages_spun'] / max(u['passages'], 1):.2%}), in "
                       f"{u['files_spun']} file{'' if u['files_spun'] == 1 else 's'}"
                       if u else "not run")
        lines.append(
            f"| {_threshold_cell(t, shipped)} | {_share(syn['seen profiles'][k], 2)} "
            f"/ {_share(syn['held-out profile'][k], 2)} | {hs['spun'][k][0]} of "
            f"{hs['spun'][k][1]} | {_share(syn['natural'][k], 4)} | {unseen_cell} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--thresholds", type=float, nargs="+", default=list(DEFAULT_THRESHOLDS),
                    metavar="P", help="thresholds besides the shipped one (default: "
                    + ", ".join(map(str, DEFAULT_THRESHOLDS)) + ")")
    ap.add_argument("--max-records", type=int, default=1000, help="test records per group")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--unseen", type=Path, nargs="+", default=[], metavar="JSON",
                    help="bench/unseen_docs.py --json files, one per threshold")
    ap.add_argument("--json", type=Path, help="also write the results as JSON")
    ap.add_argument("--write-card", action="store_true",
                    help=f"replace the blocks between {BEGIN} and {END} in models/README.md "
                         f"and between {README_BEGIN} and {README_END} in README.md")
    args = ap.parse_args(argv)
    if any(not 0.0 < t < 1.0 for t in args.thresholds) or args.max_records < 1 or args.jobs < 1:
        ap.error("thresholds lie between 0 and 1; --max-records and --jobs are 1 or more")
    from detector.classifier import models

    shipped = models().threshold
    thresholds = tuple(sorted({shipped, *args.thresholds}, reverse=True))
    t0 = time.time()
    read_first = unseen(args.unseen, shipped)  # a wrong file fails before the long part
    res = {"thresholds": thresholds, "shipped": shipped,
           "synthetic": synthetic(thresholds, args.max_records, args.jobs),
           "cases": cases(thresholds, args.jobs),
           "hand_spun": hand_spun(thresholds, args.jobs),
           "unseen": read_first}
    md = markdown(thresholds, res)
    print(md)
    print(f"({time.time() - t0:.0f}s)", file=sys.stderr)
    if args.json:
        plain = {**res, "unseen": {str(k): v for k, v in res["unseen"].items()}}
        args.json.write_text(json.dumps(plain, indent=2) + "\n", encoding="utf-8")
    if args.write_card:
        block = (f"Produced by `python -m bench.operating_points` on "
                 f"{time.strftime('%Y-%m-%d')} with the shipped models ({args.max_records} "
                 "test records per group; the unseen columns from `bench/unseen_docs.py "
                 "--threshold P` runs).\n\n" + md + "\n")
        for path, begin, end, text in ((MODEL_CARD, BEGIN, END, block),
                                       (README, README_BEGIN, README_END,
                                        readme_markdown(thresholds, res) + "\n")):
            if not replace_block(path, begin, end, text):
                sys.exit(f"{path}: no {begin} ... {end} markers to write between")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
