"""Baselines: write, reuse, and survive unrelated edits."""
from __future__ import annotations

import json

from conftest import LYS, findings


def test_baseline_round_trip_survives_a_paragraph_added_at_the_top(cli, tmp_path, seed_copy):
    draft = seed_copy(LYS)
    baseline = tmp_path / "ctglint-baseline.json"
    written = cli("check", "--write-baseline", baseline, draft)
    assert written.exit_code == 0
    entries = json.loads(baseline.read_text("utf-8"))["findings"]
    assert entries and all(e["path"] == draft.name for e in entries)

    assert findings(cli("check", "--format", "json", "--baseline", baseline, draft).json()) == []
    assert cli("check", "--baseline", baseline, draft).exit_code == 0

    text = draft.read_text("utf-8")
    draft.write_text("Projet transmis le XXX pour relecture.\n\n" + text, "utf-8")
    new = findings(cli("check", "--format", "json", "--baseline", baseline, draft).json())
    assert {f["line"] for f in new} == {1}  # every old finding stays suppressed
    assert ("P001", "XXX") in {(f["code"], f["excerpt"]) for f in new}


def test_bad_baseline_file_is_exit_2(cli, tmp_path):
    bad = tmp_path / "b.json"
    bad.write_text("{}", "utf-8")
    result = cli("check", "--baseline", bad, LYS)
    assert result.exit_code == 2 and str(bad) in result.stderr
