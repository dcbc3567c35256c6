"""Where a cold ``unspin check`` spends its time: imports, table building, first analysis.

    python -m bench.cold_breakdown              # median of 7 fresh processes
    python -m bench.cold_breakdown --runs 15

``bench/speed.py`` times the whole cold command; this splits it. Each run is a fresh
interpreter (bytecode cached, as an installed package has it) that times, in order:

* the imports: numpy, typer, markdown-it (the Markdown parser; only Markdown files need it),
  then ``detector.cli`` and ``detector.analyzer`` on top of them (unspin's own modules);
* building each artifact's runtime object, in the order an analysis needs them, with the
  checksums computed inline (the command line computes them on a background thread,
  :func:`detector.resources.check_ahead`; here they are part of each loader's time);
* the first ``detector.analyze`` of a 1,000-word text cut from the natural corpus (or the
  spun seed when the corpus is not built), then a second one of the same text: the
  difference is what filling the per-word caches costs the first file.

Interpreter start-up (``python -c pass``) is timed alongside. Stages run one after another
in one process, so a stage's figure excludes what earlier stages already imported or built.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "data" / "natural.jsonl"
SEEDS = ROOT.parent / "shared" / "seeds"

# Runs in the child. Prints one JSON object of stage -> seconds.
_CHILD = r"""
import json, sys, time
T = time.perf_counter
out = {}
def stage(name, fn):
    t = T(); fn(); out[name] = T() - t
stage("import numpy", lambda: __import__("numpy"))
stage("import typer", lambda: __import__("typer"))
stage("import markdown_it", lambda: __import__("markdown_it"))
stage("import detector.cli", lambda: __import__("detector.cli"))
stage("import detector.analyzer", lambda: __import__("detector.analyzer"))
import gc
from detector import baselines, classifier, fingerprints, thesaurus
gc.disable()  # as the command line runs start-up
for name, fn in [("classifier.json", classifier.models), ("thesaurus.npz", thesaurus.default),
                 ("spin_table.json", fingerprints.default_spin_table),
                 ("phrasebook.json", fingerprints.default_phrasebook),
                 ("lexicon.npz + ngrams.npz", baselines._tables),
                 ("fingerprints.json", fingerprints.default)]:
    stage("build " + name, fn)
import detector
text = sys.stdin.read()
stage("first analysis", lambda: detector.analyze(text))
stage("second analysis", lambda: detector.analyze(text))
print(json.dumps(out))
"""


def sample_text(words: int = 1000) -> str:
    """About ``words`` words of natural English, in paragraphs."""
    if CORPUS.exists():
        got: list[str] = []
        with CORPUS.open(encoding="utf-8") as fh:
            for line in fh:
                got.extend(json.loads(line)["text"].split())
                if len(got) >= words:
                    break
    else:
        seeds = sorted(SEEDS.glob("001_*.txt")) if SEEDS.is_dir() else []
        if not seeds:
            sys.exit(f"need {CORPUS} (python -m corpus.build_corpus) or ../shared/seeds")
        got = seeds[0].read_text(encoding="utf-8").split()
    got = got[:words]
    return "\n\n".join(" ".join(got[i : i + 100]) for i in range(0, len(got), 100)) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="fresh processes (median)")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # import cached bytecode, as installed
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    text = sample_text()
    runs: list[dict[str, float]] = []
    starts: list[float] = []
    for k in range(args.runs + 1):  # the first run only warms the bytecode cache
        proc = subprocess.run([sys.executable, "-c", _CHILD], input=text, text=True,
                              capture_output=True, env=env, cwd=ROOT, check=False)
        if proc.returncode:
            sys.exit(proc.stderr.strip().splitlines()[-1] if proc.stderr else "child failed")
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        if k:
            runs.append(json.loads(proc.stdout))
            starts.append(time.perf_counter() - t)
    print(f"median of {args.runs} fresh processes, {len(text.split()):,}-word text")
    print(f"{'python -c pass (wall)':32s} {statistics.median(starts):6.3f} s")
    total = 0.0
    for name in runs[0]:
        v = statistics.median(r[name] for r in runs)
        if name != "second analysis":
            total += v
        print(f"{name:32s} {v:6.3f} s")
    print(f"{'sum of stages (not the second)':32s} {total:6.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
