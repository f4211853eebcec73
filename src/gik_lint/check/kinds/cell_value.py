"""cell-value: what a table cell holds.

Option ``check: blank``: a cell left blank or holding a placeholder ("/", "—", "无") is
not 0 and is reported, one finding per row. Option ``check: invalid``: a value that is
not a number, is negative where the column has no sign (only 本年增/减 has one), or has
decimals where the column counts (only amounts have them)."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import cell_evidence

NEEDS_REGIME = True


def check(rule, report):
    mode = rule.options.get("check", "blank")
    for tid, reading in report.tables.items():
        spec = reading.table.spec
        rows: dict[str, list] = {}
        for cell in reading.table.cells.values():
            kind = cell.value.kind
            if mode == "blank" and kind in ("blank", "placeholder"):
                rows.setdefault(cell.id.rsplit(".", 1)[0], []).append(cell)
            elif mode == "invalid":
                problem = _invalid(cell)
                if problem:
                    yield Hit(
                        start=cell.position,
                        end=cell.position,
                        section=spec.section,
                        context={"cell": cell, "problem": problem, "spec": spec},
                        evidence={"table": tid, "problem": problem, "cells": [cell_evidence(cell)]},
                    )
        for cells in rows.values():
            yield Hit(
                start=cells[0].position,
                end=cells[0].position,
                section=spec.section,
                context={"row": cells[0].row_label, "count": len(cells), "cells": cells, "spec": spec},
                evidence={"table": tid, "cells": [cell_evidence(c) for c in cells]},
            )


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
