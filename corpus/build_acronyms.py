"""Build ``models/acronyms.json``: well-known acronyms and the terms they stand for.

The ``acronym`` finding rule (``detector/analyzer.py``) restores a term before a bracketed
acronym that no longer spells it, with candidates that give each mismatched word its
missing initial. For an acronym anyone knows, chance can supply such candidates: "when
lacking sufficient memory (RAM)", where the writer's acronym glosses "memory" alone, became
"requiring adequate memory". When the acronym's expansion is known, the rule only restores
to that expansion ("random access memory") or to a tortured-phrase term that spells the
acronym, and otherwise reports nothing.

WordNet lists acronyms as lemmas of the synset they abbreviate ("RAM" beside "random access
memory"). This builder keeps every all-capital lemma of 3-8 letters whose synset has a
multiword lemma spelling it, one letter per word or per content word (hyphenated parts
are words: "random-access memory"), and writes ``{"entries": {acronym (lower case):
[expansion (lower case, space-separated), ...]}}``. Two-letter acronyms are left out:
WordNet knows one general-English sense of each, and papers use others ("RF" is
"releasing factor" there, random forest in a paper; "SD" is South Dakota, not a standard
deviation), so the rule keeps reading them letter by letter.

Run ``python -m corpus.build_acronyms`` (Debian ``wordnet-base``); deterministic.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from corpus.artifacts import MODELS, update_manifest, write_json

__all__ = ["FILENAME", "FORMAT", "VERSION", "build", "expansions"]

FILENAME, FORMAT, VERSION = "acronyms.json", "unspin-acronyms", 1
_ACRONYM = re.compile(r"[A-Z]{3,8}")


def _words(lemma: str) -> list[str] | None:
    """The lower-case words of a WordNet lemma name, or None when one is not plain letters
    ("U.S._Army")."""
    words = [w for w in re.split(r"[\s_\-]+", lemma.lower()) if w]
    return words if all(w.isalpha() for w in words) else None


def _spells(acronym: str, words: list[str]) -> bool:
    from detector.acronyms import letters_for, spells

    letters = letters_for(acronym, len(words), words)
    return letters is not None and spells(letters, words)


def expansions(synsets) -> dict[str, list[str]]:
    """``{acronym: [expansion, ...]}`` from WordNet synsets (lemma names with underscores)."""
    table: dict[str, set[str]] = {}
    for synset in synsets:
        names = [lemma.name() for lemma in synset.lemmas()]
        acronyms = [n for n in names if _ACRONYM.fullmatch(n)]
        if not acronyms:
            continue
        terms = [w for n in names if re.search(r"[\s_\-]", n) and (w := _words(n))]
        for acronym in acronyms:
            for words in terms:
                if len(words) > 1 and _spells(acronym.lower(), words):
                    table.setdefault(acronym.lower(), set()).add(" ".join(words))
    return {a: sorted(e) for a, e in sorted(table.items())}


def build(models_dir: Path = MODELS) -> Path:
    from corpus.sources import wordnet

    table = expansions(wordnet().all_synsets())
    out = models_dir / FILENAME
    write_json(out, {
        "format": FORMAT,
        "version": VERSION,
        "source": "WordNet 3.0 (Princeton University, WordNet licence), Debian wordnet-base",
        "acronyms": len(table),
        "entries": table,
    })
    update_manifest(models_dir)
    return out


if __name__ == "__main__":
    print(f"wrote {build()}", file=sys.stderr)
