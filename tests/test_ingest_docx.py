"""The .docx reader: accepted text, reading order, numbering labels, parts, comments, keys."""
from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest
from lxml import etree

from ctglint.ingest import read_document
from ctglint.ingest.docx import iter_paragraphs, read_docx
from ctglint.ingest.numbering import format_number

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
W_P = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def p(body: str, ppr: str = "") -> str:
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def styled(style: str) -> str:
    return f'<w:pStyle w:val="{style}"/>'


def build_docx(body: str, *, styles: str = "", numbering: str = "", parts: dict[str, str] | None = None,
               body_rels: dict[str, tuple[str, str]] | None = None, sect: str = "",
               app: str | None = None) -> bytes:
    """A .docx made of hand-written parts. ``body_rels``: rId -> (type, target)."""
    rels = dict(body_rels or {})
    if styles:
        rels["rIdStyles"] = ("styles", "styles.xml")
    if numbering:
        rels["rIdNumbering"] = ("numbering", "numbering.xml")
    rel_xml = "".join(f'<Relationship Id="{i}" Type="{REL}{t}" Target="{target}"/>' for i, (t, target) in rels.items())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="{RELS_NS}"><Relationship Id="rId1" '
                   f'Type="{REL}officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels", f'<Relationships xmlns="{RELS_NS}">{rel_xml}</Relationships>')
        z.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>")
        if styles:
            z.writestr("word/styles.xml", f"<w:styles {NS}>{styles}</w:styles>")
        if numbering:
            z.writestr("word/numbering.xml", f"<w:numbering {NS}>{numbering}</w:numbering>")
        for name, xml in (parts or {}).items():
            z.writestr(name, xml)
        if app is not None:
            z.writestr("docProps/app.xml", app)
    return buf.getvalue()


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


# --------------------------------------------------------------------------- accepted text

def test_accepted_view_keeps_insertions_drops_deletions_and_field_codes():
    body = p(
        r("Avant")
        + '<w:ins w:id="1" w:author="A">' + r(" inséré") + "</w:ins>"
        + '<w:del w:id="2" w:author="A"><w:r><w:delText> supprimé</w:delText></w:r></w:del>'
        + '<w:moveFrom w:id="3"><w:r><w:t> parti</w:t></w:r></w:moveFrom>'
        + '<w:moveTo w:id="4">' + r(" arrivé") + "</w:moveTo>"
        + '<w:hyperlink r:id="x">' + r(" lien") + "</w:hyperlink>"
        + "<w:smartTag>" + r(" tag") + "</w:smartTag>"
        + '<w:fldSimple w:instr="PAGE">' + r(" 7") + "</w:fldSimple>"
        + '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r>'
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r(" résultat") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        + "<w:sdt><w:sdtPr><w:alias w:val=\"caché\"/></w:sdtPr><w:sdtContent>" + r(" contrôle") + "</w:sdtContent></w:sdt>"
    )
    body += p("<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:cr/><w:t>d</w:t>"
              "<w:noBreakHyphen/><w:t>e</w:t><w:softHyphen/><w:t>f</w:t></w:r>")
    doc = read_docx("x.docx", build_docx(body))
    assert texts(doc) == [
        "Avant inséré arrivé lien tag 7 résultat contrôle",
        "a\tb\nc\nd-ef",
    ]
    assert doc.format == "docx" and doc.path == "x.docx"


def test_block_level_content_control_and_blank_paragraphs():
    body = (p(r("un")) + p("") + p(r("   "))
            + "<w:sdt><w:sdtPr/><w:sdtContent>" + p(r("dans le contrôle")) + "</w:sdtContent></w:sdt>"
            + p(r("fin")))
    doc = read_docx("x.docx", build_docx(body))
    assert texts(doc) == ["un", "dans le contrôle", "fin"]
    # Blank paragraphs still count in the paragraph index (line) and in the key ordinal.
    assert [b.line for b in doc.blocks] == [1, 4, 5]
    assert [b.key for b in doc.blocks] == ["body:0", "body:3", "body:4"]
    assert doc.blocks[1].anchors[0].line == 4
    assert doc.blocks[1].position(5) == (4, 6)


