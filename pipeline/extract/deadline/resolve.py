"""Group atoms into expressions and resolve each into a Deadline.

Resolution is against the document date only. See docs/deadlines.md.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from pipeline.model import Deadline

from . import dates as D
from .scan import Atom, in_condition, is_citation, is_descriptive

_GLUE = re.compile(r"[\s,()\-–—:/]*(?:(?:và|hoặc|đến|tới|của|trong|vào|từ|cho|là|hết|năm)(?!\w)[\s,()\-–—:/]*)*",
                   re.IGNORECASE)
_MAX_GAP = 25
_RANK = {"date": 3, "rel": 3, "day": 3, "month": 2, "quarter": 2, "half": 2, "year": 1, "yrange": 1}
_END_TRIGGERS = ("trước", "chậm nhất", "không muộn hơn", "không chậm hơn", "hạn", "trong ngày",
                 "hoàn thành", "đến", "tới", "vào", "trong", "hết")


@dataclass
class Expr:
    atoms: list[Atom]
    deadline: Deadline = field(default_factory=Deadline)
    rank: int = 0
    triggered: bool = False


def cluster(text: str, atoms: list[Atom]) -> list[list[Atom]]:
    groups: list[list[Atom]] = []
    for a in atoms:
        if groups:
            prev = groups[-1][-1]
            gap = text[prev.end:a.start]
            # a new preposition after a comma opens a new expression
            # ("... giai đoạn 2021-2025, hoàn thành trong quý II/2026")
            fresh = "," in gap and any(t not in ("đến", "tới", "đến hết") for t in a.triggers)
            # "... số 15/KH-X ngày 22/7/2025 trước ngày 26/11/2025": the cited date
            # does not swallow the deadline that follows it
            head = groups[-1][0]
            fresh = fresh or (bool(a.triggers) and head.kind == "date" and is_citation(text, head))
            if len(gap) <= _MAX_GAP and _GLUE.fullmatch(gap) and "\n" not in gap and not fresh:
                groups[-1].append(a)
                continue
        groups.append([a])
    return groups


_SENTENCE_END = re.compile(r"[.;\n]")


def merge_sentence_recurrence(text: str, groups: list[list[Atom]]) -> list[list[Atom]]:
    """A day/month without a year in a sentence that also says "định kỳ" or
    "hằng năm" elsewhere is a repeating date ("định kỳ báo cáo ... trước ngày 20/11")."""
    out = list(groups)
    for g in groups:
        if any(a.kind in ("rec", "cont") for a in g):
            continue
        undated = [a for a in g if a.kind in ("date", "month") and not a.data.get("y")]
        if not undated or len(undated) != len([a for a in g if a.dated]):
            continue
        for h in groups:
            if h is g or h not in out or not all(a.kind in ("rec", "vague") for a in h):
                continue
            lo, hi = min(g[0].start, h[0].start), max(g[-1].end, h[-1].end)
            if _SENTENCE_END.search(text, lo, hi):
                continue
            recs = [a for a in h if a.kind == "rec" and a.data["freq"] == "YEARLY"]
            periodic = any(a.kind == "vague" and a.data.get("cat") == "periodic" for a in h)
            if recs or (periodic and not any(a.kind == "rec" for a in h)):
                src = recs[0] if recs else h[0]
                g.append(Atom("rec", src.start, src.end, {"freq": "YEARLY", "interval": 1, "merged": True}))
                g.sort(key=lambda a: a.start)
                out.remove(h)
                break
    return out


def _year_for(a: Atom, group: list[Atom]) -> int | None:
    """The atom's own year, else the year of a later atom of the same expression."""
    if a.data.get("y"):
        return a.data["y"]
    for b in group[group.index(a) + 1:]:
        for key in ("y", "y2"):
            if b.data.get(key):
                return b.data[key]
    return None


