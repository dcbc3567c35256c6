"""Does a change leave the analysis as it was? For refactors and speed work.

    python -m bench.same_output --save before.json     # on the old commit
    python -m bench.same_output --compare before.json  # on the new one: exit 1 on a change

Analyses a fixed set of texts with the shipped models and records, per text, the whole-text
probability and label, every passage's probability and label, and every finding (span, rule,
score, suggestions): the seeds in ``../shared/seeds`` (when present), the hand-written
must-flag, must-not-flag and known-false-positive cases in ``tests/cases``, and a seeded
sample of the test split of the built corpus (``corpus/data``, when built; ``--records``
natural and twice as many spun). ``--compare`` reports every text whose labels, passages or
findings differ and the largest difference of any probability or score; "same" means labels,
spans and suggestions equal and every number equal to the last digit.

Runs in the current checkout: to compare two commits, run ``--save`` in one and
``--compare`` in the other (a ``git worktree`` of the old commit with ``corpus/data`` linked
in does it without disturbing your tree).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

SEEDS = ROOT.parent / "shared" / "seeds"
CASES = ROOT / "tests" / "cases"
CORPUS = ROOT / "corpus" / "data"


def texts(records: int, seed: int) -> list[str]:
    """The texts to analyse, in a fixed order."""
    out = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] if (
        SEEDS.is_dir()) else []
    for name in ("must_flag", "must_not_flag", "known_false_positives"):
        path = CASES / f"{name}.jsonl"
        if path.is_file():
            out += [json.loads(line)["text"] for line in path.open(encoding="utf-8")
                    if line.strip()]
    spun_path, splits_path = CORPUS / "spun.jsonl", CORPUS / "splits.json"
    if records and spun_path.is_file() and splits_path.is_file():
        test = set(json.loads(splits_path.read_text())["by_document"]["test"])
        natural, spun = [], []
        with spun_path.open(encoding="utf-8") as fh:
            for line in fh:
                r = json.loads(line)
                if r["doc_id"] in test:
                    (natural if r["profile"] == "none" else spun).append(r["spun"])
        rng = random.Random(seed)
        out += rng.sample(natural, min(records, len(natural)))
        out += rng.sample(spun, min(2 * records, len(spun)))
    return out


def analyse(text: str) -> dict[str, Any]:
    import detector

    rep = detector.analyze(text)
    return {
        "probability": rep.probability,
        "label": rep.label,
        "passages": [[p.start, p.end, p.probability, p.label] for p in rep.passages],
        "findings": [[f.start, f.end, f.rule, f.score, list(f.suggestions)]
                     for f in rep.findings],
    }


def compare(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> tuple[list[str], float]:
    """Descriptions of the texts that differ, and the largest numeric difference."""
    changed = []
    largest = 0.0
    for i, (a, b) in enumerate(zip(old, new, strict=True)):
        here = abs(a["probability"] - b["probability"])
        for x, y in zip(a["passages"], b["passages"], strict=False):
            here = max(here, abs(x[2] - y[2]))
        for x, y in zip(a["findings"], b["findings"], strict=False):
            here = max(here, abs(x[3] - y[3]))
        largest = max(largest, here)

        def shape(r: dict[str, Any]) -> tuple:
            return (r["label"], [(p[0], p[1], p[3]) for p in r["passages"]],
                    [(f[0], f[1], f[2], tuple(f[4])) for f in r["findings"]])

        if shape(a) != shape(b):
            changed.append(f"text {i}: label {a['label']} -> {b['label']}, findings "
                           f"{len(a['findings'])} -> {len(b['findings'])}")
        elif here:
            # Same labels, spans and suggestions: a score moved (a natural text's
            # probability under the threshold, say), which a refactor must not do either.
            changed.append(f"text {i}: scores only, probability {a['probability']:.3f} -> "
                           f"{b['probability']:.3f} (largest difference {here:.3g})")
    return changed, largest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--save", type=Path, metavar="JSON", help="write this run's results")
    group.add_argument("--compare", type=Path, metavar="JSON",
                       help="compare with a saved run; exit 1 when anything differs")
    ap.add_argument("--records", type=int, default=120,
                    help="natural test records to sample (twice as many spun)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    if args.compare:
        saved = json.loads(args.compare.read_text(encoding="utf-8"))
        records, seed = saved["records"], saved["seed"]
    else:
        records, seed = args.records, args.seed
    results = [analyse(t) for t in texts(records, seed)]
    findings = sum(len(r["findings"]) for r in results)
    print(f"{len(results)} texts, {findings} findings")
    if args.save:
        args.save.write_text(json.dumps({"records": records, "seed": seed,
                                         "results": results}) + "\n", encoding="utf-8")
        return 0
    if len(saved["results"]) != len(results):
        print(f"different texts: {len(saved['results'])} saved, {len(results)} now "
              "(cases or corpus changed)")
        return 1
    changed, largest = compare(saved["results"], results)
    for line in changed:
        print(line)
    print(f"{len(changed)} of {len(results)} texts differ; largest difference of a "
          f"probability or score {largest:.3g}")
    return 1 if changed or largest else 0


if __name__ == "__main__":
    sys.exit(main())
