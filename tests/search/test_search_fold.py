from pipeline.search.fold import token_string, vi_fold, vi_tokens


def test_fold_strips_marks_and_d():
    assert vi_fold("Sở Nội vụ") == "so noi vu"
    assert vi_fold("Đảng ủy") == "dang uy"
    assert vi_fold("ĐẢNG") == "dang"
    assert vi_fold("Nghệ An  \n tỉnh") == "nghe an tinh"


def test_fold_accepts_decomposed_input():
    decomposed = "Ha\u0300 No\u0323\u0302i"   # "Hà Nội" in NFD
    assert vi_fold(decomposed) == "ha noi"


def test_fold_keeps_numbers_and_symbols():
    assert vi_fold("Chỉ thị số 33/CT-TTg") == "chi thi so 33/ct-ttg"
    assert vi_fold("33/CT\u2013TTg") == "33/ct-ttg"   # en dash


def test_fold_empty():
    assert vi_fold("") == ""
    assert vi_tokens("  */--  ") == []


def test_tokens_and_token_string():
    assert vi_tokens("Số 33/CT-TTg") == ["so", "33", "ct", "ttg"]
    assert token_string("Báo cáo quý", "Sở Tài chính") == " bao cao quy | so tai chinh "
