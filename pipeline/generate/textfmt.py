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
    if t.casefold() == name.casefold():     # the summary is only the type's name
        return ""
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


def ref_full(meta: Metadata, *, with_about: bool = True, source: str = "") -> str:
    """"Chỉ thị số 21/CT-TTg ngày 05/02/2026 của Thủ tướng Chính phủ về ..." (first mention).

    When the metadata identifies nothing (no number, date, issuer or summary), the
    file name ``source`` is quoted so the clerk knows which document is meant."""
    parts = [ref_short(meta)]
    if source and not (number_only(meta) or meta.issued_date or clean_issuer(meta.issuer)
                       or about(meta)):
        return f"{parts[0]} (tệp {source})"
    if meta.issued_date:
        parts.append(f"ngày {citation_date(meta.issued_date)}")
    if clean_issuer(meta.issuer):
        parts.append(f"của {issuer_name(meta)}")
    if with_about and about(meta):
        parts.append(about(meta))
    return " ".join(parts)


def issuer_name(meta: Metadata) -> str:
    name = clean_issuer(meta.issuer)
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


# --------------------------------------------------------------------------- fallbacks
# Extraction output varies (a header lost in conversion, a place glued to a code); the
# helpers below turn what there is into text a clerk would sign, or leave a clean blank.

_TIEU_NGU = re.compile(r"Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc", re.I)
_PLACE_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]*$")
_LOCALITY = re.compile(r"\b(?:tỉnh|thành phố|Thành phố|TP\.?)\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s*)+)$")


def clean_place(text: str | None) -> str:
    """"NQ-CP Hà Nội" -> "Hà Nội"; "Độc lập - Tự do - Hạnh phúc Lương Minh" -> "Lương Minh";
    "TP. Hồ Chí Minh" -> "Thành phố Hồ Chí Minh"; "" when nothing usable is left."""
    t = _TIEU_NGU.sub(" ", text or "")
    t = re.sub(r"\bTP\.?\s+(?=[A-ZĐÀ-Ỹ])", "Thành phố ", t)
    words = t.replace(",", " ").split()
    keep: list[str] = []
    for w in reversed(words):              # the place is the tail of capitalised words
        if _PLACE_WORD.match(w) or (w == "phố" and keep):
            keep.insert(0, w)
        else:
            break
    while keep and not _PLACE_WORD.match(keep[0]):
        keep.pop(0)
    return " ".join(keep)


def place_in_name(name: str | None) -> str:
    """"Ủy ban nhân dân tỉnh Nghệ An" -> "Nghệ An"; "" when the name holds no locality."""
    m = _LOCALITY.search(" ".join((name or "").split()))
    place = clean_place(m.group(1)) if m else ""
    return "Thành phố Hồ Chí Minh" if place == "Hồ Chí Minh" else place


def strip_locality(name: str) -> str:
    """"Sở Y tế thành phố Hà Nội" -> "Sở Y tế" (a People's Committee keeps its locality)."""
    if re.match(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\b", name):
        return name
    m = _LOCALITY.search(name)
    return name[:m.start()].strip() if m and m.start() > 0 else name


def locality_phrase(name: str) -> str:
    """"Sở Y tế thành phố Hà Nội" -> "thành phố Hà Nội"; "" when none."""
    m = _LOCALITY.search(" ".join(name.split()))
    return m.group(0) if m else ""


def derive_symbol(name: str) -> str:
    """An issuer code from a body's name when the registry has none: "Sở Giáo dục và Đào tạo"
    -> "SGDĐT", "Ủy ban nhân dân tỉnh" -> "UBND", "Bộ Công an" -> "BCA"."""
    import unicodedata
    t = strip_locality(" ".join(name.split()))
    t = re.sub(r"^(?:Ủy|Uỷ) ban nhân dân\b.*", "UBND", t, flags=re.I)
    out = []
    for w in re.split(r"[\s,\-–]+", t):
        if not w or w.casefold() in ("và", "các", "của", "&"):
            continue
        if len(w) > 1 and w.isupper():     # an acronym already: UBND, MTTQ
            out.append(w)
        else:
            out.append(w[0].upper())
    s = "".join(out).replace("Đ", "\0")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).replace("\0", "Đ")
    s = re.sub(r"[^A-ZĐ]", "", s)
    return s[:10] or "CQ"


def clean_issuer(name: str | None) -> str:
    """Drop what a broken header glued to the issuer (Quốc hiệu, table bars, codes)."""
    t = (name or "").split("|")[0]
    t = re.split(r"\bc[ộo]ng\s+h[òo]a\s+x[ãa]\s+h[ộo]i\b", t, flags=re.I)[0]
    t = re.sub(r"^Văn bản pháp luật khác\s+", "", t.strip(), flags=re.I)
    words = t.split()
    half = len(words) // 2                 # "Chính phủ Chính phủ" -> "Chính phủ"
    if half and words[:half] == words[half:]:
        words = words[:half]
    return " ".join(words).strip(" -–,;")


_TYPE_IN_NUMBER = re.compile(r"/(?:\d{4}/)?([A-ZĐ][A-Za-zĐđ]*)-|^\d+-([A-ZĐ][A-Za-zĐđ]*)/")


def infer_doc_type(meta: Metadata, source: str = "") -> str | None:
    """The ND30 type of the source: the metadata's, else the first words of its summary,
    else the code in its number ("97/NQ-CP", "221-KL/TW"; "5115/LĐTBXH-KHTC" has none and
    is a Công văn), else the prefix of its file name ("cv-6356-..."); None when unknown."""
    from .vocab import doc_types, type_by_name
    if meta.doc_type:
        return meta.doc_type
    title = " ".join((meta.title or "").split())
    for n in (3, 2, 1):
        dt = type_by_name(" ".join(title.split()[:n])) if title else None
        if dt:
            return dt.abbr
    if re.match(r"^V/v\b", title, re.I):
        return "CV"
    num = number_only(meta)
    m = _TYPE_IN_NUMBER.search(num)
    if m and (m.group(1) or m.group(2)) in doc_types():
        return m.group(1) or m.group(2)
    if re.match(r"^\d+/[A-ZĐ]", num):
        return "CV"
    head = re.split(r"[-_ .]", source.lower(), maxsplit=1)[0]
    for abbr in doc_types():
        if head and _fold(abbr) == head:
            return abbr
    return None


def _fold(text: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c))
