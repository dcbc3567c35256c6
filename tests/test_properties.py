"""Property and fuzz tests (hypothesis) for the analyzer, the CLI and chunked analysis.

For any text: findings lie inside the text on character boundaries (``text[start:end] ==
finding.text``), are sorted and never overlap, and their line/column agree with the offsets;
passages and sentences lie inside the text; the JSON output validates against
``detector/report.schema.json``; ``restore`` reaches a fixed point (restoring twice changes
nothing more); ``unspin check`` returns an exit status for any text or bytes and never raises.
Chunked analysis (:mod:`detector.stream`) gives the same findings as whole-text analysis for a
token-local analyzer and rebuilds the text exactly.

Example counts are modest (the analyzer does a few thousand words a second) and the texts are
short mixes of English words, spinner wording, disguised words, punctuation, digits and other
scripts. Folding disguised words keeps a text's length, and the disguises found lie inside
it, sorted and disjoint.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import detector
import detector.stream as stream
from detector.checkfile import prepare
from detector.cli import ExitStatus, run
from detector.report import Finding, Report
from detector.tokens import LineIndex, tokenize

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "detector" / "report.schema.json").read_text())

ENGLISH = (
    "the council said last year that the new bridge would cost about 40 million euros and "
    "create hundreds of jobs we are trying to build something that lasts for decades she "
    "told reporters on Tuesday artificial intelligence deep learning in the 1990s research "
    "results show a significant increase data analysis method"
).split()
SPINNERISH = [
    "final yr", "Nineteen Nineties", "counterfeit consciousness", "profound learning",
    "knowledgeable reporters", "price round", "a whole bunch of", "making an attempt",
    "construct one thing", "stated", "the 2 nations", "huge information", "irregular woodland",
    "ﬁnal yr", "a\u00a0unprecedented", "cafe\u0301 society",
]
# A spinner's template left in the text (detector.spintax), whole and broken.
SPINTAX = ["{great|excellent|superb}", "{begin|start}", "{quick|fast|rapid}", "{yes|no}",
           "{The {quick|fast} fox|A speedy fox}", "{", "|", "}", "{a|b", "x={on|off}"]
# Words disguised with lookalike letters or invisible characters (detector.disguise).
DISGUISED = ["L\u0430st", "st\u0430ted", "ca\u200bn", "\u0422\u04bb\u0435", "re\u200bsult",
             "fin\u0430l yr", "\u0430", "\u041cos\u0441ow", "wo\u200crk", "\u039fnly",
             "t\u0435\u200bst", "\u200b", "extra\u00adordinary"]
OTHER = ["café", "naïve", "Straße", "日本語", "Москва", "مرحبا", "🚀", "e\u0301", "x\u200dy",
         "\U0001d400", "½", "Ⅻ", "ﬁ", "İ", "ß", "\u00a0", "\u2029", "\ufeff", "\x0c", "\t"]
PUNCT = [".", ",", ";", ":", "!", "?", "—", "–", "(", ")", '"', "“", "”", "'", "’", "-", "/",
         "...", "#", "*", "`", "[", "]", "<!-- unspin-disable -->", "<!-- unspin-enable -->"]
SEPARATORS = [" ", " ", " ", "\n", "\n\n", "\r\n", "\r\n\r\n", "\u00a0", "\t", "", ", ",
              ". "]

piece = st.one_of(
    st.sampled_from(ENGLISH),
    st.sampled_from(ENGLISH),
    st.sampled_from(SPINNERISH),
    st.sampled_from(SPINTAX),
    st.sampled_from(DISGUISED),
    st.sampled_from(OTHER),
    st.sampled_from(PUNCT),
    st.integers(0, 10**6).map(str),
    # A NUL byte makes a file binary by design (reported, exit 2; see test_bad_input), so the
    # text properties are about text without one.
    st.text(min_size=1, max_size=4).filter(lambda t: "\x00" not in t),
)
texts = st.lists(st.tuples(piece, st.sampled_from(SEPARATORS)), max_size=60).map(
    lambda parts: "".join(p + s for p, s in parts)
)

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture])


def check_report(text: str, report: Report) -> None:
    assert report.label in ("spun", "natural", "unsupported")
    assert 0.0 <= report.probability <= 1.0
    idx = LineIndex(text)
    prev_end = -1
    for f in report.findings:
        assert 0 <= f.start < f.end <= len(text), f
        assert text[f.start : f.end] == f.text, f
        assert (f.line, f.column) == idx.position(f.start), f
        assert f.start >= prev_end, "findings overlap or are out of order"
        prev_end = f.end
        assert 0.0 <= f.score <= 1.0
    for p in (*report.passages, *report.sentences):
        assert 0 <= p.start < p.end <= len(text), p
        assert p.line == idx.position(p.start)[0]
        assert 0.0 <= p.probability <= 1.0
        if p.label != "unsupported":
            assert (p.label == "spun") == (p.probability >= report.threshold), p
        # Nothing is labelled spun without a finding to show (analyzer.corroborated).
        if p.label == "spun":
            assert any(p.start <= f.start < p.end for f in report.findings), p
    if report.label == "spun":
        assert report.findings


# --------------------------------------------------------------------------- analyzer


@SETTINGS
@given(texts)
def test_offsets_are_inside_the_text_sorted_and_disjoint(text):
    check_report(text, detector.analyze(text))


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_raises(text):
    check_report(text, detector.analyze(text))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_restore_is_idempotent(text):
    once = detector.restore(text)
    assert detector.restore(once) == once


# --------------------------------------------------------------------------- command line


@pytest.fixture(scope="module")
def workdir():
    with tempfile.TemporaryDirectory() as d:
        Path(d, ".unspin.toml").write_text("")
        old = os.getcwd()
        os.chdir(d)
        try:
            yield Path(d)
        finally:
            os.chdir(old)


@SETTINGS
@given(text=texts, name=st.sampled_from(["a.txt", "a.md", "a.html", "a.rst"]))
@example(text="\ufeff final yr ", name="a.txt")  # found by hypothesis: a leading BOM
def test_json_output_is_valid_against_the_schema(workdir, capsys, text, name):
    jsonschema = pytest.importorskip("jsonschema")
    (workdir / name).write_text(text, encoding="utf-8", newline="")
    capsys.readouterr()
    status = run(["check", "--format", "json", "--jobs", "1", name])
    assert status in (ExitStatus.OK, ExitStatus.FLAGGED)
    doc = json.loads(capsys.readouterr().out)
    jsonschema.validate(doc, SCHEMA)
    # Offsets index the decoded file, and decoding drops a leading byte-order mark.
    decoded = text[1:] if text.startswith("\ufeff") else text
    for f in doc["files"][0]["findings"]:
        assert decoded[f["start"] : f["end"]] == f["text"]


@SETTINGS
@given(data=st.binary(max_size=400), name=st.sampled_from(["b.txt", "b.md", "b.html"]))
def test_check_never_raises_on_arbitrary_bytes(workdir, capsys, data, name):
    (workdir / name).write_bytes(data)
    status = run(["check", "--jobs", "1", name])
    assert isinstance(status, ExitStatus)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if status == ExitStatus.ERROR:
        assert err.startswith(f"{name}: error: ") and len(err.splitlines()) == 1, err


@SETTINGS
@given(text=st.text(max_size=300))
def test_check_never_raises_on_arbitrary_text(workdir, capsys, text):
    (workdir / "c.md").write_bytes(text.encode("utf-8", "surrogatepass"))
    status = run(["check", "--jobs", "1", "c.md"])
    assert isinstance(status, ExitStatus)
    assert "Traceback" not in capsys.readouterr().err


@SETTINGS
@given(text=st.text(alphabet="ab \n\r", max_size=60), data=st.data())
def test_a_line_ends_where_positions_start_the_next(text, data):
    """LineIndex.line_end is the offset of the break after ``offset``'s line (or the end of
    the text), counted as position() counts lines: \n, \r\n and \r."""
    idx = LineIndex(text)
    offset = data.draw(st.integers(0, len(text)))
    end = idx.line_end(offset)
    assert offset <= end <= len(text) or text[offset - 1 : offset + 1] == "\r\n"
    assert idx.position(end)[0] == idx.position(offset)[0]
    assert end == len(text) or text[end] in "\r\n"
    if end < len(text):
        after = end + (2 if text.startswith("\r\n", end) else 1)
        assert idx.position(after) == (idx.position(offset)[0] + 1, 1)


# --------------------------------------------------------------------------- chunked analysis


def token_local(text, *, threshold=None, allowed=(), ignore=()):
    """A fake analyzer whose findings depend only on each token: chunking must not move them."""
    idx = LineIndex(text)
    found = []
    for t in tokenize(text):
        if t.norm in ("yr", "final", "stated"):
            line, col = idx.position(t.start)
            found.append(Finding(t.start, t.end, line, col, t.text, "substitution", 0.9))
    return Report(0.9 if found else 0.1, "spun" if found else "natural", len(text.split()),
                  (), tuple(found), threshold=0.5)


short_piece = st.one_of(st.sampled_from(ENGLISH + SPINNERISH + OTHER + PUNCT),
                        st.text(alphabet="ab \n\r\t", min_size=1, max_size=5))
chunky_texts = st.lists(st.tuples(short_piece, st.sampled_from(SEPARATORS)), max_size=120).map(
    lambda parts: "".join(p + s for p, s in parts)
)


@settings(max_examples=200, deadline=None)
@given(text=chunky_texts, limit=st.integers(40, 400))
def test_chunks_rebuild_the_text_and_keep_findings(text, limit):
    chunks = list(stream.split_text(text, limit))
    assert "".join(chunks) == text
    assert all(len(c) - c.count("\r\n") <= limit + 1 for c in chunks)  # a CRLF counts as one
    assert all(c for c in chunks) or text == ""
    combined = stream.analyze_chunks(iter(chunks), "text", analyze=token_local)
    # The whole text through the same pipeline (URLs and suppressed regions blanked). A line
    # longer than a chunk is cut inside, and the blankers that judge a line whole (table
    # rows, code lines, repeated labels) judge each piece: "council\tthe   ﬁnal yr", cut
    # from a line that begins with eight words, reads as a table row (stream.prepared).
    if all(len(line) <= limit for line in text.splitlines(keepends=True)):
        assert combined.findings == token_local(prepare(text, "text")).findings


# ------------------------------------------------------------- this session's text helpers

free_text = st.lists(st.one_of(
    st.sampled_from([*ENGLISH, *PUNCT, *OTHER, " a ", " an ", " A ", " An ", ". A ", "\n"]),
    st.characters(),
), max_size=60).map("".join)


@given(free_text, st.data())
@settings(max_examples=300, deadline=None)
def test_excerpt_is_one_line_with_carets_under_the_span(text, data):
    """``check --show-source``: whatever the text and span, one line of at most the width
    (plus the two ellipses), no control character, and at least one caret."""
    from detector.formats.text import EXCERPT_WIDTH, excerpt

    if not text:
        return
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start, len(text)))
    shown, marks = excerpt(text, start, end)
    assert "\n" not in shown and not any(ch < " " for ch in shown)
    assert set(marks) <= {" ", "^"} and "^" in marks
    assert len(shown) <= EXCERPT_WIDTH + 2 or len(shown) <= len(text)


@given(free_text, st.data())
@settings(max_examples=300, deadline=None)
def test_agreeing_changes_at_most_one_article(text, data):
    """restore's article fix: never raises; changes nothing or swaps one "a"/"an" (any
    case) before the position, by one letter, and leaves the rest of the text alone."""
    from detector.articles import agreeing

    start = data.draw(st.integers(0, len(text)))
    out = agreeing(text, start)
    after = len(text) - start
    assert out[len(out) - after:] == text[start:]
    if out != text:
        import re

        # the last word before the position (a word: control characters separate words)
        old, new = (re.search(r"(\w+)\W*$", s[: len(s) - after]) for s in (text, out))
        assert old and new and {old.group(1).lower(), new.group(1).lower()} == {"a", "an"}
        assert text[: old.start(1)] == out[: new.start(1)]
        assert text[old.end(1) : start] == out[new.end(1) : len(out) - after]


@given(st.lists(st.sampled_from(["y", "n", "", "2", "9", "e", "a", "q", "?", "x"]),
                max_size=12), st.integers(0, 5))
@settings(max_examples=200, deadline=None)
def test_interactive_review_only_edits_findings_and_their_articles(answers, n_findings):
    """restore --interactive: for any answers, text outside the findings (and the article
    just before one) is untouched, and nothing raises; end of input stops."""
    from detector.interactive import review

    words = ["a", "new", "session", "of", "an", "big", "old", "council", "met", "here"] * 2
    text = " ".join(words)
    spans, at = [], 0
    for k, w in enumerate(words):
        if w in ("new", "big", "council", "here") and len(spans) < n_findings:
            spans.append(Finding(at, at + len(w), 1, at + 1, w, "substitution", 0.9,
                                 ("extraordinary", "huge") if k % 2 else ("enormous",)))
        at += len(w) + 1
    feed = iter(answers)
    out = review(text, spans, "t", lambda prompt: next(feed, None), lambda line: None)
    kept = [w for w in words if w not in ("a", "an", "new", "big", "council", "here")]
    assert [w for w in out.split() if w in kept] == kept


@given(texts)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_cache_entries_rebuild_the_report_exactly(text):
    """``check --cache`` stores a report as JSON: read back, it is the same report, every
    float to the last digit (detector/cache.py)."""
    from detector import cache

    report = detector.analyze(text)
    stored = json.dumps(cache.report_to_dict(report))
    back = cache.report_from_dict(json.loads(stored))
    # (compared as JSON, digit for digit: a NaN in evidence, were there one, equals itself)
    assert json.dumps(cache.report_to_dict(back)) == stored
    assert type(back) is type(report) and all(
        isinstance(f.evidence, tuple) and isinstance(f.suggestions, tuple)
        for f in back.findings)


@given(st.text(alphabet="ab \u0430\u0435\u200b\u200d\u00ad\u2060'\u039f\u043c.", max_size=80))
@settings(max_examples=300, deadline=None)
def test_folding_keeps_the_length_and_disguises_lie_inside(text):
    from detector import disguise

    folded, found = disguise.unmask(text, known=lambda w: True)
    assert len(folded) == len(text)
    assert folded == disguise.fold(text, known=lambda w: True)
    prev = 0
    for d in found:
        assert prev <= d.start < d.end <= len(text)
        assert d.plain == disguise.plain(text[d.start : d.end])
        prev = d.end
