"""Issue 6 acceptance: `make demo` output, the template commands and check-format --json."""
from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from pipeline import service
from pipeline.config import Settings

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"


def test_demo_writes_plans_issuer_plans_and_register(tmp_path):
    settings = replace(Settings(), database_url=f"sqlite:///{tmp_path / 'vanban.db'}")
    out = tmp_path / "outputs"
    r = service.demo(ROOT / "corpora", out, settings, now=datetime(2026, 3, 2, 9, 0))
    plans = sorted((out / "ke-hoach").rglob("*.docx"))
    issuer = sorted((out / "ke-hoach-ban-hanh").glob("*.docx"))
    register = out / "so-theo-doi-nhiem-vu.xlsx"
    assert plans and len(plans) == len(r["plans"])
    assert len(issuer) == r["documents"] == len(r["issuer_plans"])
    assert register.is_file() and Path(r["register"]) == register
    assert all(p.stat().st_size > 0 for p in plans + issuer)
    assert not list(out.rglob(".*.tmp")), "atomic writes left temporary files"


def test_templates_check_exits_zero(vanban):
    r = vanban("templates", "check")
    assert r.returncode == 0, r.stdout + r.stderr
    for name in ("ke-hoach.docx", "ke-hoach-ban-hanh.docx", "cong-van.docx"):
        assert name in r.stdout


def test_render_then_check_format_json(vanban, tmp_path):
    out = tmp_path / "X.docx"
    r = vanban("render", TEMPLATES / "ke-hoach.docx", TEMPLATES / "ke-hoach.sample.json", "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.is_file()
    r = vanban("check-format", out, "--json")
    assert r.returncode == 0, r.stdout + r.stderr      # no error-level finding in the sample
    findings = json.loads(r.stdout)
    assert isinstance(findings, list)
    for f in findings:
        assert set(f) == {"code", "message", "where", "severity"}
        assert f["severity"] in ("warning", "info")


def test_check_format_json_reports_errors_with_exit_1(vanban, tmp_path):
    from docx import Document
    bad = tmp_path / "bad.docx"
    doc = Document()
    doc.add_paragraph("Một đoạn văn không theo thể thức")
    doc.save(bad)
    r = vanban("check-format", bad, "--json")
    assert r.returncode == 1
    findings = json.loads(r.stdout)
    assert any(f["severity"] == "error" for f in findings)
    assert all(isinstance(f["code"], str) and f["code"].startswith("C") for f in findings)
