"""Automated ND30 layout checks on any .docx (nd30-spec §11: C01–C37).

``check_format(path)`` returns Findings: a stable code (C01...), a Vietnamese
message, where (paragraph/table and a text excerpt) and a severity
(error | warning | info). A document with no error passes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from docx.oxml.ns import qn

from pipeline.errors import CorruptFile, FileMissing

from .docx_props import ParaFmt, Styles, para_text, runs_with_text
from .measure import line_width_cm

FONT = "Times New Roman"
QUOC_HIEU = {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"}
TIEU_NGU = "Độc lập - Tự do - Hạnh phúc"
PARTY_CODE = re.compile(r"^Số:?\s*\d+-[A-ZĐa-zđ]+/[A-ZĐ]+")
CELL_MARGIN_CM = 0.19 * 2


@dataclass(frozen=True)
class Finding:
    code: str
    message: str
    where: str
    severity: str = "error"        # error | warning | info

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "where": self.where,
                "severity": self.severity}


@dataclass
class Para:
    el: object
    text: str
    where: str
    fmt: ParaFmt
    sizes: set = field(default_factory=set)
    bold: bool = False             # every text run bold
    bold_any: bool = False
    italic: bool = False           # every text run italic
    italic_any: bool = False
    underline: bool = False


class Ctx:
    """The parsed document and the pieces every check needs."""

    def __init__(self, doc, draft: bool):
        self.doc, self.draft = doc, draft
        self.styles = Styles(doc)
        self.findings: list[Finding] = []
        self.body = list(doc.element.body.iterchildren())
        self.tables = [el for el in self.body if el.tag == qn("w:tbl")]
        self.header_tbl = self.body[0] if self.body and self.body[0].tag == qn("w:tbl") else None

    def add(self, code: str, message: str, where: str = "", severity: str = "error") -> None:
        self.findings.append(Finding(code, message, where, severity))

    def para(self, p, where: str) -> Para:
        text = unicodedata.normalize("NFC", para_text(p)).strip()
        fmts = [self.styles.run(r, p) for r in runs_with_text(p)]
        return Para(el=p, text=text, where=f"{where}: «{short(text)}»", fmt=self.styles.para(p),
                    sizes={f.size for f in fmts}, bold=bool(fmts) and all(f.bold for f in fmts),
                    bold_any=any(f.bold for f in fmts),
                    italic=bool(fmts) and all(f.italic for f in fmts),
                    italic_any=any(f.italic for f in fmts),
                    underline=any(f.underline for f in fmts))

    def cell_paras(self, tbl, row: int, col: int) -> list[Para]:
        cell = cell_el(tbl, row, col)
        if cell is None:
            return []
        return [self.para(p, f"bảng {self.tables.index(tbl) + 1}, ô ({row},{col}), đoạn {i + 1}")
                for i, p in enumerate(cell.findall(qn("w:p")))]


def short(text: str, n: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def rows_of(tbl) -> list:
    return tbl.findall(qn("w:tr"))


def cell_el(tbl, row: int, col: int):
    rows = rows_of(tbl)
    if row >= len(rows):
        return None
    cells = rows[row].findall(qn("w:tc"))
    return cells[col] if col < len(cells) else None


def cell_width_cm(tbl, col: int) -> float | None:
    grid = tbl.find(qn("w:tblGrid"))
    cols = grid.findall(qn("w:gridCol")) if grid is not None else []
    if col < len(cols) and cols[col].get(qn("w:w")):
        return int(cols[col].get(qn("w:w"))) / 567
    return None


def size_in(p: Para, lo: float, hi: float) -> bool:
    return bool(p.sizes) and all(s is not None and lo <= s <= hi for s in p.sizes)


def sizes_txt(p: Para) -> str:
    return ", ".join("?" if s is None else f"{s:g}" for s in sorted(p.sizes, key=lambda s: s or 0))


def is_upper(text: str) -> bool:
    return any(c.isalpha() for c in text) and text == text.upper()


# --------------------------------------------------------------------------- entry

def check_format(path: Path, *, draft: bool = True) -> list[Finding]:
    """Run the ND30 checks. ``draft`` allows a blank number and day/month."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    if not path.is_file():
        raise FileMissing(f"Không tìm thấy tệp: {path}", path=str(path))
    try:
        doc = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise CorruptFile(f"Không mở được tệp .docx: {exc}", path=str(path)) from exc
    ctx = Ctx(doc, draft)
    if _is_party(ctx):
        ctx.add("C37", "Văn bản của tổ chức Đảng: trình bày theo Hướng dẫn 36-HD/VPTW, "
                "không kiểm tra theo Nghị định 30/2020/NĐ-CP", "đầu văn bản", "info")
        return ctx.findings
    from . import nd30_check_body as body
    check_page(ctx)
    check_fonts(ctx)
    header = check_header(ctx)
    body.run_all(ctx, header)
    return ctx.findings


