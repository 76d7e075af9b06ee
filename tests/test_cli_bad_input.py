"""Bad input: one line on stderr naming the file, exit 2, no traceback, a JSON error row."""
from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ARMENTIERES, EXAMPLES, validate_report

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


def _ole(with_encrypted_package: bool) -> bytes:
    body = bytearray(OLE_MAGIC + b"\x00" * 504)
    name = "EncryptedPackage" if with_encrypted_package else "WordDocument"
    body += name.encode("utf-16-le") + b"\x00" * 2000
    return bytes(body)


def _minimal_docx(document_xml: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                   'officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/document.xml", document_xml)
    return buf.getvalue()


def _forged_bomb() -> bytes:
    """A small zip whose central directory declares a 300 MB member (never inflated)."""
    data = bytearray(_minimal_docx('<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                                   '2006/main"><w:body/></w:document>'))
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        struct.pack_into("<I", data, at + 24, 300 * 1024 * 1024)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def _ratio_bomb() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\x00" * (20 * 1024 * 1024))
    return buf.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
XXE = (f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       f'<w:document {W}><w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
          + f']><w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>')

CASES = {
    "empty.txt": (b"", "empty"),
    "blank.txt": (b"   \n\n  \n", "empty"),
    "garbage.txt": (bytes(range(256)) * 40, "binary"),
    "notazip.docx": (b"This is not a zip archive at all, just text named .docx\n" * 3, "not-a-zip"),
    "protected.docx": (_ole(True), "encrypted"),
    "legacy.doc": (_ole(False), "legacy-doc"),
    "published.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "corrupt"),  # truncated: no xref, no page
    "bomb.docx": (_forged_bomb(), "zip-bomb"),
    "ratio.docx": (_ratio_bomb(), "zip-bomb"),
    "xxe.docx": (_minimal_docx(XXE), "xml-dtd"),
    "laughs.docx": (_minimal_docx(LAUGHS), "xml-dtd"),
}


def _truncated_docx() -> bytes:
    data = (EXAMPLES / "armentieres-2023-2026.docx").read_bytes()
    return data[: len(data) // 2]


def _assert_one_line_error(result, path: Path | str) -> None:
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"{path}: ")
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_exit_2_one_line_and_error_code(cli, tmp_path, name):
    data, code = CASES[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = cli("check", "--format", "json", path)
    _assert_one_line_error(result, path)
    entry = result.json()["files"][0]
    assert entry["error"]["code"] == code
    assert entry["findings"] == []
    assert path.read_bytes() == data  # never modified


def test_truncated_docx(cli, tmp_path):
    path = tmp_path / "cut.docx"
    path.write_bytes(_truncated_docx())
    result = cli("check", "--format", "json", path)
    _assert_one_line_error(result, path)
    assert result.json()["files"][0]["error"]["code"] in ("corrupt", "not-a-zip")


def test_missing_path(cli, tmp_path):
    path = tmp_path / "nowhere.docx"
    result = cli("check", "--format", "json", path)
    _assert_one_line_error(result, path)
    assert result.json()["files"][0]["error"]["code"] == "not-found"


def test_directory_without_supported_file(cli, tmp_path):
    (tmp_path / "notes.rtf").write_text("x")
    result = cli("check", "--format", "json", tmp_path)
    _assert_one_line_error(result, tmp_path)
    assert result.json()["files"][0]["error"]["code"] == "no-supported-files"


def test_other_files_still_linted_and_error_row_in_json(cli, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip" * 10)
    result = cli("check", "--format", "json", bad, ARMENTIERES)
    assert result.exit_code == 2
    report = result.json()
    by_path = {f["path"]: f for f in report["files"]}
    assert by_path[str(bad)]["error"]["code"] == "not-a-zip"
    assert by_path[str(ARMENTIERES)]["error"] is None
    assert by_path[str(ARMENTIERES)]["findings"]
    assert report["summary"]["unreadable"] == 1


def test_real_process_prints_no_traceback(tmp_path):
    """The installed console script, not the in-process runner."""
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(256)) * 10)
    exe = Path(sys.executable).parent / "ctglint"
    proc = subprocess.run([str(exe), "check", str(path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith(f"{path}: ")
    assert "Traceback" not in proc.stderr


def test_usage_error_exit_2(cli):
    result = cli("check", "--format", "nonsense", str(ARMENTIERES))
    assert result.exit_code == 2


def test_validate_report_accepts_error_rows(cli, tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    validate_report(cli("check", "--format", "json", path).json())
