"""ND30 checks after the header: type name and summary (C15, C19–C21), body
(C22–C24, C26, C28), signature and Nơi nhận (C29–C34), page numbers (C35),
appendices (C36)."""
from __future__ import annotations

import re

from docx.oxml.ns import qn

from .nd30_check import (Ctx, Para, _check_borderless, check_rule, is_upper, short, size_in,
                         sizes_txt)
from .textfmt import LETTERS
from .vocab import type_by_name

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
ROMAN_RE = re.compile(r"^(I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.\s")
ARABIC_RE = re.compile(r"^(\d+)\.\s")
LETTER_RE = re.compile(r"^([a-zđ])\)\s")
LUU_RE = re.compile(r"^- Lưu: VT(, .+)?\.$")
ACADEMIC = re.compile(r"^(TS|ThS|PGS|GS|KS|BS|CN)\.")
MAX_PER_CODE = 5


def run_all(ctx: Ctx, info: dict) -> None:
    sig_i, main = _split(ctx)
    body_paras = _title_block(ctx, main, info)
    _body(ctx, body_paras)
    if sig_i is None:
        ctx.add("C29", "Không tìm thấy bảng chữ ký (Nơi nhận | thẩm quyền ký)", "cuối văn bản")
    else:
        _signature(ctx, ctx.body[sig_i], kinh_gui=info.get("kinh_gui", False))
        _appendix(ctx, ctx.body[sig_i + 1:], body_paras)
    _page_numbers(ctx)


def _split(ctx: Ctx) -> tuple[int | None, list[Para]]:
    """Index of the signature table in body, and the top-level paragraphs before it."""
    sig_i = None
    for i, el in enumerate(ctx.body[1:], 1):
        if el.tag == qn("w:tbl"):
            first = next((p.text for p in ctx.cell_paras(el, 0, 0) if p.text), "")
            if first.startswith("Nơi nhận") or sig_i is None:
                sig_i = i
                if first.startswith("Nơi nhận"):
                    break
    end = sig_i if sig_i is not None else len(ctx.body)
    main = [ctx.para(el, f"đoạn {i}") for i, el in enumerate(ctx.body[1:end], 1)
            if el.tag == qn("w:p")]
    return sig_i, main


def _title_block(ctx: Ctx, main: list[Para], info: dict) -> list[Para]:
    """C15, C19, C20, C21 and the Kính gửi block; returns the body paragraphs."""
    idx = [i for i, p in enumerate(main) if p.text]
    if not idx:
        ctx.add("C19", "Văn bản không có nội dung", "thân văn bản")
        return []
    first = main[idx[0]]
    vv = info.get("vv")
    start = idx[0]
    if first.text.startswith("Kính gửi") or (vv is not None and not is_upper(first.text)):
        if vv is None:
            ctx.add("C15", "Văn bản không có tên loại thì phải là công văn có dòng «V/v ...»",
                    first.where)
        start = _kinh_gui(ctx, main, idx[0], info)
        return [p for p in main[start:] if p.text]
    dtype = type_by_name(first.text)
    if dtype is None or not dtype.nd30:
        ctx.add("C19", "Đoạn đầu sau phần tiêu đề phải là tên loại văn bản (ví dụ «KẾ HOẠCH»)",
                first.where)
    elif info.get("code") and info["code"] != dtype.abbr:
        ctx.add("C15", f"Ký hiệu «{info['code']}» không khớp tên loại «{first.text}» "
                f"(phải là {dtype.abbr})", info["so"].where if info.get("so") else first.where)
    if not (is_upper(first.text) and first.bold and size_in(first, 13, 14)
            and first.fmt.align == "center"):
        ctx.add("C19", f"Tên loại: in hoa, đậm, cỡ 13–14, căn giữa (đang: cỡ {sizes_txt(first)})",
                first.where)
    if vv is not None:
        ctx.add("C21", "Công văn không có tên loại văn bản", first.where)
    if len(idx) < 2:
        return []
    summary_i = idx[1]
    for j in idx[2:4]:      # a summary may wrap over a few centred bold paragraphs
        if main[j].bold and main[j].fmt.align == "center" and j == summary_i + 1:
            summary_i = j
    s = main[summary_i]
    if not (s.bold and size_in(s, 13, 14) and s.fmt.align == "center") or is_upper(s.text):
        ctx.add("C20", f"Trích yếu: chữ thường, đậm, cỡ 13–14, căn giữa (đang: cỡ {sizes_txt(s)})",
                s.where)
    sec = ctx.doc.sections[0]
    box = (sec.page_width - sec.left_margin - sec.right_margin) / 360000
    check_rule(ctx, "C20", main, summary_i, box, 0.25, 0.6, "trích yếu")
    return [p for p in main[summary_i + 1:] if p.text]


