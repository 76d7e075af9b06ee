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
