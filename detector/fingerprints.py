"""Tortured-phrase fingerprints (``models/fingerprints.json``) and the learned inverse-spin
table (``models/spin_table.json``), both from the Problematic Paper Screener (PPS; Cabanac,
Labbé, Magazinov; CC BY 4.0).

**Fingerprints.** A PPS fingerprint is a query: required phrases (``"a" AND "b"``: the first
is the tortured phrase located in the text, the others must occur somewhere in the same
document or passage), excluded phrases (``NOT "c"``: presence cancels the match), and an
optional proximity window (``"w1 w2"~N``: the words of the phrase within N words of each
other, any order). :meth:`Matcher.find` scans normalised tokens
(:func:`detector.tokens.normalize`). Punctuation tokens are transparent inside a phrase
("man-in-the-middle" matches "man in the middle") except sentence and clause punctuation
(``. , ; : ! ?``), which a phrase never spans. Conditions ending in ``*`` are prefixes
("optimiz*").

**Spin table.** :func:`learn_spin_table` aligns each tortured phrase with its expected
phrase (position by position when the lengths match, otherwise a small edit-distance DP
that rewards identical words and thesaurus-linked words) and counts the word- and
phrase-level replacements ``spun -> original`` (huge -> big, profound -> deep, counterfeit
consciousness -> artificial intelligence), weighted by the number of papers. A replacement
aligned in the phrases of two different terms or more is *recurring* (organization ->
network, from "neural organization" and "convolutional neural organization"): a spinner's
dictionary entry, where a replacement seen in one term only may be the alignment's guess or
the term's own ("excessive benchmark" <- "stress test" gives excessive -> stress). The
result is plain data, so a table learned on some folds can be injected as
``SpinTable(data)``.
"""

from __future__ import annotations

import itertools
import math
import re
import threading
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from detector import resources
from detector.thesaurus import PHRASEBOOK, PPS, Candidate

__all__ = [
    "Match",
    "Matcher",
    "SpinTable",
    "align",
    "default",
    "default_phrasebook",
    "default_spin_table",
    "find",
    "learn_spin_table",
    "parse_query",
    "phrase_words",
    "tortured_phrase_of",
    "wording_of",
]

FP_FILENAME, FP_FORMAT, FP_VERSION = "fingerprints.json", "unspin-fingerprints", 1
# v2 adds "terms": the expected phrases themselves, a terminology list for the restorer.
ST_FILENAME, ST_FORMAT, ST_VERSION = "spin_table.json", "unspin-spin-table", 3
PB_FILENAME, PB_FORMAT, PB_VERSION = "phrasebook.json", "unspin-phrasebook", 1
CREDIT = "Problematic Paper Screener, Cabanac, Labbé, Magazinov, CC BY 4.0"

_WORD_RE = re.compile(r"\d+(?:[.,:]\d+)*\w*|[^\W\d_]+(?:['’][^\W\d_]+)*|\*")
_BREAKS = frozenset(".,;:!?")
_BREAK = "\x00"
_PARENS = re.compile(r"\([^)]*\)")
_PLAIN = re.compile(r"[a-z]+(?: [a-z]+)*")


# The screener's expected phrases are written for people: some carry notes ("social
# influence, see https://...", "The word 'are' as in the conjugated verb 'be', see ...",
# "Search and replace of cell -> mobile"), optional words in brackets ("supervised [machine]
# learning"), or alternatives ("fault analysis/diagnosis", "brain cancer / brain tumors").
# Restore put them into the text as they stand ("The results The word 'are' as in ..."); a
# suggestion is one wording (model card item 146).
_NOTE = re.compile(r",?\s*see\s+https?://\S+", re.I)
_THE_WORD = re.compile(r"the word [‘'\"](\w+)[’'\"]", re.I)
_OPTIONAL = re.compile(r"\s*\[([a-z ]*)\]\s*")
_ELLIPSIS = re.compile(r"\s*\[(?:\.\.\.|…)\]")
# Alternatives of single words ("fault analysis/diagnosis", "contagious/transmissible
# diseases"), not a compound ("hand-crafted") nor a whole "master/slave".
_WORD_ALTERNATIVES = re.compile(r"\b([A-Za-z][a-z]+)(?:/[A-Za-z][a-z]+)+(?=\s|$)")
_NOT_A_WORDING = ("http", "->", " AND ", " OR ", " NOT ", "[?]", "‘", "“", "”", '"',
                  "unclear", "paraphrased", "qualifies")


