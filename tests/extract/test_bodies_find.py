"""find_bodies: where a body is named, with offsets into the text."""
from __future__ import annotations

from pipeline.extract.bodies import find_bodies


def names(text: str) -> list[str]:
    ms = find_bodies(text)
    for m in ms:
        assert text[m.start:m.end] == m.text
    return [m.text for m in ms]


def test_list_of_bodies_in_a_sentence():
    s = "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ, Văn phòng UBND tỉnh và UBND các xã, phường thực hiện."
    assert names(s) == ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Văn phòng UBND tỉnh", "UBND các xã, phường"]


def test_group_nouns_and_places():
    assert names("Các sở, ban, ngành tỉnh; UBND các xã, phường") == ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"]
    assert names("Giao Công an tỉnh phối hợp với Bộ Chỉ huy Quân sự tỉnh triển khai.") == [
        "Công an tỉnh", "Bộ Chỉ huy Quân sự tỉnh"]


def test_plain_sentence_has_no_body():
    assert names("Nâng cao chất lượng công tác quản lý hồ sơ trong năm.") == []


def test_window():
    s = "Sở Y tế và Sở Nội vụ"
    assert [m.text for m in find_bodies(s, 9)] == ["Sở Nội vụ"]


def test_distributive_list_of_departments():
    ms = find_bodies("Các Cục: Quản lý chất lượng, Kinh tế - Tài chính, Thông tin và Thống kê; các đơn vị khác.")
    assert [m.text for m in ms][:3] == ["Cục Quản lý chất lượng", "Cục Kinh tế - Tài chính",
                                         "Cục Thông tin và Thống kê"]


def test_a_head_over_a_group_list_stays_one_body():
    assert names("Ban Chỉ đạo 389 các bộ, ngành, địa phương rà soát; Sở Y tế phối hợp.") == [
        "Ban Chỉ đạo 389 các bộ, ngành, địa phương", "Sở Y tế"]


def test_a_people_committee_group_then_another_group_are_two():
    assert names("Ủy ban nhân dân cấp tỉnh, cơ quan, đơn vị có liên quan") == [
        "Ủy ban nhân dân cấp tỉnh", "cơ quan, đơn vị có liên quan"]
    assert names("UBND các xã, phường, các cơ quan, tổ chức có liên quan phối hợp") == [
        "UBND các xã, phường", "các cơ quan, tổ chức có liên quan"]
    assert names("Ủy ban nhân dân cấp tỉnh, cấp xã đưa chỉ tiêu vào kế hoạch") == [
        "Ủy ban nhân dân cấp tỉnh, cấp xã"]                      # the levels of one body


def test_party_committees_as_groups():
    assert names("Yêu cầu các cấp ủy, cơ quan, đơn vị, địa phương đẩy mạnh rà soát") == [
        "các cấp ủy", "cơ quan, đơn vị, địa phương"]
    assert names("Các tỉnh ủy, thành ủy phối hợp Bộ Y tế sắp xếp trạm y tế") == ["Các tỉnh ủy, thành ủy", "Bộ Y tế"]
    assert names("Cấp ủy, chính quyền địa phương các cấp quan tâm chỉ đạo") == [
        "Cấp ủy, chính quyền địa phương các cấp"]
