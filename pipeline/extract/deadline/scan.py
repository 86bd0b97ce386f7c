"""Find the pieces of time expressions ("atoms") in a text, with offsets.

An atom is one recognisable piece: a date, a month, a quarter, a year, a
recurrence word, a vague word... `resolve.py` groups neighbouring atoms into
expressions and turns them into Deadline records.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .vocab import Vocab, load_vocab, phrase_re

Y = r"((?:19|20)\d{2})(?!\d)"
QN = r"(IV|I{1,3}|[1-4])(?![\w])"
_I = re.IGNORECASE
_OF_BODY = re.compile(r"\s*,?\s*của\s+\w", _I)


@dataclass
class Atom:
    kind: str                   # date|day|month|quarter|half|year|yrange|rec|cont|qlast|weekday|rel|vague
    start: int
    end: int
    data: dict[str, Any] = field(default_factory=dict)
    triggers: list[str] = field(default_factory=list)
    order: int = 0              # pattern rank, lower wins ties

    @property
    def dated(self) -> bool:
        return self.kind in ("date", "day", "month", "quarter", "half", "year", "yrange", "rel")


@dataclass(frozen=True)
class Patterns:
    items: list[tuple[str, re.Pattern]]
    trigger_tail: re.Pattern
    vision: re.Pattern
    descriptor_tail: re.Pattern
    dm_ok_tail: re.Pattern
    citation_tail: re.Pattern
    rec_words: dict[str, tuple[str, int]]
    comparison_tail: re.Pattern
    rate_after: re.Pattern
    rate_before_tail: re.Pattern
    attributive_tail: re.Pattern
    attributive_after: re.Pattern
    condition_tail: re.Pattern
    phase_tail: re.Pattern
    descriptor_near: re.Pattern
    target_after: re.Pattern
    cited_title_tail: re.Pattern
    weekday_words: dict[str, str]
    vague_words: dict[str, str]
    anchors: dict[str, str]


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    v: Vocab = load_vocab()
    qw = phrase_re(v.quarter_words)
    rec_words = {_norm(w): (f, i) for words, f, i in v.recurrence for w in words}
    vague_words = {_norm(w): cat for cat, ws in v.vague.items() for w in ws
                   if cat not in ("event", "event_at_start")}
    anchors = {_norm(w): cat for cat, ws in v.anchors.items() for w in ws}
    half_n = "|".join(["6", "06", "9", "09"] + [k for k, n in v.number_words.items() if n in (6, 9)])
    event = phrase_re(v.vague["event"])
    items = [
        ("broken", rf"(?:ngày\s*)?(?<![\d/.])(\d{{1,2}})\s*/\s*(\d)\s+(\d)\s*/\s*{Y}"),
        ("date", rf"(?:ngày\s*)?(?<![\d/.])(\d{{1,2}})\s*([/.\-])\s*(\d{{1,2}})\s*\2\s*{Y}"),
        ("date_words", rf"ngày\s*(\d{{1,2}})\s*tháng\s*(\d{{1,2}})(?:\s*(?:năm|/|-)\s*{Y})?(?!\s*\d)"),
        ("dm", r"(?:ngày\s*)?(?<![\d/.])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])"),
        ("day", r"ngày\s*(\d{1,2})(?!\s*(?:[/.\-]\s*\d|tháng|\d))"),
        ("month", rf"(?:tháng\s*(\d{{1,2}})|(?-i:\bT)(\d{{1,2}}))\s*(?:/|-|năm|,\s*năm)\s*{Y}"),
        ("month_ny", r"tháng\s*(\d{1,2})(?!\s*[/\-]?\s*\d)"),
        ("lastq", phrase_re(v.last_quarter_words)),
        ("quarter", rf"{qw}\s*{QN}(?:\s*(?:[-–—]|đến)\s*(?:{qw})?\s*{QN})?"
                    rf"(?:\s*(?:/|-|–|năm|,\s*năm|của\s*năm)\s*{Y})?(?:\s*[-–—]\s*{Y})?"),
        ("quarter_q", rf"(?-i:\bQ){QN}\s*[/\-]\s*{Y}"),
        ("half", rf"({half_n})\s*tháng\s*(đầu|cuối)\s*năm(?:\s*{Y})?"),
        ("yrange", rf"(?:(giai\s*đoạn|thời\s*kỳ|{phrase_re([v.school_year])}|năm)\s*)?(?<![\d/.\-]){Y}\s*"
                   rf"(?:[-–—]|đến(?:\s*năm)?|tới(?:\s*năm)?)\s*{Y}"),
        ("year", rf"năm\s*{Y}(?!\s*[/\-])"),
        ("ypos", rf"({phrase_re(list(v.year_positions))})(?:\s*{Y})?"),
        ("bareyear", rf"(?<![\d/.\-,]){Y}(?![/.,]?\d)"),
        ("rec", phrase_re(list(rec_words))),
        ("cont", phrase_re(v.continuation)),
        ("qlast", phrase_re(v.quarter_last_month)),
        ("weekday", phrase_re(list(v.weekdays))),
        ("rel", rf"(?:{phrase_re(v.relative_lead)})\s*(\d{{1,3}})\s*(ngày\s*làm\s*việc|ngày|tuần|tháng|năm)(?!\s*(?:đầu|cuối|\d))"
                rf"(?:\s*,?\s*(?:kể\s*từ|tính\s*từ|sau\s*khi|sau|từ)\s*((?:ngày\s*)?[^,;.\n]{{0,60}}))?"),
        ("event", rf"(?<!\w){event}(?!\w)[^;\n]*"),
        ("vague", rf"(?<!\w){phrase_re(list(vague_words))}(?!\w)"),
    ]
    comp = [(k, re.compile(p, _I)) for k, p in items]
    time_re = r"\d{1,2}\s*(?:h|giờ)\s*(?:\d{1,2}\s*(?:phút|p|')?)?\s*,?"
    trig = phrase_re(v.triggers)
    return Patterns(
        items=comp,
        trigger_tail=re.compile(rf"(?:(?<!\w){trig}|{time_re})\s*$", _I),
        vision=re.compile(rf"{phrase_re(v.vision)}\s*(?:năm\s*)?{Y}(?:\s*[-–—]\s*{Y})?", _I),
        descriptor_tail=re.compile(rf"(?<!\w){phrase_re(v.descriptors)}(?!\w)[^;:.\n]{{0,80}}$", _I),
        dm_ok_tail=re.compile(r"(?:ngày|\d{1,2}/\d{1,2}(?:/\d{4})?\s*(?:và|,|;|đến|[-–—]))\s*$", _I),
        citation_tail=re.compile(
            r"(?:\d[\w.\-]*/[\w.\-/]*[^\W\d_][\w.\-/]*|(?:ban\s*hành|ký|thông\s*qua|công\s*bố|họp)|"
            r"(?:số|Luật|Bộ\s*luật)\s*[\w.\-/ ]{0,40})\s*(?:của\s*[^,;.\n]{0,60})?,?\s*$", _I),
        rec_words=rec_words,
        comparison_tail=re.compile(rf"(?<!\w){phrase_re(v.comparison)}\s*$", _I),
        rate_after=re.compile(rf"\s*,?\s*{phrase_re(v.rate_words)}(?!\w)[^\d;.,\n]{{0,15}}\d", _I),
        rate_before_tail=re.compile(rf"(?<!\w){phrase_re(v.rate_before)}\s*$", _I),
        attributive_tail=re.compile(rf"(?<!\w){phrase_re(v.attributive_nouns)}(?!\w)[^,;:.()\n]{{0,35}}$", _I),
        attributive_after=re.compile(rf"\s*{phrase_re(v.attributive_followers)}(?!\w)", _I),
        condition_tail=re.compile(rf"\s*[-–+•*]?\s*{phrase_re(v.condition_leads)}(?!\w)[^,]*$", _I),
        phase_tail=re.compile(r"(?<!\w)(?:giai\s*đoạn|thời\s*kỳ)\s*$", _I),
        descriptor_near=re.compile(rf"(?<!\w){phrase_re(v.descriptors)}(?!\w)[^,;:.()\n]{{0,60}}$", _I),
        cited_title_tail=re.compile(r"(?<!\w)số\s*\d[\w.\-]*/[\w.\-/]*[^;\n]{0,200}?\svề\s[^;\n]*$", _I),
        target_after=re.compile(r"\s*,?\s*(?:đạt|có|tỷ\s*lệ|tối\s*thiểu|ít\s*nhất|trên|\d)", _I),
        weekday_words={_norm(k): c for k, c in v.weekdays.items()},
        vague_words=vague_words,
        anchors=anchors,
    )


def _int(s: str | None) -> int | None:
    return int(s) if s and s.isdigit() else None


def _roman(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    return load_vocab().roman.get(s.upper())


def _atom(kind: str, m: re.Match, order: int, cell: bool) -> Atom | None:
    p = patterns()
    g = m.groups()
    s, e = m.start(), m.end()
    if kind == "broken":
        return Atom("date", s, e, {"d": int(g[0]), "m": int(g[1] + g[2]), "y": int(g[3]), "broken": True}, order=order)
    if kind == "date":
        return Atom("date", s, e, {"d": int(g[0]), "m": int(g[2]), "y": int(g[3]), "has_ngay": True}, order=order)
    if kind == "date_words":
        return Atom("date", s, e, {"d": int(g[0]), "m": int(g[1]), "y": _int(g[2]), "has_ngay": True}, order=order)
    if kind == "dm":
        return Atom("date", s, e, {"d": int(g[0]), "m": int(g[1]), "y": None,
                                   "has_ngay": m.group(0).lower().startswith("ngày"), "dm": True}, order=order)
    if kind == "day":
        return Atom("day", s, e, {"d": int(g[0])}, order=order)
    if kind == "month":
        return Atom("month", s, e, {"m": int(g[0] or g[1]), "y": int(g[2])}, order=order)
    if kind == "month_ny":
        return Atom("month", s, e, {"m": int(g[0]), "y": None}, order=order)
    if kind == "lastq":
        return Atom("quarter", s, e, {"q": 4, "y": None}, order=order)
    if kind == "quarter":
        q1, q2 = _roman(g[0]), _roman(g[1])
        return Atom("quarter", s, e, {"q": q2 or q1, "q_from": q1 if q2 else None, "y": _int(g[2]),
                                      "until_y": _int(g[3])}, order=order)
    if kind == "quarter_q":
        return Atom("quarter", s, e, {"q": _roman(g[0]), "y": int(g[1])}, order=order)
    if kind == "half":
        n = g[0] if g[0].isdigit() else str(load_vocab().number_words.get(g[0].lower(), 6))
        return Atom("half", s, e, {"n": int(n), "pos": g[1].lower(), "y": _int(g[2])}, order=order)
    if kind == "yrange":
        prefix = (g[0] or "").lower()
        y1, y2 = int(g[1]), int(g[2])
        if y2 < y1 or y2 - y1 > 30:
            return None
        school = prefix.startswith(load_vocab().school_year)
        if not prefix and not cell:
            return Atom("yrange", s, e, {"y1": y1, "y2": y2, "bare": True}, order=order)
        return Atom("yrange", s, e, {"y1": y1, "y2": y2, "school": school,
                                     "phase": prefix.startswith("giai") or prefix.startswith("thời")}, order=order)
    if kind == "year":
        return Atom("year", s, e, {"y": int(g[0])}, order=order)
    if kind == "ypos":
        month = load_vocab().year_positions[_norm(g[0])]
        return Atom("year", s, e, {"y": _int(g[1]), "pos": month}, order=order)
    if kind == "bareyear":
        return Atom("year", s, e, {"y": int(g[0]), "bare": True}, order=order) if cell else None
    if kind == "rec":
        f, i = p.rec_words[_norm(m.group(0))]
        return Atom("rec", s, e, {"freq": f, "interval": i}, order=order)
    if kind == "cont":
        return Atom("cont", s, e, order=order)
    if kind == "qlast":
        return Atom("qlast", s, e, order=order)
    if kind == "weekday":
        return Atom("weekday", s, e, {"day": p.weekday_words[_norm(m.group(0))]}, order=order)
    if kind == "rel":
        unit = _norm(g[1])
        anchor_text = _norm(g[2] or "")
        anchor = None
        if g[2] is not None:
            anchor = "event"
            for words, cat in sorted(p.anchors.items(), key=lambda kv: -len(kv[0])):
                if anchor_text.startswith(words) or anchor_text.startswith("ngày " + words):
                    anchor = cat
                    break
        end = e if anchor else m.start(3) if g[2] is not None else e
        return Atom("rel", s, end, {"n": int(g[0]), "unit": unit.split()[0], "business": " " in unit,
                                   "anchor": anchor}, order=order)
    if kind == "event":
        text = m.group(0)
        if not cell:  # inside running text the event phrase ends at the clause's comma
            cut = text.find(",", 1)
            text = text if cut < 0 else text[:cut]
        text = text.rstrip(" .,:)(")
        return Atom("vague", s, s + len(text), {"cat": "event"}, order=order)
    if kind == "vague":
        return Atom("vague", s, e, {"cat": p.vague_words[_norm(m.group(0))]}, order=order)
    return None


def scan(text: str, *, cell: bool = False) -> list[Atom]:
    """All atoms of ``text``, non-overlapping, in order, with their triggers absorbed."""
    p = patterns()
    masked = [(m.start(), m.end()) for m in p.vision.finditer(text)]
    found: list[Atom] = []
    for order, (kind, rx) in enumerate(p.items):
        for m in rx.finditer(text):
            if m.end() == m.start() or any(a <= m.start() < b for a, b in masked):
                continue
            a = _atom(kind, m, order, cell)
            if a is not None and a.end > a.start:
                found.append(a)
    found.sort(key=lambda a: (-(a.end - a.start), a.order, a.start))
    chosen: list[Atom] = []
    taken: list[tuple[int, int]] = []
    for a in found:
        if any(a.start < e and s < a.end for s, e in taken):
            continue
        chosen.append(a)
        taken.append((a.start, a.end))
    chosen.sort(key=lambda a: a.start)
    if cell:  # "khi ..." opens a time cell only at its very start
        v = load_vocab()
        head = re.match(rf"\s*(?:{phrase_re(v.vague['event_at_start'])})(?!\w)[^;\n]*", text, _I)
        if head and not any(a.start < head.end() for a in chosen):
            chosen.insert(0, Atom("vague", head.start() + len(head.group(0)) - len(head.group(0).lstrip()),
                                  head.start() + len(head.group(0).rstrip(" .,;")), {"cat": "event"}))
    _absorb_triggers(text, chosen)
    return [a for a in chosen if _keep(text, a, chosen)]


def _absorb_triggers(text: str, atoms: list[Atom]) -> None:
    p = patterns()
    prev_end = 0
    for a in atoms:
        if a.kind in ("vague", "cont"):
            prev_end = a.end
            continue
        while True:
            m = p.trigger_tail.search(text, prev_end, a.start)
            if not m or m.start() < prev_end:
                break
            a.triggers.insert(0, _norm(m.group(0)))
            a.start = m.start()
        prev_end = a.end


def _keep(text: str, a: Atom, atoms: list[Atom]) -> bool:
    p = patterns()
    if a.kind == "rec" and not a.triggers:
        before = text[max(0, a.start - 60):a.start]
        if p.rate_after.match(text, a.end) or p.rate_before_tail.search(before):
            return False  # a rate inside a target ("mỗi năm có ít nhất 150 ...")
        if p.attributive_tail.search(before) or p.attributive_after.match(text, a.end):
            return False  # qualifies a noun ("dự toán ngân sách hằng năm")
    if a.dated and not a.triggers and a.kind != "rel" and p.comparison_tail.search(text[max(0, a.start - 30):a.start]):
        return False  # a point of comparison ("so với năm 2021")
    if a.kind == "date":
        d, m = a.data["d"], a.data["m"]
        if not (1 <= d <= 31 and 1 <= m <= 12):
            return False
        if a.data.get("dm") and not a.triggers and not a.data.get("has_ngay"):
            return bool(p.dm_ok_tail.search(text[max(0, a.start - 20):a.start]))
    if a.kind == "month" and not 1 <= a.data["m"] <= 12:
        return False
    if a.kind in ("day",) and not 1 <= a.data["d"] <= 31:
        return False
    return True


def is_citation(text: str, a: Atom) -> bool:
    """A date that dates a cited document ("Chỉ thị số 32/CT-TTg ngày 21/10/2025")."""
    if a.triggers:
        return False
    if _OF_BODY.match(text, a.end):  # "ngày 08 tháng 4 năm 2026 của Chính phủ"
        return True
    return bool(patterns().citation_tail.search(text[max(0, a.start - 120):a.start]))


def in_condition(text: str, a: Atom) -> bool:
    """An expression inside a lead-in naming the tasks it applies to ("Đối với các
    nhiệm vụ triển khai trong năm 2025, ..."), not introduced by "trước"/"chậm nhất"."""
    if any(t.startswith(("trước", "chậm", "không", "hạn", "hoàn thành")) for t in a.triggers):
        return False
    prefix = text[:a.start]
    clause = prefix[max(prefix.rfind(c) for c in ";:.\n(") + 1:]
    return bool(patterns().condition_tail.match(clause))


def is_descriptive(text: str, a: Atom) -> bool:
    """A year or period that only describes an object ("Chương trình ... giai đoạn 2021-2025",
    "Chiến lược ... đến năm 2030", "giai đoạn đến năm 2030")."""
    p = patterns()
    if a.triggers and all(t in ("đến", "tới") for t in a.triggers):
        before = text[max(0, a.start - 90):a.start]
        if p.phase_tail.search(before):
            return True
        return bool(p.descriptor_near.search(before)) and not p.target_after.match(text, a.end)
    if any(t not in ("giai đoạn",) for t in a.triggers):
        return False
    if p.cited_title_tail.search(text[max(0, a.start - 300):a.start]):
        return True  # inside a cited document's title ("Kế hoạch số 15/KH-X ... về ... năm 2025")
    if not a.triggers and _OF_BODY.match(text, a.end):  # "... năm 2025 của Chính phủ"
        return True
    if text[:a.start].rstrip().endswith("("):  # "... Kế hoạch (năm 2030)" gives the time
        return False
    return bool(patterns().descriptor_tail.search(text[max(0, a.start - 90):a.start]))
