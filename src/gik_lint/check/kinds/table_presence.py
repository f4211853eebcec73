"""table-presence: each statistical table the regime requires is in the report.

Reported at the heading of the section that should hold it (or the end of the
document). A table that is there as an image reads as missing too: the message says it
could not be found or read. A table whose labels are printed (a grid that carries them,
or text with its header) is there, whatever could be read of it: what could not is
reported as not assessable by the rules about that (table-unplaced, table-unsplit,
table-unreadable), never as a missing table as well."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import table_position

NEEDS_REGIME = True


def check(rule, report):
    for tid, spec in report.table_specs.items():
        if tid in report.tables:
            continue  # there, read or not
        start = table_position(report, tid)
        yield Hit(
            start=start,
            end=start,
            section=spec.section,
            context={"spec": spec, "section_present": spec.section in report.sections},
            evidence={"table": tid},
        )
