"""unspin: find machine-spun text and give the wording back.

Public API::

    >>> import detector
    >>> report = detector.analyze(text)      # Report: probability, label, passages, findings
    >>> report.label                         # 'spun', 'natural' or 'unsupported'
    >>> detector.suggest("counterfeit consciousness")
    ['artificial intelligence', ...]
    >>> detector.restore(text)               # the text with confident findings replaced
    >>> detector.analyze_file("paper.pdf")   # a file read as `unspin check` reads it
    >>> for report in detector.analyze_many(texts, jobs=4): ...   # in order, on 4 processes
    >>> for path, report, error in detector.analyze_files(paths): ...   # files, likewise

Heavy tables load lazily on first use, so ``import detector`` stays cheap.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Iterator
from typing import Any, NamedTuple

from .report import SCHEMA_VERSION, Finding, Passage, Report, Sentence

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_THRESHOLD",
    "SCHEMA_VERSION",
    "FileError",
    "FileReport",
    "Finding",
    "Passage",
    "Report",
    "Sentence",
    "__version__",
    "analyze",
    "analyze_file",
    "analyze_files",
    "analyze_many",
    "restore",
    "suggest",
]


def analyze(
    text: str,
    *,
    threshold: float | None = None,
    allowed: Collection[str] = (),
    ignore: Collection[str] = (),
) -> Report:
    """Score ``text``: P(machine-spun) overall and per passage, and the suspicious spans.

    ``threshold`` overrides the shipped passage threshold (chosen for at most 1% false
    positives on natural text); ``allowed`` phrases are never reported and carry no evidence;
    findings of the rules in ``ignore`` (``"number-form"``, ...) are not reported, and do not
    count where findings corroborate a passage or a sentence.

    A text longer than 131,072 characters (about 22,000 words) is analysed in chunks of at
    most 100,000 characters cut at blank lines, as ``unspin check`` analyses a large file
    (:mod:`detector.stream`: passages stay whole, the text's probability is its most spun
    chunk's, a note says so), so memory is bounded by the chunk: analysed whole, a text
    needs about 8 KB per word (360 MB at 50,000 words).
    """
    from . import stream
    from .analyzer import analyze as _analyze

    _need_str(text)
    threshold, allowed, ignore = _options(threshold, allowed, ignore)
    if stream.too_long(text):
        return stream.analyze_text(text, None, threshold=threshold, allowed=allowed,
                                   ignore=ignore, analyze=_analyze)
    return _analyze(text, threshold=threshold, allowed=allowed, ignore=ignore)


def analyze_file(
    path: str | os.PathLike[str],
    *,
    threshold: float | None = None,
    allowed: Collection[str] = (),
    ignore: Collection[str] = (),
    encoding: str | None = None,
) -> Report:
    """Read the file at ``path`` and :func:`analyze` it as ``unspin check`` does: Markdown,
    reStructuredText, AsciiDoc, HTML and LaTeX reduced to their prose (offsets stay the
    file's), Word, OpenDocument, EPUB, JATS and PDF documents read through their converters
    (positions numbered by paragraph, or by line of a PDF's text), suppression comments
    honoured, a large text file analysed in chunks. Configuration files are not read: pass
    the options. ``encoding`` is that of text files without a BOM (default UTF-8). A file
    that cannot be read raises :class:`FileError` with a one-line reason.
    """
    from .checkfile import analyze_file as _analyze_file

    threshold, allowed, ignore = _options(threshold, allowed, ignore)
    return _analyze_file(path, encoding=encoding, threshold=threshold,
                         allowed=allowed, ignore=ignore, keep_text=False).report


def analyze_many(
    texts: Iterable[str],
    *,
    jobs: int | None = None,
    batch_size: int = 32,
    threshold: float | None = None,
    allowed: Collection[str] = (),
    ignore: Collection[str] = (),
) -> Iterator[Report]:
    """:func:`analyze` of each text of ``texts``, yielded in order, on ``jobs`` worker
    processes (default: one per core; ``1``: in this process).

    The texts are read lazily, ``batch_size`` at a time, with a few batches per worker in
    flight, so a generator of millions of documents is analysed in bounded memory. The
    options are :func:`analyze`'s. An exception raised by one analysis is raised when its
    report's turn comes (:mod:`detector.parallel`).
    """
    from .parallel import analyze_many as _analyze_many

    threshold, allowed, ignore = _options(threshold, allowed, ignore)
    _need_count(jobs, "jobs", none_ok=True)
    _need_count(batch_size, "batch_size")
    options = {"threshold": threshold, "allowed": allowed, "ignore": ignore}
    return _analyze_many(texts, jobs, batch_size, options)


class FileReport(NamedTuple):
    """One file of :func:`analyze_files`: its ``report``, or, when it could not be read, None
    and ``error``, the one-line reason :class:`FileError` gives."""

    path: str
    report: Report | None
    error: str | None = None


def analyze_files(
    paths: Iterable[str | os.PathLike[str]],
    *,
    jobs: int | None = None,
    batch_size: int = 8,
    threshold: float | None = None,
    allowed: Collection[str] = (),
    ignore: Collection[str] = (),
    encoding: str | None = None,
) -> Iterator[FileReport]:
    """:func:`analyze_file` of each path of ``paths``, yielded in order as
    :class:`FileReport`, on ``jobs`` worker processes (default: one per core; ``1``: in this
    process). A file that cannot be read is a result with its ``error``, not an exception:
    the others are still analysed. Paths are read lazily, ``batch_size`` at a time, as
    :func:`analyze_many` reads texts; the options are :func:`analyze_file`'s.
    """
    from .parallel import analyze_many as _analyze_many

    threshold, allowed, ignore = _options(threshold, allowed, ignore)
    _need_count(jobs, "jobs", none_ok=True)
    _need_count(batch_size, "batch_size")
    options = {"threshold": threshold, "allowed": allowed, "ignore": ignore,
               "encoding": encoding}
    return _analyze_many(paths, jobs, batch_size, options, files=True)


def _need_str(text: object, name: str = "text") -> None:
    # A clear TypeError at the door, not a regex's complaint from deep inside.
    if not isinstance(text, str):
        hint = " (decode it first)" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{name} must be str, not {type(text).__name__}{hint}")


def _options(threshold: object, allowed: object, ignore: object
             ) -> tuple[float | None, tuple[str, ...], tuple[str, ...]]:
    """The analysis options checked at the door (as the command line and the configuration
    check them) and made immutable: a threshold out of range or NaN would put a value the
    report's schema forbids into every report, a phrase that is no string failed deep
    inside, and a single string was read as a list of its letters."""
    from .report import probability_threshold, unknown_rule

    if threshold is not None:
        try:
            threshold = probability_threshold(threshold)
        except (TypeError, ValueError) as exc:
            raise type(exc)(f"threshold {exc}, not {threshold!r}") from None
    phrases = _strings(allowed, "allowed")
    rules = _strings(ignore, "ignore")

    if why := unknown_rule(rules):
        raise ValueError(f"ignore: {why}")
    return threshold, phrases, rules


def _strings(values: object, name: str) -> tuple[str, ...]:
    if isinstance(values, (str, bytes)):
        raise TypeError(f"{name} must be a collection of str, not a single "
                        f"{type(values).__name__} (wrap it in a list)")
    try:
        out = tuple(values)  # type: ignore[call-overload]
    except TypeError:
        raise TypeError(f"{name} must be a collection of str, not "
                        f"{type(values).__name__}") from None
    for v in out:
        if not isinstance(v, str):
            raise TypeError(f"{name} must hold str, not {type(v).__name__}")
    return out


def _need_count(value: object, name: str, *, none_ok: bool = False) -> None:
    if value is None and none_ok:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")


def suggest(phrase: str, context: str | None = None) -> list[str]:
    """Canonical wordings for a (possibly spun) ``phrase``, best first, never the phrase itself.

    ``context``, a text containing the phrase, lets the candidates be judged in place. A
    "phrase" of more than :data:`MAX_PHRASE_WORDS` words is a passage, which
    :func:`restore` is for: it gets no suggestion (the candidates' products grow with the
    square of its length, and 20,000 words took ten minutes).
    """
    from .restorer import suggest as _suggest

    _need_str(phrase, "phrase")
    if context is not None:
        _need_str(context, "context")
    if len(phrase.split(None, MAX_PHRASE_WORDS)) > MAX_PHRASE_WORDS:
        return []
    return _suggest(phrase, context)


# The longest tortured phrase of the screener's export has 10 words.
MAX_PHRASE_WORDS = 20


def restore(
    text: str,
    *,
    threshold: float | None = None,
    allowed: Collection[str] = (),
    ignore: Collection[str] = (),
) -> str:
    """``text`` with confident findings replaced by their best suggestion.

    ``allowed`` phrases are left alone, as :func:`analyze` never reports them; findings of
    the rules in ``ignore`` (``"number-form"``, ...) are not applied. A long text is
    restored in the chunks :func:`analyze` reads it in.
    """
    from .checkfile import restore_text

    _need_str(text)
    threshold, allowed, ignore = _options(threshold, allowed, ignore)
    return restore_text(text, None, threshold=threshold, allowed=allowed, ignore=ignore)


def __getattr__(name: str) -> Any:
    if name == "DEFAULT_THRESHOLD":
        from .classifier import models

        return models().threshold
    if name == "FileError":  # here, not at the top: import detector stays cheap
        from .files import FileError

        return FileError
    raise AttributeError(f"module 'detector' has no attribute {name!r}")
