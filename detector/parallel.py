"""Many texts on all cores: :func:`analyze_many`, the batch form of :func:`detector.analyze`.

A pipeline with millions of documents wants every core busy and its memory flat. The texts
are taken from the iterable lazily, in batches of ``batch_size``, and sent to worker
processes (each builds the tables once, as the command line's workers do); at most a few
batches per worker are in flight, so a generator over a database or a file of JSON lines
is read only as fast as the workers keep up, and the reports come back in input order as
soon as they are ready. ``jobs=1`` analyses in the calling process, which is also what a
single batch gets: starting workers costs more than one batch of small texts takes.

Each worker process pays the cold start once (tables and per-word caches, about a third of
a second); after that the batches cost what :func:`detector.analyze` costs per text.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, NamedTuple

from .report import Report

__all__ = ["analyze_many"]

# Batches in flight per worker: enough that a worker never waits for the next one, few
# enough that the texts held in memory stay bounded.
_AHEAD_PER_WORKER = 2


def analyze_many(texts: Iterable[Any], jobs: int | None, batch_size: int,
                 options: dict[str, Any], files: bool = False) -> Iterator[Any]:
    """:func:`detector.analyze` of each text of ``texts`` with the keyword arguments
    ``options``, in order, on ``jobs`` worker processes (None: one per core; ``1``: in this
    process); :func:`detector.analyze_many` is the public form.

    An exception raised by one analysis (a text that is not a ``str``, say) is raised here
    when its report's turn comes, and the remaining work is cancelled. With ``files`` the
    items are paths, read as :func:`detector.analyze_file` reads them, and each result is a
    :class:`detector.FileReport` (a file that cannot be read is its ``error``, and the
    others go on).
    """
    # Checked here, when called, not at the first report (the rest is a generator).
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    workers = (os.cpu_count() or 1) if jobs is None else jobs
    if workers < 1:
        raise ValueError("jobs must be at least 1")
    work = _analyze_file_batch if files else _analyze_batch
    return _raised_in_turn(_reports(iter(texts), workers, batch_size, options, work))


class _Failed(NamedTuple):
    """An analysis that raised, in its report's place: a batch's earlier reports still
    come out before the exception is raised (a batch built in one expression lost them)."""

    error: BaseException


def _raised_in_turn(results: Iterator[Any]) -> Iterator[Any]:
    for r in results:
        if isinstance(r, _Failed):
            raise r.error
        yield r


def _reports(it: Iterator[Any], workers: int, batch_size: int, options: dict[str, Any],
             work: Callable[[list[Any], dict[str, Any]], list[Any]]) -> Iterator[Any]:
    first = list(islice(it, batch_size))
    second = list(islice(it, batch_size)) if workers > 1 else []
    if not second:
        yield from work(first, options)
        for item in it:
            yield from work([item], options)
        return
    yield from _on_workers(_batches(first, second, it, batch_size), workers, options, work)


def _batches(first: list[str], second: list[str], rest: Iterator[str],
             size: int) -> Iterator[list[str]]:
    yield first
    yield second
    while batch := list(islice(rest, size)):
        yield batch


def _on_workers(batches: Iterator[list[Any]], workers: int, options: dict[str, Any],
                work: Callable[[list[Any], dict[str, Any]], list[Any]]) -> Iterator[Any]:
    from concurrent.futures import Future, ProcessPoolExecutor

    pending: deque[Future[list[Any]]] = deque()
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        for batch in batches:
            pending.append(pool.submit(work, batch, options))
            while len(pending) >= workers * _AHEAD_PER_WORKER:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    finally:
        # Reached also when the caller stops iterating early or an analysis raised: what
        # has not started is dropped rather than analysed for no one.
        pool.shutdown(wait=True, cancel_futures=True)


def _analyze_batch(batch: list[str], options: dict[str, Any]) -> list[Report]:
    """Reports of one batch; runs in a worker process, so a top-level function."""
    import detector

    out: list[Any] = []
    for text in batch:
        try:
            out.append(detector.analyze(text, **options))
        except Exception as exc:
            out.append(_Failed(exc))
            break  # nothing after it is wanted: the caller's iteration ends there
    return out


def _analyze_file_batch(batch: list[Any], options: dict[str, Any]) -> list[Any]:
    """:func:`detector.analyze_file` of one batch of paths, a file that cannot be read
    being its result's ``error``; runs in a worker process, so a top-level function."""
    import os

    import detector
    from detector.files import FileError

    out = []
    for path in batch:
        try:
            out.append(detector.FileReport(os.fspath(path), detector.analyze_file(path, **options)))
        except FileError as exc:
            out.append(detector.FileReport(os.fspath(path), None, str(exc)))
        except Exception as exc:  # not a path at all, say
            out.append(_Failed(exc))
            break
    return out
