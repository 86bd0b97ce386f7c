"""Assignment tables: map columns by their header words, rows to obligations. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from ..model import AgencyMention, Obligation, Provenance, Section
from ..search.fold import vi_fold
from .bodies import find_bodies
from .deadlines import parse_deadline

_COLS = {
    "stt": ("stt", "tt", "so tt", "so thu tu"),
    "task": ("nhiem vu", "noi dung", "giai phap", "cong viec", "hoat dong", "ten nhiem vu", "ten de an",
             "nhiem vu, giai phap", "ten chuong trinh", "nhiem vu chu tri"),
    "lead": ("chu tri", "co quan thuc hien", "don vi thuc hien", "co quan chu tri", "don vi chu tri",
             "trach nhiem thuc hien", "co quan, don vi thuc hien", "thuc hien", "don vi"),
    "coord": ("phoi hop",),
    "time": ("thoi gian", "thoi han", "tien do", "hoan thanh", "moc thoi gian"),
    "product": ("san pham", "ket qua", "hinh thuc van ban"),
}
_ROMAN = re.compile(r"^[IVXLC]+\.?$")


@dataclass
class ColumnMap:
    stt: int | None
    task: int
    lead: int | None
    coord: int | None
    time: int | None
    product: int | None
    ncols: int


def map_columns(cells: list[str]) -> ColumnMap | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        f = vi_fold(cell).strip(" .:")
        if "task" not in found and any(f.startswith(k) for k in _COLS["task"]):
            found["task"] = i
            continue
        for role in ("coord", "stt", "time", "product", "lead", "task"):
            if role in found:
                continue
            keys = _COLS[role]
            if role == "stt" and f in keys:
                found[role] = i
                break
            if role != "stt" and any(f.startswith(k) or f" {k}" in f or f == k for k in keys):
                if role == "lead" and "phoi hop" in f:
                    continue
                if role == "task" and "chu tri" in f and "task" not in found and i > 1:
                    continue
                found[role] = i
                break
    if "task" not in found or ("lead" not in found and "coord" not in found):
        return None
    return ColumnMap(found.get("stt"), found["task"], found.get("lead"), found.get("coord"),
                     found.get("time"), found.get("product"), len(cells))


def _cell(text: str, row: Section, i: int | None) -> tuple[str, int, int]:
    if i is None or row.cells is None or i >= len(row.cells):
        return "", -1, -1
    a, b = row.cells[i]
    return text[a:b].strip(), a, b


def _bodies(text: str, a: int, b: int, rule: str) -> list[AgencyMention]:
    """Bodies named in a table cell: gazetteer mentions, and the other names the cell lists.

    The cell is split at ';'. A part with no gazetteer body is one entry as written
    ("Cơ quan, địa phương liên quan"); otherwise its mentions, plus the capitalised
    names left between them ("Doanh nghiệp, Sở, ban, ngành có liên quan").
    """
    if a < 0 or b <= a:
        return []
    cell = text[a:b].strip()
    if not cell or cell in ("-", "x", "X"):
        return []
    out: list[AgencyMention] = []
    for part in re.finditer(r"[^;\n]+", text[a:b]):
        pa, pb = a + part.start(), a + part.end()
        while pa < pb and text[pa] in " ,.":
            pa += 1
        while pb > pa and text[pb - 1] in " ,.":
            pb -= 1
        if pb - pa < 2:
            continue
        ms = find_bodies(text, pa, pb)
        for m in ms:
            m.rule = rule
        if not ms:
            out.append(AgencyMention(text[pa:pb], pa, pb, rule + "-cell"))
            continue
        out.extend(ms)
        pos = pa
        for m in ms + [AgencyMention("", pb, pb)]:
            for piece in re.finditer(r"[^,]+", text[pos:m.start]):
                p2 = re.sub(r"^\s*(?:và|hoặc)\s+", "", piece.group(0)).strip(" .")
                if len(p2) >= 3 and p2[:1].isupper() and not re.match(r"^(?:chủ trì|phối hợp|trình)\b", p2):
                    st = text.find(p2, pos, m.start)
                    out.append(AgencyMention(p2, st, st + len(p2), rule + "-cell"))
            pos = max(pos, m.end)
    out.sort(key=lambda m: m.start)
    return out


def table_obligations(text: str, rows: list[Section], doc_date: date | None,
                      prefix: str) -> list[Obligation]:
    """Obligations from a run of table rows (header first). Returns [] for non-task tables."""
    header_idx = None
    cmap = None
    for k, r in enumerate(rows[:3]):
        cells = [text[a:b] for a, b in (r.cells or [])]
        cmap = map_columns(cells)
        if cmap:
            header_idx = k
            break
    if cmap is None:
        return []
    header_fold = vi_fold(text[rows[header_idx].start:rows[header_idx].end])
    out: list[Obligation] = []
    group_label = ""
    group_lead: list[AgencyMention] = []
    group_time = None
    for r in rows[header_idx + 1:]:
        if vi_fold(text[r.start:r.end]) == header_fold or r.cells is None:
            continue
        cells = [text[a:b].strip() for a, b in r.cells]
        if all(re.fullmatch(r"\(?\d+\)?", c) or not c for c in cells):
            continue          # the (1) (2) (3) numbering row
        first = cells[0] if cells else ""
        task, ta, tb = _cell(text, r, cmap.task)
        is_group = bool(_ROMAN.match(first)) or (len(cells) < max(3, cmap.ncols - 2) and not task[:1].isdigit())
        if is_group and len(cells) <= 2:
            group_label = first.rstrip(".") if _ROMAN.match(first) else group_label
            group_lead, group_time = [], None
            continue
        if _ROMAN.match(first):
            group_label = first.rstrip(".")
            group_lead = _bodies(text, *_cell(text, r, cmap.lead)[1:], "table-group") if cmap.lead is not None else []
            tcell, tcs, _ = _cell(text, r, cmap.time)
            group_time = parse_deadline(tcell, doc_date, offset=tcs) if tcell else None
            continue
        if len(task) < 8:
            continue
        stt = _cell(text, r, cmap.stt)[0].rstrip(".") if cmap.stt is not None else ""
        lead = _bodies(text, *_cell(text, r, cmap.lead)[1:], "table-lead") if cmap.lead is not None else []
        coord = _bodies(text, *_cell(text, r, cmap.coord)[1:], "table-coord") if cmap.coord is not None else []
        tcell, tcs, _ = _cell(text, r, cmap.time)
        dl = parse_deadline(tcell, doc_date, offset=tcs) if tcell else None
        if (dl is None or not dl.text) and group_time is not None:
            dl = replace(group_time, basis="inherited")
        product = _cell(text, r, cmap.product)[0] or None
        path = ".".join(x for x in (prefix.rstrip("."), group_label, stt) if x)
        ob = Obligation(text=task, kind="task", provenance=Provenance(ta, tb, path, "table-row"),
                        lead=lead or list(group_lead), coordinators=coord, product=product)
        if dl is not None and (dl.text or dl.due):
            ob.deadline = dl
        out.append(ob)
    return out
