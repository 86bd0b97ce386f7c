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
        per_doc[doc_id] = s.to_json() | {"source": src.name}
    return {"micro": total.to_json(), "documents": per_doc, "missing": missing,
            "count": len(per_doc)}
