"""B001 empty-slot, B002 empty-field, B003 unfilled-form."""
from __future__ import annotations

import pytest

from ctglint import outline, templates
from ctglint.align import align
from ctglint.ingest import read_document
from ctglint.rule import Context
from ctglint.rules.blanks import EmptySlot, label_key, template_fields

from conftest import ARMENTIERES, LYS, lint, lint_file


def codes_lines(findings):
    return [(f.code, f.line) for f in findings]


def severities(findings):
    return [(f.code, f.line, f.severity.value) for f in findings]


# --------------------------------------------------------------------------- B001

ARTICLE_6 = "Article 6 – Modalités de collaboration\n\n{}\n"


@pytest.mark.parametrize("text", [
    # the commune's name left blank: the sentence runs into the next one (Lys line 201)
    "Ce comité est composé, à parité, de représentants de la Caf et de la commune de Les instances et "
    "modalités de gouvernance seront potentiellement amenées à évoluer.",
    # a preposition with only punctuation after it
    "La commune de , représentée par son maire, dûment autorisée à signer la présente convention ;",
    "Vu la délibération du conseil municipal en date du , figurant en annexe 3.",
    "Le comité se réunit à la demande de la ville de Il associe les partenaires.",
])
def test_blank_slot_without_template(text):
    found = lint(ARTICLE_6.format(text), select=("B001",))
    assert codes_lines(found) == [("B001", 3)]
    assert found[0].severity.value == "error" and found[0].category == "blank-field"


@pytest.mark.parametrize("text", [
    "Ce comité est composé, à parité, de représentants de la Caf et de la commune de Lys-lez-Lannoy.",
    # place names that begin with an article are names, not a new sentence
    "Le comité réunit des représentants de la commune de La Madeleine et de la Caf.",
    "Ce comité est composé de représentants de la commune de Le Quesnoy et de la Caf du Nord.",
    "La commune de Les Lilas est signataire.",
    "Vu la délibération du conseil municipal en date du 09/02/2023, figurant en annexe 3.",
    "A l'issue du (es) Contrat(s) enfance et jeunesse passé(s) avec la(es) collectivité(s) signataire(s).",
    "Les actions de la commune de Lys-lez-Lannoy. Les instances se réunissent deux fois par an.",
])
def test_filled_or_named_slot_is_not_blank(text):
    assert lint(ARTICLE_6.format(text), select=("B001",)) == []


def test_template_finds_an_empty_date_between_two_fixed_words():
    text = ("Article 10 – Durée de la convention\n\nLa présente convention est conclue à compter du au "
            "31/12/2023\nLa présente convention ne peut être reconduite que par accord explicite.\n")
    found = lint(text, select=("B001",), template="caf-nord-2021")
    assert codes_lines(found) == [("B001", 3)]
    assert found[0].excerpt == "du"  # anchored on the word before the gap
    assert lint(text.replace("du au", "du 01/01/2021 au"), select=("B001",), template="caf-nord-2021") == []


def test_template_finds_an_empty_slot_at_the_end_of_a_line():
    text = ("Article 6 – Modalités de collaboration\n\nLe comité de pilotage sera copiloté par la Caf et la "
            "commune de\nLe secrétariat permanent est assuré par la collectivité, avec l'appui de la CAF.\n")
    found = lint(text, select=("B001",), template="caf-nord-2021")
    assert codes_lines(found) == [("B001", 3)]
    assert lint(text.replace("commune de\n", "commune de Hem\n"), select=("B001",), template="caf-nord-2021") == []


COVER = ("CONVENTION TERRITORIALE GLOBALE (CTG)\n\nEntre\n\nLA CAISSE D'ALLOCATIONS FAMILIALES DU NORD\n\net\n\n"
         "LA COMMUNE DE\n\n2023 – 2026\n\nEntre\n\n- La Caisse d'allocations familiales du Nord représentée par la "
         "Présidente de son Conseil d'Administration, Madame Anne MARTIN ;\n")


