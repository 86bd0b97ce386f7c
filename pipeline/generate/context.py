"""Pure builders: model records -> template contexts (see templates/*.schema.json).

* ``plan_context``: the derived Kế hoạch (form="kh") or Công văn (form="cv") of
  one agency that received tasks from ``analysis``.
* ``issuer_plan_context``: the issuer's own plan assigning every task.
* ``choose_form``: which of the two an agency usually issues.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath
from typing import Any, Iterable, Literal

from pipeline.model import Agency, Analysis, Metadata, Obligation

from .measure import pick_rule
from .textfmt import (BLANK, clean_sentence, deadline_text, dmy, heading_of, issuer_name,
                      clean_issuer, infer_doc_type, lower_first, marker, names, number_only,
                      ref_full, ref_short,
                      sentence_case, type_name)
from .vocab import doc_types, phrases

Form = Literal["kh", "cv"]
ISSUER_RULES = {"xs": 1.0, "s": 1.6, "m": 2.2, "l": 2.8}   # keep in sync with templates/build.py
TITLE_RULES = {"xs": 2.0, "s": 3.5, "m": 5.0, "l": 6.5}
HEADER_BOX_CM, TITLE_BOX_CM = 6.4, 16.1
CV_MAX_TASKS = 6
GENERIC_UNITS = "Các phòng, đơn vị trực thuộc"


@dataclass
class PlanAgency:
    """The body a draft is written for, and what it must do."""
    name: str                                  # canonical, as in sentences: "Sở Nội vụ"
    header_name: str                           # "SỞ NỘI VỤ"
    header_parent: str = ""                    # "UBND THÀNH PHỐ HÀ NỘI"
    symbol: str | None = None                  # "SNV" -> "Số: /KH-SNV"
    place: str = "Hà Nội"
    signer_title: str = "GIÁM ĐỐC"             # head's title
    deputy_signs: bool = True                  # "KT. GIÁM ĐỐC" / "PHÓ GIÁM ĐỐC"
    collective: str | None = None              # "ỦY BAN NHÂN DÂN" -> "TM. ỦY BAN NHÂN DÂN"
    units: list[str] = field(default_factory=list)    # own units, for Kính gửi
    hub: str | None = None                     # unit compiling reports: "Văn phòng Sở"
    archive_unit: str | None = None            # drafting unit code: "Lưu: VT, VP."
    written: str | None = None                 # the name as written in the source
    lead: list[Obligation] = field(default_factory=list)
    coordinate: list[Obligation] = field(default_factory=list)
    reports: list[Obligation] = field(default_factory=list)

    @classmethod
    def from_agency(cls, agency: Agency, **kw: Any) -> "PlanAgency":
        """Build from a registry record (header_name "PARENT/NAME")."""
        lines = [x.strip() for x in (agency.header_name or "").split("/") if x.strip()]
        header = lines[-1] if lines else agency.canonical.upper()
        parent = " ".join(lines[:-1])
        return cls(name=agency.canonical, header_name=header, header_parent=parent,
                   symbol=agency.symbol, **kw)

    def signer_lines(self) -> list[str]:
        title = self.signer_title.upper()
        lines = [f"TM. {self.collective.upper()}"] if self.collective else []
        lines += [f"KT. {title}", f"PHÓ {title}"] if self.deputy_signs else [title]
        return lines


def split_for_agency(obligations: Iterable[Obligation], ids: set[str],
                     names_: set[str] = frozenset()) -> tuple[list, list, list]:
    """(lead, coordinate, reports) of an agency known by registry ids (its own id and
    the groups it belongs to) or by names as written."""
    def hit(ms) -> bool:
        return any((m.agency_id and m.agency_id in ids) or m.text in names_ for m in ms)
    lead, coord, reports = [], [], []
    for o in obligations:
        if hit(o.lead):
            (reports if o.kind == "report" else lead).append(o)
        elif hit(o.coordinators):
            coord.append(o)
    return lead, coord, reports


def choose_form(analysis: Analysis, tasks: Iterable[Obligation] | None = None) -> Form:
    """Kế hoạch for CT/KH/QĐ/NQ/KL...; Công văn for CV/CĐ/TB with at most 6 tasks.

    ``tasks`` are the obligations one agency received (a clerk weighs what falls to
    their own body); by default every obligation of the source counts."""
    dt = doc_types().get(_meta(analysis).doc_type or "")
    pool = analysis.obligations if tasks is None else tasks
    tasks = [o for o in pool if o.kind != "report"]
    if dt is not None and dt.form == "cv_few" and len(tasks) <= CV_MAX_TASKS:
        return "cv"
    return "kh"


# --------------------------------------------------------------------------- helpers

def _source(analysis: Analysis) -> str:
    """The source's file name without extension ("" when unknown)."""
    path = getattr(analysis.doc.source, "path", "") or ""
    return PurePath(path).stem if path else ""