def _kinh_gui(ctx: Ctx, main: list[Para], i: int, info: dict) -> int:
    if not main[i].text.startswith("Kính gửi"):
        return i
    info["kinh_gui"] = True
    j = i + 1
    lines = []
    while j < len(main) and (not main[j].text or main[j].text.startswith("- ")):
        if main[j].text:
            lines.append(main[j])
        j += 1
    for k, p in enumerate(lines):
        end = "." if k == len(lines) - 1 else ";"
        if not p.text.endswith(end):
            ctx.add("C39", f"Dòng Kính gửi phải kết thúc bằng «{end}»", p.where, "warning")
    return j


def _limited(ctx: Ctx, counts: dict, code: str, msg: str, where: str, sev: str = "error"):
    counts[code] = counts.get(code, 0) + 1
    if counts[code] <= MAX_PER_CODE:
        ctx.add(code, msg, where, sev)


def _body(ctx: Ctx, paras: list[Para]) -> None:
    counts: dict[str, int] = {}
    romans, arabic, letter = [], 0, -1
    prev = None
    for p in paras:
        rm = ROMAN_RE.match(p.text)
        if rm:
            romans.append(rm.group(1))
            if rm.group(1) != ROMAN[len(romans) - 1]:
                ctx.add("C26", f"Số La Mã của đề mục không theo thứ tự (mong đợi "
                        f"{ROMAN[len(romans) - 1]})", p.where)
            if not (is_upper(p.text) and p.bold):
                ctx.add("C26", "Đề mục La Mã phải in hoa, đậm", p.where)
            arabic, letter = 0, -1
        else:
            am, lm = ARABIC_RE.match(p.text), LETTER_RE.match(p.text)
            if am:
                n = int(am.group(1))
                if n != arabic + 1:
                    _limited(ctx, counts, "C26", f"Số thứ tự khoản «{n}.» không liền mạch "
                             f"(mong đợi {arabic + 1}.)", p.where)
                arabic, letter = n, -1
            elif lm:
                k = LETTERS.index(lm.group(1)) if lm.group(1) in LETTERS else -2
                if k != letter + 1:
                    _limited(ctx, counts, "C26", f"Điểm «{lm.group(1)})» không đúng thứ tự "
                             "a, b, c, d, đ, e, g, ...", p.where)
                letter = k
            if p.fmt.align != "both":
                _limited(ctx, counts, "C22", "Đoạn nội dung phải căn đều hai bên", p.where)
            if not size_in(p, 13, 14):
                _limited(ctx, counts, "C22", f"Cỡ chữ nội dung 13–14 (đang: {sizes_txt(p)})",
                         p.where)
            if not any(abs(p.fmt.first_line - v) <= 0.05 for v in (1.0, 1.27)):
                _limited(ctx, counts, "C22", f"Thụt đầu dòng 1 cm hoặc 1,27 cm (đang: "
                         f"{p.fmt.first_line:.2f} cm)", p.where)
            _line_spacing(ctx, counts, p)
        if prev is not None and prev.fmt.after + p.fmt.before < 6:
            _limited(ctx, counts, "C24", "Khoảng cách giữa các đoạn tối thiểu 6pt", p.where)
        prev = p
    for code, n in counts.items():
        if n > MAX_PER_CODE:
            ctx.add(code, f"... và {n - MAX_PER_CODE} đoạn khác cùng lỗi", "thân văn bản",
                    "warning")
    if paras and not paras[-1].text.rstrip().endswith("./."):
        ctx.add("C28", "Đoạn cuối của phần nội dung phải kết thúc bằng «./.»", paras[-1].where)


