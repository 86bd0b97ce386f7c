import importlib.util
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from pipeline.generate.context import issuer_plan_context, plan_context
from pipeline.generate.nd30_check import check_format
from pipeline.generate.render import (default_sample_path, default_schema_path, lint_template,
                                      load_json, render_docx, validate_context)
from pipeline.generate.sample import sample_agency, sample_analysis, sample_issuer

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NAMES = ["ke-hoach", "cong-van", "ke-hoach-ban-hanh"]


def _load_build():
    spec = importlib.util.spec_from_file_location("templates_build", TEMPLATES / "build.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("name", NAMES)
def test_shipped_template_lints_clean(name):
    issues = lint_template(TEMPLATES / f"{name}.docx")
    assert issues == [], [i.to_json() for i in issues]


@pytest.mark.parametrize("name", NAMES)
def test_sample_matches_schema_and_renders_nd30(name, tmp_path):
    tpl = TEMPLATES / f"{name}.docx"
    sample = load_json(default_sample_path(tpl))
    assert validate_context(sample, load_json(default_schema_path(tpl))) == []
    out = render_docx(tpl, sample, tmp_path / f"{name}.docx")
    findings = check_format(out)
    assert [f for f in findings if f.severity == "error"] == []
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "{{" not in text and "{%" not in text


def test_builders_output_validates_against_schemas():
    a = sample_analysis()
    today = date(2026, 3, 2)
    contexts = {"ke-hoach": plan_context(a, sample_agency(a), form="kh", today=today),
                "cong-van": plan_context(a, sample_agency(a), form="cv", today=today),
                "ke-hoach-ban-hanh": issuer_plan_context(a, issuer=sample_issuer(), today=today)}
    for name, ctx in contexts.items():
        schema = load_json(TEMPLATES / f"{name}.schema.json")
        assert validate_context(ctx, schema) == [], name
        assert ctx == load_json(TEMPLATES / f"{name}.sample.json"), \
            f"{name}.sample.json is stale: run templates/build.py"


def test_build_script_reproduces_templates(tmp_path):
    build = _load_build()
    written = build.main(tmp_path)
    assert sorted(p.name for p in written) == sorted(f"{n}.docx" for n in NAMES)
    for n in NAMES:
        fresh = [p.text for p in Document(str(tmp_path / f"{n}.docx")).paragraphs]
        shipped = [p.text for p in Document(str(TEMPLATES / f"{n}.docx")).paragraphs]
        assert fresh == shipped, f"templates/{n}.docx differs from build.py output"


def test_plan_has_landscape_appendix_and_page_numbers(tmp_path):
    tpl = TEMPLATES / "ke-hoach.docx"
    out = render_docx(tpl, load_json(default_sample_path(tpl)), tmp_path / "kh.docx")
    doc = Document(str(out))
    assert len(doc.sections) == 2
    first, appendix = doc.sections
    assert first.page_width < first.page_height and appendix.page_width > appendix.page_height
    assert first.different_first_page_header_footer
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp",
                                                     "Thời hạn", "Sản phẩm"]
    assert len(table.rows) == 1 + 3


def test_special_characters_in_real_template(tmp_path):
    tpl = TEMPLATES / "cong-van.docx"
    ctx = load_json(default_sample_path(tpl))
    ctx["task_groups"][0]["tasks"][0]["text"] = 'Nâng cấp hệ thống "QLVB & ĐH" <bản 2>.'
    ctx["addressees"] = ["Phòng A & B"]
    out = render_docx(tpl, ctx, tmp_path / "cv.docx")
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert 'Nâng cấp hệ thống "QLVB & ĐH" <bản 2>.' in text
    assert "Kính gửi: Phòng A & B." in text


def test_readme_documents_every_variable():
    readme = (TEMPLATES / "README.md").read_text(encoding="utf-8")
    for n in NAMES:
        for var in load_json(TEMPLATES / f"{n}.schema.json")["properties"]:
            assert var in readme, f"{var} of {n} missing from templates/README.md"
