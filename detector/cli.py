"""The ``unspin`` command line: ``check``, ``suggest``, ``restore`` and ``explain``.

Behind the typer app is a pure :func:`run` (argv in, :class:`ExitStatus` out) that never calls
``sys.exit`` and never lets a traceback through for a bad file: each unreadable or undecodable
file becomes one ``path: error: reason`` line on stderr and the others are still checked.

Exit status: 0 clean, 1 something flagged (``--fail-on text``, the default: a file labelled
spun as a whole; ``passage``: any passage labelled spun; ``finding``: any finding), 2 usage,
configuration or I/O errors.

Start-up is kept cheap: the analysis stack (``detector.analyze`` and the model tables) is
imported inside the functions that need it, so ``unspin --version`` and ``unspin check`` on
an empty set of files import only typer and the standard library.

The pipeline for one file: read and decode (:mod:`detector.files`), blank everything that is
not prose (:mod:`detector.prose`), blank suppressed regions (:mod:`detector.suppress`), then
``detector.analyze`` on the same-length text, so reported offsets, lines and columns are the
file's own. Many files are checked in a process pool (``--jobs``).
"""

import contextlib
import difflib
import gc
import math
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from enum import Enum, IntEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__
from .files import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, FileError, atomic_write, encode
from .report import NOT_ENGLISH, NOTES_FROM, RULES, UNSUPPORTED, Passage, Sentence

__all__ = ["ExitStatus", "app", "main", "run"]


class ExitStatus(IntEnum):
    OK = 0
    FLAGGED = 1
    ERROR = 2
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT (128 + 2)


class Format(str, Enum):
    text = "text"
    json = "json"
    jsonl = "jsonl"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"
    html = "html"


class SuggestFormat(str, Enum):
    text = "text"
    json = "json"


class FailOn(str, Enum):
    text = "text"
    passage = "passage"
    finding = "finding"


