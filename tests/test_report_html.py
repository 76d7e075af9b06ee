"""The HTML report (check --format html) and the clause diffs of the text report."""
from __future__ import annotations

import io
import re

import pytest
from lxml import etree
from lxml import html as lxml_html

from conftest import ARMENTIERES, EXAMPLES, LYS
from ctglint import engine
from ctglint.check import CheckOptions, FileResult, RunResult, check_file
from ctglint.errors import InputError
from ctglint.report import html as html_report
from ctglint.report import text as text_report

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
DUREE = ("ARTICLE 11 – DUREE DE LA CONVENTION\n\nLa présente convention est conclue à compter du 01/01/2023 "
         "jusqu'au 31 décembre 2026.\n\n{}\n")


def results(*paths, data: dict | None = None, template: str | None = None) -> RunResult:
    rules = [r() for r in engine.select_rules()]
    options = CheckOptions(rules=rules, keep_document=True, template=template)
    data = data or {}
    return RunResult([check_file(str(p), options, data.get(str(p))) for p in paths])


def render(run: RunResult, lang: str = "fr") -> str:
    out = io.StringIO()
    html_report.render(run, out, lang=lang)
    return out.getvalue()


def parse(page: str):
    assert page.startswith("<!DOCTYPE html>\n")
    return etree.fromstring(page.encode("utf-8"), PARSER)


def script_docx(tmp_path):
    """A .docx whose clause carries a typed-in <script> (python-docx keeps it as text)."""
    import docx

    d = docx.Document()
    d.add_paragraph("ARTICLE 11 – DUREE DE LA CONVENTION")
    d.add_paragraph("La présente convention est conclue à compter du 01/01/2023 jusqu'au 31 décembre 2026.")
    d.add_paragraph("La présente convention ne peut être reconduite que par accord explicite.")
    d.add_paragraph('<script>alert("x")</script> & "co"')
    path = tmp_path / "script.docx"
    d.save(path)
    return path


# --------------------------------------------------------------------------- well-formed, self-contained


@pytest.fixture(scope="module")
def seed_pages():
    return {p.name: render(results(p)) for p in (ARMENTIERES, LYS)}


@pytest.mark.parametrize("name", [ARMENTIERES.name, LYS.name])
def test_parses_as_xml_and_tags_balance(seed_pages, name):
    page = seed_pages[name]
    root = parse(page)
    assert root.tag == "html" and root.get("lang") == "fr"
    # the HTML parser reads the same tree: nothing self-closed that HTML would leave open
    tree = lxml_html.document_fromstring(page)
    assert len(list(tree.iter())) == len(list(root.iter()))
    assert not re.search(r"<(?!(?:meta|br)\b)[a-z0-9]+\b[^>]*/>", page)


@pytest.mark.parametrize("name", [ARMENTIERES.name, LYS.name])
def test_no_external_resource(seed_pages, name):
    page = seed_pages[name]
    root = parse(page)
    assert not root.xpath("//script | //link | //img | //iframe | //object | //embed | //@src | //@srcset")
    assert all(h.startswith("#") for h in root.xpath("//@href"))
    style = "".join(root.xpath("//style/text()"))
    assert not re.search(r"url\(|@import|https?:|//", style)
    attributes = " ".join(root.xpath("//@*"))
    assert not re.search(r"https?:|//", attributes)


@pytest.mark.parametrize("name", [ARMENTIERES.name, LYS.name])
def test_links_and_anchors(seed_pages, name):
    root = parse(seed_pages[name])
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))
    assert {h[1:] for h in root.xpath("//@href")} <= set(ids)


def test_every_finding_is_listed_and_marked_in_place(seed_pages):
    run = results(LYS)
    findings = run.files[0].findings
    root = parse(seed_pages[LYS.name])
    rows = root.xpath("//table[@class='findings']/tbody/tr")
    assert len(rows) == len(findings)
    for k, f in enumerate(findings):
        (anchor,) = root.xpath(f"//*[@id='f1-h{k}']")
        block = anchor.xpath("ancestor::p[1]")[0]
        assert block.get("id") == f"f1-b{f.block}"
        # the marked text right after the anchor is the finding's text
        assert root.xpath(f"//sup[@class='ref']/a[@href='#f1-l{k}']")
    provin = [f for f in findings if f.code == "N001"][0]
    k = findings.index(provin)
    assert root.xpath(f"//mark/a[@href='#f1-l{k}' and .='PROVIN']")


def test_clause_diffs_are_in_the_report(seed_pages):
    root = parse(seed_pages[LYS.name])
    assert root.xpath("//div[contains(@class,'diff-section')]//del[.='accord explicite']")
    assert root.xpath("//div[contains(@class,'diff-section')]//ins[.='expresse reconduction']")
    assert root.xpath("//del[.='Ci-après dénommée « la Commune » ;']")
    # a T001 row links to its clause diff
    link = root.xpath("//tr[td/code='T001']//a[contains(@href,'-d-')]/@href")
    assert link and all(root.xpath(f"//*[@id='{h[1:]}']") for h in link)
    # filled slots read as their values
    assert root.xpath("//span[@class='slot' and contains(., 'Lys Lez Lannoy')]")


