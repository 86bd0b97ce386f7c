from dataclasses import replace
from datetime import date

import pytest

from pipeline.generate.context import (PlanAgency, choose_form, issuer_plan_context,
                                       plan_context, split_for_agency)
from pipeline.generate.sample import sample_agency, sample_analysis, sample_issuer
from pipeline.generate.textfmt import citation_date, deadline_text, marker
from pipeline.model import Agency, Deadline

TODAY = date(2026, 3, 2)


def test_title_and_header_from_metadata():
    a = sample_analysis()
    ctx = plan_context(a, sample_agency(a), form="kh", today=TODAY)
    assert ctx["title"] == ("Thực hiện Chỉ thị số 09/CT-UBND ngày 05/02/2026 của UBND Thành phố "
                            "về tăng cường sử dụng chữ ký số trong xử lý văn bản")
    assert ctx["doc_code"] == "KH-SNV" and ctx["number"].strip() == ""
    assert ctx["day"].strip() == "" and ctx["month"].strip() == "" and ctx["year"] == "2026"
    assert ctx["opening"].startswith("Thực hiện Chỉ thị số 09/CT-UBND")
    assert ctx["signer_lines"] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"] and ctx["signer_name"] == ""
    assert all("Chỉ thị số 09/CT-UBND" in ctx["purposes"][0] for _ in [0])


def test_tasks_grouped_by_section_lead_first():
    a = sample_analysis()
    ctx = plan_context(a, sample_agency(a), form="kh", today=TODAY)
    [group] = ctx["task_groups"]
    assert group["heading"] == "1. Nhiệm vụ, giải pháp (mục II của Chỉ thị)"
    markers = [t["marker"] for t in group["tasks"]]
    assert markers == ["a)", "b)", "c)"]
    assert "Phối hợp: Văn phòng UBND Thành phố" in group["tasks"][0]["details"]
    assert "trước ngày 30/6/2026" in group["tasks"][0]["details"]
    assert "30/09/2026" in group["tasks"][1]["details"]
    assert group["tasks"][2]["details"].startswith("Chủ trì: Sở Khoa học và Công nghệ")
    assert [r["lead"] for r in ctx["task_rows"]] == ["Sở Nội vụ", "Sở Nội vụ",
                                                     "Sở Khoa học và Công nghệ"]


def test_reports_and_recipients():
    a = sample_analysis()
    ctx = plan_context(a, sample_agency(a), form="kh", today=TODAY)
    org = ctx["organization"]
    assert org[0].startswith("1. Văn phòng Sở, Phòng Cải cách hành chính")
    assert org[1].startswith("2. Chế độ báo cáo")
    assert any("15/12/2026" in line for line in org[2:])
    assert ctx["recipients"][0] == "UBND Thành phố (để báo cáo)"
    assert "Sở Khoa học và Công nghệ (để phối hợp)" in ctx["recipients"]
    assert ctx["archive"] == "VT, VP"
    assert not ctx["closing"].endswith(".")


def test_generic_units_and_blank_symbol():
    a = sample_analysis()
    agency = replace(sample_agency(a), units=[], symbol=None, archive_unit=None, hub=None)
    ctx = plan_context(a, agency, form="kh", today=TODAY)
    assert ctx["doc_code"] == "KH-"
    assert ctx["organization"][0].startswith("1. Các phòng, đơn vị trực thuộc")
    assert ctx["archive"] == "VT"
    cv = plan_context(a, agency, form="cv", today=TODAY)
    assert cv["addressees"] == ["Các phòng, đơn vị trực thuộc"]
    assert "các phòng, đơn vị trực thuộc triển khai" in cv["opening"]


def test_cong_van_context():
    a = sample_analysis()
    cv = plan_context(a, sample_agency(a), form="cv", year=2027, today=TODAY)
    assert cv["subject"] == "triển khai thực hiện Chỉ thị số 09/CT-UBND của UBND Thành phố"
    assert cv["doc_code"] == "SNV-VP" and cv["year"] == "2027"
    assert cv["addressees"][0] == "Văn phòng Sở"
    assert "title" not in cv and "task_rows" not in cv


