"""Readers: one per input format, each returning a :class:`~ctglint.model.Document`.

:func:`read_document` decides from the bytes first (magic numbers), then from the
extension. Format readers are imported lazily: checking a plain .txt must not pay
for importing lxml.
"""
from __future__ import annotations

import os

from ctglint.errors import InputError
from ctglint.ingest.binary import refusal
from ctglint.ingest.sniff import is_blank, sniff
from ctglint.model import Document

DOCX_EXTENSIONS = (".docx", ".dotx", ".docm")
ODT_EXTENSIONS = (".odt",)
PDF_EXTENSIONS = (".pdf",)
TEXT_EXTENSIONS = (".txt", ".md", ".markdown", "")
#: No convention comes near this; a bigger input is a mistake or an attack.
MAX_INPUT_BYTES = 256 * 1024 * 1024


def read_document(path: str, data: bytes | None = None) -> Document:
    """Read the document at ``path`` (or the given ``data``, ``path`` naming it).

    Raises :class:`InputError` with codes ``not-found``, ``unreadable``, ``too-large``,
    ``empty``, ``encrypted``, ``legacy-doc``, ``rtf``, ``not-a-zip``, ``not-docx``,
    ``not-odt``, ``corrupt``, ``xml-dtd``, ``zip-bomb``, ``unsupported-format``,
    ``binary`` (from the text reader), and for PDF ``pdf-needs-extra``, ``ocr-needed``,
    ``timeout`` (see :mod:`ctglint.ingest.pdf`). A directory
    raises :class:`IsADirectoryError`: expanding directories is the caller's job.
    """
    if data is None:
        data = read_bytes(path)
    elif len(data) > MAX_INPUT_BYTES:  # given directly (standard input)
        raise _too_large()
    if is_blank(data):
        raise InputError("empty", "The file is empty.", "Le fichier est vide.")
    kind = sniff(data)
    extension = os.path.splitext(path)[1].lower()
    if kind == "pdf" or (extension in PDF_EXTENSIONS and kind in ("text", "binary")):
        from ctglint.ingest.pdf import read_pdf

        return read_pdf(path, data)
    error = refusal(kind)
    if error is not None:
        raise error
    if kind == "zip":
        return _read_zip(path, data, extension)
    if extension in DOCX_EXTENSIONS + ODT_EXTENSIONS:
        raise InputError(
            "not-a-zip",
            f"Not a valid {extension} file: it is not a zip archive.",
            f"Fichier {extension} invalide : ce n'est pas une archive zip.",
        )
    if extension in TEXT_EXTENSIONS:
        from ctglint.ingest.text import read_text

        return read_text(path, data)
    raise _unsupported(extension)


def _read_zip(path: str, data: bytes, extension: str) -> Document:
    inner = zip_kind(data)
    if inner == "odt" or (inner is None and extension in ODT_EXTENSIONS):
        from ctglint.ingest.odt import read_odt

        document = read_odt(path, data)
    elif inner == "docx" or extension in DOCX_EXTENSIONS:
        from ctglint.ingest.docx import read_docx

        document = read_docx(path, data)
    else:
        raise _unsupported(extension)
    expected = "docx" if extension in DOCX_EXTENSIONS else "odt" if extension in ODT_EXTENSIONS else None
    if expected and inner and inner != expected:
        document.notes.append(f"read as .{inner}: the content does not match the {extension} extension")
    return document


def zip_kind(data: bytes) -> str | None:
    """``docx`` or ``odt`` judging by the archive's members, else ``None``."""
    from ctglint.ingest.safezip import SafeZip

    with SafeZip(data) as archive:
        if "word/document.xml" in archive and "[Content_Types].xml" in archive:
            return "docx"
        if "content.xml" in archive:
            mimetype = archive.read_optional("mimetype") or b""
            if mimetype.strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
    return None


def read_bytes(path: str) -> bytes:
    """The bytes of the file at ``path``; :class:`InputError` (``not-found``, ``too-large``,
    ``unreadable``) when they cannot be had. A directory raises :class:`IsADirectoryError`."""
    try:
        if os.stat(path).st_size > MAX_INPUT_BYTES:
            raise _too_large()
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError as exc:
        raise InputError("not-found", "No such file.", "Fichier introuvable.") from exc
    except IsADirectoryError:
        raise
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError("unreadable", f"Cannot read the file ({reason}).",
                         f"Lecture du fichier impossible ({reason}).") from exc


def _too_large() -> InputError:
    return InputError("too-large", f"The file is larger than {MAX_INPUT_BYTES // 2**20} MB.",
                      f"Le fichier dépasse {MAX_INPUT_BYTES // 2**20} Mo.")


def _unsupported(extension: str) -> InputError:
    shown = extension or "(none)"
    return InputError(
        "unsupported-format",
        f"Unsupported file type {shown}: use .docx, .odt, .pdf, .txt or .md.",
        f"Type de fichier non pris en charge {shown if extension else '(aucune extension)'} : "
        "utilisez .docx, .odt, .pdf, .txt ou .md.",
    )
