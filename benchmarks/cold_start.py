"""Cold start: the wall time of one ``gik-lint`` run on one text report in a fresh process,
against a bare interpreter (``python -c pass``), as an editor or a pre-commit hook starts it.

    python benchmarks/cold_start.py [--runs 20] [REPORT]     (default: a seed report)

Each command runs once to warm the file system cache and the bytecode, then ``--runs``
times; the figures are the minimum and the median. "warm packs": the compiled rule-pack
cache (packcache.py) already holds the packs; "cold packs": a cache folder of its own,
emptied before every run. PYTHONDONTWRITEBYTECODE is unset for the runs (an installed
gik-lint has its bytecode). Also printed: the share of the time spent importing
(``python -X importtime``), per top-level package."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(command: list[str], env: dict, runs: int, before=None) -> tuple[float, float]:
    subprocess.run(command, env=env, capture_output=True)
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(command, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def imports(command: list[str], env: dict) -> Counter:
    """Self time of imports per top-level package, in ms."""
    proc = subprocess.run([command[0], "-X", "importtime", *command[1:]], env=env, capture_output=True, text=True)
    spent: Counter = Counter()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            self_us, _, name = (part.strip() for part in line[len("import time:"):].split("|"))
            if self_us.isdigit():
                spent[name.split(".")[0]] += int(self_us) / 1000
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("report", nargs="?", default=str(ROOT.parent / "shared" / "seeds" / "000_84cfd1913db39861.txt"))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT / "src")
    warm_cache = tempfile.mkdtemp(prefix="gik-lint-bench-cache-")
    cold_cache = tempfile.mkdtemp(prefix="gik-lint-bench-cold-")
    gik = [sys.executable, "-m", "gik_lint"]
    check = [*gik, "check", args.report]
    warm_env = {**env, "GIK_LINT_CACHE_DIR": warm_cache}
    cases = [
        ("gik-lint --version", [*gik, "--version"]),
        ("check REPORT", check),
        ("check --format json REPORT", [*gik, "check", "--format", "json", args.report]),
        ("check --format concise REPORT", [*gik, "check", "--format", "concise", args.report]),
        ("inspect REPORT", [*gik, "inspect", args.report]),
    ]
    try:
        rows = [("python -c pass", timed([sys.executable, "-c", "pass"], env, args.runs))]
        rows += [(label, timed(command, warm_env, args.runs)) for label, command in cases]

        def empty() -> None:
            shutil.rmtree(cold_cache, ignore_errors=True)

        rows.append(("check REPORT, cold packs", timed(check, {**env, "GIK_LINT_CACHE_DIR": cold_cache}, args.runs, before=empty)))
        spent = imports(check, warm_env)
    finally:
        shutil.rmtree(warm_cache, ignore_errors=True)
        shutil.rmtree(cold_cache, ignore_errors=True)
    print(f"report: {args.report}  ({args.runs} runs each; ms; warm packs unless said)")
    bare = rows[0][1][0]
    print(f"{'':32} {'min':>7} {'median':>7} {'× bare (min)':>13}")
    for label, (low, mid) in rows:
        print(f"{label:32} {low:7.1f} {mid:7.1f} {low / bare:13.1f}")
    print("import self time by package (warm packs), ms: "
          + ", ".join(f"{name} {ms:.1f}" for name, ms in spent.most_common(8)))


if __name__ == "__main__":
    main()
