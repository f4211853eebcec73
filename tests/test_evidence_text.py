"""Evidence written as sentences (report/evidence_text.py): the failed relation with the
report's figures, the quoted words, and nothing of the raw data structure."""

from __future__ import annotations

from conftest import FIXTURES, lint_text
from gik_lint import fingerprint
from gik_lint.fingerprint import content
from gik_lint.report.evidence_text import describe, relation_text


def _evidence(linter, path, code):
    _, findings = lint_text(linter, path.read_text(encoding="utf-8"), path.name)
    return [f.evidence for f in findings if f.code == code]


def test_a_failed_relation_is_written_with_the_reports_figures(linter):
    (evidence,) = _evidence(linter, FIXTURES / "tables" / "r1_fail.md", "GIK224")
    assert relation_text(evidence) == "「行政复议」行：总计 3 ≠ 结果维持 2 + 结果纠正 1 + 其他结果 0 + 尚未审结 1 = 4"
    first, other = _evidence(linter, FIXTURES / "tables" / "a1_fail.md", "GIK220")
    assert relation_text(first) == (
        "「自然人」列：一、本年新收政府信息公开申请数量 20 + 二、上年结转政府信息公开申请数量 2 = 22"
        " ≠ （七）总计 21 + 四、结转下年度继续办理 3 = 24")


def test_the_relation_restates_the_evidence_and_is_not_part_of_the_fingerprint(linter):
    (evidence,) = _evidence(linter, FIXTURES / "tables" / "r1_fail.md", "GIK224")
    assert evidence["relation"]["op"] == "==" and evidence["relation"]["left"] == [["review_litigation.review.total", 1]]
    assert "relation" not in content(evidence)


def test_a_long_sum_leaves_out_its_zeros_and_says_how_many():
    cells = [{"id": f"t.r{i}.c", "row": f"行{i}", "column": "列", "raw": "0" if i > 2 else "5", "kind": "int"} for i in range(9)]
    evidence = {"actual": "9", "expected": "15", "cells": cells,
                "relation": {"op": "==", "left": [["t.r0.c", 1]], "right": [[f"t.r{i}.c", 1] for i in range(1, 9)]}}
    assert relation_text(evidence) == "「列」列：行0 5 ≠ 行1 5 + 行2 5（其余 6 项为 0） = 15"


def test_unread_cells_and_quoted_words_become_phrases():
    text = describe({"table": "applications", "unreadable": ["applications.carry_in.natural"], "problem": "x"},
                    {"applications.carry_in.natural": "上年结转·自然人"})
    assert text == "无法读取的单元格：上年结转·自然人。"
    text = describe({"problem": "doubled", "title": "某县2020年年政府信息公开工作年度报告", "found": "年年"})
    assert text == "标题为「某县2020年年政府信息公开工作年度报告」；原文「年年」。"
    assert describe({"order": ["overview", "applications"]}) == ""  # no raw structure on the page
    assert describe(None) == "" and describe({}) == ""


def test_fingerprints_are_the_sha256_they_always_were():
    """Pinned: baselines, SARIF and triage decisions hold these keys; the digest comes from
    CPython's own SHA-256 (no OpenSSL at start) and must not move."""
    found = [("GIK101", "proactive", {"found": "二、主动公开", "line": 3}), ("GIK101", "proactive", {"found": "二、主动公开", "line": 9})]
    assert fingerprint.keys("淮安市人民政府|2023", found) == ["95e0e1d87fefb5bc52accd5ddf5df732", "d94343eadb2ec878f1d4f47d9974b087"]
