"""Deadline expressions -> dates and RRULEs (cases in tests/data/cases/deadlines.jsonl)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.extract.deadlines import expand, find_deadline, find_deadlines, parse_deadline, same_schedule
from pipeline.model import Deadline

CASES = [json.loads(line) for line in
         (Path(__file__).parents[1] / "data" / "cases" / "deadlines.jsonl").read_text(encoding="utf-8").splitlines()
         if line.strip()]


def _d(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    doc = _d(case["doc_date"])
    if case.get("mode") == "find":
        got = find_deadline(case["text"], doc)
        if case.get("none"):
            assert got is None, got
            return
        assert got is not None
    else:
        got = parse_deadline(case["text"], doc)
    assert got.due == _d(case["due"]), got
    if case["recurrence"] is None:
        assert got.recurrence is None, got
    elif got.due is not None:
        assert same_schedule(got.recurrence, case["recurrence"], got.due), got
    else:
        assert got.recurrence is not None, got
    if "start" in case:
        assert (got.period_start, got.period_end) == (_d(case["start"]), _d(case["end"])), got
    if "needs_review" in case:
        assert got.needs_review is case["needs_review"], got
    if "span" in case:
        assert got.text == case["span"]
    if got.text:
        assert case["text"][got.start:got.end] == got.text


def test_case_names_unique_and_many():
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)) and len(names) >= 170


def test_half_year_expands_from_march_document():
    dl = parse_deadline("định kỳ 6 tháng", date(2026, 3, 10))
    assert dl.due == date(2026, 6, 30)
    assert expand(dl, dl.due, count=3) == [date(2026, 6, 30), date(2026, 12, 31), date(2027, 6, 30)]


def test_expand_without_recurrence_and_with_until():
    assert expand(Deadline(due=date(2026, 1, 5)), date(2026, 1, 5)) == [date(2026, 1, 5)]
    got = expand("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", date(2025, 12, 15), until=date(2027, 12, 31))
    assert got == [date(2025, 12, 15), date(2026, 12, 15), date(2027, 12, 15)]


def test_expand_monthly_month_end():
    got = expand("FREQ=MONTHLY", date(2026, 1, 31), count=3)
    assert got == [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31)]


@pytest.mark.parametrize("a,b,due,same", [
    ("FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", "FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", date(2025, 12, 31), True),
    ("FREQ=MONTHLY;INTERVAL=6", "FREQ=YEARLY;BYMONTH=6,12;BYMONTHDAY=-1", date(2025, 12, 31), True),
    ("FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", date(2025, 12, 31), True),
    ("FREQ=YEARLY;BYMONTH=12", "FREQ=YEARLY", date(2025, 12, 31), True),
    ("RRULE:FREQ=WEEKLY", "FREQ=WEEKLY;BYDAY=SU", date(2025, 12, 7), True),
    ("FREQ=YEARLY", "FREQ=MONTHLY;INTERVAL=6", date(2025, 12, 31), False),
    ("FREQ=MONTHLY;BYMONTHDAY=20", "FREQ=MONTHLY;BYMONTHDAY=15", date(2025, 11, 20), False),
    (None, None, date(2025, 1, 1), True),
    ("FREQ=YEARLY", None, date(2025, 1, 1), False),
])
def test_same_schedule(a, b, due, same):
    assert same_schedule(a, b, due) is same


def test_offsets_are_shifted():
    text = "Sở Tư pháp hoàn thành trước ngày 15/12/2025."
    dl = find_deadline(text, date(2025, 11, 18), offset=100)
    assert dl is not None and text[dl.start - 100:dl.end - 100] == dl.text == "hoàn thành trước ngày 15/12/2025"


def test_find_deadlines_in_order():
    text = "Thường xuyên theo dõi; báo cáo 6 tháng đầu năm 2026 và trước ngày 15/12/2026."
    got = find_deadlines(text, date(2025, 11, 18))
    assert [d.text for d in got][0] == "Thường xuyên"
    assert [d.due for d in got if d.due] == [date(2026, 6, 30)]
    assert [d.start for d in got] == sorted(d.start for d in got)


def test_no_clock_dependency_without_doc_date():
    dl = parse_deadline("trong tháng 12", None)
    assert dl.due is None and dl.needs_review


def test_parse_unrecognised_text_kept_for_review():
    dl = parse_deadline("  Theo hướng dẫn riêng  ", date(2025, 11, 18))
    assert dl.text == "Theo hướng dẫn riêng" and dl.due is None and dl.needs_review
    assert parse_deadline("", None) == Deadline()


def test_basis():
    doc = date(2025, 11, 18)
    assert parse_deadline("trước ngày 15/12/2025", doc).basis == "absolute"
    assert parse_deadline("trước ngày 15/12", doc).basis == "doc_date"
    assert parse_deadline("trong vòng 30 ngày kể từ ngày ký", doc).basis == "doc_date"
    assert parse_deadline("sau khi Đề án được phê duyệt", doc).basis == "event"
    assert parse_deadline("thường xuyên", doc).basis == "none"


def test_vocabulary_and_holidays_load():
    from pipeline.extract.deadline.vocab import load_holidays, load_vocab
    v = load_vocab()
    assert v.roman["IV"] == 4 and any(f == "WEEKLY" for _, f, _ in v.recurrence)
    hol = load_holidays()
    assert set(range(2020, 2031)) <= hol.years
    assert hol.tet[2026] == date(2026, 2, 17)
    assert not hol.is_working_day(date(2026, 2, 17)) and not hol.is_working_day(date(2025, 9, 2))
    assert hol.is_working_day(date(2025, 11, 18))


def test_bad_vocabulary_raises_data_error(monkeypatch):
    from pipeline.errors import DataError
    from pipeline.extract.deadline import vocab
    monkeypatch.setattr(vocab, "_read", lambda name: {"roman": {"I": 1}})
    vocab.load_vocab.cache_clear()
    try:
        with pytest.raises(DataError):
            vocab.load_vocab()
    finally:
        monkeypatch.undo()
        vocab.load_vocab.cache_clear()
