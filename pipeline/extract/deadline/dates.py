"""Calendar arithmetic for deadlines: period ends, working days, RRULE handling."""
from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr

from .vocab import load_holidays


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> date:
    return month_end(year, quarter * 3)


def quarter_start(year: int, quarter: int) -> date:
    return date(year, quarter * 3 - 2, 1)


def half_end(d: date) -> date:
    return date(d.year, 6, 30) if d.month <= 6 else date(d.year, 12, 31)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def add_months(d: date, months: int) -> date:
    """Same-numbered day ``months`` later, or that month's last day (BLDS 2015, Điều 148)."""
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def next_working_day(d: date) -> date:
    hol = load_holidays()
    while not hol.is_working_day(d):
        d += timedelta(days=1)
    return d


def add_working_days(anchor: date, n: int) -> date:
    """The n-th working day after ``anchor`` (weekends and holidays.yaml skipped)."""
    hol = load_holidays()
    d = anchor
    while n > 0:
        d += timedelta(days=1)
        if hol.is_working_day(d):
            n -= 1
    return d


def day_before_tet(year: int) -> date | None:
    tet = load_holidays().tet.get(year)
    return tet - timedelta(days=1) if tet else None


# ---------------------------------------------------------------- RRULEs


def _parts(rule: str) -> dict[str, str]:
    rule = rule.strip()
    if rule.upper().startswith("RRULE:"):
        rule = rule[6:]
    out = {}
    for part in rule.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            out[k.strip().upper()] = v.strip()
    return out


def effective_rule(rule: str, due: date) -> str:
    """Spell out what SCHEMA.md leaves implicit: a rule without a day recurs on the
    due date's day, or on the month's last day when the due date is a month end."""
    p = _parts(rule)
    if p.get("FREQ") in ("MONTHLY", "YEARLY") and not any(k in p for k in ("BYMONTHDAY", "BYDAY", "BYYEARDAY", "BYWEEKNO")):
        is_end = due == month_end(due.year, due.month)
        p["BYMONTHDAY"] = "-1" if is_end else str(due.day)
        if p["FREQ"] == "YEARLY" and "BYMONTH" not in p:
            p["BYMONTH"] = str(due.month)
    return ";".join(f"{k}={v}" for k, v in p.items())


def expand_rule(rule: str, due: date, *, count: int | None = None, until: date | None = None) -> list[date]:
    """Dates of ``rule`` from ``due`` on (due included when the rule allows it)."""
    if count is None and until is None:
        until = add_months(due, 36)
    start = datetime(due.year, due.month, due.day)
    rr = rrulestr(effective_rule(rule, due), dtstart=start)
    out: list[date] = []
    for dt in rr:
        d = dt.date()
        if until is not None and d > until:
            break
        out.append(d)
        if count is not None and len(out) >= count:
            break
    return out


def same_schedule(rule_a: str | None, rule_b: str | None, due: date) -> bool:
    """True when two RRULEs generate the same dates over three years from ``due``
    (SCHEMA.md scoring item 3). None equals None only."""
    if not rule_a or not rule_b:
        return not rule_a and not rule_b
    try:
        return expand_rule(rule_a, due) == expand_rule(rule_b, due)
    except (ValueError, TypeError):
        return rule_a.strip().upper() == rule_b.strip().upper()
