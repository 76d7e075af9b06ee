"""The on-disk cache of parsed templates: packed heavy parts, derived data, same findings."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import LYS
from ctglint import templates


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A copy of a built-in template folder, with the cache on, in ``tmp_path / "cache"``."""
    monkeypatch.setenv("CTGLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CTGLINT_NO_CACHE", raising=False)
    copy = tmp_path / "tpl"
    shutil.copytree(templates.builtin_folders()[0], copy)
    return copy


def test_a_cached_template_is_unpacked_only_when_read(folder):
    parsed = templates.load(folder)
    cached = templates.load(folder)
    assert cached is not parsed and "_packed" in cached.__dict__
    assert cached.fixed_shingles == parsed.fixed_shingles and "_packed" in cached.__dict__
    assert [b.text for b in cached.document.blocks] == [b.text for b in parsed.document.blocks]
    assert "_packed" not in cached.__dict__
    words = cached.derived["diff.words"]
    assert cached.segments == parsed.segments and words == parsed.derived["diff.words"] != b""


def test_derived_data_is_computed_once_and_read_back_by_the_next_run(folder):
    templates.load(folder)
    first = templates.load(folder)  # read from the cache: it will be written again
    calls = []

    def compute(template):
        calls.append(template)
        return frozenset({len(template.document.blocks)})

    value = templates.derived(first, "test.blocks", compute)
    assert templates.derived(first, "test.blocks", compute) == value and len(calls) == 1
    templates._store_derived()  # what happens at exit
    second = templates.load(folder)
    assert second is not first
    assert templates.derived(second, "test.blocks", compute) == value and len(calls) == 1


def _check(env: dict) -> list:
    env = {**{k: v for k, v in os.environ.items() if k != "CTGLINT_NO_CACHE"}, **env}
    out = subprocess.run([sys.executable, "-m", "ctglint", "check", str(LYS), "--format", "json"],
                         capture_output=True, text=True, env=env, check=False)
    assert out.returncode == 1, out.stderr
    return [(f["code"], f["line"], f["column"], f["excerpt"]) for f in json.loads(out.stdout)["files"][0]["findings"]]


def test_findings_are_the_same_without_cache_cold_and_warm(tmp_path):
    env = {"CTGLINT_CACHE_DIR": str(tmp_path / "cache")}
    without = _check({"CTGLINT_NO_CACHE": "1"})
    cold = _check(env)
    warm = _check(env)
    assert without and without == cold == warm
    assert list((tmp_path / "cache").glob("template-*.pickle")) and list((tmp_path / "cache").glob("regex-*"))


def test_a_new_state_of_the_template_files_replaces_its_cached_form(tmp_path, folder):
    legacy = tmp_path / "cache" / ("template-" + "0" * 24 + ".pickle")
    legacy.parent.mkdir()
    legacy.write_bytes(b"stale")
    templates.load(folder)
    first = sorted((tmp_path / "cache").glob("template-*.pickle"))
    assert len(first) == 1 and first[0] != legacy
    manifest = folder / "manifest.toml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    templates.load(folder)
    second = sorted((tmp_path / "cache").glob("template-*.pickle"))
    assert len(second) == 1 and second != first
