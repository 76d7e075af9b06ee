"""``ctglint batch``: lint a folder of drafts in parallel; write a dashboard, CSVs and results.json.

The parent process finds the files, hands them one at a time to worker processes
(:mod:`ctglint.batch_worker`) and streams each small answer to spool files in OUTDIR as it
arrives; it keeps only counters (findings by category, the most frequent findings) and, per
file, a few byte offsets. At the end — or on Ctrl-C, for what is done — it writes, each
atomically (a temporary file beside the target, then a rename):

- ``results.json``: the check JSON schema, files in the order ``ctglint check`` would list them;
- ``summary.csv`` (one row per document) and ``findings.csv`` (one row per finding);
- ``index.html``: the dashboard (:mod:`ctglint.report.dashboard`).

Each worker writes its document's own page under ``OUTDIR/reports/``.

The pool is ours, not ``concurrent.futures``: each task has a deadline and the worker that
overruns it is killed and replaced, a worker that dies (a crash, the memory cap) costs only its
current file, and workers are recycled after a number of tasks so memory stays flat.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import pickle
import signal
import tempfile
import time
import unicodedata
from array import array
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import connection
from pathlib import Path
from typing import BinaryIO

from ctglint import __version__
from ctglint.atomic import atomic_stream
from ctglint.batch_worker import Task, WorkerConfig, serve
from ctglint.check import FileResult, RunResult, format_of
from ctglint.errors import InputError
from ctglint.findings import CATEGORIES

#: Excel in French locales expects « ; » between fields (« , » is the decimal separator).
CSV_DELIMITER = ";"
SUMMARY_COLUMNS = (
    "path", "format", "status", "error_code", "error_message", "commune", "commune_insee", "epci", "epci_siren",
    "template", "template_score", "period", "period_start", "period_end", "errors", "warnings", "info", "findings",
    *CATEGORIES, "worst_code", "worst_severity", "worst_line", "worst_message", "report",
)
FINDING_COLUMNS = (
    "path", "commune", "template", "code", "name", "category", "severity", "line", "column", "end_line",
    "end_column", "section", "message", "excerpt", "expected", "suggestion", "fingerprint",
)
#: Distinct (code, excerpt) keys counted before rare ones are dropped (memory stays bounded).
MAX_FREQUENT_KEYS = 20_000
#: After a first Ctrl-C, how long files being linted may take to finish before their workers are killed.
GRACE_SECONDS = 3.0
#: Time a new worker may take to start (on top of --timeout for its first file).
STARTUP_SECONDS = 60.0
INTERRUPTED = 130


# ============================================================================================ inputs

@dataclass(frozen=True, slots=True)
class Input:
    path: str
    #: The folder it was found in (None for a file named on the command line).
    root: str | None = None
    problem: InputError | None = None


def discover(paths: Iterable[str], include: Iterable[str] = (), exclude: Iterable[str] = (),
             skip: str | os.PathLike | None = None) -> list[Input]:
    """The files to lint, in the order ``ctglint check`` lists them (each folder's files sorted).

    Folders are walked as :func:`ctglint.check.folder_files` does (``skip``: the output folder;
    ``include``/``exclude``: the --include/--exclude globs). Files named on the command line are
    always taken.
    """
    from ctglint.check import folder_files, no_supported_files, not_found

    include, exclude = tuple(include), tuple(exclude)
    out: list[Input] = []
    seen: set[str] = set()

    def add(item: Input) -> None:
        key = os.path.normcase(os.path.abspath(item.path))
        if item.problem is not None or key not in seen:
            seen.add(key)
            out.append(item)

    for p in paths:
        if os.path.isdir(p):
            found = folder_files(p, include, exclude, skip)
            if not found:
                add(Input(p, None, no_supported_files(filtered=bool(include or exclude))))
            for f in found:
                add(Input(f, p))
        elif not os.path.exists(p):
            add(Input(p, None, not_found()))
        else:
            add(Input(p))
    return out



def report_names(items: list[Input]) -> list[str]:
    """A distinct, portable file name under ``reports/`` for each input: its path relative to its
    folder, ASCII-folded (« Lys-lez-Lannoy 2021.docx » → ``Lys-lez-Lannoy-2021.docx.html``); names
    that would clash (also case-insensitively) get a short hash of the full path."""
    slugs = []
    for item in items:
        rel = os.path.relpath(item.path, item.root) if item.root else os.path.basename(item.path)
        slugs.append(_slug(rel))
    count: dict[str, int] = {}
    for s in slugs:
        count[s.lower()] = count.get(s.lower(), 0) + 1
    names = []
    for item, s in zip(items, slugs):
        if count[s.lower()] > 1:
            s = f"{s}-{hashlib.sha1(item.path.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
        names.append(s + ".html")
    return names


def _slug(rel: str) -> str:
    text = unicodedata.normalize("NFKD", rel.replace(os.sep, "/"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    parts = []
    for part in text.split("/"):
        part = "".join(c if (c.isascii() and (c.isalnum() or c in "._-")) else "-" for c in part)
        part = "-".join(filter(None, part.split("-"))).strip(".")
        if part and part != "..":
            parts.append(part)
    slug = "__".join(parts)[-120:].lstrip("._-")
    return slug or "document"


# ============================================================================================ pool

@dataclass
class _Worker:
    process: object
    conn: object
    task: Task | None = None
    deadline: float = 0.0
    done: int = 0
    #: Set when the worker says it has warmed up: a task's deadline counts from then.
    ready: bool = False


class WorkerPool:
    """Worker processes fed one task at a time, each task with a deadline.

    ``run`` calls ``done(task, answer)`` for every task, in the parent, as answers arrive:
    ``("ok", payload)`` or ``("error", code, detail)`` with code ``timeout`` (the worker was
    killed), ``worker-crash`` (it died), ``too-large`` (MemoryError) or ``internal-error``.
    ``stop()`` is polled: 0 go on, 1 dispatch nothing more and let running tasks finish (for at
    most ``GRACE_SECONDS``), 2 kill the workers now.
    """

    def __init__(self, config: WorkerConfig, jobs: int, timeout: float, max_tasks: int = 200):
        self.config = config
        self.jobs = max(1, jobs)
        self.timeout = timeout
        self.max_tasks = max(1, max_tasks)
        self.ctx = _mp_context()
        self.spawned = 0
        #: Once stopping, a task whose worker is lost is simply not done (Ctrl-C reaches workers too).
        self.stopping = False

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        process = self.ctx.Process(target=serve, args=(child, self.config), daemon=True, name="ctglint-batch-worker")
        with _safe_path():
            process.start()
        child.close()
        self.spawned += 1
        return _Worker(process, parent)

    def run(self, tasks: Iterable[Task], done: Callable[[Task, tuple], None],
            stop: Callable[[], int] = lambda: 0) -> bool:
        """Run every task; False when stopped before the end."""
        pending: Iterator[Task] = iter(tasks)
        slots: list[_Worker | None] = [None] * self.jobs
        exhausted = False
        grace_until = None
        try:
            while True:
                state = stop()
                if state >= 2:
                    return False
                if state == 0 and not exhausted:
                    for n, w in enumerate(slots):
                        if w is not None and w.task is not None:
                            continue
                        task = next(pending, None)
                        if task is None:
                            exhausted = True
                            break
                        if w is None or not w.process.is_alive():
                            if w is not None:
                                self._end(w)
                            w = slots[n] = self._spawn()
                        self._assign(w, task)
                busy = [w for w in slots if w is not None and w.task is not None]
                if not busy:
                    if exhausted or state:
                        return not state
                    continue
                now = time.monotonic()
                if state == 1:
                    self.stopping = True
                    grace_until = grace_until or now + GRACE_SECONDS
                    if now >= grace_until:
                        return False
                wait = min(min(w.deadline for w in busy) - now, 0.2)
                ready = set(connection.wait([w.conn for w in busy] + [w.process.sentinel for w in busy],
                                            max(wait, 0)))
                for w in busy:
                    n = slots.index(w)
                    if w.conn in ready:
                        try:
                            message = w.conn.recv()
                        except (EOFError, OSError):
                            self._lost(w, slots, n, done, "worker-crash")
                            continue
                        if message == "ready":
                            w.ready, w.deadline = True, time.monotonic() + self.timeout
                            continue
                        _index, answer, recycle = message
                        task, w.task = w.task, None
                        w.done += 1
                        done(task, answer)
                        if recycle or w.done >= self.max_tasks:
                            self._retire(w)
                            slots[n] = None
                    elif w.process.sentinel in ready:
                        self._lost(w, slots, n, done, "worker-crash")
                now = time.monotonic()
                for n, w in enumerate(slots):
                    if w is not None and w.task is not None and now >= w.deadline:
                        self._lost(w, slots, n, done, "timeout")
        finally:
            for w in slots:
                if w is not None:
                    if w.task is None:
                        self._retire(w)
                    else:
                        self._end(w)

    def _assign(self, w: _Worker, task: Task) -> None:
        w.task = task
        w.deadline = time.monotonic() + self.timeout + (0 if w.ready else STARTUP_SECONDS)
        try:
            w.conn.send(task)
        except (BrokenPipeError, EOFError, OSError):
            pass  # its sentinel tells the rest

    def _lost(self, w: _Worker, slots, n, done, code: str) -> None:
        task = w.task
        rc = self._end(w)
        slots[n] = None
        if self.stopping:
            return
        if code == "timeout":
            detail = f"{self.timeout:g}"
        else:
            detail = f"signal {-rc}" if rc is not None and rc < 0 else f"exit code {rc}"
        done(task, ("error", code, detail))

    @staticmethod
    def _retire(w: _Worker) -> None:
        try:
            w.conn.send(None)
        except (BrokenPipeError, EOFError, OSError):
            pass
        w.process.join(5)
        WorkerPool._end(w)

    @staticmethod
    def _end(w: _Worker) -> int | None:
        """Kill the worker if it still runs; its exit code."""
        if w.process.is_alive():
            w.process.kill()
        w.process.join()
        rc = w.process.exitcode
        w.conn.close()
        w.process.close()
        return rc


@contextmanager
def _safe_path():
    """The fork server (started with the first worker) and spawned workers run ``python -c …``,
    which puts the current folder first on sys.path: from a folder holding a ``ctglint``
    directory (this repository's root) they imported that instead of the installed package,
    and every file became a worker crash. PYTHONSAFEPATH (Python ≥ 3.11) leaves it out."""
    old = os.environ.get("PYTHONSAFEPATH")
    os.environ["PYTHONSAFEPATH"] = "1"
    try:
        yield
    finally:
        if old is None:
            del os.environ["PYTHONSAFEPATH"]
        else:
            os.environ["PYTHONSAFEPATH"] = old


def _preload() -> list[str]:
    """Modules every worker needs, imported once by the fork server instead of by each worker."""
    import pkgutil

    names = ["ctglint.batch_worker", "ctglint.check", "ctglint.cli", "ctglint.engine", "ctglint.ingest",
             "ctglint.ingest.text", "ctglint.ingest.docx", "ctglint.ingest.odt", "ctglint.outline",
             "ctglint.templates", "ctglint.align", "ctglint.diff", "ctglint.parties", "ctglint.datefacts",
             "ctglint.communes", "ctglint.report.json", "ctglint.report.html"]
    try:
        import ctglint.rules as rules_pkg

        names += [f"ctglint.rules.{m.name}" for m in pkgutil.iter_modules(rules_pkg.__path__)]
    except ImportError:
        pass
    return names


def _mp_context():
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_preload())
        return ctx
    return multiprocessing.get_context("spawn")


# ============================================================================================ outputs

class _Spool:
    """An anonymous temporary file in OUTDIR that records are appended to as they arrive."""

    def __init__(self, folder: Path):
        self.file = tempfile.TemporaryFile(dir=folder, prefix=".ctglint-batch-")

    def add(self, data: bytes) -> tuple[int, int]:
        offset = self.file.tell()
        self.file.write(data)
        return offset, len(data)

    def copy(self, out: BinaryIO, span: tuple[int, int]) -> None:
        offset, size = span
        if size:
            self.file.seek(offset)
            out.write(self.file.read(size))

    def flush(self) -> None:
        self.file.flush()

    def close(self) -> None:
        self.file.close()


def _csv_line(values: Iterable) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n").writerow([_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.3f}".replace(".", ",")  # French Excel reads « 0,896 » as a number
    value = str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # Excel would run it as a formula
    return value


def _nested(obj, level: int) -> str:
    """``obj`` as ``json.dumps(indent=2)`` writes it at nesting ``level`` of an enclosing document."""
    return json.dumps(obj, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


@dataclass
class Totals:
    """The small aggregates the parent keeps while files stream through."""

    planned: int = 0
    documents: int = 0
    unreadable: int = 0
    with_errors: int = 0
    with_warnings: int = 0
    clean: int = 0
    errors: int = 0
    warnings: int = 0
    info: int = 0
    failing: bool = False
    interrupted: bool = False
    #: category -> [errors, warnings, info, documents]
    categories: dict[str, list[int]] = field(default_factory=dict)
    #: (code, name, normalised excerpt) -> [documents, severity rank, example message]
    frequent: dict[tuple, list] = field(default_factory=dict)
    templates: dict[str, int] = field(default_factory=dict)
    #: Every rule code found (for the dashboard's rule filter).
    codes: set[str] = field(default_factory=set)


_SPOOLS = ("results", "summary", "findings", "rows")


class Sink:
    """Where answers go: spools for each output, aggregates for the dashboard."""

    def __init__(self, outdir: Path, lang: str, planned: int, base: str | None = None):
        self.outdir = outdir
        #: Folder the dashboard shows paths relative to (the inputs' common folder).
        self.base = base
        self.lang = lang
        self.totals = Totals(planned=planned)
        self.spools = {name: _Spool(outdir) for name in _SPOOLS}
        #: Per document, flat: its order, then (offset, size) in each spool — 72 bytes a document.
        self.index = array("q")

    def add(self, order: int, entry: dict, facts: dict, row: dict, report: str | None, fails: bool) -> None:
        spans = {"results": self.spools["results"].add(_nested(entry, 2).encode("utf-8"))}
        error = entry["error"]
        template = entry["template"]
        sev = row["severities"]
        t = self.totals
        t.documents += 1
        if error is not None:
            t.unreadable += 1
        elif sev["error"]:
            t.with_errors += 1
        elif sev["warning"]:
            t.with_warnings += 1
        else:
            t.clean += 1
        t.errors += sev["error"]
        t.warnings += sev["warning"]
        t.info += sev["info"]
        t.failing = t.failing or fails
        if template is not None:
            t.templates[template["id"]] = t.templates.get(template["id"], 0) + 1
        for cat, counts in row["by_category"].items():
            agg = t.categories.setdefault(cat, [0, 0, 0, 0])
            for k in range(3):
                agg[k] += counts[k]
            agg[3] += 1
        t.codes.update(row["codes"])
        for code, name, key, rank, message in row["keys"]:
            slot = t.frequent.get((code, name, key))
            if slot is None:
                t.frequent[(code, name, key)] = [1, rank, message]
            else:
                slot[0] += 1
                slot[1] = max(slot[1], rank)
                slot[2] = min(slot[2], message)
        if len(t.frequent) > MAX_FREQUENT_KEYS:
            t.frequent = {k: v for k, v in t.frequent.items() if v[0] > 1}

        worst = row["worst"][0] if row["worst"] else None
        cats = row["categories"]
        spans["summary"] = self.spools["summary"].add(_csv_line([
            entry["path"], entry["format"], "unreadable" if error else "ok",
            error and error["code"], error and error["message"],
            facts.get("commune"), facts.get("commune_code"), facts.get("epci"), facts.get("epci_siren"),
            template and template["id"], template and float(template["score"]),
            facts.get("period"), facts.get("period_start"), facts.get("period_end"),
            sev["error"], sev["warning"], sev["info"], len(entry["findings"]),
            *(cats.get(c, 0) for c in CATEGORIES),
            worst and worst["code"], worst and worst["severity"], worst and worst["line"], worst and worst["message"],
            report and f"reports/{report}",
        ]))
        spans["findings"] = self.spools["findings"].add(b"".join(_csv_line([
            entry["path"], facts.get("commune"), template and template["id"],
            *(f[k] for k in FINDING_COLUMNS[3:]),
        ]) for f in entry["findings"]))
        spans["rows"] = self.spools["rows"].add(json.dumps({
            "path": entry["path"], "name": self._name(entry["path"]), "format": entry["format"], "error": error,
            "commune": facts.get("commune"), "epci": facts.get("epci"),
            "template": template and template["id"], "score": template and template["score"],
            "period": facts.get("period"), "severities": sev, "categories": cats, "codes": row["codes"], "worst": row["worst"],
            "report": report and f"reports/{report}",
        }, ensure_ascii=False).encode("utf-8") + b"\n")
        self.index.append(order)
        for name in _SPOOLS:
            self.index.extend(spans[name])

    def _name(self, path: str) -> str:
        if not self.base:
            return path
        try:
            return Path(os.path.relpath(path, self.base)).as_posix()
        except ValueError:
            return path

    def finish(self, interrupted: bool = False) -> None:
        """Write results.json, the two CSVs and index.html for what is done; close the spools."""
        from ctglint.report import dashboard

        self.totals.interrupted = interrupted
        width = 1 + 2 * len(_SPOOLS)
        count = len(self.index) // width
        self._order = sorted(range(count), key=lambda k: self.index[k * width])
        for spool in self.spools.values():
            spool.flush()
        try:
            self._write_results()
            self._write_csv("summary.csv", SUMMARY_COLUMNS, "summary")
            self._write_csv("findings.csv", FINDING_COLUMNS, "findings")
            rows = self.spools["rows"]

            def read_rows():
                for offset, size in self._spans("rows"):
                    rows.file.seek(offset)
                    yield json.loads(rows.file.read(size))

            with atomic_stream(self.outdir / "index.html") as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                dashboard.render_index(out, totals=self.totals, rows=read_rows(), lang=self.lang)
                out.flush()
                out.detach()
        finally:
            for spool in self.spools.values():
                spool.close()

    def _spans(self, spool: str) -> Iterator[tuple[int, int]]:
        """(offset, size) of each document's record in ``spool``, in the documents' order."""
        width = 1 + 2 * len(_SPOOLS)
        at = 1 + 2 * _SPOOLS.index(spool)
        for k in self._order:
            base = k * width + at
            yield self.index[base], self.index[base + 1]

    def _write_results(self) -> None:
        t = self.totals
        tool = {"name": "ctglint", "version": __version__}
        summary = {"files": t.documents, "errors": t.errors, "warnings": t.warnings, "info": t.info,
                   "unreadable": t.unreadable}
        spool = self.spools["results"]
        with atomic_stream(self.outdir / "results.json") as out:
            out.write(f'{{\n  "tool": {_nested(tool, 1)},\n  "files": ['.encode("utf-8"))
            for n, span in enumerate(self._spans("results")):
                out.write(b",\n    " if n else b"\n    ")
                spool.copy(out, span)
            out.write(b"\n  ]" if self.index else b"]")
            out.write(f',\n  "summary": {_nested(summary, 1)}\n}}\n'.encode("utf-8"))

    def _write_csv(self, name: str, columns: tuple[str, ...], spool_name: str) -> None:
        spool = self.spools[spool_name]
        with atomic_stream(self.outdir / name) as out:
            out.write(b"\xef\xbb\xbf" + _csv_line(columns))  # the BOM tells Excel it is UTF-8
            for span in self._spans(spool_name):
                spool.copy(out, span)


# ============================================================================================ run

@dataclass(frozen=True)
class BatchSettings:
    outdir: Path
    jobs: int
    timeout: float = 60.0
    #: Address-space cap of each worker, in bytes (0: none).
    memory_limit: int = 2 * 1024 ** 3
    max_tasks: int = 200
    lang: str = "fr"
    #: Worker function (tests replace it): ``"module:function"``.
    target: str = "ctglint.batch_worker:lint_one"


@dataclass
class Planned:
    """One file of the batch: where it is, its options (by key) and its fail-on level."""

    item: Input
    report: str | None
    options_key: int
    fail_on: str


@dataclass
class Outcome:
    totals: Totals
    elapsed: float
    workers_started: int

    @property
    def exit_code(self) -> int:
        if self.totals.interrupted:
            return INTERRUPTED
        if self.totals.unreadable:
            return 2
        return 1 if self.totals.failing else 0


_ERROR_TEXT = {
    "timeout": ("no result after {detail} s: the file was given up (--timeout)",
                "aucun résultat après {detail} s : le fichier a été abandonné (--timeout)"),
    "worker-crash": ("the process reading this file died ({detail})",
                     "le processus qui lisait ce fichier s'est arrêté ({detail})"),
    "too-large": ("document too large to read within the memory limit ({detail})",
                  "document trop volumineux pour la limite de mémoire ({detail})"),
    "internal-error": ("internal error: {detail}", "erreur interne : {detail}"),
}


def failed_entry(path: str, code: str, detail: str, lang: str) -> dict:
    """The results.json entry of a file whose worker gave no result."""
    en, fr = _ERROR_TEXT.get(code, _ERROR_TEXT["internal-error"])
    return error_entry(path, InputError(code, en.format(detail=detail), fr.format(detail=detail)), lang)


def error_entry(path: str, error: InputError, lang: str) -> dict:
    """The results.json entry of a file that could not be linted."""
    from ctglint.report.json import to_dict

    return to_dict(RunResult([FileResult(path=path, format=format_of(path), error=error)]), lang)["files"][0]


def plan(paths: Iterable[str], outdir: Path, *, include=(), exclude=(), template: str | None = None,
         template_paths=(), select=(), extend_select=(), ignore=(), config_file: Path | None = None,
         isolated: bool = False, lang: str | None = None, fail_on: str | None = None,
         ) -> tuple[list[Planned], dict[int, bytes], str]:
    """The files of a batch with their options, as ``ctglint check`` would build them (configuration
    files, then the command line). Returns the plan, the pickled options by key, and the reports'
    language. Raises ``config.ConfigError`` or ``UsageError`` (a bad template, a bad selector)."""
    from ctglint import config
    from ctglint.cli import _options_for, _Overrides, _split

    config.clear_caches()
    cli = _Overrides(template, tuple(template_paths), _split(tuple(select)), _split(tuple(extend_select)),
                     _split(tuple(ignore)))
    items = discover(paths, include, exclude, skip=outdir)
    names = report_names(items)
    cli_lang = lang
    keys: dict[tuple, int] = {}
    blobs: dict[int, bytes] = {}
    planned: list[Planned] = []
    for item, name in zip(items, names):
        if item.problem is not None:
            planned.append(Planned(item, None, -1, fail_on or "error"))
            continue
        cfg = config.for_file(item.path, config_file, isolated)
        lang = lang or cfg.lang  # the reports speak the language of the first file's configuration
        file_lang = cli_lang or cfg.lang
        key = (cfg.path, cfg.ignored_for(item.path), cfg.facts_for(item.path), file_lang)
        if key not in keys:
            keys[key] = len(keys)
            blobs[keys[key]] = pickled(_options_for(cfg, cli, item.path, file_lang, None))
        planned.append(Planned(item, name, keys[key], fail_on or cfg.fail_on))
    return planned, blobs, lang or "fr"


def run_batch(planned: list[Planned], options: dict[int, bytes], settings: BatchSettings,
              on_file: Callable[[dict], None] | None = None,
              stop: Callable[[], int] = lambda: 0) -> Outcome:
    """Lint ``planned`` files with ``settings.jobs`` workers; stream results into OUTDIR."""
    from ctglint.batch_worker import row_facts
    from ctglint.cli import _fails

    outdir = settings.outdir
    (outdir / "reports").mkdir(parents=True, exist_ok=True)
    sink = Sink(outdir, settings.lang, len(planned), common_folder([p.item.path for p in planned]))
    started = time.monotonic()
    order = {}

    def record(entry: dict, facts: dict, row: dict, report: str | None, fail_on: str, n: int) -> None:
        fails = any(_fails(f["severity"], fail_on) for f in entry["findings"])
        sink.add(n, entry, facts, row, report, fails)
        if on_file is not None:
            on_file(entry)

    for n, p in enumerate(planned):
        if p.item.problem is not None:
            entry = error_entry(p.item.path, p.item.problem, settings.lang)
            record(entry, {}, row_facts(entry), None, p.fail_on, n)

    def tasks() -> Iterator[Task]:
        for n, p in enumerate(planned):
            if p.item.problem is None:
                order[n] = p
                yield Task(n, p.item.path, p.report, p.options_key, options[p.options_key])

    def done(task: Task, answer: tuple) -> None:
        p = order.pop(task.index)
        if answer[0] == "ok":
            payload = answer[1]
            record(payload["entry"], payload["facts"], payload["row"], payload["report"], p.fail_on, task.index)
        else:
            _, code, detail = answer
            entry = failed_entry(task.path, code, detail, settings.lang)
            record(entry, {}, row_facts(entry), None, p.fail_on, task.index)

    config = WorkerConfig(outdir=str(outdir), lang=settings.lang, target=settings.target,
                          memory_limit=settings.memory_limit)
    pool = WorkerPool(config, settings.jobs, settings.timeout, settings.max_tasks)
    finished = True
    try:
        finished = pool.run(tasks(), done, stop)
    finally:
        sink.finish(interrupted=not finished)
    return Outcome(sink.totals, time.monotonic() - started, pool.spawned)


class Interrupts:
    """Counts Ctrl-C presses instead of raising KeyboardInterrupt anywhere (outputs stay whole)."""

    def __init__(self):
        self.count = 0
        self._previous = None

    def __enter__(self) -> "Interrupts":
        try:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        except ValueError:  # not the main thread
            self._previous = None
        return self

    def _handle(self, signum, frame) -> None:
        self.count += 1

    def state(self) -> int:
        return min(self.count, 2)

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def common_folder(paths: list[str]) -> str | None:
    """The deepest folder holding every path (None when they share none)."""
    if not paths:
        return None
    try:
        common = os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in paths])
    except ValueError:
        return None
    return common if common != os.path.dirname(common) else None


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def pickled(options) -> bytes:
    return pickle.dumps(options._replace(keep_document=False), protocol=pickle.HIGHEST_PROTOCOL)
