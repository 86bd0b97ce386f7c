"""A small invented directive, analysed by hand: the preview data of the templates
and the fixture of the generator tests. No text here comes from a real document."""
from __future__ import annotations

from datetime import date

from pipeline.model import (AgencyMention, Analysis, Deadline, Line, Metadata, Obligation,
                            Provenance, Section, SourceFile, StructuredDoc)

from .context import PlanAgency

_LINES = [
    ("", "CHỈ THỊ"),
    ("", "Về tăng cường sử dụng chữ ký số trong xử lý văn bản"),
    ("I", "MỤC TIÊU CHUNG"),
    ("", "Đến hết năm 2026, các cơ quan gửi, nhận văn bản điện tử có chữ ký số."),
    ("II", "NHIỆM VỤ, GIẢI PHÁP"),
    ("II.1", "Sở Nội vụ chủ trì, phối hợp với Văn phòng UBND Thành phố rà soát quy chế "
             "công tác văn thư của các cơ quan, hoàn thành trước ngày 30/6/2026."),
    ("II.2", "Sở Nội vụ tổ chức tập huấn sử dụng chữ ký số cho công chức làm công tác "
             "văn thư trong quý III năm 2026."),
    ("II.3", "Sở Khoa học và Công nghệ chủ trì, phối hợp với Sở Nội vụ nâng cấp hệ thống "
             "quản lý văn bản & điều hành, bảo đảm kết nối liên thông."),
    ("III", "TỔ CHỨC THỰC HIỆN"),
    ("III.1", "Sở Nội vụ báo cáo UBND Thành phố kết quả thực hiện trước ngày 15/12/2026."),
    ("III.2", "Các sở, ban, ngành báo cáo định kỳ hằng quý về Sở Nội vụ."),
]


def _build() -> tuple[str, list[Line], Section, dict[str, tuple[int, int, int]]]:
    text, lines, spans = "", [], {}
    root = Section(label="", level=0, path="", start=0, end=0, text_start=0, marker="root")
    parents = {"": root}
    for path, body in _LINES:
        label = path.split(".")[-1] if path else ""
        prefix = f"{label}. " if path else ""
        start = len(text)
        text += prefix + body + "\n"
        end = start + len(prefix) + len(body)
        lines.append(Line(start, end, prefix + body))
        if path:
            parent = parents[".".join(path.split(".")[:-1])]
            sec = Section(label=label, level=path.count(".") + 1, path=path, start=start,
                          end=end, text_start=start + len(prefix),
                          marker="roman" if "." not in path else "arabic", parent=parent)
            parent.children.append(sec)
            parents[path] = sec
            spans[path] = (start, start + len(prefix), end)
    root.end = len(text)
    return text, lines, root, spans


def _m(text: str, agency_id: str | None = None) -> AgencyMention:
    return AgencyMention(text=text, agency_id=agency_id, resolution="body" if agency_id else None)


def sample_analysis() -> Analysis:
    """An invented Chỉ thị of UBND Thành phố Hà Nội with five obligations."""
    text, lines, root, spans = _build()
    meta = Metadata(doc_type="CT", number_symbol="09/CT-UBND", issuer="UBND Thành phố",
                    issuer_parent=None, place="Hà Nội", issued_date=date(2026, 2, 5),
                    title="Về tăng cường sử dụng chữ ký số trong xử lý văn bản")
    src = SourceFile(path="mau-chi-thi.txt", format="txt", text=text, sha256="0" * 64)
    doc = StructuredDoc(source=src, metadata=meta, lines=lines, root=root, body_start=0,
                        body_end=len(text))
    snv, vp, skh = _m("Sở Nội vụ", "hn-snv"), _m("Văn phòng UBND Thành phố", "hn-vpubnd"), \
        _m("Sở Khoa học và Công nghệ", "hn-skhcn")

    def ob(i, path, kind, lead, co=(), rep=(), dl=None, product=None):
        _, ts, end = spans[path]
        return Obligation(text=text[ts:end], kind=kind, id=i,
                          provenance=Provenance(ts, end, path, "sample"),
                          lead=list(lead), coordinators=list(co), report_to=list(rep),
                          deadline=dl or Deadline(), product=product)

    obligations = [
        ob(1, "II.1", "task", [snv], [vp],
           dl=Deadline(text="trước ngày 30/6/2026", due=date(2026, 6, 30), basis="absolute"),
           product="Báo cáo rà soát quy chế"),
        ob(2, "II.2", "task", [snv],
           dl=Deadline(text="trong quý III năm 2026", due=date(2026, 9, 30),
                       period_start=date(2026, 7, 1), period_end=date(2026, 9, 30),
                       basis="absolute")),
        ob(3, "II.3", "task", [skh], [snv]),
        ob(4, "III.1", "report", [snv], rep=[_m("UBND Thành phố", "hn-ubnd")],
           dl=Deadline(text="trước ngày 15/12/2026", due=date(2026, 12, 15), basis="absolute")),
        ob(5, "III.2", "report", [_m("Các sở, ban, ngành", "hn-so-nganh")], rep=[snv],
           dl=Deadline(text="hằng quý", recurrence="FREQ=MONTHLY;INTERVAL=3", basis="none")),
    ]
    return Analysis(doc=doc, obligations=obligations)


def sample_agency(analysis: Analysis | None = None) -> PlanAgency:
    """Sở Nội vụ Hà Nội with its share of ``sample_analysis()``."""
    from .context import split_for_agency
    analysis = analysis or sample_analysis()
    lead, coord, reports = split_for_agency(analysis.obligations, {"hn-snv"})
    return PlanAgency(name="Sở Nội vụ", header_name="SỞ NỘI VỤ",
                      header_parent="UBND THÀNH PHỐ HÀ NỘI", symbol="SNV",
                      units=["Văn phòng Sở", "Phòng Cải cách hành chính",
                             "Chi cục Văn thư - Lưu trữ"],
                      hub="Văn phòng Sở", archive_unit="VP",
                      lead=lead, coordinate=coord, reports=reports)


def sample_issuer() -> PlanAgency:
    return PlanAgency(name="UBND Thành phố", header_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
                      header_parent="", symbol="UBND", signer_title="CHỦ TỊCH",
                      collective="ỦY BAN NHÂN DÂN", hub="Sở Nội vụ", archive_unit="NC")
