"""Obligations from a StructuredDoc: walk the section tree, carry context down, split clauses.

Pure: StructuredDoc in, list[Obligation] out. Each obligation carries its offsets,
section path and the id of the rule that produced it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import cached_property

from ..model import AgencyMention, Deadline, Obligation, Provenance, Section, StructuredDoc
from ..search.fold import vi_fold
from .bodies import chain_after, find_bodies
from .clauses import (Clause, analyse, generic_subject, is_boilerplate, report_split, split_clauses,
                      target_split, triggers)
from .context import (Ctx, gate_of, heading_bodies, inheritable, merge_body_lists,
                      named_group_heading)
from .deadlines import find_deadline, find_deadlines, parse_deadline
from .tables import table_obligations

_FIELD = re.compile(r"^(?:(?:Cơ quan|Đơn vị|Bộ phận)\s+)?(chủ trì|phối hợp|thực hiện|thời gian(?: thực hiện| hoàn thành)?|"
                    r"thời hạn(?: hoàn thành| ban hành| thực hiện)?|nhiệm vụ(?: cụ thể)?|nội dung(?: thực hiện| công việc)?|sản phẩm|"
                    r"kết quả(?: đầu ra)?|cơ quan thực hiện|"
                    r"đơn vị thực hiện|trách nhiệm)\s*:\s*", re.I)


_VAGUE = re.compile(r"^[Cc]ác (?:cơ quan|đơn vị)(?:,? (?:và )?(?:cơ quan|đơn vị))*$")
_LEADIN_ASK = re.compile(r"\b(?:yêu cầu|đề nghị)\s+")
_TIME_FIELD = re.compile(r"^\s*(?:Thời gian(?: thực hiện| tổ chức| triển khai)?|Thời hạn(?: thực hiện| hoàn thành)?)\s*:")
_DATE_ONLY = re.compile(r"^(?:(?:Đảm bảo|Bảo đảm|Phải|Yêu cầu)\s+)?(?:hoàn thành|Hoàn thành|thời gian hoàn thành|"
                        r"Thời gian (?:hoàn thành|thực hiện))\b[^.;]{0,60}[.;]?$")

class Extractor:
    def __init__(self, doc: StructuredDoc):
        self.doc = doc
        self.text = doc.text
        self.doc_date: date | None = doc.metadata.issued_date
        self.out: list[Obligation] = []
        self.is_cv = doc.metadata.doc_type in ("CV", "CĐ")
        self.addressees = self._addressee_mentions()
        first = next((ch for ch in doc.root.children if ch.marker != "para"), None)
        opening = self.text[doc.body_start:first.start] if first else ""
        # "Bộ Xây dựng yêu cầu các cơ quan, đơn vị:" hands every item to the addressees
        self.opening_to_all = bool(re.search(
            r"(?:yêu cầu|đề nghị)\s+(?:Quý cơ quan|Quý đơn vị|các cơ quan|các đơn vị)[^.;:]{0,40}:\s*$", opening))

    def _addressee_mentions(self) -> list[AgencyMention]:
        out: list[AgencyMention] = []
        for a in self.doc.addressees:
            ms = find_bodies(a)
            if len(ms) == 1 and ms[0].start == 0 and re.match(r"\s+các (?:tỉnh|thành phố|huyện|xã)", a[ms[0].end:]):
                # "Sở Xây dựng các tỉnh, thành phố: Gia Lai, Đắk Lắk" stays one addressee, named in full
                out.append(AgencyMention(re.sub(r"\s*:\s*", " ", a).strip(), -1, -1, "kinh-gui"))
                continue
            out.extend(AgencyMention(m.text, -1, -1, "kinh-gui") for m in ms)
        return out

    def _named_above(self, title: str) -> list[AgencyMention]:
        """'4. Các Sở Xây dựng nêu trên': the addressees of that kind."""
        m = re.match(r"^\s*(?:[Cc]ác\s+)?(.{3,80}?)\s+(?:nêu trên|trên đây)\s*:?\s*$", title)
        if not m or not self.addressees:
            return []
        head = vi_fold(m.group(1))
        return [a for a in self.addressees if vi_fold(a.text).startswith(head)]

    # --- walking -----------------------------------------------------------------

    def run(self) -> list[Obligation]:
        self._walk(self.doc.root, Ctx())
        for i, ob in enumerate(self.out, 1):
            ob.id = i
        return self.out

    def _walk(self, node: Section, ctx: Ctx) -> None:
        running = ctx
        children = node.children
        i = 0
        while i < len(children):
            ch = children[i]
            if ch.start < self.doc.body_start and ch.marker == "para":
                i += 1
                continue
            if ch.marker == "row":
                j = i
                while j < len(children) and children[j].marker == "row":
                    j += 1
                prefix = ch.path or ""
                self.out.extend(table_obligations(self.text, children[i:j], self.doc_date,
                                                  prefix if prefix.startswith("PL") else (prefix or "PL")))
                i = j
                continue
            if ch.marker == "para":
                running = self._para(ch, running)
                i += 1
                continue
            has_items = any(c.marker not in ("para", "row") for c in ch.children)
            if has_items or (ch.children and (self._is_title_line(ch) or self._is_body_heading(ch))):
                self._heading(ch, running)
            else:
                item_ctx = running
                for p in ch.children:      # "Đảm bảo hoàn thành trong quý I/2026." dates the item
                    pt = self.text[p.start:p.end].strip()
                    if _DATE_ONLY.match(pt):
                        dl = find_deadline(pt, self.doc_date, offset=p.start)
                        if dl is not None and (dl.due or dl.recurrence):
                            item_ctx = replace(running, deadline=replace(dl, basis="inherited"))
                self._item(ch, item_ctx)
                if any(p.marker == "row" for p in ch.children):
                    self._walk(ch, running)          # a table under the item
                else:
                    for p in ch.children:      # continuation paragraphs: units of their own
                        if not _DATE_ONLY.match(self.text[p.start:p.end].strip()):
                            self._unit(p.start, p.end, p.path or ch.path, running, strict=True)
            i += 1

    def _is_title_line(self, node: Section) -> bool:
        """A heading line: upper case, or short with no sentence punctuation ('Điều 5. Phương pháp đánh giá')."""
        t = self.text[node.text_start:node.end].strip()
        letters = [ch for ch in t if ch.isalpha()]
        if letters and sum(ch.isupper() for ch in letters) / len(letters) > 0.8:
            return True
        return node.marker in ("roman", "dieu", "part") or (len(t) < 90 and not t.endswith((".", ";")))

    def _is_body_heading(self, node: Section) -> bool:
        """'4. Sở Nội vụ' / '2. Các sở, ngành:' followed by paragraphs: a heading, not a task."""
        lead, _, _ = heading_bodies(self.text, node, self.doc_date)
        if not lead:
            return False
        rest = self.text[lead[-1].end:node.end].strip(" :.,;")
        return len(rest.split()) <= 3

    def _heading(self, node: Section, ctx: Ctx) -> None:
        title = self.text[node.text_start:node.end]
        sub = replace(ctx, gate=gate_of(title, ctx.gate))
        if sub.gate != "skip":
            lead, rule, coords = heading_bodies(self.text, node, self.doc_date)
            if not lead:
                lead, rule = self._named_above(title), "heading-addressee"
            if not lead:
                lead, rule, coords = named_group_heading(self.text, node), "heading-group", []
            if lead:
                sub = replace(sub, lead=lead, lead_rule=rule, coords=coords)
            # the sub-items elaborate the end of the heading: its last date is theirs
            dated = [x for x in find_deadlines(title, self.doc_date, offset=node.text_start)
                     if x.due or x.recurrence]
            dl = dated[-1] if dated else find_deadline(title, self.doc_date, offset=node.text_start)
            if dl is None and sub.gate == "targets":
                horizon = re.search(r"(?:[Đđ]ến|[Tt]ới) năm \d{4}", title)
                if horizon:          # "2.2. Định hướng đến năm 2035": the year the targets are due
                    dl = parse_deadline(horizon.group(0), self.doc_date, offset=node.text_start + horizon.start())
            if inheritable(dl, title, sub.gate, item=True):
                sub = replace(sub, deadline=replace(dl, basis="inherited"))
            for c in node.children:          # "b) Thời gian thực hiện: Từ ngày 15/11 đến ngày 15/12/2025"
                ct = self.text[c.text_start:c.end]
                if _TIME_FIELD.match(ct):
                    tdl = find_deadline(ct, self.doc_date, offset=c.text_start)
                    if tdl is not None and (tdl.due or tdl.recurrence):
                        sub = replace(sub, deadline=replace(tdl, basis="inherited"))
                    break
            fields = self._fields(node)
            if fields is not None:
                self._field_item(node, sub, fields)
                return
            # a heading that is itself a full sentence of work ("1. Sở X chủ trì ... như sau:") is context only;
            # but one that ends as a sentence, not as a lead-in, and holds several sentences or a date, is
            # work of its own ("c) Kết thúc ... trước ngày 31/5. Khẩn trương ban hành phương án ...", then
            # paragraphs and dashes that detail it); a one-sentence heading names a line of work only
            own = title.strip()
            if own.endswith((".", ";")) and not self._is_title_line(node) and (
                    re.search(r"[.;]\s+\S", own) or any(x.due for x in find_deadlines(own, self.doc_date))):
                self._unit(node.text_start, node.end, node.path, sub, strict=True)
        self._walk(node, sub)

    def _para(self, node: Section, running: Ctx) -> Ctx:
        t = self.text[node.start:node.end].strip()
        if t.endswith(":") and len(t) < 1500:
            lead, rule, coords = heading_bodies(self.text, node, self.doc_date)
            if rule not in ("heading-assign", "heading-for") and lead and \
                    len(self.text[lead[-1].end:node.end].split()) > 4:
                lead = []          # "UBND tỉnh ban hành Kế hoạch ... như sau:" names the issuer, not a lead
            if not lead:
                lead, rule = self._leadin_subject(node), "heading-leadin"
            sub = running
            if lead and running.gate != "skip":
                sub = replace(running, lead=lead, lead_rule="leadin-" + rule, coords=coords)
            dl = find_deadline(t, self.doc_date, offset=node.start)
            near_end = dl is not None and dl.end >= node.end - 200 and node.parent is not None \
                and node.parent.marker != "root"
            if inheritable(dl, t, sub.gate, item=near_end):
                sub = replace(sub, deadline=replace(dl, basis="inherited"))
            g = gate_of(t, sub.gate) if len(t) < 60 else sub.gate
            return replace(sub, gate=g)
        self._unit(node.start, node.end, node.path, running, strict=True)
        return running

    def _leadin_subject(self, node: Section) -> list[AgencyMention]:
        """'..., các bộ, cơ quan ngang bộ, UBND các tỉnh tập trung thực hiện các nhiệm vụ sau:'"""
        text = self.text
        for cm in re.finditer(r",\s*", text[node.start:node.end]):
            gs = generic_subject(text, node.start + cm.end(), node.end)
            if gs:                  # "Để ..., tỉnh Đắk Lắk cần tiếp tục thực hiện ... sau:"
                return [gs]
        ms = find_bodies(text, node.start, node.end)
        if not ms:
            return []
        for tm in _LEADIN_ASK.finditer(text, node.start, node.end):
            # "..., Chủ tịch UBND thành phố yêu cầu Giám đốc các sở, ... tập trung thực hiện ... như sau:"
            chain = chain_after(ms, text, tm.end(), max_gap=3, lead_words=("các đồng chí", "đồng chí"))
            if chain and re.search(r"thực hiện|triển khai|nhiệm vụ", text[chain[-1].end:node.end]):
                return chain
        chain = [ms[-1]]
        for m in reversed(ms[:-1]):
            if re.fullmatch(r"\s*(?:,|;|và)\s*", text[m.end:chain[0].start]):
                chain.insert(0, m)
            else:
                break
        after = text[chain[-1].end:node.end].strip()
        before = text[max(node.start, chain[0].start - 2):chain[0].start]
        if len(after.split()) > 20 or re.search(r"ban hành|như sau|của\s*$", after) or \
                not re.search(r"(?:^|[,;]\s*)$", before) and chain[0].start != node.start:
            return []
        if not re.search(r"thực hiện|triển khai|nhiệm vụ|tập trung|trách nhiệm|chủ động|khẩn trương", after):
            return []
        issuer = vi_fold(self.doc.metadata.issuer or "")
        if any(vi_fold(m.text) == issuer or vi_fold(m.text) in ("chinh phu", "thu tuong chinh phu")
               for m in chain):
            return []
        return chain

    # --- field-structured items ----------------------------------------------------

    def _fields(self, node: Section) -> dict | None:
        fields: dict[str, tuple[int, int]] = {}
        tasks: list[tuple[int, int]] = []
        for c in node.children:
            t = self.text[c.text_start:c.end]
            m = _FIELD.match(t)
            if m:
                key = vi_fold(m.group(1))
                fields[key] = (c.text_start + m.end(), c.end)
                if key.startswith(("nhiem vu", "noi dung")):
                    tasks.extend((g.text_start, g.end) for g in c.children)
                else:
                    for g in c.children:        # "b) Cơ quan thực hiện:" / "- Đơn vị chủ trì: ..."
                        gm = _FIELD.match(self.text[g.text_start:g.end])
                        if gm:
                            fields[vi_fold(gm.group(1))] = (g.text_start + gm.end(), g.end)
                continue
            if c.marker == "para" and fields:
                continue
            if c.marker in ("dash", "plus") and fields and any(k.startswith(("nhiem vu", "noi dung")) for k in fields):
                continue
            if c.children and t.rstrip().endswith(":") and not tasks:
                # "- Các nội dung hỗ trợ bao gồm:" + items, with "- Cơ quan thực hiện: ..." after it
                tasks.extend((g.text_start, g.end) for g in c.children)
                continue
            return None
        if not any(k in fields for k in ("chu tri", "co quan thuc hien", "don vi thuc hien", "thuc hien",
                                           "thoi gian", "thoi gian thuc hien", "thoi gian hoan thanh")):
            return None
        fields["_tasks"] = tasks
        return fields

    def _field_item(self, node: Section, ctx: Ctx, fields: dict) -> None:
        text = self.text
        lead: list[AgencyMention] = []
        coords: list[AgencyMention] = []
        for key in ("chu tri", "co quan thuc hien", "don vi thuc hien", "thuc hien", "trach nhiem"):
            if key in fields:
                a, b = fields[key]
                ms = find_bodies(text, a, b)
                sub = [m for m in ms]
                if sub:
                    r = analyse(text, Clause(a, b, text[a:b]), ms)
                    lead = r.subject or sub[:1]
                    coords = r.coordinators
                    break
        if "phoi hop" in fields:
            coords = coords + find_bodies(text, *fields["phoi hop"])
        dl = None
        for key in ("thoi gian", "thoi gian thuc hien", "thoi gian hoan thanh", "thoi han", "thoi han hoan thanh",
                    "thoi han ban hanh", "thoi han thuc hien"):
            if key in fields:
                a, b = fields[key]
                dl = find_deadline(text[a:b], self.doc_date, offset=a)
                break
        tasks = fields["_tasks"] or [v for k, v in fields.items() if k.startswith(("nhiem vu", "noi dung"))][:1]
        if not tasks:
            tasks = [(node.text_start, node.end)]
        sub = replace(ctx, lead=lead or ctx.lead, lead_rule="field" if lead else ctx.lead_rule,
                      coords=coords or ctx.coords, deadline=replace(dl, basis="field") if dl else ctx.deadline)
        for a, b in tasks:
            self._unit(a, b, node.path, sub, strict=False, rule="field")

    # --- units -------------------------------------------------------------------

    def _item(self, node: Section, ctx: Ctx) -> None:
        self._unit(node.text_start, node.end, node.path, ctx, strict=False)

    def _unit(self, a: int, b: int, path: str, ctx: Ctx, *, strict: bool, rule: str = "item") -> None:
        text = self.text
        whole = text[a:b].strip()
        if not whole or ctx.gate == "skip" and not triggers()["target"].search(whole):
            return
        if path.startswith("PL"):
            return          # appendices give obligations through their task tables only
        if ctx.gate == "skip":
            return
        if is_boilerplate(whole) and len(whole) < 400:
            return
        clauses = split_clauses(text, a, b)
        mentions = find_bodies(text, a, b)
        clauses = merge_body_lists(text, clauses, mentions)
        groups: list[tuple[Clause, object]] = []
        for c in clauses:
            if is_boilerplate(c.text) or _upper_case(c.text):
                continue            # closing formulas; titles in capitals ("DANH SÁCH ...", "TỔ CHỨC THỰC HIỆN")
            parts = report_split(text, c) or target_split(text, c)
            for part in (parts or (c,)):
                r = analyse(text, part, mentions)
                if groups:
                    prev_c, prev_r = groups[-1]
                    new_subject = r.subject and (not prev_r.subject or
                                                 {m.text for m in r.subject} != {m.text for m in prev_r.subject})
                    new_kind = r.kind != prev_r.kind and r.kind in ("report", "target")
                    if not new_subject and not new_kind and not (strict and r.has_duty and not prev_r.has_duty):
                        if r.kind == "task" and prev_r.kind in ("report", "target"):
                            pass  # a task clause after a report starts its own obligation only if it has a subject
                        merged = Clause(prev_c.start, part.end, text[prev_c.start:part.end])
                        prev_r.coordinators += [m for m in r.coordinators if m not in prev_r.coordinators]
                        prev_r.report_to += [m for m in r.report_to if m.text not in {x.text for x in prev_r.report_to}]
                        prev_r.has_duty = prev_r.has_duty or r.has_duty
                        groups[-1] = (merged, prev_r)
                        continue
                groups.append((part, r))
        unit_dl = None
        carried: list[AgencyMention] = []
        for c, r in groups:
            if r.subject:
                carried = r.subject
            elif carried and r.kind in ("report", "task"):
                r.subject, r.subject_rule = carried, "carried"
            kind = r.kind
            if ctx.gate == "targets" and kind != "target":
                if not re.search(r"\d", c.text):
                    continue
                kind = "target"
            if strict and self._is_opening(c.start) and r.subject_rule != "assign" and kind != "report":
                continue    # the opening paragraphs state the basis and the purpose
            if strict and not r.has_duty and not r.subject and kind == "task":
                if not (triggers()["action_start"].match(c.text) and ctx.lead and ctx.gate == "ok"
                        and not self._is_opening(a)):
                    continue
            if kind == "task" and not r.subject and not triggers()["action_start"].match(c.text) and not r.has_duty:
                if len(c.text) < 30 or c.text.endswith(":"):
                    continue
            lead = r.subject or self._fallback_lead(ctx, c)
            vague = rule == "field" and ctx.lead and r.subject and all(_VAGUE.match(m.text) for m in r.subject)
            if vague:
                lead = ctx.lead             # the "Cơ quan chủ trì" field names who "các cơ quan, đơn vị" are
            if self.addressees and lead and self.is_cv and all(
                    re.match(r"(?:Quý |[Cc]ác cơ quan, đơn vị$|[Cc]ác đơn vị$|[Cc]ác cơ quan$)", m.text) for m in lead):
                lead = self.addressees          # "Quý cơ quan", "các đơn vị" are the Kính gửi list
            inherited = [] if r.subject and r.subject_rule == "subject" and not vague else ctx.coords
            coords = r.coordinators + [m for m in inherited if m.text not in {x.text for x in r.coordinators}]
            if kind == "report" and not r.subject and ctx.lead:
                lead = ctx.lead
            dl = find_deadline(c.text, self.doc_date, offset=c.start)
            if rule == "field" and ctx.deadline is not None and ctx.deadline.basis == "field":
                dl = ctx.deadline           # "c) Thời gian thực hiện: ..." governs the block's tasks
            elif dl is None or dl.due is None and not dl.recurrence:
                if unit_dl is None:
                    unit_dl = find_deadline(whole, self.doc_date, offset=a) or False
                # the item's date applies to each of its duties that sets none of its own; one set by a
                # sentence of another body ("Yêu cầu X ... Các tỉnh ủy ... trước ngày 31/12") gives way
                # to the date of a later sentence of its own body, or to none
                here = unit_dl
                if unit_dl and _dated_by_another(groups, unit_dl, r):
                    here = _date_of_same_body(groups, r, self.doc_date)
                if here and (len(groups) == 1 or here.due or here.recurrence) \
                        and (dl is None or here.due or here.recurrence):
                    dl = here
                elif ctx.deadline is not None and (dl is None or ctx.deadline.due or ctx.deadline.recurrence):
                    dl = ctx.deadline       # a dated heading beats a bare "kịp thời" in the item
            rid = f"{rule}:{r.subject_rule or ctx.lead_rule or 'none'}:{kind}"
            ob = Obligation(text=c.text, kind=kind, provenance=Provenance(c.start, c.end, path, rid),
                            lead=[replace(m) for m in lead], coordinators=[replace(m) for m in coords],
                            report_to=r.report_to)
            if dl is not None:
                ob.deadline = dl
            self.out.append(ob)

    def _is_opening(self, pos: int) -> bool:
        return pos < self._opening_end

    @cached_property
    def _opening_end(self) -> float:
        """Where the opening ends: at the first item; in a text of paragraphs only, at the end of
        its first lead-in paragraph ("... có ý kiến như sau:"), at once when that lead-in sits
        above the body, and never when it has none."""
        kids = self.doc.root.children
        first_item = next((c for c in kids if c.marker not in ("para",)), None)
        if first_item is not None:
            return first_item.start
        lead_in = next((c for c in kids[:-1]
                        if re.search(r"(?:như sau|sau đây|sau)\s*:$", self.text[c.start:c.end].rstrip())), None)
        if lead_in is not None:
            return lead_in.end
        before = self.text[:kids[0].start].rstrip() if kids else ""
        return -1 if re.search(r"(?:như sau|sau đây)\s*:$", before) else float("inf")

    def _fallback_lead(self, ctx: Ctx, c: Clause) -> list[AgencyMention]:
        if ctx.lead:
            return ctx.lead
        issuer = self.doc.metadata.issuer or ""
        if re.search(r"MTTQ|Mặt trận|Ban Thường trực", issuer):
            return [AgencyMention(issuer, -1, -1, "issuer")]   # a Front committee's plan is its own work
        if self.is_cv and self.addressees and (
                len(self.addressees) == 1 or self.opening_to_all
                or re.search(r"Quý cơ quan|các đơn vị|Quý đơn vị|các cơ quan", c.text)):
            return self.addressees      # a công văn speaks to its Kính gửi list
        return []


def _upper_case(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 8 and sum(ch.isupper() for ch in letters) > 0.8 * len(letters)


def _date_of_same_body(groups: list, r, doc_date) -> Deadline | None:
    """The first date written in another clause of the unit whose subject is ``r``'s own body."""
    if not r.subject:
        return None
    mine = {m.text for m in r.subject}
    for c2, r2 in groups:
        if r2 is not r and r2.subject and {m.text for m in r2.subject} == mine:
            dl = find_deadline(c2.text, doc_date, offset=c2.start)
            if dl is not None and (dl.due or dl.recurrence):
                return dl
    return None


def _dated_by_another(groups: list, dl: Deadline, r) -> bool:
    """Is ``dl`` written in a clause whose own subject is another body than ``r``'s?"""
    found = next(((c2, r2) for c2, r2 in groups if c2.start <= dl.start < c2.end), None)
    if found is None:
        return False
    c2, owner = found
    if re.search(r"(?:Thời hạn|Thời gian)[^:.;]{0,30}:\s*$", c2.text[:dl.start - c2.start]):
        return False                    # "Thời hạn hoàn thành: trước ngày 30/11" closes the whole item
    if owner is r or not owner.subject or not r.subject or owner.subject_rule == "carried":
        return False
    return {m.text for m in owner.subject} != {m.text for m in r.subject}


def extract_obligations(doc: StructuredDoc) -> list[Obligation]:
    return Extractor(doc).run()
