"""Counts, folding, loading and validation of the agency registry."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import DataError, NotFound
from pipeline.model import Resolution
from pipeline.registry import fold, fold_ascii, load_registry, resolution_shares

D22, D26 = date(2022, 6, 1), date(2026, 1, 1)


@pytest.fixture(scope="module")
def reg():
    return load_registry()


# ---------------------------------------------------------------- counts
def test_specialised_agencies_2022_and_2026(reg):
    assert len(reg.list(on=D22, type="co_quan_chuyen_mon", jurisdiction="hanoi")) == 21
    assert len(reg.list(on=D26, type="co_quan_chuyen_mon", jurisdiction="hanoi")) == 15


def test_district_ubnd_until_abolition(reg):
    assert len(reg.list(on=D22, type="ubnd_cap_huyen", jurisdiction="hanoi")) == 30
    assert len(reg.list(on=date(2025, 6, 30), type="ubnd_cap_huyen", jurisdiction="hanoi")) == 30
    assert reg.list(on=D26, type="ubnd_cap_huyen", jurisdiction="hanoi") == []


def test_ministries_before_and_after_merger(reg):
    def n(d):
        return len([a for t in ("bo", "co_quan_ngang_bo") for a in reg.list(on=d, type=t, jurisdiction="central")])
    assert n(date(2025, 2, 28)) == 22
    assert n(date(2025, 3, 1)) == 17


def test_provinces_63_then_34(reg):
    g = reg.get("grp.ubnd-tinh")
    assert len(reg.expand(g, date(2025, 6, 30))) == 63
    assert len(reg.expand(g, date(2025, 7, 1))) == 34


def test_expand_by_id_and_body(reg):
    assert len(reg.expand("grp.so-ban-nganh", D22)) == 22
    assert len(reg.expand("grp.co-quan-chuyen-mon", D26)) == 15
    assert reg.expand("grp.ubnd-cap-huyen", D26) == []
    assert [a.id for a in reg.expand(reg.get("hn.so-yt"), D26)] == ["hn.so-yt"]
    assert reg.expand(reg.get("hn.so-khdt"), D26) == []


def test_get_synthesised_and_missing(reg):
    a = reg.get("nghean.so-yt")
    assert a.jurisdiction == "nghean" and a.verified is False and a.full_name == "Sở Y tế tỉnh Nghệ An"
    with pytest.raises(NotFound):
        reg.get("hn.khong-co")


def test_successors_point_to_known_bodies(reg):
    for a in reg.list():
        for s in a.successors:
            assert reg.get(s).valid_from is None or a.valid_to is None or reg.get(s).valid_from > a.valid_to


# ---------------------------------------------------------------- folding
@pytest.mark.parametrize("a,b", [
    ("Sở Văn hoá và Thể thao", "sở văn hóa và thể thao"),
    ("Uỷ ban nhân dân Thành phố", "UBND TP"),
    ("Sở KH&ĐT", "Sở KH-ĐT"),
    ("Sở KH&ĐT", "Sở KH và ĐT"),
    ("Sở Kế hoạch & Đầu tư", "Sở Kế hoạch và Đầu tư"),
    ("Ủy ban MTTQ VN", "Ủy ban Mặt trận Tổ quốc Việt Nam"),
    ("Sở Y tế.", "Sở Y tế"),
])
def test_fold_equivalences(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_d_and_quy():
    assert fold("Đảng") != fold("Dang")
    assert fold_ascii("Đảng") == fold_ascii("Dang") == "dang"
    assert fold("quý") == "quý"
    assert fold("UBND - HĐND") == "ubnd hđnd"


# ---------------------------------------------------------------- resolution details
def test_resolution_keeps_mention_and_is_a_copy(reg):
    r1 = reg.resolve("Sở Nội vụ (Ban Thi đua - Khen thưởng)", on=D22)
    assert r1.mention == "Sở Nội vụ (Ban Thi đua - Khen thưởng)"
    r1.members.append(None)
    assert reg.resolve("Sở Nội vụ (Ban Thi đua - Khen thưởng)", on=D22).members == []


def test_so_never_fuzzes_into_bo(reg):
    r = reg.resolve("Sở Quốc phòng", on=D26, context="UBND thành phố Hà Nội")
    assert r.kind == "unresolved" or (r.agency is not None and not r.agency.id.startswith("vn."))


def test_province_so_is_not_hanoi(reg):
    r = reg.resolve("Sở Kế hoạch và Đầu tư", on=date(2024, 5, 1), context="UBND tỉnh Lai Châu")
    assert r.agency.id == "laichau.so-khdt" and r.agency.jurisdiction == "laichau"


def test_context_of_issuers(reg):
    assert reg.context("UBND tỉnh Nghệ An").jur == "nghean"
    assert reg.context("UBND Thành phố").jur == "hanoi"
    assert reg.context("Sở Giáo dục và Đào tạo thành phố Hà Nội").jur == "hanoi"
    assert reg.context("Thủ tướng Chính phủ").jur == "central"
    assert reg.context(None).jur == "hanoi"


def test_resolve_is_fast(reg):
    mentions = ["Sở Y tế", "Giám đốc Sở KH&ĐT", "các sở, ban, ngành Thành phố", "Sở Văn hoá Thể thao du lịch",
                "các cơ quan, đơn vị liên quan", "UBND các tỉnh, thành phố trực thuộc Trung ương"]
    reg.resolve("Sở Y tế")      # warm up
    t = time.perf_counter()
    for i in range(300):
        for m in mentions:
            reg._cache.clear()
            reg.resolve(m, on=D26, context="UBND tỉnh Đồng Tháp")
    per_call = (time.perf_counter() - t) / (300 * len(mentions))
    assert per_call < 0.005


def test_resolution_shares():
    rs = [Resolution("a", "body"), Resolution("b", "group"), Resolution("c", "unresolved", rule="vague"),
          Resolution("d", "unresolved", rule="unknown")]
    s = resolution_shares(rs)
    assert s["total"] == 4 and s["body"] == 1 and s["group"] == 1 and s["vague"] == 1
    assert s["resolved_share"] == 0.5
    assert s["resolved_share_specific"] == round(2 / 3, 4)
    assert resolution_shares([])["resolved_share"] == 0.0


# ---------------------------------------------------------------- user files and validation
def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_extra_file_extends_and_overrides(tmp_path):
    p = _write(tmp_path, "extra.yaml", """
