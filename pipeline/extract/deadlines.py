"""Vietnamese deadline expressions -> dates and RRULEs (public entry).

    find_deadline(text, doc_date)   best deadline expression inside a text
    find_deadlines(text, doc_date)  all of them, in order
    parse_deadline(text, doc_date)  a whole time cell or phrase
    expand(deadline_or_rrule, due)  the dates a deadline repeats on
    same_schedule(a, b, due)        do two RRULEs give the same dates (scorer)

The rules are documented in docs/deadlines.md; the vocabulary lives in
pipeline/resources/deadlines.yaml and the holidays in holidays.yaml.
Dates are resolved against ``doc_date`` only, never the clock.
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from pipeline.model import Deadline

from .deadline.dates import expand_rule, same_schedule
from .deadline.resolve import Expr, cluster, drop_for_find, merge_sentence_recurrence, resolve
from .deadline.scan import scan

__all__ = ["find_deadline", "find_deadlines", "parse_deadline", "expand", "same_schedule"]


def _nfc(text: str) -> tuple[str, list[int] | None]:
    """NFC text and, when normalising changed its length, the original offset of
    every character of the normalised text (plus one past the end)."""
    norm = unicodedata.normalize("NFC", text)
    if len(norm) == len(text):
        return norm, None
    out: list[str] = []
    index: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", text[i:j]):
            out.append(ch)
            index.append(i)
        i = j
    index.append(len(text))
    return "".join(out), index


def _exprs(text: str, doc_date: date | None, *, offset: int, cell: bool) -> list[Expr]:
    norm, index = _nfc(text)
    out = []
    for group in merge_sentence_recurrence(norm, cluster(norm, scan(norm, cell=cell))):
        ex = resolve(norm, group, doc_date, cell=cell, offset=0)
        if drop_for_find(norm, ex, doc_date, cell=cell):
            continue
        dl = ex.deadline
        if index is not None:  # report offsets and words in the caller's string
            dl.start, dl.end = index[dl.start], index[dl.end]
            dl.text = text[dl.start:dl.end]
        dl.start += offset
        dl.end += offset
        out.append(ex)
    return out


def _priority(ex: Expr) -> tuple:
    """Documented order: a resolved date or schedule beats an unresolved one, which
    beats a vague word; then explicit day > month/quarter/half > year/period; then
    one introduced by a time preposition; then the earliest."""
    dl = ex.deadline
    resolved = 2 if (dl.due is not None or dl.recurrence) else 1 if any(a.dated for a in ex.atoms) else 0
    return (resolved, ex.rank, ex.triggered, -dl.start)


def find_deadlines(text: str, doc_date: date | None, *, offset: int = 0) -> list[Deadline]:
    """Every deadline expression in ``text``, in order of appearance."""
    return [ex.deadline for ex in _exprs(text, doc_date, offset=offset, cell=False)]


def find_deadline(text: str, doc_date: date | None, *, offset: int = 0) -> Deadline | None:
    """The best deadline expression inside ``text`` (an obligation, a heading or a
    table time cell); None when it has no time expression at all.

    A schedule that governs the opening clause ("Định kỳ báo cáo ... vào thứ Sáu hằng
    tuần; báo cáo tổng thể trước ngày ...") beats one-off dates of later
    ";"-clauses, which are separate duties; otherwise the documented priority applies."""
    exprs = _exprs(text, doc_date, offset=offset, cell=False)
    if not exprs:
        return None
    resolved = [ex for ex in exprs if ex.deadline.due is not None or ex.deadline.recurrence]
    if resolved:
        ends = [m.start() + offset for m in re.finditer(";", text)]

        def clause(ex: Expr) -> int:
            return sum(1 for e in ends if e < ex.deadline.start)
        first = min(clause(ex) for ex in resolved)
        opening = max((ex for ex in resolved if clause(ex) == first), key=_priority)
        if opening.deadline.recurrence:
            return opening.deadline
    return max(exprs, key=_priority).deadline


def parse_deadline(text: str, doc_date: date | None, *, offset: int = 0) -> Deadline:
    """A whole time cell or phrase ("Quý II/2026", "2026 - 2030", "Thường xuyên").
    Bare years count here. Text that sets no recognisable time comes back with its
    words, no due date and ``needs_review``. Offsets are ``offset`` + local index."""
    exprs = _exprs(text, doc_date, offset=offset, cell=True)
    if exprs:
        return max(exprs, key=_priority).deadline
    stripped = text.strip()
    if not stripped:
        return Deadline()
    start = offset + text.index(stripped)
    return Deadline(text=stripped, start=start, end=start + len(stripped), needs_review=True)


def expand(deadline_or_rrule: Deadline | str | None, due: date, *, count: int | None = None,
           until: date | None = None) -> list[date]:
    """Dates of a repeating deadline from ``due`` on (three years when neither
    ``count`` nor ``until`` is given). A deadline that does not repeat gives [due]."""
    rule = deadline_or_rrule.recurrence if isinstance(deadline_or_rrule, Deadline) else deadline_or_rrule
    if not rule:
        return [due]
    return expand_rule(rule, due, count=count, until=until)
