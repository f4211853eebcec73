"""Cold start: the wall time of one ``gik-lint check`` of one text report in a fresh process,
against a bare interpreter (``python -c pass``), as an editor or a pre-commit hook starts it.

    python benchmarks/cold_start.py [--runs 30] [REPORT ...]

Default reports: a seed (2016, old regime, no tables) and a 2022 report with the three
tables (``fixtures/tables/ok.md``), each copied into a folder of its own so that no
configuration above it (this repository's pyproject.toml) is read. gik-lint runs as its
console script does (``gik_lint.cli:run``), from this working tree.

Two interpreter starts are measured, each against its own bare start:

* ``site``: the interpreter as it is installed, running ``site`` and every ``.pth`` hook of
  its site-packages (on a sandbox these may import much of the standard library, which
  gik-lint then finds loaded);
* ``-S``: without ``site``: the interpreter's own start; the packages are found through
  PYTHONPATH. The figure that does not depend on what else is installed.

Each command runs once to warm the file system cache and the bytecode, then ``--runs``
times; the figures are the minimum and the median. "warm packs": the compiled rule-pack
cache (packcache.py) already holds the packs; "cold packs": a cache folder of its own,
emptied before every run. PYTHONDONTWRITEBYTECODE is unset for the runs (an installed
gik-lint has its bytecode). Also printed: the import self time per top-level package
(``python -X importtime``)."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_84cfd1913db39861.txt"
TABLES = ROOT / "fixtures" / "tables" / "ok.md"
MAIN = "from gik_lint.cli import run; run()"


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
    parser.add_argument("reports", nargs="*", default=[str(SEED), str(TABLES)])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "GIK_LINT_NO_CACHE")}
    site_packages = sysconfig.get_paths()["purelib"]
    work = Path(tempfile.mkdtemp(prefix="gik-lint-bench-"))
    try:
        reports = []
        for i, report in enumerate(args.reports):
            folder = work / f"report{i}"
            folder.mkdir()
            reports.append(str(shutil.copy(report, folder)))
        starts = {
            "site": ([sys.executable], {**base, "PYTHONPATH": str(ROOT / "src")}),
            "-S": ([sys.executable, "-S"], {**base, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), site_packages])}),
        }
        warm, cold = work / "warm-cache", work / "cold-cache"
        print(f"{args.runs} runs each; ms; warm packs unless said")
        print(f"{'':44} {'min':>7} {'median':>7} {'× bare (min)':>13}")
        for start, (python, env) in starts.items():
            warm_env = {**env, "GIK_LINT_CACHE_DIR": str(warm)}
            gik = [*python, "-c", MAIN]
            bare = timed([*python, "-c", "pass"], env, args.runs)
            rows = [(f"[{start}] python -c pass", bare), (f"[{start}] gik-lint --version", timed([*gik, "--version"], warm_env, args.runs))]
            for report in reports:
                name = Path(report).name
                rows.append((f"[{start}] check {name}", timed([*gik, "check", report], warm_env, args.runs)))
            first = reports[0]
            rows.append((f"[{start}] check --format json {Path(first).name}", timed([*gik, "check", "--format", "json", first], warm_env, args.runs)))
            rows.append((f"[{start}] inspect {Path(first).name}", timed([*gik, "inspect", first], warm_env, args.runs)))
            rows.append((f"[{start}] check {Path(first).name}, cold packs",
                         timed([*gik, "check", first], {**env, "GIK_LINT_CACHE_DIR": str(cold)}, args.runs,
                               before=lambda: shutil.rmtree(cold, ignore_errors=True))))
            for label, (low, mid) in rows:
                print(f"{label:44} {low:7.1f} {mid:7.1f} {low / bare[0]:13.1f}")
            if start == "-S":
                spent = imports([*gik, "check", reports[-1]], warm_env)
                print(f"import self time by package ([-S] check {Path(reports[-1]).name}), ms: "
                      + ", ".join(f"{name} {ms:.1f}" for name, ms in spent.most_common(8)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
