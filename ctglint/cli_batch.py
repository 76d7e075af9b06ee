"""``ctglint batch DIR... -o OUTDIR``: lint many drafts in parallel and write a dashboard.

Loaded by the main group when the command runs (``cli._LazyGroup``). Exit codes as ``check``: 0 no
error-level finding, 1 error-level findings, 2 a usage error or any file that could not be
read (or that timed out, or whose worker died); 130 when stopped with Ctrl-C (what was done
is written).
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ctglint.cli import _fail, lint_options
from ctglint.errors import InputError, UsageError
from ctglint.i18n import label


@click.command("batch", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output-dir", "outdir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for index.html, summary.csv, findings.csv, results.json and reports/.")
@click.option("--include", multiple=True, metavar="GLOB",
              help="Only files whose path (relative to DIR) or one of its names matches; repeatable.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Leave out matching files or folders; repeatable.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              metavar="SECONDS", help="Give up a file after this long (its row says so).")
@click.option("--memory-limit", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MB",
              help="Address-space cap of each worker (0: none).")
@lint_options
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: when stderr is a terminal).")
@click.option("--max-tasks-per-worker", type=click.IntRange(min=1), default=200, show_default=True, hidden=True)
def batch(paths, outdir, include, exclude, jobs, timeout, memory_limit, template, template_paths, lang, select,
          extend_select, ignore, config_file, isolated, fail_on, progress, max_tasks_per_worker):
    """Lint every draft under DIR... in parallel; write a dashboard, CSVs and results.json to OUTDIR."""
    import gc

    gc.enable()  # the command turns it off for short runs; this one streams results for as long as it takes
    from ctglint import config
    from ctglint.batch import BatchSettings, Interrupts, default_jobs, plan, run_batch

    if outdir.exists() and not outdir.is_dir():
        _fail(f"{outdir}: not a folder")
    if config_file is not None and not config_file.is_file():
        _fail(f"{config_file}: no such configuration file")
    try:
        planned, blobs, lang = plan(paths, outdir, include=include, exclude=exclude, template=template,
                                    template_paths=template_paths, select=select, extend_select=extend_select,
                                    ignore=ignore, config_file=config_file, isolated=isolated, lang=lang,
                                    fail_on=fail_on)
    except config.ConfigError as exc:
        _fail(str(exc))
    except (UsageError, InputError) as exc:
        _fail(exc.text(lang or "fr") if isinstance(exc, InputError) else str(exc))
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"{outdir}: cannot create the output folder ({exc.strerror or exc})")
    settings = BatchSettings(outdir=outdir, jobs=jobs or default_jobs(), timeout=timeout,
                             memory_limit=memory_limit * 1024 * 1024, max_tasks=max_tasks_per_worker, lang=lang)

    bar = _Bar(len(planned), progress, lang)
    with Interrupts() as interrupts, bar:
        def on_file(entry: dict) -> None:
            if entry["error"] is not None:
                bar.echo(f"{entry['path']}: {entry['error']['message']}")
            bar.advance()

        def stop() -> int:
            state = interrupts.state()
            if state:
                bar.stopping()
            return state

        try:
            outcome = run_batch(planned, blobs, settings, on_file=on_file, stop=stop)
        except OSError as exc:
            _fail(f"{outdir}: cannot write the results ({exc.strerror or exc})")
    t = outcome.totals
    rate = t.documents / outcome.elapsed if outcome.elapsed > 0 else 0.0
    stopped = ""
    if t.interrupted:
        stopped = (f" (interrompu : {t.documents} sur {t.planned})" if lang == "fr"
                   else f" (interrupted: {t.documents} of {t.planned})")
    click.echo(f"ctglint: {t.documents} documents{stopped}, {t.errors} {label('errors', lang)}, "
               f"{t.warnings} {label('warnings', lang)}, {t.unreadable} {label('unreadable-files', lang)}; "
               f"{rate:.1f} documents/s → {outdir / 'index.html'}", err=True)
    sys.exit(outcome.exit_code)


class _Bar:
    """A rich progress bar on stderr (done/total, files per second, ETA), or nothing."""

    def __init__(self, total: int, wanted: bool | None, lang: str = "fr"):
        self.total = total
        self.lang = lang
        unit = "fichiers/s" if lang == "fr" else "files/s"
        self.progress = None
        if wanted is False:
            return
        from rich.console import Console

        console = Console(stderr=True)
        if wanted is None and not console.is_terminal:
            return
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn,
                                   TimeElapsedColumn, TimeRemainingColumn)

        class Rate(TextColumn):
            def render(self, task):
                from rich.text import Text

                speed = task.finished_speed or task.speed
                return Text(f"{speed:5.1f} {unit}" if speed else f"  -   {unit}", style="progress.data.speed")

        self.progress = Progress(TextColumn("[bold]ctglint batch"), BarColumn(), MofNCompleteColumn(),
                                 TaskProgressColumn(), Rate(""), TimeElapsedColumn(), TextColumn("ETA"),
                                 TimeRemainingColumn(), console=console, transient=False)
        self.task = self.progress.add_task("batch", total=total)
        self._stopping = False

    def __enter__(self) -> "_Bar":
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self.progress is not None:
            self.progress.stop()

    def advance(self) -> None:
        if self.progress is not None:
            self.progress.advance(self.task)

    def echo(self, message: str) -> None:
        if self.progress is not None:
            from rich.markup import escape

            self.progress.console.print(escape(message), highlight=False)
        else:
            click.echo(message, err=True)

    def stopping(self) -> None:
        if self.progress is not None and not self._stopping:
            self._stopping = True
            self.progress.console.print("Ctrl-C : arrêt, écriture des résultats…" if self.lang == "fr"
                                        else "Ctrl-C: stopping, writing the results…")
