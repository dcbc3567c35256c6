"""Number and word-form anomalies: the traces spinners leave on numerals.

Article spinners treat numbers and number words like any other token. They turn "the two
nations" into "the 2 nations", "the 1990s" into "the Nineteen Nineties", "tens of thousands"
into "tens of hundreds", "hundreds of thousands" into "a whole bunch of hundreds", "one of the
three countries" into "one of many three nations" and "last year" into "final yr". Edited
English follows firm conventions here (spell out one to nine in running prose, write decades
and years in digits, keep the magnitude idioms intact), so a departure is evidence, and it
costs nothing to look for: this module is pure standard library and linear in the tokens.

Two parts:

* Parsing and writing numbers: :func:`words_to_number` (cardinals: "six thousand" -> 6000),
  :func:`ordinal_value` ("twenty first" -> 21, "3rd" -> 3), :func:`number_value` (the usual
  written form of a spelled-out number, year, decade or century: "Nineteen Nineties" ->
  "1990s", "nineteen ninety-five" -> "1995", "twenty first century" -> "21st century",
  "six thousand" -> "6,000"), and the reverse, :func:`number_to_words` (2 -> "two") and
  :func:`ordinal_to_words` (1 -> "first").

* :func:`find_anomalies` over tokens from :mod:`detector.tokens`, returning
  :class:`NumberAnomaly` records. The heuristics are deliberately conservative: a lone digit
  is only suspicious in running prose, so anything that looks like a date, time, measurement,
  unit, money, reference ("Figure 2", "step 3"), version, list marker, range, score or formula
  is left alone, and a digit among other digits or operators (technical writing) counts for
  little. ``strength`` is a prior that the classifier combines with everything else, not a
  verdict on its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from .tokens import BLOCK, HYPHENS, Token

__all__ = [
    "COMPANY_ONLY_KINDS",
    "UNIT_ABBREVIATIONS",
    "NumberAnomaly",
    "chat_shorthand",
    "find_anomalies",
    "is_year_abbreviation",
    "number_to_words",
    "number_value",
    "ordinal_to_words",
    "ordinal_value",
    "unit_after_number",
    "words_to_number",
    "year_of_study",
]

# --------------------------------------------------------------------------- vocabulary


def _w(s: str) -> list[str]:
    return s.split()


_UNITS = {
    w: i
    for i, w in enumerate(
        _w("zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen")
    )
}
_TENS = {
    w: 10 * i
    for i, w in enumerate(_w("twenty thirty forty fifty sixty seventy eighty ninety"), 2)
}
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_ORD_UNITS = {
    w: i
    for i, w in enumerate(
        _w("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh "
        "twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth "
        "nineteenth")
    )
}
_ORD_TENS = {
    w: 10 * i
    for i, w in enumerate(
        _w("twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"), 2
    )
}
_ORD_SCALES = {"hundredth": 100, "thousandth": 10**3, "millionth": 10**6, "billionth": 10**9}
# Plural decade words: "the (nineteen) nineties". "hundreds" gives "the nineteen hundreds".
_DECADES = {w[:-1] + "ies": v for w, v in _TENS.items()} | {"hundreds": 0, "tens": 10}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS) | frozenset(_SCALES) | {"hundred"}
_YEAR_FIRST = {w: v for w, v in _UNITS.items() if v >= 10} | {"twenty": 20}

_MONTHS = frozenset(
    _w("january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec")
)


# --------------------------------------------------------------------------- parsing


def _words(words: str | Sequence[str] | Sequence[Token]) -> list[str]:
    """Lower-case words, hyphens and commas dropped: "Ninety-Five" -> ["ninety", "five"]."""
    if isinstance(words, str):
        parts = [words]
    else:
        parts = [w.text if isinstance(w, Token) else str(w) for w in words]
    out: list[str] = []
    for p in parts:
        out.extend(x for x in re.split(r"[\s\-‐–,]+", p.lower().replace("’", "'")) if x)
    return out


def _under_100(ws: list[str], i: int) -> tuple[int, int] | None:
    """(value, next index) for "seven", "seventeen", "seventy", "seventy seven"."""
    if i >= len(ws):
        return None
    w = ws[i]
    if w in _UNITS:
        return _UNITS[w], i + 1
    if w in _TENS:
        if i + 1 < len(ws) and ws[i + 1] in _UNITS and 0 < _UNITS[ws[i + 1]] < 10:
            return _TENS[w] + _UNITS[ws[i + 1]], i + 2
        return _TENS[w], i + 1
    return None


def _under_1000(ws: list[str], i: int) -> tuple[int, int] | None:
    """(value, next index) for up to "nine hundred and ninety nine" (also "a hundred")."""
    if i + 1 < len(ws) and ws[i + 1] == "hundred" and (
        ws[i] == "a" or 0 < _UNITS.get(ws[i], 0) < 10
    ):
        value, j = 100 * (1 if ws[i] == "a" else _UNITS[ws[i]]), i + 2
        k = j + 1 if j < len(ws) and ws[j] == "and" else j
        rest = _under_100(ws, k)
        if rest and rest[0] > 0:
            return value + rest[0], rest[1]
        return value, j
    return _under_100(ws, i)


def _cardinal(ws: list[str], i: int = 0) -> tuple[int, int] | None:
    """Longest cardinal starting at ``ws[i]``: chunks under 1000 with descending scales."""
    total, last_scale, j = 0, None, i
    while j < len(ws):
        k = j + 1 if total and ws[j] == "and" else j
        chunk = _under_1000(ws, k)
        if chunk is None:
            # "a thousand", "a million"
            if k + 1 < len(ws) and ws[k] == "a" and ws[k + 1] in _SCALES:
                chunk = (1, k + 1)
            else:
                break
        value, nxt = chunk
        if nxt < len(ws) and ws[nxt] in _SCALES:
            scale = _SCALES[ws[nxt]]
            if last_scale is not None and scale >= last_scale:
                break
            total += value * scale
            last_scale, j = scale, nxt + 1
            continue
        if last_scale is not None and last_scale < 1000:
            break
        total += value
        j = nxt
        break
    return (total, j) if j > i else None


def words_to_number(words: str | Sequence[str]) -> int | None:
    """The value of a spelled-out cardinal, or None: "six thousand" -> 6000,
    "one hundred and five" -> 105, "twenty-one" -> 21, "a million" -> 1000000.

    The whole input must be one well-formed number ("two three" and "nineteen ninety" are
    None; see :func:`number_value` for years)."""
    ws = _words(words)
    got = _cardinal(ws)
    return got[0] if got and got[1] == len(ws) else None


_ORD_SUFFIX_RE = re.compile(r"^(\d+)(st|nd|rd|th)$")


def _suffix(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def ordinal_value(words: str | Sequence[str]) -> int | None:
    """The value of an ordinal: "twenty first" -> 21, "hundredth" -> 100, "3rd" -> 3.

    A digit ordinal must carry the right suffix ("3th" is None)."""
    ws = _words(words)
    if len(ws) == 1 and (m := _ORD_SUFFIX_RE.match(ws[0])):
        n = int(m.group(1))
        return n if _suffix(n) == m.group(2) else None
    if not ws:
        return None
    # Replace the ordinal word by its cardinal and read the whole as a cardinal:
    # "seven thousand five hundredth" -> "seven thousand five hundred".
    last = ws[-1]
    if last in _ORD_UNITS:
        card = _UNIT_NAMES[_ORD_UNITS[last]]
    elif last in _ORD_TENS:
        card = _TENS_NAMES[_ORD_TENS[last]]
    elif last in _ORD_SCALES:
        if len(ws) == 1:
            return _ORD_SCALES[last]
        card = last[:-2]
    else:
        return None
    return words_to_number([*ws[:-1], card])


def _year(ws: list[str]) -> int | None:
    """A year read the spoken way: "nineteen ninety five", "eighteen oh six",
    "nineteen hundred and five", "twenty twelve", "ten sixty six"."""
    if len(ws) < 2 or ws[0] not in _YEAR_FIRST:
        return None
    century = _YEAR_FIRST[ws[0]] * 100
    rest = ws[1:]
    if rest[0] in ("oh", "o", "nought", "aught") and len(rest) == 2:
        u = _UNITS.get(rest[1], 0)
        return century + u if 0 < u < 10 else None
    if rest[0] == "hundred":
        if len(rest) == 1:
            return century
        tail = rest[2:] if rest[1] == "and" else rest[1:]
        got = _under_100(tail, 0)
        return century + got[0] if got and got[1] == len(tail) and got[0] > 0 else None
    got = _under_100(rest, 0)
    if got and got[1] == len(rest) and got[0] >= 10:
        return century + got[0]
    return None


def _decade(ws: list[str]) -> str | None:
    """ "nineteen nineties" -> "1990s", "nineteen hundreds" -> "1900s", "two thousands" ->
    "2000s", "nineties" -> "90s"."""
    if not ws or (ws[-1] not in _DECADES and ws[-1] != "thousands"):
        return None
    d = _DECADES.get(ws[-1], 0)
    head = ws[:-1]
    if not head:
        return f"{d}s" if d >= 20 else None
    if len(head) == 1 and head[0] in _YEAR_FIRST:
        return f"{_YEAR_FIRST[head[0]] * 100 + d}s"
    if head == ["two"] and ws[-1] == "thousands":
        return "2000s"  # "the two thousands"
    if head == ["two", "thousand"] and d in (0, 10):
        return f"{2000 + (d if d == 10 else 0)}s"
    return None


def number_value(words: str | Sequence[str] | Sequence[Token]) -> str | None:
    """The usual written form of a spelled-out number, or None when it is not one.

    >>> number_value("Nineteen Nineties"), number_value("nineteen ninety-five")
    ('1990s', '1995')
    >>> number_value("twenty first century"), number_value("six thousand")
    ('21st century', '6,000')

    Accepts a string, a list of words or a list of tokens (hyphen tokens are ignored).
    Readings are tried in order: decade, century, year, ordinal, cardinal; a cardinal comes
    back with thousands separators ("two" -> "2")."""
    ws = _words(words)
    if not ws:
        return None
    if (d := _decade(ws)) is not None:
        return d
    if ws[-1] in ("century", "centuries", "millennium") and len(ws) > 1:
        n = ordinal_value(ws[:-1])
        return f"{n}{_suffix(n)} {ws[-1]}" if n else None
    if (y := _year(ws)) is not None:
        return str(y)
    if (n := ordinal_value(ws)) is not None:
        return f"{n}{_suffix(n)}"
    if (n := words_to_number(ws)) is not None:
        return f"{n:,}"
    return None


_UNIT_NAMES = [k for k, _ in sorted(_UNITS.items(), key=lambda kv: kv[1])]
_TENS_NAMES = {v: k for k, v in _TENS.items()}


def number_to_words(n: int) -> str:
    """Spell out an integer: 2 -> "two", 21 -> "twenty-one", 6000 -> "six thousand",
    105 -> "one hundred five" (no "and"; :func:`words_to_number` reads both forms)."""
    if n < 0:
        return "minus " + number_to_words(-n)
    if n < 20:
        return _UNIT_NAMES[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _TENS_NAMES[t * 10] + (f"-{_UNIT_NAMES[u]}" if u else "")
    if n < 1000:
        h, r = divmod(n, 100)
        return f"{_UNIT_NAMES[h]} hundred" + (f" {number_to_words(r)}" if r else "")
    for name, scale in sorted(_SCALES.items(), key=lambda kv: -kv[1]):
        if n >= scale:
            q, r = divmod(n, scale)
            return f"{number_to_words(q)} {name}" + (f" {number_to_words(r)}" if r else "")
    raise AssertionError("unreachable")


_ORD_UNIT_NAMES = {v: k for k, v in _ORD_UNITS.items()}
_ORD_TENS_NAMES = {v: k for k, v in _ORD_TENS.items()}


def ordinal_to_words(n: int) -> str:
    """Spell out an ordinal: 1 -> "first", 21 -> "twenty-first", 100 -> "one hundredth"."""
    if n < 20:
        return _ORD_UNIT_NAMES[n]
    if n < 100:
        t, u = divmod(n, 10)
        return _ORD_TENS_NAMES[t * 10] if not u else f"{_TENS_NAMES[t * 10]}-{_ORD_UNIT_NAMES[u]}"
    high, low = n - n % 100, n % 100
    if not low:
        return number_to_words(n) + "th"  # "one hundredth", "six thousandth"
    return f"{number_to_words(high)} {ordinal_to_words(low)}"


# --------------------------------------------------------------------------- anomalies


class NumberAnomaly(NamedTuple):
    """A number written the way spinners write it.

    ``first_token`` and ``last_token`` are indices into the token sequence given to
    :func:`find_anomalies`; **both are inclusive** (the span is
    ``tokens[first_token : last_token + 1]``). ``start``/``end`` are the matching character
    offsets (``end`` exclusive), for convenience.

    ``canonical`` is the usual written form of the span ("1990s", "two", "tens of
    thousands", "one of the", "last year"), with the first letter upper-cased when the span
    starts with a capital.

    ``kind`` is one of ``decade-words``, ``year-words``, ``small-digit``, ``ordinal-digit``,
    ``magnitude-idiom``, ``number-phrase`` ("one of many three"), ``abbreviation`` ("yr",
    "12 months"), ``digit-plural`` ("1000's of"), ``per-cent`` ("2.5 p.c"), ``doubled-of``
    ("tons of of").

    ``strength`` (0..1) says how unusual the form is in edited English, roughly the share of
    occurrences in edited prose that would be wrong: about 0.9 for forms no editor lets
    through ("tens of hundreds", "a whole bunch of hundreds", "one of many three"), 0.7-0.85
    for "the 2 nations" or "the Nineteen Nineties" in title case, around 0.5 for a digit that
    opens a sentence or "yr" in prose, 0.2-0.4 for forms with real stylistic uses (spelled-out
    years in literary prose, "1st" for "first", digits for counts near other numbers in
    technical writing). It is a prior for the classifier, never a verdict on its own.
    """

    first_token: int
    last_token: int
    canonical: str
    kind: str
    strength: float
    start: int = 0
    end: int = 0


_DETERMINERS = frozenset(
    _w("the these those all both its their our his her my your first last next other every "
    "only another some any")
)
# Words after which a digit is a label or reference, not a count: "Figure 2", "step 3".
_REFERENCE_WORDS = frozenset(
    _w("figure fig figs table tables chapter chapters section sections sec article articles "
    "step steps page pages p pp item items part parts volume vol no nos number num grade "
    "level levels phase phases stage stages round rounds week day game games version v "
    "option options line lines row rows column columns col type types class category "
    "categories size player lane gate platform room floor unit units model season episode "
    "act scene verse chapter clause paragraph para rule rules point question questions "
    "problem problems exercise exercises lesson module appendix annex exhibit slide slides "
    "equation eq eqs lemma theorem corollary definition proposition case cases group groups "
    "condition conditions trial arm cohort experiment experiments study studies box panel "
    "panels listing note notes footnote ref refs reference entry entries bus route highway "
    "channel tier priority seed rank ranked year years age aged ages cycle cycles dose "
    "doses batch sample test tests block blocks wave waves term terms session sessions "
    "division league series league quarter half period heat set sets hole holes leg legs "
    "stage race match day days")
)
# Words after a digit that make it a measurement, unit, time or magnitude: "2 km", "3 pm".
_UNIT_WORDS = frozenset(
    _w("km m cm mm nm µm um mi ft in yd kg g mg mcg µg ug ng lb lbs oz t ml l dl cl µl ul "
    "mph kph kmh kmph km/h h hr hrs min mins s sec secs ms µs us ns gb mb kb tb pb gib mib "
    "ghz mhz khz hz kw w mw gw kwh mwh v mv kv a ma mah db dpi px pt pts em rem bpm "
    "percent per pc cent c f k x bn mn million millions billion billions trillion thousand "
    "thousands hundred hundreds dozen am pm a.m p.m o oclock bc ad ce bce yo "
    "miles mile metres meters metre meter kilometres kilometers kilometre kilometer "
    "feet foot inches inch yards yard pounds pound kilos kilo kilograms kilogram grams gram "
    "litres liters litre liter gallons gallon ounces ounce tonnes tons ton degrees degree "
    "points goals runs wickets laps strokes shots stars star votes seats dollars dollar "
    "euros euro cents pence bytes bits cores threads gigs volts watts amps ohms "
    "hectares acres sq cubic mb/s gb/s tablets tablet pills capsules units mmol mol "
    "cups cup tbsp tsp tablespoons tablespoon teaspoons teaspoon cloves clove pinch slices "
    "sticks cans handfuls sprigs overs innings balls frames rounds reps")
)
# Durations: AP style spells out "two days", but many writers don't; weak evidence only.
_DURATION_WORDS = frozenset(
    _w("seconds minutes hours days weeks months years decades centuries nights times")
)
_IRREGULAR_PLURALS = frozenset(
    _w("men women children people feet teeth mice geese police cattle sheep deer fish "
    "folks staff")
)
_NOT_PLURAL_S = ("ss", "us", "is", "ous", "'s")
_MATH = frozenset(_w("= + − * × ÷ / < > ≤ ≥ ^ ± · ~ ≈ % | [ ] { } _ \\ #"))
_SENT_END = frozenset(".!?…")
_JOINERS = frozenset("-–/:")
_LIST_MARKS = frozenset("-–—•▪◦‣*>")
_QUOTES = frozenset("\"“”‘'«(—–:;")
_OPENING_QUOTES = frozenset("\"“‘'«")
_ABBREV_BEFORE_DOT = frozenset(_w("no nos fig figs vol eq eqs sec ch art p pp para op cf v"))
_QUANT_VAGUE = {
    ("a", "whole", "bunch", "of"): 0.9,
    ("a", "bunch", "of"): 0.85,
    ("a", "whole", "lot", "of"): 0.7,
    ("a", "great", "deal", "of"): 0.6,
    ("lots", "of"): 0.5,
    ("a", "lot", "of"): 0.5,
    ("tons", "of"): 0.5,
    ("loads", "of"): 0.5,
    ("heaps", "of"): 0.5,
    ("a", "number", "of"): 0.5,
}
# "hundreds of people" -> "tons of of individuals", "many of them" -> "loads of of them": a
# spinner's dictionary puts a vague quantity ending in "of" for "hundreds" or "many" and
# keeps the text's own "of" (the corpus's own spinner does it four times). Edited text doubles
# "of" only by a slip of the keys, and not after these (65 doubled "of"s in 74.6M words of
# the natural corpus, this machine's /usr/share/doc, info pages and fortunes; one after a
# quantity, a changelog's "lots of of", which is left out here). But speech has it: verbatim
# transcripts keep a speaker's stutter ("we had a whole bunch of of issues", "loads of of
# you getting in touch"), and a band is "of Montreal" (adversarial probes, model card items
# 162 and 164). So, like a lone digit, it is a finding only in spun company
# (detector.analyzer's WEAK_NUMBER_KINDS); an "Of" that starts a name ("loads of Of
# Monsters and Men fans") or a term ("a bunch of of-genitives") is not read at all.
_HUNDREDS_AS = frozenset((("tons", "of"), ("heaps", "of"), ("loads", "of"), ("a", "bunch", "of"),
                          ("a", "whole", "bunch", "of"), ("a", "whole", "lot", "of")))
_SET_OPENERS = frozenset(_w("the these those them us you its their his her our my your"))
_QUANT_FIRST = frozenset(p[0] for p in _QUANT_VAGUE)
_QUANT_BY_FIRST = {
    w: [(p, s) for p, s in _QUANT_VAGUE.items() if p[0] == w] for w in _QUANT_FIRST
}
_MAGNITUDES = {
    "tens": 1, "dozens": 1, "scores": 1, "hundreds": 2, "thousands": 3, "millions": 6,
    "billions": 9, "trillions": 12,
}
_MAG_NAMES = {2: "hundreds", 3: "thousands", 6: "millions", 9: "billions", 12: "trillions"}
# The tokeniser keeps a possessive on its word ("yr’s" reads "yr's"): "final yr’s battle".
_YR = {"yr": "year", "yrs": "years", "yr's": "year's", "yrs'": "years'"}
_YR_BEFORE = {
    "final": "last", "closing": "last", "remaining": "last", "ultimate": "last",
    "subsequent": "next", "next": "next", "this": "this", "last": "last", "every": "every",
    "per": "per", "a": "a", "the": "the", "each": "each", "previous": "last",
}
_POSSESSIVES = frozenset(_w("my your his her its our their"))
# What a "final year" of study is written before ("final yr project", "final yr exams").
_STUDY_NOUNS = frozenset(_w(
    "project projects student students exam exams examination examinations thesis "
    "dissertation module modules course courses undergrad undergrads undergraduate "
    "undergraduates pupil pupils class paper papers report result results uni university "
    "degree"))


def year_of_study(before: str | None, previous: str | None, after: str | None) -> bool:
    """Whether a "yr" between ``previous`` and ``after`` (``before`` the word ahead of
    ``previous``) is a student's own "final year", shortened ("my final yr", "final yr
    project", "Final yr students"), not a spinner's "last year" (precision probes, model
    card items 129 and 133). Read by the number-form rule and, so that the phrasebook's
    "final yr" -> "last year" is not proposed there either, by the feature extractor."""
    return previous == "final" and (before in _POSSESSIVES or after in _STUDY_NOUNS)


_YR_DET = frozenset(
    _w("a the this that next last every per each one two three four five six seven eight nine "
       "ten several few many some")
)
_SUPERLATIVES = frozenset(
    _w("best worst most least largest biggest greatest smallest oldest newest highest lowest "
    "first last")
)
# "a year ago" -> "a 12 months in the past": a spinner's "ago" after its "12 months". Alone,
# "in the past" after a counted span is as often the writer's own: a time traveller
# "stranded two hundred years in the past", starlight "from 4 years in the past", a token
# "2 minutes in the past", someone "living fifty years in the past" (an adversarial probe of
# 40 natural texts flagged 18 such, model card item 162), so it is read only in "a 12 months
# in the past" (:func:`_twelve_months`, :func:`_in_the_past`), where the year is spun
# already; and not before another span ("three days in the past week") nor after a point in
# time set back ("a point several years in the past", unshare(1)).
_PAST_SPANS = frozenset(_w(
    "seconds minutes hours days weeks fortnights months years decades centuries "
    "second minute hour day week fortnight month year decade century few couple several many"))
# A point in time set back by a span is the past's own: "a time namespace where the boottime
# clock is set to a point several years in the past" (unshare(1), bench/unseen_docs.py).
_POINT_IN_TIME = frozenset(_w(
    "point points date dates time times moment clock clocks timestamp timestamps set sets "
    "setting back"))


def _in_the_past(v: _View, i: int) -> int | None:
    """The token index of "past" where "in the past" follows the span of time ending at
    token i and stands for "ago" (see :data:`_PAST_SPANS`), else None. The span's count is
    the token before it; a point in time set back within six tokens before that count
    (:data:`_POINT_IN_TIME`) makes it the writer's own past."""
    if not (v.norm(i + 1) == "in" and v.norm(i + 2) == "the" and v.norm(i + 3) == "past"):
        return None
    nxt = v(i + 4)
    if nxt is not None and (nxt.kind == "number" or nxt.norm.lower() in _PAST_SPANS
                            or nxt.norm.lower() in _NUMBER_WORDS):
        return None  # "three days in the past week"
    if any(v.norm(k) in _POINT_IN_TIME for k in range(i - 7, i - 1)):
        return None
    return i + 3


