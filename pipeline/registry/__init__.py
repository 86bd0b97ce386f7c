"""Agency registry: load, validate, resolve mentions, expand groups.

    from pipeline.registry import load_registry
    reg = load_registry()
    r = reg.resolve("Giám đốc Sở KH&ĐT", on=date(2026, 1, 5), context="UBND thành phố Hà Nội")
    r.kind, r.agency.id, r.original.id, r.rule   # "body", "hn.so-tc-2025", "hn.so-khdt", "title+alias+successor"

Data: pipeline/resources/registry/*.yaml (README.md there explains how to add a province).
"""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..model import Resolution
from .fold import fold, fold_ascii
from .loader import load_files, shipped_paths
from .resolver import FUZZY_THRESHOLD, Registry

__all__ = ["FUZZY_THRESHOLD", "Registry", "fold", "fold_ascii", "load_registry", "resolution_shares"]


@lru_cache(maxsize=16)
def _load(extra: tuple[str, ...]) -> Registry:
    return Registry(load_files(shipped_paths() + [Path(p) for p in extra]))


def load_registry(extra: Iterable[Path | str] = ()) -> Registry:
    """The shipped registry extended (or overridden by id) by the user files ``extra``.

    Cached per tuple of paths. Raises DataError naming the file and entry when a file is invalid.
    """
    return _load(tuple(str(Path(p)) for p in extra))


def resolution_shares(resolutions: Iterable[Resolution]) -> dict:
    """Counts and shares of body / group / unresolved, with vague and trap mentions counted apart.

    ``resolved_share`` = (body + group) / total; ``resolved_share_specific`` leaves the
    vague mentions out of the denominator (they cannot resolve by design).
    """
    kinds: Counter[str] = Counter()
    rules: Counter[str] = Counter()
    for r in resolutions:
        kinds[r.kind] += 1
        if r.kind == "unresolved":
            rules[r.rule.split("+")[-1] if "dissolved" in r.rule else r.rule] += 1
    total = sum(kinds.values())
    vague = rules.get("vague", 0)
    resolved = kinds["body"] + kinds["group"]

    def share(n: int, d: int) -> float:
        return round(n / d, 4) if d else 0.0
    return {
        "total": total, "body": kinds["body"], "group": kinds["group"], "unresolved": kinds["unresolved"],
        "vague": vague, "trap": rules.get("trap", 0), "unresolved_by_rule": dict(rules),
        "body_share": share(kinds["body"], total), "group_share": share(kinds["group"], total),
        "unresolved_share": share(kinds["unresolved"], total), "vague_share": share(vague, total),
        "resolved_share": share(resolved, total), "resolved_share_specific": share(resolved, total - vague),
    }
