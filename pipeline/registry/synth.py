"""Bodies the registry does not list but can name with confidence.

- a body of a province without a registry file, from provincial.yaml;
- a body qualified by a province name ("Sở Xây dựng Lâm Đồng");
- a unit "thuộc" a known body, a ministry's Vụ/Cục named in its own document,
  the Party committee of a known body, a regional office ("... khu vực II").

Every synthesised Agency has ``verified=False``.
"""
from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from ..model import Agency, Resolution
from .fold import fold, slug
from .loader import Province

if TYPE_CHECKING:
    from .resolver import DocContext

_CAPS = ("tỉnh", "thành phố")
_THUOC = re.compile(r"\s+(?:trực\s+)?thuộc\s+", re.IGNORECASE)
_UNIT_HEADS = ("phòng", "vụ", "cục", "chi cục", "trung tâm", "văn phòng", "ban", "đội", "viện", "tổng cục", "thanh tra")
_SUBUNIT_IN_MINISTRY = re.compile(r"^(vụ|cục|tổng cục|văn phòng bộ|thanh tra bộ|viện|trung tâm)\b")
_REGION = re.compile(r"^(.*?)\s+(?:chi nhánh\s+)?khu vực\s+(\w+)$")
_PROV_LIST = re.compile(r"^(.+?)\s+(?:của\s+)?các\s+tỉnh(?:\s*,\s*thành phố)?\s*:?\s+(.+)$", re.IGNORECASE)


