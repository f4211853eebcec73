"""table-unplaced: values of a table that could not be anchored on a row and a column
with certainty. They are not guessed into a cell: each row of them is reported as not
assessable, and the relations that need those cells are not assessed either."""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        for u in reading.table.unplaced:
            yield Hit(
                start=u.position,
                end=u.position,
                section=reading.table.spec.section,
                context={"label": u.label, "values": u.values, "reason": u.reason, "spec": reading.table.spec},
                evidence={"table": tid, "label": u.label, "values": u.values, "reason": u.reason},
                outcome="not-assessable",
            )
