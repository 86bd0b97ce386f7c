#!/usr/bin/env python3
"""Build the project's invented sample documents from their sources.

Each sample is described by ``corpora/src/<doc_id>.yaml`` (header, title,
"Kính gửi", body text, signature block, optional appendix table). This script
turns it into:

* ``corpora/<doc_id>.docx``: an ND30-style Word file (A4, ND30 margins, Times
  New Roman; header and signature as borderless two-column tables; the
  appendix as a real Word table);
* ``corpora/<doc_id>.txt``: a plain-text rendering of that .docx in the
  convention of the shared corpus for Word files (layout tables as cell lines
  between "|" lines, data tables of at least 3x3 as "| a | b |" rows, in-cell
  paragraph breaks as " <br> ");
* ``corpora/<doc_id>.pdf`` when the source lists ``pdf`` in ``formats``, made
  from the .docx by LibreOffice (``soffice --headless``), and copied to the
  source's ``fixture`` path when it names one.

Usage (from the repository root)::

    .venv/bin/python corpora/build_samples.py            # build everything
    .venv/bin/python corpora/build_samples.py --no-pdf   # skip LibreOffice
    .venv/bin/python corpora/build_samples.py --check    # verify outputs

This is a developer tool, not part of the runtime package.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from datetime import datetime
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, Twips

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = HERE / "src"
FONT = "Times New Roman"
BODY_PT = 14
HEADER_WIDTHS = (Cm(6.8), Cm(9.7))
ROMAN_HEADING = re.compile(r"^[IVX]+\.\s")
ARABIC_HEADING = re.compile(r"^\d+(\.\d+)*\.\s")
LETTER_HEADING = re.compile(r"^[a-zđ]\)\s")


# ---------------------------------------------------------------- low level
def _set_all_fonts(rpr) -> None:
    """Name FONT for every script slot of a run-properties element (Word picks per script)."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _set_run_font(run, size: float | None = None, bold=None, italic=None) -> None:
    run.font.name = FONT
    _set_all_fonts(run._element.get_or_add_rPr())
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic


def _para(container, text: str = "", *, size=BODY_PT, bold=False, italic=False,
          align=WD_ALIGN_PARAGRAPH.CENTER, indent=None, before=0, after=0,
          left=None, right=None):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    fmt.first_line_indent = indent if indent is not None else Cm(0)
    if left is not None:
        fmt.left_indent = left
    if right is not None:
        fmt.right_indent = right
    if text:
        _set_run_font(p.add_run(text), size, bold, italic)
    return p


def _rule(container, width: float, box: float) -> None:
    """An empty paragraph whose bottom border is a centred rule `width` cm long."""
    side = Cm(max((box - width) / 2, 0))
    p = _para(container, "", size=2, left=side, right=side)
    run = p.add_run("")
    _set_run_font(run, 2)
    ppr = p._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, val in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), val)
    bdr.append(bottom)
    ppr.append(bdr)


def _borderless(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _cell(table, row: int, col: int, width):
    table.columns[col].width = width  # w:gridCol, which LibreOffice honours
    cell = table.cell(row, col)
    cell.width = width
    cell.paragraphs[0]._p.getparent().remove(cell.paragraphs[0]._p)
    return cell


def _page_number_header(section) -> None:
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    _set_run_font(run, 13)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


# ---------------------------------------------------------------- document
def _setup(doc) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    # 851 twips: Mm(15) would round down to 14.99 mm, below the ND30 minimum.
    sec.left_margin, sec.right_margin = Mm(30), Twips(851)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_all_fonts(normal.element.get_or_add_rPr())
    _page_number_header(sec)


def _header(doc, head: dict) -> None:
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    left = _cell(table, 0, 0, HEADER_WIDTHS[0])
    for line in head.get("parent") or []:
        _para(left, line, size=12)
    for line in head["issuer"]:
        _para(left, line, size=13, bold=True)
    _rule(left, 2.2, 6.8)
    right = _cell(table, 0, 1, HEADER_WIDTHS[1])
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True)
    _rule(right, 6.4, 9.7)
    left = _cell(table, 1, 0, HEADER_WIDTHS[0])
    _para(left, head["number"], size=13, before=6)
    if head.get("subject"):
        _para(left, head["subject"], size=12, before=6)
    right = _cell(table, 1, 1, HEADER_WIDTHS[1])
    _para(right, head["place_date"], size=14, italic=True, before=6)


