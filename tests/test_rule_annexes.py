"""AN001 annex-reference, AN002 annex-numbering, AN003 annex-heading-missing, AN004 annex-count,
AN005 empty-annex, AN006 required-annex-missing."""
from __future__ import annotations

import re

import pytest

from cleanconv import clean_convention
from conftest import ARMENTIERES, LYS, lint, lint_file


def codes_lines(findings):
    return sorted((f.code, f.line) for f in findings)


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """1-based line of the ``nth`` line containing ``needle``."""
    hits = [i + 1 for i, line in enumerate(text.split("\n")) if needle in line]
    return hits[nth - 1]


HEAD = "ARTICLE 1 – OBJET DE LA CTG\n\n{body}\n\nFait à Lille, le 18 mars 2023\n\n{annexes}\n"


def doc(body: str = "Elle vise à définir le projet stratégique global du territoire.", annexes: str = "") -> str:
    return HEAD.format(body=body, annexes=annexes)


def annexes(*numbers: int, titles: bool = True) -> str:
    return "\n\n".join(f"ANNEXE {n} – TITRE {n}\n\nContenu de l'annexe {n}." for n in numbers)


# --------------------------------------------------------------------------- the seeds

def test_armentieres_cites_a_missing_annex_5_and_nothing_else():
    found = lint_file(ARMENTIERES, select=("AN",))
    assert codes_lines(found) == [("AN001", 144)]  # A4
    assert found[0].severity.value == "error"
    assert "annexes 4 et 5" in found[0].excerpt


def test_lys_annex_defects():
    found = lint_file(LYS, select=("AN",))
    assert codes_lines(found) == [("AN002", 496), ("AN002", 527), ("AN003", 301), ("AN005", 422)]  # L21 L22 L9 L15
    severity = {(f.code, f.line): f.severity.value for f in found}
    assert severity[("AN003", 301)] == "warning"
    assert severity[("AN005", 422)] == "warning"
    assert severity[("AN002", 496)] == severity[("AN002", 527)] == "error"
    heading_missing = next(f for f in found if f.code == "AN003")
    assert "annexe 1" in heading_missing.message and "Liste des équipements" in heading_missing.message


def test_seed_annex_counts_are_not_flagged():
    # Armentières: « les 4 annexes » and 4 annexes; Lys: « **X** annexes » is a placeholder (P001's).
    assert not [f for f in lint_file(ARMENTIERES, select=("AN004",))]
    assert not [f for f in lint_file(LYS, select=("AN004",))]


def test_lys_citations_of_the_headingless_annex_1_are_fine():
    # « (Annexe 1) », « L'annexe 1 à la présente », « listés en annexe 1 »: annex 1 exists without its heading.
    assert lint_file(LYS, select=("AN001",)) == []


@pytest.mark.parametrize("template_id", ["caf-nord-2023", "caf-nord-2021"])
def test_clean_conventions_have_no_annex_finding(template_id):
    assert lint(clean_convention(template_id), select=("AN",)) == []


# --------------------------------------------------------------------------- AN001 annex-reference

@pytest.mark.parametrize("body,bad", [
    ("Le plan d'action figurera en annexe 3 de la présente convention.", True),
    ("Le plan d'action et son évaluation figureront en annexes 2 et 3.", True),
    ("Une mobilisation des cofinancements (Annexe 3) ;", True),
    ("L'annexe 3 à la présente fait apparaître le soutien des co-financeurs.", True),
    ("Les équipements et services listés en annexe 3.", True),
    ("Les fiches figurent en annexes 1 à 3.", True),
    ("Le diagnostic figure en annexe 1 de la présente convention.", False),
    ("Les pièces figurent en annexes 1 et 2.", False),
    ("Les modalités sont précisées à l'annexe 3 du décret du 3 octobre 2001.", False),
    ("Les pièces mentionnées à l'annexe 4 de l'arrêté sont fournies.", False),
    ("Le tableau figure à l'annexe 4 de la délibération du conseil municipal.", False),
    ("Les fiches figurent en annexe n° 3.", True),
    ("Les fiches figurent en annexe III.", True),
    ("Les indicateurs seront intégrés en annexe.", False),
    ("Le plan d'action 2023 est joint.", False),
])
def test_cited_annex_must_exist(body, bad):
    found = lint(doc(body, annexes(1, 2)), select=("AN001",))
    assert codes_lines(found) == ([("AN001", 3)] if bad else [])


def test_one_finding_per_reference_naming_every_missing_annex():
    found = lint(doc("Les fiches figurent en annexes 2, 3 et 4.", annexes(1, 2)), select=("AN001",))
    assert len(found) == 1 and "3 et 4" in found[0].message


def test_headingless_annex_counts_as_existing():
    text = doc("Les équipements sont listés en annexe 1.",
               "Une liste des équipements et services par signataire dans le respect des compétences détenues")
    assert lint(text, select=("AN001",)) == []


