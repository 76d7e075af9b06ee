"""The PDF reader: published conventions read like their text, and every refusal explained.

Fixtures (tests/fixtures/pdf, made by ``scripts/make_examples.py --pdf``): each seed printed
to PDF by LibreOffice from the same HTML as the .docx examples, with a running header and
a « page N/M » footer; the Armentières one again with no space between paragraphs
(``-compact``); a scan (an image, no text layer); a PDF locked by a user password; one
with an owner password only (``restricted``, readable).
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest

from conftest import EXAMPLES, FIXTURES, SEEDS, findings, json_report
from ctglint import ingest
from ctglint.errors import InputError
from ctglint.ingest import pdf as pdf_reader
from ctglint.ingest import read_document

PDFS = FIXTURES / "pdf"
SEED_OF = {
    "armentieres-2023-2026.pdf": "armentieres-2023-2026",
    "lys-lez-lannoy-2021-2023.pdf": "lys-lez-lannoy-2021-2023",
    "armentieres-2023-2026-compact.pdf": "armentieres-2023-2026",
    "restricted.pdf": "armentieres-2023-2026",
}


def as_pairs(report: dict) -> list[tuple[str, str, str]]:
    return sorted((f["code"], f["excerpt"], f["section"]) for f in findings(report))


def page_texts(path: Path) -> list[str]:
    reader = pypdf.PdfReader(path)
    if reader.is_encrypted:
        reader.decrypt("")
    return ["".join(page.extract_text().split()) for page in reader.pages]


# --------------------------------------------------------------------------- same findings as the seed

@pytest.mark.parametrize("name", sorted(SEED_OF))
def test_pdf_gives_same_codes_and_excerpts_as_txt(name):
    """Not one finding lost or added by printing the seed to PDF (compared like the .docx)."""
    txt = json_report(SEEDS / f"{SEED_OF[name]}.txt")
    report = json_report(PDFS / name)
    entry = report["files"][0]
    assert entry["error"] is None and entry["format"] == "pdf"
    assert entry["template"]["id"] == txt["files"][0]["template"]["id"]
    assert as_pairs(report) == as_pairs(txt)
    assert findings(txt)


@pytest.mark.parametrize("name", sorted(set(SEED_OF) - {"armentieres-2023-2026-compact.pdf"}))
def test_pdf_outline_and_blocks_match_txt(name):
    """Same sections, same block texts (whitespace folded) in the same order.

    Not the ``-compact`` print: with no space between paragraphs, where a paragraph ends
    is a guess (a short line), and the seed's own line breaks inside a paragraph
    (« Armentières » / « La métamorphose ») look like paragraph ends. Its findings are
    still those of the seed (above). In the Lys-lez-Lannoy print one table row is cut
    by a page break where a new paragraph of its cell starts: it comes out as two rows
    (same text, same order; only the ``cell`` row numbers differ, which this ignores).
    """
    from ctglint import outline

    txt = outline.build(read_document(str(SEEDS / f"{SEED_OF[name]}.txt")))
    doc = outline.build(read_document(str(PDFS / name)))
    assert [s.label for s in doc.sections] == [s.label for s in txt.sections]
    fold = lambda d: [(b.kind, b.section, " ".join(b.text.split())) for b in d.blocks]  # noqa: E731
    assert fold(doc) == fold(txt)


@pytest.mark.parametrize("name", ["armentieres-2023-2026.pdf", "lys-lez-lannoy-2021-2023.pdf"])
def test_examples_are_the_fixtures(name):
    assert (EXAMPLES / name).read_bytes() == (PDFS / name).read_bytes()


@pytest.mark.parametrize("name", sorted(SEED_OF))
def test_every_finding_names_a_plausible_page(name):
    report = json_report(PDFS / name)
    pages = page_texts(PDFS / name)
    previous = (0, 0)
    for f in findings(report):
        page = f["page"]
        assert 1 <= page <= len(pages)
        assert (f["line"], page) >= previous  # pages grow with lines
        previous = (f["line"], page)
        # The finding's paragraph starts on that page: its excerpt is there or on the next.
        probe = "".join(f["excerpt"].split())[:12]
        assert probe in pages[page - 1] + "".join(pages[page:page + 1]), (f["code"], f["excerpt"], page)


def test_other_formats_have_no_page(cli):
    for path in (SEEDS / "armentieres-2023-2026.txt", EXAMPLES / "armentieres-2023-2026.docx"):
        report = cli("check", "--format", "json", path).json()
        assert findings(report) and all("page" not in f for f in findings(report))


def test_document_records_pages_and_page_count():
    doc = read_document(str(PDFS / "lys-lez-lannoy-2021-2023.pdf"))
    assert doc.format == "pdf" and doc.page_count == len(page_texts(PDFS / "lys-lez-lannoy-2021-2023.pdf"))
    pages = [b.page for b in doc.blocks]
    assert pages[0] == 1 and pages[-1] == doc.page_count and pages == sorted(pages)


def test_running_headers_and_footers_dropped_stamps_kept():
    from ctglint import outline

    doc = outline.build(read_document(str(PDFS / "armentieres-2023-2026.pdf")))
    texts = [b.text for b in doc.blocks]
    assert not any("Caf du Nord" in t and t.startswith("CTG Armentieres") for t in texts)
    assert not any(re.fullmatch(r"page \d+/\d+", t) for t in texts)
    stamps = [b for b in doc.blocks if b.kind == "stamp"]
    assert [b.text for b in stamps][:2] == ["Envoyé en préfecture le 14/02/2023", "Reçu en préfecture le 14/02/2023"]


def test_normalised_text_is_printable(capsys):
    text = pdf_reader.extract_text(str(PDFS / "armentieres-2023-2026.pdf"))
    lines = text.splitlines()
    doc = read_document(str(PDFS / "armentieres-2023-2026.pdf"))
    # ``line`` of a block is the line of this text that holds it.
    for block in doc.blocks[:40]:
        assert " ".join(block.text.split())[:30] in " ".join(lines[block.line - 1].split())
    proc = subprocess.run([sys.executable, "-m", "ctglint.ingest.pdf", str(PDFS / "armentieres-2023-2026.pdf")],
                          capture_output=True, text=True, check=True, cwd=PDFS)
    assert proc.stdout == text


# --------------------------------------------------------------------------- refusals

def _one_line_error(cli, path: Path, code: str) -> None:
    result = cli("check", "--format", "json", path)
    assert result.exit_code == 2
    lines = [x for x in result.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"{path}: "), result.stderr
    entry = result.json()["files"][0]
    assert entry["error"]["code"] == code and entry["findings"] == [] and entry["format"] == "pdf"


def test_scanned_pdf_needs_ocr(cli):
    path = PDFS / "scanned.pdf"
    assert path.stat().st_size < 200_000
    _one_line_error(cli, path, "ocr-needed")
    with pytest.raises(InputError) as err:
        read_document(str(path))
    assert err.value.message_fr == "PDF sans couche texte (numérisé) : OCR nécessaire"


def test_scanned_pdf_is_an_error_row_in_a_run_over_several_files(cli):
    result = cli("check", "--format", "json", PDFS / "scanned.pdf", PDFS / "armentieres-2023-2026.pdf")
    assert result.exit_code == 2
    report = result.json()
    by_path = {Path(f["path"]).name: f for f in report["files"]}
    assert by_path["scanned.pdf"]["error"]["code"] == "ocr-needed"
    assert by_path["armentieres-2023-2026.pdf"]["error"] is None and by_path["armentieres-2023-2026.pdf"]["findings"]
    assert report["summary"]["unreadable"] == 1


def test_password_protected_pdf(cli):
    _one_line_error(cli, PDFS / "encrypted.pdf", "encrypted")


def test_pypdf_warnings_are_notes_not_stderr(cli, tmp_path):
    data = (PDFS / "armentieres-2023-2026.pdf").read_bytes()
    at = data.rfind(b"startxref")
    path = tmp_path / "bad-xref.pdf"  # pypdf repairs it, warning through logging
    path.write_bytes(data[:at] + re.sub(rb"startxref\s+\d+", b"startxref\n123", data[at:]))
    quiet = cli("check", "--format", "json", path)
    assert quiet.exit_code == 1 and quiet.stderr == ""
    assert as_pairs(quiet.json()) == as_pairs(json_report(PDFS / "armentieres-2023-2026.pdf"))
    assert "pypdf: incorrect startxref pointer" in cli("check", "-v", path).stderr


def test_aes_without_cryptography_is_explained(monkeypatch):
    from pypdf.errors import DependencyError

    def needs_cryptography(self, password):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pypdf.PdfReader, "decrypt", needs_cryptography)
    with pytest.raises(InputError) as err:
        read_document(str(PDFS / "restricted.pdf"))
    assert err.value.code == "encrypted" and "cryptography" in err.value.message_fr


def test_partly_scanned_pdf_is_read_with_a_note():
    writer = pypdf.PdfWriter()
    writer.append(pypdf.PdfReader(PDFS / "armentieres-2023-2026.pdf"), pages=(0, 2))
    writer.append(pypdf.PdfReader(PDFS / "scanned.pdf"))
    out = io.BytesIO()
    writer.write(out)
    doc = read_document("partly-scanned.pdf", out.getvalue())
    assert doc.page_count == 3 and {b.page for b in doc.blocks} == {1, 2}
    assert any(n.startswith("no text on page(s) 3") for n in doc.notes)


def test_owner_password_only_is_read():
    reader = pypdf.PdfReader(PDFS / "restricted.pdf")
    assert reader.is_encrypted
    assert read_document(str(PDFS / "restricted.pdf")).format == "pdf"


def test_without_the_extra(monkeypatch, cli):
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf now raises ImportError
    with pytest.raises(InputError) as err:
        read_document(str(PDFS / "armentieres-2023-2026.pdf"))
    assert err.value.code == "pdf-needs-extra"
    assert err.value.message_fr == "lecture des PDF : installer ctglint[pdf] (pip install 'ctglint[pdf]')"
    _one_line_error(cli, PDFS / "armentieres-2023-2026.pdf", "pdf-needs-extra")


def test_timeout_when_the_deadline_is_reached(monkeypatch):
    monkeypatch.delenv(pdf_reader.TIMEOUT_ENV, raising=False)
    monkeypatch.setattr(pdf_reader, "DEFAULT_TIMEOUT", 0)
    with pytest.raises(InputError) as err:
        read_document(str(PDFS / "armentieres-2023-2026.pdf"))
    assert err.value.code == "timeout"


def test_timeout_stops_a_page_that_hangs(monkeypatch):
    """A hard deadline, not only a check between pages (SIGALRM in the main thread)."""
    monkeypatch.setenv(pdf_reader.TIMEOUT_ENV, "0.5")

    def hang(page, number):
        time.sleep(30)

    monkeypatch.setattr(pdf_reader, "_read_page", hang)
    start = time.monotonic()
    with pytest.raises(InputError) as err:
        read_document(str(PDFS / "armentieres-2023-2026.pdf"))
    assert err.value.code == "timeout" and time.monotonic() - start < 5


@pytest.mark.parametrize(("value", "seconds"), [("", 30.0), ("12.5", 12.5), ("0", 30.0), ("-3", 30.0),
                                                ("abc", 30.0), ("inf", 30.0)])
def test_timeout_from_the_environment(monkeypatch, value, seconds):
    monkeypatch.setenv(pdf_reader.TIMEOUT_ENV, value)
    assert pdf_reader.timeout_seconds() == seconds


def test_a_page_that_raises_is_skipped_with_a_note(monkeypatch):
    real = pdf_reader._read_page

    def flaky(page, number):
        if number == 2:
            raise ValueError("broken content stream")
        return real(page, number)

    monkeypatch.setattr(pdf_reader, "_read_page", flaky)
    doc = read_document(str(PDFS / "armentieres-2023-2026.pdf"))
    assert any(n.startswith("page 2 skipped: ValueError") for n in doc.notes)
    assert 2 not in {b.page for b in doc.blocks} and {1, 3} <= {b.page for b in doc.blocks}


def test_too_many_pages_and_too_large(monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 3)
    with pytest.raises(InputError) as err:
        read_document(str(PDFS / "armentieres-2023-2026.pdf"))
    assert err.value.code == "too-large"
    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(InputError) as err:
        read_document("big.pdf", (PDFS / "armentieres-2023-2026.pdf").read_bytes())
    assert err.value.code == "too-large"


@pytest.mark.parametrize(("name", "data"), [
    ("cut.pdf", (PDFS / "armentieres-2023-2026.pdf").read_bytes()[:20000]),
    ("garbage.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 20),
    ("text.pdf", b"not a pdf at all\n" * 5),
])
def test_damaged_pdf_is_corrupt(name, data):
    with pytest.raises(InputError) as err:
        read_document(name, data)
    assert err.value.code == "corrupt"


def test_pdf_is_read_by_content_whatever_its_name():
    data = (PDFS / "armentieres-2023-2026.pdf").read_bytes()
    assert read_document("renamed.docx", data).format == "pdf"


def test_rotated_pages_read_the_same():
    """/Rotate on the page, or the page drawn sideways (a landscape annex): same text."""
    reader = pypdf.PdfReader(PDFS / "armentieres-2023-2026.pdf")

    def turned(turn) -> bytes:
        writer = pypdf.PdfWriter(clone_from=reader)
        for page in writer.pages:
            turn(page)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    def sideways(page):
        page.rotate(90)
        page.transfer_rotation_to_content()

    blocks = lambda data: [(b.text, b.cell, b.page) for b in read_document("x.pdf", data).blocks]  # noqa: E731
    upright = blocks((PDFS / "armentieres-2023-2026.pdf").read_bytes())
    assert blocks(turned(lambda page: page.rotate(90))) == upright
    assert blocks(turned(sideways)) == upright


def test_directories_walk_finds_pdfs(tmp_path):
    from ctglint.check import expand_paths

    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4\n")
    assert [p for p, _ in expand_paths([str(tmp_path)])] == [str(tmp_path / "a.pdf")]


def test_reading_text_never_imports_pypdf():
    code = ("import sys\nfrom ctglint.cli import main\nfrom ctglint.ingest import read_document\n"
            f"read_document({str(SEEDS / 'armentieres-2023-2026.txt')!r})\n"
            "assert 'pypdf' not in sys.modules\n")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PDFS)  # the installed ctglint, not the source tree


# --------------------------------------------------------------------------- text normalisation

def test_normalise_characters():
    assert pdf_reader.normalise("ﬁnancement ﬀ ﬂ ﬃ ﬄ") == "financement ff fl ffi ffl"
    assert pdf_reader.normalise("a\ufffeb\fc\u200bd\x07e") == "abcde"
    assert pdf_reader.normalise("non\u2011stop") == "non-stop"
    assert pdf_reader.normalise("\uf0b7 item") == "• item"  # Symbol-font bullet


@pytest.mark.parametrize(("lines", "words", "joined"), [
    (["la conven-", "tion signée"], {"convention"}, "la convention signée"),
    (["la conven-", "tion signée"], set(), "la conven-tion signée"),  # never seen unbroken: kept
    (["réponse à celles-", "ci passent"], {"celles", "ci"}, "réponse à celles-ci passent"),
    (["commune de Lys-lez-", "Lannoy"], {"lyslez"}, "commune de Lys-lez-Lannoy"),
    (["période 2020-", "2022."], set(), "période 2020-2022."),
    (["Audrey MATHON-", "DEBETENCOURT"], set(), "Audrey MATHON-DEBETENCOURT"),
    (["la conven\u00ad", "tion"], set(), "la convention"),  # a soft hyphen always joins
    (["opérationnels(", "s)"], set(), "opérationnels(s)"),
    (["ARTICLE 1 -", "OBJET"], set(), "ARTICLE 1 - OBJET"),
    (["un mot", "et un autre"], set(), "un mot et un autre"),
])
def test_join_lines_and_hyphenation(lines, words, joined):
    assert pdf_reader._join(lines, words) == joined


def test_seen_hyphenated_word_stays_hyphenated():
    # « porte-parole » is written with its hyphen elsewhere: the line-end hyphen is real.
    assert pdf_reader._join(["le porte-", "parole"], {"porte-parole", "porteparole"}) == "le porte-parole"


def test_hyphenation_is_undone_at_the_end_of_a_long_paragraph():
    """Only the end of the text joined so far is examined: it must still be the whole word."""
    long = ["mot " * 60 + "la conven-", "tion et la mo-", "bilisation du par-", "tenariat, 2023-", "2026"]
    joined = pdf_reader._join(long, {"convention", "mobilisation", "partenariat"})
    assert joined.endswith("la convention et la mobilisation du partenariat, 2023-2026")


# --------------------------------------------------------------------------- layout rules

def _line(y: float, text: str, page: int, size: float = 12.0, x: float = 56.8) -> pdf_reader._Line:
    return pdf_reader._Line(x, y, size, [text], x + 400, page)


def _page(number: int, lines: list[pdf_reader._Line]) -> pdf_reader._Page:
    return pdf_reader._Page(number, 842.0, 0.0, list(lines))


def test_layout_drops_running_lines_keeps_stamps_and_joins_across_pages():
    body = "Les Caf sont nées de la volonté d'apporter une aide à toutes les familles dans leur diversité et"
    pages = []
    for n in range(1, 5):
        lines = [_line(815, "Commune de Provin – Convention territoriale globale", n),
                 _line(800, "Envoyé en préfecture le 14/02/2023", n),
                 _line(770, f"Premier paragraphe de la page {n} qui est court.", n)]
        y = 740.0
        for _ in range(3):
            lines.append(_line(y, body, n))
            y -= 15.0
        lines.append(_line(20, f"page {n}/4", n))
        lines.append(_line(10, str(n), n))
        pages.append(_page(n, lines))
    pages[1].items.insert(2, _line(785, "Ce paragraphe continue", 2))
    text, page_of = pdf_reader.layout(pages)
    out = text.splitlines()
    assert not any("Convention territoriale globale" in x or re.fullmatch(r"(page )?\d(/4)?", x) for x in out)
    assert out.count("Envoyé en préfecture le 14/02/2023") == 4
    assert len(out) == len(page_of) and page_of[0] == 1 and page_of[-1] == 4
    # Page 1's paragraph goes on over the page break (its last words open page 2); after the gap
    # below them, page 2's body starts a paragraph of its own, which goes on over pages 3 and 4.
    paragraphs = [x for x in out if "Les Caf" in x]
    assert [x.count("Les Caf") for x in paragraphs] == [3, 9]
    assert paragraphs[0].endswith("diversité et Ce paragraphe continue")


def test_paragraphs_follow_vertical_gaps():
    lines = []
    y = 800.0
    for para in range(6):
        for k in range(3):
            lines.append(_line(y, f"ligne {k} du paragraphe {para} " + "texte " * 12, 1))
            y -= 15.0
        y -= 8.0  # paragraph spacing
    text, _ = pdf_reader.layout([_page(1, lines)])
    paras = [p for p in text.split("\n\n") if p.strip()]
    assert len(paras) == 6 and all(p.count("ligne") == 3 for p in paras)


def test_without_paragraph_spacing_a_short_line_ends_a_paragraph():
    full = "mot " * 25
    lines = []
    y = 800.0
    for para in range(5):
        for k in range(3):
            lines.append(_line(y, full + f"{para}{k}", 1))
            y -= 15.0
        lines.append(_line(y, "fin du paragraphe.", 1))
        y -= 15.0
    text, _ = pdf_reader.layout([_page(1, lines)])
    paras = [p for p in text.split("\n\n") if p.strip()]
    assert len(paras) == 5 and all(p.strip().endswith("fin du paragraphe.") for p in paras)


def test_list_items_and_headings_start_blocks():
    wide = "les Caf collaborent depuis l'origine avec leurs partenaires de terrain, au premier rang desquels"
    texts = ["Les missions sont :", "- aider les familles à concilier vie familiale, " + wide,
             "et vie professionnelle ;", "- faciliter la relation parentale ;",
             "ARTICLE 2 – LES CHAMPS D'INTERVENTION", "La Caf intervient : " + wide, "les collectivités."]
    lines = [_line(800 - 15 * i, t, 1) for i, t in enumerate(texts)]
    text, _ = pdf_reader.layout([_page(1, lines)])
    assert [p.strip() for p in text.split("\n\n") if p.strip()] == [
        "Les missions sont :", f"- aider les familles à concilier vie familiale, {wide} et vie professionnelle ;",
        "- faciliter la relation parentale ;", "ARTICLE 2 – LES CHAMPS D'INTERVENTION",
        f"La Caf intervient : {wide} les collectivités."]