app = typer.Typer(
    name="unspin",
    help="Find machine-spun text (thesaurus rewrites, tortured phrases) and give the wording "
    "back.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"unspin {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """unspin: lint prose for machine-spun wording."""


# --------------------------------------------------------------------------- shared helpers


def _err(msg: str) -> None:
    sys.stderr.write(msg.rstrip("\n") + "\n")
    sys.stderr.flush()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _read_stdin(name: str | None = None, encoding: str | None = None) -> bytes:
    """Standard input's bytes, read as a file called ``name`` (``--stdin-filename``);
    :class:`~detector.files.FileError` when it is to be text and its first bytes are binary
    (``cat /dev/urandom | unspin check -`` would never end)."""
    from .files import read_stream

    stream = sys.stdin
    buf = getattr(stream, "buffer", None)
    if buf is not None:
        return read_stream(buf, name, encoding)
    return stream.read().encode("utf-8")


def _failure(exc: BaseException) -> str:
    """The one-line reason shown for an exception raised while analysing a file."""
    if type(exc).__name__ == "ModelError":  # detector.resources: missing/corrupt artifact
        return f"cannot load models: {exc}"
    if isinstance(exc, MemoryError):
        return "out of memory while checking this file"
    return f"internal error: {type(exc).__name__}: {exc}"


def _a_number(value: float | None) -> float | None:
    """``--threshold``'s check beyond its range, which "nan" passes (every comparison with it
    is false): it would label every passage natural and write NaN into JSON reports."""
    if value is not None and math.isnan(value):
        raise typer.BadParameter("must be a number from 0 to 1, not nan")
    return value


def _os_error(exc: BaseException) -> str:
    """An I/O error outside any one file's check, in a few words: standard output's ("cannot
    write output: No space left on device") or a file's."""
    if isinstance(exc, OSError) and exc.filename is not None:
        return f"{_shown(os.fsdecode(exc.filename))}: {exc.strerror or exc}"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"cannot write output: {reason}"


def _shown(path: str) -> str:
    """``path`` as reports show it: a name that is not valid UTF-8 (Python keeps its bytes
    as lone surrogates) with those bytes escaped ("caf\\xe9.txt"), which every writer and
    every UTF-8 output can carry; any other name as it is."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        try:
            return os.fsencode(path).decode("utf-8", "backslashreplace")
        except UnicodeError:  # surrogates the file system encoding did not make
            return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _unsupported_lines(results, statistics: bool = False) -> list[str]:
    """Text-output lines for files that are not English (never labelled spun), and for long
    files with parts that are not (those parts were not analysed; the rest was); with
    ``statistics``, a line counting each kind instead."""
    lines = []
    whole = part = 0
    for r in results:
        if r.report is None:
            continue
        if r.report.label == "unsupported":
            whole += 1
            lines.append(f"{r.path}: unsupported language: does not look like English, "
                         "not analysed")
            continue
        notes = [note for note in r.report.notes if note.endswith(NOT_ENGLISH)]
        part += bool(notes)
        lines += [f"{r.path}: unsupported language: {note}" for note in notes]
    if not statistics:
        return lines
    return [f"unsupported language: {n} file{'s' if n != 1 else ''} {what}"
            for n, what in ((whole, "not analysed (they do not look like English)"),
                            (part, "analysed in part (some of their chunks do not look like "
                                   "English)")) if n]


def _notes_lines(results) -> list[str]:
    """Text-output lines for Word and OpenDocument files with something to report in their
    footnotes or endnotes: where the notes begin, since their paragraphs are numbered on
    from the body's."""
    lines = []
    for r in results:
        start = r.report.notes_from if r.report is not None else None
        if start is not None and (
                any(f.line >= start for f in r.report.findings)
                or any(p.line >= start and p.label == "spun" for p in r.report.passages)):
            lines.append(f"{r.path}: {NOTES_FROM} {start}")
    return lines


@dataclass(frozen=True)
class _Job:
    path: str  # as shown to the user
    source: str | None  # file to read; None when ``text`` is given (stdin)
    text: str | None
    kind: str
    threshold: float | None
    allowed: tuple[str, ...]
    walked: bool = False  # found by a directory walk: binary files are skipped silently
    fmt: str = "html"  # the output format: decides what of the result must be kept
    encoding: str | None = None  # of files without a BOM (None: UTF-8)
    ignore: tuple[str, ...] = ()  # finding rules not to report
    cache_dir: str | None = None  # keep and reuse reports there (detector.cache)
    show_source: bool = False  # the text writer shows each finding's line
    notes_from: int | None = None  # with ``text``: where a document's notes begin

    @property
    def needs_text(self) -> bool:
        """Whether the writer shows the file's text (or needs it for end positions)."""
        return self.fmt in _WRITERS_WITH_TEXT or (self.fmt == "text" and self.show_source)


def _lean(res, job: _Job):
    """Drop what the output format never reads: results of every file are held until the
    report is written (and cross process boundaries with ``--jobs``), so a run over many
    files should not hold every file's text and per-sentence scores without need."""
    if res.report is None:
        return res
    report = res.report
    if job.fmt != "json" and report.sentences:
        report = replace(report, sentences=())
    text = res.text if job.needs_text else ""
    return replace(res, report=report, text=text)


# The writers that show a file's text or need it for end positions.
_WRITERS_WITH_TEXT = ("sarif", "github", "gitlab", "html")


def _check_job(job: _Job):
    """Check one file. Runs in worker processes: must be a top-level function."""
    try:
        return _lean(_check_one(job), job)
    finally:
        _resume_gc()


# Start-up (imports, then the model tables built by the first analysis) allocates a few
# hundred thousand long-lived containers and next to no garbage, yet each burst of
# allocations triggers collections that rescan all of it: 0.03-0.07 s of a cold `unspin
# check`. main() pauses the collector; once the first file is analysed, what start-up left
# is frozen (moved to the permanent generation, never rescanned) and collection resumes for
# the rest of the run. Only the command line does this: it owns its process (and its
# forked workers), whereas `detector.analyze` in someone else's program must not freeze
# that program's objects.
_gc_paused = False


def _pause_gc() -> None:
    global _gc_paused
    if gc.isenabled():
        gc.disable()
        _gc_paused = True


def _resume_gc() -> None:
    global _gc_paused
    if _gc_paused:
        _gc_paused = False
        gc.freeze()
        gc.enable()


def _check_one(job: _Job):
    from . import stream
    from .checkfile import analyze_file
    from .formats import FileResult

    try:
        if job.text is None and job.source is not None and stream.should_stream(job.source):
            _resume_gc()  # a long streamed run: collect as usual from the start
        elif job.cache_dir is not None and job.source is not None:
            return _check_cached(job, job.cache_dir, job.source)
        checked = analyze_file(
            job.source if job.source is not None else job.path, kind=job.kind,
            encoding=job.encoding, text=job.text, threshold=job.threshold,
            allowed=job.allowed, ignore=job.ignore, keep_text=job.needs_text,
            notes_from=job.notes_from,
        )
    except FileError as exc:
        if exc.binary and job.walked:
            return FileResult(job.path)  # neither report nor error: skipped
        return FileResult(job.path, error=str(exc))
    except Exception as exc:  # a bug or a broken model must not hide the other files
        return FileResult(job.path, error=_failure(exc))
    return FileResult(job.path, report=checked.report, text=checked.text)


def _check_cached(job: _Job, folder: str, source: str):
    """:func:`_check_one` of a file through the cache: its stored report when the file and
    settings are those it was made for, else a fresh one, then stored."""
    from . import cache
    from .checkfile import analyze_file
    from .files import convert, read_bytes
    from .formats import FileResult

    data = read_bytes(source, job.encoding)
    settings = cache.Settings(job.kind, job.encoding, job.threshold, job.allowed, job.ignore)
    report = cache.load(folder, source, settings, data)
    if report is not None:
        # The text only for the writers that show it; a document is converted again.
        text = convert(data, source, job.encoding).text if job.needs_text else ""
        return FileResult(job.path, report=report, text=text)
    decoded = convert(data, source, job.encoding)
    checked = analyze_file(source, kind=job.kind, encoding=job.encoding, text=decoded.text,
                           threshold=job.threshold, allowed=job.allowed, ignore=job.ignore,
                           notes_from=decoded.notes_from)
    cache.store(folder, source, settings, data, checked.report)
    return FileResult(job.path, report=checked.report, text=checked.text)


class _Progress:
    """A one-line progress bar on stderr; only used when stderr is a terminal."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.done, self.enabled = total, 0, enabled

    def step(self) -> None:
        if not self.enabled:
            return
        self.done += 1
        width = 30
        filled = width * self.done // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


_PROGRESS_MIN_FILES = 20


def _iter_jobs(jobs: list[_Job], workers: int):
    """Results in job order, each as soon as it and those before it are done (a streaming
    writer holds none of them); errors are printed as soon as they are known."""
    progress = _Progress(len(jobs), _isatty(sys.stderr) and len(jobs) >= _PROGRESS_MIN_FILES)
    done = 0

    def collect(it):
        nonlocal done
        for res in it:
            progress.step()
            if res.error is not None:
                progress.close()
                _err(f"{res.path}: error: {res.error}")
            done += 1
            yield res

    try:
        if workers <= 1 or len(jobs) <= 1:
            yield from collect(_check_job(j) for j in jobs)
        else:
            from concurrent.futures import ProcessPoolExecutor

            # Workers (forked or spawned) do the start-up work, each pausing the collector
            # until its first file is done; this process only gathers results from now on.
            paused = _gc_paused
            _resume_gc()
            try:
                pool = ProcessPoolExecutor(
                    max_workers=min(workers, len(jobs)), initializer=_pause_gc if paused else None
                )
            except (OSError, NotImplementedError, ImportError):
                yield from collect(_check_job(j) for j in jobs)
            else:
                from concurrent.futures.process import BrokenProcessPool

                with pool:
                    chunk = max(1, len(jobs) // (workers * 4))
                    try:
                        yield from collect(pool.map(_check_job, jobs, chunksize=chunk))
                    except BrokenProcessPool:
                        # a worker died (killed, out of memory): report the rest, no traceback
                        from .formats import FileResult

                        yield from collect(
                            FileResult(j.path, error="internal error: worker process died")
                            for j in jobs[done:]
                        )
    finally:
        progress.close()


_DEFAULT_CACHE_DIR = ".unspin_cache"  # where --cache keeps reports unless told (detector.cache)
_ENCODING_HELP = "Encoding of files without a BOM (default UTF-8), e.g. latin-1 or cp1252."


def _encoding(given: str | None, configured: str | None = None) -> str | None:
    """The canonical codec for ``--encoding`` (or the config's); ValueError when unknown."""
    from .files import codec_name

    return codec_name(given) if given else configured


def _rules_known(rules: list[str] | None, option: str = "--ignore") -> bool:
    """Whether every rule given to ``option`` exists; a one-line error when one does not."""
    from .report import unknown_rule

    if why := unknown_rule(rules or ()):
        _err(f"error: {option}: {why}")
        return False
    return True


def _load_config(config_file: str | None, isolated: bool):
    """The configuration for a command, or None after a one-line error."""
    from .config import Config, ConfigError, load

    if isolated:
        return Config()
    try:
        return load(config_file)
    except ConfigError as exc:
        _err(str(exc))
        return None


def _config_and_codec(config_file: str | None, isolated: bool, encoding: str | None):
    """The configuration and the codec of files without a BOM (``--encoding``, else the
    configuration's) for a file command, or None after a one-line error."""
    cfg = _load_config(config_file, isolated)
    if cfg is None:
        return None
    try:
        return cfg, _encoding(encoding, cfg.encoding)
    except ValueError as exc:
        _err(f"error: {exc}")
        return None


# The options every file command shares for choosing its configuration.
_ConfigFile = Annotated[
    str | None,
    typer.Option("--config", help="Use this config file instead of searching.", metavar="FILE"),
]
_Isolated = Annotated[bool, typer.Option("--isolated", help="Ignore all configuration files.")]
_ForceExclude = Annotated[
    bool | None,
    typer.Option(
        "--force-exclude/--no-force-exclude",
        help="Apply the exclude globs to files named on the command line too (for pre-commit "
        "hooks).",
        show_default=False,
    ),
]
_RULE_NAMES = ", ".join(RULES[:-1]) + " or " + RULES[-1]  # for --ignore's help


# --------------------------------------------------------------------------- check

_FORMAT_HELP = ("Output format: text, json, jsonl (a line per file, written as each is done), "
                "sarif, github, gitlab or html.")


@app.command()
def check(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files or directories to check (default: the working directory); '-' "
                 "reads standard input.", metavar="PATH..."
        ),
    ] = None,
    output_format: Annotated[
        Format | None, typer.Option("--format", "-f", help=_FORMAT_HELP)
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Write the report to FILE (atomic).", metavar="FILE"),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            callback=_a_number,
            help="Passage probability above which a passage is spun.",
            metavar="P",
        ),
    ] = None,
    fail_on: Annotated[
        FailOn | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a file is spun as a whole (text, the default), when any "
            "passage is spun, or on any finding.",
        ),
    ] = None,
    exit_zero: Annotated[
        bool, typer.Option("--exit-zero", help="Exit 0 even when something is flagged.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only findings and errors: no summary line.")
    ] = False,
    statistics: Annotated[
        bool, typer.Option(
            "--statistics",
            help="Instead of each finding, count them per kind with the commonest wordings "
            "(text format).",
        )
    ] = False,
    show_source: Annotated[
        bool | None,
        typer.Option(
            "--show-source/--no-show-source",
            help="Under each finding, its line of text with the finding marked (text format; "
            "default: off, or the config's show-source).",
            show_default=False,
        ),
    ] = None,
    include: Annotated[
        list[str] | None,
        typer.Option(help="Glob of files to check in directories (repeatable).", metavar="GLOB"),
    ] = None,
    exclude: Annotated[
        list[str] | None,
        typer.Option(help="Glob of files or directories to skip (repeatable).", metavar="GLOB"),
    ] = None,
    respect_gitignore: Annotated[
        bool | None,
        typer.Option(
            "--respect-gitignore/--no-respect-gitignore",
            help="Skip what .gitignore files ignore when walking directories (default: on).",
            show_default=False,
        ),
    ] = None,
    force_exclude: _ForceExclude = None,
    allow: Annotated[
        list[str] | None,
        typer.Option(help="A phrase never to report (repeatable).", metavar="PHRASE"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(help=f"A kind of finding never to report (repeatable): {_RULE_NAMES}.",
                     metavar="RULE"),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Report only these kinds of finding (repeatable; every other one "
                     "is ignored), e.g. --select tortured-phrase.", metavar="RULE"),
    ] = None,
    stdin_filename: Annotated[
        str | None,
        typer.Option(
            help="File name for standard input: picks the format and config.", metavar="NAME"
        ),
    ] = None,
    config_file: _ConfigFile = None,
    isolated: _Isolated = False,
    jobs: Annotated[
        int | None, typer.Option(
            "--jobs", "-j", min=1, help="Worker processes (default: cores).", metavar="N"
        )
    ] = None,
    encoding: Annotated[
        str | None, typer.Option(help=_ENCODING_HELP, metavar="NAME")
    ] = None,
    use_cache: Annotated[
        bool | None,
        typer.Option(
            "--cache/--no-cache",
            help="Reuse the reports of files unchanged since the last check with the same "
            "settings (default: off, or the config's cache).",
            show_default=False,
        ),
    ] = None,
    cache_dir: Annotated[
        str | None,
        typer.Option(
            "--cache-dir",
            help=f"Where --cache keeps reports (default: $UNSPIN_CACHE_DIR, the config's "
            f"cache-dir, or {_DEFAULT_CACHE_DIR} beside the config file or in the working "
            "directory).",
            metavar="DIR",
        ),
    ] = None,
) -> ExitStatus:
    """Check files for spun text."""
    from .files import convert, discover
    from .formats import FileResult, render
    from .prose import kind_for_path

    setup = _config_and_codec(config_file, isolated, encoding)
    if setup is None:
        return ExitStatus.ERROR
    cfg, codec = setup

    fmt = output_format.value if output_format else (cfg.format or "text")
    if statistics and fmt != "text":
        _err(f"error: --statistics prints text; it cannot be combined with the {fmt} format")
        return ExitStatus.ERROR
    # A whole file's label, not "any passage": one natural passage in a few hundred crosses
    # the threshold by chance, so a long document would be accused far more often
    # (bench/quality.py, whole documents).
    fail = fail_on.value if fail_on else (cfg.fail_on or "text")
    inc = tuple(include) if include else (cfg.include or DEFAULT_INCLUDE)
    # exclude globs add up: built-in defaults, the config's, the command line's
    exc_globs = DEFAULT_EXCLUDE + (cfg.exclude or ()) + tuple(exclude or ())
    gitignore = respect_gitignore if respect_gitignore is not None else cfg.respect_gitignore
    forced_exclude = force_exclude if force_exclude is not None else cfg.force_exclude
    extra_allowed = tuple(allow or ())
    if not _rules_known(ignore) or not _rules_known(select, "--select"):
        return ExitStatus.ERROR
    source_lines = show_source if show_source is not None else cfg.show_source
    cache_folder = None
    if use_cache if use_cache is not None else cfg.cache:
        cache_folder = os.path.abspath(
            cache_dir or os.environ.get("UNSPIN_CACHE_DIR")
            or (cfg.root / (cfg.cache_dir or _DEFAULT_CACHE_DIR))
        )

    def job_for(path: str, source: str | None, text: str | None, walked: bool = False) -> _Job:
        cfg_path = stdin_filename if path == "-" and stdin_filename else path
        thr, allowed = cfg.for_path(cfg_path)
        return _Job(
            path=_shown(stdin_filename if path == "-" and stdin_filename else path),
            source=source,
            text=text,
            kind=kind_for_path(cfg_path if cfg_path != "-" else None),
            threshold=threshold if threshold is not None else thr,
            allowed=allowed + extra_allowed,
            walked=walked,
            fmt=fmt,
            encoding=codec,
            ignore=cfg.ignored_for(cfg_path, ignore or (), select or ()),
            cache_dir=cache_folder,
            show_source=source_lines,
        )

    # One slot per file in command-line order: a job to run, or an error known already.
    slots: list[_Job | FileResult] = []
    seen: set[str] = set()  # a file named twice ("a.txt /abs/a.txt", "docs docs/a.md") is one
    for given in paths or ["."]:
        if given == "-":
            try:
                decoded = convert(_read_stdin(stdin_filename, codec), stdin_filename, codec)
            except FileError as exc:
                name = stdin_filename or "-"
                _err(f"{name}: error: {exc}")
                slots.append(FileResult(_shown(name), error=str(exc)))
                continue
            slots.append(replace(job_for("-", None, decoded.text),
                                 notes_from=decoded.notes_from))
            continue
        for path, problem in discover([given], inc, exc_globs, root=cfg.path and cfg.root,
                                      respect_gitignore=gitignore,
                                      force_exclude=forced_exclude):
            if problem:
                _err(f"{path}: error: {problem}")
                slots.append(FileResult(_shown(path), error=problem))
                continue
            key = os.path.realpath(path)  # "a.txt", "./a.txt", "/abs/a.txt", a link to it
            if key not in seen:
                seen.add(key)
                slots.append(job_for(path, path, None, walked=path != given))

    job_list = [s for s in slots if isinstance(s, _Job)]
    done = _iter_jobs(job_list, jobs or os.cpu_count() or 1)
    in_order = (
        r
        for r in (next(done) if isinstance(s, _Job) else s for s in slots)
        if r.report is not None or r.error is not None  # binary files in walks are skipped
    )
    if fmt == "jsonl":
        return _stream_lines(in_order, output, fail, exit_zero)
    results = list(in_order)
    errors = sum(1 for r in results if r.error is not None)

    color = (
        fmt == "text"
        and output is None
        and _isatty(sys.stdout)
        and not os.environ.get("NO_COLOR")
    )
    rendered = render(fmt, results, color=color, quiet=quiet, statistics=statistics,
                      show_source=source_lines)
    # What the text output says of whole files: languages it could not read, where a
    # document's notes begin.
    about_files = _unsupported_lines(results, statistics) if fmt == "text" else []
    if fmt == "text" and not statistics:
        about_files += _notes_lines(results)
    if about_files:
        # before the summary line (the writer's last line unless --quiet)
        body = rendered.splitlines(keepends=True)
        tail = [] if quiet or not body else body[-1:]
        body = body[: len(body) - len(tail)]
        rendered = "".join(body + [line + "\n" for line in about_files] + tail)
    if not _write_out([rendered], output):
        return ExitStatus.ERROR
    status = _status(errors > 0, any(_fails(r, fail) for r in results), exit_zero)
    if fmt == "text" and not quiet and status is ExitStatus.OK and not exit_zero:
        hint = _passing_hint(results, fail)
        if hint:
            _err(hint)
    return status


