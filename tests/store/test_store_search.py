from datetime import date, datetime

import pytest

from pipeline.errors import UsageError
from pipeline.model import (AgencyMention, Analysis, Deadline, Metadata, Obligation, Provenance,
                            Section, SourceFile, StructuredDoc)
from pipeline.search.query import parse_query
from pipeline.store import Store

NOW = datetime(2026, 1, 10, 8, 30)
TODAY = date(2026, 4, 1)


def ob(text, kind="task", section="1", lead=(), due=None):
    return Obligation(text=text, kind=kind, provenance=Provenance(0, len(text), section, "t"),
                      lead=[AgencyMention(n) for n in lead], deadline=Deadline(due=due))


def analysis(sha, number, doc_type, obligations):
    text = "\n".join(o.text for o in obligations)
    src = SourceFile(path=f"{sha}.txt", format="txt", text=text, sha256=sha * 64)
    root = Section(label="", level=0, path="", start=0, end=len(text), text_start=0)
    doc = StructuredDoc(source=src, metadata=Metadata(doc_type=doc_type, number_symbol=number),
                        lines=[], root=root, body_start=0, body_end=len(text))
    return Analysis(doc=doc, obligations=obligations)


DOCS = [
    analysis("a", "33/CT-TTg", "CT", [
        ob("Tăng cường công tác xây dựng Đảng trong cơ quan", lead=["Sở Nội vụ"], due=date(2026, 3, 1)),
        ob("Báo cáo kết quả thực hiện Chỉ thị 33/CT-TTg hằng quý", kind="report",
           lead=["Sở Nội vụ", "Sở Tư pháp"], due=date(2026, 6, 30)),
        ob("Đăng tải nội dung lên cổng thông tin điện tử", lead=["Sở Thông tin và Truyền thông"]),
    ]),
    analysis("b", "308/KH-UBND", "KH", [
        ob("Phấn đấu 100% hồ sơ được giải quyết đúng hạn", kind="target", lead=["UBND các xã"],
           due=date(2026, 12, 31)),
        ob("Kiểm tra việc đăng ký hộ tịch tại cơ sở", lead=["Sở Tư pháp"], due=date(2026, 2, 15)),
    ]),
]


@pytest.fixture(params=["fts", "like"])
def store(request, tmp_path):
    s = Store.open(f"sqlite:///{tmp_path}/s.db")
    if request.param == "like":
        s.fts = False          # exercise the portable LIKE path (as on PostgreSQL)
    for a in DOCS:
        s.save_analysis(a, now=NOW)
    yield s
    s.close()


def texts(hits):
    return sorted(h.text.split()[0] + " " + h.text.split()[1] for h in hits)


def test_fts_is_available_on_this_sqlite(tmp_path):
    with Store.open(f"sqlite:///{tmp_path}/x.db") as s:
        assert s.fts


def test_without_diacritics_finds_with(store):
    hits = store.search("so noi vu")
    assert {h.text for h in hits} == {DOCS[0].obligations[0].text, DOCS[0].obligations[1].text}
    assert store.search("Sở Nội vụ") and len(store.search("sở nội vụ")) == 2


def test_d_equals_dd(store):
    found = {h.text for h in store.search("dang")}
    # "Đảng", "Đăng tải", "đăng ký" all fold to "dang"
    assert found == {DOCS[0].obligations[0].text, DOCS[0].obligations[2].text,
                     DOCS[1].obligations[1].text}
    assert {h.text for h in store.search("Đảng")} == found


def test_words_are_anded_and_phrases_are_adjacent(store):
    assert len(store.search("kiểm tra hộ tịch")) == 1
    assert store.search('"tịch hộ"') == []
    assert len(store.search('"hộ tịch"')) == 1


def test_number_symbol(store):
    hits = store.search("33/CT-TTg")
    assert [h.kind for h in hits] == ["report"]
    assert len(store.search("33/ct-ttg")) == 1


def test_hit_fields(store):
    h = store.search("hộ tịch")[0]
    assert h.doc_label == "Kế hoạch 308/KH-UBND"
    assert h.lead == ["Sở Tư pháp"] and h.due == "2026-02-15" and h.status == "chua_thuc_hien"
    assert h.to_json()["obligation_id"] == h.obligation_id


def test_ranking_prefers_more_matches(store):
    hits = store.search("sở nội vụ")
    assert hits[0].score >= hits[-1].score


def test_filters(store):
    assert [h.kind for h in store.search("kind:report")] == ["report"]
    assert len(store.search('lead:"sở tư pháp"')) == 2
    assert len(store.search("lead:tu phap kind:task")) == 1
    assert [h.due for h in store.search("due<2026-03-01")] == ["2026-02-15"]
    assert [h.due for h in store.search("due<=2026-03-01")] == ["2026-02-15", "2026-03-01"]
    assert [h.due for h in store.search("due>2026-06-30")] == ["2026-12-31"]
    assert len(store.search("doc:308")) == 2
    assert len(store.search("doc:33/CT-TTg")) == 3
    assert len(store.search("doc:308 kiểm tra")) == 1
    assert [h.due for h in store.search("overdue", today=TODAY)] == ["2026-02-15", "2026-03-01"]


def test_overdue_respects_status(store):
    oid = store.search("hộ tịch")[0].obligation_id
    store.update_obligation(oid, status="hoan_thanh", now=NOW)
    assert [h.due for h in store.search("overdue", today=TODAY)] == ["2026-03-01"]
    assert [h.obligation_id for h in store.search("status:hoan_thanh")] == [oid]


def test_overdue_needs_today(store):
    with pytest.raises(UsageError):
        store.search("overdue")


def test_query_object_and_limit(store):
    assert len(store.search(parse_query("lead:sở"), limit=2)) == 2
    assert len(store.search(parse_query("overdue"), today=TODAY)) == 2


@pytest.mark.parametrize("text", [
    "a' OR 1=1 --", "'; DROP TABLE obligations; --", "NEAR(", "*", "\"", 'báo "cáo', "()", "OR",
    "AND NOT", "zz*", "^noi", "col:value", "text:dang", "%", "_", "\\", "lead:%", "doc:_",
    "\x00", "1=1",
])
def test_injection_never_errors_or_matches_everything(store, text):
    hits = store.search(text, today=TODAY)
    assert len(hits) < 5
    assert len(store.obligations()) == 5       # nothing dropped


def test_empty_query_finds_nothing(store):
    assert store.search("") == [] and store.search("   ") == []


def test_raw_fts_is_opt_in(store):
    if not store.fts:
        assert len(store.search("dang OR tich", raw=True)) >= 1
        return
    assert len(store.search("Đảng OR tịch", raw=True)) == 3
    with pytest.raises(UsageError):
        store.search("NEAR(", raw=True)
