"""The audit's history in SQLite: runs, reports, findings, the cache of unchanged
reports, and triage decisions, which are kept by each finding's content fingerprint
and never reset by a later run."""

from __future__ import annotations

import functools
import json
import os
import shutil
import sqlite3
import time
from pathlib import Path

HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database
BUSY_SECONDS = 30.0  # how long a writer waits for another (a triage during an audit, an audit's commit)
COMMIT_EVERY = 0.5  # seconds between commits of the rows as they arrive: a kill loses at most this much


class HistoryError(Exception):
    """The history cannot be used as asked; the message (zh-CN) says why and how to go on.
    ``kind``: "broken" (corrupt, foreign, empty: kept as it is), "busy" (held by another
    process), "full", "readonly", "missing", "other"."""

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind


def _recovery(path: Path) -> str:
    return (f"文件已原样保留，未作任何改动。请先复制该文件留底，再用 sqlite3 的 .recover 命令导出其中尚可读取的数据"
            f"（含复核结论，表 triage）；确需从头开始，请在 audit 时加 --new-history（旧文件会改名保留，不会删除）")


def explain(exc: BaseException, path: Path) -> HistoryError:
    """An SQLite error on the history, as a message for the user."""
    text = str(exc).lower()
    if ("disk i/o" in text or "unable to open" in text) and _no_space(path):
        text = "database or disk is full"  # SQLite could not make its journal: the disk is full
    if "locked" in text or "busy" in text:
        return HistoryError(f"历史数据库 {path} 正被另一个进程写入，等待 {BUSY_SECONDS:g} 秒后仍未释放；"
                            f"请等另一个审核或复核结束后再试（已有的历史与复核结论不受影响）", "busy")
    if "full" in text:
        return HistoryError(f"磁盘已满，无法写入历史数据库 {path}；本次的写入已撤销，已有的历史与复核结论不受影响。"
                            f"请腾出磁盘空间后重新运行", "full")
    if "readonly" in text or "read-only" in text or "read only" in text:
        return HistoryError(f"历史数据库 {path} 是只读的，无法写入；请检查该文件及其所在目录的写权限，"
                            f"或用 --db 指定一个可写的位置（原文件未改动）", "readonly")
    if "malformed" in text or "not a database" in text or "corrupt" in text or "encrypted" in text:
        return HistoryError(f"历史数据库 {path} 已损坏（{exc}）。{_recovery(path)}", "broken")
    if "unable to open" in text or "disk i/o" in text:
        return HistoryError(f"无法打开或写入历史数据库 {path}（{exc}）：请检查路径、权限和磁盘", "other")
    return HistoryError(f"历史数据库 {path} 出错：{exc}", "other")


def _no_space(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.resolve().parent).free < 256 * 1024
    except OSError:
        return False


def _guarded(method):
    """An SQLite error in ``method`` undoes the open transaction and becomes a HistoryError."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            try:
                self.db.rollback()
            except sqlite3.Error:
                pass
            raise explain(exc, self.path) from None

    return wrapper


def precheck(path: Path, create: bool) -> bool:
    """Whether ``path`` is there; raises HistoryError when it is not a history to open:
    an empty file (a history cut to nothing is never silently started afresh), a file
    that is not SQLite, a folder."""
    if not path.exists():
        if not create:
            raise HistoryError(f"没有审核历史 {path}", "missing")
        return False
    if not path.is_file():
        raise HistoryError(f"历史数据库 {path} 不是一个文件", "broken")
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(HEADER))
    except OSError as exc:
        raise HistoryError(f"无法读取历史数据库 {path}：{exc.strerror or exc}", "readonly" if isinstance(exc, PermissionError) else "other") from None
    if not head:
        raise HistoryError(f"历史数据库 {path} 是空文件（0 字节），可能在写入时被截断或被清空，其中的复核结论已无法从该文件读取。"
                           f"{_recovery(path)}", "broken")
    if head != HEADER:
        raise HistoryError(f"{path} 不是 SQLite 数据库（不是 gik-lint 的审核历史，或已损坏）。{_recovery(path)}", "broken")
    return True

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY, started TEXT, finished TEXT, folder TEXT, version TEXT, rules TEXT, files INTEGER);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY, run INTEGER REFERENCES runs(id), path TEXT, sha256 TEXT, agency TEXT, identity TEXT,
    year INTEGER, regime TEXT, issuer_kind TEXT, title TEXT, error TEXT, seconds REAL);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY, run INTEGER REFERENCES runs(id), report INTEGER REFERENCES reports(id), fingerprint TEXT,
    code TEXT, name TEXT, severity TEXT, outcome TEXT, message TEXT, section TEXT, line INTEGER, page INTEGER,
    paragraph INTEGER, basis TEXT, evidence TEXT);
CREATE INDEX IF NOT EXISTS findings_run ON findings(run, fingerprint);
CREATE TABLE IF NOT EXISTS triage (
    fingerprint TEXT PRIMARY KEY, decision TEXT CHECK (decision IN ('confirmed', 'dismissed')), note TEXT, updated TEXT);
CREATE TABLE IF NOT EXISTS cache (key TEXT PRIMARY KEY, row TEXT);
CREATE TABLE IF NOT EXISTS texts (sha256 TEXT PRIMARY KEY, text TEXT);
"""


