"""The human report: grouped by file then section, severity colours, excerpt, summary.

Under each template-drift finding (T001) comes the inline word diff of its clause,
when the run kept the documents (``CheckOptions(keep_document=True)``).

The report is built as lines of (text, style) spans. On a terminal (or with ``--color``)
rich prints them in colour; otherwise they are written as plain text, without importing
rich (a quarter of a one-file check's time, spent on colours nobody would see). In plain
text, deletions read ``[-old-]`` and insertions ``{+new+}``.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from itertools import groupby
from typing import TextIO

from ctglint import diffview
from ctglint.check import FileResult, RunResult
from ctglint.findings import Severity
from ctglint.i18n import label, section_label

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}

Line = list[tuple[str, "str | None"]]


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    """The full report; with ``quiet``, only files that have findings, and no summary line."""
    if not _may_colour(out, color):
        out.write("".join("".join(text for text, _ in line) + "\n" for line in _lines(run, lang, quiet, True)))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False,
                      soft_wrap=True, emoji=False)
    for line in _lines(run, lang, quiet, diffview.plain(console)):
        console.print(Text.assemble(*line))


def _may_colour(out: TextIO, color: bool | None) -> bool:
    """False when the report is sure to be plain: no colour asked for, and not a terminal
    (rich, asked otherwise, still decides from the stream and the environment)."""
    if color is not None:
        return color
    if os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
        return True
    isatty = getattr(out, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:  # a closed stream
        return False


def _lines(run: RunResult, lang: str, quiet: bool, plain: bool) -> Iterator[Line]:
    for f in run.files:
        if quiet and not f.findings and f.error is None:
            continue
        yield from _file(f, lang, plain)
    if not quiet:
        yield _summary(run, lang)


def _file(f: FileResult, lang: str, plain: bool) -> Iterator[Line]:
    head: Line = [(f.path, "bold")]
    if f.error is not None:
        yield head + [("  ", None), (label("unreadable", lang), "bold red"), (f": {f.error.text(lang)}", None)]
        yield []
        return
    if f.template_id:
        head.append((f"  {label('template', lang)} {f.template_id} ({label('score', lang)} {f.template_score:.2f})",
                     "dim"))
    else:
        head.append((f"  {label('no-template', lang)}", "dim"))
    yield head
    if not f.findings:
        yield [("  ", None), (label("no-findings", lang), "green")]
    clause_blocks = [x.block for x in f.findings if x.code in CLAUSE_DIFF_CODES]
    views = diffview.views_for_result(f, clause_blocks) if clause_blocks else None
    shown: set[int] = set()  # a clause with several changes is printed once
    order = {}
    for x in f.findings:
        order.setdefault(x.section, len(order))
    for section, group in groupby(sorted(f.findings, key=lambda x: order[x.section]), key=lambda x: x.section):
        yield [("  ", None), (section_label(section, lang), "bold underline")]
        for x in group:
            yield [(f"    {x.line}:{x.column}  ", None), (label(x.severity.value, lang), STYLES[x.severity]),
                   ("  ", None), (x.code, "bold"), (" ", None), (x.name, "dim"), (f"  {x.message}", None)]
            if x.excerpt:
                yield [(f"      « {x.excerpt} »", "dim")]
            if x.expected:
                yield [(f"      {label('expected', lang)} : {x.expected}", "green")]
            if x.suggestion:
                yield [(f"      {label('suggestion', lang)} : {x.suggestion}", "cyan")]
            if views is not None and x.code in CLAUSE_DIFF_CODES:
                yield from _clause(views, x.block, shown, lang, plain)
    yield []


#: Findings that get the word diff of their clause printed under them.
CLAUSE_DIFF_CODES = frozenset({"T001"})
#: Unchanged runs longer than this are shortened around the change.
CLAUSE_CLIP = 160


def _clause(views, block: int, shown: set[int], lang: str, plain: bool) -> Iterator[Line]:
    view = diffview.view_for_block(views, block)
    if view is None:
        return
    for para in diffview.clause(view, block):
        if id(para) in shown:
            continue
        shown.add(id(para))
        yield [("      │ ", "dim")] + diffview.paragraph_spans(para, lang, plain_text=plain, clip=CLAUSE_CLIP)


def _summary(run: RunResult, lang: str) -> Line:
    parts: Line = [
        (f"{len(run.files)} {label('files', lang)}, ", None),
        (f"{run.count(Severity.ERROR)} {label('errors', lang)}", STYLES[Severity.ERROR]),
        (", ", None),
        (f"{run.count(Severity.WARNING)} {label('warnings', lang)}", STYLES[Severity.WARNING]),
        (f", {run.count(Severity.INFO)} {label('infos', lang)}", None),
    ]
    if run.unreadable:
        parts += [(", ", None), (f"{run.unreadable} {label('unreadable-files', lang)}", "bold red")]
    return parts
