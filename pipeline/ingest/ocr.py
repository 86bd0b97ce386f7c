"""OCR of scanned PDF pages: Tesseract (Vietnamese model) through pytesseract.

Why pytesseract and not OCRmyPDF: we need text, per-word confidence and line
positions for the pages that lack a text layer, not a new PDF. pytesseract is a
small, maintained, pure-Python wrapper around the ``tesseract`` binary
(image_to_data gives words, boxes and confidences; image_to_osd gives the page
orientation); OCRmyPDF would pull in Ghostscript, qpdf and a PDF rewrite of the
whole file. Pages are rendered with pypdfium2 (already installed with pdfplumber).

Tesseract is run with ``OMP_THREAD_LIMIT=1`` (one thread per process is several
times faster than its OpenMP default on small machines); pages run in parallel
as separate processes instead.

System packages (Debian/Ubuntu): tesseract-ocr tesseract-ocr-vie
(scripts/install-system-deps.sh installs them).
"""
from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from ..errors import ScannedPdf

LANG = "vie"
DPI = 300
PACKAGES = "tesseract-ocr tesseract-ocr-vie"
Progress = Callable[[int, int], None]


@dataclass
class OcrLine:
    text: str
    top: float          # PDF points from the top of the page
    bottom: float
    x0: float
    confidence: float   # mean word confidence, 0..100
    para_start: bool    # first line of a Tesseract paragraph
    words: list[dict] = field(default_factory=list)  # pdfplumber-style: text, x0, x1, top, bottom


@dataclass
class OcrTable:
    """A ruled table found on the page image; rows of cell texts (None where a cell spans)."""
    bbox: tuple[float, float, float, float]     # PDF points: x0, top, x1, bottom
    rows: list[list[str | None]] = field(default_factory=list)
    words: list[dict] = field(default_factory=list)  # the words filed into its cells

    def extract(self) -> list[list[str | None]]:
        """The rows, as pdfplumber's Table.extract() gives them (readers treat both alike)."""
        return self.rows


@dataclass
class OcrPage:
    index: int                      # 0-based page index
    lines: list[OcrLine] = field(default_factory=list)   # text outside the tables
    tables: list[OcrTable] = field(default_factory=list)
    confidence: float = 0.0         # mean word confidence of the page, 0..100
    rotated: int = 0                # degrees the page image was turned before OCR
    doubtful: list[str] = field(default_factory=list)   # words read with a low confidence


DOUBT_CONF = 50         # a word Tesseract is less sure of than this is doubtful


def _doubtful(lines: list[list[dict]]) -> list[str]:
    """Where the page has words read with a confidence under DOUBT_CONF: each such word with the
    words beside it on its line ("tại Tờ trình sỐ"), so that it can be found again in the text."""
    seen: dict[str, None] = {}
    for words in lines:
        for i, w in enumerate(words):
            t = w["text"].strip(".,;:()[]\"'“”")
            if w["conf"] < DOUBT_CONF and len(t) >= 2 and any(c.isalpha() for c in t):
                seen.setdefault(" ".join(x["text"] for x in words[max(0, i - 1):i + 2]), None)
    return list(seen)


def available(lang: str = LANG) -> bool:
    """True when the tesseract binary, pytesseract and the ``lang`` model are present."""
    return missing(lang) is None


def missing(lang: str = LANG) -> str | None:
    """What is missing for OCR, as a Vietnamese message naming the packages; None when ready."""
    if shutil.which("tesseract") is None:
        return f"chưa cài chương trình nhận dạng chữ Tesseract (cài gói: {PACKAGES})"
    try:
        import pytesseract
    except ImportError:
        return "chưa cài thư viện Python pytesseract (pip install pytesseract)"
    try:
        langs = set(pytesseract.get_languages(config=""))
    except Exception:  # noqa: BLE001 - a broken install is reported, not raised
        return f"không chạy được Tesseract (cài lại gói: {PACKAGES})"
    if lang not in langs:
        return f"thiếu dữ liệu tiếng Việt cho Tesseract (cài gói: tesseract-ocr-{lang})"
    return None


@lru_cache(maxsize=8)
def _has_model(lang: str) -> bool:
    return available(lang)


def require(path: str | None = None, lang: str = LANG) -> None:
    """Raise ScannedPdf naming the Debian packages when OCR cannot run."""
    why = missing(lang)
    if why:
        raise ScannedPdf(f"tệp PDF là bản quét, cần nhận dạng chữ (OCR) nhưng {why}", path=path)


def _env() -> None:
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ROT_CONF = re.compile(r"Orientation confidence:\s*([\d.]+)")


