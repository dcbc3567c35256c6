"""Immutable results of an analysis, and their JSON form.

A :class:`Report` holds the whole-text probability and label, the passages it was cut into,
and the findings (spans that look substituted) with 1-based line/column, suggestions and the
evidence behind each score. Everything is a frozen dataclass of plain values, so results can
be hashed, compared, shared between processes and turned into JSON with :meth:`to_dict`.

The JSON layout is versioned by :data:`SCHEMA_VERSION` and described by
``detector/report.schema.json``; any change to field names or meanings bumps the version.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import asdict, dataclass, field, replace
from typing import Any

__all__ = ["RULES", "SCHEMA_VERSION", "Finding", "Passage", "Report", "Sentence"]

SCHEMA_VERSION = "unspin-report/1"
#: The kinds of finding (``Finding.rule``).
RULES = ("substitution", "tortured-phrase", "tortured-term", "spun-name", "number-form", "acronym",
         "spintax", "disguised-word")


def unknown_rule(rules: Collection[str]) -> str | None:
    """Why ``rules`` (rule names to ignore) are invalid, or None when every one exists."""
    bad = [r for r in rules if r not in RULES]
    return f"unknown rule {bad[0]!r} (rules: {', '.join(RULES)})" if bad else None


def probability_threshold(value: object) -> float:
    """``value`` as a threshold (a real number from 0 to 1); TypeError or ValueError with the
    reason otherwise (NaN fails the range). The configuration and the Python API check it so."""
    from numbers import Real

    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError("must be a number between 0 and 1")
    if not 0.0 <= value <= 1.0:
        raise ValueError("must be between 0 and 1")
    return float(value)

SPUN, NATURAL, UNSUPPORTED = "spun", "natural", "unsupported"
#: How the note of a Word or OpenDocument file's report that places its notes begins: read
#: after the body, footnotes and endnotes are numbered on from its last paragraph ("footnotes
#: and endnotes from paragraph 246").
NOTES_FROM = "footnotes and endnotes from paragraph"
#: How a note of a long file's report (read in chunks) ends when some chunks were not
#: analysed for not being English: "3 of 40 chunks do not look like English; not analysed".
# The end of every note about parts of a text not analysed, which `check` prints.
NOT_ENGLISH = "not look like English; not analysed"
NOT_ENGLISH_PARTS = f"chunks do {NOT_ENGLISH}"


def shown(text: str) -> str:
    """``text`` as a report prints it: invisible characters written as ``<U+200B>``, so that a
    word disguised with one does not read as the plain word (:data:`detector.disguise.INVISIBLE`:
    not the word joiner with which prose extraction pads a character reference, nor soft
    hyphens)."""
    if text.isascii():
        return text
    from .disguise import INVISIBLE  # not at import: `unspin --version` reads this module

    return re.sub(f"[{INVISIBLE}]", lambda m: f"<U+{ord(m.group()):04X}>", text)


@dataclass(frozen=True)
class Finding:
    """A span that reads like a machine substitution.

    ``start``/``end`` are character offsets into the analysed text; ``line``/``column`` are
    1-based. ``rule`` names the kind of evidence (``substitution``, ``tortured-phrase``,
    ``tortured-term``, ``spun-name``, ``acronym``, ``number-form``, ``spintax``,
    ``disguised-word``).
    ``score`` is P(this span was substituted).
    ``suggestions`` are canonical wordings, best first. ``evidence`` holds named values a
    person can read.
    """

    start: int
    end: int
    line: int
    column: int
    text: str
    rule: str
    score: float
    suggestions: tuple[str, ...] = ()
    evidence: tuple[tuple[str, float | str], ...] = ()

    @property
    def shown(self) -> str:
        """``text`` as a report prints it (:func:`shown`)."""
        return shown(self.text)

    @property
    def message(self) -> str:
        what = {
            "tortured-phrase": "tortured phrase",
            "tortured-term": "likely a tortured phrase: its words are synonyms of a known "
                             "term's",
            "spun-name": "name of an institution with its words swapped for synonyms",
            "acronym": "word no longer matches its bracketed acronym",
            "number-form": "number or date written in an unusual form",
            "spintax": "spinner's template left in the text (one alternative was meant)",
        }.get(self.rule, "unusual wording, likely a thesaurus substitution")
        if self.rule == "disguised-word":
            what = "word disguised with " + str(dict(self.evidence).get(
                "disguised_by", "letters of another script or invisible characters"))
        # A finding may run over a line break ("final\nyr"); its message stays one line, as
        # linters' output is parsed line by line.
        return f"'{' '.join(self.shown.split())}': {what}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "rule": self.rule,
            "score": round(self.score, 4),
            "suggestions": list(self.suggestions),
            "evidence": {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.evidence},
        }


def _scored_dict(obj: Any) -> dict[str, Any]:
    """A passage's or sentence's fields in order, the probability rounded for JSON, and its
    ``reason`` where its findings set the probability."""
    d = asdict(obj)
    d["probability"] = round(d["probability"], 4)
    if obj.reason is not None:
        d["reason"] = obj.reason
    return d


def _reason(probability: float, rule: Any) -> str | None:
    """Why a window's probability is exactly the value its findings set it to, under the
    corroboration ``rule`` (:class:`detector.analyzer.Corroboration`): a window with no
    finding to show is held under the threshold, one with several different findings raised
    over it (model card items 48, 49 and 94). None: the probability is the models'."""
    if rule.findings is not None and probability == rule.probability:
        return f"raised: {rule.findings}+ different findings"
    if probability == rule.unconfirmed:
        return "held: no finding"
    if rule.lone is not None and probability == rule.lone:
        return "held: one wording found"
    return None


