"""Scorer: tokens, matching, body sets, recurrence equivalence, whole-document scores."""
from __future__ import annotations

from pipeline.evaluate.scorer import match, norm_body, score_document, set_counts, tokens


def test_tokens_fold_case_tone_and_punctuation():
    assert tokens("Số HOÁ tài liệu, lưu trữ!") == ["số", "hóa", "tài", "liệu", "lưu", "trữ"]
    assert tokens("") == []


def test_match_needs_half_of_the_gold_tokens():
    gold = [{"quote": "rà soát quy chế công tác văn thư lưu trữ"}]           # 10 tokens
    assert match([{"text": "rà soát quy chế công tác văn"}], gold) == [(0, 0)]   # 7/10
    assert match([{"text": "rà soát quy chế công"}], gold) == [(0, 0)]           # 5/10 = 0.5
    assert match([{"text": "rà soát quy chế"}], gold) == []                      # 4/10


def test_match_is_one_to_one_best_first():
    gold = [{"quote": "xây dựng phần mềm sổ tay điện tử"}, {"quote": "kiểm tra phần mềm sổ tay tại các xã"}]
    preds = [{"text": "kiểm tra phần mềm sổ tay tại các xã"}, {"text": "xây dựng phần mềm sổ tay điện tử"},
             {"text": "xây dựng phần mềm sổ tay điện tử"}]
    pairs = match(preds, gold)
    assert sorted(pairs) == [(0, 1), (1, 0)] or sorted(pairs) == [(0, 1), (2, 0)]
    assert len({j for _, j in pairs}) == len(pairs) == 2


def test_match_accepts_quote_field_in_predictions():
    assert match([{"quote": "báo cáo UBND tỉnh trước ngày 15/12"}], [{"quote": "báo cáo UBND tỉnh"}]) == [(0, 0)]


def test_body_names_normalise():
    assert norm_body("Ủy ban nhân dân tỉnh Phú Thọ") == norm_body("UBND tỉnh Phú Thọ")
    assert norm_body("Các sở, ban, ngành") == norm_body("sở, ban, ngành")
    assert norm_body("UBND Thành phố") == norm_body("Ủy ban nhân dân thành phố")


def test_set_counts():
    assert set_counts(["Ủy ban nhân dân tỉnh"], ["UBND tỉnh"]) == (1, 0, 0)
    assert set_counts(["các Sở Nội vụ"], ["Sở Nội vụ"]) == (1, 0, 0)
    assert set_counts(["Sở Nội vụ", "Sở Y tế"], ["Sở Nội vụ"]) == (1, 1, 0)
    assert set_counts([], ["Sở Tư pháp"]) == (0, 0, 1)
    assert set_counts(["Sở Nội vụ", "Sở Nội vụ"], ["Sở Nội vụ"]) == (1, 1, 0)


def _doc(obs, **meta):
    return {"metadata": meta, "obligations": obs}


def _ob(text, kind="task", lead=(), due=None, rec=None, key="text"):
    return {key: text, "kind": kind, "lead": list(lead), "coordinators": [], "report_to": [],
            "deadline": {"text": None, "due": due, "recurrence": rec}}


def test_recurrence_equivalence_quarterly_end_of_month():
    pred = _doc([_ob("báo cáo tiến độ triển khai lên UBND tỉnh", "report", due="2026-03-31",
                     rec="FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1")])
    gold = _doc([_ob("báo cáo tiến độ triển khai lên UBND tỉnh", "report", due="2026-03-31",
                     rec="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", key="quote")])
    s, pairs = score_document(pred, gold)
    assert pairs == [(0, 0)]
    assert s.recurrence.value() == 1.0 and s.recurrence_recurring.value() == 1.0


def test_different_recurrence_is_wrong():
    pred = _doc([_ob("báo cáo tiến độ triển khai lên UBND tỉnh", "report", due="2026-03-31",
                     rec="FREQ=MONTHLY;BYMONTHDAY=-1")])
    gold = _doc([_ob("báo cáo tiến độ triển khai lên UBND tỉnh", "report", due="2026-03-31",
                     rec="FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", key="quote")])
    s, _ = score_document(pred, gold)
    assert s.recurrence.value() == 0.0


def test_score_document_counts():
    gold = _doc([_ob("xây dựng phần mềm sổ tay điện tử", lead=["Ủy ban nhân dân tỉnh"], due="2026-06-30", key="quote"),
                 _ob("kiểm tra việc vận hành phần mềm tại các xã", lead=["Sở Nội vụ"], key="quote")],
                doc_type="KH", number_symbol="12/KH-UBND", issuer="Ủy ban nhân dân tỉnh An Hòa",
                issued_date="2026-03-10", title="Kế hoạch thí điểm", references=["14/CT-TTg"])
    pred = _doc([_ob("Xây dựng phần mềm sổ tay điện tử", lead=["UBND tỉnh"], due="2026-06-30"),
                 _ob("tổ chức hội nghị sơ kết cuối năm", lead=["Sở Y tế"])],
                doc_type="KH", number_symbol="12/KH-UBND", issuer="UBND tỉnh An Hòa",
                issued_date="2026-03-10", title="KẾ HOẠCH thí điểm.", references=["14/ct-ttg"])
    s, pairs = score_document(pred, gold)
    j = s.to_json()
    assert pairs == [(0, 0)]
    assert (j["obligations"]["tp"], j["obligations"]["fp"], j["obligations"]["fn"]) == (1, 1, 1)
    assert j["kind"] == 1.0 and j["lead"] == 1.0 and j["due"] == 1.0
    assert all(v == 1.0 for v in j["metadata"].values()), j["metadata"]