def test_template_finds_a_paragraph_ending_where_its_slot_was():
    found = lint(COVER, select=("B001",), template="caf-nord-2023")
    assert codes_lines(found) == [("B001", 9)]  # « LA COMMUNE DE » and nothing after
    assert lint(COVER.replace("COMMUNE DE\n", "COMMUNE DE HEM\n"), select=("B001",), template="caf-nord-2023") == []


@pytest.mark.parametrize("value", ["LYS LEZ LANNOY", "Hem"])
def test_value_on_a_line_of_its_own_is_not_a_gap(value):
    text = COVER.replace("COMMUNE DE\n", f"COMMUNE DE\n\n{value}\n")
    assert lint(text, select=("B001",), template="caf-nord-2023") == []


SIGNED = ("Article 14 – Confidentialité\n\nLes parties sont tenues au secret professionnel.\n\nFait à Lille le\n\n{}"
          "En autant d'exemplaires originaux que de signataires\n")


def test_signature_date_left_out():
    assert codes_lines(lint(SIGNED.format(""), select=("B",), template="caf-nord-2021")) == [("B001", 5)]
    assert lint(SIGNED.format("18 mars 2021\n\n"), select=("B",), template="caf-nord-2021") == []


def test_labelled_field_of_the_template_is_left_to_the_empty_field_rule():
    text = ("ANNEXE 6 – PLAN D’ACTION ET FICHES ACTIONS\n\nAxe 1 : Réaliser le diagnostic\tActions\t● Action 1 : "
            "Co-construire un diagnostic\n\tIndicateurs retenus\t● Indicateur 1 : ● Indicateur 2 : délai ● Indicateur 3\n")
    found = lint(text, select=("B",), template="caf-nord-2021")
    assert [f.code for f in found] == ["B002"]


def test_template_method_alone_finds_the_lys_gap():
    doc = read_document(str(LYS), LYS.read_bytes())
    outline.build(doc)
    template = next(t for t in templates.builtin() if t.id == "caf-nord-2021")
    ctx = Context(document=doc, template=template, alignment=align(template.document, doc))
    from ctglint.rules.blanks import _template_gaps
    hits = list(_template_gaps(ctx))
    assert [(doc.blocks[h.block].position(h.start)[0], doc.blocks[h.block].text[h.start:h.end]) for h in hits] \
        == [(201, "de")]


def test_textual_method_alone_finds_the_lys_gap():
    doc = read_document(str(LYS), LYS.read_bytes())
    outline.build(doc)
    hits = list(EmptySlot().check(Context(document=doc)))
    assert [doc.blocks[h.block].position(h.start)[0] for h in hits] == [201]


def test_seed_blank_slots():
    assert severities(lint_file(LYS, select=("B001",))) == [("B001", 201, "error")]  # L4
    assert lint_file(ARMENTIERES, select=("B001",)) == []


# --------------------------------------------------------------------------- B002

ANNEX_6 = "ANNEXE 6 – PLAN D'ACTION ET FICHES ACTIONS\n\n{}\n"


@pytest.mark.parametrize("text", [
    "Indicateurs retenus : ● Indicateur 1 : diagnostic de territoire ● Indicateur 2 : ● Indicateur 3",
    "● Indicateur 1 : Réalisation du plan d'action ● Indicateur 2 : ● Indicateur 3 : taux d'occupation",
    "● Indicateur 1 : ● Indicateur 2 : délai d'attente",
])
def test_label_followed_by_the_next_label_is_a_warning(text):
    found = lint(ANNEX_6.format(text), select=("B002",))
    assert severities(found) == [("B002", 3, "warning")]
    assert found[0].category == "blank-field"


def test_lone_label_with_nothing_after_it():
    text = "ANNEXE 2 – PILOTAGE\n\nLe chef de projet :\n\n- Fonction : chargé de coopération\n\n- Nom :\n"
    assert severities(lint(text, select=("B002",))) == [("B002", 7, "warning")]


def test_lone_labels_of_one_series_are_information():
    text = "ANNEXE 2 – PILOTAGE\n\n- Pour la CAF :\n\n- Pour le Département :\n\nResponsable UTPAS\n"
    assert severities(lint(text, select=("B002",))) == [("B002", 3, "info")]


