"""The worker side of ``ctglint batch``: lint one file, write its own HTML page, return a small result.

A worker process runs :func:`serve`: it lowers its address-space limit (``RLIMIT_AS``), ignores
Ctrl-C (the parent decides when to stop), then answers tasks from its pipe one at a time until it
gets ``None``. Each answer is small: the file's JSON entry (the check JSON schema's ``files[]``
item), the facts the dashboard shows (commune, EPCI, period, counts, worst findings) and the name
of the page written under ``OUTDIR/reports/``. The document itself never leaves the worker.

Everything here runs in the child; :mod:`ctglint.batch` is the parent side.
"""
from __future__ import annotations

import gc
import importlib
import io
import os
import pickle
import re
import signal
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from ctglint.atomic import write_atomic
from ctglint.findings import CATEGORIES, Severity

#: Worst findings kept per document for the dashboard.
WORST = 3
#: Longest normalised excerpt used to group findings across documents.
KEY_CHARS = 80
_RANK = {s.value: s.rank for s in Severity}


@dataclass(frozen=True, slots=True)
class Task:
    """One file to lint. ``options`` is a pickled :class:`~ctglint.check.CheckOptions`, shared by
    every task with the same ``options_key`` (a worker unpickles it once)."""

    index: int
    path: str
    report: str | None  # file name under OUTDIR/reports/, or None for no page
    options_key: int
    options: bytes


@dataclass(frozen=True, slots=True)
class WorkerConfig:
    outdir: str
    lang: str
    #: ``"module:function"`` called as ``function(task, config) -> dict``.
    target: str = "ctglint.batch_worker:lint_one"
    #: Address-space cap in bytes (0: none).
    memory_limit: int = 0


# ----------------------------------------------------------------------------------------- process

def serve(conn, config: WorkerConfig) -> None:
    """Main function of a worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if config.memory_limit:
        _cap_memory(config.memory_limit)
    module, _, name = config.target.partition(":")
    work = getattr(importlib.import_module(module), name)
    warm_up()
    # Modules, rules and templates live as long as the worker: out of the collector's sight,
    # each collection only walks what one document made.
    gc.freeze()
    try:
        conn.send("ready")
    except (BrokenPipeError, EOFError, OSError):
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        recycle = False
        try:
            answer = ("ok", work(task, config))
        except (MemoryError, RecursionError) as exc:  # a fresh worker for the next file
            answer, recycle = ("error", "too-large", type(exc).__name__), True
        except BaseException as exc:  # noqa: BLE001 - any failure is this file's error row, never the batch's
            answer = ("error", "internal-error", "".join(traceback.format_exception_only(type(exc), exc)).strip())
        try:
            conn.send((task.index, answer, recycle))
        except (BrokenPipeError, EOFError, OSError):
            return
        if recycle:
            return


def _cap_memory(limit: int) -> None:
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # not POSIX, or not allowed: run without a cap
        pass


def warm_up() -> None:
    """Load what every file needs (rules, templates) before the first task, not during it."""
    from ctglint import engine, templates

    engine.all_rules()
    templates.builtin()


# ----------------------------------------------------------------------------------------- lint one

_OPTIONS: dict[int, object] = {}


def _options(task: Task):
    options = _OPTIONS.get(task.options_key)
    if options is None:
        options = pickle.loads(task.options)._replace(keep_document=True)
        _OPTIONS[task.options_key] = options
    return options


def lint_one(task: Task, config: WorkerConfig) -> dict:
    """Lint ``task.path``; write its HTML page; return the small result the parent streams out."""
    from ctglint.check import FileResult, RunResult, check_file, format_of
    from ctglint.errors import InputError
    from ctglint.report.json import to_dict

    options = _options(task)
    try:
        # Any other failure reaches serve(): the file's error row, and a new worker after a MemoryError.
        result = check_file(task.path, options)
    except InputError as exc:
        result = FileResult(path=task.path, format=format_of(task.path), error=exc)
    facts = document_facts(result) if result.document is not None else {}
    report = None
    if task.report is not None:
        report = _write_page(result, task.report, config, facts)
    entry = to_dict(RunResult([result]), config.lang)["files"][0]
    result.document = result.template = result.alignment = result.facts = None
    return {"entry": entry, "facts": facts, "report": report, "row": row_facts(entry)}


def document_facts(result) -> dict:
    """Commune, EPCI and period of a linted document (each None when not found)."""
    facts: dict = {"commune": None, "commune_code": None, "epci": None, "epci_siren": None,
                   "period": None, "period_start": None, "period_end": None}
    try:
        facts.update(_signatory(result))
    except Exception:  # noqa: BLE001 - a fact the dashboard cannot show is no reason to lose the file
        if os.environ.get("CTGLINT_DEBUG"):
            raise
    try:
        facts.update(_period(result))
    except Exception:  # noqa: BLE001
        if os.environ.get("CTGLINT_DEBUG"):
            raise
    return facts


def _context(result):
    """A rule context over the linted document, holding the facts its rules already computed."""
    from ctglint.rule import Context

    return Context(result.document, result.template, result.alignment,
                   facts=result.facts if result.facts is not None else {})


def _signatory(result) -> dict:
    from ctglint import communes
    from ctglint.parties import for_context

    found = for_context(_context(result))
    commune = found.commune if found is not None else None
    epci = found.epci if found is not None else None
    if commune is not None and epci is None:
        # The EPCI the commune belongs to (its EPCI à fiscalité propre before its EPT).
        for e in communes.epcis_of(commune.parent or commune.code):
            epci = e
            break
    out = {}
    if commune is not None:
        out.update(commune=commune.name, commune_code=commune.code)
    if epci is not None:
        out.update(epci=epci.name, epci_siren=epci.siren)
    return out


def _period(result) -> dict:
    from ctglint.datefacts import date_facts

    p = date_facts(_context(result)).period
    if p is None:
        return {}
    return {"period": f"{p.first_year}–{p.last_year}",
            "period_start": p.start_date.isoformat() if p.start_date else None,
            "period_end": p.end_date.isoformat() if p.end_date else None}


# ----------------------------------------------------------------------------------------- summaries

def normalised_excerpt(text: str) -> str:
    """The key under which one finding is counted across documents: case and accents folded,
    whitespace collapsed, digits as ``#`` (« 20XX », « 2023 » and « 2024 » stay apart from words)."""
    from ctglint.fr import fold

    key = re.sub(r"\s+", " ", fold(text)).strip()
    key = re.sub(r"\d", "#", key)
    return key[:KEY_CHARS]