def test_text_box_fallback_is_skipped_and_keys_follow_the_documented_rule():
    textbox = (
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx><w:txbxContent>"
        + p(r("dans la boîte"))
        + "</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>"
        + p(r("dans la boîte"))
        + "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = p(r("hôte") + textbox + r(" suite")) + p(r("après"))
    data = build_docx(body)
    doc = read_docx("x.docx", data)
    assert texts(doc) == ["hôte suite", "dans la boîte", "après"]
    assert [b.key for b in doc.blocks] == ["body:0", "body:1", "body:2"]
    # The contract for writers: the n-th w:p of iter(w:p) minus mc:Fallback ones.
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    mc_fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    by_rule = [el for el in root.iter(W_P) if not any(True for _ in el.iterancestors(mc_fallback))]
    assert by_rule == list(iter_paragraphs(root))
    for block in doc.blocks:
        n = int(block.key.split(":")[1])
        assert "".join(by_rule[n].xpath("./w:r/w:t/text()", namespaces={"w": W_P[1:-2]})) in block.text


# --------------------------------------------------------------------------- tables

def test_tables_nested_in_reading_order_with_cell_coordinates():
    def tc(content: str) -> str:
        return f"<w:tc>{content}</w:tc>"

    inner = "<w:tbl>" + "<w:tr>" + tc(p(r("i00"))) + tc(p(r("i01"))) + "</w:tr></w:tbl>"
    outer = ("<w:tbl>"
             + "<w:tr>" + tc(p(r("a")) + p(r("a bis"))) + tc(p(r("b")) + inner + p(r("b fin"))) + "</w:tr>"
             + "<w:sdt><w:sdtContent><w:tr>" + tc(p(r("c"))) + tc(p("")) + "</w:tr></w:sdtContent></w:sdt>"
             + "</w:tbl>")
    second = "<w:tbl><w:tr>" + tc(p(r("z"))) + "</w:tr></w:tbl>"
    doc = read_docx("x.docx", build_docx(p(r("avant")) + outer + p(r("entre")) + second))
    got = [(b.text, b.kind, b.cell) for b in doc.blocks]
    assert got == [
        ("avant", "paragraph", None),
        ("a", "cell", (0, 0, 0)),
        ("a bis", "cell", (0, 0, 0)),
        ("b", "cell", (0, 0, 1)),
        ("i00", "cell", (1, 0, 0)),
        ("i01", "cell", (1, 0, 1)),
        ("b fin", "cell", (0, 0, 1)),
        ("c", "cell", (0, 1, 0)),
        ("entre", "paragraph", None),
        ("z", "cell", (2, 0, 0)),
    ]
    assert [b.line for b in doc.blocks] == [1, 2, 3, 4, 5, 6, 7, 8, 10, 11]


def test_deleted_table_row_is_dropped():
    table = ("<w:tbl><w:tr>" + f"<w:tc>{p(r('gardée'))}</w:tc></w:tr>"
             + '<w:tr><w:trPr><w:del w:id="9" w:author="A"/></w:trPr>' + f"<w:tc>{p(r('supprimée'))}</w:tc></w:tr></w:tbl>")
    assert texts(read_docx("x.docx", build_docx(table))) == ["gardée"]


# --------------------------------------------------------------------------- headings and numbering

STYLES = """
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Titre2"><w:name w:val="Titre 2"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="ArticleBase"><w:name w:val="Article base"/><w:basedOn w:val="Heading1"/>
  <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Article"><w:name w:val="Article CTG"/><w:basedOn w:val="ArticleBase"/></w:style>
<w:style w:type="paragraph" w:styleId="Plan"><w:name w:val="Plan"/><w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
<w:style w:type="numbering" w:styleId="ListeCTG"><w:name w:val="Liste CTG"/>
  <w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
"""

NUMBERING = """
<w:abstractNum w:abstractNumId="10">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="ARTICLE %1 –"/>
    <w:suff w:val="space"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/>
    <w:lvlRestart w:val="0"/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="30">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/></w:lvl>
  <w:lvl w:ilvl="1"><w:numFmt w:val="bullet"/><w:lvlText w:val="–"/></w:lvl>
  <w:lvl w:ilvl="2"><w:numFmt w:val="bullet"/><w:lvlText w:val="l"/>
    <w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="40"><w:styleLink w:val="ListeCTG"/>
  <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1 -"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="41"><w:numStyleLink w:val="ListeCTG"/></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="30"/></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="20"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="40"/></w:num>
<w:num w:numId="6"><w:abstractNumId w:val="41"/></w:num>
"""


def num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def test_article_numbering_inherited_through_based_on_styles():
    body = "".join(p(r(f"Titre {i}"), styled("Article")) + p(r("texte")) for i in range(1, 5))
    body += p("", styled("Article"))  # an empty numbered heading still shows its number
    doc = read_docx("x.docx", build_docx(body, styles=STYLES, numbering=NUMBERING))
    headings = [b for b in doc.blocks if b.kind == "heading"]
    assert [b.text for b in headings] == [
        "ARTICLE 1 – Titre 1", "ARTICLE 2 – Titre 2", "ARTICLE 3 – Titre 3", "ARTICLE 4 – Titre 4", "ARTICLE 5 – ",
    ]
    assert {b.level for b in headings} == {1}
    assert headings[3].style == "Article CTG"


def test_heading_levels_from_names_and_outline_levels():
    body = (p(r("un"), styled("Heading1")) + p(r("deux"), styled("Titre2")) + p(r("trois"), styled("Plan"))
            + p(r("direct"), '<w:outlineLvl w:val="4"/>')
            + p(r("corps"), styled("Heading1") + '<w:outlineLvl w:val="9"/>')
            + p(r("inconnu"), styled("Heading3")))  # referenced but not defined in styles.xml
    doc = read_docx("x.docx", build_docx(body, styles=STYLES))
    assert [(b.kind, b.level) for b in doc.blocks] == [
        ("heading", 1), ("heading", 2), ("heading", 3), ("heading", 5), ("paragraph", None), ("heading", 3),
    ]


def test_multilevel_counters_restart_overrides_and_formats():
    body = (
        p(r("A"), num(2, 0)) + p(r("A1"), num(2, 1)) + p(r("a"), num(2, 2)) + p(r("A2"), num(2, 1))
        + p(r("b"), num(2, 2))  # lvlRestart 0: level 2 never restarts
        + p(r("B"), num(2, 0)) + p(r("B1"), num(2, 1))  # level 1 restarts after level 0
        + p(r("restart"), num(4, 0)) + p(r("restart1"), num(4, 1))  # startOverride: own counters from V
        + p(r("C"), num(2, 0))  # numId 2 continues its own list
        + p(r("puce"), num(3, 0)) + p(r("tiret"), num(3, 1)) + p(r("wingdings"), num(3, 2))
        + p(r("lien"), num(6, 0)) + p(r("lien2"), num(5, 0))  # numStyleLink → abstractNum 40, shared counter
        + p(r("plus de liste"), '<w:pStyle w:val="Article"/>' + num(0, 0))
    )
    doc = read_docx("x.docx", build_docx(body, styles=STYLES, numbering=NUMBERING))
    assert texts(doc) == [
        "I. A", "I.1 A1", "a)a", "I.2 A2", "b)b", "II. B", "II.1 B1",
        "V. restart", "V.1 restart1", "III. C",
        "• puce", "– tiret", "• wingdings",
        "C - lien", "D - lien2",
        "plus de liste",
    ]
    assert [b.kind for b in doc.blocks][:3] == ["list-item"] * 3
    assert doc.blocks[-1].kind == "heading"  # numId 0 removes the number, not the heading style


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (4, "upperRoman", "IV"), (1994, "upperRoman", "MCMXCIV"), (9, "lowerRoman", "ix"),
    (1, "upperLetter", "A"), (27, "upperLetter", "AA"), (28, "lowerLetter", "bb"),
    (7, "decimalZero", "07"), (12, "decimal", "12"), (3, "none", ""), (3, "ordinalText", "3"),
])
def test_number_formats(value, fmt, expected):
    assert format_number(value, fmt) == expected


