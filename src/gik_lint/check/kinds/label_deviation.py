"""label-deviation: a table row whose label only comes close to the format's wording
(the value was anchored on it, and the wording is reported)."""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        for d in reading.table.deviations:
            yield Hit(
                start=d.position,
                end=d.position,
                section=reading.table.spec.section,
                context={"found": d.found, "expected": d.expected, "spec": reading.table.spec},
                evidence={"table": tid, "row": d.row, "found": d.found, "expected": d.expected},
            )