def _passing_hint(results: Sequence[Any], fail: str) -> str | None:
    """A line for standard error when ``check`` exits 0 although it printed a spun passage:
    no file reads spun as a whole, which is what ``--fail-on text`` (the default) fails on.
    A reader of the report who sees "spun passage" and a passing check would otherwise take
    one for a mistake of the other."""
    from .formats import flagged_passages

    flagged = sum(len(flagged_passages(r.report)) for r in results if r.report is not None)
    if fail != "text" or not flagged:
        return None
    passages = "a spun passage" if flagged == 1 else "spun passages"
    return (f"hint: exit 0 with {passages}: no file reads spun as a whole "
            "(--fail-on passage fails on any spun passage)")


def _write_out(pieces: Iterable[str], output: str | None) -> bool:
    """Write ``pieces`` to ``output`` (through a temporary file, renamed at the end) or to
    stdout, each as it comes; False after a one-line error."""
    import contextlib

    from .files import atomic_writer

    try:
        with contextlib.ExitStack() as stack:
            if output:
                fh = stack.enter_context(atomic_writer(output))
                for piece in pieces:
                    fh.write(piece.encode("utf-8"))
            else:
                for piece in pieces:
                    sys.stdout.write(piece)
                    sys.stdout.flush()  # a reader downstream gets each piece as it is done
    except BrokenPipeError:
        raise  # the reader went away (`| head`): handled quietly in run()
    except OSError as exc:
        _err(f"{output or '<stdout>'}: error: cannot write report ({exc.strerror or exc})")
        return False
    return True