def _is_party(ctx: Ctx) -> bool:
    texts = [para_text(p).strip() for p in ctx.doc.element.body.iter(qn("w:p"))][:40]
    return any(t.upper() == "ĐẢNG CỘNG SẢN VIỆT NAM" or PARTY_CODE.match(t) for t in texts)


# --------------------------------------------------------------------------- page, fonts

def check_page(ctx: Ctx) -> None:
    landscape_ok = _sections_with_tables(ctx)
    for i, sec in enumerate(ctx.doc.sections):
        where = f"phần (section) {i + 1}"
        w, h = sec.page_width.mm, sec.page_height.mm
        a4 = (abs(w - 210) < 0.5 and abs(h - 297) < 0.5) or (abs(w - 297) < 0.5 and abs(h - 210) < 0.5)
        if not a4:
            ctx.add("C01", f"Khổ giấy không phải A4 ({w:.0f} × {h:.0f} mm)", where)
        elif w > h and not landscape_ok[i]:
            ctx.add("C01", "Trang nằm ngang chỉ dùng cho phần có bảng biểu", where)
        for code, name, val, lo, hi in (
                ("C02", "Lề trên", sec.top_margin.mm, 20, 25),
                ("C02", "Lề dưới", sec.bottom_margin.mm, 20, 25),
                ("C03", "Lề trái", sec.left_margin.mm, 30, 35),
                ("C04", "Lề phải", sec.right_margin.mm, 15, 20)):
            if not lo - 0.1 <= val <= hi + 0.1:
                ctx.add(code, f"{name} {val:.1f} mm, phải từ {lo} đến {hi} mm", where)


def _sections_with_tables(ctx: Ctx) -> list[bool]:
    has, cur = [], False
    for el in ctx.body:
        if el.tag == qn("w:tbl"):
            cur = True
        elif el.tag == qn("w:p") and el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
            has.append(cur)
            cur = False
        elif el.tag == qn("w:sectPr"):
            has.append(cur)
    return has + [cur] * (len(ctx.doc.sections) - len(has))


def check_fonts(ctx: Ctx) -> None:
    """C05 font, C06 NFC, C07 colour, over every paragraph of the body and its tables."""
    bad_font = bad_color = bad_nfc = 0
    for i, p in enumerate(ctx.doc.element.body.iter(qn("w:p"))):
        text = para_text(p)
        where = f"đoạn {i + 1}: «{short(text)}»"
        if text and not unicodedata.is_normalized("NFC", text) and bad_nfc < 5:
            bad_nfc += 1
            ctx.add("C06", "Văn bản chưa chuẩn hóa Unicode NFC (dấu tổ hợp)", where)
        for r in runs_with_text(p):
            f = ctx.styles.run(r, p)
            if (f.font != FONT or f.font_hansi not in (FONT, None)) and bad_font < 10:
                bad_font += 1
                legacy = f.font and (f.font.startswith(".Vn") or f.font.startswith("VNI"))
                ctx.add("C05", f"Phông chữ «{f.font}» không phải Times New Roman"
                        + (" (phông TCVN3/VNI cũ)" if legacy else ""), where)
                break
            if f.color not in (None, "auto", "000000") and bad_color < 10:
                bad_color += 1
                ctx.add("C07", f"Chữ có màu #{f.color}, phải là màu đen", where)
                break
    rpr = ctx.styles.default_rpr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is None or fonts.get(qn("w:ascii")) != FONT:
        ctx.add("C05", "Phông mặc định của tài liệu (docDefaults) không phải Times New Roman",
                "styles.xml", "warning")


# --------------------------------------------------------------------------- header

def rule_after(paras: list[Para], idx: int) -> Para | None:
    """The paragraph carrying the rule under paras[idx] (itself, or the next empty one)."""
    if paras[idx].fmt.border_bottom:
        return paras[idx]
    for p in paras[idx + 1: idx + 3]:
        if p.text:
            return None
        if p.fmt.border_bottom:
            return p
    return None


def check_rule(ctx: Ctx, code: str, paras: list[Para], idx: int, box_cm: float,
               lo: float, hi: float, what: str) -> None:
    src = paras[idx]
    r = rule_after(paras, idx)
    if r is None:
        has_shape = any(el.tag.endswith("}line") or el.tag.endswith("}wsp")
                        for p in paras[idx: idx + 3] for el in p.el.iter())
        if has_shape:
            ctx.add(code, f"Đường kẻ dưới {what} là hình vẽ; chưa đo được độ dài",
                    src.where, "info")
        elif src.underline:
            ctx.add(code, f"Đường kẻ dưới {what} dùng gạch chân chữ; nên dùng đường kẻ",
                    src.where, "warning")
        else:
            ctx.add(code, f"Thiếu đường kẻ dưới {what}", src.where)
        return
    width = box_cm - r.fmt.left - r.fmt.right
    size = next(iter(src.sizes), 13) or 13
    text_w = line_width_cm(src.text, size, box_cm, bold=True)
    if r.fmt.left < 0.05 and r.fmt.right < 0.05:
        ctx.add(code, f"Đường kẻ dưới {what} kéo dài hết ô/trang; phải ngắn theo chữ", src.where)
    elif text_w and not lo <= width / text_w <= hi:
        ctx.add(code, f"Đường kẻ dưới {what} dài {width:.1f} cm, chữ dài khoảng {text_w:.1f} cm "
                f"(nên bằng {lo:.0%}–{hi:.0%})", src.where, "warning")