@pytest.mark.parametrize("text", [
    # an introducer and its list
    "Résultats attendus :\n\n- Faciliter les échanges, le partenariat et la dynamique locale ;",
    "Publics cibles : ● enfants ● jeunes ● familles",
    "Indicateurs retenus : ● Indicateur 1 : fréquentation ● Indicateur 2 : délai",
    # a heading and its sub-heading
    "• La composition souhaitable du comité technique :\n\n– Pour la collectivité locale :\n\n• Le chef de projet",
    # filled fields (Armentières lines 341-342)
    " - *Fonction : Chargé de coopération CTG (1 ETP)*\n - *Nom : En phase de recrutement*",
    "– Pour la MSA :Responsable du service",
    "Il est convenu et arrêté ce qui suit :\n\nPréambule",
])
def test_filled_fields_and_introducers_are_not_blank(text):
    assert [f for f in lint(ANNEX_6.format(text), select=("B002",)) if f.severity.value != "info"] == []


SIGNATURE = ("Article 14 – Confidentialité\n\nLes parties sont tenues au secret professionnel.\n\nFait à Lille le 3 mars 2021\n\n"
             "La Caf du Nord\t\tLa commune de Hem\nLe directeur général Luc Grard\tLa présidente du conseil "
             "d'administration\tLe Maire Jean Dupont\n")


def test_table_cell_holding_only_the_text_before_a_slot():
    found = lint(SIGNATURE, select=("B",), template="caf-nord-2021")
    assert severities(found) == [("B002", 8, "warning")]  # the chair's name is missing
    assert found[0].excerpt == "La présidente du conseil d'administration"
    filled = SIGNATURE.replace("d'administration\t", "d'administration Lydie Librizzi\t")
    assert lint(filled, select=("B",), template="caf-nord-2021") == []


PILOTAGE = ("ANNEXE 2 – MODALITÉS DE PILOTAGE\n\n- Un comité de pilotage, animé par la Collectivité :\n"
            " - Fonction : {}\n - Nom : {}\n\nComposé, à parité, de représentants Caf et Collectivité, et d'autres "
            "cosignataires éventuels.\n")


@pytest.mark.parametrize("function,name,line", [
    ("", "Jean Dupont", 4),  # the next field follows
    ("chargée de coopération", "", 5),  # the model's next paragraph follows
])
def test_required_field_of_the_template_left_empty(function, name, line):
    found = lint(PILOTAGE.format(function, name), select=("B",), template="caf-nord-2023")
    assert severities(found) == [("B002", line, "warning")]


def test_value_on_the_next_line_is_a_value():
    text = PILOTAGE.format("chargée de coopération", "").replace(" - Nom : \n", " - Nom :\n\nMadame Jeanne Martin\n")
    assert lint(text, select=("B",), template="caf-nord-2023") == []


def test_trailing_empty_field_is_information():
    text = ("● Indicateur 1 : Organisation des instances ● Indicateur 2 : Outils de suivi et d'évaluation "
            "● Indicateur 3 :")
    assert severities(lint(ANNEX_6.format(text), select=("B002",))) == [("B002", 3, "info")]


def test_lone_bullet_is_information():
    text = "ANNEXE 2 – PILOTAGE\n\n• le chargé d'intervention sociale\n\n•\n\n– Pour le Département :\n\nResponsable"
    assert severities(lint(text, select=("B002",))) == [("B002", 5, "info")]


def test_lys_empty_fields():
    found = severities(lint_file(LYS, select=("B002",)))
    assert ("B002", 546, "warning") in found  # L25
    assert ("B002", 553, "warning") in found  # L26
    assert ("B002", 560, "warning") in found  # L27
    by_line = {line: sev for _, line, sev in found}
    assert by_line.get(567, "info") == "info"  # « ● Indicateur 3 : » after two filled ones
    assert by_line.get(408, "info") == "info"  # a lone « • »
    assert {sev for _, _, sev in found if _ not in (546, 553, 560)} <= {"info"}


def test_armentieres_filled_fields_are_not_blank():
    found = lint_file(ARMENTIERES, select=("B002",))
    assert not [f for f in found if f.line in (341, 342)]
    assert [f for f in found if f.severity.value != "info"] == []