def _status(errors: bool, flagged: bool, exit_zero: bool) -> ExitStatus:
    """``check``'s exit status: an error outranks something flagged."""
    if errors:
        return ExitStatus.ERROR
    return ExitStatus.FLAGGED if flagged and not exit_zero else ExitStatus.OK


def _fails(result, fail: str) -> bool:
    """Whether ``result`` (a checked file) fails the check under ``--fail-on fail``."""
    from .formats import flagged_passages

    report = result.report
    return report is not None and bool(
        report.is_spun
        or (fail in ("passage", "finding") and flagged_passages(report))
        or (fail == "finding" and report.findings)
    )


def _stream_lines(results, output: str | None, fail: str, exit_zero: bool) -> ExitStatus:
    """``check --format jsonl``: each result written as one line as soon as it is done, none
    kept; the exit status as :func:`check` gives it."""
    from .formats.jsonl import line

    seen = {"errors": False, "flagged": False}

    def lines() -> Iterator[str]:
        for r in results:
            seen["errors"] |= r.error is not None
            seen["flagged"] |= _fails(r, fail)
            yield line(r)

    if not _write_out(lines(), output):
        return ExitStatus.ERROR
    return _status(seen["errors"], seen["flagged"], exit_zero)


# --------------------------------------------------------------------------- suggest


