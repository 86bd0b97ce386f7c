"""Conversions between model records and table rows (pure, no database)."""
from __future__ import annotations

from datetime import date, datetime
from pathlib import PurePath
from typing import Any

from ..model import Analysis, Obligation
from ..search.fold import token_string, vi_fold
from .schema import DEFAULT_STATUS, STATUS_LABELS

# The commonest ND30 types, for a default label; the service may pass its own.
_TYPE_NAMES = {
    "CT": "Chỉ thị", "KH": "Kế hoạch", "QĐ": "Quyết định", "CV": "Công văn",
    "CĐ": "Công điện", "TB": "Thông báo", "NQ": "Nghị quyết", "KL": "Kết luận",
    "HD": "Hướng dẫn", "BC": "Báo cáo",
}


def default_label(analysis: Analysis) -> str:
    """"Kế hoạch 308/KH-UBND", else the number, else the file name."""
    md = analysis.doc.metadata
    name = _TYPE_NAMES.get((md.doc_type or "").upper(), md.doc_type or "")
    if md.number_symbol:
        return f"{name} {md.number_symbol}".strip()
    if name and md.issued_date:
        return f"{name} ngày {md.issued_date.strftime('%d/%m/%Y')}"
    return PurePath(analysis.doc.source.path).name or name or "Văn bản"


def document_values(analysis: Analysis, label: str) -> dict[str, Any]:
    doc, md = analysis.doc, analysis.doc.metadata
    extra = analysis.to_json()
    extra.pop("obligations", None)
    extra["format"] = doc.source.format
    extra["pages"] = doc.source.pages
    return {
        "sha256": doc.source.sha256,
        "path": doc.source.path,
        "label": label,
        "label_folded": vi_fold(" | ".join(p for p in (label, md.number_symbol or "", md.title or "") if p)),
        "doc_type": md.doc_type,
        "number_symbol": md.number_symbol,
        "issuer": md.issuer,
        "issued_date": md.issued_date,
        "title": md.title,
        "text": doc.source.text,
        "extra": extra,
    }


def search_folded(text: str, lead: list[str], coordinators: list[str], report_to: list[str]) -> str:
    return token_string(text, *lead, *coordinators, *report_to)


def fts_parts(folded: str) -> tuple[str, str]:
    """(text, agencies) columns of the FTS row from a ``search_folded`` value."""
    text_part, _, agencies = folded.partition("|")
    return text_part.strip(), agencies.replace("|", " ").strip()


def obligation_values(o: Obligation, seq: int, document_id: int, now: datetime) -> dict[str, Any]:
    lead = [m.text for m in o.lead]
    coord = [m.text for m in o.coordinators]
    report = [m.text for m in o.report_to]
    d = o.deadline
    return {
        "document_id": document_id,
        "seq": seq,
        "section": o.provenance.section,
        "kind": o.kind,
        "text": o.text,
        "text_folded": vi_fold(o.text),
        "search_folded": search_folded(o.text, lead, coord, report),
        "lead": lead,
        "coordinators": coord,
        "report_to": report,
        "lead_ids": [m.agency_id for m in o.lead if m.agency_id],
        "due": d.due,
        "recurrence": d.recurrence,
        "deadline_text": d.text,
        "period_start": d.period_start,
        "period_end": d.period_end,
        "deadline_basis": d.basis,
        "start": o.provenance.start,
        "end": o.provenance.end,
        "rule": o.provenance.rule,
        "product": o.product,
        "needs_review": bool(o.needs_review or d.needs_review),
        "status": DEFAULT_STATUS,
        "note": None,
        "updated_at": now,
    }


def agency_values(o: Obligation, obligation_id: int) -> list[dict[str, Any]]:
    rows = []
    for role, mentions in (("lead", o.lead), ("coordinator", o.coordinators),
                           ("report_to", o.report_to)):
        for i, m in enumerate(mentions):
            rows.append({"obligation_id": obligation_id, "role": role, "position": i,
                         "mention": m.text, "mention_folded": vi_fold(m.text),
                         "agency_id": m.agency_id})
    return rows


def _iso(v: Any) -> Any:
    return v.isoformat() if isinstance(v, (date, datetime)) else v


def obligation_dict(row: Any, doc_label: str | None = None) -> dict[str, Any]:
    m = dict(row._mapping)
    out = {k: _iso(v) for k, v in m.items() if k not in ("text_folded", "search_folded")}
    out["needs_review"] = bool(out.get("needs_review"))
    out["status_label"] = STATUS_LABELS.get(out.get("status") or "", out.get("status"))
    for key in ("lead", "coordinators", "report_to", "lead_ids"):
        out[key] = list(out.get(key) or [])
    if doc_label is not None:
        out["doc_label"] = doc_label
    return out


def document_dict(row: Any, *, full: bool = False) -> dict[str, Any]:
    m = dict(row._mapping)
    out = {k: _iso(v) for k, v in m.items() if k != "label_folded"}
    if not full:
        out.pop("text", None)
        out.pop("extra", None)
    return out