SO_RE = re.compile(r"^Số: ?(0[1-9]|[1-9]\d+)/[A-ZĐ][A-Za-zĐđ&0-9]*(-[A-ZĐ][A-Za-zĐđ&0-9]*)+$")
SO_DRAFT_RE = re.compile(r"^Số:\s*/[A-ZĐ][A-Za-zĐđ&0-9]*(-[A-ZĐ]?[A-Za-zĐđ&0-9]*)*$")


def check_header(ctx: Ctx) -> dict:
    """C08–C18. Returns what later checks need (number code, V/v line, ...)."""
    info: dict = {"code": None, "vv": None}
    tbl = ctx.header_tbl
    if tbl is None:
        ctx.add("C08", "Phần đầu văn bản phải là bảng 2 cột không viền (ô 1–4)", "đầu văn bản")
        return info
    _check_borderless(ctx, tbl, "C08", "bảng tiêu đề")
    left, right = ctx.cell_paras(tbl, 0, 0), ctx.cell_paras(tbl, 0, 1)
    lw, rw = (cell_width_cm(tbl, 0) or 6.8) - CELL_MARGIN_CM, (cell_width_cm(tbl, 1) or 9.7) - CELL_MARGIN_CM
    # right column: Quốc hiệu, Tiêu ngữ, rule, date
    rtext = [i for i, p in enumerate(right) if p.text]
    if not rtext or right[rtext[0]].text not in QUOC_HIEU:
        ctx.add("C09", "Ô phải của tiêu đề phải bắt đầu bằng Quốc hiệu "
                "«CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»", right[rtext[0]].where if rtext else "bảng 1")
    else:
        q = right[rtext[0]]
        if not (q.bold and size_in(q, 12, 13) and q.fmt.align == "center"):
            ctx.add("C09", f"Quốc hiệu: chữ in hoa, đậm, cỡ 12–13, căn giữa (đang: cỡ {sizes_txt(q)}"
                    f"{', không đậm' if not q.bold else ''})", q.where)
        nxt = rtext[0] + 1
        t = right[nxt] if nxt < len(right) else None
        if t is None or t.text != TIEU_NGU:
            ctx.add("C10", f"Tiêu ngữ «{TIEU_NGU}» phải ở ngay dòng dưới Quốc hiệu",
                    t.where if t else q.where)
        else:
            if not (t.bold and not t.italic_any and size_in(t, 13, 14) and t.fmt.align == "center"):
                ctx.add("C10", f"Tiêu ngữ: chữ đậm, đứng, cỡ 13–14, căn giữa (đang: cỡ {sizes_txt(t)})",
                        t.where)
            check_rule(ctx, "C11", right, nxt, rw, 0.8, 1.25, "Tiêu ngữ")
    date_p = next((p for p in right if "ngày" in p.text), None)
    # left column: parent, issuer, rule, Số, V/v
    so_idx = next((i for i, p in enumerate(left) if p.text.startswith("Số")), None)
    names = [i for i, p in enumerate(left[: so_idx if so_idx is not None else len(left)]) if p.text]
    issuer = [i for i in names if left[i].bold]
    if not issuer:
        ctx.add("C12", "Thiếu tên cơ quan ban hành (in hoa, đậm) ở ô trái", "bảng 1, ô (0,0)")
    for i in names:
        p = left[i]
        role = "Tên cơ quan ban hành" if i in issuer else "Tên cơ quan chủ quản"
        if not is_upper(p.text) or not size_in(p, 12, 13) or p.fmt.align != "center":
            ctx.add("C12", f"{role}: chữ in hoa, cỡ 12–13, căn giữa (đang: cỡ {sizes_txt(p)})",
                    p.where)
        if i not in issuer and p.bold_any and issuer and i < issuer[0]:
            ctx.add("C12", "Tên cơ quan chủ quản không in đậm", p.where)
    if issuer:
        last = issuer[-1]
        merged = list(left)
        longest = max((left[i] for i in issuer), key=lambda p: len(p.text))
        merged[last] = Para(el=left[last].el, text=longest.text, where=left[last].where,
                            fmt=left[last].fmt, sizes=left[last].sizes, bold=True,
                            underline=left[last].underline)
        check_rule(ctx, "C13", merged, last, lw, 0.25, 0.6, "tên cơ quan ban hành")
    if so_idx is None:
        ctx.add("C14", "Thiếu dòng «Số: .../...» ở ô trái", "bảng 1, ô (0,0)")
    else:
        so = left[so_idx]
        info["so"] = so
        compact = re.sub(r"\s+", " ", so.text)
        ok = SO_RE.match(compact) or (ctx.draft and SO_DRAFT_RE.match(compact))
        if not ok:
            ctx.add("C14", "Số, ký hiệu phải có dạng «Số: 05/KH-SNV» (số dưới 10 có số 0, "
                    "không có dấu cách quanh «/» và «-»)", so.where)
        if not (size_in(so, 13, 13) and not so.bold_any and so.fmt.align == "center"):
            ctx.add("C14", f"Dòng Số: cỡ 13, không đậm, căn giữa (đang: cỡ {sizes_txt(so)})", so.where)
        if re.match(r"^Số:\s*\d+/\d{4}/", compact):
            ctx.add("C16", "Văn bản hành chính không ghi năm trong số, ký hiệu", so.where)
        m = re.search(r"/([A-ZĐ][A-Za-zĐđ&]*)", compact)
        info["code"] = m.group(1) if m else None
        vv = next((p for p in left[so_idx + 1:] if p.text.startswith("V/v")), None)
        info["vv"] = vv
        if vv is not None and (not size_in(vv, 12, 13) or vv.bold_any or vv.fmt.before < 6):
            ctx.add("C21", "Trích yếu công văn «V/v ...»: cỡ 12–13, không đậm, cách dòng Số 6pt",
                    vv.where)
    if date_p is None:
        ctx.add("C17", "Thiếu dòng địa danh, ngày tháng năm ở ô phải", "bảng 1, ô (0,1)")
    else:
        _check_date(ctx, date_p)
    if so_idx is None or date_p is None:
        ctx.add("C18", "Số, ký hiệu và ngày tháng phải cùng một hàng của bảng tiêu đề",
                "bảng 1", "warning")
    return info


