"""Spintax left in the text: "a {great|excellent|superb} way to {begin|start}".

Article spinners work from templates written in *spintax*: each replaceable wording is a
group of alternatives in braces, separated by pipes, and every copy of the article takes one
alternative per group. When a pipeline publishes the template itself, or the spinner fails to
expand it, the groups stay on the page. No other trace of spinning is as certain, and the
restorer's work is only to choose an alternative.

Braces with pipes are also a notation: a command's choices (``--verbose {on|off}``,
``perf sched {record|latency|map}``), a file-name pattern (``template.{jinja|py}``). Those list
*different* things; a spinner's group lists *the same* thing in other words. So a group is
read as spintax only when

* it stands in prose: nothing but a space, an opening bracket or quote, or the start of a
  line before the brace, and nothing but a space or punctuation after it (not
  ``--color={yes|no}``, not ``new_config.{jinja|py}``);
* each alternative is one to :data:`MAX_WORDS` words of letters (apostrophes and hyphens
  inside them), and no two are the same;
* at least half of its pairs of alternatives are synonyms in the thesaurus (for phrases of
  the same length, every word where they differ): "great|excellent|superb" 3 of 3,
  "on|off" and "record|latency|map" 0;
* and the text holds at least :data:`MIN_GROUPS` such groups, one of them with three or
  more alternatives: a spun template has a group in nearly every sentence, most with
  several alternatives, while a manual can offer "{yes|no}" and "{high|low}" (a thesaurus
  links opposites too: Moby lists "no" under "yes") in one paragraph, but choices between
  opposites come in twos. In a text that passes, every group that stands in prose and is
  well formed is read as spintax, synonyms or not ("{Hello|Hi|Hey}", "{people|folks}").

A text that names the notation ("spintax", "spin syntax") is about templates, not one: an SEO
post warning against spinning showed "{Hello|Hi|Hey} there, {welcome|greetings} to our
{shop|store}" and a quoted template as its examples and was labelled spun on nine groups
(model card item 176). Its groups are examples, read as nothing. A spinner's template is an
article about something else, which has no cause to name its own markup.

Nested groups ("{The {quick|fast} fox|A speedy fox}"): whether a text is a template is
read from its innermost groups, and the outermost are reported, each alternative with its
inner groups at their first alternative ("The quick fox", "A speedy fox"), so that one
restore leaves no brace behind.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["MAX_WORDS", "MIN_GROUPS", "Group", "find"]

MAX_WORDS = 6
MIN_GROUPS = 2
_MAX_GROUP_CHARS = 600  # an outermost group, nested ones inside; never across a line break

# An innermost group: braces around two or more alternatives, none holding a brace or a line
# break. The alternatives are checked one by one below.
_GROUP_RE = re.compile(r"\{([^{}|\n]{1,80}(?:\|[^{}|\n]{1,80})+)\}")
_ALTERNATIVE_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*(?: [^\W\d_]+(?:['’-][^\W\d_]+)*)*")
# Besides white space (any: a no-break space, a Windows line break's "\r"):
_OPENERS = frozenset("([\"'“‘")
_CLOSERS = frozenset(")]\"'”’.,;:!?")
# The notation's names, as writers about it spell them.
_NAMES_THE_NOTATION = re.compile(r"\bspin[- ]?tax\b|\bspin(?:ning)? syntax\b", re.IGNORECASE)


class Group(NamedTuple):
    """A spintax group: ``text[start:end]`` is the braces and what they hold."""

    start: int
    end: int
    alternatives: tuple[str, ...]


def find(text: str, related: Callable[[str, str], bool] | None = None) -> list[Group]:
    """The spintax groups of ``text``, in order, when it holds enough to be a template (see
    above; ``related`` says whether two words or phrases are synonyms, by default the
    shipped thesaurus)."""
    if "|" not in text or "{" not in text:  # nearly every text: no work
        return []
    if _NAMES_THE_NOTATION.search(text):
        return []
    if related is None:
        from .thesaurus import default

        related = default().is_related  # linked in either direction
    innermost = [g for g in (_group(text, *m.span(), m.group(1).split("|"))
                             for m in _GROUP_RE.finditer(text)) if g]
    synonyms = [g for g in innermost if _synonymous(g.alternatives, related)]
    if len(synonyms) < MIN_GROUPS or all(len(g.alternatives) < 3 for g in synonyms):
        return []
    return [g for g in (_group(text, a, b, _split(text[a + 1 : b - 1]))
                        for a, b in _outermost(text)) if g]


def _group(text: str, a: int, b: int, alternatives: list[str]) -> Group | None:
    """The group ``text[a:b]`` when it stands in prose and its alternatives, their inner
    groups at their first alternative, are words."""
    if a and not (text[a - 1].isspace() or text[a - 1] in _OPENERS):
        return None
    if b < len(text) and not (text[b].isspace() or text[b] in _CLOSERS):
        return None
    plain = tuple(" ".join(_first_choices(alt).split()) for alt in alternatives)
    return Group(a, b, plain) if len(plain) > 1 and _well_formed(plain) else None


def _first_choices(alternative: str) -> str:
    while True:
        plain = _GROUP_RE.sub(lambda m: m.group(1).split("|")[0], alternative)
        if plain == alternative:
            return plain
        alternative = plain


def _outermost(text: str) -> list[tuple[int, int]]:
    """Spans of the balanced outermost brace groups of ``text``."""
    out = []
    i = text.find("{")
    while i != -1:
        depth, end = 0, None
        for j in range(i, min(len(text), i + _MAX_GROUP_CHARS)):
            c = text[j]
            if c == "\n":
                break
            depth += (c == "{") - (c == "}")
            if depth == 0:
                end = j + 1
                break
        if end is not None:
            out.append((i, end))
        i = text.find("{", end if end is not None else i + 1)
    return out


def _split(inside: str) -> list[str]:
    """The alternatives of a group's inside: split at its own pipes, not its inner groups'."""
    parts, depth, start = [], 0, 0
    for k, c in enumerate(inside):
        depth += (c == "{") - (c == "}")
        if c == "|" and depth == 0:
            parts.append(inside[start:k])
            start = k + 1
    parts.append(inside[start:])
    return parts


def _well_formed(alternatives: tuple[str, ...]) -> bool:
    keys = [alt.lower() for alt in alternatives]
    return len(set(keys)) == len(keys) and all(
        _ALTERNATIVE_RE.fullmatch(alt) and len(alt.split()) <= MAX_WORDS for alt in alternatives
    )


def _synonymous(alternatives: tuple[str, ...], related: Callable[[str, str], bool]) -> bool:
    pairs = list(itertools.combinations([alt.lower() for alt in alternatives], 2))
    linked = sum(_linked(x, y, related) for x, y in pairs)
    return 2 * linked >= len(pairs)


def _linked(x: str, y: str, related: Callable[[str, str], bool]) -> bool:
    if related(x, y):
        return True
    xs, ys = x.split(), y.split()
    if len(xs) != len(ys) or len(xs) < 2:
        return False
    differ = [(u, v) for u, v in zip(xs, ys, strict=True) if u != v]
    return bool(differ) and all(related(u, v) for u, v in differ)