# --------------------------------------------------------------------------- other parts

HEADER = f'<w:hdr {NS}>{p(r("En-tête CTG"))}</w:hdr>'
FOOTER = f'<w:ftr {NS}>{p("")}{p(r("Page pied"))}</w:ftr>'
FOOTNOTES = (
    f"<w:footnotes {NS}>"
    f'<w:footnote w:type="separator" w:id="-1">{p("<w:r><w:separator/></w:r>")}</w:footnote>'
    f'<w:footnote w:type="continuationSeparator" w:id="0">{p("<w:r><w:continuationSeparator/></w:r>")}</w:footnote>'
    f'<w:footnote w:id="1">{p("<w:r><w:footnoteRef/></w:r>" + r("Note de bas de page"))}</w:footnote>'
    "</w:footnotes>"
)


def test_headers_footers_footnotes_after_body_with_continuing_indices():
    rels = {"rIdH1": ("header", "header1.xml"), "rIdF1": ("footer", "footer1.xml"),
            "rIdFN": ("footnotes", "footnotes.xml")}
    sect = ('<w:headerReference w:type="default" r:id="rIdH1"/><w:headerReference w:type="first" r:id="rIdH1"/>'
            '<w:footerReference w:type="default" r:id="rIdF1"/>')
    body = p(r("Corps") + '<w:r><w:footnoteReference w:id="1"/></w:r>' + r(" suite"))
    data = build_docx(body, body_rels=rels, sect=sect, parts={
        "word/header1.xml": HEADER, "word/footer1.xml": FOOTER, "word/footnotes.xml": FOOTNOTES,
        "word/header9.xml": f'<w:hdr {NS}>{p(r("jamais référencé"))}</w:hdr>',
    })
    doc = read_docx("x.docx", data)
    got = [(b.text, b.part, b.line, b.key) for b in doc.blocks]
    assert got == [
        ("Corps suite", "body", 1, "body:0"),
        ("En-tête CTG", "header", 2, "header1:0"),
        ("Page pied", "footer", 4, "footer1:1"),
        ("Note de bas de page", "footnote", 5, "footnotes:2"),
    ]
    assert [b.index for b in doc.blocks] == [0, 1, 2, 3]


