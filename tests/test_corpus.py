"""Acceptance on the real reports in ../shared: the seeds and the hand-checked corpus."""

from __future__ import annotations

import pytest
import yaml

from conftest import CORPUS, SEEDS
from gik_lint.read import READERS
from gik_lint.textnorm import compact

TRUTH = yaml.safe_load((CORPUS / "truth.yaml").read_text(encoding="utf-8"))
TEXT_REPORTS = [
    entry
    for entry in TRUTH["files"]
    if entry.get("is_report", True) and (CORPUS / entry["file"]).suffix in READERS
]


def test_corpus_has_text_reports():
    assert {e["file"] for e in TEXT_REPORTS} == {"2016_heyuan_ggzy.txt", "2017_zhongwei_ggzy.txt"}


@pytest.mark.parametrize("entry", TEXT_REPORTS, ids=lambda e: e["file"])
def test_corpus_sections_match_truth(linter, entry):
    result = linter.lint_path(CORPUS / entry["file"])
    report = result.report
    assert report.year == entry["report_year"]
    assert report.regime.id == entry["regime"]
    assert report.agency == entry["agency"]
    for sid, truth in entry["sections"].items():
        status = truth["status"] if isinstance(truth, dict) else truth
        if status == "n/a":
            continue
        match = report.sections.get(sid)
        if status == "present":
            assert match is not None, sid
            assert compact(match.section.heading.text) == compact(truth["heading"]), sid
        else:  # missing, or only touched on inside another section
            assert match is None, sid
            missing = [f for f in result.findings if f.code == "GIK101" and f.section == sid]
            assert len(missing) == 1, sid


def test_zhongwei_2017(linter):
    result = linter.lint_path(SEEDS / "000_84cfd1913db39861.txt")
    report = result.report
    assert report.regime.id == "2008"
    assert set(report.sections) == {"overview", "proactive", "applications", "review_litigation", "problems"}
    errors = [f for f in result.findings if f.severity == "error"]
    assert [(f.code, f.section) for f in errors] == [("GIK101", "fees")]
    fees = errors[0]
    assert fees.basis == "条例(2007) 第三十二条第（三）项"
    assert (fees.start.line, fees.start.column) == (45, 1)  # where 五、 begins: fees belongs before it
    assert "收费及减免" in fees.message


def test_heyuan_2016(linter):
    result = linter.lint_path(SEEDS / "002_9129c6b43b32ee9a.txt")
    report = result.report
    assert report.regime.id == "2008"
    assert report.title.text == "市公共资源交易中心2016年年政府信息公开 工作年度报告"
    for sid in ("proactive", "applications", "fees", "review_litigation", "problems"):
        assert sid in report.sections
    missing = [f for f in result.findings if f.code == "GIK101"]
    assert [(f.section, f.severity) for f in missing] == [("other", "warning")]
    assert not [f for f in result.findings if f.severity == "error"]


def test_seed_findings_point_into_the_file(linter):
    for seed in sorted(SEEDS.glob("*.txt")):
        lines = seed.read_text(encoding="utf-8").splitlines()
        result = linter.lint_path(seed)
        for f in result.findings:
            if f.code == "GIK103":
                line = lines[f.start.line - 1]
                heading = line[f.start.column - 1 : f.end.column - 1]
                assert compact(heading) in compact(f.message), (seed.name, heading, f.message)
