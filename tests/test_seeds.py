"""The seed conventions against the legal reviewer's truth file (tests/fixtures/seeds/truth.json)."""
from __future__ import annotations

import json

import pytest

from conftest import SEEDS, findings, validate_report

TRUTH = json.loads((SEEDS / "truth.json").read_text("utf-8"))["files"]


def _lines(f: dict) -> set[int]:
    return set(range(f["line"], f["end_line"] + 1))


@pytest.fixture(scope="module")
def reports():
    from click.testing import CliRunner

    from ctglint.cli import main

    out = {}
    for name in TRUTH:
        raw = CliRunner().invoke(main, ["check", "--format", "json", str(SEEDS / name)])
        out[name] = json.loads(raw.stdout)
        validate_report(out[name])
    return out


def _defects(categories=None):
    return [(name, d) for name, spec in TRUTH.items() for d in spec["defects"]
            if categories is None or d["category"] in categories]


@pytest.mark.parametrize("name,defect", _defects(("placeholder", "template-instruction")),
                         ids=lambda v: v["id"] if isinstance(v, dict) else v)
def test_placeholder_and_instruction_defects_are_hit(reports, name, defect):
    hits = [f for f in findings(reports[name]) if _lines(f) & set(defect["lines"])]
    assert hits, f"{defect['id']} {defect['key']!r} not reported"


@pytest.mark.parametrize("name,look_alike", [(n, nd) for n, s in TRUTH.items() for nd in s["not_defects"]],
                         ids=lambda v: v["key"][:30] if isinstance(v, dict) else v)
def test_look_alikes_are_not_flagged(reports, name, look_alike):
    bad = [f for f in findings(reports[name])
           if _lines(f) & set(look_alike["lines"])
           and (look_alike.get("category") is None or f["category"] == look_alike["category"])
           and f["severity"] in ("error", "warning")]
    assert not bad, bad
