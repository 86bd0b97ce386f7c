"""Obligations read from doubtful OCR text are flagged for review (extract/review.py)."""
from __future__ import annotations

from pipeline.extract.review import flag_doubtful_ocr
from pipeline.model import Obligation, Provenance

TEXT = ("Điều 1. Giao Sở Nội vụ rà soát biên chế, báo cáo trước ngày 15/7.\n"
        "Điều 2. Sở Tài chính bảo đảm kinh phí thực hiện.\n"
        "Điều 3. Sở Tư pháp thẩm định văn bản.\n")


def _obligation(sentence: str) -> Obligation:
    start = TEXT.index(sentence)
    return Obligation(text=sentence, kind="task",
                      provenance=Provenance(start=start, end=start + len(sentence), section="", rule="t"))


def _obs():
    return [_obligation("Giao Sở Nội vụ rà soát biên chế, báo cáo trước ngày 15/7."),
            _obligation("Sở Tài chính bảo đảm kinh phí thực hiện."),
            _obligation("Sở Tư pháp thẩm định văn bản.")]


def test_a_doubtful_spot_flags_only_the_obligation_that_holds_it():
    page_2 = TEXT.index("Điều 2.")
    extra = {"page_starts": [0, page_2],
             "ocr": [{"page": 1, "confidence": 93.0, "doubtful": ["biên chế, báo"]},
                     {"page": 2, "confidence": 95.0, "doubtful": ["văn bản."]}]}
    obs = _obs()
    flag_doubtful_ocr(obs, extra)
    assert [o.needs_review for o in obs] == [True, False, True]
    assert "“biên chế, báo”" in obs[0].review[0] and "trang 1" in obs[0].review[0]


def test_a_page_read_with_low_confidence_flags_all_it_holds():
    page_3 = TEXT.index("Điều 3.")
    extra = {"page_starts": [0, page_3], "ocr": [{"page": 2, "confidence": 61.0, "doubtful": []}]}
    obs = _obs()
    flag_doubtful_ocr(obs, extra)
    assert [o.needs_review for o in obs] == [False, False, True]
    assert "61%" in obs[2].review[0]


def test_text_layer_documents_are_not_flagged():
    obs = _obs()
    flag_doubtful_ocr(obs, {"page_starts": [0]})
    flag_doubtful_ocr(obs, {})
    assert not any(o.needs_review or o.review for o in obs)
