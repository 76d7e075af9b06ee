"""T001 template-drift: word-level conformance to the reference text, slots and cosmetics aside."""
from __future__ import annotations

from conftest import ARMENTIERES, LYS, lint, lint_file

DUREE = ("ARTICLE 11 – DUREE DE LA CONVENTION\n\nLa présente convention est conclue à compter du 01/01/2023 "
         "jusqu'au 31 décembre 2026.\n\n{}\n")


def test_seed_drift_is_found_where_the_reviewer_found_it():
    arm = {(f.line, f.excerpt) for f in lint_file(ARMENTIERES, select=("T001",))}
    assert (56, "personnel") in arm
    lys = {f.line: f for f in lint_file(LYS, select=("T001",))}
    assert {25, 250, 254} <= set(lys)
    assert lys[250].excerpt == "expresse reconduction" and lys[250].expected == "accord explicite"
    assert "Ci-après dénommée" in lys[25].expected


def test_changed_word_in_a_clause():
    found = lint(DUREE.format("La présente convention ne peut être reconduite que par expresse reconduction."),
                 select=("T001",), template="caf-nord-2023")
    assert [(f.line, f.excerpt, f.expected) for f in found] == [(5, "expresse reconduction", "accord explicite")]


def test_cosmetic_differences_are_never_reported():
    text = DUREE.format("LA  PRÉSENTE convention ne peut être reconduite que par accord\u00a0explicite .")
    assert lint(text, select=("T001",), template="caf-nord-2023") == []
    cosmetic = ARMENTIERES.read_text("utf-8").replace("Ctg", "CTG").replace("'", "’").replace("▪", "•")
    before = {(f.line, f.excerpt) for f in lint_file(ARMENTIERES, select=("T001",))}
    after = {(f.line, f.excerpt) for f in lint(cosmetic, select=("T001",))}
    assert after == before


def test_filled_slots_are_not_drift():
    text = DUREE.replace("01/01/2023", "1er janvier 2024").replace("31 décembre 2026", "31/12/2027")
    assert lint(text.format("La présente convention ne peut être reconduite que par accord explicite."),
                select=("T001",), template="caf-nord-2023") == []


def test_added_and_deleted_sentences():
    added = DUREE.format("La présente convention ne peut être reconduite que par accord explicite. "
                         "Elle sera prolongée d'office en cas de retard.")
    found = lint(added, select=("T001",), template="caf-nord-2023")
    assert [f.excerpt for f in found] == ["Elle sera prolongée d'office en cas de retard."]
    deleted = DUREE.format("")
    found = lint(deleted, select=("T001",), template="caf-nord-2023")
    assert len(found) == 1 and "accord explicite" in found[0].expected


def test_locked_severity_option():
    from ctglint import engine
    from ctglint.check import CheckOptions, check_file
    from ctglint.findings import Severity

    text = DUREE.format("La présente convention ne peut être reconduite que par expresse reconduction.")
    rule = engine.find_rule("T001")
    for option, expected in (("warning", Severity.WARNING), ("error", Severity.ERROR)):
        options = CheckOptions(rules=[rule.with_options({"locked_severity": option})], template="caf-nord-2023")
        (finding,) = check_file("d.txt", options, data=text.encode()).findings
        assert finding.severity is expected
