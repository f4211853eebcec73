"""Clean batches (issue 15, item 5): files that are no annual report, blank templates,
copies and unsupported formats are recognised, listed apart with the reason and left out of
the totals; `audit` takes several folders and files; `check` fails a file that is no report.

Precision first: every real report (the corpus, the seeds, the fixtures, and their layout
variants, with and without their title) stays a report."""

from __future__ import annotations

import csv
import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import layout_variants as lv
import metamorphic_cases as mc
from conftest import CORPUS, FIXTURES, SEEDS
from gik_lint.read import READERS, ReadError, read_bytes, read_path

NOT_REPORTS = FIXTURES / "not_reports"
TEMPLATE = CORPUS / "template_2021_official_format_blank.docx"


def gik(*args, cwd=None):
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, cwd=cwd)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def kind(linter, path: Path | None = None, data: bytes | None = None, name: str = "") -> tuple[str, str | None]:
    document = read_path(path) if data is None else read_bytes(data, name)
    report = linter.analyse(document)
    return report.kind, report.kind_reason


# --- what is a report -----------------------------------------------------------------


def _corpus_reports() -> list[Path]:
    truth = yaml.safe_load((CORPUS / "truth.yaml").read_text(encoding="utf-8"))
    return [CORPUS / e["file"] for e in truth["files"] if e.get("is_report", True)]


def _fixture_reports() -> list[Path]:
    """Every readable file under fixtures/ but the non-reports and the scans (single pages,
    and OCR: test_ocr.py reads whole scans as reports): all of them are reports."""
    found = []
    for path in sorted(FIXTURES.rglob("*")):
        if path.suffix.lower() not in READERS or NOT_REPORTS in path.parents or FIXTURES / "scans" in path.parents:
            continue
        try:
            read_path(path)
        except ReadError:  # the hostile files nobody can read: not this test's
            continue
        found.append(path)
    return found


def test_every_real_report_is_a_report(linter):
    paths = _corpus_reports() + sorted(SEEDS.glob("*.txt")) + _fixture_reports()
    assert len(paths) > 150
    wrong = {p.name: kind(linter, p) for p in paths if kind(linter, p)[0] != "report"}
    assert wrong == {}


def _untitled(text: str) -> str:
    """The report with its title gone: the report's name taken out of its opening, and a
    crawled page's title line."""
    head, rest = text[:400], text[400:]
    head = re.sub(r"(?m)^\s*(标题|题目|名称)\s*[:：].*$", "", head)
    head = re.sub(r"(?:政府|政务)?\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?(?:年\s*度\s*)?(?:报\s*告|年\s*报)|年\s*度\s*报\s*告", "", head)
    return head + rest


@pytest.mark.parametrize("source", mc.sources(), ids=lambda s: s.id)
def test_every_layout_variant_is_a_report_even_without_its_title(linter, source):
    """Hard-wrapped, collapsed onto one line, with stray spaces, full-width digits, as a web
    page and as a Word file; each of them with its title and without."""
    text = mc.source_text(source)
    untitled = _untitled(text)
    assert untitled != text
    for body in (text, untitled):
        assert kind(linter, data=body.encode("utf-8"), name=source.name)[0] == "report"
        for variant in mc.VARIANTS:
            data, name = mc.make_variant(variant, body, source.name)
            assert kind(linter, data=data, name=name)[0] == "report", (variant, body is untitled)


def test_a_report_collapsed_onto_one_line_without_its_title_is_a_report(linter):
    text = (CORPUS / "2019_hebei_education.txt").read_text(encoding="utf-8")
    flat = lv.collapse(_untitled(text))
    assert "年度报告" not in flat[:400]
    assert kind(linter, data=flat.encode("utf-8"), name="flat.txt") == ("report", None)


@pytest.mark.parametrize("name", ["README.md", "meeting_notes.txt", "attachment_list.txt", "policy_notice.txt"])
def test_files_that_are_no_report_are_recognised(linter, name):
    what, reason = kind(linter, NOT_REPORTS / name)
    assert what == "not-report" and "年度报告" in reason