def _meta(analysis: Analysis) -> Metadata:
    """The source's metadata with its type inferred when the header did not give it."""
    md = analysis.doc.metadata
    if md.doc_type:
        return md
    return replace(md, doc_type=infer_doc_type(md, _source(analysis)))


def _vars(analysis: Analysis, agency: PlanAgency) -> dict[str, str]:
    meta = _meta(analysis)
    units = agency.units or [GENERIC_UNITS]
    units_text = ", ".join(units)
    if units_text.startswith("Các "):       # generic ("Các phòng, ...") reads lower-case inside a sentence
        units_text = lower_first(units_text)
    return {"agency": agency.name, "Agency": agency.name[:1].upper() + agency.name[1:],
            "ref": ref_short(meta) if number_only(meta) else
                   ref_full(meta, with_about=False, source=_source(analysis)),
            "ref_full": ref_full(meta, source=_source(analysis)),
            "issuer": _issuer(analysis), "units": units_text,
            "Units": units_text[:1].upper() + units_text[1:],
            "hub": agency.hub or "Văn phòng"}


def _issuer(analysis: Analysis) -> str:
    return issuer_name(analysis.doc.metadata)


def _header(agency: PlanAgency, *, year: int, code: str) -> dict[str, str]:
    return {"header_parent": agency.header_parent.upper(),
            "header_name": agency.header_name.upper(),
            "issuer_rule": pick_rule(agency.header_name.upper(), 13, HEADER_BOX_CM, ISSUER_RULES),
            "number": BLANK, "doc_code": code, "place": agency.place,
            "day": BLANK, "month": BLANK, "year": str(year)}


def _details(o: Obligation, *, role: str, agency: PlanAgency) -> str:
    parts = []
    if role == "lead":
        co = [n for n in names(o.coordinators) if n != agency.name]
        if co:
            parts.append("Phối hợp: " + ", ".join(co))
    else:
        lead = names(o.lead)
        parts.append(f"Chủ trì: {', '.join(lead) if lead else 'cơ quan được giao'}; "
                     f"{agency.name} phối hợp")
    dl = deadline_text(o.deadline)
    if dl:
        parts.append("Thời hạn: " + dl)
    if o.product:
        parts.append("Sản phẩm: " + clean_sentence(o.product).rstrip("."))
    return ". ".join(parts) + "." if parts else ""


def _group_key(o: Obligation) -> str:
    """The top-level source section of a task; "" when the task IS a top-level item
    (its own text would make a poor heading)."""
    parts = re.split(r"[.\-]", o.provenance.section or "")
    return parts[0] if len(parts) > 1 else ""


def _section_groups(analysis: Analysis, agency: PlanAgency) -> list[dict[str, Any]]:
    """Tasks grouped by the first component of their source section, lead ones first."""
    short = type_name(_meta(analysis).doc_type)
    order: list[str] = []
    rows: dict[str, list[tuple[str, Obligation]]] = {}
    for role, items in (("lead", agency.lead), ("coordinate", agency.coordinate)):
        for o in items:
            key = _group_key(o)
            if key not in rows:
                order.append(key)
                rows[key] = []
            rows[key].append((role, o))
    groups = []
    for n, key in enumerate(order, 1):
        head = sentence_case(heading_of(analysis.doc, key))
        if len(head) > 150:
            head = ""
        if key and head:
            heading = f"{n}. {head} (mục {key} của {short})"
        elif key:
            heading = f"{n}. Nhiệm vụ tại mục {key} của {short}"
        else:
            heading = f"{n}. Các nhiệm vụ được giao"
        items = sorted(rows[key], key=lambda r: r[0] != "lead")   # stable: lead first
        groups.append({"heading": heading, "tasks": [
            {"marker": marker(i), "text": clean_sentence(o.text),
             "details": _details(o, role=role, agency=agency)}
            for i, (role, o) in enumerate(items)]})
    return groups


