"""Open a zip container (.docx, .odt) without letting it exhaust memory.

Every limit is checked against the sizes the archive *declares* before a single
byte is inflated; members are then read only through :meth:`zipfile.ZipFile.open`
with a hard cap. A member whose real size exceeds its declared size cannot slip
through: :mod:`zipfile` stops at the declared size and the CRC check fails.
"""
from __future__ import annotations

import io
import zipfile
import zlib

from ctglint.errors import InputError

MB = 1024 * 1024
MAX_TOTAL_UNCOMPRESSED = 200 * MB
MAX_RATIO = 100
#: Members smaller than this are exempt from the ratio check: small XML parts
#: (styles, numbering, settings) are so repetitive that 100:1 and more is normal
#: for them, and a member this small cannot hurt anyway — the total cap bounds
#: what all of them together may inflate to.
RATIO_FLOOR = 1 * MB
MAX_MEMBERS = 10_000
#: Hard cap on the bytes read from any one member.
MAX_MEMBER_READ = 64 * MB

#: Everything a damaged or hostile archive can raise while being opened or read:
#: a corrupted deflate stream raises zlib.error, a truncated one EOFError, an
#: encrypted member RuntimeError, an unknown compression method NotImplementedError.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
    ValueError,
    OSError,
)


def _corrupt(member: str | None = None) -> InputError:
    where = f" ({member} unreadable)" if member else ""
    where_fr = f" ({member} illisible)" if member else ""
    return InputError(
        "corrupt",
        f"Damaged or truncated archive{where}: open it in Word or LibreOffice and save it again.",
        f"Archive endommagée ou tronquée{where_fr} : ouvrez-la dans Word ou LibreOffice "
        "et enregistrez-la à nouveau.",
    )


class SafeZip:
    """A read-only zip archive whose declared sizes passed the limits above."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except _ZIP_ERRORS as exc:
            raise _corrupt() from exc
        _check_declared_sizes(infos)
        self._infos = {info.filename: info for info in infos}

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._zip.close()

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def names(self) -> list[str]:
        return list(self._infos)

    def read(self, name: str, limit: int = MAX_MEMBER_READ) -> bytes:
        """The bytes of member ``name``; :class:`InputError` if damaged or over ``limit``."""
        info = self._infos.get(name)
        if info is None:
            raise KeyError(name)
        try:
            with self._zip.open(info) as member:
                data = member.read(limit + 1)
        except _ZIP_ERRORS as exc:
            raise _corrupt(name) from exc
        if len(data) > limit:
            raise InputError(
                "too-large",
                f"Archive member {name} is larger than {limit // MB} MB.",
                f"Le fichier {name} de l'archive dépasse {limit // MB} Mo.",
            )
        return data

    def read_optional(self, name: str) -> bytes | None:
        """Like :meth:`read`, or ``None`` when the archive has no member ``name``."""
        return self.read(name) if name in self._infos else None


def _check_declared_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise InputError(
            "too-large",
            f"Archive has {len(infos)} members (limit {MAX_MEMBERS}).",
            f"L'archive contient {len(infos)} fichiers (limite {MAX_MEMBERS}).",
        )
    for info in infos:
        if info.file_size < RATIO_FLOOR:
            continue
        if info.compress_size == 0 or info.file_size / info.compress_size > MAX_RATIO:
            raise InputError(
                "zip-bomb",
                f"Archive member {info.filename} inflates more than {MAX_RATIO} times "
                "(zip bomb); refused without reading it.",
                f"Le fichier {info.filename} de l'archive se décompresse plus de {MAX_RATIO} fois "
                "(bombe de décompression) : refusé sans être lu.",
            )
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise InputError(
            "too-large",
            f"Archive declares {total // MB} MB uncompressed (limit {MAX_TOTAL_UNCOMPRESSED // MB} MB).",
            f"L'archive annonce {total // MB} Mo décompressés (limite {MAX_TOTAL_UNCOMPRESSED // MB} Mo).",
        )
