"""Configuration: ``[tool.ctglint]`` in ``pyproject.toml``, or ``ctglint.toml`` / ``.ctglint.toml``.

Found by walking up from each linted file (``--config FILE`` names one, ``--isolated``
ignores them all). Command-line flags override the file. An unknown key or a bad value
is a :class:`ConfigError` (exit 2) naming the key and the file.

```toml
[tool.ctglint]
template = "caf-nord-2023"           # id or folder
template-paths = ["modeles/"]        # extra template folders (relative to this file)
select = ["P", "I001"]               # codes, prefixes, names, categories, or "ALL"
extend-select = ["T001"]
ignore = ["X001"]
fail-on = "error"                    # error | warning | info | none
lang = "fr"                          # fr | en

[tool.ctglint.per-file-ignores]
"annexes/*.docx" = ["A005"]

[tool.ctglint.severity]              # per rule (code or name)
T001 = "error"

[tool.ctglint.rules.template-drift]  # per-rule options (code or name)
locked-severity = "error"

[[tool.ctglint.facts]]               # what a file must say, for globs
files = "brouillons/wattrelos-*.docx"
commune = "Wattrelos"
epci = "Métropole Européenne de Lille"
period = "2023-2026"
```
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ctglint import rx
from ctglint.findings import Severity

FILE_NAMES = ("ctglint.toml", ".ctglint.toml", "pyproject.toml")
FAIL_ON = ("error", "warning", "info", "none")
KEYS = {
    "template", "template-paths", "select", "extend-select", "ignore", "per-file-ignores",
    "severity", "rules", "fail-on", "lang", "facts",
}
FACT_KEYS = {"files", "commune", "epci", "period"}
_PERIOD = rx.compile(r"^\s*(\d{4})\s*[-–/]\s*(\d{4})\s*$")


class ConfigError(Exception):
    """A configuration problem, already phrased for the user."""


@dataclass(frozen=True)
class Facts:
    """What the files matching ``files`` must say (expected commune, EPCI, period)."""

    files: str
    commune: str | None = None
    epci: str | None = None
    period: tuple[int, int] | None = None


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    template: str | None = None
    template_paths: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    rule_options: tuple[tuple[str, tuple[tuple[str, object], ...]], ...] = ()
    fail_on: str = "error"
    lang: str = "fr"
    facts: tuple[Facts, ...] = field(default_factory=tuple)

    @property
    def root(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def relative(self, file: str) -> str:
        """``file`` relative to the configuration's folder, with forward slashes."""
        try:
            rel = os.path.relpath(os.path.abspath(file), self.root)
        except ValueError:
            rel = file
        return rel.replace(os.sep, "/")

    def ignored_for(self, file: str) -> tuple[str, ...]:
        rel = self.relative(file)
        return tuple(code for pattern, codes in self.per_file_ignores if _glob(rel, pattern) for code in codes)

    def facts_for(self, file: str) -> Facts | None:
        rel = self.relative(file)
        for facts in self.facts:
            if _glob(rel, facts.files):
                return facts
        return None


def _glob(rel: str, pattern: str) -> bool:
    return fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(rel.rsplit("/", 1)[-1], pattern)


def load(path: Path) -> Config:
    """Read the configuration in ``path`` (a pyproject.toml uses its [tool.ctglint] table)."""
    import tomllib  # a run with no configuration file never needs it

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the configuration ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("ctglint", {})
    return _parse(data, path)


