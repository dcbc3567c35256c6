"""Loading the shipped artifacts in ``models/`` safely, lazily and once.

Every artifact is either an uncompressed ``.npz`` (numpy arrays, read with
``allow_pickle=False``) or a ``.json`` file, and each carries a ``format`` name and a
``version``: in ``.npz`` files as a JSON string in the 0-d array ``__meta__``, in ``.json``
files as top-level keys. ``models/MANIFEST.json`` records, for each artifact, its format,
version, size and SHA-256; a file whose checksum, format or version does not match is refused
with :class:`ModelError` naming the file and what to do, never silently used. The command
line has the checksums computed ahead, on a background thread (:func:`check_ahead`).

Installed, the artifacts are the subpackage ``detector.models`` (importlib.resources); in a
source checkout, installed in editable mode or not, they are read from the ``models/``
folder beside ``detector/``.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import io
import json
import mmap
import os
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

__all__ = [
    "ModelError",
    "artifact_bytes",
    "check_ahead",
    "load_json",
    "load_npz",
    "manifest",
    "model_dir",
    "without_gc",
]

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_FORMAT = "unspin-models"
MANIFEST_VERSION = 1
REBUILD_HINT = "reinstall unspin, or rebuild with `python -m corpus.build_models`"


class ModelError(RuntimeError):
    """A shipped artifact is missing, corrupt or of an unexpected format or version."""


def without_gc(build: Callable[..., T]) -> Callable[..., T]:
    """Run ``build`` with the cyclic garbage collector paused.

    Building the runtime objects of the artifacts (the fingerprint index, the models' weight
    lists) allocates hundreds of thousands of small containers and no reference cycles, and
    each allocation burst triggers collections that rescan everything loaded so far: about
    0.07 s of a cold ``unspin check`` for no garbage found. Reference counting still frees
    what the build discards; the collector resumes (if it was running) when ``build`` ends.
    """

    @functools.wraps(build)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return build(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


def model_dir() -> Any:
    """The folder (a Traversable) that holds the artifacts: the package's own, installed
    (``detector/models``) or in the source checkout this package was imported from
    (``models/`` beside ``detector/``), else wherever importlib.resources finds them.

    The package's own folders come first because an editable install maps
    ``detector.models`` to *its* checkout: another checkout of unspin put first on
    ``sys.path`` (a git worktree under comparison) would otherwise run its code on the
    installed checkout's models, and be refused or, worse, measured on them.
    """
    here = Path(__file__).resolve().parent
    if (here / "models" / MANIFEST_NAME).is_file():
        return here / "models"
    root = here.parent
    if (root / "models" / MANIFEST_NAME).is_file() and (root / "pyproject.toml").is_file():
        return root / "models"
    folder = _package_folder()
    if folder is not None and (folder / MANIFEST_NAME).is_file():
        return folder
    try:
        from importlib.resources import files

        found = files("detector.models")
        if found.joinpath(MANIFEST_NAME).is_file():
            return found
    except ModuleNotFoundError:
        pass
    raise ModelError(f"model files not found (no {MANIFEST_NAME}); {REBUILD_HINT}")


def _package_folder() -> Path | None:
    """The folder of the package ``detector.models`` when it is a plain folder (installed or
    editable): the path importlib.resources would give, without importing it (and tempfile,
    which it imports), ~0.005 s of every cold start. None otherwise (a zip, a namespace)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("detector.models")
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or not spec.submodule_search_locations:
        return None
    # The folder of its __init__.py, as importlib.resources' file reader takes it.
    folder = Path(spec.origin).parent
    return folder if folder.is_dir() else None


@functools.cache
def manifest() -> dict[str, Any]:
    raw = _read(MANIFEST_NAME)
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ModelError(f"{MANIFEST_NAME} is not valid JSON ({exc}); {REBUILD_HINT}") from None
    if data.get("format") != MANIFEST_FORMAT or data.get("version") != MANIFEST_VERSION:
        raise ModelError(
            f"{MANIFEST_NAME} has format {data.get('format')!r} version {data.get('version')!r}, "
            f"expected {MANIFEST_FORMAT!r} version {MANIFEST_VERSION}; {REBUILD_HINT}"
        )
    return data


def _read(name: str) -> bytes:
    path = model_dir().joinpath(name)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ModelError(f"model file {name} is missing; {REBUILD_HINT}") from None
    except OSError as exc:
        raise ModelError(
            f"model file {name} cannot be read ({exc.strerror}); {REBUILD_HINT}"
        ) from None


