"""Read and validate the registry YAML files.

Shipped files live in ``pipeline/resources/registry``; user files given to
``load_registry(extra=...)`` use the same format and extend or override the
shipped entries by id. Every problem raises ``DataError`` naming the file and
the entry.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import DataError
from ..model import Agency

RESOURCE_DIR = Path(__file__).resolve().parent.parent / "resources" / "registry"
SHIPPED = ("central.yaml", "hanoi.yaml", "provincial.yaml", "provinces.yaml", "groups.yaml", "vocab.yaml")

_AGENCY_KEYS = {"id", "canonical", "full_name", "header_name", "type", "parent", "jurisdiction", "symbol", "aliases",
                "valid_from", "valid_to", "successors", "predecessors", "verified", "note", "optional"}
_GROUP_KEYS = {"id", "canonical", "scope", "types", "prefixes", "heads", "parts", "requires", "union", "members",
               "note", "valid_from", "valid_to", "plural_optional", "aliases", "open_tail"}
_SCOPES = {"local", "central", "provinces", "union", "members", "open"}


@dataclass
class Province:
    id: str
    name: str
    kind: str                       # tinh | thanh_pho
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    aliases: list[str] = field(default_factory=list)
    registry: str | None = None     # jurisdiction id of a registry file covering it
    ubnd: str | None = None         # id of its registered UBND

    @property
    def cap(self) -> str:
        return "thành phố" if self.kind == "thanh_pho" else "tỉnh"

    def valid_on(self, d: date | None) -> bool:
        if d is None:
            return self.valid_to is None
        return (self.valid_from is None or self.valid_from <= d) and (self.valid_to is None or d <= self.valid_to)


@dataclass
class GroupDef:
    agency: Agency
    scope: str
    types: list[str] = field(default_factory=list)
    prefixes: list[str] = field(default_factory=lambda: [""])
    heads: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    requires: list[str] = field(default_factory=list)
    union: list[str] = field(default_factory=list)
    members: dict[str, list[str]] = field(default_factory=dict)
    plural_optional: bool = False
    open_tail: bool = False


@dataclass
class RegistryData:
    agencies: dict[str, Agency] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    optional: set[str] = field(default_factory=set)
    templates: dict[str, Agency] = field(default_factory=dict)
    provinces: dict[str, Province] = field(default_factory=dict)
    groups: dict[str, GroupDef] = field(default_factory=dict)
    vocab: dict[str, Any] = field(default_factory=dict)
    jurisdictions: dict[str, dict[str, Any]] = field(default_factory=dict)   # registered: meta per jurisdiction
    sources: dict[str, str] = field(default_factory=dict)                    # id -> file it came from


def _fail(path: Path, msg: str) -> DataError:
    return DataError(msg, path=str(path))


def _date(value: Any, path: Path, where: str, key: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(path, f"{where}: {key} must be an ISO date (YYYY-MM-DD) or null, got {value!r}")


def _strs(value: Any, path: Path, where: str, key: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(path, f"{where}: {key} must be a list of non-empty strings")
    return list(value)


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
    except FileNotFoundError:
        raise _fail(path, "registry file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(path, f"cannot read the registry file ({exc.__class__.__name__})") from None
    except yaml.YAMLError as exc:
        raise _fail(path, f"not valid YAML: {exc}") from None
    if not isinstance(doc, dict):
        raise _fail(path, "a registry file must be a mapping (meta:, agencies:, groups: ...)")
    return doc


def _agency(raw: Any, path: Path, idx: int, jurisdiction: str) -> tuple[Agency, dict[str, Any]]:
    where = f"entry #{idx + 1}"
    if not isinstance(raw, dict):
        raise _fail(path, f"{where}: must be a mapping")
    if isinstance(raw.get("id"), str):
        where = f"entry {raw['id']!r}"
    unknown = set(raw) - _AGENCY_KEYS
    if unknown:
        raise _fail(path, f"{where}: unknown field(s) {sorted(unknown)}")
    for key in ("id", "canonical", "type"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise _fail(path, f"{where}: field {key!r} is required and must be a non-empty string")
    for key in ("full_name", "header_name", "parent", "jurisdiction", "symbol", "note"):
        if raw.get(key) is not None and not isinstance(raw[key], str):
            raise _fail(path, f"{where}: {key} must be a string")
    if "verified" in raw and not isinstance(raw["verified"], bool):
        raise _fail(path, f"{where}: verified must be true or false")
    vf = _date(raw.get("valid_from"), path, where, "valid_from")
    vt = _date(raw.get("valid_to"), path, where, "valid_to")
    if vf and vt and vf > vt:
        raise _fail(path, f"{where}: valid_from {vf} is after valid_to {vt}")
    ag = Agency(
        id=raw["id"].strip(), canonical=raw["canonical"].strip(), full_name=raw.get("full_name") or "",
        header_name=raw.get("header_name") or "", type=raw["type"], parent=raw.get("parent"),
        jurisdiction=raw.get("jurisdiction") or jurisdiction, symbol=raw.get("symbol"),
        aliases=_strs(raw.get("aliases"), path, where, "aliases"), valid_from=vf, valid_to=vt,
        successors=_strs(raw.get("successors"), path, where, "successors"),
        verified=raw.get("verified", True),
    )
    _strs(raw.get("predecessors"), path, where, "predecessors")
    return ag, raw


def _group(raw: Any, path: Path, idx: int) -> GroupDef:
    where = f"group #{idx + 1}" if not (isinstance(raw, dict) and isinstance(raw.get("id"), str)) else f"group {raw['id']!r}"
    if not isinstance(raw, dict):
        raise _fail(path, f"{where}: must be a mapping")
    unknown = set(raw) - _GROUP_KEYS
    if unknown:
        raise _fail(path, f"{where}: unknown field(s) {sorted(unknown)}")
    for key in ("id", "canonical", "scope"):
        if not isinstance(raw.get(key), str):
            raise _fail(path, f"{where}: field {key!r} is required")
    if raw["scope"] not in _SCOPES:
        raise _fail(path, f"{where}: scope must be one of {sorted(_SCOPES)}, got {raw['scope']!r}")
    if raw["scope"] in ("local", "central") and not raw.get("types"):
        raise _fail(path, f"{where}: scope {raw['scope']!r} needs a `types` list")
    if raw["scope"] == "union" and not raw.get("union"):
        raise _fail(path, f"{where}: scope 'union' needs a `union` list of group ids")
    members = raw.get("members") or {}
    if not isinstance(members, dict) or not all(isinstance(v, list) for v in members.values()):
        raise _fail(path, f"{where}: members must map a jurisdiction id to a list of ids")
    from .fold import fold
    ag = Agency(id=raw["id"], canonical=raw["canonical"], type="group", is_group=True,
                jurisdiction="context", aliases=_strs(raw.get("aliases"), path, where, "aliases"),
                valid_from=_date(raw.get("valid_from"), path, where, "valid_from"),
                valid_to=_date(raw.get("valid_to"), path, where, "valid_to"),
                members=[f"scope:{raw['scope']}"] + list(raw.get("types") or []) + list(raw.get("union") or []))
    return GroupDef(
        agency=ag, scope=raw["scope"], types=_strs(raw.get("types"), path, where, "types"),
        prefixes=[fold(p) for p in (raw.get("prefixes") or [""])],
        heads=[fold(p) for p in _strs(raw.get("heads"), path, where, "heads")],
        parts=[fold(p) for p in _strs(raw.get("parts"), path, where, "parts")],
        requires=[fold(p) for p in _strs(raw.get("requires"), path, where, "requires")],
        union=_strs(raw.get("union"), path, where, "union"), members=members,
        plural_optional=bool(raw.get("plural_optional")), open_tail=bool(raw.get("open_tail")),
    )


def _province(raw: Any, path: Path, idx: int) -> Province:
    where = f"province #{idx + 1}"
    if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not isinstance(raw.get("name"), str):
        raise _fail(path, f"{where}: needs string fields id and name")
    where = f"province {raw['id']!r}"
    if raw.get("kind") not in ("tinh", "thanh_pho"):
        raise _fail(path, f"{where}: kind must be 'tinh' or 'thanh_pho'")
    return Province(id=raw["id"], name=raw["name"], kind=raw["kind"],
                    valid_from=_date(raw.get("valid_from"), path, where, "valid_from"),
                    valid_to=_date(raw.get("valid_to"), path, where, "valid_to"),
                    successor=raw.get("successor"), aliases=_strs(raw.get("aliases"), path, where, "aliases"),
                    registry=raw.get("registry"), ubnd=raw.get("ubnd"))


def load_files(paths: list[Path]) -> RegistryData:
    """Merge the files in order (later ids override earlier ones) and validate the whole."""
    data = RegistryData()
    for path in paths:
        doc = _read(path)
        meta = doc.get("meta") or {}
        if not isinstance(meta, dict):
            raise _fail(path, "meta must be a mapping")
        jur = meta.get("jurisdiction", "")
        seen: set[str] = set()
        for i, raw in enumerate(doc.get("agencies") or []):
            ag, rawd = _agency(raw, path, i, jur)
            if ag.id in seen:
                raise _fail(path, f"entry {ag.id!r}: duplicate id in this file")
            seen.add(ag.id)
            target = data.templates if jur == "template" else data.agencies
            target[ag.id] = ag
            data.sources[ag.id] = str(path)
            if rawd.get("note"):
                data.notes[ag.id] = rawd["note"]
            if rawd.get("optional"):
                data.optional.add(ag.id)
        if jur and jur not in ("template", "central") and doc.get("agencies"):
            data.jurisdictions[jur] = {**data.jurisdictions.get(jur, {}), **meta}
        for i, raw in enumerate(doc.get("groups") or []):
            g = _group(raw, path, i)
            data.groups[g.agency.id] = g
        for i, raw in enumerate(doc.get("provinces") or []):
            p = _province(raw, path, i)
            data.provinces[p.id] = p
        for key in ("titles", "traps", "bare_locality", "qualifiers", "open_markers", "vague_tokens", "class_nouns"):
            if key in doc:
                data.vocab[key] = doc[key]
    _check_references(data, paths)
    return data


def _check_references(data: RegistryData, paths: list[Path]) -> None:
    where = paths[-1] if paths else Path("registry")
    for ag in data.agencies.values():
        src = Path(data.sources.get(ag.id, "registry"))
        for s in ag.successors:
            if s not in data.agencies:
                raise _fail(src, f"entry {ag.id!r}: successor {s!r} is not a known id")
        if ag.parent and ag.parent not in data.agencies:
            raise _fail(src, f"entry {ag.id!r}: parent {ag.parent!r} is not a known id")
    for t in data.templates.values():
        for s in t.successors:
            if s not in data.templates:
                raise _fail(where, f"template {t.id!r}: successor {s!r} is not a template id")
    for g in data.groups.values():
        for u in g.union:
            if u not in data.groups:
                raise _fail(where, f"group {g.agency.id!r}: union member {u!r} is not a group id")
        for jur, ids in g.members.items():
            for i in ids:
                if i not in data.agencies:
                    raise _fail(where, f"group {g.agency.id!r}: member {i!r} ({jur}) is not a known id")
    for p in data.provinces.values():
        if p.successor and p.successor not in data.provinces:
            raise _fail(where, f"province {p.id!r}: successor {p.successor!r} is not a province id")
        if p.ubnd and p.ubnd not in data.agencies:
            raise _fail(where, f"province {p.id!r}: ubnd {p.ubnd!r} is not a known id")
    for key in ("titles", "traps", "qualifiers", "vague_tokens", "class_nouns"):
        if key not in data.vocab:
            raise _fail(where, f"vocabulary {key!r} is missing (vocab.yaml)")


def shipped_paths() -> list[Path]:
    return [RESOURCE_DIR / name for name in SHIPPED]
