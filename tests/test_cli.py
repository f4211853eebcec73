"""The command line as a user runs it: exit codes, outputs, bad input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, SEEDS

SEED_000 = str(SEEDS / "000_84cfd1913db39861.txt")
SEED_002 = str(SEEDS / "002_9129c6b43b32ee9a.txt")
CLEAN = str(FIXTURES / "reports" / "2021_county_gov_clean.txt")


def gik(*args, cwd=None):
    proc = subprocess.run(
        [sys.executable, "-m", "gik_lint", *args], capture_output=True, text=True, encoding="utf-8", cwd=cwd
    )
    return proc.returncode, proc.stdout, proc.stderr


def test_check_seed_with_missing_fees_exits_1():
    code, out, err = gik("check", SEED_000)
    assert code == 1
    assert "GIK101" in out and "收费及减免" in out
    assert "Traceback" not in err


def test_clean_report_exits_0():
    code, out, _ = gik("check", CLEAN)
    assert code == 0
    assert "未发现问题" in out


WARNINGS_ONLY = str(FIXTURES / "reports" / "2021_city_bureau_sections_swapped.txt")  # warnings, no error
INFO_ONLY = str(FIXTURES / "tables" / "label_typo.md")  # notices only


@pytest.mark.parametrize("report,fail_on,expected", [
    (SEED_000, "error", 1), (WARNINGS_ONLY, "error", 0), (INFO_ONLY, "error", 0),
    (WARNINGS_ONLY, "warning", 1), (INFO_ONLY, "warning", 0),
    (WARNINGS_ONLY, "info", 1), (INFO_ONLY, "info", 1),
])
def test_fail_on_thresholds(report, fail_on, expected):
    """Each threshold tried on a report that is below it and one at it: ignoring --fail-on fails."""
    assert gik("check", "--fail-on", fail_on, report)[0] == expected


def test_inspect_reads_the_configuration(tmp_path):
    shutil.copy(SEED_002, tmp_path / "report.txt")
    (tmp_path / ".gik-lint.yaml").write_text("regime: '2021'\n", encoding="utf-8")
    assert json.loads(gik("inspect", "--format", "json", "report.txt", cwd=tmp_path)[1])["regime"] == "2021"
    assert json.loads(gik("inspect", "--format", "json", "--regime", "2019", "report.txt", cwd=tmp_path)[1])["regime"] == "2019"


def test_fail_on_warning_catches_a_warning_only_report():
    warnings_only = str(FIXTURES / "formats" / "2022_county_gov_all_formats.md")  # a blank table row
    assert gik("check", warnings_only)[0] == 0
    assert gik("check", "--fail-on", "warning", warnings_only)[0] == 1


def test_json_contract():
    code, out, _ = gik("check", "--format", "json", SEED_000, SEED_002)
    assert code == 1
    data = json.loads(out)
    assert data["schema_version"] == "1.0"
    files = {f["path"]: f for f in data["files"]}
    zhongwei = files[SEED_000]
    assert (zhongwei["regime"], zhongwei["year"], zhongwei["agency"], zhongwei["error"]) == (
        "2008",
        2017,
        "中卫市公共资源交易中心",
        None,
    )
    fees = next(f for f in zhongwei["findings"] if f["section"] == "fees")
    assert set(fees) >= {"code", "name", "kind", "severity", "message", "section", "line", "column", "end_line", "end_column", "basis"}
    assert (fees["code"], fees["name"], fees["kind"], fees["severity"]) == (
        "GIK101",
        "structure.missing-section",
        "required-section",
        "error",
    )
    assert fees["basis"] == "条例(2007) 第三十二条第（三）项"
    assert fees["line"] == 45 and fees["end_line"] == 45 and fees["end_column"] > fees["column"]
    assert data["summary"]["error"] == 2  # 中卫: no fees section; 河源: published late


def test_regime_override_changes_the_catalogue():
    _, out, _ = gik("check", "--format", "json", "--regime", "2021", SEED_000)
    findings = json.loads(out)["files"][0]["findings"]
    assert json.loads(out)["files"][0]["regime"] == "2021"
    assert {f["section"] for f in findings if f["code"] == "GIK101"} == {"other"}


def test_folder_is_walked(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "r.txt").write_text(open(SEED_000, encoding="utf-8").read(), encoding="utf-8")
    (tmp_path / "notes.pdfx").write_text("x")
    code, out, _ = gik("check", "--format", "json", str(tmp_path))
    assert code == 1
    assert [f["path"] for f in json.loads(out)["files"]] == [str(tmp_path / "a" / "r.txt")]


def test_bad_inputs_do_not_stop_the_run(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    undecodable = tmp_path / "latin.txt"
    undecodable.write_bytes("一、总体情况".encode() + b"\x80\x81\xfe")
    code, out, err = gik("check", "--format", "json", str(empty), str(binary), str(undecodable), str(tmp_path / "missing.txt"), CLEAN)
    assert code == 1  # the clean report was linted; the unreadable files count as errors
    files = {f["path"]: f for f in json.loads(out)["files"]}
    assert "文件为空" in files[str(empty)]["error"]
    assert "二进制" in files[str(binary)]["error"]
    assert "编码" in files[str(undecodable)]["error"]
    assert "不存在" in files[str(tmp_path / "missing.txt")]["error"]
    assert files[CLEAN]["error"] is None and files[CLEAN]["findings"] == []
    assert "Traceback" not in err
    assert len([line for line in err.splitlines() if line.startswith("gik-lint:")]) == 4


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = gik("check", str(tmp_path / "empty.txt"), str(tmp_path / "nope.txt"))
    assert code == 2
    assert "文件为空" in err and "路径不存在" in err
    assert "Traceback" not in err


def test_folder_without_reports_exits_2(tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\x00")
    code, _, err = gik("check", str(tmp_path))
    assert code == 2
    assert "没有可检查的报告" in err


def test_usage_error_exits_2():
    assert gik("check")[0] == 2
    assert gik("check", "--format", "xml", CLEAN)[0] == 2
    assert gik()[0] == 2


def test_inspect_text():
    code, out, _ = gik("inspect", SEED_002)
    assert code == 0
    assert "河源市公共资源交易中心" in out and "2016" in out and "2008" in out
    assert "proactive" in out and "(一)公共资源交易信息公开情况" in out


def test_inspect_json_tree():
    code, out, _ = gik("inspect", "--format", "json", SEED_002)
    data = json.loads(out)
    assert (data["year"], data["regime"], data["issuer_kind"]) == (2016, "2008", "other")
    overview = data["sections"][0]
    assert (overview["id"], overview["line"]) == ("overview", 7)
    assert [c["id"] for c in overview["children"]] == ["proactive", "applications", None, "fees", "review_litigation"]
    assert data["missing"] == ["other"]


def test_inspect_unreadable_exits_2(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    code, _, err = gik("inspect", str(tmp_path / "e.txt"))
    assert code == 2 and "文件为空" in err


def test_rules_and_explain():
    code, out, _ = gik("rules")
    assert code == 0
    for c in ("GIK001", "GIK101", "GIK102", "GIK103"):
        assert c in out
    code, out, _ = gik("explain", "GIK101")
    assert code == 0
    assert "structure.missing-section" in out and "第三十二条" in out and "Example" in out
    assert gik("explain", "structure.section-order")[0] == 0
    code, _, err = gik("explain", "GIK999")
    assert code == 2 and "GIK999" in err


def test_lean_imports(tmp_path):
    """A command imports only what it uses: no Jinja2 when there is nothing to render,
    no lark when no table relation is checked (a 2008-regime report), no lxml for text,
    no YAML for --version, and no YAML either once the rule packs are in the compiled cache."""
    old_regime_clean = str(FIXTURES / "reports" / "2014_county_gov_2008_subtopics.txt")
    script = (
        "import sys\n"
        "from gik_lint.cli import main\n"
        f"main(['check', {old_regime_clean!r}])\n"
        "print(sorted(m for m in ('jinja2', 'lark', 'lxml', 'yaml') if m in sys.modules))\n"
    )
    env = {**os.environ, "GIK_LINT_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env).stdout
    assert out.strip().splitlines()[-1] == "['yaml']"  # the packs parsed, into the cache
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env).stdout
    assert out.strip().splitlines()[-1] == "[]"  # from the cache
    script = "import sys\nfrom gik_lint.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\nprint('yaml' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "False"


def test_publication_dates_from_the_run(tmp_path):
    assert "GIK013" in gik("check", SEED_002)[1]  # the page says 发布时间:2017-09-13
    assert "GIK013" not in gik("check", "--published", "2017-03-01", SEED_002)[1]
    listing = tmp_path / "published.csv"
    listing.write_text("file,published\n002_9129c6b43b32ee9a.txt,2017-04-02\n", encoding="utf-8")
    out = gik("check", "--published-list", str(listing), SEED_002)[1]
    assert "2017-04-02（发布日期列表）晚于规定期限 2017-03-31" in out
    out = gik("check", "--published-list", str(listing), "--deadline", "default=05-31", SEED_002)[1]
    assert "GIK013" not in out  # a local deadline


def test_bad_publication_options_exit_2(tmp_path):
    assert gik("check", "--published", "2017/03/01", SEED_002)[0] == 2
    assert gik("check", "--deadline", "mayor=01-01", SEED_002)[0] == 2
    listing = tmp_path / "bad.csv"
    listing.write_text("a.txt,2017-03-01\nb.txt,someday\n", encoding="utf-8")
    code, _, err = gik("check", "--published-list", str(listing), SEED_002)
    assert code == 2 and "bad.csv:2" in err and "Traceback" not in err