# Kinds a spinner writes but writers and speakers have too ("p.c" in older British print, a
# stutter's doubled "of"): findings only in spun company, and no evidence of that company
# (detector.analyzer.WEAK_NUMBER_KINDS, detector.features; model card items 162 and 164).
COMPANY_ONLY_KINDS = frozenset(("per-cent", "doubled-of"))
# Words that can open an anomaly: everything else is skipped with one set look-up.
_TRIGGERS = (
    frozenset(_MAGNITUDES) | _QUANT_FIRST | {"one"} | frozenset(_YR) | _NUMBER_WORDS
    | frozenset(_DECADES)
)
_RANK_NOUNS = frozenset(
    _w("seed seeds place position round floor grade minute anniversary edition birthday gear "
       "base half quarter leg stage tee hole innings lap set generation percentile party "
       "parties")
)
_YEAR_FOLLOWERS = frozenset(_w("and when the to but"))
_SMALL_WORDS = {str(i): number_to_words(i) for i in range(1, 10)}


def _cap(s: str, like: str) -> str:
    return s[:1].upper() + s[1:] if like[:1].isupper() else s


# Chat and text-message shorthand that edited prose never holds. Where a text uses it, "yr"
# is one more of the writer's abbreviations ("happy new yr", "same as last yr", "£30 per
# yr"), not a spinner's "final yr": a 74-word group chat was labelled spun on such "yr"s
# (precision probes, 2026-12-05). Spinners rewrite edited text; they do not write "tmrw".
_TEXT_SPEAK = frozenset(_w(
    "wk wks tmrw tmr thurs weds tues ur pls plz thx lol haha omg btw imo idk gonna wanna "
    "cant dont didnt wont isnt ive yeh yep nah cya bday txt msg"))


