"""Names of institutions as news spinners render them ("UN Safety Council" for "UN Security
Council"), from ``models/spun_names.json`` (built by ``corpus/build_spun_names.py``).

A news spinner's dictionary rewrites a name's words as it rewrites every other word: the
spun seed story has "the UN Safety Council", "the US State Division" and "the Collective
Safety Treaty Organisation"; a hand spinner's articles "the Well being Ministry", "the
Reserve Financial institution of India" and "Medical doctors With out Borders". Each word is
a fair synonym, so the thesauri and n-grams see little amiss, and the span model learned
that capitalised words are rarely a spinner's (model card item 37). But the name is what its
reader knows the body by, and a rendering that no body bears is a spinner's trace wherever
it stands: the list holds only such renderings, and the text must write at least two of the
words capitalised, as a name's are ("a world financial institution" is English, "the World
Financial institution" is not). A rendering that splits one word into two keeps the capital
on the first only ("Get together", "Financial institution"); written in title case
throughout it is taken for a name of its own ("the Annual Labour Get Together").
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import NamedTuple

from . import fingerprints, resources
from .tokens import HYPHENS, Token

__all__ = ["FILENAME", "FORMAT", "VERSION", "NameHit", "find", "needs_company", "original_of",
           "written_as"]

FILENAME, FORMAT, VERSION = "spun_names.json", "unspin-spun-names", 1
# Words a name leaves in lower case ("Ministry of Well being", "Doctors With out Borders").
_SMALL = frozenset("of and for the on in at to de".split())
# A country's or a body's initials inside a name are written in capitals: "us State
# Division II champions" is a pronoun before a sports division (adversarial probe, model
# card item 169).
_INITIALS = frozenset("us un uk eu".split())
_HYPHEN_CHARS = frozenset(HYPHENS)
_lock = threading.Lock()


class NameHit(NamedTuple):
    """A spun name: token indices ``[start, end)``, the ``spun`` rendering and the
    ``original`` name (both lower case)."""

    start: int
    end: int
    spun: str
    original: str


class _Names(NamedTuple):
    matcher: fingerprints.Matcher
    # How many more words the rendering has than the name ("well being" for "health": one),
    # for the title-case test.
    longer: dict[str, int]
    originals: dict[str, str]  # spun rendering -> name


_names: _Names | None = None


def _load() -> _Names:
    global _names
    if _names is None:
        with _lock:
            if _names is None:
                data = resources.load_json(FILENAME, FORMAT, VERSION)
                try:
                    names = [(str(s), str(o)) for s, o in data["names"]]
                except (KeyError, TypeError, ValueError) as exc:
                    raise resources.ModelError(
                        f"model file {FILENAME} has unexpected content ({exc}); "
                        f"{resources.REBUILD_HINT}") from None
                _names = _Names(
                    fingerprints.Matcher(
                        {"phrase": s, "expected": o, "papers": 0} for s, o in names),
                    {s: len(s.split()) - len(o.split()) for s, o in names},
                    dict(names))
    return _names


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def find(tokens: Sequence[Token], norms: Sequence[str]) -> list[NameHit]:
    """Spun names among ``tokens`` (``norms``: their normalised forms), longest first where
    two overlap."""
    matcher, longer, _ = _load()
    out: list[NameHit] = []
    taken = -1
    for m in matcher.find(norms):
        if m.start_index < taken:
            continue  # inside a longer hit (hits come sorted, longest first)
        words = [t for t in tokens[m.start_index : m.end_index] if t.kind != "punct"]
        # The rendering as listed, not its plural: "Inventory Changes", "Election Fees" and
        # "White Homes" are headings and ordinary plurals; a body is named in the singular.
        if " ".join(t.norm for t in words) != m.phrase:
            continue
        # Written with a hyphen, a rendering's words are one compound of the writer's
        # ("Well-being Minister", "Labour Get-together", "In-House Workplace Training"): a
        # spinner swaps a name's words and writes them apart.
        if _hyphenated(tokens, m.start_index, m.end_index):
            continue
        if any(t.norm in _INITIALS and not t.text.isupper() for t in words):
            continue
        capitals = sum(_capitalised(t) for t in words)
        if capitals < 2:
            continue
        if longer.get(m.phrase, 0) > 0 and all(
                _capitalised(t) for t in words if t.norm not in _SMALL):
            continue
        out.append(NameHit(m.start_index, m.end_index, m.phrase, m.expected))
        taken = m.end_index
    return out


def _hyphenated(tokens: Sequence[Token], start: int, end: int) -> bool:
    """Whether a hyphen joins tokens ``[start, end)`` to each other or to a word either side."""
    for k in range(max(start - 1, 0), min(end + 1, len(tokens))):
        t = tokens[k]
        if t.kind == "punct" and t.text in _HYPHEN_CHARS and (
                (k > 0 and tokens[k - 1].end == t.start and start <= k)
                or (k + 1 < len(tokens) and tokens[k + 1].start == t.end and k < end)):
            return True
    return False


def needs_company(spun: str) -> bool:
    """Whether the listed rendering ``spun`` is evidence only beside other signs of spinning.

    Two kinds of rendering no writer makes: one that splits a word of the name ("Reserve
    Financial institution", "Ministry of Well being", "Doctors With out Borders"; written as
    one compound, "Well-being", it is not found at all) and one beside a country's or a
    body's initials in capitals ("UN Safety Council", "US State Division"). The others are
    wordings that real bodies, offices, headings and titles bear too: France's "Overseas
    Minister", a state's "Criminal Justice Division", "Nationwide Safety Adviser" at the
    insurer, a game's "Central Intelligence Company" (adversarial probe, model card item
    169)."""
    return _load().longer.get(spun, 0) <= 0 and not _INITIALS.intersection(spun.split(" "))


def original_of(words: Sequence[str]) -> str | None:
    """The name that the normalised ``words`` render, when they are a listed spun name
    ("un safety council" -> "un security council"), whatever their capitals: asked about a
    phrase on its own (:func:`detector.suggest`), there is no sentence to tell a name from."""
    return _load().originals.get(" ".join(words))


def written_as(original: str, observed: str) -> str:
    """The lower-case name ``original`` written as a name where ``observed`` (its spun
    rendering as the text writes it) shows one: each word capitalised but the small ones
    inside it, a word the rendering writes in capitals ("UN") in capitals. A rendering in
    lower case gets its name in lower case. (``restorer.match_case`` copies capitals word by
    word, which gives "Reserve bank" for "Reserve Financial institution".)"""
    seen = observed.split()
    if sum(w[:1].isupper() for w in seen) < 2:
        return original
    upper = {w.lower() for w in seen if len(w) > 1 and w.isupper()}
    out = []
    for k, word in enumerate(original.split()):
        if word in upper:
            out.append(word.upper())
        elif k and word in _SMALL:
            out.append(word)
        else:
            out.append(word[:1].upper() + word[1:])
    return " ".join(out)