OURS = {"runs", "reports", "findings", "triage"}


class Store:
    """The history at ``path``. ``create``: a missing file becomes a new history (an audit);
    ``write``: opened to write (a refusal at once when it cannot be: read-only)."""

    def __init__(self, path: Path, create: bool = True, write: bool = True):
        self.path = path
        self.db = None
        self._lock = None
        self._last_commit = time.monotonic()
        exists = precheck(path, create)
        if write and exists and not (os.access(path, os.W_OK) and os.access(path.parent or Path("."), os.W_OK)):
            raise explain(sqlite3.OperationalError("attempt to write a readonly database"), path)
        try:
            if write:
                self.db = sqlite3.connect(path, timeout=BUSY_SECONDS)
            else:
                self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_SECONDS)
            tables = {name for (name,) in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and not OURS <= tables:
                self.db.close()
                raise HistoryError(f"{path} 是另一个程序的 SQLite 数据库，不是 gik-lint 的审核历史（其中的表：{'、'.join(sorted(tables)[:8])}）；"
                                   f"为免破坏，未作任何改动。请用 --db 指定审核历史", "broken")
            if tables:  # before anything is written: a damaged history is refused untouched
                problems = [msg for (msg,) in self.db.execute("PRAGMA quick_check")]
                if problems != ["ok"]:
                    self.db.close()
                    raise HistoryError(f"历史数据库 {path} 已损坏（{'；'.join(problems[:3])}）。{_recovery(path)}", "broken")
            if write:
                self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_SECONDS * 1000)}")
                self.db.execute("PRAGMA journal_mode=WAL")
                self.db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            if self.db is not None:
                self.db.close()
            raise explain(exc, path) from None

    def hold(self) -> None:
        """Hold the history for one audit: a second audit on it stops with a clear message
        (triage decisions can still be written meanwhile). The lock is the operating
        system's: a run that is killed releases it."""
        try:
            import fcntl
        except ImportError:  # not on this platform: SQLite's own locking serialises the writes
            return
        lock = self.path.with_name(self.path.name + ".audit-lock")
        try:
            fh = open(lock, "a+")
        except OSError:
            return  # a folder we cannot write to: the first write says so
        try:
            fcntl.lockf(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)  # POSIX locks: not inherited by worker processes
        except OSError:
            fh.seek(0)
            holder = fh.read().strip()
            fh.close()
            raise HistoryError(f"另一个审核（进程 {holder or '未知'}）正在使用历史数据库 {self.path}；"
                               f"请等它结束后再运行，或用 --db 指定另一个历史", "busy") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._lock = fh

    def close(self) -> None:
        if self.db is not None:
            try:
                self.db.commit()
            except sqlite3.Error:
                self.db.rollback()
            self.db.close()
            self.db = None
        if self._lock is not None:
            try:
                os.unlink(self._lock.name)
            except OSError:
                pass
            self._lock.close()
            self._lock = None

    @_guarded
    def commit(self) -> None:
        self.db.commit()
        self._last_commit = time.monotonic()

    @_guarded
    def remember_row(self, row: dict, key: str) -> None:
        """Cache one row as it arrives (the caller says it is cacheable); committed every
        half second, so a run that is killed keeps what it had linted."""
        self.db.execute("INSERT OR REPLACE INTO cache(key, row) VALUES (?, ?)", (key, json.dumps(_cacheable(row), ensure_ascii=False)))
        if time.monotonic() - self._last_commit >= COMMIT_EVERY:
            self.commit()

    @_guarded
    def check(self) -> list[str]:
        """SQLite's integrity check: [] when the history is sound, else its complaints."""
        found = [msg for (msg,) in self.db.execute("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found

    @_guarded
    def counts(self) -> dict:
        return {name: self.db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in ("runs", "reports", "findings", "triage")}

    @_guarded
    def backup(self, target: Path) -> None:
        """A consistent copy of the history (even while an audit writes to it) at ``target``."""
        copy = sqlite3.connect(target)
        try:
            self.db.backup(copy)
        finally:
            copy.close()

    # cache ------------------------------------------------------------------------
    @_guarded
    def cached(self, key: str) -> dict | None:
        """The row linted earlier under this key (rules, file hash, settings), if any."""
        found = self.db.execute("SELECT row FROM cache WHERE key = ?", (key,)).fetchone()
        return json.loads(found[0]) if found else None

    @_guarded
    def has_cache(self, prefix: str) -> bool:
        """Whether any row is cached under keys that start with ``prefix`` (the rules hash)."""
        return self.db.execute("SELECT 1 FROM cache WHERE key >= ? AND key < ? LIMIT 1", (prefix, prefix + "\uffff")).fetchone() is not None

    @_guarded
    def keep_text(self, row: dict) -> dict:
        """Move a report's running text out of its row into the database: the copy checks
        read it back for the few pairs they show, so a batch of thousands stays small in memory."""
        text = row.pop("text", None)
        if text is not None and row.get("sha256"):
            self.db.execute("INSERT OR REPLACE INTO texts(sha256, text) VALUES (?, ?)", (row["sha256"], text))
        return row

    @_guarded
    def text(self, sha256: str | None) -> str:
        found = self.db.execute("SELECT text FROM texts WHERE sha256 = ?", (sha256,)).fetchone() if sha256 else None
        return found[0] if found else ""

    @_guarded
    def remember(self, rows: list[dict], key_of) -> None:
        """Cache the rows linted now, under ``key_of(path, sha256)`` (the key the run looks them up by)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO cache(key, row) VALUES (?, ?)",
            ((key_of(r["path"], r["sha256"]), json.dumps(_cacheable(r), ensure_ascii=False))
             for r in rows if r.get("sha256") and not r.get("cached") and not _limited(r)),
        )

    # runs ---------------------------------------------------------------------------
    @_guarded
    def record(self, folder: str, version: str, rules: str, rows: list[dict], started: str) -> int:
        cur = self.db.execute(
            "INSERT INTO runs(started, finished, folder, version, rules, files) VALUES (?, ?, ?, ?, ?, ?)",
            (started, time.strftime("%Y-%m-%d %H:%M:%S"), folder, version, rules, len(rows)),
        )
        run = cur.lastrowid
        for r in rows:
            rid = self.db.execute(
                "INSERT INTO reports(run, path, sha256, agency, identity, year, regime, issuer_kind, title, error, seconds)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (run, r["path"], r.get("sha256"), r.get("agency"), r.get("identity"), r.get("year"), r.get("regime"),
                 r.get("issuer_kind"), r.get("title"), r.get("error"), r.get("seconds")),
            ).lastrowid
            self.db.executemany(
                "INSERT INTO findings(run, report, fingerprint, code, name, severity, outcome, message, section, line, page,"
                " paragraph, basis, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(run, rid, f.get("fingerprint"), f["code"], f["name"], f["severity"], f.get("outcome", "fail"), f["message"],
                  f.get("section"), f.get("line"), f.get("page"), f.get("paragraph"), f["basis"],
                  json.dumps(f.get("evidence", {}), ensure_ascii=False, default=str)) for f in r["findings"]],
            )
        self.db.commit()
        return run

    @_guarded
    def runs(self) -> list[tuple]:
        return list(self.db.execute("SELECT id, started, folder, files FROM runs ORDER BY id"))

    @_guarded
    def fingerprints(self, run: int) -> dict[str, tuple]:
        """fingerprint -> (code, message, path, organ) of run ``run``'s findings."""
        rows = self.db.execute(
            "SELECT f.fingerprint, f.code, f.message, r.path, COALESCE(r.agency, r.identity) FROM findings f"
            " JOIN reports r ON f.report = r.id WHERE f.run = ?", (run,)
        )
        return {fp: (code, message, path, organ) for fp, code, message, path, organ in rows}

    @_guarded
    def trends(self) -> dict | None:
        """Each rule's count of findings per report year, over the organs whose reports of
        two years or more the history holds (each organ and year as its latest run saw
        it): ``{"years": [...], "organs": n, "counts": {code: {year: n}}}``; None
        when no organ has two years."""
        rows = list(self.db.execute(
            "WITH latest AS (SELECT identity, year, MAX(id) AS id FROM reports"
            "  WHERE identity IS NOT NULL AND year IS NOT NULL AND error IS NULL GROUP BY identity, year),"
            " several AS (SELECT identity FROM latest GROUP BY identity HAVING COUNT(*) >= 2)"
            " SELECT l.year, f.code, COUNT(f.id), (SELECT COUNT(*) FROM several) FROM latest l"
            " JOIN several s ON s.identity = l.identity LEFT JOIN findings f ON f.report = l.id AND f.outcome = 'fail'"
            " GROUP BY l.year, f.code"))
        if not rows:
            return None
        counts: dict[str, dict[int, int]] = {}
        for year, code, n, _ in rows:
            if code is not None:
                counts.setdefault(code, {})[year] = n
        return {"years": sorted({year for year, *_ in rows}), "organs": rows[0][3], "counts": counts}

    # triage -------------------------------------------------------------------------
    @_guarded
    def matching(self, prefix: str, most: int = 10) -> list[tuple[str, str, str, str]]:
        """The findings whose fingerprint starts with ``prefix`` (as git takes a commit's
        prefix): ``(fingerprint, code, message, path)`` of each, from its latest run, at
        most ``most`` + 1 of them (enough to tell "one" from "several")."""
        if not prefix or any(c not in "0123456789abcdef" for c in prefix.lower()):
            return []
        rows = self.db.execute(
            "SELECT f.fingerprint, f.code, f.message, r.path FROM findings f JOIN reports r ON f.report = r.id "
            "WHERE f.fingerprint >= ? AND f.fingerprint < ? GROUP BY f.fingerprint ORDER BY f.fingerprint LIMIT ?",
            (prefix.lower(), prefix.lower() + "g", most + 1),
        )
        return [tuple(row) for row in rows]

    def triage(self, fingerprint: str, decision: str, note: str | None) -> bool:
        known = self.db.execute("SELECT 1 FROM findings WHERE fingerprint = ? LIMIT 1", (fingerprint,)).fetchone()
        if not known:
            return False
        self.db.execute(
            "INSERT INTO triage(fingerprint, decision, note, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(fingerprint) DO UPDATE SET decision = excluded.decision, note = excluded.note, updated = excluded.updated",
            (fingerprint, decision, note, time.strftime("%Y-%m-%d %H:%M:%S")),
        )
        self.db.commit()
        return True

    @_guarded
    def carry_over(self, renamed: dict[str, str]) -> int:
        """Give each finding's new fingerprint the decision taken under its old one (a
        history from before the content fingerprint), where the new one has none."""
        moved = 0
        for old, new in renamed.items():
            cur = self.db.execute(
                "INSERT OR IGNORE INTO triage(fingerprint, decision, note, updated) "
                "SELECT ?, decision, note, updated FROM triage WHERE fingerprint = ?", (new, old))
            moved += cur.rowcount
        if moved:
            self.db.commit()
        return moved

    @_guarded
    def decisions(self) -> dict[str, tuple[str, str | None]]:
        return {fp: (d, n) for fp, d, n in self.db.execute("SELECT fingerprint, decision, note FROM triage")}


# errors our own limits cause (time, memory, a worker killed by either): another run, on
# another machine or with other limits, may lint the file; such a row is never cached
LIMIT_ERRORS = ("超过", "检查进程异常退出")


def _limited(row: dict) -> bool:
    return (row.get("error") or "").startswith(LIMIT_ERRORS)


def _cacheable(row: dict) -> dict:
    out = {k: v for k, v in row.items() if k not in ("path", "cached", "seconds")}
    if "signature" in out:
        out["signature"] = list(out["signature"])
    return out
