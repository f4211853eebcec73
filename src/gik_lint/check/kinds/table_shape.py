"""table-shape: a table that was found has every row and column of its layout.

One finding per row that is missing or incomplete. Where the table was read from text
that lost its structure, a row that is not there may only not have been read: that is
reported as not assessable instead; where some of the table's values could not be placed,
the missing rows may be those, and the table-unplaced finding stands for them."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import table_position

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        table = reading.table
        if not table.found or table.unplaced:
            continue  # values that could not be placed may be the rows missing: table-unplaced says so
        spec = table.spec
        missing: dict[str, list[str]] = {}
        unsplit = {u.row for u in table.unsplit}  # reported by table-unsplit: there, not read
        for cid in spec.cell_ids():
            if cid not in table.cells:
                row, column = _split(spec, cid)
                if row in unsplit or (spec.groups and "" in unsplit):
                    continue
                missing.setdefault(row, []).append(column)
        if not missing:
            continue
        for row_id, columns in missing.items():
            row_label = _row_label(spec, row_id)
            whole = len(columns) == len(_columns_of(spec, row_id))
            start = table_position(report, tid)
            yield Hit(
                start=start,
                end=start,
                section=spec.section,
                context={"spec": spec, "row": row_label, "whole": whole, "columns": columns},
                evidence={"table": tid, "row": row_id, "missing_columns": columns},
                outcome="not-assessable" if table.from_text else "fail",
            )


def _split(spec, cid: str) -> tuple[str, str]:
    body = cid[len(spec.id) + 1 :]
    row, _, column = body.rpartition(".")
    return row, column


def _columns_of(spec, row_id: str) -> list[str]:
    return [_split(spec, cid)[1] for cid in spec.cell_ids() if _split(spec, cid)[0] == row_id]


def _row_label(spec, row_id: str) -> str:
    for block in spec.blocks:
        for row in block.rows:
            if f"{block.id}.{row.id}" == row_id:
                return f"{block.label} {row.label}"
    for group in spec.groups:
        if group.id == row_id:
            return group.label
    return next((r.label for r in spec.rows if r.id == row_id), row_id)
