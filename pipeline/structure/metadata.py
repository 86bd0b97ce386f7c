"""Header metadata: issuing body, số/ký hiệu, place and date, type, trích yếu; citations."""
from __future__ import annotations

import re
from datetime import date

from ..model import Citation, Line, Metadata
from ..resources import load_yaml
from .lines import is_upper_line

_NUMBER = re.compile(r"^Số\s*:?\s*(\d[\w.-]*\s*/\s*\S+|\d\S*|/\S+)")   # "445 /NQ-CP": a number written in
_HEAD_SPLIT = re.compile(r"(?<=\S)\s+(?=(?:SỞ|BỘ|(?<!ỦY )(?<!UỶ )BAN|VĂN PHÒNG|(?:ỦY|UỶ) BAN|UBND|CỤC|TỔNG CỤC|TIỂU BAN|"
                         r"TRUNG TÂM|CÔNG AN|BỘ CHỈ HUY|ĐẢNG ỦY|ĐẢNG UỶ|BAN THƯỜNG TRỰC)\b)")
_PLACE_DATE = re.compile(
    r"(?:(?P<place>[A-ZĐÂ][\wÀ-ỹ .'-]{1,40}?),\s*)?ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})")
_CITATION = re.compile(
    r"(?:(?P<word>Chỉ thị|Kế hoạch hành động|Kế hoạch|Quyết định|Nghị quyết liên tịch|Nghị quyết|Nghị định|"
    r"Thông tư liên tịch|Thông tư|Công văn|Công điện|Thông báo|Kết luận|Chương trình hành động|"
    r"Chương trình phối hợp|Chương trình|Hướng dẫn|Văn bản|Báo cáo|Đề án|Quy định|Luật|Thông tri)"
    r"(?:\s+\w+){0,3}?\s+)?số:?\s*"
    r"(?P<num>\d{1,6}(?:\.\d{1,2})?(?:/\d{4})?[/-][A-ZĐa-zđ0-9.&]+(?:[/-][A-ZĐa-zđ0-9.&]+){0,4})"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}[/.-]\d{1,2}[/.-]\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
)
_BARE_SYMBOL = re.compile(r"(?<![\w/])(\d{1,6}(?:/\d{4})?/(?:[A-ZĐ][A-ZĐa-z0-9.&]*)(?:-[A-ZĐ][A-ZĐa-zđ0-9.&]*){1,3})(?![\w/])"
                          r"|(?<![\w/])(\d{1,4}-(?:NQ|CT|KL|QĐ|TB|CTr|HD|BC|KH)/[A-ZĐ][A-ZĐa-z]*)(?![\w/])")


def _doctypes():
    return load_yaml("doctypes.yaml")


