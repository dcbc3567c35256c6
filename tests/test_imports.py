"""Start-up stays cheap: the command line never imports the build-time stack.

DEVELOPERS.md: the runtime imports only the standard library, numpy, typer and the prose
parsers; never nltk, scikit-learn, wordfreq or pandas. ``unspin --version`` imports not even
numpy or the model code.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
FORBIDDEN = ("nltk", "sklearn", "wordfreq", "pandas", "gensim", "matplotlib", "scipy")


def _imported_by_importtime(args: list[str], cwd: Path) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "detector", *args],
        capture_output=True, text=True, env=ENV, cwd=cwd, check=False,
    )
    mods = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                mods.add(name)
    return mods


def test_version_imports_no_model_code(tmp_path):
    mods = _imported_by_importtime(["--version"], tmp_path)
    assert "detector.cli" in mods
    tops = {m.split(".")[0] for m in mods}
    assert not tops & {*FORBIDDEN, "numpy"}, sorted(tops & {*FORBIDDEN, "numpy"})
    heavy = {m for m in mods if m.startswith("detector.")} - {
        "detector.cli", "detector.report", "detector.files", "detector.__main__",
    }
    assert not heavy, sorted(heavy)


CHECK_SCRIPT = """
import json, sys
from detector.cli import run
status = run(["check", "--isolated", "small.md"])
print(json.dumps({"status": int(status), "modules": sorted(sys.modules)}))
"""


def test_check_small_file_never_imports_build_stack(tmp_path):
    (tmp_path / "small.md").write_text("# Title\n\nThe final yr was long and hard.\n")
    proc = subprocess.run(
        [sys.executable, "-c", CHECK_SCRIPT],
        capture_output=True, text=True, env=ENV, cwd=tmp_path, check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    tops = {m.split(".")[0] for m in result["modules"]}
    assert not tops & set(FORBIDDEN), sorted(tops & set(FORBIDDEN))
    # numpy imports its masked arrays lazily, on the first np.unique() for one: 0.07 s.
    assert "numpy.ma" not in result["modules"]
    # The document readers load only for their own files.
    assert "pypdf" not in tops and "detector.pdf" not in result["modules"]
    assert "detector.docx" not in result["modules"]
