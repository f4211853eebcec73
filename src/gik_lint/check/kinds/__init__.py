"""The closed set of rule kinds. Each kind module has ``check(rule, report)``, which
yields :class:`~gik_lint.check.finding.Hit` objects, and ``NEEDS_REGIME``: whether it
can only judge a report whose regime is known."""

from gik_lint.check.kinds import (
    cell_value,
    heading_wording,
    label_deviation,
    not_assessable,
    relation,
    report_year,
    required_section,
    section_order,
    table_layout,
    table_presence,
    table_shape,
    table_unplaced,
)

KINDS = {
    "required-section": required_section,
    "section-order": section_order,
    "heading-wording": heading_wording,
    "report-year": report_year,
    "not-assessable": not_assessable,
    "table-presence": table_presence,
    "table-layout": table_layout,
    "table-shape": table_shape,
    "label-deviation": label_deviation,
    "table-unplaced": table_unplaced,
    "cell-value": cell_value,
    "relation": relation,
}
