"""ctglint.rx: module-level patterns replayed from an on-disk cache of compiled programs.

Most checks run the compiling in child processes, each with the cache folder in ``tmp_path``:
the cache matters only across processes, and the test process's own state stays untouched.
"""
from __future__ import annotations

import json
import marshal
import os
import re
import subprocess
import sys

import pytest

from ctglint import rx
from ctglint.cachedir import cache_dir

#: (pattern, flags): named groups, case-insensitive multi-line, look-behind, possessive and
#: atomic forms, back-references, inline flags, accented classes, verbose, ASCII.
PATTERNS = [
    (r"(?P<jour>1er|\d{1,2})\s+(?P<mois>janvier|février|mars|avril|décembre)\s+(?P<annee>\d{4})", 0),
    (r"^\s*article\s+(?P<num>\d+|premier)\s*:?\s*$", int(re.IGNORECASE | re.MULTILINE)),
    (r"(?<![\w-])(?:X{3,}|x{3,}|XX)(?![\w-])", 0),
    (r"(?<=n°\s)\d{4}-\d++", 0),
    (r"\d++[.,]?\d*+\s*(?:€|%)", 0),
    (r"(?>[a-zé]+)\s", 0),
    (r"\b(\w+)\s+\1\b", int(re.IGNORECASE)),
    (r"(?i:communauté)\s+d[’'](?:agglomération|communes)", 0),
    (r"[éèêë]t[ée]", int(re.IGNORECASE)),
    (r"""(?P<mot> [^\W\d_]+ )   # un mot
         (?: - (?P=mot) )?      # répété après un trait d'union""", int(re.VERBOSE)),
    (r"\w+", int(re.ASCII)),
    (r"fait\s+à\s+(?P<lieu>.+?)\s*,\s*le", int(re.IGNORECASE | re.DOTALL)),
]

TEXTS = [
    "Le 1er janvier 2024, la Commune de Lys-lez-Lannoy et la CAF du Nord signent la convention.",
    "ARTICLE 3 :\narticle 12\n  Article premier\nArticle 7 bis",
    "Madame XXX, née le xx/xx/20XX, demeurant à XX.",
    "Vu la délibération n° 2023-45 du 17 mars 2023 ; montant : 12345,67 € soit 3,5 %.",
    "très très bien : l'été, ÉTÉ, Été ; la Communauté d’agglomération, COMMUNAUTÉ de communes",
    "porte-porte, fait-fait ; Fait à\nRoubaix, le 3 décembre 2023",
]

#: Compiles PATTERNS (argv[1], JSON) with rx.compile and prints what they find in TEXTS (argv[2]).
#: With argv[3] == "replay-only", re's parser and compiler are broken first: every pattern must
#: then come from the cache.
CHILD = r"""
import json, re, sys
from ctglint import cachedir, rx  # cachedir's own imports compile patterns: import it first

patterns, texts = json.loads(sys.argv[1]), json.loads(sys.argv[2])
parse, compile = re._parser.parse, re._compiler.compile
if sys.argv[3] == "replay-only":
    def broken(*args, **kwargs):
        raise AssertionError("compiled instead of replayed")
    re._parser.parse = broken
    re._compiler.compile = broken
compiled = [rx.compile(pattern, flags) for pattern, flags in patterns]
# The same program whether the flags are an int or a RegexFlag
assert all(rx.compile(pattern, re.RegexFlag(flags)) == p for (pattern, flags), p in zip(patterns, compiled))
re._parser.parse, re._compiler.compile = parse, compile
# and as re.compile's (Pattern equality compares pattern, flags and program).
assert all(re.compile(pattern, flags) == p for (pattern, flags), p in zip(patterns, compiled))
print(json.dumps([[p.pattern, p.flags, p.groups, dict(p.groupindex),
                   [[[m.span(), m.groups(), m.groupdict()] for m in p.finditer(t)] for t in texts],
                   [p.sub("#", t) for t in texts]] for p in compiled]))
"""


def describe(p: re.Pattern) -> list:
    """What the child prints for ``p``, computed here with the ordinary re.compile."""
    return json.loads(json.dumps([p.pattern, p.flags, p.groups, dict(p.groupindex),
                                  [[[m.span(), m.groups(), m.groupdict()] for m in p.finditer(t)] for t in TEXTS],
                                  [p.sub("#", t) for t in TEXTS]]))


FRESH = [describe(re.compile(p, f)) for p, f in PATTERNS]


