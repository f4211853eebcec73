"""Reader throughput on one core: PDF pages/s (text and table pages), HTML and DOCX
files/s, read alone and read + lint; with ``--ocr``, scanned pages read by OCR: seconds
per page and peak memory.

    python benchmarks/readers.py [--seconds S] [--ocr]

Inputs: the real PDFs and the blank Word template in ../shared/corpus, and the
multi-format fixtures in fixtures/formats. Needs the [pdf] extra; ``--ocr`` the [ocr]
extra, and takes a few minutes: the scans of fixtures/scans/make_scans.py (every page of
the three corpus PDFs, clean and degraded), each read in a process of its own, pinned to
one core, its peak resident memory taken from the kernel.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gik_lint.pipeline import Linter
from gik_lint.read import read_bytes

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
FORMATS = ROOT / "fixtures" / "formats"


def rate(label: str, files: list[Path], unit, work, seconds: float) -> None:
    data = [(p.name, p.read_bytes()) for p in files]
    units = sum(unit(name, blob) for name, blob in data)
    start, rounds = time.perf_counter(), 0
    while rounds == 0 or time.perf_counter() - start < seconds:
        for name, blob in data:
            work(blob, name)
        rounds += 1
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {units * rounds / elapsed:8.1f} {unit.__name__}/s   ({rounds} rounds of {len(files)} files, {elapsed:.1f} s)")


def pages(name: str, blob: bytes) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(blob))


def files(name: str, blob: bytes) -> int:
    return 1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--ocr", action="store_true", help="also scanned pages read by OCR (minutes)")
    args = parser.parse_args()
    linter = Linter()
    pdfs = sorted(CORPUS.glob("*.pdf")) + sorted(FORMATS.glob("*.pdf"))
    htmls = sorted(FORMATS.glob("*.html"))
    docxs = sorted(FORMATS.glob("*.docx")) + sorted(CORPUS.glob("*.docx"))
    tables = sum(len(read_bytes(p.read_bytes(), p.name).tables) for p in pdfs)
    print(f"PDF inputs: {len(pdfs)} files, {sum(pages(p.name, p.read_bytes()) for p in pdfs)} pages, {tables} tables")
    for label, group, unit in (("PDF", pdfs, pages), ("HTML", htmls, files), ("DOCX", docxs, files)):
        rate(f"{label} read", group, unit, read_bytes, args.seconds)
        rate(f"{label} read + lint", group, unit, linter.lint_bytes, args.seconds)

    from gik_lint.read import docx

    def cold(blob, name):  # as if every file came with styles and numbering never seen before
        docx._CACHE.clear()
        return read_bytes(blob, name)

    rate("DOCX read, styles cache cold", docxs, files, cold, args.seconds)
    if args.ocr:
        ocr()


_READ = "import sys; from gik_lint.read import read_path; from pathlib import Path; assert read_path(Path(sys.argv[1])).ocr"


def ocr() -> None:
    """Each scan read in a process of its own on one core: seconds per page (the engine's
    start included once per file) and the process's peak resident memory."""
    import pypdfium2

    sys.path.insert(0, str(ROOT / "fixtures" / "scans"))
    import make_scans

    with tempfile.TemporaryDirectory() as folder:
        make_scans.make_all(Path(folder), CORPUS)
        total_pages, total_seconds, peak = 0, 0.0, 0
        for path in sorted(Path(folder).glob("*.pdf")):
            pages = len(pypdfium2.PdfDocument(path))
            pin = (lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})) if hasattr(os, "sched_setaffinity") else None
            start = time.perf_counter()
            proc = subprocess.Popen([sys.executable, "-c", _READ, str(path)], preexec_fn=pin)
            _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.perf_counter() - start
            if status != 0:
                print(f"OCR {path.name}: failed (status {status})")
                continue
            rss = usage.ru_maxrss // 1024  # KiB on Linux
            total_pages, total_seconds, peak = total_pages + pages, total_seconds + seconds, max(peak, rss)
            print(f"OCR {path.name:<44} {pages} pages  {seconds / pages:5.1f} s/page  peak {rss} MB")
        if total_pages:
            print(f"OCR all: {total_pages} pages, {total_seconds / total_pages:.1f} s/page on one core, peak {peak} MB")


if __name__ == "__main__":
    main()
