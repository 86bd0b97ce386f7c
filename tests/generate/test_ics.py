"""iCalendar export of deadlines."""
from __future__ import annotations

from datetime import date

from icalendar import Calendar

from pipeline.extract.deadlines import parse_deadline
from pipeline.generate.ics import due_dates, to_ics
from pipeline.model import Deadline

DOC = date(2026, 3, 10)


def _items():
    return [
        ("Tổ chức tập huấn nghiệp vụ cho cán bộ cấp xã", "Sở Nội vụ", parse_deadline("trước ngày 15/4/2026", DOC)),
        ("Báo cáo kết quả thực hiện", "Sở Tài chính", parse_deadline("định kỳ 6 tháng", DOC)),
        ("Theo dõi, đôn đốc", "Văn phòng UBND tỉnh", parse_deadline("Thường xuyên", DOC)),
        ("Rà soát văn bản " * 30, "", parse_deadline("hằng quý", DOC)),
    ]


def test_one_event_per_dated_item_and_parses_back():
    ics = to_ics(_items(), calendar_name="Lịch nhiệm vụ")
    cal = Calendar.from_ical(ics)
    events = list(cal.walk("VEVENT"))
    assert len(events) == 3
    assert str(cal["X-WR-CALNAME"]) == "Lịch nhiệm vụ"
    assert due_dates(ics) == [date(2026, 4, 15), date(2026, 6, 30), date(2026, 3, 31)]
    first = events[0]
    assert "Chủ trì: Sở Nội vụ" in str(first["DESCRIPTION"])
    assert "RRULE" not in first
    rule = events[1]["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"] and rule["INTERVAL"] == [6] and rule["BYMONTHDAY"] == [-1]


def test_summary_truncated_and_uid_stable():
    a = to_ics(_items(), calendar_name="x")
    b = to_ics(_items(), calendar_name="x")
    assert a == b
    events = list(Calendar.from_ical(a).walk("VEVENT"))
    summary = str(events[2]["SUMMARY"])
    assert len(summary) <= 120 and summary.endswith("…")
    assert len({str(e["UID"]) for e in events}) == 3


def test_empty_and_undated():
    ics = to_ics([("Việc", "Sở A", Deadline(text="kịp thời"))], calendar_name="x")
    assert list(Calendar.from_ical(ics).walk("VEVENT")) == []


def test_rules_agree_with_the_extractor_convention():
    from pipeline.extract.deadline.dates import effective_rule
    from pipeline.generate.ics import _spelled_rule
    for rule, due in [("FREQ=YEARLY", date(2025, 12, 31)), ("FREQ=MONTHLY;INTERVAL=3", date(2026, 3, 31)),
                      ("FREQ=MONTHLY", date(2026, 1, 20)), ("FREQ=WEEKLY;BYDAY=MO", date(2026, 5, 25)),
                      ("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=15", date(2025, 12, 15))]:
        assert _spelled_rule(rule, due) == effective_rule(rule, due)
