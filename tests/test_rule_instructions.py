"""I001 drafting-instruction."""
from __future__ import annotations

import pytest

from conftest import ARMENTIERES, LYS, lint, lint_file

ARTICLE = "ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF\n\n{}\n"


def codes_lines(findings):
    return [(f.code, f.line) for f in findings]


@pytest.mark.parametrize("text", [
    "A adapter en fonction du territoire",
    "Partie libre pour décrire les interventions de la Caf sur le territoire.",
    "(... Situer le territoire concerné par la CTG locale)",
    "Indiquer ici les résultats réellement obtenus",
    "(Autant de tableaux que d'axes du projet).",
    "Partenaires : À détailler selon la commune et les thématiques",
    "- (et autres partenaires financeurs/décideurs éventuels, en particulier la MSA)",
])
def test_general_forms_without_template(text):
    found = lint(ARTICLE.format(text), select=("I001",))
    assert codes_lines(found) == [("I001", 3)]


@pytest.mark.parametrize("text", [
    "La commune adapte ses horaires en fonction du territoire.",
    "Une partie des crédits est libre d'emploi.",
    "Les partenaires sont indiqués en annexe 2.",
])
def test_ordinary_sentences_are_not_instructions(text):
    assert lint(ARTICLE.format(text), select=("I001",)) == []


def test_seed_instructions_with_severity_by_place():
    arm = lint_file(ARMENTIERES, select=("I001",))
    assert [(f.line, f.severity.value) for f in arm] == [(34, "error"), (116, "error")]
    assert arm[0].excerpt.startswith("(") and arm[0].excerpt.endswith(")")
    lys = {f.line: f.severity.value for f in lint_file(LYS, select=("I001",))}
    assert lys[74] == "error"  # preamble
    assert {lys[311], lys[504], lys[518], lys[543]} == {"warning"}  # annexes


def test_template_instruction_found_across_a_line_break():
    text = ("ARTICLE 2 – LES CHAMPS D'INTERVENTION DE LA CAF\n\nPartie libre pour décrire\n"
            "les interventions de la Caf sur le territoire.\n")
    found = lint(text, select=("I001",), template="caf-nord-2023")
    assert codes_lines(found) == [("I001", 3)]
    assert found[0].end_line == 4
