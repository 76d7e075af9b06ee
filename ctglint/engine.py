"""Runs the selected rules on a document and stamps their hits into findings.

The engine never imports a concrete rule by name: rules are discovered in the
``ctglint.rules`` package. Code, name, category, severity, source position,
section, excerpt and fingerprint are all computed here, once, for every rule.
"""
from __future__ import annotations

import hashlib
import importlib
import pkgutil
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cache

from ctglint import rx
from ctglint.findings import Finding, Hit, Severity
from ctglint.model import Document
from ctglint.rule import Context, Rule

EXCERPT_MAX = 200


@cache
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class of the ``ctglint.rules`` package, sorted by code."""
    import ctglint.rules as package

    found: dict[str, type[Rule]] = {}
    names: dict[str, str] = {}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for obj in vars(module).values():
            if isinstance(obj, type) and issubclass(obj, Rule) and obj is not Rule and obj.__module__ == module.__name__:
                if obj.code in found or obj.name in names:
                    raise RuntimeError(f"duplicate rule code or name: {obj.code} {obj.name}")
                found[obj.code] = obj
                names[obj.name] = obj.code
    return tuple(found[c] for c in sorted(found))


def find_rule(key: str) -> type[Rule] | None:
    key = key.strip()
    for rule in all_rules():
        if rule.code.lower() == key.lower() or rule.name == key.lower():
            return rule
    return None


def matches(rule: type[Rule], selector: str) -> bool:
    """``selector`` is a code, a code prefix (``P``, ``P0``), a rule name, a category, or ``ALL``."""
    s = selector.strip()
    return (
        s.upper() == "ALL"
        or rule.code.upper().startswith(s.upper())
        or rule.name == s.lower()
        or rule.category == s.lower()
    )


def select_rules(select: Sequence[str] = (), ignore: Sequence[str] = (),
                 extend: Sequence[str] = ()) -> list[type[Rule]]:
    """Rules matching ``select`` (all when empty) or ``extend``, minus those matching ``ignore``."""
    chosen = [r for r in all_rules()
              if not select or any(matches(r, s) for s in select) or any(matches(r, s) for s in extend)]
    return [r for r in chosen if not any(matches(r, s) for s in ignore)]


def run(
    doc: Document,
    rules: Iterable[Rule],
    *,
    template=None,
    alignment=None,
    facts: dict | None = None,
    lang: str = "fr",
    severities: Sequence[tuple[str, Severity]] = (),
) -> list[Finding]:
    """Run ``rules``; apply the draft's suppression directives; stamp and sort the findings.

    ``severities`` are (selector, severity) overrides from configuration; they win over
    both the rule's default and a hit's own severity.
    """
    from ctglint import suppress

    ctx = Context(document=doc, template=template, alignment=alignment, facts=facts if facts is not None else {})
    rules = [r for r in rules if not (r.needs_template and template is None)]
    findings = [stamp(r, hit, doc, lang) for r in rules if not r.after_suppressions for hit in r.check(ctx)]
    found = suppress.directives(doc)
    if found:
        selected = [type(r) for r in rules]
        findings, unused = suppress.apply(findings, found)
        # A directive naming a rule that did not run cannot be judged unused.
        ctx.facts["unused_suppressions"] = [
            (d, code) for d, code in unused
            if not any(matches(r, code) for r in all_rules()) or any(matches(r, code) for r in selected)
        ]
        findings += [stamp(r, hit, doc, lang) for r in rules if r.after_suppressions for hit in r.check(ctx)]
    if severities:
        findings = [_override(f, severities) for f in findings]
    findings.sort(key=Finding.sort_key)
    return _with_fingerprints(findings)


def _override(f: Finding, severities: Sequence[tuple[str, Severity]]) -> Finding:
    rule = find_rule(f.code)
    for selector, severity in severities:
        if rule is not None and matches(rule, selector):
            return f._replace(severity=severity)
    return f


def stamp(rule: Rule, hit: Hit, doc: Document, lang: str) -> Finding:
    block = doc.blocks[hit.block]
    start, end = hit.start, hit.end
    if end <= start:
        start, end = 0, len(block.text)
    line, column = block.position(start)
    end_line, end_column = block.position(end - 1)
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=hit.severity or rule.severity,
        message=hit.message.get(lang),
        path=doc.path,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column + 1,
        section=block.section or "cover",
        excerpt=excerpt(block.text[start:end]),
        expected=hit.expected,
        suggestion=hit.suggestion.get(lang) if hit.suggestion else None,
        fingerprint="",
        block=block.index,
        start=start,
        end=end,
        page=block.page,
    )


def excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"


_FOLD_SPACES = rx.compile(r"\s+")


def fingerprint_key(f: Finding) -> str:
    """What identifies a finding across unrelated edits: no line numbers."""
    return f"{f.code}|{f.section}|{_FOLD_SPACES.sub(' ', f.excerpt.lower()).strip()}"


def _with_fingerprints(findings: list[Finding]) -> list[Finding]:
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        key = fingerprint_key(f)
        seen[key] += 1
        digest = hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest()[:16]
        out.append(f._replace(fingerprint=digest))
    return out


def worst(findings: Iterable[Finding]) -> Severity | None:
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)
