"""The CI reporters: SARIF 2.1.0, GitHub Actions annotations, JUnit XML."""
from __future__ import annotations

import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from cleanconv import clean_convention
from conftest import ARMENTIERES, FIXTURES, LYS
from ctglint import engine
from ctglint.check import CheckOptions, FileResult, RunResult, check_file
from ctglint.errors import InputError
from ctglint.findings import Severity
from ctglint.report import FORMATS, get
from ctglint.ruledoc import page

SARIF_SCHEMA = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text("utf-8"))
SEEDS = (ARMENTIERES, LYS)


def options(lang: str = "fr") -> CheckOptions:
    return CheckOptions(rules=[r() for r in engine.all_rules()], lang=lang)


def run_of(*paths: Path | str, lang: str = "fr") -> RunResult:
    return RunResult([check_file(str(p), options(lang)) for p in paths])


def render(fmt: str, run: RunResult, lang: str = "fr") -> str:
    out = io.StringIO()
    get(fmt).render(run, out, lang=lang, color=None)
    return out.getvalue()


def clean_file(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(clean_convention("caf-nord-2023"), "utf-8")
    return path


ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _in_root(monkeypatch):
    """Reporters write paths relative to the current directory: the repository root, as in CI."""
    monkeypatch.chdir(ROOT)


@pytest.fixture
def here(tmp_path, monkeypatch) -> Path:
    """Work in ``tmp_path`` instead."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def seeds_run() -> RunResult:
    return run_of(*SEEDS)


def test_formats_are_registered():
    assert {"sarif", "github", "junit"} <= set(FORMATS)


# --- SARIF -----------------------------------------------------------------------------------

def sarif_validator() -> jsonschema.Draft4Validator:
    assert SARIF_SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(SARIF_SCHEMA)
    return jsonschema.Draft4Validator(SARIF_SCHEMA)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_sarif_of_each_seed_validates_against_the_oasis_schema(seed):
    run = run_of(seed)
    data = json.loads(render("sarif", run))
    sarif_validator().validate(data)
    assert data["version"] == "2.1.0"
    results = data["runs"][0]["results"]
    assert len(results) == len(run.files[0].findings) > 0


def test_sarif_rules_carry_their_documentation(seeds_run):
    data = json.loads(render("sarif", seeds_run))
    run = data["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ctglint" and driver["version"] == seeds_run.version
    rules = driver["rules"]
    assert [r["id"] for r in rules] == [r.code for r in engine.all_rules()]  # every rule, by code
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    for meta, rule in zip(rules, engine.all_rules()):
        assert meta["name"] == rule.name
        assert meta["help"]["text"] == page(rule)
        assert "## Ce qu'elle fait" in meta["help"]["markdown"] and "```" in meta["help"]["markdown"]
        short, full = meta["shortDescription"]["text"], meta["fullDescription"]["text"]
        assert short and full.startswith(short) and short.endswith(".") and "\n" not in short
        assert meta["defaultConfiguration"]["level"] == levels[rule.severity]
        assert meta["properties"]["category"] == rule.category
    p001 = next(r for r in rules if r["id"] == "P001")
    assert p001["shortDescription"]["text"].startswith("Signale les espaces réservés du modèle")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]


def test_sarif_results_mirror_the_findings(seeds_run):
    data = json.loads(render("sarif", seeds_run))
    run = data["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True
    assert run["invocations"][0]["toolExecutionNotifications"] == []
    findings = [x for f in seeds_run.files for x in f.findings]
    assert len(run["results"]) == len(findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for result, x in zip(run["results"], findings):
        assert result["ruleId"] == x.code and result["level"] == levels[x.severity.value]
        assert result["message"]["text"] == x.message
        loc = result["locations"][0]
        physical = loc["physicalLocation"]
        art = physical["artifactLocation"]
        # Relative to the current directory (the repository root), forward slashes, under %SRCROOT%.
        assert art["uriBaseId"] == "%SRCROOT%" and not art["uri"].startswith("/") and "\\" not in art["uri"]
        assert art["uri"].endswith(Path(x.path).name)
        assert run["artifacts"][art["index"]]["location"]["uri"] == art["uri"]
        region = physical["region"]
        assert (region["startLine"], region["startColumn"]) == (x.line, x.column)
        assert (region["endLine"], region["endColumn"]) == (x.end_line, x.end_column)
        assert region["snippet"]["text"] == x.excerpt
        assert loc["logicalLocations"] == [{"name": x.section, "kind": "section"}]
        assert result["partialFingerprints"] == {"ctglint/v1": x.fingerprint}
        assert re.fullmatch(r"[0-9a-f]{16}", x.fingerprint)
    assert run["artifacts"][0]["properties"]["template"] == seeds_run.files[0].template_id


def test_sarif_uri_is_relative_posix_and_percent_encoded(here):
    folder = here / "projets CTG" / "été"
    folder.mkdir(parents=True)
    draft = folder / "Convention Provin.txt"
    draft.write_text("Fait à Lille le XXX\n", "utf-8")
    data = json.loads(render("sarif", run_of(draft)))  # an absolute path under the current directory
    sarif_validator().validate(data)
    art = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == "projets%20CTG/%C3%A9t%C3%A9/Convention%20Provin.txt"
    assert art["uriBaseId"] == "%SRCROOT%"


def test_sarif_file_outside_the_current_directory_gets_an_absolute_uri(tmp_path, monkeypatch):
    draft = tmp_path / "projet.txt"
    draft.write_text("Fait à Lille le XXX\n", "utf-8")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    data = json.loads(render("sarif", run_of(draft)))
    sarif_validator().validate(data)
    art = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art["uri"] == draft.resolve().as_uri() and "uriBaseId" not in art


def test_sarif_unreadable_file_is_a_tool_notification(here):
    empty = here / "vide.txt"
    empty.write_bytes(b"")
    run = run_of(LYS, empty)
    assert run.files[1].error is not None
    data = json.loads(render("sarif", run))
    sarif_validator().validate(data)
    invocation = data["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "vide.txt" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "vide.txt"
    assert note["properties"]["code"] == run.files[1].error.code
    assert len(data["runs"][0]["results"]) == len(run.files[0].findings)


def test_sarif_clean_file_has_no_results(tmp_path):
    data = json.loads(render("sarif", run_of(clean_file(tmp_path))))
    sarif_validator().validate(data)
    assert data["runs"][0]["results"] == []
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_sarif_language_follows_lang():
    fr = json.loads(render("sarif", run_of(LYS), "fr"))
    en = json.loads(render("sarif", run_of(LYS, lang="en"), "en"))
    assert fr["runs"][0]["language"] == "fr-FR" and en["runs"][0]["language"] == "en-US"


# --- GitHub ----------------------------------------------------------------------------------

ANNOTATION = re.compile(r"::(error|warning|notice)(?: (?P<props>[^:]*))?::(?P<message>.*)")


def unescape_data(text: str) -> str:
    return text.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def unescape_property(text: str) -> str:
    return unescape_data(text.replace("%3A", ":").replace("%2C", ","))


def parse_github(output: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in output.splitlines():
        m = ANNOTATION.fullmatch(line)
        assert m, line
        props = dict(p.split("=", 1) for p in m["props"].split(",")) if m["props"] else {}
        parsed.append((m[1], {k: unescape_property(v) for k, v in props.items()}, unescape_data(m["message"])))
    return parsed


def test_github_one_annotation_per_finding(seeds_run):
    output = render("github", seeds_run)
    parsed = parse_github(output)
    findings = [x for f in seeds_run.files for x in f.findings]
    assert len(parsed) == len(findings)
    commands = {"error": "error", "warning": "warning", "info": "notice"}
    for (command, props, message), x in zip(parsed, findings):
        assert command == commands[x.severity.value]
        assert props["file"].endswith(Path(x.path).name) and "\\" not in props["file"]
        assert not props["file"].startswith("/")
        assert (int(props["line"]), int(props["col"])) == (x.line, x.column)
        assert (int(props["endLine"]), int(props["endColumn"])) == (x.end_line, x.end_column)
        assert props["title"] == f"{x.code} {x.name}"
        assert message.split("\n")[0] == x.message
        if x.suggestion:
            assert message.endswith(f"suggestion : {x.suggestion}")
    assert {c for c, _, _ in parsed} >= {"error", "warning"}


def test_github_escapes_messages_and_properties(here):
    draft = here / "a,b: c.txt"
    draft.write_text("Fait à Lille le XXX\n", "utf-8")
    run = run_of(draft)
    x = run.files[0].findings[0]
    odd = x._replace(message="100% faux\r\nligne 2, a: b", suggestion=None, expected=None)
    run.files[0].findings[0] = odd
    line = render("github", run).splitlines()[0]
    assert "file=a%2Cb%3A c.txt," in line
    assert line.endswith("::100%25 faux%0D%0Aligne 2, a: b")
    [(_, props, message)] = parse_github(line)
    assert props["file"] == "a,b: c.txt" and message == "100% faux\r\nligne 2, a: b"


def test_github_unreadable_file(here):
    (here / "vide.txt").write_bytes(b"")
    run = run_of("vide.txt")
    [(command, props, message)] = parse_github(render("github", run))
    assert command == "error" and props == {"file": "vide.txt"}
    assert run.files[0].error.text("fr") in message


def test_github_clean_file_prints_nothing(tmp_path):
    assert render("github", run_of(clean_file(tmp_path))) == ""


# --- JUnit -----------------------------------------------------------------------------------

def parse_junit(text: str) -> etree._Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    return etree.fromstring(text.encode("utf-8"))


def test_junit_failures_are_the_findings(seeds_run, here):
    clean = clean_file(here)
    (here / "vide.txt").write_bytes(b"")
    run = RunResult(seeds_run.files + [check_file(str(clean), options()), check_file("vide.txt", options())])
    root = parse_junit(render("junit", run))
    findings = [x for f in run.files for x in f.findings]
    assert root.tag == "testsuites" and root.get("name") == "ctglint"
    assert len(root.findall(".//failure")) == int(root.get("failures")) == len(findings)
    assert len(root.findall(".//error")) == int(root.get("errors")) == 1
    suites = root.findall("testsuite")
    assert len(suites) == len(run.files)
    assert int(root.get("tests")) == sum(len(s.findall("testcase")) for s in suites)
    for suite, f in zip(suites, run.files):
        assert suite.get("name").endswith(Path(f.path).name)
        assert int(suite.get("failures")) == len(f.findings) == len(suite.findall("testcase/failure"))
        for case, x in zip(suite.findall("testcase/failure/.."), f.findings):
            failure = case.find("failure")
            assert failure.get("type") == x.code and failure.get("message") == x.message
            assert f":{x.line}:{x.column}: {x.code}" in failure.text
            if x.excerpt:
                assert f"« {x.excerpt} »" in failure.text
            assert case.get("classname") == suite.get("name")
    clean_suite, bad_suite = suites[2], suites[3]
    [case] = clean_suite.findall("testcase")
    assert len(case) == 0 and clean_suite.get("failures") == "0"  # one passing test case
    [case] = bad_suite.findall("testcase")
    assert case.find("error").get("type") == run.files[3].error.code


def test_junit_escapes_and_drops_characters_xml_cannot_hold(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Fait à Lille le XXX\n", "utf-8")
    run = run_of(draft)
    x = run.files[0].findings[0]
    nasty = 'a < b & "c" ]]> \x01\x0b fin'
    run.files[0].findings[0] = x._replace(message=nasty, excerpt=nasty)
    root = parse_junit(render("junit", run))
    failure = root.find(".//failure")
    assert failure.get("message") == 'a < b & "c" ]]> \ufffd\ufffd fin'
    assert 'a < b & "c" ]]>' in failure.text


def test_junit_unreadable_file_only():
    error = InputError("not-a-zip", "not a zip", "pas un zip")
    run = RunResult([FileResult(path="x.docx", format="docx", error=error)])
    root = parse_junit(render("junit", run))
    assert root.get("errors") == "1" and root.get("failures") == "0"
    assert root.find(".//error").get("message") == "pas un zip"


# --- determinism and the command line ---------------------------------------------------------

@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_same_input_same_bytes(fmt):
    assert render(fmt, run_of(*SEEDS)) == render(fmt, run_of(*SEEDS))


@pytest.mark.parametrize("fmt", ["sarif", "github", "junit"])
def test_cli_formats(cli, fmt):
    result = cli("check", "--format", fmt, LYS)
    assert result.exit_code == 1, result.stderr
    n = len(run_of(LYS).files[0].findings)
    if fmt == "sarif":
        data = json.loads(result.stdout)
        sarif_validator().validate(data)
        assert len(data["runs"][0]["results"]) == n
    elif fmt == "github":
        assert len(parse_github(result.stdout)) == n
    else:
        assert len(parse_junit(result.stdout).findall(".//failure")) == n


def test_cli_sarif_to_file_as_in_the_readme(cli, tmp_path):
    out = tmp_path / "ctglint.sarif"
    result = cli("check", "--format", "sarif", "-o", out, ARMENTIERES, LYS)
    assert result.exit_code == 1 and result.stdout == ""
    data = json.loads(out.read_text("utf-8"))
    sarif_validator().validate(data)
    assert [a["location"]["uri"].rsplit("/", 1)[-1] for a in data["runs"][0]["artifacts"]] == [
        ARMENTIERES.name, LYS.name]
