"""SARIF 2.1.0 (OASIS), as plain dicts: for GitHub code scanning and other SARIF viewers.

- ``tool.driver.rules`` lists *every* rule ctglint has, sorted by code, not only those with
  a result: SARIF defines it as the rules the tool supports (§3.19.23), the run does not
  record which rules ``--select`` kept, and a fixed list keeps each rule's ``ruleIndex``
  the same from one run to the next. Each rule carries its French doc page as ``help``.
- Each file gets an entry in ``artifacts`` (format, template and similarity in its
  properties); results point at it with ``artifactLocation.index``.
- URIs are relative to the current directory, with forward slashes, percent-encoded, under
  ``uriBaseId`` ``%SRCROOT%`` (no absolute path of the machine in the report). A file outside
  the current directory gets an absolute ``file://`` URI.
- Columns count Unicode code points and ``endColumn`` is exclusive, as in the JSON report.
  For ``.docx``/``.odt``, a "line" is a paragraph index (see the README, « Positions »).
- A file that could not be read becomes an error notification of the invocation, and
  ``executionSuccessful`` is then false.
"""
from __future__ import annotations

import inspect
import json
import re
from typing import TextIO

from ctglint import rx
from ctglint.check import FileResult, RunResult
from ctglint.findings import Finding, Severity

from ._paths import artifact_location

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
MIME_TYPES = {
    "txt": "text/plain",
    "md": "text/markdown",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
}
WHAT_IT_DOES = "Ce qu'elle fait"


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    json.dump(to_dict(run, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")


def to_dict(run: RunResult, lang: str = "fr") -> dict:
    from ctglint import engine

    rules = engine.all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    artifacts = [_artifact(f) for f in run.files]
    results = []
    notifications = []
    for i, f in enumerate(run.files):
        if f.error is not None:
            notifications.append({
                "level": "error",
                "message": {"text": f"{f.path}: {f.error.text(lang)}"},
                "locations": [{"physicalLocation": {"artifactLocation": {**artifact_location(f.path), "index": i}}}],
                "properties": {"code": f.error.code},
            })
        results.extend(_result(x, index, i) for x in f.findings)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "ctglint",
                "version": run.version,
                "semanticVersion": run.version,
                "rules": [_rule(r) for r in rules],
            }},
            "invocations": [{
                "executionSuccessful": not notifications,
                "toolExecutionNotifications": notifications,
            }],
            "language": "en-US" if lang == "en" else "fr-FR",
            "columnKind": "unicodeCodePoints",
            "artifacts": artifacts,
            "results": results,
        }],
    }


def _artifact(f: FileResult) -> dict:
    artifact: dict = {"location": artifact_location(f.path)}
    if f.error is not None:  # its format is unknown: it could not be read
        artifact["properties"] = {"error": f.error.code}
        return artifact
    if f.format in MIME_TYPES:
        artifact["mimeType"] = MIME_TYPES[f.format]
    props: dict = {"format": f.format}
    if f.template_id is not None:
        props["template"] = f.template_id
        props["templateScore"] = f.template_score
    artifact["properties"] = props
    return artifact


def _result(x: Finding, index: dict[str, int], artifact: int) -> dict:
    end_line, end_column = x.end_line, x.end_column
    if (end_line, end_column) <= (x.line, x.column):  # an empty span: SARIF wants end after start
        end_line, end_column = x.line, x.column + 1
    region: dict = {"startLine": x.line, "startColumn": x.column, "endLine": end_line, "endColumn": end_column}
    if x.excerpt:
        region["snippet"] = {"text": x.excerpt}
    result: dict = {
        "ruleId": x.code,
        "ruleIndex": index[x.code],
        "level": LEVELS[x.severity],
        "message": {"text": x.message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {**artifact_location(x.path), "index": artifact},
                "region": region,
            },
            "logicalLocations": [{"name": x.section, "kind": "section"}],
        }],
        "partialFingerprints": {"ctglint/v1": x.fingerprint},
    }
    props = {k: v for k, v in (("expected", x.expected), ("suggestion", x.suggestion)) if v}
    if props:
        result["properties"] = props
    return result


def _rule(rule) -> dict:
    from ctglint.ruledoc import page

    doc = page(rule)
    what = what_it_does(rule)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": first_sentence(what) or rule.name},
        "fullDescription": {"text": what or rule.name},
        "help": {"text": doc, "markdown": markdown(doc)},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def what_it_does(rule) -> str:
    """The « Ce qu'elle fait » section of a rule's page, as one paragraph."""
    from ctglint.ruledoc import HEADINGS

    lines = inspect.cleandoc(rule.__doc__ or "").split("\n")
    try:
        start = lines.index(WHAT_IT_DOES) + 1
    except ValueError:
        start = 0
    body = []
    for line in lines[start:]:
        if line.strip() in HEADINGS or line.startswith("```"):
            break
        body.append(line.strip())
    return " ".join(" ".join(body).split())


def first_sentence(text: str) -> str:
    """Up to the first full stop that is followed by a capital letter (or ends the text)
    and is not inside « … », ( … ) or `…`."""
    depth = 0
    code = False
    for i, ch in enumerate(text):
        if ch == "`":
            code = not code
        elif code:
            continue
        elif ch in "«(":
            depth += 1
        elif ch in "»)":
            depth = max(0, depth - 1)
        elif ch == "." and depth == 0:
            rest = text[i + 1:]
            if not rest.strip() or re.match(r"\s+[A-ZÀ-ÖØ-Þ]", rest):
                return text[: i + 1]
    return text


_FENCE = rx.compile(r"^```")


def markdown(doc: str) -> str:
    """The doc page with its section titles as Markdown headings (fenced examples untouched)."""
    from ctglint.ruledoc import HEADINGS

    out = []
    fenced = False
    for line in doc.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced and line.strip() in HEADINGS:
            line = f"## {line.strip()}"
        out.append(line)
    return "\n".join(out)
