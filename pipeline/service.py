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
from .model import Analysis, PlanFile
from .structure import structure


# --- analyse -----------------------------------------------------------------------

def analyze_source(source) -> Analysis:
    doc = structure(source)
    obligations = extract_obligations(doc)
    _resolve_agencies(doc, obligations)
    return Analysis(doc=doc, obligations=obligations)


def analyze_file(path: str | Path, *, data: bytes | None = None, name: str | None = None) -> Analysis:
    """Read, structure and extract one file."""
    return analyze_source(ingest.read(path, data=data, name=name))


def _resolve_agencies(doc, obligations) -> None:
    """Attach registry resolutions to every body mention (best effort, never fails the analysis)."""
    try:
        from .registry import load_registry
    except ImportError:
        return
    reg = load_registry()
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


def ingest_files(paths: list[Path], settings: Settings, *, now: datetime) -> list[dict]:
    """Analyse and store each file (idempotent by content). All files are read before anything is stored."""
    analyses = [analyze_file(p) for p in paths]
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
