"""Readers: DOCX reading order, the PDF two-column header, and every input error with its code."""
from __future__ import annotations

import docx
import pytest

from pipeline import ingest
from pipeline.errors import (CorruptFile, EmptyDocument, EncryptedFile, FileMissing, InputError, ScannedPdf,
                             UnsupportedFormat)


def _fill(table, rows):
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            table.cell(i, j).text = c


def test_docx_paragraphs_and_tables_in_reading_order(tmp_path):
    d = docx.Document()
    head = d.add_table(rows=2, cols=2)        # letterhead layout table: two columns
    _fill(head, [["ỦY BAN NHÂN DÂN TỈNH AN HÒA", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
                 ["Số: 7/KH-UBND", "Độc lập - Tự do - Hạnh phúc"]])
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thử nghiệm sổ tay điện tử")
    d.add_paragraph("1. Các nhiệm vụ cụ thể như bảng dưới đây.")
    data = d.add_table(rows=3, cols=3)
    _fill(data, [["STT", "Nội dung", "Chủ trì"], ["1", "Rà soát quy chế", "Sở Nội vụ"],
                 ["2", "Kiểm tra hồ sơ", "Sở Tư pháp"]])
    d.add_paragraph("2. Sở Tài chính bố trí kinh phí.")
    p = tmp_path / "order.docx"
    d.save(p)
    lines = ingest.read(p).text.split("\n")
    assert lines == [
        "ỦY BAN NHÂN DÂN TỈNH AN HÒA",
        "Số: 7/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "KẾ HOẠCH",
        "Thử nghiệm sổ tay điện tử",
        "1. Các nhiệm vụ cụ thể như bảng dưới đây.",
        "| STT | Nội dung | Chủ trì |",
        "| 1 | Rà soát quy chế | Sở Nội vụ |",
        "| 2 | Kiểm tra hồ sơ | Sở Tư pháp |",
        "2. Sở Tài chính bố trí kinh phí.",
    ]


def test_docx_source_record(tmp_path):
    d = docx.Document()
    d.add_paragraph("Các cơ quan thực hiện việc số hoá tài liệu lưu trữ theo kế hoạch.")
    p = tmp_path / "one.docx"
    d.save(p)
    src = ingest.read(p)
    assert src.format == "docx"
    assert "số hóa" in src.text
    assert len(src.sha256) == 64


def test_pdf_two_column_header_comes_out_as_two_blocks(fixtures):
    src = ingest.read(fixtures / "kh-sample.pdf")
    assert src.format == "pdf"
    lines = src.text.split("\n")
    head = lines[:8]
    issuer = [i for i, ln in enumerate(head) if "ỦY BAN NHÂN DÂN" in ln]
    motto = [i for i, ln in enumerate(head) if ln.startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")]
    assert issuer and motto, head
    # separate lines, not interleaved: the issuer line holds no motto words and vice versa
    assert "CỘNG HÒA" not in head[issuer[0]]
    assert "ỦY BAN" not in head[motto[0]] and "PHÚ THỌ" not in head[motto[0]]
    assert "TỈNH PHÚ THỌ" in head[issuer[0]]
    # the left block (issuer, number) comes before the right block (motto)
    number = [i for i, ln in enumerate(head) if ln.startswith("Số: 48/KH-UBND")]
    assert number and issuer[0] < number[0] < motto[0]


def test_pdf_task_table_rows(fixtures):
    rows = [ln for ln in ingest.read(fixtures / "kh-sample.pdf").text.split("\n") if ln.startswith("| ")]
    assert rows[0].startswith("| STT | Nội dung nhiệm vụ | Cơ quan chủ trì |")
    assert len(rows) == 12


# --- errors ---------------------------------------------------------------------------

def _bad_files(tmp_path, fixtures):
    (tmp_path / "scan.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a document")
    (tmp_path / "data.xyz").write_text("hello hello hello hello hello")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.docx").write_bytes(b"   \n")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage garbage\n")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 this is not really a zip archive at all")
    (tmp_path / "folder.pdf").mkdir()
    return {
        "unsupported-jpg": (tmp_path / "scan.jpg", UnsupportedFormat, "VB102"),
        "unsupported-ext": (tmp_path / "data.xyz", UnsupportedFormat, "VB102"),
        "empty": (tmp_path / "empty.txt", EmptyDocument, "VB103"),
        "blank": (tmp_path / "blank.docx", EmptyDocument, "VB103"),
        "corrupt-pdf": (tmp_path / "broken.pdf", CorruptFile, "VB104"),
        "corrupt-docx": (tmp_path / "broken.docx", CorruptFile, "VB104"),
        "directory": (tmp_path / "folder.pdf", InputError, "VB100"),
        "missing": (tmp_path / "nowhere.docx", FileMissing, "VB101"),
        "encrypted": (fixtures / "encrypted.pdf", EncryptedFile, "VB105"),
        "scanned": (fixtures / "scanned.pdf", ScannedPdf, "VB106"),
    }


BAD = ["unsupported-jpg", "unsupported-ext", "empty", "blank", "corrupt-pdf", "corrupt-docx", "directory",
       "missing", "encrypted", "scanned"]


@pytest.mark.parametrize("case", BAD)
def test_bad_input_raises_input_error_with_code(case, tmp_path, fixtures):
    path, cls, code = _bad_files(tmp_path, fixtures)[case]
    with pytest.raises(InputError) as ei:
        ingest.read(path)
    assert type(ei.value) is cls
    assert ei.value.code == code
    assert ei.value.path == str(path)
    assert str(path) in str(ei.value)


def test_binary_txt_is_corrupt(tmp_path):
    p = tmp_path / "binary.txt"
    p.write_bytes(b"Ke hoach\x00\x00\x01\x02 so tay dien tu " * 3)
    with pytest.raises(CorruptFile) as ei:
        ingest.read(p)
    assert ei.value.code == "VB104"


def test_read_bytes_with_a_name(tmp_path):
    src = ingest.read("ignored", data="Sở Nội vụ hướng dẫn thực hiện kế hoạch.".encode(), name="upload.txt")
    assert src.path == "upload.txt" and src.format == "txt"