@dataclass(frozen=True)
class Passage:
    """A stretch of text (a group of paragraphs or a window of a long one) with its label."""

    start: int
    end: int
    line: int
    words: int
    probability: float
    label: str
    findings: int = 0

    @property
    def reason(self) -> str | None:
        """Why :attr:`probability` is what the passage's findings set (see :func:`_reason`),
        or that the passage was not analysed (``unsupported``: not English)."""
        from .analyzer import PASSAGE_CORROBORATION

        if self.label == UNSUPPORTED:
            return "not analysed: does not look like English"
        return _reason(self.probability, PASSAGE_CORROBORATION)

    def to_dict(self) -> dict[str, Any]:
        return _scored_dict(self)


@dataclass(frozen=True)
class Sentence:
    """A sentence with its probability of being spun (scored by the passage model)."""

    start: int
    end: int
    line: int
    words: int
    probability: float
    label: str

    @property
    def reason(self) -> str | None:
        """Why :attr:`probability` is what the sentence's findings set (see :func:`_reason`)."""
        from .analyzer import SENTENCE_CORROBORATION

        return _reason(self.probability, SENTENCE_CORROBORATION)

    def to_dict(self) -> dict[str, Any]:
        return _scored_dict(self)


@dataclass(frozen=True)
class Report:
    """The result of :func:`detector.analyze` on one text."""

    probability: float
    label: str
    words: int
    passages: tuple[Passage, ...] = ()
    findings: tuple[Finding, ...] = ()
    language: str = "en"
    threshold: float = 0.5
    notes: tuple[str, ...] = field(default=())
    sentences: tuple[Sentence, ...] = ()

    @property
    def is_spun(self) -> bool:
        return self.label == SPUN

    @property
    def notes_from(self) -> int | None:
        """The paragraph where a Word or OpenDocument file's footnotes and endnotes begin
        (:data:`NOTES_FROM`), or None."""
        for note in self.notes:
            if note.startswith(NOTES_FROM + " "):
                return int(note.rsplit(" ", 1)[1])
        return None

    def ignoring(self, rules: Collection[str]) -> Report:
        """This report without the findings of ``rules`` (passages' finding counts
        follow); probabilities and labels do not change. ``detector.analyze(text,
        ignore=rules)`` also keeps those findings from raising the windows they fall in."""
        if not rules or not any(f.rule in rules for f in self.findings):
            return self
        findings = tuple(f for f in self.findings if f.rule not in rules)
        passages = tuple(
            replace(p, findings=sum(1 for f in findings if p.start <= f.start < p.end))
            for p in self.passages
        )
        return replace(self, findings=findings, passages=passages)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "probability": round(self.probability, 4),
            "label": self.label,
            "threshold": self.threshold,
            "words": self.words,
            "language": self.language,
            "passages": [p.to_dict() for p in self.passages],
            "findings": [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
            "sentences": [s.to_dict() for s in self.sentences],
        }
