"""Language data of the generators (document types, sentences), loaded once and validated."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from pipeline.errors import DataError

_PKG = "pipeline.resources"
_FORMS = {"kh", "cv_few"}


@dataclass(frozen=True)
class DocType:
    abbr: str
    name: str
    form: str      # kh | cv_few
    nd30: bool     # one of the administrative types of Điều 7 ND30


def _load(name: str) -> Any:
    try:
        text = resources.files(_PKG).joinpath("generate", name).read_text(encoding="utf-8")
        return yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"Không đọc được tệp dữ liệu {name}: {exc}", path=name) from exc


@lru_cache(maxsize=1)
def doc_types() -> dict[str, DocType]:
    """ND30 abbreviation -> DocType."""
    data = _load("doc_types.yaml")
    out: dict[str, DocType] = {}
    for i, row in enumerate((data or {}).get("types", [])):
        try:
            dt = DocType(str(row["abbr"]), str(row["name"]), str(row["form"]), bool(row["nd30"]))
        except (KeyError, TypeError) as exc:
            raise DataError(f"doc_types.yaml, mục {i + 1}: thiếu trường {exc}") from exc
        if dt.form not in _FORMS:
            raise DataError(f"doc_types.yaml, {dt.abbr}: form phải là một trong {sorted(_FORMS)}")
        if dt.abbr in out:
            raise DataError(f"doc_types.yaml: trùng ký hiệu {dt.abbr}")
        out[dt.abbr] = dt
    if not out:
        raise DataError("doc_types.yaml: danh sách loại văn bản rỗng")
    return out


def type_name(abbr: str | None) -> str:
    """"CT" -> "Chỉ thị"; unknown -> "Văn bản"."""
    dt = doc_types().get(abbr or "")
    return dt.name if dt else "Văn bản"


def type_by_name(name: str) -> DocType | None:
    """"KẾ HOẠCH" or "Kế hoạch" -> DocType."""
    key = " ".join(name.split()).casefold()
    for dt in doc_types().values():
        if dt.name.casefold() == key:
            return dt
    return None


@lru_cache(maxsize=1)
def phrases() -> dict[str, dict[str, Any]]:
    data = _load("phrases.yaml") or {}
    need = {"plan": {"opening", "purposes", "tasks_intro", "units_duty", "reports_head",
                     "reports_none", "closing"},
            "issuer": {"opening", "purposes", "tasks_intro", "units_duty", "reports_head",
                       "reports_none", "closing"},
            "cv": {"opening", "reports_head", "reports_none", "closing"}}
    for block, keys in need.items():
        missing = keys - set(data.get(block) or {})
        if missing:
            raise DataError(f"phrases.yaml, khối «{block}»: thiếu {sorted(missing)}")
    return data