@app.command()
def suggest(
    phrases: Annotated[list[str], typer.Argument(
        help="Phrases to find the usual wording for; '-' reads them from standard input, "
             "one per line.", show_default=False)],
    context: Annotated[
        str | None, typer.Option(help="The sentence the phrase comes from.")
    ] = None,
    output_format: Annotated[
        SuggestFormat | None,
        typer.Option("--format", "-f", help="Output format: text, or json (one document "
                     "listing every phrase with its suggestions, schema "
                     "\"unspin-suggestions/1\")."),
    ] = None,
) -> ExitStatus:
    """Suggest the usual wording for spun phrases."""
    import json

    import detector

    if "-" in phrases:
        try:
            given = _read_stdin().decode("utf-8")
        except UnicodeDecodeError as exc:
            _err(f"-: error: standard input is not UTF-8 (invalid byte at offset {exc.start})")
            return ExitStatus.ERROR
        except FileError as exc:
            _err(f"-: error: standard input is {exc}")
            return ExitStatus.ERROR
        read = [line.strip() for line in given.splitlines() if line.strip()]
        phrases = [p for item in phrases for p in (read if item == "-" else [item])]
    as_json = output_format == SuggestFormat.json
    status = ExitStatus.OK
    results = []
    for phrase in phrases:
        try:
            found = detector.suggest(phrase, context)
        except Exception as exc:
            _err(f"{phrase}: error: {_failure(exc)}")
            status = ExitStatus.ERROR
            results.append({"phrase": phrase, "error": _failure(exc)})
            continue
        results.append({"phrase": phrase, "suggestions": found})
        if not as_json:
            typer.echo(f"{phrase}: {', '.join(found) if found else '(no suggestion)'}")
    if as_json:
        typer.echo(json.dumps({"schema": "unspin-suggestions/1", "version": __version__,
                               "results": results}, ensure_ascii=False, indent=1))
    return status


# --------------------------------------------------------------------------- restore


