"""JATS XML articles: detector/jats.py and the command line on .nxml and JATS .xml files."""

from __future__ import annotations

from pathlib import Path

from documents import (  # tests/ is on sys.path (rootdir)
    damaged,
    findings_by_paragraph,
    text_or_one_line_error,
)
from hypothesis import given, settings

from detector import jats
from detector.cli import ExitStatus, run
from detector.files import document_kind

ARTICLE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD
 v1.2 20190208//EN" "JATS-archivearticle1-mathml3.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:mml="http://www.w3.org/1998/Math/MathML" dtd-version="1.2">
<front>
<journal-meta><journal-title-group><journal-title>Journal of Tests</journal-title>
</journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="doi">10.0000/test.1</article-id>
<title-group><article-title>Counting words in <italic>small</italic> samples</article-title>
</title-group>
<contrib-group><contrib><name><surname>Okafor</surname><given-names>Maria</given-names>
</name></contrib></contrib-group>
<aff>Department of Examples, Nowhere University</aff>
<abstract><p>We count words&nbsp;in samples of 10&ndash;20 texts.</p></abstract>
<kwd-group><kwd>word counts</kwd><kwd>small samples</kwd></kwd-group>
<permissions><license><license-p>Licensed under a licence text that is not read.</license-p>
</license></permissions>
</article-meta>
</front>
<body>
<sec><label>1</label><title>Introduction</title>
<p>Earlier work counted words <xref ref-type="bibr" rid="B1">[1]</xref> with a
model <inline-formula><mml:math><mml:mi>x</mml:mi></mml:math></inline-formula> that
fits.<fn id="f1"><p>A footnote of its own.</p></fn> The rest follows.</p>
<disp-formula><tex-math>y = x^2</tex-math></disp-formula>
<table-wrap><label>Table 1</label><caption><title>Counts by sample.</title></caption>
<table><tr><td>cell</td><td>value</td></tr></table></table-wrap>
</sec>
</body>
<back>
<ack><p>We thank the reviewers.</p></ack>
<ref-list><ref id="B1"><mixed-citation>Someone. A cited paper. 2020.</mixed-citation></ref>
</ref-list>
</back>
</article>
"""


def test_paragraphs_keep_the_prose_and_leave_the_apparatus() -> None:
    assert jats.paragraphs(ARTICLE.encode()) == [
        "Counting words in \u205fsmall\u205f samples",  # italics set off (EMPHASIS)
        "We count words in samples of 10\u201320 texts.",  # &nbsp; is white space
        "word counts", "small samples",
        "Introduction",
        "A footnote of its own.",
        "Earlier work counted words with a model that fits. The rest follows.",
        "Counts by sample.",
        "We thank the reviewers.",
    ]


def test_xml_files_are_jats_only_when_they_say_so(tmp_path: Path) -> None:
    (tmp_path / "paper.xml").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "pom.xml").write_text("<project><name>build</name></project>\n")
    assert document_kind(tmp_path / "paper.xml") == "JATS article"
    assert document_kind(tmp_path / "pom.xml") is None
    assert document_kind(tmp_path / "paper.nxml") == "JATS article"


def test_check_reports_paragraph_numbers(tmp_path: Path, capsys) -> None:
    spun = ARTICLE.replace(
        "We thank the reviewers.",
        "Police stated that the metropolis council had been knowledgeable of the final "
        "yr's battle, and the mayor requested calm within the metropolis.")
    path = tmp_path / "article.nxml"
    path.write_text(spun, encoding="utf-8")
    findings = findings_by_paragraph(path, jats.paragraphs(path.read_bytes()), capsys)
    assert "final yr's" in {f["text"] for f in findings if f["line"] == 9}


def test_italics_inside_a_word_leave_the_word_whole() -> None:
    article = ARTICLE.replace("We thank the reviewers.", (
        "The <italic>k</italic>th value, <italic>p</italic>-values and the "
        "<italic>model</italic>'s fit."))
    assert jats.paragraphs(article.encode())[-1] == (
        "The \u205fkth value, \u205fp-values and the \u205fmodel's fit.")


def test_a_tortured_phrase_in_italics_is_a_mention(tmp_path: Path, capsys) -> None:
    """An article on tortured phrases names them in italics: mentions, not reported; the
    same phrase in running text is, and one in bold (a keyword's emphasis)."""
    path = tmp_path / "article.nxml"
    path.write_text(ARTICLE.replace(
        "We thank the reviewers.",
        "Screened papers wrote <italic>counterfeit consciousness</italic> and "
        "<bold>irregular woodland</bold>; another applied counterfeit consciousness to the "
        "data."),
        encoding="utf-8")
    findings = findings_by_paragraph(path, jats.paragraphs(path.read_bytes()), capsys)
    assert [f["text"] for f in findings if f["rule"] == "tortured-phrase"] == [
        "irregular woodland", "counterfeit consciousness"]


def test_bad_articles_are_one_line_errors(tmp_path: Path, capsys) -> None:
    broken = tmp_path / "broken.nxml"
    broken.write_text("<article><body><p>unclosed</body></article>", encoding="utf-8")
    empty = tmp_path / "empty.nxml"
    empty.write_text("<article dtd-version='1.2'><front/></article>", encoding="utf-8")
    assert run(["check", "--isolated", str(broken), str(empty)]) == ExitStatus.ERROR
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2
    assert "damaged JATS article (not well-formed XML)" in err[0]
    assert "no title, abstract or paragraph" in err[1]


_VALID = ARTICLE.encode()


@settings(max_examples=200, deadline=None)
@given(damaged(_VALID))
def test_any_damage_is_a_file_error_or_text(raw: bytes) -> None:
    text_or_one_line_error(jats.text_of, raw)
