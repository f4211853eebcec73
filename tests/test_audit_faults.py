"""An audit killed at any moment, and a history that is never lost (issue 14): no orphan
worker, no work done twice, no folder holding two runs' outputs, no corrupt, foreign,
empty, locked, full or read-only history overwritten or turned into a traceback, and no
triage decision lost on the way."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CORPUS, FIXTURES, wait_for


OUTPUTS = ("report.html", "findings.csv", "findings.xlsx", "summary.json")


def gik(*args, env=None, timeout=150):
    proc = subprocess.run([sys.executable, "-m", "gik_lint", *map(str, args)], capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def start(*args, pause: str):
    return subprocess.Popen([sys.executable, "-m", "gik_lint", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "GIK_LINT_TEST_PAUSE": pause})


def copies(folder: Path, count: int = 30) -> list[Path]:
    """``count`` reports, each different (a report's copies would share one cache entry)
    and each of another organ or year (an organ's two reports of a year are counted once)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = sorted((FIXTURES / "reports").glob("*.txt")) + sorted((FIXTURES / "reports").glob("*.md")) + sorted(CORPUS.glob("*.txt"))
    made = []
    for n in range(count):
        source = sources[n % len(sources)]
        path = folder / f"{n:02d}_{source.name}"
        path.write_bytes(source.read_bytes() + b"\n" * (n + 1))
        made.append(path)
    return made


def cached_rows(db: Path) -> int:
    try:
        con = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM cache").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def triage_rows(db: Path) -> list[tuple]:
    con = sqlite3.connect(db)
    try:
        return list(con.execute("SELECT fingerprint, decision, note FROM triage ORDER BY fingerprint"))
    finally:
        con.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def decided(tmp_path):
    """A folder audited once, with a triage decision in its history."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(FIXTURES / "tables" / "r1_fail.md", folder / "county.md")
    shutil.copy(FIXTURES / "tables" / "ok.md", folder / "ok.md")
    out = tmp_path / "out"
    code, _, err = gik("audit", folder, "--out", out, "-j", "1")
    assert code == 0, err
    db = out / "history.sqlite"
    con = sqlite3.connect(db)
    (fingerprint,) = con.execute("SELECT fingerprint FROM findings WHERE code = 'GIK224'").fetchone()
    con.close()
    assert gik("triage", fingerprint, "--confirm", "--note", "复核属实", "--db", db)[0] == 0
    return folder, out, db, fingerprint


# 1. an audit that can be killed at any moment ---------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_audit_leaves_no_worker_and_is_resumed(tmp_path):
    folder, out = tmp_path / "reports", tmp_path / "out"
    copies(folder, 30)
    proc = start("audit", folder, "--out", out, "-j", "2", pause="lint=0.4")
    try:
        seen = []  # when workers were first seen: an audit that commits nothing before it ends is killed 3 s later

        def mid_lint():
            if children(proc.pid) and not seen:
                seen.append(time.monotonic())
            return cached_rows(out / "history.sqlite") >= 4 or (seen and time.monotonic() - seen[0] > 3)

        wait_for(mid_lint, 60)
        workers = children(proc.pid)
        assert workers, "no worker process"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    done_before = cached_rows(out / "history.sqlite")
    assert done_before >= 4  # what was linted before the kill is in the history
    orphans = workers
    wait_for(lambda: not [w for w in orphans if alive(w)], 5)
    left = [w for w in orphans if alive(w)]
    for pid in left:  # never leave them behind the test either
        os.kill(pid, signal.SIGKILL)
    assert left == [], "worker processes outlived the killed audit"
    code, stdout, stderr = gik("audit", folder, "--out", out, "-j", "2")
    assert code == 0, stderr
    assert "Traceback" not in stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["summary"]["files"] == 30
    assert summary["stats"]["cached"] >= done_before and summary["stats"]["linted"] < 30
    assert f"{summary['stats']['cached']} 份未改动" in stdout


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_killed_worker_costs_nothing_and_is_never_cached(tmp_path):
    folder, out = tmp_path / "reports", tmp_path / "out"
    copies(folder, 30)
    proc = start("audit", folder, "--out", out, "-j", "2", pause="lint=0.3")
    try:
        assert wait_for(lambda: len(children(proc.pid)) >= 2, 60)
        time.sleep(1)
        os.kill(children(proc.pid)[0], signal.SIGKILL)
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    stderr = stderr.decode("utf-8")
    assert proc.returncode == 0, stderr
    assert "Traceback" not in stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["summary"]["files"] == 30
    con = sqlite3.connect(out / "history.sqlite")
    rows = [json.loads(row) for (row,) in con.execute("SELECT row FROM cache")]
    con.close()
    assert not [r for r in rows if (r.get("error") or "").startswith(("检查进程异常退出", "超过"))]


def test_a_kill_while_the_outputs_are_written_leaves_one_runs_outputs(tmp_path):
    folder, out = tmp_path / "reports", tmp_path / "out"
    copies(folder, 3)
    assert gik("audit", folder, "--out", out, "-j", "1")[0] == 0
    first = {name: digest(out / name) for name in OUTPUTS}
    shutil.copy(FIXTURES / "tables" / "r1_fail.md", folder / "new.md")  # run 2 has other results
    proc = start("audit", folder, "--out", out, "-j", "1", pause="output=3")
    try:
        wait_for(lambda: any(out.glob(".gik-lint-tmp-*")), 60)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    # the folder holds run 1's outputs, whole and alone
    assert {name: digest(out / name) for name in OUTPUTS} == first
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["run"] == 1
    code, stdout, stderr = gik("audit", folder, "--out", out, "-j", "1")
    assert code == 0, stderr
    assert "Traceback" not in stderr and "不是 gik-lint" not in stderr
    assert not list(out.glob(".gik-lint-tmp-*"))
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["summary"]["files"] == 4
    assert f"第 {summary['run']} 次审核" in (out / "report.html").read_text(encoding="utf-8")
    # a summary.json cut short (by an older version, by hand) does not disown the folder
    (out / "summary.json").write_text('{"schema_ver', encoding="utf-8")
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1")
    assert code == 0, stderr
    json.loads((out / "summary.json").read_text(encoding="utf-8"))


def test_an_interrupted_replacement_is_completed_by_the_next_run(tmp_path):
    from gik_lint.audit.staging import Staging, _write_marker, claim, is_audit_output

    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_text("run 1", encoding="utf-8")
    staging = Staging(out)
    for name in OUTPUTS:
        staging.path(name).write_text("run 2", encoding="utf-8")
        staging.written.append(name)
    # killed after the marker said "replacing" and two of the four renames
    _write_marker(out, state="replacing", run=2, files=list(OUTPUTS), remove=["compare.json"])
    for name in OUTPUTS[:2]:
        os.replace(staging.path(name), out / name)
    (out / "compare.json").write_text("run 1", encoding="utf-8")
    assert is_audit_output(out)
    note = claim(out)
    assert note and "补全" in note
    assert {(out / name).read_text(encoding="utf-8") for name in OUTPUTS} == {"run 2"}
    assert not (out / "compare.json").exists() and not list(out.glob(".gik-lint-tmp-*"))


# 2. a history that is never lost ---------------------------------------------------------

def test_an_empty_history_is_kept_not_started_afresh(tmp_path, decided):
    folder, out, _, _ = decided
    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1", "--db", empty)
    assert code == 2 and "0 字节" in stderr and "--new-history" in stderr and "Traceback" not in stderr
    assert empty.read_bytes() == b""
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1", "--db", empty, "--new-history")
    assert code == 0, stderr
    (kept,) = tmp_path.glob("empty.sqlite.*.old")
    assert kept.read_bytes() == b"" and "改名保留" in stderr


@pytest.mark.parametrize("damage", ["garbage", "truncated", "text", "foreign"])
def test_a_damaged_or_foreign_history_is_refused_untouched(tmp_path, decided, damage):
    folder, out, db, fingerprint = decided
    victim = tmp_path / "victim.sqlite"
    shutil.copy(db, victim)
    data = bytearray(victim.read_bytes())
    if damage == "garbage":  # pages overwritten behind an intact header
        data[4096:] = bytes((n * 7) % 251 for n in range(len(data) - 4096))
        victim.write_bytes(data)
    elif damage == "truncated":
        victim.write_bytes(data[: len(data) // 2 + 100])
    elif damage == "text":
        victim.write_text("这不是数据库\n", encoding="utf-8")
    else:
        victim.unlink()
        con = sqlite3.connect(victim)
        con.execute("CREATE TABLE customers (name TEXT)")
        con.commit()
        con.close()
    before = digest(victim)
    code, _, stderr = gik("audit", folder, "--out", out, "-j", "1", "--db", victim)
    assert code == 2 and "Traceback" not in stderr, stderr
    assert ("已损坏" in stderr or "不是 SQLite" in stderr or "另一个程序" in stderr) and "未作任何改动" in stderr
    code, _, stderr2 = gik("triage", fingerprint, "--dismiss", "--db", victim)
    assert code == 2 and "Traceback" not in stderr2
    code, _, stderr3 = gik("history", "check", "--db", victim)
    assert code == 2 and "Traceback" not in stderr3
    assert digest(victim) == before
    assert triage_rows(db) == [(fingerprint, "confirmed", "复核属实")]  # the real history is untouched


def test_history_check_and_backup(tmp_path, decided):
    _, _, db, fingerprint = decided
    code, stdout, _ = gik("history", "check", "--db", db)
    assert code == 0 and "完好" in stdout and "1 条复核结论" in stdout
    copy = tmp_path / "backup.sqlite"
    assert gik("history", "backup", copy, "--db", db)[0] == 0
    assert triage_rows(copy) == [(fingerprint, "confirmed", "复核属实")]
    code, _, stderr = gik("history", "backup", copy, "--db", db)
    assert code == 2 and "为免覆盖" in stderr
    code, _, stderr = gik("history", "check", "--db", tmp_path / "none.sqlite")
    assert code == 2 and "没有审核历史" in stderr


def test_a_triage_during_a_long_audit_is_kept(tmp_path, decided):
    folder, out, db, fingerprint = decided
    copies(folder / "more", 12)
    proc = start("audit", folder, "--out", out, "-j", "1", pause="lint=0.4")
    try:
        assert wait_for(lambda: cached_rows(db) >= 3, 60)
        began = time.monotonic()
        code, stdout, stderr = gik("triage", fingerprint, "--dismiss", "--note", "误报", "--db", db, timeout=60)
        assert code == 0, stderr
        assert time.monotonic() - began < 30
        assert proc.poll() is None  # the audit was still running
        out_, err_ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err_.decode("utf-8")
    assert triage_rows(db) == [(fingerprint, "dismissed", "误报")]
    assert "已排除：误报" in (out / "report.html").read_text(encoding="utf-8")


def test_a_second_audit_on_the_same_history_says_so(tmp_path, decided):
    folder, out, db, fingerprint = decided
    copies(folder / "more", 12)
    proc = start("audit", folder, "--out", out, "-j", "1", pause="lint=0.4")
    try:
        assert wait_for(lambda: cached_rows(db) >= 3, 60)
        code, _, stderr = gik("audit", folder, "--out", tmp_path / "other", "-j", "1", "--db", db, timeout=60)
        assert code == 2 and "另一个审核" in stderr and "Traceback" not in stderr, stderr
        _, err_ = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err_.decode("utf-8")
    assert triage_rows(db) == [(fingerprint, "confirmed", "复核属实")]
    assert gik("audit", folder, "--out", tmp_path / "other", "-j", "1", "--db", db)[0] == 0  # once it is free


def _tiny_tmpfs(where: Path) -> bool:
    where.mkdir()
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)], capture_output=True).returncode == 0


def test_a_full_disk_is_a_clear_message_and_loses_no_decision(tmp_path, decided, monkeypatch, capsys):
    folder, out, db, fingerprint = decided
    small = tmp_path / "small"
    copies(folder / "more", 6)
    if _tiny_tmpfs(small):
        try:
            full = small / "history.sqlite"
            shutil.copy(db, full)
            fd = os.open(small / "filler", os.O_WRONLY | os.O_CREAT)  # the rest of the disk
            try:
                while True:
                    os.write(fd, b"\0" * 4096)
            except OSError:
                pass
            finally:
                os.close(fd)
            code, _, stderr = gik("audit", folder, "--out", out, "-j", "1", "--db", full)
            assert code == 2 and "磁盘已满" in stderr and "Traceback" not in stderr, stderr
            (small / "filler").unlink()
            assert triage_rows(full) == [(fingerprint, "confirmed", "复核属实")]
            code, _, stderr = gik("audit", folder, "--out", small / "out", "-j", "1")  # results on a full disk
            assert "Traceback" not in stderr
        finally:
            subprocess.run(["umount", "-l", str(small)], capture_output=True)
    # in this process too: SQLite says the disk is full at the run's record
    from gik_lint.audit import command, store
    from gik_lint.audit.run import Options

    def full_disk(self, *args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store.Store, "record", store._guarded(full_disk))
    assert command.audit([folder], out, 1, None, None, Options()) == 2
    assert "磁盘已满" in capsys.readouterr().err
    assert triage_rows(db) == [(fingerprint, "confirmed", "复核属实")]
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["run"] == 1  # the last complete results


def test_a_read_only_history_is_a_clear_message(tmp_path, decided, monkeypatch, capsys):
    folder, out, db, fingerprint = decided
    before = digest(db)
    from gik_lint.audit import command, store
    from gik_lint.audit.run import Options

    monkeypatch.setattr(store.os, "access", lambda path, mode: mode != os.W_OK)  # as root, chmod would not stop a write
    assert command.audit([folder], out, 1, None, None, Options()) == 2
    err = capsys.readouterr().err
    assert "只读" in err and "Traceback" not in err
    assert command.triage(db, fingerprint, "dismissed", None) == 2
    assert "只读" in capsys.readouterr().err
    assert command.history_check(db) == 0  # reading it still works
    assert digest(db) == before
    assert triage_rows(db) == [(fingerprint, "confirmed", "复核属实")]