def test_an_excerpt_without_signature_nor_annex_is_not_checked():
    text = "ARTICLE 5 – LES OBJECTIFS\n\nLe plan d'action figurera en annexe 4 de la présente convention.\n"
    assert lint(text, select=("AN001",)) == []


def test_annex_reference_broken_by_renumbering():
    # Annex 2 removed and annexes 3, 4 renumbered 2, 3: « annexe 3 » (the deliberation) now points at the plan.
    text = clean_convention("caf-nord-2023")
    text = re.sub(r"ANNEXE 2 .*?(?=ANNEXE 3 )", "", text, flags=re.S)
    text = text.replace("ANNEXE 3 –", "ANNEXE 2 –").replace("ANNEXE 4 –", "ANNEXE 3 –")
    found = lint(text, select=("AN001",))
    assert codes_lines(found) == sorted([
        ("AN001", line_of(text, "figurant en annexe 3")),  # visa: now the action plan
        ("AN001", line_of(text, "figureront en annexe 4")),  # annex 4 no longer exists
        ("AN001", line_of(text, "semestriel (annexe 2)")),  # pilotage annex gone, 2 is the deliberation
    ])
    visa = next(f for f in found if f.line == line_of(text, "figurant en annexe 3"))
    assert "annexe 2 du projet" in visa.message


def test_subject_check_can_be_switched_off():
    from ctglint.check import CheckOptions, check_file
    from ctglint.rules.annexes import AnnexReference

    text = clean_convention("caf-nord-2023")
    text = re.sub(r"ANNEXE 2 .*?(?=ANNEXE 3 )", "", text, flags=re.S)
    text = text.replace("ANNEXE 3 –", "ANNEXE 2 –").replace("ANNEXE 4 –", "ANNEXE 3 –")
    rule = AnnexReference.with_options({"check_subject": False})
    result = check_file("c.txt", CheckOptions(rules=[rule]), data=text.encode())
    assert [f.line for f in result.findings] == [line_of(text, "figureront en annexe 4")]


# --------------------------------------------------------------------------- AN002 annex-numbering

@pytest.mark.parametrize("numbers,flagged", [
    ((1, 2, 3), []),
    ((1, 2, 4), [3]),  # gap: annex 3 missing
    ((2, 3), [1]),  # starts at 2
    ((1, 3, 2), [3]),  # disorder: « ANNEXE 2 » after annex 3
    ((1, 2, 3, 2), [4]),  # duplicate
    ((1, 2, 3, 3, 5), [4]),  # second 3 should be 4: one finding, no gap at 5
])
def test_annex_numbering(numbers, flagged):
    text = doc(annexes=annexes(*numbers))
    found = lint(text, select=("AN002",))
    expected = [line_of(text, f"ANNEXE {numbers[k - 1]} –", nth=numbers[:k].count(numbers[k - 1])) for k in flagged]
    assert codes_lines(found) == [("AN002", line) for line in expected]


def test_each_duplicate_heading_is_its_own_finding():
    text = doc(annexes=annexes(1, 2, 3) + "\n\nANNEXE 3\n\nFiche 1.\n\nANNEXE 3\n\nFiche 2.")
    found = lint(text, select=("AN002",))
    assert codes_lines(found) == [("AN002", line_of(text, "ANNEXE 3", 2)), ("AN002", line_of(text, "ANNEXE 3", 3))]


def test_headingless_annex_holds_its_number():
    text = doc(annexes="Une liste des équipements et services par signataire\n\n" + annexes(2, 3))
    assert lint(text, select=("AN002",)) == []


def test_sub_numbered_annexes_and_annex_lists_are_not_numbering_errors():
    text = doc(annexes=annexes(1, 2) + "\n\nANNEXE 2.1 – FICHES\n\nFiche 1.\n\nANNEXE 2 bis – FICHES\n\nFiche 2.")
    assert lint(text, select=("AN002",)) == []
    listed = doc(annexes="ANNEXE 1 – DIAGNOSTIC\n\nANNEXE 2 – PLAN\n\n" + annexes(1, 2))
    assert lint(listed, select=("AN002", "AN005")) == []


# --------------------------------------------------------------------------- AN003 annex-heading-missing

def test_headingless_annex_recognised_by_the_template_keywords():
    text = doc("Ce projet est établi à partir du diagnostic partagé.",
               "Le diagnostic a pour objet d'identifier l'ensemble des caractéristiques et des besoins : "
               "données démographiques, structures familiales.\n\nANNEXE 2 – MODALITÉS DE PILOTAGE\n\nComité.")
    found = lint(text, select=("AN003",), template="caf-nord-2023")
    assert codes_lines(found) == [("AN003", 7)]
    assert "l'annexe 1 (Diagnostic partagé)" in found[0].message
    assert found[0].severity.value == "warning"
    assert found[0].expected == "ANNEXE 1 – DIAGNOSTIC PARTAGÉ"


def test_headingless_annex_without_template_needs_a_citation():
    content = "Une liste des équipements et services par signataire dans le respect des compétences"
    cited = doc("Une mobilisation des cofinancements (Annexe 1) ;", content)
    assert codes_lines(lint(cited, select=("AN003",))) == [("AN003", 7)]
    uncited = doc("Elle vise à définir le projet.", content)
    assert lint(uncited, select=("AN003",)) == []


