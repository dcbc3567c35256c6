"""File discovery, decoding and atomic writes for the command line.

Discovery walks directories recursively and keeps files whose name (or path relative to the
directory given) matches an ``include`` glob and no ``exclude`` glob; hidden files and
directories (a leading dot) are skipped unless named explicitly. Files named explicitly on the
command line are always checked.

Decoding tries, in order: a UTF-8 BOM, a UTF-16 BOM, then strict UTF-8, or strictly the
encoding the user named (``--encoding latin-1``; a BOM still wins). Anything else is
reported as "not UTF-8 text" rather than guessed at, and so are files with NUL bytes (binary).
The decoded text keeps its line endings; :class:`Decoded` remembers the encoding and BOM so
that ``unspin restore`` can write the file back byte-compatible.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from .gitignore import GitIgnore, Glob

__all__ = [
    "DEFAULT_EXCLUDE",
    "DEFAULT_INCLUDE",
    "Decoded",
    "FileError",
    "atomic_write",
    "atomic_writer",
    "by_paragraph",
    "choose_codec",
    "codec_name",
    "convert",
    "decode",
    "discover",
    "document_kind",
    "encode",
    "excluded_as_given",
    "glob_match",
    "included",
    "is_document",
    "label",
    "os_error_reason",
    "read",
    "read_bytes",
    "read_stream",
    "undecodable",
    "wide",
]

DEFAULT_INCLUDE = ("*.txt", "*.md", "*.markdown", "*.rst", "*.adoc", "*.asciidoc", "*.html",
                   "*.htm", "*.tex", "*.ltx", "*.Rnw", "*.rnw", "*.docx", "*.odt", "*.epub",
                   "*.nxml")
# Documents read through a converter, never decoded as text: Word and OpenDocument files,
# EPUB books and JATS articles as their paragraphs (detector/docx.py, odt.py, epub.py,
# jats.py), PDF as its pages' text layer (detector/pdf.py). PDF is not in DEFAULT_INCLUDE: a
# folder of papers also holds figures saved as PDF, which have no text to read; nor is
# ".xml", which is JATS only when its first lines say so (and a build file otherwise).
WORD_SUFFIXES = (".docx", ".docm", ".dotx")
ODT_SUFFIXES = (".odt", ".ott")
EPUB_SUFFIXES = (".epub",)
JATS_SUFFIXES = (".nxml",)
PDF_SUFFIXES = (".pdf",)
_DOCUMENT_KINDS = {**dict.fromkeys(WORD_SUFFIXES, "Word document"),
                   **dict.fromkeys(ODT_SUFFIXES, "OpenDocument text"),
                   **dict.fromkeys(EPUB_SUFFIXES, "EPUB book"),
                   **dict.fromkeys(JATS_SUFFIXES, "JATS article"),
                   **dict.fromkeys(PDF_SUFFIXES, "PDF document")}


def document_kind(path: str | os.PathLike[str] | None, head: bytes | None = None
                  ) -> str | None:
    """"Word document", "OpenDocument text", "EPUB book", "JATS article" or "PDF document"
    for a file read through a converter (never decoded as text, streamed in chunks or
    written back); None for text files. An ``.xml`` file is a JATS article when its first
    bytes (``head``, or read from ``path``) say so (:func:`detector.jats.looks_like_jats`),
    and text otherwise."""
    if path is None:
        return None
    suffix = Path(path).suffix.lower()
    if suffix == ".xml":
        from .jats import looks_like_jats

        head = _head(path) if head is None else head
        return "JATS article" if looks_like_jats(head[:4096]) else None
    return _DOCUMENT_KINDS.get(suffix)


def _head(path: str | os.PathLike[str]) -> bytes:
    """A file's first 4 KB; nothing when it cannot be read (the reader reports why). Not
    cached: a long-running caller may see the file rewritten, and 4 KB is cheap."""
    try:
        with open(path, "rb") as fh:
            return fh.read(4096)
    except OSError:
        return b""


def is_document(path: str | os.PathLike[str] | None) -> bool:
    """Whether ``path`` names a document read through a converter (:func:`document_kind`)."""
    return document_kind(path) is not None


def by_paragraph(path: str | os.PathLike[str] | None) -> bool:
    """Whether positions in ``path`` are numbered by paragraph, not line (every document
    but PDF: :mod:`detector.paragraphs`)."""
    kind = document_kind(path)
    return kind is not None and kind != "PDF document"


DEFAULT_EXCLUDE = ("node_modules", "__pycache__", "site-packages", "venv")


class FileError(Exception):
    """A file that cannot be checked; the message is the reason shown to the user.
    ``binary`` marks files with NUL bytes, which directory walks skip silently."""

    def __init__(self, reason: str, *, binary: bool = False) -> None:
        super().__init__(reason)
        self.binary = binary


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # how to write it back: a codec, or "utf-8-sig", "utf-16-be-bom", ... (_BOMS)
    newline: str  # "\r\n" or "\n" (the first line ending seen)
    # A Word or OpenDocument file with footnotes or endnotes: the paragraph number of the
    # first (they are read after the body, numbered on from its last paragraph).
    notes_from: int | None = None


def codec_name(name: str) -> str:
    """The canonical name of the text encoding ``name`` ("latin1" -> "iso8859-1");
    ValueError with a one-line reason when Python knows no such text encoding."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding: {name!r}") from None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FILE_CODECS:
        raise ValueError(f"not a text encoding: {name!r}")
    return info.name


