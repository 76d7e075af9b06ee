"""Command line: ``ctglint check | templates | rules | rule``.

Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage or input error.
"""
from __future__ import annotations

import io
import os
import sys

import click

from ctglint import __version__
from ctglint.errors import InputError, UsageError

LANGS = click.Choice(["fr", "en"])


def _fail(message: str) -> None:
    click.echo(f"ctglint: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ctglint")
def main() -> None:
    """Compliance linter and diff checker for Conventions territoriales globales (CTG)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "concise", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option("--template", "template", metavar="ID|PATH", help="Reference template to compare with (default: best match).")
@click.option("--template-path", "template_paths", multiple=True, metavar="DIR", help="Extra folder of templates.")
@click.option("--lang", type=LANGS, default="fr", show_default=True, help="Language of messages and reports.")
@click.option("--select", multiple=True, metavar="CODE", help="Only these rules (code, prefix, name or category).")
@click.option("--ignore", multiple=True, metavar="CODE", help="Skip these rules (code, prefix, name or category).")
@click.option("--stdin-filename", default="stdin.txt", show_default=True, help="Name (and format) of the draft read from '-'.")
@click.option("--color/--no-color", default=None, help="Force colours on or off (default: on a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="Tell what was guessed (encoding, template).")
def check(paths, fmt, output, template, template_paths, lang, select, ignore, stdin_filename, color, verbose):
    """Lint drafts (files or directories; '-' reads standard input)."""
    from ctglint import engine, report
    from ctglint.check import CheckOptions, FileResult, RunResult, check_file, expand_paths

    rules = [r() for r in engine.select_rules(_split(select), _split(ignore))]
    options = CheckOptions(rules=rules, template=template, template_paths=tuple(template_paths), lang=lang)
    try:
        from ctglint import templates

        templates.resolve(template, options.template_paths)
    except (UsageError, InputError) as exc:
        _fail(exc.text(lang) if isinstance(exc, InputError) else str(exc))
    results: list[FileResult] = []
    for path, problem in expand_paths(paths):
        if problem is not None:
            results.append(FileResult(path=path, format="txt", error=problem))
            continue
        if path == "-":
            result = _guarded(check_file, stdin_filename, options, sys.stdin.buffer.read())
        else:
            result = _guarded(check_file, path, options)
        results.append(result)
    for r in results:
        if r.error is not None:
            click.echo(f"{r.path}: {r.error.text(lang)}", err=True)
        elif verbose:
            for note in r.notes:
                click.echo(f"{r.path}: {note}", err=True)
            if r.template_id:
                click.echo(f"{r.path}: template {r.template_id} (score {r.template_score})", err=True)
    run = RunResult(results)
    _emit(report.get(fmt), run, output, lang, color)
    if run.unreadable:
        sys.exit(2)
    sys.exit(1 if any(f.severity.value == "error" for r in results for f in r.findings) else 0)


def _guarded(fn, path, *args):
    """Run ``fn``; an unexpected failure on one file becomes that file's error, not a traceback."""
    from ctglint.check import FileResult, format_of

    try:
        return fn(path, *args)
    except (InputError, UsageError):
        raise
    except (MemoryError, RecursionError) as exc:
        err = InputError("too-large", f"document too large or too deep to read ({type(exc).__name__})",
                         f"document trop volumineux ou trop imbriqué ({type(exc).__name__})")
    except Exception as exc:  # a bug must not stop a run over many files
        if os.environ.get("CTGLINT_DEBUG"):
            raise
        err = InputError("internal-error", f"internal error: {type(exc).__name__}: {exc}",
                         f"erreur interne : {type(exc).__name__} : {exc}")
    return FileResult(path=path, format=format_of(path), error=err)


def _split(values: tuple[str, ...]) -> list[str]:
    return [v for value in values for v in value.split(",") if v.strip()]


def _emit(reporter, run, output: str | None, lang: str, color: bool | None) -> None:
    if output is None:
        reporter.render(run, sys.stdout, lang=lang, color=color)
        return
    from ctglint.atomic import write_atomic

    buffer = io.StringIO()
    reporter.render(run, buffer, lang=lang, color=False if color is None else color)
    try:
        write_atomic(output, buffer.getvalue().encode("utf-8"))
    except OSError as exc:
        _fail(f"{output}: cannot write the report ({exc.strerror or exc})")


@main.command("templates")
def list_templates() -> None:
    """List the installed reference templates."""
    from ctglint import templates

    for t in templates.builtin():
        annexes = ", ".join(f"{a.number} {a.title}" for a in t.annexes)
        click.echo(f"{t.id}\t{t.title}\t{len(t.articles)} articles\tannexes: {annexes}")
        click.echo(f"\t{t.path}")


@main.command("rules")
def list_rules() -> None:
    """List every rule: code, name, category, default severity."""
    from ctglint import engine

    for r in engine.all_rules():
        click.echo(f"{r.code}\t{r.name}\t{r.category}\t{r.severity.value}")


@main.command("rule")
@click.argument("key")
def show_rule(key: str) -> None:
    """Print the documentation page of a rule (by code or name)."""
    from ctglint import engine
    from ctglint.ruledoc import page

    rule = engine.find_rule(key)
    if rule is None:
        _fail(f"unknown rule {key!r} (see 'ctglint rules')")
    click.echo(page(rule))
