"""JUnit XML, as linters write it (ruff, flake8-junit-report) for CI test dashboards.

One ``<testsuite>`` per file, named by its path; one ``<testcase>`` per finding, holding a
``<failure>`` (``message`` = the message, ``type`` = the rule code, text = severity, location,
section, excerpt, expected text and suggestion); a clean file gets a single passing test case;
a file that could not be read gets a test case with an ``<error>``. Every finding is a
failure, whatever its severity (the severity is in the failure text). UTF-8, deterministic:
same input, same bytes.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TextIO

from ctglint.markup import xml_safe
from ctglint.check import FileResult, RunResult
from ctglint.findings import Finding
from ctglint.i18n import label, section_label

from ._paths import relative

def _clean(text: str) -> str:
    return xml_safe(text, "\ufffd")


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    root = to_element(run, lang)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode"))
    out.write("\n")


def to_element(run: RunResult, lang: str = "fr") -> ET.Element:
    suites = [_suite(f, lang) for f in run.files]
    root = ET.Element("testsuites", {
        "name": "ctglint",
        "tests": str(sum(int(s.get("tests", "0")) for s in suites)),
        "failures": str(sum(int(s.get("failures", "0")) for s in suites)),
        "errors": str(sum(int(s.get("errors", "0")) for s in suites)),
    })
    root.extend(suites)
    return root


def _suite(f: FileResult, lang: str) -> ET.Element:
    path = _clean(relative(f.path))
    failures = len(f.findings)
    errors = int(f.error is not None)
    tests = failures + errors or 1
    suite = ET.Element("testsuite", {
        "name": path,
        "tests": str(tests),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
    })
    if f.error is not None:
        case = ET.SubElement(suite, "testcase", {"name": "ctglint", "classname": path, "file": path})
        error = ET.SubElement(case, "error", {"message": _clean(f.error.text(lang)), "type": f.error.code})
        colon = ": " if lang == "en" else " : "
        error.text = _clean(f"{path}: {label('unreadable', lang)}{colon}{f.error.text(lang)}")
    elif not f.findings:
        ET.SubElement(suite, "testcase", {"name": "ctglint", "classname": path, "file": path})
    for x in f.findings:
        suite.append(_case(x, path, lang))
    return suite


def _case(x: Finding, path: str, lang: str) -> ET.Element:
    case = ET.Element("testcase", {
        "name": f"{x.code} {x.name} ({x.line}:{x.column})",
        "classname": path,
        "file": path,
        "line": str(x.line),
    })
    sep = ": " if lang == "en" else " : "
    failure = ET.SubElement(case, "failure", {"message": _clean(x.message), "type": x.code})
    lines = [
        f"{path}:{x.line}:{x.column}: {x.code} [{label(x.severity.value, lang)}] {x.message}",
        section_label(x.section, lang),
    ]
    if x.excerpt:
        lines.append(f"« {x.excerpt} »")
    if x.expected:
        lines.append(f"{label('expected', lang)}{sep}{x.expected}")
    if x.suggestion:
        lines.append(f"{label('suggestion', lang)}{sep}{x.suggestion}")
    failure.text = _clean("\n".join(lines))
    return case
