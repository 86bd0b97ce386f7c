"""Build the ND30 Word templates of this folder.

    .venv/bin/python templates/build.py [OUT_DIR]

Writes ke-hoach.docx, cong-van.docx and ke-hoach-ban-hanh.docx, and their
sample contexts (*.sample.json, built from pipeline/generate/sample.py). Each
Jinja tag is written inside ONE run (docxtpl cannot read a tag split across
runs). The schemas (*.schema.json) are kept by hand; ``lint_template`` checks
that template and schema agree.
"""
from __future__ import annotations

import sys
from pathlib import Path

from docx.shared import Cm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pipeline.generate.docx_build import (  # noqa: E402
    BODY_INDENT, borderless_table, grid_table, landscape_section, new_document,
    page_number_header, para, rule, table_row,
)

LEFT_COL, RIGHT_COL = 6.8, 9.7          # header columns (cm); text width is 16.5 cm
SIG_LEFT, SIG_RIGHT = 8.0, 8.5          # signature table columns
TIEU_NGU_CM = 5.6                       # "Độc lập - Tự do - Hạnh phúc", 13 pt bold
ISSUER_RULES = {"xs": 1.0, "s": 1.6, "m": 2.2, "l": 2.8}       # keep in sync with context.py
TITLE_RULES = {"xs": 2.0, "s": 3.5, "m": 5.0, "l": 6.5}
APPENDIX_COLS = [("STT", 1.2), ("Nhiệm vụ", 9.0), ("Chủ trì", 3.5), ("Phối hợp", 4.5),
                 ("Thời hạn", 3.5), ("Sản phẩm", 3.5)]


def rule_variants(container, var: str, widths: dict[str, float], box_cm: float) -> None:
    """One rule paragraph per width; the context picks one with ``var``."""
    for i, (key, width) in enumerate(widths.items()):
        word = "if" if i == 0 else "elif"
        para(container, f'{{%p {word} {var} == "{key}" %}}', size=2, align="center")
        rule(container, width_cm=width, box_cm=box_cm)
    para(container, "{%p endif %}", size=2, align="center")


def header(doc, *, cong_van: bool) -> None:
    t = borderless_table(doc, [LEFT_COL, RIGHT_COL])
    left, right = t.rows[0].cells
    para(left, "{%p if header_parent %}", size=13, align="center")
    para(left, "{{ header_parent }}", size=13, align="center")
    para(left, "{%p endif %}", size=13, align="center")
    para(left, "{{ header_name }}", size=13, bold=True, align="center")
    rule_variants(left, "issuer_rule", ISSUER_RULES, LEFT_COL - 0.4)
    para(left, "Số: {{ number }}/{{ doc_code }}", size=13, align="center", before=4)
    if cong_van:
        para(left, "V/v {{ subject }}", size=12, align="center", before=6)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center")
    para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
    rule(right, width_cm=TIEU_NGU_CM, box_cm=RIGHT_COL - 0.4)
    para(right, "{{ place }}, ngày {{ day }} tháng {{ month }} năm {{ year }}", size=13,
         italic=True, align="center", before=4)


def body(doc, text: str, **kw):
    kw.setdefault("indent", BODY_INDENT)
    return para(doc, text, size=14, align="justify", before=6, **kw)


def loop(doc, head: str, text: str, tail: str = "{%p endfor %}", **kw) -> None:
    para(doc, head, size=14)
    body(doc, text, **kw)
    para(doc, tail, size=14)


def title(doc, type_name: str) -> None:
    para(doc, type_name, size=14, bold=True, align="center", before=18)
    para(doc, "{{ title }}", size=14, bold=True, align="center")
    rule_variants(doc, "title_rule", TITLE_RULES, 16.5)


def task_groups(doc) -> None:
    para(doc, "{%p for g in task_groups %}", size=14)
    body(doc, "{{ g.heading }}", bold=True, keep_next=True)
    para(doc, "{%p for t in g.tasks %}", size=14)
    body(doc, "{{ t.marker }} {{ t.text }}")
    para(doc, "{%p if t.details %}", size=14)
    body(doc, "{{ t.details }}", italic=True)
    para(doc, "{%p endif %}", size=14)
    para(doc, "{%p endfor %}", size=14)
    para(doc, "{%p endfor %}", size=14)


