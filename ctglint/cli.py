"""Command line: ``ctglint check | templates | rules | rule``.

Exit codes: 0 no error-level finding, 1 error-level findings, 2 usage or input error.
"""
from __future__ import annotations

import gc
import io
import os
import sys
from pathlib import Path
from typing import NamedTuple

import click

from ctglint import __version__
from ctglint.errors import InputError, UsageError
from ctglint.report import FORMATS, NEEDS_DOCUMENT

LANGS = click.Choice(["fr", "en"])


def _fail(message: str) -> None:
    click.echo(f"ctglint: {message}", err=True)
    sys.exit(2)


class _LazyGroup(click.Group):
    """Commands kept in their own modules are imported only when they run."""

    LAZY = {
        "annotate": ("ctglint.cli_annotate", "annotate"),
        "batch": ("ctglint.cli_batch", "batch"),
        "diff": ("ctglint.cli_diff", "diff"),
    }

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self.LAZY))

    def get_command(self, ctx, name):
        if name in self.LAZY:
            import importlib

            module, attr = self.LAZY[name]
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="ctglint")
def main() -> None:
    """Compliance linter and diff checker for Conventions territoriales globales (CTG)."""


def lint_options(command):
    """The options ``check`` and ``batch`` share: template, language, rule selection, configuration."""
    options = [
        click.option("--template", "template", metavar="ID|PATH",
                     help="Reference template to compare with (default: best match)."),
        click.option("--template-path", "template_paths", multiple=True, metavar="DIR",
                     help="Extra folder of templates."),
        click.option("--lang", type=LANGS, default=None, help="Language of messages and reports (default: fr)."),
        click.option("--select", multiple=True, metavar="CODE",
                     help="Only these rules (code, prefix, name or category)."),
        click.option("--extend-select", multiple=True, metavar="CODE", help="Add these rules to the selection."),
        click.option("--ignore", multiple=True, metavar="CODE",
                     help="Skip these rules (code, prefix, name or category)."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
                     help="Use this configuration file instead of looking for one."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option("--fail-on", type=click.Choice(["error", "warning", "info", "none"]), default=None,
                     help="Lowest severity that makes the exit code 1 (default: error)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(FORMATS)), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@lint_options
@click.option("--severity", "min_severity", type=click.Choice(["error", "warning", "info"]), default="info",
              show_default=True, help="Report only findings of this severity or higher.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of the findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings and nothing else.")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Do not report findings listed in this baseline.")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the current findings to a baseline file and exit 0.")
@click.option("--stdin-filename", default="stdin.txt", show_default=True, help="Name (and format) of the draft read from '-'.")
@click.option("--color/--no-color", default=None, help="Force colours on or off (default: on a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="Tell what was guessed (encoding, template, configuration).")
def check(paths, fmt, output, template, template_paths, lang, select, extend_select, ignore, config_file, isolated,
          min_severity, fail_on, exit_zero, statistics, quiet, baseline_file, write_baseline, stdin_filename, color, verbose):
    """Lint drafts (files or directories; '-' reads standard input)."""
    from ctglint import config, report
    from ctglint.check import FileResult, RunResult, check_file, expand_paths

    if config_file is not None and not config_file.is_file():
        _fail(f"{config_file}: no such configuration file")
    config.clear_caches()
    cli = _Overrides(template, tuple(template_paths), _split(select), _split(extend_select), _split(ignore))
    baseline = None
    if baseline_file is not None:
        from ctglint.baseline import BaselineError, load

        try:
            baseline = load(baseline_file)
        except BaselineError as exc:
            _fail(str(exc))
    cli_lang = lang
    results: list[FileResult] = []
    fail_levels: dict[int, str] = {}
    for n, (path, problem) in enumerate(expand_paths(paths)):
        if n == 1:
            # The command starts without the cyclic collector (ctglint.__main__), right for one
            # file; over many, the cycles each document leaves (a PDF's, notably) must be freed.
            gc.enable()
        if problem is not None:
            results.append(FileResult(path=path, format="txt", error=problem))
            continue
        name = stdin_filename if path == "-" else path
        try:
            cfg = config.for_file(name, config_file, isolated)
            lang = lang or cfg.lang  # the report speaks the language of the first file's configuration
            options = _options_for(cfg, cli, name, cli_lang or cfg.lang, baseline if write_baseline is None else None,
                                   keep_document=fmt in NEEDS_DOCUMENT and not statistics)
        except config.ConfigError as exc:
            _fail(str(exc))
        except (UsageError, InputError) as exc:
            _fail(exc.text(lang or "fr") if isinstance(exc, InputError) else str(exc))
        if verbose and cfg.path is not None:
            click.echo(f"{name}: configuration {cfg.path}", err=True)
        data = sys.stdin.buffer.read() if path == "-" else None
        result = _guarded(check_file, name, options, data)
        result.findings = [f for f in result.findings if _fails(f.severity.value, min_severity)]
        results.append(result)
        fail_levels[len(results) - 1] = fail_on or cfg.fail_on
    lang = lang or "fr"
    for r in results:
        if r.error is not None:
            click.echo(f"{r.path}: {r.error.text(lang)}", err=True)
        elif verbose:
            for note in r.notes:
                click.echo(f"{r.path}: {note}", err=True)
            if r.template_id:
                click.echo(f"{r.path}: template {r.template_id} (score {r.template_score})", err=True)
    run = RunResult(results)
    if write_baseline is not None:
        from ctglint.baseline import write

        count = write(run, write_baseline)
        click.echo(f"ctglint: {count} finding(s) written to {write_baseline}", err=True)
        sys.exit(2 if run.unreadable else 0)
    if statistics:
        from ctglint.report import statistics as stats

        _emit(stats, run, output, lang, color)
    else:
        _emit(report.get(fmt), run, output, lang, color, **({"quiet": True} if quiet else {}))
    if run.unreadable:
        sys.exit(2)
    failing = any(_fails(f.severity.value, fail_levels[i]) for i, r in enumerate(results) for f in r.findings)
    sys.exit(1 if failing and not exit_zero else 0)


_RANK = {"info": 1, "warning": 2, "error": 3, "none": 4}


def _fails(severity: str, fail_on: str) -> bool:
    return _RANK[severity] >= _RANK[fail_on]


class _Overrides(NamedTuple):
    template: str | None
    template_paths: tuple[str, ...]
    select: list[str]
    extend_select: list[str]
    ignore: list[str]


def _options_for(cfg, cli: _Overrides, file: str, lang: str, baseline, keep_document: bool = False):
    """Rules and options for one file: its configuration, overridden by the command line."""
    from ctglint import engine, templates
    from ctglint.check import CheckOptions

    select = cli.select or list(cfg.select or ())
    ignore = (cli.ignore or list(cfg.ignore)) + list(cfg.ignored_for(file))
    chosen = engine.select_rules(select, ignore, list(cfg.extend_select) + cli.extend_select)
    options = dict(cfg.rule_options)
    rules = [r(r.Options(**dict(options[r.code]))) if r.code in options else r() for r in chosen]
    template = cli.template or cfg.template
    template_paths = cfg.template_paths + cli.template_paths
    templates.resolve(template, template_paths)  # a bad --template is a usage error before any file is read
    return CheckOptions(rules=rules, template=template, template_paths=template_paths, lang=lang,
                        severities=cfg.severity, expected=cfg.facts_for(file), baseline=baseline,
                        keep_document=keep_document)


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


def _emit(reporter, run, output: str | None, lang: str, color: bool | None, **extra) -> None:
    if output is None:
        reporter.render(run, sys.stdout, lang=lang, color=color, **extra)
        return
    from ctglint.atomic import write_atomic

    buffer = io.StringIO()
    reporter.render(run, buffer, lang=lang, color=False if color is None else color, **extra)
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

