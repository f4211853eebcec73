"""Reports published as images: ``.png``, ``.jpg``/``.jpeg``, ``.tif``/``.tiff`` (every
frame of a TIFF a page), read by OCR (optional extra ``gik-lint[ocr]``, see
:mod:`gik_lint.read.ocr`) and assembled as the PDF reader assembles its pages: lines with
the page and the line on it, ruled tables as grids of cells.

Without the extra, or with ``--ocr never``, an image is not assessable, and the message
says how to read it."""

from __future__ import annotations

import io

from gik_lint.read.document import Document, ReadError

FORMAT = "image"
_A4_WIDTH = 595  # points: a page image's scale when it does not say its resolution


def read(data: bytes, path: str, limits) -> Document:
    from gik_lint.limit import extend
    from gik_lint.read import ocr
    from gik_lint.read.pdf import assemble, mark_recognised, recognised_page

    frames = _frames(data, limits.ocr_max_pages)  # an image that is none is an error whatever else
    if limits.ocr == "never":
        return Document(path, FORMAT, None, [], not_assessable="图片中的文字需要文字识别（OCR），本次已关闭（--ocr never），需人工审阅")
    try:
        ocr.engine()
    except ocr.Unavailable as exc:
        return Document(path, FORMAT, None, [], not_assessable=f"图片中的文字需要文字识别（OCR）后才能检查，需人工审阅。{exc}")
    import numpy as np

    extend(len(frames) * limits.ocr_page_seconds)
    pages = []
    for frame, dpi in frames:
        gray = np.asarray(frame.convert("L"))
        pages.append(ocr.read_page(gray, dpi / 72 if dpi else gray.shape[1] / _A4_WIDTH))
    laid = [recognised_page(p, page) for p, page in enumerate(pages)]
    if not any(text.strip() for (lines, _), _ in laid for text, *_ in lines):
        return Document(path, FORMAT, None, [], not_assessable="图片中没有识别出文字，需人工审阅")
    document = assemble(path, FORMAT, [page for page, _ in laid], {p: fragments for p, (_, fragments) in enumerate(laid)})
    mark_recognised(document, dict(enumerate(pages)))
    return document


def _frames(data: bytes, most: int):
    """(frame, dpi or None) for each page of the image; :class:`ReadError` for an image
    Pillow cannot open, one too large to decode safely, or more pages than ``most``."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
        if count > most:
            raise ReadError(f"图片页数过多（{count} 页，上限 {most} 页，可用 --ocr-max-pages 调整）")
        out = []
        for frame in ImageSequence.Iterator(image):
            frame.load()
            dpi = frame.info.get("dpi", (0, 0))[0]
            out.append((frame.copy(), float(dpi) if 72 <= float(dpi or 0) <= 1200 else None))
        return out
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise ReadError(f"无法读取图片（{exc}）") from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise ReadError(f"图片文件损坏或无法解析（{exc}）") from None
