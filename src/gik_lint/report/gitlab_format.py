"""GitLab Code Quality report (a JSON array of issues with a fingerprint each: the
finding's content fingerprint, so an issue keeps it when lines move)."""

from __future__ import annotations

import json

from gik_lint import fingerprint
from gik_lint.fingerprint import sha256

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render_check(results, rules=None) -> str:
    issues = []
    for r in results:
        if r.error:
            key = sha256(f"{r.path}|GIK000|{r.error}".encode()).hexdigest()[:32]
            issues.append(_issue(r.path, "GIK000", f"无法读取：{r.error}", "blocker", 1, key))
        for f, key in zip(r.findings, fingerprint.of_result(r)):
            line = f.start.line or f.start.page or f.start.paragraph or 1
            issues.append(_issue(r.path, f.code, f.message, _SEVERITY[f.severity], line, key))
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _issue(path: str, code: str, message: str, severity: str, line: int, fingerprint: str) -> dict:
    return {
        "description": f"{code} {message}",
        "check_name": code,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    }
