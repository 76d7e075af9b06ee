"""``ctglint annotate``: a reviewed copy of a Word or ODF draft, one comment per finding.

The pipeline, for one draft:

1. read the bytes and open the package (:mod:`ctglint.annotate_docx` or
   :mod:`ctglint.annotate_odt`); drop the comments an earlier run wrote (author
   « ctglint »), their range marks and references — human comments and tracked
   changes are left alone;
2. lint *that* stripped package (so old ctglint comments cannot influence the
   findings, e.g. as suppression directives) with the usual :func:`check_file`;
3. plan one :class:`Note` per finding (text and anchor targets, best first) plus a
   summary note on the title, and let the package anchor each note on the first
   target it can honour;
4. serialise the package and write it atomically; the input is never written.

Anchoring: a finding's character span is mapped back to the runs of its paragraph.
A span with no text of its own (inside a numbering label, an empty span, a block
whose paragraph cannot be matched) falls back to the heading of its section, else
to its own paragraph as a whole. Header and footer findings go on the title (Word
does not let reviewers comment in headers and footers), footnote findings on the
note's mark in the body; the comment then quotes the offending text.
"""
from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from ctglint.check import CheckOptions, FileResult, check_file
from ctglint.errors import InputError, UsageError
from ctglint.findings import Finding, Severity
from ctglint.i18n import label
from ctglint.ingest.safezip import SafeZip
from ctglint.ingest.sniff import sniff
from ctglint.ingest.xmlsafe import parse_xml
from ctglint.markup import xml_safe
from ctglint.model import Document

AUTHOR = "ctglint"
INITIALS = "CTG"
ANNOTATABLE = (".docx", ".docm", ".dotx", ".odt")
#: Longest paragraph of a comment, in characters.
MAX_PARAGRAPH = 1000
#: Findings in these parts are anchored in the body (on the title; on the note's mark
#: for a footnote): Word allows no comment in a header or footer, and LibreOffice
#: (7.4) refuses to open a .docx with a comment inside a footnote.
_WHERE = {"header": ("In the header", "Dans l'en-tête"), "footer": ("In the footer", "Dans le pied de page"),
          "footnote": ("In the note", "Dans la note")}


@dataclass(frozen=True, slots=True)
class Target:
    """Where a note may be anchored: the paragraph of block ``key`` (whose model text
    is ``text``), on ``[start, end)`` of that text, or on the whole paragraph when
    ``start`` is ``None``; with ``note_mark``, on the footnote/endnote mark in the body
    that calls the note holding that paragraph."""

    key: str
    text: str
    start: int | None = None
    end: int | None = None
    note_mark: bool = False


@dataclass(frozen=True, slots=True)
class Note:
    """One comment to write: its paragraphs of text and its anchors, best first."""

    paragraphs: tuple[str, ...]
    targets: tuple[Target, ...]
    finding: Finding | None = None


@dataclass
class AnnotateResult:
    check: FileResult
    findings: list[Finding] = field(default_factory=list)
    #: Old ctglint comments removed, new ones written (summary included).
    removed: int = 0
    written: int = 0
    #: For each note written: the target used (None: it could not be anchored at all).
    anchors: list[Target | None] = field(default_factory=list)
    seconds: float = 0.0


def default_output(path: str) -> str:
    p = Path(path)
    return str(p.with_name(f"{p.stem}.ctglint{p.suffix}"))


