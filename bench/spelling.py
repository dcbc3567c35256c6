"""Does British spelling make natural writing look spun?

    python -m bench.spelling [--jobs 2] [--limit 300]

The frequency baselines are drawn mostly from American text, and the thesauri list both
spellings of a word as synonyms (``detector/spelling.py``). This script takes the natural
test documents of ``bench/quality.py`` (~700-word documents joined from the natural test
records of the built corpus, ``python -m corpus.build_corpus``) and checks each twice: as
written, and with every word that has a British spelling respelled so ("color" ->
"colour", "organize" -> "organise", "traveled" -> "travelled", "center" -> "centre"). It
prints, for both, the mean text probability, documents and passages labelled spun and
findings per 100 words, and the share of words respelled.

The British spellings come from wordfreq's English word list: a word whose
:func:`detector.spelling.spelling_key` is another listed word, rarer than that word, is
taken as that word's British spelling. Nothing else of the text changes, so any difference
is the spelling's.
"""

from __future__ import annotations

import argparse
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.quality import _documents, test_groups  # noqa: E402
from corpus.train import load_records  # noqa: E402

_WORD_RE = re.compile(r"[A-Za-z]+")
# American words with a British spelling in one sense only ("a story" but "a storey", "a
# check" but "a cheque", "practice" the noun): not respelled, since that would not be
# British writing but a misspelling.
_ONE_SENSE = frozenset("""story stories practice check checks tire tires tired curb curbs
    draft drafts drafted meter meters mom moms ass program programs programmed
    whiskey""".split())


def british_spellings(n: int = 200_000) -> dict[str, str]:
    """American spelling -> British spelling, for the words of wordfreq's top ``n``."""
    from wordfreq import top_n_list, zipf_frequency

    from detector.spelling import spelling_key

    words = top_n_list("en", n)
    known = set(words)
    out: dict[str, str] = {}
    for w in words:
        if not w.isalpha():
            continue
        key = spelling_key(w)
        if (key != w and key in known and key not in _ONE_SENSE
                and zipf_frequency(key, "en") > zipf_frequency(w, "en")):
            out.setdefault(key, w)
    return out


def respell(text: str, spellings: dict[str, str]) -> tuple[str, int, int]:
    """``text`` with each word that has a British spelling respelled (its case kept), and
    (words respelled, words)."""
    changed = total = 0

    def swap(m: re.Match[str]) -> str:
        nonlocal changed, total
        total += 1
        w = m.group()
        uk = spellings.get(w.lower())
        if uk is None:
            return w
        changed += 1
        if w.isupper() and len(w) > 1:
            return uk.upper()
        return uk.capitalize() if w[0].isupper() else uk

    return _WORD_RE.sub(swap, text), changed, total


def _check(text: str) -> tuple[float, int, int, int, int]:
    import detector

    r = detector.analyze(text)
    return (r.probability, r.label == "spun", sum(p.label == "spun" for p in r.passages),
            len(r.passages), len(r.findings))


def summary(results: list[tuple[float, int, int, int, int]], words: int) -> dict[str, float]:
    n = max(len(results), 1)
    return {
        "mean_probability": sum(r[0] for r in results) / n,
        "documents_spun": sum(r[1] for r in results),
        "passages_spun": sum(r[2] for r in results),
        "passages": sum(r[3] for r in results),
        "findings_per_100_words": 100 * sum(r[4] for r in results) / max(words, 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--limit", type=int, default=300, help="natural test documents")
    args = ap.parse_args()

    from detector.classifier import models

    held_out = models().meta.get("trained_on", {}).get("held_out_profile", "mythes")
    natural = test_groups(load_records(), held_out)["natural"]
    docs = [t for _, t in _documents(natural, args.limit, 5)]
    spellings = british_spellings()
    british, changed, words = [], 0, 0
    for d in docs:
        t, c, n = respell(d, spellings)
        british.append(t)
        changed += c
        words += n
    with ProcessPoolExecutor(args.jobs) as pool:
        as_written = list(pool.map(_check, docs, chunksize=4))
        respelled = list(pool.map(_check, british, chunksize=4))
    print(f"{len(docs)} natural test documents, {words:,} words; {changed:,} respelled "
          f"({changed / max(words, 1):.2%}); {len(spellings):,} British spellings known")
    print()
    print("| natural test documents | mean probability | documents labelled spun | "
          "passages labelled spun | findings per 100 words |")
    print("|---|---|---|---|---|")
    for name, res in (("as written", as_written), ("British spelling", respelled)):
        s = summary(res, words)
        print(f"| {name} | {s['mean_probability']:.3f} | {s['documents_spun']} | "
              f"{s['passages_spun']} of {s['passages']} | {s['findings_per_100_words']:.3f} |")


if __name__ == "__main__":
    main()
