"""How the span and context models score chosen wordings of one text, use by use.

    python -m bench.context_scores ../shared/seeds/001_*.txt stated requested "final yr"

A substitution is reported in a passage labelled spun (spun company) when the context span
model scores it over its bar, elsewhere when the span model alone is sure
(:mod:`detector.analyzer`). When a retraining finds fewer of a text's substitutions, this says
which model lost them: each use of each wording with its span-model score, whether it stands
in spun company, and its context-model score against the bar. The models are those of the
checkout the code is imported from: to score another training, run this from a git worktree
whose ``models/`` holds it (``PYTHONPATH=. python -m bench.context_scores ...``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py


def scores(text: str, wordings: list[str]) -> list[tuple[str, int, float, bool, float, float]]:
    """(wording, start, span score, in spun company, context score or nan, context bar) for
    each span of ``text`` whose observed words are one of ``wordings`` (lower-cased)."""
    from detector import analyzer
    from detector.classifier import models
    from detector.features import context_matrix

    m = models()
    ev = analyzer.evidence(text)
    sc = analyzer.score_windows(ev, m.threshold)
    supported = analyzer.supported_spans(ev, sc)
    context: dict[int, float] = {}
    if supported:
        x = context_matrix(ev, sc.windows, sc.support, sc.word_passage_p, sc.probability,
                           supported)
        context = dict(zip(supported, m.context.predict(x).tolist(), strict=True))
    wanted = {w.lower() for w in wordings}
    return [(s.observed, s.start, float(ev.span_p[k]), bool(sc.in_company[s.first]),
             context.get(k, float("nan")), analyzer._context_bar(s, m.context_threshold))
            for k, s in enumerate(ev.spans) if s.observed in wanted]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", type=Path)
    ap.add_argument("wordings", nargs="+", help="wordings as the text writes them")
    args = ap.parse_args(argv)
    rows = scores(args.file.read_text(encoding="utf-8"), args.wordings)
    print("| wording | offset | span model | spun company | context model | bar |")
    print("|---|---|---|---|---|---|")
    for w, start, span_p, company, ctx, bar in rows:
        ctx_s = "" if ctx != ctx else f"{ctx:.3f}"
        print(f"| {w} | {start} | {span_p:.3f} | {'yes' if company else 'no'} | {ctx_s} "
              f"| {bar:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
