"""The obligation register: one .xlsx row per obligation (openpyxl), atomic write."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Iterable, Union

from pipeline.outputs import write_atomic
from pipeline.model import Analysis, Obligation

from .textfmt import names, ref_short

FONT = "Times New Roman"
KIND = {"task": "Nhiệm vụ", "report": "Báo cáo", "target": "Chỉ tiêu"}
# (header, width in characters)
COLUMNS = [("STT", 6), ("Văn bản", 22), ("Mục", 8), ("Loại", 11), ("Nội dung", 70),
           ("Chủ trì", 26), ("Phối hợp", 30), ("Báo cáo về", 22), ("Thời hạn", 24),
           ("Hạn", 12), ("Lặp lại", 18), ("Trạng thái", 14)]
Item = Union[Analysis, Obligation, tuple]


def _rows(items: Iterable[Item], today: date | None) -> list[list]:
    rows = []
    for item in items:
        if isinstance(item, Analysis):
            label = ref_short(item.doc.metadata) if item.doc.metadata.number_symbol \
                else item.doc.source.path
            pairs = [(label, o) for o in item.obligations]
        elif isinstance(item, tuple):          # (document label, obligation)
            pairs = [item]
        else:
            pairs = [("", item)]
        for label, o in pairs:
            rows.append([label, o.provenance.section, KIND.get(o.kind, o.kind),
                         " ".join(o.text.split()), ", ".join(names(o.lead)),
                         ", ".join(names(o.coordinators)), ", ".join(names(o.report_to)),
                         o.deadline.text or "", o.deadline.due, o.deadline.recurrence or "",
                         _status(o, today)])
    return rows


def _status(o: Obligation, today: date | None) -> str:
    if o.needs_review or o.deadline.needs_review:
        return "Cần rà soát"
    if today and o.deadline.due:
        return "Quá hạn" if o.deadline.due < today else "Đang thực hiện"
    return "Chưa có hạn" if not o.deadline.due else "Đang thực hiện"


def write_register(items: Iterable[Item], out: Path, *, today: date | None = None,
                   title: str = "SỔ THEO DÕI NHIỆM VỤ") -> Path:
    """Write the register. ``items``: Analysis objects, Obligations, or
    (document label, Obligation) pairs. ``today`` sets the status column."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    out = Path(out)
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    center = Alignment(wrap_text=True, vertical="center", horizontal="center")
    n = len(COLUMNS)
    ws.cell(row=1, column=1, value=title).font = Font(name=FONT, size=14, bold=True)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n)
    ws.cell(row=1, column=1).alignment = center
    for col, (head, width) in enumerate(COLUMNS, 1):
        c = ws.cell(row=2, column=col, value=head)
        c.font, c.alignment, c.border = Font(name=FONT, size=12, bold=True), center, border
        k = ws.cell(row=3, column=col, value=f"({col})")
        k.font, k.alignment, k.border = Font(name=FONT, size=11, italic=True), center, border
        ws.column_dimensions[get_column_letter(col)].width = width
    for i, row in enumerate(_rows(items, today), 1):
        r = 3 + i
        for col, value in enumerate([i] + row, 1):
            c = ws.cell(row=r, column=col, value=value)
            c.font, c.border = Font(name=FONT, size=12), border
            c.alignment = center if col in (1, 3, 4, 10) else wrap
            if isinstance(value, date):
                c.number_format = "DD/MM/YYYY"
    last = max(ws.max_row, 3)
    ws.auto_filter.ref = f"A3:{get_column_letter(n)}{last}"   # filter buttons on the (1), (2)... row
    ws.freeze_panes = "A4"
    ws.print_title_rows = "2:3"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    return write_atomic(out, wb.save)
