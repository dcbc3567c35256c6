"""Tokens, sentences, passages and line/column positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from detector.tokens import LineIndex, paragraph_spans, passage_spans, sentence_spans, tokenize


def test_tokens_keep_offsets_and_normalise() -> None:
    text = "Armenia’s arch-foes said 6,000 died in the 1990s."
    toks = tokenize(text)
    for t in toks:
        assert text[t.start : t.end] == t.text
    words = [t.norm for t in toks if t.kind == "word"]
    assert words[:4] == ["armenia's", "arch", "foes", "said"]
    numbers = [t.text for t in toks if t.kind == "number"]
    assert numbers == ["6,000", "1990s"]
    assert [t.text for t in toks if t.kind == "punct"] == ["-", "."]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("80mph", ["80", "mph"]),
        ("3.5kg", ["3.5", "kg"]),
        ("16S rRNA", ["16", "S", "rRNA"]),
        ("3D printing", ["3", "D", "printing"]),
        ("5sec", ["5", "sec"]),
        ("the 1990s", ["the", "1990s"]),
        ("1,000s of", ["1,000s", "of"]),
        ("4th-century", ["4th", "-", "century"]),
    ],
)
def test_a_number_glued_to_letters_keeps_all_its_digits(text: str, tokens: list[str]) -> None:
    # The number pattern once gave way digit by digit to a letter after it: "80mph" was
    # "8" and "mph", the "0" in no token, and "3.5kg" was "3", "." and "kg".
    assert [t.text for t in tokenize(text)] == tokens


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("0123456789.,:sthnrdmkgD -"), max_size=30) | st.text())
def test_every_character_but_white_space_and_underscores_is_in_a_token(text: str) -> None:
    covered = set()
    for t in tokenize(text):
        covered.update(range(t.start, t.end))
    dropped = [c for i, c in enumerate(text) if i not in covered]
    assert all(c.isspace() or c == "_" for c in dropped), dropped


def test_sentences_respect_abbreviations_and_headings() -> None:
    text = "Title without a stop\nDr. Smith arrived at 5 p.m. on Monday. He left.\n\nNew para."
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got[0] == "Title without a stop"
    assert got[1].startswith("Dr. Smith arrived")
    assert got[-1] == "New para."


def test_a_unit_in_a_capitalised_heading_ends_no_sentence() -> None:
    # A tool manual's heading; in prose a unit may end a sentence as any word does.
    text = "SAFETY RULES FOR 7-1/4 IN. CIRCULAR SAW\n\nIt weighs 150 lbs. Next, fit the guard."
    got = [text[a:b] for a, b in sentence_spans(text)]
    assert got == ["SAFETY RULES FOR 7-1/4 IN. CIRCULAR SAW", "It weighs 150 lbs.",
                   "Next, fit the guard."]


def test_hard_wrapped_lines_stay_one_sentence() -> None:
    text = "This sentence is wrapped\nat a lower-case word and ends here."
    assert len(sentence_spans(text)) == 1


def test_passages_group_short_paragraphs() -> None:
    para = " ".join(["word"] * 30) + "."
    text = "\n\n".join([para] * 7)
    spans = passage_spans(text)
    assert len(spans) == 2  # 90 + 120 words; a short tail joins its neighbour
    covered = "".join(text[a:b] for a, b in spans).replace("\n", "")
    assert covered.count("word") == 210


def test_windows_line_endings_end_paragraphs_too() -> None:
    # A file saved on Windows: the same paragraphs, the same passages, each without its "\r".
    paras = [" ".join(["word"] * 90) + ".", " ".join(["other"] * 90) + "."]
    lf, crlf = "\n\n".join(paras), "\r\n\r\n".join(paras)
    assert paragraph_spans(crlf) == [(0, len(paras[0])), (len(paras[0]) + 4, len(crlf))]
    assert [crlf[a:b] for a, b in passage_spans(crlf)] == [lf[a:b] for a, b in passage_spans(lf)]
    assert len(paragraph_spans("one\r\n \r\n\r\ntwo")) == 2
    assert len(paragraph_spans("one\n\u00a0\ntwo")) == 2
    assert len(paragraph_spans("one\r\ntwo")) == 1


@pytest.mark.parametrize("text", [
    "Items to bring,\n\nwater and a map.",  # a blank line ends a block whatever precedes it
    "Items to bring,\r\n\r\nwater and a map.",
    "Items to bring,\n \u00a0\nwater and a map.",
])
def test_blank_lines_end_sentences_whatever_the_line_endings(text: str) -> None:
    assert len(sentence_spans(text)) == 2


def test_words_are_looked_up_without_ligatures_or_decomposed_accents() -> None:
    words = [(t.text, t.norm) for t in tokenize("The ﬁnal yr at the cafe\u0301 ﬂoor") if t.is_word]
    assert words == [("The", "the"), ("ﬁnal", "final"), ("yr", "yr"), ("at", "at"),
                     ("the", "the"), ("cafe\u0301", "café"), ("ﬂoor", "floor")]


@pytest.mark.parametrize(("text", "sentences"), [
    # a hard-wrapped line goes on into a name or a number on the next
    ("Armenia on Thursday accused the military of its neighbour\nAzerbaijan of crossing the "
     "southern border.", 1),
    ("The council said the bridge would carry about\n14,000 vehicles a day when it opens.", 1),
    # a heading, a dateline, a list item stand apart
    ("Armenia asks Russia for help\nArmenia on Thursday accused the military of crossing.", 2),
    ("Bring these things\n- water and a map\n- a warm coat", 3),
    ("Items to bring\n1. water and a map for the walk", 2),
])
def test_single_line_breaks_split_only_headings_and_list_items(text: str, sentences: int) -> None:
    assert len(sentence_spans(text)) == sentences


def test_long_paragraph_is_windowed_on_sentences() -> None:
    sentence = "Alpha " + " ".join(["alpha"] * 18) + " end."
    text = " ".join([sentence] * 40)  # 800 words, one paragraph
    spans = passage_spans(text)
    assert len(spans) >= 4
    for _a, b in spans:
        assert text[b - 1] == "."


def test_line_index_is_one_based() -> None:
    text = "ab\ncd\r\nef"
    li = LineIndex(text)
    assert li.position(0) == (1, 1)
    assert li.position(4) == (2, 2)
    assert li.position(text.index("f")) == (3, 2)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokens_and_spans_lie_inside_any_text(text: str) -> None:
    for t in tokenize(text):
        assert 0 <= t.start < t.end <= len(text) and text[t.start : t.end] == t.text
    for a, b in sentence_spans(text) + passage_spans(text):
        assert 0 <= a < b <= len(text)


# The sentence-end and table-gap patterns were rewritten so that a long run of stops or of
# spaces is scanned once (a 100 KB "!?!?..." took 119 s); they must find what the old ones
# found.
_OLD_SENT_END = r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])"
_OLD_CELL_GAP = r"(?<=[^\s.!?:;])(?: {2,}|\t)[ \t]*(?=\S)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list(".!?…\"')] \t\u00a0aA1("), max_size=40))
def test_the_linear_patterns_match_as_the_old_ones(text):
    import re

    from detector.prose import _CELL_GAP_RE
    from detector.tokens import _SENT_END_RE

    def spans(pattern):
        return [m.span() for m in pattern.finditer(text)]

    assert spans(_SENT_END_RE) == spans(re.compile(_OLD_SENT_END))
    assert spans(_CELL_GAP_RE) == spans(re.compile(_OLD_CELL_GAP))