def test_issuer_plan_groups_by_lead_body():
    a = sample_analysis()
    ctx = issuer_plan_context(a, issuer=sample_issuer(), today=TODAY)
    assert [g["heading"] for g in ctx["task_groups"]] == ["1. Sở Nội vụ",
                                                          "2. Sở Khoa học và Công nghệ"]
    assert ctx["signer_lines"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert len(ctx["task_rows"]) == 3
    assert any(line.startswith("- Các sở, ban, ngành: ") for line in ctx["organization"])


def test_choose_form():
    a = sample_analysis()
    assert choose_form(a) == "kh"
    a.doc.metadata.doc_type = "CV"
    assert choose_form(a) == "cv"
    a.obligations = a.obligations * 4
    assert choose_form(a) == "kh"
    a.doc.metadata.doc_type = "KL"
    a.obligations = a.obligations[:1]
    assert choose_form(a) == "kh"


def test_plan_context_rejects_unknown_form():
    a = sample_analysis()
    with pytest.raises(ValueError):
        plan_context(a, sample_agency(a), form="bc", today=TODAY)


def test_split_and_from_agency():
    a = sample_analysis()
    lead, coord, reports = split_for_agency(a.obligations, {"hn-skhcn"})
    assert [o.id for o in lead] == [3] and coord == [] and reports == []
    lead, coord, reports = split_for_agency(a.obligations, set(), {"Sở Nội vụ"})
    assert [o.id for o in lead] == [1, 2] and [o.id for o in coord] == [3]
    assert [o.id for o in reports] == [4]
    ag = Agency(id="hn-snv", canonical="Sở Nội vụ", symbol="SNV",
                header_name="UBND THÀNH PHỐ HÀ NỘI/SỞ NỘI VỤ")
    pa = PlanAgency.from_agency(ag, units=["Văn phòng Sở"])
    assert (pa.header_parent, pa.header_name, pa.symbol) == ("UBND THÀNH PHỐ HÀ NỘI",
                                                             "SỞ NỘI VỤ", "SNV")


def test_text_helpers():
    assert citation_date(date(2026, 2, 5)) == "05/02/2026"
    assert citation_date(date(2025, 7, 23)) == "23/7/2025"
    assert [marker(i) for i in (3, 4, 5)] == ["d)", "đ)", "e)"]
    assert marker(40) == "-"
    assert deadline_text(Deadline(due=date(2026, 1, 9))) == "trước ngày 09/01/2026"
    assert deadline_text(Deadline(recurrence="FREQ=WEEKLY")) == "hằng tuần"
    assert deadline_text(Deadline()) == ""


def test_about_keeps_codes_of_a_title_in_capitals():
    from pipeline.generate.textfmt import about
    from pipeline.model import Metadata
    meta = Metadata(doc_type="KH", title="TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 214/NQ-CP NGÀY 23/7/2025")
    assert about(meta) == "về triển khai thực hiện nghị quyết số 214/NQ-CP ngày 23/7/2025"
    assert about(Metadata(doc_type="CV", title="V/v tăng cường phòng cháy")) == \
        "về tăng cường phòng cháy"


def test_top_level_tasks_share_one_group():
    from dataclasses import replace as rep
    a = sample_analysis()
    agency = sample_agency(a)
    agency.lead = [rep(o, provenance=rep(o.provenance, section=str(i)))
                   for i, o in enumerate(agency.lead, 1)]
    agency.coordinate = [rep(o, provenance=rep(o.provenance, section="3-2"))
                         for o in agency.coordinate]
    groups = plan_context(a, agency, form="kh", today=TODAY)["task_groups"]
    assert groups[0]["heading"] == "1. Các nhiệm vụ được giao"
    assert [t["marker"] for t in groups[0]["tasks"]] == ["a)", "b)"]
    assert groups[1]["heading"] == "2. Nhiệm vụ tại mục 3 của Chỉ thị"
