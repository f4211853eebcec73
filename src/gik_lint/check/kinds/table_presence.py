"""table-presence: each statistical table the regime requires is in the report.

Reported at the heading of the section that should hold it (or the end of the
document). A table that is there as an image, or so broken that no value could be
anchored, reads as missing too: the message says it could not be found or read."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import table_position

NEEDS_REGIME = True


def check(rule, report):
    for tid, spec in report.table_specs.items():
        reading = report.tables.get(tid)
        if reading is not None and reading.table.found:
            continue
        start = table_position(report, tid)
        yield Hit(
            start=start,
            end=start,
            section=spec.section,
            context={"spec": spec, "section_present": spec.section in report.sections},
            evidence={"table": tid},
        )
