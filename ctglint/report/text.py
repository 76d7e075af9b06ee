"""The human report: grouped by file then section, severity colours, excerpt, summary.

Plain text when the output is not a terminal (rich decides from the stream).
"""
from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from ctglint.check import FileResult, RunResult
from ctglint.findings import Severity
from ctglint.i18n import label, section_label

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None) -> None:
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False,
                      soft_wrap=True, emoji=False)
    for f in run.files:
        _file(console, f, lang)
    _summary(console, run, lang)


def _file(console: Console, f: FileResult, lang: str) -> None:
    console.print(f"[bold]{escape(f.path)}[/bold]", end="")
    if f.error is not None:
        console.print(f"  [bold red]{label('unreadable', lang)}[/]: {escape(f.error.text(lang))}")
        console.print()
        return
    if f.template_id:
        console.print(f"  [dim]{label('template', lang)} {escape(f.template_id)} "
                      f"({label('score', lang)} {f.template_score:.2f})[/dim]")
    else:
        console.print(f"  [dim]{label('no-template', lang)}[/dim]")
    if not f.findings:
        console.print(f"  [green]{label('no-findings', lang)}[/green]")
    order = {}
    for x in f.findings:
        order.setdefault(x.section, len(order))
    for section, group in groupby(sorted(f.findings, key=lambda x: order[x.section]), key=lambda x: x.section):
        console.print(f"  [bold underline]{escape(section_label(section, lang))}[/]")
        for x in group:
            sev = label(x.severity.value, lang)
            console.print(f"    {x.line}:{x.column}  [{STYLES[x.severity]}]{sev}[/]  "
                          f"[bold]{x.code}[/bold] [dim]{x.name}[/dim]  {escape(x.message)}")
            if x.excerpt:
                console.print(f"      [dim]« {escape(x.excerpt)} »[/dim]")
            if x.expected:
                console.print(f"      [green]{label('expected', lang)} : {escape(x.expected)}[/green]")
            if x.suggestion:
                console.print(f"      [cyan]{label('suggestion', lang)} : {escape(x.suggestion)}[/cyan]")
    console.print()


def _summary(console: Console, run: RunResult, lang: str) -> None:
    parts = [
        f"{len(run.files)} {label('files', lang)}",
        f"[{STYLES[Severity.ERROR]}]{run.count(Severity.ERROR)} {label('errors', lang)}[/]",
        f"[{STYLES[Severity.WARNING]}]{run.count(Severity.WARNING)} {label('warnings', lang)}[/]",
        f"{run.count(Severity.INFO)} {label('infos', lang)}",
    ]
    if run.unreadable:
        parts.append(f"[bold red]{run.unreadable} {label('unreadable-files', lang)}[/]")
    console.print(", ".join(parts))
