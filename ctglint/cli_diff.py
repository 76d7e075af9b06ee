"""``ctglint diff``: a draft against its reference template, or two versions of one draft.

``ctglint diff DRAFT`` compares each section of the draft with its template section;
``ctglint diff OLD NEW`` compares two versions (sent and returned), section by section.
Exit codes: 0 no substantive difference (only filled slots or cosmetic ones), 1 at least
one section modified, missing or added, 2 a usage error or an input that cannot be read.
"""
from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass

import click

from ctglint import __version__
from ctglint.cli import LANGS, _fail
from ctglint.errors import InputError, UsageError


@dataclass
class DiffRun:
    """Everything a renderer needs: the views, what was compared, and names for both sides."""

    views: list
    data: object  # diffview.DiffInput
    old: dict  # JSON description of the old side
    new: dict
    old_name: str
    new_name: str
    title: str


def compute(paths: tuple[str, ...], *, template: str | None = None, template_paths: tuple[str, ...] = (),
            sections: tuple[str, ...] = (), lang: str = "fr") -> DiffRun:
    """Read, outline, align and diff; raises InputError / UsageError."""
    from ctglint import diffview, outline
    from ctglint.align import align
    from ctglint.diff import diff_document, diff_documents
    from ctglint.i18n import label
    from ctglint.ingest import read_document

    if len(paths) == 2 and template is not None:
        raise UsageError("--template compares one draft with a template; give one DRAFT, or OLD NEW without it")
    if len(paths) not in (1, 2):
        raise UsageError("give one DRAFT (compared with its template) or two versions OLD NEW")
    docs = []
    for p in paths:
        try:
            if os.path.isdir(p):
                raise InputError("not-a-file", "is a directory, not a document", "est un dossier, pas un document")
            doc = read_document(p)
        except InputError as exc:  # name the file in the one-line message
            raise InputError(exc.code, f"{p}: {exc.message}", f"{p} : {exc.message_fr}") from None
        outline.build(doc)
        docs.append(doc)
    if len(docs) == 1:
        from ctglint import templates

        (doc,) = docs
        tpl, score = templates.best_match(doc, templates.resolve(template, template_paths),
                                          forced=template is not None)
        if tpl is None:
            raise UsageError(f"{paths[0]}: no reference template matches this draft (best similarity "
                             f"{score:.2f}); name one with --template")
        data = diffview.DiffInput(tpl.document, doc, diff_document(tpl, doc, align(tpl.document, doc)), tpl)
        old = {"kind": "template", "id": tpl.id, "score": score}
        old_name = f"{label('template', lang)} {tpl.id}"
        title = f"{paths[0]}  {label('template', lang)} {tpl.id} ({label('score', lang)} {score:.2f})"
    else:
        old_doc, doc = docs
        data = diffview.DiffInput(old_doc, doc, diff_documents(old_doc, doc, align(old_doc, doc)), None)
        old = {"kind": "document", "path": paths[0], "format": old_doc.format}
        old_name = paths[0]
        title = f"{paths[0]} → {paths[1]}"
    new = {"kind": "document", "path": paths[-1], "format": doc.format}
    views = diffview.build(data)
    if sections:
        chosen = diffview.select(views, sections)
        if not chosen:
            known = ", ".join(dict.fromkeys(v.label for v in views))
            raise UsageError(f"no section {', '.join(sections)!s} in this diff (sections: {known})")
        views = chosen
    return DiffRun(views, data, old, new, old_name, paths[-1], title)


def render(run: DiffRun, fmt: str, out, *, lang: str, color: bool | None, side_by_side: bool = False,
           context: int = 1) -> None:
    from ctglint import diffview

    if fmt == "json":
        import json

        doc = diffview.to_json(run.views, run.data, version=__version__, old=run.old, new=run.new, lang=lang)
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "html":
        from ctglint.report.html import render_diff

        render_diff(run.views, out, lang=lang, title=run.title, versions=run.data.template is None,
                    context=context)
    else:
        from rich.console import Console
        from rich.text import Text

        width = None
        if side_by_side and not (out is sys.stdout and sys.stdout.isatty()) and not os.environ.get("COLUMNS"):
            width = 160  # a pipe or a file: wide enough for two columns
        console = Console(file=out, force_terminal=color, no_color=color is False, highlight=False,
                          soft_wrap=not side_by_side, emoji=False, width=width, markup=False)
        console.print(Text(run.title, style="bold"))
        diffview.render_text(console, run.views, lang, context=context, side_by_side=side_by_side,
                             old_name=run.old_name, new_name=run.new_name)


@click.command("diff", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, metavar="DRAFT | OLD NEW")
@click.option("--template", "template", metavar="ID|PATH", help="Reference template (default: best match).")
@click.option("--template-path", "template_paths", multiple=True, metavar="DIR", help="Extra folder of templates.")
@click.option("--section", "sections", multiple=True, metavar="LABEL",
              help="Only this section (« article 5 », « annexe 2 », « préambule »); repeatable.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE (atomically).")
@click.option("--lang", type=LANGS, default="fr", show_default=True)
@click.option("--side-by-side", is_flag=True, help="Two columns (old | new) for wide terminals.")
@click.option("--context", type=int, default=1, show_default=True,
              help="Unchanged paragraphs shown around each change (-1: the whole text).")
@click.option("--color/--no-color", default=None, help="Force colours on or off (default: on a terminal).")
def diff(paths, template, template_paths, sections, fmt, output, lang, side_by_side, context, color):
    """Compare a draft with its reference template, or two versions OLD NEW of a draft.

    Exit 0 when there is no substantive difference, 1 when there is, 2 on error.
    """
    try:
        run = compute(tuple(paths), template=template, template_paths=tuple(template_paths),
                      sections=tuple(sections), lang=lang)
    except InputError as exc:
        _fail(exc.text(lang))
    except UsageError as exc:
        _fail(str(exc))
    except (MemoryError, RecursionError) as exc:
        _fail(f"document too large or too deep to read ({type(exc).__name__})")
    except Exception as exc:  # no traceback for users
        if os.environ.get("CTGLINT_DEBUG"):
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc}")
    if output is None:
        render(run, fmt, sys.stdout, lang=lang, color=color, side_by_side=side_by_side, context=context)
    else:
        from ctglint.atomic import write_atomic

        buffer = io.StringIO()
        render(run, fmt, buffer, lang=lang, color=False if color is None else color, side_by_side=side_by_side,
               context=context)
        try:
            write_atomic(output, buffer.getvalue().encode("utf-8"))
        except OSError as exc:
            _fail(f"{output}: cannot write ({exc.strerror or exc})")
    from ctglint.diffview import has_substantive

    sys.exit(1 if has_substantive(run.views) else 0)
