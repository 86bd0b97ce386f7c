"""Ruled tables on page images (ocr_tables.py), and the table geometry of text-layer PDFs."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.ingest import ocr, ocr_tables
from pipeline.ingest.readers import _drawn, read_pdf

needs_ocr = pytest.mark.skipif(not ocr.available(),
                               reason="Tesseract + Vietnamese model not installed "
                                      "(apt-get install tesseract-ocr tesseract-ocr-vie)")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

ROWS = [["TT", "Nhiệm vụ", "Chủ trì"],
        ["1", "Rà soát biên chế công chức", "Sở Nội vụ"],
        ["8", "Báo cáo kết quả thực hiện", "Sở Tài chính"]]
COLS = [220, 420, 1500, 2260]          # x of the vertical rules, pixels at 300 dpi


def _table_image(rows=ROWS, top=400, row_h=140):
    from PIL import Image, ImageDraw, ImageFont
    if not FONT.exists():
        pytest.skip(f"font not present: {FONT}")
    img = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 42)
    draw.text((220, 200), "PHỤ LỤC: NHIỆM VỤ CỤ THỂ", font=font, fill=0)
    bottom = top + row_h * len(rows)
    for i in range(len(rows) + 1):
        draw.line([(COLS[0], top + i * row_h), (COLS[-1], top + i * row_h)], fill=0, width=3)
    for x in COLS:
        draw.line([(x, top), (x, bottom)], fill=0, width=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            draw.text((COLS[c] + 25, top + r * row_h + 45), text, font=font, fill=0)
    return img


def test_rules_give_the_grid_of_cells_and_the_pixels_to_erase():
    import numpy as np
    grids, rules = ocr_tables.find(np.asarray(_table_image()), scale=72 / 300)
    assert len(grids) == 1
    assert [len(r) for r in grids[0].rows] == [3, 3, 3]
    x0, top, x1, bottom = grids[0].bbox
    assert abs(x0 - 220 * 72 / 300) < 2 and abs(bottom - 820 * 72 / 300) < 2
    assert rules[400, 1000] and rules[600, 420]          # a horizontal and a vertical rule
    assert not rules[200 + 20, 240]                      # the title's letters are not rules


def test_thick_bars_and_underlines_are_not_tables():
    import numpy as np
    from PIL import Image, ImageDraw
    img = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(img)
    for y in range(300, 3000, 200):
        draw.rectangle([(300, y), (2200, y + 60)], fill=0)     # solid bars: a picture
    draw.line([(900, 3200), (1500, 3200)], fill=0, width=3)   # an underline alone
    grids, rules = ocr_tables.find(np.asarray(img), scale=72 / 300)
    assert grids == []
    assert not rules[330, 1000]                                # the bars are kept
    assert rules[3200, 1200]                                   # the underline is erased


@needs_ocr
def test_a_scanned_table_is_read_cell_by_cell():
    page = ocr.ocr_image(_table_image(), rotation=False)
    assert len(page.tables) == 1
    assert page.tables[0].rows == ROWS                         # "8" in the number column, not "S"
    assert [ln.text for ln in page.lines] == ["PHỤ LỤC: NHIỆM VỤ CỤ THỂ"]
    assert not any("|" in ln.text for ln in page.lines)


@needs_ocr
def test_many_cells_are_read_over_several_sheets(monkeypatch):
    """A long table is read in several passes (one stacked sheet may not exceed Tesseract's limit)."""
    monkeypatch.setattr(ocr, "_SHEET_MAX", 400)
    page = ocr.ocr_image(_table_image(), rotation=False)
    assert page.tables[0].rows == ROWS


@needs_ocr
def test_a_scanned_table_reaches_the_text_as_rows(tmp_path):
    buf = io.BytesIO()
    _table_image().save(buf, format="PDF", resolution=300)
    p = tmp_path / "bang-quet.pdf"
    p.write_bytes(buf.getvalue())
    text = ingest.read(p).text
    assert "| 1 | Rà soát biên chế công chức | Sở Nội vụ |" in text
    assert "| 8 | Báo cáo kết quả thực hiện | Sở Tài chính |" in text


def test_white_cell_backgrounds_are_not_rules():
    white_cell = {"object_type": "rect", "stroke": False, "fill": True,
                  "stroking_color": (0,), "non_stroking_color": (1.0,)}
    black_rule = dict(white_cell, non_stroking_color=(0.0,))
    assert not _drawn(white_cell)
    assert _drawn(black_rule)
    assert not _drawn(dict(white_cell, non_stroking_color=(1, 1, 1)))           # RGB white
    assert not _drawn(dict(white_cell, non_stroking_color=(0, 0, 0, 0)))        # CMYK white
    assert _drawn(dict(white_cell, stroke=True, stroking_color=(0, 0, 0)))      # a stroked frame
    assert not _drawn({"object_type": "rect", "stroke": False, "fill": False})  # an empty path
    assert _drawn({"object_type": "char", "text": "a"})


def test_word_cell_backgrounds_do_not_split_table_rows(shared):
    """Công báo PDFs exported from Word paint each cell white; the rows must stay whole."""
    pdf = shared / "corpora" / "qd-844-ttg-2026.pdf"
    if not pdf.exists():
        pytest.skip(f"not in ../shared: {pdf.name}")
    raw, _ = read_pdf(pdf, pdf.read_bytes())
    rows = [ln for ln in raw if ln.startswith("| ")]
    row = next(r for r in rows if "Giao chỉ tiêu phát triển đối tượng tham gia" in r)
    assert "Bộ Y tế" in row and "Quý II/2026" in row


@needs_ocr
def test_a_page_printed_sideways_is_turned_and_ocrd(shared, tmp_path):
    """A landscape table set sideways on a portrait page: the text layer reads backwards."""
    import pypdfium2 as pdfium
    src = shared / "corpora" / "nq-175-cp-2023.pdf"
    if not src.exists():
        pytest.skip(f"not in ../shared: {src.name}")
    one = pdfium.PdfDocument.new()
    one.import_pages(pdfium.PdfDocument(str(src)), [29])
    buf = io.BytesIO()
    one.save(buf)
    p = tmp_path / "ngang.pdf"
    p.write_bytes(buf.getvalue())
    raw, info = read_pdf(p, p.read_bytes())
    assert info["ocr"][0]["rotated"] in (90, 270)
    text = "\n".join(raw)
    assert "Bộ Thông tin và Truyền thông" in text
    assert "Thời gian hoàn thành" in text
