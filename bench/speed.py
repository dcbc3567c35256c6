"""Speed of ``unspin check``: throughput, cold start and peak memory, each next to a floor.

    python -m bench.speed                 # 1M words of natural English (corpus/data/natural.jsonl)
    python -m bench.speed --quick         # 100k words
    python -m bench.speed --words 300000 --repeat 3 --write-readme

What is measured (all in fresh subprocesses, so start-up and model loading are included):

* **throughput**: ``unspin check --jobs 1`` and ``--jobs N`` (N = cores) over a temporary
  folder of ``.md``/``.txt`` files of 500-1,000 words cut from the natural corpus, in
  words per second (words = white-space separated tokens of the files). Floor: tokenising the
  same texts with ``wordfreq.tokenize(text, 'en')`` in this process (the cheapest pass over
  the words that any word-level analysis has to make). Where proselint installs, ``proselint
  check`` on the same files, for comparison with an established prose linter.
* **cold start**: wall time of ``unspin check`` on one 1,000-word Markdown file in a fresh
  process (median of ``--cold-runs``, after one untimed run). Floor: ``python -c pass``.
  Children run without ``PYTHONDONTWRITEBYTECODE`` (set on some CI and container images), so
  that they import cached bytecode as an installed package does (``pip install`` compiles
  it); otherwise every cold run would compile unspin's modules again (~0.13 s here).
* **the Python API**: ``detector.analyze_many(texts, jobs=N)`` over the same files' text
  (read lazily from the folder; no prose extraction) in a fresh process, start-up included.
* **the cache**: ``unspin check --cache --jobs N`` over the same folder twice (a fresh cache
  folder): the first run fills the cache, the second finds every file unchanged, next to
  the same check without ``--cache``.
* **peak memory**: ``ru_maxrss`` of each measured child process tree (the largest single
  process; with ``--jobs N`` each worker is its own process). Floor: ``python -c pass``.
* **large file**: one generated file of ``--large-mb`` MB (natural paragraphs repeated),
  checked by the streaming path (:mod:`detector.stream`), with its peak memory; then
  restored (``unspin restore -o``, the same chunks), and restored once more to check that
  the second run changes nothing; and its text read whole and given to ``detector.analyze``
  (the Python API, which cuts a long text into the same chunks).

Timings are the best of ``--repeat`` runs (the machine may be shared); cold start is a median.
``--write-readme`` replaces the block between ``<!-- speed:begin -->`` and
``<!-- speed:end -->`` in README.md with the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.markers import replace_block  # noqa: E402

CORPUS = ROOT / "corpus" / "data" / "natural.jsonl"
README = ROOT / "README.md"
BEGIN, END = "<!-- speed:begin -->", "<!-- speed:end -->"

TARGET_WPS_PER_CORE = 50_000
TARGET_COLD_S = 0.3
TARGET_RSS_MB = 300


def _words(text: str) -> int:
    return len(text.split())


def load_documents(total_words: int) -> list[str]:
    """Texts of 500-1,000 words, cut at paragraph boundaries, until ``total_words``."""
    if not CORPUS.exists():
        sys.exit(f"{CORPUS} is missing: build it with `python -m corpus.build_corpus`")
    docs: list[str] = []
    have = 0
    cur: list[str] = []
    cur_words = 0
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            for para in re.split(r"\n\s*\n", text):
                para = para.strip()
                n = _words(para)
                if not n:
                    continue
                if n > 1000:  # one very long paragraph: cut it at sentence ends
                    para = " ".join(para.split()[:1000])
                    n = 1000
                if cur_words + n > 1000 and cur_words >= 500:
                    docs.append("\n\n".join(cur) + "\n")
                    have += cur_words
                    cur, cur_words = [], 0
                    if have >= total_words:
                        return docs
                cur.append(para)
                cur_words += n
            if cur_words >= 500:
                docs.append("\n\n".join(cur) + "\n")
                have += cur_words
                cur, cur_words = [], 0
                if have >= total_words:
                    return docs
    if cur:
        docs.append("\n\n".join(cur) + "\n")
    return docs


def run_child(argv: list[str], *, cwd: str | None = None) -> tuple[float, float, int]:
    """Run ``argv``; (wall seconds, peak RSS in MB of the process tree, exit code)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(argv[:4])}... exited {proc.returncode}: {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024.0, proc.returncode


def chunk_chars() -> int:
    """The chunk size of the streaming path (read in a child: this process stays light)."""
    out = subprocess.run(
        [sys.executable, "-c", "import detector.stream as s; print(s.CHUNK_CHARS)"],
        capture_output=True, text=True, check=True,
    )
    return int(out.stdout)


def unspin_argv() -> list[str]:
    exe = Path(sys.executable).with_name("unspin")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "detector"]