def wording_of(expected: str, phrase: str = "") -> str:
    """The wording an expected phrase of the screener names, for a suggestion in place of
    ``phrase`` (the tortured phrase): notes left out, optional bracketed words too unless
    the wording would have fewer words than ``phrase`` ("enveloped [virus]" for
    "encompassed virus"), and alternatives but the first ("" when it names none)."""
    e = " ".join(expected.split()).strip('\\"')
    if m := _THE_WORD.match(e):
        return m.group(1)
    e = _ELLIPSIS.sub("", _NOTE.sub("", e))
    if any(x in e for x in _NOT_A_WORDING):
        return ""
    if "[" in e:
        short = _OPTIONAL.sub(" ", e).replace("[", "").replace("]", "")
        whole = e.replace("[", "").replace("]", "")
        e = short if len(short.split()) >= len(phrase.split()) else whole
    if " / " in e:
        e = e.split(" / ")[0]
    elif "/ " in e or " /" in e:
        return ""
    elif "/" in e and " " not in e:
        return e  # one compound: "master/slave", "TCP/IP"
    elif "/" in e:
        # Alternatives of words ("Automated Storage/Retrieval Systems") or of phrases
        # ("economic development/profit growth", "digital crime/cyber crime"): the reading
        # whose length is nearer the tortured phrase's.
        words = _WORD_ALTERNATIVES.sub(r"\1", e)
        first = e.partition("/")[0]
        n = len(phrase.split())
        e = words if not n or " " not in first else min(
            (words, first), key=lambda w: abs(len(w.split()) - n))
    return " ".join(e.split())


class _Context(frozenset):
    """The words of a text and the AND/NOT condition phrases that occur in it
    (:meth:`Matcher.context`)."""

    __slots__ = ()


def phrase_words(phrase: str) -> tuple[str, ...]:
    """The normalised words of a phrase (punctuation dropped, ``*`` kept as a suffix)."""
    text = phrase.replace("’", "'").lower()
    if _PLAIN.fullmatch(text):
        # Most fingerprints are plain words and spaces: the tokeniser's answer is the split
        # (building the matcher tokenises ~6,000 phrases at every start).
        return tuple(text.split())
    out: list[str] = []
    for m in _WORD_RE.finditer(text):
        w = m.group()
        if w == "*" and out:
            out[-1] += "*"
        elif w != "*":
            out.append(w)
    return tuple(out)


class Match(NamedTuple):
    """A fingerprint hit: token indices ``[start_index, end_index)`` into the words given to
    :meth:`Matcher.find`, the tortured ``phrase``, the ``expected`` wording and PPS paper
    count."""

    start_index: int
    end_index: int
    phrase: str
    expected: str
    papers: int


class _Fp(NamedTuple):
    words: tuple[str, ...]
    require: tuple[tuple[str, ...], ...]  # other required phrases
    exclude: tuple[tuple[str, ...], ...]
    window: int | None
    phrase: str
    expected: str
    papers: int


def _compress(norm_words: Sequence[str]) -> tuple[list[str], list[int]]:
    """Words only (breaking punctuation as a sentinel), with their original indices."""
    seq: list[str] = []
    idx: list[int] = []
    for i, w in enumerate(norm_words):
        if not w:
            continue
        c = w[0]
        if c.isalnum():
            seq.append(w)
            idx.append(i)
        elif w in _BREAKS and seq and seq[-1] != _BREAK:
            seq.append(_BREAK)
            idx.append(i)
    return seq, idx


