"""OCR of scanned PDF pages (Tesseract, Vietnamese), mixed PDFs, rotation, tables across pages."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import ScannedPdf
from pipeline.ingest import convert, ocr
from pipeline.ingest.readers import read_pdf

needs_ocr = pytest.mark.skipif(not ocr.available(),
                               reason="Tesseract + Vietnamese model not installed "
                                      "(apt-get install tesseract-ocr tesseract-ocr-vie)")
needs_soffice = pytest.mark.skipif(convert.soffice() is None,
                                   reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")

LINES = ["CÔNG BÁO/Số 12/Ngày 05-01-2026 7",
         "",
         "Điều 1. Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành",
         "rà soát biên chế công chức cấp xã, báo cáo Ủy ban nhân dân",
         "tỉnh trước ngày 31 tháng 3 năm 2026.",
         "",
         "Điều 2. Sở Tài chính bảo đảm kinh phí thực hiện nhiệm vụ."]


def _page_image(lines=LINES, rotate=0):
    from PIL import Image, ImageDraw, ImageFont
    if not FONT.exists():
        pytest.skip(f"font not present: {FONT}")
    img = Image.new("L", (2480, 3508), 255)             # A4 at 300 dpi
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), 44)
    y = 200
    for ln in lines:
        draw.text((220, y), ln, font=font, fill=0)
        y += 80
    return img.rotate(rotate, expand=True) if rotate else img


def _scan_pdf(*images) -> bytes:
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=300, save_all=True, append_images=list(images[1:]))
    return buf.getvalue()


@needs_ocr
def test_scanned_pdf_is_ocrd_with_confidence_and_progress(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(_scan_pdf(_page_image()))
    seen = []
    src = ingest.read(p, progress=lambda done, total: seen.append((done, total)))
    assert "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành" in src.text
    assert "Sở Tài chính bảo đảm kinh phí" in src.text
    assert "CÔNG BÁO" not in src.text                    # running header kept as metadata only
    assert src.extra["page_headers"]
    [page] = src.extra["ocr"]
    assert page["page"] == 1 and page["confidence"] > 70 and page["rotated"] == 0
    assert src.extra["page_starts"][0] is not None
    assert seen[0] == (0, 1) and seen[-1] == (1, 1)


@needs_ocr
def test_rotated_page_is_detected(tmp_path):
    p = tmp_path / "rot.pdf"
    p.write_bytes(_scan_pdf(_page_image(LINES[2:] * 3, rotate=90)))
    src = ingest.read(p)
    assert src.extra["ocr"][0]["rotated"] in (90, 270)
    assert "Sở Tài chính bảo đảm kinh phí" in src.text


def test_missing_tesseract_names_the_packages(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ScannedPdf) as ei:
        ocr.require("x.pdf")
    assert "tesseract-ocr tesseract-ocr-vie" in ei.value.message
    assert ei.value.code == "VB106"


def test_page_of_offsets():
    assert ocr.page_of(5, [0, 100, None, 300]) == 1
    assert ocr.page_of(150, [0, 100, None, 300]) == 2
    assert ocr.page_of(301, [0, 100, None, 300]) == 4


def _docx(build) -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    build(d)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@needs_ocr
@needs_soffice
def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path):
    import pypdfium2 as pdfium
    text_pdf = convert.docx_to_pdf(_docx(lambda d: [d.add_paragraph(
        "Phần một có lớp chữ: Văn phòng tổng hợp kết quả, báo cáo Chủ tịch trước ngày 15 hằng tháng. " * 3)]))
    doc = pdfium.PdfDocument(text_pdf)
    doc.import_pages(pdfium.PdfDocument(_scan_pdf(_page_image())))
    buf = io.BytesIO()
    doc.save(buf)
    p = tmp_path / "mixed.pdf"
    p.write_bytes(buf.getvalue())
    src = ingest.read(p)
    assert [o["page"] for o in src.extra["ocr"]] == [2]
    assert "Văn phòng tổng hợp kết quả" in src.text
    assert "Sở Tài chính bảo đảm kinh phí" in src.text


@needs_soffice
def test_table_across_pages_keeps_rows_together_and_header_once(tmp_path):
    from docx.oxml import OxmlElement

    def build(d):
        d.add_paragraph("PHỤ LỤC NHIỆM VỤ")
        t = d.add_table(rows=1, cols=4)
        t.style = "Table Grid"
        for c, h in zip(t.rows[0].cells, ["TT", "Nhiệm vụ", "Chủ trì", "Thời hạn"]):
            c.text = h
        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for i in range(1, 61):
            cells = t.add_row().cells
            cells[0].text, cells[1].text = str(i), f"Nhiệm vụ số {i} về cải cách hành chính"
            cells[2].text, cells[3].text = "Sở Nội vụ", "Quý II"
        d.add_paragraph("Các đơn vị tổ chức thực hiện.")

    p = tmp_path / "bang.pdf"
    p.write_bytes(convert.docx_to_pdf(_docx(build)))
    raw, info = read_pdf(p, p.read_bytes())
    assert info["pages"] >= 2
    rows = [ln for ln in raw if ln.startswith("| ")]
    assert sum("Nhiệm vụ | Chủ trì" in r for r in rows) == 1
    first, last = raw.index(rows[0]), raw.index(rows[-1])
    assert raw[first:last + 1] == rows                  # one block, no break between pages
    assert len(rows) == 61


@needs_ocr
@pytest.mark.slow
@pytest.mark.parametrize("name", ["nq-99-cp-2026.pdf", "nq-115-cp-2026.pdf"])
def test_the_scanned_resolutions_in_the_corpus_analyse(shared, name):
    """Issue #7 acceptance: the two scanned PDFs of ../shared/corpora analyse without error."""
    from pipeline import service
    path = shared / "corpora" / name
    if not path.exists():
        pytest.skip(f"not in ../shared: {name}")
    result = service.analyze_file(path)
    ocr_pages = result.doc.source.extra.get("ocr") or []
    assert ocr_pages and all(p["confidence"] > 80 for p in ocr_pages)
    meta = result.doc.metadata
    assert meta.doc_type == "NQ" and meta.number_symbol.endswith("/NQ-CP")
    assert meta.issuer == "Chính phủ"
    assert result.obligations
    assert any(o.lead for o in result.obligations)
