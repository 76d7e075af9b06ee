"""Outline: sections of real conventions and heading variants."""
from __future__ import annotations

import pytest

from ctglint import outline
from ctglint.ingest.text import read_text
from ctglint.model import Block

from conftest import ARMENTIERES, LYS


def sections(path):
    doc = outline.build(read_text(str(path), path.read_bytes()))
    return doc, [s.label for s in doc.sections]


def test_armentieres_outline():
    doc, labels = sections(ARMENTIERES)
    assert labels == (["cover", "parties", "visas", "preamble"] + [f"article {n}" for n in range(1, 16)]
                      + ["signature", "annex 1", "annex 2", "annex 3", "annex 4"])
    assert doc.section("article 4").title == "LES CHAMPS D'INTERVENTION COMMUNS DÉJÀ OPÉRATIONNELS"
    stamps = [b.line for b in doc.blocks if b.kind == "stamp"]
    assert stamps == [326, 328, 330, 334]


def test_lys_outline_with_missing_annex_heading_and_duplicates():
    doc, labels = sections(LYS)
    assert labels[:4] == ["cover", "parties", "visas", "preamble"]
    assert [l for l in labels if l.startswith("article")] == [f"article {n}" for n in range(1, 15)]
    annexes = [s for s in doc.sections if s.kind == "annex"]
    assert [(s.number, s.heading is not None) for s in annexes] == [
        (1, False), (2, True), (3, True), (4, True), (5, True), (6, True), (3, True), (3, True)]
    assert doc.blocks[annexes[0].blocks[0]].line == 301
    # The footnote of article 5 extracted inside article 6 does not split article 6.
    assert labels.count("article 6") == 1 and "footnote" in labels


@pytest.mark.parametrize("text,kind,number,title", [
    ("ARTICLE 4 – LES CHAMPS", "article", 4, "LES CHAMPS"),
    ("Article 4 - Durée", "article", 4, "Durée"),
    ("Article 4 : Durée", "article", 4, "Durée"),
    ("Art. 4 Durée", "article", 4, "Durée"),
    ("Article 1er – Objet", "article", 1, "Objet"),
    ("article premier : objet", "article", 1, "objet"),
    ("ARTICLE IV – DURÉE", "article", 4, "DURÉE"),
    ("ANNEXE 3 – DELIBERATION", "annex", 3, "DELIBERATION"),
    ("Annexe n°3", "annex", 3, ""),
    ("ANNEXE 6– PLAN D’ACTION", "annex", 6, "PLAN D’ACTION"),
])
def test_heading_forms(text, kind, number, title):
    h = outline.parse_heading(Block(text=text))
    assert (h.kind, h.number, h.title) == (kind, number, title)


@pytest.mark.parametrize("text", [
    "Article 5 de la loi du 6 janvier 1978 s'applique ;",
    "Annexe 1 à la présente convention",
    "L'annexe 1 à la présente fait apparaître le soutien des co-financeurs.",
])
def test_references_are_not_headings(text):
    assert outline.parse_heading(Block(text=text)) is None


def test_visas_without_a_parties_block():
    doc = outline.build(read_text("d.txt", "Vu le Code général des collectivités territoriales ;\n\n"
                                  "Vu la délibération du conseil municipal en date du 09/02/2023 ;\n\n"
                                  "Préambule\n\nTexte.\n\nARTICLE 1 – OBJET\n\nCorps.\n".encode()))
    assert [s.label for s in doc.sections] == ["visas", "preamble", "article 1"]


@pytest.mark.parametrize("text", [
    "ARTICLE 4 – DURÉE DE LA CONVENTION ........ 3",
    "ARTICLE 5.1 – Les engagements de la Caf",
    "Article 5 bis – Avenant",
])
def test_contents_lines_and_subdivisions_are_not_headings(text):
    assert outline.parse_heading(Block(text=text)) is None


def test_list_of_annexes_after_the_signatures_stays_in_the_signature_block():
    text = ("ARTICLE 1 – OBJET\n\nCorps.\n\nFait à Lille le 18/01/2023\n\nLe Maire\n\n"
            "Liste des annexes : diagnostic, pilotage.\n\nANNEXE 1 – DIAGNOSTIC\n\nTexte.\n")
    doc = outline.build(read_text("d.txt", text.encode()))
    assert [s.label for s in doc.sections] == ["article 1", "signature", "annex 1"]
