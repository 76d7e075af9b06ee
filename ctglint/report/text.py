"""The human report: grouped by file then section, severity colours, excerpt, summary.

Under each template-drift finding (T001) comes the inline word diff of its clause,
when the run kept the documents (``CheckOptions(keep_document=True)``).
Plain text when the output is not a terminal (rich decides from the stream); there
deletions read ``[-old-]`` and insertions ``{+new+}``.
"""
from __future__ import annotations

from itertools import groupby
from typing import TextIO

from rich.console import Console
from rich.markup import escape
from rich.text import Text

from ctglint import diffview
from ctglint.check import FileResult, RunResult
from ctglint.findings import Severity
from ctglint.i18n import label, section_label

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    """The full report; with ``quiet``, only files that have findings, and no summary line."""
    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False,
                      soft_wrap=True, emoji=False)
    for f in run.files:
        if quiet and not f.findings and f.error is None:
            continue
        _file(console, f, lang)
    if not quiet:
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
    views = diffview.views_for_result(f) if any(x.code in CLAUSE_DIFF_CODES for x in f.findings) else None
    shown: set[int] = set()  # a clause with several changes is printed once
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
            if views is not None and x.code in CLAUSE_DIFF_CODES:
                _clause(console, views, x.block, shown, lang)
    console.print()


#: Findings that get the word diff of their clause printed under them.
CLAUSE_DIFF_CODES = frozenset({"T001"})
#: Unchanged runs longer than this are shortened around the change.
CLAUSE_CLIP = 160


def _clause(console: Console, views, block: int, shown: set[int], lang: str) -> None:
    view = diffview.view_for_block(views, block)
    if view is None:
        return
    plain = diffview.plain(console)
    for para in diffview.clause(view, block):
        if id(para) in shown:
            continue
        shown.add(id(para))
        line = Text("      │ ", style="dim")
        line.append_text(diffview.paragraph_text(para, lang, plain_text=plain, clip=CLAUSE_CLIP))
        console.print(line)


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
