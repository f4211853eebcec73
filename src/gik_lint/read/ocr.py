"""Scanned pages read by OCR (optional extra ``gik-lint[ocr]``).

The engine is RapidOCR on ONNX Runtime (``rapidocr-onnxruntime``): its wheel ships the
PP-OCR Chinese detection and recognition models, so nothing is downloaded and nothing
leaves the machine. docs/ocr.md compares it with Tesseract on scans of real reports.

A page image becomes what the PDF reader makes of a page with a text layer (see
:mod:`gik_lint.read.pdf`): its text lines, each with its top and bottom in points from
the top of the page, and its ruled tables as cells with boxes, so that the PDF reader's
own assembly (running headers and footers, tables continued over a page break, the grid
of cells) serves scans as well. Every line and cell keeps the recognition confidence of
its least sure piece of text.

* The page is deskewed first by the angle of its long horizontal rulings (a scan is
  rarely straight, and a row of a table must stay one row).
* Tables are found by their rulings: the long horizontal and vertical strokes of the
  image, joined, make each table's frame; the spaces they enclose are its cells.
* Text is recognised once for the whole page (one box per line of text, or per cell).
  A cell that reading may have got wrong is read again on its own (see :func:`_per_cell`).
  Boxes in a cell make its text; the others are grouped into lines by their height on
  the page. Outside a table a box the engine is less than half sure of is noise and
  dropped; inside a cell it is kept (a lone ``0`` often scores low), with its confidence.
"""

from __future__ import annotations

import math
import unicodedata

from gik_lint.read.document import ReadError
from gik_lint.records import record

DPI = 150  # renders at 150 dpi are read as well as at 200 and faster (docs/ocr.md)
NOISE = 0.5  # outside a table, a box the engine is less sure of than this is dropped
SURE = 0.7  # a cell read with less confidence is read again on its own

_engine = None


class Unavailable(Exception):
    """The OCR extra is not installed (the message says how to install it, zh-CN)."""


HINT = "安装可选组件后可自动识别：pip install 'gik-lint[ocr]'"
_NO_MEMORY = "文字识别所需的内存超过了本次运行的上限（批量审核可用 --memory-limit 提高，一页约需 2 GB 地址空间）"


@record
class Word:
    """A box of recognised text, in pixels of the (deskewed) page image."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


@record
class OcrCell:
    """A ruled cell of a table, in points from the page's top left, with its text."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str = ""
    confidence: float | None = None  # None: nothing was recognised in it


@record
class OcrTable:
    bbox: tuple[float, float, float, float]  # points
    cells: list[OcrCell]


@record
class OcrPage:
    lines: list[tuple[str, float, float, float | None]]  # text, top, bottom (points), confidence
    height: float  # points
    tables: list[OcrTable]


def engine():
    """The process's OCR engine, made on first use; :class:`Unavailable` without the extra."""
    global _engine
    if _engine is None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError:
            raise Unavailable(HINT) from None
        # one thread: a batch runs one worker process per core; every box kept (text_score 0),
        # since the engine would otherwise drop a lone 0 it is not sure of
        _engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, text_score=0.0)
    return _engine


def available() -> bool:
    try:
        engine()
    except Unavailable:
        return False
    return True


def read_page(gray, scale: float) -> OcrPage:
    """OCR one page: ``gray`` a 2-D uint8 image, ``scale`` its pixels per point."""
    gray = _deskew(gray)
    tables = _tables(gray)
    loose, inside = _per_cell(gray, recognise(gray), [cell for _, cells in tables for cell in cells])
    out_tables = []
    for (fx0, ftop, fx1, fbottom), cells in tables:
        ocr_cells = []
        for cell in cells:
            found = inside[cell]
            text = " ".join(" ".join(w.text for w in line) for line in _lines(found))
            confidence = min((w.confidence for w in found), default=None)
            ocr_cells.append(OcrCell(*(v / scale for v in cell), text, confidence))
        out_tables.append(OcrTable((fx0 / scale, ftop / scale, fx1 / scale, fbottom / scale), ocr_cells))
    kept = [w for w in loose if w.confidence >= NOISE] + [w for found in inside.values() for w in found]
    lines = [(_joined(line), min(w.top for w in line) / scale, max(w.bottom for w in line) / scale, min(w.confidence for w in line))
             for line in _lines(kept)]
    return OcrPage(lines, gray.shape[0] / scale, out_tables)


def recognise(gray) -> list[Word]:
    """The page's boxes of text, top to bottom; text NFKC-normalised (the engine writes
    some digits full-width)."""
    result = _run(gray)
    words = []
    for box, text, score in result or ():
        text = unicodedata.normalize("NFKC", text).strip()
        if not text:
            continue
        xs, ys = [p[0] for p in box], [p[1] for p in box]
        words.append(Word(text, float(min(xs)), float(min(ys)), float(max(xs)), float(max(ys)), float(score)))
    words.sort(key=lambda w: (w.top, w.x0))
    return words


