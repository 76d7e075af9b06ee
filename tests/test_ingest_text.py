"""The text/Markdown reader: encodings, paragraphs, tables, HTML fragments, positions."""
from __future__ import annotations

import pytest

from ctglint.errors import InputError
from ctglint.ingest.text import read_text

from conftest import ARMENTIERES, LYS


def blocks(data: bytes, name: str = "draft.txt"):
    return read_text(name, data).blocks


def test_utf8_bom_and_crlf():
    doc = read_text("d.txt", "\ufeffPremière ligne\r\n\r\nSeconde\r\n".encode("utf-8"))
    assert [b.text for b in doc.blocks] == ["Première ligne", "Seconde"]
    assert [b.line for b in doc.blocks] == [1, 3]
    assert doc.notes == []


def test_cp1252_is_detected_and_noted():
    doc = read_text("d.txt", "Délibération du conseil municipal — Armentières\n".encode("cp1252"))
    assert doc.blocks[0].text == "Délibération du conseil municipal — Armentières"
    assert any("1252" in n for n in doc.notes)


def test_binary_is_refused():
    with pytest.raises(InputError) as exc:
        read_text("d.txt", b"\x00\x01\x02garbage" * 100)
    assert exc.value.code == "binary"


def test_consecutive_lines_form_one_paragraph_with_true_positions():
    doc = read_text("d.txt", b"Fait \xc3\xa0 Lille\nLe 18/01/2023\n")
    (block,) = doc.blocks
    assert block.text == "Fait à Lille\nLe 18/01/2023"
    assert block.position(block.text.index("18/01")) == (2, 4)


def test_markdown_emphasis_is_read_as_text_and_columns_stay_true():
    doc = read_text("d.txt", "Cette convention comporte **X** pages et **X** annexes.\n".encode())
    (block,) = doc.blocks
    assert block.text == "Cette convention comporte X pages et X annexes."
    first_x = block.text.index("X")
    assert block.position(first_x) == (1, 29)


def test_bold_spanning_lines():
    doc = read_text("d.txt", b"**La confrontation\nde ces analyses.**\n")
    assert doc.blocks[0].text == "La confrontation\nde ces analyses."


def test_tab_rows_become_cells_with_columns():
    doc = read_text("d.txt", "Titre action :\tPublic cible\nObjectifs\t\tModalités\n".encode())
    cells = [(b.text, b.cell, b.position(0)) for b in doc.blocks]
    assert cells == [
        ("Titre action :", (0, 0, 0), (1, 1)),
        ("Public cible", (0, 0, 1), (1, 16)),
        ("Objectifs", (0, 1, 0), (2, 1)),
        ("Modalités", (0, 1, 2), (2, 12)),
    ]


def test_html_fragment_cells_and_paragraphs_keep_their_line():
    line = ('\t<table border="1"> <tr> <td data-bbox="1 2 3 4">Echéances de réalisation</td> </tr>'
            ' <tr> <td data-bbox="1 2 3 4"></td> </tr> </table>\tSuite\n')
    doc = read_text("d.txt", ("Avant\n\n" + line).encode())
    texts = [(b.text, b.line, b.kind) for b in doc.blocks]
    assert texts == [("Avant", 1, "paragraph"), ("Echéances de réalisation", 3, "cell"), ("Suite", 3, "cell")]


def test_html_list_and_inline_markup():
    line = '<ul style="x"> - Un ; - Deux </ul>\t<p><i>Selon</i> : ici</p> <p>Fin</p>\n'
    doc = read_text("d.txt", line.encode())
    assert [b.text for b in doc.blocks] == ["- Un ; - Deux", "Selon : ici", "Fin"]


def test_html_references_comments_breaks_and_stray_brackets():
    line = ('<TABLE><TR><TD>Caf&nbsp;du Nord &amp; commune</TD><TD>a <b>1</b><br/>b</TD></TR></TABLE>'
            '<!-- note --><p>x < y</p>\n')
    doc = read_text("d.txt", line.encode())
    assert [b.text for b in doc.blocks] == ["Caf du Nord & commune", "a 1 b", "x < y"]


def test_list_items_and_headings_are_their_own_blocks():
    doc = read_text("d.txt", "Texte :\n- un ;\n- deux.\nARTICLE 2 – TITRE\nCorps\n".encode())
    assert [(b.text, b.kind) for b in doc.blocks] == [
        ("Texte :", "paragraph"), ("- un ;", "list-item"), ("- deux.", "list-item"),
        ("ARTICLE 2 – TITRE", "paragraph"), ("Corps", "paragraph"),
    ]


def test_markdown_headings():
    doc = read_text("d.md", "# Article 1 – Objet\n\nTexte\n".encode())
    assert (doc.format, doc.blocks[0].text, doc.blocks[0].kind, doc.blocks[0].level) == ("md", "Article 1 – Objet", "heading", 1)


@pytest.mark.parametrize("seed", [ARMENTIERES, LYS])
def test_seed_positions_point_at_the_source(seed):
    """Every block's first character maps to that character in the source file."""
    lines = seed.read_text("utf-8").split("\n")
    doc = read_text(str(seed), seed.read_bytes())
    for b in doc.blocks:
        if b.kind == "cell":
            continue
        line, col = b.position(0)
        assert lines[line - 1][col - 1] == b.text[0], (b.line, b.text[:30])


def test_underscore_blanks_are_not_emphasis():
    doc = read_text("d.txt", "Nom : ________ Prénom : ________\n\nUn __mot__ souligné.\n".encode())
    assert [b.text for b in doc.blocks] == ["Nom : ________ Prénom : ________", "Un mot souligné."]
