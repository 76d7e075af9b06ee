"""The .odt reader: white space, headings, lists, tables, tracked changes, annotations, notes."""
from __future__ import annotations

import io
import zipfile

import pytest

from ctglint.errors import InputError
from ctglint.ingest import read_document
from ctglint.ingest.odt import read_odt

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
MIMETYPE = "application/vnd.oasis.opendocument.text"


def build_odt(text: str, *, pages: int | None = None, content: str | None = None, automatic: str = "",
              styles: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        if styles:
            z.writestr("styles.xml", f"<office:document-styles {NS}><office:styles>{styles}</office:styles>"
                                     "</office:document-styles>")
        z.writestr("mimetype", MIMETYPE, compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content if content is not None else
                   f"<office:document-content {NS}><office:automatic-styles>{automatic}</office:automatic-styles>"
                   f"<office:body><office:text>{text}"
                   "</office:text></office:body></office:document-content>")
        if pages is not None:
            z.writestr("meta.xml", f"<office:document-meta {NS}><office:meta>"
                       f'<meta:document-statistic meta:page-count="{pages}" meta:paragraph-count="3"/>'
                       "</office:meta></office:document-meta>")
    return buf.getvalue()


def texts(doc) -> list[str]:
    return [b.text for b in doc.blocks]


def test_spaces_tabs_line_breaks_and_xml_indentation():
    body = """
      <text:p text:style-name="Standard">
         Bonjour<text:s text:c="3"/>le <text:span>monde</text:span><text:tab/>fin<text:line-break/>ligne
         deux <text:s/> x
      </text:p>
      <text:p/>
      <text:p>  <text:a xlink:href="x" xmlns:xlink="http://www.w3.org/1999/xlink">lien</text:a>  </text:p>
    """
    doc = read_odt("x.odt", build_odt(body, pages=7))
    # Like LibreOffice: a space after text:s is not collapsed into it.
    assert texts(doc) == ["Bonjour   le monde\tfin\nligne deux   x ", "lien "]
    assert [b.line for b in doc.blocks] == [1, 3]
    assert [b.key for b in doc.blocks] == ["body:0", "body:2"]
    assert doc.blocks[0].style == "Standard"
    assert doc.page_count == 7 and doc.format == "odt"


def test_headings_levels_numbers_and_lists():
    body = (
        '<text:h text:outline-level="2"><text:number>4.</text:number>Objet</text:h>'
        "<text:h>Sans niveau</text:h>"
        "<text:list><text:list-item><text:p>premier</text:p>"
        "<text:list><text:list-item><text:p>imbriqué</text:p></text:list-item></text:list>"
        "</text:list-item><text:list-header><text:p>entête</text:p></text:list-header></text:list>"
        "<text:p>après</text:p>"
    )
    automatic = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Heading_20_2"/>'
    doc = read_odt("x.odt", build_odt(body.replace("<text:h ", '<text:h text:style-name="P1" ', 1), automatic=automatic))
    assert doc.blocks[0].style == "Heading 2"
    assert [(b.text, b.kind, b.level) for b in doc.blocks] == [
        ("4. Objet", "heading", 2),
        ("Sans niveau", "heading", 1),
        ("premier", "list-item", None),
        ("imbriqué", "list-item", None),
        ("entête", "list-item", None),
        ("après", "paragraph", None),
    ]


def test_paragraph_styles_derived_from_heading_styles_are_headings():
    styles = (
        '<style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"/>'
        '<style:style style:name="Article_20_CTG" style:display-name="Article CTG" style:family="paragraph" '
        'style:parent-style-name="Heading_20_1"/>'
        '<style:style style:name="Plan" style:family="paragraph" style:default-outline-level="3"/>'
        '<style:style style:name="Titre_20_2" style:family="paragraph"/>'
    )
    automatic = '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Article_20_CTG"/>'
    body = ('<text:p text:style-name="P1">Objet</text:p><text:p text:style-name="Plan">Plan</text:p>'
            '<text:p text:style-name="Titre_20_2">Titre français</text:p><text:p>corps</text:p>')
    doc = read_odt("x.odt", build_odt(body, automatic=automatic, styles=styles))
    assert [(b.kind, b.level, b.style) for b in doc.blocks] == [
        ("heading", 1, "Article CTG"), ("heading", 3, "Plan"), ("heading", 2, "Titre 2"), ("paragraph", None, None),
    ]


def test_tables_nested_covered_and_repeated_cells():
    body = (
        "<table:table><table:table-header-rows><table:table-row>"
        "<table:table-cell><text:p>h0</text:p></table:table-cell>"
        '<table:table-cell table:number-columns-spanned="2"><text:p>h1</text:p></table:table-cell>'
        "<table:covered-table-cell/><table:table-cell><text:p>h3</text:p></table:table-cell>"
        "</table:table-row></table:table-header-rows>"
        "<table:table-row>"
        '<table:table-cell table:number-columns-repeated="2"><text:p/></table:table-cell>'
        "<table:table-cell><text:p>r1c2</text:p>"
        "<table:table><table:table-row><table:table-cell><text:p>inner</text:p></table:table-cell>"
        "</table:table-row></table:table><text:p>r1c2 fin</text:p></table:table-cell>"
        "</table:table-row></table:table>"
        "<text:p>après</text:p>"
    )
    doc = read_odt("x.odt", build_odt(body))
    assert [(b.text, b.kind, b.cell) for b in doc.blocks] == [
        ("h0", "cell", (0, 0, 0)),
        ("h1", "cell", (0, 0, 1)),
        ("h3", "cell", (0, 0, 3)),
        ("r1c2", "cell", (0, 1, 2)),
        ("inner", "cell", (1, 0, 0)),
        ("r1c2 fin", "cell", (0, 1, 2)),
        ("après", "paragraph", None),
    ]


def test_tracked_changes_keep_insertions_and_drop_deletions():
    body = (
        "<text:tracked-changes>"
        '<text:changed-region text:id="ct1"><text:deletion><office:change-info>'
        "<dc:creator>A</dc:creator></office:change-info><text:p>texte supprimé</text:p></text:deletion>"
        "</text:changed-region>"
        '<text:changed-region text:id="ct2"><text:insertion><office:change-info>'
        "<dc:creator>A</dc:creator></office:change-info></text:insertion></text:changed-region>"
        "</text:tracked-changes>"
        '<text:p>Avant<text:change text:change-id="ct1"/> <text:change-start text:change-id="ct2"/>ajouté'
        '<text:change-end text:change-id="ct2"/> fin</text:p>'
    )
    doc = read_odt("x.odt", build_odt(body))
    assert texts(doc) == ["Avant ajouté fin"]
    assert doc.blocks[0].key == "body:0"  # paragraphs in the tracked-changes region do not count


def test_annotations_become_comments_without_leaking_into_text():
    body = (
        "<text:p>Début "
        '<office:annotation office:name="c1"><dc:creator>Marie</dc:creator><dc:date>2024-03-01T10:00:00</dc:date>'
        "<meta:creator-initials>MD</meta:creator-initials>"
        "<text:p>Vérifier</text:p><text:p>la date</text:p></office:annotation>"
        "commenté</text:p>"
        '<text:p>suite<office:annotation-end office:name="c1"/> et fin</text:p>'
        "<text:p/>"
        "<text:p><office:annotation><dc:creator>CAF</dc:creator><text:p>ponctuel</text:p></office:annotation>"
        "</text:p>"
        "<text:p>dernier</text:p>"
    )
    doc = read_odt("x.odt", build_odt(body))
    assert texts(doc) == ["Début commenté", "suite et fin", "dernier"]
    assert [b.line for b in doc.blocks] == [1, 2, 5]
    # Annotation paragraphs are not paragraphs of the body: they take no key number.
    assert [b.key for b in doc.blocks] == ["body:0", "body:1", "body:4"]
    c1, c2 = doc.comments
    assert (c1.id, c1.author, c1.initials, c1.date, c1.text) == ("c1", "Marie", "MD", "2024-03-01T10:00:00",
                                                                 "Vérifier\nla date")
    assert (c1.block, c1.start, c1.end_block, c1.end) == (0, 6, 1, 5)
    # A point annotation in an otherwise empty paragraph moves to the next block.
    assert (c2.author, c2.text, c2.block, c2.start, c2.end_block, c2.end) == ("CAF", "ponctuel", 2, 0, 2, 0)


def test_notes_come_after_the_body_as_footnotes():
    body = (
        '<text:p>Corps<text:note text:id="n1" text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>La note</text:p></text:note-body></text:note> suite</text:p>"
        "<text:p>Fin</text:p>"
    )
    doc = read_odt("x.odt", build_odt(body))
    assert [(b.text, b.part, b.line, b.key) for b in doc.blocks] == [
        ("Corps suite", "body", 1, "body:0"),
        ("Fin", "body", 2, "body:2"),
        ("La note", "footnote", 3, "body:1"),
    ]


def test_text_box_paragraphs_follow_their_host():
    body = ('<text:p>hôte<draw:frame><draw:text-box><text:p>dans la boîte</text:p></draw:text-box></draw:frame>'
            " suite</text:p><text:p>après</text:p>")
    doc = read_odt("x.odt", build_odt(body))
    assert texts(doc) == ["hôte suite", "dans la boîte", "après"]
    assert [b.key for b in doc.blocks] == ["body:0", "body:1", "body:2"]


def test_dispatch_by_extension_and_by_content():
    data = build_odt("<text:p>bonjour</text:p>")
    assert texts(read_document("draft.odt", data)) == ["bonjour"]
    assert texts(read_document("sans-extension", data)) == ["bonjour"]
    misnamed = read_document("draft.docx", data)
    assert misnamed.format == "odt" and misnamed.notes


def test_archive_without_text_content_is_not_odt():
    spreadsheet = build_odt("", content=f"<office:document-content {NS}><office:body><office:spreadsheet/>"
                                        "</office:body></office:document-content>")
    with pytest.raises(InputError) as caught:
        read_document("tableur.odt", spreadsheet)
    assert caught.value.code == "not-odt"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("mimetype", MIMETYPE)
    with pytest.raises(InputError) as caught:
        read_odt("x.odt", buf.getvalue())
    assert caught.value.code == "not-odt"
