"""Running an audit: every report under a folder, in worker processes, each with its own
time and memory limit, unchanged reports taken from the cache.

A worker returns a plain dict per report (the JSON contract's file object, with each
finding's fingerprint, the file's hash, and what the cross-report checks need), so that
one hostile or crashing file becomes an error row and the run goes on."""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from gik_lint import __version__
from gik_lint.audit.pictures import pictures
from gik_lint.audit.similarity import signature
from gik_lint.config import Config
from gik_lint.limit import TimeUp, time_limit, time_message
from gik_lint.packs import PackError
from gik_lint.pipeline import collect
from gik_lint.read import Limits, ReadError, read_limited
from gik_lint.records import record
from gik_lint.report.json_format import file_dict
from gik_lint.resolve import Flags, Resolver

_RESOLVER: Resolver | None = None
_LINTER = None  # the resolver's linter for reports without a configuration
_LINTER_OPTIONS = None
_LIMITS: dict = {}
# The form of what a row carries for the cross-report checks (its cells, its signature):
# part of the cache's key, so that rows of an older form are linted again
ROW_VERSION = 7
# cells the cross-report checks compare between years
CROSS_CELLS = ("applications.carry_in.", "applications.carry_out.", "proactive.art20_1.")


@record
class Options:
    flags: Flags = Flags()  # --config, --select, --regime, --deadline…: over each report's configuration
    time_limit: float = 60.0  # seconds per file
    memory_limit_mb: int = 1024  # per worker process
    published: dict | None = None
    limits: Limits = Limits()  # what one file may cost; how scans are read (--ocr)