def _period(a: Atom, y: int) -> tuple[date, date] | None:
    """(start, end) of the period an atom names, in year ``y`` where it has none."""
    k, d = a.kind, a.data
    if k == "date":
        x = D.safe_date(y, d["m"], d["d"])
        return (x, x) if x else None
    if k == "month":
        return date(y, d["m"], 1), D.month_end(y, d["m"])
    if k == "quarter":
        q0 = d.get("q_from") or d["q"]
        yy = d.get("until_y") or y
        return D.quarter_start(y, q0), D.quarter_end(yy, d["q"])
    if k == "half":
        if d["pos"] == "cuối":
            return date(y, 7, 1), date(y, 12, 31)
        return date(y, 1, 1), D.month_end(y, min(d["n"], 12))
    if k == "year":
        if d.get("pos"):
            return date(y, 1, 1), D.month_end(y, d["pos"])
        return date(y, 1, 1), date(y, 12, 31)
    if k == "yrange":
        if d.get("school"):
            return date(d["y1"], 9, 5), date(d["y2"], 5, 31)
        return date(d["y1"], 1, 1), date(d["y2"], 12, 31)
    return None


def _relative(a: Atom, doc_date: date | None, dl: Deadline) -> None:
    d = a.data
    if d["anchor"] in ("receipt", "effective", "event") or doc_date is None:
        dl.needs_review = True
        dl.basis = "event" if d["anchor"] in ("receipt", "event") else "doc_date"
        return
    n, unit = d["n"], d["unit"]
    if d["business"]:
        due = D.add_working_days(doc_date, n)
    else:
        if unit == "ngày":
            due = doc_date + timedelta(days=n)
        elif unit == "tuần":
            due = doc_date + timedelta(days=7 * n)
        elif unit == "tháng":
            due = D.add_months(doc_date, n)
        else:
            due = D.add_months(doc_date, 12 * n)
        due = D.next_working_day(due)  # BLDS 2015 Điều 148(5): a period ending on a day off runs to the next working day
    dl.due, dl.period_start, dl.period_end = due, doc_date, due
    dl.basis = "doc_date"
    dl.needs_review = d["anchor"] is None


def _first_on_or_after(rule: str, ref: date) -> date | None:
    got = D.expand_rule(rule, ref, count=1)
    return got[0] if got else None


def _bysetpos_rule(pairs: list[tuple[int, int]]) -> str:
    months = sorted({m for m, _ in pairs})
    days = sorted({d for _, d in pairs})
    rule = f"FREQ=YEARLY;BYMONTH={','.join(map(str, months))};BYMONTHDAY={','.join(map(str, days))}"
    full = sorted((m, d) for m in months for d in days)
    if len(full) != len(set(pairs)):
        pos = [str(full.index(p) + 1) for p in sorted(set(pairs))]
        rule += ";BYSETPOS=" + ",".join(pos)
    return rule


