"""What the table kinds share: where a table or cell stands, and its labels."""

from __future__ import annotations

from decimal import Decimal

from gik_lint.read import Position


def table_position(report, tid: str) -> Position:
    reading = report.tables.get(tid)
    if reading is not None:
        p = reading.table.position
        if p.line is not None or p.page is not None or p.paragraph is not None:
            return p
    spec = report.table_specs.get(tid)
    match = report.sections.get(spec.section) if spec else None
    if match is not None:
        return report.outline.start(match.section.heading)
    return report.document.last_position


UNSURE = 0.9  # OCR's confidence below which a figure it read may be another


def recognised(report, position: Position) -> bool:
    """Whether the text at ``position`` was recognised from an image (OCR)."""
    ocr = report.document.ocr
    return bool(ocr) and (position.page is None or position.page in ocr)


def unsure_text(report, start: Position, end: Position) -> bool:
    """Text OCR read without certainty: a line from ``start`` to ``end`` (one page) whose
    confidence is below :data:`UNSURE`."""
    if not recognised(report, start) or start.line is None:
        return False
    last = end.line if end.page == start.page and end.line is not None else start.line
    return any(b.confidence is not None and b.confidence < UNSURE for b in report.document.blocks
               if b.page == start.page and b.line is not None and start.line <= b.line <= last)


def unsure(report, cell) -> bool:
    """A cell whose figure OCR read without certainty."""
    return recognised(report, cell.position) and (cell.confidence is None or cell.confidence < UNSURE)


def number(value) -> str | None:
    """A cell value for messages and JSON: exact, without a trailing .0."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral() else format(value, "f")
    return str(value)


def cell_evidence(cell) -> dict:
    out = {
        "id": cell.id,
        "row": cell.row_label,
        "column": cell.column_label,
        "raw": cell.value.raw,
        "value": number(cell.value.number),
        "unit": cell.value.unit or None,
        "kind": cell.value.kind,
    }
    if cell.split_from is not None:
        out["split_from"] = cell.split_from  # the run of digits it was split from
    if cell.confidence is not None:
        out["ocr_confidence"] = round(cell.confidence, 2)  # read from an image, this sure
    return out


def split_runs(cells) -> list[str]:
    """The runs of digits the cells were split from, each once, in order."""
    return list(dict.fromkeys(c.split_from for c in cells if c is not None and c.split_from is not None))
