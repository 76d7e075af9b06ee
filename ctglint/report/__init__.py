"""Reporters: one module per output format, each with ``render(run, out, *, lang, color, quiet)``.

Formats are looked up here and imported only when used, so a JSON run never pays
for rich.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol, TextIO

if TYPE_CHECKING:
    from ctglint.check import RunResult

FORMATS: dict[str, str] = {
    "text": "ctglint.report.text",
    "concise": "ctglint.report.concise",
    "json": "ctglint.report.json",
    "sarif": "ctglint.report.sarif",
    "github": "ctglint.report.github",
    "junit": "ctglint.report.junit",
    "html": "ctglint.report.html",
}
#: Formats that show the draft's text or its clause diffs, so the run keeps each document.
NEEDS_DOCUMENT = frozenset({"text", "html"})


class Reporter(Protocol):
    def render(self, run: "RunResult", out: TextIO, *, lang: str, color: bool | None, quiet: bool = False) -> None: ...


def get(name: str) -> Reporter:
    return importlib.import_module(FORMATS[name])  # type: ignore[return-value]
