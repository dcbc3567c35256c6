"""Spintax left in the text: detector/spintax.py, and what analyze and restore make of it."""

from __future__ import annotations

import pytest

import detector
from detector import spintax

TEMPLATE = (
    "Are you looking for a {great|excellent|superb} way to {improve|boost|enhance} your garden "
    "this spring? Many {people|folks} think that a beautiful garden takes years of work.\n\n"
    "With a few {simple|easy|basic} steps you can change any yard into a lovely space."
)


def groups(text: str) -> list[str]:
    return [text[g.start : g.end] for g in spintax.find(text)]


def test_a_template_s_groups_are_found_with_their_alternatives() -> None:
    found = spintax.find(TEMPLATE)
    assert groups(TEMPLATE) == ["{great|excellent|superb}", "{improve|boost|enhance}",
                                "{people|folks}", "{simple|easy|basic}"]
    assert found[0].alternatives == ("great", "excellent", "superb")
    # "{people|folks}" is no thesaurus pair, but the text is a template by its other groups.
    assert ("people", "folks") in [g.alternatives for g in found]


def test_groups_stand_between_any_white_space() -> None:
    # Only spaces, tabs and line feeds were read as the white space around a group: no-break
    # spaces (a web page's text) hid every group, a Windows line break one at a line's end.
    plain = groups(TEMPLATE)
    assert [g.replace("\u00a0", " ") for g in groups(TEMPLATE.replace(" ", "\u00a0"))] == plain
    crlf = TEMPLATE.replace("spring? ", "{spring|springtime}\n").replace("\n", "\r\n")
    assert "{spring|springtime}" in groups(crlf)


@pytest.mark.parametrize("text", [
    # notations: choices between different things, or not in prose
    "Run it with --color={yes|no} and --mode={fast|slow|auto} as needed.",
    "Copy template.{jinja|py} and new_config.{jinja|py} into the folder.",
    "Use perf sched {record|latency|map|replay} and perf lock {record|report|info}.",
    "Set --verbose {on|off} and --quiet {on|off} before you start.",
    # opposites a thesaurus links ("yes" lists "no"), but only ever in twos
    "Pick {high|low} for the gain and {yes|no} for the filter, then {get|set} the value.",
    # one group of synonyms is not yet a template
    "The {quick|fast|rapid} brown fox jumps over the lazy dog.",
    # alternatives that are not words
    "Versions {1.2|1.3|2.0} and {a1|b2|c3} are supported.",
])
def test_notations_and_lone_groups_are_not_spintax(text: str) -> None:
    assert spintax.find(text) == []


def test_a_text_naming_the_notation_shows_examples() -> None:
    # An SEO post explaining spintax, its examples in and out of quotes, was labelled spun on
    # nine groups (model card item 176). A template about something else never names it.
    post = ("Spin syntax is simple. A sentence such as {Hello|Hi|Hey} there, "
            "{welcome|greetings} to our {shop|store} gives twelve sentences.\n\n"
            + TEMPLATE)
    assert spintax.find(post) == []
    for name in ("spintax", "Spintax", "spin-tax", "spinning syntax"):
        assert spintax.find(f"What is {name}? Here is one: " + TEMPLATE) == []
    assert groups("Spinning class tips. " + TEMPLATE) == groups(TEMPLATE)


def test_analyze_reports_each_group_with_its_alternatives_and_labels_the_text() -> None:
    rep = detector.analyze(TEMPLATE)
    found = [f for f in rep.findings if f.rule == "spintax"]
    assert [f.text for f in found] == groups(TEMPLATE)
    for f in found:
        assert TEMPLATE[f.start : f.end] == f.text
        assert sorted(f.suggestions) == sorted(f.text.strip("{}").split("|"))
        assert f.score >= detector.DEFAULT_THRESHOLD
    # Nothing inside a group is reported as a substitution of its own.
    assert all(f.rule == "spintax" for f in rep.findings
               if any(g.start <= f.start < g.end for g in found))
    assert rep.label == "spun"
    assert all(p.label == "spun" for p in rep.passages)
    # Left out, the rule neither reports nor raises anything.
    ignored = detector.analyze(TEMPLATE, ignore=["spintax"])
    assert not [f for f in ignored.findings if f.rule == "spintax"]


def test_restore_chooses_an_alternative_nested_groups_too_and_is_idempotent() -> None:
    restored = detector.restore(TEMPLATE)
    assert "{" not in restored and "|" not in restored
    assert detector.restore(restored) == restored
    nested = ("{The {quick|fast|rapid} fox|A {speedy|swift} fox} ran {past|by} the "
              "{old|ancient|aged} barn.")
    out = detector.restore(nested)
    assert "{" not in out and "|" not in out and out.endswith(" barn.")
