"""Obligation extraction: behaviour on small literal documents written for these tests."""
from __future__ import annotations

from datetime import date

import docx

from pipeline import ingest
from pipeline.extract import extract_obligations
from pipeline.extract.clauses import Clause, analyse
from pipeline.structure import structure

HEADER = """ỦY BAN NHÂN DÂN
TỈNH AN HÒA
Số: 12/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
An Hòa, ngày 10 tháng 3 năm 2026

KẾ HOẠCH
Thí điểm sổ tay điện tử

"""


def obligations(body: str):
    doc = structure(ingest.read_text(HEADER + body))
    obs = extract_obligations(doc)
    for o in obs:           # provenance: every obligation is a span of the normalised text
        assert doc.text[o.provenance.start:o.provenance.end] == o.text
    return obs


def leads(o) -> list[str]:
    return [m.text for m in o.lead]


def find(obs, words: str):
    hits = [o for o in obs if words in o.text]
    assert hits, f"no obligation with {words!r} in {[o.text for o in obs]}"
    return hits[0]


def test_heading_gives_its_lead_to_dashed_items():
    obs = obligations("""II. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
- Xây dựng bộ tiêu chí đánh giá sổ tay điện tử.
- Hướng dẫn các xã triển khai thí điểm.
2. Sở Tài chính
- Bố trí kinh phí thực hiện thí điểm.
- Thẩm định dự toán của các đơn vị.
""")
    assert leads(find(obs, "bộ tiêu chí")) == ["Sở Nội vụ"]
    assert leads(find(obs, "Hướng dẫn các xã")) == ["Sở Nội vụ"]
    assert leads(find(obs, "Bố trí kinh phí")) == ["Sở Tài chính"]
    assert leads(find(obs, "Thẩm định dự toán")) == ["Sở Tài chính"]
    assert all(o.kind == "task" for o in obs)
    assert find(obs, "Thẩm định dự toán").section.startswith("II.2")


def test_heading_with_colon_lists_several_leads():
    obs = obligations("""II. TỔ CHỨC THỰC HIỆN
1. Các sở, ban, ngành tỉnh; UBND các xã, phường:
- Xây dựng kế hoạch cụ thể của đơn vị trước ngày 30/4/2026.
""")
    o = find(obs, "kế hoạch cụ thể")
    assert leads(o) == ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"]
    assert o.deadline.due == date(2026, 4, 30)


def test_giao_a_then_b_gives_two_obligations():
    obs = obligations("""II. NHIỆM VỤ
1. Giao Sở Xây dựng rà soát hạ tầng trụ sở các cơ quan; Sở Y tế chuẩn bị phương án dự phòng.
""")
    assert len(obs) == 2
    assert leads(obs[0]) == ["Sở Xây dựng"] and "rà soát hạ tầng" in obs[0].text
    assert leads(obs[1]) == ["Sở Y tế"] and "phương án dự phòng" in obs[1].text


def test_lead_and_coordinators_in_one_sentence():
    obs = obligations("""II. NHIỆM VỤ
1. Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ và Sở Tài chính xây dựng phần mềm sổ tay điện tử.
""")
    assert len(obs) == 1
    assert leads(obs[0]) == ["Sở Khoa học và Công nghệ"]
    assert [m.text for m in obs[0].coordinators] == ["Sở Nội vụ", "Sở Tài chính"]


def test_report_clause_is_split_off():
    obs = obligations("""II. NHIỆM VỤ
1. Sở Khoa học và Công nghệ tổ chức kiểm tra việc vận hành phần mềm tại các xã, báo cáo UBND tỉnh trước ngày 15/12/2026.
""")
    assert [o.kind for o in obs] == ["task", "report"]
    task, report = obs
    assert "kiểm tra việc vận hành" in task.text and "báo cáo" not in task.text
    assert report.text.startswith("báo cáo UBND tỉnh")
    assert [m.text for m in report.report_to] == ["UBND tỉnh"]
    assert leads(report) == ["Sở Khoa học và Công nghệ"]
    assert report.deadline.due == date(2026, 12, 15)
    # gold convention (SCHEMA.md, e.g. cv-11554 3.1): the item's date also binds the task
    # that sets no date of its own
    assert task.deadline.due == date(2026, 12, 15)


