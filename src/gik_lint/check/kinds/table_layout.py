"""table-layout: a table follows the layout of the report's own regime (the 2019 trial
format and the 2021 format differ), for the tables named in the option ``tables``."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import table_position

NEEDS_REGIME = True


def check(rule, report):
    for tid in rule.options.get("tables", []):
        reading = report.tables.get(tid)
        if reading is None or reading.layout == report.regime.id:
            continue
        start = table_position(report, tid)
        yield Hit(
            start=start,
            end=start,
            section=reading.table.spec.section,
            context={"spec": reading.table.spec, "layout": reading.layout, "regime": report.regime.id},
            evidence={"table": tid, "layout": reading.layout, "regime": report.regime.id},
        )
