"""Small formatting helpers for drafts: dates, citations, deadlines, casing, markers."""
from __future__ import annotations

import re
from datetime import date

from pipeline.model import AgencyMention, Deadline, Metadata, StructuredDoc

from .vocab import type_name

# Vietnamese điểm letters: no f, j, w, z; đ follows d (ND30 Phụ lục I, drafting practice)
LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()
BLANK = " " * 6          # left for the văn thư: number, day, month
_FREQ = {"DAILY": "hằng ngày", "WEEKLY": "hằng tuần", "MONTHLY": "hằng tháng",
         "YEARLY": "hằng năm"}


def dmy(d: date | None) -> str:
    """dd/mm/yyyy (deadlines, tables)."""
    return d.strftime("%d/%m/%Y") if d else ""


def citation_date(d: date) -> str:
    """Day zero-padded, month padded only for 1 and 2 (ND30 rule): 05/02/2026, 23/7/2025."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


def marker(i: int) -> str:
    """a), b), ... đ) ...; "-" past the alphabet."""
    return f"{LETTERS[i]})" if i < len(LETTERS) else "-"


def clean_sentence(text: str) -> str:
    """Strip list markers and end punctuation, capitalise, end with one period."""
    t = " ".join((text or "").split())
    t = re.sub(r"^(?:[-+•*–]\s*|[a-zđ]\)\s*|\d+(?:\.\d+)*[.)]\s+)", "", t)
    t = t.rstrip(" ;,.:")
    if not t:
        return ""
    return t[0].upper() + t[1:] + "."


def sentence_case(text: str) -> str:
    """"NHIỆM VỤ, GIẢI PHÁP" -> "Nhiệm vụ, giải pháp"; mixed case is kept."""
    t = " ".join((text or "").split()).strip(" :.;")
    if t and t == t.upper() and any(c.isalpha() for c in t):
        t = t.lower()
    return t[:1].upper() + t[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym (UBND, TP)."""
    if not text:
        return text
    first = text.split()[0]
    if len(first) > 1 and first[1:2].isupper():
        return text
    return text[0].lower() + text[1:]


def about(meta: Metadata) -> str:
    """The summary as a "về ..." phrase (or "" when the source has none)."""
    t = " ".join((meta.title or "").split()).strip(" .")
    if not t:
        return ""
    t = re.sub(r"^V/v\s*", "", t, flags=re.I)
    name = type_name(meta.doc_type)
    if t.casefold().startswith(name.casefold() + " "):
        t = t[len(name) + 1:]
    if t == t.upper():      # a title in capitals: lower the words, keep codes ("214/NQ-CP")
        t = " ".join(w if any(c.isdigit() or c in "/-" for c in w) else w.lower()
                     for w in t.split())
    t = lower_first(t)
    return t if t.startswith("về ") else f"về {t}"


def number_only(meta: Metadata) -> str:
    return " ".join((meta.number_symbol or "").split()).replace("Số:", "").strip()


def ref_short(meta: Metadata) -> str:
    """"Chỉ thị số 21/CT-TTg" (type and number only, for later mentions)."""
    name, num = type_name(meta.doc_type), number_only(meta)
    return f"{name} số {num}" if num else name


def ref_full(meta: Metadata, *, with_about: bool = True) -> str:
    """"Chỉ thị số 21/CT-TTg ngày 05/02/2026 của Thủ tướng Chính phủ về ..." (first mention)."""
    parts = [ref_short(meta)]
    if meta.issued_date:
        parts.append(f"ngày {citation_date(meta.issued_date)}")
    if meta.issuer:
        parts.append(f"của {issuer_name(meta)}")
    if with_about and about(meta):
        parts.append(about(meta))
    return " ".join(parts)


def issuer_name(meta: Metadata) -> str:
    name = " ".join((meta.issuer or "").split())
    if name and name == name.upper():     # a header line in capitals: keep words, soften case
        name = name[:1] + name[1:].lower()
    return name or "cơ quan ban hành"


def names(mentions: list[AgencyMention]) -> list[str]:
    seen: list[str] = []
    for m in mentions:
        t = " ".join(m.text.split())
        if t and t not in seen:
            seen.append(t)
    return seen


def deadline_text(d: Deadline) -> str:
    """"trước ngày 15/12/2026" / "hằng tháng (trước ngày 20)" / "" when none."""
    text = " ".join((d.text or "").split()).strip(" .;,")
    due = dmy(d.due)
    if not text and d.recurrence:
        freq = re.search(r"FREQ=(\w+)", d.recurrence)
        text = _FREQ.get(freq.group(1), "định kỳ") if freq else "định kỳ"
    if due and due not in text and (not d.due or citation_date(d.due) not in text):
        text = f"{text} (hạn {due})" if text else f"trước ngày {due}"
    return text


def heading_of(doc: StructuredDoc, path: str) -> str:
    """Text of the section ``path`` of the source (without its marker), or ""."""
    if not path:
        return ""
    for s in doc.root.iter():
        if s.path == path and s.marker not in ("para", "row"):
            return " ".join(doc.text[s.text_start:s.end].split()).strip(" .:")
    return ""
