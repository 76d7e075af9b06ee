"""``ctglint annotate DRAFT [-o OUT]``: a copy of a .docx/.odt draft with a comment per finding.

Registered on the main group by ``main.add_command(annotate)``. Exit codes as for
``check``: 0 no error-level finding, 1 error-level findings (the copy is still
written), 2 a usage or input error (one line on stderr, nothing written).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ctglint.cli import LANGS, _fail
from ctglint.errors import InputError, UsageError

SEVERITIES = click.Choice(["error", "warning", "info"])


@click.command("annotate", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("draft", metavar="DRAFT.docx|DRAFT.odt")
@click.option("-o", "--output", metavar="OUT",
              help="Annotated copy to write (default: <name>.ctglint.docx beside the draft).")
@click.option("--template", "template", metavar="ID|PATH",
              help="Reference template to compare with (default: best match).")
@click.option("--template-path", "template_paths", multiple=True, metavar="DIR", help="Extra folder of templates.")
@click.option("--lang", type=LANGS, default="fr", show_default=True,
              help="Language of the comments.")
@click.option("--select", multiple=True, metavar="CODE", help="Only these rules (code, prefix, name or category).")
@click.option("--ignore", multiple=True, metavar="CODE", help="Skip these rules (code, prefix, name or category).")
@click.option("--severity", "severity", type=SEVERITIES, default="info", show_default=True,
              help="Annotate only findings of this severity or higher.")
def annotate(draft, output, template, template_paths, lang, select, ignore, severity):
    """Write a reviewed copy of a Word or ODF draft: one comment per finding, anchored on
    the offending text, and a summary comment on the title. The draft itself is never
    written; ctglint comments of an earlier run are replaced, other comments and
    tracked changes are kept."""
    from ctglint import engine, templates
    from ctglint.annotate import ANNOTATABLE, annotate_file, default_output
    from ctglint.check import CheckOptions
    from ctglint.findings import Severity

    output = output or default_output(draft)
    suffix = Path(draft).suffix.lower()
    if suffix in ANNOTATABLE and Path(output).suffix.lower() != suffix:
        _fail(_t(lang, f"{output}: the annotated copy must keep the draft's extension ({suffix})",
                f"{output} : la copie annotée doit garder l'extension du brouillon ({suffix})"))
    split = [v for value in select for v in value.split(",") if v.strip()]
    skipped = [v for value in ignore for v in value.split(",") if v.strip()]
    rules = [r() for r in engine.select_rules(split, skipped)]
    options = CheckOptions(rules=rules, template=template, template_paths=tuple(template_paths), lang=lang)
    try:
        templates.resolve(template, options.template_paths)
    except (UsageError, InputError) as exc:
        _fail(exc.text(lang) if isinstance(exc, InputError) else str(exc))
    try:
        result = annotate_file(draft, output, options, threshold=Severity(severity))
    except InputError as exc:
        _fail(f"{draft}: {exc.text(lang)}")
    except UsageError as exc:
        _fail(str(exc) if str(exc).startswith(output) else f"{draft}: {exc}")
    except (MemoryError, RecursionError) as exc:
        _fail(f"{draft}: " + _t(lang, f"document too large or too deep ({type(exc).__name__})",
                                f"document trop volumineux ou trop imbriqué ({type(exc).__name__})"))
    except Exception as exc:  # never a traceback for a user
        if os.environ.get("CTGLINT_DEBUG"):
            raise
        _fail(f"{draft}: " + _t(lang, f"internal error: {type(exc).__name__}: {exc}",
                                f"erreur interne : {type(exc).__name__} : {exc}"))
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    click.echo(_t(lang, f"{output}: {len(result.findings)} comment(s) and a summary"
                        f" ({errors} error(s)); {result.removed} earlier ctglint comment(s) replaced",
                  f"{output} : {len(result.findings)} commentaire(s) et un résumé"
                  f" ({errors} erreur(s)) ; {result.removed} ancien(s) commentaire(s) ctglint remplacé(s)"))
    sys.exit(1 if errors else 0)


def _t(lang: str, en: str, fr: str) -> str:
    return en if lang == "en" else fr
