"""Classify raw input bytes by their magic numbers, before any parsing.

The file name's extension is a claim; the first bytes are a fact. Readers and the
dispatcher decide errors from :func:`sniff` so that a renamed ``.doc``, an encrypted
``.docx`` or a PDF saved as ``.docx`` gets its own explanation instead of a parse error.
"""
from __future__ import annotations

from typing import Literal

Kind = Literal["ole-encrypted", "ole", "rtf", "pdf", "zip", "text", "binary"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Stream name of an Office document encrypted with a password (MS-OFFCRYPTO).
#: OLE directory entries store names in UTF-16LE, so the bytes appear as such.
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # first local header, or an empty archive
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_SNIFF_WINDOW = 8192


def sniff(data: bytes) -> Kind:
    """Return what ``data`` is, judging by content only.

    ``ole-encrypted``: OLE compound file holding an ``EncryptedPackage`` stream
    (a password-protected .docx); ``ole``: any other OLE file (legacy .doc);
    ``rtf``, ``pdf``, ``zip``; otherwise ``text`` or ``binary`` (NUL bytes near
    the start and no UTF-16/32 byte-order mark).
    """
    if data.startswith(OLE_MAGIC):
        return "ole-encrypted" if ENCRYPTED_PACKAGE in data else "ole"
    if data.startswith(ZIP_MAGICS):
        return "zip"
    head = data[:_SNIFF_WINDOW]
    bare = head.removeprefix(_BOMS[0]).lstrip()
    if bare.startswith(b"{\\rtf"):
        return "rtf"
    if bare.startswith(b"%PDF-"):
        return "pdf"
    if b"\x00" in head and not head.startswith(_BOMS[1:]):
        return "binary"
    return "text"


def is_blank(data: bytes) -> bool:
    """True for empty input or input holding only white space (any common encoding)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return not data[len(bom):].decode(encoding).strip()
            except UnicodeDecodeError:
                return False
    return not data.strip()