def best(fn, repeat: int):
    runs = [fn() for _ in range(repeat)]
    return min(runs, key=lambda r: r[0]), runs


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--words", type=int, default=1_000_000, help="corpus size (words)")
    ap.add_argument("--quick", action="store_true", help="100k words, fewer runs")
    ap.add_argument("--repeat", type=int, default=1, help="runs per throughput figure (best)")
    ap.add_argument("--cold-runs", type=int, default=7, help="runs for the cold start (median)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="cores for --jobs N")
    ap.add_argument("--large-mb", type=float, default=0, help="also check one file this big")
    ap.add_argument("--no-proselint", action="store_true")
    ap.add_argument("--write-readme", action="store_true")
    args = ap.parse_args(argv)
    if args.quick:
        args.words = 100_000
    unspin = unspin_argv()
    rows: list[tuple[str, str, str, str]] = []  # measure, unspin, floor, ratio

    tmp = tempfile.mkdtemp(prefix="unspin-speed-")
    try:
        docs = load_documents(args.words)
        corpus_dir = Path(tmp, "corpus")
        corpus_dir.mkdir()
        for i, d in enumerate(docs):
            (corpus_dir / f"doc{i:05d}.{'md' if i % 2 else 'txt'}").write_text(d, "utf-8")
        total = sum(_words(d) for d in docs)
        print(f"{len(docs)} files, {total:,} words in {corpus_dir}", file=sys.stderr)

        # floor: wordfreq tokenisation of the same texts
        import wordfreq

        wordfreq.tokenize("warm up", "en")
        t0 = time.perf_counter()
        for d in docs:
            wordfreq.tokenize(d, "en")
        floor_wps = total / (time.perf_counter() - t0)

        _, rss_pass, _ = run_child([sys.executable, "-c", "pass"])
        results: dict[str, object] = {"words": total, "files": len(docs)}
        for jobs in sorted({1, args.jobs}):
            (wall, rss, _), runs = best(
                lambda jobs=jobs: run_child(
                    [*unspin, "check", "--isolated", "--exit-zero", "-q", "--jobs", str(jobs),
                     str(corpus_dir)]
                ),
                args.repeat,
            )
            wps = total / wall
            results[f"jobs{jobs}"] = {"seconds": [r[0] for r in runs], "wps": wps, "rss_mb": rss}
            print(f"--jobs {jobs}: {wall:.1f} s, {wps:,.0f} words/s, {rss:.0f} MB", file=sys.stderr)
            per_core = f"; {wps / jobs:,.0f}/core" if jobs > 1 else ""
            rows.append((
                f"`unspin check --jobs {jobs}`, words/s ({total:,} words)",
                f"{wps:,.0f}{per_core}",
                f"{floor_wps:,.0f} (wordfreq.tokenize, 1 core)",
                f"{wps / floor_wps:.3f}",
            ))
            rows.append((
                f"peak memory, `--jobs {jobs}` (largest process)",
                f"{rss:.0f} MB",
                f"{rss_pass:.0f} MB (`python -c pass`)",
                f"{rss / rss_pass:.1f}",
            ))

        # --cache: the first run fills the cache (its cost over a plain run is the writing),
        # the second finds every file unchanged, as a CI job or hook on an unchanged tree.
        cache_dir = Path(tmp, "cache")
        cached_argv = [*unspin, "check", "--isolated", "--exit-zero", "-q", "--jobs",
                       str(args.jobs), "--cache", "--cache-dir", str(cache_dir), str(corpus_dir)]
        fill, _, _ = run_child(cached_argv)
        (warm, rss, _), runs = best(lambda: run_child(cached_argv), args.repeat)
        plain = total / results[f"jobs{args.jobs}"]["wps"]  # type: ignore[index]
        results["cache"] = {"fill_seconds": fill, "warm_seconds": [r[0] for r in runs],
                            "wps": total / warm, "rss_mb": rss, "jobs": args.jobs,
                            "plain_seconds": plain}
        print(f"--cache: fill {fill:.1f} s, unchanged {warm:.2f} s", file=sys.stderr)
        rows.append((
            f"`unspin check --cache --jobs {args.jobs}`: first run (fills the cache), then "
            "again over the unchanged files",
            f"{fill:.1f} s, then {warm:.2f} s ({total / warm:,.0f} words/s)",
            f"{plain:.1f} s (the same check without --cache)",
            f"{fill / plain:.2f}, then {warm / plain:.3f}",
        ))

        # The Python API's batch form on all cores, in a fresh process as well: the same
        # files' raw text (no prose extraction, which the command line does first).
        api = ("import pathlib, sys, detector\n"
               "files = sorted(pathlib.Path(sys.argv[1]).iterdir())\n"
               "texts = (p.read_text('utf-8') for p in files)\n"
               "for _ in detector.analyze_many(texts, jobs=int(sys.argv[2])):\n    pass\n")
        (wall, rss, _), runs = best(
            lambda: run_child([sys.executable, "-c", api, str(corpus_dir), str(args.jobs)],
                              cwd=str(ROOT)),
            args.repeat,
        )
        wps = total / wall
        results["analyze_many"] = {"seconds": [r[0] for r in runs], "wps": wps, "rss_mb": rss,
                                   "jobs": args.jobs}
        print(f"analyze_many(jobs={args.jobs}): {wall:.1f} s, {wps:,.0f} words/s",
              file=sys.stderr)
        rows.append((
            f"`detector.analyze_many(texts, jobs={args.jobs})`, words/s",
            f"{wps:,.0f}; {wps / args.jobs:,.0f}/core",
            f"{floor_wps:,.0f} (wordfreq.tokenize, 1 core)",
            f"{wps / floor_wps:.3f}",
        ))

        if not args.no_proselint:
            exe = Path(sys.executable).with_name("proselint")
            if exe.exists():
                files = sorted(str(p) for p in corpus_dir.iterdir())
                (wall, rss, _), _ = best(
                    lambda: run_child([str(exe), "check", *files]), 1
                )
                pwps = total / wall
                results["proselint"] = {"seconds": wall, "wps": pwps, "rss_mb": rss}
                print(f"proselint: {wall:.1f} s, {pwps:,.0f} words/s", file=sys.stderr)
                rows.append((
                    "proselint 0.16 `check`, same files, words/s (1 core)",
                    f"{pwps:,.0f}",
                    f"{floor_wps:,.0f} (wordfreq.tokenize)",
                    f"{pwps / floor_wps:.3f}",
                ))
            else:
                rows.append(("proselint", "not installed", "", ""))

        # cold start on a 1,000-word Markdown file
        one = Path(tmp, "one.md")
        words = " ".join(" ".join(docs).split()[:1000])
        one.write_text(re.sub(r"((?:\S+\s+){80})", r"\1\n\n", words) + "\n", "utf-8")
        cold_argv = [*unspin, "check", "--isolated", "--exit-zero", "-q", str(one)]
        run_child(cold_argv)  # writes bytecode caches, as installing the package would
        cold = sorted(run_child(cold_argv)[0] for _ in range(args.cold_runs))
        floor_cold = sorted(
            run_child([sys.executable, "-c", "pass"])[0] for _ in range(args.cold_runs)
        )
        cold_s, floor_s = statistics.median(cold), statistics.median(floor_cold)
        results["cold"] = {"runs": cold, "median": cold_s, "floor": floor_s}
        rows.append((
            "cold `unspin check` of one 1,000-word .md file (median)",
            f"{cold_s:.2f} s",
            f"{floor_s:.3f} s (`python -c pass`)",
            f"{cold_s / floor_s:.0f}",
        ))

        if args.large_mb:
            big = Path(tmp, "large.txt")
            target = int(args.large_mb * 1024 * 1024)
            block = "\n\n".join(docs[: min(len(docs), 20)]).encode("utf-8") + b"\n\n"
            with big.open("wb") as fh:
                size = 0
                while size < target:
                    fh.write(block)
                    size += len(block)
            large_words = _words(block.decode("utf-8")) * (size // len(block))
            wall, rss, _ = run_child(
                [*unspin, "check", "--isolated", "--exit-zero", "-q", "--format", "json",
                 str(big)]
            )
            results["large"] = {"mb": size / 2**20, "seconds": wall, "rss_mb": rss,
                                "words": large_words}
            rows.append((
                f"one {size / 2**20:.1f} MB file ({large_words:,} words), analysed in "
                f"{chunk_chars():,}-character chunks",
                f"{large_words / wall:,.0f} words/s, peak {rss:.0f} MB",
                f"{rss_pass:.0f} MB (`python -c pass`)",
                f"{rss / rss_pass:.1f}",
            ))
            # the Python API on the same text, read whole: chunked as check chunks the file
            api = ("import sys, detector; "
                   "detector.analyze(open(sys.argv[1], encoding='utf-8').read())")
            wall_a, rss_a, _ = run_child([sys.executable, "-c", api, str(big)])
            results["large_api"] = {"seconds": wall_a, "rss_mb": rss_a}
            rows.append((
                "`detector.analyze(text)` of the same file's text (Python API)",
                f"{large_words / wall_a:,.0f} words/s, peak {rss_a:.0f} MB",
                f"{rss_pass:.0f} MB (`python -c pass`)",
                f"{rss_a / rss_pass:.1f}",
            ))
            # restore goes through the same chunks; its second run must change nothing
            once, twice = Path(tmp, "restored.txt"), Path(tmp, "restored2.txt")
            wall_r, rss_r, _ = run_child(
                [*unspin, "restore", "--isolated", str(big), "-o", str(once)])
            run_child([*unspin, "restore", "--isolated", str(once), "-o", str(twice)])
            stable = once.read_bytes() == twice.read_bytes()
            results["large_restore"] = {"seconds": wall_r, "rss_mb": rss_r,
                                        "second_run_unchanged": stable}
            rows.append((
                "`unspin restore` of the same file (second run "
                f"{'changes nothing' if stable else 'CHANGES IT AGAIN'})",
                f"{large_words / wall_r:,.0f} words/s, peak {rss_r:.0f} MB",
                f"{rss_pass:.0f} MB (`python -c pass`)",
                f"{rss_r / rss_pass:.1f}",
            ))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    table = render(rows, args, results)
    print(table)
    print(json.dumps(results, indent=1), file=sys.stderr)
    if args.write_readme:
        write_readme(table)
    return 0


def render(rows, args, results) -> str:
    # per core: the better of one process and all cores divided by their number (on a shared
    # machine the second core may be busy with someone else's work)
    per_core = max(
        results[k]["wps"] / int(k[4:])  # type: ignore[index]
        for k in results
        if k.startswith("jobs")
    )
    rss = max(v["rss_mb"] for k, v in results.items()  # type: ignore[index]
              if k.startswith("jobs") or k == "large")
    cold = results["cold"]["median"]  # type: ignore[index]

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    cmd = "python -m bench.speed" + (" --quick" if args.quick else f" --words {args.words}")
    if args.repeat != 1:
        cmd += f" --repeat {args.repeat}"
    if args.large_mb:
        cmd += f" --large-mb {args.large_mb:g}"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip() or "?"
    except OSError:
        commit = "?"
    lines = [
        f"Measured at commit {commit} with `{cmd}` on {platform.python_implementation()} "
        f"{platform.python_version()}, {os.cpu_count()} cores (a shared machine: "
        f"throughput is the best of {args.repeat} run(s), cold start the median of "
        f"{args.cold_runs}). Every figure is next to a floor measured in the same run.",
        "",
        "| measure | unspin | floor | unspin / floor |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
        "Targets: "
        f">= {TARGET_WPS_PER_CORE:,} words/s per core: {verdict(per_core >= TARGET_WPS_PER_CORE)}"
        f" ({per_core:,.0f}); cold check of a 1,000-word file <= {TARGET_COLD_S} s: "
        f"{verdict(cold <= TARGET_COLD_S)} ({cold:.2f} s); peak memory <= {TARGET_RSS_MB} MB: "
        f"{verdict(rss <= TARGET_RSS_MB)} ({rss:.0f} MB).",
        "",
        "Files over 128 KiB are analysed in paragraph-aligned chunks of 100,000 characters "
        "(`detector/stream.py`), so memory does not grow with file size; it grows with "
        "the words checked in one process until the analyzer's look-up caches reach their "
        "bounds. "
        f"Reproduce (and rewrite this block) with\n`{cmd} --write-readme`; `--quick` checks "
        "100k words.",
    ]
    return "\n".join(lines) + "\n"


def write_readme(table: str) -> None:
    if not replace_block(README, BEGIN, END, table):
        sys.exit("README.md has no speed markers")
    print("README.md speed block updated", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
