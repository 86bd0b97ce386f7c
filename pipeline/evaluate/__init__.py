"""evaluate: gold loader and scorer. Uses the service; never imported by runtime code."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from ..errors import DataError, InputError, UsageError
from .scorer import Score, score_document


def load_gold(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise DataError(f"tệp gold không đọc được: {e}", path=str(path)) from e
    if not isinstance(data, dict) or "obligations" not in data:
        raise DataError("tệp gold thiếu trường 'obligations'", path=str(path))
    return data


def find_input(texts: Path, doc_id: str, prefer_originals: bool) -> Path | None:
    if prefer_originals:
        for ext in (".pdf", ".docx"):
            p = texts / f"{doc_id}{ext}"
            if p.exists():
                return p
    p = texts / f"{doc_id}.txt"
    return p if p.exists() else None


def evaluate_dirs(texts: Path, gold: Path, analyse: Callable[[Path], dict], *,
                  prefer_originals: bool = False) -> dict[str, Any]:
    """Score every gold file in `gold` against the analysis of its text in `texts`."""
    if not gold.is_dir():
        raise UsageError(f"không tìm thấy thư mục gold: {gold}")
    if not texts.is_dir():
        raise UsageError(f"không tìm thấy thư mục văn bản: {texts}")
    total = Score()
    per_doc: dict[str, Any] = {}
    missing: list[str] = []
    resolutions: dict[str, list] = {"hanoi_central": [], "other": []}
    for gp in sorted(gold.glob("*.json")):
        g = load_gold(gp)
        doc_id = g.get("doc_id") or gp.stem
        src = find_input(texts, doc_id, prefer_originals)
        if src is None:
            missing.append(doc_id)
            continue
        try:
            pred = analyse(src)
        except InputError as e:
            per_doc[doc_id] = {"error": f"{e.code}: {e}"}
            pred = {"metadata": {}, "obligations": []}
        s, _ = score_document(pred, g)
        total.merge(s)
        _resolve_gold(g, resolutions)
        per_doc[doc_id] = s.to_json() | {"source": src.name}
    micro = total.to_json()
    micro["agencies"] = _shares(resolutions)
    return {"micro": micro, "documents": per_doc, "missing": missing, "count": len(per_doc)}


def _resolve_gold(gold: dict, out: dict[str, list]) -> None:
    """Resolve every lead and coordinator string of a gold file on the document's date."""
    from datetime import date

    from ..registry import load_registry
    reg = load_registry()
    md = gold.get("metadata", {})
    on = date.fromisoformat(md["issued_date"]) if md.get("issued_date") else None
    issuer = md.get("issuer")
    jur = reg.context(issuer).jur
    bucket = "hanoi_central" if jur in (None, "hanoi", "central") else "other"
    for o in gold.get("obligations", []):
        for m in (*o.get("lead", []), *o.get("coordinators", [])):
            out[bucket].append(reg.resolve(m, on=on, context=issuer))


def _shares(resolutions: dict[str, list]) -> dict[str, Any]:
    from ..registry import resolution_shares
    return {k: resolution_shares(v) for k, v in resolutions.items()}
