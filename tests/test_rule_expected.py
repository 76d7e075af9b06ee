"""E001–E003: a draft against the facts the configuration expects for it."""
from __future__ import annotations

import pytest

from conftest import ARMENTIERES, LYS, findings, lint


def facts(**values) -> str:
    body = "".join(f'{k} = "{v}"\n' for k, v in values.items())
    return f'[[facts]]\nfiles = "*.txt"\n{body}'


def run(path, **values):
    return [(f.code, f.line) for f in lint(path.read_text("utf-8"), name=path.name, select=("E",),
                                           config=facts(**values))]


def test_expected_commune():
    assert run(ARMENTIERES, commune="ARMENTIERES") == []
    assert run(LYS, commune="Lys-lez-Lannoy") == []
    assert run(ARMENTIERES, commune="Wattrelos") == [("E001", 30)]


def test_expected_epci():
    assert run(ARMENTIERES, epci="Métropole Européenne de Lille") == []
    assert run(ARMENTIERES, epci="CA Valenciennes Métropole") == [("E002", 30)]


def test_expected_period():
    assert run(ARMENTIERES, period="2023-2026") == []
    assert run(LYS, period="2021-2023") == []
    assert run(ARMENTIERES, period="2021-2023") == [("E003", 229)]


def test_no_configured_facts_no_finding():
    assert lint(ARMENTIERES.read_text("utf-8"), select=("E",)) == []


@pytest.mark.parametrize("glob,expected", [("armentieres-*.txt", ["E001"]), ("lys-*.txt", [])])
def test_facts_apply_to_matching_files_through_the_config_file(cli, tmp_path, seed_copy, glob, expected):
    draft = seed_copy(ARMENTIERES)
    (tmp_path / "ctglint.toml").write_text(f'[[facts]]\nfiles = "{glob}"\ncommune = "Wattrelos"\n', "utf-8")
    report = cli("check", "--format", "json", "--select", "E", draft).json()
    assert [f["code"] for f in findings(report)] == expected
