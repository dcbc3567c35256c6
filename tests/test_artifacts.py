"""Shipped artifacts are safe to load: listed, checksummed, versioned, never pickled.

Every file in ``models/`` is in ``MANIFEST.json`` with its size, SHA-256 and format version,
and carries the same format and version inside. A corrupt (one byte flipped), truncated,
wrongly versioned or missing artifact is refused with :class:`detector.resources.ModelError`
and a message naming the file and the fix; the command line turns that into one line and
exit 2. Tampering happens in a temporary copy of ``models/`` (``model_dir`` monkeypatched,
caches cleared before and after).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import detector.resources as resources
from detector.resources import ModelError

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "models"
NOT_ARTIFACTS = {"MANIFEST.json", "README.md", "__init__.py", "__pycache__"}

pytestmark = pytest.mark.skipif(
    not (MODELS / "MANIFEST.json").is_file(), reason="models/MANIFEST.json is not built"
)


def _manifest() -> dict:
    return json.loads((MODELS / "MANIFEST.json").read_text())


def _entries() -> list[tuple[str, dict]]:
    if not (MODELS / "MANIFEST.json").is_file():
        return []
    return sorted(_manifest()["artifacts"].items())


def _clear() -> None:
    resources.manifest.cache_clear()
    resources._forget_ahead()


@pytest.fixture
def models_copy(tmp_path, monkeypatch):
    """A private copy of models/ that resources reads instead of the real one."""
    dst = tmp_path / "models"
    shutil.copytree(MODELS, dst, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(resources, "model_dir", lambda: dst)
    _clear()
    yield dst
    _clear()


def _load(name: str, entry: dict):
    if name.endswith(".npz"):
        return resources.load_npz(name, entry["format"], entry["version"])
    return resources.load_json(name, entry["format"], entry["version"])


# --------------------------------------------------------------------------- the real files


def test_manifest_header():
    m = _manifest()
    assert m["format"] == resources.MANIFEST_FORMAT
    assert m["version"] == resources.MANIFEST_VERSION


def test_every_file_in_models_is_listed():
    on_disk = {p.name for p in MODELS.iterdir()} - NOT_ARTIFACTS
    listed = set(_manifest()["artifacts"])
    assert on_disk == listed, f"unlisted: {on_disk - listed}, listed but absent: {listed - on_disk}"
    assert all(p.suffix in (".npz", ".json") for p in MODELS.iterdir() if p.name in listed)


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[n for n, _ in _entries()])
def test_checksum_size_and_inner_version_match(name, entry):
    data = (MODELS / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"], f"{name}: rebuild the manifest"
    if "bytes" in entry:
        assert len(data) == entry["bytes"]
    if name.endswith(".npz"):
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            assert all(z[k].dtype != object for k in z.files)
            meta = json.loads(str(z["__meta__"]))
    else:
        meta = json.loads(data)
    assert (meta["format"], meta["version"]) == (entry["format"], entry["version"])


def test_models_stay_under_40_mb():
    total = sum(p.stat().st_size for p in MODELS.iterdir() if p.is_file())
    assert total < 40 * 2**20, total


def test_no_pickle_anywhere():
    offenders = []
    for folder in ("detector", "corpus", "bench"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
                if re.search(r"allow_pickle\s*=\s*True|\bimport\s+(c?pickle|dill|joblib)\b"
                             r"|\bfrom\s+(c?pickle|dill|joblib)\b|pickle\.loads?\(", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
                elif "np.load(" in line and "allow_pickle=False" not in line:
                    offenders.append(f"{path.relative_to(ROOT)}:{n}: np.load without "
                                     "allow_pickle=False")
    assert not offenders, "\n".join(offenders)
    for p in MODELS.iterdir():
        assert p.suffix not in (".pkl", ".pickle", ".joblib", ".pt", ".bin"), p


# --------------------------------------------------------------------------- tampering


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[n for n, _ in _entries()])
def test_intact_copy_loads(models_copy, name, entry):
    _load(name, entry)


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[n for n, _ in _entries()])
def test_one_flipped_byte_is_refused(models_copy, name, entry):
    path = models_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=rf"{re.escape(name)} is corrupt \(checksum mismatch\)"
                       r".*python -m corpus\.build_models"):
        _load(name, entry)


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[n for n, _ in _entries()])
def test_checked_ahead_artifacts_load_and_refuse_a_flipped_byte(models_copy, name, entry):
    """The background checksum (the command line's cold start) verifies what is loaded."""
    resources.check_ahead((name,))
    _load(name, entry)
    path = models_copy / name
    data = bytearray(path.read_bytes())
    data[len(data) // 3] ^= 0x01
    path.write_bytes(bytes(data))
    resources._forget_ahead()
    resources.check_ahead((name,))
    with pytest.raises(ModelError, match=rf"{re.escape(name)} is corrupt"):
        _load(name, entry)


def test_an_artifact_missing_when_checked_ahead_is_reported_by_its_loader(models_copy):
    entry = _manifest()["artifacts"]["spin_table.json"]
    (models_copy / "spin_table.json").unlink()
    resources.check_ahead(("spin_table.json",))
    with pytest.raises(ModelError, match=r"spin_table\.json is missing"):
        _load("spin_table.json", entry)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_child_never_waits_for_its_parents_checksum_thread(models_copy):
    resources.check_ahead(("ngrams.npz",))
    pid = os.fork()
    if pid == 0:  # the child: the parent's thread is not here, so nothing is pending
        os._exit(0 if resources._take("ngrams.npz") == (None, None) else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_the_command_line_checks_ahead_exactly_what_an_analysis_loads():
    from detector.checkfile import ANALYSIS_ARTIFACTS

    assert set(ANALYSIS_ARTIFACTS) <= set(_manifest()["artifacts"])
    code = (
        "import detector\nfrom detector import resources\ntaken = []\n"
        "take = resources._take\n"
        "resources._take = lambda n: taken.append(n) or take(n)\n"
        "detector.analyze('The committee met on Tuesday and said it would decide soon.')\n"
        "print(','.join(taken))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert tuple(out.split(",")) == ANALYSIS_ARTIFACTS


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[n for n, _ in _entries()])
def test_truncated_file_is_refused(models_copy, name, entry):
    path = models_copy / name
    path.write_bytes(path.read_bytes()[: os.path.getsize(path) // 3])
    with pytest.raises(ModelError, match=rf"{re.escape(name)} is corrupt"):
        _load(name, entry)


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[n for n, _ in _entries()])
def test_wrong_version_in_manifest_is_refused(models_copy, name, entry):
    m = _manifest()
    m["artifacts"][name]["version"] = entry["version"] + 1
    (models_copy / "MANIFEST.json").write_text(json.dumps(m))
    with pytest.raises(ModelError, match=rf"{re.escape(name)} is .*version {entry['version'] + 1}"
                       rf".*reads .*version {entry['version']}"):
        _load(name, entry)


@pytest.mark.parametrize(("name", "entry"), _entries(), ids=[n for n, _ in _entries()])
def test_missing_file_is_refused(models_copy, name, entry):
    (models_copy / name).unlink()
    with pytest.raises(ModelError, match=rf"model file {re.escape(name)} is missing"):
        _load(name, entry)


def test_unlisted_artifact_is_refused(models_copy):
    with pytest.raises(ModelError, match="not listed"):
        resources.load_json("extra.json", "unspin-extra", 1)


def test_broken_or_foreign_manifest_is_refused(models_copy):
    (models_copy / "MANIFEST.json").write_text("{not json")
    with pytest.raises(ModelError, match=r"MANIFEST\.json is not valid JSON"):
        resources.manifest()
    _clear()
    (models_copy / "MANIFEST.json").write_text(json.dumps({"format": "other", "version": 9}))
    with pytest.raises(ModelError, match="expected 'unspin-models' version 1"):
        resources.manifest()
    _clear()
    (models_copy / "MANIFEST.json").unlink()
    with pytest.raises(ModelError, match=r"MANIFEST\.json is missing"):
        resources.manifest()


def test_inner_version_must_match_too(models_copy):
    """A file whose own header disagrees with the manifest (re-signed by hand) is refused."""
    name, entry = next((n, e) for n, e in _entries() if n.endswith(".json"))
    data = json.loads((models_copy / name).read_text())
    data["version"] = entry["version"] + 7
    raw = json.dumps(data).encode()
    (models_copy / name).write_bytes(raw)
    m = _manifest()
    m["artifacts"][name].update(sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    (models_copy / "MANIFEST.json").write_text(json.dumps(m))
    with pytest.raises(ModelError, match=rf"{re.escape(name)} says format"):
        _load(name, entry)


# --------------------------------------------------------------------------- the CLI

_CLI = """
import sys
from pathlib import Path
import detector.resources as r
models = Path(sys.argv.pop(1))
r.model_dir = lambda: models
from detector.cli import main
main()
"""


def _cli_with_models(models: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-c", _CLI, str(models), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("damage", ["missing-dir", "corrupt"])
def test_cli_turns_model_error_into_one_line(tmp_path, damage):
    work = tmp_path / "work"
    work.mkdir()
    (work / ".unspin.toml").write_text("")
    (work / "a.txt").write_text("The final yr was long. Prices rose in the final yr.\n")
    (work / "b.txt").write_text("Another file, checked or not.\n")
    models = tmp_path / "models"
    if damage == "corrupt":
        shutil.copytree(MODELS, models, ignore=shutil.ignore_patterns("__pycache__"))
        for name, _ in _entries():
            data = bytearray((models / name).read_bytes())
            data[-1] ^= 0xFF
            (models / name).write_bytes(bytes(data))
    else:
        models.mkdir()
    proc = _cli_with_models(models, "check", "--jobs", "1", "a.txt", "b.txt", cwd=work)
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert [line.split(":")[0] for line in lines] == ["a.txt", "b.txt"]
    want = "is missing" if damage == "missing-dir" else "is corrupt (checksum mismatch)"
    for line in lines:
        assert ": error: cannot load models: model file " in line and want in line, line

    proc = _cli_with_models(models, "restore", "a.txt", cwd=work)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("a.txt: error: cannot load models: ")
    assert len(proc.stderr.splitlines()) == 1


def _resign(models_copy, name: str, change) -> None:
    """Edit the copy's model file ``name`` with ``change`` and re-sign it in the manifest so
    that it passes the checksum (what a rebuild from other code would write)."""
    data = json.loads((models_copy / name).read_text())
    change(data)
    raw = json.dumps(data).encode()
    (models_copy / name).write_bytes(raw)
    m = _manifest()
    m["artifacts"][name].update(sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    (models_copy / "MANIFEST.json").write_text(json.dumps(m))


def _load_resigned_classifier(models_copy, change) -> None:
    """Load a copy of classifier.json that ``change`` edited, re-signed (:func:`_resign`)."""
    from detector import classifier

    _resign(models_copy, "classifier.json", change)
    classifier.models.cache_clear()
    try:
        classifier.models()
    finally:
        classifier.models.cache_clear()


def test_models_trained_on_other_features_are_refused(models_copy):
    """A classifier file from a build whose features differ (here: one member of the
    ranker ensemble without the pooled-gain features) is a clear error, not a numpy shape
    error."""

    def drop_features(data):
        data["ranker"][-1]["features"] = data["ranker"][-1]["features"][:13]

    with pytest.raises(ModelError, match="ranker model was trained on other features"):
        _load_resigned_classifier(models_copy, drop_features)


def test_a_phrase_ranker_trained_on_other_features_is_refused(models_copy):
    """A phrase ranker file trained on other features (here: two fewer; a rebuild from other
    code, re-signed) is a clear error, not a numpy shape error in ``unspin suggest``."""
    from detector import classifier

    def drop_features(data):
        data["ranker"]["features"] = data["ranker"]["features"][:-2]

    _resign(models_copy, "phrase_ranker.json", drop_features)
    classifier.phrase_ranker.cache_clear()
    try:
        with pytest.raises(ModelError, match=r"phrase_ranker\.json was trained on other features"):
            classifier.phrase_ranker()
    finally:
        classifier.phrase_ranker.cache_clear()


def test_a_signed_classifier_with_malformed_tree_arrays_is_a_model_error(models_copy):
    """Content that passes the checksum but cannot be decoded is a clear error, not a
    traceback from base64 or numpy."""

    def object_array(data):
        data["span"][-1]["trees"]["threshold"] = {"dtype": "|O", "base64": ""}

    with pytest.raises(ModelError, match=r"classifier\.json has unexpected content"):
        _load_resigned_classifier(models_copy, object_array)


def test_loading_pauses_the_garbage_collector_and_restores_its_state():
    import gc

    seen = []
    build = resources.without_gc(lambda: seen.append(gc.isenabled()) or 7)
    assert gc.isenabled()
    assert build() == 7 and seen == [False] and gc.isenabled()

    def broken():
        raise ModelError("bad file")

    with pytest.raises(ModelError):
        resources.without_gc(broken)()
    assert gc.isenabled()
    gc.disable()  # an application that runs without the collector keeps it off
    try:
        build()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_verified_bytes_are_not_kept_after_loading():
    name, entry = _entries()[0]
    a = resources.artifact_bytes(name, entry["format"], entry["version"])
    b = resources.artifact_bytes(name, entry["format"], entry["version"])
    assert a == b and a is not b


def _npz(save, **arrays) -> bytes:
    buf = io.BytesIO()
    save(buf, **arrays)
    return buf.getvalue()


def test_stored_npz_arrays_are_views_of_the_verified_bytes():
    arrays = {"a": np.arange(7, dtype=np.int32), "b": np.array([[1.5, 2.0], [3.0, 4.0]]),
              "c": np.asfortranarray(np.arange(6, dtype=np.uint16).reshape(2, 3)),
              "s": np.array(["ab", "cde"], dtype="S3"), "__meta__": np.array('{"x": 1}')}
    data = _npz(np.savez, **arrays)
    got = resources._stored_arrays(data)
    assert got is not None and got.keys() == arrays.keys()
    for k, v in arrays.items():
        assert got[k].dtype == v.dtype and got[k].shape == v.shape and np.array_equal(got[k], v)
    # Views of the bytes where numpy can use them in place; copies where the zip's headers
    # left them unaligned (numpy's slow paths would copy them at every use).
    assert all(v.flags.aligned for v in got.values())
    assert not got["s"].flags.writeable  # bytes need no alignment: a view, not a copy


def test_compressed_npz_falls_back_to_numpy():
    assert resources._stored_arrays(_npz(np.savez_compressed, a=np.arange(3))) is None


def test_npz_member_with_object_dtype_or_wrong_size_is_refused():
    data = _npz(np.savez, a=np.arange(4, dtype=np.int64))
    with pytest.raises(ValueError, match="wrong size"):
        # The header now promises five elements where four are stored.
        resources._stored_arrays(data.replace(b"(4,)", b"(5,)"))
    objects = _npz(np.savez, a=np.array([{"x": 1}], dtype=object))
    with pytest.raises(ValueError, match="objects"):
        resources._stored_arrays(objects)


def test_npz_artifacts_load_the_same_mapped_or_read(monkeypatch):
    """load_npz maps plain files (the arrays are views of the mapped pages); bytes read
    into memory, as from an installed zip, give the same arrays and metadata."""
    for name, entry in _entries():
        if not name.endswith(".npz"):
            continue
        mapped, meta = resources.load_npz(name, entry["format"], entry["version"])
        with monkeypatch.context() as m:
            m.setattr(resources, "_map", resources._read)
            read, read_meta = resources.load_npz(name, entry["format"], entry["version"])
        assert meta == read_meta and mapped.keys() == read.keys()
        for k, v in mapped.items():
            assert v.dtype == read[k].dtype and np.array_equal(v, read[k])


# --------------------------------------------------------------------------- where models are


def test_a_checkout_reads_its_own_models(tmp_path: Path) -> None:
    """Another checkout first on ``sys.path`` (a git worktree under comparison) reads the
    ``models/`` beside its own ``detector/``, not those of an installed or editable unspin."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "detector", checkout / "detector",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (checkout / "models").symlink_to(MODELS, target_is_directory=True)
    (checkout / "pyproject.toml").write_text("[project]\nname = 'unspin'\n")
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, "-c", "import detector.resources as r; print(r.model_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=True,
    )
    assert Path(out.stdout.strip()) == checkout / "models"


def test_an_artifact_written_outside_a_models_folder_touches_no_manifest(tmp_path: Path) -> None:
    # `corpus.train --out /tmp/classifier.json` once re-recorded /tmp as a models folder and
    # failed on its other files.
    from corpus.artifacts import record, update_manifest, write_json

    loose = tmp_path / "loose"
    loose.mkdir()
    (loose / "notes.json").write_text('{"not": "an artifact"}', encoding="utf-8")
    write_json(loose / "classifier.json", {"format": "unspin-classifier", "version": 1})
    record(loose / "classifier.json")
    assert not (loose / "MANIFEST.json").exists()

    models = tmp_path / "models"
    models.mkdir()
    write_json(models / "a.json", {"format": "a", "version": 1})
    update_manifest(models)
    write_json(models / "b.json", {"format": "b", "version": 2})
    record(models / "b.json")
    listed = json.loads((models / "MANIFEST.json").read_text(encoding="utf-8"))["artifacts"]
    assert sorted(listed) == ["a.json", "b.json"] and listed["b.json"]["version"] == 2
