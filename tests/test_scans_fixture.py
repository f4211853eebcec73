"""The scanned-report fixtures (fixtures/scans/make_scans.py, for OCR, issue 17): the generator
is deterministic, the committed subset is what it makes, every scan is an image-only PDF
with the original's pages, and without OCR gik-lint says such a PDF is not assessable (GIK002)."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image

from conftest import CORPUS, FIXTURES, make_scans

from gik_lint.pipeline import Linter
from gik_lint.read import Limits

SCANS = FIXTURES / "scans"
ms = make_scans()
PDFS = [(source, variant) for source in ms.SOURCES for variant in ms.VARIANTS]


def _committed_files():
    names = []
    for source, variant, whole, pages in ms.COMMITTED:
        suffix = ms.VARIANTS[variant].suffix
        if whole:
            names.append(f"{source}.{variant}.pdf")
        names += [f"{source}.{variant}_p{n}{suffix}" for n in pages]
    return names


def _pixels(path):
    """The page images of a PDF (its embedded images, decoded) or of one image file."""
    if path.suffix == ".pdf":
        pdf = pdfium.PdfDocument(path)
        try:
            return [np.asarray(obj.get_bitmap().to_pil().convert("L")) for page in pdf for obj in page.get_objects()]
        finally:
            pdf.close()
    return [np.asarray(Image.open(path).convert("L"))]


def test_two_runs_write_the_same_bytes(scans, tmp_path):
    source = CORPUS / "2023_huaian_hongze_district.pdf"
    for variant in ms.VARIANTS:
        for path in ms.make(source, tmp_path, variant):
            assert path.read_bytes() == (scans / path.name).read_bytes(), path.name


def test_a_page_made_alone_equals_the_page_made_with_the_rest(scans, tmp_path):
    # the noise is seeded per source and page, not drawn from one stream over the run
    (path,) = ms.make(CORPUS / "2024_huaian_city.pdf", tmp_path, "degraded", pages=(5,), pdf=False)
    assert path.name == "2024_huaian_city.degraded_p5.jpg"
    assert path.read_bytes() == (scans / path.name).read_bytes()


def test_the_committed_files_are_the_generator_s_pixels(scans):
    committed = _committed_files()
    assert sorted(p.name for p in SCANS.iterdir() if p.suffix != ".py" and p.name != "generated_with.json") == sorted(
        committed
    )
    for name in committed:
        ours, theirs = _pixels(SCANS / name), _pixels(scans / name)
        assert [a.shape for a in ours] == [b.shape for b in theirs], name
        # other pdfium / libjpeg builds may antialias or round a few pixels differently
        for a, b in zip(ours, theirs):
            assert np.abs(a.astype(np.int16) - b).mean() < 0.5, name


def test_the_committed_files_are_the_generator_s_bytes(scans):
    recorded = json.loads((SCANS / "generated_with.json").read_text(encoding="utf-8"))
    here = ms.environment()
    if here != recorded:
        differ = {k: (recorded.get(k), here.get(k)) for k in recorded.keys() | here.keys() if recorded.get(k) != here.get(k)}
        pytest.skip(f"not the builds the committed scans were made with (recorded, here): {differ}")
    for name in _committed_files():
        assert (SCANS / name).read_bytes() == (scans / name).read_bytes(), name


@pytest.mark.parametrize("source,variant", PDFS)
def test_a_scan_is_an_image_only_pdf_with_the_original_s_pages(scans, source, variant):
    import pdfplumber

    v = ms.VARIANTS[variant]
    path = scans / f"{source}.{variant}.pdf"
    original = pdfium.PdfDocument(CORPUS / f"{source}.pdf")
    scan = pdfium.PdfDocument(path)
    try:
        assert len(scan) == len(original)
        for n, (page, orig) in enumerate(zip(scan, original), 1):
            assert page.get_size() == orig.get_size()
            assert page.get_textpage().get_text_range().strip() == ""
            (image,) = page.get_objects()  # one image, nothing else
            assert isinstance(image, pdfium.PdfImage)
            w, h = orig.get_size()
            assert image.get_px_size() == (-(-w * v.dpi // 72), -(-h * v.dpi // 72))
            assert tuple(image.get_matrix().get()) == (w, 0, 0, h, 0, 0)  # the image fills the page
            image_file = scans / f"{source}.{variant}_p{n}{v.suffix}"
            if v.jpeg_quality:  # the JPG page is the JPEG stream in the PDF
                assert bytes(image.get_data()) == image_file.read_bytes()
            else:  # the PNG page has the PDF image's pixels
                assert (np.asarray(image.get_bitmap().to_pil().convert("L")) == _pixels(image_file)[0]).all()
    finally:
        scan.close()
        original.close()
    with pdfplumber.open(path) as pdf:
        assert [(float(p.width), float(p.height)) for p in pdf.pages] == _sizes(source)
        assert all(not p.chars and len(p.images) == 1 for p in pdf.pages)


def _sizes(source):
    pdf = pdfium.PdfDocument(CORPUS / f"{source}.pdf")
    try:
        return [page.get_size() for page in pdf]
    finally:
        pdf.close()


@pytest.mark.parametrize("source,variant", PDFS)
def test_without_ocr_a_scan_is_not_assessable(scans, source, variant):
    """With ``--ocr never`` (and so without the extra: test_ocr.py) a scan is one
    not-assessable finding that says why."""
    result = Linter(limits=Limits(ocr="never")).lint_path(scans / f"{source}.{variant}.pdf")
    assert result.error is None
    (finding,) = result.findings
    assert (finding.code, finding.outcome) == ("GIK002", "not-assessable")
    assert "PDF 没有文字层" in finding.message and "--ocr never" in finding.message


def test_check_ocr_never_says_the_committed_scan_has_no_text_layer():
    path = SCANS / "2023_huaian_hongze_district.degraded.pdf"
    proc = subprocess.run(
        [sys.executable, "-m", "gik_lint", "check", "--ocr", "never", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 1, proc.stderr
    (file,) = json.loads(proc.stdout)["files"]
    assert file["error"] is None
    assert [(f["code"], f["outcome"], f["page"]) for f in file["findings"]] == [("GIK002", "not-assessable", 1)]
    assert "PDF 没有文字层（可能是扫描件）" in file["findings"][0]["message"]