class SynthMixin:
    # ------------------------------------------------------------------ templates
    def _build_templates(self) -> None:
        self._tpl_index: dict[str, list[str]] = {}
        self._synth: dict[tuple[str, str], Agency] = {}
        for t in self.data.templates.values():
            for form in [t.canonical, *t.aliases]:
                for cap, uy in zip(_CAPS, ("tỉnh ủy", "thành ủy")):
                    k = fold(form.replace("{cap}", cap).replace("{uy}", uy))
                    lst = self._tpl_index.setdefault(k, [])
                    if t.id not in lst:
                        lst.append(t.id)
        self._prov_names: dict[str, str] = {}
        for p in self.data.provinces.values():
            for name in [p.name, *p.aliases]:
                self._prov_names.setdefault(fold(name), p.id)
        self._prov_max = max((len(k.split()) for k in self._prov_names), default=1)

    def instantiate(self, tid: str, prov: Province) -> Agency:
        """The body ``tid`` of provincial.yaml for ``prov`` (or its registered equivalent)."""
        ck = (tid, prov.id)
        if ck in self._synth:
            return self._synth[ck]
        t = self.data.templates[tid]
        cap, uy = prov.cap, ("Thành ủy" if prov.kind == "thanh_pho" else "Tỉnh ủy")
        jur = prov.registry or prov.id

        def fill(s: str, full: bool) -> str:
            return s.replace("{cap}", f"{cap} {prov.name}" if full else cap).replace(
                "{uy}", f"{uy} {prov.name}" if full else uy)

        found = None
        if prov.registry:      # a registered province: prefer its own entry with the same name
            for form in [t.canonical, *t.aliases]:
                for a_id, _q in self._index.get(fold(fill(form, False)), []):
                    if self.data.agencies[a_id].jurisdiction == jur:
                        found = self.data.agencies[a_id]
                        break
                if found:
                    break
        if found is None:
            canonical = fill(t.canonical, False)
            full = fill(t.canonical, True)
            if full == canonical:
                full = f"{canonical} {cap} {prov.name}"
            found = Agency(
                id=f"{prov.id}.{tid}", canonical=canonical, full_name=full, type=t.type,
                parent=None if tid == "ubnd" else f"{prov.id}.ubnd", jurisdiction=jur, symbol=t.symbol,
                aliases=[fill(a, False) for a in t.aliases], valid_from=t.valid_from, valid_to=t.valid_to,
                successors=[f"{prov.id}.{s}" for s in t.successors], verified=False)
        self._synth[ck] = found
        return found

    def find_province(self, key: str) -> Province | None:
        """The province named anywhere in a folded string (longest name wins)."""
        toks = key.split()
        for n in range(min(self._prov_max, len(toks)), 0, -1):
            for i in range(len(toks) - n + 1):
                pid = self._prov_names.get(" ".join(toks[i:i + n]))
                if pid:
                    return self.data.provinces[pid]
        return None

    def _province_suffix(self, key: str) -> tuple[str, Province] | None:
        toks = key.split()
        for n in range(min(self._prov_max, len(toks)), 0, -1):
            pid = self._prov_names.get(" ".join(toks[-n:]))
            if pid:
                return " ".join(toks[:-n]), self.data.provinces[pid]
        return None

    # ------------------------------------------------------------------ rules
    def _by_locality(self, raw: str, on: date | None, ctx: "DocContext") -> Resolution | None:
        from .resolver import DocContext
        split = self._province_suffix(fold(raw))
        if split is None:
            return None
        base, prov = split
        if base in ("", "tỉnh", "tp") or base.endswith(" các tỉnh tp"):
            if base and base not in ("tỉnh", "tp"):
                return None
            return self.dated(self.province_ubnd(prov), on, "locality")
        pctx = DocContext(prov.registry or prov.id)
        hit = self._lookup(base, pctx, on)
        if hit:
            return self.dated(hit[0], on, "locality+" + hit[1])
        res = self._by_template(base, on, pctx, folded=True, allow_registered=True)
        if res is not None:
            res.rule = "locality+" + res.rule
        return res

    def _by_template(self, raw: str, on: date | None, ctx: "DocContext", folded: bool = False,
                     allow_registered: bool = False) -> Resolution | None:
        key = raw if folded else fold(raw)
        is_open = False
        if key.startswith("các "):            # "các Sở Xây dựng liên quan": that body of several provinces
            key, is_open = key[4:], True
            for end in self.open_markers:
                if key.endswith(" " + end):
                    key = key[: -len(end) - 1]
                    break
        tids = self._tpl_index.get(key)
        if not tids:
            return None
        tid = tids[0]
        t = self.data.templates[tid]
        prov = self.data.provinces.get(ctx.jur or "") or self.province_of_jur(ctx.jur)
        if prov is None or is_open:
            # a provincial body in a central document: that body of every province
            members = [self.instantiate(tid, p) for p in self.data.provinces.values() if p.valid_on(on)]
            members = [self.dated(m, on, "").agency for m in members]
            members = [m for m in members if m is not None]
            name = t.canonical.replace(" {cap}", "").replace("{uy}", "Tỉnh ủy")
            grp = Agency(id=f"grp.each-province.{tid}", canonical=f"{name} các tỉnh, thành phố", type="group",
                         is_group=True, jurisdiction="central", members=[m.id for m in members], verified=False)
            if is_open:
                return Resolution("", "group", grp, [], 1.0, "each-province-open")
            return Resolution("", "group", grp, members, 1.0, "each-province")
        a = self.instantiate(tid, prov)
        if prov.registry and not a.verified and not allow_registered:
            complete = self.data.jurisdictions.get(prov.registry, {}).get("complete_types", [])
            if t.type in complete:
                return Resolution("", "unresolved", rule="not-in-registry")
        rule = "context-unregistered" if not a.verified else "alias"
        return self.dated(a, on, rule)

    def _by_list_provinces(self, raw: str, on: date | None, ctx: "DocContext") -> Resolution | None:
        m = _PROV_LIST.match(raw)
        if not m:
            return None
        names = [n for n in re.split(r"\s*,\s*|\s+và\s+", m.group(2)) if n.strip()]
        provs = [self._prov_names.get(fold(n)) for n in names]
        if not names or not all(provs):
            return None
        members = []
        for pid in provs:
            r = self._resolve(f"{m.group(1)} {self.data.provinces[pid].name}", on, ctx)
            if r.kind == "body" and r.agency is not None:
                members.append(r.agency)
        if not members:
            return None
        grp = Agency(id="list:" + "+".join(a.id for a in members), canonical=raw, type="group", is_group=True,
                     jurisdiction=ctx.jur or "", members=[a.id for a in members], verified=False)
        return Resolution("", "group", grp, members, 1.0, "list-provinces")

    def _subunit(self, parent: Agency, name: str, rule: str, on: date | None) -> Resolution:
        a = Agency(id=f"{parent.id}/{slug(name)}", canonical=name, full_name=f"{name} thuộc {parent.canonical}",
                   type="don_vi_truc_thuoc", parent=parent.id, jurisdiction=parent.jurisdiction, verified=False)
        return Resolution("", "body", a, [], 1.0, rule)

    def _by_thuoc(self, raw: str, on: date | None, ctx: "DocContext") -> Resolution | None:
        parts = _THUOC.split(raw, maxsplit=1)
        if len(parts) != 2:
            return None
        left, right = parts[0].strip(), parts[1].strip()
        lk = fold(left)
        if not any(lk == h or lk.startswith(h + " ") for h in _UNIT_HEADS):
            return None
        r = self._resolve(right, on, ctx)
        if r.kind != "body" or r.agency is None:
            return None
        return self._subunit(r.agency, left, "subunit", on)

    def _by_context_subunit(self, raw: str, on: date | None, ctx: "DocContext") -> Resolution | None:
        issuer = ctx.issuer
        if issuer is None or issuer.type not in ("bo", "co_quan_ngang_bo"):
            return None
        if not _SUBUNIT_IN_MINISTRY.match(fold(raw)):
            return None
        return self._subunit(issuer, raw, "context-subunit", on)

    def _by_party_committee(self, raw: str, on: date | None, ctx: "DocContext") -> Resolution | None:
        key = fold(raw)
        if not key.startswith("đảng ủy "):
            return None
        rest = raw.split(None, 2)[2] if len(raw.split(None, 2)) == 3 else ""
        r = self._resolve(rest, on, ctx) if rest else None
        if r is None or r.kind != "body" or r.agency is None:
            return None
        p = r.agency
        a = Agency(id=f"{p.id}/dang-uy", canonical=f"Đảng ủy {p.canonical}", type="party_body", parent=p.id,
                   jurisdiction=p.jurisdiction, verified=False)
        return Resolution("", "body", a, [], 1.0, "party-committee")

    def _by_region(self, raw: str, on: date | None, ctx: "DocContext") -> Resolution | None:
        m = _REGION.match(fold(raw))
        if not m:
            return None
        left = m.group(1)
        for cand in (left, left[4:] if left.startswith("chi ") else left):
            hit = self._lookup(cand, ctx, on)
            if hit:
                p = hit[0]
                a = Agency(id=f"{p.id}/kv-{slug(m.group(2))}", canonical=raw, type="trung_uong_tren_dia_ban",
                           parent=p.id, jurisdiction="central", verified=False)
                return Resolution("", "body", a, [], 1.0, "regional-unit")
        return None
