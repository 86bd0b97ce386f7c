"""The agency registry: an alias index plus the resolution rules.

``Registry.resolve`` tries the rules below in order; the first that applies
gives ``Resolution.rule`` (steps joined by "+", e.g. "title+alias+successor"):

  trap              never a body (cơ sở, trụ sở, bộ máy, "Thành phố" outside a city document)
  context           bare "Thành phố"/"Tỉnh" in a document of that city/province -> its UBND
  list              "Các Bộ: Tư pháp, Nội vụ" -> a group of the named bodies
  exact / alias     folded canonical name or alias, allowed in the document's jurisdiction
  ascii             the same on the diacritic-free key
  paren, title, cac parentheses dropped / head's title stripped / leading "các" dropped
  locality          an explicit province name at the end ("Sở Xây dựng Lâm Đồng")
  group / group-open / group-dissolved   a group noun (groups.yaml)
  context-unregistered   a body of a province without a registry file, built from provincial.yaml
  each-province     a provincial body named in a central document (all provinces' Sở Y tế)
  subunit / context-subunit / party-committee / regional-unit   bodies built from a known parent
  vague             an unspecified set ("các cơ quan, đơn vị liên quan", "các địa phương")
  fuzzy             rapidfuzz ratio >= FUZZY_THRESHOLD among names with the same type word
  successor         suffix: the body was dissolved before ``on``; Resolution.original keeps it
  dissolved         the body ended before ``on`` with no successor (unresolved, original set)
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from ..model import Agency, Resolution
from . import groups as _groups
from .fold import fold, fold_ascii, slug
from .loader import Province, RegistryData
from .synth import SynthMixin

# rapidfuzz ratio (0-100) a fuzzy match must reach; chosen so that one wrong
# or missing syllable in a 5+ syllable name passes ("Sở Văn hoá Thể thao du lịch")
# while two different short names ("Sở Y tế" / "Sở Tư pháp") never do.
FUZZY_THRESHOLD = 90.0

_PAREN = re.compile(r"\s*\([^()]*\)")
_LIST = re.compile(r"^(?:các\s+)?(bộ|sở)\s*:\s*(.+)$", re.IGNORECASE)
_EDGE = " \t\n.,;:-–"


@dataclass(frozen=True)
class DocContext:
    jur: str | None                 # province/jurisdiction id, "central" or None
    issuer: Agency | None = None


class Registry(SynthMixin):
    def __init__(self, data: RegistryData):
        self.data = data
        self.home = next((j for j, m in data.jurisdictions.items() if m.get("home")), None)
        for p in data.provinces.values():       # a user file for a province registers it
            if p.id in data.jurisdictions and not p.registry:
                p.registry = p.id
        v = data.vocab
        self.titles = sorted({fold(t) for t in v["titles"]}, key=len, reverse=True)
        self.trap_exact = {fold(t) for t in v["traps"].get("exact", [])}
        self.trap_prefix = [fold(t) for t in v["traps"].get("prefix", [])]
        self.bare_tp = {fold(t) for t in v.get("bare_locality", {}).get("tp", [])}
        self.bare_tinh = {fold(t) for t in v.get("bare_locality", {}).get("tinh", [])}
        self.qualifiers = sorted({fold(t) for t in v["qualifiers"]}, key=len, reverse=True)
        self.open_markers = sorted({fold(t) for t in v.get("open_markers", [])}, key=len, reverse=True)
        self.vague_tokens = {fold(t) for t in v["vague_tokens"]}
        self.class_nouns = sorted({fold(t) for t in v["class_nouns"]}, key=len, reverse=True)
        self._place = {p.registry or p.id: fold(p.name) for p in data.provinces.values()}
        self._index: dict[str, list[tuple[str, bool]]] = {}
        self._ascii: dict[str, list[tuple[str, bool]]] = {}
        for a in data.agencies.values():
            self._add(a)
        self._build_templates()
        self._by_type_word: dict[str, list[str]] | None = None
        self._ctx_cache: dict[str | None, DocContext] = {}
        self._cache: dict[tuple, Resolution] = {}

    # ------------------------------------------------------------------ index
    def _add(self, a: Agency) -> None:
        place = self._place.get(a.jurisdiction)
        for i, name in enumerate([a.canonical, a.full_name, *a.aliases]):
            if not name:
                continue
            k = fold(name)
            qualified = a.jurisdiction == "central" or (place is not None and place in k) or i == 1
            for idx, key in ((self._index, k), (self._ascii, fold_ascii(name))):
                lst = idx.setdefault(key, [])
                if (a.id, qualified) not in lst:
                    lst.append((a.id, qualified))

    @staticmethod
    def current(a: Agency, on: date | None) -> bool:
        """Valid on ``on``; with no date, "still in force"."""
        return a.valid_to is None if on is None else a.valid_on(on)

    def get(self, id: str) -> Agency:
        from ..errors import NotFound
        if id in self.data.agencies:
            return self.data.agencies[id]
        if id in self.data.groups:
            return self.data.groups[id].agency
        head, _, tid = id.partition(".")
        if head in self.data.provinces and tid in self.data.templates:
            return self.instantiate(tid, self.data.provinces[head])
        raise NotFound(f"Không có cơ quan mã {id!r} trong danh mục.")

    def list(self, *, on: date | None = None, type: str | None = None,
             jurisdiction: str | None = None) -> list[Agency]:
        """Registered bodies (no groups, no synthesised ones); ``on=None`` lists every period."""
        return [a for a in self.data.agencies.values()
                if (on is None or a.valid_on(on)) and (type is None or a.type == type)
                and (jurisdiction is None or a.jurisdiction == jurisdiction)]

    def expand(self, agency_or_group: Agency | str, on: date | None) -> list[Agency]:
        a = self.get(agency_or_group) if isinstance(agency_or_group, str) else agency_or_group
        if a.is_group and a.id in self.data.groups:
            jur = a.jurisdiction if a.jurisdiction != "context" else self.home
            return _groups.expand(self, self.data.groups[a.id], on, jur)
        if a.is_group:
            return [self.get(m) for m in a.members if self.current(self.get(m), on)]
        return [a] if self.current(a, on) else []

    # ------------------------------------------------------------------ context
    def context(self, issuer: str | None) -> DocContext:
        if issuer in self._ctx_cache:
            return self._ctx_cache[issuer]
        ctx = self._context(issuer)
        self._ctx_cache[issuer] = ctx
        return ctx

    def _context(self, issuer: str | None) -> DocContext:
        if not issuer or not issuer.strip():
            return DocContext(self.home)
        key = fold(issuer)
        prov = self.find_province(key)
        if prov is not None:
            jur = prov.registry or prov.id
            hit = self._lookup(key, DocContext(jur), None)
            return DocContext(jur, hit[0] if hit else None)
        for ctx in (DocContext(None), DocContext(self.home)):
            hit = self._lookup(key, ctx, None)
            if hit:
                a = hit[0]
                return DocContext(a.jurisdiction if a.jurisdiction != "central" else "central", a)
        return DocContext(None)

    # ------------------------------------------------------------------ lookup
    def _allowed(self, aid: str, qualified: bool, ctx: DocContext) -> bool:
        a = self.data.agencies[aid]
        return qualified or a.jurisdiction == "central" or (ctx.jur is not None and a.jurisdiction == ctx.jur)

    def _pick(self, ids: list[str], ctx: DocContext, on: date | None) -> Agency:
        def rank(aid: str):
            a = self.data.agencies[aid]
            return (not self.current(a, on),
                    not (on is not None and a.valid_to is not None and on > a.valid_to),
                    a.jurisdiction != ctx.jur)
        return self.data.agencies[min(ids, key=rank)]

    def _lookup(self, key: str, ctx: DocContext, on: date | None) -> tuple[Agency, str] | None:
        for idx, rule in ((self._index, "alias"), (self._ascii, "ascii")):
            k = key if rule == "alias" else fold_ascii(key)
            ids = [aid for aid, q in idx.get(k, []) if self._allowed(aid, q, ctx)]
            if ids:
                a = self._pick(ids, ctx, on)
                exact = rule == "alias" and k in (fold(a.canonical), fold(a.full_name))
                return a, ("exact" if exact else rule)
        return None

    # ------------------------------------------------------------------ resolve
    def resolve(self, mention: str, *, on: date | None = None, context: str | None = None) -> Resolution:
        ctx = self.context(context)
        ck = (mention, on, ctx.jur, ctx.issuer.id if ctx.issuer else None)
        hit = self._cache.get(ck)
        if hit is None:
            hit = self._resolve(mention, on, ctx)
            hit.mention = mention
            if len(self._cache) > 50000:
                self._cache.clear()
            self._cache[ck] = hit
        return dataclasses.replace(hit, members=list(hit.members))

    def dated(self, a: Agency, on: date | None, rule: str, score: float = 1.0) -> Resolution:
        """Apply validity dates: successor mapping after valid_to."""
        if a.is_group:
            return Resolution("", "group", a, self.expand(a, on), score, rule)
        if on is None or a.valid_on(on):
            return Resolution("", "body", a, [], score, rule)
        if a.valid_to is not None and on > a.valid_to:
            cur, hops = a, 0
            while cur.valid_to is not None and on > cur.valid_to and cur.successors and hops < 6:
                cur, hops = self.get(cur.successors[0]), hops + 1
            if cur.valid_on(on):
                return Resolution("", "body", cur, [], score, rule + "+successor", original=a)
            return Resolution("", "unresolved", None, [], score, rule + "+dissolved", original=a)
        return Resolution("", "body", a, [], score, rule + "+not-yet-valid")

    def _resolve(self, mention: str, on: date | None, ctx: DocContext) -> Resolution:
        raw = " ".join((mention or "").split()).strip(_EDGE)
        key = fold(raw)
        if not key:
            return Resolution(mention, "unresolved", rule="empty")
        # traps and bare locality words
        if key in self.bare_tp or key in self.bare_tinh:
            prov = self.data.provinces.get(ctx.jur or "") or self.province_of_jur(ctx.jur)
            if prov is not None and ((key in self.bare_tp) == (prov.kind == "thanh_pho")):
                return self.dated(self.province_ubnd(prov), on, "context")
            return Resolution(mention, "unresolved", rule="trap")
        if key in self.trap_exact or any(key == p or key.startswith(p + " ") for p in self.trap_prefix):
            return Resolution(mention, "unresolved", rule="trap")
        m = _LIST.match(raw)
        if m:
            return self._list(m.group(1), m.group(2), on, ctx)
        # direct lookup, then with parentheses / titles / "các" removed
        steps: list[str] = []
        cur = raw
        for attempt in range(4):
            if attempt == 1:
                nxt = _PAREN.sub("", cur).strip(_EDGE)
                tag = "paren"
            elif attempt == 2:
                nxt = self.strip_title(cur)
                tag = "title"
            elif attempt == 3:
                nxt = re.sub(r"^(?:các|những)\s+", "", cur, flags=re.IGNORECASE)
                tag = "cac"
            else:
                nxt, tag = cur, ""
            if attempt and (nxt == cur or not nxt):
                continue
            if tag:
                steps.append(tag)
            cur = nxt
            hit = self._lookup(fold(cur), ctx, on)
            if hit:
                return self.dated(hit[0], on, "+".join(steps + [hit[1]]))
        steps = [s for s in steps if s != "cac"]
        prefix = "+".join(steps) + "+" if steps else ""
        base = self.strip_title(_PAREN.sub("", raw).strip(_EDGE)) or raw
        # the rest of the rules work on the cleaned mention
        for rule in (self._by_locality, self._by_group, self._by_list_provinces, self._by_template,
                     self._by_thuoc, self._by_context_subunit, self._by_party_committee, self._by_region,
                     self._by_vague, self._by_fuzzy):
            res = rule(base, on, ctx)
            if res is not None:
                if res.kind != "unresolved" or res.rule != "vague":
                    res.rule = prefix + res.rule
                return res
        return Resolution(mention, "unresolved", rule="unknown")

    def strip_title(self, text: str) -> str:
        changed = True
        while changed:
            changed = False
            k = fold(text)
            for t in self.titles:
                if k.startswith(t + " "):
                    n = len(t.split())
                    words = text.split()
                    rest = " ".join(words[n:])
                    # "Trưởng Ban X" -> "Ban X"; "Chánh Văn phòng" -> "Văn phòng"; keep "Chủ tịch nước"
                    if rest and fold(rest) not in ("nước",):
                        text, changed = rest.lstrip(", "), True
                        break
        return text

    # ------------------------------------------------------------------ rules
    def _by_group(self, raw: str, on: date | None, ctx: DocContext) -> Resolution | None:
        gm = _groups.match_group(self, raw)
        if gm is None:
            return None
        g = gm.group
        jur = "central" if g.scope in ("central", "provinces") else ctx.jur
        agency = dataclasses.replace(g.agency, jurisdiction=jur or "")
        if gm.open or g.scope == "open":
            return Resolution("", "group", agency, [], 1.0, "group-open")
        if g.agency.valid_to is not None and on is not None and on > g.agency.valid_to:
            return Resolution("", "group", agency, [], 1.0, "group-dissolved")
        members = _groups.expand(self, g, on, jur)
        return Resolution("", "group", agency, members, 1.0, "group" if members or ctx.jur else "group-open")

    def _by_vague(self, raw: str, on: date | None, ctx: DocContext) -> Resolution | None:
        key = fold(raw)
        k = key[4:] if key.startswith("các ") else key
        toks = k.split()
        if toks and all(t in self.vague_tokens for t in toks):
            return Resolution("", "unresolved", rule="vague")
        if any(k == c or k.startswith(c + " ") for c in self.class_nouns):
            return Resolution("", "unresolved", rule="vague")
        return None

    def _by_fuzzy(self, raw: str, on: date | None, ctx: DocContext) -> Resolution | None:
        from rapidfuzz import fuzz, process
        key = fold(raw)
        word = key.split()[0]
        if self._by_type_word is None:
            self._by_type_word = {}
            for k in list(self._index) + list(self._tpl_index):
                self._by_type_word.setdefault(k.split()[0], []).append(k)
        choices = self._by_type_word.get(word, [])
        best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best is None:
            return None
        hit = self._lookup(best[0], ctx, on)
        if hit:
            return self.dated(hit[0], on, "fuzzy", best[1] / 100)
        res = self._by_template(best[0], on, ctx, folded=True)
        if res is not None and res.kind == "group":
            return None         # never fan a guess out to every province
        if res is not None:
            res.rule = "fuzzy+" + res.rule
            res.score = best[1] / 100
        return res

    def _list(self, word: str, names: str, on: date | None, ctx: DocContext) -> Resolution:
        members, ids = [], []
        for name in re.split(r"\s*[,;]\s*|\s+và\s+", names):
            name = name.strip(_EDGE)
            if not name:
                continue
            r = self._resolve(f"{word.capitalize()} {name}", on, ctx)
            if r.kind == "body" and r.agency is not None:
                members.append(r.agency)
                ids.append(r.agency.id)
        if not members:
            return Resolution("", "unresolved", rule="list-unknown")
        grp = Agency(id="list:" + "+".join(ids), canonical=f"{word} {names}", type="group", is_group=True,
                     jurisdiction=ctx.jur or "", members=ids, verified=False)
        return Resolution("", "group", grp, members, 1.0, "list")

    def province_of_jur(self, jur: str | None) -> Province | None:
        for p in self.data.provinces.values():
            if p.registry == jur and jur:
                return p
        return None

    def province_ubnd(self, prov: Province) -> Agency:
        return self.data.agencies[prov.ubnd] if prov.ubnd else self.instantiate("ubnd", prov)

    def slug(self, text: str) -> str:
        return slug(text)
