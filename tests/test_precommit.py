"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit.

The hook repository is a snapshot of this repository's working tree (tracked and untracked,
not ignored files) committed into a temporary git repository: the test checks the code as it
is now, uncommitted changes included, and never touches this repository's own git state
(``pre-commit try-repo`` on the repository itself would leave out untracked files, such as a
new rule module). A temporary project repository then uses it through a
``.pre-commit-config.yaml``, exactly as the README tells users to.

pre-commit installs the hook's environment (``pip install`` of ctglint and its dependencies)
once per test session, in a temporary ``PRE_COMMIT_HOME`` shared by the tests of this module.
It needs the package index (or pip's cache) for the dependencies.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pre_commit  # noqa: F401  (the "test" extra: the test runs the real pre-commit)
import pytest
import yaml

from cleanconv import clean_convention

ROOT = Path(__file__).resolve().parents[1]
GIT = shutil.which("git")

pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

IGNORED = shutil.ignore_patterns(".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__",
                                 "*.pyc", ".pytest_cache", "tests", "bench")


def _env(home: Path) -> dict[str, str]:
    # Drop the GIT_* variables of an enclosing git hook (GIT_DIR, GIT_INDEX_FILE…): they would
    # point git at the wrong repository.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update({
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "ctglint tests", "GIT_AUTHOR_EMAIL": "tests@example.invalid",
        "GIT_COMMITTER_NAME": "ctglint tests", "GIT_COMMITTER_EMAIL": "tests@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
    })
    return env


def _git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    return subprocess.run([GIT, *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def _snapshot(target: Path, env: dict[str, str]) -> None:
    """Copy the working tree (what ``git ls-files`` would commit, or the tree minus build
    debris when this is not a git checkout) into ``target``."""
    listed = None
    if (ROOT / ".git").exists():
        try:
            out = subprocess.run([GIT, "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                                 check=True, capture_output=True).stdout
            listed = [p for p in out.decode("utf-8").split("\0") if p]
        except subprocess.CalledProcessError:
            listed = None
    if listed is None:
        shutil.copytree(ROOT, target, ignore=IGNORED)
    else:
        for rel in listed:
            src = ROOT / rel
            if rel.split("/", 1)[0] in ("tests", "bench") or not src.is_file():
                continue  # deleted in the working tree, or not needed to install the hook
            dst = target / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dst)
    _git("init", "-q", cwd=target, env=env)
    _git("add", "-A", cwd=target, env=env)
    _git("commit", "-q", "--no-gpg-sign", "-m", "snapshot", cwd=target, env=env)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A git project with drafts and a .pre-commit-config.yaml using the ctglint hook."""
    base = tmp_path_factory.mktemp("pre-commit")
    home = base / "home"
    home.mkdir()
    env = _env(home)
    hooks = base / "ctglint-hooks"
    hooks.mkdir()
    _snapshot(hooks, env)
    rev = _git("rev-parse", "HEAD", cwd=hooks, env=env).strip()

    work = base / "project"
    (work / "conventions").mkdir(parents=True)
    _git("init", "-q", cwd=work, env=env)
    (work / ".pre-commit-config.yaml").write_text(yaml.safe_dump(
        {"repos": [{"repo": str(hooks), "rev": rev, "hooks": [{"id": "ctglint"}]}]}), "utf-8")
    (work / "conventions" / "bad.txt").write_text(
        clean_convention("caf-nord-2023").replace("Wattrelos", "XXX", 1), "utf-8")
    (work / "conventions" / "clean.txt").write_text(clean_convention("caf-nord-2023"), "utf-8")
    _docx(work / "conventions" / "Projet CTG.DOCX")
    (work / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))  # not a draft: never selected
    _git("add", "-A", cwd=work, env=env)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pre_commit", *args],
                              cwd=work, env=env, capture_output=True, text=True, timeout=900)

    run.hooks = hooks
    return run


def _docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("CONVENTION TERRITORIALE GLOBALE")
    document.add_paragraph("Fait à Lille le XXX")
    document.save(str(path))


def test_hook_manifest():
    manifest = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    [hook] = manifest
    assert hook["id"] == "ctglint" and hook["entry"] == "ctglint check" and hook["language"] == "python"
    assert "types" not in hook  # pre-commit sees .docx/.odt as binary: select by extension
    files = re.compile(hook["files"])
    for name in ("a.docx", "b.odt", "c.txt", "d.md", "E.DOCX", "dir/projet ctg.odt"):
        assert files.search(name), name
    for name in ("a.pdf", "b.docx.bak", "c.py", "d.doc"):
        assert not files.search(name), name


def test_try_repo_fails_on_a_bad_draft_and_passes_on_a_clean_one(project):
    """``pre-commit try-repo`` on (a committed snapshot of) this repository, as the issue asks."""
    bad = project("try-repo", "--color", "never", str(project.hooks), "ctglint", "--files", "conventions/bad.txt")
    out = bad.stdout + bad.stderr
    assert bad.returncode == 1, out
    assert "P001" in out and "conventions/bad.txt" in out
    good = project("try-repo", "--color", "never", str(project.hooks), "ctglint", "--files", "conventions/clean.txt")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout


def test_hook_fails_on_bad_drafts_and_prints_findings(project):
    result = project("run", "--color", "never", "--all-files")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "ctglint" in out and "Failed" in out
    assert "conventions/bad.txt" in out and "conventions/Projet CTG.DOCX" in out
    assert "P001" in out and "XXX" in out
    assert "logo.png" not in out  # the files regex keeps other files away from ctglint


def test_hook_passes_on_a_clean_draft(project):
    result = project("run", "--color", "never", "--files", "conventions/clean.txt")
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Passed" in out