def test_unrecognised_content_after_signatures_is_not_an_annex_heading_problem():
    text = doc(annexes="Document établi en trois exemplaires originaux remis à chacune des parties présentes.")
    assert lint(text, select=("AN003",), template="caf-nord-2023") == []


def test_a_list_of_annexes_after_the_signatures_is_not_an_annex():
    text = doc(annexes="Liste des annexes :\n\n- Annexe 1 : diagnostic partagé\n- Annexe 2 : plan d'actions\n\n"
               + annexes(1, 2))
    assert lint(text, select=("AN002", "AN003"), template="caf-nord-2023") == []


# --------------------------------------------------------------------------- AN004 annex-count

COUNT = "Cette convention comporte 9 pages paraphées par les parties et {} énumérées dans le sommaire."


@pytest.mark.parametrize("said,bad", [
    ("les 3 annexes", True),
    ("quatre annexes", True),
    ("**4** annexes", True),
    ("une annexe", True),
    ("les 2 annexes", False),
    ("deux annexes", False),
    ("**X** annexes", False),  # a placeholder: P001's
    ("les annexes", False),
])
def test_annex_count_on_the_signature_page(said, bad):
    text = ("ARTICLE 1 – OBJET DE LA CTG\n\nTexte.\n\nFait à Lille, le 18 mars 2023\n\n" + COUNT.format(said)
            + "\n\n" + annexes(1, 2) + "\n")
    found = lint(text, select=("AN004",))
    assert codes_lines(found) == ([("AN004", 7)] if bad else [])
    if bad:
        assert found[0].expected == "2"


def test_annex_count_with_duplicate_headings_counts_annexes_once():
    text = ("ARTICLE 1 – OBJET DE LA CTG\n\nTexte.\n\nFait à Lille, le 18 mars 2023\n\n" + COUNT.format("les 2 annexes")
            + "\n\n" + annexes(1, 2) + "\n\nANNEXE 2\n\nFiche.\n")
    assert lint(text, select=("AN004",)) == []


# --------------------------------------------------------------------------- AN005 empty-annex

def test_empty_annex_heading_followed_by_the_next_annex():
    text = doc(annexes="ANNEXE 1 – DIAGNOSTIC\n\nTexte.\n\nANNEXE 2 – DELIBERATION MUNICIPALE\n\nANNEXE 3 – PLAN\n\nFiche.")
    found = lint(text, select=("AN005",))
    assert codes_lines(found) == [("AN005", line_of(text, "ANNEXE 2"))]
    assert found[0].severity.value == "warning"


def test_empty_last_annex_and_annex_with_content():
    text = doc(annexes="ANNEXE 1 – DIAGNOSTIC\n\nTexte.\n\nANNEXE 2 – DELIBERATION MUNICIPALE")
    assert codes_lines(lint(text, select=("AN005",))) == [("AN005", line_of(text, "ANNEXE 2"))]
    full = doc(annexes="ANNEXE 1 – DELIBERATION MUNICIPALE\n\nEn date du 09/02/2023")
    assert lint(full, select=("AN005",)) == []


# --------------------------------------------------------------------------- AN006 required-annex-missing

def test_required_annex_missing_anchored_on_the_signature():
    text = clean_convention("caf-nord-2023")
    text = re.sub(r"ANNEXE 2 .*?(?=ANNEXE 3 )", "", text, flags=re.S)
    found = lint(text, select=("AN006",))
    assert codes_lines(found) == [("AN006", line_of(text, "Fait à Lille"))]
    assert "annexe 2" in found[0].message and "pilotage" in found[0].message
    assert found[0].expected.startswith("ANNEXE 2 –")


def test_required_annex_present_under_another_number_is_not_missing():
    # Annexes renumbered after one was removed: only the removed one is missing.
    text = clean_convention("caf-nord-2021")
    text = re.sub(r"ANNEXE 5 .*?(?=ANNEXE 6 )", "", text, flags=re.S).replace("ANNEXE 6 –", "ANNEXE 5 –")
    found = lint(text, select=("AN006",))
    assert len(found) == 1 and "annexe 5" in found[0].message and "Champs d'intervention" in found[0].message


def test_every_required_annex_reported_when_the_draft_has_none():
    text = clean_convention("caf-nord-2023")
    text = text[:text.index("ANNEXE 1 –")]
    found = lint(text, select=("AN006",))
    assert len(found) == 4 and len({f.line for f in found}) == 1


def test_required_annexes_not_checked_without_template_or_on_an_excerpt():
    assert lint(doc(annexes=annexes(1)), select=("AN006",)) == []
    excerpt = "ARTICLE 1 – OBJET DE LA CTG\n\nElle vise à définir le projet stratégique global du territoire.\n"
    assert lint(excerpt, select=("AN006",), template="caf-nord-2023") == []
