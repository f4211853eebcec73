"""Years and dates written in Chinese numerals, as official documents write them
(二〇二一年, 二〇二二年一月二十日), are read wherever a year or a date is read: the title,
the statistical period, the signature, the page's 发布时间."""

from __future__ import annotations

import pytest

from conftest import lint_text
from gik_lint.textnorm import arabic_dates, fold

REPORT = """泊云县人民政府二〇二一年政府信息公开工作年度报告
本报告所列数据的统计期限自二〇二一年一月一日起至二〇二一年十二月三十一日止。
一、总体情况
二〇二一年，我县坚持以公开为常态、不公开为例外。
五、存在的主要问题及改进情况
公开内容还不够全面。二〇二一年，我们将进一步加强督查。
泊云县人民政府
二〇二二年一月二十日
"""


def test_fold_keeps_length_and_reads_the_year():
    text = "二〇二一年报告，二零二二年，二○二三年；一二三四年不是年份"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("2021年报告,2022年,2023年;一二三四年")  # (full-width punctuation folds too)


@pytest.mark.parametrize("written, read", [
    ("2022年一月二十日", "2022年1月20日"),
    ("2021年十二月三十一日", "2021年12月31日"),
    ("2021年十月一日", "2021年10月1日"),
    ("第一月份的统计", "第一月份的统计"),
])
def test_months_and_days(written, read):
    assert arabic_dates(written) == read


def test_a_report_dated_in_chinese_numerals(linter):
    report, findings = lint_text(linter, REPORT)
    assert (report.year, report.year_source) == (2021, "title")
    assert report.signed == "2022-01-20"
    codes = {f.code for f in findings}
    assert "GIK001" not in codes  # the year is known
    assert not [f for f in findings if f.code == "GIK011"]  # the period is stated in full
    (plan,) = [f for f in findings if f.code == "GIK012"]  # 二〇二一年，我们将 in a 2021 report's plans
    assert plan.evidence["problem"] == "plan"


def test_published_on_a_crawled_page(linter):
    text = "标题: 泊云县人民政府二〇二一年政府信息公开工作年度报告\n发布时间: 二〇二二年三月五日\n=== 正文 ===\n" + REPORT
    report, _ = lint_text(linter, text)
    assert report.published == "2022-03-05"
