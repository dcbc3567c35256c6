"""Writing artifacts in the format ``detector.resources`` reads, and the manifest.

Each ``.npz`` holds a JSON ``__meta__`` string with ``format`` and ``version`` (plus anything
useful to a reader: sources, licence, build parameters); each ``.json`` holds the same keys at
top level. :func:`update_manifest` records size and SHA-256 of every artifact in
``models/MANIFEST.json``. Writes are atomic so that an interrupted build never leaves a
half-written artifact that looks complete.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from detector.resources import MANIFEST_FORMAT, MANIFEST_NAME, MANIFEST_VERSION

MODELS = Path(__file__).resolve().parent.parent / "models"


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)  # mkstemp makes files private; artifacts are read by everyone
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def write_npz(path: Path, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write arrays plus ``meta`` (must hold ``format`` and ``version``) as an .npz."""
    assert "format" in meta and "version" in meta, "meta needs format and version"
    for name, arr in arrays.items():
        if arr.dtype == object:
            raise TypeError(f"{name}: object arrays would need pickle")
    buf = io.BytesIO()
    np.savez(buf, __meta__=np.array(json.dumps(meta, sort_keys=True)), **arrays)
    _atomic_write(path, buf.getvalue())


def write_json(path: Path, data: dict[str, Any]) -> None:
    assert "format" in data and "version" in data, "data needs format and version"
    _atomic_write(path, json.dumps(data, sort_keys=True, separators=(",", ":")).encode())


def _format_of(path: Path) -> tuple[str, int]:
    if path.suffix == ".npz":
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["__meta__"]))
    else:
        meta = json.loads(path.read_bytes())
    return meta["format"], meta["version"]


def record(path: Path) -> None:
    """Re-record the manifest of the folder an artifact was written to, when that folder is
    a models folder (it has a manifest). An experiment's copy written elsewhere (``--out
    /tmp/classifier.json``) leaves manifests alone: that folder's other files are not
    artifacts."""
    if (path.parent / MANIFEST_NAME).is_file():
        update_manifest(path.parent)
    else:
        print(f"{path.parent} has no {MANIFEST_NAME}: no manifest updated", file=sys.stderr)


def update_manifest(models: Path = MODELS) -> dict[str, Any]:
    """Re-record every artifact in ``models`` (sizes, checksums, formats)."""
    artifacts = {}
    for path in sorted(models.iterdir()):
        if path.name == MANIFEST_NAME or path.suffix not in (".npz", ".json"):
            continue
        fmt, version = _format_of(path)
        data = path.read_bytes()
        artifacts[path.name] = {
            "format": fmt,
            "version": version,
            "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
        }
    manifest = {"format": MANIFEST_FORMAT, "version": MANIFEST_VERSION, "artifacts": artifacts}
    _atomic_write(models / MANIFEST_NAME, (json.dumps(manifest, indent=2) + "\n").encode())
    return manifest
