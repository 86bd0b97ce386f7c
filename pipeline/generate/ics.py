"""Export deadlines as an iCalendar file (RFC 5545), one all-day VEVENT per dated item."""
from __future__ import annotations

import calendar
import hashlib
from datetime import date, datetime, timedelta, timezone

from icalendar import Calendar, Event, vRecur

from pipeline.model import Deadline

_SUMMARY_MAX = 120
_PRODID = "-//vanban//Lich han nhiem vu//VI"
_STAMP = datetime(2000, 1, 1, tzinfo=timezone.utc)  # fixed: the output depends on the content only


def _spelled_rule(rule: str, due: date) -> str:
    """The RRULE with its day spelled out, as docs/deadlines.md reads it: a rule
    without a day recurs on the due date's day, or on month ends when the due
    date is a month end (same convention as extract.deadline.dates.effective_rule,
    kept here so that generate/ does not import extract/)."""
    parts = dict(p.split("=", 1) for p in rule.removeprefix("RRULE:").split(";") if "=" in p)
    if parts.get("FREQ") in ("MONTHLY", "YEARLY") and not {"BYMONTHDAY", "BYDAY", "BYYEARDAY"} & parts.keys():
        month_end = due.day == calendar.monthrange(due.year, due.month)[1]
        parts["BYMONTHDAY"] = "-1" if month_end else str(due.day)
        if parts["FREQ"] == "YEARLY":
            parts.setdefault("BYMONTH", str(due.month))
    return ";".join(f"{k}={v}" for k, v in parts.items())


def _summary(title: str) -> str:
    """The title on one line, cut at a word boundary with an ellipsis when too long."""
    one = " ".join(title.split())
    if len(one) <= _SUMMARY_MAX:
        return one
    cut = one[:_SUMMARY_MAX - 1].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


def _uid(title: str, lead: str, dl: Deadline) -> str:
    key = "\x1f".join([" ".join(title.split()), " ".join(lead.split()), dl.due.isoformat() if dl.due else "",
                       dl.recurrence or "", dl.text or ""])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + "@vanban"


def _description(lead: str, dl: Deadline) -> str:
    lines = [f"Chủ trì: {lead.strip() or 'chưa xác định'}"]
    if dl.text:
        lines.append(f"Thời hạn: {dl.text}")
    if dl.needs_review:
        lines.append("Cần rà soát lại thời hạn.")
    return "\n".join(lines)


def to_ics(items: list[tuple[str, str, Deadline]], *, calendar_name: str) -> bytes:
    """An iCalendar document for ``items`` = [(title, lead_body_text, deadline)].

    Items without a due date are skipped. Repeating deadlines carry their RRULE,
    spelled out so that calendar programs agree with the project's scorer
    (a month-end due date repeats on month ends)."""
    cal = Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", calendar_name)
    seen: set[str] = set()
    for title, lead, dl in items:
        if dl.due is None:
            continue
        uid = _uid(title, lead, dl)
        if uid in seen:
            continue
        seen.add(uid)
        ev = Event()
        ev.add("uid", uid)
        ev.add("dtstamp", _STAMP)
        ev.add("summary", _summary(title))
        ev.add("dtstart", dl.due)
        ev.add("dtend", dl.due + timedelta(days=1))
        ev.add("description", _description(lead, dl))
        ev.add("transp", "TRANSPARENT")
        if dl.recurrence:
            ev.add("rrule", vRecur.from_ical(_spelled_rule(dl.recurrence, dl.due)))
        cal.add_component(ev)
    return cal.to_ical()


def due_dates(ics: bytes) -> list[date]:
    """DTSTART of every VEVENT of an iCalendar document (for checks and tests)."""
    cal = Calendar.from_ical(ics)
    return [ev.decoded("dtstart") for ev in cal.walk("VEVENT")]
