from pathlib import Path

import pytest
from docx.shared import Cm

from pipeline.errors import FileMissing
from pipeline.generate import docx_build as b
from pipeline.generate.nd30_check import check_format


def _doc(*, font="Times New Roman", left_mm=30, bold_qh=True, date_line=None, bordered=False,
         end_mark=True, noi_nhan_italic=True, numbering=True, so="Số: 05/KH-SNV",
         kt_second="PHÓ GIÁM ĐỐC", tieu_ngu_rule=True):
    doc = b.new_document(font=font)
    b.set_page(doc.sections[0], landscape=False, left=left_mm)
    if numbering:
        b.page_number_header(doc.sections[0])
    t = b.borderless_table(doc, [6.8, 9.7])
    if bordered:
        b.set_table_borders(t, "single")
    left, right = t.rows[0].cells
    b.para(left, "UBND THÀNH PHỐ HÀ NỘI", size=13, align="center", font=font)
    b.para(left, "SỞ NỘI VỤ", size=13, bold=True, align="center", font=font)
    b.rule(left, width_cm=1.0, box_cm=6.4)
    b.para(left, so, size=13, align="center", font=font)
    b.para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=bold_qh, align="center",
           font=font)
    b.para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center", font=font)
    if tieu_ngu_rule:
        b.rule(right, width_cm=5.6, box_cm=9.3)
    b.para(right, date_line or "Hà Nội, ngày 05 tháng 3 năm 2026", size=13, italic=True,
           align="center", font=font)
    b.para(doc, "KẾ HOẠCH", size=14, bold=True, align="center", font=font)
    b.para(doc, "Thực hiện Chỉ thị số 09/CT-UBND của UBND Thành phố về chữ ký số", size=14,
           bold=True, align="center", font=font)
    b.rule(doc, width_cm=5.0, box_cm=16.5)
    for text in ("Thực hiện Chỉ thị, Sở Nội vụ ban hành Kế hoạch như sau:",
                 "I. MỤC ĐÍCH, YÊU CẦU", "1. Triển khai kịp thời.",
                 "II. NHIỆM VỤ", "1. Rà soát quy chế văn thư.",
                 "Trong quá trình thực hiện, các đơn vị báo cáo kịp thời" + ("./." if end_mark else ".")):
        b.para(doc, text, size=14, bold=text.startswith("I"), indent=Cm(1.27), before=6,
               font=font)
    s = b.borderless_table(doc, [8.0, 8.5])
    l2, r2 = s.rows[0].cells
    b.para(l2, "Nơi nhận:", size=12, bold=True, italic=noi_nhan_italic, align="left", font=font)
    b.para(l2, "- UBND Thành phố (để báo cáo);", size=11, align="left", font=font)
    b.para(l2, "- Lưu: VT, VP.", size=11, align="left", font=font)
    b.para(r2, "KT. GIÁM ĐỐC", size=14, bold=True, align="center", font=font)
    b.para(r2, kt_second, size=14, bold=True, align="center", font=font)
    b.para(r2, "Nguyễn Văn An", size=14, bold=True, align="center", font=font)
    return doc


def _codes(tmp_path, name="d.docx", draft=True, **kw):
    path = tmp_path / name
    _doc(**kw).save(path)
    findings = check_format(path, draft=draft)
    return {f.code for f in findings if f.severity == "error"}, findings


def test_good_document_passes(tmp_path):
    errors, findings = _codes(tmp_path)
    assert errors == set(), [f.to_json() for f in findings]


def test_broken_document_fails_with_expected_codes(tmp_path):
    errors, _ = _codes(tmp_path, font="Arial", left_mm=25, bold_qh=False, bordered=True,
                       date_line="Hà Nội, ngày 5 tháng 03 năm 2026", end_mark=False,
                       noi_nhan_italic=False, numbering=False, kt_second="GIÁM ĐỐC",
                       tieu_ngu_rule=False)
    assert {"C03", "C05", "C08", "C09", "C11", "C17", "C28", "C30", "C32", "C35"} <= errors


@pytest.mark.parametrize("line,ok", [
    ("Hà Nội, ngày 05 tháng 01 năm 2026", True),
    ("Hà Nội, ngày 29 tháng 6 năm 2026", True),
    ("Hà Nội, ngày 09 tháng 02 năm 2026", True),
    ("Hà Nội, ngày 15 tháng 03 năm 2026", False),
    ("Hà Nội, ngày 5 tháng 6 năm 2026", False),
    ("Hà Nội, ngày 15 tháng 1 năm 2026", False),
    ("Hà Nội, ngày 30 tháng 02 năm 2026", False),
    ("Hà Nội, ngày      tháng      năm 2026", True),
])
def test_date_padding_rule(tmp_path, line, ok):
    errors, _ = _codes(tmp_path, date_line=line)
    assert ("C17" not in errors) == ok


def test_draft_placeholders_only_in_draft_mode(tmp_path):
    kw = {"so": "Số:      /KH-SNV", "date_line": "Hà Nội, ngày      tháng      năm 2026"}
    assert not {"C14", "C17"} & _codes(tmp_path, **kw)[0]
    assert {"C14", "C17"} <= _codes(tmp_path, name="f.docx", draft=False, **kw)[0]


def test_number_rules(tmp_path):
    assert "C14" in _codes(tmp_path, so="Số: 5/KH-SNV")[0]
    assert "C16" in _codes(tmp_path, name="y.docx", so="Số: 05/2026/KH-SNV")[0]
    assert "C15" in _codes(tmp_path, name="t.docx", so="Số: 05/BC-SNV")[0]


def test_party_document_is_routed(tmp_path):
    doc = b.new_document()
    b.para(doc, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True)
    b.para(doc, "Số 07-CT/TU")
    path = tmp_path / "p.docx"
    doc.save(path)
    assert [(f.code, f.severity) for f in check_format(path)] == [("C37", "info")]


def test_missing_file(tmp_path):
    with pytest.raises(FileMissing):
        check_format(tmp_path / "none.docx")


def test_real_corpus_docx_does_not_crash():
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpora"
    files = sorted(corpus.glob("*.docx")) if corpus.is_dir() else []
    if not files:
        pytest.skip("../shared not present: no corpus .docx to check")
    for f in files:
        findings = check_format(f)
        assert all(x.code.startswith("C") for x in findings)