def test_the_blank_official_template_is_a_template(linter):
    what, reason = kind(linter, TEMPLATE)
    assert what == "template" and "模板" in reason


# --- check --------------------------------------------------------------------------


def test_check_fails_a_file_that_is_no_report_with_one_clear_finding(tmp_path):
    notes = tmp_path / "notes.txt"
    shutil.copy(NOT_REPORTS / "meeting_notes.txt", notes)
    code, out, _ = gik("check", "--format", "json", notes)
    (finding,) = json.loads(out)["files"][0]["findings"]
    assert code == 1
    assert (finding["code"], finding["severity"], finding["outcome"]) == ("GIK003", "error", "not-assessable")
    assert finding["message"].startswith("不是政府信息公开工作年度报告") and finding["evidence"]["kind"] == "not-report"
    code, out, _ = gik("check", TEMPLATE)
    assert code == 1 and "GIK003" in out and "模板" in out and "GIK101" not in out
    (tmp_path / ".gik-lint.yaml").write_text("severity: {GIK003: warning}\n", encoding="utf-8")
    code, out, _ = gik("check", notes, cwd=tmp_path)
    assert code == 0 and "GIK003" in out
    assert gik("check", "--fail-on", "warning", notes, cwd=tmp_path)[0] == 1


# --- audit --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    """Two folders and a single file, given with the first folder named twice: two real
    reports, one of them copied byte for byte, one report as .md and as .txt, a README,
    meeting notes, a list of attachments, the blank template, .doc/.wps/.et files."""
    root = tmp_path_factory.mktemp("batch")
    first, second = root / "submissions", root / "late"
    first.mkdir()
    second.mkdir()
    shutil.copy(CORPUS / "2024_huaian_city.pdf", first / "huaian_2024.pdf")
    shutil.copy(CORPUS / "2020_pingtan_zone.txt", first / "pingtan_2020.txt")
    shutil.copy(CORPUS / "2020_pingtan_zone.txt", first / "pingtan_2020_copy.txt")  # the same bytes
    clean = (FIXTURES / "reports" / "2021_county_gov_clean.txt").read_bytes()
    (first / "yunxiu_2021.md").write_bytes(clean)
    (first / "yunxiu_2021.txt").write_bytes(clean + b"\n")  # the same report, other bytes
    for name in ("README.md", "meeting_notes.txt", "attachment_list.txt"):
        shutil.copy(NOT_REPORTS / name, first / name)
    shutil.copy(TEMPLATE, first / "template.docx")
    for name in ("old.doc", "old.wps", "sheet.et"):
        shutil.copy(CORPUS / "2017_zhongwei_ggzy.txt", first / name)
    shutil.copy(CORPUS / "2016_heyuan_ggzy.txt", second / "heyuan_2016.txt")
    single = root / "pingtan_2013.txt"
    shutil.copy(CORPUS / "2013_pingtan_county.txt", single)
    out = root / "out"
    code, stdout, stderr = gik("audit", "submissions", "late", "pingtan_2013.txt", "submissions", "--out", out, "-j", "2", cwd=root)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8")) if (out / "summary.json").exists() else None
    return root, out, code, stdout, stderr, summary


COUNTED = ["submissions/huaian_2024.pdf", "submissions/pingtan_2020.txt", "submissions/yunxiu_2021.md",
           "late/heyuan_2016.txt", "pingtan_2013.txt"]


def test_an_audit_takes_folders_and_files_and_counts_only_reports(batch):
    root, out, code, stdout, stderr, summary = batch
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert sorted(f["path"] for f in summary["files"]) == sorted(COUNTED)
    assert summary["summary"]["files"] == 5 and summary["summary"]["set_aside"] == 9
    assert "第 1 次审核：5 份报告" in stdout
    assert "另有 9 个文件未作为报告审核：不是年度报告 3 个、空白模板 1 个、重复 2 个、不支持的格式 3 个" in stdout
    # linted once each content: all but the byte-for-byte copy and the unsupported files
    assert summary["stats"]["linted"] == 5 + 1 + 3 + 1
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        assert {row[0] for row in list(csv.reader(fh))[1:]} <= set(COUNTED)
    db = sqlite3.connect(out / "history.sqlite")
    assert sorted(path for (path,) in db.execute("SELECT path FROM reports")) == sorted(COUNTED)
    db.close()


def test_the_files_set_aside_are_listed_with_the_reason(batch):
    root, out, code, stdout, stderr, summary = batch
    aside = {e["path"]: e for e in summary["set_aside"]}
    assert {path: e["kind"] for path, e in aside.items()} == {
        "submissions/README.md": "not-report", "submissions/meeting_notes.txt": "not-report",
        "submissions/attachment_list.txt": "not-report", "submissions/template.docx": "template",
        "submissions/pingtan_2020_copy.txt": "duplicate", "submissions/yunxiu_2021.txt": "duplicate",
        "submissions/old.doc": "unsupported", "submissions/old.wps": "unsupported", "submissions/sheet.et": "unsupported",
    }
    assert aside["submissions/pingtan_2020_copy.txt"]["same_as"] == "submissions/pingtan_2020.txt"
    assert "内容完全相同" in aside["submissions/pingtan_2020_copy.txt"]["reason"]
    assert aside["submissions/yunxiu_2021.txt"]["same_as"] == "submissions/yunxiu_2021.md"
    assert "同一机关" in aside["submissions/yunxiu_2021.txt"]["reason"] and "2021" in aside["submissions/yunxiu_2021.txt"]["reason"]
    assert "模板" in aside["submissions/template.docx"]["reason"]
    assert all(e["same_as"] is None for e in aside.values() if e["kind"] != "duplicate")
    for name in ("old.doc", "old.wps", "sheet.et"):  # what `gik-lint check FILE` says of it, word for word
        code, said, _ = gik("check", "--format", "json", root / "submissions" / name)
        assert code == 2 and aside[f"submissions/{name}"]["reason"] == json.loads(said)["files"][0]["error"]


def test_the_set_aside_files_are_in_the_page_and_the_workbook(batch):
    root, out, code, stdout, stderr, summary = batch
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="set-aside">'):html.index("</main>")]
    assert "submissions/meeting_notes.txt" in section and "空白模板" in section and "不支持旧版 Word 文件" in section
    from openpyxl import load_workbook

    book = load_workbook(out / "findings.xlsx")
    sheet = book["未审核的文件"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("文件", "类别", "原因", "同于") and len(rows) == 10
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:D10"
    assert ("submissions/yunxiu_2021.txt", "重复") == rows[[r[0] for r in rows].index("submissions/yunxiu_2021.txt")][:2]
    organs = [row[0] for row in book["按机关汇总"].iter_rows(min_row=2, values_only=True)]
    assert len(organs) == 5  # the reports' organs, each once; nothing of the files set aside


def test_an_audit_of_nothing_but_other_files_is_refused_with_them_listed(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, stderr = gik("audit", folder, "--out", tmp_path / "out")
    assert code == 2 and "没有可检查的报告" in stderr and "不支持旧版 Word 文件" in stderr


def test_an_audit_of_several_inputs_keeps_its_safety_checks(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    for folder in (one, two):
        folder.mkdir()
    shutil.copy(CORPUS / "2016_heyuan_ggzy.txt", one / "a.txt")
    shutil.copy(CORPUS / "2013_pingtan_county.txt", two / "b.txt")
    code, _, stderr = gik("audit", one, two, "--out", two)
    assert code == 2 and "结果目录不能是报告所在的目录" in stderr
    code, _, stderr = gik("audit", one, tmp_path / "missing", "--out", tmp_path / "out")
    assert code == 2 and "路径不存在" in stderr and not (tmp_path / "out").exists()
    # results inside one of the folders: never audited as a report
    assert gik("audit", one, two, "--out", one / "audit", "-j", "1")[0] == 0
    assert gik("audit", one, two, "--out", one / "audit", "-j", "1")[0] == 0
    summary = json.loads((one / "audit" / "summary.json").read_text(encoding="utf-8"))
    assert [Path(f["path"]).name for f in summary["files"]] == ["a.txt", "b.txt"] and summary["set_aside"] == []
