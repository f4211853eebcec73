"""Faults and hostile input beyond report files (issue 14): what is not a regular file,
option values that cannot be meant, outputs that cannot be written, broken configurations,
sidecars and baselines. Each ends in a clear Chinese message (exit 2 for a usage error),
never a traceback, never a hang, never a file of the user's written over; and copy findings
keep their fingerprint when a file is renamed or edited elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import time

import pytest

from conftest import CORPUS, SEEDS

SEED = SEEDS / "000_84cfd1913db39861.txt"
POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")


def _memory_cap():  # the old code read /dev/zero until memory ran out: never more than 1 GB here
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1024**3, 1024**3))


def gik(*args, cwd=None, timeout=60, stdin=None):
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, timeout=timeout, stdin=stdin,
                          preexec_fn=_memory_cap if os.name == "posix" else None)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - started


# --- 1. only regular files are read ------------------------------------------------------


@pytest.fixture
def specials(tmp_path):
    """A folder with a report, a FIFO, a link to /dev/zero, a loop of links, a link to itself."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED, folder / "ok.txt")
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "loop1.txt").symlink_to("loop2.txt")
    (folder / "loop2.txt").symlink_to("loop1.txt")
    (folder / "self").symlink_to(".")
    return folder


@POSIX
@pytest.mark.parametrize("name,said", [("pipe.txt", "命名管道"), ("zero.txt", "设备文件"), ("loop1.txt", "符号链接形成循环")])
@pytest.mark.parametrize("command", ["check", "inspect"])
def test_check_and_inspect_refuse_what_is_not_a_regular_file(specials, command, name, said):
    code, _, err, seconds = gik(command, specials / name, "--time-limit", "5", timeout=30)
    assert code == 2 and said in err, err
    assert seconds < 20


@POSIX
def test_audit_refuses_fifos_devices_and_loops_and_goes_on(specials, tmp_path):
    out = tmp_path / "out"
    code, _, err, seconds = gik("audit", specials, "--out", out, "-j", "2", "--time-limit", "5", timeout=60)
    assert code == 0, err
    files = {os.path.basename(f["path"]): f["error"] for f in json.loads((out / "summary.json").read_text("utf-8"))["files"]}
    assert files["ok.txt"] is None
    assert "命名管道" in files["pipe.txt"] and "设备文件" in files["zero.txt"]
    assert "符号链接形成循环" in files["loop1.txt"] and "符号链接形成循环" in files["loop2.txt"]
    # a second run (the cache in use) does not hang on the FIFO either
    assert gik("audit", specials, "--out", out, "-j", "1", timeout=60)[0] == 0


def py(script: str, cwd=None, timeout=60):
    """Run ``script`` in a fresh interpreter (this worktree's sources: conftest's PYTHONPATH)."""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, timeout=timeout)
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


def test_a_file_larger_than_the_limit_is_read_no_further(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (2 * 1024 * 1024))
    code, out, _ = py(f"""
from gik_lint.read import MIB, ReadError, read_limited
try:
    read_limited({str(big)!r}, MIB)
except ReadError as exc:
    print(exc)
print(len(read_limited({str(big)!r}, 2 * MIB)))
""")
    assert code == 0 and "文件过大" in out and "2097152" in out


def test_standard_input_is_read_no_further_than_the_limit():
    proc = subprocess.run([sys.executable, "-m", "gik_lint", "check", "-", "--max-size", "0.01"],
                          input=b"x" * 200_000, capture_output=True, timeout=60)
    assert proc.returncode == 2 and "文件过大".encode() in proc.stderr and b"Traceback" not in proc.stderr


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGALRM"), reason="no SIGALRM")
@pytest.mark.parametrize("command", ["check", "inspect"])
def test_check_and_inspect_honour_the_time_limit(command):
    # a lint that would take 30 seconds (as a hostile file can): stopped after the limit
    started = time.monotonic()
    code, _, err = py(f"""
import sys, time
from gik_lint import cli
from gik_lint.resolve import Resolver
Resolver.lint_path = lambda self, *a, **k: time.sleep(30)
sys.exit(cli.main([{command!r}, {str(SEED)!r}, "--time-limit", "0.5"]))
""", timeout=60)
    assert time.monotonic() - started < 15
    assert code == 2 and "超过单个文件的时间上限（0.5 秒）" in err, err


