"""Issue 6 acceptance: text with &, <, >, quotes and very long lines goes through the whole
draft path (context builder -> shipped template -> .docx) unchanged, and the draft still
passes the ND30 check."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from docx import Document

from pipeline.generate.context import issuer_plan_context, plan_context
from pipeline.generate.nd30_check import check_format
from pipeline.generate.render import render_docx
from pipeline.generate.sample import sample_agency, sample_analysis, sample_issuer
from pipeline.model import AgencyMention

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

TEMPLATES = ROOT / "templates"
TODAY = date(2026, 3, 2)
TRICKY = ('Nâng cấp hệ thống "QLVB & ĐH" <phiên bản 2> cho \'Bộ phận một cửa\' '
          '(tỉ lệ > 95% & thời gian < 2 giờ)')
LONG = "Rà soát, cập nhật dữ liệu " + ", ".join(f"hồ sơ nhóm {i}" for i in range(400))
TOKEN = "https://dichvucong.example.vn/" + "a1b2c3" * 60        # one unbreakable word


def _text(path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _tricky_analysis():
    a = sample_analysis()
    obs = a.obligations
    obs[0].text = TRICKY + "."
    obs[1].text = LONG + "."
    obs[2].text = f"Công khai hướng dẫn tại {TOKEN} & trên Cổng <Dịch vụ công>."
    obs[0].product = 'Báo cáo "kết quả" & danh mục <đính kèm>'
    obs[0].coordinators = [AgencyMention('Trung tâm "Phục vụ" hành chính công & <Số hóa>')]
    a.doc.metadata = replace(a.doc.metadata, title='Về "chữ ký số" & <văn bản điện tử>')
    return a


@pytest.mark.parametrize("form,template", [("kh", "ke-hoach.docx"), ("cv", "cong-van.docx")])
def test_special_characters_and_long_lines_in_derived_drafts(form, template, tmp_path):
    a = _tricky_analysis()
    agency = sample_agency(a)
    agency.lead = a.obligations[:2]
    agency.coordinate = [a.obligations[2]]
    out = render_docx(TEMPLATES / template, plan_context(a, agency, form=form, today=TODAY),
                      tmp_path / f"{form}.docx")
    text = _text(out)
    assert TRICKY + "." in text
    assert LONG + "." in text
    assert TOKEN in text and "<Dịch vụ công>" in text
    assert "&amp;" not in text and "&lt;" not in text and "&quot;" not in text
    assert 'Trung tâm "Phục vụ" hành chính công & <Số hóa>' in text
    if form == "kh":
        assert 'Báo cáo "kết quả" & danh mục <đính kèm>' in text
        assert '"chữ ký số" & <văn bản điện tử>' in text
    errors = [f for f in check_format(out) if f.severity == "error"]
    assert not errors, errors


def test_special_characters_in_issuer_plan(tmp_path):
    a = _tricky_analysis()
    out = render_docx(TEMPLATES / "ke-hoach-ban-hanh.docx",
                      issuer_plan_context(a, issuer=sample_issuer(), today=TODAY),
                      tmp_path / "issuer.docx")
    text = _text(out)
    assert TRICKY + "." in text and LONG + "." in text and TOKEN in text
    assert not [f for f in check_format(out) if f.severity == "error"]
