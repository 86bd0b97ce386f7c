"""Group nouns: recognise "các sở, ban, ngành Thành phố" and expand it on a date.

Pure helpers used by ``Registry``; the vocabulary comes from groups.yaml and
vocab.yaml (see the comments there for the matching rule).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..model import Agency
from .fold import fold
from .loader import GroupDef

if TYPE_CHECKING:
    from .resolver import Registry

_SPLIT = re.compile(r"\s*[,;]\s*|\s+và\s+|\s*&\s*", re.IGNORECASE)


@dataclass
class GroupMatch:
    group: GroupDef
    open: bool


def split_parts(raw: str) -> tuple[list[str], bool]:
    """Folded parts of a group mention and whether it reads as plural."""
    parts = [fold(p) for p in _SPLIT.split(raw) if p.strip()]
    parts = [p for p in parts if p]
    plural = len(parts) >= 2 or any(p.startswith("các ") or p.startswith("cấp") for p in parts)
    return parts, plural


def _strip_tail(part: str, endings: list[str]) -> tuple[str, bool]:
    for end in endings:
        if part.endswith(" " + end):
            return part[: -len(end) - 1].strip(), True
    return part, False


def match_group(reg: "Registry", raw: str) -> GroupMatch | None:
    """The first group whose signature fits; a second pass lets vague parts in (open subset)."""
    parts, plural = split_parts(raw)
    if not parts:
        return None
    for lenient in (False, True):
        hit = _match(reg, raw, parts, plural, lenient)
        if hit is not None:
            return hit
    return None


def _vague_part(reg: "Registry", part: str) -> bool:
    toks = part.split()
    return bool(toks) and all(t in reg.vague_tokens for t in toks)


def _match(reg: "Registry", raw: str, parts: list[str], plural: bool, lenient: bool) -> GroupMatch | None:
    qualifiers = reg.qualifiers
    opens = reg.open_markers
    for g in reg.data.groups.values():
        for prefix in g.prefixes:
            first = parts[0]
            if prefix:
                if not (first == prefix or first.startswith(prefix + " ")):
                    continue
                first = first[len(prefix):].strip()
            cand = [first] + parts[1:]
            is_plural = plural or any(c.startswith("các ") or c.startswith("cấp") for c in cand)
            cand = [c[4:] if c.startswith("các ") else c for c in cand]
            if not all(cand):
                continue
            is_open = False
            cleaned = []
            for c in cand:
                changed = c not in g.parts
                while changed:
                    c, o = _strip_tail(c, opens)
                    is_open |= o
                    c, q = _strip_tail(c, qualifiers)
                    changed = (o or q) and c not in g.parts
                cleaned.append(c)
            ok = True
            for c in cleaned:
                if c in g.parts:
                    continue
                if g.open_tail and any(c.startswith(a + " ") for a in g.parts) and c is cleaned[-1]:
                    is_open = True      # "tỉnh, thành phố từ Hà Tĩnh đến Khánh Hòa"
                    continue
                if lenient and _vague_part(reg, c):
                    is_open = True      # "Bộ, cơ quan, tổ chức có liên quan"
                    continue
                ok = False
                break
            if not ok:
                continue
            heads = [c for c in cleaned if (c in g.heads or any(c.startswith(h + " ") for h in g.heads))
                     and not (lenient and _vague_part(reg, c))]
            if not heads:
                continue
            if g.requires and not any(c in g.requires for c in cleaned):
                continue
            if not (is_plural or g.plural_optional or raw.lower().lstrip().startswith("các")):
                continue
            return GroupMatch(g, is_open)
    return None


def expand(reg: "Registry", g: GroupDef, on: date | None, jur: str | None) -> list[Agency]:
    """Members of group ``g`` valid on ``on`` for the jurisdiction ``jur``."""
    if on is not None and g.agency.valid_to is not None and on > g.agency.valid_to:
        return []
    if on is None and g.agency.valid_to is not None:
        on = g.agency.valid_to      # undated mention of a level that has since ended: its last members
    out: list[Agency] = []
    if g.scope == "local":
        if jur in reg.data.jurisdictions:
            out = [a for a in reg.data.agencies.values()
                   if a.jurisdiction == jur and a.type in g.types and not a.is_group and reg.current(a, on)]
        elif jur in reg.data.provinces:
            prov = reg.data.provinces[jur]
            for t in reg.data.templates.values():
                if t.type in g.types and t.id not in reg.data.optional and reg.current(t, on):
                    out.append(reg.instantiate(t.id, prov))
    elif g.scope == "central":
        out = [a for a in reg.data.agencies.values()
               if a.jurisdiction == "central" and a.type in g.types and reg.current(a, on)]
    elif g.scope == "provinces":
        for p in reg.data.provinces.values():
            if p.valid_on(on):
                out.append(reg.data.agencies[p.ubnd] if p.ubnd else reg.instantiate("ubnd", p))
    elif g.scope == "union":
        seen: set[str] = set()
        for gid in g.union:
            for a in expand(reg, reg.data.groups[gid], on, jur):
                if a.id not in seen:
                    seen.add(a.id)
                    out.append(a)
    elif g.scope == "members":
        key = jur if jur in g.members else ("central" if jur in (None, "central") else None)
        out = [reg.data.agencies[i] for i in g.members.get(key or "", []) if reg.current(reg.data.agencies[i], on)]
    return out
