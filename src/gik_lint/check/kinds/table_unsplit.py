"""table-unsplit: a row whose values came as a run of digits ("7777166" for three
cells: the table lost the spaces between them) that does not split into its cells in
exactly one way — several splits hold, none does, or too many to enumerate. One
not-assessable finding per row, naming the run and the candidate splits; its cells are
not guessed, so the relations that need them are not assessed either. (A row that splits
in one way is read: its cells say in their evidence that they were split from a run.)"""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = True


def check(rule, report):
    for tid, reading in report.tables.items():
        spec = reading.table.spec
        for u in reading.table.unsplit:
            shown = [list(c) for c in u.candidates]
            yield Hit(
                start=u.position,
                end=u.position,
                section=spec.section,
                context={
                    "spec": spec,
                    "u": u,
                    "shown": "；".join("、".join(c) for c in u.candidates),
                    "shown_en": "; ".join(" | ".join(c) for c in u.candidates),
                },
                evidence={
                    "table": tid,
                    "row": u.row,
                    "label": u.label,
                    "run": u.run,
                    "columns": u.columns,
                    "status": u.status,
                    "candidates": shown,
                    "count": u.count,
                    "exact": u.exact,
                    "relations": list(u.relations),
                },
                outcome="not-assessable",
            )
