"""Normalisation at ingest: characters, tone placement, unwrapping, crawl tables, flags."""
from __future__ import annotations

import unicodedata

from pipeline.ingest import read_text
from pipeline.ingest.normalize import normalize_lines, tone_policy


def norm(text: str, **kw) -> tuple[str, list]:
    t, flags, _ = normalize_lines(text.split("\n"), **kw)
    return t, flags


# --- characters and tone marks -------------------------------------------------------

def test_tone_policy_moves_old_style_marks():
    assert tone_policy("hoá") == "hóa"
    assert tone_policy("thuỷ") == "thủy"
    assert tone_policy("Hoà") == "Hòa"
    assert tone_policy("khoẻ") == "khỏe"


def test_tone_policy_leaves_qu_gi_and_other_syllables():
    for word in ("quý", "kỹ thuật", "quá", "giá", "thuyền", "hoàng", "quốc"):
        assert tone_policy(word) == word


def test_read_text_is_nfc_and_applies_tone_policy():
    decomposed = unicodedata.normalize("NFD", "Công tác số hoá và thuỷ lợi trong quý I, kỹ thuật mới")
    src = read_text(decomposed)
    assert unicodedata.is_normalized("NFC", src.text)
    assert "số hóa" in src.text and "thủy lợi" in src.text
    assert "quý I" in src.text and "kỹ thuật" in src.text


def test_odd_spaces_and_dashes_are_plain():
    t, _ = norm("Độc lập\u00a0–\u00a0Tự do – Hạnh phúc")
    assert t == "Độc lập - Tự do - Hạnh phúc"


# --- unwrapping ------------------------------------------------------------------------

def test_paragraph_mode_joins_wrapped_lines_of_one_paragraph():
    raw = ("1. Các sở, ngành chủ động rà soát toàn bộ hồ sơ công việc\n"
           "đang giải quyết và cập nhật lên hệ thống.\n"
           "\n"
           "2. Sở Nội vụ hướng dẫn thực hiện.")
    t, _ = norm(raw)
    assert t.split("\n") == [
        "1. Các sở, ngành chủ động rà soát toàn bộ hồ sơ công việc đang giải quyết và cập nhật lên hệ thống.",
        "2. Sở Nội vụ hướng dẫn thực hiện.",
    ]


def test_line_mode_joins_unfinished_lines_and_keeps_items_apart():
    raw = ("a) Tổ chức tập huấn cho cán bộ văn thư của các cơ quan đơn vị trên địa\n"
           "bàn tỉnh trong quý II.\n"
           "b) Kiểm tra định kỳ việc lập hồ sơ.")
    t, _ = norm(raw, paragraph_mode=False)
    assert t.split("\n") == [
        "a) Tổ chức tập huấn cho cán bộ văn thư của các cơ quan đơn vị trên địa bàn tỉnh trong quý II.",
        "b) Kiểm tra định kỳ việc lập hồ sơ.",
    ]


def test_line_mode_keeps_a_finished_sentence_on_its_own_line():
    first = ("Nâng cao hiệu quả chuyển đổi số trong quản lý hành chính và phục vụ người dân, doanh "
             "nghiệp trên địa bàn; tăng cường kiểm tra việc thực hiện kế hoạch đã được phê duyệt.")
    t, _ = norm(first + "\nThủ trưởng các cơ quan chịu trách nhiệm triển khai.", paragraph_mode=False)
    assert t.split("\n") == [first, "Thủ trưởng các cơ quan chịu trách nhiệm triển khai."]


def test_dehyphenation_joins_a_word_split_at_line_end():
    raw = ("Các đơn vị kết nối mạng Inter-\n"
           "net nội bộ với hệ thống quản lý văn bản và điều hành của tỉnh trong năm nay.")
    t, _ = norm(raw, paragraph_mode=False)
    assert "mạng Internet nội bộ" in t
    assert "\n" not in t


