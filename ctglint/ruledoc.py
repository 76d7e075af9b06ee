"""Rule documentation pages: a rule's docstring, with its examples extracted for the meta-test."""
from __future__ import annotations

import inspect
import re

from ctglint import rx
from ctglint.rule import Rule

_FENCE = rx.compile(r"```\n(.*?)\n\s*```", re.DOTALL)
HEADINGS = ("Ce qu'elle fait", "Pourquoi", "Exemple", "À la place")
#: Optional: the TOML configuration under which the examples are linted (facts rules).
CONFIGURATION = "Configuration"


def page(rule: type[Rule]) -> str:
    body = inspect.cleandoc(rule.__doc__ or "")
    header = f"{rule.code} {rule.name}  [{rule.category}, {rule.severity.value}]"
    return f"{header}\n{'=' * len(header)}\n\n{body}\n"


def examples(rule: type[Rule]) -> tuple[str, str]:
    """The « Exemple » and « À la place » texts of a rule's page."""
    body = inspect.cleandoc(rule.__doc__ or "")
    bad_at, good_at = body.find("\nExemple"), body.find("\nÀ la place")
    if bad_at < 0 or good_at < 0:
        raise ValueError(f"{rule.code}: doc page lacks « Exemple » or « À la place »")
    bad = _FENCE.search(body, bad_at)
    good = _FENCE.search(body, good_at)
    if not bad or not good:
        raise ValueError(f"{rule.code}: examples must be fenced with ```")
    return inspect.cleandoc(bad.group(1)), inspect.cleandoc(good.group(1))


def configuration(rule: type[Rule]) -> str | None:
    """The « Configuration » TOML of a rule's page, if it has one."""
    body = inspect.cleandoc(rule.__doc__ or "")
    at = body.find(f"\n{CONFIGURATION}\n")
    if at < 0:
        return None
    block = _FENCE.search(body, at)
    return inspect.cleandoc(block.group(1)) if block else None