def child_env(cache, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CTGLINT_")}
    env["CTGLINT_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def run_child(cache, mode: str = "compile", patterns=PATTERNS, **extra) -> subprocess.CompletedProcess:
    cwd = next(d for d in cache.parents if d.is_dir())
    return subprocess.run([sys.executable, "-c", CHILD, json.dumps(patterns), json.dumps(TEXTS), mode],
                          env=child_env(cache, **extra), cwd=cwd, capture_output=True, text=True, timeout=120)


def results(proc: subprocess.CompletedProcess) -> list:
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def cache_files(cache) -> list:
    return sorted(p for p in cache.rglob("*") if p.is_file()) if cache.exists() else []


def test_second_process_replays_what_the_first_compiled(tmp_path):
    cache = tmp_path / "cache"
    assert results(run_child(cache)) == FRESH
    assert len(cache_files(cache)) == 1
    # re's parser and compiler are out of order in the second process: everything is replayed.
    assert results(run_child(cache, "replay-only")) == FRESH


def test_without_the_cache_file_patterns_compile_the_usual_way(tmp_path):
    proc = run_child(tmp_path / "cache", "replay-only")
    assert proc.returncode != 0  # proof that replay-only really disables compiling


def test_nothing_is_written_when_nothing_new_was_compiled(tmp_path):
    cache = tmp_path / "cache"
    results(run_child(cache))
    [file] = cache_files(cache)
    before = (file.read_bytes(), file.stat().st_mtime_ns)
    assert results(run_child(cache)) == FRESH
    assert cache_files(cache) == [file]
    assert (file.read_bytes(), file.stat().st_mtime_ns) == before


def test_new_entries_are_merged_with_the_file(tmp_path):
    cache = tmp_path / "cache"
    results(run_child(cache, patterns=PATTERNS[:4]))
    results(run_child(cache, patterns=PATTERNS[4:]))
    assert results(run_child(cache, "replay-only")) == FRESH


def test_the_package_patterns_are_cached_and_replayed(tmp_path):
    cache = tmp_path / "cache"
    code = "import ctglint.cli; from ctglint.engine import all_rules; all_rules()"
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-c", code], env=child_env(cache), cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0 and proc.stderr == "", proc.stderr
    [file] = cache_files(cache)
    header, entries = marshal.loads(file.read_bytes())
    assert len(entries) > 50


@pytest.mark.parametrize("garbage", [b"", b"\x00not marshal at all", marshal.dumps([1, 2, 3]),
                                     marshal.dumps(("foreign header", {}))])
def test_a_corrupt_cache_file_is_ignored(tmp_path, garbage):
    cache = tmp_path / "cache"
    results(run_child(cache))
    [file] = cache_files(cache)
    file.write_bytes(garbage)
    assert results(run_child(cache)) == FRESH
    # and it is rewritten whole
    assert results(run_child(cache, "replay-only")) == FRESH


@pytest.mark.parametrize("spoil", [
    lambda args: (args[0], [], *args[2:]),
    lambda args: (args[0], [123456, 7], *args[2:]),
    lambda args: (args[0], args[1][: len(args[1]) // 2], *args[2:]),
    lambda args: (args[0], "code", *args[2:]),
    lambda args: ("flags", *args[1:]),
    lambda args: args[:1],
    lambda args: None,
])
def test_an_entry_the_regex_engine_refuses_is_compiled_again(tmp_path, spoil):
    cache = tmp_path / "cache"
    results(run_child(cache))
    [file] = cache_files(cache)
    header, entries = marshal.loads(file.read_bytes())
    file.write_bytes(marshal.dumps((header, {key: spoil(args) for key, args in entries.items()})))
    assert results(run_child(cache)) == FRESH
    assert results(run_child(cache, "replay-only")) == FRESH


def test_no_cache_reads_and_writes_nothing(tmp_path):
    cache = tmp_path / "cache"
    assert results(run_child(cache, CTGLINT_NO_CACHE="1")) == FRESH
    assert not cache.exists()
    results(run_child(cache))
    [file] = cache_files(cache)
    file.write_bytes(b"\x00not marshal at all")
    assert results(run_child(cache, CTGLINT_NO_CACHE="1")) == FRESH
    assert file.read_bytes() == b"\x00not marshal at all"


def test_an_unwritable_cache_folder_does_not_raise(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = blocker / "cache"
    assert results(run_child(cache)) == FRESH
    assert blocker.read_text() == "not a folder"


def test_cache_folder_comes_from_the_environment(monkeypatch, tmp_path):
    for name in ("CTGLINT_NO_CACHE", "CTGLINT_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_dir() == tmp_path / "xdg" / "ctglint"
    monkeypatch.setenv("CTGLINT_CACHE_DIR", str(tmp_path / "here"))
    assert cache_dir() == tmp_path / "here"
    monkeypatch.setenv("CTGLINT_NO_CACHE", "1")
    assert cache_dir() is None


def test_what_is_not_a_plain_string_goes_to_re(capsys):
    compiled = re.compile(r"\d+")
    assert rx.compile(compiled) is compiled
    assert rx.compile(rb"caf\xc3\xa9", re.IGNORECASE).findall(b"CAF\xc3\xa9") == [b"CAF\xc3\xa9"]
    with pytest.raises(ValueError):
        rx.compile(compiled, re.IGNORECASE)
    capsys.readouterr()
    rx.compile(r"ab?c", re.DEBUG)
    ours = capsys.readouterr().out
    re.compile(r"ab?c", re.DEBUG)
    assert ours and ours == capsys.readouterr().out


def test_a_bad_pattern_raises_as_re_does():
    for bad in ("(", "a{2,1}", "(?P<x>a)(?P<x>b)", "[z-a]"):
        with pytest.raises(re.error) as ours:
            rx.compile(bad)
        with pytest.raises(re.error) as theirs:
            re.compile(bad)
        assert (ours.value.msg, ours.value.pos) == (theirs.value.msg, theirs.value.pos)


def test_a_pattern_is_compiled_or_replayed_once_a_process(tmp_path):
    """Later calls with the same pattern return the first pattern object: no compiling again
    (rx bypasses re's own cache), whether the pattern came from the file or not."""
    code = r"""
import re
from ctglint import cachedir, rx
first = [rx.compile(r"zz\d+q"), rx.compile(r"(?P<a>\w+)-(?P=a)", re.I)]
re._parser.parse = re._compiler.compile = None
assert [rx.compile(r"zz\d+q"), rx.compile(r"(?P<a>\w+)-(?P=a)", re.I)] == first
assert all(a is b for a, b in zip(first, [rx.compile(r"zz\d+q"), rx.compile(r"(?P<a>\w+)-(?P=a)", re.I)]))
"""
    cache = tmp_path / "cache"
    for _ in range(2):  # compiled, then replayed from the file
        proc = subprocess.run([sys.executable, "-c", code], env=child_env(cache), cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
