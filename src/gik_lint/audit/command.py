"""``gik-lint audit FOLDER --out DIR``: the whole batch job, and ``gik-lint triage``."""

from __future__ import annotations

import csv
import json
import os
import sys
import time
from pathlib import Path

from gik_lint import __version__, baseline, fingerprint
from gik_lint.audit import cross, outputs, page, setaside
from gik_lint.audit import staging as staging_
from gik_lint.audit.letters import available as letters_available, write_letters
from gik_lint.audit.run import Options, cacheable, discover, distinct, linter_for, resolver, rules_hash, run
from gik_lint.audit.store import HistoryError, Store
from gik_lint.read import unsupported


def _peak_memory(jobs: int, scheduler: str | None) -> dict:
    """Peak resident memory of this process and of the largest worker process, in MB."""
    try:
        import resource
    except ImportError:
        return {}
    per_mb = 1024 * 1024 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KB elsewhere
    main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / per_mb
    if scheduler:
        return {"main": round(main, 1)}
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / per_mb
    worker = children if jobs > 1 and children else main  # -j 1 lints in this process
    return {"main": round(main, 1), "worker": round(worker, 1)}


def _cpu_seconds() -> float | None:
    """CPU time of this process and of its worker processes that have finished."""
    try:
        import resource
    except ImportError:
        return None
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


OUTPUTS = ("report.html", "findings.csv", "findings.xlsx", "summary.json", "history.sqlite", "compare.json")  # and letters/ with --letters


def _unusable_out(inputs: list[Path], out: Path, letters: bool = False) -> str | None:
    """Why ``out`` must not receive the outputs: it is one of the reports' folders, or a
    folder holding files of the user's that the outputs would overwrite."""
    if any(os.path.realpath(out) == os.path.realpath(folder) for folder in inputs):
        return f"结果目录不能是报告所在的目录：{out}"
    if out.exists() and not out.is_dir():
        return f"结果目录是一个文件：{out}"
    place = out / staging_.LETTERS
    if letters and (place.is_symlink() or (place.exists() and not place.is_dir())):
        return f"结果目录中的 {place} 不是文件夹（或是一个链接），函件无法写入；请将其移走，或换一个结果目录"
    if out.is_dir() and staging_.is_audit_output(out):
        return None  # an earlier audit's results: updated in place
    clash = [name for name in OUTPUTS + ((staging_.LETTERS,) if letters else ()) if (out / name).exists()]
    if clash:
        return f"结果目录 {out} 中已有 {'、'.join(clash)}，且不是 gik-lint 的审核结果；为免覆盖，请换一个目录"
    return None