def rules_hash(linter) -> str:
    """What results depend on besides the file: the version, the rules, the catalogues
    and the form of the rows."""
    digest = hashlib.sha256(f"{__version__}:{ROW_VERSION}".encode())
    for rule in linter.rules.values():
        digest.update(rule.path.read_bytes())
    for folder in ("catalog/regimes", "catalog/tables"):
        for path in sorted((linter.rules_root / folder).glob("*.yaml")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# errors of our own making (the run's limits, a worker killed): never cached, linted again next time
OWN_ERRORS = ("超过单个文件的", "检查进程异常退出")


def cacheable(row: dict) -> bool:
    """Whether a new row may be cached: a result of the file, not of this run's limits."""
    return bool(row.get("sha256")) and not row.get("cached") and not (row.get("error") or "").startswith(OWN_ERRORS)


def test_pause(name: str) -> float:
    """A pause for the tests of interruption (``GIK_LINT_TEST_PAUSE="lint=0.3,output=2"``):
    seconds to wait at ``name``, 0 when unset."""
    for part in os.environ.get("GIK_LINT_TEST_PAUSE", "").split(","):
        key, _, value = part.partition("=")
        if key.strip() == name:
            try:
                return float(value)
            except ValueError:
                return 0.0
    return 0.0


def _die_with_parent(parent: int) -> None:
    """A worker ends when the main process does, however it ends (kill -9 included), so
    that no orphan goes on linting and holding files open. Linux: the kernel's parent-death
    signal; everywhere: a thread that watches the parent's pid."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # gone before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="gik-lint-parent-watch", daemon=True).start()


def _init(options: Options, parent: int | None = None) -> None:
    """Set up a worker process: its linter, its time limit and its memory limit; it dies with ``parent``."""
    if parent is not None:
        _die_with_parent(parent)
    linter_for(options)
    _limit_memory(options.memory_limit_mb)
    _batch_gc()


def _batch_gc() -> tuple:
    """Garbage collection for linting many reports: what exists now (the linter, inherited
    from the main process) is never scanned again, and collections come less often (a
    report's objects are freed as it is done with; only its outline's cycles wait for the
    collector). Returns the thresholds it replaced."""
    old = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
    return old


def linter_for(options: Options):
    """This process's resolver for ``options`` (configurations and their linters), its base
    linter prepared: made once (worker processes forked from a process that has one inherit
    it, warm). Returns the base linter."""
    global _RESOLVER, _LINTER, _LINTER_OPTIONS, _LIMITS
    _LIMITS = {"time": options.time_limit}
    if _RESOLVER is None or _LINTER_OPTIONS != options:
        _RESOLVER = Resolver(options.flags, options.published, options.limits)
        _LINTER = _RESOLVER.linter(Config(regime=options.flags.regime, deadlines=dict(options.flags.deadlines)))
        _LINTER.warm()
        _LINTER_OPTIONS = options
        # a sample report of our own, linted once: what the linter keeps from report to report
        # (parsed layouts, compiled patterns, known labels) is there before workers are forked
        lint_file("warm-up.txt", (Path(__file__).parent / "warmup.txt").read_bytes(), Config())
    return _LINTER


def resolver() -> Resolver:
    """This process's resolver (after :func:`linter_for`)."""
    return _RESOLVER


def _limit_memory(megabytes: int | None):
    """Cap this process's address space; returns the limits it had (None where unsupported)."""
    try:
        import resource

        old = resource.getrlimit(resource.RLIMIT_AS)
        if megabytes:
            limit = megabytes * 1024 * 1024
            if old[1] != resource.RLIM_INFINITY:
                limit = min(limit, old[1])
            resource.setrlimit(resource.RLIMIT_AS, (limit, old[1]))  # the soft limit only: it can be restored
        return old
    except (ImportError, ValueError, OSError):  # not on this platform: no memory limit
        return None


def lint_file(path: str, data: bytes | None = None, config: Config | None = None) -> dict:
    """One report, in a worker: never raises. ``data``: its bytes, when the caller read them;
    ``config``: its configuration, resolved by the caller (else looked up here)."""
    started = time.perf_counter()
    pause = test_pause("lint")
    if pause:
        time.sleep(pause)

    try:
        with time_limit(_LIMITS.get("time")):  # (none in a Dask worker's thread: no alarm there)
            if data is None:
                data = _read(path)
            result = _RESOLVER.lint_bytes(data, path, config)
            out = file_dict(result)  # with each finding's fingerprint
            out["sha256"] = hashlib.sha256(data).hexdigest()
            if result.report is not None:  # a report, a blank template, or no report (set aside by the audit)
                out["kind"], out["kind_reason"] = result.report.kind, result.report.kind_reason
            out.update(_cross_data(result))
    except ReadError as exc:  # not a regular file, too large, unreadable: never read again
        out = _error_row(path, str(exc), b"" if data is None else data)
        if data is None:
            out["sha256"] = None
    except TimeUp:
        out = _error_row(path, time_message(_LIMITS["time"]), data)
    except MemoryError:
        out = _error_row(path, "超过单个文件的内存上限，已跳过", data)
    except PackError as exc:  # the report's sidecar file names a rule that does not exist
        out = _error_row(path, f"配置错误：{exc}", data)
    except Exception as exc:  # a crash in one file is that file's error row
        out = _error_row(path, f"内部错误（请报告此问题）：{type(exc).__name__}: {exc}", data)
    out["seconds"] = round(time.perf_counter() - started, 4)
    return out


def _read(path: str | Path) -> bytes:
    """A report's bytes, as the reader takes them: a regular file, within the size limit."""
    return read_limited(path, (_RESOLVER.limits if _RESOLVER and _RESOLVER.limits else Limits()).max_bytes)


def _error_row(path: str, error: str, data: bytes | None = None) -> dict:
    try:
        sha = hashlib.sha256(data if data is not None else _read(path)).hexdigest()
    except ReadError:
        sha = None
    return {"path": path, "regime": None, "year": None, "agency": None, "issuer_kind": None, "title": None,
            "published": None, "ocr_pages": [], "findings": [], "error": error, "sha256": sha}


def _cross_data(result) -> dict:
    """What the cross-report checks need of a report (a few table cells and a digest of its
    text), and its statistical tables as the page draws them."""
    report = result.report
    if report is None:
        return {}
    cells = {}
    for reading in report.tables.values():
        for cid, cell in reading.table.cells.items():
            if cid.startswith(CROSS_CELLS) and cell.value.kind in ("int", "decimal"):
                p = cell.position
                cells[cid] = [str(cell.value.number), p.line, p.column, p.page, p.paragraph]  # compact: thousands are kept
    # the running text, without the statistical tables: their labels are the same in every
    # report, and a text file's table rows are lines like any other
    in_tables = set()
    for spec in report.table_specs.values():
        match = report.sections.get(spec.section)
        if match is not None:
            in_tables.update(b for s in [match.section, *match.section.walk()] for b, _, _ in s.body)
    blocks = report.document.blocks
    text = "\n".join(b.text for i, b in enumerate(blocks) if b.table is None and i not in in_tables)
    return {"cells": cells, "signature": signature(text), "text": text[:20000], "tables": pictures(report)}


def run(paths: list[Path], options: Options, jobs: int, cached, key_of, on_row=None, progress: bool = True,
        configs: dict[str, Config] | None = None) -> list[dict]:
    """Lint ``paths``. ``cached(key)``: the row of an earlier run (``cached`` None: nothing
    is cached), ``key_of(path, sha)`` its key; ``on_row(row)``: called on each new row as
    it arrives, returns what to keep; ``configs``: each path's configuration, resolved
    (else each worker looks it up)."""
    configs = configs or {}
    keep = on_row or (lambda row: row)
    rows, todo = from_cache(paths, cached, key_of)
    done, started, total = len(rows), time.perf_counter(), len(paths)
    show = progress and sys.stderr.isatty()

    def record(path: str, row: dict) -> None:
        nonlocal done
        rows[path] = keep(row)
        done += 1
        if show:
            _progress(done, total, started)

    def here(paths: list[str]) -> None:  # lint in this process, under the per-file memory limit
        old, thresholds = _limit_memory(options.memory_limit_mb), _batch_gc()
        try:
            for path in paths:
                record(path, lint_file(path, None, configs.get(path)))
        finally:
            gc.set_threshold(*thresholds)
            gc.unfreeze()
            if old is not None:
                import resource

                resource.setrlimit(resource.RLIMIT_AS, old)

    linter_for(options)
    if jobs <= 1 or len(todo) <= 1:
        here(todo)
    else:
        _pooled(todo, jobs, options, record, configs)
    if show:
        sys.stderr.write("\n")
    return [rows[str(p)] for p in paths]


# Workers forked on Linux inherit the main process's prepared linter (the default there
# changes to "forkserver" in Python 3.14); elsewhere the platform's default.
_CONTEXT = multiprocessing.get_context("fork") if sys.platform == "linux" else None


def _lint_chunk(paths: list[str], configs: list[Config | None]) -> list[dict]:
    return [lint_file(path, None, config) for path, config in zip(paths, configs)]


def _pooled(todo: list[str], jobs: int, options: Options, record, configs: dict[str, Config]) -> None:
    """Lint in ``jobs`` worker processes, a few reports per task (fewer messages between
    the processes). A worker that dies (killed, out of memory, a crash in a native
    library) breaks the pool: the reports it may have been reading are linted again one
    at a time in a worker of their own, so that the one that takes it down is found and
    becomes an error row; the others go on in a new pool."""
    size = max(1, min(16, len(todo) // (jobs * 8)))
    pending = todo
    while pending:
        failed = _round(pending, jobs, size, options, record, configs)
        # running or queued when the pool broke: among the first unfinished tasks, in order
        cut = (2 * jobs + 1) * size
        suspects, pending = failed[:cut], failed[cut:]
        while suspects:
            failed = _round(suspects, 1, 1, options, record, configs)
            if failed:  # one worker, one report at a time: the first unfinished one took it down
                record(failed[0], _error_row(failed[0], "检查进程异常退出（可能是文件触发了解析库的崩溃或内存耗尽）"))
            suspects = failed[1:]


def _round(paths: list[str], jobs: int, size: int, options: Options, record, configs: dict[str, Config]) -> list[str]:
    """One pool over ``paths``; returns the paths it did not finish, in order."""
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    finished = set()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(options, os.getpid()), mp_context=_CONTEXT) as pool:
        futures = {pool.submit(_lint_chunk, chunk, [configs.get(p) for p in chunk]): n for n, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            try:
                rows = future.result()
            except Exception:  # noqa: BLE001 - the pool broke (a worker died): linted again
                continue
            n = futures[future]
            finished.add(n)
            for path, row in zip(chunks[n], rows):
                record(path, row)
    return [path for n, chunk in enumerate(chunks) if n not in finished for path in chunk]


def from_cache(paths: list[Path], cached, key_of) -> tuple[dict[str, dict], list[str]]:
    """The rows of unchanged reports, and the paths still to lint. ``cached`` None: nothing
    is cached under these rules (no file need be hashed to look)."""
    rows: dict[str, dict] = {}
    if cached is None:
        return rows, [str(p) for p in paths]
    todo = []
    for path in paths:
        try:
            sha = hashlib.sha256(_read(path)).hexdigest()
        except ReadError:
            sha = None
        hit = cached(key_of(str(path), sha)) if sha else None
        if hit is not None:
            rows[str(path)] = {**hit, "path": str(path), "cached": True}
        else:
            todo.append(str(path))
    return rows, todo


def _progress(done: int, total: int, started: float) -> None:
    elapsed = time.perf_counter() - started
    rate = done / elapsed if elapsed else 0
    left = (total - done) / rate if rate else 0
    sys.stderr.write(f"\r{done}/{total} 个文件  {rate:.1f} 个/秒  剩余约 {int(left // 60)}:{int(left % 60):02d}   ")
    sys.stderr.flush()


def discover(inputs: list[Path], skip=None) -> tuple[list[Path], list[Path]]:
    """The reports under the folders and among the files ``inputs``, as ``check`` collects
    them (``skip``: what to leave out), and the files in formats no reader takes."""
    others: list[Path] = []
    found = [path for path, _, error in collect([str(p) for p in inputs], skip, others) if path is not None and not error]
    return found, sorted(others)


def distinct(paths: list[Path]) -> tuple[list[Path], dict[str, str]]:
    """The files to lint, one of each content (the first path of each), and each other
    path of the same bytes with the path it is a copy of."""
    first: dict[str, str] = {}
    keep, copies = [], {}
    for path in paths:
        try:
            sha = hashlib.sha256(_read(path)).hexdigest()
        except ReadError:  # unreadable: linted, where the reader says why
            sha = None
        if sha in first:
            copies[str(path)] = first[sha]
            continue
        if sha is not None:
            first[sha] = str(path)
        keep.append(path)
    return keep, copies