def _title(doc, title: dict) -> None:
    _para(doc, title["type"], bold=True, before=18)
    _para(doc, title["summary"], bold=True)
    _rule(doc, 4.0, 16.5)


def _recipients(doc, names: list[str]) -> None:
    _para(doc, "Kính gửi:", align=WD_ALIGN_PARAGRAPH.LEFT, left=Cm(3.0), before=12)
    for i, name in enumerate(names):
        end = "." if i == len(names) - 1 else ";"
        _para(doc, f"- {name}{end}", align=WD_ALIGN_PARAGRAPH.LEFT, left=Cm(5.0))


def _body(doc, text: str) -> None:
    first = True
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        bold = bool(ROMAN_HEADING.match(line)) or (
            bool(ARABIC_HEADING.match(line)) and len(line.split()) <= 14)
        italic = bool(LETTER_HEADING.match(line)) and len(line.split()) <= 10
        _para(doc, line, bold=bold, italic=italic, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
              indent=Cm(1.27), before=12 if first else 0, after=6)
        first = False


def _signature(doc, sig: dict) -> None:
    _para(doc, "", after=6)
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    _borderless(table)
    left = _cell(table, 0, 0, Cm(8.0))
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in sig["noi_nhan"]:
        _para(left, f"- {line}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    right = _cell(table, 0, 1, Cm(8.5))
    for line in sig["authority"]:
        _para(right, line, bold=True)
    for _ in range(4):
        _para(right, "")
    _para(right, sig["name"], bold=True)


def _appendix(doc, app: dict) -> None:
    p = _para(doc, "")
    p.add_run().add_break(WD_BREAK.PAGE)
    _para(doc, app["label"], bold=True)
    for line in app["title"]:
        _para(doc, line, bold=True)
    _para(doc, app["note"], italic=True, after=12)
    cols = app["columns"]
    widths = [Cm(w) for w in app["widths"]]
    table = doc.add_table(rows=1 + len(app["rows"]), cols=len(cols))
    table.style = "Table Grid"
    table.autofit = False
    for r, values in enumerate([cols] + app["rows"]):
        group = r > 0 and bool(re.fullmatch(r"[IVX]+", str(values[0]).strip()))
        for c, value in enumerate(values):
            cell = _cell(table, r, c, widths[c])
            align = WD_ALIGN_PARAGRAPH.LEFT if c in (1, 5) and r > 0 else WD_ALIGN_PARAGRAPH.CENTER
            for piece in str(value or "").split("\n"):
                _para(cell, piece, size=12, bold=(r == 0 or group), align=align, before=2, after=2)


def build_docx(src: dict, out: Path) -> None:
    doc = Document()
    _setup(doc)
    props = doc.core_properties
    props.author = props.last_modified_by = "vanban sample corpus"
    props.title = src["doc_id"]
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    # Document() starts with one empty paragraph: drop it so the header table comes first.
    body = doc.element.body
    for el in list(body):
        if el.tag == qn("w:p"):
            body.remove(el)
    _header(doc, src["header"])
    if src.get("title"):
        _title(doc, src["title"])
    if src.get("recipients"):
        _recipients(doc, src["recipients"])
    _body(doc, src["body"])
    _signature(doc, src["signature"])
    if src.get("appendix"):
        _appendix(doc, src["appendix"])
    doc.save(out)


# ---------------------------------------------------------------- rendering
def docx_to_text(path: Path) -> str:
    """Render a .docx as the shared corpus renders Word files."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(path)
    lines: list[str] = []
    for el in doc.element.body.iterchildren():
        if el.tag == qn("w:p"):
            text = Paragraph(el, doc).text.strip()
            if text:
                lines.append(text)
        elif el.tag == qn("w:tbl"):
            table = Table(el, doc)
            rows, cols = len(table.rows), len(table.columns)
            if rows >= 3 and cols >= 3:
                for row in table.rows:
                    cells = [" <br> ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
                             for cell in row.cells]
                    lines.append("| " + " | ".join(cells) + " |")
            else:
                for row in table.rows:
                    lines.append("|")
                    for cell in row.cells:
                        lines.extend(p.text.strip() for p in cell.paragraphs if p.text.strip())
                        lines.append("|")
            lines.append("")
    return unicodedata.normalize("NFC", "\n".join(lines).strip() + "\n")


def docx_to_pdf(docx: Path, out_dir: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) not found; install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{profile}",
             "--convert-to", "pdf", "--outdir", str(out_dir), str(docx)],
            check=True, capture_output=True, timeout=180)
    return out_dir / (docx.stem + ".pdf")


# ---------------------------------------------------------------- commands
def load_sources() -> list[dict]:
    sources = []
    for path in sorted(SRC.glob("*.yaml")):
        src = yaml.safe_load(path.read_text(encoding="utf-8"))
        if src.get("doc_id") != path.stem:
            raise ValueError(f"{path.name}: doc_id {src.get('doc_id')!r} differs from file name")
        sources.append(src)
    return sources


def build(with_pdf: bool) -> None:
    for src in load_sources():
        doc_id = src["doc_id"]
        docx = HERE / f"{doc_id}.docx"
        build_docx(src, docx)
        (HERE / f"{doc_id}.txt").write_text(docx_to_text(docx), encoding="utf-8")
        made = ["docx", "txt"]
        if with_pdf and "pdf" in src.get("formats", []):
            pdf = docx_to_pdf(docx, HERE)
            made.append("pdf")
            if src.get("fixture"):
                target = ROOT / src["fixture"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pdf, target)
                made.append(f"fixture {src['fixture']}")
        print(f"{doc_id}: {', '.join(made)}")


def check() -> int:
    """Verify that outputs exist, the .txt matches the .docx, PDFs have text."""
    problems = []
    for src in load_sources():
        doc_id = src["doc_id"]
        for fmt in src.get("formats", []):
            if not (HERE / f"{doc_id}.{fmt}").exists():
                problems.append(f"{doc_id}: missing {fmt}")
        docx, txt = HERE / f"{doc_id}.docx", HERE / f"{doc_id}.txt"
        if docx.exists() and txt.exists() and docx_to_text(docx) != txt.read_text(encoding="utf-8"):
            problems.append(f"{doc_id}: .txt is stale; rebuild")
        pdfs = [HERE / f"{doc_id}.pdf"] + ([ROOT / src["fixture"]] if src.get("fixture") else [])
        for pdf in pdfs:
            if pdf.exists():
                problems.extend(_check_pdf(pdf, bool(src.get("appendix"))))
    for p in problems:
        print(p)
    print(f"{len(problems)} problems")
    return 1 if problems else 0


def _check_pdf(pdf: Path, want_table: bool) -> list[str]:
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "".join(page.extract_text() or "" for page in doc.pages)
        tables = [t for page in doc.pages for t in page.extract_tables() if len(t) >= 3]
    problems = []
    if len(text) < 500:
        problems.append(f"{pdf.name}: no text layer")
    if want_table and not tables:
        problems.append(f"{pdf.name}: no extractable table")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-pdf", action="store_true", help="do not run LibreOffice")
    ap.add_argument("--check", action="store_true", help="only verify the outputs")
    args = ap.parse_args(argv)
    os.chdir(ROOT)
    if args.check:
        return check()
    build(with_pdf=not args.no_pdf)
    return check()


if __name__ == "__main__":
    sys.exit(main())
