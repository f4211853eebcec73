"""label-deviation: a table row whose label only comes close to the format's wording
(the value was anchored on it, and the wording is reported).

On a label read by OCR, a deviation that is one or two characters put for others (子以公开
for 予以公开, 学握 for 掌握) is what OCR does with characters that look alike: not
assessable. Words left out or added (行政止公开 for 行政法规禁止公开) are the report's own."""

from __future__ import annotations

from gik_lint.check.finding import Hit
from gik_lint.check.kinds._tables import recognised
from gik_lint.interpret.tables.catalog import label_key

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        for d in reading.table.deviations:
            ocr = recognised(report, d.position) and _look_alike(d.found, d.expected)
            yield Hit(
                start=d.position,
                end=d.position,
                section=reading.table.spec.section,
                context={"found": d.found, "expected": d.expected, "spec": reading.table.spec} | ({"ocr": True} if ocr else {}),
                evidence={"table": tid, "row": d.row, "found": d.found, "expected": d.expected},
                severity="info" if ocr else None,
                outcome="not-assessable" if ocr else "fail",
            )


def _look_alike(found: str, expected: str) -> bool:
    """Whether ``found`` is ``expected`` with one or two characters put for others."""
    a, b = label_key(found), label_key(expected)
    return len(a) == len(b) and 0 < sum(x != y for x, y in zip(a, b)) <= 2
