"""Generated drafts convert to PDF with LibreOffice headless, and the PDF text (pdfplumber)
holds the title and every task. A representative set keeps it fast (about ten
conversions): the seed, the three samples in corpora/, and a few ../shared documents
(Kế hoạch and Công văn forms). Skips when soffice or ../shared is absent.
"""
from __future__ import annotations

import io
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from pipeline import service
from pipeline.generate.context import choose_form
from pipeline.generate.textfmt import clean_sentence
from pipeline.ingest import convert
from pipeline.plans import plan_targets

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
TODAY = date(2026, 3, 2)
SAMPLES = sorted(p for p in (ROOT / "corpora").glob("*.txt"))
SHARED_DOCS = ["seed/kh-ubnd-hn-2022-dan-van.txt", "corpora/cv-6356-ubnd-hn-2025.txt",
               "corpora/ct-21-ttg-2026.txt", "corpora/tb-623-vpcp-2025.txt"]

pytestmark = pytest.mark.skipif(convert.soffice() is None,
                                reason="LibreOffice (soffice) not installed: "
                                       "scripts/install-system-deps.sh installs it")


def _norm(text: str) -> str:
    t = unicodedata.normalize("NFC", text).casefold()
    return " ".join(re.sub(r"[^\w%]+", " ", t).split())


def _pdf_text(data: bytes) -> str:
    import pdfplumber
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _docx_title(path: Path) -> str:
    """The paragraph after «KẾ HOẠCH» (a plan) or the «V/v» line (a Công văn)."""
    from docx import Document
    paras = [p.text.strip() for p in Document(str(path)).paragraphs if p.text.strip()]
    if "KẾ HOẠCH" in paras:
        return paras[paras.index("KẾ HOẠCH") + 1]
    for cell_text in (c.text for t in Document(str(path)).tables for r in t.rows for c in r.cells):
        m = re.search(r"V/v .+", cell_text)
        if m:
            return m.group(0)
    raise AssertionError(f"no title in {path.name}")


def _cases() -> list[tuple[str, Path]]:
    cases = [(p.stem, p) for p in SAMPLES]
    for rel in SHARED_DOCS:
        cases.append((Path(rel).stem, SHARED / rel))
    return cases


@pytest.mark.parametrize("name,src", _cases(), ids=[c[0] for c in _cases()])
def test_draft_converts_and_pdf_holds_title_and_tasks(name, src, tmp_path):
    if not src.is_file():
        pytest.skip(f"../shared not present: {src}")
    a = service.analyze_file(src)
    targets = plan_targets(a, service._registry(None), on=a.doc.metadata.issued_date)
    if not targets:
        pytest.skip(f"{name}: the extraction assigns no work to a named body")
    # the body with most tasks; for the Hà Nội city letter, the Sở of its real answer
    t = max(targets, key=lambda t: (("Giáo dục" in t.name) if "6356" in name else 0, len(t.all)))
    res = service.draft_plans(src, tmp_path, today=TODAY, analysis=a, agency=t.key)
    [pf] = [f for f in res.files if f.agency == t.name]
    path = Path(pf.path)
    assert path.name.startswith("ke-hoach" if choose_form(a, t.lead + t.coordinate) == "kh"
                                else "cong-van")
    pdf = convert.docx_to_pdf(path.read_bytes(), path=str(path))
    assert pdf[:5] == b"%PDF-"
    text = _norm(_pdf_text(pdf))
    assert _norm(_docx_title(path)) in text
    missing = [o.text[:80] for o in t.all
               if _norm(clean_sentence(o.text)) not in text]
    assert not missing, f"{len(missing)} of {len(t.all)} tasks not in the PDF: {missing[:3]}"


def test_issuer_plan_converts(tmp_path):
    src = SHARED / "seed" / "kh-ubnd-hn-2022-dan-van.txt"
    if not src.is_file():
        pytest.skip(f"../shared not present: {src}")
    a = service.analyze_file(src)
    out = service.draft_issuer_plan(src, tmp_path / "kh.docx", today=TODAY, analysis=a)
    text = _norm(_pdf_text(convert.docx_to_pdf(out.read_bytes(), path=str(out))))
    assert _norm(_docx_title(out)) in text
    missing = [o.text[:80] for o in a.obligations if _norm(clean_sentence(o.text)) not in text]
    assert not missing, f"{len(missing)} tasks not in the PDF: {missing[:3]}"
