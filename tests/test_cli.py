"""ctglint check: formats, output file, stdin, language, exit codes, determinism."""
from __future__ import annotations

import json

from conftest import ARMENTIERES, LYS, findings, validate_report


def test_exit_1_on_error_findings_and_0_when_clean(cli, tmp_path):
    assert cli("check", LYS).exit_code == 1
    clean = tmp_path / "note.txt"
    clean.write_text("Compte rendu de réunion.\n\nRien à signaler.\n", "utf-8")
    assert cli("check", clean).exit_code == 0


def test_json_is_byte_identical_across_runs(cli):
    a = cli("check", "--format", "json", ARMENTIERES, LYS).stdout
    b = cli("check", "--format", "json", LYS, ARMENTIERES).stdout
    assert a == cli("check", "--format", "json", ARMENTIERES, LYS).stdout
    validate_report(json.loads(a))
    validate_report(json.loads(b))
    assert json.loads(a)["files"][0]["findings"] == json.loads(b)["files"][1]["findings"]


def test_findings_are_sorted_and_fingerprints_unique(cli):
    report = cli("check", "--format", "json", LYS).json()
    items = findings(report)
    keys = [(f["line"], f["column"], f["code"]) for f in items]
    assert keys == sorted(keys)
    prints = [f["fingerprint"] for f in items]
    assert len(prints) == len(set(prints))


def test_output_file_is_written_and_stdout_empty(cli, tmp_path):
    out = tmp_path / "report.json"
    result = cli("check", "--format", "json", "-o", out, ARMENTIERES)
    assert result.exit_code == 1 and result.stdout == ""
    data = json.loads(out.read_text("utf-8"))
    validate_report(data)
    assert data["summary"]["files"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_unwritable_output_is_exit_2(cli, tmp_path):
    result = cli("check", "-o", tmp_path / "missing-dir" / "r.txt", ARMENTIERES)
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_stdin_with_filename(cli):
    data = LYS.read_bytes()
    result = cli("check", "--format", "json", "--stdin-filename", "lys.txt", "-", input=data)
    report = result.json()
    assert report["files"][0]["path"] == "lys.txt"
    assert {f["code"] for f in findings(report)} >= {"P001", "I001"}


def test_language_of_messages(cli):
    fr = findings(cli("check", "--format", "json", "--select", "P001", LYS).json())
    en = findings(cli("check", "--format", "json", "--select", "P001", "--lang", "en", LYS).json())
    assert [f["code"] for f in fr] == [f["code"] for f in en]
    assert fr[0]["message"] != en[0]["message"]
    assert [f["fingerprint"] for f in fr] == [f["fingerprint"] for f in en]


def test_select_and_ignore(cli):
    only = findings(cli("check", "--format", "json", "--select", "I001", LYS).json())
    assert only and {f["code"] for f in only} == {"I001"}
    rest = findings(cli("check", "--format", "json", "--ignore", "I001,P", LYS).json())
    assert not {f["code"] for f in rest} & {"I001", "P001"}


def test_text_report_is_plain_when_not_a_terminal(cli):
    result = cli("check", LYS)
    assert "\x1b[" not in result.stdout
    assert "P001" in result.stdout and "caf-nord-2021" in result.stdout
    assert result.stdout.strip().splitlines()[-1].startswith("1 ")


def test_concise_format_one_line_per_finding(cli):
    result = cli("check", "--format", "concise", LYS)
    report = cli("check", "--format", "json", LYS).json()
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(findings(report))
    first = findings(report)[0]
    assert lines[0].startswith(f"{LYS}:{first['line']}:{first['column']}: {first['code']} ")


def test_version(cli):
    from ctglint import __version__

    result = cli("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


def test_directory_is_walked(cli, tmp_path, seed_copy):
    seed_copy(ARMENTIERES)
    seed_copy(LYS)
    (tmp_path / "ignored.rtf").write_text("x")
    report = cli("check", "--format", "json", tmp_path).json()
    assert [f["path"].rsplit("/", 1)[-1] for f in report["files"]] == [ARMENTIERES.name, LYS.name]
    assert report["summary"]["files"] == 2


def test_quiet_prints_findings_only(cli, tmp_path):
    clean = tmp_path / "note.txt"
    clean.write_text("Compte rendu de réunion.\n", "utf-8")
    loud = cli("check", LYS, clean).stdout
    quiet = cli("check", "--quiet", LYS, clean).stdout
    assert "P001" in quiet and str(clean) in loud and str(clean) not in quiet
    assert quiet.strip().splitlines()[-1] != loud.strip().splitlines()[-1]  # no summary line


def test_report_file_honours_the_umask(cli, tmp_path):
    import os

    out = tmp_path / "r.json"
    old = os.umask(0o022)
    try:
        cli("check", "--format", "json", "-o", out, LYS)
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644


def test_html_report_through_the_cli(cli, tmp_path):
    out = tmp_path / "r.html"
    assert cli("check", "--format", "html", "-o", out, LYS).exit_code == 1
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "P001" in page


def test_severity_threshold(cli):
    everything = findings(cli("check", "--format", "json", LYS).json())
    errors = findings(cli("check", "--format", "json", "--severity", "error", LYS).json())
    assert errors and {f["severity"] for f in errors} == {"error"}
    assert errors == [f for f in everything if f["severity"] == "error"]


def test_a_check_over_several_files_turns_the_cyclic_collector_back_on(cli):
    """The command starts with the collector off (ctglint.__main__); documents leave cycles."""
    import gc

    was = gc.isenabled()
    try:
        gc.disable()
        cli("check", ARMENTIERES, "--format", "json")
        assert not gc.isenabled()  # one file: left off
        cli("check", ARMENTIERES, LYS, "--format", "json")
        assert gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()