def read_organs(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """A CSV mapping files to organs (and publication dates): file, organ[, published]."""
    organs, published = {}, {}
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for number, row in enumerate(csv.reader(fh), start=1):
            if not row or not row[0].strip() or (number == 1 and row[0].strip().lower() in ("file", "文件")):
                continue
            if len(row) < 2:
                raise ValueError(f"{path}:{number}: 应为「文件,机关[,发布日期]」")
            organs[row[0].strip()] = row[1].strip()
            if len(row) > 2 and row[2].strip():
                published[row[0].strip()] = row[2].strip()
    return organs, published


def _inputs(inputs: list[Path], out: Path, skips) -> tuple[list[Path], list[Path]]:
    """The files to lint under the folders and among the files ``inputs`` (each once, though
    named twice or found under two of them), and those in formats no reader takes; never
    the audit's own outputs (realpath, not resolve(): a loop of symbolic links is no error here)."""
    inside = Path(os.path.realpath(out))
    found, others = discover(inputs, skips)
    paths, seen = [], set()
    for path in found + others:
        real = os.path.realpath(path)
        if inside in Path(real).parents or real in seen:
            continue
        seen.add(real)
        paths.append(path)
    return [p for p in paths if not unsupported(p)], [p for p in paths if unsupported(p)]


def audit(inputs: list[Path], out: Path, jobs: int, db: Path | None, compare: int | None, options: Options,
          organs: dict[str, str] | None = None, scheduler: str | None = None, new_history: bool = False,
          letters: bool = False, office: str | None = None) -> int:
    """Audit the reports under the folders and among the files ``inputs``."""
    if letters and not letters_available():  # asked for letters: said before a long run, not after it
        print("gik-lint: --letters 需要 python-docx：pip install 'gik-lint[letters]'；本次未审核，结果目录未改动",
              file=sys.stderr)
        return 2
    problem = _unusable_out(inputs, out, letters)
    if problem:
        print(f"gik-lint: {problem}", file=sys.stderr)
        return 2
    linter = linter_for(options)  # the one run() lints reports without a configuration with
    settings = resolver()
    paths, others = _inputs(inputs, out, settings.skips)
    if not paths:
        print(f"gik-lint: {'、'.join(map(str, inputs))} 中没有可检查的报告", file=sys.stderr)
        for path in others:
            print(f"  {path}：{unsupported(path)}", file=sys.stderr)
        return 2
    configs = {str(p): settings.config_for(p) for p in paths}  # here: a broken one stops the run before it starts
    history = db or out / "history.sqlite"
    if compare is not None and not history.exists():  # nothing to compare with: nothing is created either
        _has_run(None, history, compare)
        return 2
    store = staging = None
    try:
        out.mkdir(parents=True, exist_ok=True)
        if new_history:
            _set_aside(history)
        store = Store(history)
        store.hold()  # before the folder is touched: a second audit on this history stops here
        if compare is not None and not _has_run(store, history, compare):
            return 2
        note = staging_.claim(out)
        if note:
            print(f"gik-lint: {note}", file=sys.stderr)
        staging = staging_.Staging(out)
        return _audit(inputs, out, jobs, compare, options, organs, scheduler, linter, settings, paths, others, configs,
                      store, staging, letters, office)
    except HistoryError as exc:
        print(f"gik-lint: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # the results folder: full, read-only, gone
        print(f"gik-lint: 无法写入结果目录 {out}：{exc.strerror or exc}；目录中此前的完整结果未被改动，"
              f"历史中的复核结论不受影响", file=sys.stderr)
        return 2
    finally:
        if staging is not None:
            try:
                staging.discard()
            except OSError:
                pass
        if store is not None:
            try:
                store.close()
            except HistoryError:
                pass


def _has_run(store: Store | None, history: Path, run: int) -> bool:
    """Whether the history holds run ``run`` (said when it does not: comparing with a run
    that is not there would call every finding new)."""
    known = [number for number, *_ in store.runs()] if store is not None else []
    if run in known:
        return True
    have = f"已有第 {known[0]}–{known[-1]} 次" if known else "还没有任何审核记录"
    print(f"gik-lint: --compare：审核历史 {history} 中没有第 {run} 次审核（{have}）", file=sys.stderr)
    return False


def _set_aside(history: Path) -> None:
    """--new-history: the old history is renamed, never deleted."""
    if not history.exists():
        return
    aside = history.with_name(f"{history.name}.{time.strftime('%Y%m%d-%H%M%S')}.old")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(history) + suffix)
        if part.exists():
            os.replace(part, Path(str(aside) + suffix))
    print(f"gik-lint: 原历史数据库已改名保留为 {aside}，本次从新的历史开始", file=sys.stderr)


def _audit(inputs, out, jobs, compare, options, organs, scheduler, linter, settings, paths, others, configs,
           store: Store, staging: staging_.Staging, letters: bool = False, office: str | None = None) -> int:
    rules = rules_hash(linter)
    folder = " ".join(map(str, inputs))  # what the run audited, as the history and the page name it
    paths, copies = distinct(paths)  # the same bytes twice: linted once
    started = time.strftime("%Y-%m-%d %H:%M:%S")
    clock = time.perf_counter()

    def key_of(path: str, sha: str) -> str:
        """The cache's key: the shipped rules, the file, and everything else that changes its
        result (its configuration as resolved, the run's options for it, the tool's version)."""
        return f"{rules}:{sha}:{settings.settings_key(path, configs[path])}"

    def arrived(row: dict) -> dict:
        """Each new row as it arrives: its text and its cache entry committed to the history
        at once, so that a run that is killed is resumed, not started again."""
        row = store.keep_text(row)
        if cacheable(row):
            store.remember_row(row, key_of(row["path"], row["sha256"]))
        return row

    cached = store.cached if store.has_cache(f"{rules}:") else None

    cpu = None  # seconds of CPU the linting took, here and in the worker processes
    if scheduler:
        from gik_lint.audit.distributed import ClusterError, run_on_cluster

        try:
            rows = run_on_cluster(scheduler, paths, options, cached, key_of, arrived, configs=configs)
        except ClusterError as exc:
            print(f"gik-lint: {exc}", file=sys.stderr)
            return 2
    else:
        before = _cpu_seconds()
        rows = run(paths, options, jobs, cached, key_of, arrived, configs=configs)
        cpu = None if before is None else _cpu_seconds() - before
    store.commit()
    lint_seconds = time.perf_counter() - clock
    for row in rows:
        name = Path(row["path"]).name
        organ = (organs or {}).get(row["path"]) or (organs or {}).get(name)
        if organ:
            row["agency"] = organ
    linted = sum(1 for r in rows if not r.get("cached"))
    cached_rows = len(rows) - linted
    # what is no report (or a template), a copy or unreadable by its format is listed apart, never counted
    rows, set_aside = setaside.separate(rows, copies, others)
    cross.check(rows, settings.rules, lambda row: store.text(row.get("sha256")))
    renamed = {}
    for row in rows:  # after the organs are settled, for the cross-report findings too
        # the key of a copy finding before it named the other report by organ and year
        before = fingerprint.of_row({**row, "findings": [{**f, "evidence": fingerprint.legacy(f.get("evidence"))}
                                                         for f in row["findings"]]})
        for finding, key, earlier in zip(row["findings"], fingerprint.of_row(row), before):
            finding["fingerprint"] = key
            old = baseline.v1_key(finding["code"], row.get("agency"), row.get("year"), row["path"],
                                  finding.get("section"), fingerprint.legacy(finding.get("evidence")))
            for stale in (old, earlier):
                if stale != key:
                    renamed[stale] = key
    store.carry_over(renamed)  # decisions taken under the keys of older versions
    run_id = store.record(folder, __version__, rules, rows, started)
    decisions = store.decisions()
    changes = _changes(store, compare, run_id) if compare is not None else None
    if changes is not None:
        staging.path("compare.json").write_text(json.dumps(changes, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        staging.done("compare.json")
    sections = {rid: {s.id: s.canonical for s in regime.sections} for rid, regime in linter.regimes.items()}
    page.write_html(staging.path("report.html"), rows, settings.rules, decisions, run_id, started, folder,
                    outputs.totals(rows), sections, changes, _trends(store, settings.rules), set_aside)
    staging.done("report.html")
    outputs.write_csv(staging.path("findings.csv"), rows, decisions)
    staging.done("findings.csv")
    xlsx = outputs.write_xlsx(staging.path("findings.xlsx"), rows, decisions, settings.rules, set_aside)
    if xlsx:
        staging.done("findings.xlsx")
    elapsed = time.perf_counter() - clock
    stats = {"seconds": round(elapsed, 3), "lint_seconds": round(lint_seconds, 3),
             "lint_cpu_seconds": None if cpu is None else round(cpu, 3), "linted": linted,
             "cached": cached_rows, "jobs": 0 if scheduler else jobs, "peak_memory_mb": _peak_memory(jobs, scheduler)}
    outputs.write_summary(staging.path("summary.json"), rows, run_id, stats, set_aside)
    staging.done("summary.json")
    written = []
    if letters:
        written = write_letters(staging.path(staging_.LETTERS), rows, settings.rules, run_id, started, office, decisions,
                                linter.regimes)
        staging.done(staging_.LETTERS)
    staging.publish(run_id)
    t = outputs.totals(rows)
    unchanged = sum(1 for r in rows if r.get("cached"))
    print(f"第 {run_id} 次审核：{t['files']} 份报告（{unchanged} 份未改动，取自缓存），用时 {elapsed:.1f} 秒")
    print(f"  {t['error']} 个错误，{t['warning']} 个警告，{t['info']} 条提示；{t['with_errors']} 份报告有错误；{t['not_assessable']} 份无法评估")
    print(f"  结果：{out / 'report.html'}、findings.csv{'、findings.xlsx' if xlsx else '（未安装 openpyxl，未生成 findings.xlsx）'}、summary.json；历史：{store.path}")
    if letters:
        print(f"  函件：{out / staging_.LETTERS}，{len(written)} 份（每个机关一份）"
              + ("" if office else "；落款为「【审核单位名称】」，可用 --office 指定"))
    if staging.kept:
        print(f"gik-lint: {staging_.LETTERS}/ 中有 {len(staging.kept)} 个文件不是本工具生成的或生成后被修改过，已保留："
              f"{'、'.join(staging.kept[:5])}{' 等' if len(staging.kept) > 5 else ''}", file=sys.stderr)
    if set_aside:
        print(setaside.summary_line(set_aside))
    for line in _compare_lines(changes) if changes is not None else []:
        print(line)
    return 0


def _changes(store: Store, old: int, new: int) -> dict:
    """What compare.json holds: the findings new, fixed and still open since run ``old``,
    each with its code, message, file and organ."""
    before, after = store.fingerprints(old), store.fingerprints(new)

    def listed(keys, found) -> list[dict]:
        items = [{"code": code, "message": message, "path": path, "organ": organ or Path(path).name, "fingerprint": key}
                 for key in keys for code, message, path, organ in [found[key]]]
        return sorted(items, key=lambda i: (i["path"], i["code"], i["message"]))

    return {"from_run": old, "to_run": new, "new": listed(after.keys() - before.keys(), after),
            "fixed": listed(before.keys() - after.keys(), before), "open": listed(after.keys() & before.keys(), after)}


def _compare_lines(changes: dict) -> list[str]:
    lines = [f"与第 {changes['from_run']} 次审核相比：新增 {len(changes['new'])} 个，已解决 {len(changes['fixed'])} 个，"
             f"仍存在 {len(changes['open'])} 个"]
    for label, key in (("新增", "new"), ("已解决", "fixed")):
        for item in changes[key][:50]:
            lines.append(f"  {label}  {item['path']}  {item['code']}  {item['message']}")
    return lines


def _trends(store: Store, rules: dict) -> dict | None:
    """The page's table of each rule's count per report year (see Store.trends)."""
    found = store.trends()
    if not found or len(found["years"]) < 2:
        return None
    years = found["years"]
    ranked = sorted(found["counts"].items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    return {"years": years, "organs": found["organs"],
            "rules": [{"code": code, "summary": rules[code].summary if code in rules else "",
                       "counts": [by_year.get(year, 0) for year in years]} for code, by_year in ranked]}


def triage(db: Path, fingerprint: str, decision: str, note: str | None) -> int:
    """Record a decision on the finding whose fingerprint is, or starts with, ``fingerprint``
    (a unique prefix, as git takes one; several: exit 2, listing them)."""
    store = None
    try:
        store = Store(db, create=False)
        found = store.matching(fingerprint)
        if len(found) > 1:
            print(f"gik-lint: 指纹前缀 {fingerprint} 对应多个问题，请给出更长的前缀：", file=sys.stderr)
            for key, code, message, path in found[:10]:
                print(f"  {key}  {code}  {path}  {message[:60]}", file=sys.stderr)
            if len(found) > 10:
                print("  ……", file=sys.stderr)
            return 2
        if found:
            fingerprint = found[0][0]
        ok = store.triage(fingerprint, decision, note)
    except HistoryError as exc:
        print(f"gik-lint: {exc}" + ("；本次复核结论未记录，请稍后重试" if exc.kind == "busy" else ""), file=sys.stderr)
        return 2
    finally:
        if store is not None:
            store.close()
    if not ok:
        print(f"gik-lint: 历史中没有指纹为 {fingerprint} 的问题", file=sys.stderr)
        return 2
    print(f"已记录：{fingerprint} {'已确认' if decision == 'confirmed' else '已排除'}{('：' + note) if note else ''}")
    return 0


def history_check(db: Path) -> int:
    """``gik-lint history check``: whether the history can be read and is sound."""
    try:
        store = Store(db, create=False, write=False)
        try:
            problems = store.check()
            counts = store.counts() if not problems else None
        finally:
            store.close()
    except HistoryError as exc:
        print(f"gik-lint: {exc}", file=sys.stderr)
        return 2
    if problems:
        print(f"gik-lint: 历史数据库 {db} 已损坏：{'；'.join(problems[:5])}", file=sys.stderr)
        print(f"gik-lint: 文件已原样保留；可用 sqlite3 的 .recover 命令导出尚可读取的数据，"
              f"或加 --new-history 从头开始（旧文件会改名保留）", file=sys.stderr)
        return 2
    print(f"历史数据库完好：{db}")
    print(f"  {counts['runs']} 次审核，{counts['reports']} 份报告记录，{counts['findings']} 个问题记录，{counts['triage']} 条复核结论")
    return 0


def history_backup(db: Path, target: Path) -> int:
    """``gik-lint history backup FILE``: a consistent copy, even while an audit writes to the history."""
    if target.exists():
        print(f"gik-lint: {target} 已存在；为免覆盖，请换一个文件名", file=sys.stderr)
        return 2
    try:
        store = Store(db, create=False, write=False)
        try:
            store.backup(target)
        finally:
            store.close()
    except HistoryError as exc:
        target.unlink(missing_ok=True)
        print(f"gik-lint: {exc}", file=sys.stderr)
        return 2
    print(f"已备份：{db} → {target}")
    return 0
