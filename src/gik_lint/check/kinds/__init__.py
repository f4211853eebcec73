"""The closed set of rule kinds. Each kind module has ``check(rule, report)``, which
yields :class:`~gik_lint.check.finding.Hit` objects, and ``NEEDS_REGIME``: whether it
can only judge a report whose regime is known."""

from gik_lint.check.kinds import heading_wording, not_assessable, report_year, required_section, section_order

KINDS = {
    "required-section": required_section,
    "section-order": section_order,
    "heading-wording": heading_wording,
    "report-year": report_year,
    "not-assessable": not_assessable,
}
