"""structure(): header metadata, the section tree with paths, Nơi nhận, citations."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.ingest import read_text
from pipeline.structure import structure
from pipeline.structure.lines import marker_of, split_lines
from pipeline.structure.metadata import parse_date_text, sentence_case_body

DOC = """ỦY BAN NHÂN DÂN
TỈNH AN HÒA

Số: 21/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc

An Hòa, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
Thí điểm sổ tay điện tử trong cơ quan hành chính

Thực hiện Chỉ thị số 14/CT-TTg ngày 05/3/2026 của Thủ tướng Chính phủ và Công văn số 2150/BNV-VTLTNN của Bộ Nội vụ, UBND tỉnh ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao chất lượng quản lý hồ sơ.
2. Bảo đảm phối hợp chặt chẽ.
II. NHIỆM VỤ
1. Sở Nội vụ
a) Xây dựng tiêu chí đánh giá.
b) Hướng dẫn các xã.
- Tổ chức tập huấn.
2. Sở Tài chính bố trí kinh phí.

Nơi nhận:
- Bộ Nội vụ;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""


@pytest.fixture(scope="module")
def doc():
    return structure(read_text(DOC))


def test_header_metadata(doc):
    md = doc.metadata
    assert md.doc_type == "KH"
    assert md.number_symbol == "21/KH-UBND"
    assert md.issuer == "UBND tỉnh An Hòa"
    assert md.issued_date == date(2026, 2, 5)
    assert md.place == "An Hòa"
    assert md.title.casefold() == "kế hoạch thí điểm sổ tay điện tử trong cơ quan hành chính"


def test_citations_in_order_without_own_number(doc):
    assert doc.metadata.references == ["14/CT-TTg", "2150/BNV-VTLTNN"]


def _paths(node):
    out = []
    for c in node.children:
        if c.marker not in ("para", "row"):
            out.append(c.path)
        out.extend(_paths(c))
    return out


def test_section_paths(doc):
    assert _paths(doc.root) == ["I", "I.1", "I.2", "II", "II.1", "II.1.a", "II.1.b", "II.1.b-1", "II.2"]


def test_sections_point_into_the_text(doc):
    def walk(node):
        for c in node.children:
            assert doc.text[c.start:c.end] == doc.text[c.start:c.end].strip()
            assert c.start <= c.text_start <= c.end
            walk(c)
    walk(doc.root)
    ii1 = doc.root.children[2].children[0]
    assert doc.text[ii1.text_start:ii1.end] == "Sở Nội vụ"


def test_recipients_and_body_end(doc):
    assert doc.recipients[0] == "Bộ Nội vụ"
    assert any(r.startswith("Lưu") for r in doc.recipients)
    assert doc.text[doc.body_end:].startswith("Nơi nhận")
    assert doc.body_start <= doc.text.index("Thực hiện Chỉ thị")


@pytest.mark.parametrize("line,kind,label", [
    ("II. NHIỆM VỤ", "roman", "II"),
    ("3. Sở Y tế", "arabic", "3"),
    ("2.1. Rà soát", "arabic2", "2.1"),
    ("b) Kiểm tra", "letter", "b"),
    ("đ) Kiểm tra", "letter", "đ"),
    ("(3) Tập huấn", "paren", "3"),
    ("- Tập huấn", "dash", "-"),
    ("+ Tập huấn", "plus", "+"),
    ("Điều 4. Trách nhiệm", "dieu", "4"),
])
def test_markers(line, kind, label):
    m = marker_of(line)
    assert m is not None and (m.kind, m.label) == (kind, label)


@pytest.mark.parametrize("line", ["2026 là năm bản lề", "Sở Nội vụ", "75. ví dụ"])
def test_not_markers(line):
    assert marker_of(line) is None


def test_split_lines_gives_cell_spans():
    text = "Mở đầu\n| 1 | Rà soát | Sở Nội vụ |"
    row = split_lines(text)[1]
    assert [text[a:b] for a, b in row.cells] == ["1", "Rà soát", "Sở Nội vụ"]


def test_split_lines_trailing_empty_cell():
    text = "| 1 | Rà soát | Sở Nội vụ | |"
    row = split_lines(text)[0]
    assert [text[a:b] for a, b in row.cells] == ["1", "Rà soát", "Sở Nội vụ", ""]


def test_parse_date_text():
    assert parse_date_text("15/12/2026") == date(2026, 12, 15)
    assert parse_date_text("2 tháng 4 năm 2026") == date(2026, 4, 2)
    assert parse_date_text("31/2/2026") is None


def test_sentence_case_body():
    assert sentence_case_body("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI") == "UBND thành phố Hà Nội"
    assert sentence_case_body("BỘ NỘI VỤ") == "Bộ Nội vụ"


@pytest.mark.parametrize("line, number", [
    ("Số: 445 /NQ-CP", "445/NQ-CP"),            # the number written in by hand, a space left
    ("Số: 12/KH-UBND", "12/KH-UBND"),
    ("Số:   /KH-UBND", "/KH-UBND"),              # not numbered yet
    ("Số: 1234/UBND-VP", "1234/UBND-VP"),
])
def test_number_and_symbol_of_the_header(line, number):
    text = f"ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n{line}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\nKẾ HOẠCH\nThực hiện nhiệm vụ\n"
    assert structure(read_text(text)).metadata.number_symbol == number
