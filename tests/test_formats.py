"""Output writers: text, JSON (validated against the shipped JSON Schema), SARIF, GitHub, HTML."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from detector.formats import FileResult, render, summarize
from detector.formats.github import escape_data, escape_property
from detector.report import Finding, Passage, Report

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "detector" / "report.schema.json"

TEXT = "Intro line.\r\nThe final yr, 100% sure:\nnext\n"


def make_results() -> list[FileResult]:
    i = TEXT.index("final yr")
    f1 = Finding(i, i + 8, 2, 5, "final yr", "substitution", 0.91, ("last year", "past year"),
                 (("rarity", 0.8123456), ("source", "inverse-synonym")))
    j = TEXT.index("100%")
    f2 = Finding(j, j + 4, 2, 15, "100%", "number-form", 0.6, (), ())
    passages = (
        Passage(0, 11, 1, 2, 0.1, "natural", 0),
        Passage(13, len(TEXT) - 1, 2, 6, 0.93, "spun", 2),
    )
    report = Report(0.93, "spun", 8, passages, (f1, f2), threshold=0.5)
    clean = Report(0.02, "natural", 3, (Passage(0, 12, 1, 3, 0.02, "natural", 0),), ())
    return [
        FileResult("docs/a, b:c.md", report=report, text=TEXT),
        FileResult("clean.txt", report=clean, text="All is well."),
        FileResult("bad.txt", error="not UTF-8 text (invalid byte at offset 3)"),
    ]


def test_summary():
    s = summarize(make_results())
    assert s.to_dict() == {"files": 2, "passages_flagged": 1, "findings": 2, "errors": 1}
    assert s.line() == "2 files checked: 1 passage flagged, 2 findings, 1 error"


def test_text_format():
    out = render("text", make_results())
    lines = out.splitlines()
    assert lines[0] == (
        "docs/a, b:c.md:2:5: unspin/substitution 'final yr': unusual wording, likely a "
        "thesaurus substitution -> last year"
    )
    assert lines[1].startswith("docs/a, b:c.md:2:15: unspin/number-form '100%'")
    assert "->" not in lines[1]
    assert lines[2] == "docs/a, b:c.md:2: spun passage (probability 0.93, 6 words, 2 findings)"
    assert lines[-1] == "2 files checked: 1 passage flagged, 2 findings, 1 error"
    assert "\033[" not in out
    coloured = render("text", make_results(), color=True)
    assert "\033[" in coloured
    assert render("text", make_results(), quiet=True).count("\n") == 3


def test_a_finding_over_a_line_break_is_one_line_of_text_output():
    text = "The final\r\nyr ended.\n"
    f = Finding(4, 14, 1, 5, "final\r\nyr", "number-form", 0.9, ("last year",), ())
    report = Report(0.9, "spun", 3, (), (f,))
    out = render("text", [FileResult("a.txt", report=report, text=text)], quiet=True)
    assert out == ("a.txt:1:5: unspin/number-form 'final yr': number or date written in an "
                   "unusual form -> last year\n")
    assert f.text == "final\r\nyr"  # the finding itself keeps the text as written


def test_json_validates_against_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(render("json", make_results()))
    jsonschema.validate(doc, schema)
    assert doc["schema"] == "unspin-output/1"
    assert doc["files"][0]["path"] == "docs/a, b:c.md"
    assert doc["files"][0]["findings"][0]["evidence"] == {
        "rarity": 0.8123, "source": "inverse-synonym"
    }
    assert doc["files"][2] == {
        "path": "bad.txt", "error": "not UTF-8 text (invalid byte at offset 3)"
    }
    assert doc["summary"]["errors"] == 1


def test_json_schema_rejects_bad_documents():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text())
    doc = json.loads(render("json", make_results()))
    doc["files"][0]["findings"][0]["line"] = 0
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)


def test_sarif_structure():
    doc = json.loads(render("sarif", make_results()))
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-2.1.0.json")
    (run,) = doc["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "unspin" and driver["version"]
    rule_ids = [r["id"] for r in driver["rules"]]
    assert {"substitution", "tortured-phrase", "number-form", "spun-passage"} <= set(rule_ids)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["substitution", "number-form", "spun-passage"]
    for r in results:
        assert r["message"]["text"]
        assert rule_ids[r["ruleIndex"]] == r["ruleId"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "docs/a%2C%20b%3Ac.md"
        assert loc["region"]["startLine"] >= 1
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region == {
        "startLine": 2, "startColumn": 5, "endLine": 2, "endColumn": 13,
        "charOffset": TEXT.index("final yr"), "charLength": 8,
    }
    fix = results[0]["fixes"][0]
    rep = fix["artifactChanges"][0]["replacements"][0]
    assert rep["insertedContent"]["text"] == "last year"
    assert rep["deletedRegion"] == region
    assert "fixes" not in results[1]
    passage_region = results[2]["locations"][0]["physicalLocation"]["region"]
    assert passage_region == {"startLine": 2, "endLine": 3}
    inv = run["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert "bad.txt" in inv["toolExecutionNotifications"][0]["message"]["text"]
    assert run["columnKind"] == "unicodeCodePoints"


def test_sarif_fixes_keep_markup_and_skip_documents():
    text = "The final *yr* was long.\n\nA final yr&rsquo;s end.\n"
    i, j = text.index("final *"), text.index("final yr&")
    found = (Finding(i, i + 9, 1, 5, "final  yr", "substitution", 0.9, ("past",)),
             Finding(i, i + 9, 1, 5, "final  yr", "substitution", 0.9, ("last year",)),
             Finding(j, j + 16, 3, 3, "final yr’s", "number-form", 0.9, ("last year’s",)))

    def fixes(path: str, k: int) -> list[str]:
        report = Report(0.9, "spun", 8, (), (found[k],), threshold=0.5)
        [res] = json.loads(render("sarif", [FileResult(path, report=report, text=text)])
                           )["runs"][0]["results"]
        return [rep["insertedContent"]["text"] for fix in res.get("fixes", [])
                for change in fix["artifactChanges"] for rep in change["replacements"]]

    assert fixes("a.md", 0) == []  # one word for two would break the emphasis
    assert fixes("a.md", 1) == ["last *year"]
    assert fixes("a.html", 2) == ["last year&rsquo;s"]
    assert fixes("a.docx", 1) == []  # its regions are paragraphs of extracted text


def test_sarif_uris(tmp_path, monkeypatch):
    from detector.formats.sarif import _uri

    monkeypatch.chdir(tmp_path)
    assert _uri(str(tmp_path / "docs" / "x y.md")) == "docs/x%20y.md"
    assert _uri("./a.md") == "a.md"
    assert _uri("-") == "stdin"
    assert _uri("/elsewhere/a.md").startswith("file:///")


def test_gitlab_code_quality_report():
    issues = json.loads(render("gitlab", make_results()))
    assert [(i["check_name"], i["severity"]) for i in issues] == [
        ("unspin/substitution", "minor"), ("unspin/number-form", "minor"),
        ("unspin/spun-passage", "major"), ("unspin/error", "critical"),
    ]
    first = issues[0]
    assert first["description"].startswith("'final yr': unusual wording") and (
        first["description"].endswith("-> last year"))
    assert first["location"] == {"path": "docs/a, b:c.md", "positions": {
        "begin": {"line": 2, "column": 5}, "end": {"line": 2, "column": 13}}}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    # A fingerprint survives lines moving: the same finding two lines down keeps it.
    moved = make_results()[0]
    shift = "\n\n"
    f = moved.report.findings[0]
    f_moved = replace(f, start=f.start + 2, end=f.end + 2, line=f.line + 2)
    moved = replace(moved, text=shift + moved.text,
                    report=replace(moved.report, findings=(f_moved,), passages=()))
    again = json.loads(render("gitlab", [moved]))[0]
    assert again["fingerprint"] == first["fingerprint"]
    assert again["location"]["positions"]["begin"]["line"] == 4


def test_github_escaping():
    assert escape_data("100% a\r\nb") == "100%25 a%0D%0Ab"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    out = render("github", make_results()).splitlines()
    assert out[0] == (
        "::warning file=docs/a%2C b%3Ac.md,line=2,col=5,endColumn=13,title=unspin/substitution::"
        "'final yr': unusual wording, likely a thesaurus substitution -> last year"
    )
    assert out[1].startswith("::warning file=docs/a%2C b%3Ac.md,line=2,col=15,endColumn=19,")
    assert "::'100%25': number or date written" in out[1]
    assert out[2].startswith("::warning file=docs/a%2C b%3Ac.md,line=2,title=unspin/spun-passage,")
    assert out[3] == "::error file=bad.txt,title=unspin::not UTF-8 text (invalid byte at offset 3)"
    for line in out:
        assert "\n" not in line and "\r" not in line


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained():
    page = render("html", make_results())
    parser = _Collect()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "script" not in tags and "link" not in tags and "img" not in tags
    assert "style" in tags
    for _, attrs in parser.tags:
        for key in ("src", "href"):
            assert key not in attrs
    assert "url(" not in page and "@import" not in page
    marks = [a for t, a in parser.tags if t == "mark"]
    assert marks[0]["title"] == "substitution (0.91): last year, past year"
    assert marks[1]["title"] == "number-form (0.60): no suggestion"
    assert 'data-probability="0.9300"' in page and ">0.93<" in page
    assert "passage spun" in page
    assert "not UTF-8 text" in page
    assert "final yr" in page and "100%" in page


def test_html_escapes_text():
    r = Report(0.1, "natural", 1, (), ())
    page = render("html", [FileResult("<x>.md", report=r, text="<script>alert(1)</script> & b")])
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page and "&amp; b" in page


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        exe = shutil.which(name)
        if exe:
            return exe
    return None


@pytest.mark.slow
def test_html_screenshot(tmp_path):
    exe = _chromium()
    if exe is None:
        pytest.skip("chromium is not installed (apt-get install chromium)")
    page = tmp_path / "report.html"
    page.write_text(render("html", make_results()), encoding="utf-8")
    shot = tmp_path / "shot.png"
    cmd = [
        exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--no-first-run", "--hide-scrollbars", f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1000,700", f"--screenshot={shot}", page.as_uri(),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=90, check=False,
                              env={**os.environ, "HOME": str(tmp_path)})
    except subprocess.TimeoutExpired:
        pytest.skip("chromium did not finish within 90 s")
    if not shot.exists():
        pytest.skip(f"chromium could not take a screenshot here: {proc.stderr[-300:]!r}")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5000  # a rendered page, not an empty image


def test_every_rule_is_documented_and_described_for_sarif() -> None:
    """docs/rules.md has a section for each rule, and SARIF a description (the two places
    a new rule must be added besides detector.report.RULES)."""
    from pathlib import Path

    from detector.formats.sarif import RULES as SARIF_RULES
    from detector.report import RULES

    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text()
    for rule in RULES:
        assert f"## `{rule}`" in doc, rule
        assert f"| `{rule}` |" in doc, rule
        assert rule in SARIF_RULES, rule
