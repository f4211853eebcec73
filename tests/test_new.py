"""gik-lint new: a blank report in the year's regime, built from the catalogues the linter
reads, that lints with only a blank report's findings, and whose tables, filled with
consistent numbers, pass every relation."""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest

from gik_lint.check import run
from gik_lint.new import blank_report, docx, markdown, numeral
from gik_lint.pipeline import Linter
from gik_lint.read import read_bytes

ORGAN = "某县人民政府"
# what a blank report has, and nothing else: its placeholders (GIK315), its placeholder cells
# (GIK210, a rule of the unified formats), and the relations that cannot be checked on them
BLANK_FINDINGS = {
    2025: {("GIK315", "fail"), ("GIK210", "fail"), ("GIK220", "not-assessable"), ("GIK221", "not-assessable"),
           ("GIK222", "not-assessable"), ("GIK223", "not-assessable"), ("GIK224", "not-assessable")},
    2018: {("GIK315", "fail"), ("GIK230", "not-assessable"), ("GIK231", "not-assessable"), ("GIK232", "not-assessable"),
           ("GIK235", "not-assessable"), ("GIK236", "not-assessable")},
}
BLANK_FINDINGS[2020] = BLANK_FINDINGS[2025]
YEARS = (2018, 2020, 2025)


def gik(*args, cwd=None):
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *args], capture_output=True, cwd=cwd)
    return proc.returncode, proc.stdout, proc.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter()


def _lint(linter: Linter, data: bytes, fmt: str):
    report = linter.analyse(read_bytes(data, f"report.{fmt}"))
    return report, run(report, linter.rules.values())


def _write(blank, fmt: str) -> bytes:
    return docx(blank) if fmt == "docx" else markdown(blank).encode("utf-8")


def consistent(linter: Linter, blank, rng: random.Random | None) -> dict[str, object]:
    """Numbers for every cell of the blank report's tables that satisfy the relations the
    format states or implies (None: zeros everywhere)."""
    n = (lambda: 0) if rng is None else (lambda: rng.randint(0, 9))
    values: dict[str, object] = {}
    for tid, spec in linter.tables[blank.catalog].items():
        if spec.blocks:  # proactive: any counts; amounts with decimals, changes with a sign
            for block in spec.blocks:
                for row in block.rows:
                    for column in block.columns:
                        x = n()
                        if column.decimal and rng:
                            x = f"{x}.{rng.randint(0, 99):02d}"
                        elif column.signed and x:
                            x = f"+{x}"
                        values[f"{tid}.{block.id}.{row.id}.{column.id}"] = x
        elif spec.groups:  # review and litigation: total = the four results
            for group in spec.groups:
                parts = {c.id: n() for c in spec.columns if c.id != "total"}
                values.update({f"{tid}.{group.id}.{c}": x for c, x in parts.items()})
                values[f"{tid}.{group.id}.total"] = sum(parts.values())
        elif spec.rows_vary:  # the 2008 statistics table: an indicator is the sum of its parts
            ids = [r.id for r in spec.rows if r.in_template]
            kids = {rid: [k for k in ids if k.rpartition(".")[0] == rid] for rid in ids}
            for column in spec.columns:
                for rid in reversed(ids):
                    values[f"{tid}.{rid}.{column.id}"] = (
                        sum(values[f"{tid}.{k}.{column.id}"] for k in kids[rid]) if kids[rid]
                        else values[f"{tid}.{rid}.{column.at_least}"] + n() if column.at_least else n())
        else:  # applications: results add up to the total, new + carried in = total + carried out
            columns = [c.id for c in spec.columns if not c.optional and c.id != "total"]
            results = [r.id for r in spec.rows if r.id not in ("new", "carry_in", "total", "carry_out")]
            for c in columns:
                for r in results:
                    values[f"{tid}.{r}.{c}"] = n()
                total = sum(values[f"{tid}.{r}.{c}"] for r in results)
                carry_out = n()
                carry_in = min(n(), total + carry_out)
                values.update({f"{tid}.total.{c}": total, f"{tid}.carry_out.{c}": carry_out,
                               f"{tid}.carry_in.{c}": carry_in, f"{tid}.new.{c}": total + carry_out - carry_in})
            for r in spec.rows:
                values[f"{tid}.{r.id}.total"] = sum(values[f"{tid}.{r.id}.{c}"] for c in columns)
    return values