def test_quarterly_report_has_a_recurrence():
    obs = obligations("""II. NHIỆM VỤ
1. Sở Nội vụ theo dõi, đôn đốc các đơn vị triển khai Kế hoạch; định kỳ hằng quý tổng hợp kết quả, báo cáo UBND tỉnh trước ngày 20 của tháng cuối quý.
""")
    report = [o for o in obs if o.kind == "report"]
    assert len(report) == 1
    assert report[0].deadline.recurrence and "FREQ=" in report[0].deadline.recurrence
    assert [m.text for m in report[0].report_to] == ["UBND tỉnh"]


def test_purpose_section_items_are_not_obligations():
    obs = obligations("""I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao chất lượng quản lý hồ sơ điện tử trong toàn tỉnh.
2. Các cơ quan bảo đảm phối hợp chặt chẽ, thực hiện đúng tiến độ.
II. NHIỆM VỤ
1. Sở Nội vụ hướng dẫn các xã lập hồ sơ điện tử.
""")
    assert [o.text for o in obs] == ["Sở Nội vụ hướng dẫn các xã lập hồ sơ điện tử"]
    assert obs[0].section == "II.1"


def test_target_items():
    obs = obligations("""II. CHỈ TIÊU
1. Phấn đấu 100% văn bản được gửi nhận dưới dạng điện tử trong năm 2026.
""")
    assert [o.kind for o in obs] == ["target"]
    assert obs[0].deadline.due == date(2026, 12, 31)


def test_rule_ids_are_recorded():
    obs = obligations("""II. NHIỆM VỤ
1. Giao Sở Xây dựng rà soát hạ tầng trụ sở các cơ quan.
""")
    assert obs[0].provenance.rule
    assert obs[0].id == 1


def test_capitalised_report_item_names_report_to():
    s = "Báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 10/12/2026."
    r = analyse(s, Clause(0, len(s), s))
    assert r.kind == "report"
    assert [m.text for m in r.report_to] == ["Sở Nội vụ"]


def test_lowercase_report_clause_names_report_to():
    s = "báo cáo kết quả thực hiện về Sở Nội vụ trước ngày 10/12/2026."
    r = analyse(s, Clause(0, len(s), s))
    assert r.kind == "report"
    assert [m.text for m in r.report_to] == ["Sở Nội vụ"]


# --- task tables ------------------------------------------------------------------------

