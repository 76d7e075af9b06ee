"""``ctglint annotate``: a reviewed copy of a .docx/.odt draft with one comment per finding.

Every annotated copy is reopened with lxml and python-docx and checked against the
findings ``check`` reports for the same draft: one ctglint comment per finding plus a
summary, each anchored on exactly the offending text (accepted view), the body text
unchanged, earlier comments and tracked changes kept, no duplicates on a second run.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from click.testing import CliRunner
from lxml import etree

from ctglint import engine
from ctglint.annotate import MAX_PARAGRAPH, Target, default_output, plan, shorten
from ctglint.annotate_docx import DocxPackage
from ctglint.annotate_runs import anchor
from ctglint.check import CheckOptions, check_file
from ctglint.cli_annotate import annotate
from ctglint.ingest import read_document

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures"
EXAMPLES = HERE.parent / "examples"
DOCX_FIXTURES = sorted((FIXTURES / "docx").glob("*.docx"))
ODT_FIXTURES = sorted((FIXTURES / "odt").glob("*.odt"))
SEED_DOCX = sorted(EXAMPLES.glob("*.docx"))
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
_SKIPPED = {f"{W}{n}" for n in ("del", "moveFrom", "delText", "instrText", "delInstrText", "pPr", "rPr",
                                 "drawing", "pict", "object")} | {MC_FALLBACK}


# --------------------------------------------------------------------------- helpers
def fold(text: str) -> str:
    return " ".join(text.split())


def run_annotate(*args) -> tuple[int, str, str]:
    result = CliRunner().invoke(annotate, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def findings_of(path: Path, *select: str):
    rules = [r() for r in engine.select_rules(list(select))]
    result = check_file(str(path), CheckOptions(rules=rules, keep_document=True))
    assert result.error is None, result.error
    return result


def parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as z:
        return {n: etree.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xml")}


def stories(xml: dict[str, etree._Element]) -> list[str]:
    return [n for n in xml if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml", n)]


def accepted(p: etree._Element) -> str:
    """Accepted text of one w:p, written independently of ctglint's reader."""
    out: list[str] = []

    def walk(el):
        for child in el:
            if not isinstance(child.tag, str) or child.tag in _SKIPPED or child.tag == f"{W}p":
                continue
            if child.tag == f"{W}t":
                out.append(child.text or "")
            elif child.tag in (f"{W}tab", f"{W}ptab"):
                out.append("\t")
            elif child.tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif child.tag == f"{W}noBreakHyphen":
                out.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(out)


def paragraphs(el: etree._Element) -> list[etree._Element]:
    return [p for p in el.iter(f"{W}p") if not any(True for _ in p.iterancestors(MC_FALLBACK))]


def body_texts(path: Path) -> dict[str, list[str]]:
    xml = parts(path)
    return {n: [accepted(p) for p in paragraphs(xml[n])] for n in stories(xml)}


def anchored_texts(path: Path) -> dict[str, str]:
    """Comment id -> accepted text between its commentRangeStart and commentRangeEnd."""
    xml = parts(path)
    found: dict[str, list[str]] = {}
    for name in stories(xml):
        open_ids: set[str] = set()

        def walk(el, in_p=False):
            for child in el:
                tag = child.tag
                if not isinstance(tag, str) or tag in _SKIPPED:
                    continue
                if tag == f"{W}commentRangeStart":
                    open_ids.add(child.get(f"{W}id"))
                    found.setdefault(child.get(f"{W}id"), [])
                elif tag == f"{W}commentRangeEnd":
                    open_ids.discard(child.get(f"{W}id"))
                elif tag in (f"{W}t", f"{W}tab", f"{W}br", f"{W}noBreakHyphen"):
                    piece = {f"{W}t": child.text or "", f"{W}tab": "\t", f"{W}br": "\n"}.get(tag, "-")
                    for i in open_ids:
                        found[i].append(piece)
                else:
                    walk(child)
                    if tag == f"{W}p":
                        for i in open_ids:
                            found[i].append("\n")

        walk(xml[name])
    return {i: "".join(v) for i, v in found.items()}


