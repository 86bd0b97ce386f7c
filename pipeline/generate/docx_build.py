"""python-docx building blocks for ND30 documents.

Used by ``templates/build.py`` to build the Word templates and by tests to
build deliberately broken documents. Nothing here renders Jinja: a text that
contains ``{{ ... }}`` is written as ONE run so docxtpl sees the whole tag.
"""
from __future__ import annotations

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
         "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}
BODY_INDENT = Cm(1.27)


def _set_rfonts(rpr, font: str = FONT) -> None:
    """Point every script slot of an rPr at ``font`` and drop theme fonts."""
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in list(rfonts.attrib):
        if attr.endswith("Theme"):
            del rfonts.attrib[attr]
    for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{slot}"), font)


def new_document(*, font: str = FONT, size: int = 14) -> Document:
    """An empty A4 portrait document with ND30 margins and ``font`` everywhere."""
    doc = Document()
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_rfonts(rpr, font)
    for style in styles.findall(qn("w:style")):
        srpr = style.find(qn("w:rPr"))
        if srpr is not None and srpr.find(qn("w:rFonts")) is not None:
            _set_rfonts(srpr, font)
        color = srpr.find(qn("w:color")) if srpr is not None else None
        if color is not None:
            srpr.remove(color)
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    _set_rfonts(normal.element.get_or_add_rPr(), font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    sec = doc.sections[0]
    set_page(sec, landscape=False)
    return doc


def set_page(sec, *, landscape: bool, top=20, bottom=20, left=30, right=15) -> None:
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    w, h = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    sec.page_width, sec.page_height = w, h
    sec.top_margin, sec.bottom_margin = Mm(top), Mm(bottom)
    sec.left_margin, sec.right_margin = Mm(left), Mm(right)
    sec.header_distance, sec.footer_distance = Mm(10), Mm(10)


def para(container, text: str = "", *, size: float = 14, bold: bool = False,
         italic: bool = False, align: str = "justify", indent=None, left=None,
         right=None, before: float = 0, after: float = 0, line: float = 1.0,
         font: str = FONT, keep_next: bool = False):
    """Add a paragraph holding ``text`` as one run (so Jinja tags stay whole)."""
    p = container.add_paragraph()
    pf = p.paragraph_format
    pf.alignment = ALIGN[align]
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = line
    if indent is not None:
        pf.first_line_indent = indent
    if left is not None:
        pf.left_indent = left
    if right is not None:
        pf.right_indent = right
    if keep_next:
        pf.keep_with_next = True
    if text:
        run(p, text, size=size, bold=bold, italic=italic, font=font)
    else:
        _mark_size(p, size, font)
    return p


def _mark_size(p, size: float, font: str = FONT) -> None:
    """Give the paragraph mark a size and font (matters for empty paragraphs)."""
    ppr = p._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.append(rpr)
    _set_rfonts(rpr, font)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)


def run(p, text: str, *, size: float = 14, bold: bool = False, italic: bool = False,
        font: str = FONT):
    r = p.add_run(text)
    r.font.size = Pt(size)
    r.font.bold = bold
    r.font.italic = italic
    r.font.name = font
    _set_rfonts(r._r.get_or_add_rPr(), font)
    t = r._r.find(qn("w:t"))
    if t is not None:
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def rule(container, *, width_cm: float, box_cm: float, size: float = 5):
    """A short solid line: an empty paragraph whose bottom border spans ``width_cm``,
    centred in a box (cell or text block) ``box_cm`` wide."""
    side = max((box_cm - width_cm) / 2, 0)
    p = para(container, "", size=size, align="center", left=Cm(side), right=Cm(side))
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)
    # pBdr must precede spacing/ind/jc in CT_PPr order
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(bdr)
    else:
        ppr.append(bdr)
    return p


def borderless_table(doc, widths_cm: list[float], rows: int = 1):
    """A table with no borders (ND30 header and signature layout)."""
    t = doc.add_table(rows=rows, cols=len(widths_cm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tblpr = t._tbl.tblPr
    style = tblpr.find(qn("w:tblStyle"))
    if style is not None:
        tblpr.remove(style)
    set_table_borders(t, "nil")
    for row in t.rows:
        for i, w in enumerate(widths_cm):
            row.cells[i].width = Cm(w)
    for i, w in enumerate(widths_cm):
        t.columns[i].width = Cm(w)
    for cell in t._cells:  # drop the default empty paragraph later filled by callers
        cell._tc.remove(cell.paragraphs[0]._p)
    return t


def set_table_borders(table, val: str = "single") -> None:
    tblpr = table._tbl.tblPr
    old = tblpr.find(qn("w:tblBorders"))
    if old is not None:
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), val)
        if val != "nil":
            el.set(qn("w:sz"), "4")
            el.set(qn("w:space"), "0")
            el.set(qn("w:color"), "000000")
        borders.append(el)
    for tag in ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"):
        nxt = tblpr.find(qn(tag))
        if nxt is not None:
            nxt.addprevious(borders)
            return
    tblpr.append(borders)


def page_number_header(sec, *, size: float = 14) -> None:
    """Centred PAGE field in the default header; nothing on the first page."""
    sec.different_first_page_header_footer = True
    hdr = sec.header
    hdr.is_linked_to_previous = False
    p = hdr.paragraphs[0]
    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), " PAGE ")
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _set_rfonts(rpr)
    sz = OxmlElement("w:sz")
    sz.set(qn("w:val"), str(int(size * 2)))
    rpr.append(sz)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = "2"
    r.append(t)
    fld.append(r)
    p._p.append(fld)
    _mark_size(p, size)
    first = sec.first_page_header
    first.is_linked_to_previous = False
    _mark_size(first.paragraphs[0], size)


def landscape_section(doc, *, restart_numbering: bool = True):
    """Start a new landscape section on a new page (appendix)."""
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    set_page(sec, landscape=True)
    sec.different_first_page_header_footer = True
    if restart_numbering:
        pg = OxmlElement("w:pgNumType")
        pg.set(qn("w:start"), "1")
        sec._sectPr.append(pg)
        # CT_SectPr order: pgNumType comes before cols/titlePg/docGrid
        for tag in ("w:cols", "w:titlePg", "w:docGrid"):
            el = sec._sectPr.find(qn(tag))
            if el is not None:
                el.addprevious(pg)
                break
    return sec


def grid_table(doc, headers: list[str], widths_cm: list[float], *, size: float = 13):
    """A bordered table with a bold header row (appendix task table)."""
    t = doc.add_table(rows=1, cols=len(headers))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    style = t._tbl.tblPr.find(qn("w:tblStyle"))
    if style is not None:
        t._tbl.tblPr.remove(style)
    set_table_borders(t, "single")
    for i, w in enumerate(widths_cm):
        t.columns[i].width = Cm(w)
    for i, h in enumerate(headers):
        cell = t.rows[0].cells[i]
        cell.width = Cm(widths_cm[i])
        cell._tc.remove(cell.paragraphs[0]._p)
        para(cell, h, size=size, bold=True, align="center")
    _repeat_header(t.rows[0])
    return t


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    trpr.append(el)


def table_row(table, texts: list[str], *, size: float = 13, aligns: list[str] | None = None):
    row = table.add_row()
    for i, text in enumerate(texts):
        cell = row.cells[i]
        cell.width = table.rows[0].cells[i].width
        cell._tc.remove(cell.paragraphs[0]._p)
        para(cell, text, size=size, align=(aligns[i] if aligns else "left"))
    return row