def parse_date_text(s: str) -> date | None:
    m = re.match(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", s)
    if not m:
        m = re.match(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", s)
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


_VOWEL = re.compile(r"[aeiouyàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]")
_HEADS = {"Sở", "Bộ", "Ban", "Cục", "Vụ", "Tổng", "Hội"}
_LOWER_WORDS = {"tỉnh", "thành phố", "xã", "phường", "huyện", "quận", "thị xã", "đặc khu"}


def sentence_case_body(upper: str) -> str:
    """'ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI' -> 'UBND thành phố Hà Nội'; 'BỘ NỘI VỤ' -> 'Bộ Nội vụ'."""
    s = " ".join(upper.split())
    s = re.sub(r"^(ỦY|UỶ) BAN NHÂN DÂN", "UBND", s, flags=re.I)
    if not is_upper_line(s.replace("UBND", "")) and s != "UBND":
        return s
    words = s.split(" ")
    out: list[str] = []
    place = False
    for i, w in enumerate(words):
        lw = w.lower()
        if w == "UBND" or (len(w) > 1 and not _VOWEL.search(lw)):
            out.append(w)           # acronyms (UBND, MTTQ, HĐND) keep their capitals
            continue
        two = (lw + " " + words[i + 1].lower()) if i + 1 < len(words) else ""
        if lw in _LOWER_WORDS or two in _LOWER_WORDS:
            out.append(lw)
            place = True
            continue
        if place and out and out[-1] in ("thành", "thị"):
            out.append(lw)
            continue
        if place or i == 0 or (out and out[-1].endswith(",")) or (i == 1 and out[0] in _HEADS):
            out.append(w[:1] + w[1:].lower())
        elif out and out[-1].lower() == "và":
            out.append(w[:1] + w[1:].lower())
        else:
            out.append(lw)
    res = " ".join(out)
    for fixed in ("Chính phủ", "Trung ương", "Quốc hội", "Việt Nam", "Mặt trận Tổ quốc"):
        res = re.sub(re.escape(fixed), fixed, res, flags=re.I)
    return res[:1].upper() + res[1:]


def _sentence_case_title(text: str) -> str:
    if not is_upper_line(text):
        return text
    low = text.lower()
    low = low[:1].upper() + low[1:]
    low = re.sub(r"^(kế hoạch|chỉ thị|quyết định|chương trình|nghị quyết)", lambda m: m.group(1), low)
    for w, _ in _doctypes()["citation_words"].items():
        low = re.sub(r"\b" + re.escape(w.lower()) + r"(?= số)", w, low)
    for fixed in ("Chính phủ", "Thủ tướng", "Trung ương", "Quốc hội", "Việt Nam", "Ban Bí thư",
                  "Bộ Chính trị", "Đảng", "Ủy ban nhân dân", "Mặt trận Tổ quốc"):
        low = re.sub(re.escape(fixed.lower()), fixed, low)
    low = re.sub(r"(\d+/[a-zđ0-9]+(?:-[a-zđ0-9]+)*)", lambda m: m.group(1).upper(), low)
    low = re.sub(r"(tỉnh|thành phố) ([a-zà-ỹđ]+(?: [a-zà-ỹđ]+)?)",
                 lambda m: m.group(1) + " " + m.group(2).title(), low)
    return low


def recase_from_text(title: str, text: str, skip: tuple[int, int] = (0, 0)) -> str:
    """Copy the printed case of stretches of ``title`` that recur (in mixed case) in ``text``."""
    low = text.lower()
    low = low[:skip[0]] + " " * (skip[1] - skip[0]) + low[skip[1]:]
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", title)]
    out = list(title)
    i = 0
    while i < len(words):
        best = None
        lo, hi = i + 2, len(words)          # at least three words
        while lo <= hi:
            mid = (lo + hi) // 2
            frag = title[words[i][0]:words[mid - 1][1]].lower()
            pos = low.find(frag)
            if pos >= 0 and not is_upper_line(text[pos:pos + len(frag)]):
                best = (mid, pos, frag)
                lo = mid + 1
            else:
                hi = mid - 1
        if best:
            mid, pos, frag = best
            a = words[i][0]
            for k, ch in enumerate(text[pos:pos + len(frag)]):
                if ch.lower() == out[a + k].lower():
                    out[a + k] = ch
            i = mid
        else:
            i += 1
    res = "".join(out)
    return res[:1].upper() + res[1:]


def find_title(lines: list[Line]) -> tuple[int, int, str | None, str | None]:
    """Locate the type line and trích yếu: (first index, last index, code, title sentence)."""
    types = _doctypes()["types"]
    for i, ln in enumerate(lines[:40]):
        t = ln.text.strip()
        if ln.is_row or not is_upper_line(t.split(" V/V")[0]):
            continue
        for ty in types:
            if t == ty["title"] or t.startswith(ty["title"] + " "):
                rest = t[len(ty["title"]):].strip()
                j = i
                parts = [rest] if rest else []
                while j + 1 < len(lines) and j + 1 <= i + 4:
                    nxt = lines[j + 1].text.strip()
                    if lines[j + 1].is_row or nxt.startswith(("Căn cứ", "Thực hiện", "Kính gửi")):
                        break
                    if not (is_upper_line(nxt) or (not parts and len(nxt) < 200 and not nxt.endswith((";", ":")))
                            or nxt.startswith(("V/v", "V/V", "Về ", "Ban hành", "Thực hiện"))):
                        break
                    if is_upper_line(nxt) and any(nxt == x["title"] for x in types) and parts:
                        break
                    if nxt.endswith(":") and not is_upper_line(nxt):
                        break
                    if parts and re.match(r"^(?:THỦ TƯỚNG|CHỦ TỊCH|BỘ TRƯỞNG|GIÁM ĐỐC|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|"
                                          r"HỘI ĐỒNG|BAN CHẤP HÀNH|BAN THƯỜNG VỤ|TRƯỞNG BAN)", nxt):
                        break
                    parts.append(nxt)
                    j += 1
                    if not is_upper_line(nxt):
                        break
                about = " ".join(parts).strip()
                about = re.sub(r"^[-–]+\s*|\s*[-–]{3,}$", "", about)
                if about and is_upper_line(about):
                    about = _sentence_case_title(about)
                    about = about[:1].lower() + about[1:]
                title = ty["name"] + (" " + about if about else "")
                return i, j, ty["code"], title
    return -1, -1, None, None


def _apply_crawl_fields(md: Metadata, fields: dict[str, str]) -> None:
    """Fill what the header did not give from a web crawl's own fields."""
    if not fields:
        return
    if md.number_symbol is None and fields.get("Số hiệu"):
        md.number_symbol = fields["Số hiệu"].strip()
    if md.issued_date is None and fields.get("Ngày ban hành"):
        md.issued_date = parse_date_text(fields["Ngày ban hành"].strip())
    if md.issuer is None and fields.get("Nơi ban hành"):
        name = fields["Nơi ban hành"].strip()
        md.issuer = re.sub(r"\b(và|,)\s+(\w)", lambda m: m.group(1) + " " + m.group(2).upper(), name) \
            if name.startswith("Bộ ") else name
    if md.doc_type is None and fields.get("Loại văn bản"):
        kind = fields["Loại văn bản"].strip().upper()
        for ty in _doctypes()["types"]:
            if kind == ty["title"]:
                md.doc_type = ty["code"]


def parse_header(lines: list[Line], text: str, crawl_fields: dict | None = None) -> tuple[Metadata, int]:
    """Metadata from the first lines; returns it and the index of the first body line."""
    md = Metadata()
    head = lines[:30]
    for ln in head:
        t = ln.text.strip()
        if md.number_symbol is None:
            m = _NUMBER.match(t)
            if m and m.group(1).strip():
                md.number_symbol = m.group(1).strip().replace(" ", "").rstrip(".")
        if md.issued_date is None:
            m = _PLACE_DATE.search(t)
            if m and m.start() < 60 and not t.startswith(("Căn cứ", "Thực hiện")):
                md.place = (m.group("place") or "").strip() or None
                if m.group("d"):
                    try:
                        md.issued_date = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
                    except ValueError:
                        pass
    ti, tj, code, title = find_title(lines)
    # issuing body: the upper-case lines before "CỘNG HÒA" / "Số:" in the letterhead
    issuer_lines: list[str] = []
    for ln in (lines[:ti] if ti >= 0 else lines[:8]):
        t = ln.text.strip()
        if re.match(r"^(CỘNG HÒA|CỘNG HOÀ|Độc lập|Số\b|ĐẢNG CỘNG SẢN)", t) or _PLACE_DATE.search(t):
            if t.startswith(("CỘNG HÒA", "CỘNG HOÀ", "Số")):
                break
            continue
        if is_upper_line(t) and len(t) < 120:
            issuer_lines.append(re.sub(r"\s*[-*_]{2,}.*$", "", t))
    if issuer_lines:
        units = _HEAD_SPLIT.split(" ".join(issuer_lines))
        if len(units) >= 2:
            md.issuer_parent = sentence_case_body(units[-2])
        md.issuer = sentence_case_body(units[-1])
        parent = md.issuer_parent or ""
        if parent and re.match(r"^(?:Ban Thường trực|Thường trực|Văn phòng|Ban Chấp hành)$", md.issuer):
            md.issuer = f"{md.issuer} {parent}"          # "Ban Thường trực" of its Ủy ban MTTQ
        elif parent.startswith("UBND ") and re.match(r"^(?:Sở|Ban|Thanh tra|Văn phòng)\b", md.issuer):
            md.issuer = f"{md.issuer} {parent[5:]}"      # "Sở Giáo dục và Đào tạo thành phố Hà Nội"
    md.doc_type = code
    if title:
        # restore the printed case of document symbols from the body ("03-CTR/..." -> "03-CTr/...")
        for c in find_citations(text, 0):
            title = re.sub(re.escape(c.number_symbol), c.number_symbol.replace("\\", ""), title, flags=re.I)
    if title and ti >= 0:
        title = recase_from_text(title, text, (lines[ti].start, lines[tj].end))
        name = next((t["name"] for t in _doctypes()["types"] if title.startswith(t["name"] + " ")), None)
        if name:
            about = title[len(name) + 1:]
            if not re.match(r"^\S+ (?:số|\d)", about) and not re.match(r"^(?:V/[vV]|Luật|Nghị|Chỉ thị|Đề án)", about):
                title = f"{name} {about[:1].lower()}{about[1:]}"
    md.title = title
    sym = md.number_symbol or ""
    m = re.search(r"[/-](KH|CT|QĐ|CĐ|TB|NQ|KL|HD|CTr|BC|TTr)\b", sym)
    if m and (code is None or code == "KH" and m.group(1) != "KH" and ti < 0):
        code = m.group(1)
        md.doc_type = code
    vv_index = None
    vv_text = ""
    for k, ln in enumerate(lines[:30]):
        m = re.search(r"(?:^|\s)([Vv]/[Vv])\s*:?\s*(\S.*)$", ln.text.strip())
        if m and (ln.text.strip().startswith(("V/v", "V/V", "v/v")) or ln.text.strip().startswith("Số")):
            vv_index, vv_text = k, m.group(2).strip()
            break
    _apply_crawl_fields(md, crawl_fields or {})
    if md.doc_type is None and vv_index is not None:
        md.doc_type = "CV"
    if md.doc_type == "CV" and vv_index is not None:
        md.title = "V/v " + vv_text
    elif md.doc_type in ("CĐ",) and md.title and vv_index is not None and "V/V" not in md.title.upper():
        md.title = md.title + " " + "V/v " + vv_text
    body_start = tj + 1 if ti >= 0 else 0
    # the addressees ("Kính gửi:", "THỦ TƯỚNG CHÍNH PHỦ điện:") are not part of the body
    for k, ln in enumerate(lines[:45]):
        t = ln.text.strip()
        if k >= body_start - 1 and (t.startswith("Kính gửi") or re.search(r"\bđiện\s*:$", t)):
            body_start = k + 1
            while body_start < len(lines) and len(lines[body_start].text) < 400 and \
                    (lines[body_start].text.lstrip().startswith(("-", "+", "•"))
                     or lines[body_start].text.rstrip().endswith((";", ","))):
                body_start += 1
            break
    else:
        if md.doc_type == "CV" or ti < 0:
            if ti < 0:
                body_start = max((k + 1 for k, ln in enumerate(lines[:15])
                                  if _PLACE_DATE.search(ln.text) or ln.text.startswith(("Số:", "V/v"))),
                                 default=0)
    return md, body_start


def _key(num: str) -> str:
    """Citations compare without case, hyphens or spaces ("27/CT-TTg" = "27/CTTg")."""
    return re.sub(r"[-\s.]", "", num.casefold())


def _code(num: str) -> str:
    m = re.search(r"/(?:\d{4}/)?([A-ZĐa-zđ]+)", num) or re.search(r"-([A-ZĐa-zđ]+)/", num)
    return m.group(1).upper() if m else ""


def _non_citation() -> set[str]:
    return set(_doctypes().get("non_citation_codes", []))


def _is_own(num: str, own: str | None) -> bool:
    """The document's own symbol, also when an annex writes it with another unit code."""
    if not own:
        return False
    if num.casefold() == own.casefold():
        return True
    a, b = re.match(r"(\d+)/([^-/]+)", num), re.match(r"(\d+)/([^-/]+)", own)
    return bool(a and b and a.groups() == b.groups())


def find_citations(text: str, start: int = 0, own: str | None = None) -> list[Citation]:
    words = _doctypes()["citation_words"]
    out: list[Citation] = []
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    upper_lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text) if is_upper_line(m.group(0))]
    for m in _CITATION.finditer(text, start):
        num = m.group("num").rstrip(".")
        spans.append((m.start("num"), m.end("num")))
        if _key(num) in seen or _is_own(num, own) or _code(num) in _non_citation():
            continue
        if any(a <= m.start() < b for a, b in upper_lines) and re.search(
                re.escape(num), text[:m.start()] + text[m.end():], re.I) and num.isupper():
            continue          # an upper-case title repeats a symbol the body prints in its own case
        seen.add(_key(num))
        w = m.group("word")
        out.append(Citation(num, words.get(w) if w else None,
                            parse_date_text(m.group("date")) if m.group("date") else None,
                            None, m.start(), m.end()))
    for m in _BARE_SYMBOL.finditer(text, start):
        num = (m.group(1) or m.group(2)).rstrip(".")
        if any(a <= m.start() < b for a, b in spans) or _key(num) in seen or _is_own(num, own) \
                or _code(num) in _non_citation():
            continue
        seen.add(_key(num))
        out.append(Citation(num, None, None, None, m.start(), m.end()))
    out.sort(key=lambda c: c.start)
    return out
