from datetime import date, datetime

import pytest

from pipeline.errors import NotFound, StoreError, UsageError
from pipeline.model import (AgencyMention, Analysis, Deadline, Metadata, Obligation, Provenance,
                            Section, SourceFile, StructuredDoc)
from pipeline.store import Store
from pipeline.store.schema import MIGRATIONS

NOW = datetime(2026, 1, 10, 8, 30)


def ob(text, kind="task", section="II.1", lead=(), coord=(), report=(), due=None, ids=None):
    ids = ids or {}
    return Obligation(
        text=text, kind=kind, provenance=Provenance(0, len(text), section, "test.rule"),
        lead=[AgencyMention(n, agency_id=ids.get(n)) for n in lead],
        coordinators=[AgencyMention(n, agency_id=ids.get(n)) for n in coord],
        report_to=[AgencyMention(n, agency_id=ids.get(n)) for n in report],
        deadline=Deadline(text="trước ngày" if due else None, due=due, basis="absolute" if due else "none"))


def analysis(sha, obligations, number="12/KH-UBND", doc_type="KH"):
    text = "UBND TỈNH MẪU\nKẾ HOẠCH\nVề việc thử nghiệm lưu trữ\n" + "\n".join(o.text for o in obligations)
    src = SourceFile(path=f"/tmp/{sha}.txt", format="txt", text=text, sha256=sha)
    md = Metadata(doc_type=doc_type, number_symbol=number, issuer="UBND tỉnh Mẫu",
                  issued_date=date(2026, 1, 5), title="Kế hoạch thử nghiệm lưu trữ")
    root = Section(label="", level=0, path="", start=0, end=len(text), text_start=0)
    doc = StructuredDoc(source=src, metadata=md, lines=[], root=root, body_start=0, body_end=len(text))
    return Analysis(doc=doc, obligations=obligations)


@pytest.fixture
def store(tmp_path):
    s = Store.open(f"sqlite:///{tmp_path}/sub/dir/vanban.db")
    yield s
    s.close()


def sample():
    return analysis("a" * 64, [
        ob("Rà soát danh mục thủ tục hành chính thuộc thẩm quyền", lead=["Sở Nội vụ"],
           coord=["Sở Tư pháp"], due=date(2026, 3, 31), ids={"Sở Nội vụ": "mau.snv"}),
        ob("Báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh", kind="report", section="III",
           lead=["Sở Tài chính"], report=["UBND tỉnh"], due=date(2026, 6, 30)),
    ])


def test_open_creates_parent_folder_and_migrates(tmp_path):
    url = f"sqlite:///{tmp_path}/a/b/c.db"
    with Store.open(url) as s:
        assert s.version == MIGRATIONS[-1][0]
        assert (tmp_path / "a" / "b" / "c.db").exists()
    with Store.open(url) as s:   # reopening is a no-op migration
        assert s.version == MIGRATIONS[-1][0]


def test_save_is_idempotent_by_sha(store):
    doc_id, created = store.save_analysis(sample(), now=NOW)
    assert created
    again, created2 = store.save_analysis(sample(), now=NOW)
    assert (again, created2) == (doc_id, False)
    assert len(store.obligations()) == 2
    assert len(store.documents()) == 1
    d = store.document(doc_id)
    assert d["label"] == "Kế hoạch 12/KH-UBND"
    assert d["issued_date"] == "2026-01-05"
    assert d["obligation_count"] == 2
    assert d["created_at"] == NOW.isoformat()
    assert d["text"].startswith("UBND")


def test_replace_rebuilds_obligations_and_keeps_review_state(store):
    doc_id, _ = store.save_analysis(sample(), now=NOW)
    first = store.obligations(document_id=doc_id)[0]
    store.update_obligation(first["id"], status="dang_thuc_hien", note="đã giao", now=NOW)
    new = sample()
    new.obligations.append(ob("Tổ chức tuyên truyền trên cổng thông tin", section="II.2"))
    same_id, created = store.save_analysis(new, now=NOW, replace=True)
    assert (same_id, created) == (doc_id, False)
    obs = store.obligations(document_id=doc_id)
    assert [o["seq"] for o in obs] == [1, 2, 3]
    assert obs[0]["status"] == "dang_thuc_hien" and obs[0]["note"] == "đã giao"
    assert obs[2]["status"] == "chua_thuc_hien"
    assert len(store.search("tuyên truyền")) == 1
    assert len(store.search("rà soát")) == 1    # the old index rows are gone