@app.command()
def restore(
    files: Annotated[list[str], typer.Argument(
        help="Files to restore (several with --in-place or --diff); '-' reads standard input.",
        show_default=False)],
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Write the result to OUT.", metavar="OUT")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", "-i", help="Rewrite the files.")] = False,
    diff: Annotated[
        bool, typer.Option("--diff", help="Show a unified diff; exit 1 when there are changes.")
    ] = False,
    threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, callback=_a_number, metavar="P",
        help="Apply findings scoring P or more, of every rule (default: the restore "
             "threshold, 0.8 for tortured phrases and number forms).")] = None,
    stdin_filename: Annotated[str | None, typer.Option(help="File name for stdin.")] = None,
    encoding: Annotated[
        str | None, typer.Option(help=_ENCODING_HELP + " Written back the same.", metavar="NAME")
    ] = None,
    allow: Annotated[
        list[str] | None,
        typer.Option(help="A phrase never to change (repeatable).", metavar="PHRASE"),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(help=f"A kind of finding never to apply (repeatable): {_RULE_NAMES}.",
                     metavar="RULE"),
    ] = None,
    select: Annotated[
        list[str] | None,
        typer.Option(help="Apply only these kinds of finding (repeatable).", metavar="RULE"),
    ] = None,
    force_exclude: _ForceExclude = None,
    config_file: _ConfigFile = None,
    isolated: _Isolated = False,
    interactive: Annotated[
        bool, typer.Option(
            "--interactive",
            help="Ask about every finding check reports (questions on stderr, answers on "
            "stdin): a suggestion, your own wording, or none; --threshold then only leaves "
            "out findings scoring under it.")
    ] = False,
) -> ExitStatus:
    """Replace confidently spun wording with the usual wording."""
    from .files import excluded_as_given

    if interactive and "-" in files:
        raise typer.BadParameter("--interactive reads its answers from standard input; "
                                 "name the files to restore")
    if output and in_place:
        raise typer.BadParameter("use either --output or --in-place, not both")
    if in_place and "-" in files:
        raise typer.BadParameter("--in-place needs a file, not standard input")
    # A file named twice is restored once ("--diff a.txt ./a.txt" would show it twice).
    once: dict[str, str] = {}
    for f in files:
        once.setdefault(f if f == "-" else os.path.realpath(f), f)
    files = list(once.values())
    several = len(files) > 1
    if several and (output or not (in_place or diff)):
        raise typer.BadParameter("several files are restored with --in-place or --diff; "
                                 "-o and printing take one")
    if several and "-" in files:
        raise typer.BadParameter("standard input ('-') is restored on its own")
    setup = _config_and_codec(config_file, isolated, encoding)
    if setup is None or not _rules_known(ignore) or not _rules_known(select, "--select"):
        return ExitStatus.ERROR
    cfg = setup[0]
    if force_exclude if force_exclude is not None else cfg.force_exclude:
        # A hook names every staged file; the project's excludes still hold, as for check.
        globs = DEFAULT_EXCLUDE + (cfg.exclude or ())
        files = [f for f in files if f == "-" or not excluded_as_given(
            f, globs, cfg.path and cfg.root)]
        if not files:
            return ExitStatus.OK
    session = None
    if interactive:
        from .interactive import Session

        session = Session()
    options = _RestoreOptions(setup[0], setup[1], output, in_place, diff, threshold,
                              stdin_filename, tuple(allow or ()), tuple(ignore or ()),
                              tuple(select or ()), interactive, session)
    # Each file on its own: one that cannot be read or written is one line, and the others
    # are still restored (as check does). An error outranks a change shown by --diff, which
    # outranks nothing (2 > 1 > 0).
    return max(_restore_one(file, options) for file in files)


@dataclass(frozen=True)
class _RestoreOptions:
    cfg: Any  # detector.config.Config
    codec: str | None
    output: str | None
    in_place: bool
    diff: bool
    threshold: float | None
    stdin_filename: str | None
    allow: tuple[str, ...]
    ignore: tuple[str, ...]
    select: tuple[str, ...]
    interactive: bool = False
    session: Any = None  # detector.interactive.Session: "q" and "a" hold across the files


def _restore_one(file: str, o: _RestoreOptions) -> ExitStatus:
    from .checkfile import restore_text
    from .files import convert, document_kind, read
    from .prose import kind_for_path

    name = o.stdin_filename if file == "-" and o.stdin_filename else file
    target = file if o.in_place else o.output
    kind = document_kind(target) if target else None
    if kind is not None:
        # The restored text is plain text: written over a document it would destroy it.
        article = "an" if kind[0] in "AEIOU" else "a"
        _err(f"{name}: error: restore writes plain text and cannot write {article} {kind}; "
             "without --in-place it prints the restored text")
        return ExitStatus.ERROR
    cfg, codec, diff, threshold = o.cfg, o.codec, o.diff, o.threshold
    # The configuration's phrases and rules hold for restore as for check (a phrase the
    # project allows is never rewritten); its threshold is the passage threshold of check,
    # not the confidence at which restore applies a finding, so it does not carry over.
    allowed = cfg.for_path(name)[1] + o.allow
    ignored = cfg.ignored_for(name, o.ignore, o.select)
    try:
        decoded = (convert(_read_stdin(name, codec), name, codec) if file == "-"
                   else read(file, codec))
    except FileError as exc:
        _err(f"{name}: error: {exc}")
        return ExitStatus.ERROR
    text = decoded.text
    try:
        if o.interactive:
            new_text = _restore_interactively(name, text, threshold, allowed, ignored,
                                              o.session)
        else:
            new_text = restore_text(text, kind_for_path(name), threshold=threshold,
                                    allowed=allowed, ignore=ignored)
    except FileError as exc:
        _err(f"{name}: error: {exc}")
        return ExitStatus.ERROR
    except Exception as exc:
        _err(f"{name}: error: {_failure(exc)}")
        return ExitStatus.ERROR
    changed = new_text != text

    if diff:
        # git's prefixes; an absolute path loses its leading slash, as in git diff --no-index.
        label = name.lstrip("/")
        sys.stdout.writelines(_unified_diff(text, new_text, f"a/{label}", f"b/{label}"))
    try:
        data = encode(new_text, decoded.encoding)
    except FileError as exc:  # a character the file's encoding has not ("€" in Latin-1)
        _err(f"{name}: error: {exc}")
        return ExitStatus.ERROR
    if target:
        if changed or target != file:
            try:
                atomic_write(target, data)
            except OSError as exc:
                _err(f"{target}: error: cannot write ({exc.strerror or exc})")
                return ExitStatus.ERROR
    elif not diff:
        out = getattr(sys.stdout, "buffer", None)
        if out is not None:
            sys.stdout.flush()
            out.write(data)
            out.flush()
        else:
            sys.stdout.write(new_text)
    return ExitStatus.FLAGGED if diff and changed else ExitStatus.OK


