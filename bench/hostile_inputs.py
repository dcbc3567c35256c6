"""Does the cost of hostile input grow linearly with its size? (issue #7)

    python -m bench.hostile_inputs                  # every case at 50,000 and 100,000 characters
    python -m bench.hostile_inputs --sizes 25000 50000 --cases html_lt link_title
    python -m bench.hostile_inputs --write-readme   # rewrite the README's block

Each case is a file built from a repeated unit that once made some stage of unspin rescan
the rest of its input for every repetition (an unclosed ``<a`` in HTML, a Markdown link
title holding "(", an unclosed LaTeX argument, one long line of spun sentences to restore,
runs of "!?"), or that a hostile pipeline could plausibly send (a wall of markup, numbers,
tortured phrases). It is written at two sizes and checked (or restored) in a fresh process,
after a warm-up on a short text, so only the analysis is timed. The figure to read is the
growth: seconds at the larger size over seconds at the smaller. Cost that grows linearly
doubles (about 2); cost that grows with the square quadruples (about 4). A case whose growth
exceeds :data:`SUPERLINEAR` is marked. Natural paragraphs from the built corpus
(``corpus/data/natural.jsonl``) are the floor: what ordinary prose of the same size costs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # also runnable as a script: python bench/<name>.py

from bench.markers import replace_block  # noqa: E402

CORPUS = ROOT / "corpus" / "data" / "natural.jsonl"
README = ROOT / "README.md"
BEGIN, END = "<!-- hostile:begin -->", "<!-- hostile:end -->"
# Growth (seconds at twice the size over seconds at the size) above which a case is marked:
# linear cost gives about 2, quadratic about 4; timings on a shared machine wander.
SUPERLINEAR = 3.0

SPUN = ("The UN Safety Council stated final yr that the battle had brought on tens of hundreds "
        "lifeless. ")
TORTURED = ("counterfeit consciousness", "profound learning", "huge information",
            "irregular woodland", "bolster vector machine", "flag to commotion")


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def _natural(size: int) -> str:
    out: list[str] = []
    n = 0
    with CORPUS.open(encoding="utf-8") as fh:
        for line in fh:
            for para in json.loads(line)["text"].split("\n\n"):
                out.append(" ".join(para.split()))
                n += len(out[-1]) + 2
                if n >= size:
                    return "\n\n".join(out) + "\n"
    raise SystemExit(f"{CORPUS} holds fewer than {size} characters")


def _tortured(size: int) -> str:
    out: list[str] = []
    n = 0
    for i in itertools.count():
        phrase = TORTURED[i % len(TORTURED)]
        out.append(f"The {phrase} method {i} was used in the study.")
        out.append("\n\n" if i % 5 == 4 else " ")
        n += len(out[-2]) + len(out[-1])
        if n >= size:
            return "".join(out)
    raise AssertionError  # unreachable: count() is endless


# name -> (file suffix, "check" or "restore", what it holds, text of about ``size`` chars)
CASES: dict[str, tuple[str, str, str, Callable[[int], str]]] = {
    "natural": (".txt", "check", "natural paragraphs (the floor)", _natural),
    "spun_paragraphs": (".txt", "restore", "spun sentences, five to a paragraph",
                        _repeat((SPUN * 5).rstrip() + "\n\n")),
    "spun_one_line": (".txt", "restore", "spun sentences on one line", _repeat(SPUN)),
    "tortured": (".txt", "restore", "tortured phrases", _tortured),
    "punctuation": (".txt", "check", 'runs of "!?"', _repeat("!?")),
    "no_break_spaces": (".txt", "check", "space runs ended by a no-break space",
                        _repeat("word" + " " * 30 + "\xa0")),
    "numbers": (".txt", "check", "number words", _repeat("twenty one thousand nine hundred ")),
    "long_token": (".txt", "check", "one token `a.bbbb...`", lambda size: "a." + "b" * size),
    "html_lt": (".html", "check", "HTML: `x <a` (a tag never closed)", _repeat("x <a")),
    "html_attr": (".html", "check", "HTML: `x <a b=c` (a tag never closed)",
                  _repeat("x <a b=c")),
    "html_comment": (".html", "check", "HTML: `<!-- a` (comments never closed)",
                     _repeat("<!-- a ")),
    "html_pi": (".html", "check", "HTML: `<?x` (instructions never closed)", _repeat("<?x ")),
    "link_title": (".md", "check", 'Markdown: links titled `"t("`',
                   _repeat('[a](http://x "t(" ) word ')),
    "md_brackets": (".md", "check", "Markdown: `[` never closed", _repeat("[word ")),
    "md_emphasis": (".md", "check", "Markdown: `*word` never closed", _repeat("*word ")),
    "latex_bracket": (".tex", "check", r"LaTeX: `\textbf[word` (argument never closed)",
                      _repeat("text \\textbf[word ")),
    "latex_brace": (".tex", "check", r"LaTeX: `\emph{word` (argument never closed)",
                    _repeat("text \\emph{word ")),
    "latex_math": (".tex", "check", r"LaTeX: `\( x` (inline math never closed)",
                   _repeat("\\( x ")),
    "rst_literal": (".rst", "check", "reStructuredText: `::` paragraphs",
                    _repeat("Paragraph text::\n\n")),
    "asciidoc_macro": (".adoc", "check", "AsciiDoc: `a::[[[...` (a block macro never closed)",
                       lambda size: "a::" + "[" * size),
    # A text about spinning reads its quotations and bare lists as examples
    # (features._shown_examples), every spun wording then checked against them.
    "quoted_examples": (".txt", "check", "a spinner's tells: `'final yr', ` quoted",
                        lambda size: "A spinner's tells: " + _repeat("'final yr', ")(size)),
    "open_quotes": (".txt", "check", "a text on synonyms: `'a b ` (quotes never closed)",
                    lambda size: "Synonyms. " + _repeat("'a b ")(size)),
}


def _child(mode: str, path: str) -> None:
    """In a fresh process: warm up, then time one check or restore of ``path``."""
    import detector
    from detector.checkfile import analyze_file, restore_text
    from detector.files import read
    from detector.prose import kind_for_path

    detector.analyze("A short text to load the models, final yr.")
    kind = kind_for_path(path)
    t0 = time.perf_counter()
    if mode == "check":
        analyze_file(path)
    else:
        restore_text(read(path).text, kind)
    print(f"{time.perf_counter() - t0:.4f}")


def measure(name: str, size: int, folder: Path) -> float:
    suffix, mode, _, make = CASES[name]
    path = folder / f"{name}_{size}{suffix}"
    path.write_text(make(size), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "bench.hostile_inputs", "--child", mode,
                           str(path)], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(proc.stdout.split()[-1])


def table(rows: list[tuple[str, float, float]], sizes: tuple[int, int]) -> str:
    small, large = sizes
    lines = [f"| input | kind | {small:,} chars | {large:,} chars | growth |",
             "|---|---|---|---|---|"]
    for name, t_small, t_large in rows:
        _, mode, what, _ = CASES[name]
        growth = t_large / max(t_small, 1e-6)
        mark = " **superlinear**" if growth > SUPERLINEAR else ""
        lines.append(f"| {what} | {mode} | {t_small:.2f} s | {t_large:.2f} s | "
                     f"{growth:.1f}{mark} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=(50_000, 100_000),
                        metavar=("SMALL", "LARGE"), help="characters of each input")
    parser.add_argument("--cases", nargs="+", choices=sorted(CASES), default=list(CASES))
    parser.add_argument("--write-readme", action="store_true",
                        help="replace the block between the hostile markers in README.md")
    parser.add_argument("--child", nargs=2, metavar=("MODE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    cases = [c for c in args.cases if c != "natural" or CORPUS.exists()]
    if len(cases) < len(args.cases):
        print(f"natural: skipped ({CORPUS} is missing: python -m corpus.build_corpus)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="unspin-hostile-") as tmp:
        for name in cases:
            t_small, t_large = (measure(name, size, Path(tmp)) for size in args.sizes)
            rows.append((name, t_small, t_large))
            print(f"{name:16} {t_small:7.2f} s {t_large:7.2f} s  x{t_large / t_small:.1f}",
                  flush=True)
    out = table(rows, tuple(args.sizes))
    print(out)
    slow = [name for name, a, b in rows if b / max(a, 1e-6) > SUPERLINEAR]
    print(f"superlinear: {', '.join(slow) or 'none'}")
    if args.write_readme:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
        block = (f"Measured at commit {commit} with `python -m bench.hostile_inputs` "
                 f"on CPython {sys.version.split()[0]}: seconds of analysis (start-up and "
                 "model loading excluded) in a fresh process per input; growth is the "
                 f"ratio of the two (about 2 when cost grows linearly, 4 with the square; "
                 f"marked above {SUPERLINEAR}).\n\n{out}\n")
        if not replace_block(README, BEGIN, END, block):
            print(f"README.md has no {BEGIN} block: not written")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