def _map(name: str) -> bytes | mmap.mmap:
    """The content of ``name`` as a read-only memory map where the artifacts are plain
    files, else (or when mapping fails) as bytes read.

    Mapping skips copying the file into fresh process memory, which is most of the cost of
    reading the ~27 MB of ``.npz`` tables at every cold start (0.02-0.03 s): the checksum is
    computed over the mapped pages, and the arrays are views of the same pages. The
    artifacts are only ever replaced whole (``corpus/artifacts.py`` writes a temporary file
    and renames it; installers unlink and recreate), which leaves a mapping of the old file
    intact and unchanged.
    """
    path = model_dir().joinpath(name)
    if isinstance(path, os.PathLike):
        try:
            with open(path, "rb") as fh:
                return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):  # missing, unreadable, empty, or not mappable
            pass
    return _read(name)


def _entry(name: str, fmt: str, version: int) -> dict[str, Any]:
    entry = manifest().get("artifacts", {}).get(name)
    if entry is None:
        raise ModelError(f"model file {name} is not listed in {MANIFEST_NAME}; {REBUILD_HINT}")
    if entry.get("format") != fmt or entry.get("version") != version:
        raise ModelError(
            f"model file {name} is {entry.get('format')!r} version {entry.get('version')!r}, "
            f"but this unspin reads {fmt!r} version {version}; {REBUILD_HINT}"
        )
    return entry


def _verify(name: str, entry: dict[str, Any], data: bytes | mmap.mmap,
            digest: str | None = None) -> None:
    if (digest or hashlib.sha256(data).hexdigest()) != entry.get("sha256"):
        raise ModelError(f"model file {name} is corrupt (checksum mismatch); {REBUILD_HINT}")


# Checksums computed ahead on a background thread (:func:`check_ahead`): the artifact's path
# -> (event set when done, [content, its SHA-256] or [] when the thread could not read it).
_ahead: dict[str, tuple[threading.Event, list[Any]]] = {}
_ahead_lock = threading.Lock()


def check_ahead(names: tuple[str, ...]) -> None:
    """Start reading and checksumming the artifacts ``names`` on a background thread.

    Hashing the ~27 MB of artifacts is ~0.02 s of every cold ``unspin check``, and hashlib
    releases the interpreter lock while it hashes: done ahead, it overlaps with what the
    command does before it needs the models (extracting the prose, importing numpy). A
    loader takes the very bytes the thread hashed, at most once (:func:`_take`), so what is
    used is what was checked; anything the thread could not read is read and checked by the
    loader as usual. Does nothing for artifacts already started.
    """
    try:
        folder = model_dir()
    except ModelError:
        return  # the loaders report it
    todo: list[tuple[str, threading.Event, list[Any]]] = []
    with _ahead_lock:
        for name in names:
            key = str(folder.joinpath(name))
            if key not in _ahead:
                slot: tuple[threading.Event, list[Any]] = (threading.Event(), [])
                _ahead[key] = slot
                todo.append((name, *slot))
    if not todo:
        return

    def work() -> None:
        for name, done, out in todo:
            try:
                data = _map(name) if name.endswith(".npz") else _read(name)
                out.extend((data, hashlib.sha256(data).hexdigest()))
            except Exception:  # the loader reads it again and reports the problem
                pass
            finally:
                done.set()

    threading.Thread(target=work, name="unspin-checksums", daemon=True).start()


def _forget_ahead() -> None:
    # A forked child has none of its parent's threads: it must not wait for one.
    global _ahead, _ahead_lock
    _ahead, _ahead_lock = {}, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_ahead)


def _take(name: str) -> tuple[Any, str] | tuple[None, None]:
    """Content and checksum of ``name`` in the current model folder from
    :func:`check_ahead` (waiting for the thread), once; (None, None) when not checked ahead."""
    key = str(model_dir().joinpath(name))
    with _ahead_lock:
        slot = _ahead.get(key)
        if slot is not None:
            _ahead[key] = (slot[0], [])  # taken: later loads read the file again
    if slot is None:
        return None, None
    slot[0].wait()
    return (slot[1][0], slot[1][1]) if slot[1] else (None, None)