def _unified_diff(old: str, new: str, fromfile: str, tofile: str) -> Iterator[str]:
    """A unified diff of two texts that ``patch`` and ``git apply`` accept: a last line
    without a line ending is followed by diff's "\\ No newline at end of file" (difflib
    leaves it to run into the next line)."""
    for line in difflib.unified_diff(old.splitlines(keepends=True),
                                     new.splitlines(keepends=True), fromfile, tofile):
        if line.endswith(("\n", "\r")):
            yield line
        else:
            yield line + "\n\\ No newline at end of file\n"


def _restore_interactively(name: str, text: str, threshold: float | None,
                           allowed: tuple[str, ...], ignored: tuple[str, ...],
                           session: Any = None) -> str:
    """``restore --interactive`` of one file's ``text``: the findings ``check`` reports
    (those scoring ``threshold`` or more, when given), each decided by the person at the
    terminal (:mod:`detector.interactive`)."""
    from .checkfile import analyze_file, prepare
    from .interactive import review
    from .prose import kind_for_path

    if session is not None and session.stopped:  # "q" or the end of input, in a file before
        return text
    kind = kind_for_path(name)
    checked = analyze_file(name, kind=kind, text=text, allowed=allowed, ignore=ignored)
    findings = [f for f in checked.report.findings
                if threshold is None or f.score >= threshold]

    def tell(line: str) -> None:
        sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def ask(prompt: str) -> str | None:
        sys.stderr.write(prompt)
        sys.stderr.flush()
        answer = sys.stdin.readline()
        return answer if answer else None

    if not findings:
        tell(f"{name}: no findings")
    prose = checked.prose if checked.prose is not None else prepare(text, kind)
    return review(text, findings, name, ask, tell, None if prose == text else prose, session)


# --------------------------------------------------------------------------- explain