def _per_cell(gray, words: list[Word], cells: list[tuple[int, int, int, int]]) -> tuple[list[Word], dict]:
    """The words outside the cells, and each cell's words (a word is a cell's when a fifth
    of it or more lies there and in no other cell), the cells the page's reading may have got wrong read again one by
    one: a cell a box runs into from the next (the engine joins text that stands close on
    both sides of a ruling: 结果 | 结果 | 其他), a cell read with less than :data:`SURE`
    confidence or as a stray mark, and a cell with ink but no text. The second reading
    of a cell is taken if the first was cut by a joined box or is less sure."""
    inside: dict[tuple[int, int, int, int], list[Word]] = {cell: [] for cell in cells}
    cut: set[tuple[int, int, int, int]] = set()  # cells a joined box ran over
    loose = []
    for word in words:
        area = max(1.0, (word.x1 - word.x0) * (word.bottom - word.top))
        touched = [c for c in cells if _overlap(word, c) > 0.2 * area]
        if len(touched) > 1:
            cut.update(touched)
        elif touched:
            inside[touched[0]].append(word)
        else:
            loose.append(word)
    for cell, first in inside.items():
        doubtful = first and (min(w.confidence for w in first) < SURE or _stray("".join(w.text for w in first)))
        if cell not in cut and not doubtful and (first or not _inked(gray, cell)):
            continue
        second = _read_cell(gray, cell, words_likely=cell in cut)
        if cell in cut or (second and (not first or min(w.confidence for w in second) > min(w.confidence for w in first))):
            inside[cell] = second
    return loose, inside


def _stray(text: str) -> bool:
    """A cell's text that is neither a figure nor a word: a mark or two such as "o", "。"
    or "|", what the engine makes of a digit it did not see well."""
    return len(text) <= 2 and not any(ch.isdigit() or "\u4e00" <= ch <= "\u9fff" for ch in text)


def _read_cell(gray, cell: tuple[int, int, int, int], words_likely: bool = False) -> list[Word]:
    """The words of one cell, read from its image alone (off its rulings, with a margin
    for the detector), in page pixels. A cell holds a figure more often than not, and
    the engine reads a lone figure best in one of three ways: recognising the ink's box as
    one line (fast, and a thin 1 the detector misses); detecting it in the cell (what the
    cell holds may be words on several lines: then it is read so first, ``words_likely``);
    detecting it at twice the size (a faint 5). The first figure read with :data:`SURE`
    confidence is taken; else the surest reading; a cell of words keeps its detected
    reading."""
    import cv2
    import numpy as np

    x0, top, x1, bottom = cell
    inset, pad = 3, 16
    crop = gray[top + inset : bottom - inset, x0 + inset : x1 - inset]
    if crop.size == 0:
        return []
    left, up = x0 + inset, top + inset

    def detected(zoom: int) -> list[Word]:
        image = np.pad(crop, pad, constant_values=255)
        if zoom > 1:
            image = cv2.resize(image, None, fx=zoom, fy=zoom, interpolation=cv2.INTER_CUBIC)
        return [Word(w.text, w.x0 / zoom + left - pad, w.top / zoom + up - pad, w.x1 / zoom + left - pad, w.bottom / zoom + up - pad,
                     w.confidence) for w in recognise(image)]

    def one_line() -> list[Word]:
        ys, xs = np.nonzero(crop < 160)
        if not len(xs):
            return []
        box = (max(0, int(xs.min()) - 6), max(0, int(ys.min()) - 4), int(xs.max()) + 7, int(ys.max()) + 5)
        text, score = _recognise_line(np.pad(crop[box[1] : box[3], box[0] : box[2]], 8, constant_values=255))
        return [Word(text, left + box[0], up + box[1], left + box[2], up + box[3], score)] if text else []

    readings = []
    for read in ((lambda: detected(1), one_line) if words_likely else (one_line, lambda: detected(1))) + (lambda: detected(2),):
        words = read()
        if _sure_figure(words):
            return words
        if read is not one_line and any("\u4e00" <= ch <= "\u9fff" for w in words for ch in w.text):
            return words  # words, not a figure: the detected reading stands
        readings.append(words)
    return max(readings, key=lambda words: (_figure("".join(w.text for w in words)), min((w.confidence for w in words), default=0)))


def _sure_figure(words: list[Word]) -> bool:
    return _figure("".join(w.text for w in words)) and min(w.confidence for w in words) >= SURE


def _figure(text: str) -> bool:
    return bool(text) and all(ch.isdigit() or ch in ".,-+%" for ch in text)


def _recognise_line(image) -> tuple[str, float]:
    """The text of an image holding one line (recognition alone, no detection)."""
    result = _run(image, use_det=False)
    if not result:
        return "", 0.0
    return unicodedata.normalize("NFKC", str(result[0][0])).strip(), float(result[0][1])