def detect_rotation(image) -> int:
    """Clockwise degrees (0/90/180/270) that make the page upright, from Tesseract OSD (--psm 0)."""
    import pytesseract
    small = image.reduce(2) if min(image.size) > 1600 else image
    try:
        osd = pytesseract.image_to_osd(small, config="--psm 0 -c min_characters_to_try=10")
    except pytesseract.TesseractError:
        return 0                          # too little text to decide: leave it as it is
    m, c = _ROTATE.search(osd), _ROT_CONF.search(osd)
    if not m or not c or float(c.group(1)) < 1.0:
        return 0
    return int(m.group(1)) % 360


def ocr_image(image, *, index: int = 0, scale: float = 72 / DPI, lang: str = LANG,
              rotation: bool = True, dpi: int = DPI) -> OcrPage:
    """OCR one page image. ``scale`` converts pixels to PDF points for the line positions.

    Ruled tables are found first (ocr_tables.py) and their rules erased. The page
    outside the tables is read as a page; the cells are read apart (_read_cells),
    since Tesseract's page layout runs the columns of a table into each other.
    """
    import numpy as np
    import pytesseract
    from PIL import Image

    from . import ocr_tables
    _env()
    turned = detect_rotation(image) if rotation else 0
    if turned:
        image = image.rotate(-turned, expand=True)
    gray = np.asarray(image.convert("L"))
    grids, rules = ocr_tables.find(gray, scale=scale, dpi=dpi)
    clean = gray.copy()
    clean[rules] = 255
    outside = clean.copy()
    for g in grids:                          # the cells are read on their own
        x0, top, x1, bottom = (int(round(v / scale)) for v in g.bbox)
        outside[max(0, top - 2):bottom + 3, max(0, x0 - 2):x1 + 3] = 255
    data = pytesseract.image_to_data(Image.fromarray(outside), lang=lang, config="--psm 3",
                                     output_type=pytesseract.Output.DICT)
    groups = _line_groups(data)
    _fix_marks(data, groups)
    page = OcrPage(index=index, rotated=turned)
    confs: list[float] = []
    last_par = None
    for key in sorted(groups, key=lambda k: (min(data["top"][i] for i in groups[k]), k)):
        ids = sorted(groups[key], key=lambda i: data["left"][i])
        top = min(data["top"][i] for i in ids) * scale
        bottom = max(data["top"][i] + data["height"][i] for i in ids) * scale
        words = [{"text": data["text"][i].strip(), "x0": data["left"][i] * scale,
                  "x1": (data["left"][i] + data["width"][i]) * scale, "top": top, "bottom": bottom,
                  "conf": float(data["conf"][i])} for i in ids]
        c = [w["conf"] for w in words]
        confs.extend(c)
        page.lines.append(OcrLine(
            text=" ".join(w["text"] for w in words), top=top, bottom=bottom, x0=words[0]["x0"],
            confidence=sum(c) / len(c), para_start=key[:2] != last_par, words=words))
        last_par = key[:2]
    if grids:
        page.tables = _read_cells(Image.fromarray(clean), grids, scale, lang, confs)
    page.confidence = round(sum(confs) / len(confs), 1) if confs else 0.0
    cell_lines: dict[tuple, list[dict]] = {}
    for t in page.tables:
        for w in t.words:
            cell_lines.setdefault(w["line"], []).append(w)
    page.doubtful = _doubtful([ln.words for ln in page.lines]
                              + [sorted(ws, key=lambda w: w["x0"]) for ws in cell_lines.values()])
    return page


def _line_groups(data: dict) -> dict[tuple[int, int, int], list[int]]:
    """Word indices of a Tesseract image_to_data result, by (block, paragraph, line)."""
    groups: dict[tuple[int, int, int], list[int]] = {}
    for i, word in enumerate(data["text"]):
        if word.strip() and float(data["conf"][i]) >= 0:
            groups.setdefault((data["block_num"][i], data["par_num"][i], data["line_num"][i]), []).append(i)
    return groups


_CELL_GAP = 60          # white pixels between two cells stacked for one OCR pass
_SHEET_MAX = 16000      # height of one stacked sheet, well under Tesseract's image limit


