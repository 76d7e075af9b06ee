"""Meta-tests over every rule: identity, documentation pages whose examples run, test modules."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest

from ctglint import engine
from ctglint.findings import CATEGORIES, Severity
from ctglint.ruledoc import HEADINGS, configuration, examples, page

from conftest import lint

RULES = engine.all_rules()
TESTS = Path(__file__).parent


def test_codes_and_names_are_unique_and_well_formed():
    codes = [r.code for r in RULES]
    names = [r.name for r in RULES]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for r in RULES:
        assert re.fullmatch(r"[A-Z]{1,3}\d{3}", r.code), r.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.name
        assert r.category in CATEGORIES, r.code
        assert isinstance(r.severity, Severity)
        # Options: an immutable record whose every field has a default (configuration sets some).
        assert issubclass(r.Options, tuple) and set(r.Options._field_defaults) == set(r.Options._fields)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_doc_page_has_every_heading(rule):
    text = page(rule)
    for heading in HEADINGS:
        assert re.search(rf"^{re.escape(heading)}$", text, re.MULTILINE), (rule.code, heading)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_doc_example_triggers_and_use_instead_does_not(rule):
    bad, good = examples(rule)
    config = configuration(rule)
    assert rule.code in {f.code for f in lint(bad, template=_template_for(rule, bad), config=config)}, \
        "Exemple does not trigger the rule"
    assert rule.code not in {f.code for f in lint(good, template=_template_for(rule, good), config=config)}, \
        "« À la place » triggers the rule"


def _template_for(rule, text: str) -> str | None:
    """A doc example is a few lines: too short to pass the similarity threshold on its own.
    A rule that needs a template gets the best one, as ``--template`` would force it."""
    if not rule.needs_template:
        return None
    from ctglint import outline, templates
    from ctglint.ingest.text import read_text

    doc = outline.build(read_text("example.txt", text.encode()))
    template, _ = templates.best_match(doc, list(templates.builtin()), forced=True)
    return template.id


@pytest.mark.parametrize("module", sorted({r.__module__.rsplit(".", 1)[-1] for r in RULES}))
def test_every_rule_module_has_its_test_module(module):
    assert (TESTS / f"test_rule_{module}.py").is_file()


def test_rules_never_compute_their_own_locations():
    for r in RULES:
        source = inspect.getsource(inspect.getmodule(r))
        assert ".position(" not in source and "end_line" not in source, r.code


def test_rules_and_rule_commands(cli):
    listing = cli("rules")
    assert listing.exit_code == 0
    assert len(listing.stdout.strip().splitlines()) == len(RULES)
    shown = cli("rule", "leftover-placeholder")
    assert shown.exit_code == 0 and "P001" in shown.stdout and "À la place" in shown.stdout
    assert cli("rule", "p001").stdout == shown.stdout
    assert cli("rule", "no-such-rule").exit_code == 2


def test_readme_lists_every_rule():
    readme = (TESTS.parent / "README.md").read_text("utf-8")
    for r in RULES:
        assert f"| {r.code} | {r.name} | {r.category} | {r.severity.value} |" in readme, r.code
