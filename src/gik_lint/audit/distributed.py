"""``gik-lint audit --scheduler ADDRESS``: the same audit, linted on an existing Dask cluster.

The client reads each report and sends its bytes, so the workers need no shared file
system, only gik-lint installed. Each worker keeps one linter per set of options. A few
reports per worker thread are in flight at a time, so a batch of thousands does not sit
in memory at once. Only the linting moves: the cache, the cross-report checks and the
outputs stay on this machine, so the results are the same as a local run's.

On a cluster the per-file time limit does not apply (Dask runs tasks in threads, where no
alarm can interrupt them) and the memory limit is the one the Dask workers were started
with; a report that crashes is still an error row."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from gik_lint.audit import run as local

_LINTERS: dict = {}  # on a worker: options -> (linter, limits)


class ClusterError(Exception):
    """Dask is not installed, or the cluster cannot be reached: the message says which."""


def lint_remote(path: str, data: bytes, options: local.Options, config=None) -> dict:
    """Runs on a Dask worker; ``config``: the report's configuration, resolved by the client."""
    key = repr(options)
    if key not in _LINTERS:
        local.linter_for(options)
        _LINTERS[key] = (local._RESOLVER, local._LINTER, local._LIMITS)
    local._RESOLVER, local._LINTER, local._LIMITS = _LINTERS[key]
    return local.lint_file(path, data, config)


def run_on_cluster(address: str, paths: list[Path], options: local.Options, cached, key_of, on_row=None,
                   progress: bool = True, configs: dict | None = None) -> list[dict]:
    """As :func:`gik_lint.audit.run.run`, on the cluster at ``address``."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise ClusterError("--scheduler 需要 Dask：pip install 'gik-lint[dask]'") from None
    keep = on_row or (lambda row: row)
    rows, todo = local.from_cache(paths, cached, key_of)
    done, started, total = len(rows), time.perf_counter(), len(paths)
    show = progress and sys.stderr.isatty()
    try:
        client = Client(address, timeout="10s")
    except OSError as exc:
        raise ClusterError(f"无法连接 Dask 集群 {address}：{exc}") from None
    with client:
        window = 4 * max(1, sum(client.nthreads().values()))
        pending = iter(todo)
        futures, path_of = as_completed(), {}

        def submit(count: int) -> None:
            while count:
                path = next(pending, None)
                if path is None:
                    return
                try:
                    data = Path(path).read_bytes()
                except OSError as exc:
                    rows[path] = local._error_row(path, f"无法读取：{exc.strerror or exc}")
                    continue
                future = client.submit(lint_remote, path, data, options, (configs or {}).get(path), pure=False)
                path_of[future.key] = path
                futures.add(future)
                count -= 1

        submit(window)
        for future in futures:
            path = path_of.pop(future.key)
            try:
                rows[path] = keep(future.result())
            except Exception as exc:  # the worker died or the task could not run
                rows[path] = local._error_row(path, f"检查进程异常退出：{type(exc).__name__}")
            future.release()
            done += 1
            if show:
                local._progress(done, total, started)
            submit(1)
    if show:
        sys.stderr.write("\n")
    return [rows[str(p)] for p in paths]
