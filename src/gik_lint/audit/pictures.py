"""A report's statistical tables as the audit's page draws them: the format's rows and
columns with what the report gives in each cell, or that the cell was not read.

Made in the worker from the interpreted report (plain data, cached with the row), so
that the page draws every table the same way whatever the report's layout was."""

from __future__ import annotations

# what a cell holds, as the page says it (a number is shown as printed)
READ, BLANK, PLACEHOLDER, INVALID, UNREAD = "ok", "blank", "placeholder", "invalid", "missing"


def _cell(table, cid: str) -> list:
    """``[id, text, state]`` of one canonical cell."""
    cell = table.cells.get(cid)
    if cell is None:
        return [cid, "", UNREAD]
    kind = cell.value.kind
    return [cid, cell.value.raw.strip(), READ if kind in ("int", "decimal") else kind]


def _present(table, ids: list[str]) -> bool:
    return any(cid in table.cells for cid in ids)


def picture(reading) -> dict:
    """One table: ``{"id", "title", "found", "columns": [labels], "rows": [...]}``; a row
    is ``{"label", "cells": [[id, text, state], ...]}``, or ``{"head": label, "columns":
    [...]}`` (a block of the table with its own columns), or ``{"group": label}`` (the
    rows below belong to it)."""
    table, spec = reading.table, reading.table.spec
    out = {"id": spec.id, "title": spec.title, "found": table.found, "columns": [], "rows": []}
    if not table.found:
        return out
    rows = out["rows"]
    if spec.blocks:
        for block in spec.blocks:
            rows.append({"head": block.label, "columns": [c.label for c in block.columns]})
            for row in block.rows:
                ids = [f"{spec.id}.{block.id}.{row.id}.{c.id}" for c in block.columns]
                rows.append({"label": row.label, "cells": [_cell(table, cid) for cid in ids]})
        return out
    columns = [c for c in spec.columns if not c.optional or _present(table, [f"{spec.id}.{r.id}.{c.id}" for r in spec.rows]
                                                                      + [f"{spec.id}.{g.id}.{c.id}" for g in spec.groups])]
    out["columns"] = [c.label for c in columns]
    if spec.groups:  # drawn one group to a row (行政复议 / 未经复议直接起诉 / 复议后起诉)
        for group in spec.groups:
            label = f"{group.under}·{group.label}" if group.under else group.label
            rows.append({"label": label, "cells": [_cell(table, f"{spec.id}.{group.id}.{c.id}") for c in columns]})
        return out
    group = None
    for row in spec.rows:
        ids = [f"{spec.id}.{row.id}.{c.id}" for c in columns]
        if spec.rows_vary and not _present(table, ids):
            continue  # a province's table without this row: not there, rather than unread
        if row.group and row.group != group:
            rows.append({"group": row.group})
        group = row.group
        rows.append({"label": row.label, "cells": [_cell(table, cid) for cid in ids]})
    return out


def pictures(report) -> list[dict]:
    """Every statistical table of the report's format, in the format's order."""
    return [picture(reading) for reading in report.tables.values()]


def labels(tables: list[dict]) -> dict[str, str]:
    """cell id -> 行·列 label, for the cells a finding names by id only."""
    out = {}
    for table in tables:
        columns = table.get("columns") or []
        for row in table.get("rows") or []:
            if "head" in row:
                columns = row["columns"]
            for (cid, _, _), column in zip(row.get("cells") or [], columns):
                out[cid] = f"{row['label']}·{column}"
    return out
