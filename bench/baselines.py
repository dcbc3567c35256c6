"""Which frequency baseline ranks original wording above its spun substitute?

``python -m bench.baselines`` scores every pair of ``bench/data/substitution_pairs.tsv``
(hand-written: left context, original, spun, right context) and the one-phrase tortured /
expected pairs of the PPS fingerprints (``../shared``; rows with AND / NOT / ~N query syntax
skipped; no context) with each candidate baseline, and prints a Markdown table: how often the
original scores higher (ties count as wrong) and the coverage, i.e. the share of pairs where
the baseline had n-gram evidence (a seen bigram or trigram touching the span, for either
variant). A phrase in context is scored as ``sequence_logprob(left + span + right,
context=len(left))``: the span and the words after it, given their history, so that a
broken collocation at either edge counts.

Candidates (build-time sources; only the shipped artifact is the runtime module):

- ``unigram (wordfreq)``: sum of unigram log10 probabilities, context ignored.
- ``sphinx 3-gram``: the full pocketsphinx trigram LM with ARPA back-off.
- ``sphinx 2-gram``: the same model without its trigrams.
- ``wordsegment 2-gram``: Google Web 1T derived bigram/unigram counts of ``wordsegment``,
  stupid back-off (0.4).
- ``symspell 2-gram``: ``symspellpy``'s bigram and unigram frequency lists, stupid back-off.
- sums of the above (product of experts), and ``shipped`` = ``detector.baselines``.

It then prints artifact sizes and the cold-start time (fresh interpreter: import, then the
first look-up, which loads and verifies both files).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py
PAIRS = ROOT / "bench" / "data" / "substitution_pairs.tsv"
MODELS = ROOT / "models"

Scorer = Callable[[Sequence[str], int, int], tuple[float, bool]]


def words_of(text: str) -> list[str]:
    from detector.tokens import tokenize

    return [t.norm for t in tokenize(text) if t.kind != "punct"]


def load_pairs() -> list[tuple[str, list[str], list[str], list[str], list[str]]]:
    """(source, left, original, spun, right) word lists."""
    out = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        left, orig, spun, right = ([*line.split("\t"), "", "", "", ""])[:4]
        out.append(("hand", words_of(left), words_of(orig), words_of(spun), words_of(right)))
    return out


def load_pps_pairs() -> list[tuple[str, list[str], list[str], list[str], list[str]]]:
    from corpus.sources import PPS_CSV, pps_fingerprints

    if not PPS_CSV.is_file():
        return []
    out, seen = [], set()
    for fp in pps_fingerprints():
        if fp.exclude or fp.window is not None or len(fp.require) != 1 or not fp.expected:
            continue
        if any(c in fp.expected for c in "/;,") or " or " in fp.expected:
            continue  # alternatives, not one expected wording
        orig, spun = words_of(fp.expected), words_of(fp.phrase)
        if not orig or not spun or orig == spun or (tuple(orig), tuple(spun)) in seen:
            continue
        seen.add((tuple(orig), tuple(spun)))
        out.append(("pps", [], orig, spun, []))
    return out


class Backoff:
    """ARPA back-off scoring over id-keyed dictionaries (the decoded pocketsphinx LM)."""

    def __init__(self, use_trigrams: bool) -> None:
        from corpus.build_baselines import read_sphinx_lm

        lm = read_sphinx_lm()
        self.n = n = len(lm.words)
        self.ids = {w: i for i, w in enumerate(lm.words)}
        self.uni_lp, self.uni_bo = lm.uni_lp, lm.uni_bo
        bk = lm.bi_w1 * n + lm.bi_w2
        values = zip(lm.bi_lp.tolist(), lm.bi_bo.tolist(), strict=True)
        self.bi = dict(zip(bk.tolist(), values, strict=True))
        self.tri: dict[int, float] = {}
        if use_trigrams:
            tk = (lm.tri_w1 * n + lm.tri_w2) * n + lm.tri_w3
            self.tri = dict(zip(tk.tolist(), lm.tri_lp.tolist(), strict=False))
        self.floor = -8.0

    def lp(self, h2: int | None, h1: int | None, w: int | None) -> tuple[float, bool]:
        if w is None:
            return self.floor, False
        n = self.n
        if h1 is not None and h2 is not None and self.tri:
            v = self.tri.get((h2 * n + h1) * n + w)
            if v is not None:
                return v, True
            bo = self.bi.get(h2 * n + h1, (0.0, 0.0))[1]
            p, seen = self.lp(None, h1, w)
            return bo + p, seen
        if h1 is not None:
            b = self.bi.get(h1 * n + w)
            if b is not None:
                return b[0], True
            return float(self.uni_bo[h1] + self.uni_lp[w]), False
        return float(self.uni_lp[w]), False

    def __call__(self, words: Sequence[str], context: int, end: int) -> tuple[float, bool]:
        ids = [self.ids.get(w) for w in words]
        total, evidence = 0.0, False
        for k in range(context, len(words)):
            h1 = ids[k - 1] if k >= 1 else None
            h2 = ids[k - 2] if k >= 2 else None
            p, seen = self.lp(h2, h1, ids[k])
            total += p
            evidence |= seen and k <= end
        return total, evidence


class StupidBackoff:
    """Bigram relative frequencies from count lists, 0.4 x unigram when unseen."""

    def __init__(self, unigram_file: Path, bigram_file: Path, sep: str | None) -> None:
        self.uni: dict[str, float] = {}
        for line in unigram_file.read_text(encoding="utf-8").splitlines():
            parts = line.split(sep) if sep else line.split()
            if len(parts) >= 2:
                self.uni[parts[0].lower()] = self.uni.get(parts[0].lower(), 0) + float(parts[-1])
        self.total = sum(self.uni.values())
        self.bi: dict[tuple[str, str], float] = {}
        for line in bigram_file.read_text(encoding="utf-8").splitlines():
            parts = line.replace("\t", " ").split()
            if len(parts) == 3:
                key = (parts[0].lower(), parts[1].lower())
                self.bi[key] = self.bi.get(key, 0) + float(parts[2])

    def __call__(self, words: Sequence[str], context: int, end: int) -> tuple[float, bool]:
        total, evidence = 0.0, False
        for k in range(context, len(words)):
            w = words[k]
            cw = self.uni.get(w, 0.0)
            uni = math.log10(cw / self.total) if cw else -10.0
            if k >= 1:
                c = self.bi.get((words[k - 1], w))
                ch = self.uni.get(words[k - 1], 0.0)
                if c and ch:
                    total += math.log10(min(c / ch, 1.0))
                    evidence |= k <= end
                    continue
                total += math.log10(0.4) + uni
            else:
                total += uni
        return total, evidence


def unigram_scorer(words: Sequence[str], context: int, end: int) -> tuple[float, bool]:
    from detector import baselines

    return sum(baselines.unigram_logprob(w) for w in words[context:]), True


def shipped_scorer(words: Sequence[str], context: int, end: int) -> tuple[float, bool]:
    from detector import baselines

    evidence = any(
        baselines.ngram_seen(list(words[k - 1 : k + 1]))
        for k in range(max(context, 1), min(end + 1, len(words)))
    )
    return baselines.sequence_logprob(words, context), evidence


def combine(*scorers: Scorer) -> Scorer:
    def score(words: Sequence[str], context: int, end: int) -> tuple[float, bool]:
        parts = [s(words, context, end) for s in scorers]
        return sum(p for p, _ in parts), any(e for _, e in parts)

    return score


def evaluate(scorer: Scorer, pairs: list) -> tuple[int, int, int]:
    """(original ranked higher, pairs with evidence, pairs)."""
    right = covered = 0
    for _, left, orig, spun, rightctx in pairs:
        a, ea = scorer(left + orig + rightctx, len(left), len(left) + len(orig))
        b, eb = scorer(left + spun + rightctx, len(left), len(left) + len(spun))
        right += a > b
        covered += ea or eb
    return right, covered, len(pairs)


def scorers() -> dict[str, Scorer]:
    import symspellpy
    import wordsegment

    ws_dir = Path(wordsegment.__file__).parent
    ss_dir = Path(symspellpy.__file__).parent
    s3 = Backoff(use_trigrams=True)
    s2 = Backoff(use_trigrams=False)
    ws = StupidBackoff(ws_dir / "unigrams.txt", ws_dir / "bigrams.txt", "\t")
    ss = StupidBackoff(
        ss_dir / "frequency_dictionary_en_82_765.txt",
        ss_dir / "frequency_bigramdictionary_en_243_342.txt",
        None,
    )
    return {
        "unigram (wordfreq)": unigram_scorer,
        "sphinx 3-gram": s3,
        "sphinx 2-gram": s2,
        "wordsegment 2-gram": ws,
        "symspell 2-gram": ss,
        "sphinx 3-gram + wordsegment": combine(s3, ws),
        "sphinx 2-gram + wordsegment": combine(s2, ws),
        "sphinx 3-gram + symspell": combine(s3, ss),
        "wordsegment + symspell": combine(ws, ss),
        "sphinx 3-gram + wordsegment + symspell": combine(s3, ws, ss),
        "shipped (detector.baselines)": shipped_scorer,
    }


_COLD = """
import time
t0 = time.perf_counter()
from detector import baselines
t1 = time.perf_counter()
baselines.sequence_logprob(["the", "security", "council", "met"], 1)
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def cold_start(runs: int = 7) -> tuple[float, float, float]:
    """Median import, median and best first look-up, in seconds, in fresh interpreters."""
    imports, firsts = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _COLD], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        imports.append(float(out[0]))
        firsts.append(float(out[1]))
    return float(np.median(imports)), float(np.median(firsts)), min(firsts)