def _parse(data: dict, path: Path) -> Config:
    def bad(key: str, why: str) -> ConfigError:
        return ConfigError(f"{path}: {key}: {why}")

    unknown = sorted(set(data) - KEYS)
    if unknown:
        raise bad(unknown[0], f"unknown key (known: {', '.join(sorted(KEYS))})")

    def strings(key: str, value) -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise bad(key, "expected a list of strings")
        return tuple(value)

    def rules_known(key: str, selectors: tuple[str, ...]) -> tuple[str, ...]:
        from ctglint.engine import all_rules, matches

        for s in selectors:
            if not any(matches(r, s) for r in all_rules()):
                raise bad(key, f"{s!r} matches no rule")
        return selectors

    kw: dict = {"path": path}
    if "template" in data:
        if not isinstance(data["template"], str):
            raise bad("template", "expected a template id or folder")
        template = data["template"]
        folder = (path.parent / template)
        kw["template"] = str(folder) if folder.is_dir() else template
    if "template-paths" in data:
        kw["template_paths"] = tuple(str(path.parent / p) for p in strings("template-paths", data["template-paths"]))
    for key in ("select", "extend-select", "ignore"):
        if key in data:
            kw[key.replace("-", "_")] = rules_known(key, strings(key, data[key]))
    if "per-file-ignores" in data:
        table = data["per-file-ignores"]
        if not isinstance(table, dict):
            raise bad("per-file-ignores", "expected a table of glob = [codes]")
        kw["per_file_ignores"] = tuple(
            (glob, rules_known(f"per-file-ignores.{glob}", strings(f"per-file-ignores.{glob}", codes)))
            for glob, codes in table.items()
        )
    if "severity" in data:
        table = data["severity"]
        if not isinstance(table, dict):
            raise bad("severity", "expected a table of rule = level")
        levels = []
        for rule, level in table.items():
            rules_known(f"severity.{rule}", (rule,))
            if level not in ("error", "warning", "info"):
                raise bad(f"severity.{rule}", f"{level!r} is not error, warning or info")
            levels.append((rule, Severity(level)))
        kw["severity"] = tuple(levels)
    if "rules" in data:
        kw["rule_options"] = _rule_options(data["rules"], bad)
    if "fail-on" in data:
        if data["fail-on"] not in FAIL_ON:
            raise bad("fail-on", f"{data['fail-on']!r} is not one of {', '.join(FAIL_ON)}")
        kw["fail_on"] = data["fail-on"]
    if "lang" in data:
        if data["lang"] not in ("fr", "en"):
            raise bad("lang", f"{data['lang']!r} is not fr or en")
        kw["lang"] = data["lang"]
    if "facts" in data:
        kw["facts"] = _facts(data["facts"], bad)
    return Config(**kw)


def _rule_options(table, bad) -> tuple:
    from ctglint.engine import find_rule

    if not isinstance(table, dict):
        raise bad("rules", "expected a table per rule")
    out = []
    for key, options in table.items():
        rule = find_rule(key)
        if rule is None:
            raise bad(f"rules.{key}", "unknown rule")
        if not isinstance(options, dict):
            raise bad(f"rules.{key}", "expected a table of options")
        fields = rule.Options._field_defaults  # every option has its default
        values = []
        for name, value in options.items():
            attr = name.replace("-", "_")
            if attr not in fields:
                known = ", ".join(sorted(f.replace("_", "-") for f in fields)) or "none"
                raise bad(f"rules.{key}.{name}", f"unknown option (known: {known})")
            default = fields[attr]
            if not isinstance(value, type(default)):
                raise bad(f"rules.{key}.{name}", f"expected {type(default).__name__}")
            values.append((attr, value))
        try:
            rule(rule.Options(**dict(values))).validate()
        except ValueError as exc:
            raise bad(f"rules.{key}", str(exc)) from None
        out.append((rule.code, tuple(values)))
    return tuple(out)


def _facts(entries, bad) -> tuple[Facts, ...]:
    if not isinstance(entries, list):
        raise bad("facts", "expected an array of tables ([[tool.ctglint.facts]])")
    out = []
    for i, entry in enumerate(entries):
        where = f"facts[{i}]"
        if not isinstance(entry, dict):
            raise bad(where, "expected a table")
        unknown = sorted(set(entry) - FACT_KEYS)
        if unknown:
            raise bad(f"{where}.{unknown[0]}", f"unknown key (known: {', '.join(sorted(FACT_KEYS))})")
        if not isinstance(entry.get("files"), str):
            raise bad(f"{where}.files", "expected a glob")
        period = None
        if "period" in entry:
            m = _PERIOD.match(str(entry["period"]))
            if not m:
                raise bad(f"{where}.period", "expected « 2023-2026 »")
            period = (int(m.group(1)), int(m.group(2)))
        for key in ("commune", "epci"):
            if key in entry and not isinstance(entry[key], str):
                raise bad(f"{where}.{key}", "expected a name")
        out.append(Facts(entry["files"], entry.get("commune"), entry.get("epci"), period))
    return tuple(out)


@lru_cache(maxsize=256)
def discover(directory: Path) -> Path | None:
    """The nearest configuration file at or above ``directory``."""
    for folder in (directory, *directory.parents):
        for name in FILE_NAMES:
            candidate = folder / name
            if candidate.is_file() and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        return b"[tool.ctglint" in pyproject.read_bytes()
    except OSError:
        return False


@lru_cache(maxsize=64)
def load_cached(path: Path) -> Config:
    return load(path)


def clear_caches() -> None:
    """Forget discovered and parsed files (a new run may follow edits to them)."""
    discover.cache_clear()
    load_cached.cache_clear()


def for_file(file: str, explicit: Path | None, isolated: bool) -> Config:
    """The configuration that governs ``file``."""
    if isolated:
        return Config()
    if explicit is not None:
        return load_cached(explicit.resolve())
    found = discover(Path(os.path.abspath(file)).parent if file != "-" else Path.cwd())
    return load_cached(found) if found else Config()
