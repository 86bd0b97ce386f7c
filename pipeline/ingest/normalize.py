"""The one normalisation step: NFC, tone-mark placement, noise removal, line unwrapping, tables.

Input is a list of raw lines (from a text file, or built by the DOCX/PDF readers).
Output is one string of *logical lines*: a paragraph per line, a table row per
line written as ``| cell | cell |``. After this no stage rewrites the text.

Conventions understood in the raw lines:
- an empty line is a hard paragraph break;
- a line that is exactly ``|`` separates table cells (web-crawl layout);
- a line ``| a | b |`` is already one table row (Word layout).
"""
from __future__ import annotations

import re
import unicodedata

from ..model import Flag
from .layout import rewrite_unruled_tables

# --- characters -------------------------------------------------------------

_TONES = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}  # sắc huyền hỏi ngã nặng
_OLD_STYLE = re.compile(r"(?<![qQgG])([oOuU])([aAeEyY])([\u0301\u0300\u0309\u0303\u0323])(?![\w\u0300-\u036f])")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
# Cyrillic letters that look Latin turn up in real documents ("16495/BТС-PTHT").
_HOMOGLYPHS = str.maketrans("АВЕКМНОРСТХаеорсух", "ABEKMHOPCTXaeopcyx")
_DASHES = str.maketrans({"\u2013": "-", "\u2014": "-", "\u2012": "-", "\u2212": "-",
                         "\u201c": "\u201c", "\uf0b7": "-", "\u2022": "-", "\uf02d": "-"})


def tone_policy(text: str) -> str:
    """Place tone marks the 'new' way on oa/oe/uy syllables: hoá -> hóa, thuỷ -> thủy."""
    d = unicodedata.normalize("NFD", text)
    d = _OLD_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d)
    return unicodedata.normalize("NFC", d)


_EMPHASIS = re.compile(r"(\*\*|__)(?=[^\s_*])(.+?)(?<=[^\s_*])\1")   # markdown **bold** / __bold__ of crawls


def clean_chars(line: str) -> str:
    line = unicodedata.normalize("NFC", line).translate(_DASHES).translate(_HOMOGLYPHS)
    line = _EMPHASIS.sub(r"\2", _SPACES.sub(" ", line))
    return tone_policy(line).strip()


# --- line classes -------------------------------------------------------------

MARKER = re.compile(
    r"^(?:"
    r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+[IVXLC\d]+\b"
    r"|Điều\s+\d+"
    r"|[IVXLC]{1,6}\s*[.)]"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\.?(?=\s)"
    r"|[a-zđ]\s*\)"
    r"|\(\s*(?:\d{1,2}|[a-zđ])\s*\)"
    r"|[-+*•]"
    r")"
)
_YEARLIKE = re.compile(r"^\d{3,}")
_TERMINAL = (".", ";", ":", "!", "?", "./.", "…")
_BAR_ROW = re.compile(r"^\|.*\|$")
_PAGE_HEADER = re.compile(r"^CÔNG BÁO\s*/\s*Số\s*\d+.*$", re.I)
_PAGE_NUMBER = re.compile(r"^\d{1,4}$")
_SIGN_STAMP = re.compile(r"^(Ký bởi|Cơ quan|Ngày ký|Thời gian ký|Email)\s*:", re.I)
_HARD_START = re.compile(r"^(V/[vV]\b|Kính gửi|Số\s*:|Nơi nhận|Căn cứ\b|(?:TM|KT|TL|TUQ)\.\s)")
_CRAWL_META_END = re.compile(r"^(Số công báo|Tình trạng|Ngày hiệu lực)\s*:")
_MAX_CELL_LINES = 20
_UNWRAPPED = 140
_LAYOUT_CELL = re.compile(r"CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|Độc lập - Tự do|^Số\s*:|^Kính gửi|^Nơi nhận|^(?:TM|KT)\.\s")
_MD_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")
_JOIN_AFTER = re.compile(r"(?:\bngày|\btháng|\bnăm|^Số\s*:|\bsố)$")
_NEW_PART = re.compile(r"^(?:PHỤ LỤC|Phụ lục\s+[IVX\d]+$)")
_RULE_LINE = re.compile(r"^[-_–—=.*]{3,}$")


def starts_item(line: str) -> bool:
    return bool(MARKER.match(line)) and not _YEARLIKE.match(line)