# --------------------------------------------------------------------------- B003

FORM = ("Titre action :\tPublic cible\nObjectifs opérationnels\tModalités de mise en œuvre\n"
        "\tEchéances de réalisation\nServices mobilisés et responsables de l’action\tRésultats attendus\n"
        "Partenaires sollicités\tIndicateurs d’évaluation\n")
FILLED = ("Titre action : Accueil des adolescents\tPublic cible : les 11-17 ans\n"
          "Objectifs opérationnels : ouvrir un accueil\tModalités de mise en œuvre : avec le centre social\n"
          "\tEchéances de réalisation : 2024\nServices mobilisés et responsables de l’action : jeunesse\t"
          "Résultats attendus : 40 jeunes\nPartenaires sollicités : centre social\tIndicateurs d’évaluation : "
          "fréquentation\n")


def test_annex_of_empty_forms_is_one_finding():
    text = ("ARTICLE 15 – CONFIDENTIALITÉ\n\nLes parties sont tenues au secret professionnel.\n\n"
            "ANNEXE 4 – PLAN D’ACTIONS\n\n" + FORM + "\n\n" + FORM + "\n\n" + FORM)
    found = lint(text, select=("B003",), template="caf-nord-2023")
    assert severities(found) == [("B003", 7, "warning")]
    assert found[0].category == "blank-field" and found[0].section == "annex 4"


def test_outside_an_annex_each_empty_form_is_reported():
    text = "ANNEXE 4 – PLAN D’ACTIONS\n\n" + FORM + "\n\n" + FORM
    assert codes_lines(lint(text, select=("B003",), template="caf-nord-2023")) == [("B003", 3), ("B003", 10)]


def test_one_finding_per_empty_form_beside_a_filled_one():
    text = "ANNEXE 4 – PLAN D’ACTIONS\n\n" + FILLED + "\n" + FORM + "\n" + FORM
    found = lint(text, select=("B003",), template="caf-nord-2023")
    assert codes_lines(found) == [("B003", 9), ("B003", 15)]


def test_form_with_only_its_title_is_one_finding():
    partial = FORM.replace("Titre action :\t", "Titre action : Accueil des adolescents\t")
    text = "ANNEXE 4 – PLAN D’ACTIONS\n\n" + FILLED + "\n" + partial
    found = lint(text, select=("B",), template="caf-nord-2023")
    assert codes_lines(found) == [("B003", 9)]
    assert found[0].excerpt == "Public cible"


def test_filled_form_is_not_reported():
    text = "ANNEXE 4 – PLAN D’ACTIONS\n\n" + FILLED
    assert lint(text, select=("B003",), template="caf-nord-2023") == []
    assert lint(text, select=("B003",)) == []


def test_empty_form_found_without_a_chosen_template():
    text = "ANNEXE 4 – PLAN D’ACTIONS\n\n" + FORM
    assert codes_lines(lint(text, select=("B003",))) == [("B003", 3)]


def test_armentieres_annex_4_is_one_warning():
    found = lint_file(ARMENTIERES, select=("B003",))
    assert severities(found) == [("B003", 360, "warning")]  # A6, on the first « Titre action : »
    assert found[0].section == "annex 4"
    # and the empty cells are not reported one by one
    assert [f for f in lint_file(ARMENTIERES, select=("B",)) if 358 <= f.line <= 399] == found


def test_lys_has_no_empty_form():
    assert lint_file(LYS, select=("B003",)) == []


def test_template_fields():
    t2023 = next(t for t in templates.builtin() if t.id == "caf-nord-2023")
    fields = template_fields(t2023)
    assert len(fields.forms) == 1
    assert fields.forms[0].first == label_key("Titre action :")
    assert label_key("Indicateurs d’évaluation") in fields.forms[0].keys
    t2021 = next(t for t in templates.builtin() if t.id == "caf-nord-2021")
    labels = template_fields(t2021).labels
    assert labels[label_key("● Indicateur 2 :")] == {"texte"}
    assert labels[label_key("Indicateur 3")] == {"libre"}
    assert labels[label_key("– Pour l'Etat :")] == {"libre"}
