"""Readers: one function per format, each returning raw lines for normalize.py.

Raw-line conventions: "" = paragraph break, "|" = web-crawl cell separator,
"| a | b |" = a table row already assembled.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import CorruptFile, EmptyDocument, EncryptedFile, ScannedPdf

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
        raise CorruptFile("tệp văn bản không ở mã UTF-8 (có thể là bảng mã TCVN3/VNI cũ)", path=str(path))
    if "\x00" in text:
        raise CorruptFile("tệp chứa ký tự nhị phân, không phải văn bản thuần", path=str(path))
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), {}


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
    return lines, {}


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
            first = next(w for w in ws if w["text"].upper().startswith("CỘNG"))
            split = first["x0"] - 5
            break
    if split is None:
        return [], 0
    end = 0
    for i, ws in enumerate(lines[:20]):
        t = _line_text(ws)
        if "Số:" in t or "Số :" in t or ("ngày" in t and "tháng" in t and "năm" in t):
            end = i + 1
    # trích yếu of a công văn sits under "Số:" in the left column
    while end < len(lines) and all(w["x1"] < split for w in lines[end]) and end < 20:
        t = _line_text(lines[end])
        if not (t.startswith("V/v") or t.startswith("V/V") or lines[end][0]["x0"] < split / 2):
            break
        end += 1
    left, right = [], []
    for ws in lines[:end]:
        lw = [w for w in ws if w["x1"] <= split + 2]
        rw = [w for w in ws if w["x1"] > split + 2]
        if lw:
            left.append(_line_text(lw))
        if rw:
            right.append(_line_text(rw))
    return left + [""] + right + [""], end


def read_pdf(path: Path, data: bytes) -> tuple[list[str], dict]:
    import io

    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except PDFPasswordIncorrect as e:
        raise EncryptedFile("tệp PDF được bảo vệ bằng mật khẩu", path=str(path)) from e
    except (PDFSyntaxError, Exception) as e:  # pdfminer raises many kinds on bad input
        if "password" in str(e).lower() or e.__class__.__name__ == "PdfminerException" and \
                "Password" in repr(e):
            raise EncryptedFile("tệp PDF được bảo vệ bằng mật khẩu", path=str(path)) from e
        raise CorruptFile(f"tệp PDF bị hỏng hoặc không đọc được ({e.__class__.__name__})",
                          path=str(path)) from e
    out: list[str] = []
    chars = 0
    try:
        for pno, page in enumerate(pages):
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]

            def outside(obj, boxes=boxes):
                cx = (obj["x0"] + obj["x1"]) / 2
                cy = (obj["top"] + obj["bottom"]) / 2
                return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

            words = page.filter(outside).extract_words(keep_blank_chars=False, use_text_flow=False)
            chars += sum(len(w["text"]) for w in words)
            lines = _group_lines(words)
            items: list[tuple[float, list[str]]] = []
            start = 0
            if pno == 0:
                head, start = _pdf_header(lines, page.width)
                if head:
                    items.append((-1.0, head))
            body = lines[start:]
            if body:
                left = sorted(min(w["x0"] for w in ws) for ws in body)
                margin = left[len(left) // 4]
                prev_bottom = None
                for ws in body:
                    x0 = ws[0]["x0"]
                    top = ws[0]["top"]
                    height = ws[0]["bottom"] - top
                    gap = (top - prev_bottom) if prev_bottom is not None else 0
                    para_start = x0 > margin + 8 or gap > height * 1.2
                    block = ([""] if para_start else []) + [_line_text(ws)]
                    items.append((top, block))
                    prev_bottom = ws[0]["bottom"]
            for t in tables:
                rows = t.extract()
                block = [""]
                for r in rows:
                    cells = [(c or "").replace("\n", " ").strip() for c in r]
                    if any(cells):
                        block.append(_row(cells))
                        chars += sum(len(c) for c in cells)
                block.append("")
                items.append((t.bbox[1], block))
            items.sort(key=lambda it: it[0])
            for _, block in items:
                out.extend(block)
            out.append("")
        npages = len(pages)
    finally:
        pdf.close()
    if npages and chars < 20 * npages:
        raise ScannedPdf("tệp PDF là bản quét, không có lớp chữ; chức năng nhận dạng chữ (OCR) "
                         "chưa được hỗ trợ trong phiên bản này", path=str(path))
    if not chars:
        raise EmptyDocument("tệp PDF không có nội dung", path=str(path))
    return out, {"pages": npages}
