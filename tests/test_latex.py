"""LaTeX prose extraction (detector/latex.py): the prose of a manuscript, markup blanked in
place."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_prose import check_invariants, words  # tests/ is on sys.path (rootdir)

import detector
from detector.cli import run
from detector.latex import _Scanner
from detector.latex import extract as latex_extract
from detector.prose import BREAK, JOINER, extract, kind_for_path
from detector.suppress import suppressed_spans
from detector.tokens import sentence_spans

PAPER = r"""\documentclass[11pt]{article}
\usepackage{amsmath}
\newcommand{\R}{\mathbb{R}}
\title{A preamble title}
\begin{document}
\maketitle
\begin{abstract}
We study \emph{tortured phrases} such as ``counterfeit consciousness''~\cite{cabanac2021}.
\end{abstract}

\section{Introduction}\label{sec:intro}
Paper mills rewrite text (see Fig.~\ref{fig:a}). Let $x_i \in \R$ be
the score, so that
\begin{equation}
  y = \sum_i x_i
\end{equation}
holds for 5\% of R\&D.% a comment with words
\begin{table}[t]
\centering
\begin{tabular}{ll}
alpha & beta \\ \hline
gamma & delta \\
\end{tabular}
\caption{Results of the \textbf{big} study.}
\end{table}
\begin{itemize}
\item[(a)] First item.
\item Second item, \href{https://x.org}{our site} and \url{https://y.org}.
\end{itemize}
\begin{verbatim}
verbatim words
\end{verbatim}
Code \verb|x = 1| and \texttt{mono}.\\[2pt]
\end{document}
After the end.
"""


def test_kind_for_path():
    assert kind_for_path("paper.tex") == "latex"
    assert kind_for_path("notes.LTX") == "latex"
    assert kind_for_path("vignette.Rnw") == "latex"


def test_paper():
    out = extract(PAPER, "latex")
    check_invariants(PAPER, out)
    assert words(out) == [
        "We", "study", "tortured", "phrases", "such", "as", "counterfeit", "consciousness",
        "Introduction", "Paper", "mills", "rewrite", "text", "see", "Fig", "Let", "be", "the",
        "score", "so", "that", "holds", "for", "of", "R", "D", "Results", "of", "the", "big",
        "study", "First", "item", "Second", "item", "our", "site", "and", "Code", "and",
    ]
    # TeX quotes read as quotation marks, so the quoted-span evidence sees them.
    quoted = out[PAPER.index("``counterfeit") : PAPER.index("''~") + 2]
    assert quoted.count('"') == 2


def test_headings_and_items_are_blocks():
    src = "\\section{Method}\nWe then counted the words.\n\\item One\n\\item Two\n"
    out = extract(src, "latex")
    assert BREAK in out[: src.index("Method")]
    sentences = [out[a:b].strip(" \u2029") for a, b in sentence_spans(out)]
    assert sentences == ["Method", "We then counted the words.", "One", "Two"]


def test_accents_ligatures_and_hyphenation_stay_inside_words():
    src = r"Schr\"odinger's na\"{\i}ve Stra\ss{}e co\-operation and \'{e}t\'e."
    out = extract(src, "latex")
    check_invariants(src, out)
    assert [w.lower() for w in words(out)] == [
        "schrodinger's", "naive", "strasse", "cooperation", "and", "ete"]
    assert JOINER in out
    # A backslash before a letter outside ASCII is no command (found by hypothesis); blanked
    # between two letters, it leaves the word whole (prose._join_inside_words).
    assert words(extract("caf\\é au lait", "latex")) == ["café", "au", "lait"]


def test_math_does_not_run_over_a_blank_line():
    # A lone dollar ("costs $5") must not swallow the paragraphs after it.
    src = "It costs $5 a month.\n\nThe next paragraph is prose.\n"
    assert words(extract(src, "latex"))[-5:] == ["The", "next", "paragraph", "is", "prose"]
    src = r"Inline \(a+b\) and display \[c\] and $$d$$ and $e$ end."
    assert words(extract(src, "latex")) == ["Inline", "and", "display", "and", "and", "end"]


def test_nested_math_environments_and_unclosed_verbatim():
    src = "A.\n\\begin{align}\n\\begin{align}x\\end{align}\ny\n\\end{align}\nB.\n"
    assert words(extract(src, "latex")) == ["A", "B"]
    src = "Before.\n\\begin{lstlisting}\nint x;\n"
    assert words(extract(src, "latex")) == ["Before"]


def test_file_without_document_environment_is_all_body():
    # A chapter read with \input has no preamble.
    src = "\\chapter{Results}\nThe results hold.\n"
    assert words(extract(src, "latex")) == ["Results", "The", "results", "hold"]


def test_sweave_chunks_and_sexpr():
    src = "Text before.\n<<fit, echo=FALSE>>=\nfit <- lm(y ~ x)\nsummary(fit)\n@\n" \
          "The slope is \\Sexpr{round(coef(fit)[2], 2)} here.\n"
    out = extract(src, "latex")
    check_invariants(src, out)
    assert words(out) == ["Text", "before", "The", "slope", "is", "here"]


def test_brace_group_on_the_next_line_is_prose():
    src = "\\begin{center}\n{\\large A title in a group}\n\\end{center}\n"
    assert words(extract(src, "latex")) == ["A", "title", "in", "a", "group"]


def test_code_set_in_type_is_blanked():
    # Like Markdown's inline code: identifiers are not prose.
    src = r"Call {\tt as.data.frame} or \code{lm} from \pkg{stats}, {\it not} this."
    assert words(extract(src, "latex")) == ["Call", "or", "from", "not", "this"]


def test_percent_comments_carry_suppression_markers():
    src = "Kept.\n% unspin: disable\nfinal yr\n% unspin: enable\nKept too.\n"
    spans = suppressed_spans(src, "latex")
    assert spans and src[spans[0][0] : spans[0][1]].count("final yr") == 1


PIECES = [*"ab \n\\{}[]$%&~`'\"-^=.@*<>", "\\begin", "\\end", "{equation}", "{verbatim}",
          "\\section", "\\cite", "\\verb", "<<x>>=", "\n@\n", "\\item", "\\href", "\\ss", "\\i",
          "\\(", "\\)", "\\[", "\\]", "{document}", "\r\n", "\\'", "\\\"", "{\\i}", "\\ae",
          "\\AA{}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
def test_any_markup_keeps_length_and_line_breaks(src):
    out = extract(src, "latex")
    check_invariants(src, out)
    for i, c in enumerate(out):
        # Every visible character is the source's, a blank, a block mark or a joiner; or a
        # letter of a \ss-style command (moved onto its backslash) or a TeX quote turned into
        # a plain one.
        assert c == src[i] or c in (" ", BREAK, JOINER, '"', "'") or (
            c.isalpha() and (src[i] == "\\" or src[i].isalpha()))


def test_check_reads_tex_files_as_latex(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    spun = ("Police stated that the metropolis council had been knowledgeable of the "
            "final yr's battle \\cite{x}.")
    paper = tmp_path / "paper.tex"
    paper.write_text(f"\\documentclass{{article}}\n\\begin{{document}}\n{spun}\n"
                     "\\end{document}\n", encoding="utf-8")
    assert run(["check", str(paper), "--format", "json", "--exit-zero"]) == 0
    import json

    report = json.loads(capsys.readouterr().out)["files"][0]
    assert report["words"] == len(spun.split()) - 1  # the \cite is no word
    found = {f["text"] for f in report["findings"]}
    assert "final yr's" in found or "final yr" in found
    for f in report["findings"]:
        # Offsets, lines and columns are the file's own.
        line = paper.read_text(encoding="utf-8").splitlines()[f["line"] - 1]
        assert line[f["column"] - 1 :].startswith(f["text"])


def test_latex_markup_alone_is_no_evidence():
    # The same sentence with and without markup scores the same.
    plain = "We study tortured phrases in papers written by paper mills over many years."
    marked = (r"We study \emph{tortured phrases}~\cite{a,b} in papers written by paper "
              r"mills over many years $n=3$.")
    a = detector.analyze(extract(plain, "latex"))
    b = detector.analyze(extract(marked, "latex"))
    assert abs(a.probability - b.probability) < 0.05
    assert not b.findings


def test_restore_in_place_keeps_the_markup_and_is_idempotent(tmp_path: Path) -> None:
    paper = tmp_path / "paper.tex"
    paper.write_text(
        "\\documentclass{article}\n\\begin{document}\n\\section{Final yr}\n"
        "Police stated that the metropolis council had been knowledgeable of the final "
        "yr's battle~\\cite{x}, and the mayor requested calm within the metropolis.\n"
        "\\end{document}\n", encoding="utf-8")
    assert run(["restore", "--isolated", "--in-place", str(paper)]) == 0
    once = paper.read_text(encoding="utf-8")
    assert "\\section{Last year}" in once and "last year's battle~\\cite{x}" in once
    assert once.startswith("\\documentclass{article}\n\\begin{document}\n")
    assert run(["restore", "--isolated", "--in-place", str(paper)]) == 0
    assert paper.read_text(encoding="utf-8") == once



def _group_end_by_scanning(text: str, end: int, k: int, close: str) -> int | None:
    """How _Scanner._group_end found a group's end before it was indexed, character by
    character from the opener: the reference the index must agree with."""
    depth = 0
    while k < end:
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        if c == close and depth <= 0:
            return k + 1
        if c == "\n" and re.match(r"\n[ \t]*\r?\n", text[k:]):
            return None
        k += 1
    return None


# Braces, brackets, escapes (of each other and of line breaks) and blank lines of every kind.
GROUP_PIECES = [*"{}[]\\ab \n\r\t", "\n\n", "\n \t\r\n", "\\\n\n", "\\{", "\\[", "\\\\"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(GROUP_PIECES), max_size=60).map("".join), st.integers(0, 200))
def test_group_ends_are_where_a_scan_from_each_opener_stops(text: str, cut: int) -> None:
    end = min(cut, len(text))  # the body's end, often the text's
    scanner = _Scanner(text, list(text), end)
    for k, c in enumerate(text):
        if c in "{[":
            expected = _group_end_by_scanning(text, end, k, "}" if c == "{" else "]")
            assert scanner._group_end(k) == expected, (text, end, k)


UNCLOSED = [
    # (repeated source, its prose): arguments left open to the paragraph's end.
    ("text \\textbf[word ", "text" + " " * 8 + "[word "),
    ("text \\emph{word ", "text" + " " * 7 + "word "),
    ("text \\textbf[word } ", "text" + " " * 8 + "[word   "),
    ("text \\begin{figure}[word ", "text" + " " * 14 + BREAK + "[word "),
    ("text \\href{word ", "text" + " " * 7 + "word "),
]


@pytest.mark.parametrize(("piece", "prose"), UNCLOSED)
def test_a_long_paragraph_of_unclosed_arguments(piece: str, prose: str) -> None:
    # Each argument used to be scanned to the paragraph's end (38 s for 126 KB); the markup
    # blanked around them is the same as it was.
    n = 3000
    head = "\\documentclass{article}\\begin{document}\n"
    src = head + piece * n + "\n\\end{document}\n"
    out = "".join(latex_extract(src))
    assert len(out) == len(src)
    assert out[len(head) : len(head) + len(piece) * n] == prose * n


def test_unclosed_optional_arguments_keep_their_prose() -> None:
    n = 3000
    src = ("\\documentclass{article}\\begin{document}\n" + "text \\textbf[word " * n
           + "\n\\end{document}\n")
    assert words(extract(src, "latex")) == ["text", "word"] * n


def _math_end_by_search(text: str, pos: int) -> int:
    """Where ``\\(`` or ``\\[`` at ``pos`` ends as one search to the body's end found it."""
    close = text.find("\\)" if text[pos + 1] == "(" else "\\]", pos + 2)
    if close < 0 or re.search(r"\n[ \t]*\r?\n", text[pos:close]):
        return pos + 2
    return close + 2


MATH_PIECES = ["\\(", "\\)", "\\[", "\\]", "x", " ", "\n", "\n\n", " \n", "\r\n"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(MATH_PIECES), max_size=40).map("".join))
def test_inline_math_ends_where_a_search_from_each_opener_stops(text: str) -> None:
    """The scanner remembers its last search for a closer and for a blank line (a search per
    unclosed ``\\(`` to the body's end grew with the square of the text: 37 s for 500 KB);
    the answers are the searches' answers, opener after opener."""
    scanner = _Scanner(text, list(text), len(text))
    for m in re.finditer(r"\\[(\[]", text):
        assert scanner.command(m.start()) == _math_end_by_search(text, m.start())


def test_a_long_paragraph_of_unclosed_inline_math() -> None:
    text = ("\\begin{document}\n" + "\\( x " * 3000 + "\n\n\\(y\\) z \\( v \\) u\n\n\\[ w\n"
            "\\end{document}\n")
    assert words(extract(text, "latex")) == ["x"] * 3000 + ["z", "u", "w"]
