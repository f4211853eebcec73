"""SARIF 2.1.0: one run, the rules with their help and legal basis, one result per
finding. Not-assessable findings are results of kind "review"."""

from __future__ import annotations

import json

from gik_lint import __version__, fingerprint
from gik_lint.report import column

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"


# SARIF's columnKind for --column-unit (SARIF has no byte columns)
COLUMN_KIND = {"utf16": "utf16CodeUnits", "char": "unicodeCodePoints"}


def render_check(results, rules=None, columns: str = "utf16") -> str:
    if rules is None:
        from gik_lint.pipeline import Linter

        rules = Linter().rules
    ordered = list(rules.values())
    index = {r.code: i for i, r in enumerate(ordered)}
    sarif_results = []
    for r in results:
        for f, key in zip(r.findings, fingerprint.of_result(r)):
            region = {}
            if f.start.line is not None and f.start.page is None:
                region = {"startLine": f.start.line}
                if f.start.column:
                    region["startColumn"] = column(r, f.start, columns)
                if f.end.line is not None:
                    region["endLine"] = f.end.line
                if f.end.column and (f.end.line, f.end.column) > (f.start.line, f.start.column or 0):
                    region["endColumn"] = column(r, f.end, columns)
            location = {"physicalLocation": {"artifactLocation": {"uri": _uri(r.path)}}}
            if region:
                location["physicalLocation"]["region"] = region
            if f.section:
                location["logicalLocations"] = [{"name": f.section, "kind": "section"}]
            result = {
                "ruleId": f.code,
                "ruleIndex": index.get(f.code, -1) if f.code in index else None,
                "level": _LEVEL[f.severity],
                "message": {"text": f.message},
                "locations": [location],
                "partialFingerprints": {fingerprint.SARIF_KEY: key},
                "properties": {"name": f.name, "basis": f.basis, "outcome": f.outcome, "evidence": f.evidence,
                               **({"page": f.start.page, "line_on_page": f.start.line} if f.start.page else {}),
                               **({"paragraph": f.start.paragraph} if f.start.paragraph else {})},
            }
            if result["ruleIndex"] is None:
                del result["ruleIndex"]
            if f.outcome == "not-assessable":
                result["kind"] = "review"
            sarif_results.append(result)
    notifications = [
        {"level": "error", "message": {"text": f"{r.path}: {r.error}"}, "descriptor": {"id": "GIK000"}}
        for r in results
        if r.error
    ]
    run = {
        "tool": {
            "driver": {
                "name": "gik-lint",
                "version": __version__,
                "informationUri": "https://pypi.org/project/gik-lint/",
                "rules": [_rule(rule) for rule in ordered],
            }
        },
        "columnKind": COLUMN_KIND[columns],
        "results": sarif_results,
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
    }
    return json.dumps({"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}, ensure_ascii=False, indent=2, default=str) + "\n"


def _rule(rule) -> dict:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.gloss},
        "help": {
            "text": f"{rule.docs['what']}\n\nWhy: {rule.docs['why']}\n\nExample: {rule.docs['example']}\n\nBasis: {rule.basis}",
            "markdown": f"**What** {rule.docs['what']}\n\n**Why** {rule.docs['why']}\n\n**Example** {rule.docs['example']}\n\n**依据** {rule.basis}",
        },
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"basis": rule.basis, "kind": rule.kind},
    }


def _uri(path: str) -> str:
    from urllib.parse import quote

    return quote(path.replace("\\", "/"))
