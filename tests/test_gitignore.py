"""``.gitignore`` rules in directory walks (detector/gitignore.py, files.discover, the CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detector.cli import ExitStatus, run
from detector.config import ConfigError, load
from detector.files import discover
from detector.gitignore import GitIgnore, parse, translate

PROSE = "The committee met on Tuesday and agreed to publish the report next month.\n"


def matches(line: str, path: str, is_dir: bool = False) -> bool:
    rule = translate(line)
    assert rule is not None
    if rule.dir_only and not is_dir:
        return False
    return bool(rule.pattern.fullmatch(path))


@pytest.mark.parametrize(
    ("line", "path", "is_dir", "expected"),
    [
        ("*.html", "index.html", False, True),
        ("*.html", "docs/api/index.html", False, True),  # no slash: any depth
        ("*.html", "index.htm", False, False),
        ("/build", "build", True, True),
        ("/build", "src/build", True, False),  # a leading slash anchors it
        ("build/", "build", True, True),
        ("build/", "build", False, False),  # a trailing slash: directories only
        ("build/", "src/build", True, True),
        ("doc/gen", "doc/gen", True, True),  # a middle slash anchors it too
        ("doc/gen", "x/doc/gen", True, False),
        ("**/gen", "a/b/gen", True, True),
        ("**/gen", "gen", True, True),
        ("out/**", "out/a/b.md", False, True),
        ("out/**", "out", True, False),
        ("a/**/b", "a/b", True, True),
        ("a/**/b", "a/x/y/b", True, True),
        ("a/*/b", "a/x/y/b", True, False),  # one asterisk stays within a component
        ("note?.md", "note1.md", False, True),
        ("note?.md", "note12.md", False, False),
        ("draft[0-9].md", "draft7.md", False, True),
        ("draft[!0-9].md", "draftx.md", False, True),
        ("draft[!0-9].md", "draft7.md", False, False),
        ("\\#notes.md", "#notes.md", False, True),  # an escaped hash is a name
        ("\\!important.md", "!important.md", False, True),
        ("trailing.md   ", "trailing.md", False, True),  # trailing spaces dropped
        ("a+b(c).md", "a+b(c).md", False, True),  # regex characters are literal
    ],
)
def test_patterns_follow_gitignore(line: str, path: str, is_dir: bool, expected: bool) -> None:
    assert matches(line, path, is_dir) is expected


def test_comments_blank_lines_and_negation() -> None:
    rules = parse("# generated\n\n*.html\n!keep.html\n")
    assert len(rules) == 2
    assert not rules[0].negated and rules[1].negated
    assert translate("# a comment") is None and translate("   ") is None


def test_last_matching_rule_wins_and_deeper_files_win(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.html\n!keep.html\n")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / ".gitignore").write_text("keep.html\n")
    top = GitIgnore.for_walk(str(tmp_path))
    assert top.ignored(str(tmp_path / "a.html"), False)
    assert not top.ignored(str(tmp_path / "keep.html"), False)
    deeper = top.descend(str(sub))
    assert deeper.ignored(str(sub / "keep.html"), False)
    assert deeper.ignored(str(sub / "b.html"), False)
    assert not deeper.ignored(str(sub / "b.md"), False)


def _tree(root: Path, files: list[str]) -> None:
    for name in files:
        p = root / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(PROSE, encoding="utf-8")


def _found(root: Path, given: Path | None = None, **kw: object) -> list[str]:
    return sorted(
        Path(p).relative_to(root).as_posix()
        for p, _ in discover([str(given or root)], **kw)  # type: ignore[arg-type]
    )


def test_a_directory_walk_skips_what_git_ignores(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "info").mkdir()
    (tmp_path / ".git" / "info" / "exclude").write_text("scratch.md\n")
    (tmp_path / ".gitignore").write_text("build/\n*.html\n!keep.html\n/docs/gen\n")
    _tree(tmp_path, ["build/a.md", "docs/gen/b.md", "docs/c.md", "x.html", "keep.html",
                     "scratch.md", "sub/d.txt", "sub/e.md"])
    (tmp_path / "sub" / ".gitignore").write_text("*.txt\n")
    assert _found(tmp_path) == ["docs/c.md", "keep.html", "sub/e.md"]
    assert len(_found(tmp_path, respect_gitignore=False)) == 8
    # The rules of the repository above a walked directory apply in it...
    assert _found(tmp_path, tmp_path / "sub") == ["sub/e.md"]
    # ...but a directory named on the command line is walked even when it is ignored,
    # and a file named on the command line is always checked.
    assert _found(tmp_path, tmp_path / "build") == ["build/a.md"]
    assert _found(tmp_path, tmp_path / "x.html") == ["x.html"]


def test_a_file_in_an_ignored_directory_stays_ignored(tmp_path: Path) -> None:
    # git cannot re-include a file whose directory is excluded; nor can the walk.
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("vendor/\n!vendor/keep.md\n")
    _tree(tmp_path, ["vendor/keep.md", "own.md"])
    assert _found(tmp_path) == ["own.md"]


def test_a_nested_repository_starts_over(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("*.txt\n")
    (tmp_path / "inner" / ".git").mkdir(parents=True)
    _tree(tmp_path, ["a.txt", "inner/b.txt"])
    assert _found(tmp_path) == ["inner/b.txt"]


def test_outside_a_repository_the_walked_tree_rules_still_apply(tmp_path: Path) -> None:
    _tree(tmp_path, ["a.md", "gen/b.md"])
    (tmp_path / ".gitignore").write_text("gen/\n")
    assert _found(tmp_path) == ["a.md"]


def test_cli_and_config_switch_the_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("build/\n")
    _tree(tmp_path, ["build/a.md", "b.md"])
    monkeypatch.chdir(tmp_path)

    def checked(*args: str) -> str:
        assert run(["check", ".", "--format", "json", *args]) == ExitStatus.OK
        return capsys.readouterr().out

    assert '"build/a.md"' not in checked("--isolated") and '"b.md"' in checked("--isolated")
    assert '"build/a.md"' in checked("--isolated", "--no-respect-gitignore")
    (tmp_path / ".unspin.toml").write_text("respect-gitignore = false\n")
    assert '"build/a.md"' in checked()
    assert '"build/a.md"' not in checked("--respect-gitignore")


def test_config_rejects_a_non_boolean(tmp_path: Path) -> None:
    cfg = tmp_path / ".unspin.toml"
    cfg.write_text('respect-gitignore = "no"\n')
    with pytest.raises(ConfigError, match="respect-gitignore: must be true or false"):
        load(cfg)
    cfg.write_text("respect-gitignore = false\n")
    assert load(cfg).respect_gitignore is False


# Three wildcards or more are matched position by position, not by one backtracking regular
# expression: "*a*a*a*a*a*b" against a 100-letter name took 2.7 s, "**/**/**/**/x" grew with
# the fifth power of the depth (issue #7). The answers must be the regular expression's.
@pytest.mark.parametrize(
    ("line", "path", "expected"),
    [
        ("*a*b*c", "xaybzc", True),
        ("*a*b*c", "xaybz", False),
        ("*a*b*c", "dir/xaybzc", True),  # unanchored: any depth
        ("*a*b*c", "xa/ybzc", False),  # "*" stops at a slash
        ("a/**/b/**/c", "a/b/c", True),
        ("a/**/b/**/c", "a/x/y/b/z/c", True),
        ("a/**/b/**/c", "a/xb/c", False),  # "**/" takes whole directories
        ("**/**/**/x", "p/q/x", True),
        ("*a*a*a*a*a*b", "a" * 300, False),
        ("*a*a*a*a*a*b", "a" * 300 + "b", True),
        ("**/**/**/**/x", "/".join(["a"] * 500) + "/y", False),
        ("**/**/**/**/x", "/".join(["a"] * 500) + "/x", True),
    ],
)
def test_many_wildcards_match_in_linear_time(line: str, path: str, expected: bool) -> None:
    assert matches(line, path) is expected


def test_many_wildcards_agree_with_one_regular_expression() -> None:
    import itertools

    for line in ("*a*b*", "a*/**/*b", "**/a?*/**", "*[ab]*/*a*", "**/*a*"):
        rule = translate(line)
        assert rule is not None
        for n in range(7):
            for path in map("".join, itertools.product("ab/", repeat=n)):
                assert rule.pattern.fullmatch(path) is (
                    rule.pattern.regex.match(path) is not None), (line, path)


def test_a_double_asterisk_matches_a_name_with_a_line_break() -> None:
    # A file name may hold "\n"; "**" without DOTALL stopped there and let it through.
    assert matches("docs/**", "docs/we\nird.md")
    assert matches("**/x", "a\nb/x")


def test_rules_of_every_layer_apply_deep_down(tmp_path: Path) -> None:
    # Layers now match by the last name (unanchored rules) or a slice of the path (anchored
    # ones), not os.path.relpath per layer: a .gitignore in each of 500 nested folders made
    # the walk cubic in the depth, 29 s (issue #7). The answers stay git's.
    (tmp_path / ".gitignore").write_text("*.log\na/b/*.tmp\n")
    rules = GitIgnore.for_walk(str(tmp_path))
    here = tmp_path
    for part in ["a", "b", *["d"] * 30]:
        here = here / part
        here.mkdir()
        (here / ".gitignore").write_text("!keep.log\n")
        rules = rules.descend(str(here))
    assert rules.ignored(str(here / "x.log"), False)
    assert not rules.ignored(str(here / "keep.log"), False)  # the deeper layer negates
    assert rules.ignored(str(tmp_path / "a" / "b" / "x.tmp"), False)
    assert not rules.ignored(str(here / "x.tmp"), False)  # anchored: a/b/ only
    assert GitIgnore((("/", parse("*.log\nsrv/*.tmp\n")),)).ignored("/srv/x.tmp", False)
    assert GitIgnore((("/", parse("*.log\n")),)).ignored("/srv/a/x.log", False)


def test_a_deep_tree_with_a_gitignore_in_every_folder(tmp_path: Path) -> None:
    here = tmp_path
    for _ in range(60):
        (here / ".gitignore").write_text("*.log\n")
        (here / "a.md").write_text(PROSE)
        (here / "a.log").write_text(PROSE)
        here = here / "d"
        here.mkdir()
    found = [p for p, _ in discover([str(tmp_path)])]
    assert len(found) == 60 and all(p.endswith("a.md") for p in found)