def _is_upper(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_terminal(line: str) -> bool:
    return line.rstrip().endswith(_TERMINAL)


# --- web-crawl tables ("|" lines) ----------------------------------------------

def _bar_segments(lines: list[str]) -> list[list[str]]:
    """Split a run of lines containing '|' separators into cells (each a list of raw lines).

    Lines after the last bar are not a cell: the caller passes them on as text.
    """
    segs: list[list[str]] = []
    cur: list[str] = []
    for ln in lines:
        if ln == "|":
            segs.append(cur)
            cur = []
        elif ln:
            cur.append(ln)
    return segs


def _rows_from_segments(segs: list[str]) -> list[list[str]]:
    """Group cell texts into rows. An empty segment ends a row unless the row is mid-way."""
    if segs and segs[0] == "":
        segs = segs[1:]
    ncols = 0
    for s in segs:          # header: cells up to the first empty segment
        if s == "":
            break
        ncols += 1
    rows: list[list[str]] = []
    row: list[str] = []
    for s in segs:
        if s == "":
            if not row:
                continue
            if len(row) <= 2 or len(row) >= ncols:
                rows.append(row)
                row = []
            else:
                row.append("")
            continue
        row.append(s)
        if ncols >= 3 and len(row) == ncols:
            rows.append(row)
            row = []
    if row:
        rows.append(row)
    return rows


def _table_lines(block: list[str]) -> list[str]:
    """Turn a run of bar-separated lines into logical lines.

    Small layout tables (letterhead, signature, Kính gửi) come out as plain lines;
    data tables (3+ columns) as '| a | b |' rows.
    """
    segs = _bar_segments(block)
    texts = [" ".join(s).strip() for s in segs]
    rows = _rows_from_segments(texts)
    widest = max((len(r) for r in rows), default=0)
    if widest < 3 or len(rows) < 2 or any(_LAYOUT_CELL.search(t) for t in texts):
        out: list[str] = []
        for s in segs:
            if s:
                out.extend(_unwrap(s, paragraph_mode=False))
        return out
    return ["| " + " | ".join(c.replace("|", "/") for c in r) + " |" for r in rows]


# --- unwrapping ---------------------------------------------------------------

def _unwrap(lines: list[str], *, paragraph_mode: bool) -> list[str]:
    """Join hard-wrapped lines of one block into logical lines."""
    out: list[str] = []
    last_raw = ""
    for ln in lines:
        raw_prev, last_raw = last_raw, ln
        if not out:
            out.append(ln)
            continue
        prev = out[-1]
        if _BAR_ROW.match(ln) or _BAR_ROW.match(prev) or _RULE_LINE.match(ln) or _RULE_LINE.match(prev):
            out.append(ln)
            continue
        if not paragraph_mode and (len(ln) > _UNWRAPPED or len(raw_prev) > _UNWRAPPED) and not ln[:1].islower():
            out.append(ln)          # lines this long were never hard-wrapped: each is a paragraph
            continue
        if _JOIN_AFTER.search(prev) and ln[:1].isdigit():
            out[-1] = prev + " " + ln          # "Số:" / "7360/KH-UBND", "ngày" / "19 tháng 11"
            continue
        if _HARD_START.match(ln):
            out.append(ln)
            continue
        if starts_item(ln):
            # a marker starts a new line, unless the previous line is clearly cut mid-phrase
            if _is_terminal(prev) or not paragraph_mode or len(prev) < 60:
                out.append(ln)
                continue
            if ln[:1] in "-+" or re.match(r"^[a-zđ]\)", ln):
                out.append(ln)
                continue
        if _is_upper(ln) and not _is_upper(prev) and len(ln.split()) >= 2 and len(ln) >= 8:
            out.append(ln)          # an upper-case heading does not continue a mixed-case line
            continue
        if _is_upper(prev) and ln[:1].isupper() and not _is_upper(ln):
            out.append(ln)          # an upper-case title does not run into the paragraph after it
            continue
        if paragraph_mode or not _is_terminal(prev) or ln[:1].islower():
            if prev.endswith("-") and not prev.endswith(" -") and ln[:1].islower():
                out[-1] = prev[:-1] + ln          # de-hyphenation
            else:
                out[-1] = prev + " " + ln
        else:
            out.append(ln)
    return out


_BROKEN_NUMBER = re.compile(r"\b\d{1,2}/\d \d/\d{2,4}\b|\b\d{1,2}/\d{1,2}/\d{1,3} \d{1,3}\b")
_SPLIT_SYMBOL2 = re.compile(r"(?<![\d/])(\d{1,4})-\s+(?=[A-ZĐ][A-Za-zĐ]{0,5}/[A-ZĐ])")
_SPLIT_SYMBOL = re.compile(r"(\d+/[A-ZĐa-z]{1,6}(?:-[A-ZĐ]{1,8})*-|\d+-[A-ZĐ]{1,4}/?|\d+/[A-ZĐ]{1,3})\s+(?=[A-ZĐ]{1,8}(?:-[A-ZĐ]|[a-z]{0,2}\b))")


def _expand_layout_rows(lines: list[str]) -> list[str]:
    """A '| a | b |' row that is a letterhead, signature or Kính gửi block becomes plain lines."""
    out: list[str] = []
    for ln in lines:
        if _BAR_ROW.match(ln) and len(ln) > 4:
            cells = [c.strip() for c in ln[1:-1].split(" | ")]
            if any(_LAYOUT_CELL.search(c) for c in cells):
                for c in cells:
                    if c:
                        out.extend(["", c, ""])
                continue
        out.append(ln)
    return out


def _drop_crawl_metadata(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Some web crawls open with the site's own fields (Số hiệu / Loại văn bản / ...).

    They are dropped from the text and returned as a dict (a fallback for the header).
    """
    first = next((x for x in lines[:3] if x), "")
    if not first.startswith("Số hiệu"):
        return lines, {}
    end = None
    for i, ln in enumerate(lines[:80]):
        if _CRAWL_META_END.match(ln):
            end = i
    if end is None:
        return lines, {}
    j = end + 1
    while j < len(lines) and lines[j] != "":
        j += 1
    fields: dict[str, str] = {}
    vals = [x for x in lines[:j] if x and x != "|"]
    for k, v in enumerate(vals):
        if v.endswith(":") and k + 1 < len(vals) and not vals[k + 1].endswith(":"):
            fields[v[:-1].strip()] = vals[k + 1]
    return lines[j:], fields


def normalize_lines(raw: list[str], *, paragraph_mode: bool | None = None) -> tuple[str, list[Flag], dict]:
    """Normalise raw lines into the logical-line text. Returns (text, flags, removed-noise metadata)."""
    lines = [unicodedata.normalize("NFC", x).rstrip() for x in raw]
    lines, crawl = _drop_crawl_metadata(lines)
    meta: dict = {"page_headers": [], "signature_stamps": [], "crawl_fields": crawl}
    kept: list[str] = []
    for ln in lines:
        ln = ln.strip()
        if _PAGE_HEADER.match(ln):
            meta["page_headers"].append(ln)
            # the page number printed under the header is dropped too (see below)
            kept.append("\x00PAGE")
            continue
        if _SIGN_STAMP.match(ln):
            meta["signature_stamps"].append(ln)
            continue
        kept.append(ln)
    # drop bare page numbers right after a page header, and the header marker itself
    cleaned: list[str] = []
    skip_number = False
    joining = False         # a sentence runs on over the page break: no paragraph break there
    for ln in kept:
        if ln == "\x00PAGE":
            skip_number = True
            last = next((x for x in reversed(cleaned) if x), "")
            if last and not _is_terminal(last) and not last.startswith("|"):
                while cleaned and not cleaned[-1]:
                    cleaned.pop()
                joining = True
            continue
        if skip_number and _PAGE_NUMBER.match(ln):
            skip_number = False
            continue
        if joining and not ln:
            continue
        if ln:
            skip_number = joining = False
        cleaned.append(ln)
    cleaned = [clean_chars(x) for x in rewrite_unruled_tables(cleaned)]
    received = cleaned
    cleaned = _expand_layout_rows([x for x in cleaned if not _MD_RULE.match(x)])

    if paragraph_mode is None:
        # decided on the lines as received, before layout rows add blank lines of their own
        source = received
        nonblank = [x for x in source if x and not x.startswith("|")]
        blank_ratio = 1 - len(nonblank) / max(1, len(source))
        lengths = sorted(len(x) for x in nonblank) or [0]
        long_share = sum(x > _UNWRAPPED for x in lengths) / max(1, len(lengths))
        paragraph_mode = blank_ratio >= 0.1 and lengths[len(lengths) // 2] < 90 and long_share < 0.05

    out: list[str] = []
    block: list[str] = []
    bars: list[str] = []

    def flush_block():
        if block:
            out.extend(_unwrap(block, paragraph_mode=paragraph_mode))
            block.clear()

    def flush_bars():
        if bars:
            last = max(i for i, x in enumerate(bars) if x == "|")
            out.extend(_table_lines(bars[:last + 1]))
            block.extend(x for x in bars[last + 1:] if x)
            bars.clear()

    # distance (in non-blank lines) to the next "|" line, to tell a table cell from text after a table
    next_bar = [0] * (len(cleaned) + 1)
    dist = 10 ** 6
    for i in range(len(cleaned) - 1, -1, -1):
        if cleaned[i] == "|":
            dist = 0
        elif cleaned[i]:
            dist += 1
        next_bar[i] = dist
    for i, ln in enumerate(cleaned):
        if ln == "|":
            if not bars:
                flush_block()
            bars.append(ln)
            continue
        if bars:
            if ln == "":
                # a blank line ends the table unless another bar follows closely
                nxt = [x for x in cleaned[i + 1:i + 4] if x]
                if nxt and nxt[0] == "|" or (bars[-1] != "|" and nxt and "|" in cleaned[i + 1:i + 4]):
                    continue
                flush_bars()
                continue
            if bars[-1] == "|" and (next_bar[i] > _MAX_CELL_LINES or _NEW_PART.match(ln)):
                flush_bars()            # text running on after the table's last bar
                block.append(ln)
                continue
            bars.append(ln)
            continue
        if ln == "":
            flush_block()
            continue
        block.append(ln)
    flush_bars()
    flush_block()

    text_lines = [_SPLIT_SYMBOL2.sub(r"\1-", _SPLIT_SYMBOL.sub(r"\1", x))
                  for x in out if x and not _RULE_LINE.match(x)]
    text = "\n".join(text_lines)
    flags = [Flag("broken-number", m.start(), m.end(),
                  f"số hoặc ngày có khoảng trắng lạ: “{m.group(0)}”")
             for m in _BROKEN_NUMBER.finditer(text)]
    return text, flags, meta
