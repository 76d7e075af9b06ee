"""The text report: plain when it cannot show colours (and then without rich), rich otherwise."""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys

from conftest import LYS
from ctglint.check import CheckOptions, RunResult, check_file
from ctglint.engine import select_rules
from ctglint.report import text

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _run() -> RunResult:
    return RunResult([check_file(str(LYS), CheckOptions(rules=[r() for r in select_rules()], keep_document=True))])


def test_plain_and_coloured_reports_say_the_same_once_colours_are_removed():
    run = _run()
    plain, coloured = io.StringIO(), io.StringIO()
    text.render(run, plain, lang="fr", color=None)  # a StringIO is no terminal
    text.render(run, coloured, lang="fr", color=True)
    assert "\x1b[" not in plain.getvalue() and "\x1b[" in coloured.getvalue()
    # In colour, changes show as colours; in plain text, as [-old-] and {+new+} markers.
    unmarked = re.sub(r"\[-(.*?)-\]|\{\+(.*?)\+\}", lambda m: m.group(1) or m.group(2), plain.getvalue())
    assert _ANSI.sub("", coloured.getvalue()) == unmarked
    assert "[-accord explicite-] {+expresse reconduction+}" in plain.getvalue()


def test_no_colour_forced_off_stays_plain_even_on_a_terminal():
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Tty()
    text.render(_run(), out, lang="en", color=False)
    assert "\x1b[" not in out.getvalue() and "[-accord explicite-]" in out.getvalue()


def test_a_piped_check_never_imports_rich():
    code = ("import sys; from ctglint.__main__ import run; sys.argv = ['ctglint', 'check', sys.argv[1]]\n"
            "try:\n    run()\nexcept SystemExit:\n    pass\n"
            "print('RICH' if any(m == 'rich' or m.startswith('rich.') for m in sys.modules) else 'NO-RICH')")
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    out = subprocess.run([sys.executable, "-c", code, str(LYS)], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.rstrip().endswith("NO-RICH") and "T001" in out.stdout