class Matcher:
    """Fingerprint matcher built from the ``fingerprints`` list of the artifact (dicts with
    ``phrase``, ``require``, ``exclude``, ``window``, ``expected``, ``papers``)."""

    def __init__(self, fingerprints: Iterable[dict[str, Any]]) -> None:
        # Most of the ~6,000 fingerprints start with a word no given text contains, so the
        # index entry of a first word is built when a text first contains it (:meth:`_entry`;
        # building them all cost ~0.04 s of every cold start). Conditions and windowed
        # fingerprints are few and needed whole: parsed here.
        self._pending: dict[str, list[tuple[tuple[str, ...], dict[str, Any]]]] = defaultdict(
            list
        )
        self._window: list[_Fp] = []
        self._window_words: set[str] = set()
        self._conditions: set[tuple[str, ...]] = set()
        self._count = 0
        self._papers: dict[str, int] = defaultdict(int)
        for d in fingerprints:
            words = phrase_words(d["phrase"])
            if not words:
                continue
            self._count += 1
            if d.get("expected"):
                self._papers[" ".join(phrase_words(d["expected"]))] += int(d.get("papers", 0))
            windowed = bool(d.get("window")) and len(words) > 1
            if windowed or d.get("require") or d.get("exclude"):
                fp = self._parse(words, d)
                self._conditions.update(fp.require)
                self._conditions.update(fp.exclude)
            if windowed:
                self._window.append(fp)
                self._window_words.update(words)
            else:
                self._pending[words[0]].append((words, d))
        self._pending = dict(self._pending)
        # Two-level index: first word -> (one-word fingerprints, second word -> longer ones),
        # so that a common first word ("information") costs one more dict look-up, not a
        # comparison per fingerprint.
        self._index: dict[str, tuple[list[_Fp], dict[str, list[_Fp]]]] = {}
        self._cond_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        self._cond_prefix: list[tuple[str, ...]] = []
        for c in sorted(self._conditions):
            if any(w.endswith("*") for w in c):
                self._cond_prefix.append(c)
            else:
                self._cond_first[c[0]].append(c)

    @staticmethod
    def _parse(words: tuple[str, ...], d: dict[str, Any]) -> _Fp:
        req = [phrase_words(p) for p in d.get("require", ()) if p]
        req_t = tuple(r for r in req if r and r != words)
        exc = tuple(r for r in (phrase_words(p) for p in d.get("exclude", ())) if r)
        return _Fp(words, req_t, exc, d.get("window"), d["phrase"], d.get("expected", ""),
                   int(d.get("papers", 0)))

    def _entry(self, first: str) -> tuple[list[_Fp], dict[str, list[_Fp]]]:
        """The index entry of fingerprints starting with ``first``, which has some."""
        entry = self._index.get(first)
        if entry is not None:
            return entry
        pending = self._pending[first]
        # Built from the pending list without consuming it: two threads racing here build
        # the same entry, and neither can miss it.
        lst = sorted((self._parse(words, d) for words, d in pending),
                     key=lambda f: (-len(f.words), -f.papers))
        singles = [f for f in lst if len(f.words) == 1]
        longer: dict[str, list[_Fp]] = defaultdict(list)
        for f in lst:
            if len(f.words) > 1:
                longer[f.words[1]].append(f)
        entry = self._index[first] = (singles, dict(longer))
        return entry

    def __len__(self) -> int:
        return self._count

    def terms(self, min_papers: int) -> frozenset[str]:
        """The expected phrases of two words or more whose fingerprints were found in
        ``min_papers`` papers or more in all (normalised words, space-joined)."""
        return frozenset(t for t, n in self._papers.items() if n >= min_papers and " " in t)

    def context(self, norm_words: Sequence[str]) -> frozenset[str]:
        """The set to pass as ``text_words_set`` to :meth:`find` for a document or passage:
        its words plus every AND/NOT condition phrase (space-joined) that occurs in it."""
        seq, _ = _compress(norm_words)
        found: set[str] = set(seq)
        n = len(seq)
        for i, w in enumerate(seq):
            for c in self._cond_first.get(w, ()):
                k = len(c)
                if tuple(seq[i : i + k]) == c and k <= n - i:
                    found.add(" ".join(c))
        for c in self._cond_prefix:
            if len(c) == 1:
                stem = c[0][:-1]
                hit = any(w.startswith(stem) for w in found)
            else:
                hit = self._occurs(c, seq)
            if hit:
                found.add(" ".join(c))
        found.discard(_BREAK)
        return _Context(found)

    @staticmethod
    def _word_eq(pat: str, w: str) -> bool:
        return w.startswith(pat[:-1]) if pat.endswith("*") else w == pat

    def _occurs(self, c: tuple[str, ...], seq: Sequence[str]) -> bool:
        k = len(c)
        for i in range(len(seq) - k + 1):
            if all(self._word_eq(p, seq[i + j]) for j, p in enumerate(c)):
                return True
        return False

    @staticmethod
    def _holds(c: tuple[str, ...], ctx: frozenset[str] | set[str]) -> bool:
        if " ".join(c) in ctx:
            return True
        if len(c) == 1 and c[0].endswith("*"):
            stem = c[0][:-1]
            return any(w.startswith(stem) for w in ctx)
        # A text's context holds every condition phrase that occurs in it: a multiword
        # condition is a phrase ("deep learning"), not its words anywhere ("a deep approach
        # to learning" made "profound learning" a finding in an education paper). A plain
        # word set (a caller's) has no phrases: there it holds when all its words occur.
        return len(c) > 1 and not isinstance(ctx, _Context) and all(w in ctx for w in c)

    def _ok(self, fp: _Fp, ctx: frozenset[str] | set[str]) -> bool:
        return all(self._holds(c, ctx) for c in fp.require) and not any(
            self._holds(c, ctx) for c in fp.exclude
        )

    def find(
        self, norm_words: Sequence[str], text_words_set: frozenset[str] | set[str] | None = None
    ) -> list[Match]:
        """Fingerprint hits in ``norm_words`` (normalised tokens, punctuation included).

        AND/NOT conditions are checked against ``text_words_set`` (see :meth:`context`;
        a plain set of words also works) or, when it is None, against ``norm_words``
        itself. Overlapping hits are all returned, sorted by position and longest first.
        """
        seq, idx = _compress(norm_words)
        ctx: frozenset[str] | set[str] | None = text_words_set

        def conditions_hold(fp: _Fp) -> bool:
            # AND/NOT conditions look at the whole text; build its word set only when needed.
            nonlocal ctx
            if not (fp.require or fp.exclude):
                return True
            if ctx is None:
                ctx = self.context(norm_words)
            return self._ok(fp, ctx)

        out: list[Match] = []
        seen: set[tuple[int, int, str]] = set()
        n = len(seq)
        index, pending = self._index, self._pending
        for i, w in enumerate(seq):
            entry = index.get(w)
            if entry is None:
                if w not in pending:
                    continue
                entry = self._entry(w)
            cands = entry[0]
            if i + 1 < n:
                more = entry[1].get(seq[i + 1])
                if more:
                    cands = more + cands
            for fp in cands:
                k = len(fp.words)
                if i + k > n or (k > 2 and tuple(seq[i : i + k]) != fp.words):
                    continue
                if not conditions_hold(fp):
                    continue
                key = (i, k, fp.expected)
                if key in seen:
                    continue
                seen.add(key)
                out.append(Match(idx[i], idx[i + k - 1] + 1, fp.phrase, fp.expected, fp.papers))
            if i + 1 < n:
                for fp in self._plural_candidates(entry, seq, i):
                    k = len(fp.words)
                    if not conditions_hold(fp):
                        continue
                    expected = plural_of(fp.expected)
                    key = (i, k, expected)
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append(Match(idx[i], idx[i + k - 1] + 1, fp.phrase, expected,
                                     fp.papers))
        if self._window:
            out.extend(self._find_window(seq, idx, conditions_hold))
        out.sort(key=lambda m: (m.start_index, -m.end_index, -m.papers))
        return out

    @staticmethod
    def _plural_candidates(entry: tuple[list[_Fp], dict[str, list[_Fp]]], seq: Sequence[str],
                           i: int) -> list[_Fp]:
        """Fingerprints of two words or more that ``seq`` holds at ``i`` with their last word
        in the plural ("irregular woodlands", "profound neural organizations"): the list
        writes a phrase once, in the singular, and papers use both."""
        n = len(seq)
        out = [fp for s in singulars(seq[i + 1]) for fp in entry[1].get(s, ())
               if len(fp.words) == 2]
        out += [fp for fp in entry[1].get(seq[i + 1], ()) if len(fp.words) > 2
                and i + len(fp.words) <= n
                and tuple(seq[i : i + len(fp.words) - 1]) == fp.words[:-1]
                and fp.words[-1] in singulars(seq[i + len(fp.words) - 1])]
        return [fp for fp in out if not fp.words[-1].endswith("*")]

    def _find_window(self, seq, idx, conditions_hold) -> list[Match]:
        positions: dict[str, list[int]] = defaultdict(list)
        ww = self._window_words
        breaks = []
        for i, w in enumerate(seq):
            if w in ww:
                positions[w].append(i)
            elif w == _BREAK:
                breaks.append(i)
        out = []
        for fp in self._window:
            if not all(w in positions for w in fp.words):
                continue
            span = _closest_window([positions[w] for w in fp.words], fp.window or 0, breaks)
            if span is None or not conditions_hold(fp):
                continue
            a, b = span
            out.append(Match(idx[a], idx[b] + 1, fp.phrase, fp.expected, fp.papers))
        return out