def _recurring(group: list[Atom], rec: Atom | None, doc_date: date | None, dl: Deadline) -> None:
    """A repeating duty: set the RRULE and the first due date on or after the doc date."""
    freq = rec.data["freq"] if rec else "YEARLY"
    interval = rec.data["interval"] if rec else 1
    dates = [a for a in group if a.kind == "date"]
    days = [a for a in group if a.kind == "day"]
    months = [a for a in group if a.kind == "month"]
    weekdays = [a.data["day"] for a in group if a.kind == "weekday"]
    spans = [a for a in group if a.kind in ("year", "yrange", "quarter", "half")]
    qlast = any(a.kind == "qlast" for a in group)
    ref = doc_date
    dl.basis = "doc_date"
    rule: str | None = None
    anchor: date | None = None
    if freq == "WEEKLY":
        rule = "FREQ=WEEKLY" + (f";BYDAY={','.join(dict.fromkeys(weekdays))}" if weekdays else "")
        if ref:
            targets = weekdays or ["SU"]
            codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            dl.due = min(ref + timedelta(days=(codes.index(c) - ref.weekday()) % 7) for c in targets)
    elif dates and (freq == "YEARLY" or interval in (3, 6)):
        pairs = [(a.data["m"], a.data["d"]) for a in dates]
        rule = _bysetpos_rule(pairs)
        years = [a.data["y"] for a in dates if a.data.get("y")]
        if years:
            anchor = min(D.safe_date(a.data.get("y") or years[0], a.data["m"], a.data["d"]) or date.max for a in dates)
            dl.basis = "absolute"
    elif (days or dates) and (qlast or interval == 3):
        day = (days or dates)[0].data["d"]
        rule = f"FREQ=YEARLY;BYMONTH=3,6,9,12;BYMONTHDAY={day}"
    elif (days or dates) and freq == "MONTHLY" and interval == 1:
        rule = f"FREQ=MONTHLY;BYMONTHDAY={(days or dates)[0].data['d']}"
    elif months and freq == "YEARLY":
        rule = "FREQ=YEARLY;BYMONTH=" + ",".join(str(a.data["m"]) for a in months)
        ys = [a.data["y"] for a in months if a.data.get("y")]
        if ys:
            anchor = D.month_end(ys[0], months[0].data["m"])
        elif ref:
            anchor = D.month_end(ref.year, months[0].data["m"])
            if anchor < ref:
                anchor = D.month_end(ref.year + 1, months[0].data["m"])
    elif freq == "MONTHLY":
        rule = "FREQ=MONTHLY" + (f";INTERVAL={interval}" if interval > 1 else "")
        if ref:
            anchor = (D.month_end(ref.year, ref.month) if interval == 1 else
                      D.quarter_end(ref.year, (ref.month - 1) // 3 + 1) if interval == 3 else D.half_end(ref))
    else:  # yearly on a year / quarter / nothing
        rule = "FREQ=YEARLY"
        if spans:
            first = spans[0]
            y = _year_for(first, group) or (ref.year if ref else None)
            per = _period(first, y) if y else None
            if per:
                anchor = per[1]
                if first.kind == "yrange":
                    anchor = date(first.data["y1"], 12, 31)
                elif first.kind == "quarter":
                    anchor = D.quarter_end(y, first.data.get("q_from") or first.data["q"])
                dl.basis = "absolute" if first.data.get("y") or first.data.get("y1") else "doc_date"
            until = first.data.get("until_y") or (first.data.get("y2") if first.kind == "yrange" else None)
            if until:
                rule += f";UNTIL={until}1231"
        elif ref:
            anchor = date(ref.year, 12, 31)
    dl.recurrence = rule
    if anchor is not None:
        dl.due = anchor
    elif dl.due is None and ref is not None and rule:
        dl.due = _first_on_or_after(rule, ref)
    if dl.due is None:
        dl.needs_review = True


def resolve(text: str, group: list[Atom], doc_date: date | None, *, cell: bool, offset: int = 0) -> Expr:
    ex = Expr(group)
    own = [a for a in group if not a.data.get("merged")]
    first, last = own[0], own[-1]
    dl = ex.deadline = Deadline(text=text[first.start:last.end].strip(" ,;:"), start=offset + first.start,
                                end=offset + last.end)
    # keep the offsets on the stripped text
    lead_ws = len(text[first.start:last.end]) - len(text[first.start:last.end].lstrip(" ,;:"))
    dl.start += lead_ws
    dl.end = dl.start + len(dl.text)
    recs = [a for a in group if a.kind == "rec"]
    dated = [a for a in group if a.dated]
    vague = [a for a in group if a.kind == "vague"]
    ex.triggered = any(t in _END_TRIGGERS or t.startswith(("trước", "chậm", "hạn", "đến", "trong"))
                       for a in dated for t in a.triggers)
    ex.rank = max((_RANK.get(a.kind, 0) for a in dated), default=0)
    has_cont = any(a.kind == "cont" for a in group)
    has_qlast = any(a.kind == "qlast" for a in group)
    if recs or has_cont or (has_qlast and dated):
        def frequency(r: Atom) -> int:  # most frequent rule wins ("định kỳ 6 tháng, hằng năm")
            return {"WEEKLY": 0, "MONTHLY": r.data["interval"]}.get(r.data["freq"], 12)
        rec = min(recs, key=frequency) if recs else None
        if rec is None and has_qlast:
            rec = Atom("rec", 0, 0, {"freq": "MONTHLY", "interval": 3})
        _recurring(group, rec, doc_date, dl)
        ex.rank = max(ex.rank, 1)
        return ex
    if not dated:
        cats = {a.data.get("cat") for a in vague}
        dl.basis = "event" if "event" in cats else "none"
        return ex
    if any(a.kind == "rel" for a in dated):
        _relative(next(a for a in dated if a.kind == "rel"), doc_date, dl)
        return ex
    # An open end ("từ tháng 10/2025 đến khi ...") has no due date.
    if vague and any(a.data.get("cat") == "event" for a in vague) and dated[0].triggers[:1] == ["từ"] \
            and vague[-1].start > dated[-1].start:
        dl.basis = "event"
        return ex
    # "từ ngày 10 đến ngày 15 tháng 12": a bare day takes the month of the next date
    for i, a in enumerate(dated):
        nxt = next((b for b in dated[i + 1:] if b.kind == "date"), None)
        if a.kind == "day" and nxt is not None:
            a.kind, a.data = "date", {"d": a.data["d"], "m": nxt.data["m"], "y": nxt.data.get("y")}
    periods: list[tuple[date, date]] = []
    inferred = False
    broken = False
    for a in dated:
        if a.kind == "day":
            continue
        y = _year_for(a, dated)
        if y is None:
            if doc_date is None:
                dl.needs_review = True
                dl.basis = "doc_date"
                return ex
            y, inferred = doc_date.year, True
            per = _period(a, y)
            if per and per[1] < doc_date:
                per = _period(a, y + 1)
        else:
            per = _period(a, y)
        broken = broken or bool(a.data.get("broken"))
        if per is None:
            dl.needs_review = True
            continue
        periods.append(per)
    if not periods:
        dl.needs_review = True
        return ex
    is_range = len(periods) > 1 and (dated[0].triggers[:1] in (["từ"], ["kể từ"]) or
                                     any(t in ("đến", "tới", "đến hết") for a in dated[1:] for t in a.triggers))
    if is_range:
        dl.period_start, dl.period_end = periods[0][0], periods[-1][1]
        dl.due = periods[-1][1]
    else:
        candidates = [p for p in periods if doc_date is None or p[1] >= doc_date] or periods
        per = candidates[0]
        dl.due = per[1]
        if per[0] != per[1]:
            dl.period_start, dl.period_end = per
    dl.basis = "doc_date" if inferred else "absolute"
    if broken or (doc_date is not None and dl.due < doc_date):
        dl.needs_review = True
    return ex


def drop_for_find(text: str, ex: Expr, doc_date: date | None, *, cell: bool) -> bool:
    """Expressions that are not deadlines of the item: cited documents' dates,
    descriptive periods, past years in running text."""
    atoms = [a for a in ex.atoms if a.dated]
    if not atoms:  # a weekday or "tháng cuối quý" alone sets no time
        return not any(a.kind in ("rec", "vague", "cont") for a in ex.atoms)
    head = atoms[0]
    if all(a.kind == "day" for a in atoms) and not ex.deadline.recurrence:
        return True
    if head.kind == "date" and is_citation(text, head) and not ex.deadline.recurrence:
        return True
    if not cell and in_condition(text, head):
        return True
    if cell:  # in a time cell only a bare year after a descriptor ("Luật ... 2025") is dropped
        return (head.kind == "year" and bool(head.data.get("bare")) and not head.triggers
                and is_descriptive(text, head))
    if all(a.kind in ("year", "yrange") for a in atoms) and not ex.deadline.recurrence:
        if is_descriptive(text, head):
            return True
        if head.data.get("bare") and not head.triggers:
            return True
    due = ex.deadline.due
    if doc_date is not None and due is not None and due < doc_date and not ex.triggered:
        return True
    if doc_date is not None and due is not None and due.year < doc_date.year and ex.rank <= 2:
        return True
    return False
