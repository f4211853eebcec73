"""cell-value: what a table cell holds.

Option ``check: blank``: cells left blank or holding a placeholder ("/", "—", "无") are
not 0 and are reported together, one finding per table, grouped by row or by column
(whichever takes fewer groups), every cell named in the evidence. Option ``check:
invalid``: a value that is not a number, is negative where the column has no sign (only
本年增/减 has one), or has decimals where the column counts (only amounts have them)."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import cell_evidence, recognised

NEEDS_REGIME = True
MAX_GROUPS = 8  # groups named in the message; the evidence names every cell


def check(rule, report):
    mode = rule.options.get("check", "blank")
    for tid, reading in report.tables.items():
        table = reading.table
        spec = table.spec
        if mode == "blank":
            empty = [cell for cell in table.cells.values() if cell.value.kind in ("blank", "placeholder")]
            yield from _blank(tid, table, [cell for cell in empty if not recognised(report, cell.position)])
            yield from _blank(tid, table, [cell for cell in empty if recognised(report, cell.position)], ocr=True)
            continue
        for cell in table.cells.values():
            problem = _invalid(cell)
            if problem:
                ocr = recognised(report, cell.position)  # perhaps OCR's misreading: not assessable
                yield Hit(
                    start=cell.position,
                    end=cell.position,
                    section=spec.section,
                    context={"cell": cell, "problem": problem, "spec": spec} | ({"ocr": True} if ocr else {}),
                    evidence={"table": tid, "problem": problem, "cells": [cell_evidence(cell)]},
                    severity="info" if ocr else None,
                    outcome="not-assessable" if ocr else "fail",
                )


def _blank(tid: str, table, empty: list, ocr: bool = False):
    """One finding for the table's blank cells; for cells OCR read (``ocr``), a
    not-assessable one: a blank there may be a figure OCR did not see."""
    spec = table.spec
    if not empty:
        return
    by_row = _groups(spec, table, empty, "row")
    by_column = _groups(spec, table, empty, "column")
    groups = by_row if len(by_row) <= len(by_column) else by_column
    blank = sum(1 for c in empty if c.value.kind == "blank")
    at = next((c.position for c in empty if c.position.column is not None or c.position.paragraph is not None), empty[0].position)
    yield Hit(
        start=at,
        end=at,
        section=spec.section,
        context={
            "spec": spec,
            "count": len(empty),
            "blank": blank,
            "placeholder": len(empty) - blank,
            "groups": groups[:MAX_GROUPS],
            "more": max(0, len(groups) - MAX_GROUPS),
            "cells": empty,
        } | ({"ocr": True} if ocr else {}),
        evidence={
            "table": tid,
            "count": len(empty),
            "by": groups[0]["by"],
            "groups": [{k: g[k] for k in ("label", "count", "whole", "cells")} for g in groups],
            "cells": [cell_evidence(c) for c in empty],
        },
        severity="info" if ocr else None,
        outcome="not-assessable" if ocr else "fail",
    )


def _groups(spec, table, empty: list, by: str) -> list[dict]:
    """The blank cells by row or by column, in the table's order: each group's label,
    how many of its cells are blank, whether all are, and their ids."""
    sizes: dict[str, int] = {}
    for cid in table.cells:
        key = _key(spec, cid, by)
        sizes[key] = sizes.get(key, 0) + 1
    groups: dict[str, dict] = {}
    for cell in empty:
        key = _key(spec, cell.id, by)
        if key not in groups:
            label = cell.row_label if by == "row" else (cell.column.label if cell.column else cell.column_label.rsplit("/", 1)[-1])
            groups[key] = {"by": by, "label": label, "count": 0, "cells": []}
        groups[key]["count"] += 1
        groups[key]["cells"].append(cell.id)
    for key, group in groups.items():
        group["whole"] = group["count"] == sizes[key] and group["count"] > 1
    order: dict[str, int] = {}  # each row or column, in the format's order
    for cid in spec.cell_ids(optional=True):
        order.setdefault(_key(spec, cid, by), len(order))
    return [groups[k] for k in sorted(groups, key=lambda k: order.get(k, len(order)))]


def _key(spec, cid: str, by: str) -> str:
    """The row (all but the column) or the column (within its block) of a cell id."""
    row, _, column = cid.rpartition(".")
    if by == "row":
        return row
    if spec.blocks:  # proactive.<block>.<row>.<column>: a column belongs to its block
        return row.split(".")[1] + "." + column
    return column


def _invalid(cell) -> str | None:
    value, column = cell.value, cell.column
    if value.kind == "invalid":
        return "不是数字"
    if value.kind not in ("int", "decimal"):
        return None
    if value.number < 0 and not (column and column.signed):
        return "为负数"
    if value.kind == "decimal" and not (column and column.decimal):
        return "含小数（该栏应为件数）"
    return None