# Analysts' notes and board packs write "yr/yr": shorthand of tables, which a spinner writes
# only from "year/year", a form edited prose does not use. An analyst's morning note ("+17%
# yr/yr", "next yr's earnings", "10-yr average") was labelled spun on its "yr"s (precision
# probe of corporate documents, model card item 152). Not "y/y", "YoY" or "bps": wire copy
# writes them, and a spinner keeps them beside its "final yr".
_PER_PERIOD = frozenset(("yr", "yrs"))


# Technical and clinical notes abbreviate units of time after numbers ("a 30 yr overlap",
# "14 mo of data", "2 wks post-op") and write rates with "yr" ("1.6 mm/yr", "21 g C m⁻² yr⁻¹"):
# there "yr" is one more of the writer's abbreviations, and "in its final yr" (a fish's last
# year of growth) or "subsequent yrs" is theirs too. A tide-gauge report with both was
# labelled spun, its "yr"s read as a spinner's (adversarial probe of units and shorthand,
# model card item 228). The news spinners of bench/spinner_styles.py write "yr" after words
# only ("final yr", "this yr", 60 times), never after a number; the corpus simulator does
# at times ("22 yrs of warfare"), so one such unit is not enough.
TIME_ABBREVIATIONS = frozenset(_w("yr yrs mo mos wk wks hr hrs min mins sec secs"))
TIME_UNITS_NEEDED = 2
# Units abbreviated after a number or in a rate are units, whatever a thesaurus makes of them
# ("14 mo" -> moment, "5 ml" -> machine learning, "2 t" -> text; "km/h", "g/t"): no span is
# proposed on them (features._propose). Abbreviations only, not _UNIT_WORDS: that list also
# holds whole words ("kilos", "miles"), and "kilos" for "pounds" is a spinner's swap (the
# hand-spun must-flag story f-story-flood-heavy).
UNIT_ABBREVIATIONS = TIME_ABBREVIATIONS | frozenset(_w(
    "s ms h d m cm mm km g mg kg t l ml cl lb lbs oz ft mi mph psi rpm atm cal kcal ha"))