def test_obligation_fields(store):
    store.save_analysis(sample(), now=NOW)
    o = store.obligations()[0]
    assert o["lead"] == ["Sở Nội vụ"] and o["lead_ids"] == ["mau.snv"]
    assert o["coordinators"] == ["Sở Tư pháp"]
    assert o["due"] == "2026-03-31"
    assert o["status"] == "chua_thuc_hien" and o["status_label"] == "Chưa thực hiện"
    assert o["section"] == "II.1" and o["rule"] == "test.rule"
    assert o["doc_label"] == "Kế hoạch 12/KH-UBND"


def test_obligations_by_agency(store):
    store.save_analysis(sample(), now=NOW)
    assert [o["seq"] for o in store.obligations(agency="mau.snv")] == [1]
    assert [o["seq"] for o in store.obligations(agency="so tai chinh")] == [2]
    assert [o["seq"] for o in store.obligations(agency="Sở Tư pháp")] == [1]
    assert store.obligations(agency="Sở Tư pháp", role="lead") == []
    assert store.obligations(agency="100%") == []


def test_update_obligation(store):
    store.save_analysis(sample(), now=NOW)
    oid = store.obligations()[1]["id"]
    later = datetime(2026, 2, 1, 9, 0)
    o = store.update_obligation(oid, status="Hoàn thành", note="Đã nộp", due=date(2026, 5, 1),
                                lead=["Sở Xây dựng"], now=later)
    assert o["status"] == "hoan_thanh" and o["status_label"] == "Hoàn thành"
    assert o["note"] == "Đã nộp" and o["due"] == "2026-05-01"
    assert o["lead"] == ["Sở Xây dựng"] and o["updated_at"] == later.isoformat()
    assert [h.obligation_id for h in store.search("xay dung")] == [oid]
    assert store.search("lead:tài chính") == []
    o = store.update_obligation(oid, clear_due=True, now=later)
    assert o["due"] is None and o["status"] == "hoan_thanh"


def test_update_errors(store):
    with pytest.raises(NotFound) as e:
        store.update_obligation(999, status="hoan_thanh", now=NOW)
    assert e.value.code == "VB404"
    store.save_analysis(sample(), now=NOW)
    oid = store.obligations()[0]["id"]
    with pytest.raises(UsageError):
        store.update_obligation(oid, status="xong rồi", now=NOW)
    with pytest.raises(NotFound):
        store.document(42)


def test_stats(store):
    store.save_analysis(sample(), now=NOW)
    s = store.stats(today=date(2026, 4, 1))
    assert s["documents"] == 1 and s["obligations"] == 2
    assert s["by_kind"] == {"task": 1, "report": 1, "target": 0}
    assert s["by_status"]["chua_thuc_hien"] == 2
    assert s["overdue"] == 1
    assert store.stats()["overdue"] is None


def test_delete_document(store):
    doc_id, _ = store.save_analysis(sample(), now=NOW)
    store.delete_document(doc_id)
    assert store.documents() == [] and store.obligations() == [] and store.search("rà soát") == []


@pytest.mark.parametrize("url", ["not a url", "", "mysql://u@h/db", "nosuchdb://x"])
def test_bad_url_is_store_error(url):
    with pytest.raises(StoreError) as e:
        Store.open(url)
    assert e.value.code == "VB400"


def test_unwritable_path_is_store_error(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    with pytest.raises(StoreError) as e:
        Store.open(f"sqlite:///{blocker}/db.sqlite")
    assert e.value.code == "VB400"


def test_not_a_database_is_store_error(tmp_path):
    bad = tmp_path / "junk.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store.open(f"sqlite:///{bad}")


def test_postgres_without_driver_says_what_to_install():
    try:
        import psycopg  # noqa: F401
        pytest.skip("psycopg is installed; no PostgreSQL server in tests")
    except ImportError:
        pass
    with pytest.raises(StoreError) as e:
        Store.open("postgresql+psycopg://user:secret@localhost:1/vanban")
    assert "vanban[postgres]" in e.value.message
    assert "secret" not in e.value.message