def throughput(n_words: int = 200_000) -> float:
    from detector import baselines

    words = (words_of(PAIRS.read_text(encoding="utf-8")) * 100)[:n_words]
    baselines.token_logprobs(words[:10])
    t = time.perf_counter()
    for k in range(0, len(words), 5000):
        baselines.token_logprobs(words[k : k + 5000])
    return len(words) / (time.perf_counter() - t)


def window_rate(n: int = 20_000) -> float:
    """Calls per second of ``sequence_logprob`` on 6-word windows (the restorer's use)."""
    from detector import baselines

    words = words_of(PAIRS.read_text(encoding="utf-8")) * 10
    t = time.perf_counter()
    for k in range(n):
        baselines.sequence_logprob(words[k : k + 6], 2)
    return n / (time.perf_counter() - t)


BUILD_PACKAGES = ("wordfreq", "pocketsphinx", "symspellpy", "wordsegment")


def main() -> None:
    import argparse
    import importlib.util

    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    missing = [m for m in BUILD_PACKAGES if importlib.util.find_spec(m) is None]
    if missing:
        sys.exit(f"bench.baselines compares build-time sources ({', '.join(missing)} missing): "
                 "pip install -e '.[build]'")
    hand, pps = load_pairs(), load_pps_pairs()
    print(
        f"Pairs: {len(hand)} hand-written in context, "
        f"{len(pps)} PPS phrase pairs (no context).\n"
    )
    print("| baseline | hand-written: original ranked higher | coverage | "
          "PPS: original ranked higher | coverage |")
    print("|---|---|---|---|---|")
    for name, scorer in scorers().items():
        r1, c1, n1 = evaluate(scorer, hand)
        r2, c2, n2 = evaluate(scorer, pps) if pps else (0, 0, 0)
        pct = lambda a, b: f"{a}/{b} ({100 * a / b:.1f}%)" if b else "n/a"  # noqa: E731
        print(f"| {name} | {pct(r1, n1)} | {pct(c1, n1)} | {pct(r2, n2)} | {pct(c2, n2)} |")
    print("\n| artifact | bytes | MB |\n|---|---|---|")
    total = 0
    for name in ("lexicon.npz", "ngrams.npz"):
        size = (MODELS / name).stat().st_size
        total += size
        print(f"| {name} | {size:,} | {size / 1e6:.2f} |")
    print(f"| total (frequency baselines) | {total:,} | {total / 1e6:.2f} |")
    all_models = sum(p.stat().st_size for p in MODELS.iterdir() if p.is_file())
    print(f"| all of models/ now | {all_models:,} | {all_models / 1e6:.2f} |")
    imp, first, best = cold_start()
    print(
        f"\nCold start (7 fresh interpreters): import of detector.baselines (numpy included) "
        f"{imp * 1000:.0f} ms median; first look-up, which loads and verifies both files, "
        f"{first * 1000:.0f} ms median, {best * 1000:.0f} ms best."
    )
    print(f"Throughput of `token_logprobs` (batches of 5,000 words): {throughput():,.0f} words/s; "
          f"`sequence_logprob` on 6-word windows: {window_rate():,.0f} calls/s.")
    meta = {}
    for name in ("lexicon.npz", "ngrams.npz"):
        with np.load(MODELS / name, allow_pickle=False) as z:
            meta[name] = json.loads(str(z["__meta__"]))["build"]
    print("\nBuild parameters: `" + json.dumps(meta) + "`")


if __name__ == "__main__":
    main()