def _rows(pairs: list[tuple[Obligation, str, str]]) -> list[dict[str, str]]:
    return [{"stt": str(i), "task": clean_sentence(o.text), "lead": lead, "coordinate": co,
             "deadline": deadline_text(o.deadline), "product": clean_sentence(o.product or "").rstrip(".")}
            for i, (o, lead, co) in enumerate(pairs, 1)]


def _report_lines(reports: list[Obligation], p: dict[str, str], v: dict[str, str],
                  n: int, *, with_lead: bool = False) -> list[str]:
    if not reports:
        return [f"{n}. " + p["reports_none"].format(**v)]
    out = [f"{n}. " + p["reports_head"].format(**v)]
    for o in reports:
        who = f"{', '.join(names(o.lead))}: " if with_lead and o.lead else ""
        dl = deadline_text(o.deadline)
        text = clean_sentence(o.text).rstrip(".")
        out.append(f"- {who}{text}" + (f" (thời hạn: {dl})." if dl and dl not in text else "."))
    return out


def _title_fields(analysis: Analysis, agency: PlanAgency) -> dict[str, str]:
    title = "Thực hiện " + ref_full(_meta(analysis), source=_source(analysis))
    return {"title": title,
            "title_rule": pick_rule(title, 14, TITLE_BOX_CM, TITLE_RULES),
            "appendix_title": "DANH MỤC NHIỆM VỤ TRIỂN KHAI THỰC HIỆN "
                              + ref_short(_meta(analysis)).upper(),
            "appendix_ref": f"(Kèm theo Kế hoạch số{BLANK}/KH-{agency.symbol or ''} ngày{BLANK}"
                            f"tháng{BLANK}năm {{year}} của {agency.name})"}


def _archive(agency: PlanAgency) -> str:
    return f"VT, {agency.archive_unit}" if agency.archive_unit else "VT"


# --------------------------------------------------------------------------- builders

def plan_context(analysis: Analysis, agency: PlanAgency, *, form: Form = "kh",
                 year: int | None = None, today: date) -> dict[str, Any]:
    """Context for templates/ke-hoach.docx (form="kh") or templates/cong-van.docx ("cv")."""
    if form not in ("kh", "cv"):
        raise ValueError(f"form must be 'kh' or 'cv', not {form!r}")
    year = year or today.year
    v = _vars(analysis, agency)
    coordinators = []
    for o in agency.lead:
        coordinators += [n for n in names(o.coordinators)
                         if n != agency.name and n not in coordinators]
    for o in agency.coordinate:
        coordinators += [n for n in names(o.lead) if n != agency.name and n not in coordinators]
    groups = _section_groups(analysis, agency)
    signer = {"signer_lines": agency.signer_lines(), "signer_name": "",
              "archive": _archive(agency)}
    if form == "cv":
        p = phrases()["cv"]
        # "Số: /SGDĐT-" leaves the drafting unit's code to the văn thư; a body without a
        # known code still gets a well-formed line ("Số: /CV-")
        code = f"{agency.symbol or 'CV'}-{agency.archive_unit or ''}"
        ctx = _header(agency, year=year, code=code)
        ctx.update({
            "subject": f"triển khai thực hiện {v['ref']}"
                       + (f" của {v['issuer']}" if clean_issuer(analysis.doc.metadata.issuer)
                          and f"của {v['issuer']}" not in v["ref"] else ""),
            "addressees": list(agency.units or [GENERIC_UNITS]),
            "opening": p["opening"].format(**v), "task_groups": groups,
            "organization": _report_lines(agency.reports, p, v, len(groups) + 1),
            "closing": p["closing"].format(**v),
            "recipients": [f"{v['issuer']} (để báo cáo)"]
                          + [f"{c} (để phối hợp)" for c in coordinators],
            **signer})
        return ctx
    p = phrases()["plan"]
    units = agency.units or [GENERIC_UNITS]
    rows = [(o, agency.name, ", ".join(n for n in names(o.coordinators) if n != agency.name))
            for o in agency.lead]
    rows += [(o, ", ".join(names(o.lead)), agency.name) for o in agency.coordinate]
    ctx = _plan_body(analysis, agency, p, v, year=year, groups=groups,
                     reports=_report_lines(agency.reports, p, v, 2),
                     recipients=[f"{v['issuer']} (để báo cáo)"]
                     + [f"{c} (để phối hợp)" for c in coordinators]
                     + [f"{u} (để thực hiện)" for u in units], rows=rows)
    ctx.update(signer)
    return ctx