_EXPONENT_SIGNS = frozenset(("-", "\u2212", "\u207b"))  # yr-1, yr−1, yr⁻¹


# Social posts mark themselves with emoji, hashtags and @mentions as chat does with "tmrw":
# "Last yr I ran my first 5k 💪 #goals" had its "yr" found (-> year), and two casual posts
# with "this yr" and one other wording were labelled spun in a probe of short texts (model
# card item 145). An email address's "@" and a "#" inside a word ("C#", "issue#12") are
# neither.
def _is_emoji(s: str) -> bool:
    return any(0x1F000 <= ord(c) <= 0x1FAFF or 0x2600 <= ord(c) <= 0x27BF for c in s)


def chat_shorthand(tokens: Sequence[Token]) -> bool:
    """Whether the text of ``tokens`` writes as chat and posts do: shorthand such as "tmrw"
    (:data:`_TEXT_SPEAK`), an emoji, a hashtag or an @mention, as analysts' notes do
    ("yr/yr", :data:`_PER_PERIOD`), or as technical notes do (units of time abbreviated
    after numbers, rates per "yr": :data:`TIME_ABBREVIATIONS`). There "yr" is the writer's
    own abbreviation, neither a number form nor a substitution."""
    v = _View(tokens)
    return v.text_speak or v.abbreviates_time


def unit_after_number(tokens: Sequence[Token], k: int) -> bool:
    """Whether token ``k`` follows a number as its unit: after a space or glued ("5 yr",
    "5yr"), or after a hyphen glued to both ("100-yr", "5-mo-old")."""
    if k < 1:
        return False
    prev = tokens[k - 1]
    if prev.kind == "number":
        return True
    return (k >= 2 and prev.text in HYPHENS and tokens[k - 2].kind == "number"
            and tokens[k - 2].end == prev.start and prev.end == tokens[k].start)


def is_year_abbreviation(norm: str) -> bool:
    """Whether ``norm`` is "yr", "yrs" or one of their possessives."""
    return norm in _YR


# A heading's words are capitalised by house style, not by a spinner's dictionary: a
# history textbook's chapter "Britain in the Nineteen Sixties", a screenplay's title card
# "NINETEEN FORTY-THREE" (a probe of new registers, model card item 189).
HEADING_MAX_WORDS = 12
_LINE_WORD = re.compile(r"[^\W\d_]{4,}")


