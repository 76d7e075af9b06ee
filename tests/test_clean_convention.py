"""A convention built from each template, every slot filled and no instruction left, is clean."""
from __future__ import annotations

import pytest

from cleanconv import clean_convention

from conftest import lint


@pytest.mark.parametrize("template_id", ["caf-nord-2023", "caf-nord-2021"])
def test_clean_convention_gives_no_finding_at_all(template_id):
    text = clean_convention(template_id)
    findings = lint(text, name=f"{template_id}.txt")
    assert [(f.code, f.line, f.message) for f in findings] == []


@pytest.mark.parametrize("template_id", ["caf-nord-2023", "caf-nord-2021"])
def test_clean_convention_is_matched_to_its_template(template_id):
    from ctglint.check import CheckOptions, check_file

    result = check_file("c.txt", CheckOptions(rules=[]), data=clean_convention(template_id).encode())
    assert result.template_id == template_id and result.template_score > 0.9


@pytest.mark.parametrize("template_id,facts", [
    ("caf-nord-2023", dict(commune="Villeneuve-d'Ascq", mayor="Madame Marie DURAND", first_year=2024,
                           last_year=2027, deliberation="05/12/2023", signature="10/01/2024")),
    ("caf-nord-2023", dict(commune="La Madeleine")),
    ("caf-nord-2023", dict(commune="Saint-André-lez-Lille", first_year=2022, last_year=2025,
                           deliberation="01/12/2021", signature="15/01/2022")),
    ("caf-nord-2021", dict(commune="Hem", first_year=2020, last_year=2022, deliberation="10/12/2019",
                           signature="20/01/2020")),
    ("caf-nord-2021", dict(commune="Marcq-en-Barœul")),
], ids=lambda v: v.get("commune") if isinstance(v, dict) else v)
def test_other_communes_and_years_are_clean_too(template_id, facts):
    from cleanconv import with_facts

    assert [(f.code, f.line) for f in lint(with_facts(template_id, **facts))] == []


def test_a_commune_of_another_department_is_flagged():
    from cleanconv import with_facts

    found = lint(with_facts("caf-nord-2021", commune="Y"))  # Y is a commune of the Somme (80)
    assert {f.code for f in found} == {"N004"}