# Singular nouns that end in a plural's "s" and are no plural of anything ("contact lens" ->
# "contact lenses", not "contact lens" taken for the plural of "contact len").
_SINGULAR_IN_S = frozenset("""
alias apparatus atlas bias canvas chaos cosmos ethos kudos lens pancreas pathos thermos
""".split())


def singulars(word: str) -> tuple[str, ...]:
    """The singulars ``word`` may be the regular plural of ("networks" -> "network",
    "boxes" -> "boxe", "box"; "strategies" -> "strategy"; "analyses" -> "analysis"): none
    for a word that is not one."""
    if (len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "'s"))
            or word in _SINGULAR_IN_S):
        return ()
    out = [word[:-1]]
    if word.endswith("es"):
        out.append(word[:-2])
        if word.endswith("ies"):
            out.append(word[:-3] + "y")
        elif word.endswith("ses"):
            out.append(word[:-2] + "is")
    return tuple(out)


# Last words of expected phrases that have no plural: a plural tortured phrase still stands for
# "big data", not "big datas".
_UNCOUNTABLE = frozenset("""
advice analytics data equipment evidence feedback information intelligence knowledge
learning mining news research software traffic
""".split())


def plural_of(phrase: str) -> str:
    """``phrase`` with its last word in the regular plural ("random forest" -> "random
    forests", "strategy" -> "strategies", "analysis" -> "analyses"); words without one, or
    already plural, kept."""
    head, _, last = phrase.rpartition(" ")
    if not last or last in _UNCOUNTABLE or singulars(last) or not last.isalpha():
        return phrase
    if last.endswith("sis"):
        last = last[:-2] + "es"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def _closest_window(lists: list[list[int]], window: int,
                    breaks: Sequence[int] = ()) -> tuple[int, int] | None:
    """First span holding one position from each list, distinct positions, with
    max - min <= ``window`` and none of the sorted ``breaks`` (sentence and clause
    punctuation) inside: a window never spans one, as a phrase does not. ("oblivious ... ~N
    blind" matched across "oblivious to the signs of her decline; he had been blind", and
    restore deleted the clause between; adversarial probe, model card item 172.)"""
    events = sorted((p, k) for k, ps in enumerate(lists) for p in ps)
    need = len(lists)
    last: dict[int, int] = {}
    for p, k in events:
        last[k] = p
        if len(last) == need and len(set(last.values())) == need:
            lo = min(last.values())
            if p - lo <= window and bisect_left(breaks, lo) == bisect_left(breaks, p):
                return lo, p
    return None