def _plan_body(analysis: Analysis, agency: PlanAgency, p: dict, v: dict[str, str], *, year: int,
               groups: list, reports: list[str], recipients: list[str], rows: list) -> dict[str, Any]:
    """What a derived plan and the issuer's plan share: header, title, sections I-III, table."""
    ctx = _header(agency, year=year, code=f"KH-{agency.symbol or ''}")
    fields = _title_fields(analysis, agency)
    fields["appendix_ref"] = fields["appendix_ref"].replace("{year}", str(year))
    ctx.update(fields)
    ctx.update({
        "opening": p["opening"].format(**v),
        "purposes": [f"{i}. " + s.format(**v) for i, s in enumerate(p["purposes"], 1)],
        "tasks_intro": p["tasks_intro"].format(**v), "task_groups": groups,
        "organization": [f"1. {p['units_duty'].format(**v)}"] + reports,
        "closing": p["closing"].format(**v), "recipients": recipients, "task_rows": _rows(rows)})
    return ctx


def issuer_plan_context(analysis: Analysis, *, issuer: PlanAgency, today: date,
                        year: int | None = None) -> dict[str, Any]:
    """Context for templates/ke-hoach-ban-hanh.docx: every obligation, grouped by lead body."""
    year = year or today.year
    v = _vars(analysis, issuer)
    p = phrases()["issuer"]
    order: list[str] = []
    by_lead: dict[str, list[Obligation]] = {}
    reports = []
    for o in analysis.obligations:
        if o.kind == "report":
            reports.append(o)
            continue
        key = ", ".join(names(o.lead)) or "Các cơ quan, đơn vị liên quan"
        if key not in by_lead:
            order.append(key)
            by_lead[key] = []
        by_lead[key].append(o)
    groups, rows = [], []
    for n, key in enumerate(order, 1):
        tasks = []
        for i, o in enumerate(by_lead[key]):
            parts = []
            co = names(o.coordinators)
            if co:
                parts.append("Phối hợp: " + ", ".join(co))
            if deadline_text(o.deadline):
                parts.append("Thời hạn: " + deadline_text(o.deadline))
            if o.product:
                parts.append("Sản phẩm: " + clean_sentence(o.product).rstrip("."))
            tasks.append({"marker": marker(i), "text": clean_sentence(o.text),
                          "details": ". ".join(parts) + "." if parts else ""})
            rows.append((o, key, ", ".join(co)))
        groups.append({"heading": f"{n}. {key}", "tasks": tasks})
    ctx = _plan_body(analysis, issuer, p, v, year=year, groups=groups,
                     reports=_report_lines(reports, p, v, 2, with_lead=True),
                     recipients=[f"{v['issuer']} (để báo cáo)"]
                     + [f"{k} (để thực hiện)" for k in order if k != issuer.name], rows=rows)
    ctx.update({"signer_lines": issuer.signer_lines(), "signer_name": "", "archive": _archive(issuer)})
    return ctx


__all__ = ["PlanAgency", "plan_context", "issuer_plan_context", "choose_form",
           "split_for_agency", "dmy"]