# Codecs Python lists as text encodings that no file is written in: host names' (they
# refuse a line of prose), and "undefined", which refuses everything.
_NOT_FILE_CODECS = frozenset({"idna", "punycode", "undefined"})


def label(codec: str) -> str:
    """The encoding's name as error messages show it."""
    return "UTF-8" if codec == "utf-8" else codec


def wide(codec: str) -> bool:
    """Whether NUL bytes are normal in this encoding's text (so they do not mean binary)."""
    return codec.startswith(("utf-16", "utf-32"))


def undecodable(codec: str, offset: int, named: bool) -> str:
    """The reason for bytes that ``codec`` cannot decode; a hint at ``--encoding`` when the
    encoding was not the user's choice (legacy Latin-1/cp1252 files are the usual case)."""
    reason = f"not {label(codec)} text (invalid byte at offset {offset})"
    return reason if named else f"{reason}; --encoding reads other encodings"


# Byte-order marks, longest first (UTF-32 LE's starts with UTF-16 LE's): the name a file
# carrying one is written back in (:func:`encode`), the BOM and the codec of the rest.
_BOMS = (
    ("utf-8-sig", codecs.BOM_UTF8, "utf-8"),
    ("utf-32-le-bom", codecs.BOM_UTF32_LE, "utf-32-le"),
    ("utf-32-be-bom", codecs.BOM_UTF32_BE, "utf-32-be"),
    ("utf-16-le-bom", codecs.BOM_UTF16_LE, "utf-16-le"),
    ("utf-16-be-bom", codecs.BOM_UTF16_BE, "utf-16-be"),
)


def choose_codec(head: bytes, encoding: str | None) -> tuple[str, str, int]:
    """For a file starting with ``head``: the encoding to write it back in, the codec to
    decode it with and how many BOM bytes to skip. A BOM decides (and is written back with
    the file's byte order); otherwise ``encoding`` (the user's) or UTF-8."""
    for name, bom, codec in _BOMS:
        if head.startswith(bom):
            return name, codec, len(bom)
    codec = encoding or "utf-8"
    return codec, codec, 0


def decode(data: bytes, encoding: str | None = None) -> Decoded:
    """Decode file bytes: UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, or the
    ``encoding`` named by the user (a canonical :func:`codec_name`) when there is no BOM."""
    named = encoding is not None
    encoding, codec, skip = choose_codec(data, encoding)
    body = data[skip:]
    _refuse_binary(codec, body)
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        raise FileError(undecodable(codec, exc.start, named)) from None
    except UnicodeError:  # a codec that reads no file ("idna" on a long line)
        raise FileError(f"not {label(codec)} text") from None
    m = re.search(r"\r\n|\n", text)
    return Decoded(text, encoding, m.group() if m else "\n")


# How much of a file's start is looked at for NUL bytes (binary), and how much of a file
# that is not a regular one (a device, a pipe) is read before that look: "unspin check
# /dev/urandom" read on until memory ran out.
_BINARY_HEAD = 8192


