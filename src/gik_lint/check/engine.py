"""The engine walks the rules over a report; rule kinds judge."""

from __future__ import annotations

from collections.abc import Iterable

from gik_lint.check.finding import Finding
from gik_lint.check.kinds import KINDS
from gik_lint.check.messages import render
from gik_lint.check.rule import Rule
from gik_lint.interpret import Report


OCR_NOTE = "文字识别"  # a finding on text read by OCR says so: "…（文字识别）"


def run(report: Report, rules: Iterable[Rule]) -> list[Finding]:
    findings: list[Finding] = []
    regime_id = report.regime.id if report.regime else None
    # a document that cannot be read, or is no report, cannot be judged as one
    unjudged = report.document.not_assessable is not None or report.kind != "report"
    ocr = report.document.ocr  # the pages read from images: findings there say so
    for rule in rules:
        kind = KINDS[rule.kind]
        if unjudged != (rule.kind == "not-assessable"):
            continue  # a document that cannot be judged gets only the not-assessable rules
        if kind.NEEDS_REGIME and report.regime is None:
            continue
        if not rule.applies_to(regime_id):
            continue
        for hit in kind.check(rule, report):
            context = {"report": report, "rule": rule, **hit.context}
            message, message_en, evidence = render(rule, "message", context), render(rule, "message_en", context), hit.evidence
            if ocr and (hit.start.page is None or hit.start.page in ocr):  # said in every output
                evidence = {**evidence, "read_by_ocr": True}
                if OCR_NOTE not in message:
                    message, message_en = f"{message}（{OCR_NOTE}）", f"{message_en} (text read by OCR)"
            fix = None
            if rule.fix is not None:
                from gik_lint.fix.kinds import compute

                fix = compute(rule, report, hit)
            findings.append(
                Finding(
                    code=rule.code,
                    name=rule.name,
                    kind=rule.kind,
                    severity=hit.severity or rule.severity,
                    message=message,
                    message_en=message_en,
                    basis=hit.basis or rule.basis,
                    section=hit.section,
                    start=hit.start,
                    end=hit.end,
                    evidence=evidence,
                    outcome=hit.outcome,
                    fix=fix,
                )
            )
    findings.sort(key=Finding.sort_key)
    return findings
