"""Which substitutions should ``unspin restore`` apply? Right and wrong rewrites by the
ranker's confidence in the first suggestion.

    python -m bench.restore_confidence                    # dev split: choose the bar
    python -m bench.restore_confidence --split test       # test split: measure it

``restore`` rewrites a substitution finding that scores at least the restore threshold
(``restore_threshold`` in ``models/classifier.json``) with its first suggestion. Two things
can go wrong: the finding is no substitution (an original word is rewritten), or it is one
and the suggestion is not the original (one wrong word for another: "military help" ->
"military service"). A finding's evidence ``suggestion_p`` is the in-context ranker's
probability that its first suggestion is the original. For the synthetic split's spun
records (seen and held-out profiles) and natural ones, each finding that ``restore`` would
apply is counted as right (the text becomes what it was before spinning there, as
``bench/quality.py`` judges a restoration), a wrong suggestion, or a false finding, at
bars on ``suggestion_p``; the same for the spun seed against its judged substitutions
(``bench/data/seed_001_substitutions.tsv``; a finding with no judged substitution under it
counts as false).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.quality import (  # noqa: E402
    expected_restoration,
    norm,
    restores_seed,
    seed_substitutions,
)
from corpus.train import NONE_PROFILE, load_doc_split, load_records  # noqa: E402
from detector.analyzer import RESTORE_SUGGESTION_P, restore_threshold  # noqa: E402

BARS = (0.0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)

# (suggestion_p, a phrasebook rewrite, outcome: "right", "wrong suggestion" or "false
# finding")
Applied = list[tuple[float, bool, str]]


def _applied(text: str, judge) -> Applied:
    """What ``restore`` applies of ``text``'s substitution findings (one round), judged by
    ``judge(finding)``."""
    import detector
    from detector.analyzer import PHRASEBOOK_REWRITE, SUGGESTION_FROM, SUGGESTION_P

    bar = restore_threshold()
    out = []
    for f in detector.analyze(text).findings:
        if f.rule == "substitution" and f.suggestions and f.score >= bar:
            evidence = dict(f.evidence)
            out.append((float(evidence.get(SUGGESTION_P, 0.0)),
                        evidence.get(SUGGESTION_FROM) == PHRASEBOOK_REWRITE, judge(f)))
    return out


def record_outcomes(rec: dict[str, Any]) -> tuple[str, Applied]:
    text, subs = rec["spun"], rec.get("substitutions") or []

    def judge(f) -> str:
        judged = expected_restoration(text, subs, f)
        if judged is None:
            return "false finding"
        expected, a, b = judged
        got = norm(text[a : f.start] + f.suggestions[0] + text[f.end : b])
        return "right" if got == expected else "wrong suggestion"

    group = "natural" if rec["profile"] == NONE_PROFILE else "spun"
    return group, _applied(text, judge)


def seed_outcomes() -> Applied:
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("001_*.txt"))
    if not seeds:
        return []
    text = seeds[0].read_text(encoding="utf-8")
    spans = seed_substitutions(text)

    def judge(f) -> str:
        inside = [s for s in spans if s[0] < f.end and s[1] > f.start]
        if not inside:
            return "false finding"
        start, end, _, original = inside[0]
        return "right" if restores_seed(text, f, start, end, original) else "wrong suggestion"

    return _applied(text, judge)


def table(name: str, applied: Applied) -> list[str]:
    rows = []
    for bar in BARS:
        # A phrasebook rewrite is applied whatever the ranker says (detector.analyzer).
        kept = [o for p, book, o in applied if p >= bar or book]
        right = kept.count("right")
        rows.append(f"| {name} | {bar:.2f} | {len(kept)} | {right} | "
                    f"{kept.count('wrong suggestion')} | {kept.count('false finding')} | "
                    f"{right / max(len(kept), 1):.3f} |")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--records", type=int, default=1500, help="records per group")
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args(argv)
    split = load_doc_split()
    by_group: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in load_records():
        if split.get(r["doc_id"]) == args.split:
            by_group["natural" if r["profile"] == NONE_PROFILE else "spun"].append(r)
    rng = random.Random(11)
    records = []
    for group in ("spun", "natural"):
        rng.shuffle(by_group[group])
        records += by_group[group][: args.records]
    applied: dict[str, Applied] = defaultdict(list)
    with ProcessPoolExecutor(args.jobs) as pool:
        for group, outcomes in pool.map(record_outcomes, records, chunksize=8):
            applied[group] += outcomes
    print(f"{args.split} split, {args.records} spun and {args.records} natural records; "
          f"restore threshold {restore_threshold():.4f}\n")
    print("| texts | bar on suggestion_p | applied | right | wrong suggestion | false finding "
          "| share right |")
    print("|---|---|---|---|---|---|---|")
    seed = seed_outcomes()
    for name, outcomes in (("synthetic spun", applied["spun"]),
                           ("synthetic natural", applied["natural"]), ("spun seed", seed)):
        print("\n".join(table(name, outcomes)))
    print("\nPhrasebook rewrites the ranker gives under the shipped bar "
          f"({RESTORE_SUGGESTION_P}), applied all the same:")
    for name, outcomes in (("synthetic spun", applied["spun"]),
                           ("synthetic natural", applied["natural"]), ("spun seed", seed)):
        under = [o for p, book, o in outcomes if book and p < RESTORE_SUGGESTION_P]
        print(f"- {name}: {len(under)}, right {under.count('right')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
