"""Context carried down the section tree: section gates, the bodies and dates a heading or
lead-in gives to the items under it, and clause merging. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import AgencyMention, Deadline, Section
from ..resources import load_yaml
from ..search.fold import vi_fold
from .bodies import chain_after, find_bodies
from .chars import UPPER
from .clauses import Clause, analyse, triggers


@lru_cache(maxsize=1)
def _gates() -> dict:
    return load_yaml("sections.yaml")


@dataclass
class Ctx:
    gate: str = "ok"                     # ok | skip | targets
    lead: list[AgencyMention] = field(default_factory=list)
    lead_rule: str = ""
    coords: list[AgencyMention] = field(default_factory=list)
    deadline: Deadline | None = None
    fields: dict = field(default_factory=dict)


def gate_of(title: str, current: str) -> str:
    f = vi_fold(title)[:80]
    g = _gates()
    if any(f.startswith(w) or f" {w}" in f[:40] for w in g["targets"]) and not re.search(
            r"nhiem vu|giai phap|to chuc thuc hien", f):
        return "targets"
    if any(f.startswith(w) or (f" {w}" in f[:30] and len(f) < 60) for w in g["skip"]) and not re.search(
            r"nhiem vu|giai phap|to chuc thuc hien|trach nhiem|phan cong", f):
        return "skip"
    if re.search(r"nhiem vu|giai phap|to chuc thuc hien|noi dung|trach nhiem|phan cong|che do bao cao|hoat dong", f):
        return "ok"
    return current


def heading_bodies(text: str, node: Section, doc_date) -> tuple[list[AgencyMention], str, list[AgencyMention]]:
    """Bodies a heading or lead-in gives to the items under it: (lead, rule, coordinators)."""
    a, b = node.text_start, node.end
    if node.marker == "para":
        # a lead-in paragraph hands out work in its last sentence ("... Sở X đề nghị Y thực hiện. Cụ thể:")
        starts = [a] + [a + m.end() for m in re.finditer(r"\.\s+(?=[" + UPPER + "])", text[a:b])]
        for st in reversed(starts):
            if triggers()["assign"].search(text, st, b) or st == a:
                a = st
                break
    title = text[a:b]
    if len(title) > 400:
        return [], "", []
    ms = find_bodies(text, a, b)
    whole = re.match(r"^\s*Đối với\s+([^:;.()]{3,200}?)\s*(?:\([^)]*\))?\s*:?\s*$", title)
    if whole and len(whole.group(1).split()) <= 40 and (not ms or len(ms) == 1 and ms[0].rule == "group"):
        s0 = a + whole.start(1)     # "Đối với các cơ sở sản xuất ... môi trường:" names its group in full,
        # up to a second qualifier ("... và thuộc loại hình có nguy cơ ...")
        name = re.split(r" và (?=(?:thuộc|có|được|đang|nằm|sử dụng)\b)", whole.group(1))[0]
        return [AgencyMention(name, s0, s0 + len(name), "heading-for")], "heading-for", []
    duty = re.match(r"^\s*((?:[Cc]ác|Cấp|Những)\s[^:;.]{3,200}?)\s+(?:có trách nhiệm|chịu trách nhiệm)\s*:?\s*$", title)
    if duty and len(duty.group(1).split()) <= 30:
        s0 = a + duty.start(1)      # "Các tổ chức, cá nhân ... trên địa bàn có trách nhiệm:"
        return [AgencyMention(duty.group(1), s0, s0 + len(duty.group(1)), "heading-duty")], "heading-duty", []
    named = _BODY_ONLY.match(title)
    if named and len(named.group(1).split()) <= 12 and not triggers()["duty"].search(named.group(1)) \
            and not _not_a_body(named.group(1)):
        s0 = a + named.start(1)     # "7. Báo và Phát thanh, Truyền hình thành phố" - a body heading
        if not ms or ms[0].start > s0 or ms[-1].end < s0 + len(named.group(1)):
            return [AgencyMention(named.group(1), s0, s0 + len(named.group(1)), "heading-name")], \
                "heading-name", []
    if not ms:
        return [], "", []
    c = Clause(a, b, title)
    r = analyse(text, c, ms)
    if r.subject:
        rest = text[r.subject[-1].end:b].strip(" :.,;")
        words = len(rest.split())
        last = r.subject[-1]
        if (len(r.subject) == 1 and last.rule == "group" and last.text.lower().startswith("các")
                and 0 < words <= 12 and not title.rstrip().endswith((".", ";"))
                and not triggers()["duty"].search(rest)):
            # "Các đơn vị cấp nước sạch trên địa bàn thành phố:" names the group in full
            end = a + len(title.rstrip().rstrip(":").rstrip())
            return [AgencyMention(text[last.start:end], last.start, end, "group-heading")], \
                "heading-group", []
        if r.subject_rule in ("assign", "chu-tri") or words <= 3 or title.rstrip().endswith(":") \
                or r.has_duty:
            return r.subject, "heading-" + r.subject_rule, r.coordinators
    # "Đối với UBND các xã:" / "Trách nhiệm của Sở X"
    m = re.match(r"^\s*(?:Đối với|Trách nhiệm của|Nhiệm vụ của|Giao)\s+", title)
    if m:
        chain = chain_after(ms, text, a + m.end(), max_gap=2)
        whole = re.match(r"([^:;.]{3,160}?)\s*:?\s*$", title[m.end():])
        if whole and title.startswith("Đối với") and len(whole.group(1).split()) <= 20 and (
                not chain or len(chain) == 1 and chain[0].rule == "group"):
            s0 = a + m.end()
            return [AgencyMention(whole.group(1), s0, s0 + len(whole.group(1)), "heading-for")], \
                "heading-for", []
        if chain:
            return chain, "heading-for", []
    return [], "", []


_BODY_ONLY = re.compile(r"^\s*((?:Báo|Đài|Hội|Trung tâm|Liên đoàn|Liên hiệp|Hiệp hội|Ban|Cục|Chi cục|Viện|Trường|Ngân hàng)\s"
                        r"[^:;.()]{2,120}?)\s*:?\s*$")
_GROUP_HEADING = re.compile(r"^\s*(?:Đối với\s+)?((?:[Cc]ác|Cấp|Những)\s[^:]{3,160}?)\s*:\s*$"
                            r"|^\s*(?:Đề nghị|Giao|Yêu cầu)\s+((?:các|những)\s[^:;.]{3,100}?)\s*:?\s*$")


def _not_a_body(name: str) -> bool:
    """'Ban hành ...', 'Hội nghị ...', 'Trường hợp ...' start like a body but are not one."""
    from .bodies import gazetteer
    head, _, rest = name.partition(" ")
    return any(rest.lower().startswith(bad) for bad in gazetteer().not_after.get(head, ()))


def named_group_heading(text: str, node: Section) -> list[AgencyMention]:
    """'12. Các tổ chức, cá nhân khai thác nước dưới đất:' names its bodies without a gazetteer entry."""
    a, b = node.text_start, node.end
    m = _GROUP_HEADING.match(text[a:b])
    g = 1 if m and m.group(1) else 2      # "Các tổ chức ...:" or "Đề nghị các tổ chức cung cấp dịch vụ"
    if not m or len(m.group(g).split()) > (25 if g == 1 else 12):
        return []
    if re.search(r"\b(?:nhiệm vụ|giải pháp|nội dung|hoạt động|biện pháp|công việc)\b", m.group(g)[:30]):
        return []
    s = a + m.start(g)
    return [AgencyMention(m.group(g), s, s + len(m.group(g)), "group-heading")]


def merge_body_lists(text: str, clauses: list[Clause], mentions: list[AgencyMention]) -> list[Clause]:
    """'Yêu cầu Giám đốc các sở; Chủ tịch UBND các xã; ... thực hiện ...': a clause that only
    names bodies continues into the next one."""
    out: list[Clause] = []
    for c in clauses:
        if out and _only_bodies(text, out[-1], mentions):
            prev = out.pop()
            c = Clause(prev.start, c.end, text[prev.start:c.end])
        out.append(c)
    return out


def _only_bodies(text: str, c: Clause, mentions: list[AgencyMention]) -> bool:
    inside = [m for m in mentions if c.start <= m.start and m.end <= c.end]
    if not inside:
        return False
    rest = text[c.start:c.end]
    for m in reversed(inside):
        rest = rest[:m.start - c.start] + rest[m.end - c.start:]
    rest = re.sub(r"(?i)\b(?:giao|đề nghị|yêu cầu|giám đốc|chủ tịch|thủ trưởng|bộ trưởng|các|và)\b|[,;:\s]", "", rest)
    return not rest


def inheritable(dl: Deadline | None, heading: str, gate: str, item: bool = False) -> bool:
    """A heading's time applies to the items under it when the heading is about time
    ("Cụ thể, năm 2022 mục tiêu cần đạt:") or is itself a dated item ("c) ...; hoàn thành
    trước ngày 30/6/2026" over its dashes), not when a long lead-in mentions a horizon."""
    if dl is None or not (dl.due or dl.recurrence):
        return False
    if gate == "targets":
        return len(heading) < 300
    if len(heading) > 160 and not (item and dl.due and re.match(r"(?:trước|chậm nhất|hoàn thành|trong)", dl.text or "")):
        return False
    return not re.match(r"(?:đến|tới)\s+năm", dl.text or "", re.I)
