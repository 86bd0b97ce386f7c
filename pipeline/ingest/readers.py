"""Readers: one function per format, each returning raw lines for normalize.py.

Raw-line conventions: "" = paragraph break, "|" = web-crawl cell separator,
"| a | b |" = a table row already assembled.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import CorruptFile, EmptyDocument, EncryptedFile, ScannedPdf, VanbanError
from . import legacy

ROW_SEP = " | "


def _row(cells: list[str]) -> str:
    return "| " + ROW_SEP.join(c.replace("|", "/") for c in cells) + " |"


# --- txt ----------------------------------------------------------------------

def read_txt(path: Path, data: bytes) -> tuple[list[str], dict]:
    for enc in ("utf-8-sig", "utf-16"):
        try:
            if enc == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                continue
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = data.decode("cp1252", errors="replace")      # TCVN3/VNI files are single-byte
        if legacy.detect(text) is None:
            raise CorruptFile("tệp văn bản không ở mã UTF-8 (có thể là bảng mã TCVN3/VNI cũ)", path=str(path))
    if "\x00" in text:
        raise CorruptFile("tệp chứa ký tự nhị phân, không phải văn bản thuần", path=str(path))
    text, enc = legacy.fix_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), ({"legacy": enc} if enc else {})


# --- docx ---------------------------------------------------------------------

def _cell_text(cell) -> str:
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())


def _unique_cells(row) -> list:
    seen, cells = set(), []
    for c in row.cells:
        if id(c._tc) in seen:
            continue
        seen.add(id(c._tc))
        cells.append(c)
    return cells


def _is_layout_table(table) -> bool:
    """Letterhead, signature or Kính gửi tables: at most two columns and few rows."""
    try:
        ncols = max(len(_unique_cells(r)) for r in table.rows)
    except ValueError:
        return True
    return ncols <= 2 and len(table.rows) <= 4


def read_docx(path: Path, data: bytes) -> tuple[list[str], dict]:
    import io

    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if data[:4] == b"\xd0\xcf\x11\xe0":
        raise EncryptedFile("tệp Word được bảo vệ bằng mật khẩu hoặc là định dạng .doc cũ", path=str(path))
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise CorruptFile(f"tệp Word bị hỏng hoặc không đúng định dạng .docx ({e.__class__.__name__})",
                          path=str(path)) from e
    converted = legacy.convert_document(document)      # runs in .VnTime / VNI-* fonts -> Unicode
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            t = Paragraph(child, document).text.strip()
            lines.append(t)
            lines.append("")
        elif tag == "tbl":
            table = Table(child, document)
            if _is_layout_table(table):
                # column by column, so a two-column header comes out as two blocks
                ncols = max((len(_unique_cells(r)) for r in table.rows), default=0)
                for col in range(ncols):
                    for r in table.rows:
                        cells = _unique_cells(r)
                        if col < len(cells):
                            for p in cells[col].paragraphs:
                                if p.text.strip():
                                    lines.append(p.text.strip())
                                    lines.append("")
            else:
                for r in table.rows:
                    lines.append(_row([_cell_text(c) for c in _unique_cells(r)]))
                lines.append("")
    return lines, ({"legacy": ",".join(sorted(converted))} if converted else {})


# --- pdf ----------------------------------------------------------------------

def _group_lines(words: list[dict], tol: float = 3.0) -> list[list[dict]]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) <= tol:
            rows[-1].append(w)
        else:
            rows.append([w])
    return [sorted(r, key=lambda w: w["x0"]) for r in rows]


def _line_text(ws: list[dict]) -> str:
    return " ".join(w["text"] for w in ws)


def _pdf_header(lines: list[list[dict]], width: float) -> tuple[list[str], int]:
    """Split the ND30 two-column header of page 1 into a left and a right block.

    Returns the header lines (left block, then right block) and how many page
    lines it consumed.
    """
    split = None
    for ws in lines[:12]:
        t = _line_text(ws).upper()
        if "CỘNG HÒA" in t or "CỘNG HOÀ" in t:
            first = next((w for w in ws if w["text"].upper().startswith("CỘNG")), None)
            if first is None:
                return [], 0
            split = first["x0"] - 5
            break
    if split is None:
        return [], 0
    end = 0
    for i, ws in enumerate(lines[:20]):
        t = _line_text(ws)
        if t.startswith(("Căn cứ", "Kính gửi", "Thực hiện")):
            break                   # the body has begun: its dates are not the header's
        if "Số:" in t or "Số :" in t or ("ngày" in t and "tháng" in t and "năm" in t):
            end = i + 1
    # trích yếu of a công văn sits under "Số:" in the left column
    while end < len(lines) and all(w["x1"] < split for w in lines[end]) and end < 20:
        t = _line_text(lines[end])
        if not (t.startswith("V/v") or t.startswith("V/V") or lines[end][0]["x0"] < split / 2):
            break
        end += 1
    left, right, noise = [], [], []
    for ws in lines[:end]:
        if _is_noise(_line_text(ws)):
            noise.append(_line_text(ws))      # Công báo running header: kept whole
            continue
        lw = [w for w in ws if w["x1"] <= split + 2]
        rw = [w for w in ws if w["x1"] > split + 2]
        if lw:
            left.append(_line_text(lw))
        if rw:
            right.append(_line_text(rw))
    return noise + [""] + left + [""] + right + [""], end


# pages whose text layer holds less body text than this, and which carry a page-sized image, are OCR'd
_OCR_MAX_BODY_CHARS = 150
_OCR_MIN_IMAGE_AREA = 0.3


def _is_noise(text: str) -> bool:
    """A Công báo running header, a bare page number or a signature-stamp line."""
    from .normalize import _PAGE_HEADER, _PAGE_NUMBER, _SIGN_STAMP, clean_chars
    t = clean_chars(text)
    return bool(_PAGE_HEADER.match(t) or _PAGE_NUMBER.match(t) or _SIGN_STAMP.match(t))


def _needs_ocr(page, words: list[dict]) -> bool:
    body = sum(len(_line_text(ws)) for ws in _group_lines(words) if not _is_noise(_line_text(ws)))
    if body >= _OCR_MAX_BODY_CHARS:
        return False
    area = float(page.width * page.height) or 1.0
    covered = sum(max(0.0, (im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in page.images)
    return covered / area >= _OCR_MIN_IMAGE_AREA


def _merge_ocr_words(layer: list[dict], ocr_page) -> list[dict]:
    """Text-layer words (Công báo header, e-signature overlay) win; OCR fills the rest of the page."""
    def covered(w):
        cy = (w["top"] + w["bottom"]) / 2
        return any(t["top"] - 4 <= cy <= t["bottom"] + 4 for t in layer)
    return layer + [w for ln in ocr_page.lines for w in ln.words if not covered(w)]


def _norm_cells(cells: list[str]) -> tuple[str, ...]:
    return tuple(" ".join(c.lower().split()) for c in cells)


def _open_pdf(path: Path, data: bytes):
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pdf.pages
        return pdf
    except PDFPasswordIncorrect as e:
        raise EncryptedFile("tệp PDF được bảo vệ bằng mật khẩu", path=str(path)) from e
    except (PDFSyntaxError, Exception) as e:  # pdfminer raises many kinds on bad input
        if "password" in str(e).lower() or e.__class__.__name__ == "PdfminerException" and \
                "Password" in repr(e):
            raise EncryptedFile("tệp PDF được bảo vệ bằng mật khẩu", path=str(path)) from e
        raise CorruptFile(f"tệp PDF bị hỏng hoặc không đọc được ({e.__class__.__name__})",
                          path=str(path)) from e


def _page_items(pno: int, lines: list[list[dict]], width: float, tables: list) -> list[tuple]:
    """Layout one page: (top, raw lines, table rows or None, is_noise) in reading order."""
    items: list[tuple] = []
    start = 0
    if pno == 0:
        head, start = _pdf_header(lines, width)
        if head:
            items.append((-1.0, head, None, False))
    body = lines[start:]
    if body:
        left = sorted(min(w["x0"] for w in ws) for ws in body)
        margin = left[len(left) // 4]
        prev_bottom = None
        for ws in body:
            x0, top = ws[0]["x0"], ws[0]["top"]
            height = ws[0]["bottom"] - top
            gap = (top - prev_bottom) if prev_bottom is not None else 0
            para_start = x0 > margin + 8 or gap > height * 1.2
            text = _line_text(ws)
            items.append((top, ([""] if para_start else []) + [text], None, _is_noise(text)))
            prev_bottom = ws[0]["bottom"]
    for t in tables:
        rows = []
        for r in t.extract():
            cells = [(c or "").replace("\n", " ").strip() for c in r]
            if any(cells):
                rows.append(cells)
        if rows:
            items.append((t.bbox[1], None, rows, False))
    items.sort(key=lambda it: it[0])
    return items


def _is_white(color) -> bool:
    if color is None:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    try:
        values = [float(v) for v in values]
    except (TypeError, ValueError):
        return False                            # a pattern colour: treat as visible
    if len(values) == 4:                        # CMYK: white is no ink at all
        return all(v <= 0.02 for v in values)
    return bool(values) and all(v >= 0.98 for v in values)


def _drawn(obj) -> bool:
    """False for a shape that leaves no mark: a white cell background, an unstroked, unfilled path.

    Word's PDF export paints every table cell as a white rectangle; its edges are
    not rules, and pdfplumber's table finder would split rows along them.
    """
    kind = obj.get("object_type")
    if kind == "line":
        return not _is_white(obj.get("stroking_color"))
    if kind not in ("rect", "curve"):
        return True
    stroked = obj.get("stroke") and not _is_white(obj.get("stroking_color"))
    filled = obj.get("fill") and not _is_white(obj.get("non_stroking_color"))
    return bool(stroked or filled)


def rotated_text(page) -> bool:
    """True when most characters of the page's text layer are not upright (a landscape table
    printed sideways): pdfplumber reads those lines backwards, so such pages are OCR'd."""
    chars = page.chars
    return bool(chars) and sum(not c.get("upright", True) for c in chars) > len(chars) / 2


