"""Reader throughput on one core: PDF pages/s (text and table pages), HTML and DOCX
files/s, read alone and read + lint.

    python benchmarks/readers.py [--seconds S]

Inputs: the real PDFs and the blank Word template in ../shared/corpus, and the
multi-format fixtures in fixtures/formats. Needs the [pdf] extra.
"""

from __future__ import annotations

import argparse
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


if __name__ == "__main__":
    main()
