"""Use cases: one typed function per user action. The CLI and the web app call these only.

I/O happens here and at the edges: files are read through ingest, the database
through store, generated files are written atomically under the output folder.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from . import ingest
from .config import Settings
from .errors import InputError, UsageError
from .extract import extract_obligations
from .extract.review import flag_doubtful_ocr
from .model import Analysis, PlanFile
from .outputs import write_bytes
from .structure import structure


# --- analyse -----------------------------------------------------------------------

def analyze_source(source, settings: Settings | None = None) -> Analysis:
    doc = structure(source)
    obligations = extract_obligations(doc)
    flag_doubtful_ocr(obligations, source.extra)
    _resolve_agencies(doc, obligations, settings)
    return Analysis(doc=doc, obligations=obligations)


def analyze_file(path: str | Path, *, data: bytes | None = None, name: str | None = None,
                 settings: Settings | None = None) -> Analysis:
    """Read, structure and extract one file."""
    return analyze_source(ingest.read(path, data=data, name=name), settings)


def _resolve_agencies(doc, obligations, settings: Settings | None) -> None:
    """Attach the registry's resolution (body, group or unresolved) to every body mention."""
    reg = _registry(settings)
    on = doc.metadata.issued_date
    ctx = doc.metadata.issuer
    cache: dict[str, Any] = {}
    for ob in obligations:
        for m in (*ob.lead, *ob.coordinators, *ob.report_to):
            if m.text not in cache:
                cache[m.text] = reg.resolve(m.text, on=on, context=ctx)
            res = cache[m.text]
            m.resolution = res.kind
            m.agency_id = res.agency.id if res.agency is not None else None


# --- store / search ------------------------------------------------------------------

def _store(settings: Settings):
    from .store import Store
    return Store.open(settings.database_url)


def ingest_files(paths: list[Path], settings: Settings, *, now: datetime,
                 analyses: list[Analysis] | None = None) -> list[dict]:
    """Analyse and store each file (idempotent by content). All files are read before anything is stored."""
    analyses = analyses or [analyze_file(p, settings=settings) for p in paths]
    out = []
    with _store(settings) as st:
        for p, a in zip(paths, analyses):
            doc_id, created = st.save_analysis(a, now=now)
            out.append({"file": str(p), "document_id": doc_id, "created": created,
                        "obligations": len(a.obligations)})
    return out


def search(query: str, settings: Settings, *, limit: int = 50, today: date | None = None) -> list[dict]:
    with _store(settings) as st:
        return [h.to_json() for h in st.search(query, limit=limit, today=today)]


# --- evaluation -------------------------------------------------------------------------

def evaluate(texts: Path, gold: Path, *, prefer_originals: bool = False) -> dict[str, Any]:
    from .evaluate import evaluate_dirs
    return evaluate_dirs(texts, gold, lambda p: analyze_file(p).to_json(),
                         prefer_originals=prefer_originals)


# --- plans, register, calendar ---------------------------------------------------------

def _registry(settings: Settings | None):
    from .registry import load_registry
    return load_registry(settings.registries if settings else ())


