"""Interpret stage: what the document is (title, year, organ, regime) and which of its
sections carry the canonical sections of that regime."""

from __future__ import annotations


from gik_lint.interpret.kind import REPORT, classify
from gik_lint.interpret.regime import Regime, regime_for_year
from gik_lint.interpret.sections import SectionMatch, map_sections
from gik_lint.interpret.title import Title, agency, find_title, issuer_kind, organ_level, published, report_year, signature
from gik_lint.interpret.tables import TableReading, TableSpec, read_tables
from gik_lint.records import field, record
from gik_lint.structure.outline import Outline


@record
class Report:
    outline: Outline
    title: Title | None
    year: int | None
    year_source: str | None  # "title" | "period" | "page" (the page's title) | "body" | None
    agency: str | None
    issuer_kind: str
    regime: Regime | None
    regime_source: str | None  # "year" | "option" | None
    organ_level: str | None = None  # 省 / 市 / 县 / 区: the level of the organ's place
    sections: dict[str, SectionMatch] = field(default_factory=dict)
    published: str | None = None  # YYYY-MM-DD, as the page states it or the run is told
    published_source: str | None = None  # "page" | "option" | "list"
    signed: str | None = None  # the date that signs the report, YYYY-MM-DD
    signer: str | None = None  # the organ that signs it, as printed
    deadlines: dict[str, str] = field(default_factory=dict)  # issuer kind -> MM-DD the run sets
    tables: dict[str, TableReading] = field(default_factory=dict)  # the statistical tables read, by table id
    table_specs: dict[str, TableSpec] = field(default_factory=dict)  # the tables the regime requires
    # what the document is: an annual report, a blank template of one, or not a report (see interpret.kind)
    kind: str = REPORT
    kind_reason: str | None = None  # why it is not a report (zh-CN)
    # what the checks derive from the report once and share (text views by scope); not part of it
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def document(self):
        return self.outline.document

    def section_id(self, section) -> str | None:
        return next((m.id for m in self.sections.values() if m.section is section), None)


def interpret(
    outline: Outline,
    regimes: dict[str, Regime],
    regime_id: str | None = None,
    tables: dict[str, dict[str, TableSpec]] | None = None,
) -> Report:
    document = outline.document
    title = find_title(document)
    year, year_source = report_year(title, document)
    organ = agency(title, document)
    if regime_id is not None:
        regime, regime_source = regimes[regime_id], "option"
    elif year is not None:
        regime = regime_for_year(regimes, year)
        regime_source = "year" if regime else None
    else:
        regime, regime_source = None, None
    report = Report(outline, title, year, year_source, organ, issuer_kind(organ), regime, regime_source, organ_level(organ))
    report.published = published(document)
    report.published_source = "page" if report.published else None
    report.signer, report.signed = signature(document)
    if regime is not None:
        report.sections = map_sections(outline, regime)
        report.table_specs = (tables or {}).get(regime.id, {})
        report.tables = read_tables(report, tables or {})
    report.kind, report.kind_reason = classify(report, regimes)
    return report
