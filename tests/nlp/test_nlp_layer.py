"""The NLP layer: lossless offsets, word segmentation, pattern files, EntityRuler bodies."""
from __future__ import annotations

import pytest

from pipeline.errors import DataError
from pipeline.nlp import analyse, parse_lines, tokenize, word_spans
from pipeline.nlp.patterns import agency_patterns, trigger_patterns
from pipeline.nlp.syllables import syllable_offsets, words_and_spaces


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp
    return build_nlp()


AWKWARD = [
    "Sở Tài chính chủ trì, phối hợp với các cơ quan liên quan.",
    "Ủy ban nhân dân  tỉnh\tQuảng Trị\nđề nghị",
    "Ngày 26/1 1/2021 hạn chót; đ Đ đường",
    "| STT | Nội dung | Cơ quan chủ trì |\n| 1 | Rà soát | Sở Y tế |",
    "Hoàn thành 😀👍🏽 trước 30/6 ✅",
    "",
    "...;;!!",
    "   ",
    "\n\nĐầu dòng\n",
    "Nghị định số 30/2020/NĐ-CP, H'Mông, COVID-19 — “trích dẫn”",
    "hoa\u0300 (NFD) và kho\u1ea3ng",
]


@pytest.mark.parametrize("text", AWKWARD)
def test_doc_is_lossless(nlp, text):
    doc = tokenize(text)
    assert doc.text == text
    for tok in doc:
        assert text[tok.idx:tok.idx + len(tok.text)] == tok.text
    # every non-space character is inside exactly one token
    covered = sorted((t.idx, t.idx + len(t)) for t in doc if not t.is_space)
    for (a, b), (c, _) in zip(covered, covered[1:]):
        assert b <= c
    assert "".join(t.text_with_ws for t in doc) == text


@pytest.mark.parametrize("segmenter", ["dictionary", "underthesea"])
def test_slice_offsets_are_absolute(nlp, segmenter):
    src = "Kính gửi:\tSở Tài chính chủ trì, phối hợp  với Sở Nội vụ.\n"
    start, end = 10, 48
    doc = tokenize(src, start, end, segmenter=segmenter)
    assert doc.text == src[start:end]
    assert doc._.offset == start
    for tok in doc:
        assert src[tok.idx + start:tok.idx + start + len(tok)] == tok.text
    words = [src[a:b] for a, b in word_spans(doc)]
    assert "Tài chính" in words and "chủ trì" in words and "phối hợp" in words


@pytest.mark.parametrize("segmenter", ["dictionary", "underthesea"])
def test_word_spans_reconstruct_compounds(nlp, segmenter):
    text = "Sở Tài chính chủ trì"
    doc = tokenize(text, segmenter=segmenter)
    assert [text[a:b] for a, b in word_spans(doc)] == ["Sở", "Tài chính", "chủ trì"]
    assert [t._.wcont for t in doc] == [False, False, True, False, True]
    assert [t._.word_id for t in doc] == [0, 1, 1, 2, 2]


def test_words_never_cross_a_newline(nlp):
    text = "tài\nchính và tài  chính"
    doc = tokenize(text)
    assert all("\n" not in text[a:b] and "  " not in text[a:b] for a, b in word_spans(doc))


def test_syllables_of_numbers_and_codes():
    text = "26/1 1/2021 30/2020/NĐ-CP"
    assert [text[a:b] for a, b in syllable_offsets(text)] == ["26/1", "1/2021", "30/2020", "/", "NĐ-CP"]
    words, spaces, which = words_and_spaces("a  b\t", syllable_offsets("a  b\t"))
    assert words == ["a", " ", "b", "\t"] and spaces == [True, False, False, False]


def test_bad_slice_raises(nlp):
    with pytest.raises(ValueError):
        tokenize("abc", 2, 1)


def test_pattern_files_load():
    pats = agency_patterns()
    assert any(p["label"] == "GROUP" for p in pats)
    assert any(p["pattern"] == "Sở Tài chính" for p in pats)   # generated from bodies.yaml
    assert {pl.data["id"] for pl in trigger_patterns()} >= {"lead", "coordinate", "request", "report_to"}


@pytest.mark.parametrize("line, kind, fragment", [
    ('{"id": "x", "pattern": [{"LOWER": "a"}]', "triggers", "JSON"),
    ('["not", "an", "object"]', "triggers", "đối tượng"),
    ('{"pattern": [{"LOWER": "a"}]}', "triggers", "id"),
    ('{"id": "x", "pattern": []}', "triggers", "pattern"),
    ('{"id": "x", "pattern": [{"LOWR": "a"}]}', "triggers", "LOWR"),
    ('{"id": "x", "pattern": [{"LOWER": "a", "OP": "++"}]}', "triggers", "OP"),
    ('{"label": "ORG", "pattern": "Sở"}', "agencies", "id"),
    ('{"label": "ORG", "id": "a", "heads_from": "other.yaml", "tail": [{}]}', "agencies", "heads_from"),
    ('{"label": "ORG", "id": "a", "pattern": "x", "names_from": "bodies.yaml"}', "agencies", "đúng một"),
])
def test_bad_pattern_line_raises_data_error(line, kind, fragment):
    good = '{"id": "ok", "pattern": [{"LOWER": "a"}]}' if kind == "triggers" else \
        '{"label": "ORG", "id": "ok", "pattern": "Sở Y tế"}'
    with pytest.raises(DataError) as ei:
        parse_lines(["// comment", good, "", line], "demo.jsonl", kind)
    err = ei.value
    assert err.code == "VB200"
    assert err.path == "demo.jsonl"
    assert "dòng 4" in err.message and fragment in err.message


def test_find_bodies_nlp_offsets(nlp):
    from pipeline.extract.nlp_bodies import find_bodies_nlp

    text = "Mở đầu. Sở Tài chính chủ trì, phối hợp với UBND các xã, phường và Sở Y tế thực hiện."
    got = find_bodies_nlp(text, 8)
    assert [(m.text, m.start, m.end) for m in got] == [
        ("Sở Tài chính", 8, 20), ("UBND các xã, phường", 43, 62), ("Sở Y tế", 66, 73)]
    assert all(text[m.start:m.end] == m.text for m in got)
    assert got[1].rule == "nlp:local_gov"


def test_triggers_respect_word_boundaries(nlp):
    text = "Giao Sở Giao thông vận tải chủ trì, gửi kết quả về Sở Nội vụ."
    doc = analyse(text)
    trig = [(s.label_, s.text) for s in doc.spans["triggers"]]
    assert ("assign", "Giao") in trig
    assert ("lead", "chủ trì") in trig
    assert ("report_to", "gửi kết quả về") in trig
    assert sum(1 for lab, _ in trig if lab == "assign") == 1   # not "Giao" of "Giao thông"


def test_place_word_needs_its_second_syllable(nlp):
    from pipeline.extract.nlp_bodies import find_bodies_nlp

    text = "Sở Y tế thành lập tổ công tác; Công an thành phố Cần Thơ; các bộ, cơ quan ngang bộ, địa phương"
    got = [m.text for m in find_bodies_nlp(text)]
    assert got[:2] == ["Sở Y tế", "Công an thành phố Cần Thơ"]
    assert "các bộ, cơ quan ngang bộ" in got