def _verified(name: str, entry: dict[str, Any], read: Callable[[str], Any]) -> Any:
    """The content of ``name``, checked against its manifest ``entry``: the bytes
    :func:`check_ahead` hashed, else what ``read`` returns."""
    data, digest = _take(name)
    if data is None:
        data = read(name)
    _verify(name, entry, data, digest)
    return data


def artifact_bytes(name: str, fmt: str, version: int) -> bytes:
    """The verified bytes of artifact ``name``, which must be of ``fmt`` at ``version``.

    Read and checked at every call, and not cached here: each artifact's runtime object is
    built once by its own loader (a cache would hold every artifact's bytes a second time).
    """
    return _verified(name, _entry(name, fmt, version), _read)


def _check_meta(name: str, meta: dict[str, Any], fmt: str, version: int) -> None:
    if meta.get("format") != fmt or meta.get("version") != version:
        raise ModelError(
            f"model file {name} says format {meta.get('format')!r} version "
            f"{meta.get('version')!r}, expected {fmt!r} version {version}; {REBUILD_HINT}"
        )


def load_npz(name: str, fmt: str, version: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Arrays and metadata of a verified ``.npz`` artifact (never unpickles)."""
    import numpy as np

    entry = _entry(name, fmt, version)
    data = _verified(name, entry, _map)  # the arrays are views of it, which keep it alive
    try:
        arrays = _stored_arrays(data)
        if arrays is None:
            with np.load(io.BytesIO(data), allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
        meta = json.loads(str(arrays.pop("__meta__")))
    except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
        raise ModelError(f"model file {name} cannot be read ({exc}); {REBUILD_HINT}") from None
    _check_meta(name, meta, fmt, version)
    return arrays, meta


def _stored_arrays(data: bytes | mmap.mmap) -> dict[str, Any] | None:
    """The arrays of an uncompressed ``.npz`` as read-only views into ``data`` (bytes or a
    read-only memory map), or None when a member is compressed (then :func:`numpy.load`
    reads it).

    The artifacts are stored, not deflated, so each array already lies in the verified bytes
    exactly as numpy would copy it out: viewing it in place saves a copy and time at every
    cold start. Arrays the zip left unaligned are copied (see below). Only plain dtypes are
    accepted (never object arrays).
    """
    import numpy as np
    from numpy.lib import format as npy

    out: dict[str, Any] = {}
    # A memory map is itself a seekable file (BytesIO would copy it); BytesIO shares bytes.
    source = data if isinstance(data, mmap.mmap) else io.BytesIO(data)
    with zipfile.ZipFile(source) as z:
        for info in z.infolist():
            if info.compress_type != zipfile.ZIP_STORED or not info.filename.endswith(".npy"):
                return None
            # The member's data follows its local header: 30 bytes, its name and an extra
            # field whose lengths the header gives (they may differ from the central entry).
            at = info.header_offset
            if data[at : at + 4] != b"PK\x03\x04":
                raise ValueError(f"bad local header for {info.filename}")
            start = at + 30 + int.from_bytes(data[at + 26 : at + 28], "little") + int.from_bytes(
                data[at + 28 : at + 30], "little"
            )
            head = io.BytesIO(data[start : start + min(info.file_size, 65536)])
            major, _minor = npy.read_magic(head)
            read_header = npy.read_array_header_1_0 if major == 1 else npy.read_array_header_2_0
            shape, fortran, dtype = read_header(head)
            if dtype.hasobject:
                raise ValueError(f"{info.filename} holds Python objects")
            count = 1
            for n in shape:
                count *= n
            if head.tell() + count * dtype.itemsize != info.file_size:
                raise ValueError(f"{info.filename} has the wrong size")
            arr = np.frombuffer(data, dtype=dtype, count=count, offset=start + head.tell())
            if not arr.flags.aligned:
                # The zip's local headers shift a member off its natural alignment, and
                # numpy works on unaligned data through slow paths (a searchsorted over the
                # bigram keys copies them at every call): those arrays are copied once here.
                arr = arr.copy()
            out[info.filename[:-4]] = arr.reshape(shape, order="F" if fortran else "C")
    return out


def load_json(name: str, fmt: str, version: int) -> dict[str, Any]:
    """The verified content of a ``.json`` artifact."""
    try:
        data = json.loads(artifact_bytes(name, fmt, version))
    except ValueError as exc:
        raise ModelError(f"model file {name} is not valid JSON ({exc}); {REBUILD_HINT}") from None
    _check_meta(name, data, fmt, version)
    return data
