"""The batch audit as an office runs it: outputs, a broken file among good ones, history
and triage, comparison between runs, organs across years, and the HTML page in a browser."""

from __future__ import annotations

import csv
import re
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, SEEDS


def gik(*args, cwd=None):
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, cwd=cwd)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """The corpus and the seeds with a corrupt PDF among them, audited once."""
    folder = tmp_path_factory.mktemp("reports")
    for path in list(CORPUS.glob("*.pdf")) + list(CORPUS.glob("*.txt")) + list(SEEDS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    (folder / "corrupt.pdf").write_bytes((CORPUS / "2024_huaian_city.pdf").read_bytes()[:4000])
    hostile = folder / "title<script>.md"
    hostile.write_text("# 某县教育局2021年<script>alert(1)</script>政府信息公开工作年度报告\n\n一、总体情况\n\n正文。\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    code, stdout, stderr = gik("audit", folder, "--out", out, "-j", "2")
    return folder, out, code, stdout, stderr


def test_audit_writes_every_output(audited):
    folder, out, code, stdout, stderr = audited
    assert code == 0, stderr
    assert "Traceback" not in stderr
    for name in ("report.html", "findings.csv", "findings.xlsx", "summary.json", "history.sqlite"):
        assert (out / name).is_file(), name
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    corrupt = next(f for f in summary["files"] if f["path"].endswith("corrupt.pdf"))
    assert corrupt["error"] and "PDF" in corrupt["error"]
    assert summary["summary"]["not_assessable"] >= 1
    # the seeds are byte-for-byte copies of two corpus files: each content is audited once
    assert [e["kind"] for e in summary["set_aside"]] == ["duplicate", "duplicate"]
    assert summary["summary"]["files"] + len(summary["set_aside"]) == len(list(folder.iterdir()))
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:5] == ["文件", "机关", "年度", "格式", "规则"]
    assert any(r[4] == "GIK224" and r[0].endswith("2023_huaian_hongze_district.pdf") for r in rows[1:])
    severity, outcome = rows[0].index("级别"), rows[0].index("结果")
    assert {r[severity] for r in rows[1:]} <= {"错误", "警告", "提示"}  # the office's words, not error/warning/info
    assert {r[outcome] for r in rows[1:]} <= {"不符合", "无法评估"} and "无法评估" in {r[outcome] for r in rows[1:]}
    from openpyxl import load_workbook

    book = load_workbook(out / "findings.xlsx", read_only=True)
    assert book.sheetnames == ["问题明细", "按机关汇总", "按规则汇总", "未审核的文件"]
    assert sum(1 for _ in book["问题明细"].iter_rows()) == len(rows)
    organs = [r for r in book["按机关汇总"].iter_rows(values_only=True)][1:]
    assert [o[3] for o in organs] == sorted((o[3] for o in organs), reverse=True)  # the most errors first
    rules = [r for r in book["按规则汇总"].iter_rows(values_only=True)]
    assert rules[0][:4] == ("规则", "规则说明", "规则名称", "级别")
    levels = [r[3] for r in rules[1:]]
    assert levels == sorted(levels, key=["错误", "警告", "提示", "无法评估"].index)  # by severity, then count
    assert ("GIK224", "行政复议、行政诉讼情况表的总计与各项之和不符", "table.review-litigation-total", "错误") in [r[:4] for r in rules]
    book = load_workbook(out / "findings.xlsx")  # (the layout is read by the full reader)
    for sheet in book.worksheets:  # a header that stays, a filter on it, widths for the Chinese text
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
    details = book["问题明细"]
    assert details.column_dimensions["I"].width >= 60 and details.column_dimensions["E"].width < 12  # 信息 wide, 规则 narrow


def test_hongze_is_one_organ_across_years(audited):
    _, out, *_ = audited
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    hongze = [f for f in summary["files"] if "hongze" in f["path"]]
    assert {f["identity"] for f in hongze} == {"洪泽区人民政府"}
    assert sorted(f["year"] for f in hongze) == [2023, 2024]
    # the continuity checks ran and found the figures continuous: 5 + 3 - 0 = 8 valid documents,
    # 0 carried forward and 0 carried over
    codes = {f["code"] for f in hongze[0]["findings"] + hongze[1]["findings"]}
    assert not codes & {"GIK401", "GIK402"}


def test_report_content_is_shown_as_text(audited):
    _, out, *_ = audited
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html


def _chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is needed for this test: the test command installs it (see README)")


def test_report_renders_in_chromium_without_errors_or_requests(audited, tmp_path):
    _, out, *_ = audited
    browser = _chromium()
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic", f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr", "--v=0", "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    page = (out / "report.html").as_uri()
    shot = tmp_path / "report.png"
    run = subprocess.run([browser, *flags, "--window-size=1280,1400", f"--screenshot={shot}", page],
                         capture_output=True, text=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 10_000, run.stderr[-2000:]
    dom = subprocess.run([browser, *flags, "--dump-dom", page], capture_output=True, text=True, timeout=120)
    assert 'id="report-table"' in dom.stdout and "份报告" in dom.stdout  # the summary and the table are there
    log = run.stderr + dom.stderr
    console = [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line or "Content Security Policy" in line]
    assert console == [], console
    assert "ERR_NAME_NOT_RESOLVED" not in log and "net::ERR" not in log


def test_triage_survives_a_rerun_and_compare_lists_a_fix(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "tables" / "r1_fail.md", folder / "county.md")
    out = tmp_path / "out"
    assert gik("audit", folder, "--out", out, "-j", "1")[0] == 0
    db = sqlite3.connect(out / "history.sqlite")
    (fingerprint,) = db.execute("SELECT fingerprint FROM findings WHERE code = 'GIK224'").fetchone()
    db.close()
    code, stdout, _ = gik("triage", fingerprint, "--confirm", "--note", "复核属实", "--db", out / "history.sqlite")
    assert code == 0 and "已确认" in stdout
    assert gik("audit", folder, "--out", out, "-j", "1")[0] == 0  # run 2: the same report
    assert "已确认：复核属实" in (out / "report.html").read_text(encoding="utf-8")
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        assert any(row[-1] == "已确认：复核属实" for row in csv.reader(fh))
    shutil.copy(FIXTURES / "tables" / "ok.md", folder / "county.md")  # the organ corrects its table
    code, stdout, _ = gik("audit", folder, "--out", out, "-j", "1", "--compare", "2")
    assert code == 0
    assert "已解决 1 个" in stdout and "GIK224" in stdout
    compare = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert [f["code"] for f in compare["fixed"]] == ["GIK224"]
    html = (out / "report.html").read_text(encoding="utf-8")  # the comparison on the page, per organ and per rule
    organ = compare["fixed"][0]["organ"]
    assert "与第 2 次审核相比" in html
    per_organ = html[html.index('id="compare-organs"'):html.index('id="compare-rules"')]
    assert re.search(rf"<td>{organ}</td><td class=\"num\">0</td><td class=\"num\">1</td>", per_organ)
    assert re.search(r"<td>GIK224</td><td class=\"num\">0</td><td class=\"num\">1</td><td class=\"num\">0</td>", html)
    db = sqlite3.connect(out / "history.sqlite")
    assert db.execute("SELECT decision, note FROM triage WHERE fingerprint = ?", (fingerprint,)).fetchone() == ("confirmed", "复核属实")


def test_the_page_shows_each_rules_count_per_year_for_organs_of_several_years(audited):
    _, out, *_ = audited
    html = (out / "report.html").read_text(encoding="utf-8")
    trends = html[html.index('id="trends"'):html.index('id="reports"')]
    # Hongze (2023, 2024) and the Pingtan zone (2016, 2020) are the organs with several years
    assert "2 个机关" in trends
    assert re.findall(r"<th class=\"num\">(\d{4})年度</th>", trends) == ["2016", "2020", "2023", "2024"]
    hongze_2023 = sum(1 for f in _summary(out)["files"] if "hongze_district" in f["path"] and f["year"] == 2023
                      for x in f["findings"] if x["code"] == "GIK224" and x.get("outcome", "fail") == "fail")
    row = re.search(r"<tr><td>GIK224 [^<]*</td>(.*?)</tr>", trends).group(1)
    assert re.findall(r">(\d+)</td>", row)[2] == str(hongze_2023) == "2"


def test_a_history_of_one_year_shows_no_trends(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "tables" / "r1_fail.md", folder / "county.md")
    assert gik("audit", folder, "--out", tmp_path / "out", "-j", "1")[0] == 0
    assert 'id="trends"' not in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")


def _summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_triage_takes_a_unique_fingerprint_prefix(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEEDS / "000_84cfd1913db39861.txt", folder / "zhongwei.txt")
    out = tmp_path / "out"
    gik("audit", folder, "--out", out, "-j", "1")
    db = sqlite3.connect(out / "history.sqlite")
    keys = sorted({key for (key,) in db.execute("SELECT fingerprint FROM findings")})
    db.close()
    first = keys[0]
    unique = next(first[:n] for n in range(4, 33) if not any(k != first and k.startswith(first[:n]) for k in keys))
    code, stdout, _ = gik("triage", unique, "--dismiss", "--db", out / "history.sqlite")
    assert code == 0 and first in stdout  # recorded under the whole fingerprint
    db = sqlite3.connect(out / "history.sqlite")
    assert db.execute("SELECT decision FROM triage WHERE fingerprint = ?", (first,)).fetchone() == ("dismissed",)
    db.close()
    shared = next((a[:n] for a, b in zip(keys, keys[1:]) for n in range(1, 33) if b.startswith(a[:n]) and not b.startswith(a[: n + 1])), None)
    if shared:  # a prefix two findings share: exit 2, both listed, nothing recorded
        code, _, err = gik("triage", shared, "--confirm", "--db", out / "history.sqlite")
        assert code == 2 and "多个问题" in err and err.count(shared) >= 3


def test_a_decision_taken_under_an_older_fingerprint_is_kept(tmp_path):
    """A history written before the content fingerprint holds its decisions under the old
    keys: the next audit gives them to the same findings' new fingerprints."""
    from gik_lint.baseline import v1_key

    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEEDS / "002_9129c6b43b32ee9a.txt", folder / "heyuan.txt")
    out = tmp_path / "out"
    gik("audit", folder, "--out", out, "-j", "1")
    row = json.loads((out / "summary.json").read_text(encoding="utf-8"))["files"][0]
    # the title's stray space: its old key held the title with the space, the new one the words
    finding = next(f for f in row["findings"] if f["code"] == "GIK010" and f["evidence"]["problem"] == "space")
    old = v1_key("GIK010", row.get("agency"), row.get("year"), row["path"], finding.get("section"), finding["evidence"])
    assert old != finding["fingerprint"]
    db = sqlite3.connect(out / "history.sqlite")
    db.execute("DELETE FROM triage")
    db.execute("INSERT INTO triage VALUES (?, 'dismissed', '旧版本的复核', '2025-01-01 00:00:00')", (old,))
    db.commit()
    db.close()
    gik("audit", folder, "--out", out, "-j", "1")
    db = sqlite3.connect(out / "history.sqlite")
    assert db.execute("SELECT decision, note FROM triage WHERE fingerprint = ?", (finding["fingerprint"],)).fetchone() == ("dismissed", "旧版本的复核")


def test_unchanged_reports_come_from_the_cache(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in (FIXTURES / "reports" / "2021_county_gov_clean.txt", FIXTURES / "tables" / "r1_fail.md"):  # two organs
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out"
    gik("audit", folder, "--out", out, "-j", "1")
    first = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    code, stdout, _ = gik("audit", folder, "--out", out, "-j", "1")
    assert "2 份未改动" in stdout
    second = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert first["summary"]["error"] == second["summary"]["error"] == 1
    assert [f["findings"] for f in first["files"]] == [f["findings"] for f in second["files"]]


def _audited_seed(out: Path) -> tuple[dict, set[str], str]:
    """The seed's row in the last audit, its codes, and how many reports came from the cache."""
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    (row,) = summary["files"]
    return row, {f["code"] for f in row["findings"]}, summary["stats"]["cached"]


def test_a_rerun_with_other_options_is_linted_again(tmp_path):
    """Everything that changes a result is part of the cache's key: the publication dates,
    the regime, local deadlines, the configuration (before, the same history served the
    first run's results to each of these runs)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEEDS / "002_9129c6b43b32ee9a.txt", folder / "seed.txt")  # published 2017-09-13: late
    out = tmp_path / "out"

    def audit(*options):
        code, stdout, stderr = gik("audit", folder, "--out", out, "-j", "1", *options)
        assert code == 0, stderr
        return _audited_seed(out)

    row, codes, cached = audit()
    assert "GIK013" in codes and row["regime"] == "2008" and cached == 0
    assert audit()[2] == 1  # the same run again: from the cache
    listing = tmp_path / "published.csv"
    listing.write_text("seed.txt,2017-03-01\n", encoding="utf-8")
    row, codes, cached = audit("--published-list", listing)
    assert "GIK013" not in codes and cached == 0
    row, codes, cached = audit("--regime", "2021")
    assert row["regime"] == "2021" and cached == 0
    row, codes, cached = audit("--deadline", "default=12-31")
    assert "GIK013" not in codes and cached == 0
    (folder / ".gik-lint.yaml").write_text("severity: {GIK013: info}\n", encoding="utf-8")
    row, codes, cached = audit()
    assert [f["severity"] for f in row["findings"] if f["code"] == "GIK013"] == ["info"] and cached == 0
    (folder / ".gik-lint.yaml").write_text("ignore: [GIK013]\ndeadlines: {default: '12-31'}\n", encoding="utf-8")
    row, codes, cached = audit()
    assert "GIK013" not in codes and cached == 0


def test_audit_and_check_read_the_same_configuration(tmp_path):
    folder = tmp_path / "reports"
    (folder / "county").mkdir(parents=True)
    shutil.copy(SEEDS / "000_84cfd1913db39861.txt", folder / "county" / "report.txt")
    (folder / "county" / ".gik-lint.yaml").write_text(
        "select: [GIK1, GIK3]\nignore: [structure.missing-section]\nseverity: {GIK308: error}\n", encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = gik("audit", folder, "--out", out, "-j", "1", "--ignore", "GIK302")
    assert code == 0, err
    row, codes, _ = _audited_seed(out)
    code, stdout, err = gik("check", "--format", "json", "--ignore", "GIK302", folder / "county" / "report.txt")
    checked = json.loads(stdout)["files"][0]["findings"]
    assert codes and all(c[:4] in ("GIK1", "GIK3") for c in codes) and not codes & {"GIK101", "GIK302"}
    assert sorted((f["code"], f["severity"]) for f in row["findings"]) == sorted((f["code"], f["severity"]) for f in checked)
    code, _, err = gik("audit", folder, "--out", out, "--select", "GIK1O1")
    assert code == 2 and "GIK1O1" in err and "未知" in err


def test_a_file_that_hangs_or_crashes_is_an_error_row(tmp_path, monkeypatch):
    from gik_lint.audit import run as audit_run

    options = audit_run.Options(time_limit=0.05)
    audit_run.linter_for(options)
    slow = tmp_path / "slow.txt"
    slow.write_text("某县人民政府2021年政府信息公开工作年度报告\n" + "（一）主动公开\n" * 50000, encoding="utf-8")
    row = audit_run.lint_file(str(slow))
    assert row["error"] and "时间上限" in row["error"]
    monkeypatch.setattr(audit_run._LINTER, "lint_bytes", lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    row = audit_run.lint_file(str(FIXTURES / "tables" / "ok.md"))
    assert "内部错误" in row["error"] and "boom" in row["error"]


def test_a_worker_that_dies_costs_only_its_own_report(tmp_path, monkeypatch):
    # a report that takes its worker process down (a crash in a native library, the kernel's
    # out-of-memory killer) breaks the pool: it alone becomes an error row; every other
    # report, those in flight in the other worker included, is linted
    from gik_lint.audit import run as audit_run

    reports = []
    for n in range(40):
        path = tmp_path / f"r{n:02d}.md"
        shutil.copy(FIXTURES / "tables" / ("r1_fail.md" if n % 2 else "ok.md"), path)
        reports.append(path)
    real = audit_run.lint_file

    def crashing(path, data=None, config=None):  # the workers are forked: they run this
        if path.endswith("r17.md"):
            os._exit(70)
        return real(path, data, config)

    monkeypatch.setattr(audit_run, "lint_file", crashing)
    rows = audit_run.run(reports, audit_run.Options(), 2, lambda key: None, lambda path, sha: sha, progress=False)
    errors = {Path(r["path"]).name: r["error"] for r in rows if r["error"]}
    assert list(errors) == ["r17.md"] and "检查进程异常退出" in errors["r17.md"]
    assert [r["path"] for r in rows] == [str(p) for p in reports]
    odd = ("1.md", "3.md", "5.md", "7.md", "9.md")
    assert all([f["code"] for f in r["findings"]] == (["GIK224"] if r["path"].endswith(odd) else []) for r in rows if not r["error"])


def _files(summary_path: Path) -> list[dict]:
    files = json.loads(summary_path.read_text(encoding="utf-8"))["files"]
    for entry in files:
        entry.pop("seconds", None)
    return files


def test_an_audit_on_a_dask_cluster_gives_the_local_results(tmp_path):
    from distributed import LocalCluster

    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("ok.md", "r1_fail.md", "a1_fail.docx", "ok.pdf"):
        shutil.copy(FIXTURES / "tables" / name, folder / name)
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n garbage")
    assert gik("audit", folder, "--out", tmp_path / "local", "-j", "1")[0] == 0
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        code, stdout, stderr = gik("audit", folder, "--out", tmp_path / "dask", "--scheduler", cluster.scheduler_address)
    assert code == 0, stderr
    local, remote = _files(tmp_path / "local" / "summary.json"), _files(tmp_path / "dask" / "summary.json")
    assert remote == local
    assert [f["path"] for f in remote if f["error"]] == [str(folder / "corrupt.pdf")]
    for name in ("report.html", "findings.csv", "findings.xlsx", "history.sqlite"):
        assert (tmp_path / "dask" / name).is_file()


def test_an_unreachable_scheduler_is_a_clear_message(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "tables" / "ok.md", folder / "ok.md")
    code, _, stderr = gik("audit", folder, "--out", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "无法连接 Dask 集群" in stderr and "Traceback" not in stderr


def test_the_outputs_never_overwrite_the_users_files(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "tables" / "ok.md", folder / "ok.md")
    code, _, stderr = gik("audit", folder, "--out", folder)
    assert code == 2 and "结果目录不能是报告所在的目录" in stderr
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "report.html").write_text("<p>我的文件</p>", encoding="utf-8")
    code, _, stderr = gik("audit", folder, "--out", mine)
    assert code == 2 and "为免覆盖" in stderr
    assert (mine / "report.html").read_text(encoding="utf-8") == "<p>我的文件</p>"
    # results inside the reports' folder: a second run does not lint the first run's report.html
    inside = folder / "audit"
    assert gik("audit", folder, "--out", inside, "-j", "1")[0] == 0
    assert gik("audit", folder, "--out", inside, "-j", "1")[0] == 0
    summary = json.loads((inside / "summary.json").read_text(encoding="utf-8"))
    assert [Path(f["path"]).name for f in summary["files"]] == ["ok.md"]


def test_a_file_over_the_memory_limit_is_an_error_row(tmp_path):
    # in a child process: the limit is real (RLIMIT_AS), and a lint that needs more than it fails alone
    script = f"""
import json
from gik_lint.audit import run
run.linter_for(run.Options())
run._limit_memory(400)
real = run._LINTER.lint_bytes
run._LINTER.lint_bytes = lambda data, path, rules=None: bytearray(1024 ** 3) if path.endswith("big.md") else real(data, path, rules)
print(json.dumps([run.lint_file(p)["error"] for p in ({str(FIXTURES / 'tables' / 'ok.md')!r}, "big.md", {str(FIXTURES / 'tables' / 'ok.md')!r})]))
"""
    (tmp_path / "big.md").write_text("# 报告\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    errors = json.loads(proc.stdout)
    assert errors[0] is None and errors[2] is None
    assert "内存上限" in errors[1]


def test_copy_detection_reads_the_narrative_not_the_tables():
    # two organs' short reports over the same figures, the tables as lines of text (most of
    # each file): the table lines are the same in both and must not make them look copied
    from gik_lint.audit import run as audit_run
    from gik_lint.audit.similarity import estimate

    audit_run.linter_for(audit_run.Options())
    a, b = (audit_run.lint_file(str(FIXTURES / "batch" / f"{name}_2022_text.txt")) for name in ("county", "other_county"))
    assert "属于国家秘密" not in a["text"] and "全年主动公开政府信息" in a["text"]
    assert estimate(a["signature"], b["signature"]) < 0.5
    assert estimate(a["signature"], a["signature"]) == 1.0


def test_spreadsheet_cells_from_report_text_are_never_formulas(tmp_path):
    # report text that begins like a formula (=, +, -, @, a tab, a carriage return) reaches
    # the office's spreadsheet as text: findings.csv quotes it (OWASP: a leading '),
    # findings.xlsx writes it as a string cell
    from openpyxl import load_workbook

    from gik_lint.audit.outputs import write_csv, write_xlsx

    hostile = ["=HYPERLINK(\"http://x\",\"点击\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    findings = [{"code": "GIK306", "name": "content.template-leftover", "severity": "error", "outcome": "fail",
                 "message": text, "section": text, "basis": "《条例》", "line": 3, "column": 1, "fingerprint": "f"}
                for text in hostile]
    rows = [{"path": "=cmd|' /C calc'!A0.txt", "agency": "=1+1", "year": 2022, "regime": "2019",
             "findings": findings, "error": None}]
    write_csv(tmp_path / "findings.csv", rows, {})
    with open(tmp_path / "findings.csv", encoding="utf-8-sig", newline="") as fh:
        read = list(csv.reader(fh))
    assert [r[8] for r in read[1:]] == ["'" + text for text in hostile]
    assert read[1][0] == "'=cmd|' /C calc'!A0.txt" and read[1][1] == "'=1+1" and read[1][2] == "2022"
    assert read[1][4] == "GIK306"  # ordinary cells are left as they are
    assert write_xlsx(tmp_path / "findings.xlsx", rows, {})
    book = load_workbook(tmp_path / "findings.xlsx")
    cells = list(book["问题明细"].iter_rows(min_row=2))
    assert [(r[8].value, r[8].data_type) for r in cells] == [(text, "s") for text in hostile]
    assert (cells[0][0].value, cells[0][0].data_type) == ("=cmd|' /C calc'!A0.txt", "s")
    organ = next(book["按机关汇总"].iter_rows(min_row=2))[0]
    assert (organ.value, organ.data_type) == ("=1+1", "s")


def _prose(seed: int, length: int) -> str:
    import random

    chars = "政府信息公开工作年度报告本机关依法主动公开申请办理平台建设监督保障制度规范人员培训群众满意推进落实情况"
    pick = random.Random(seed).choice
    return "".join(pick(chars) for _ in range(length))


def _batch_rows(texts: list[tuple[str, int, str]]) -> list[dict]:
    """Audit rows for cross.check's copy detection: (organ, year, text) each."""
    from gik_lint.audit.similarity import signature

    return [{"path": f"batch/{n:04d}.txt", "agency": organ, "identity": organ, "year": year, "signature": signature(text),
             "text": text, "findings": []} for n, (organ, year, text) in enumerate(texts)]


def _copies(rows: list[dict], linter, count=None) -> int:
    from gik_lint.audit import cross

    if count is not None:
        real = cross._similarity
        cross._similarity = lambda a, b: (count.append(1), real(a, b))[1]
    try:
        cross._copied_across(rows, linter.rules["GIK404"], lambda row: row["text"])
    finally:
        if count is not None:
            cross._similarity = real
    return sum(1 for row in rows for f in row["findings"] if f["code"] == "GIK404")


def test_copy_detection_sees_a_copy_shared_by_more_than_200_reports(linter):
    # 230 organs' reports, each one text with the organ's name in it, among 100 written apart:
    # a band shared by more than 200 reports used to be dropped, and with it every copy
    copied = _prose(1, 600)
    texts = [(f"第{n}乡人民政府", 2022, f"第{n}乡人民政府" + copied) for n in range(230)]
    texts += [(f"第{n}镇人民政府", 2022, _prose(1000 + n, 600)) for n in range(100)]
    rows = _batch_rows(texts)
    calls = []
    found = _copies(rows, linter, calls)
    assert found >= 200  # every copy but the first names another (at most ``most`` each)
    assert all(row["findings"] == [] for row in rows[230:])
    assert len(calls) <= 330 * 16 * 10  # at most ``per_band`` reports per band compared


def test_template_wording_shared_by_everyone_makes_no_copy(linter):
    # every organ's report, two years running, holds the same template paragraph beside its
    # own words: the template's bands are skipped as template wording, no pair is a copy
    template = _prose(2, 300)
    texts = [(f"第{n}乡人民政府", year, template + _prose(year * 1000 + n, 500)) for year in (2021, 2022) for n in range(150)]
    rows = _batch_rows(texts)
    calls = []
    assert _copies(rows, linter, calls) == 0
    assert len(calls) < 300
    # one year only: the bands are no template wording, so they are compared (at a bounded
    # cost), and the reports are still no copies
    rows = _batch_rows([t for t in texts if t[1] == 2022])
    calls = []
    assert _copies(rows, linter, calls) == 0
    assert len(calls) <= 150 * 16 * 10


def test_positions_in_the_spreadsheets_are_words(tmp_path):
    """"2:1" in a CSV cell is a time to Excel and WPS: positions are written as words."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "tables" / "r1_fail.md", folder / "county.md")
    out = tmp_path / "out"
    gik("audit", folder, "--out", out, "-j", "1")
    with open(out / "findings.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    where = [row[rows[0].index("位置")] for row in rows[1:]]
    assert where and all(re.fullmatch(r"(第\d+页)?(第\d+行第\d+列|第\d+行|第\d+段)?", w) for w in where), where
    assert any(re.fullmatch(r"第\d+行第\d+列", w) for w in where)