def layer_page(page) -> tuple[list[dict], list]:
    """A pdfplumber page's ruled tables, and the words of its text layer outside them."""
    tables = page.filter(_drawn).find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj):
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    return page.filter(outside).extract_words(keep_blank_chars=False, use_text_flow=False), tables


def page_text(pno: int, words: list[dict], width: float, tables: list) -> str:
    """One page's text in the reader's order, tables cell by cell (for comparing a text layer with OCR)."""
    out: list[str] = []
    for _, block, rows, _ in _page_items(pno, _group_lines(words), width, tables):
        if rows is None:
            out.extend(t for t in block if t)
        else:
            out.extend(" ".join((c or "").replace("\n", " ") for c in r) for r in rows)
    return "\n".join(out)


def read_pdf(path: Path, data: bytes, progress=None) -> tuple[list[str], dict]:
    """Read a PDF: its text layer, and OCR (ocr.py) for pages that are scans.

    ``progress(done, total)`` reports OCR pages. ``info`` carries "pages",
    "page_anchors" (first body line of each page) and "ocr" (per OCR'd page:
    page, confidence, rotated, doubtful words).
    """
    from . import ocr

    pdf = _open_pdf(path, data)
    pages_words: list[list[dict]] = []
    pages_tables: list[list] = []
    to_ocr: list[int] = []
    try:
        npages = len(pdf.pages)
        for pno, page in enumerate(pdf.pages):
            words, tables = layer_page(page)
            sideways = rotated_text(page)
            if sideways:
                words, tables = [], []              # OCR turns the page and reads it whole
            pages_words.append(words)
            pages_tables.append(tables)
            if sideways or (not tables and _needs_ocr(page, words)):
                to_ocr.append(pno)
        widths = [p.width for p in pdf.pages]
        ocr_pages = ocr.ocr_pdf(data, to_ocr, progress=progress, path=str(path)) if to_ocr else {}

        out: list[str] = []
        anchors: list[str] = []
        chars = 0
        last_table = None      # {"header", "ncols", "end", "page"} of a table still open at a page end
        for pno in range(npages):
            words = pages_words[pno]
            if pno in ocr_pages:
                words = _merge_ocr_words(words, ocr_pages[pno])
                pages_tables[pno] = ocr_pages[pno].tables
            chars += sum(len(w["text"]) for w in words)
            items = _page_items(pno, _group_lines(words), widths[pno], pages_tables[pno])
            anchors.append(next((b[-1] for _, b, _, noise in items if b and not noise and b[-1]), ""))
            body_seen = False
            for _, block, rows, noise in items:
                if rows is None:
                    out.extend(block)
                    if not noise and any(block):
                        body_seen, last_table = True, None
                    continue
                chars += sum(len(c) for r in rows for c in r)
                header = _norm_cells(rows[0])
                if (last_table and not body_seen and last_table["page"] == pno - 1
                        and len(rows[0]) == last_table["ncols"]):
                    if header == last_table["header"]:
                        rows = rows[1:]               # header repeated on the new page
                    if rows and not rows[0][0] and last_table["last"]:
                        # a row broken by the page end: its tail has no number of its own
                        merged = [f"{a} {b}".strip() for a, b in zip(last_table["last"], rows[0])]
                        out[last_table["end"] - 1] = _row(merged)
                        last_table["last"], rows = merged, rows[1:]
                    if rows:
                        last_table["last"] = rows[-1]
                    new = [_row(r) for r in rows]
                    out[last_table["end"]:last_table["end"]] = new
                    last_table["end"] += len(new)
                    last_table["page"] = pno
                else:
                    out.append("")
                    out.extend(_row(r) for r in rows)
                    last_table = {"header": header, "ncols": len(rows[0]), "end": len(out), "page": pno,
                                  "last": rows[-1] if len(rows) > 1 else None}
                    out.append("")
                body_seen = True
            out.append("")
    except VanbanError:
        raise
    except Exception as e:  # pdfminer fails in many ways on damaged files, after opening them
        raise CorruptFile(f"tệp PDF bị hỏng, không đọc được nội dung ({e.__class__.__name__})",
                          path=str(path)) from e
    finally:
        pdf.close()
    ocr_chars = sum(len(ln.text) for p in ocr_pages.values() for ln in p.lines)
    if to_ocr and ocr_chars < 20 * len(to_ocr) and chars < 20 * npages:
        raise ScannedPdf("tệp PDF là bản quét nhưng không nhận dạng được chữ nào (ảnh quá mờ hoặc trống)",
                         path=str(path))
    if not chars:
        raise EmptyDocument("tệp PDF không có nội dung", path=str(path))
    info = {"pages": npages, "page_anchors": anchors}
    if ocr_pages:
        info["ocr"] = [{"page": i + 1, "confidence": p.confidence, "rotated": p.rotated, "doubtful": p.doubtful}
                       for i, p in sorted(ocr_pages.items())]
    return out, info
