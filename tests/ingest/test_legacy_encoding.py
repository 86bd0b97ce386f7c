"""Legacy Vietnamese encodings (TCVN3, VNI): exact round trips on sentences encoded here."""
from __future__ import annotations

import io
import unicodedata

import pytest

from pipeline import ingest
from pipeline.ingest import legacy

SENTENCES = [
    "Ủy ban nhân dân phường giao Phòng Văn hóa chủ trì, phối hợp với Công an phường "
    "tổ chức kiểm tra trước ngày 15 tháng 12 năm 2025.",
    "Các đơn vị báo cáo kết quả thực hiện về Văn phòng để tổng hợp, trình Chủ tịch xem xét.",
    "Đẩy mạnh tuyên truyền, nâng cao nhận thức của người dân về bảo vệ rừng và đất lâm nghiệp.",
    "Sở Giáo dục và Đào tạo hướng dẫn trường học triển khai; thời gian hoàn thành: quý IV.",
    "Thường trực Hội đồng nhân dân xã giám sát việc thực hiện nghị quyết, kiến nghị xử lý vi phạm.",
]


def encode(text: str, encoding: str) -> str:
    """The inverse of legacy.decode, built from the same data table (lower case for TCVN3)."""
    inverse = {uni: leg for leg, uni in legacy.table(encoding).items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if encoding == "tcvn3" and ch not in inverse and ch.lower() in inverse and ch != ch.lower():
            # a plain .VnTime font has no toned capitals: those documents use the H font
            raise AssertionError(f"capital {ch!r} needs a .VnTimeH run")
        out.append(inverse.get(ch, ch))
    return "".join(out)


# a plain .VnTime run has no toned capitals (Ủ, Á ...): such sentences need the H font
TCVN3_SAFE = [s for s in SENTENCES if not any(c in "ỦỨỪỬỮỰÁÀẢÃẠ" for c in s)]


@pytest.mark.parametrize("sentence", TCVN3_SAFE)
def test_tcvn3_round_trip(sentence):
    encoded = encode(sentence, "tcvn3")
    assert encoded != sentence
    assert legacy.detect(encoded) == "tcvn3"
    assert legacy.decode(encoded, "tcvn3") == sentence
    assert legacy.fix_text(encoded) == (sentence, "tcvn3")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_vni_round_trip(sentence):
    encoded = encode(sentence, "vni")
    assert encoded != sentence
    assert legacy.detect(encoded) == "vni"
    assert legacy.fix_text(encoded) == (sentence, "vni")


def test_tcvn3_capitals_font_decodes_lower_codes_as_capitals():
    title = "KẾ HOẠCH TRIỂN KHAI CÔNG TÁC BẦU CỬ"
    encoded = encode(title.lower(), "tcvn3")
    assert legacy.decode(encoded, "tcvn3", upper=True) == title


@pytest.mark.parametrize("sentence", SENTENCES + [
    "Hà Nội, ngày 05 tháng 01 năm 2026",
    "Tiếp nhận hồ sơ: ông Nguyễn Văn A, bà Trần Thị Bé, cô Lê Thu Hà.",
    "Café résumé naïve — señor, Ångström: ordinary Latin text.",
    "THỦ TƯỚNG CHÍNH PHỦ",
    "",
])
def test_unicode_text_is_never_converted(sentence):
    assert legacy.detect(sentence) is None
    assert legacy.fix_text(sentence) == (sentence, None)


def test_mixed_unicode_with_a_few_symbols_is_left_alone():
    s = SENTENCES[0] + " Nhiệt độ 25°C, tỷ lệ ½ số hộ, mã §3 «trích dẫn»."
    assert legacy.fix_text(s) == (s, None)


def test_font_names():
    assert legacy.font_encoding(".VnTime") == ("tcvn3", False)
    assert legacy.font_encoding(".VnTimeH") == ("tcvn3", True)
    assert legacy.font_encoding("VNI-Times") == ("vni", False)
    assert legacy.font_encoding("Times New Roman") is None
    assert legacy.font_encoding(None) is None


def test_tcvn3_plain_text_file_single_byte(tmp_path):
    body = "\n".join(TCVN3_SAFE)
    p = tmp_path / "cu.txt"
    p.write_bytes(encode(body, "tcvn3").encode("cp1252"))
    src = ingest.read(p)
    assert "Thường trực Hội đồng nhân dân xã giám sát" in src.text
    assert src.extra.get("legacy_encoding") == "tcvn3"


def test_vni_text_saved_as_utf8_is_converted(tmp_path):
    p = tmp_path / "vni.txt"
    p.write_text(encode("\n".join(SENTENCES), "vni"), encoding="utf-8")
    src = ingest.read(p)
    assert "Sở Giáo dục và Đào tạo hướng dẫn" in src.text
    assert src.extra.get("legacy_encoding") == "vni"


def test_docx_runs_in_legacy_fonts_are_converted(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    p = d.add_paragraph()
    r = p.add_run(encode("kế hoạch", "tcvn3"))
    r.font.name = ".VnTimeH"
    p2 = d.add_paragraph()
    r = p2.add_run(encode("Sở Giáo dục và Đào tạo hướng dẫn trường học triển khai.", "tcvn3"))
    r.font.name = ".VnTime"
    r = p2.add_run(" " + encode("Đơn vị phối hợp: Công an xã.", "vni"))
    r.font.name = "VNI-Times"
    p3 = d.add_paragraph("Thời gian hoàn thành: tháng 12 năm 2025 (đoạn Unicode, giữ nguyên).")
    p3.runs[0].font.name = "Times New Roman"
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "cu.docx"
    path.write_bytes(buf.getvalue())
    src = ingest.read(path)
    assert "KẾ HOẠCH" in src.text
    assert "Sở Giáo dục và Đào tạo hướng dẫn trường học triển khai. Đơn vị phối hợp: Công an xã." in src.text
    assert "Thời gian hoàn thành: tháng 12 năm 2025 (đoạn Unicode, giữ nguyên)." in src.text
    assert set(src.extra["legacy_encoding"].split(",")) == {"tcvn3", "vni"}


def test_docx_style_font_is_inherited(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.styles["Normal"].font.name = ".VnTime"
    d.add_paragraph(encode("Các đơn vị báo cáo kết quả thực hiện về Văn phòng.", "tcvn3"))
    buf = io.BytesIO()
    d.save(buf)
    path = tmp_path / "style.docx"
    path.write_bytes(buf.getvalue())
    assert "Các đơn vị báo cáo kết quả thực hiện về Văn phòng." in ingest.read(path).text