class _View:
    """Token look-ups that tolerate running off either end (``text``: what the tokens'
    offsets index, where lines are known)."""

    def __init__(self, tokens: Sequence[Token], text: str | None = None) -> None:
        self.t = tokens
        self.text = text
        self._text_speak: bool | None = None
        self._abbreviates_time: bool | None = None
        self._american: bool | None = None

    @property
    def american(self) -> bool:
        """Whether the text spells as American writers do (:data:`_AMERICAN`), who write
        "percent" where British, Irish, Indian and Australian writers write "per cent"."""
        if self._american is None:
            self._american = any(t.kind == "word" and t.norm.lower() in _AMERICAN
                                 for t in self.t)
        return self._american

    @property
    def text_speak(self) -> bool:
        """Whether the text uses chat shorthand (:data:`_TEXT_SPEAK`), an emoji, a hashtag
        or an @mention anywhere."""
        if self._text_speak is None:
            self._text_speak = any(
                (t.kind == "word" and t.norm.lower() in _TEXT_SPEAK)
                or (t.kind == "punct" and _is_emoji(t.text))
                or (t.text in ("#", "@") and self.glued(k, k + 1)
                    and self.t[k + 1].kind == "word" and (k == 0 or not self.glued(k - 1, k)))
                or (t.text == "/" and self.glued(k - 1, k) and self.glued(k, k + 1)
                    and self.norm(k - 1) in _PER_PERIOD and self.norm(k + 1) in _PER_PERIOD)
                for k, t in enumerate(self.t))
        return self._text_speak

    @property
    def abbreviates_time(self) -> bool:
        """Whether the text abbreviates units of time after numbers (:data:`TIME_UNITS_NEEDED`
        times: "30 yr", "14 mo", "100-yr") or writes a rate per "yr" ("mm/yr", "yr-1")."""
        if self._abbreviates_time is None:
            units = 0
            for k, t in enumerate(self.t):
                if t.kind != "word" or t.norm.lower() not in TIME_ABBREVIATIONS:
                    continue
                if self.norm(k) in _YR and (
                        (self.norm(k - 1) == "/" and self.glued(k - 1, k))
                        or (self.norm(k + 1) in _EXPONENT_SIGNS and self.glued(k, k + 1)
                            and self.norm(k + 2) in ("1", "\u00b9"))):
                    units = TIME_UNITS_NEEDED
                elif unit_after_number(self.t, k):
                    units += 1
                if units >= TIME_UNITS_NEEDED:
                    break
            self._abbreviates_time = units >= TIME_UNITS_NEEDED
        return self._abbreviates_time

    def __call__(self, i: int) -> Token | None:
        return self.t[i] if 0 <= i < len(self.t) else None

    def norm(self, i: int) -> str:
        tok = self(i)
        return tok.norm.lower() if tok else ""

    def glued(self, i: int, j: int) -> bool:
        """Tokens i and j (j = i + 1) touch, with no space between them."""
        a, b = self(i), self(j)
        return bool(a and b and a.end == b.start)

    def sentence_first(self, i: int, radius: int) -> int:
        """The first token of token i's sentence, at most ``radius`` tokens back."""
        j = i
        while j > max(0, i - radius) and not self.sentence_start(j):
            j -= 1
        return j

    def sentence_last(self, i: int, radius: int) -> int:
        """The last token of token i's sentence (its full stop), at most ``radius`` tokens
        on."""
        j = i
        while j < min(len(self.t) - 1, i + radius) and not (
            (tok := self(j)) is not None and tok.kind == "punct" and tok.text in _SENT_END
        ):
            j += 1
        return j

    def in_heading(self, i: int) -> bool:
        """Token i stands on a line of at most :data:`HEADING_MAX_WORDS` words whose every
        word of four letters or more is capitalised."""
        tok, text = self(i), self.text
        if tok is None or text is None:
            return False
        a = max(text.rfind("\n", 0, tok.start), text.rfind(BLOCK, 0, tok.start)) + 1
        ends = [k for k in (text.find("\n", tok.end), text.find(BLOCK, tok.end)) if k >= 0]
        line = text[a : min(ends, default=len(text))]
        words = _LINE_WORD.findall(line)
        return (bool(words) and len(line.split()) <= HEADING_MAX_WORDS
                and all(w[0].isupper() for w in words))

    def sentence_start(self, i: int) -> bool:
        """Token i opens a sentence (or a quotation, or the text)."""
        j = i - 1
        while (p := self(j)) is not None and p.kind == "punct" and p.text in _QUOTES:
            j -= 1
        p = self(j)
        if p is None:
            return True
        if p.kind == "punct" and p.text in _SENT_END:
            q = self(j - 1)
            return not (p.text == "." and q is not None and q.norm.lower() in _ABBREV_BEFORE_DOT)
        return False


def _is_plural_noun(tok: Token | None) -> bool:
    if tok is None or tok.kind != "word" or not tok.text.islower():
        return False
    w = tok.norm
    if w in _IRREGULAR_PLURALS:
        return True
    return len(w) >= 3 and w.endswith("s") and not w.endswith(_NOT_PLURAL_S)


def _technical(v: _View, i: int, radius: int = 10) -> int:
    """How many other numbers and operators sit within ``radius`` tokens of token i."""
    n = 0
    for j in range(i - radius, i + radius + 1):
        tok = v(j)
        if j == i or tok is None:
            continue
        if tok.kind == "punct" and tok.text in _MATH:
            n += 1
        elif tok.kind == "number" and (
            "." in tok.text or ":" in tok.text or v.norm(j + 1) in _UNIT_WORDS
            or (v.glued(j, j + 1) and v.norm(j + 1) in _JOINERS)
            or (v.glued(j - 1, j) and v.norm(j - 1) in _JOINERS)
        ):
            n += 1  # decimals, times, measurements, scores and ranges; not counts or years
    return n


def _small_digit(v: _View, i: int) -> tuple[float, int, int] | None:
    """Strength and token span for a lone digit 1-9 used as a determiner or pronoun."""
    prev, nxt = v(i - 1), v(i + 1)
    if _the_2_quoting(v, i):
        return 0.7, i - 1, i  # 'The 2 “agreed that ...”': a news story's subject, spun
    # Must stand alone between spaces and be followed by a word: this rules out "(2)",
    # "$2", "v2", "2%", "2-1", "1.", "2:30", "2/3", list markers and sentence-final counts.
    if nxt is None or nxt.kind != "word" or v.glued(i, i + 1) or v.glued(i - 1, i):
        return None
    if nxt.norm in _UNIT_WORDS or nxt.norm in _MONTHS or not nxt.text[:1].islower():
        return None
    if nxt.norm in ("o", "of") and v.norm(i + 2) in ("'", "clock"):
        return None
    start = v.sentence_start(i)
    pnorm = prev.norm.lower() if prev else ""
    the_start = pnorm == "the" and v.sentence_start(i - 1)  # "The 2 agreed"
    if prev is not None and not start and not the_start:
        if prev.kind == "number" or (prev.kind == "punct" and prev.text in _MATH | _LIST_MARKS):
            return None  # ranges, formulas, list bullets
        if prev.kind == "word":
            if pnorm in _REFERENCE_WORDS or pnorm in _MONTHS:
                return None
            if prev.text[:1].isupper() and pnorm not in _DETERMINERS:
                return None  # "Apollo 11", "Windows 7 users", "Python 3 code"
            if pnorm in ("at", "by", "from", "between", "to", "and", "or") and (
                v(i + 2) and v(i + 2).kind == "number"  # type: ignore[union-attr]
            ):
                return None
    after = v(i + 2)
    if after is not None and (after.kind == "number" or after.text in ("-", "–", "×", "/")) and (
        after.kind == "number" or not _is_plural_noun(nxt)
    ):
        return None  # "2 to 3", "2 x 3", "2 or 3 times"
    if nxt.norm in ("to", "or", "and", "x", "by", "out", "in") and after and after.kind == "number":
        return None
    determiner = pnorm in _DETERMINERS and not start and not the_start
    if nxt.norm in _DURATION_WORDS and v.norm(i + 2) == "old":
        return None  # ages: "6 years old"
    if nxt.norm in _DURATION_WORDS:
        strength = 0.3 if determiner else 0.2
    elif determiner and _is_plural_noun(nxt):
        strength = 0.75
    elif determiner and nxt.norm == "of":
        strength = 0.7  # "the 2 of them"
    elif the_start:
        strength = 0.7  # "The 2 agreed", "The 2 nations"
    elif pnorm == "the" and not start:
        strength = 0.55  # "the 2 main parties"
    elif start:
        strength = 0.5  # "2 men were arrested": style guides spell out at a sentence start
    elif nxt.norm == "of" and v.norm(i + 2) in ("the", "them", "us", "those", "these", "its"):
        strength = 0.35  # "2 of the": also "scored 8 of the goals" in sport and notes
    elif _is_plural_noun(nxt):
        strength = 0.3  # "signed 2 agreements": also normal in notes and technical writing
    else:
        return None
    n_tech = _technical(v, i)
    if n_tech >= 2:
        strength *= 0.35
    elif n_tech == 1:
        strength *= 0.7
    if strength < 0.15:
        return None  # a count among measurements: ordinary technical writing
    first = i - 1 if the_start else i
    return round(strength, 3), first, i


