"""Bad input through the `vanban` command: exit status 2, one line naming the file, nothing written."""
from __future__ import annotations

import pytest

from pipeline.errors import VanbanError

CASES = {
    "unsupported": ("photo.png", b"\x89PNG\r\n\x1a\n not a document", "VB102"),
    "empty": ("empty.txt", b"", "VB103"),
    "corrupt-pdf": ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage\n", "VB104"),
    "corrupt-docx": ("broken.docx", b"PK\x03\x04 this is not really a zip archive", "VB104"),
    "directory": ("folder.docx", None, "VB100"),
    "missing": ("nowhere.pdf", "missing", "VB101"),
    "encrypted": ("encrypted.pdf", "fixture", "VB105"),
    "scanned": ("scanned.pdf", "fixture", "VB106"),
}


def _make(case, tmp_path, fixtures):
    name, data, code = CASES[case]
    if data == "fixture":
        return fixtures / name, code
    p = tmp_path / "in" / name
    p.parent.mkdir(exist_ok=True)
    if data is None:
        p.mkdir()
    elif data != "missing":
        p.write_bytes(data)
    return p, code


def _assert_clean_failure(res, path, code):
    assert res.returncode == 2, (res.stdout, res.stderr)
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert str(path) in lines[0]
    assert code in lines[0]
    assert "Traceback" not in res.stderr + res.stdout


@pytest.mark.parametrize("case", sorted(CASES))
def test_plans_on_bad_input_fails_cleanly_and_writes_nothing(case, tmp_path, fixtures, vanban):
    path, code = _make(case, tmp_path, fixtures)
    out = tmp_path / "out"
    out.mkdir()
    res = vanban("plans", path, "-o", out)
    _assert_clean_failure(res, path, code)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("case", ["corrupt-docx", "scanned", "missing"])
def test_analyze_on_bad_input_fails_cleanly(case, tmp_path, fixtures, vanban):
    path, code = _make(case, tmp_path, fixtures)
    res = vanban("analyze", path, "--json")
    _assert_clean_failure(res, path, code)
    assert res.stdout == ""


def test_ingest_bad_input_leaves_no_database(tmp_path, fixtures, vanban):
    good = tmp_path / "ok.txt"
    good.write_text("KẾ HOẠCH\nSở Nội vụ hướng dẫn thực hiện kế hoạch năm 2026.\n", encoding="utf-8")
    db = tmp_path / "x.db"
    res = vanban("--database-url", f"sqlite:///{db}", "ingest", good, fixtures / "scanned.pdf")
    _assert_clean_failure(res, fixtures / "scanned.pdf", "VB106")
    assert not db.exists() or db.stat().st_size == 0 or _no_documents(db)


def _no_documents(db) -> bool:
    from pipeline.store import Store
    with Store.open(f"sqlite:///{db}") as st:
        return not st.search("ke hoach", limit=5)


def test_debug_flag_shows_the_traceback(tmp_path, vanban):
    p = tmp_path / "broken.docx"
    p.write_bytes(b"PK\x03\x04 nope")
    res = vanban("--debug", "analyze", p)
    assert res.returncode == 2
    assert "Traceback" in res.stderr


def test_error_codes_are_unique():
    from pipeline.errors import CATALOGUE
    assert all(issubclass(c, VanbanError) and c.code == k for k, c in CATALOGUE.items())
