"""LibreOffice conversions: .doc/.odt/.rtf are read as .docx; corpus .doc files match their .txt."""
from __future__ import annotations

import difflib
import io
import re
import shutil
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.errors import InputError, UnsupportedFormat
from pipeline.ingest import convert

CORPORA = Path(__file__).resolve().parents[2].parent / "shared" / "corpora"
needs_soffice = pytest.mark.skipif(convert.soffice() is None,
                                   reason="LibreOffice not installed (apt-get install libreoffice-writer-nogui)")


def _docx_bytes(paragraphs: list[str]) -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


PARAS = ["KẾ HOẠCH", "Tổ chức kiểm tra công tác văn thư năm 2026",
         "1. Văn phòng chủ trì, phối hợp với các phòng chuyên môn rà soát hồ sơ, hoàn thành trước ngày 30/6/2026."]


def _lo_convert(docx: bytes, fmt: str, tmp_path: Path) -> bytes:
    """Make a .doc/.odt/.rtf test file from a .docx with soffice itself."""
    import subprocess
    src = tmp_path / "src.docx"
    src.write_bytes(docx)
    prof = (tmp_path / "prof").as_uri()
    subprocess.run([convert.soffice(), f"-env:UserInstallation={prof}", "--headless", "--convert-to", fmt,
                    "--outdir", str(tmp_path / "o"), str(src)], check=True, capture_output=True, timeout=120)
    return (tmp_path / "o" / f"src.{fmt}").read_bytes()


@needs_soffice
@pytest.mark.parametrize("fmt", ["doc", "odt", "rtf"])
def test_legacy_word_formats_are_read(fmt, tmp_path):
    data = _lo_convert(_docx_bytes(PARAS), fmt, tmp_path)
    path = tmp_path / f"kehoach.{fmt}"
    path.write_bytes(data)
    src = ingest.read(path)
    assert src.format == fmt
    assert "Văn phòng chủ trì, phối hợp với các phòng chuyên môn" in src.text


@needs_soffice
def test_docx_to_pdf():
    pdf = convert.docx_to_pdf(_docx_bytes(PARAS))
    assert pdf.startswith(b"%PDF")


def test_missing_soffice_names_the_package(monkeypatch, tmp_path):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(UnsupportedFormat) as ei:
        convert.convert(b"{\\rtf1 x}", ".rtf")
    assert "libreoffice-writer-nogui" in ei.value.message


def test_timeout_is_a_clear_input_error(monkeypatch, tmp_path):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(convert, "soffice", lambda: str(fake))
    with pytest.raises(InputError) as ei:
        convert.convert(b"{\\rtf1 x}", ".rtf", timeout=1)
    assert "quá 1 giây" in ei.value.message


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def aligned_share(a: str, b: str) -> float:
    """Share of the tokens of ``b`` matched, in order, by tokens of ``a``."""
    ta, tb = _tokens(a), _tokens(b)
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    return sum(m.size for m in sm.get_matching_blocks()) / max(1, len(tb))


@needs_soffice
@pytest.mark.parametrize("stem", ["nq-101-ubtvqh15-2025", "nqlt-102-ubtvqh15-cp-mttq-2025"])
def test_corpus_doc_matches_its_txt(stem):
    doc, txt = CORPORA / f"{stem}.doc", CORPORA / f"{stem}.txt"
    if not doc.exists() or not txt.exists():
        pytest.skip(f"../shared not present: {doc} and its .txt are needed")
    share = aligned_share(ingest.read(doc).text, ingest.read(txt).text)
    assert share >= 0.98, share