def _refuse_binary(codec: str, body: bytes) -> None:
    """A :class:`FileError` when ``body`` (after any BOM) starts like a binary file for
    ``codec``: NUL bytes in its first :data:`_BINARY_HEAD` bytes, where the codec has none."""
    if not wide(codec) and b"\x00" in body[:_BINARY_HEAD]:
        raise FileError(f"not {label(codec)} text (binary file)", binary=True)


def encode(text: str, encoding: str) -> bytes:
    """Encode text the way :func:`decode` found it (BOMs included); a :class:`FileError`
    when the encoding cannot hold it."""
    for name, bom, codec in _BOMS:
        if encoding == name:
            return bom + text.encode(codec)
    try:
        return text.encode(encoding)
    except UnicodeError as exc:
        where = f" ({text[exc.start:exc.end]!r})" if isinstance(exc, UnicodeEncodeError) else ""
        raise FileError(f"the restored text cannot be written in {label(encoding)}{where}"
                        ) from None


def os_error_reason(exc: OSError) -> str:
    """A short, user-facing reason for an I/O error (no traceback, no errno noise)."""
    if isinstance(exc, IsADirectoryError):
        return "is a directory"
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    return exc.strerror or str(exc)


def read(path: str | os.PathLike[str], encoding: str | None = None) -> Decoded:
    """Read a file and turn it into text (:func:`convert`: documents through their
    converter, the rest :func:`decode`); every failure becomes a :class:`FileError` with a
    short reason."""
    return convert(read_bytes(path, encoding), path, encoding)


def read_bytes(path: str | os.PathLike[str], encoding: str | None = None) -> bytes:
    """A file's bytes; a failure is a :class:`FileError` with a short reason. What is not a
    regular file (a device, a named pipe, process substitution's ``/dev/fd/63``) is read in
    pieces, and given up as binary as soon as its first bytes are (:func:`decode`'s test,
    for ``encoding``), since such a file may never end."""
    try:
        with open(path, "rb") as fh:
            return fh.read() if _regular(fh.fileno()) else read_stream(fh, path, encoding)
    except MemoryError:
        raise FileError("too large to read into memory") from None
    except OSError as exc:
        raise FileError(os_error_reason(exc)) from None


def read_stream(fh: BinaryIO, name: str | os.PathLike[str] | None = None,
                encoding: str | None = None) -> bytes:
    """All of ``fh`` (standard input, a pipe, a device), read as a file called ``name``,
    unless it is to be text and its first bytes are binary (:func:`decode`'s test, for
    ``encoding``): then a :class:`FileError` at once, since such a stream may never end."""
    head = fh.read(_BINARY_HEAD)
    if document_kind(name, head) is None:  # a Word file is a zip, NULs and all
        _, codec, skip = choose_codec(head, encoding)
        _refuse_binary(codec, head[skip:])
    return head + fh.read()


def _regular(fd: int) -> bool:
    return stat.S_ISREG(os.fstat(fd).st_mode)


def convert(data: bytes, name: str | os.PathLike[str] | None,
            encoding: str | None = None) -> Decoded:
    """``data`` read as a file called ``name`` is (standard input with ``--stdin-filename``):
    a document through its converter, anything else decoded as text (:func:`decode`)."""
    kind = document_kind(name, data)
    if kind is not None:
        # Imported only for such files (zip and XML readers; pypdf). Their text is written
        # back (restore's output) as plain UTF-8, never as a document.
        if kind in ("Word document", "OpenDocument text"):
            from .paragraphs import joined

            if kind == "Word document":
                from .docx import parts
            else:
                from .odt import parts
            body, notes = parts(data)
            return Decoded(joined(body + notes), "utf-8", "\n",
                           len(body) + 1 if notes else None)
        if kind == "EPUB book":
            from .epub import text_of
        elif kind == "JATS article":
            from .jats import text_of
        else:
            from .pdf import text_of
        return Decoded(text_of(data), "utf-8", "\n")
    return decode(data, encoding)


