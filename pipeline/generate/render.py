"""Render Word templates (docxtpl) safely, and lint them for template authors.

* ``render_docx``: autoescape ON, StrictUndefined, atomic write; errors raise
  ``TemplateError`` quoting the template text around the fault (not XML).
* ``lint_template``: tags split across runs, Jinja syntax errors, variables
  used but not declared in the schema, schema variables never used.
"""
from __future__ import annotations

import json
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, StrictUndefined

from pipeline.outputs import write_atomic
from pipeline.errors import TemplateError

TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
OPEN_RE = re.compile(r"\{[{%#]")
CLOSE_RE = re.compile(r"[}%#]\}")
XML_TAG_RE = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Issue:
    code: str          # split_tag | unclosed_tag | syntax | undeclared | unused | schema
    message: str       # Vietnamese, for the template author
    where: str         # "đoạn 12: «...»" or "schema"
    severity: str      # error | warning

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "where": self.where,
                "severity": self.severity}


def make_env() -> Environment:
    """The one Jinja environment for Word templates: autoescape ON, StrictUndefined."""
    return Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=False)


def default_schema_path(template: Path) -> Path:
    return template.with_name(template.name.removesuffix(".docx") + ".schema.json")


def default_sample_path(template: Path) -> Path:
    return template.with_name(template.name.removesuffix(".docx") + ".sample.json")


# --------------------------------------------------------------------------- render

def render_docx(template: Path, context: dict, out: Path) -> Path:
    """Render ``template`` with ``context`` into ``out`` (atomic: temp file + rename)."""
    from docxtpl import DocxTemplate

    template, out = Path(template), Path(out)
    if not template.is_file():
        raise TemplateError(f"Không tìm thấy mẫu: {template}", path=str(template))
    try:
        tpl = DocxTemplate(str(template))
        tpl.render(context, make_env())
    except jinja2.TemplateError as exc:
        raise TemplateError(_describe(exc, template), path=str(template)) from exc
    except Exception as exc:  # a corrupt .docx or an error inside docxtpl
        raise TemplateError(f"Không đọc hoặc không điền được mẫu: {exc}",
                            path=str(template)) from exc
    return write_atomic(out, tpl.save)


def _describe(exc: jinja2.TemplateError, template: Path) -> str:
    """A Vietnamese message with the template text around the fault."""
    msg = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        head = f"Biến chưa có trong dữ liệu: {msg}"
    elif isinstance(exc, jinja2.TemplateSyntaxError):
        head = f"Lỗi cú pháp mẫu: {msg}"
    else:
        head = f"Lỗi khi điền mẫu: {msg}"
    excerpt = _excerpt(exc, template)
    return f"{head}\nĐoạn mẫu liên quan:\n{excerpt}" if excerpt else head


def _excerpt(exc: jinja2.TemplateError, template: Path) -> str:
    lines = getattr(exc, "docx_context", None)
    if lines is not None:
        text = [ln.strip() for ln in lines if ln.strip()]
        if text:
            return "\n".join(f"  {ln}" for ln in text)
    lineno = getattr(exc, "lineno", None)
    if lineno is None:
        frames = [ln for f, ln in traceback.walk_tb(exc.__traceback__)
                  if f.f_code.co_filename == "<template>"]
        lineno = frames[-1] if frames else None
    name = None
    m = re.search(r"'([^']+)' (?:is undefined|has no attribute '([^']+)')", str(exc))
    if m:
        name = m.group(2) or m.group(1)
    paras = template_paragraphs(template)
    hits = [i for i, (_, t) in enumerate(paras) if name and name in t and OPEN_RE.search(t)]
    if hits:
        i = hits[0]
        return "\n".join(f"  {t}" for _, t in paras[max(i - 1, 0): i + 2] if t.strip())
    if lineno is not None:
        return f"  (dòng {lineno} của mẫu)"
    return ""


def template_paragraphs(template: Path) -> list[tuple[str, str]]:
    """(where, text) of every paragraph of the template, body tables included."""
    from docx import Document

    doc = Document(str(template))
    out: list[tuple[str, str]] = []
    for i, p in enumerate(_iter_paragraphs(doc)):
        out.append((f"đoạn {i + 1}", p.text))
    return out


