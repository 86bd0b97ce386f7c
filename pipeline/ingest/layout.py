"""Assignment tables laid out without separators (Công báo PDFs turned into text).

In those texts every cell is wrapped into short lines, the row number stands
alone on its line ("3."), and the header repeats on every page. This module finds
such a table in the raw lines and rewrites it as '| a | b |' rows, before lines are
unwrapped, so the rest of the pipeline sees an ordinary table.
"""
from __future__ import annotations

import re

_ROW_NO = re.compile(r"^(\d{1,3})\.?$")
_ROW_START = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
_GROUP = re.compile(r"^([IVX]{1,5})\.\s+(\S.*)$")
_END = re.compile(r"^(?:Nơi nhận|PHỤ LỤC|Phụ lục\s+[IVX\d]+$|(?:TM|KT|TL|TUQ)\.\s|Điều\s+\d+\.)")
_ROLES = [
    ("task", re.compile(r"nhiệm vụ|nội dung|giải pháp|công việc|hoạt động", re.I)),
    ("lead", re.compile(r"chủ\s*trì|cơ quan thực hiện|đơn vị thực hiện", re.I)),
    ("coord", re.compile(r"phối\s*hợp", re.I)),
    ("product", re.compile(r"kết quả|sản phẩm", re.I)),
    ("time", re.compile(r"thời\s*gian|thời\s*hạn|tiến độ", re.I)),
]
_NAMES = {"stt": "STT", "task": "Nội dung nhiệm vụ", "lead": "Cơ quan chủ trì",
          "coord": "Cơ quan phối hợp", "product": "Kết quả", "time": "Thời gian hoàn thành"}


def _header_at(lines: list[str], i: int) -> tuple[list[str], int] | None:
    """If a header block starts at lines[i] ("STT" then column names), return its roles and end."""
    if lines[i].strip() not in ("STT", "TT"):
        return None
    near = [x.strip() for x in lines[max(0, i - 2):i + 4]]
    if "|" in near or any(x.startswith("| ") for x in near):
        return None                      # a table with separators is read elsewhere
    block = []
    j = i + 1
    while j < len(lines) and j <= i + 14:
        t = lines[j].strip()
        if not t:
            j += 1
            continue
        if _ROW_NO.match(t) or _GROUP.match(t) or len(t) > 40:
            break
        block.append(t)
        j += 1
    text = " ".join(block)
    found = []
    for role, rx in _ROLES:
        m = rx.search(text)
        if m:
            found.append((m.start(), role))
    roles = [r for _, r in sorted(found)]
    if "task" not in roles or "lead" not in roles or len(roles) < 3:
        return None
    return ["stt"] + roles, j


_JOINERS = {"ở", "và", "của", "các", "với", "thuộc", "cho", "về", "theo", "tại", "trong", "từ", "đến",
            "là", "được", "những", "cùng", "hoặc", "trình", "do", "bằng", "qua"}
_TIME = re.compile(r"^(?:Thường xuyên|Hằng|Hàng|Định kỳ|Quý|Quí|Năm|Tháng|Trước|Trong|Từ|Giai đoạn|Đến|Sau|\d{1,2}/\d{4}|\d{4})", re.I)


def _cells(row: list[str]) -> list[str]:
    """Split the wrapped lines of one row into cells (see the module docstring)."""
    cells: list[list[str]] = []
    prev = ""
    for ln in row:
        for t in re.split(r"\s{2,}", ln.strip()):
            if not t:
                continue
            new = not cells
            if cells and t[:1].isupper():
                last = prev.rstrip(".,;").split()[-1] if prev.split() else ""
                joined = prev.endswith((",", "-", "/")) or last.lower() in _JOINERS or last[:1].isupper() \
                    and not prev.endswith(".")
                new = not joined
            if new:
                cells.append([t])
            else:
                cells[-1].append(t)
            prev = t
    return [" ".join(c) for c in cells]


def _row_line(no: str, cells: list[str], roles: list[str]) -> str:
    rest = roles[1:]                       # roles after STT: task first
    out = {r: "" for r in rest}
    if cells:
        out[rest[0]] = cells[0]
        tail = cells[1:]
        others = rest[1:]
        if len(tail) == len(others):
            out.update(zip(others, tail))
        else:
            if tail and "time" in others and _TIME.match(tail[-1]):
                out["time"] = tail.pop()
            order = [r for r in others if r != "time" or not out["time"]]
            for k, c in enumerate(tail):
                r = order[min(k, len(order) - 1)] if order else rest[0]
                out[r] = (out[r] + " " + c).strip()
    return "| " + " | ".join([no] + [out[r].replace("|", "/") for r in rest]) + " |"


def rewrite_unruled_tables(lines: list[str]) -> list[str]:
    """Rewrite every separator-less assignment table in `lines` as '| a | b |' rows."""
    out: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        hdr = _header_at(lines, i)
        if hdr is None:
            out.append(lines[i])
            i += 1
            continue
        roles, j = hdr
        out.append("")
        out.append("| " + " | ".join(_NAMES[r] for r in roles) + " |")
        cur_no: str | None = None
        cur: list[str] = []
        group: list[str] | None = None

        def flush():
            nonlocal cur_no, cur, group
            if group is not None:
                out.append("| " + group[0] + " | " + " ".join(group[1:]) + " |")
                group = None
            if cur_no is not None:
                out.append(_row_line(cur_no, _cells(cur), roles))
            cur_no, cur = None, []

        while j < n:
            t = lines[j].strip()
            if _END.match(t):
                break
            again = _header_at(lines, j)
            if again is not None:          # the header repeated on a new page
                j = again[1]
                continue
            m = _ROW_NO.match(t)
            g = _GROUP.match(t)
            inline = _ROW_START.match(t)
            if inline and cur_no is not None and int(inline.group(1)) == int(cur_no) + 1:
                flush()                     # "19.  Xây dựng ..." : the number and the first cell share a line
                cur_no = inline.group(1)
                cur = [inline.group(2)]
            elif m:
                flush()
                cur_no = m.group(1)
            elif g and (cur_no is None or not cur or cur[-1].rstrip().endswith((".", ")")) or True):
                flush()
                gtext = g.group(2)
                tail = re.match(r"^(.*?)\s+(\d{1,3})\.$", gtext)
                if tail:                    # "I. Group title 1." : the next row number is glued on
                    group = [g.group(1), tail.group(1)]
                    flush()
                    cur_no = tail.group(2)
                else:
                    group = [g.group(1), gtext]
            elif group is not None and cur_no is None and t:
                tail = re.match(r"^(.*?)\s+(\d{1,3})\.$", t)
                if tail:
                    group.append(tail.group(1))
                    flush()
                    cur_no = tail.group(2)
                else:
                    group.append(t)
            elif cur_no is not None:
                tail = re.match(r"^(.*?)\s+(\d{1,3})\.$", t)
                if tail and int(tail.group(2)) == int(cur_no) + 1:
                    cur.append(tail.group(1))
                    flush()
                    cur_no = tail.group(2)
                else:
                    cur.append(t)
            elif t:
                # text between the header and the first row: not part of the table
                break
            j += 1
        flush()
        out.append("")
        i = j
    return out
