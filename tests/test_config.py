"""Configuration discovery, validation and per-path overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.config import Config, ConfigError, find, load
from detector.files import glob_match


def test_no_config_gives_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".unspin.toml").write_text("")
    cfg = load()
    assert cfg.threshold is None and cfg.allowed == () and cfg.format is None


def test_pyproject_tool_unspin(tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text(
        "[project]\nname = 'x'\n\n[tool.unspin]\nthreshold = 0.7\ninclude = ['*.md']\n"
        "exclude = ['drafts/**']\nallowed = ['final yr']\nfail-on = 'finding'\nformat = 'sarif'\n"
        "[[tool.unspin.overrides]]\npaths = ['docs/legal/**']\nthreshold = 0.9\n"
        "allowed = ['hereinafter']\n"
    )
    sub = tmp_path / "docs" / "legal"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    assert find() == tmp_path / "pyproject.toml"
    cfg = load()
    assert cfg.threshold == 0.7
    assert cfg.include == ("*.md",) and cfg.exclude == ("drafts/**",)
    assert cfg.fail_on == "finding" and cfg.format == "sarif"
    assert cfg.for_path(str(tmp_path / "docs/legal/a.md")) == (0.9, ("final yr", "hereinafter"))
    assert cfg.for_path("a.md") == (0.9, ("final yr", "hereinafter"))  # cwd is docs/legal
    assert cfg.for_path(str(tmp_path / "docs/other.md")) == (0.7, ("final yr",))


def test_pyproject_without_section_is_skipped(tmp_path, monkeypatch):
    (tmp_path / ".unspin.toml").write_text("threshold = 0.6\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    monkeypatch.chdir(inner)
    assert find() == tmp_path / ".unspin.toml"
    assert load().threshold == 0.6


@pytest.mark.parametrize("content", [b"[tool.unspin]\nexclude = ['drafts/**'\n",
                                     b"[tool.unspin]\nthreshold = 0.5\n# caf\xe9\n",
                                     # after a long run of blank lines, which the table
                                     # search once scanned quadratically (issue #7)
                                     b"\n" * 50_000 + b"  [ tool.unspin ]\nx = [\n"])
def test_a_broken_pyproject_with_our_table_is_an_error_not_skipped(tmp_path, monkeypatch,
                                                                    content):
    (tmp_path / ".unspin.toml").write_text("threshold = 0.6\n")
    inner = tmp_path / "pkg"
    inner.mkdir()
    (inner / "pyproject.toml").write_bytes(content)
    monkeypatch.chdir(inner)
    assert find() == inner / "pyproject.toml"
    with pytest.raises(ConfigError, match=r"pyproject\.toml: error: "):
        load()
    (inner / "pyproject.toml").write_bytes(b"[tool.black]\nfoo = [\n")  # someone else's
    assert find() == tmp_path / ".unspin.toml"


def test_dot_file_wins_in_same_directory(tmp_path, monkeypatch):
    (tmp_path / ".unspin.toml").write_text("threshold = 0.6\n")
    (tmp_path / "pyproject.toml").write_text("[tool.unspin]\nthreshold = 0.8\n")
    monkeypatch.chdir(tmp_path)
    assert load().threshold == 0.6


def test_stops_at_first_found(tmp_path, monkeypatch):
    (tmp_path / ".unspin.toml").write_text("threshold = 0.6\n")
    inner = tmp_path / "a"
    inner.mkdir()
    (inner / ".unspin.toml").write_text("allowed = ['x']\n")
    monkeypatch.chdir(inner)
    cfg = load()
    assert cfg.threshold is None and cfg.allowed == ("x",)


def test_explicit_file(tmp_path):
    p = tmp_path / "custom.toml"
    p.write_text("[tool.unspin]\nthreshold = 0.4\n")
    assert load(p).threshold == 0.4
    assert load(p).path == p


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("treshold = 0.3\n", "treshold: unknown key"),
        ("threshold = 'high'\n", "threshold: must be a number"),
        ("threshold = 1.5\n", "threshold: must be between 0 and 1"),
        ("threshold = true\n", "threshold: must be a number"),
        ("include = [1, 2]\n", "include: must be a list of strings"),
        ("fail-on = 'sentence'\n", "fail-on: must be one of text, passage, finding"),
        ("format = 'xml'\n", "format: must be one of"),
        ("select = ['tortured']\n", "select: unknown rule 'tortured'"),
        ("overrides = 3\n", "overrides: must be an array of tables"),
        ("[[overrides]]\nthreshold = 0.5\n", "overrides[0]: missing required key 'paths'"),
        ("[[overrides]]\npaths = ['a']\ncolour = 1\n", "overrides[0].colour: unknown key"),
        ("threshold = \n", "invalid TOML"),
    ],
)
def test_errors_name_key_and_file(tmp_path, body, needle):
    p = tmp_path / ".unspin.toml"
    p.write_text(body)
    with pytest.raises(ConfigError) as info:
        load(p)
    assert needle in str(info.value)
    assert str(p) in str(info.value)


def test_errors_in_pyproject_are_prefixed(tmp_path):
    p = tmp_path / "pyproject.toml"
    p.write_text("[tool.unspin]\nbogus = 1\n")
    with pytest.raises(ConfigError, match=r"tool\.unspin\.bogus: unknown key"):
        load(p)


def test_missing_explicit_file(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load(tmp_path / "nope.toml")


def test_overrides_accumulate_allowed_and_last_threshold_wins(tmp_path):
    p = tmp_path / ".unspin.toml"
    p.write_text(
        "allowed = ['a']\n[[overrides]]\npaths = ['docs/**']\nthreshold = 0.8\nallowed = ['b']\n"
        "[[overrides]]\npaths = ['**/*.html']\nthreshold = 0.95\nallowed = ['c', 'a']\n"
    )
    cfg = load(p)
    assert cfg.for_path(str(tmp_path / "docs/x/y.html")) == (0.95, ("a", "b", "c"))
    assert cfg.for_path(str(tmp_path / "docs/y.md")) == (0.8, ("a", "b"))
    assert cfg.for_path(str(tmp_path / "y.md")) == (None, ("a",))
    assert cfg.for_path("-") == (None, ("a",))


def test_config_defaults_object():
    assert Config().for_path("x") == (None, ())


@pytest.mark.parametrize(
    ("path", "patterns", "expected"),
    [
        ("docs/a.md", ["*.md"], True),
        ("docs/a.txt", ["*.md"], False),
        ("docs/legal/x/y.md", ["docs/legal/**"], True),
        ("docs/legalese.md", ["docs/legal/**"], False),
        ("a/node_modules/b.md", ["node_modules"], True),
        ("x/y.md", ["**/*.md"], True),
        ("y.md", ["**/*.md"], True),
        ("./docs/a.md", ["docs/*.md"], True),
        ("docs/a.md", ["docs/?.md"], True),
        ("docs/a.md", ["docs/[ab].md"], True),
        (str(Path("docs") / "a.md"), ["docs/*.md"], True),
        # Three wildcards or more: matched without backtracking (a single regular expression
        # took 2.7 s for "*a*a*a*a*a*b" against a 100-letter name; issue #7).
        ("docs/xaybzc.md", ["*a*b*c.md"], True),
        ("a" * 300, ["*a*a*a*a*a*b"], False),
        ("a" * 300 + "b", ["*a*a*a*a*a*b"], True),
        ("/".join(["a"] * 500) + "/y", ["**/**/**/**/x"], False),
        ("/".join(["a"] * 500) + "/x", ["**/**/**/**/x"], True),
        ("docs/a/b/c.md", ["docs/**/b/**/*.md"], True),
        ("docs/ab/c.md", ["docs/**/b/**/*.md"], False),
        ("docs/we\nird.md", ["docs/**"], True),  # "**" across a line break in a name
        # Read as gitignore(5) patterns are (one translator for both).
        ("docs/a[1].md", ["docs/a\\[1\\].md"], True),
        ("docs/b.md", ["docs/[!a]*.md"], True),
        ("docs/a.md", ["docs/[!a]*.md"], False),
        ("docs/x/y.md", ["docs**.md"], False),  # "**" inside a segment is one "*"
        ("docsy.md", ["docs**.md"], True),
    ],
)
def test_glob_match(path, patterns, expected):
    assert glob_match(path, patterns) is expected


def test_select_ignores_every_other_rule(tmp_path):
    from detector.report import RULES

    p = tmp_path / ".unspin.toml"
    p.write_text("select = ['tortured-phrase', 'spintax']\nignore = ['spintax']\n")
    cfg = load(p)
    assert cfg.select == ("tortured-phrase", "spintax")
    others = [r for r in RULES if r not in ("tortured-phrase", "spintax")]
    assert set(cfg.ignored_for("a.txt")) == {"spintax", *others}
    # The command line's selection replaces the configuration's.
    assert set(cfg.ignored_for("a.txt", select=("substitution",))) == (
        set(RULES) - {"substitution"})