TABLE = [
    ["STT", "Nội dung", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
    ["I", "Nhóm nhiệm vụ về thể chế", "", "", "Năm 2026", ""],
    ["1", "Xây dựng quy chế sổ tay điện tử", "Sở Nội vụ", "Văn phòng UBND tỉnh", "", "Quy chế"],
    ["2", "Ban hành hướng dẫn lưu trữ sổ tay", "Sở Tư pháp", "Sở Nội vụ", "Quý III/2026", "Hướng dẫn"],
    ["II", "Nhóm nhiệm vụ về hạ tầng", "", "", "", ""],
    ["3", "Nâng cấp máy chủ lưu trữ dùng chung", "Sở Khoa học và Công nghệ", "Sở Tài chính", "Tháng 9/2026",
     "Máy chủ"],
]


def _table_doc(tmp_path, rows):
    d = docx.Document()
    for p in ["ỦY BAN NHÂN DÂN TỈNH AN HÒA", "Số: 12/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
              "An Hòa, ngày 10 tháng 3 năm 2026", "KẾ HOẠCH", "Thí điểm sổ tay điện tử", "II. NHIỆM VỤ CỤ THỂ"]:
        d.add_paragraph(p)
    t = d.add_table(rows=len(rows), cols=len(rows[0]))
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            t.cell(i, j).text = c
    d.add_paragraph("Nơi nhận:")
    p = tmp_path / "table.docx"
    d.save(p)
    doc = structure(ingest.read(p))
    return extract_obligations(doc)


def test_task_table_one_obligation_per_task_row(tmp_path):
    obs = _table_doc(tmp_path, TABLE)
    assert [o.text for o in obs] == ["Xây dựng quy chế sổ tay điện tử", "Ban hành hướng dẫn lưu trữ sổ tay",
                                     "Nâng cấp máy chủ lưu trữ dùng chung"]
    assert [leads(o) for o in obs] == [["Sở Nội vụ"], ["Sở Tư pháp"], ["Sở Khoa học và Công nghệ"]]
    assert [m.text for m in obs[1].coordinators] == ["Sở Nội vụ"]
    assert [m.text for m in obs[2].coordinators] == ["Sở Tài chính"]
    assert obs[1].deadline.due == date(2026, 9, 30)
    assert obs[2].deadline.due == date(2026, 9, 30)
    assert all(o.kind == "task" for o in obs)


def test_task_table_group_time_is_inherited(tmp_path):
    obs = _table_doc(tmp_path, TABLE)
    first = obs[0]
    assert [m.text for m in first.coordinators] == ["Văn phòng UBND tỉnh"]
    assert first.deadline.due == date(2026, 12, 31)
    assert first.product == "Quy chế"


def test_subject_after_an_adverbial_opening():
    obs = obligations("1. Trên cơ sở kết quả rà soát của các xã, phường, Sở Tài chính khẩn trương tổng hợp "
                      "nhu cầu kinh phí, trình UBND tỉnh.\n")
    assert leads(find(obs, "nhu cầu kinh phí")) == ["Sở Tài chính"]


CD = """BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG
Số: 41/CĐ-BNNMT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Hà Nội, ngày 02 tháng 10 năm 2026

CÔNG ĐIỆN
Về việc chủ động ứng phó với bão số 9

BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG điện:
- Các Cục: Quản lý đê điều và Phòng, chống thiên tai, Thủy lợi;
- Sở Nông nghiệp và Môi trường các tỉnh: Thanh Hóa, Nghệ An.

Để chủ động ứng phó với bão số 9, Bộ Nông nghiệp và Môi trường yêu cầu các cơ quan, đơn vị:
1. Theo dõi chặt chẽ diễn biến của bão, kịp thời thông tin cho người dân.
2. Các Sở Nông nghiệp và Môi trường nêu trên
- Kiểm tra an toàn hồ đập, bố trí lực lượng trực tại các công trình xung yếu.
"""


def test_cong_dien_items_go_to_the_addressees():
    doc = structure(ingest.read_text(CD))
    obs = extract_obligations(doc)
    first = find(obs, "Theo dõi chặt chẽ")
    assert "Cục Thủy lợi" in leads(first)
    assert any(x == "Sở Nông nghiệp và Môi trường các tỉnh Thanh Hóa, Nghệ An" for x in leads(first))
    dams = find(obs, "an toàn hồ đập")
    assert len(dams.lead) == 1 and dams.lead[0].text.startswith("Sở Nông nghiệp và Môi trường các tỉnh")


def test_subject_the_gazetteer_does_not_know():
    obs = obligations("1. Các lực lượng chức năng phải tăng cường tuần tra, kiểm soát trên các tuyến đường.\n"
                      "2. Tổ chức kịp thời hội nghị sơ kết công tác phòng cháy trong quý III.\n")
    assert leads(find(obs, "tuần tra")) == ["Các lực lượng chức năng"]
    assert leads(find(obs, "hội nghị sơ kết")) != ["Tổ chức"]     # "Tổ chức" is the verb here


def test_generic_subject_after_an_opening_and_a_province_in_a_lead_in():
    obs = obligations("1. Đồng thời, cấp ủy, chính quyền cơ sở phải nắm chắc hoàn cảnh các hộ khó khăn.\n"
                      "2. Trong quá trình thực hiện, nếu có vướng mắc, các sở, ngành chủ động đề xuất sửa đổi.\n")
    assert leads(find(obs, "nắm chắc")) == ["cấp ủy, chính quyền cơ sở"]
    assert not any("vướng mắc" in o.text and leads(o) == ["các sở, ngành"] for o in obs)


def test_province_named_as_the_actor_of_a_lead_in():
    obs = obligations("Để hoàn thành các chỉ tiêu năm 2026, tỉnh An Hòa cần tập trung thực hiện các nhiệm vụ sau:\n"
                      "1. Rà soát các chỉ tiêu kinh tế - xã hội được giao.\n")
    assert leads(find(obs, "Rà soát các chỉ tiêu")) == ["tỉnh An Hòa"]


def test_label_before_a_subject_with_an_accented_capital():
    obs = obligations("1. Mở tài khoản cho đối tượng: Ủy ban nhân dân xã, phường phối hợp với các ngân hàng "
                      "thương mại mở tài khoản tại nhà văn hóa.\n")
    assert leads(find(obs, "mở tài khoản tại")) == ["Ủy ban nhân dân xã, phường"]


def test_group_named_after_an_assigning_word_in_a_heading():
    obs = obligations("6. Đề nghị các tổ chức cung cấp dịch vụ chi trả\n"
                      "a) Bố trí điểm chi trả lưu động tại các thôn, ấp.\n")
    assert leads(find(obs, "điểm chi trả lưu động")) == ["các tổ chức cung cấp dịch vụ chi trả"]


def test_long_for_heading_keeps_its_first_qualifier():
    obs = obligations("3. Đối với các cơ sở chăn nuôi có quy mô từ 500 con trở lên ở gần khu dân cư và thuộc "
                      "danh mục phải lập báo cáo đánh giá tác động môi trường theo quy định hiện hành của pháp luật:\n"
                      "- Vận hành thường xuyên hệ thống xử lý chất thải.\n")
    assert leads(find(obs, "hệ thống xử lý")) == [
        "các cơ sở chăn nuôi có quy mô từ 500 con trở lên ở gần khu dân cư"]


def test_subject_qualified_by_its_owner_before_a_duty():
    obs = obligations("1. Sở, ban, ngành thuộc Ủy ban nhân dân tỉnh có trách nhiệm rà soát thủ tục hành chính.\n"
                      "2. Sở Nội vụ thuộc diện được kiểm tra năm nay.\n"
                      "3. Các bộ, cơ quan ngang bộ, cơ quan trực thuộc Chính phủ khẩn trương rà soát văn bản.\n")
    assert leads(find(obs, "rà soát thủ tục")) == ["Sở, ban, ngành thuộc Ủy ban nhân dân tỉnh"]
    assert leads(find(obs, "rà soát văn bản")) == ["Các bộ, cơ quan ngang bộ, cơ quan trực thuộc Chính phủ"]
    assert not any("thuộc diện" in m.text for o in obs for m in o.lead)     # no duty after: no subject


def test_a_lead_in_asking_heads_of_bodies_passes_them_down():
    obs = obligations("Để bảo đảm an ninh nguồn nước, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu Giám đốc, "
                      "Thủ trưởng các sở, ban ngành, Chủ tịch Ủy ban nhân dân xã, phường và các đơn vị liên quan "
                      "trong phạm vi chức năng của mình tập trung thực hiện các nhiệm vụ sau:\n\n"
                      "1. Kết hợp khai thác nước mặt với nước dưới đất.\n\n"
                      "2. Sở Xây dựng rà soát quy hoạch cấp nước.\n")
    assert leads(find(obs, "Kết hợp khai thác")) == [
        "các sở, ban ngành", "Ủy ban nhân dân xã, phường", "các đơn vị liên quan"]
    assert leads(find(obs, "rà soát quy hoạch")) == ["Sở Xây dựng"]


def test_an_item_of_several_sentences_over_its_details_is_work_of_its_own():
    obs = obligations("II. TỔ CHỨC THỰC HIỆN\n"
                      "1. Ủy ban nhân dân các xã\n"
                      "a) Hoàn thành rà soát các tổ tự quản trước ngày 31 tháng 5 năm 2026. Khẩn trương ban hành "
                      "phương án bố trí người hoạt động không chuyên trách.\n"
                      "Phương án phải gắn với yêu cầu nâng cao chất lượng đội ngũ, theo hướng:\n"
                      "- Ưu tiên người có trình độ chuyên môn phù hợp;\n"
                      "- Bảo đảm công khai, minh bạch.\n"
                      "b) Tổ chức học tập, quán triệt nội dung Kế hoạch.\n"
                      "2. Sở Nội vụ\n"
                      "a) Bảo đảm chế độ, chính sách cho người nghỉ việc.\n"
                      "- Hướng dẫn các xã lập danh sách.\n")
    dated = find(obs, "Hoàn thành rà soát")
    assert leads(dated) == ["Ủy ban nhân dân các xã"] and dated.deadline.due == date(2026, 5, 31)
    assert any("Khẩn trương ban hành" in o.text for o in obs)
    assert not any(o.text.startswith("Bảo đảm chế độ, chính sách") for o in obs)   # one sentence: a heading


def test_a_task_that_names_where_its_reports_go_has_report_to():
    obs = obligations("1. Sở Xây dựng tổ chức trực ban 24/24 giờ, thực hiện nghiêm túc chế độ báo cáo về "
                      "Ban Chỉ huy Phòng thủ dân sự tỉnh.\n"
                      "2. Sở Nội vụ xây dựng báo cáo về tình hình thực hiện chế độ công vụ.\n")
    duty = find(obs, "trực ban")
    assert duty.kind == "task" and [m.text for m in duty.report_to] == ["Ban Chỉ huy Phòng thủ dân sự tỉnh"]
    assert find(obs, "tình hình thực hiện").report_to == []        # "báo cáo về" a topic, not a body


def test_a_basis_opening_that_assigns_work_is_an_obligation():
    obs = obligations("III. TỔ CHỨC THỰC HIỆN\n"
                      "1. Căn cứ nội dung Kế hoạch này, các sở, ban, ngành và Ủy ban nhân dân các xã, phường "
                      "xây dựng kế hoạch chi tiết trong phạm vi quản lý. Hằng năm báo cáo kết quả thực hiện về "
                      "Sở Tư pháp.\n"
                      "2. Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư.\n")
    plan = find(obs, "kế hoạch chi tiết")
    assert leads(plan) == ["các sở, ban, ngành", "Ủy ban nhân dân các xã, phường"]
    report = find(obs, "Hằng năm báo cáo")
    assert report.kind == "report" and [m.text for m in report.report_to] == ["Sở Tư pháp"]
    assert not any("Nghị định số 30" in o.text for o in obs)          # a legal basis is no obligation


def test_paragraphs_after_an_opinion_lead_in_are_work():
    head = ("ỦY BAN NHÂN DÂN\nTỈNH AN HÒA\nSố: 88/UBND-KT\nV/v triển khai ý kiến chỉ đạo\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nAn Hòa, ngày 10 tháng 3 năm 2026\n\n"
            "Kính gửi: Các sở, ban, ngành tỉnh\n\n")
    body = ("Xét báo cáo của Sở Tài chính về tình hình giải ngân vốn đầu tư công, Phó Chủ tịch Ủy ban "
            "nhân dân tỉnh có ý kiến như sau:\n\n"
            "Sở Kế hoạch và Đầu tư nghiên cứu các giải pháp nêu tại báo cáo trong quá trình điều hành.\n\n"
            "Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.\n")
    doc = structure(ingest.read_text(head + body))
    obs = extract_obligations(doc)
    assert [leads(o) for o in obs if "nghiên cứu các giải pháp" in o.text] == [["Sở Kế hoạch và Đầu tư"]]


def test_a_date_set_by_another_bodys_sentence_stays_there():
    obs = obligations("1. Yêu cầu các cấp ủy, cơ quan, đơn vị khẩn trương sắp xếp tổ chức bộ máy bên trong. "
                      "Các tỉnh ủy, thành ủy phối hợp Bộ Y tế sắp xếp các trạm y tế cấp xã, hoàn thành trước "
                      "ngày 31/12/2025.\n"
                      "2. Sở Nội vụ chủ trì rà soát vị trí việc làm. Sở Tài chính bảo đảm kinh phí. "
                      "Thời hạn hoàn thành: trước ngày 30/11/2025.\n")
    assert find(obs, "bộ máy bên trong").deadline.due is None
    assert find(obs, "trạm y tế").deadline.due == date(2025, 12, 31)
    assert find(obs, "vị trí việc làm").deadline.due == date(2025, 11, 30)      # a "Thời hạn" closes the item
    assert find(obs, "bảo đảm kinh phí").deadline.due == date(2025, 11, 30)


def test_titles_in_capitals_and_funding_statements_are_no_obligations():
    obs = obligations("III. KINH PHÍ\n"
                      "Kinh phí thực hiện Kế hoạch được bố trí trong dự toán chi ngân sách hằng năm của các cơ quan.\n"
                      "IV. TỔ CHỨC THỰC HIỆN\n"
                      "1. Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch.\n"
                      "2. DANH SÁCH CÁC ĐƠN VỊ THỰC HIỆN NHIỆM VỤ CHUYỂN ĐỔI SỐ\n")
    assert [o.text for o in obs] == ["Sở Tài chính tham mưu bố trí kinh phí thực hiện Kế hoạch"]


def test_a_recipient_line_is_no_obligation():
    obs = obligations("Đồng kính gửi:\n- Chủ tịch Ủy ban nhân dân tỉnh (để báo cáo).\n\n"
                      "1. Sở Nội vụ rà soát biên chế, báo cáo trước ngày 15/7/2026.\n")
    assert [o.text[:8] for o in obs] == ["Sở Nội v", "báo cáo "]