def atomic_write(path: str | os.PathLike[str], data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same directory and
    ``os.replace``, so readers never see a half-written file (see :func:`atomic_writer`)."""
    with atomic_writer(path) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextlib.contextmanager
def atomic_writer(path: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through: a temporary file in the same directory that
    replaces ``path`` when the block ends (and is removed if it raises), with the file's mode
    and owner. A symbolic link is written through (its target is replaced, the link kept).
    What is no regular file (``/dev/null``, a named pipe, ``/dev/stdout``) is written
    directly: replacing it would put a file where the device or pipe was. A file with other
    hard links is overwritten in place once the new bytes are safely in the temporary file,
    so that every name sees them (a rename would leave the other names the old text)."""
    try:
        st: os.stat_result | None = os.stat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(path, "wb") as fh:
            yield fh
        return
    target = Path(os.path.realpath(path))
    import tempfile  # here, not at the top: only --output and restore write files

    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        if st is not None and st.st_nlink > 1:
            _overwrite(target, tmp)
            os.unlink(tmp)
            return
        if st is None:
            os.chmod(tmp, 0o666 & ~_umask())
        else:
            with contextlib.suppress(OSError):  # only root may give a file away
                os.chown(tmp, st.st_uid, st.st_gid)
            os.chmod(tmp, st.st_mode & 0o7777)  # after chown, which clears set-id bits
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _overwrite(target: Path, source: str) -> None:
    """Copy the bytes of ``source`` over ``target`` in place (the same inode)."""
    import shutil

    with open(source, "rb") as src, open(target, "r+b") as dst:
        shutil.copyfileobj(src, dst)
        dst.truncate()
        dst.flush()
        os.fsync(dst.fileno())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_GLOB_CACHE: dict[str, Glob] = {}


def _glob_regex(pattern: str) -> Glob:
    """A configuration glob, read as a ``.gitignore`` line's pattern is
    (:func:`detector.gitignore.glob_fragments`): ``**`` as a whole path segment spans
    directories, ``*`` and ``?`` stay within one, ``[...]`` is a class, a backslash escapes."""
    rx = _GLOB_CACHE.get(pattern)
    if rx is None:
        # not at start-up: `unspin --version` matches no globs
        from .gitignore import Glob, glob_fragments

        rx = _GLOB_CACHE[pattern] = Glob(glob_fragments(pattern))
    return rx


def glob_match(relpath: str, patterns: Iterable[str]) -> bool:
    """True when the POSIX relative path matches one of ``patterns``. A pattern without a
    slash matches the file name or any directory name on the way ("node_modules", "*.md");
    one with a slash matches the whole relative path ("docs/legal/**")."""
    return _matches(relpath, patterns, names_only=False)


def included(relpath: str, patterns: Iterable[str]) -> bool:
    """True when the file at the POSIX relative path matches one of the include
    ``patterns``: one without a slash matches the file's name ("*.md"), one with a slash the
    whole relative path ("docs/**/*.txt"). Unlike an exclude glob, a slash-free pattern does
    not match a folder on the way: the files inside a folder named "notes.md" or an unpacked
    "book.epub" are not Markdown or EPUB files."""
    return _matches(relpath, patterns, names_only=True)


def _matches(relpath: str, patterns: Iterable[str], names_only: bool) -> bool:
    """:func:`glob_match`, slash-free patterns tried on the file name alone when
    ``names_only`` (:func:`included`)."""
    relpath = relpath.replace(os.sep, "/")
    while relpath.startswith("./"):
        relpath = relpath[2:]
    parts = relpath.split("/")
    names = parts[-1:] if names_only else parts
    for pat in patterns:
        pat = pat.rstrip("/")
        if "/" in pat:
            if _glob_regex(pat.lstrip("/")).fullmatch(relpath):
                return True
        elif any(_glob_regex(pat).fullmatch(p) for p in names):
            return True
    return False


def discover(
    paths: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = DEFAULT_EXCLUDE,
    root: str | os.PathLike[str] | None = None,
    respect_gitignore: bool = True,
    force_exclude: bool = False,
) -> Iterator[tuple[str, str | None]]:
    """Yield ``(path, error)`` for every file to check, in a stable order.

    Explicit files are yielded as given (their errors surface when read); directories are
    walked, sorted, skipping hidden entries, anything excluded and, with
    ``respect_gitignore``, what git ignores (:mod:`detector.gitignore`). Globs with a slash
    match the path relative to the directory walked and, when ``root`` (the config file's
    directory) is given, relative to ``root`` too. A missing path yields an error. With
    ``force_exclude`` the exclude globs apply to the paths given as well (matched relative
    to the working directory and to ``root``): a pre-commit hook names every staged file,
    and the project's excludes must still hold.
    """
    seen: set[str] = set()
    for given in paths:
        p = Path(given)
        if force_exclude and excluded_as_given(given, exclude, root):
            continue
        if p.is_dir():
            for f, problem in _walk(p, include, exclude, root, respect_gitignore):
                key = os.path.normpath(f)
                if problem is not None:
                    yield f, problem
                elif key not in seen:
                    seen.add(key)
                    yield f, None
        elif p.exists() or p.is_symlink():
            key = os.path.normpath(given)
            if key not in seen:
                seen.add(key)
                yield given, None
        else:
            yield given, "no such file or directory"


def _special(path: str) -> bool:
    """Whether ``path`` is a named pipe, socket or device: a walk skips them, as ripgrep
    does, since reading a pipe with no writer waits for ever. Named on the command line one
    is read (``unspin check <(cmd)`` passes a pipe); what cannot be looked at is read too,
    and its error reported then."""
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def excluded_as_given(given: str, exclude: Sequence[str],
                      root: str | os.PathLike[str] | None) -> bool:
    """Whether the path ``given`` on the command line matches an ``exclude`` glob, relative
    to the working directory or to ``root`` (the configuration file's directory)."""
    full = os.path.abspath(given)
    for base in (os.getcwd(), *([os.path.abspath(root)] if root is not None else [])):
        rel = os.path.relpath(full, base)
        if rel != os.pardir and not rel.startswith(os.pardir + os.sep) and glob_match(
                rel, exclude):
            return True
    return False


def _walk(
    top: Path, include: Sequence[str], exclude: Sequence[str],
    root: str | os.PathLike[str] | None, respect_gitignore: bool = True,
) -> Iterator[tuple[str, str | None]]:
    """``(file, None)`` for each file to check under ``top``, and ``(folder, reason)`` for
    each folder that could not be listed."""
    base = os.path.abspath(root) if root is not None else None
    # The git rules in force in each directory walked, by its absolute path.
    git: dict[str, GitIgnore] = {}
    if respect_gitignore:
        from .gitignore import GitIgnore  # only walks need it: not `unspin --version`

        git[os.path.abspath(top)] = GitIgnore.for_walk(str(top))

    def git_ignored(full: str, is_dir: bool) -> bool:
        rules = git.get(os.path.dirname(full))
        return rules is not None and rules.ignored(full, is_dir)

    def excluded(rel: str, full: str) -> bool:
        if glob_match(rel, exclude):
            return True
        if base is None:
            return False
        from_root = os.path.relpath(os.path.abspath(full), base)
        return not from_root.startswith("..") and glob_match(from_root, exclude)

    # A folder that cannot be listed was skipped without a word and the run passed, as if
    # its files were clean; one that vanished during the walk holds nothing to check.
    unlisted: list[OSError] = []

    def reported() -> Iterator[tuple[str, str | None]]:
        for exc in unlisted:
            if not isinstance(exc, FileNotFoundError):
                yield os.path.normpath(os.fsdecode(exc.filename or top)), os_error_reason(exc)
        unlisted.clear()

    for dirpath, dirnames, filenames in os.walk(top, onerror=unlisted.append):
        yield from reported()
        rel_dir = os.path.relpath(dirpath, top)
        rel_dir = "" if rel_dir == "." else rel_dir.replace(os.sep, "/") + "/"
        here = os.path.abspath(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames
            if not d.startswith(".") and not excluded(rel_dir + d, os.path.join(dirpath, d))
            and not git_ignored(os.path.join(here, d), True)
        )
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            rel = rel_dir + name
            full = os.path.join(dirpath, name)
            if (included(rel, include) and not excluded(rel, full)
                    and not git_ignored(os.path.join(here, name), False)
                    and not _special(full)):
                yield os.path.normpath(full), None
        if respect_gitignore:
            for d in dirnames:
                git[os.path.join(here, d)] = git[here].descend(os.path.join(here, d))
            del git[here]  # walked: only its subdirectories need rules now
    yield from reported()
