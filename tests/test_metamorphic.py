"""Metamorphic tests for layout robustness: every report in ../shared/corpus and every
fixture report with expected findings gives the same findings (code, section, cell) when it
is hard-wrapped with page footers, collapsed onto one line, given stray spaces inside
Chinese words, given full-width digits, or re-exported as a web page or a Word file.

A variant may turn a finding into not-assessable; it never adds a warning or error and
never drops one silently. What is compared, and how, is in tests/metamorphic_cases.py; the
transformations are in tests/layout_variants.py; ``python benchmarks/metamorphic.py``
prints the counts for every report and variant.
"""

from __future__ import annotations

import pytest
import yaml

import metamorphic_cases as mc
from conftest import CORPUS, FIXTURES

SOURCES = mc.sources()
PAIRS = [(source, variant) for source in SOURCES for variant in mc.VARIANTS]



@pytest.fixture(scope="module")
def cases(linter) -> mc.Cases:
    return mc.Cases(linter)


def test_every_report_is_an_input():
    truth = yaml.safe_load((CORPUS / "truth.yaml").read_text(encoding="utf-8"))
    reports = {e["file"] for e in truth["files"] if e.get("is_report", True)}
    assert "template_2021_official_format_blank.docx" not in reports
    corpus = {s.path.name for s in SOURCES if s.origin == "corpus"}
    assert corpus == reports and all((CORPUS / name).is_file() for name in reports)
    expected = sorted((FIXTURES / "reports").glob("*.expected.yaml"))
    assert len([s for s in SOURCES if s.origin == "fixtures"]) == len(expected) >= 15


def test_baselines_lint_cleanly(cases):
    for source in SOURCES:
        result = cases.baseline(source)
        assert result.error is None, (source.id, result.error)
        assert result.report.document.blocks, source.id


@pytest.mark.parametrize(("source", "variant"), PAIRS, ids=[f"{s.id}-{v}" for s, v in PAIRS])
def test_layout_variant_keeps_the_findings(cases, source, variant):
    data, name, result, why = cases.variant(source, variant)
    declared = mc.NOT_APPLICABLE.get((source.id, variant))
    if why is not None:
        assert declared == why, f"{variant} does not change {source.id} ({why}), and this is not declared in NOT_APPLICABLE"
        pytest.skip(f"{variant} cannot be applied to {source.id}: {why}")
    assert declared is None, f"{source.id}/{variant} is declared not applicable but the variant changes the report"
    baseline = cases.baseline(source)
    comparison = mc.compare(baseline, result)
    assert comparison.ok, f"{source.id} as {variant} (linted as {name}) differs from the baseline:\n" + comparison.describe()
