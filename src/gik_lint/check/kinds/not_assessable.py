"""not-assessable: the document cannot be judged as a report at all. It is reported once,
as not assessable, and no other rule runs. ``options.cause`` says which case a rule
reports: ``unreadable`` (the default: a scanned or an encrypted PDF, whose content could
not be read) or ``not-a-report`` (a blank template, or a file that is no annual report)."""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = False
CAUSES = ("unreadable", "not-a-report")


def prepare(rule):
    cause = rule.options.get("cause", "unreadable")
    if cause not in CAUSES:
        raise ValueError(f"cause 应为 {' 或 '.join(CAUSES)}，而不是 {cause!r}")
    return cause


def check(rule, report):
    document = report.document
    if prepare(rule) == "unreadable":
        reason = document.not_assessable
        if reason:
            where = document.last_position
            yield Hit(start=where, end=where, context={"reason": reason}, evidence={"reason": reason}, outcome="not-assessable")
    elif report.kind != "report" and not document.not_assessable:
        where = document.blocks[0].at(0)  # the file as a whole: where it begins
        evidence = {"kind": report.kind, "reason": report.kind_reason}
        yield Hit(start=where, end=where, context=evidence, evidence=evidence, outcome="not-assessable")