# -- the inverse-spin table ----------------------------------------------------------------


def align(
    spun: Sequence[str], orig: Sequence[str], related=None
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Replacement segments ``(spun words, original words)`` between two phrases.

    Same length: position by position. Otherwise a Needleman-Wunsch alignment where
    identical words score 3, ``related(a, b)`` words (thesaurus links) 2, any other
    substitution 0.2 and a gap -1; a segment is a substitution with its adjacent gaps.
    """
    spun, orig = tuple(spun), tuple(orig)
    if len(spun) == len(orig):
        return [((a,), (b,)) for a, b in zip(spun, orig, strict=True) if a != b]
    n, m = len(spun), len(orig)

    def sub(a: str, b: str) -> float:
        if a == b:
            return 3.0
        if related is not None and related(a, b):
            return 2.0
        return 0.2

    gap = -1.0
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    back = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        score[i][0], back[i][0] = i * gap, "u"
    for j in range(1, m + 1):
        score[0][j], back[0][j] = j * gap, "l"
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best, op = score[i - 1][j - 1] + sub(spun[i - 1], orig[j - 1]), "d"
            if score[i - 1][j] + gap > best:
                best, op = score[i - 1][j] + gap, "u"
            if score[i][j - 1] + gap > best:
                best, op = score[i][j - 1] + gap, "l"
            score[i][j], back[i][j] = best, op
    steps: list[tuple[str | None, str | None]] = []
    i, j = n, m
    while i or j:
        op = back[i][j]
        if op == "d":
            steps.append((spun[i - 1], orig[j - 1]))
            i, j = i - 1, j - 1
        elif op == "u":
            steps.append((spun[i - 1], None))
            i -= 1
        else:
            steps.append((None, orig[j - 1]))
            j -= 1
    steps.reverse()
    # A segment is one substitution plus the gaps beside it (gaps join the substitution
    # before them, or the next one at the start); identical words close a segment.
    segs: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    cur_s: list[str] = []
    cur_o: list[str] = []
    has_sub = False
    for a, b in [*steps, ("", "")]:
        same = a is not None and a == b
        if same or (a and b and has_sub):
            if cur_s and cur_o:
                segs.append((tuple(cur_s), tuple(cur_o)))
            cur_s, cur_o, has_sub = [], [], False
            if same:
                continue
        if a:
            cur_s.append(a)
        if b:
            cur_o.append(b)
        has_sub = has_sub or bool(a and b)
    return segs


def learn_spin_table(fingerprints: Iterable[Any], related=None) -> dict[str, Any]:
    """Learn ``spun -> original`` replacements from PPS rows.

    ``fingerprints`` are :class:`corpus.sources.Fingerprint`-like objects (attributes
    ``phrase``, ``expected``, ``papers``). ``related(a, b)`` tells whether two words are
    thesaurus-linked (default: the shipped thesaurus, when loadable). Each row contributes
    ``1 + log10(1 + papers)`` to the whole-phrase mapping and to every aligned segment;
    segments aligned in the rows of two expected phrases or more are listed as
    ``recurring``. Returns the data that :class:`SpinTable` takes (no format header).
    """
    if related is None:
        try:
            from detector import thesaurus

            th = thesaurus.default()
            related = th.is_related
        except resources.ModelError:
            related = None
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    terms: set[str] = set()
    seen_in: dict[tuple[str, str], set[str]] = defaultdict(set)
    rows = 0
    for fp in fingerprints:
        # Bracketed acronyms ("(UNHCR)") are kept verbatim by spinners: not part of a swap.
        spun = phrase_words(_PARENS.sub(" ", fp.phrase))
        orig = phrase_words(_PARENS.sub(" ", fp.expected)) if fp.expected else ()
        if not spun or not orig or len(orig) > 8 or any(w.endswith("*") for w in spun):
            continue
        if not any(c.isalpha() for c in fp.expected) or "http" in fp.expected:
            continue
        rows += 1
        w = 1.0 + math.log10(1.0 + max(0, int(fp.papers)))
        term = " ".join(orig)
        terms.add(term)
        if spun != orig:
            table[" ".join(spun)][term] += w
        for s, o in align(spun, orig, related):
            if (s, o) != (spun, orig):
                segment = " ".join(s), " ".join(o)
                table[segment[0]][segment[1]] += w
                seen_in[segment].add(term)
    entries = {
        s: sorted(([o, round(v, 3)] for o, v in origs.items()), key=lambda x: (-x[1], x[0]))
        for s, origs in sorted(table.items())
    }
    recurring = sorted([s, o] for (s, o), where in seen_in.items() if len(where) >= 2)
    return {"rows": rows, "entries": entries, "terms": sorted(terms), "recurring": recurring}


class SpinTable:
    """Learned ``spun -> original`` replacements: ``data`` as returned by
    :func:`learn_spin_table` (``{"entries": {spun: [[original, weight], ...]}, "terms":
    [expected phrase, ...]}``).

    The expected phrases double as a terminology list: a restoration that rebuilds a known
    term ("random forest"), or the word pairs terms are made of, is more likely right than
    one the general-English baselines merely find frequent ("about forest").
    """

    def __init__(self, data: dict[str, Any], flag: int = PPS) -> None:
        self.flag = flag  # the source bit its candidates carry
        self.terms = frozenset(data.get("terms", ()))
        self._recurring = frozenset((s, o) for s, o in data.get("recurring", ()))
        self._term_parts: tuple[frozenset[tuple[str, str]], frozenset[str]] | None = None
        self._terms_by_pattern: dict[tuple[str | None, ...], list[str]] | None = None
        # Raw rows are turned into candidates on first look-up (start-up time).
        self._raw: dict[str, list] = dict(data["entries"])
        self._cache: dict[str, list[Candidate]] = {}
        for s, origs in self._raw.items():
            if not isinstance(origs, list):
                raise ValueError(f"spin table entry {s!r} is not a list")
        # The phrase index (sorted surfaces, searched per first word) and the longest phrase
        # are built on first use: grouping the ~9,000 surfaces by first word at load was
        # ~0.005 s of every cold start.
        self._sorted: list[str] | None = None
        self._max_words: int | None = None

    def sources_of(self, surface: str) -> list[Candidate]:
        """Originals that were spun into ``surface`` (lower-case), best first."""
        out = self._cache.get(surface)
        if out is None:
            origs = self._raw.get(surface)
            if origs is None:
                # Not cached: every distinct word of every text checked would stay in memory
                # (a long-running pipeline meets millions of names, typos and numbers).
                return []
            total = sum(float(v) for _, v in origs) or 1.0
            out = [Candidate(o, "", float(v) / total, self.flag) for o, v in origs]
            self._cache[surface] = out
        return out

    def spun_count(self, surface: str) -> float:
        """How often ``surface`` was aligned as a spinner's wording: the summed weights of
        its rows (each ``1 + log10(1 + papers)``), 0 if never."""
        return math.fsum(v for _, v in self._raw.get(surface, ()))

    def recurs_as_spun(self, surface: str) -> bool:
        """Whether ``surface`` was aligned with one same original in two terms or more."""
        return any((surface, o) in self._recurring for o, _ in self._raw.get(surface, ()))

    def recurs(self, spun: str, original: str) -> bool:
        """Whether ``spun -> original`` was aligned in the phrases of two terms or more."""
        return (spun, original) in self._recurring

    def max_phrase_words(self) -> int:
        if self._max_words is None:
            self._max_words = max((s.count(" ") for s in self._raw), default=0) + 1
        return self._max_words

    def has_phrase(self, phrase: str) -> bool:
        """Whether ``phrase`` (lower-case) has originals."""
        return phrase in self._raw

    def listed_singular(self, phrase: str) -> str | None:
        """The phrase the table lists of which multiword ``phrase`` is the regular plural
        ("malignant growths" -> "malignant growth"): the table learned each phrase as the
        screener lists it, once, in the singular. None when it lists none."""
        head, _, last = phrase.rpartition(" ")
        if not head:
            return None
        return next((f"{head} {s}" for s in singulars(last) if f"{head} {s}" in self._raw),
                    None)

    def _parts(self) -> tuple[frozenset[tuple[str, str]], frozenset[str]]:
        if self._term_parts is None:
            pairs: set[tuple[str, str]] = set()
            words: set[str] = set()
            for t in self.terms:
                ws = t.split(" ")
                pairs.update(itertools.pairwise(ws))
                words.update(ws)
            self._term_parts = frozenset(pairs), frozenset(words)
        return self._term_parts

    def terms_one_word_away(self, words: Sequence[str]) -> list[tuple[int, str]]:
        """``(position, term)`` of the terms that differ from ``words`` (lower-case) in the
        one word at that position, position by position."""
        if self._terms_by_pattern is None:
            # Each term of two or more words under each of its words left open (None).
            index: dict[tuple[str | None, ...], list[str]] = {}
            for term in sorted(self.terms):
                ws = term.split(" ")
                if len(ws) > 1:
                    for j in range(len(ws)):
                        index.setdefault((*ws[:j], None, *ws[j + 1 :]), []).append(term)
            self._terms_by_pattern = index
        return [(j, term) for j, observed in enumerate(words)
                for term in self._terms_by_pattern.get((*words[:j], None, *words[j + 1 :]), ())
                if term.split(" ")[j] != observed]

    @property
    def term_pairs(self) -> frozenset[tuple[str, str]]:
        """Adjacent word pairs of the terms ("random", "forest")."""
        return self._parts()[0]

    @property
    def term_words(self) -> frozenset[str]:
        """Every word that occurs in a term."""
        return self._parts()[1]

    def phrase_len_from(self, first_word: str) -> int:
        return max((p.count(" ") + 1 for p in self.phrases_from(first_word)), default=0)

    def phrases_from(self, first_word: str) -> list[str]:
        """The multiword phrases that start with ``first_word``, in sorted order."""
        if self._sorted is None:
            self._sorted = sorted(self._raw)
        # They sit together in sorted order: from "word " up to "word!" (" " < "!").
        keys = self._sorted
        return keys[bisect_left(keys, first_word + " ") : bisect_left(keys, first_word + "!")]

    def __contains__(self, surface: str) -> bool:
        return surface in self._raw

    def __len__(self) -> int:
        return len(self._raw)


_lock = threading.Lock()
_matcher: Matcher | None = None
_spin: SpinTable | None = None
_book: SpinTable | None = None


@resources.without_gc
def _from_file(filename: str, fmt: str, version: int, build: Any) -> Any:
    """Load a verified JSON artifact and build its runtime object; content that does not fit
    is a :class:`~detector.resources.ModelError`, like a bad checksum."""
    data = resources.load_json(filename, fmt, version)
    try:
        return build(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise resources.ModelError(
            f"model file {filename} has unexpected content ({exc}); {resources.REBUILD_HINT}"
        ) from None


def default() -> Matcher:
    """The shipped fingerprint matcher, loaded once."""
    global _matcher
    if _matcher is None:
        with _lock:
            if _matcher is None:
                _matcher = _from_file(
                    FP_FILENAME, FP_FORMAT, FP_VERSION, lambda d: Matcher(d["fingerprints"])
                )
    return _matcher


def default_spin_table() -> SpinTable:
    """The shipped spin table (learned on all PPS training rows), loaded once."""
    global _spin
    if _spin is None:
        with _lock:
            if _spin is None:
                _spin = _from_file(ST_FILENAME, ST_FORMAT, ST_VERSION, SpinTable)
    return _spin


_QUOTED = re.compile(r'"([^"]*)"(?:~(\d+))?')
_QUERY_SYNTAX = re.compile(r'\s(?:AND|NOT)\s|"~\d')


def parse_query(query: str) -> tuple[list[str], list[str], int | None]:
    """Split a PPS query into required phrases, excluded phrases and a proximity window, as
    written (not lower-cased).

    ``"a b"~10`` means the words of "a b" within 10 words of each other; ``X AND Y`` needs
    both; ``X NOT Y`` cancels the match when Y is present. Unquoted terms after AND/NOT are
    taken as phrases too.
    """
    require: list[str] = []
    exclude: list[str] = []
    window = None
    # (?<!\s): split from the first space of a run only; tried from each, a run of 20,000
    # spaces took 7 s.
    parts = re.split(r"(?<!\s)\s+(AND|NOT)\s+", query.strip())
    op = "AND"
    for part in parts:
        if part in ("AND", "NOT"):
            op = part
            continue
        phrases = _QUOTED.findall(part)
        if phrases:
            items = [p for p, _ in phrases]
            for _, w in phrases:
                if w:
                    window = int(w)
        else:
            items = [part.strip().strip('"')]
        (require if op == "AND" else exclude).extend(i.strip() for i in items if i.strip())
    return require, exclude, window


def tortured_phrase_of(text: str) -> str:
    """The tortured phrase of ``text`` when it is a PPS query (``"malignant growth" AND
    "cancer"`` -> ``malignant growth``: the other phrases are conditions on the document),
    else ``text`` itself."""
    if '"' not in text or not _QUERY_SYNTAX.search(text):
        return text
    require, _, _ = parse_query(text)
    return require[0] if require else text


def default_phrasebook() -> SpinTable:
    """The shipped phrasebook of spinners' word <-> phrase rewrites (``phrasebook.json``, built
    by ``corpus/build_phrasebook.py``), inverted like a spin table; loaded once."""
    global _book
    if _book is None:
        with _lock:
            if _book is None:
                _book = _from_file(PB_FILENAME, PB_FORMAT, PB_VERSION,
                                   lambda d: SpinTable(d, PHRASEBOOK))
    return _book


def find(
    norm_words: Sequence[str], text_words_set: frozenset[str] | set[str] | None = None
) -> list[Match]:
    """:meth:`Matcher.find` with the shipped fingerprints."""
    return default().find(norm_words, text_words_set)