def test_upper_case_title_does_not_run_into_the_paragraph_after_it():
    t, _ = norm("KẾ HOẠCH\nTriển khai sổ tay điện tử năm 2026", paragraph_mode=True)
    assert t.split("\n") == ["KẾ HOẠCH", "Triển khai sổ tay điện tử năm 2026"]


# --- crawl tables and letterheads -----------------------------------------------------

def test_bar_separated_crawl_table_becomes_rows():
    raw = ("Các nhiệm vụ như sau:\n\n"
           "|\nSTT\n|\nNội dung\n|\nChủ trì\n|\n\n"
           "|\n1\n|\nRà soát quy chế\n|\nSở Nội vụ\n|\n\n"
           "|\n2\n|\nKiểm tra hồ sơ\n|\nSở Tư pháp\n|\n\n"
           "Hết bảng.")
    t, _ = norm(raw)
    assert t.split("\n") == [
        "Các nhiệm vụ như sau:",
        "| STT | Nội dung | Chủ trì |",
        "| 1 | Rà soát quy chế | Sở Nội vụ |",
        "| 2 | Kiểm tra hồ sơ | Sở Tư pháp |",
        "Hết bảng.",
    ]


def test_letterhead_layout_cells_become_plain_lines():
    raw = ("ỦY BAN NHÂN DÂN\nTỈNH PHÚ THỌ\n|\n"
           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\n\nKẾ HOẠCH")
    t, _ = norm(raw)
    lines = t.split("\n")
    assert "|" not in t
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ" in lines
    assert lines[-1] == "KẾ HOẠCH"


def test_broken_number_stays_visible_and_is_flagged():
    src = read_text("Căn cứ Quyết định số 12/QĐ-UBND ngày 26/1 1/2021 của UBND tỉnh về việc giao nhiệm vụ.")
    assert "26/1 1/2021" in src.text
    flags = [f for f in src.flags if f.code == "broken-number"]
    assert len(flags) == 1
    f = flags[0]
    assert src.text[f.start:f.end] == "26/1 1/2021"


def test_a_normal_date_is_not_flagged():
    src = read_text("Căn cứ Quyết định số 12/QĐ-UBND ngày 26/11/2021 của UBND tỉnh về việc giao nhiệm vụ.")
    assert not [f for f in src.flags if f.code == "broken-number"]


def test_a_sentence_running_over_a_page_break_stays_one_paragraph():
    raw = ("2. Đề nghị Ban Tuyên giáo hướng dẫn công tác tuyên truyền về sắp xếp thôn và\n\n"
           "CÔNG BÁO/Số 12/Ngày 02-06-2026\n7\n\n\n"
           "bố trí người hoạt động không chuyên trách ở cấp xã.\n"
           "3. Đề nghị Mặt trận hướng dẫn kiện toàn Ban Công tác Mặt trận.\n\n"
           "CÔNG BÁO/Số 12/Ngày 02-06-2026\n8\n\n"
           "4. Ủy ban nhân dân các tỉnh tổ chức thực hiện.")
    text, _ = norm(raw, paragraph_mode=True)
    lines = [x for x in text.split("\n") if x]
    assert lines[0] == ("2. Đề nghị Ban Tuyên giáo hướng dẫn công tác tuyên truyền về sắp xếp thôn và "
                        "bố trí người hoạt động không chuyên trách ở cấp xã.")
    assert lines[1].startswith("3. ") and lines[2].startswith("4. ")      # a finished page keeps its break
    assert "CÔNG BÁO" not in text


def test_markdown_emphasis_of_a_crawl_is_dropped_but_rules_stay():
    from pipeline.ingest.normalize import clean_chars
    text, _ = norm("**Điều 1.** Giao Sở Nội vụ chủ trì.\n\n__Nơi nhận__:\n- Như trên;", paragraph_mode=True)
    assert "Điều 1. Giao Sở Nội vụ chủ trì." in text
    assert "Nơi nhận:" in text and "__Nơi" not in text
    assert clean_chars("____________") == "____________"          # a rule line is no emphasis
    assert clean_chars("Số: 12/KH__UBND") == "Số: 12/KH__UBND"
