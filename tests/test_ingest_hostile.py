"""Hostile and broken inputs: every one ends in an InputError with a stable code, fast."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ctglint.errors import InputError
from ctglint.ingest import read_document
from ctglint.ingest.sniff import sniff

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCUMENT = f'<w:document {W}><w:body><w:p><w:r><w:t>{{}}</w:t></w:r></w:p></w:body></w:document>'
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MB = 1024 * 1024
REPO = Path(__file__).resolve().parent.parent


def docx_bytes(document_xml: str = DOCUMENT.format("Bonjour"), extra: dict[str, str] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def error_code(name: str, data: bytes) -> str:
    with pytest.raises(InputError) as caught:
        read_document(name, data)
    error = caught.value
    assert error.message and error.message_fr and name not in error.message + error.message_fr
    return error.code


def ole(stream_name: str) -> bytes:
    # Enough of a compound file for sniffing: header sector, then a directory entry name.
    return OLE_MAGIC + bytes(504) + stream_name.encode("utf-16-le") + bytes(1000)


# --------------------------------------------------------------------------- not what the name says

def test_valid_docx_reads():
    assert [b.text for b in read_document("ok.docx", docx_bytes()).blocks] == ["Bonjour"]


@pytest.mark.parametrize(("name", "data", "code"), [
    ("text.docx", b"This is plain text named .docx\n" * 3, "not-a-zip"),
    ("text.odt", b"plain text\n", "not-a-zip"),
    ("protected.docx", ole("EncryptedPackage"), "encrypted"),
    ("protected.doc", ole("EncryptedPackage"), "encrypted"),
    ("legacy.doc", ole("WordDocument"), "legacy-doc"),
    ("legacy.docx", ole("WordDocument"), "legacy-doc"),
    ("renamed.doc", b"{\\rtf1\\ansi Bonjour}", "rtf"),
    ("renamed.docx", b"{\\rtf1\\ansi Bonjour}", "rtf"),
    ("scan.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "corrupt"),
    ("scan.docx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "corrupt"),
    ("empty.docx", b"", "empty"),
    ("blank.txt", b"  \n\t\n", "empty"),
    ("bom-blank.txt", b"\xef\xbb\xbf \n", "empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "unsupported-format"),
    ("empty-archive.docx", b"PK\x05\x06" + bytes(18), "not-docx"),
    ("archive.zip", docx_bytes().replace(b"word/document.xml", b"word/other000.xml"), "unsupported-format"),
])
def test_refused_by_content(name, data, code):
    assert error_code(name, data) == code


def test_sniff_kinds():
    assert sniff(ole("EncryptedPackage")) == "ole-encrypted"
    assert sniff(ole("WordDocument")) == "ole"
    assert sniff(b"\xef\xbb\xbf{\\rtf1}") == "rtf"
    assert sniff(b"PK\x03\x04rest") == "zip"
    assert sniff("Texte accentué".encode()) == "text"
    assert sniff("\ufeffTexte".encode("utf-16")) == "text"
    assert sniff(b"\x00\x01\x02binary") == "binary"


def test_missing_file_and_file_never_written(tmp_path):
    assert error_code(str(tmp_path / "absent.docx"), None) == "not-found"
    path = tmp_path / "cut.docx"
    data = docx_bytes()[:-40]
    path.write_bytes(data)
    before = path.stat().st_mtime_ns
    assert error_code(str(path), None) == "corrupt"
    assert path.read_bytes() == data and path.stat().st_mtime_ns == before


# --------------------------------------------------------------------------- damaged archives

def test_truncated_docx_is_corrupt():
    data = docx_bytes(DOCUMENT.format("x" * 5000))
    assert error_code("cut.docx", data[: len(data) // 2]) == "corrupt"


def test_corrupted_deflate_stream_is_corrupt():
    data = bytearray(docx_bytes(DOCUMENT.format("mot " * 2000)))
    start = data.find(b"word/document.xml") + len("word/document.xml")  # first local header's name
    for i in range(start + 10, start + 60):
        data[i] ^= 0xFF
    assert error_code("flipped.docx", bytes(data)) == "corrupt"


def test_under_declared_member_size_fails_crc_instead_of_reading_more():
    data = bytearray(docx_bytes(DOCUMENT.format("mot " * 2000)))
    central = data.find(b"PK\x01\x02", data.find(b"word/document.xml"))
    while central >= 0:  # shrink the declared size of word/document.xml in the central directory
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length] == b"word/document.xml":
            struct.pack_into("<I", data, central + 24, 100)
        central = data.find(b"PK\x01\x02", central + 4)
    assert error_code("forged.docx", bytes(data)) == "corrupt"


def test_malformed_xml_is_corrupt():
    assert error_code("broken.docx", docx_bytes(f"<w:document {W}><w:body><w:p>")) == "corrupt"


# --------------------------------------------------------------------------- zip bombs

@pytest.fixture
def forbid_inflating(monkeypatch):
    """Call it once the archive is built: from then on, opening any member fails the
    test (limits must apply to declared sizes only)."""
    def refuse(*args, **kwargs):
        raise AssertionError("a member was inflated before the size checks")

    return lambda: monkeypatch.setattr(zipfile.ZipFile, "open", refuse)


def streamed_zeros_docx(size: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(MB)
            for _ in range(size // MB):
                member.write(chunk)
    return buf.getvalue()


def test_zip_bomb_declaring_250_mb_is_refused_unread(forbid_inflating):
    data = streamed_zeros_docx(250 * MB)
    assert len(data) < 2 * MB
    forbid_inflating()
    assert error_code("bomb.docx", data) == "zip-bomb"


def test_high_ratio_member_under_200_mb_is_refused_unread(forbid_inflating):
    data = streamed_zeros_docx(5 * MB)
    forbid_inflating()
    assert error_code("ratio.docx", data) == "zip-bomb"


def test_small_members_are_exempt_from_the_ratio_check():
    # 900 KB of repetitive XML compresses far beyond 100:1 and is still a normal part.
    styles = "<w:styles " + W + ">" + "<w:style/>" * 90_000 + "</w:styles>"
    assert len(styles) < MB
    data = docx_bytes(extra={"word/styles.xml": styles})
    assert [b.text for b in read_document("ok.docx", data).blocks] == ["Bonjour"]


def test_declared_total_over_200_mb_is_too_large(forbid_inflating):
    # Three members of 2.5 MB random bytes (stored), each declared at 70 MB: ratio 28, total 210 MB.
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", DOCUMENT.format("x"))
        for i in range(3):
            z.writestr(f"word/media/image{i}.bin", os.urandom(5 * MB // 2))
    data = bytearray(buf.getvalue())
    central = data.find(b"PK\x01\x02")
    while central >= 0:
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46: central + 46 + name_length].startswith(b"word/media/"):
            struct.pack_into("<I", data, central + 24, 70 * MB)
        central = data.find(b"PK\x01\x02", central + 4)
    forbid_inflating()
    assert error_code("huge.docx", bytes(data)) == "too-large"


def test_more_than_10000_members_is_too_large(forbid_inflating):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", DOCUMENT.format("x"))
        for i in range(10_000):
            z.writestr(f"m/{i}", b"")
    data = buf.getvalue()
    forbid_inflating()
    assert error_code("many.docx", data) == "too-large"


# --------------------------------------------------------------------------- XML attacks

XXE = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       + DOCUMENT.format("&e;"))
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">'
          + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
          + "]>" + DOCUMENT.format("&lol9;"))


@pytest.mark.parametrize("document_xml", [XXE, LAUGHS], ids=["external-entity", "billion-laughs"])
def test_doctype_in_document_is_refused(document_xml):
    assert error_code("attack.docx", docx_bytes(document_xml)) == "xml-dtd"


def test_doctype_in_any_other_part_is_refused():
    styles = '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY e SYSTEM "file:///etc/passwd">]><w:styles ' + W + "/>"
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
            ' Target="styles.xml"/></Relationships>')
    data = docx_bytes(extra={"word/styles.xml": styles, "word/_rels/document.xml.rels": rels})
    assert error_code("attack.docx", data) == "xml-dtd"


def test_doctype_in_utf16_part_is_refused():
    xml = ('<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e "boom">]>'
           + DOCUMENT.format("&e;")).encode("utf-16")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    assert error_code("utf16.docx", buf.getvalue()) == "xml-dtd"


def test_doctype_in_odt_content_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                                  '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
                                  'office:1.0"/>')
    assert error_code("attack.odt", buf.getvalue()) == "xml-dtd"


# --------------------------------------------------------------------------- start-up cost

def test_refusing_a_pdf_imports_neither_lxml_nor_python_docx():
    code = (
        "import sys\n"
        "from ctglint.errors import InputError\n"
        "from ctglint.ingest import read_document\n"
        "try:\n    read_document('x.pdf', b'%PDF-1.7 ')\nexcept InputError:\n    pass\n"
        "assert 'lxml' not in sys.modules and 'docx' not in sys.modules, sorted(sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, cwd=REPO)


def test_data_given_directly_is_held_to_the_size_limit(monkeypatch):
    """Standard input does not go through the file-size check: the bytes are measured instead."""
    from ctglint import ingest

    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(InputError) as err:
        read_document("big.txt", b"Article 1 - Objet\n" * 100)
    assert err.value.code == "too-large"
