"""label-deviation: a table row whose label only comes close to the format's wording
(the value was anchored on it, and the wording is reported)."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import recognised

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        for d in reading.table.deviations:
            ocr = recognised(report, d.position)  # the wording as OCR read it: perhaps its misreading
            yield Hit(
                start=d.position,
                end=d.position,
                section=reading.table.spec.section,
                context={"found": d.found, "expected": d.expected, "spec": reading.table.spec} | ({"ocr": True} if ocr else {}),
                evidence={"table": tid, "row": d.row, "found": d.found, "expected": d.expected},
                severity="info" if ocr else None,
                outcome="not-assessable" if ocr else "fail",
            )
