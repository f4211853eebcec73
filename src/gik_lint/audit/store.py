"""The audit's history in SQLite: runs, reports, findings, the cache of unchanged
reports, and triage decisions, which are kept by each finding's content fingerprint
and never reset by a later run."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

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


class Store:
    def __init__(self, path: Path):
        self.path = path
        self.db = sqlite3.connect(path)
        self.db.executescript("PRAGMA journal_mode=WAL;" + SCHEMA)

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    # cache ------------------------------------------------------------------------
    def cached(self, key: str) -> dict | None:
        """The row linted earlier under this key (rules, file hash, settings), if any."""
        found = self.db.execute("SELECT row FROM cache WHERE key = ?", (key,)).fetchone()
        return json.loads(found[0]) if found else None

    def has_cache(self, prefix: str) -> bool:
        """Whether any row is cached under keys that start with ``prefix`` (the rules hash)."""
        return self.db.execute("SELECT 1 FROM cache WHERE key >= ? AND key < ? LIMIT 1", (prefix, prefix + "\uffff")).fetchone() is not None

    def keep_text(self, row: dict) -> dict:
        """Move a report's running text out of its row into the database: the copy checks
        read it back for the few pairs they show, so a batch of thousands stays small in memory."""
        text = row.pop("text", None)
        if text is not None and row.get("sha256"):
            self.db.execute("INSERT OR REPLACE INTO texts(sha256, text) VALUES (?, ?)", (row["sha256"], text))
        return row

    def text(self, sha256: str | None) -> str:
        found = self.db.execute("SELECT text FROM texts WHERE sha256 = ?", (sha256,)).fetchone() if sha256 else None
        return found[0] if found else ""

    def remember(self, rows: list[dict], key_of) -> None:
        """Cache the rows linted now, under ``key_of(path, sha256)`` (the key the run looks them up by)."""
        self.db.executemany(
            "INSERT OR REPLACE INTO cache(key, row) VALUES (?, ?)",
            ((key_of(r["path"], r["sha256"]), json.dumps(_cacheable(r), ensure_ascii=False))
             for r in rows if r.get("sha256") and not r.get("cached") and not _limited(r)),
        )

    # runs ---------------------------------------------------------------------------
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

    def runs(self) -> list[tuple]:
        return list(self.db.execute("SELECT id, started, folder, files FROM runs ORDER BY id"))

    def fingerprints(self, run: int) -> dict[str, tuple]:
        rows = self.db.execute(
            "SELECT f.fingerprint, f.code, f.message, r.path FROM findings f JOIN reports r ON f.report = r.id WHERE f.run = ?", (run,)
        )
        return {fp: (code, message, path) for fp, code, message, path in rows}

    # triage -------------------------------------------------------------------------
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