def comments(path: Path) -> list[dict]:
    xml = parts(path)
    root = xml.get("word/comments.xml")
    if root is None:
        return []
    return [{"id": c.get(f"{W}id"), "author": c.get(f"{W}author"), "initials": c.get(f"{W}initials"),
             "text": "\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in c.iter(f"{W}p"))}
            for c in root.iter(f"{W}comment")]


def ours(path: Path) -> list[dict]:
    return [c for c in comments(path) if c["author"] == "ctglint"]


def count(path: Path, tag: str) -> int:
    return sum(1 for root in parts(path).values() for _ in root.iter(f"{W}{tag}"))


def part_of(key: str) -> tuple[str, int]:
    stem, _, n = key.rpartition(":")
    return ("word/document.xml" if stem == "body" else f"word/{stem}.xml"), int(n)


def expected_anchor(path: Path, result, f) -> str:
    """What the comment of finding ``f`` must cover: its excerpt, minus any part of the
    span that lies in a numbering label (not in any run); the section heading when
    nothing is left; the title for a header or footer finding."""
    doc = result.document
    block = doc.blocks[f.block]
    xml = parts(path)
    if block.part == "footnote":
        return ""  # on the note's call mark in the body, which has no text
    if block.part in ("header", "footer"):
        title = next(b for b in doc.blocks if b.part == "body")
        part, n = part_of(title.key)
        return fold(accepted(paragraphs(xml[part])[n]))
    part, n = part_of(block.key)
    label = len(block.text) - len(accepted(paragraphs(xml[part])[n]))
    if f.end > max(f.start, label) and block.text[max(f.start, label):f.end].strip():
        return fold(block.text[max(f.start, label):f.end])
    section = next(s for s in doc.sections if f.block in s.blocks)
    heading = doc.blocks[section.heading if section.heading is not None else f.block]
    part, n = part_of(heading.key)
    return fold(accepted(paragraphs(xml[part])[n]))


def check_annotated(src: Path, out: Path, result, *, lang: str = "fr") -> None:
    """The whole contract of an annotated copy, against the findings of ``src``."""
    mine = ours(out)
    findings = result.findings
    assert len(mine) == len(findings) + 1
    assert {c["initials"] for c in mine} == {"CTG"}
    anchors = anchored_texts(out)
    summary, rest = mine[0], mine[1:]
    assert re.match(r"ctglint ?: \d+ \w+, \d+ \w+, \d+ \w+", summary["text"])
    title = next(b for b in result.document.blocks if b.part == "body")
    assert fold(anchors[summary["id"]]) == fold(title.text)
    for c, f in zip(rest, findings):
        assert c["text"].startswith(shorten(f"[{f.code}] {f.message}"))
        if f.expected:
            assert shorten(("Expected: " if lang == "en" else "Attendu : ") + f.expected) in c["text"]
        got = fold(anchors[c["id"]])
        want = expected_anchor(src, result, f)
        if f.excerpt.endswith("…"):
            assert got.startswith(f.excerpt[:-1]) and want.startswith(got[: len(f.excerpt) - 1])
        else:
            assert got == want, (f.code, f.excerpt)
    assert body_texts(out) == body_texts(src)
    assert all(len(line) <= MAX_PARAGRAPH for c in mine for line in c["text"].split("\n"))


# --------------------------------------------------------------------------- LibreOffice-made fixtures
@pytest.mark.parametrize("path", DOCX_FIXTURES + SEED_DOCX, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_annotated_copy_has_one_comment_per_finding_on_the_offending_text(path, tmp_path):
    src = tmp_path / path.name
    shutil.copyfile(path, src)
    before = src.read_bytes()
    out = tmp_path / "out.docx"
    code, stdout, stderr = run_annotate(src, "-o", out)
    result = findings_of(src)
    errors = [f for f in result.findings if f.severity.value == "error"]
    assert code == (1 if errors else 0), stderr
    assert src.read_bytes() == before
    check_annotated(src, out, result)
    opened = python_docx.Document(str(out))
    assert sum(1 for c in opened.comments if c.author == "ctglint") == len(result.findings) + 1


@pytest.mark.parametrize("path", DOCX_FIXTURES, ids=lambda p: p.name)
def test_reviewer_comment_and_tracked_changes_are_kept(path, tmp_path):
    out = tmp_path / "out.docx"
    run_annotate(path, "-o", out)
    before, after = comments(path), comments(out)
    human = [c for c in before if c["author"] == "Service juridique"]
    assert human and all(c in after for c in human)
    old_anchor, new_anchor = anchored_texts(path), anchored_texts(out)
    assert all(fold(new_anchor[c["id"]]) == fold(old_anchor[c["id"]]) for c in human)
    for tag in ("ins", "del", "delText", "numPr", "headerReference", "footerReference"):
        assert count(out, tag) == count(path, tag) > 0, tag


@pytest.mark.parametrize("path", DOCX_FIXTURES, ids=lambda p: p.name)
def test_annotating_twice_replaces_the_earlier_ctglint_comments(path, tmp_path):
    once, twice = tmp_path / "once.docx", tmp_path / "twice.docx"
    run_annotate(path, "-o", once)
    code, stdout, _ = run_annotate(once, "-o", twice)
    assert len(ours(twice)) == len(ours(once))
    assert [c["text"] for c in ours(twice)] == [c["text"] for c in ours(once)]
    assert [c for c in comments(twice) if c["author"] != "ctglint"] == \
        [c for c in comments(path) if c["author"] != "ctglint"]
    ids = {c["id"] for c in comments(twice)}
    for tag in ("commentRangeStart", "commentRangeEnd", "commentReference"):
        marks = [el.get(f"{W}id") for root in parts(twice).values() for el in root.iter(f"{W}{tag}")]
        assert sorted(marks) == sorted(ids), tag  # no mark left behind by the first run
    assert f"; {len(ours(once))} ancien(s) commentaire(s) ctglint remplacé(s)" in stdout
    check_annotated(path, twice, findings_of(path))


def test_old_ctglint_comments_do_not_influence_the_findings(tmp_path):
    """An earlier ctglint comment that reads like a suppression directive must not
    silence anything: findings are computed on the draft without old ctglint comments."""
    src = FIXTURES / "docx" / "lys-lez-lannoy-2021-2023.docx"
    once, twice = tmp_path / "once.docx", tmp_path / "twice.docx"
    run_annotate(src, "-o", once)
    data = {}
    with zipfile.ZipFile(once) as z:
        for name in z.namelist():
            data[name] = z.read(name)
    root = etree.fromstring(data["word/comments.xml"])
    for c in root.iter(f"{W}comment"):
        if c.get(f"{W}author") == "ctglint":
            for t in c.iter(f"{W}t"):
                t.text = "ctglint: ignore ALL"
    data["word/comments.xml"] = etree.tostring(root)
    with zipfile.ZipFile(once, "w") as z:
        for name, blob in data.items():
            z.writestr(name, blob)
    # the forged comments silence what they cover (only the summary's directive is unused)
    assert {f.code for f in findings_of(once).findings} <= {"C001"}
    run_annotate(once, "-o", twice)
    assert len(ours(twice)) == len(findings_of(src).findings) + 1


def test_fixture_findings_match_the_seed_text():
    """LibreOffice-made .docx (numbered headings, tracked changes, comment, header and
    footer) read like the seed they come from: same codes, same excerpts."""
    assert DOCX_FIXTURES, "run scripts/make_fixtures.py"
    for path in DOCX_FIXTURES:
        seed = findings_of(EXAMPLES / f"{path.stem}.txt")
        made = findings_of(path)
        assert sorted((f.code, f.excerpt) for f in made.findings) == \
            sorted((f.code, f.excerpt) for f in seed.findings), path.name
        headings = [b.text for b in made.document.blocks if b.text.startswith("ARTICLE ")]
        assert headings[:2] == [h for h in headings[:2] if re.match(r"ARTICLE [12] – \S", h)]
        articles = [s for s in made.document.sections if s.kind == "article"]
        assert [s.number for s in articles] == list(range(1, len(articles) + 1)) and len(articles) >= 14


def test_fixture_placeholder_typed_as_tracked_insertion_is_found_and_commented(tmp_path):
    path = FIXTURES / "docx" / "lys-lez-lannoy-2021-2023.docx"
    inserted = [accepted(ins) for ins in parts(path)["word/document.xml"].iter(f"{W}ins")]
    assert "XXX" in inserted
    deleted = "".join(t.text or "" for t in parts(path)["word/document.xml"].iter(f"{W}delText"))
    assert "20XX" in deleted  # a reader keeping deletions would report it
    result = findings_of(path, "P001")
    assert [f.excerpt for f in result.findings].count("XXX") == 1
    assert "20XX" not in [f.excerpt for f in result.findings if "signature" in f.section]
    out = tmp_path / "out.docx"
    run_annotate(path, "-o", out, "--select", "P001")
    anchors = anchored_texts(out)
    xxx = next(c for c in ours(out) if c["text"].startswith("[P001]") and "« XXX »" in c["text"])
    assert anchors[xxx["id"]] == "XXX"
    # The range marks stand outside the tracked insertion, the reference run too.
    start = next(el for el in parts(out)["word/document.xml"].iter(f"{W}commentRangeStart")
                 if el.get(f"{W}id") == xxx["id"])
    assert start.getparent().tag == f"{W}p"
    assert start.getnext().tag == f"{W}ins"


def test_span_in_a_numbering_label_is_anchored_on_the_heading(tmp_path):
    path = FIXTURES / "docx" / "armentieres-2023-2026.docx"
    result = findings_of(path)
    doc = result.document
    heading = next(b for b in doc.blocks if b.text.startswith("ARTICLE 4 – "))
    base = result.findings[0]
    in_label = base._replace(code="X001", message="dans le numéro", block=heading.index, start=0, end=9)
    inner = next(b for b in doc.blocks if b.index > heading.index and b.part == "body")
    empty = base._replace(code="X002", message="sans texte", block=inner.index, start=3, end=3)
    package = DocxPackage(path.read_bytes())
    notes = plan(doc, [in_label, empty], result, "fr")
    used = [package.add(n, "2024-01-01T00:00:00Z") for n in notes]
    out = tmp_path / "out.docx"
    out.write_bytes(package.to_bytes())
    anchors = anchored_texts(out)
    mine = ours(out)
    assert used[1].key == heading.key and used[1].start is None
    assert used[2].key == heading.key and used[2].start is None
    title = heading.text[len("ARTICLE 4 – "):]
    assert fold(anchors[mine[1]["id"]]) == fold(title)
    assert fold(anchors[mine[2]["id"]]) == fold(title)
    assert body_texts(out) == body_texts(path)


# --------------------------------------------------------------------------- run splitting
NS_DECL = f'xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
TRICKY = (
    '<w:p><w:pPr><w:jc w:val="left"/></w:pPr>'
    '<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">Fait à Lille le X</w:t></w:r>'
    '<w:hyperlink w:anchor="signature"><w:r><w:rPr><w:b/></w:rPr><w:t>X</w:t></w:r></w:hyperlink>'
    '<w:ins w:id="901" w:author="Mairie" w:date="2024-03-14T10:00:00Z"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
    '<w:t xml:space="preserve">X, entre</w:t><w:tab/><w:t xml:space="preserve">les parties 2</w:t></w:r></w:ins>'
    '<w:del w:id="902" w:author="Mairie" w:date="2024-03-14T10:00:00Z"><w:r><w:delText>1</w:delText></w:r></w:del>'
    '<w:r><w:rPr><w:color w:val="FF0000"/></w:rPr><w:t>0XX.</w:t><w:br/><w:t>Suite</w:t></w:r>'
    "</w:p>"
)
TRICKY_TEXT = "Fait à Lille le XXX, entre\tles parties 20XX.\nSuite"
#: Character ranges of TRICKY_TEXT -> the formatting of the run that writes them.
FORMATS = {(0, 17): "i", (17, 18): "b", (18, 40): "u", (40, 50): "color"}


def tricky() -> etree._Element:
    return etree.fromstring(f'<w:body {NS_DECL}>{TRICKY}</w:body>')[0]


@pytest.mark.parametrize("start,end", [(16, 19), (39, 43), (20, 40), (0, len(TRICKY_TEXT)), (25, 27), (43, 49)])
def test_span_across_runs_hyperlink_insertion_tab_and_break(start, end):
    p = tricky()
    assert accepted(p) == TRICKY_TEXT
    assert anchor(p, Target("body:0", TRICKY_TEXT, start, end), "7")
    path_text = {"w": W_NS}
    assert accepted(p) == TRICKY_TEXT  # text untouched
    assert p.xpath("count(.//w:commentRangeStart[@w:id='7'])", namespaces=path_text) == 1
    assert p.xpath("count(.//w:commentReference[@w:id='7'])", namespaces=path_text) == 1
    assert p.xpath("count(.//w:ins)", namespaces=path_text) == 1  # the insertion is not cut
    # the text between the marks, in document order
    got, inside = [], False
    for el in p.iter():
        if el.tag == f"{W}commentRangeStart":
            inside = True
        elif el.tag == f"{W}commentRangeEnd":
            inside = False
        elif inside and el.tag in (f"{W}t", f"{W}tab", f"{W}br") and not any(
                a.tag == f"{W}del" for a in el.iterancestors()):
            got.append({f"{W}tab": "\t", f"{W}br": "\n"}.get(el.tag, el.text or ""))
    assert "".join(got) == TRICKY_TEXT[start:end].strip()
    # every piece of a split run keeps the formatting of the run it comes from
    offset = 0
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if any(a.tag == f"{W}del" for a in el.iterancestors()):
            continue
        if el.tag == f"{W}t" and el.text:
            want = next(tag for (lo, hi), tag in FORMATS.items() if lo <= offset < hi)
            assert el.getparent().find(f"{W}rPr/{W}{want}") is not None, (el.text, want)
            assert el.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve" or el.text == el.text.strip()
        offset += len(el.text or "") if el.tag == f"{W}t" else 1


def test_whitespace_only_or_empty_span_is_refused():
    p = tricky()
    assert not anchor(p, Target("body:0", TRICKY_TEXT, 19, 19), "1")
    assert not anchor(p, Target("body:0", TRICKY_TEXT, 26, 27), "1")  # the tab alone
    assert not anchor(p, Target("body:0", "something else", 0, 4), "1")  # model and XML disagree
    assert accepted(p) == TRICKY_TEXT and next(p.iter(f"{W}commentRangeStart"), None) is None


def tricky_docx(tmp_path: Path) -> Path:
    """A python-docx document whose placeholder « XXX » spans a plain run, a hyperlink
    and a tracked insertion, and « 20XX » a tab-holding inserted run and a run with a break."""
    document = python_docx.Document()
    document.add_paragraph("CONVENTION TERRITORIALE GLOBALE", style="Title")
    body = document.element.body
    body.insert(len(body) - 1, etree.fromstring(f'<w:body {NS_DECL}>{TRICKY}</w:body>')[0])
    path = tmp_path / "tricky.docx"
    document.save(str(path))
    return path


def test_end_to_end_on_runs_word_splits_everywhere(tmp_path):
    path = tricky_docx(tmp_path)
    result = findings_of(path, "P001")
    assert sorted(f.excerpt for f in result.findings) == ["20XX", "XXX"]
    out = tmp_path / "out.docx"
    code, _, stderr = run_annotate(path, "-o", out, "--select", "P001")
    assert code == 1, stderr
    check_annotated(path, out, result)
    assert count(out, "ins") == count(path, "ins") == 1 and count(out, "del") == 1


FOOTNOTES = (f'<w:footnotes {NS_DECL}><w:footnote w:id="1"><w:p><w:r><w:t xml:space="preserve">Note : '
             'date au </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>20XX</w:t></w:r><w:r><w:t>.</w:t></w:r>'
             '</w:p></w:footnote></w:footnotes>')


def header_footnote_docx(tmp_path: Path) -> Path:
    """A python-docx document with a placeholder in its header and in a footnote."""
    document = python_docx.Document()
    document.add_paragraph("CONVENTION TERRITORIALE GLOBALE", style="Title")
    paragraph = document.add_paragraph("Fait à Lille le 3 mars 2024")
    paragraph._p.append(etree.fromstring(f'<w:r {NS_DECL}><w:footnoteReference w:id="1"/></w:r>'))
    document.sections[0].header.paragraphs[0].text = "Projet du XXX"
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "notes.docx"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')
            elif info.filename == "word/_rels/document.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdFootnotes" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                    b'Target="footnotes.xml"/></Relationships>')
            out.writestr(info, data)
        out.writestr("word/footnotes.xml", FOOTNOTES)
    return path


def test_header_finding_goes_on_the_title_footnote_finding_on_the_note_call(tmp_path):
    path = header_footnote_docx(tmp_path)
    result = findings_of(path, "P001")
    assert sorted((f.section, f.excerpt) for f in result.findings) == [("footnote", "20XX"), ("header", "XXX")]
    out = tmp_path / "out.docx"
    code, _, stderr = run_annotate(path, "-o", out, "--select", "P001")
    assert code == 1, stderr
    check_annotated(path, out, result)
    header = next(c for c in ours(out) if "Dans l'en-tête : « XXX »" in c["text"])
    assert fold(anchored_texts(out)[header["id"]]) == "CONVENTION TERRITORIALE GLOBALE"
    note = next(c for c in ours(out) if "Dans la note : « 20XX »" in c["text"])
    body = parts(out)["word/document.xml"]
    start = next(el for el in body.iter(f"{W}commentRangeStart") if el.get(f"{W}id") == note["id"])
    assert start.getnext().find(f"{W}footnoteReference") is not None  # around the note's call
    # LibreOffice 7.4 cannot open a .docx with a comment inside a footnote; Word allows
    # none in a header or footer: those parts get no comment mark.
    for name, root in parts(out).items():
        if re.search(r"(header|footer|footnotes)\d*\.xml$", name):
            assert next(root.iter(f"{W}commentRangeStart", f"{W}commentReference"), None) is None


def test_every_span_of_a_tricky_paragraph():
    """Exhaustive: for every span with visible text, the marks enclose exactly that text
    (trimmed), the paragraph's text is unchanged and the insertion is not cut."""
    for start in range(len(TRICKY_TEXT)):
        for end in range(start + 1, len(TRICKY_TEXT) + 1):
            p = tricky()
            ok = anchor(p, Target("body:0", TRICKY_TEXT, start, end), "5")
            assert ok == bool(TRICKY_TEXT[start:end].strip())
            assert accepted(p) == TRICKY_TEXT
            if ok:
                body = etree.Element(f"{W}body", nsmap={"w": W_NS})
                body.append(p)
                got = anchored_in(p)
                assert got == TRICKY_TEXT[start:end].strip(), (start, end, got)
                assert len(p.findall(f"{W}ins")) == 1


def anchored_in(p: etree._Element) -> str:
    got, inside = [], False
    for el in p.iter():
        if el.tag == f"{W}commentRangeStart":
            inside = True
        elif el.tag == f"{W}commentRangeEnd":
            inside = False
        elif inside and el.tag in (f"{W}t", f"{W}tab", f"{W}br") and not any(
                a.tag == f"{W}del" for a in el.iterancestors()):
            got.append({f"{W}tab": "\t", f"{W}br": "\n"}.get(el.tag, el.text or ""))
    return "".join(got)


ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"')
ODT_TRICKY = ('<text:p>  Fait   à Lille le <text:span text:style-name="T1">X</text:span>'
              '<text:a xlink:href="#s">X</text:a>X, entre<text:tab/>les parties<text:s text:c="3"/>20XX.'
              '<text:line-break/> Suite<text:note text:id="n1" text:note-class="footnote">'
              '<text:note-citation>1</text:note-citation><text:note-body><text:p>Note : date au 20XX.</text:p>'
              '</text:note-body></text:note> fin. </text:p>')


def odt_tricky(tmp_path: Path) -> Path:
    content = (f'<office:document-content {ODT_NS} office:version="1.3"><office:body><office:text>'
               f'<text:p>CONVENTION TERRITORIALE GLOBALE</text:p>{ODT_TRICKY}'
               '</office:text></office:body></office:document-content>')
    manifest = ('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
                'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type='
                '"application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" '
                'manifest:media-type="text/xml"/></manifest:manifest>')
    path = tmp_path / "tricky.odt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return path


def test_every_span_of_a_tricky_odf_paragraph():
    """Exhaustive, ODF: white-space collapsing, text:s, text:tab, text:line-break, spans,
    links and a note; the marks land on the trimmed span and the text is unchanged."""
    from ctglint.annotate_odt import anchor as odt_anchor
    from ctglint.ingest.odt import paragraph_text as odt_text

    def paragraph():
        return etree.fromstring(f"<office:text {ODT_NS}>{ODT_TRICKY}</office:text>")[0]

    raw = odt_text(paragraph())[0]
    assert raw == "Fait à Lille le XXX, entre\tles parties   20XX.\n Suite fin. "
    for start in range(len(raw)):
        for end in range(start + 1, len(raw) + 1):
            p = paragraph()
            note = etree.Element(f"{OFFICE}annotation", {f"{OFFICE}name": "n"})
            ok = odt_anchor(p, Target("body:1", raw, start, end), note, "n")
            assert ok == bool(raw[start:end].strip())
            text, marks = odt_text(p)
            assert text == raw, (start, end)
            if ok:
                span = raw[start:end]
                a = start + len(span) - len(span.lstrip())
                b = end - (len(span) - len(span.rstrip()))
                assert [(what, offset) for what, _, offset in marks] == [("start", a), ("end", b)], (start, end)


def test_odt_end_to_end_with_a_footnote(tmp_path):
    path = odt_tricky(tmp_path)
    result = findings_of(path, "P001")
    assert sorted((f.section[:8], f.excerpt) for f in result.findings) == \
        sorted([(result.findings[0].section[:8], "XXX"), (result.findings[0].section[:8], "20XX"), ("footnote", "20XX")])
    out = tmp_path / "out.odt"
    code, _, stderr = run_annotate(path, "-o", out, "--select", "P001")
    assert code == 1, stderr
    written = read_document(str(out))
    assert [b.text for b in written.blocks] == [b.text for b in result.document.blocks]
    spans = sorted(written.blocks[c.block].text[c.start:c.end] for c in written.comments if c.author == "ctglint")
    assert spans == sorted(["CONVENTION TERRITORIALE GLOBALE", "XXX", "20XX", ""])
    content = odt_content(out)
    note = next(content.iter(f"{TEXT}note"))
    assert note.getprevious().tag == f"{OFFICE}annotation" and note.getnext().tag == f"{OFFICE}annotation-end"
    assert any("Dans la note : « 20XX »" in t for _, t in odt_annotations(out))
    assert next(content.iter(f"{OFFICE}annotation")).find("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
                                                          "creator-initials").text == "CTG"


# --------------------------------------------------------------------------- options and refusals
def test_default_output_name_beside_the_draft(tmp_path):
    src = tmp_path / "projet ctg.docx"
    shutil.copyfile(DOCX_FIXTURES[0], src)
    code, stdout, _ = run_annotate(src)
    assert (tmp_path / "projet ctg.ctglint.docx").is_file()
    assert default_output(str(src)) == str(tmp_path / "projet ctg.ctglint.docx")
    assert "projet ctg.ctglint.docx" in stdout
    mask = os.umask(0o022)
    os.umask(mask)
    assert (tmp_path / "projet ctg.ctglint.docx").stat().st_mode & 0o777 == 0o666 & ~mask  # not mkstemp's 0o600


@pytest.mark.parametrize("how", ["same", "relative", "hardlink", "symlink"])
def test_output_equal_to_input_is_refused(tmp_path, how, monkeypatch):
    src = tmp_path / "draft.docx"
    shutil.copyfile(DOCX_FIXTURES[0], src)
    before = src.read_bytes()
    target = {"same": src, "relative": Path("draft.docx")}.get(how, tmp_path / "other.docx")
    monkeypatch.chdir(tmp_path)
    if how == "hardlink":
        os.link(src, target)
    elif how == "symlink":
        target.symlink_to(src)
    code, stdout, stderr = run_annotate(src, "-o", target)
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr
    assert src.read_bytes() == before


@pytest.mark.parametrize("content,name", [
    (b"CONVENTION TERRITORIALE GLOBALE\nFait le XXX\n", "draft.txt"),
    (b"PK\x03\x04 truncated", "draft.docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "draft.docx"),
    (None, "missing.docx"),
])
def test_unusable_input_exits_2_with_one_line(tmp_path, content, name):
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    code, stdout, stderr = run_annotate(src, "-o", tmp_path / "out.docx")
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr, stderr
    assert not (tmp_path / "out.docx").exists()


def test_output_must_keep_the_extension_and_be_writable(tmp_path):
    code, _, stderr = run_annotate(DOCX_FIXTURES[0], "-o", tmp_path / "out.odt")
    assert code == 2 and len(stderr.strip().splitlines()) == 1
    code, _, stderr = run_annotate(DOCX_FIXTURES[0], "-o", tmp_path / "missing" / "out.docx")
    assert code == 2 and len(stderr.strip().splitlines()) == 1 and "Traceback" not in stderr


def test_english_comments(tmp_path):
    path = FIXTURES / "docx" / "lys-lez-lannoy-2021-2023.docx"
    out = tmp_path / "out.docx"
    run_annotate(path, "-o", out, "--lang", "en")
    rules = [r() for r in engine.select_rules()]
    result = check_file(str(path), CheckOptions(rules=rules, keep_document=True, lang="en"))
    check_annotated(path, out, result, lang="en")
    texts = [c["text"] for c in ours(out)]
    assert texts[0].startswith("ctglint: ") and "errors" in texts[0]
    assert any("\nExpected: " in t for t in texts) and not any("Attendu" in t for t in texts)


def test_french_expected_line(tmp_path):
    out = tmp_path / "out.docx"
    run_annotate(FIXTURES / "docx" / "lys-lez-lannoy-2021-2023.docx", "-o", out)
    texts = [c["text"] for c in ours(out)]
    assert re.match(r"ctglint : \d+ erreurs?, \d+ avertissements?, \d+ infos?\n", texts[0])
    assert any("\nAttendu : " in t for t in texts)


def test_severity_threshold_and_selection(tmp_path):
    path = FIXTURES / "docx" / "lys-lez-lannoy-2021-2023.docx"
    all_findings = findings_of(path).findings
    out = tmp_path / "errors.docx"
    code, _, _ = run_annotate(path, "-o", out, "--severity", "error")
    errors = [f for f in all_findings if f.severity.value == "error"]
    assert code == 1 and len(ours(out)) == len(errors) + 1
    assert all(c["text"].startswith(tuple(f"[{f.code}]" for f in errors)) for c in ours(out)[1:])
    assert re.match(rf"ctglint : {len(errors)} erreurs?, 0 avertissement, 0 info", ours(out)[0]["text"])
    out = tmp_path / "p002.docx"
    code, _, _ = run_annotate(path, "-o", out, "--select", "P002")
    p002 = [f for f in all_findings if f.code == "P002"]
    assert code == 0 and len(ours(out)) == len(p002) + 1 and p002
    out = tmp_path / "warnings.docx"
    code, _, _ = run_annotate(path, "-o", out, "--ignore", "P,I,N,B,AN,R,T,D")
    assert len(ours(out)) == 1 + sum(1 for f in all_findings if not re.match(r"(P|I|N|B|AN|R|T|D)", f.code))


# --------------------------------------------------------------------------- .odt
def odt_content(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("content.xml"))


def odt_annotations(path: Path) -> list[tuple[str, str]]:
    return [((a.findtext(f"{DC}creator") or ""), "\n".join("".join(p.itertext()) for p in a.iter(f"{TEXT}p")))
            for a in odt_content(path).iter(f"{OFFICE}annotation")]


@pytest.mark.parametrize("path", ODT_FIXTURES, ids=lambda p: p.name)
def test_odt_annotations(path, tmp_path):
    out = tmp_path / "out.odt"
    code, _, stderr = run_annotate(path, "-o", out)
    assert code in (0, 1), stderr
    result = findings_of(path)
    written = read_document(str(out))
    mine = [c for c in written.comments if c.author == "ctglint"]
    assert len(mine) == len(result.findings) + 1
    title = next(b for b in result.document.blocks if b.part == "body")
    assert mine[0].block == title.index and mine[0].end_block == title.index
    assert fold(title.text).endswith(fold(written.blocks[title.index].text[mine[0].start:mine[0].end]))
    for c, f in zip(mine[1:], result.findings):
        assert c.text.startswith(shorten(f"[{f.code}] {f.message}"))
        assert c.block == f.block
        got = fold(written.blocks[c.block].text[c.start:c.end])
        if f.excerpt.endswith("…"):
            assert got.startswith(f.excerpt[:-1])
        else:
            assert got == f.excerpt
    assert [b.text for b in written.blocks] == [b.text for b in read_document(str(path)).blocks]
    human = [a for a in odt_annotations(path) if a[0] != "ctglint"]
    assert human and all(a in odt_annotations(out) for a in human)
    regions = "count(//text:changed-region)"
    ns = {"text": TEXT[1:-1]}
    assert odt_content(out).xpath(regions, namespaces=ns) == odt_content(path).xpath(regions, namespaces=ns) > 0
    again = tmp_path / "again.odt"
    run_annotate(out, "-o", again)
    assert odt_annotations(again) == odt_annotations(out)
    with zipfile.ZipFile(again) as z:
        assert z.namelist()[0] == "mimetype" and z.getinfo("mimetype").compress_type == zipfile.ZIP_STORED


# --------------------------------------------------------------------------- LibreOffice
@pytest.fixture(scope="module")
def libreoffice_round_trip(tmp_path_factory):
    """Annotated copies of the seed .docx, the fixtures and the tricky document, each
    converted by LibreOffice to PDF and to ODT in two soffice runs."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    work = tmp_path_factory.mktemp("soffice")
    annotated = []
    (work / "src").mkdir()
    made = [tricky_docx(work / "src"), header_footnote_docx(work / "src"), odt_tricky(work / "src")]
    for src in SEED_DOCX + DOCX_FIXTURES + ODT_FIXTURES + made:
        out = work / f"{src.parent.name}-{src.stem}.ctglint{src.suffix}"
        run_annotate(src, "-o", out)
        annotated.append((src, out))
    docx_files = [a for a in annotated if a[1].suffix == ".docx"]
    odt_files = [a for a in annotated if a[1].suffix == ".odt"]
    for fmt, files in (("pdf", annotated), ("odt", docx_files), ("docx", odt_files)):
        (work / fmt).mkdir()
        target = "docx:MS Word 2007 XML" if fmt == "docx" else fmt
        subprocess.run([SOFFICE, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                        "--norestore", "--convert-to", target, "--outdir", str(work / fmt),
                        *[str(o) for _, o in files]], capture_output=True, timeout=600, check=True)
    return work, annotated


def test_annotated_copies_open_in_libreoffice(libreoffice_round_trip):
    work, annotated = libreoffice_round_trip
    for _, out in annotated:
        pdf = work / "pdf" / f"{out.stem}.pdf"
        assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF-"), out.name


def test_libreoffice_sees_each_comment_on_the_same_text(libreoffice_round_trip):
    work, annotated = libreoffice_round_trip
    for src, out in annotated:
        if out.suffix == ".odt":
            continue
        seen = read_document(str(work / "odt" / f"{out.stem}.odt"))
        theirs = [c for c in seen.comments if c.author == "ctglint"]
        assert len(theirs) == len(ours(out)), out.name
        anchors = anchored_texts(out)
        for c, mine in zip(theirs, ours(out)):
            text = seen.blocks[c.block].text[c.start:c.end] if c.block == c.end_block else None
            assert text is not None and fold(text).endswith(fold(anchors[mine["id"]])), (out.name, mine["text"])
        human = [c for c in seen.comments if c.author == "Service juridique"]
        assert len(human) == (1 if src.parent.name == "docx" else 0)


def test_libreoffice_reads_the_odf_annotations(libreoffice_round_trip):
    """LibreOffice turns each ctglint annotation of an .odt into a Word comment by
    « ctglint » (initials CTG) on the same text."""
    work, annotated = libreoffice_round_trip
    for src, out in annotated:
        if out.suffix != ".odt":
            continue
        written = read_document(str(out))
        mine = [c for c in written.comments if c.author == "ctglint"]
        seen = read_document(str(work / "docx" / f"{out.stem}.docx"))
        theirs = [c for c in seen.comments if c.author == "ctglint"]
        assert len(theirs) == len(mine) > 1 and {c.initials for c in theirs} == {"CTG"}
        for a, b in zip(mine, theirs):
            assert a.text == b.text
            ours_text = fold(written.blocks[a.block].text[a.start:a.end])
            assert fold(seen.blocks[b.block].text[b.start:b.end]).endswith(ours_text), (out.name, a.text)
