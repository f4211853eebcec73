"""Report-level rules on the real reports: the seeds' known defects, and every defect
the corpus's truth file records, with nothing else at warning or above."""

from __future__ import annotations

import pytest
import yaml

from conftest import CORPUS, SEEDS

TRUTH = yaml.safe_load((CORPUS / "truth.yaml").read_text(encoding="utf-8"))
# the rule that finds each kind of defect the truth file records
DEFECT_RULE = {
    "table_total_mismatch": "GIK224",  # or another relation of the table's: see RELATIONS
    "row_label_deviation": "GIK202",
    "text_table_mismatch": "GIK303",
    "late_publication": "GIK013",
    "text_sum_mismatch": "GIK301",
    "title_deviation": "GIK010",
    "date_anomaly": "GIK012",
    "missing_section": "GIK101",
    "text_internal_mismatch": "GIK312",
    "copy_paste_wording": "GIK308",
    "wrong_year": "GIK012",
    "incomplete_table": "GIK210",
    "blank_cells": "GIK210",
}
# the tables' own sums: whichever relation caught a total that does not add up
RELATIONS = {"GIK220", "GIK221", "GIK222", "GIK224", "GIK230", "GIK231", "GIK232", "GIK233", "GIK235", "GIK236"}
WORDING = {"GIK308", "GIK313"}  # another organ's words: its template's, or its level's self-reference
NOT_YET: dict[str, set[str]] = {}  # defects of the truth file no rule finds yet (strict: remove when found)
# warnings the truth file does not record, each read by hand and real (strict: remove when gone)
OPEN_ALARMS = {
    # （一）主要问题 / （二）改进情况 without the format's part 五、存在的主要问题及改进情况 (truth: partial)
    "2024_shanghai_kewei.md": {"GIK101", "GIK301"},  # GIK301: 累计发布信息2139条，其中 1744+393+21+2 = 2160
}
BEYOND_TRUTH = {"GIK304", "GIK011", "GIK302"}


def _findings(linter, name):
    return linter.lint_path(CORPUS / name).findings


def test_heyuan_seed_defects(linter):
    findings = linter.lint_path(SEEDS / "002_9129c6b43b32ee9a.txt").findings
    by_code = {}
    for f in findings:
        by_code.setdefault(f.code, []).append(f)
    (late,) = by_code["GIK013"]
    assert (late.evidence["published"], late.evidence["deadline"]) == ("2017-09-13", "2017-03-31")
    (total,) = by_code["GIK301"]
    assert (total.evidence["stated"], total.evidence["sum"]) == ("2243", "2346")
    assert {f.evidence["problem"] for f in by_code["GIK010"]} == {"doubled", "space", "place"}
    assert [f.evidence["problem"] for f in by_code["GIK012"]] == ["signed"]
    assert [f.evidence["problem"] for f in by_code["GIK011"]] == ["missing"]


def test_zhongwei_seed_defects(linter):
    findings = linter.lint_path(SEEDS / "000_84cfd1913db39861.txt").findings
    codes = [f.code for f in findings]
    assert codes.count("GIK302") == 1  # 《条例》 defined twice
    assert "GIK301" not in codes  # 1333 = 492 + 837 + 4; two 亿元 totals left alone


@pytest.mark.parametrize("entry", [e for e in TRUTH["files"] if e.get("is_report", True)], ids=lambda e: e["file"])
def test_every_truth_defect_is_found_and_nothing_else(linter, entry):
    findings = _findings(linter, entry["file"])
    codes = {f.code for f in findings}
    if codes & RELATIONS:  # a total that does not add up: whichever relation of the table caught it
        codes.add("GIK224")
    if codes & WORDING:
        codes.add("GIK308")
    expected = {DEFECT_RULE[d["type"]] for d in entry.get("defects", []) if d["type"] in DEFECT_RULE}
    not_yet = NOT_YET.get(entry["file"], set())
    assert expected - not_yet <= codes, expected - not_yet - codes
    assert not (not_yet & codes), f"found now, remove from NOT_YET: {not_yet & codes}"
    loud = {f.code for f in findings if f.severity in ("error", "warning") and f.outcome != "not-assessable"}
    allowed = expected | BEYOND_TRUTH | OPEN_ALARMS.get(entry["file"], set())
    if "GIK224" in expected:
        allowed |= RELATIONS
    if "GIK308" in expected:
        allowed |= WORDING
    assert loud <= allowed, loud - allowed
    open_alarms = OPEN_ALARMS.get(entry["file"], set())
    assert open_alarms <= loud, f"no longer raised, remove from OPEN_ALARMS: {open_alarms - loud}"