def _read_cells(image, grids: list, scale: float, lang: str, confs: list[float]) -> list[OcrTable]:
    """OCR the cells of the tables a sheet at a time: the inked part of each cell is stacked
    under the one before on a white sheet, read as one block (--psm 6), and each word goes
    back to the cell whose strip holds it."""
    sheets: list[list[tuple[tuple[int, int, int], object, tuple[int, int]]]] = [[]]
    dashes: dict[tuple[int, int, int], str] = {}
    height = 0
    for t, grid in enumerate(grids):
        for r, row in enumerate(grid.rows):
            for c, box in enumerate(row):
                found = _ink_crop(image, box, scale) if box is not None else None
                if found is None:
                    continue
                crop, origin = found
                if _is_dash(crop):
                    dashes[(t, r, c)] = "-"       # a lone dash, which Tesseract leaves out
                if height + crop.height + _CELL_GAP > _SHEET_MAX and sheets[-1]:
                    sheets.append([])
                    height = 0
                sheets[-1].append(((t, r, c), crop, origin))
                height += crop.height + _CELL_GAP
    cells: dict[tuple[int, int, int], list[dict]] = {}
    for sheet in sheets:
        if sheet:
            _read_sheet(sheet, scale, lang, cells, confs)
    tables: list[OcrTable] = []
    for t, grid in enumerate(grids):
        rows = [[None if box is None else _cell_text(cells.get((t, r, c), [])) or dashes.get((t, r, c), "")
                 for c, box in enumerate(row)] for r, row in enumerate(grid.rows)]
        _fix_number_column(rows, grid.rows, image, scale, lang)
        tables.append(OcrTable(bbox=grid.bbox, rows=rows,
                               words=[w for k, ws in cells.items() if k[0] == t for w in ws]))
    return tables


def _read_sheet(sheet: list, scale: float, lang: str, cells: dict, confs: list[float]) -> None:
    """One Tesseract pass over cell crops stacked on a sheet; words filed into ``cells``."""
    import pytesseract
    from PIL import Image
    strips = []                                   # (cell key, top, bottom, origin on the page)
    y = _CELL_GAP
    for key, crop, origin in sheet:
        strips.append((key, y, y + crop.height, origin))
        y += crop.height + _CELL_GAP
    page = Image.new("L", (max(crop.width for _, crop, _ in sheet), y), 255)
    for (_, crop, _), (_, top, _, _) in zip(sheet, strips):
        page.paste(crop, (0, top))
    data = pytesseract.image_to_data(page, lang=lang, config="--psm 6", output_type=pytesseract.Output.DICT)
    groups = _line_groups(data)
    _fix_marks(data, groups)
    for line, ids in groups.items():
        for i in ids:
            mid = data["top"][i] + data["height"][i] / 2
            strip = next((s for s in strips if s[1] - _CELL_GAP / 2 <= mid < s[2] + _CELL_GAP / 2), None)
            if strip is None:
                continue
            key, y0, _, (ox, oy) = strip
            top = (oy + data["top"][i] - y0) * scale
            cells.setdefault(key, []).append({
                "text": data["text"][i].strip(), "line": line,
                "x0": (ox + data["left"][i]) * scale, "x1": (ox + data["left"][i] + data["width"][i]) * scale,
                "top": top, "bottom": top + data["height"][i] * scale, "conf": float(data["conf"][i])})
            confs.append(float(data["conf"][i]))


def _fix_marks(data: dict, groups: dict[tuple[int, int, int], list[int]]) -> None:
    """Put back dropped tone marks (ocr_fix.py), a Tesseract paragraph at a time so that a word
    broken over two lines keeps its context."""
    from . import ocr_fix
    paragraphs: dict[tuple[int, int], list[int]] = {}
    for key in sorted(groups):
        paragraphs.setdefault(key[:2], []).extend(sorted(groups[key], key=lambda i: data["left"][i]))
    for ids in paragraphs.values():
        for i, text in zip(ids, ocr_fix.fix_tokens([data["text"][i].strip() for i in ids])):
            data["text"][i] = text


