"""JSON output: the versioned contract documented in docs/json-output.md."""

from __future__ import annotations

import json

from gik_lint import __version__, fingerprint
from gik_lint.check.finding import Finding
from gik_lint.pipeline import FileResult
from gik_lint.report import column

SCHEMA_VERSION = "1.0"


def _position(start, end=None, at=None) -> dict:
    """line/column (and end_line/end_column) always; page and paragraph where the
    format has them. ``at(position)``: the column in the unit asked for (else characters)."""
    at = at or (lambda p: p.column)
    out = {"line": start.line, "column": at(start)}
    if end is not None:
        out.update(end_line=end.line, end_column=at(end))
    if start.page is not None:
        out["page"] = start.page
    if start.paragraph is not None:
        out["paragraph"] = start.paragraph
    return out


def finding_dict(f: Finding, at=None) -> dict:
    return {
        "code": f.code,
        "name": f.name,
        "kind": f.kind,
        "severity": f.severity,
        "message": f.message,
        "message_en": f.message_en,
        "section": f.section,
        **_position(f.start, f.end, at),
        "basis": f.basis,
        "outcome": f.outcome,
        "evidence": f.evidence,
    }


def file_dict(result: FileResult, columns: str = "char") -> dict:
    report = result.report
    at = None if columns == "char" else (lambda p: column(result, p, columns))
    return {
        "path": result.path,
        "regime": report.regime.id if report and report.regime else None,
        "year": report.year if report else None,
        "agency": report.agency if report else None,
        "issuer_kind": report.issuer_kind if report else None,
        "title": report.title.text if report and report.title else None,
        "published": report.published if report else None,
        "ocr_pages": list(report.document.ocr) if report else [],
        "findings": [{**finding_dict(f, at), "fingerprint": key} for f, key in zip(result.findings, fingerprint.of_result(result))],
        "error": result.error,
    }


def _dump(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_check(results: list[FileResult], rules=None, columns: str = "char") -> str:
    counts = {s: 0 for s in ("error", "warning", "info")}
    for r in results:
        for f in r.findings:
            counts[f.severity] += 1
    return _dump(
        {
            "schema_version": SCHEMA_VERSION,
            "tool": {"name": "gik-lint", "version": __version__},
            "column_unit": columns,
            "files": [file_dict(r, columns) for r in results],
            "summary": {"files": len(results), "unreadable": sum(1 for r in results if r.error), **counts},
        }
    )


def section_dict(report, section) -> dict:
    outline = report.outline
    start, end = outline.start(section.heading), outline.section_end(section)
    out = {"id": report.section_id(section), "heading": section.heading.text, **_position(start)}
    out["end_line"] = end.line
    if end.page is not None:
        out["end_page"] = end.page
    if end.paragraph is not None:
        out["end_paragraph"] = end.paragraph
    out["children"] = [section_dict(report, c) for c in section.children]
    return out


def table_dict(table) -> dict:
    return {
        **_position(table.position),
        "rows": table.n_rows,
        "columns": table.n_cols,
        "cells": [
            {"text": c.text, "row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan, **_position(c.position)}
            for c in table.cells
        ],
        "grid": [[c.text if c else None for c in row] for row in table.grid()],
    }


def reading_dict(reading) -> dict:
    from gik_lint.check.kinds._tables import number

    table = reading.table
    return {
        "layout": reading.layout,
        "from_text": table.from_text,
        "cells": {
            cid: {
                "raw": c.value.raw,
                "kind": c.value.kind,
                "value": number(c.value.number),
                "unit": c.value.unit or None,
                "row_label": c.row_label,
                "column_label": c.column_label,
                "split_from": c.split_from,
                **_position(c.position),
            }
            for cid, c in table.cells.items()
        },
        "deviations": [{"row": d.row, "found": d.found, "expected": d.expected, **_position(d.position)} for d in table.deviations],
        "unplaced": [{"label": u.label, "values": u.values, "reason": u.reason, **_position(u.position)} for u in table.unplaced],
        "unsplit": [
            {"row": u.row, "label": u.label, "run": u.run, "columns": u.columns, "status": u.status,
             "candidates": [list(c) for c in u.candidates], "count": u.count, "exact": u.exact, **_position(u.position)}
            for u in table.unsplit
        ],
    }


def render_inspect(result: FileResult) -> str:
    report = result.report
    if report is None:
        return _dump({"schema_version": SCHEMA_VERSION, "path": result.path, "error": result.error})
    title = report.title
    doc = report.document
    return _dump(
        {
            "schema_version": SCHEMA_VERSION,
            "path": result.path,
            "format": doc.format,
            "encoding": doc.encoding,
            "not_assessable": doc.not_assessable,
            "meta": doc.meta,
            "title": title.text if title else None,
            "title_position": _position(doc.blocks[title.block].at(title.start)) if title else None,
            "agency": report.agency,
            "issuer_kind": report.issuer_kind,
            "year": report.year,
            "year_source": report.year_source,
            "regime": report.regime.id if report.regime else None,
            "sections": [section_dict(report, s) for s in report.outline.root.children],
            "missing": [s.id for s in report.regime.sections if s.id not in report.sections] if report.regime else [],
            "tables": [table_dict(t) for t in doc.tables],
            "statistical_tables": {tid: reading_dict(r) for tid, r in report.tables.items()},
            "error": None,
        }
    )
