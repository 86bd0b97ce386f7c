"""Package data: registries, vocabularies, patterns. load_yaml() caches and validates presence."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import DataError

ROOT = Path(__file__).resolve().parent


@lru_cache(maxsize=64)
def load_yaml(name: str):
    path = ROOT / name
    try:
        with path.open(encoding="utf-8") as f:
            data = yaml.safe_load(f)
    except OSError as e:
        raise DataError(f"thiếu tệp dữ liệu ({e.strerror})", path=str(path)) from e
    except yaml.YAMLError as e:
        raise DataError(f"tệp dữ liệu YAML không hợp lệ: {e}", path=str(path)) from e
    if data is None:
        raise DataError("tệp dữ liệu rỗng", path=str(path))
    return data
