"""GitLab Code Quality report (a JSON array of issues with a fingerprint each)."""

from __future__ import annotations

import hashlib
import json

_SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render_check(results, rules=None) -> str:
    issues = []
    for r in results:
        if r.error:
            issues.append(_issue(r.path, "GIK000", f"无法读取：{r.error}", "blocker", 1, "error"))
        for f in r.findings:
            line = f.start.line or f.start.page or f.start.paragraph or 1
            issues.append(_issue(r.path, f.code, f.message, _SEVERITY[f.severity], line, f"{f.section}|{f.evidence}|{f.start}"))
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _issue(path: str, code: str, message: str, severity: str, line: int, key: str) -> dict:
    fingerprint = hashlib.sha256(f"{path}|{code}|{message}|{key}".encode()).hexdigest()
    return {
        "description": f"{code} {message}",
        "check_name": code,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": path, "lines": {"begin": line}},
    }
