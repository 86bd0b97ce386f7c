"""Which bodies get a derived plan, and which obligations go into each. Pure (no I/O)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .model import Agency, AgencyMention, Analysis, Obligation


@dataclass
class Target:
    """One body that receives a plan: its key, display name, registry record and obligations."""
    key: str
    name: str
    agency: Agency | None
    lead: list[Obligation] = field(default_factory=list)
    coordinate: list[Obligation] = field(default_factory=list)
    reports: list[Obligation] = field(default_factory=list)

    @property
    def all(self) -> list[Obligation]:
        return self.lead + self.coordinate + self.reports


def slug(text: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:80] or "co-quan"


def plan_targets(analysis: Analysis, registry=None, *, on: date | None = None) -> list[Target]:
    """Every body the directive gives work to, directly, as coordinator or through a group.

    With a registry, mentions resolve to bodies and groups expand to their members on
    `on`; without one (or for an unresolved mention) the body is the mention as written.
    Vague mentions ("các cơ quan, đơn vị liên quan") name no body and get no plan.
    """
    md = analysis.doc.metadata
    on = on or md.issued_date
    targets: dict[str, Target] = {}

    def bodies_of(m: AgencyMention) -> list[tuple[str, str, Agency | None]]:
        if registry is not None:
            res = registry.resolve(m.text, on=on, context=md.issuer)
            if res.kind == "body" and res.agency is not None:
                return [(res.agency.id, res.agency.canonical, res.agency)]
            if res.kind == "group":
                return [(a.id, a.canonical, a) for a in res.members]
            if res.rule.startswith("vague") or "vague" in res.rule or "trap" in res.rule:
                return []
        if re.match(r"^(?:các|Các)\s+(?:cơ quan|đơn vị|địa phương|tổ chức|doanh nghiệp)", m.text):
            return []
        return [("text:" + slug(m.text), m.text, None)]

    def add(ob: Obligation, mentions: list[AgencyMention], role: str) -> None:
        for m in mentions:
            for key, name, agency in bodies_of(m):
                t = targets.setdefault(key, Target(key, name, agency))
                lst = t.reports if (role == "lead" and ob.kind == "report") else \
                    t.lead if role == "lead" else t.coordinate
                if ob not in t.all:
                    lst.append(ob)

    for ob in analysis.obligations:
        add(ob, ob.lead, "lead")
    for ob in analysis.obligations:
        add(ob, ob.coordinators, "coord")
    return _distinct_names(list(targets.values()))


_GENERIC_TAIL = re.compile(r"\b(?:tỉnh|thành phố|Thành phố|xã|phường|huyện|quận)$")


def _distinct_names(targets: list[Target]) -> list[Target]:
    """Give every target a name of its own: a registry body whose short name is generic
    ("Ủy ban nhân dân tỉnh") or shared with another target takes its full name."""
    seen: dict[str, int] = {}
    for t in targets:
        seen[t.name] = seen.get(t.name, 0) + 1
    for t in targets:
        full = (t.agency.full_name or "").strip() if t.agency is not None else ""
        if full and full != t.name and (seen[t.name] > 1 or _GENERIC_TAIL.search(t.name)):
            t.name = full
    return targets