def row_facts(entry: dict) -> dict:
    """Counts by severity and category, the worst findings, and the keys of the findings."""
    findings = entry["findings"]
    severities = {"error": 0, "warning": 0, "info": 0}
    categories: dict[str, int] = {}
    by_cat_sev: dict[str, list[int]] = {}
    for f in findings:
        severities[f["severity"]] += 1
        categories[f["category"]] = categories.get(f["category"], 0) + 1
        counts = by_cat_sev.setdefault(f["category"], [0, 0, 0])
        counts[("error", "warning", "info").index(f["severity"])] += 1
    worst = sorted(findings, key=lambda f: (-_RANK[f["severity"]], f["line"], f["column"], f["code"]))[:WORST]
    keys: dict[tuple, list] = {}
    for f in findings:
        key = (f["code"], f["name"], normalised_excerpt(f["excerpt"] or f["message"]))
        slot = keys.setdefault(key, [_RANK[f["severity"]], f["message"]])
        slot[0], slot[1] = max(slot[0], _RANK[f["severity"]]), min(slot[1], f["message"])
    return {
        "severities": severities,
        "categories": {c: categories[c] for c in CATEGORIES if c in categories},
        "by_category": by_cat_sev,
        "codes": sorted({f["code"] for f in findings}),
        "worst": [{k: f[k] for k in ("code", "name", "severity", "message", "line", "column", "section")}
                  for f in worst],
        #: (code, name, normalised excerpt, worst severity rank, a message) for the most frequent findings
        "keys": sorted([*k, *v] for k, v in keys.items()),
    }


# ----------------------------------------------------------------------------------------- page

def _write_page(result, name: str, config: WorkerConfig, facts: dict) -> str | None:
    """Write the document's own page under OUTDIR/reports/; its name, or None when it failed."""
    out = io.StringIO()
    try:
        from ctglint import report
        from ctglint.check import RunResult

        report.get("html").render(RunResult([result]), out, lang=config.lang, color=False)
        write_atomic(Path(config.outdir) / "reports" / name, out.getvalue().encode("utf-8"))
    except Exception:  # noqa: BLE001 - the dashboard row stays; its page link is left out
        if os.environ.get("CTGLINT_DEBUG"):
            raise
        print(f"ctglint: {result.path}: HTML page not written", file=sys.stderr)
        return None
    return name


