"""Cold wall time of one `gik-lint` run in a fresh process (min and median).

    python benchmarks/cold_start.py [REPORT] [--runs N]

Run it against an installed gik-lint (`pip install .`): an editable install under
PYTHONDONTWRITEBYTECODE=1 recompiles every module on each start. The figure includes
the interpreter's own start; the line "python -c pass" gives that baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / "000_84cfd1913db39861.txt"


def timed(cmd: list[str], runs: int, stdin: bytes | None = None) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("report", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    exe = shutil.which("gik-lint") or sys.exit("gik-lint is not installed: pip install .")
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("gik-lint --version", [exe, "--version"]),
        ("gik-lint check REPORT", [exe, "check", args.report]),
        ("gik-lint check --format json REPORT", [exe, "check", "--format", "json", args.report]),
        ("gik-lint inspect REPORT", [exe, "inspect", args.report]),
    ]
    print(f"report: {args.report}  runs: {args.runs}  PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')}")
    for label, cmd in cases:
        lo, med = timed(cmd, args.runs)
        print(f"{label:<40} min {lo:7.1f} ms   median {med:7.1f} ms")
    data = Path(args.report).read_bytes()
    name = "x/report" + Path(args.report).suffix
    lo, med = timed([exe, "check", "--format", "json", "--stdin-filename", name, "-"], args.runs, stdin=data)
    print(f"{'gik-lint check --stdin-filename NAME -':<40} min {lo:7.1f} ms   median {med:7.1f} ms")


if __name__ == "__main__":
    main()
