"""R001 repeated-text."""
from __future__ import annotations

import pytest

from ctglint import templates
from ctglint.rules.duplicates import RepeatedText, compare_key, sentences, template_repeats

from conftest import ARMENTIERES, LYS, lint, lint_file

ANNEX = "ANNEXE 2 – MODALITES DE PILOTAGE\n\n{}\n"
S1 = ("Les 2 comités s'appuieront sur des groupes techniques thématiques dont le nombre et la composition "
      "seront variables selon les thèmes retenus.")
S2 = "Ces nouvelles instances devront remplacer toutes celles pré-existantes."


def codes_lines(findings):
    return [(f.code, f.line) for f in findings]


def test_sentence_repeated_in_one_paragraph():
    found = lint(ANNEX.format(f"{S1} {S2} {S1}"), select=("R001",))
    assert codes_lines(found) == [("R001", 3)]
    assert found[0].severity.value == "warning" and found[0].category == "duplicate-text"
    assert found[0].column == len(f"{S1} {S2} ") + 1  # on the second occurrence
    assert found[0].excerpt == S1


def test_repetition_ignores_case_spacing_and_punctuation():
    again = S1.upper().replace(" ", "  ").rstrip(".")
    assert codes_lines(lint(ANNEX.format(f"{S1} {S2} {again}"), select=("R001",))) == [("R001", 3)]


def test_sentence_repeated_in_the_next_paragraph():
    found = lint(ANNEX.format(f"{S1} {S2}\n\n{S2} Un autre texte suit ici pour le comité."), select=("R001",))
    assert codes_lines(found) == [("R001", 5)]


def test_paragraph_repeated_whole_is_one_finding():
    found = lint(ANNEX.format(f"{S1} {S2}\n\n{S1} {S2}"), select=("R001",))
    assert codes_lines(found) == [("R001", 5)]
    assert (found[0].column, found[0].end_column) == (1, len(f"{S1} {S2}") + 1)  # the whole paragraph


def test_consecutive_repeated_sentences_make_one_finding():
    found = lint(ANNEX.format(f"{S1} {S2} {S1} {S2}"), select=("R001",))
    assert len(found) == 1


@pytest.mark.parametrize("text", [
    f"{S1} {S2}",
    # short sentences are not duplicates
    "Pour la CAF. Le chef de projet. Pour la CAF. Le chef de projet.",
    "Suivi et évaluation de la CTG. Suivi et évaluation de la CTG.",
    # the same sentence in paragraphs that are not adjacent
    f"{S1}\n\n{S2}\n\n{S1}",
    # table cells side by side (one column per year) repeat on purpose
    "Fiche action n°3 : Définir les modalités\tSuivi et évaluation de la convention territoriale globale\t"
    "Suivi et évaluation de la convention territoriale globale",
])
def test_not_repeated(text):
    assert lint(ANNEX.format(text), select=("R001",)) == []


def test_text_the_template_repeats_is_not_reported():
    # The 2021 model itself writes « Indiquer ici les résultats réellement obtenus » and the « Axe 2 »
    # action table twice; the same sentence twice in a row in a draft is then the model's form.
    t2021 = next(t for t in templates.builtin() if t.id == "caf-nord-2021")
    repeats = template_repeats(t2021)
    assert compare_key("Analyser le niveau d'atteinte des objectifs") in repeats
    repeated = "Analyser le niveau d'atteinte des objectifs de la convention"
    assert compare_key(repeated) not in repeats


def test_sentences():
    text = "Vu l'article L. 263-1 du code. M. Dupont signe. Le comité se réunit ; il décide."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Vu l'article L. 263-1 du code.", "M. Dupont signe.", "Le comité se réunit ; il décide."]


def test_option_min_words():
    rule = RepeatedText.with_options({"min_words": 3})
    assert rule.options.min_words == 3
    with pytest.raises(KeyError):
        RepeatedText.with_options({"min_word": 3})


def test_lys_repeated_sentence():
    found = lint_file(LYS, select=("R001",))
    assert codes_lines(found) == [("R001", 420)]  # L14
    assert found[0].column > 1  # the second occurrence, not the first


def test_armentieres_has_no_repetition():
    assert lint_file(ARMENTIERES, select=("R001",)) == []