def _line_spacing(ctx: Ctx, counts: dict, p: Para) -> None:
    line, rule = p.fmt.line, p.fmt.line_rule
    if line is None:
        return
    size = max((s for s in p.sizes if s), default=14)
    ok = 0.99 <= line <= 1.51 if rule == "auto" else 1.0 * size <= line <= 1.75 * size
    if not ok:
        _limited(ctx, counts, "C23", "Khoảng cách dòng từ một dòng đến 1,5 dòng", p.where)


def _signature(ctx: Ctx, tbl, *, kinh_gui: bool) -> None:
    _check_borderless(ctx, tbl, "C29", "bảng chữ ký")
    right = [p for p in ctx.cell_paras(tbl, 0, 1) if p.text]
    left = [p for p in ctx.cell_paras(tbl, 0, 0) if p.text]
    titles = [p for p in right if is_upper(p.text)]
    if not titles:
        ctx.add("C29", "Thiếu thẩm quyền, chức vụ người ký (in hoa, đậm)", "bảng chữ ký")
    for p in titles:
        if not (p.bold and size_in(p, 13, 14) and p.fmt.align == "center"):
            ctx.add("C29", f"Thẩm quyền, chức vụ người ký: in hoa, đậm, cỡ 13–14, căn giữa "
                    f"(đang: cỡ {sizes_txt(p)})", p.where)
    for k, p in enumerate(titles):
        if re.match(r"^(T/M|K/T|T/L)\b", p.text):
            ctx.add("C30", "Dùng «TM.», «KT.», «TL.» (không dùng kiểu văn bản Đảng T/M, K/T)",
                    p.where)
        elif re.match(r"^[A-ZĐ]+\.\s", p.text) and not re.match(r"^(TM|KT|TL|TUQ|Q)\. ", p.text):
            ctx.add("C30", "Thẩm quyền ký chỉ dùng TM., KT., TL., TUQ., Q.", p.where)
        if p.text.startswith("KT. ") and not (k + 1 < len(titles)
                                              and titles[k + 1].text.startswith("PHÓ ")):
            ctx.add("C30", "Sau «KT. ...» phải là dòng chức vụ cấp phó «PHÓ ...»", p.where)
    if right:
        name = right[-1]
        if is_upper(name.text):
            ctx.add("C31", "Chưa có họ tên người ký (dự thảo)", name.where,
                    "info" if ctx.draft else "error")
        else:
            if not (name.bold and size_in(name, 13, 14) and name.fmt.align == "center"):
                ctx.add("C31", f"Họ tên người ký: đậm, cỡ 13–14, căn giữa (đang: cỡ "
                        f"{sizes_txt(name)})", name.where)
            if ACADEMIC.match(name.text):
                ctx.add("C31", "Không ghi học hàm, học vị trước họ tên người ký", name.where)
    if not left or left[0].text != "Nơi nhận:":
        ctx.add("C32", "Ô trái bảng chữ ký phải bắt đầu bằng «Nơi nhận:»",
                left[0].where if left else "bảng chữ ký")
        return
    nn = left[0]
    if not (nn.bold and nn.italic and size_in(nn, 12, 12) and nn.fmt.align in (None, "left", "start")
            and abs(nn.fmt.first_line) < 0.05):
        ctx.add("C32", f"«Nơi nhận:» đậm, nghiêng, cỡ 12, căn trái, không thụt đầu dòng "
                f"(đang: cỡ {sizes_txt(nn)})", nn.where)
    lines = left[1:]
    if not lines:
        ctx.add("C33", "Nơi nhận chưa có dòng nào", nn.where)
        return
    for k, p in enumerate(lines):
        last = k == len(lines) - 1
        if not p.text.startswith("- "):
            ctx.add("C33", "Mỗi dòng nơi nhận bắt đầu bằng «- »", p.where)
        if not size_in(p, 11, 11) or p.bold_any or p.italic_any:
            ctx.add("C33", f"Dòng nơi nhận: cỡ 11, đứng, không đậm (đang: cỡ {sizes_txt(p)})",
                    p.where)
        if last and not LUU_RE.match(p.text):
            ctx.add("C33", "Dòng cuối nơi nhận phải là «- Lưu: VT, <đơn vị soạn thảo>.»", p.where)
        elif not last and not p.text.endswith(";"):
            ctx.add("C33", "Dòng nơi nhận (trừ dòng cuối) kết thúc bằng «;»", p.where)
    if kinh_gui and lines[0].text != "- Như trên;":
        ctx.add("C34", "Văn bản có «Kính gửi» thì nơi nhận đầu tiên là «- Như trên;»",
                lines[0].where)