meta: {jurisdiction: hanoi}
agencies:
  - {id: hn.so-yt, canonical: "Sở Y tế", type: co_quan_chuyen_mon, aliases: ["Sở Sức khỏe"]}
  - {id: hn.bqp-test, canonical: "Ban Quản lý dự án thử nghiệm", type: don_vi_su_nghiep, verified: false}
""")
    reg = load_registry([p])
    assert reg.resolve("Sở Sức khỏe", on=D26).agency.id == "hn.so-yt"
    assert reg.resolve("Ban Quản lý dự án thử nghiệm", on=D26).agency.verified is False
    assert load_registry([p]) is reg            # cached per tuple
    assert load_registry() is not reg


@pytest.mark.parametrize("body,needle", [
    ("agencies:\n  - {id: x.a, type: bo}\n", "'x.a'"),
    ("agencies:\n  - {id: x.a, canonical: A, type: bo, colour: red}\n", "unknown field"),
    ("agencies:\n  - {id: x.a, canonical: A, type: bo, valid_to: 'soon'}\n", "ISO date"),
    ("agencies:\n  - {id: x.a, canonical: A, type: bo, successors: [x.none]}\n", "x.none"),
    ("agencies:\n  - {id: x.a, canonical: A, type: bo}\n  - {id: x.a, canonical: B, type: bo}\n", "duplicate"),
    ("agencies:\n  - {id: x.a, canonical: A, type: bo, valid_from: 2025-03-01, valid_to: 2025-01-01}\n", "after"),
    ("groups:\n  - {id: grp.x, canonical: X, scope: somewhere}\n", "scope"),
    ("- just a list\n", "mapping"),
    ("agencies: [\n", "YAML"),
])
def test_invalid_files_raise_data_error(tmp_path, body, needle):
    p = _write(tmp_path, "bad.yaml", body)
    with pytest.raises(DataError) as exc:
        load_registry([p])
    assert exc.value.code == "VB200"
    assert "bad.yaml" in str(exc.value) and needle in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(DataError):
        load_registry([tmp_path / "none.yaml"])


def test_template_province_file_loads_and_takes_over():
    from pipeline.registry.loader import RESOURCE_DIR
    reg = load_registry([RESOURCE_DIR / "TEMPLATE-province.yaml"])
    r = reg.resolve("Sở TT&TT", on=D26, context="UBND tỉnh Nghệ An")
    assert r.agency.id == "nghean.so-khcn" and r.original.id == "nghean.so-tttt"
    assert reg.resolve("UBND tỉnh", on=D26, context="UBND tỉnh Nghệ An").agency.id == "nghean.ubnd"
    # a sở the file does not list is not invented for a province whose sở list is complete
    assert reg.resolve("Sở Tư pháp", on=D26, context="UBND tỉnh Nghệ An").kind == "unresolved"
