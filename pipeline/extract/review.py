"""Flag obligations read from doubtful OCR text, for the clerk to check against the scan.

Pure: takes the obligations and the SourceFile.extra that ingest filled in
("ocr": per OCR'd page its confidence and doubtful words; "page_starts": where
each page begins in the text). An obligation needs review when it lies on an
OCR'd page whose mean confidence is low, or when its text holds a spot where the
OCR was unsure of a word (the word with its neighbours on the line).
"""
from __future__ import annotations

from ..ingest.ocr import page_of
from ..model import Obligation

PAGE_MIN_CONF = 80.0        # an OCR'd page with a lower mean word confidence is doubtful throughout


def flag_doubtful_ocr(obligations: list[Obligation], extra: dict) -> None:
    """Set needs_review, with a reason, on obligations that rest on doubtful OCR text."""
    pages = {p["page"]: p for p in extra.get("ocr") or []}
    starts = extra.get("page_starts") or []
    if not pages or not starts:
        return
    for ob in obligations:
        first, last = page_of(ob.provenance.start, starts), page_of(max(ob.provenance.start,
                                                                        ob.provenance.end - 1), starts)
        reasons: list[str] = []
        for no in range(first, last + 1):
            page = pages.get(no)
            if page is None:
                continue
            if page["confidence"] < PAGE_MIN_CONF:
                reasons.append(f"trang {no} là bản quét, nhận dạng chữ kém tin cậy "
                               f"({page['confidence']:.0f}%): đối chiếu với bản gốc")
                continue
            text = " ".join(ob.text.split())
            spots = [w for w in page.get("doubtful") or [] if w in text]
            if spots:
                reasons.append(f"trang {no} là bản quét, có chữ nhận dạng không chắc chắn ở: "
                               + "; ".join(f"“{w}”" for w in spots[:3]))
        if reasons:
            ob.needs_review = True
            ob.review.extend(reasons)
