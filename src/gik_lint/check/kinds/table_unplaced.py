"""table-unplaced: values of a table that could not be anchored on a row and a column
with certainty. They are not guessed into a cell: the table gets one not-assessable
finding that lists every row of them (one cause, one finding: the relations and rows
that needed those cells are not reported again), at the first of them.

Option ``outcome``: ``fail`` for a table whose rows vary by province (the 2008-era
statistics table), where a row the catalog does not know is kept and told, not a failure
to read (the rule's severity says how much it weighs: information)."""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        lost = reading.table.unplaced
        if not lost:
            continue
        rows = [{"label": u.label, "values": u.values, "reason": u.reason} for u in lost]
        yield Hit(
            start=lost[0].position,
            end=lost[0].position,
            section=reading.table.spec.section,
            context={"rows": rows, "count": sum(len(u.values) for u in lost), "spec": reading.table.spec},
            evidence={"table": tid, "rows": rows},
            outcome=rule.options.get("outcome", "not-assessable"),
        )