# --- the done-when -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("year", YEARS)
def test_new_report_lints_with_no_error(tmp_path, year, fmt):
    target = tmp_path / f"blank.{fmt}"
    code, out, err = gik("new", "--organ", ORGAN, "--year", str(year), "-o", str(target))
    assert code == 0 and target.is_file() and "已生成" in err, err
    code, out, err = gik("check", "--format", "json", str(target))
    assert code == 0, err  # no error
    found = json.loads(out)["files"][0]
    assert found["year"] == year and found["agency"] == ORGAN
    assert found["regime"] == {2018: "2008", 2020: "2019", 2025: "2021"}[year]
    assert {(f["code"], f["outcome"]) for f in found["findings"]} == BLANK_FINDINGS[year]
    assert all(f["severity"] != "error" for f in found["findings"])


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("filling", ["zeros", "numbers"])
@pytest.mark.parametrize("year", YEARS)
def test_filled_with_consistent_numbers_no_table_finding(linter, year, fmt, filling):
    blank = blank_report(linter, ORGAN, year)
    values = consistent(linter, blank, None if filling == "zeros" else random.Random(year))
    assert set(blank.cell_ids()) <= set(values)  # every cell filled
    blank.fill(values)
    report, findings = _lint(linter, _write(blank, fmt), fmt)
    assert report.tables, "the tables are read"
    assert not [f for f in findings if f.code.startswith("GIK2")], [(f.code, f.message) for f in findings]
    assert {f.code for f in findings} == {"GIK315"}  # the narrative is still to write
    read = {cid for reading in report.tables.values() for cid, cell in reading.table.cells.items() if cell.value.kind in ("int", "decimal")}
    assert set(blank.cell_ids()) <= read


@pytest.mark.parametrize("fmt", ["md", "docx"])
@pytest.mark.parametrize("year", YEARS)
def test_inconsistent_numbers_are_found(linter, year, fmt):
    """The filled tables are read, not waved through: one number off breaks a relation."""
    blank = blank_report(linter, ORGAN, year)
    values = consistent(linter, blank, random.Random(year))
    cell = "statistics.apply.count" if year == 2018 else "applications.total.natural"
    values[cell] = int(values[cell]) + 1
    blank.fill(values)
    _, findings = _lint(linter, _write(blank, fmt), fmt)
    failed = {f.code for f in findings if f.code.startswith("GIK2") and f.outcome == "fail"}
    assert failed == ({"GIK231"} if year == 2018 else {"GIK220", "GIK221", "GIK222"})


# --- what the blank report holds -----------------------------------------------------------


@pytest.mark.parametrize("year", YEARS + (2013,))
def test_built_from_the_catalogues(linter, year):
    blank = blank_report(linter, ORGAN, year)
    text = markdown(blank)
    regime = linter.regimes[blank.regime]
    assert text.startswith(f"# {ORGAN}{year}年政府信息公开工作年度报告\n")
    assert f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。" in text
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert headings == [f"{numeral(n)}、{s.canonical}" for n, s in enumerate(regime.sections, start=1)]
    for sid, placeholder in regime.template.items():
        assert placeholder in text
    expected_catalog = {2013: "2008", 2018: "2008-national"}.get(year, blank.regime)
    assert blank.catalog == expected_catalog
    for spec in linter.tables[blank.catalog].values():
        for block in spec.blocks:
            assert block.label in text and all(r.label in text for r in block.rows) and all(c.label in text for c in block.columns)
        for label in list(spec.rows) + list(spec.columns) + list(spec.groups):
            assert (label.label in text) == (label.in_template and not label.optional), label.id
        for words in spec.template.values():
            assert words in text
    assert len(blank.cell_ids()) == len(set(blank.cell_ids()))


def test_application_rows_numbered_as_the_format(linter):
    text = markdown(blank_report(linter, ORGAN, 2025))
    for row in ("| 一、本年新收政府信息公开申请数量 |  | / |", "| 三、本年度办理结果 | （一）予以公开 | / |",
                "| （三）不予公开 | 8.属于行政查询事项 | / |", "| （六）其他处理 | 3.其他 | / |",
                "| 三、本年度办理结果 | （七）总计 | / |", "| 四、结转下年度继续办理 |  | / |"):
        assert f"\n{row}" in text, row
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in text


def test_numeral():
    assert [numeral(n) for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]


# --- the command line ----------------------------------------------------------------------


def test_new_to_standard_output():
    code, out, _ = gik("new", "--organ", "某市教育局", "--year", "2020")
    assert code == 0 and out.decode("utf-8").startswith("# 某市教育局2020年政府信息公开工作年度报告\n")


def test_new_never_overwrites(tmp_path):
    target = tmp_path / "r.md"
    target.write_text("已有的文件", encoding="utf-8")
    code, _, err = gik("new", "--organ", ORGAN, "--year", "2025", "-o", str(target))
    assert code == 2 and "已存在" in err and target.read_text(encoding="utf-8") == "已有的文件"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]


@pytest.mark.parametrize("args,message", [
    (("--year", "2007"), "没有适用的格式"),
    (("--year", "20x5"), "四位数字"),
    (("--year", "2025", "--format", "md", "-o", "r.docx"), "不符"),
    (("--year", "2025", "-o", "no/such/folder/r.md"), "无法写入"),
])
def test_new_usage_errors(tmp_path, args, message):
    code, _, err = gik("new", "--organ", ORGAN, *args, cwd=tmp_path)
    assert code == 2 and message in err and "Traceback" not in err


def test_new_docx_format_from_the_file_name(tmp_path):
    code, _, _ = gik("new", "--organ", ORGAN, "--year", "2025", "-o", str(tmp_path / "r.docx"))
    assert code == 0 and (tmp_path / "r.docx").read_bytes()[:2] == b"PK"