def test_page_count_from_app_properties():
    app = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           "<Pages>12</Pages></Properties>")
    assert read_docx("x.docx", build_docx(p(r("x")), app=app)).page_count == 12
    assert read_docx("x.docx", build_docx(p(r("x")))).page_count is None


# --------------------------------------------------------------------------- comments

COMMENTS = (
    f"<w:comments {NS}>"
    f'<w:comment w:id="1" w:author="Marie Dupont" w:initials="MD" w:date="2024-03-01T10:00:00Z">'
    f'{p(r("Vérifier"))}{p(r("la date"))}</w:comment>'
    f'<w:comment w:id="2" w:author="CAF" w:initials="C" w:date="">{p(r("vide"))}</w:comment>'
    f'<w:comment w:id="3" w:author="CAF" w:initials="C">{p(r("autour"))}</w:comment>'
    f'<w:comment w:id="4" w:author="CAF" w:initials="C">{p(r("titre"))}</w:comment>'
    "</w:comments>"
)


def test_comment_ranges_anchor_on_accepted_text_and_blocks():
    body = (
        p(r("Avant ") + '<w:del w:id="8" w:author="A"><w:r><w:delText>XXX</w:delText></w:r></w:del>'
          + '<w:commentRangeStart w:id="1"/>' + r("milieu"))
        + p(r("suite") + '<w:commentRangeEnd w:id="1"/>' + r(" fin")
            + '<w:r><w:commentReference w:id="1"/></w:r>')
        + p('<w:commentRangeStart w:id="2"/>')  # starts in a blank paragraph
        + p(r("cible") + '<w:commentRangeEnd w:id="2"/>')
        + '<w:commentRangeStart w:id="3"/>' + p(r("entouré")) + '<w:commentRangeEnd w:id="3"/>'
        + p(r("Objet") + '<w:commentRangeStart w:id="4"/>' + r(" du titre") + '<w:commentRangeEnd w:id="4"/>',
            styled("Article"))
    )
    data = build_docx(body, styles=STYLES, numbering=NUMBERING,
                      body_rels={"rIdC": ("comments", "comments.xml")}, parts={"word/comments.xml": COMMENTS})
    doc = read_docx("x.docx", data)
    assert texts(doc) == ["Avant milieu", "suite fin", "cible", "entouré", "ARTICLE 1 – Objet du titre"]
    c1, c2, c3, c4 = doc.comments
    assert (c1.id, c1.author, c1.initials, c1.date, c1.text) == (
        "1", "Marie Dupont", "MD", "2024-03-01T10:00:00Z", "Vérifier\nla date")
    assert (c1.block, c1.start, c1.end_block, c1.end) == (0, 6, 1, 5)
    assert (c2.block, c2.start, c2.end_block, c2.end) == (2, 0, 2, 5)
    assert (c3.block, c3.start, c3.end_block, c3.end) == (3, 0, 3, 7)
    heading = doc.blocks[4].text
    assert heading[c4.start:c4.end] == " du titre"
    assert c4.block == c4.end_block == 4


def test_python_docx_document_with_comment_and_styles(tmp_path):
    document = python_docx.Document()
    document.add_heading("Préambule", 1)
    para = document.add_paragraph("La commune de Provin s'engage.")
    document.add_paragraph("premier", style="List Number")
    document.add_paragraph("second", style="List Number")
    document.add_paragraph("puce", style="List Bullet")
    document.add_comment(para.runs, text="À préciser", author="Relecteur", initials="R")
    path = tmp_path / "draft.dotx"
    document.save(path)
    doc = read_document(str(path))
    assert texts(doc) == ["Préambule", "La commune de Provin s'engage.", "1. premier", "2. second", "• puce"]
    assert [b.kind for b in doc.blocks] == ["heading", "paragraph", "list-item", "list-item", "list-item"]
    (comment,) = doc.comments
    assert (comment.text, comment.author, comment.block, comment.start, comment.end_block, comment.end) == (
        "À préciser", "Relecteur", 1, 0, 1, len("La commune de Provin s'engage."))


def test_docx_without_styles_rels_falls_back_to_default_part_names():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f"<w:document {NS}><w:body>{p(r('Titre'), styled('Heading1'))}</w:body></w:document>")
        z.writestr("word/styles.xml", f"<w:styles {NS}>{STYLES}</w:styles>")
    (block,) = read_document("sans-rels.docm", buf.getvalue()).blocks
    assert (block.kind, block.level, block.style) == ("heading", 1, "heading 1")