DATE_RE = re.compile(r"^([A-ZĐÀ-Ỹ][\wÀ-ỹ ]+), ngày (0[1-9]|[12]\d|3[01]) tháng "
                     r"(01|02|[3-9]|1[0-2]) năm (\d{4})$")
DATE_DRAFT_RE = re.compile(r"^[A-ZĐÀ-Ỹ][\wÀ-ỹ ]+, ngày\s+(\d{1,2})?\s*tháng\s+(\d{1,2})?\s*năm \d{4}$")


def _check_date(ctx: Ctx, p: Para) -> None:
    from datetime import date

    m = DATE_RE.match(p.text)
    if m:
        try:
            date(int(m.group(4)), int(m.group(3)), int(m.group(2)))
        except ValueError:
            ctx.add("C17", "Ngày tháng không có thật", p.where)
    elif not (ctx.draft and DATE_DRAFT_RE.match(p.text) and not re.search(r"\d+\s*tháng", p.text)):
        ctx.add("C17", "Ngày tháng phải có dạng «Hà Nội, ngày 05 tháng 3 năm 2026» (ngày 1–9 "
                "và tháng 1, 2 thêm số 0; tháng 3–12 không thêm)", p.where)
    if not (p.italic and size_in(p, 13, 14) and p.fmt.align == "center"):
        ctx.add("C17", f"Dòng ngày tháng: chữ nghiêng, cỡ 13–14, căn giữa (đang: cỡ {sizes_txt(p)})",
                p.where)


def _check_borderless(ctx: Ctx, tbl, code: str, what: str) -> None:
    grid = tbl.find(qn("w:tblGrid"))
    ncols = len(grid.findall(qn("w:gridCol"))) if grid is not None else 0
    where = f"bảng {ctx.tables.index(tbl) + 1}"
    if ncols != 2:
        ctx.add(code, f"{what.capitalize()} phải có 2 cột (đang có {ncols})", where)
    sides = list(tbl.iter(qn("w:tblBorders"))) + list(tbl.iter(qn("w:tcBorders")))
    for b in sides:
        for side in b:
            if side.get(qn("w:val")) not in ("nil", "none"):
                ctx.add(code, f"{what.capitalize()} không được có đường viền", where)
                return
    tblpr = tbl.find(qn("w:tblPr"))
    style = tblpr.find(qn("w:tblStyle")) if tblpr is not None else None
    if style is not None and tblpr.find(qn("w:tblBorders")) is None:
        ctx.add(code, f"{what.capitalize()} dùng kiểu bảng «{style.get(qn('w:val'))}»; "
                "cần chắc chắn kiểu này không có viền", where, "warning")
