"""One line per finding: ``path:line:column: CODE [severity] message``."""
from __future__ import annotations

from typing import TextIO

from ctglint.check import RunResult
from ctglint.i18n import label


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    for f in run.files:
        if f.error is not None:
            out.write(f"{f.path}: {label('unreadable', lang)}: {f.error.text(lang)}\n")
        for x in f.findings:
            out.write(f"{f.path}:{x.line}:{x.column}: {x.code} [{label(x.severity.value, lang)}] {x.message}\n")