def _has_page_field(part) -> bool:
    el = part._element
    for f in el.iter(qn("w:fldSimple")):
        if "PAGE" in (f.get(qn("w:instr")) or "").upper().split():
            return True
    return any("PAGE" in (t.text or "").upper().split() for t in el.iter(qn("w:instrText")))


def _page_numbers(ctx: Ctx) -> None:
    sec = ctx.doc.sections[0]
    where = "đầu trang (header)"
    if not sec.different_first_page_header_footer:
        ctx.add("C35", "Trang đầu không đánh số: bật «Different First Page»", where)
    hdr = sec.header
    if not _has_page_field(hdr):
        ctx.add("C35", "Thiếu số trang (trường PAGE) ở phần đầu trang, từ trang 2", where)
    else:
        for p in hdr.paragraphs:
            if _has_page_field(p) or p._p.find(qn("w:fldSimple")) is not None:
                para = ctx.para(p._p, "đầu trang")
                if para.fmt.align != "center":
                    ctx.add("C35", "Số trang căn giữa", where)
                if para.sizes and not size_in(para, 13, 14):
                    ctx.add("C35", f"Số trang cỡ 13–14 (đang: {sizes_txt(para)})", where)
    if sec.different_first_page_header_footer and _has_page_field(sec.first_page_header):
        ctx.add("C35", "Trang đầu không hiện số trang", where)
    for footer in (sec.footer, sec.first_page_footer):
        if _has_page_field(footer):
            ctx.add("C35", "Số trang đặt ở đầu trang, không đặt ở chân trang", "chân trang")
            break


def _appendix(ctx: Ctx, rest: list, body_paras: list[Para]) -> None:
    paras, broke = [], False
    labels = []
    for i, el in enumerate(rest):
        if el.tag != qn("w:p"):
            continue
        p = ctx.para(el, f"sau bảng chữ ký, đoạn {i + 1}")
        paras.append(p)
        if el.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None or any(
                b.get(qn("w:type")) == "page" for b in el.iter(qn("w:br"))):
            broke = True
        if re.match(r"^Phụ lục( [IVXLC]+)?$", p.text):
            labels.append((p, broke or bool(el.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}")
                                            is not None)))
            broke = False
    for k, (p, new_page) in enumerate(labels):
        if not new_page:
            ctx.add("C36", "Phụ lục phải bắt đầu ở trang mới", p.where)
        if not (p.bold and size_in(p, 14, 14) and p.fmt.align == "center"):
            ctx.add("C36", f"Chữ «Phụ lục»: đậm, cỡ 14, căn giữa (đang: cỡ {sizes_txt(p)})",
                    p.where)
        if len(labels) > 1 and p.text == "Phụ lục":
            ctx.add("C36", "Có từ hai phụ lục trở lên thì đánh số La Mã (Phụ lục I, II)", p.where)
        after = [q for q in paras[paras.index(p) + 1:] if q.text][:3]
        if not after or not (is_upper(after[0].text) and after[0].bold):
            ctx.add("C36", "Tên phụ lục in hoa, đậm, ngay dưới chữ «Phụ lục»", p.where)
        if not any(q.text.startswith("(Kèm theo") and q.italic for q in after):
            ctx.add("C36", "Thiếu dòng «(Kèm theo ... số ... ngày ... của ...)» in nghiêng",
                    p.where, "warning")
        mention = p.text
        if not any(mention.lower() in q.text.lower() for q in body_paras):
            ctx.add("C36", f"Nội dung văn bản phải dẫn chiếu tới «{mention}»", p.where,
                    "warning")
    if labels and len(ctx.doc.sections) > 1:
        for sec in ctx.doc.sections[1:]:
            if sec._sectPr.find(qn("w:pgNumType")) is None:
                ctx.add("C36", "Phụ lục đánh số trang riêng (bắt đầu từ 1)",
                        f"phụ lục: «{short(labels[0][0].text)}»", "warning")
                break
