import json
from pathlib import Path

import pytest
from docx import Document

from pipeline.errors import TemplateError
from pipeline.generate import docx_build as b
from pipeline.generate.render import lint_template, render_docx, validate_context

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _tiny_template(path: Path, texts: list[str]) -> Path:
    doc = b.new_document()
    for t in texts:
        b.para(doc, t)
    doc.save(path)
    return path


def _texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs]


def test_special_characters_and_long_lines_render(tmp_path):
    tpl = _tiny_template(tmp_path / "t.docx", ["Nội dung: {{ text }}", "{{ long }}"])
    text = 'Hệ thống "quản lý văn bản" & điều hành <VNPT-iOffice> của Sở \'Nội vụ\''
    long = "rà soát, " * 800
    out = render_docx(tpl, {"text": text, "long": long}, tmp_path / "o.docx")
    got = _texts(out)
    assert got[0] == "Nội dung: " + text
    assert got[1] == long


def test_undefined_variable_raises_with_template_text(tmp_path):
    tpl = _tiny_template(tmp_path / "t.docx", ["Kính gửi: {{ addressee }}.", "{{ body }}"])
    out = tmp_path / "o.docx"
    with pytest.raises(TemplateError) as ei:
        render_docx(tpl, {"body": "x"}, out)
    assert ei.value.code == "VB300"
    assert "addressee" in ei.value.message
    assert "Kính gửi: {{ addressee }}." in ei.value.message
    assert "<w:" not in ei.value.message
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.docx"]


def test_syntax_error_quotes_text_not_xml(tmp_path):
    tpl = _tiny_template(tmp_path / "t.docx", ["Trước", "{% if x %}không đóng", "Sau"])
    with pytest.raises(TemplateError) as ei:
        render_docx(tpl, {"x": 1}, tmp_path / "o.docx")
    assert "<w:" not in ei.value.message and "không đóng" in ei.value.message


def test_failed_render_keeps_previous_output(tmp_path):
    tpl = _tiny_template(tmp_path / "t.docx", ["{{ a }}"])
    out = render_docx(tpl, {"a": "bản cũ"}, tmp_path / "o.docx")
    with pytest.raises(TemplateError):
        render_docx(tpl, {}, out)
    assert _texts(out) == ["bản cũ"]


def test_missing_template_is_template_error(tmp_path):
    with pytest.raises(TemplateError):
        render_docx(tmp_path / "none.docx", {}, tmp_path / "o.docx")


def _schema(path: Path, names: list[str]) -> Path:
    path.write_text(json.dumps({"type": "object", "properties": {
        n: {"type": "string"} for n in names}}), encoding="utf-8")
    return path


def test_lint_split_tag_undeclared_and_unused(tmp_path):
    doc = b.new_document()
    p = b.para(doc, "Ngày {{ da")
    b.run(p, "y }} tháng")          # the tag spans two runs
    b.para(doc, "{{ month }} và {{ year }}")
    tpl = tmp_path / "mau.docx"
    doc.save(tpl)
    _schema(tmp_path / "mau.schema.json", ["day", "month", "place"])
    issues = lint_template(tpl)
    split = [i for i in issues if i.code == "split_tag"]
    assert len(split) == 1 and split[0].severity == "error" and "đoạn 1" in split[0].where
    assert any(i.code == "undeclared" and "year" in i.message for i in issues)
    assert any(i.code == "unused" and "place" in i.message for i in issues)
    assert not any(i.code == "undeclared" and "month" in i.message for i in issues)


def test_lint_unclosed_tag_is_reported_with_syntax_error(tmp_path):
    tpl = _tiny_template(tmp_path / "hở.docx", ["Thẻ hở {{ open", "{{ a }}"])
    _schema(tmp_path / "hở.schema.json", ["a"])
    codes = {i.code for i in lint_template(tpl)}
    assert {"unclosed_tag", "syntax"} <= codes


def test_lint_clean_template(tmp_path):
    tpl = _tiny_template(tmp_path / "ok.docx", ["{{ a }}", "{%p for x in items %}", "{{ x }}",
                                                "{%p endfor %}"])
    _schema(tmp_path / "ok.schema.json", ["a", "items"])
    assert lint_template(tpl) == []


def test_lint_without_schema_warns(tmp_path):
    tpl = _tiny_template(tmp_path / "x.docx", ["{{ a }}"])
    assert [i.code for i in lint_template(tpl)] == ["schema"]


def test_validate_context_subset():
    schema = {"type": "object", "required": ["a"], "additionalProperties": False,
              "properties": {"a": {"type": "array", "items": {"type": "string"}},
                             "b": {"type": "string", "enum": ["s", "m"]}}}
    assert validate_context({"a": ["x"], "b": "s"}, schema) == []
    errs = validate_context({"a": [1], "b": "z", "c": 1}, schema)
    assert len(errs) == 3
    assert validate_context({}, schema) == ["$: thiếu «a»"]
