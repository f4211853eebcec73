"""timeliness: the report was published by its deadline.

The publication date comes from the page (发布时间, CMS meta tags), or from the run
(``--published``, ``--published-list``). The deadline depends on the regime and the
issuer (rule option ``deadlines``: regime -> issuer kind -> MM-DD of the year after the
report year; a run may set its own with ``--deadline``). Where the Regulations set no
date for the issuer (townships, street offices, centres), the finding is information
only (option ``soft``)."""

from __future__ import annotations

from gik_lint.check.finding import Hit

NEEDS_REGIME = True


def check(rule, report):
    if not report.published or report.year is None:
        return
    table = dict(rule.options.get("deadlines", {}).get(report.regime.id, {}))
    table.update(report.deadlines or {})
    day = table.get(report.issuer_kind) or table.get("default")
    if not day:
        return
    deadline = f"{report.year + 1}-{day}"
    if report.published <= deadline:
        return
    soft = report.issuer_kind in rule.options.get("soft", {}).get(report.regime.id, [])
    title = report.title
    blocks = report.document.blocks
    start = blocks[title.block].at(title.start) if title else blocks[0].at(0)
    yield Hit(
        start=start,
        end=start,
        context={"published": report.published, "deadline": deadline, "source": report.published_source, "kind": report.issuer_kind},
        evidence={"published": report.published, "deadline": deadline, "issuer_kind": report.issuer_kind, "source": report.published_source},
        severity="info" if soft else None,
    )