# --- 2. option values ----------------------------------------------------------------------

BAD_OPTIONS = [
    (["check", "--time-limit", "-1"], "时间上限"),
    (["check", "--time-limit", "inf"], "时间上限应为有限的数字"),
    (["check", "--time-limit", "nan"], "时间上限应为有限的数字"),
    (["check", "--time-limit", "0.0001"], "时间上限应在"),
    (["check", "--max-size", "inf"], "大小上限应为有限的数字"),
    (["check", "--max-size", "nan"], "大小上限应为有限的数字"),
    (["check", "--max-size", "0"], "大小上限应在"),
    (["check", "--max-size", "-1"], "大小上限应在"),
    (["check", "--published", "2022-13-01"], "不存在的日期"),
    (["check", "--published", "2023-02-29"], "不存在的日期"),
    (["check", "--deadline", "government=02-30"], "不存在的月日"),
    (["check", "--deadline", "government=13-99"], "不存在的月日"),
    (["check", "--deadline", "mayor=01-31"], "未知的机关类型"),
    (["inspect", "--time-limit", "inf"], "时间上限"),
    (["audit", "--out", "OUT", "--time-limit", "0"], "时间上限"),
    (["audit", "--out", "OUT", "--memory-limit", "10"], "内存上限至少为 128 MB"),
    (["audit", "--out", "OUT", "-j", "0"], "并行进程数"),
    (["audit", "--out", "OUT", "--compare", "-3"], "审核编号"),
]


@pytest.mark.parametrize("argv,said", BAD_OPTIONS, ids=[" ".join(a) for a, _ in BAD_OPTIONS])
def test_option_values_that_cannot_be_meant_are_usage_errors(tmp_path, argv, said):
    target = SEED if argv[0] != "audit" else SEEDS
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    code, _, err, _ = gik(argv[0], target, *argv[1:])
    assert code == 2 and said in err, err
    assert not (tmp_path / "out").exists()


def test_a_leap_day_is_a_deadline():
    assert gik("check", "--deadline", "default=02-29", SEED)[0] in (0, 1)


def test_compare_with_a_run_that_does_not_exist(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    out = tmp_path / "out"
    code, _, err, _ = gik("audit", folder, "--out", out, "-j", "1", "--compare", "999")
    assert code == 2 and "没有第 999 次审核" in err and "还没有任何审核记录" in err
    assert gik("audit", folder, "--out", out, "-j", "1")[0] == 0
    code, stdout, err, _ = gik("audit", folder, "--out", out, "-j", "1", "--compare", "999")
    assert code == 2 and "没有第 999 次审核（已有第 1–1 次）" in err and "新增" not in stdout
    assert not (out / "compare.json").exists()


@pytest.mark.parametrize("option", ["--output", "--write-baseline"])
def test_outputs_into_a_missing_folder_or_a_device(tmp_path, option):
    for target, said in ((tmp_path / "missing" / "out.json", "所在目录不存在"), ("/dev/full", "不是普通文件"),
                         (tmp_path, "这是一个目录")):
        code, _, err, _ = gik("check", SEED, option, target)
        assert code == 2 and said in err, err


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="no /proc")
def test_outputs_into_a_folder_that_takes_no_files():
    code, _, err, _ = gik("check", SEED, "--output", "/proc/gik-lint-out.json")
    assert code == 2 and "无法写入输出文件" in err


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_outputs_into_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "out.txt").write_text("keep", encoding="utf-8")
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, _, err, _ = gik("check", SEED, "--output", folder / "out.txt")
    finally:
        folder.chmod(stat.S_IRWXU)
    assert code == 2 and "没有写入权限" in err
    assert (folder / "out.txt").read_text(encoding="utf-8") == "keep"