def _run(image, **steps):
    """The engine's result for ``image`` (no angle classifier: scans are upright, and it
    turns a lone 6 into a 9); its failures as read errors that say what happened."""
    try:
        result, _ = engine()(image, use_cls=False, **steps)
    except MemoryError:
        raise ReadError(_NO_MEMORY) from None
    except Exception as exc:  # noqa: BLE001 - ONNX Runtime's failures; std::bad_alloc at the memory limit
        raise ReadError(_NO_MEMORY if "bad_alloc" in str(exc) or "allocate" in str(exc) else f"文字识别失败（{type(exc).__name__}）") from None
    return result


def _inked(gray, cell: tuple[int, int, int, int]) -> bool:
    """Whether a cell holds marks (dark pixels off its rulings): text the page's reading missed."""
    x0, top, x1, bottom = cell
    inner = gray[top + 4 : bottom - 4, x0 + 4 : x1 - 4]
    return inner.size > 0 and int((inner < 160).sum()) >= 4  # a thin, faint 1 at 150 dpi has no more


def _overlap(word: Word, cell: tuple[int, int, int, int]) -> float:
    x0, top, x1, bottom = cell
    return max(0.0, min(word.x1, x1) - max(word.x0, x0)) * max(0.0, min(word.bottom, bottom) - max(word.top, top))


def _lines(words: list[Word]) -> list[list[Word]]:
    """Boxes grouped into lines: a box whose middle lies within a line's height joins it;
    each line left to right, the lines top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        middle = (word.top + word.bottom) / 2
        for line in lines:
            top, bottom = min(w.top for w in line), max(w.bottom for w in line)
            if top <= middle <= bottom:
                line.append(word)
                break
        else:
            lines.append([word])
    for line in lines:
        line.sort(key=lambda w: w.x0)
    lines.sort(key=lambda line: min(w.top for w in line))
    return lines


def _joined(line: list[Word]) -> str:
    """A line's boxes as one text: apart by a space where a gap is wider than a character."""
    out = line[0].text
    for before, word in zip(line, line[1:]):
        height = max(1.0, before.bottom - before.top)
        out += (" " if word.x0 - before.x1 > 0.8 * height else "") + word.text
    return out


def _strokes(gray):
    """The long horizontal and vertical strokes of the page (a table's rulings), as two
    binary images."""
    import cv2

    ink = cv2.adaptiveThreshold(255 - gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, 15, -2)
    height, width = ink.shape
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(8, width // 30), 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(8, height // 60))))
    return horizontal, vertical


def _deskew(gray):
    """The page turned straight by the median angle of its long horizontal rulings (a
    page without any is left as it is)."""
    import cv2
    import numpy as np

    horizontal, _ = _strokes(gray)
    width = gray.shape[1]
    count, _, stats, _ = cv2.connectedComponentsWithStats(horizontal, connectivity=8)
    angles = []
    for k in range(1, count):
        x, y, w, h, _area = stats[k]
        if w > width // 4 and h < w // 10:
            ys, xs = np.nonzero(horizontal[y : y + h, x : x + w])
            if len(xs) > 50:
                slope = np.polyfit(xs, ys, 1)[0]
                angles.append(math.degrees(math.atan(slope)))
    if not angles:
        return gray
    angle = float(np.median(angles))
    if abs(angle) < 0.1 or abs(angle) > 5:
        return gray
    rows, cols = gray.shape
    turn = cv2.getRotationMatrix2D((cols / 2, rows / 2), angle, 1.0)
    return cv2.warpAffine(gray, turn, (cols, rows), flags=cv2.INTER_LINEAR, borderValue=255)


def _tables(gray) -> list[tuple[tuple[int, int, int, int], list[tuple[int, int, int, int]]]]:
    """The page's ruled tables: (frame, cells), boxes as (x0, top, x1, bottom) in pixels."""
    import cv2
    import numpy as np

    horizontal, vertical = _strokes(gray)
    rulings = cv2.dilate(cv2.bitwise_or(horizontal, vertical), np.ones((3, 3), np.uint8))
    height, width = rulings.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(rulings, connectivity=8)
    frames = [tuple(int(v) for v in stats[k][:4]) for k in range(1, count)
              if stats[k][2] > width // 4 and stats[k][3] > height // 30]
    if not frames:
        return []
    for x, y, w, h in frames:  # a table cut by the page break is open there: close its frame
        cv2.rectangle(rulings, (x, y), (x + w - 1, y + h - 1), 255, 3)
    count, _, spaces, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(rulings), connectivity=4)
    out = []
    for fx, fy, fw, fh in frames:
        cells = []
        for k in range(1, count):
            x, y, w, h, area = (int(v) for v in spaces[k])
            if w < 8 or h < 8 or area < 0.5 * w * h:
                continue  # a speck, or space that is no box
            if x >= fx and y >= fy and x + w <= fx + fw and y + h <= fy + fh:
                cells.append((x, y, x + w, y + h))
        if len(cells) >= 2:
            out.append(((fx, fy, fx + fw, fy + fh), cells))
    return out
