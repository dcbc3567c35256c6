"""The pre-commit hook definition, proven with `pre-commit try-repo` on a local clone.

Slow: pre-commit builds a virtualenv and pip-installs the clone (and its dependencies) into
it. Skips with a reason when git or pre-commit is missing, when the working tree's hook file
is not committed yet, or when the hook environment cannot be installed (e.g. no network).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_hook_file_is_well_formed():
    yaml = pytest.importorskip("yaml")
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    (hook,) = [h for h in hooks if h["id"] == "unspin"]
    # --force-exclude: pre-commit names every staged file, and the project's excludes hold
    assert hook["entry"] == "unspin check --force-exclude"
    assert hook["language"] == "python"
    assert set(hook["types_or"]) == {"markdown", "plain-text", "html", "rst", "asciidoc",
                                  "tex"}
    # The fixer: restore in place, the same files, the project's excludes holding too.
    (fixer,) = [h for h in hooks if h["id"] == "unspin-restore"]
    assert fixer["entry"] == "unspin restore --in-place --force-exclude"
    assert fixer["types_or"] == hook["types_or"] and fixer["language"] == "python"


def _pre_commit() -> list[str] | None:
    exe = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
    exe = exe or shutil.which("pre-commit")
    return [exe] if exe else None


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path):
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    pre_commit = _pre_commit()
    if pre_commit is None:
        pytest.skip("pre-commit is not installed")
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    committed = subprocess.run(
        [git, "-C", str(ROOT), "cat-file", "-e", "HEAD:.pre-commit-hooks.yaml"],
        capture_output=True, check=False,
    )
    if committed.returncode != 0:
        pytest.skip(".pre-commit-hooks.yaml is not committed yet")

    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid",
        "NO_COLOR": "1",
    }
    clone = tmp_path / "unspin"
    subprocess.run([git, "clone", "-q", str(ROOT), str(clone)], check=True, env=env)
    work = tmp_path / "work"
    work.mkdir()
    subprocess.run([git, "init", "-q"], cwd=work, check=True, env=env)
    (work / "latin1.txt").write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    (work / "notes.md").write_text("We met on Monday and agreed on the plan.\n")
    (work / "script.py").write_text("print('final yr')\n")
    # Named by pre-commit, excluded by the project's configuration: not checked.
    (work / "drafts").mkdir()
    (work / "drafts" / "old.txt").write_bytes("na\xefve\n".encode("latin-1"))
    (work / ".unspin.toml").write_text('exclude = ["drafts/**"]\n')
    subprocess.run([git, "add", "."], cwd=work, check=True, env=env)

    try:
        proc = subprocess.run(
            [*pre_commit, "try-repo", str(clone), "unspin", "--all-files", "--color", "never"],
            cwd=work, env=env, capture_output=True, text=True, timeout=900, check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.skip("pre-commit did not finish within 15 minutes")
    out = proc.stdout + proc.stderr
    if "An unexpected error has occurred" in out or "CalledProcessError" in out:
        pytest.skip(f"could not install the hook environment (network?): {out[-600:]}")
    assert "- hook id: unspin" in out, out
    assert proc.returncode != 0  # the Latin-1 file is an error
    assert "latin1.txt: error: not UTF-8 text" in out
    assert "script.py" not in out  # types_or keeps Python files away from the hook
    assert "drafts" not in out
    assert "Traceback" not in out


def test_github_action_installs_this_checkout_and_runs_its_args(tmp_path, capsys):
    """action.yml: a composite action that installs unspin from the action's own checkout
    and runs the given arguments; its default arguments are a valid check."""
    yaml = pytest.importorskip("yaml")
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install unspin")
    assert '"${GITHUB_ACTION_PATH}"' in install["run"] and install["shell"] == "bash"
    run_step = next(s for s in steps if s.get("name") == "Run unspin")
    assert run_step["env"]["UNSPIN_ARGS"] == "${{ inputs.args }}"
    args = action["inputs"]["args"]["default"].split()
    (tmp_path / "a.md").write_text("The last year was long.\n", encoding="utf-8")
    from detector.cli import ExitStatus, run

    assert run([*args[:-1], "--isolated", str(tmp_path)]) == ExitStatus.OK