def _iter_paragraphs(doc):
    from docx.text.paragraph import Paragraph

    parts = [doc.element.body]
    for sec in doc.sections:
        for hf in (sec.header, sec.first_page_header, sec.footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    for root in parts:
        for p in root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
            yield Paragraph(p, doc)


# --------------------------------------------------------------------------- lint

def lint_template(path: Path, schema: Path | None = None) -> list[Issue]:
    """Check a Word template against its schema (default: ``<name>.schema.json``)."""
    from docx import Document
    from docxtpl import DocxTemplate

    path = Path(path)
    try:
        doc = Document(str(path))
    except Exception as exc:
        raise TemplateError(f"Không mở được mẫu: {exc}", path=str(path)) from exc
    issues: list[Issue] = []
    for i, p in enumerate(_iter_paragraphs(doc)):
        issues.extend(_run_issues(i + 1, [r.text for r in _runs(p)]))
    env = make_env()
    used: set[str] = set()
    try:
        tpl = DocxTemplate(str(path))
        used = set(tpl.get_undeclared_template_variables(env))
    except jinja2.TemplateSyntaxError as exc:
        issues.append(Issue("syntax", f"Lỗi cú pháp Jinja: {exc.message}",
                            _excerpt(exc, path).strip() or "mẫu", "error"))
    schema = Path(schema) if schema else default_schema_path(path)
    if not schema.is_file():
        issues.append(Issue("schema", f"Thiếu tệp mô tả biến (schema): {schema.name}",
                            "schema", "warning"))
        return issues
    declared = set(load_json(schema).get("properties", {}))
    for name in sorted(used - declared):
        issues.append(Issue("undeclared", f"Biến «{name}» dùng trong mẫu nhưng chưa khai báo"
                            " trong schema", _where_used(doc, name), "error"))
    for name in sorted(declared - used):
        issues.append(Issue("unused", f"Biến «{name}» khai báo trong schema nhưng mẫu không"
                            " dùng", "schema", "warning"))
    return issues


def _runs(p):
    """Runs of a paragraph, including runs inside fields and hyperlinks."""
    from docx.text.run import Run

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    return [Run(r, p) for r in p._p.iter(f"{w}r")]


def _run_issues(index: int, texts: list[str]) -> list[Issue]:
    """Tags that open in one run and close in another, or never close."""
    issues: list[Issue] = []
    full = "".join(texts)
    if not OPEN_RE.search(full) and not CLOSE_RE.search(full):
        return issues
    bounds, pos = [], 0
    for t in texts:
        bounds.append((pos, pos + len(t)))
        pos += len(t)
    where = f"đoạn {index}: «{_short(full)}»"
    covered = []
    for m in TAG_RE.finditer(full):
        covered.append((m.start(), m.end()))
        if not any(a <= m.start() and m.end() <= b for a, b in bounds):
            issues.append(Issue("split_tag", f"Thẻ «{_short(m.group(0), 40)}» bị tách thành"
                                " nhiều đoạn định dạng (run); hãy gõ lại cả thẻ một lần, "
                                "cùng một định dạng", where, "error"))
    rest = full
    for a, b in reversed(covered):
        rest = rest[:a] + " " * (b - a) + rest[b:]
    if OPEN_RE.search(rest) or CLOSE_RE.search(rest):
        issues.append(Issue("unclosed_tag", "Thẻ mở «{{»/«{%» không có thẻ đóng tương ứng "
                            "trong cùng đoạn", where, "error"))
    return issues


def _where_used(doc, name: str) -> str:
    for i, p in enumerate(_iter_paragraphs(doc)):
        if name in p.text and OPEN_RE.search(p.text):
            return f"đoạn {i + 1}: «{_short(p.text)}»"
    return "mẫu"


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def load_json(path: Path) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise TemplateError(f"Không đọc được tệp JSON: {exc}", path=str(path)) from exc


# --------------------------------------------------------------------------- schema

_TYPES = {"string": str, "integer": int, "number": (int, float), "boolean": bool,
          "array": list, "object": dict, "null": type(None)}


def validate_context(context: Any, schema: dict[str, Any], where: str = "$") -> list[str]:
    """A small JSON Schema subset (type, required, properties, items, enum,
    additionalProperties=false). Returns messages; empty when valid."""
    errors: list[str] = []
    types = schema.get("type")
    if types:
        names = types if isinstance(types, list) else [types]
        ok = any(isinstance(context, _TYPES[t]) and not (t in ("integer", "number")
                 and isinstance(context, bool)) for t in names)
        if not ok:
            return [f"{where}: cần kiểu {'/'.join(names)}"]
    if "enum" in schema and context not in schema["enum"]:
        errors.append(f"{where}: giá trị phải thuộc {schema['enum']}")
    if isinstance(context, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in context:
                errors.append(f"{where}: thiếu «{key}»")
        for key, value in context.items():
            if key in props:
                errors.extend(validate_context(value, props[key], f"{where}.{key}"))
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: «{key}» không có trong schema")
    if isinstance(context, list) and "items" in schema:
        for i, item in enumerate(context):
            errors.extend(validate_context(item, schema["items"], f"{where}[{i}]"))
    return errors

