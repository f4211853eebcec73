"""table-unreadable: a statistical table that is there (its labels are printed) but of
which no value could be read, and nothing else says why: one not-assessable finding for
the table, instead of reporting it missing. Where rows of it could not be placed or split,
those rules' findings say so and this one is not given (one cause, one finding)."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import table_position

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        table = reading.table
        if table.found or table.unplaced or table.unsplit:
            continue
        start = table_position(report, tid)
        yield Hit(
            start=start,
            end=start,
            section=table.spec.section,
            context={"spec": table.spec, "from_text": table.from_text},
            evidence={"table": tid, "from_text": table.from_text},
            outcome="not-assessable",
        )
