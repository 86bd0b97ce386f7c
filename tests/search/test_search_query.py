from datetime import date

import pytest

from pipeline.errors import UsageError
from pipeline.search.query import parse_query


def test_words_and_phrases_are_folded():
    q = parse_query('rà soát "Sở Nội vụ" 33/CT-TTg')
    assert q.terms == ("ra", "soat", "33/ct-ttg")
    assert q.phrases == ("so noi vu",)
    assert q.token_groups() == [("ra",), ("soat",), ("33", "ct", "ttg"), ("so", "noi", "vu")]


def test_filters():
    q = parse_query('kind:report lead:"Sở Tài chính" status:"Hoàn thành" due<2026-06-30 '
                    'due>=01/01/2026 doc:308 overdue', today=date(2026, 3, 1))
    assert q.kind == "report"
    assert q.lead == "so tai chinh"
    assert q.status == "hoan_thanh"
    assert q.due_before == date(2026, 6, 30)
    assert q.due_after == date(2025, 12, 31)
    assert q.doc == "308"
    assert q.overdue and q.today == date(2026, 3, 1)
    assert q.terms == () and q.has_filters and not q.has_text


def test_due_equal_and_le():
    q = parse_query("due:2026-05-15")
    assert (q.due_after, q.due_before) == (date(2026, 5, 14), date(2026, 5, 16))
    assert parse_query("due<=2026-05-15").due_before == date(2026, 5, 16)


def test_kind_aliases():
    assert parse_query("kind:nhiệm_vụ").kind == "task"
    assert parse_query('kind:"báo cáo"').kind == "report"


@pytest.mark.parametrize("text", ["kind:poem", "status:xong", "due<ngày-mai", "due>2026-13-40"])
def test_bad_filter_values_raise_usage_error(text):
    with pytest.raises(UsageError) as e:
        parse_query(text)
    assert e.value.code == "VB500"


def test_unknown_keys_are_words():
    q = parse_query("ghi:chú")
    assert q.has_text and not q.has_filters
    assert q.token_groups() == [("ghi", "chu")]


@pytest.mark.parametrize("text", ["*", '"', "--", "()", "' ;", "NEAR(", "kind:"])
def test_nothing_searchable_is_empty(text):
    q = parse_query(text)
    if text == "NEAR(":
        assert q.token_groups() == [("near",)]
    else:
        assert q.is_empty


def test_unmatched_quote_runs_to_end():
    q = parse_query('báo cáo "Sở Y tế')
    assert q.phrases == ("so y te",)


def test_raw_keeps_operators_and_folds_words():
    q = parse_query("Đảng OR Nội NEAR(a b) kind:task", raw=True)
    assert q.raw_fts == "dang OR noi NEAR(a b)"
    assert q.kind == "task"