def same_file(a: str, b: str) -> bool:
    """Same resolved path, or the same inode (hard link, bind mount)."""
    if Path(a).resolve() == Path(b).resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def annotate_file(
    path: str,
    output: str,
    options: CheckOptions,
    *,
    threshold: Severity = Severity.INFO,
    now: datetime | None = None,
) -> AnnotateResult:
    """Annotate the draft at ``path`` into ``output``.

    Raises :class:`InputError` for an unreadable draft and :class:`UsageError` for a
    draft that cannot carry comments, an output that is the input, or an output that
    cannot be written.
    """
    started = time.perf_counter()
    if same_file(path, output):
        raise UsageError(_t(options.lang, "the output would overwrite the input draft; choose another -o",
                            "la sortie écraserait le brouillon d'origine : choisissez un autre -o"))
    data = _read(path)
    package = open_package(path, data, options)
    removed = package.strip()
    stripped = package.to_bytes() if removed else data
    result = check_file(path, _keeping(options), data=stripped)
    if result.error is not None:
        raise result.error
    doc = result.document
    assert doc is not None
    findings = [f for f in result.findings if f.severity.rank >= threshold.rank]
    notes = plan(doc, findings, result, options.lang, threshold)
    stamp = (now or _now()).strftime("%Y-%m-%dT%H:%M:%SZ")
    anchors = [package.add(note, stamp) for note in notes]
    try:
        from ctglint.atomic import write_atomic

        mode = _mode_for(output)
        write_atomic(output, package.to_bytes())
        os.chmod(output, mode)
    except OSError as exc:
        raise UsageError(f"{output}: " + _t(options.lang, f"cannot write the annotated copy ({exc.strerror or exc})",
                                            f"écriture de la copie annotée impossible ({exc.strerror or exc})"))
    return AnnotateResult(check=result, findings=findings, removed=removed, written=len(notes),
                          anchors=anchors, seconds=time.perf_counter() - started)


def open_package(path: str, data: bytes, options: CheckOptions):
    """The writable package for ``data``: docx or odt, judged by its content."""
    kind = package_kind(data)
    if kind == "docx":
        from ctglint.annotate_docx import DocxPackage

        return DocxPackage(data)
    if kind == "odt":
        from ctglint.annotate_odt import OdtPackage

        return OdtPackage(data)
    # Not a package we can write to: let the reader say what it is (legacy .doc, PDF,
    # truncated zip…); a readable text draft has nowhere to put comments.
    result = check_file(path, CheckOptions(rules=(), lang=options.lang), data=data)
    if result.error is not None:
        raise result.error
    raise UsageError(_t(options.lang,
                        f"annotate writes comments into .docx or .odt drafts; {Path(path).name} is a "
                        f"{result.format} file (use 'ctglint check')",
                        f"annotate écrit des commentaires dans un brouillon .docx ou .odt ; {Path(path).name} "
                        f"est un fichier {result.format} (utilisez « ctglint check »)"))


def package_kind(data: bytes) -> str | None:
    if sniff(data) != "zip":
        return None
    from ctglint.ingest import zip_kind

    return zip_kind(data)


# --------------------------------------------------------------------------- planning
def plan(doc: Document, findings: Sequence[Finding], result: FileResult, lang: str,
         threshold: Severity = Severity.INFO) -> list[Note]:
    """The summary note on the title, then one note per finding, in report order."""
    title = next((b for b in doc.blocks if b.part == "body" and b.text.strip()), None)
    title_target = (Target(title.key, title.text),) if title is not None else ()
    notes = [Note(summary(findings, result, lang, threshold), title_target)]
    for f in findings:
        block = doc.blocks[f.block]
        text = [shorten(f"[{f.code}] {f.message}")]
        if block.part in _WHERE:
            en, fr = _WHERE[block.part]
            text.append(_t(lang, f"{en}: « {f.excerpt} »", f"{fr} : « {f.excerpt} »"))
            targets = title_target
            if block.part == "footnote":
                targets = (Target(block.key, block.text, note_mark=True),) + title_target
        else:
            targets = _targets(doc, f)
        if f.expected:
            text.append(shorten(_t(lang, f"Expected: {f.expected}", f"Attendu : {f.expected}")))
        notes.append(Note(tuple(text), targets, f))
    return notes


def _targets(doc: Document, f: Finding) -> tuple[Target, ...]:
    block = doc.blocks[f.block]
    out = []
    if f.end > f.start:
        out.append(Target(block.key, block.text, f.start, f.end))
    section = next((s for s in doc.sections if f.block in s.blocks), None)
    if section is not None and section.heading is not None:
        heading = doc.blocks[section.heading]
        out.append(Target(heading.key, heading.text))
    out.append(Target(block.key, block.text))
    return tuple(out)