def _plan_agency(target, analysis: Analysis):
    """The body a derived draft is written for: header, code, place and signer.

    Registry records give the header and code; an unregistered body gets a header from
    its name (a Sở, Ban, ... under the local People's Committee that issued the source),
    a code derived from its name, and the place of its locality."""
    from .generate.context import PlanAgency
    from .generate.textfmt import (clean_issuer, clean_place, derive_symbol, locality_phrase,
                                   place_in_name, strip_locality)
    md = analysis.doc.metadata
    agency = target.agency
    issuer = clean_issuer(md.issuer)
    local_issuer = re.match(r"^(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+(?:tỉnh|thành phố|Thành phố|"
                            r"TP|xã|phường|huyện|quận)", issuer)
    place = (place_in_name(target.name) or place_in_name(agency.full_name if agency else "")
             or ("Hà Nội" if agency is not None and agency.jurisdiction in ("central", "hanoi")
                 else "")
             or clean_place(md.place) or place_in_name(issuer) or "Hà Nội")
    kw = dict(lead=target.lead, coordinate=target.coordinate, reports=target.reports,
              written=target.name, place=place)
    if agency is not None and agency.header_name:
        pa = PlanAgency.from_agency(agency, **kw)
        pa.name = target.name
    else:
        # the local People's Committee a Sở (or a Ban, Văn phòng... of a local source) sits
        # under: the locality in its name, else the issuer, else the default place's city
        own = locality_phrase(target.name)
        local = ("Ủy ban nhân dân " + own if own else
                 issuer.replace("UBND", "Ủy ban nhân dân") if local_issuer else
                 "Ủy ban nhân dân thành phố Hà Nội" if not issuer and place == "Hà Nội" else
                 "Ủy ban nhân dân tỉnh")
        parent, header = "", target.name
        if re.match(r"^Sở\b", target.name) or (
                re.match(r"^(Ban|Văn phòng|Thanh tra|Trung tâm|Đài|Báo)\b", target.name)
                and (own or local_issuer)):
            parent, header = local.upper(), strip_locality(target.name)
        pa = PlanAgency(name=target.name, header_name=header.upper(), header_parent=parent,
                        symbol=agency.symbol if agency is not None else None, **kw)
    pa.symbol = pa.symbol or derive_symbol(pa.name)
    if pa.name.startswith(("UBND", "Ủy ban nhân dân")):
        pa.signer_title, pa.collective = "CHỦ TỊCH", "ỦY BAN NHÂN DÂN"
    elif pa.name.startswith("Bộ "):
        pa.signer_title = "BỘ TRƯỞNG"
    elif not pa.name.startswith("Sở "):
        pa.signer_title = "THỦ TRƯỞNG"
    return pa


@dataclass
class PlansResult:
    analysis: Analysis
    files: list[PlanFile]
    folder: Path


def draft_plans(path: Path, out_dir: Path, *, today: date, settings: Settings | None = None,
                agency: str | None = None, year: int | None = None, form: str | None = None,
                analysis: Analysis | None = None) -> PlansResult:
    """One draft (Kế hoạch or Công văn) per body the document assigns work to."""
    from .generate.context import choose_form, plan_context
    from .generate.render import render_docx
    from .plans import plan_targets, slug
    a = analysis or analyze_file(path, settings=settings)
    if form not in (None, "kh", "cv"):
        raise UsageError(f"hình thức văn bản “{form}” không hợp lệ (chỉ nhận kh hoặc cv)")
    targets = plan_targets(a, _registry(settings), on=a.doc.metadata.issued_date)
    if agency:
        key = agency.casefold()
        targets = [t for t in targets if key in t.name.casefold() or key == t.key.casefold()]
        if not targets:
            raise UsageError(f"văn bản không giao nhiệm vụ nào cho “{agency}”")
    templates = settings.templates if settings else Settings().templates
    folder = out_dir / slug(Path(path).stem)
    files = []
    written: set[str] = set()
    for t in targets:
        the_form = form or choose_form(a, t.lead + t.coordinate)
        tpl = templates / ("ke-hoach.docx" if the_form == "kh" else "cong-van.docx")
        ctx = plan_context(a, _plan_agency(t, a), form=the_form, year=year, today=today)
        stem = f"{'ke-hoach' if the_form == 'kh' else 'cong-van'}-{slug(t.name)}"
        out = folder / f"{stem}.docx"
        n = 2
        while str(out) in written:          # two bodies whose names slug alike keep separate files
            out, n = folder / f"{stem}-{n}.docx", n + 1
        written.add(str(out))
        render_docx(tpl, ctx, out)
        files.append(PlanFile(agency=t.name, path=str(out), obligations=len(t.all)))
    return PlansResult(a, files, folder)


