#!/usr/bin/env python3
"""Regenerate tests/fixtures/docx/*.docx (and tests/fixtures/odt/*.odt) from the seeds.

What it makes
    For every examples/<name>.txt, a Word file (and an OpenDocument file) made by
    LibreOffice that carries what real reviewed drafts carry and ctglint must read
    faithfully:
      - real tables (from the seed's TAB lines and HTML fragments);
      - article headings numbered by list numbering — level text « ARTICLE %1 – »,
        the typed « Article N – » removed — so the number is not in the text;
      - a placeholder (or a drafting instruction) typed as a tracked insertion;
      - a sentence removed as a tracked deletion (it holds a placeholder, so a reader
        that forgot the deletion would report it);
      - a reviewer's comment (author « Service juridique »);
      - a header and a footer (with a page number field).
    The accepted text is the seed's text, so ctglint must find the same problems in
    the fixture as in the seed (tests/test_annotate.py checks it).

How
    1. seed .txt -> HTML with make_examples.txt_to_html (imported, not copied);
    2. soffice: HTML -> flat ODF (.fodt);
    3. lxml edits the .fodt: a text:list-style (num-prefix « ARTICLE », num-suffix « – »)
       around the article headings, text:tracked-changes with text:insertion and
       text:deletion regions, an office:annotation / office:annotation-end pair,
       style:header / style:footer on the master pages;
    4. soffice: .fodt -> .docx (« MS Word 2007 XML ») and -> .odt;
    5. the .docx is checked with lxml: w:numPr on the article headings and a
       numbering.xml lvlText « ARTICLE %1 », w:ins, w:del, comments.xml, header and
       footer parts. Any miss fails the script.
    soffice runs with a private profile (-env:UserInstallation) in a temporary folder.
    The output is not byte-reproducible (zip timestamps, rsids).

Usage: .venv/bin/python scripts/make_fixtures.py [NAME.txt ...]
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_examples  # noqa: E402  (the seed -> HTML rendering lives there)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
OUT_DOCX = ROOT / "tests" / "fixtures" / "docx"
OUT_ODT = ROOT / "tests" / "fixtures" / "odt"

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:xsl-formatting:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
}
DATE = "2024-03-14T10:00:00"
ARTICLE_RE = re.compile(r"^\s*article\s+(\d+)\s*[–-]\s*", re.IGNORECASE)
LIST_STYLE = "CtgArticles"

#: Per seed: the text typed as a tracked insertion (paragraph containing ``in``, the
#: inserted ``text``), the sentence deleted (appended to the paragraph containing
#: ``in``), and the reviewer's comment (on the paragraph containing ``on``).
EDITS = {
    "lys-lez-lannoy-2021-2023": {
        "insertion": {"in": "Fait à Lille le XXX", "text": "XXX"},
        "deletion": {"in": "En autant d'exemplaires originaux que de signataires",
                     "text": " Date de signature à fixer : 20XX."},
        "comment": {"on": "Fait à Lille le XXX",
                    "text": "Date de signature à compléter avant l'envoi à la Caf."},
    },
    "armentieres-2023-2026": {
        "insertion": {"in": "Partie libre pour décrire les interventions de la Caf sur le territoire.",
                      "text": "Partie libre pour décrire les interventions de la Caf sur le territoire."},
        "deletion": {"in": "En autant d'exemplaires originaux que de signataires.",
                     "text": " Signature prévue le XX/XX/20XX."},
        "comment": {"on": "Le 18/01/2023",
                    "text": "Vérifier cette date avec celle de la délibération."},
    },
}
HEADER = "Convention territoriale globale – document de travail"
FOOTER = "Page "


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


# --------------------------------------------------------------------------- soffice
def soffice(args: list[str], workdir: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("make_fixtures: soffice (LibreOffice) not found on PATH")
    cmd = [exe, f"-env:UserInstallation={(workdir / 'profile').as_uri()}", "--headless",
           "--norestore", "--nologo", *args]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=make_examples.TIMEOUT)
    except subprocess.TimeoutExpired:
        sys.exit(f"make_fixtures: soffice timed out after {make_examples.TIMEOUT}s")
    if proc.returncode:
        sys.exit(f"make_fixtures: soffice failed ({proc.returncode}): {proc.stderr.strip()}")


# --------------------------------------------------------------------------- .fodt edits
def paragraph_containing(body: etree._Element, needle: str) -> etree._Element:
    for p in body.iter(q("text:p"), q("text:h")):
        if needle in " ".join(p.xpath("string()").split()):
            return p
    raise SystemExit(f"make_fixtures: no paragraph contains {needle!r}")


def text_slot(p: etree._Element, needle: str) -> tuple[etree._Element, str, int]:
    """(element, "text"|"tail", index) of the text node of ``p`` where ``needle`` starts."""
    for el in p.iter():
        for attr in ("text", "tail"):
            if el is p and attr == "tail":
                continue
            value = getattr(el, attr) or ""
            if needle in value:
                return el, attr, value.index(needle)
    raise SystemExit(f"make_fixtures: {needle!r} is split across elements in {p.xpath('string()')!r}")


def insert_at(el: etree._Element, attr: str, index: int, mark: etree._Element) -> None:
    """Put ``mark`` at ``index`` of ``el.text`` or ``el.tail``."""
    value = getattr(el, attr) or ""
    mark.tail = value[index:] or None
    setattr(el, attr, value[:index] or None)
    if attr == "text":
        el.insert(0, mark)
    else:
        el.addnext(mark)


def tracked(body: etree._Element, kind: str, region_id: str, content: etree._Element | None = None) -> None:
    changes = body.find(q("text:tracked-changes"))
    if changes is None:
        changes = etree.Element(q("text:tracked-changes"))
        forms = body.find(q("office:forms"))
        body.insert(0 if forms is None else body.index(forms) + 1, changes)
    region = etree.SubElement(changes, q("text:changed-region"), {q("text:id"): region_id})
    change = etree.SubElement(region, q(f"text:{kind}"))
    info = etree.SubElement(change, q("office:change-info"))
    etree.SubElement(info, q("dc:creator")).text = "Mairie"
    etree.SubElement(info, q("dc:date")).text = DATE
    if content is not None:
        change.append(content)


def add_insertion(body: etree._Element, spec: dict) -> None:
    p = paragraph_containing(body, spec["in"])
    el, attr, i = text_slot(p, spec["text"])
    insert_at(el, attr, i + len(spec["text"]),
              etree.Element(q("text:change-end"), {q("text:change-id"): "ctgins"}))
    insert_at(el, attr, i, etree.Element(q("text:change-start"), {q("text:change-id"): "ctgins"}))
    tracked(body, "insertion", "ctgins")


def add_deletion(body: etree._Element, spec: dict) -> None:
    p = paragraph_containing(body, spec["in"])
    deleted = etree.Element(q("text:p"))
    deleted.text = spec["text"]
    p.append(etree.Element(q("text:change"), {q("text:change-id"): "ctgdel"}))
    tracked(body, "deletion", "ctgdel", deleted)


def add_comment(body: etree._Element, spec: dict) -> None:
    p = paragraph_containing(body, spec["on"])
    note = etree.Element(q("office:annotation"), {q("office:name"): "juridique1"})
    etree.SubElement(note, q("dc:creator")).text = "Service juridique"
    etree.SubElement(note, q("dc:date")).text = DATE
    etree.SubElement(note, q("text:p")).text = spec["text"]
    el, attr, i = text_slot(p, spec["on"].split()[0])
    p.append(etree.Element(q("office:annotation-end"), {q("office:name"): "juridique1"}))
    insert_at(el, attr, i, note)


def number_articles(root: etree._Element, body: etree._Element) -> int:
    """Wrap every « Article N – … » heading in a numbered list; drop the typed prefix."""
    styles = root.find(q("office:automatic-styles"))
    styles.append(etree.fromstring(
        f'<text:list-style xmlns:text="{NS["text"]}" xmlns:style="{NS["style"]}" xmlns:fo="{NS["fo"]}"'
        f' style:name="{LIST_STYLE}"><text:list-level-style-number text:level="1"'
        ' style:num-prefix="ARTICLE " style:num-suffix=" –" style:num-format="1">'
        '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
        '<style:list-level-label-alignment text:label-followed-by="space" fo:text-indent="0in"'
        ' fo:margin-left="0in"/></style:list-level-properties></text:list-level-style-number>'
        "</text:list-style>"))
    count = 0
    for h in list(body.iter(q("text:h"))):
        m = ARTICLE_RE.match(h.text or "")
        if not m:
            continue
        count += 1
        if int(m.group(1)) != count:
            raise SystemExit(f"make_fixtures: article {m.group(1)} found where {count} was expected")
        h.text = h.text[m.end():]
        wrapper = etree.Element(q("text:list"), {q("text:style-name"): LIST_STYLE})
        if count > 1:
            wrapper.set(q("text:continue-numbering"), "true")
        h.addprevious(wrapper)
        wrapper.tail, h.tail = h.tail, None
        etree.SubElement(wrapper, q("text:list-item")).append(h)
    return count


def add_header_footer(root: etree._Element) -> None:
    for layout in root.iter(q("style:page-layout")):
        for kind in ("header", "footer"):
            style = layout.find(q(f"style:{kind}-style"))
            if style is None:
                style = etree.SubElement(layout, q(f"style:{kind}-style"))
            style.clear()
            etree.SubElement(style, q("style:header-footer-properties"), {
                q("fo:min-height"): "0in", q(f"fo:margin-{'bottom' if kind == 'header' else 'top'}"): "0.1in"})
    for master in root.iter(q("style:master-page")):
        header = etree.SubElement(master, q("style:header"))
        etree.SubElement(header, q("text:p")).text = HEADER
        footer = etree.SubElement(master, q("style:footer"))
        p = etree.SubElement(footer, q("text:p"))
        p.text = FOOTER
        etree.SubElement(p, q("text:page-number"), {q("text:select-page"): "current"})


def edit_fodt(path: Path, edits: dict) -> int:
    tree = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False))
    root = tree.getroot()
    body = root.find(f"{q('office:body')}/{q('office:text')}")
    articles = number_articles(root, body)
    add_insertion(body, edits["insertion"])
    add_deletion(body, edits["deletion"])
    add_comment(body, edits["comment"])
    add_header_footer(root)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return articles


# --------------------------------------------------------------------------- checks
def verify_docx(path: Path, articles: int) -> list[str]:
    """What the .docx must carry; returns the problems."""
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        doc = etree.fromstring(z.read("word/document.xml"))
        numbering = etree.fromstring(z.read("word/numbering.xml")) if "word/numbering.xml" in names else None
    problems = []
    w = NS["w"]
    lvl_texts = [el.get(f"{{{w}}}val", "") for el in numbering.iter(f"{{{w}}}lvlText")] if numbering is not None else []
    if not any("ARTICLE %1" in t for t in lvl_texts):
        problems.append("no numbering level « ARTICLE %1 »")
    def numbered_heading(p: etree._Element) -> bool:
        num_id = p.find(f"{{{w}}}pPr/{{{w}}}numPr/{{{w}}}numId")  # numId 0 means "no numbering"
        style = p.find(f"{{{w}}}pPr/{{{w}}}pStyle")
        return (num_id is not None and num_id.get(f"{{{w}}}val") != "0"
                and style is not None and "eading" in style.get(f"{{{w}}}val", ""))

    numbered = [p for p in doc.iter(f"{{{w}}}p") if numbered_heading(p)]
    if len(numbered) != articles:
        problems.append(f"{len(numbered)} headings with w:numPr, {articles} expected")
    typed = [p for p in numbered if ARTICLE_RE.match("".join(p.itertext()))]
    if typed:
        problems.append(f"{len(typed)} numbered headings still type their number")
    for tag in ("ins", "del"):
        if next(doc.iter(f"{{{w}}}{tag}"), None) is None:
            problems.append(f"no w:{tag}")
    if "word/comments.xml" not in names:
        problems.append("no comments.xml")
    for kind in ("header", "footer"):
        if not any(re.fullmatch(rf"word/{kind}\d*\.xml", n) for n in names):
            problems.append(f"no {kind} part")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("names", nargs="*", help="examples/*.txt to use (default: all with edits)")
    args = ap.parse_args()
    txts = [EXAMPLES / Path(n).name for n in args.names] or sorted(EXAMPLES.glob("*.txt"))
    txts = [t for t in txts if t.stem in EDITS]
    if not txts:
        ap.error("no seed with edits to build")
    OUT_DOCX.mkdir(parents=True, exist_ok=True)
    OUT_ODT.mkdir(parents=True, exist_ok=True)
    ok = True
    with tempfile.TemporaryDirectory(prefix="ctglint-fixtures-") as tmp:
        work = Path(tmp)
        htmls = []
        for txt in txts:
            htmls.append(work / f"{txt.stem}.html")
            htmls[-1].write_text(make_examples.txt_to_html(txt.read_text("utf-8"), txt.stem), "utf-8")
        soffice(["--infilter=HTML (StarWriter)", "--convert-to", "fodt", "--outdir", str(work),
                 *map(str, htmls)], work)
        counts = {t.stem: edit_fodt(work / f"{t.stem}.fodt", EDITS[t.stem]) for t in txts}
        fodts = [str(work / f"{t.stem}.fodt") for t in txts]
        (work / "docx").mkdir()
        (work / "odt").mkdir()
        soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "docx"), *fodts], work)
        soffice(["--convert-to", "odt", "--outdir", str(work / "odt"), *fodts], work)
        for txt in txts:
            made = work / "docx" / f"{txt.stem}.docx"
            problems = verify_docx(made, counts[txt.stem]) if made.is_file() else ["not converted"]
            print(f"{txt.stem}.docx: {counts[txt.stem]} numbered articles: "
                  + ("OK" if not problems else "FAILED: " + "; ".join(problems)))
            ok = ok and not problems
            if not problems:
                shutil.copyfile(made, OUT_DOCX / made.name)
                shutil.copyfile(work / "odt" / f"{txt.stem}.odt", OUT_ODT / f"{txt.stem}.odt")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
