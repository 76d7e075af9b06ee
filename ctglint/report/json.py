"""The JSON report (schema: ctglint/schema/report.schema.json, documented in README)."""
from __future__ import annotations

import json
from typing import TextIO

from ctglint.check import RunResult
from ctglint.findings import Severity


def to_dict(run: RunResult, lang: str) -> dict:
    files = []
    for f in run.files:
        files.append({
            "path": f.path,
            "format": f.format,
            "template": None if f.template_id is None else {"id": f.template_id, "score": f.template_score},
            "error": None if f.error is None else {"code": f.error.code, "message": f.error.text(lang)},
            "findings": [x.to_json() for x in f.findings],
        })
    return {
        "tool": {"name": "ctglint", "version": run.version},
        "files": files,
        "summary": {
            "files": len(run.files),
            "errors": run.count(Severity.ERROR),
            "warnings": run.count(Severity.WARNING),
            "info": run.count(Severity.INFO),
            "unreadable": run.unreadable,
        },
    }


def render(run: RunResult, out: TextIO, *, lang: str, color: bool | None = None, quiet: bool = False) -> None:
    json.dump(to_dict(run, lang), out, ensure_ascii=False, indent=2)
    out.write("\n")