def _cell_text(words: list[dict]) -> str:
    """A cell's words line by line (Tesseract's lines, top to bottom), left to right."""
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault(w["line"], []).append(w)
    ordered = sorted(lines.values(), key=lambda ws: min(w["top"] for w in ws))
    return "\n".join(" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])) for ws in ordered)


def _is_dash(crop) -> bool:
    """A cell whose only ink is one short flat stroke: "-" (the list mark of a sub-row)."""
    import numpy as np
    ink = np.asarray(crop.convert("L")) < 128
    ys, xs = np.nonzero(ink)
    h, w = int(ys.max() - ys.min()) + 1, int(xs.max() - xs.min()) + 1
    return h <= 8 and 2 * h <= w <= 100


def _ink_crop(image, box: tuple[float, float, float, float], scale: float):
    """(the inked part of a cell, inside its rules, with a white margin; its top-left corner on
    the page in pixels), or None for an empty cell."""
    import numpy as np
    from PIL import ImageOps
    margin = 20
    x0, top, x1, bottom = (int(round(v / scale)) for v in box)
    left, upper = x0 + 3, top + 3
    crop = image.crop((left, upper, max(x0 + 4, x1 - 3), max(top + 4, bottom - 3)))
    ink = np.asarray(crop.convert("L")) < 128
    if ink.sum() <= 12:
        return None                             # no ink: truly empty
    ys, xs = np.nonzero(ink)
    tight = crop.crop((int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1))
    return ImageOps.expand(tight, margin, fill=255), (left + int(xs.min()) - margin, upper + int(ys.min()) - margin)


_ROW_NUMBER = re.compile(r"^(?:\d{1,3}|[IVXL]{1,5})\.?$")
_NUMBER_CHARS = "0123456789IVXL."


def _fix_number_column(rows: list[list[str | None]], boxes: list[list], image, scale: float,
                       lang: str = LANG) -> None:
    """Re-read the odd cells of a column that otherwise holds row numbers (1, 2, I, II).

    The Vietnamese model reads a lone "1" or "I" as "|" and "8" as "S". Such a
    cell is read again as one line limited to digits and Roman numerals, with the
    English model where it is installed (it knows these glyphs alone).
    """
    import pytesseract
    model = "eng" if _has_model("eng") else lang
    for col in range(max((len(r) for r in rows), default=0)):
        values = [r[col] for r in rows[1:] if col < len(r) and r[col] and r[col] != "-"]
        numbers = sum(bool(_ROW_NUMBER.match(v)) for v in values)
        if len(values) < 2 or numbers < 0.6 * len(values) or numbers == len(values):
            continue
        for r, row in enumerate(rows[1:], 1):
            v = row[col] if col < len(row) else None
            if not v or _ROW_NUMBER.match(v) or len(v) > 4 or v == "-" or boxes[r][col] is None:
                continue
            found = _ink_crop(image, boxes[r][col], scale)
            if found is None:
                continue
            again = pytesseract.image_to_string(
                found[0], lang=model, config=f"--psm 7 -c tessedit_char_whitelist={_NUMBER_CHARS}").strip()
            if _ROW_NUMBER.match(again):
                row[col] = again


def render_page(pdf, index: int, dpi: int = DPI):
    """Render page ``index`` of a pypdfium2 PdfDocument to a greyscale PIL image."""
    page = pdf[index]
    try:
        return page.render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        page.close()


def ocr_pdf(data: bytes, pages: list[int], *, dpi: int = DPI, lang: str = LANG,
            progress: Progress | None = None, path: str | None = None,
            workers: int | None = None) -> dict[int, OcrPage]:
    """OCR the given 0-based ``pages`` of a PDF; returns {index: OcrPage}.

    ``progress(done, total)`` is called after each page. Raises ScannedPdf when
    Tesseract or its Vietnamese model is missing.
    """
    import pypdfium2 as pdfium
    require(path, lang)
    _env()
    total = len(pages)
    if progress:
        progress(0, total)
    if not pages:
        return {}
    pdf = pdfium.PdfDocument(data)
    results: dict[int, OcrPage] = {}
    try:
        images = {}
        n = workers or max(1, min(os.cpu_count() or 1, total, 4))
        with ThreadPoolExecutor(max_workers=n) as pool:
            futures = {}
            for i in pages:           # rendering is not thread-safe in pdfium: do it here
                images[i] = render_page(pdf, i, dpi)
                futures[pool.submit(ocr_image, images.pop(i), index=i, scale=72 / dpi, lang=lang,
                                    dpi=dpi)] = i
            for done, fut in enumerate(as_completed(futures), 1):
                results[futures[fut]] = fut.result()
                if progress:
                    progress(done, total)
    finally:
        pdf.close()
    return results


# --- metadata for SourceFile.extra ----------------------------------------------

def page_metadata(text: str, info: dict) -> dict:
    """Build SourceFile.extra entries from a PDF reader's ``info``.

    - ``ocr``: [{page (1-based), confidence (0..100), rotated (degrees), start}] for OCR'd pages;
    - ``page_starts``: offset in ``text`` where each page's text begins (None when not found),
      so a caller can map an obligation's offset to its page and that page's OCR confidence.
    """
    anchors: list[str] = info.get("page_anchors") or []
    if not anchors:
        return {}
    from .normalize import clean_chars
    starts: list[int | None] = []
    pos = 0
    for a in anchors:
        a = clean_chars(a)[:40] if a else ""
        at = text.find(a, pos) if a else -1
        if at < 0:
            starts.append(None)
            continue
        starts.append(at)
        pos = at + 1
    extra: dict = {"page_starts": starts}
    if info.get("ocr"):
        extra["ocr"] = [dict(o, start=starts[o["page"] - 1] if o["page"] - 1 < len(starts) else None)
                        for o in info["ocr"]]
    return extra


def page_of(offset: int, page_starts: list[int | None]) -> int:
    """1-based page holding character ``offset`` of the text, given ``page_starts``."""
    page = 1
    for i, s in enumerate(page_starts):
        if s is not None and s <= offset:
            page = i + 1
    return page
