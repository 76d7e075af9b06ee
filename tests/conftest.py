"""Shared fixtures: the seed conventions, a CLI runner, and the JSON-schema check."""
from __future__ import annotations

import atexit
import functools
import json
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

# The suite never reads or fills the user's own caches (parsed templates, compiled patterns);
# set before ctglint is imported, inherited by the processes the tests start.
if "CTGLINT_CACHE_DIR" not in os.environ:
    os.environ["CTGLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="ctglint-test-cache-")
    # Registered before ctglint's own exit handlers (which write caches): runs after them.
    atexit.register(shutil.rmtree, os.environ["CTGLINT_CACHE_DIR"], True)

import jsonschema  # noqa: E402
import pytest  # noqa: E402
from click.testing import CliRunner  # noqa: E402

from ctglint.cli import main  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
EXAMPLES = Path(__file__).parent.parent / "examples"
ARMENTIERES = SEEDS / "armentieres-2023-2026.txt"
LYS = SEEDS / "lys-lez-lannoy-2021-2023.txt"


def report_schema() -> dict:
    return json.loads(resources.files("ctglint").joinpath("schema/report.schema.json").read_text("utf-8"))


_VALIDATOR = jsonschema.Draft202012Validator(report_schema())


def validate_report(data: dict) -> None:
    """Every JSON report the tests see goes through here."""
    _VALIDATOR.validate(data)


class Result:
    def __init__(self, raw):
        self.exit_code = raw.exit_code
        self.stdout = raw.stdout
        self.stderr = raw.stderr
        self.exception = raw.exception

    def json(self) -> dict:
        data = json.loads(self.stdout)
        validate_report(data)
        return data


def run_cli(*args, input: bytes | str | None = None) -> Result:
    raw = CliRunner().invoke(main, [str(a) for a in args], input=input, catch_exceptions=True)
    if raw.exception is not None and not isinstance(raw.exception, SystemExit):
        raise raw.exception
    return Result(raw)


@pytest.fixture
def cli():
    """Run ctglint in-process: ``cli("check", path, "--format", "json")``."""
    return run_cli


@functools.cache
def _json_output(path: Path) -> str:
    return run_cli("check", "--format", "json", path).stdout


def json_report(path: Path) -> dict:
    """``ctglint check --format json PATH``, run once a session: for slow inputs (PDF) that
    several tests read. A fresh dict each call."""
    data = json.loads(_json_output(path))
    validate_report(data)
    return data


def findings(report: dict, index: int = 0) -> list[dict]:
    return report["files"][index]["findings"]


@pytest.fixture
def seed_copy(tmp_path):
    """A writable copy of a seed file in a temporary folder."""

    def copy(path: Path) -> Path:
        target = tmp_path / path.name
        shutil.copyfile(path, target)
        return target

    return copy


def lint(text: str, *, select: tuple[str, ...] = (), template: str | None = None, name: str = "draft.txt",
         lang: str = "fr", config: str | None = None):
    """Lint ``text`` in-process as a file called ``name``; returns the findings.

    ``template`` is a template id or folder (default: best match among the installed ones);
    ``config`` a ctglint.toml text whose ``[[facts]]`` apply to ``name``.
    """
    from ctglint import engine
    from ctglint.check import CheckOptions, check_file

    expected = None
    if config is not None:
        import tomllib

        from ctglint.config import _parse

        expected = _parse(tomllib.loads(config), Path("ctglint.toml")).facts_for(name)
    rules = [r() for r in engine.select_rules(list(select))]
    options = CheckOptions(rules=rules, template=template, lang=lang, expected=expected)
    result = check_file(name, options, data=text.encode("utf-8"))
    assert result.error is None, result.error
    return result.findings


def lint_file(path: Path, *, select: tuple[str, ...] = (), template: str | None = None):
    return lint(path.read_text("utf-8"), select=select, template=template, name=path.name)
