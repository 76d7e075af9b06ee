"""GitHub Actions workflow commands: one annotation per finding.

``::error file=PATH,line=L,col=C,endLine=L2,endColumn=C2,title=CODE name::message``
(``warning`` → ``::warning``, ``info`` → ``::notice``). Paths are relative to the current
directory with forward slashes (run ctglint from the repository root). ``endColumn`` is
exclusive, as in the JSON report. The message is followed by the expected text and the
suggestion, on lines of their own, when the finding has them. A file that could not be
read gives ``::error file=PATH::message``.

Escaping is the one of ``@actions/core``: ``%``, CR and LF in the message; ``%``, CR, LF,
``:`` and ``,`` in property values.
"""
from __future__ import annotations

from typing import TextIO

from ctglint.check import RunResult
from ctglint.findings import Finding, Severity
from ctglint.i18n import label

from ._paths import relative

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: list[tuple[str, object]], message: str) -> str:
    props = ",".join(f"{k}={escape_property(str(v))}" for k, v in properties)
    return f"::{name} {props}::{escape_data(message)}" if props else f"::{name}::{escape_data(message)}"


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    for f in run.files:
        path = relative(f.path)
        if f.error is not None:
            message = f"{label('unreadable', lang)}{_colon(lang)}{f.error.text(lang)}"
            out.write(command("error", [("file", path)], message) + "\n")
        for x in f.findings:
            out.write(annotation(x, path, lang) + "\n")


def annotation(x: Finding, path: str, lang: str) -> str:
    properties: list[tuple[str, object]] = [
        ("file", path),
        ("line", x.line),
        ("col", x.column),
        ("endLine", x.end_line),
        ("endColumn", x.end_column),
        ("title", f"{x.code} {x.name}"),
    ]
    sep = _colon(lang)
    lines = [x.message]
    if x.expected:
        lines.append(f"{label('expected', lang)}{sep}{x.expected}")
    if x.suggestion:
        lines.append(f"{label('suggestion', lang)}{sep}{x.suggestion}")
    return command(COMMANDS[x.severity], properties, "\n".join(lines))


def _colon(lang: str) -> str:
    return ": " if lang == "en" else " : "  # French typography: a space before the colon