def _the_2_quoting(v: _View, i: int) -> bool:
    """Token i is the digit of a sentence-opening "The 2" followed by a quotation that goes
    on in lower case ('The 2 “agreed that ...”'): news writing's "The two agreed", with the
    quotation mark between the subject and its verb. The mark must open the quotation (a
    space before it, the word glued after it)."""
    prev, mark, word = v(i - 1), v(i + 1), v(i + 2)
    return (
        prev is not None and prev.norm.lower() == "the" and v.sentence_start(i - 1)
        and mark is not None and mark.kind == "punct" and mark.text in _OPENING_QUOTES
        and not v.glued(i, i + 1) and not v.glued(i - 1, i)
        and word is not None and word.kind == "word" and word.text[:1].islower()
        and v.glued(i + 1, i + 2)
    )


def _ordinal_digit(v: _View, i: int) -> float | None:
    tok = v(i)
    m = _ORD_SUFFIX_RE.match(tok.norm.lower()) if tok else None
    if not m or not 1 <= int(m.group(1)) <= 9 or _suffix(int(m.group(1))) != m.group(2):
        return None
    prev, nxt = v(i - 1), v(i + 1)
    if v.glued(i - 1, i) or (v.glued(i, i + 1) and nxt is not None and nxt.text not in ",;."):
        return None
    pn, nn = v.norm(i - 1), v.norm(i + 1)
    if pn in _MONTHS or nn in _MONTHS or (nn == "of" and v.norm(i + 2) in _MONTHS):
        return None
    if v.norm(i - 2) in _MONTHS or v.norm(i + 2) in _MONTHS:
        return None
    if nxt is not None and nxt.kind == "word" and nxt.text[:1].isupper():
        return None  # "2nd Avenue", "1st Battalion"
    if nn in _RANK_NOUNS:
        return None  # "the 5th seed", "1st place", "the 3rd floor": digits are the norm
    start = v.sentence_start(i)
    # "a third suspect" spun is "a 3rd suspect": an article counts as a determiner here.
    determiner = pn in _DETERMINERS or pn in ("a", "an")
    if prev is not None and prev.kind == "word" and prev.text[:1].isupper() and not start \
            and not determiner:
        return None
    if pn in ("finished", "placed", "came", "ranked", "seeded", "was", "is", "in", "at"):
        return None  # results tables and placings: "finished 2nd"
    if nxt is None or nxt.kind != "word":
        return None
    if any((t := v(j)) is not None and t.kind == "number"
           for j in range(v.sentence_first(i, 6), v.sentence_last(i, 6) + 1) if j != i):
        return None  # placings and results: "2nd in the sprint and 3rd in the relay"
    strength = 0.4 if determiner or start else 0.25
    if _technical(v, i) >= 2:
        strength *= 0.5
    return strength


def find_anomalies(tokens: Sequence[Token], text: str | None = None) -> list[NumberAnomaly]:
    """Number and word-form anomalies in ``tokens`` (from :func:`detector.tokens.tokenize`
    of ``text``, which tells headings apart where given), in text order, non-overlapping.
    See :class:`NumberAnomaly` for the fields and the scale of ``strength``."""
    v = _View(tokens, text)
    out: list[NumberAnomaly] = []
    taken = -1  # last token index already inside an anomaly

    def add(a: int, b: int, canonical: str, kind: str, strength: float) -> None:
        nonlocal taken
        out.append(NumberAnomaly(a, b, canonical, kind, round(strength, 3),
                                 tokens[a].start, tokens[b].end))
        taken = b

    n = len(tokens)
    i = 0
    while i < n:
        if i <= taken:
            i += 1
            continue
        tok = tokens[i]
        norm = tok.norm.lower()
        if tok.kind == "word" and norm in _TRIGGERS:
            got = _word_anomaly(v, i)
            if got:
                add(*got)
                i = taken + 1
                continue
        elif tok.kind == "number" and (got_p := _digit_plural(v, i)) is not None:
            b, canon = got_p
            add(i, b, _cap(canon, "X") if v.sentence_start(i) else canon, "digit-plural",
                DIGIT_PLURAL_STRENGTH)
            i = taken + 1
            continue
        elif tok.kind == "number" and (got := (
                _per_cent(v, i) if v.norm(i + 1) == "p"
                else _twelve_months(v, i) if tok.text == "12" else None)) is not None:
            add(*got)
            i = taken + 1
            continue
        elif tok.kind == "number" and len(tok.text) <= 3:
            if tok.text in _SMALL_WORDS:
                got_d = _small_digit(v, i)
                if got_d:
                    strength, a, b = got_d
                    word = _SMALL_WORDS[tok.text]
                    canon = _cap(f"the {word}", tokens[a].text) if a < b else word
                    if a == b and v.sentence_start(i):
                        canon = _cap(word, "X")
                    add(a, b, canon, "small-digit", strength)
            elif (s := _ordinal_digit(v, i)) is not None:
                word = ordinal_to_words(int(norm[:-2]))
                add(i, i, _cap(word, "X") if v.sentence_start(i) else word, "ordinal-digit", s)
        i += 1
    return out


# "p.c" for "percent" after a number: a spinner's dictionary abbreviates it ("shares rose 2.5
# p.c"). Edited prose writes "%", "percent", "per cent" or, in some British papers, "pc"
# run on ("40pc"); no number is followed by "p.c" in 74.6M words of the natural corpus,
# this machine's /usr/share/doc, info pages and fortunes. (Older British print wrote "5 p.c.",
# which today's writers do not: an adversarial probe's Victorian company report and interwar
# money-market column, model card item 162, and its 1980s "286 p.c." for a computer. So,
# like a lone digit, "p.c" is a finding only in spun company: detector.analyzer's
# WEAK_NUMBER_KINDS.)
def _per_cent(v: _View, i: int) -> tuple[int, int, str, str, float] | None:
    """A spinner's "p.c" after the number at token i. A full stop after it ("12 p.c. on
    Thursday") is not part of the finding, which covers words only: restore leaves it."""
    p, c = v(i + 1), v(i + 3)
    if not (p is not None and p.text == "p" and c is not None and c.text == "c"
            and v.norm(i + 2) == "." and v.glued(i + 1, i + 2) and v.glued(i + 2, i + 3)):
        return None  # "Windows 10 P.C.": a personal computer
    after = v(i + 5)
    if v.norm(i + 4) in _PC_NOUNS or (v.norm(i + 4) == "." and v.norm(i + 5) in _PC_NOUNS):
        return None  # "10 p.c. boards", "the new 386 p.c. models": circuits and computers
    if v.glued(i + 3, i + 4):
        if v.norm(i + 4) != "." and v.norm(i + 4) not in _CLOSING:
            return None  # "p.cs", "p.c2"
        if v.norm(i + 4) == "." and after is not None and v.glued(i + 4, i + 5) and (
                after.kind != "punct" or after.text == "."):
            return None  # "p.c.b.": a printed circuit board
    return i + 1, i + 3, "percent" if v.american else "per cent", "per-cent", 0.7


# Common words that only American spelling writes, and its "percent". "p.c." is the old
# British abbreviation of "per cent", which is read where nothing says the text is American:
# of the 18 "p.c" in bench/spinner_styles.py's texts, 13 stood for "per cent", and the
# American texts among the rest had no such word either (two had "percent" spun too).
_AMERICAN = frozenset(_w(
    "percent color colors colored favor favors favorite labor behavior behaviors neighbor "
    "neighbors neighborhood honor honors center centers organization organizations organized "
    "organizing recognized realized criticized apologize defense license traveled traveling "
    "analyze analyzed catalog jewelry aluminum meters kilometers liters theater fiber rumor "
    "harbor"))