def signature(doc, *, nhu_tren: bool) -> None:
    para(doc, "", size=12, align="left")
    t = borderless_table(doc, [SIG_LEFT, SIG_RIGHT])
    left, right = t.rows[0].cells
    para(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left")
    if nhu_tren:
        para(left, "- Như trên;", size=11, align="left")
    para(left, "{%p for r in recipients %}", size=11, align="left")
    para(left, "- {{ r }};", size=11, align="left")
    para(left, "{%p endfor %}", size=11, align="left")
    para(left, "- Lưu: {{ archive }}.", size=11, align="left")
    para(right, "{%p for line in signer_lines %}", size=14, align="center")
    para(right, "{{ line }}", size=14, bold=True, align="center", before=0)
    para(right, "{%p endfor %}", size=14, align="center")
    for _ in range(4):
        para(right, "", size=14, align="center")
    para(right, "{{ signer_name }}", size=14, bold=True, align="center")


def appendix(doc) -> None:
    landscape_section(doc)
    para(doc, "Phụ lục", size=14, bold=True, align="center")
    para(doc, "{{ appendix_title }}", size=14, bold=True, align="center")
    para(doc, "{{ appendix_ref }}", size=14, italic=True, align="center")
    rule(doc, width_cm=5.0, box_cm=25.2)
    t = grid_table(doc, [c for c, _ in APPENDIX_COLS], [w for _, w in APPENDIX_COLS], size=12)
    n = len(APPENDIX_COLS)
    table_row(t, ["{%tr for r in task_rows %}"] + [""] * (n - 1), size=12)
    table_row(t, ["{{ r.stt }}", "{{ r.task }}", "{{ r.lead }}", "{{ r.coordinate }}",
                  "{{ r.deadline }}", "{{ r.product }}"], size=12,
              aligns=["center", "justify", "left", "left", "center", "left"])
    table_row(t, ["{%tr endfor %}"] + [""] * (n - 1), size=12)


def build_plan(tasks_heading: str):
    """Kế hoạch: the derived plan of one agency and the issuer's own plan share a layout."""
    doc = new_document()
    page_number_header(doc.sections[0])
    header(doc, cong_van=False)
    title(doc, "KẾ HOẠCH")
    body(doc, "{{ opening }}")
    body(doc, "I. MỤC ĐÍCH, YÊU CẦU", bold=True, keep_next=True)
    loop(doc, "{%p for item in purposes %}", "{{ item }}")
    body(doc, tasks_heading, bold=True, keep_next=True)
    body(doc, "{{ tasks_intro }}")
    task_groups(doc)
    body(doc, "III. TỔ CHỨC THỰC HIỆN", bold=True, keep_next=True)
    loop(doc, "{%p for item in organization %}", "{{ item }}")
    body(doc, "{{ closing }}./.")
    signature(doc, nhu_tren=False)
    appendix(doc)
    return doc


def build_cong_van():
    doc = new_document()
    page_number_header(doc.sections[0])
    header(doc, cong_van=True)
    para(doc, "{%p if addressees|length == 1 %}", size=14)
    para(doc, "Kính gửi: {{ addressees[0] }}.", size=14, align="center", before=12)
    para(doc, "{%p else %}", size=14)
    para(doc, "Kính gửi:", size=14, align="left", left=Cm(3.0), before=12)
    para(doc, "{%p for a in addressees %}", size=14)
    para(doc, "- {{ a }}{% if loop.last %}.{% else %};{% endif %}", size=14, align="left",
         left=Cm(5.2))
    para(doc, "{%p endfor %}", size=14)
    para(doc, "{%p endif %}", size=14)
    body(doc, "{{ opening }}")
    task_groups(doc)
    loop(doc, "{%p for item in organization %}", "{{ item }}")
    body(doc, "{{ closing }}./.")
    signature(doc, nhu_tren=True)
    return doc


def write_samples(out_dir: Path = HERE) -> list[Path]:
    """Write <name>.sample.json from the invented directive of pipeline/generate/sample.py."""
    import json
    from datetime import date

    from pipeline.generate.context import issuer_plan_context, plan_context
    from pipeline.generate.sample import sample_agency, sample_analysis, sample_issuer

    analysis, today = sample_analysis(), date(2026, 3, 2)
    agency = sample_agency(analysis)
    contexts = {
        "ke-hoach": plan_context(analysis, agency, form="kh", today=today),
        "cong-van": plan_context(analysis, agency, form="cv", today=today),
        "ke-hoach-ban-hanh": issuer_plan_context(analysis, issuer=sample_issuer(), today=today),
    }
    written = []
    for name, ctx in contexts.items():
        path = out_dir / f"{name}.sample.json"
        path.write_text(json.dumps(ctx, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = {
        "ke-hoach.docx": build_plan("II. NHIỆM VỤ"),
        "ke-hoach-ban-hanh.docx": build_plan("II. NHIỆM VỤ, GIẢI PHÁP"),
        "cong-van.docx": build_cong_van(),
    }
    written = []
    for name, doc in docs.items():
        path = out_dir / name
        doc.core_properties.author = "vanban"
        doc.core_properties.title = name.removesuffix(".docx")
        doc.save(path)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for p in main(target) + write_samples(target):
        print(p)