def summary(findings: Sequence[Finding], result: FileResult, lang: str, threshold: Severity) -> tuple[str, ...]:
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    words = {Severity.ERROR: ("erreur", "erreurs", "error", "errors"),
             Severity.WARNING: ("avertissement", "avertissements", "warning", "warnings"),
             Severity.INFO: ("info", "infos", "info", "info")}
    parts = []
    for s in Severity:
        one, many, one_en, many_en = words[s]
        n = counts[s]
        parts.append(f"{n} {_t(lang, one_en if n == 1 else many_en, one if n < 2 else many)}")
    lines = [_t(lang, "ctglint: ", "ctglint : ") + ", ".join(parts)]
    if result.template_id:
        score = f"{result.template_score:.2f}"
        lines.append(_t(lang, f"Reference template: {result.template_id} (similarity {score})",
                        f"Modèle de référence : {result.template_id} (similarité {score.replace('.', ',')})"))
    else:
        lines.append(label("no-template", lang)[:1].upper() + label("no-template", lang)[1:])
    if threshold is not Severity.INFO:
        shown = label(threshold.value, lang)
        lines.append(_t(lang, f"Only findings of severity « {shown} » or higher are annotated.",
                        f"Seuls les constats de gravité « {shown} » ou plus sont annotés."))
    return tuple(lines)


# --------------------------------------------------------------------------- packages
class ZipPackage:
    """A zip package whose members are copied as they are, except the XML parts
    marked dirty, which are serialised again; new members go at the end."""

    def __init__(self, data: bytes) -> None:
        with SafeZip(data) as archive:
            self.members = {name: archive.read(name) for name in archive.names()}
        with zipfile.ZipFile(io.BytesIO(data)) as raw:
            self.infos = [i for i in raw.infolist() if i.filename in self.members]
        self._trees: dict[str, etree._Element] = {}
        self._dirty: set[str] = set()
        self._new: list[str] = []

    def xml(self, name: str | None) -> etree._Element | None:
        if name is None or (name not in self.members and name not in self._trees):
            return None
        if name not in self._trees:
            self._trees[name] = parse_xml(self.members[name], name)
        return self._trees[name]

    def touch(self, name: str) -> None:
        self._dirty.add(name)

    def create(self, name: str, root: etree._Element) -> None:
        self._trees[name] = root
        self._dirty.add(name)
        if name not in self.members:
            self._new.append(name)
            self.members[name] = b""

    def _bytes(self, name: str) -> bytes:
        if name in self._dirty:
            root = self._trees[name]
            standalone = root.getroottree().docinfo.standalone
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                  standalone=True if standalone else None)
        return self.members[name]

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        stamp = self.infos[0].date_time if self.infos else (1980, 1, 1, 0, 0, 0)
        with zipfile.ZipFile(out, "w") as z:
            for info in self.infos:
                copy = zipfile.ZipInfo(info.filename, info.date_time)
                copy.compress_type = info.compress_type
                copy.external_attr = info.external_attr
                copy.create_system = info.create_system
                z.writestr(copy, self._bytes(info.filename))
            for name in self._new:
                info = zipfile.ZipInfo(name, stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, self._bytes(name))
        return out.getvalue()


# --------------------------------------------------------------------------- helpers
def _keeping(options: CheckOptions) -> CheckOptions:
    return options._replace(keep_document=True)


def _read(path: str) -> bytes:
    from ctglint.ingest import read_bytes

    try:
        return read_bytes(path)
    except IsADirectoryError as exc:
        raise InputError("unreadable", "This is a directory, not a draft.",
                         "C'est un dossier, pas un brouillon.") from exc


def _mode_for(path: str) -> int:
    """The permissions a plain ``open(path, "w")`` would give: those of the file it
    replaces, else those of a new file."""
    try:
        return os.stat(path).st_mode & 0o777
    except OSError:
        from ctglint.atomic import new_file_mode

        return new_file_mode()


def _now() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc)


def _t(lang: str, en: str, fr: str) -> str:
    return en if lang == "en" else fr


def shorten(text: str, limit: int = MAX_PARAGRAPH) -> str:
    """A comment is read in a margin balloon: a paragraph longer than ``limit`` (a
    whole deleted annex quoted by a message, say) is cut, with « … »."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clean_text(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry, and carriage returns (a comment's lines
    are split on line feeds)."""
    return xml_safe(text).replace("\r", "")