# What "p.c." qualifies when it is a printed circuit or a personal computer (an adversarial
# probe, model card item 162).
_PC_NOUNS = frozenset(_w(
    "board boards card cards model models compatible compatibles clone clones user users "
    "software hardware version versions game games maker makers market keyboard monitor"))
_CLOSING = frozenset((",", ";", ":", ")", "!", "?", "]"))


# "12 months" for "year": the other rendering of "year" in spinners' dictionaries beside "yr"
# ("Final 12 months the identical area misplaced water", "earlier this 12 months", "New 12
# months's Eve"). Edited English writes twelve months as a period ("the last 12 months", "in
# the 12 months ahead", "every 12 months"). None of the forms below occurs among the natural
# corpus's 12 uses of "12 months" or in 72.8M words of this machine's /usr/share/doc, info
# pages and fortunes; but two adversarial probes of natural texts written to trip the rule
# (model card items 162 and 164) found what the page's grep did not: periods with an
# adjective ("a turbulent final 12 months at the club", "his brave final 12 months"), list
# labels ("Final 12 months: equal instalments", "Remaining 12 months, $2,750/month"),
# a casual "a 12 months" for a 12-month contract ("I'd rather do a 12 months before ..."),
# a non-native "12 months's basic salary" and "3 months-end, 6 months-end and 12
# months-end", headings ("Our New 12 Months Sale"). So "12 months" is a year only where no
# period reads: "Final 12 months" ("closing", "remaining", "ultimate") opening a sentence and
# followed by a determiner or pronoun, "earlier/later this 12 months" ending its phrase, "a
# 12 months ago", "a 12 months in the past", "New 12 months's Eve" and "12 months-on-12
# months". The spinner_styles bench's spinbot manner, written by a helper from what such
# tools print, has one ("Final 12 months the identical area").
_TWELVE_MONTHS = frozenset(("months", "months's"))
_LAST_AS = {"final": "last", "closing": "last", "remaining": "last", "ultimate": "last"}
# What opens the rest of a clause after a spinner's sentence-opening "Final 12 months" read
# as "last year" ("Final 12 months the area misplaced water", "Final 12 months, we ..."):
# a determiner or a pronoun. Not a colon or a noun: "Final 12 months: equal instalments",
# "Remaining 12 months, $2,750/month", "Final 12 months review" (adversarial probes, model
# card items 162 and 164).
_CLAUSE_OPENERS = frozenset(_w(
    "the a an its their his her our my we it he she they i you there this these those"))
# "New Year" is a holiday before these ("New 12 months's Eve", "New 12 months's Day").
_NEW_YEAR_AFTER = frozenset(_w("eve day resolution resolutions celebration celebrations"))


def _twelve_months(v: _View, i: int) -> tuple[int, int, str, str, float] | None:
    """A spinner's "12 months" for "year" at token i (the "12"); see :data:`_TWELVE_MONTHS`."""
    months = v(i + 1)
    if months is None or months.kind != "word" or months.norm.lower() not in _TWELVE_MONTHS or (
            v.glued(i, i + 1)) or not months.text.islower():
        return None  # "Our New 12 Months Sale": a heading's own capitals
    year = "year's" if months.norm.lower().endswith("'s") else "year"
    if "’" in months.text:
        year = year.replace("'", "’")
    prev, before, after = v.norm(i - 1), v.norm(i - 2), v.norm(i + 2)
    if v.glued(i + 1, i + 2) and after in ("-", "‐"):
        # "12 months-on-12 months" (not "12 months-end", which a writer's "3 months-end, 6
        # months-end and 12 months-end" has)
        word = v.norm(i + 3)
        if word in ("on", "over") and v.norm(i + 4) in ("-", "‐") and v(i + 5) is not None \
                and v(i + 5).text == "12" and v.norm(i + 6) == "months":  # type: ignore[union-attr]
            return i, i + 6, f"year-{word}-year", "abbreviation", 0.85
        return None
    clause = after in _CLAUSE_OPENERS or (year != "year" and v.norm(i + 3) in _CLAUSE_OPENERS)
    if prev in _LAST_AS and v.sentence_start(i - 1) and clause:
        prev_tok = v(i - 1)
        canon = _cap(f"{_LAST_AS[prev]} {year}", prev_tok.text)  # type: ignore[union-attr]
        return i - 1, i + 1, canon, "abbreviation", 0.85
    if prev == "new" and v(i - 1).text == "New" and after in _NEW_YEAR_AFTER:  # type: ignore[union-attr]
        return i, i + 1, year.capitalize(), "abbreviation", 0.85  # "New 12 months's Eve"
    if prev == "this" and before in ("earlier", "later") and (
            after in _CLAUSE_OPENERS or after in _CLOSING or after == "." or v(i + 2) is None
            or year != "year"):
        return i, i + 1, year, "abbreviation", 0.85
    if prev == "a":
        if (past := _in_the_past(v, i + 1)) is not None:  # "a 12 months in the past"
            return i, past, "year ago", "abbreviation", 0.85
        if after == "ago":
            return i, i + 1, year, "abbreviation", 0.85
    return None


# "1000's of" for "thousands of": a spinner's dictionary writes the round number in digits
# with an apostrophe; edited prose never does (none in the natural corpus, once in all of
# this machine's /usr/share/doc, "100's of"). Without the apostrophe ("1000s of") it is
# ordinary informal writing, and is left alone.
_DIGIT_PLURALS = {"10": "tens of", "100": "hundreds of", "1000": "thousands of",
                  "1,000": "thousands of", "1000000": "millions of", "1,000,000": "millions of"}
DIGIT_PLURAL_STRENGTH = 0.6


def _digit_plural(v: _View, i: int) -> tuple[int, str] | None:
    """The last token and canonical form of "1000's of" starting at number token ``i``."""
    canon = _DIGIT_PLURALS.get(v(i).text)  # type: ignore[union-attr]
    if canon is None:
        return None
    apostrophe, s, of = v(i + 1), v(i + 2), v(i + 3)
    if not (apostrophe and s and of and apostrophe.text in ("'", "’") and s.norm == "s"
            and of.norm == "of" and v.glued(i, i + 1) and v.glued(i + 1, i + 2)):
        return None
    return i + 3, canon


def _run(v: _View, i: int) -> list[int]:
    """Indices of the number words starting at i, across hyphens: "nineteen - ninety - five"
    gives the word indices [i, i+2, i+4]."""
    idx = []
    j = i
    while (tok := v(j)) is not None and tok.kind == "word" and (
        tok.norm in _NUMBER_WORDS or tok.norm in _DECADES or tok.norm in ("oh", "and")
        or (tok.norm == "thousands" and idx and v.norm(idx[-1]) == "two")
    ):
        if tok.norm in ("oh", "and") and not idx:
            break
        idx.append(j)
        nxt = v(j + 1)
        if nxt is not None and nxt.text in ("-", "‐") and v.glued(j, j + 1) and v.glued(
            j + 1, j + 2
        ):
            j += 2
        else:
            j += 1
    while idx and v.norm(idx[-1]) in ("and", "oh"):
        idx.pop()
    return idx


def _title_mid_sentence(v: _View, idx: list[int]) -> bool:
    """All words of the span capitalised although the span does not open a sentence."""
    return not v.sentence_start(idx[0]) and all(v(k).text[:1].isupper() for k in idx)  # type: ignore[union-attr]