def _excerpt(text: str, width: int = 70) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _fmt_value(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def _corroboration_note(p: Passage | Sentence) -> str:
    """Why a window scores exactly what its findings set (``Passage.reason``): " (held to
    0.79: no finding)"."""
    if p.reason is None:
        return ""
    if p.label == UNSUPPORTED:
        return f" ({p.reason})"  # "not analysed: ...": no probability was set
    verb, why = p.reason.split(": ", 1)
    return f" ({verb} to {p.probability:g}: {why})"


@app.command()
def explain(
    files: Annotated[list[str], typer.Argument(help="Files to explain; '-' reads stdin.")],
    threshold: Annotated[float | None, typer.Option(
        min=0.0, max=1.0, callback=_a_number, metavar="P",
        help="Passage probability above which a passage is spun (as check's).")] = None,
    stdin_filename: Annotated[str | None, typer.Option(help="File name for stdin.")] = None,
    encoding: Annotated[
        str | None, typer.Option(help=_ENCODING_HELP, metavar="NAME")
    ] = None,
    config_file: _ConfigFile = None,
    isolated: _Isolated = False,
) -> ExitStatus:
    """Show every finding with the evidence behind its score."""
    from .analyzer import why_not_restored
    from .checkfile import analyze_file, prepare
    from .files import convert
    from .prose import kind_for_path

    # The configuration applies as for check (threshold, allowed phrases, ignored rules,
    # encoding), and the file is analysed by check's own pipeline (a large one in chunks),
    # so that explain shows the findings check reports.
    setup = _config_and_codec(config_file, isolated, encoding)
    if setup is None:
        return ExitStatus.ERROR
    cfg, codec = setup
    status = ExitStatus.OK
    for file in files:
        name = stdin_filename if file == "-" and stdin_filename else file
        thr, allowed = cfg.for_path(name)
        try:
            checked = analyze_file(
                name if file == "-" else file, encoding=codec,
                text=(convert(_read_stdin(name, codec), name, codec).text if file == "-"
                      else None),
                threshold=threshold if threshold is not None else thr, allowed=allowed,
                ignore=cfg.ignored_for(name),
            )
        except FileError as exc:
            _err(f"{name}: error: {exc}")
            status = ExitStatus.ERROR
            continue
        except Exception as exc:
            _err(f"{name}: error: {_failure(exc)}")
            status = ExitStatus.ERROR
            continue
        finally:
            _resume_gc()
        report = checked.report
        # Sentences are quoted from the prose the analysis read (markup blanked); a streamed
        # file too large to keep whole (checkfile.KEEP_TEXT_BYTES) is not quoted.
        spun_sentences = [s for s in report.sentences if s.label == "spun"]
        prose = "" if not (spun_sentences and checked.text) else (
            checked.prose if checked.prose is not None
            else prepare(checked.text, kind_for_path(name)))
        typer.echo(
            f"{name}: probability {report.probability:.2f} ({report.label}), "
            f"{report.words} words, {len(report.findings)} findings"
        )
        for p in report.passages:
            typer.echo(
                f"  passage at line {p.line}: {p.label}, probability {p.probability:.2f}"
                f"{_corroboration_note(p)}, {p.words} words, {p.findings} findings"
            )
        for sent in spun_sentences:
            quote = f": {_excerpt(prose[sent.start : sent.end])}" if prose else ""
            typer.echo(
                f"  sentence at line {sent.line}: spun, probability {sent.probability:.2f}{quote}"
            )
        for f in report.findings:
            typer.echo(
                f"{name}:{f.line}:{f.column}: '{f.shown}' unspin/{f.rule} score {f.score:.2f}"
            )
            if f.suggestions:
                typer.echo(f"    suggestions: {', '.join(f.suggestions)}")
                reason = why_not_restored(f)  # restore's own bars
                typer.echo(f"    restore: puts in '{f.suggestions[0]}'" if reason is None
                           else f"    restore: leaves it ({reason})")
            for key, value in f.evidence:
                typer.echo(f"    {key}: {_fmt_value(value)}")
        for note in report.notes:
            typer.echo(f"  note: {note}")
        if status == ExitStatus.OK and (
            report.is_spun or any(p.label == "spun" for p in report.passages)
        ):
            status = ExitStatus.FLAGGED
    return status


# --------------------------------------------------------------------------- eval


@app.command()
def server() -> ExitStatus:
    """Serve the Language Server Protocol on stdin/stdout: findings as diagnostics, with
    quick fixes, in any LSP editor."""
    from .server import serve

    _resume_gc()  # a long-running process, not a cold start
    return ExitStatus.OK if serve() == 0 else ExitStatus.FLAGGED


@app.command(
    "eval",
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def eval_(
    ctx: typer.Context,
    repo: Annotated[
        Path, typer.Option(help="The unspin source checkout (with bench/ and corpus/data/).")
    ] = Path("."),
) -> ExitStatus:
    """Run the quality benchmark (bench/quality.py) from a source checkout.

    Extra arguments go to the benchmark, e.g. `unspin eval --max-records 300 --no-update`.
    """
    _resume_gc()  # a long benchmark run, not a cold start
    _unpin_blas_threads()
    script = repo.resolve() / "bench" / "quality.py"
    if not script.is_file():
        _err(f"unspin eval: {script} not found: run it from a source checkout (or pass --repo)")
        return ExitStatus.ERROR
    import runpy

    argv = sys.argv
    try:
        sys.argv = [str(script), *ctx.args]
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        return ExitStatus.OK if code == 0 else ExitStatus.ERROR
    finally:
        sys.argv = argv
    return ExitStatus.OK


# --------------------------------------------------------------------------- entry points


def run(argv: Sequence[str] | None = None) -> ExitStatus:
    """Run the command line in-process and return its exit status (never calls sys.exit)."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = typer.main.get_command(app)
    try:
        result = command.main(args=args, prog_name="unspin", standalone_mode=False)
    except typer.Exit as exc:
        code = getattr(exc, "exit_code", 0)
        return ExitStatus(code) if code in (0, 1, 2) else ExitStatus.ERROR
    except typer.Abort:
        _err("unspin: aborted")
        return ExitStatus.ERROR
    except KeyboardInterrupt:
        return _interrupted()
    except BrokenPipeError:
        # e.g. `unspin check . | head`: not an error of ours
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the final flush
        return ExitStatus.OK
    except OSError as exc:
        # Writing to standard output failed (a full disk, a closed terminal): the commands
        # print as they go, and the reason is one line like any other failure.
        _err(f"unspin: error: {_os_error(exc)}")
        return ExitStatus.ERROR
    except Exception as exc:
        # Usage errors (click's, or typer's vendored click): they know how to show themselves.
        # Checked by shape because typer may or may not vendor click.
        if hasattr(exc, "show") and hasattr(exc, "exit_code"):
            exc.show()
            return ExitStatus.ERROR
        raise
    if result == ExitStatus.INTERRUPTED:  # typer returns a KeyboardInterrupt as 130
        return _interrupted()
    if isinstance(result, int):
        return ExitStatus(result) if result in (0, 1, 2) else ExitStatus.ERROR
    return ExitStatus.OK


def _interrupted() -> ExitStatus:
    # On a line of its own: an interactive prompt may be waiting on the current one. Files
    # are untouched (writes are renames of finished temporary files).
    _err("\nunspin: interrupted")
    return ExitStatus.INTERRUPTED


# numpy's OpenBLAS starts a thread per core when numpy is imported: 0.02-0.06 s of a cold
# `unspin check` on a busy machine, for nothing, since the one matrix product unspin makes
# (the ranker's 19x16 network over a span's candidates) is far below the size at which
# OpenBLAS would use a second thread: results are the same. Pool workers inherit it (one
# BLAS thread per worker process is what --jobs wants anyway); a value the user set wins.
_BLAS_THREADS = "OPENBLAS_NUM_THREADS"
_blas_pinned = False


def _pin_blas_threads() -> None:
    global _blas_pinned
    if _BLAS_THREADS not in os.environ and "numpy" not in sys.modules:
        os.environ[_BLAS_THREADS] = "1"
        _blas_pinned = True


def _unpin_blas_threads() -> None:
    global _blas_pinned
    if _blas_pinned:
        os.environ.pop(_BLAS_THREADS, None)
        _blas_pinned = False


def main() -> None:
    """Console-script entry point."""
    _pause_gc()
    _pin_blas_threads()
    status = int(run(sys.argv[1:]))
    # Interpreter teardown frees the loaded tables object by object (~0.15 s, a fifth of a
    # cold `unspin check`). By now every output file is written and closed (writes are
    # atomic renames) and worker processes are joined; only the standard streams may hold
    # buffered output, so flush them and leave at once.
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        pass  # `unspin check | head`: the reader left, as in run()
    except (OSError, ValueError) as exc:
        if status != ExitStatus.ERROR:  # run() has not said so already
            _err(f"unspin: error: {_os_error(exc)}")
        status = int(ExitStatus.ERROR)
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    os._exit(status)
