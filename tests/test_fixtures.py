"""The fixture reports under fixtures/reports, each with its expected results beside it
(NAME.expected.yaml): what is recognised and exactly which findings are reported."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from conftest import FIXTURES

REPORTS = FIXTURES / "reports"
EXPECTED = sorted(REPORTS.glob("*.expected.yaml"))


def _report_file(expected_path):
    stem = expected_path.name[: -len(".expected.yaml")]
    matches = [p for p in REPORTS.glob(stem + ".*") if not p.name.endswith(".expected.yaml")]
    assert len(matches) == 1, f"one report file for {stem}, found {matches}"
    return matches[0]


def test_there_are_enough_fixtures():
    assert len(EXPECTED) >= 15


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name[: -len(".expected.yaml")])
def test_fixture(linter, expected_path):
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    path = _report_file(expected_path)
    result = linter.lint_path(path)
    assert result.error is None, result.error
    report = result.report
    doc = report.document
    assert doc.encoding == expected["encoding"]
    assert report.title is not None and report.title.text == expected["title"]
    assert report.year == expected["year"]
    assert (report.regime.id if report.regime else None) == (str(expected["regime"]) if expected["regime"] else None)
    assert report.agency == expected["agency"]
    assert report.issuer_kind == expected["issuer_kind"]
    got_sections = {
        spec.id: (report.outline.start(report.sections[spec.id].section.heading).line if spec.id in report.sections else None)
        for spec in (report.regime.sections if report.regime else ())
    }
    assert got_sections == expected["sections"]
    want = Counter((f["code"], f.get("section"), f.get("severity")) for f in expected["findings"] or [])
    got = Counter((f.code, f.section, f.severity if key[2] else None) for f in result.findings for key in [_key(f, want)])
    assert got == want, [(f.code, f.section, f.severity, f.message) for f in result.findings]


def _key(finding, want):
    """The expected entry's shape for this finding: severity only where it is stated."""
    with_severity = (finding.code, finding.section, finding.severity)
    return with_severity if with_severity in want else (finding.code, finding.section, None)