def draft_issuer_plan(path: Path, out: Path, *, today: date, issuer: str | None = None,
                      settings: Settings | None = None, year: int | None = None,
                      analysis: Analysis | None = None) -> Path:
    """The issuer's own implementation plan that breaks the document into tasks for every body."""
    from .generate.context import PlanAgency, issuer_plan_context
    from .generate.render import render_docx
    from .generate.textfmt import clean_issuer, clean_place, derive_symbol, place_in_name
    a = analysis or analyze_file(path, settings=settings)
    md = a.doc.metadata
    name = issuer or clean_issuer(md.issuer) or "Ủy ban nhân dân"
    reg = _registry(settings)
    res = reg.resolve(name, on=md.issued_date)
    place = place_in_name(name) or clean_place(md.place) or "Hà Nội"
    if res.kind == "body" and res.agency is not None and res.agency.header_name:
        pa = PlanAgency.from_agency(res.agency, place=place)
    else:
        pa = PlanAgency(name=name, header_name=name.replace("UBND", "Ủy ban nhân dân").upper(),
                        place=place)
    pa.symbol = pa.symbol or derive_symbol(pa.name)
    if pa.name.startswith(("UBND", "Ủy ban nhân dân")):
        pa.signer_title, pa.collective = "CHỦ TỊCH", "ỦY BAN NHÂN DÂN"
    ctx = issuer_plan_context(a, issuer=pa, today=today, year=year)
    templates = settings.templates if settings else Settings().templates
    return render_docx(templates / "ke-hoach-ban-hanh.docx", ctx, out)


def write_register(paths: list[Path], out: Path, *, today: date, settings: Settings | None = None,
                   analyses: list[Analysis] | None = None) -> Path:
    from .generate.register import write_register as _write
    analyses = analyses or [analyze_file(p, settings=settings) for p in paths]
    return _write(analyses, out, today=today)


def export_ics(path: Path, out: Path, settings: Settings | None = None) -> tuple[Path, int]:
    from .generate.ics import to_ics
    a = analyze_file(path, settings=settings)
    items = [(o.text, ", ".join(m.text for m in o.lead), o.deadline) for o in a.obligations if o.deadline.due]
    data = to_ics(items, calendar_name=a.doc.metadata.title or Path(path).name)
    write_bytes(out, data)
    return out, len(items)


# --- registry ----------------------------------------------------------------------------

def list_agencies(settings: Settings | None, *, on: date | None = None, type: str | None = None,
                  jurisdiction: str | None = None) -> list:
    return _registry(settings).list(on=on, type=type, jurisdiction=jurisdiction)


def resolve_agency(text: str, settings: Settings | None, *, on: date | None = None, issuer: str | None = None):
    return _registry(settings).resolve(text, on=on, context=issuer)


# --- demo ------------------------------------------------------------------------------

SAMPLE_SUFFIXES = (".docx", ".pdf", ".txt")


def corpus_files(folder: Path) -> list[Path]:
    """One file per sample: the original (.docx/.pdf) when present, else the .txt."""
    by_stem: dict[str, Path] = {}
    for p in sorted(folder.iterdir()):
        if p.suffix.lower() not in SAMPLE_SUFFIXES or p.name.startswith("."):
            continue
        cur = by_stem.get(p.stem)
        if cur is None or SAMPLE_SUFFIXES.index(p.suffix.lower()) < SAMPLE_SUFFIXES.index(cur.suffix.lower()):
            by_stem[p.stem] = p
    return list(by_stem.values())


def demo(corpus: Path, out: Path, settings: Settings, *, now: datetime) -> dict[str, Any]:
    """The main job on the samples: analyse, store, write every plan, the issuer plans and the register."""
    if not corpus.is_dir():
        raise InputError("không tìm thấy thư mục mẫu", path=str(corpus))
    files = corpus_files(corpus)
    if not files:
        raise InputError("thư mục không có văn bản mẫu (.docx, .pdf, .txt)", path=str(corpus))
    today = now.date()
    analyses = [analyze_file(f, settings=settings) for f in files]      # each file is read once
    stored = ingest_files(files, settings, now=now, analyses=analyses)
    plans: list[PlanFile] = []
    issuer_plans: list[str] = []
    from .plans import slug
    for f, a in zip(files, analyses):
        res = draft_plans(f, out / "ke-hoach", today=today, settings=settings, analysis=a)
        plans.extend(res.files)
        issuer_plans.append(str(draft_issuer_plan(
            f, out / "ke-hoach-ban-hanh" / f"{slug(f.stem)}.docx", today=today, settings=settings,
            analysis=a)))
    register = write_register(files, out / "so-theo-doi-nhiem-vu.xlsx", today=today, analyses=analyses)
    return {"documents": len(files), "obligations": sum(s["obligations"] for s in stored),
            "plans": [p.__dict__ for p in plans], "issuer_plans": issuer_plans,
            "register": str(register), "database": settings.database_url, "out": str(out)}