def test_a_full_disk_leaves_the_old_file_as_it_was(tmp_path):
    out = tmp_path / "out.json"
    out.write_text("old results", encoding="utf-8")
    code, _, err = py(f"""
import errno, os, sys
from gik_lint import cli

def full(fd):
    raise OSError(errno.ENOSPC, "No space left on device")

os.fsync = full
sys.exit(cli.main(["check", {str(SEED)!r}, "--format", "json", "--output", {str(out)!r}]))
""")
    assert code == 2 and "磁盘空间不足" in err, err
    assert out.read_text(encoding="utf-8") == "old results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json"]  # no temporary file left


def test_an_output_never_overwrites_an_input(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(SEED, report)
    before = report.read_bytes()
    for option in ("--output", "--write-baseline"):
        code, _, err, _ = gik("check", report, option, report)
        assert code == 2 and "是本次检查的输入文件" in err
        assert report.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX shell")
def test_check_from_a_closed_standard_input():
    proc = subprocess.run(["sh", "-c", f'exec "{sys.executable}" -m gik_lint check - <&-'], capture_output=True,
                          text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 2 and "标准输入已关闭" in proc.stderr and "Traceback" not in proc.stderr


# --- configurations, sidecars, baselines ----------------------------------------------------

CONFIGS = [
    (".gik-lint.yaml", "- select\n- ignore\n", "配置应为键值映射"),
    (".gik-lint.yaml", "1: x\n", "配置项名称应为文字"),
    (".gik-lint.yaml", "1: x\nselect: [GIK1]\n", "配置项名称应为文字"),
    (".gik-lint.yaml", "deadlines: {government: '02-30'}\n", "不存在的月日"),
    (".gik-lint.yaml", "deadlines: {mayor: '01-31'}\n", "未知的机关类型"),
    ("pyproject.toml", "[tool]\ngik-lint = 5\n", "配置应为键值映射"),
]


@pytest.mark.parametrize("name,text,said", CONFIGS, ids=[t for _, t, _ in CONFIGS])
def test_broken_configurations_are_clear_errors(tmp_path, name, text, said):
    shutil.copy(SEED, tmp_path / "report.txt")
    (tmp_path / name).write_text(text, encoding="utf-8")
    code, _, err, _ = gik("check", "report.txt", cwd=tmp_path)
    assert code == 2 and said in err, err


def test_a_pyproject_whose_tool_is_a_number(tmp_path):
    shutil.copy(SEED, tmp_path / "report.txt")
    (tmp_path / "pyproject.toml").write_text("tool = 5\n", encoding="utf-8")
    assert gik("check", "report.txt", cwd=tmp_path)[0] == 1  # no [tool.gik-lint]: no configuration
    code, _, err, _ = gik("check", "--config", "pyproject.toml", "report.txt", cwd=tmp_path)
    assert code == 2 and "没有 [tool.gik-lint] 配置表" in err


SIDECARS = [
    ("disable: 5\n", "「disable」 应为规则代码、名称或前缀的列表"),
    ("disable: [[GIK101]]\n", "「disable」 应为规则代码、名称或前缀的列表"),
    ("ignore: 5\n", "「ignore」 应为条目的列表"),
    ("ignore: [{rule: GIK101, page: three}]\n", "page、paragraph、line 应为整数"),
    ("- GIK101\n", "应为键值映射"),
    ("disabled: [GIK101]\n", "未知的配置项「disabled」"),
]


@pytest.mark.parametrize("text,said", SIDECARS, ids=[t for t, _ in SIDECARS])
def test_broken_sidecars_are_clear_errors(tmp_path, text, said):
    shutil.copy(SEED, tmp_path / "report.txt")
    (tmp_path / "report.txt.gik-lint.yaml").write_text(text, encoding="utf-8")
    code, _, err, _ = gik("check", "report.txt", cwd=tmp_path)
    assert code == 2 and said in err, err


BASELINES = [
    ("not JSON", "this is not json", "不是有效的 JSON"),
    ("a list", "[1, 2]", "不是 gik-lint 基线文件"),
    ("wrong version", '{"version": 99, "entries": []}', "版本 99 无法识别"),
    ("entries of the wrong type", '{"version": 2, "entries": [1, "x"]}', "第 1 个条目不是含 fingerprint"),
    ("fields of the wrong type", '{"version": 2, "entries": [{"fingerprint": "x", "path": 3}]}', "应为字符串"),
    ("truncated", '{"version": 2, "entries": [{"fingerprint": "ab', "文件可能被截断"),
]


@pytest.mark.parametrize("kind,text,said", BASELINES, ids=[k for k, _, _ in BASELINES])
def test_corrupt_baselines_are_clear_errors(tmp_path, kind, text, said):
    base = tmp_path / "baseline.json"
    base.write_text(text, encoding="utf-8")
    code, _, err, _ = gik("check", "--baseline", base, SEED)
    assert code == 2 and "基线文件无法使用" in err and said in err, err
    assert base.read_text(encoding="utf-8") == text


def test_rows_our_own_limits_made_are_never_cached(tmp_path):
    code, out, _ = py(f"""
from gik_lint.audit.store import Store
store = Store(__import__("pathlib").Path({str(tmp_path / "h.sqlite")!r}))
rows = [{{"path": p, "sha256": p, "error": e, "findings": []}} for p, e in
        (("a", "超过单个文件的时间上限（60 秒），已跳过"), ("b", "检查进程异常退出（可能是文件触发了解析库的崩溃或内存耗尽）"),
         ("c", "文件为空（0 字节）"))]
store.remember(rows, lambda path, sha: path)
print([store.cached(k) is not None for k in "abc"])
""")
    assert code == 0 and out.strip() == "[False, False, True]"


# --- 3. GIK404: the pair of organs and years, never paths or passages ------------------------


def _copy_fingerprints(out) -> dict:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {f["agency"]: sorted(x["fingerprint"] for x in f["findings"] if x["code"] == "GIK404") for f in summary["files"]}


def test_copy_fingerprints_survive_a_rename_and_an_edit_elsewhere(tmp_path):
    original = (CORPUS / "2016_heyuan_ggzy.txt").read_text(encoding="utf-8")
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "heyuan.txt").write_text(original, encoding="utf-8")
    (folder / "meizhou.txt").write_text(original.replace("河源", "梅州"), encoding="utf-8")
    assert gik("audit", folder, "--out", tmp_path / "one", "-j", "1")[0] == 0
    before = _copy_fingerprints(tmp_path / "one")
    assert sum(map(len, before.values())) == 1, before
    carrier = next(organ for organ, keys in before.items() if keys)
    finding = next(x for f in json.loads((tmp_path / "one" / "summary.json").read_text("utf-8"))["files"]
                   for x in f["findings"] if x["code"] == "GIK404")
    assert finding["evidence"]["other"].endswith("|2016") and finding["evidence"]["passages"]

    # both files renamed (the copy's carrier would come first by path now), and a paragraph of
    # one of them edited, a shared passage among its sentences: the fingerprint is the same
    (folder / "meizhou.txt").rename(folder / "a-renamed.txt")
    (folder / "heyuan.txt").rename(folder / "z-renamed.txt")
    passage = finding["evidence"]["passages"][0]
    target = folder / ("z-renamed.txt" if carrier.startswith("河源") else "a-renamed.txt")
    text = target.read_text(encoding="utf-8")
    assert passage in text
    target.write_text(text.replace(passage, passage[:40] + "（本段已修订）" + passage[40:]), encoding="utf-8")
    assert gik("audit", folder, "--out", tmp_path / "two", "-j", "1")[0] == 0
    assert _copy_fingerprints(tmp_path / "two") == before
