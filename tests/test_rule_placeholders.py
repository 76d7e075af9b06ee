"""P001 leftover-placeholder, P002 to-be-defined."""
from __future__ import annotations

import pytest

from conftest import ARMENTIERES, LYS, lint, lint_file

ARTICLE = "ARTICLE 5 – ENGAGEMENTS DES PARTENAIRES\n\n{}\n"


def codes_lines(findings):
    return [(f.code, f.line) for f in findings]


# --------------------------------------------------------------------------- P001

@pytest.mark.parametrize("text", [
    "Fait à Lille le XXX",
    "Cette convention comporte X pages paraphées par les parties et 4 annexes.",
    "Cette convention comporte 9 pages paraphées par les parties et X annexes.",
    "Le plan d'actions couvre la période 20XX.",
    "Plan d'action et fiches actions 20XX-20XX",
    "La convention prend effet le xx/xx/20xx.",
    "Champ d'intervention 1 : (nom du champ)",
    "Le référent de l'action est [à compléter].",
    "La commune est représentée par Madame X, maire.",
    "Vu la délibération N° XX du conseil municipal.",
    # An ellipsis or a rule of dots where a date or a name belongs.
    "Vu la délibération du …, figurant en annexe 3.",
    "Vu la délibération du conseil municipal en date du .... figurant en annexe 3.",
    "La commune est représentée par son maire, Monsieur …, dûment autorisé.",
    "La commune de ______ représentée par son maire.",
])
def test_placeholders_are_errors(text):
    found = lint(ARTICLE.format(text), select=("P001",))
    assert codes_lines(found) == [("P001", 3)]
    assert found[0].severity.value == "error" and found[0].category == "placeholder"


@pytest.mark.parametrize("text", [
    "La Caf conserve le montant des financements bonifiés de N-1 à ce titre.",
    "Services Petite Enfance / Enfance / Jeunesse / Logement.....",
    "La convention couvre les années 2023 à 2026 ; X. Dupont en est le référent.",
    "Les XV communes du territoire sont concernées.",
    "Les enfants de 3 à 6 ans, les jeunes, etc.",
    "Elle vise (… entre autres) à renforcer les actions.",
    "....",
    "Vu la délibération du 09/02/2023 figurant en annexe 3.",
])
def test_ordinary_text_is_not_a_placeholder(text):
    assert lint(ARTICLE.format(text), select=("P001",)) == []


def test_ellipsis_span_is_the_gap_itself():
    found = lint(ARTICLE.format("Vu la délibération du …, figurant en annexe 3."), select=("P001",))
    assert found[0].column == len("Vu la délibération du ") + 1


def test_lys_placeholders():
    found = lint_file(LYS, select=("P001",))
    assert sorted({f.line for f in found}) == [292, 296, 485, 488, 490, 491, 492]
    assert [f.line for f in found].count(296) == 2  # « X pages » and « X annexes » (L8)


def test_seed_look_alikes_are_not_placeholders():
    lys = {f.line for f in lint_file(LYS, select=("P",))}
    assert 217 not in lys  # « N-1 » of the footnote
    assert 191 not in lys  # « N-1¹ »
    assert 396 not in lys  # « Logement..... »
    arm = {f.line for f in lint_file(ARMENTIERES, select=("P",))}
    assert 334 not in arm  # prefecture stamp « ID : 059-215900176-20230209-DE23027-DE »
    assert arm == set()


# --------------------------------------------------------------------------- P002

@pytest.mark.parametrize("text", [
    "Représentants des associations locales (à définir)",
    "– Pour l'Etat (à définir avec l'Etat) ;",
    "– Pour la MSA :Responsable à définir",
    "Le calendrier des comités reste à préciser.",
    "Le référent de l'action : à désigner ultérieurement.",
    "Date du premier comité : à déterminer",
    "Le lieu est à définir ensemble.",
])
def test_to_be_defined_is_a_warning(text):
    found = lint(ARTICLE.format(text), select=("P002",))
    assert codes_lines(found) == [("P002", 3)]
    assert found[0].severity.value == "warning" and found[0].category == "placeholder"


@pytest.mark.parametrize("text", [
    "La Convention Territoriale Globale (CTG) vise à définir le projet stratégique global du territoire.",
    "Les partenaires s'attachent à définir ensemble les modalités de suivi.",
    "Le comité aide à préciser les besoins et à déterminer des priorités.",
    "Le maire est autorisé à signer la présente convention.",
    "Il revient au comité de définir les actions.",
    "Le référent est [à compléter].",  # the leftover-placeholder rule's
])
def test_verb_with_an_object_is_not_a_placeholder(text):
    assert lint(ARTICLE.format(text), select=("P002",)) == []


def test_bracketed_mention_is_reported_whole():
    found = lint(ARTICLE.format("– Pour l'Etat (à définir avec l'Etat) ;"), select=("P002",))
    assert found[0].excerpt == "(à définir avec l'Etat)"


def test_lys_to_be_defined():
    found = lint_file(LYS, select=("P002",))
    assert codes_lines(found) == [("P002", 376), ("P002", 414), ("P002", 416)]  # L11, L12, L13
    assert 117 not in {f.line for f in found}  # « vise à définir le projet stratégique »


def test_armentieres_has_nothing_to_define():
    assert lint_file(ARMENTIERES, select=("P002",)) == []


def test_a_placeholder_typed_into_a_paragraph_of_the_template_is_found():
    """Rules that judge paragraphs one by one skip those the draft keeps word for word from the
    template (its own wording): a paragraph changed by a placeholder is no longer one of them."""
    from cleanconv import clean_convention
    from ctglint import templates
    from ctglint.ingest.text import read_text
    from ctglint.rule import Context

    template = next(t for t in templates.builtin() if t.id == "caf-nord-2023")
    text = clean_convention("caf-nord-2023")
    fixed = Context(read_text("d.txt", b"x"), template).template_paragraphs()
    verbatim = [line for line in text.split("\n") if line in fixed]
    target = max(verbatim, key=len)  # a long paragraph of fixed text, kept word for word
    assert not lint(text, select=("P001", "I001", "B001"), template="caf-nord-2023")
    changed = text.replace(target, target.rstrip(".") + " le XXX.", 1)
    found = lint(changed, select=("P001",), template="caf-nord-2023")
    line = text.split("\n").index(target) + 1
    assert [(f.code, f.line) for f in found] == [("P001", line)]
