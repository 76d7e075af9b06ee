"""One file through the whole pipeline: read, outline, pick a template, align, lint."""
from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ctglint import __version__, outline
from ctglint.errors import InputError
from ctglint.findings import Finding, Severity
from ctglint.model import Document
from ctglint.rule import Rule

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".docx", ".odt", ".pdf")


# Results compare by identity and have no generated repr: no one compares or prints them.
@dataclass(eq=False, repr=False)
class FileResult:
    path: str
    format: str
    template_id: str | None = None
    template_score: float | None = None
    error: InputError | None = None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: The linted document and its template, kept only when a reporter needs them.
    document: Document | None = None
    template: object | None = None
    alignment: object | None = None
    #: The per-document facts the rules computed (section diffs, signatory, dates: ``Context.facts``),
    #: kept with the document so reporters reuse them instead of computing them again.
    facts: dict | None = None

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)


@dataclass(eq=False, repr=False)
class RunResult:
    files: list[FileResult]
    version: str = __version__

    def count(self, severity: Severity) -> int:
        return sum(f.count(severity) for f in self.files)

    @property
    def unreadable(self) -> int:
        return sum(1 for f in self.files if f.error is not None)


class CheckOptions(NamedTuple):
    rules: Sequence[Rule]
    template: str | None = None
    template_paths: tuple[str, ...] = ()
    lang: str = "fr"
    keep_document: bool = False
    #: (selector, severity) overrides from configuration.
    severities: tuple = ()
    #: What the file must say (``config.Facts``: expected commune, EPCI, period), if configured.
    expected: object | None = None
    #: A loaded baseline (``baseline.load``): findings it lists are not reported.
    baseline: tuple | None = None


def format_of(path: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"markdown": "md"}.get(suffix, suffix) if suffix in ("txt", "md", "markdown", "docx", "odt", "pdf") else "txt"


def check_file(path: str, options: CheckOptions, data: bytes | None = None) -> FileResult:
    from ctglint.ingest import read_document

    result = FileResult(path=path, format=format_of(path))
    try:
        doc = read_document(path, data)
    except InputError as exc:
        result.error = exc
        return result
    result.format = doc.format
    result.notes = list(doc.notes)
    outline.build(doc)
    template = alignment = None
    from ctglint import templates

    candidates = templates.resolve(options.template, options.template_paths)
    template, score = templates.best_match(doc, candidates, forced=options.template is not None)
    if template is not None:
        from ctglint.align import align

        alignment = align(template.document, doc)
        result.template_id, result.template_score = template.id, score
    from ctglint import engine

    facts = {"expected": options.expected} if options.expected is not None else {}
    findings = engine.run(doc, options.rules, template=template, alignment=alignment, lang=options.lang,
                          facts=facts, severities=options.severities)
    if options.baseline is not None:
        from ctglint.baseline import accepted

        findings = [f for f in findings if not accepted(path, f.fingerprint, options.baseline)]
    result.findings = findings
    if options.keep_document:
        result.document, result.template, result.alignment = doc, template, alignment
        result.facts = facts
    return result


def expand_paths(paths: Sequence[str]) -> Iterator[tuple[str, InputError | None]]:
    """Files to lint, in a stable order; a path that cannot be used yields an error."""
    for p in paths:
        if p == "-":
            yield p, None
        elif os.path.isdir(p):
            found = folder_files(p)
            if not found:
                yield p, no_supported_files()
            for f in found:
                yield f, None
        elif not os.path.exists(p):
            yield p, not_found()
        else:
            yield p, None


def folder_files(folder: str, include: Sequence[str] = (), exclude: Sequence[str] = (),
                 skip: str | os.PathLike | None = None) -> list[str]:
    """The supported files under ``folder``, sorted. Hidden files and folders are left out, and
    so is the folder ``skip``. ``include``/``exclude`` are glob patterns on the path relative to
    ``folder`` (``/`` separators); a pattern without ``/`` also matches any one name of that path
    (``archive`` leaves out every ``archive/`` folder)."""
    root = Path(folder)
    skip_real = os.path.realpath(skip) if skip is not None else None
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")
                       and (skip_real is None or os.path.realpath(os.path.join(dirpath, d)) != skip_real)]
        for name in filenames:
            f = Path(dirpath, name)
            if f.suffix.lower() not in SUPPORTED_SUFFIXES or _hidden(f, root) or not f.is_file():
                continue
            rel = f.relative_to(root).as_posix()
            if include and not any(_glob(rel, pat) for pat in include):
                continue
            if any(_glob(rel, pat) for pat in exclude):
                continue
            found.append(str(f))
    return sorted(found)


def _glob(rel: str, pattern: str) -> bool:
    pattern = pattern.strip("/")
    if "/" not in pattern:
        return any(fnmatch.fnmatchcase(part, pattern) for part in rel.split("/"))
    parts = rel.split("/")
    return any(fnmatch.fnmatchcase("/".join(parts[:n]), pattern) for n in range(1, len(parts) + 1))


def no_supported_files(filtered: bool = False) -> InputError:
    """The error of a folder with nothing to lint (``filtered``: after --include/--exclude)."""
    kinds = ", ".join(x for x in SUPPORTED_SUFFIXES if x != ".markdown")
    return InputError("no-supported-files",
                      f"directory holds no supported file ({kinds}){' after --include/--exclude' if filtered else ''}",
                      f"le dossier ne contient aucun fichier pris en charge ({kinds})"
                      f"{' après --include/--exclude' if filtered else ''}")


def not_found() -> InputError:
    return InputError("not-found", "no such file or directory", "fichier ou dossier introuvable")


def _hidden(f: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in f.relative_to(root).parts) or f.stem.endswith(".ctglint")
