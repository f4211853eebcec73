"""not-assessable: the document's content could not be read at all (a scanned or an
encrypted PDF). It is reported once, as not assessable, and no other rule runs."""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = False


def check(rule, report):
    reason = report.document.not_assessable
    if reason:
        where = report.document.last_position
        yield Hit(start=where, end=where, context={"reason": reason}, evidence={"reason": reason}, outcome="not-assessable")
