"""The same report written as Markdown, HTML, Word and PDF (fixtures/formats, made by
make_formats.py) reads into the same sections and the same table grids."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import FIXTURES

FORMATS = FIXTURES / "formats"
EXPECTED = sorted(FORMATS.glob("*.grid.yaml"))
CASES = [
    pytest.param(expected, suffix, id=f"{expected.name.split('.')[0]}{suffix}")
    for expected in EXPECTED
    for suffix in (".md", ".html", ".docx", ".pdf")
]


def _squash(text):
    return None if text is None else re.sub(r"\s+", "", text)


def test_there_are_multi_format_fixtures():
    assert len(EXPECTED) >= 2


@pytest.mark.parametrize("expected_path,suffix", CASES)
def test_same_report_in_every_format(linter, expected_path, suffix):
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    path = expected_path.with_name(expected_path.name.replace(".grid.yaml", suffix))
    result = linter.lint_path(path)
    assert result.error is None, result.error
    report = result.report
    assert (report.title.text.replace(" ", ""), report.year, report.agency) == (
        expected["title"],
        expected["year"],
        expected["agency"],
    )
    by_id = {m.id: m for m in report.sections.values()}
    assert [(s["id"], _squash(by_id[s["id"]].section.heading.text)) for s in expected["sections"]] == [
        (s["id"], _squash(s["heading"])) for s in expected["sections"]
    ]
    grids = [[[_squash(c.text) if c else None for c in row] for row in t.grid()] for t in report.document.tables]
    want = [t["rows"] for t in expected["tables"]]
    if suffix == ".md":  # a pipe table cannot merge cells: the covered slots are blank
        want = [[[("" if c is None else c) for c in row] for row in rows] for rows in want]
    assert grids == want


def test_html_page_metadata(linter):
    for expected_path in EXPECTED:
        expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
        doc = linter.lint_path(expected_path.with_name(expected_path.name.replace(".grid.yaml", ".html"))).report.document
        assert doc.encoding == expected["html_encoding"]
        assert doc.meta["published"] == expected["published"]


@pytest.mark.parametrize("expected_path", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_same_findings_in_every_format(linter, expected_path):
    findings = {}
    for suffix in (".md", ".html", ".docx", ".pdf"):
        result = linter.lint_path(expected_path.with_name(expected_path.name.replace(".grid.yaml", suffix)))
        findings[suffix] = sorted((f.code, f.section, f.outcome) for f in result.findings)
    assert len({tuple(v) for v in findings.values()}) == 1, findings
    expected = yaml.safe_load(expected_path.read_text(encoding="utf-8"))
    relations = [f for f in findings[".md"] if f[0] == "GIK224"]
    assert len(relations) == (1 if expected["defects"] else 0)  # the 行政复议 总计 the script got wrong
