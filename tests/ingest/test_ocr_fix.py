"""Tone marks put back on OCR text (ocr_fix.py), on sentences written for these tests."""
from __future__ import annotations

import pytest

from pipeline.ingest import ocr_fix


@pytest.fixture(autouse=True)
def _lexicon():
    if not ocr_fix.lexicon()[0]:
        pytest.skip("underthesea's word list (Viet74K) is not installed")


def fix(text: str) -> str:
    return " ".join(ocr_fix.fix_tokens(text.split()))


@pytest.mark.parametrize("read, meant", [
    ("thực hiện Nghị quyêt của Chính phủ", "thực hiện Nghị quyết của Chính phủ"),     # tone lost
    ("Cơ quan phôi hợp", "Cơ quan phối hợp"),
    ("sửa đổi, bố sung quy định", "sửa đổi, bổ sung quy định"),                       # tone swapped
    ("sắp xếp và bồ trí cán bộ", "sắp xếp và bố trí cán bộ"),
    ("khắc phục hậu quả, phòng ngừa", "khắc phục hậu quả, phòng ngừa"),
    ("ở thôn, tô dân phó", "ở thôn, tổ dân phố"),                                      # two in a row
    ("trước ngày 15 thắng 7 năm 2026", "trước ngày 15 tháng 7 năm 2026"),             # next to a number
    ("hoàn thành trong quý IV, nắm 2026", "hoàn thành trong quý IV, năm 2026"),
    ("KÊ HOẠCH THỰC HIỆN", "KẾ HOẠCH THỰC HIỆN"),                                      # case kept
    ("diện tích tôi thiêu của", "diện tích tối thiểu của"),              # a function word in a pair
    ("hoàn thành trong Quý H/2027", "hoàn thành trong Quý II/2027"),     # Roman numeral misread
    ("trước Quý IIH/2027;", "trước Quý III/2027;"),
    ("xây dựng các CƠ chế, chính sách", "xây dựng các cơ chế, chính sách"),  # case misread
    ("các đơn vỊ liên quan", "các đơn vị liên quan"),
])
def test_dropped_marks_are_put_back(read, meant):
    assert fix(read) == meant


@pytest.mark.parametrize("text", [
    "Ủy ban nhân dân tỉnh giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành liên quan "
    "rà soát, sắp xếp tổ chức bộ máy; báo cáo kết quả về Văn phòng trước ngày 20 hằng tháng.",
    "Chiến lược phát triển Việt Nam 2030 và tầm nhìn đến năm 2045.",     # a name before a number
    "Các đơn vị có trách nhiệm đến dự họp đầy đủ, đúng thành phần.",
    "Sở Tài chính bảo đảm kinh phí; Sở Tư pháp thẩm định văn bản.",
    "ứng dụng công nghệ số để đánh giá, hoàn thành trong quý 1/2027",   # "số để" is no pair to fix
    "ứng dụng trí tuệ nhân tạo AI vào công tác",                        # an acronym keeps its case
])
def test_correct_text_is_left_alone(text):
    assert fix(text) == text


def test_numbers_signs_and_empty_input_pass_through():
    assert ocr_fix.fix_tokens([]) == []
    assert fix("12/KH-UBND - (1) 2026; %") == "12/KH-UBND - (1) 2026; %"


def test_without_a_lexicon_nothing_changes(monkeypatch):
    monkeypatch.setattr(ocr_fix, "lexicon", lambda: (frozenset(), {}))
    assert fix("Nghị quyêt sô 12") == "Nghị quyêt sô 12"