def _word_anomaly(v: _View, i: int) -> tuple[int, int, str, str, float] | None:
    norm = v.norm(i)
    # "tens of hundreds", "hundreds of hundreds", "thousands of hundreds"
    if norm in _MAGNITUDES and v.norm(i + 1) == "of" and v.norm(i + 2) in _MAGNITUDES:
        m1, m2 = _MAGNITUDES[norm], _MAGNITUDES[v.norm(i + 2)]
        if m2 > m1 and m2 >= 3:
            return None  # "tens of thousands", "hundreds of millions"
        if m2 <= 2 and m1 <= 2:
            canon, s = f"{norm} of thousands", 0.85
        elif m1 > m2:
            canon, s = f"{_MAG_NAMES[m2]} of {_MAG_NAMES[m1]}" if m2 >= 2 else "", 0.6
            if not canon:
                return None  # "thousands of tens": odd but not a spinner pattern
        else:
            canon, s = _MAG_NAMES.get(m1 + 3, "") or f"{norm} of {norm}", 0.4
        return i, i + 2, _cap(canon, v(i).text), "magnitude-idiom", s  # type: ignore[union-attr]
    # "a whole bunch of hundreds" (hundreds of thousands), "a bunch of millions"
    for phrase, s in _QUANT_BY_FIRST.get(norm, ()):
        k = len(phrase)
        if all(v.norm(i + j) == phrase[j] for j in range(1, k)):
            mag = v.norm(i + k)
            second = v(i + k)
            if mag == "of" and phrase in _HUNDREDS_AS and second is not None and (
                    second.text == "of" and not v.glued(i + k, i + k + 1)):
                # Of a set the text names, a count is "many of" ("loads of of the children");
                # otherwise a spinner's "tons" is likelier "hundreds" ("tons of of
                # individuals").
                canon = "many of" if v.norm(i + k + 1) in _SET_OPENERS or (phrase[0] in (
                    "loads", "heaps", "a") and phrase != ("a", "whole", "bunch", "of")) else (
                    "hundreds of")
                return i, i + k, _cap(canon, v(i).text), "doubled-of", 0.6  # type: ignore[union-attr]
            if mag in ("hundreds", "thousands", "millions", "billions"):
                if v.norm(i + k + 1) == "of" and v.norm(i + k + 2) in _MAGNITUDES:
                    return None  # "a lot of hundreds of ..." is someone else's problem
                big = "thousands" if mag == "hundreds" else mag
                strength = s if mag == "hundreds" else s * 0.7
                return i, i + k, _cap(f"hundreds of {big}", v(i).text), "magnitude-idiom", strength  # type: ignore[union-attr]
            return None
    # "one of many three nations", "one of many best" -> "one of the"
    if norm == "one" and v.norm(i + 1) == "of" and v.norm(i + 2) == "many":
        nxt = v(i + 3)
        if nxt is not None and v.norm(i + 4) not in ("-", "‐") and (
            nxt.kind == "number" or nxt.norm in _UNITS or nxt.norm in _TENS
            or nxt.norm in _SUPERLATIVES or (nxt.norm.endswith("est") and len(nxt.norm) > 5)
        ):
            return i, i + 2, _cap("one of the", v(i).text), "number-phrase", 0.9  # type: ignore[union-attr]
    # "final yr" -> "last year"; "yr" in prose
    if norm in _YR and (not v.glued(i, i + 1) or v.norm(i + 1) in (".", ",")):
        prev = v(i - 1)
        if prev is not None and prev.kind == "number":
            return None  # "5 yr survival": a unit
        if v.norm(i + 1) == "-" or v.norm(i - 1) == "-":
            return None  # "5-yr", "yr-on-yr" tables
        if v.norm(i - 1) == "/" and v.glued(i - 1, i):
            # "0.6 m²/yr, against ...": a unit of rate (a peer review of a geotechnical
            # paper, model card item 224); a spinner's "yr" follows a word ("final yr").
            return None
        if v.text_speak or v.abbreviates_time:
            return None  # shorthand among shorthand
        pn = v.norm(i - 1)
        # The text's own apostrophe, straight or curly.
        full = _YR[norm].replace("'", "’") if "’" in v(i).text else _YR[norm]  # type: ignore[union-attr]
        if year_of_study(v.norm(i - 2), pn, v.norm(i + 1)):
            return i, i, full, "abbreviation", 0.3
        if pn in ("final", "closing", "remaining", "ultimate", "subsequent", "previous"):
            canon = f"{_YR_BEFORE[pn]} {full}"
            return i - 1, i, _cap(canon, v(i - 1).text), "abbreviation", 0.85  # type: ignore[union-attr]
        if pn in _YR_DET or v.norm(i + 1) in ("ago", "old", ".", ","):
            return i, i, full, "abbreviation", 0.5
        return None  # "thanks for yr help": "yr" is also chat shorthand for "your"
    if norm not in _NUMBER_WORDS and norm not in _DECADES:
        return None
    prev = v(i - 1)
    if prev is not None and prev.kind == "word" and prev.norm in _NUMBER_WORDS and not (
        v.glued(i - 1, i)
    ):
        return None  # inside a longer number already looked at
    idx = _run(v, i)
    if len(idx) < 2:
        return None
    words = [v.norm(k) for k in idx]
    after = v(idx[-1] + 1)
    # Decades: "the Nineteen Nineties", "the nineteen-eighties", "the two thousands"
    for cut in range(len(idx), 1, -1):
        sub = words[:cut]
        dec = _decade(sub)
        if dec is not None and len(sub) >= 2:
            if v.norm(idx[cut - 1] + 1) == "of":
                return None  # "nineteen hundreds of people": a count, however odd
            span = idx[:cut]
            if v.glued(span[0], span[0] + 1):
                # "the nineteen-nineties", "the Nineteen-Sixties": a house style of some
                # literary magazines and histories. Spinners write the words apart ("the
                # Nineteen Nineties"); capitals alone made a history chapter's two decades
                # two findings and its passage spun.
                s = 0.4
            elif _title_mid_sentence(v, span):
                s = 0.4 if v.in_heading(span[0]) else 0.85
            elif sub[-1] == "hundreds" and not v(span[0]).text[:1].isupper():  # type: ignore[union-attr]
                # "the eighteen hundreds": a century as children's books, heritage panels
                # and Simple English say it, an idiom no spinner needs (it writes "the
                # Eighteen Hundreds" for "the 1800s", capitals and all). Five textbook and
                # encyclopedia texts of a probe had it as a finding (model card item 138).
                s = 0.4
            else:
                s = 0.6
            return span[0], span[-1], dec, "decade-words", s
    # Years: "nineteen ninety-five", "Nineteen Eighty Four"
    if after is not None and after.text in ("-", "‐") and v.glued(idx[-1], idx[-1] + 1):
        return None  # "eleven twelve-year-olds"
    if after is not None and after.kind == "word" and after.norm in _UNIT_WORDS | _SCALES.keys():
        return None
    for cut in range(len(idx), 1, -1):
        y = _year(words[:cut])
        if y is not None and cut == len(idx):
            if words[1] == "hundred" and v.norm(i - 1) not in ("in", "since", "of", "until", "by"):
                return None  # "nineteen hundred soldiers"
            s = 0.6 if _title_mid_sentence(v, idx) and not v.in_heading(idx[0]) else 0.3
            if y == 1984 and len(idx) == 3 and v.norm(idx[1] + 1) == "-":
                s = 0.2  # "Nineteen Eighty-Four", the novel
            if _is_plural_noun(after):
                return None
            return idx[0], idx[-1], str(y), "year-words", s
    # "in two thousand and eight"
    if words[:2] == ["two", "thousand"] and v.norm(i - 1) in ("in", "since", "until", "by"):
        val = words_to_number(words)
        if val is not None and 2000 <= val < 2100 and not _is_plural_noun(after) and (
            after is None or after.kind != "word" or after.norm in _YEAR_FOLLOWERS
        ):
            return idx[0], idx[-1], str(val), "year-words", 0.3
    return None