def test_print_rules_and_french_labels(seed_pages):
    page = seed_pages[ARMENTIERES.name]
    assert "@media print" in page and "print-color-adjust" in page
    root = parse(page)
    assert root.xpath("//h1")[0].text == "Rapport ctglint"
    titles = [h.text for h in root.xpath("//h3")]
    assert titles[0].startswith("Constats (") and titles[1:] == ["Écarts avec le modèle", "Texte du projet"]


def test_english():
    root = parse(render(results(ARMENTIERES), lang="en"))
    assert root.get("lang") == "en" and root.xpath("//h1")[0].text == "ctglint report"
    assert root.xpath("//h3[starts-with(., 'Findings')]")


def test_output_is_byte_identical():
    assert render(results(LYS)) == render(results(LYS))


# --------------------------------------------------------------------------- escaping


def test_script_typed_into_a_draft_comes_out_escaped(tmp_path):
    path = script_docx(tmp_path)
    run = results(path, template="caf-nord-2023")
    assert any("<script>" in (f.excerpt or "") for f in run.files[0].findings)
    page = render(run)
    assert "<script" not in page
    assert page.count("&lt;script&gt;alert(\"x\")&lt;/script&gt;") >= 3  # findings list, clause diff, text
    root = parse(page)
    assert not root.xpath("//script")
    assert root.xpath("//ins[contains(., '<script>')]")
    assert root.xpath("//mark[contains(., '<script>')]")


def test_text_escaped_in_paths_and_messages(tmp_path):
    name = str(tmp_path / "a<b>&c.txt")
    run = results(name, data={name: DUREE.format("La présente convention ne peut être reconduite que par "
                                                  "<i>accord</i> & « tacite ».").encode()},
                  template="caf-nord-2023")
    root = parse(render(run))
    assert root.xpath("//h2")[0].text == name


# --------------------------------------------------------------------------- several files, errors, overlaps


def test_several_documents_and_an_unreadable_one(tmp_path):
    bad = FileResult(path=str(tmp_path / "x.docx"), format="docx",
                     error=InputError("not-a-zip", "not a zip", "ce n'est pas une archive zip"))
    run = results(ARMENTIERES, EXAMPLES / "lys-lez-lannoy-2021-2023.docx")
    run.files.append(bad)
    root = parse(render(run))
    assert [a.get("href") for a in root.xpath("//nav//a")] == ["#file-1", "#file-2", "#file-3"]
    assert root.xpath("//section[@id='file-3']//p[@class='error-box']")
    assert root.xpath("//section[@id='file-2']//mark")  # docx drafts are highlighted too
    ids = root.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_overlapping_findings(tmp_path):
    run = results(LYS)
    f = run.files[0]
    (first,) = [x for x in f.findings if x.code == "N001"]  # « PROVIN », mid-sentence
    wide = first._replace(start=max(0, first.start - 5), end=first.end + 5, code="X999")
    f.findings = [first, wide]
    root = parse(render(run))
    block = root.xpath(f"//p[@id='f1-b{first.block}']")[0]
    text = "".join(block.xpath(".//span[@class='txt']//text()"))
    assert text.replace("X999", "").replace("N001", "") == run.files[0].document.blocks[first.block].text
    assert block.xpath(".//*[@id='f1-h0']") and block.xpath(".//*[@id='f1-h1']")
    assert len(block.xpath(".//mark")) == 3  # before, shared, after


def test_findings_without_document():
    run = results(ARMENTIERES)
    f = run.files[0]
    f.document = f.template = f.alignment = None
    root = parse(render(run))
    assert root.xpath("//table[@class='findings']") and not root.xpath("//mark")
    assert not root.xpath("//@href")


# --------------------------------------------------------------------------- text report: clause under T001


def text(run: RunResult, color: bool | None = False) -> str:
    out = io.StringIO()
    text_report.render(run, out, lang="fr", color=color)
    return out.getvalue()


def test_text_report_shows_the_clause_diff_under_drift_findings():
    out = text(results(LYS))
    assert "│ La présente convention est conclue à compter du ⟦debut + fin : 01/01/2021 au 31/12/2023⟧ " \
           "La présente convention ne peut être reconduite que par [-accord explicite-] {+expresse reconduction+}." in out
    assert "│ [-Ci-après dénommée « la Commune » ;-]" in out
    assert "│ {+La présente convention sera complétée de précisions ultérieures.+}" in out
    lines = out.splitlines()
    i = next(k for k, line in enumerate(lines) if "expresse reconduction" in line and "T001" in line)
    assert "[-accord explicite-]" in "".join(lines[i:i + 5])


def test_long_clauses_are_clipped_around_the_change():
    out = text(results(ARMENTIERES))
    (line,) = [x for x in out.splitlines() if "[-personne-]" in x]
    assert " … " in line and len(line) < 400 and "chaque [-personne-] {+personnel+}, dès sa naissance" in line


def test_text_report_in_colour_and_without_documents():
    coloured = text(results(LYS), color=True)
    assert "\x1b[" in coloured and "[-accord explicite-]" not in coloured
    run = results(LYS)
    run.files[0].document = None
    assert "│" not in text(run)
