"""Configuration files: discovery, precedence, keys, per-file ignores, severities, options, facts."""
from __future__ import annotations

import textwrap

import pytest

from conftest import LYS, findings


def write(path, text):
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


@pytest.fixture
def project(tmp_path, seed_copy):
    draft = seed_copy(LYS)
    return tmp_path, draft


def codes(result):
    return {f["code"] for f in findings(result.json())}


def test_ctglint_toml_found_by_walking_up(cli, project):
    root, draft = project
    sub = root / "drafts"
    sub.mkdir()
    moved = sub / draft.name
    draft.rename(moved)
    write(root / "ctglint.toml", 'select = ["P001"]\n')
    assert codes(cli("check", "--format", "json", moved)) == {"P001"}


def test_pyproject_tool_table_and_dotfile(cli, project):
    root, draft = project
    write(root / "pyproject.toml", '[project]\nname = "x"\n\n[tool.ctglint]\nselect = ["I001"]\n')
    assert codes(cli("check", "--format", "json", draft)) == {"I001"}
    write(root / ".ctglint.toml", 'select = ["P001"]\n')
    assert codes(cli("check", "--format", "json", draft)) == {"P001"}  # ctglint files before pyproject


def test_command_line_overrides_the_file(cli, project):
    root, draft = project
    write(root / "ctglint.toml", 'select = ["P001"]\nfail-on = "none"\n')
    assert codes(cli("check", "--format", "json", "--select", "I001", draft)) == {"I001"}
    assert cli("check", draft).exit_code == 0  # fail-on = none
    assert cli("check", "--fail-on", "error", draft).exit_code == 1
    assert codes(cli("check", "--format", "json", "--isolated", draft)) > {"P001", "I001"}


def test_explicit_config_file(cli, project, tmp_path_factory):
    _, draft = project
    other = write(tmp_path_factory.mktemp("cfg") / "strict.toml", 'select = ["T001"]\n')
    assert codes(cli("check", "--format", "json", "--config", other, draft)) == {"T001"}


@pytest.mark.parametrize("content,key", [
    ('selekt = ["P001"]\n', "selekt"),
    ('fail-on = "sometimes"\n', "fail-on"),
    ('select = ["Z999"]\n', "select"),
    ('lang = "de"\n', "lang"),
    ('[severity]\nP001 = "fatal"\n', "severity.P001"),
    ('[rules.template-drift]\nlocked-severity = "fatal"\n', "rules.template-drift"),
    ('[rules.T001]\nno-such-option = 1\n', "rules.T001.no-such-option"),
    ('[[facts]]\nfiles = "*.txt"\nperiod = "soon"\n', "facts[0].period"),
    ('select = [\n', "invalid TOML"),
])
def test_unknown_key_or_bad_value_exits_2_naming_key_and_file(cli, project, content, key):
    root, draft = project
    cfg = write(root / "ctglint.toml", content)
    result = cli("check", draft)
    assert result.exit_code == 2
    assert str(cfg) in result.stderr and key in result.stderr
    assert "Traceback" not in result.stderr


def test_per_file_ignores(cli, project):
    root, draft = project
    write(root / "ctglint.toml", f'[per-file-ignores]\n"{draft.name}" = ["P001", "drafting-instruction"]\n')
    found = codes(cli("check", "--format", "json", draft))
    assert "P001" not in found and "I001" not in found and "T001" in found


def test_severity_override_and_rule_options(cli, project):
    root, draft = project
    write(root / "ctglint.toml", '[severity]\nI001 = "info"\n\n[rules.template-drift]\nlocked-severity = "error"\n')
    report = cli("check", "--format", "json", draft).json()
    severities = {(f["code"], f["severity"]) for f in findings(report)}
    assert ("I001", "info") in severities and ("I001", "error") not in severities
    drift = {f["line"]: f["severity"] for f in findings(report) if f["code"] == "T001"}
    assert drift[250] == "error" and drift[25] == "warning"  # article 10 is locked, the parties block is not


def test_template_from_config(cli, project):
    root, draft = project
    write(root / "ctglint.toml", 'template = "caf-nord-2023"\n')
    assert cli("check", "--format", "json", draft).json()["files"][0]["template"]["id"] == "caf-nord-2023"


def test_lang_from_config(cli, project):
    root, draft = project
    write(root / "ctglint.toml", 'lang = "en"\nselect = ["P001"]\n')
    message = findings(cli("check", "--format", "json", draft).json())[0]["message"]
    assert message.startswith("Template placeholder")


def test_extend_select(cli, project):
    root, draft = project
    write(root / "ctglint.toml", 'select = ["P001"]\nextend-select = ["T001"]\n')
    assert codes(cli("check", "--format", "json", draft)) == {"P001", "T001"}


def test_statistics_and_exit_zero(cli, project):
    _, draft = project
    stats = cli("check", "--statistics", "--select", "P001", draft)
    assert stats.exit_code == 1
    count, code, name, severity = stats.stdout.strip().split("\t")
    assert (code, name, severity) == ("P001", "leftover-placeholder", "error") and int(count) >= 5
    assert cli("check", "--exit-zero", draft).exit_code == 0
    cli("check", "--format", "json", "--exit-zero", draft).json()  # valid JSON, schema-checked
