"""Clause-level analysis: split an item into clauses, find its subject, roles and kind. Pure."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import AgencyMention
from ..resources import load_yaml
from .bodies import chain_after, find_bodies
from .chars import UPPER


@lru_cache(maxsize=1)
def triggers() -> dict:
    data = load_yaml("triggers.yaml")
    bodies = load_yaml("bodies.yaml")
    return {
        "assign": re.compile(r"(?:^|(?<=[\s,;:(]))(?:" + "|".join(data["assign"]) + r")\s*:?\s+", re.I),
        "report": re.compile(data["report_start"], re.I),
        "report_any": re.compile(data["report_any"], re.I),
        "report_to": [re.compile(p) for p in data["report_to"]],
        "via": re.compile(data["via"]),
        "boiler": [re.compile(p, re.I) for p in data["boilerplate"]],
        "not_obligation": [re.compile(p, re.I) for p in data["not_obligation"]],
        "target": re.compile(data["target"]),
        "measurable": re.compile(data["measurable"], re.I),
        "duty": re.compile(data["duty"], re.I),
        "action_start": re.compile(r"^(?:" + "|".join(data["action_verbs"]) + r")\b", re.I),
        "coord": re.compile(r"phối hợp(?: chặt chẽ)?(?: với| cùng)?\s+", re.I),
        "lead_in": re.compile(data["lead_in"]),
        "generic_subject": _generic_subject_rx(bodies),
        "modal": re.compile(r"\s*(?:" + "|".join(bodies["subject_modals"]) + r")\b", re.I),
        "lead_kw": re.compile(r"\s*,?\s*(?:là cơ quan thường trực,?\s*)?(?:chủ trì|làm đầu mối|là cơ quan chủ trì)", re.I),
    }


def _generic_subject_rx(data: dict) -> re.Pattern:
    def alt(key: str) -> str:
        return "|".join(re.escape(h) for h in sorted(data[key], key=len, reverse=True))
    return re.compile(r"^(?:(?:(?:các|những)\s+)?(?:" + alt("subject_heads") + r")\b[^;:.()]{0,100}?|(?:các|những)\s+(?:"
                      + alt("subject_heads_plural") + r")\b[^;:.()]{0,100}?|(?-i:(?:" + alt("subject_places")
                      + r") [A-ZĐ][\wÀ-ỹ]*(?: [A-ZĐ][\wÀ-ỹ]*){0,3}))(?=\s+(?:" + alt("subject_modals") + r")\b)", re.I)


def _with_owner(chain: list[AgencyMention], ms: list[AgencyMention], text: str, end: int,
                t: dict) -> list[AgencyMention]:
    """A subject qualified by its owner, "X thuộc Y" / "X trực thuộc Y", when a duty or modal
    word follows Y: one mention for the whole, as the text names it."""
    m = re.match(r"\s*(?:trực\s+)?thuộc\s+", text[chain[-1].end:end])
    if not m:
        return chain
    owner = chain_after(ms, text, chain[-1].end + m.end(), max_gap=0)
    if not owner or owner[0].start != chain[-1].end + m.end():
        return chain
    after = text[owner[-1].end:end]
    if not (t["modal"].match(after) or t["lead_kw"].match(after) or t["duty"].search(after[:40])):
        return chain
    whole = AgencyMention(text[chain[-1].start:owner[-1].end], chain[-1].start, owner[-1].end, "subject-owner")
    return chain[:-1] + [whole]


def generic_subject(text: str, pos: int, end: int) -> AgencyMention | None:
    """A subject the gazetteer does not know, starting exactly at `pos`: "Các lực lượng chức năng"
    before "phải ...", "tỉnh An Hòa" before "cần ...". At most 15 words."""
    gm = triggers()["generic_subject"].match(text[pos:end])
    if gm and len(gm.group(0).split()) <= 15:
        return AgencyMention(gm.group(0), pos, pos + gm.end(), "generic-subject")
    return None


@dataclass
class Clause:
    start: int
    end: int
    text: str


@dataclass
class Roles:
    subject: list[AgencyMention] = field(default_factory=list)
    subject_rule: str = ""
    coordinators: list[AgencyMention] = field(default_factory=list)
    report_to: list[AgencyMention] = field(default_factory=list)
    kind: str = "task"
    has_duty: bool = False        # an explicit trigger (giao, đề nghị, chủ trì, có trách nhiệm...)


_SENT = re.compile(r"(?<=[.;!?])\s+(?=[A-ZĐÀ-Ỹ\-–(]|\d+\.)|(?<=;)\s*(?=[a-zđà-ỹ])")


def split_clauses(text: str, start: int, end: int) -> list[Clause]:
    """Sentences and ';'-separated clauses of text[start:end], trimmed, with offsets."""
    out: list[Clause] = []
    pos = start
    seg = text[start:end]
    for m in _SENT.finditer(seg):
        a, b = pos, start + m.start()
        _add(out, text, a, b)
        pos = start + m.end()
    _add(out, text, pos, end)
    return out


def _add(out: list[Clause], text: str, a: int, b: int) -> None:
    while a < b and text[a] in " \t-–+•":
        a += 1
    while b > a and text[b - 1] in " \t;.,:":
        b -= 1
    if b - a >= 3:
        out.append(Clause(a, b, text[a:b]))


def is_boilerplate(text: str) -> bool:
    t = triggers()
    return any(rx.search(text) for rx in t["boiler"]) or any(rx.match(text) for rx in t["not_obligation"])


def _dedupe(ms: list[AgencyMention]) -> list[AgencyMention]:
    seen, out = set(), []
    for m in ms:
        k = m.text.lower()
        if k not in seen:
            seen.add(k)
            out.append(m)
    return out


def analyse(text: str, c: Clause, mentions: list[AgencyMention] | None = None) -> Roles:
    """Subject (lead) named in the clause, coordinators, report-to and kind."""
    t = triggers()
    ms = mentions if mentions is not None else find_bodies(text, c.start, c.end)
    ms = [m for m in ms if c.start <= m.start < c.end]
    r = Roles()
    low = c.text
    # 1. "Giao / Đề nghị / Yêu cầu X ..." anywhere near the start
    for am in t["assign"].finditer(text, c.start, c.end):
        if am.start() - c.start > 120:
            break
        chain = chain_after(ms, text, am.end(), max_gap=2, lead_words=("cho", "các đồng chí", "đồng chí"))
        if chain:
            r.subject, r.subject_rule, r.has_duty = chain, "assign", True
            break
    # 2. subject at the start of the clause: "Sở Y tế chủ trì ...", "Chủ tịch UBND các xã ..."
    if not r.subject:
        start = c.start
        label = re.match(r"[^:;.]{3,80}:\s+(?=[" + UPPER + "])", c.text)
        if label and not any(c.start <= m.start < c.start + label.end() for m in ms):
            start = c.start + label.end()        # "Thực hiện mở tài khoản: UBND xã phối hợp ..."
        chain = chain_after(ms, text, start, max_gap=2, lead_words=("Đồng thời", "đồng thời", "Trong đó"))
        if chain:
            chain = _with_owner(chain, ms, text, c.end, t)   # "Sở, ban, ngành thuộc UBND tỉnh có trách nhiệm"
            after = text[chain[-1].end:c.end]
            if not re.match(r"\s*(?:của|về|thuộc|trong|tại|và|theo(?! dõi| chức năng| thẩm quyền| phạm vi| nhiệm vụ)|đối với|trên|với|"
                            r"là(?! (?:cơ quan|đơn vị|đầu mối|bộ phận))|được|đã)\b", after):
                r.subject, r.subject_rule = chain, "subject"
                if t["lead_kw"].match(after) or t["duty"].search(after[:60]):
                    r.has_duty = True
    # 2b. subject after an adverbial opening: "Trên cơ sở đề nghị của ..., Bộ Tài chính khẩn trương ..."
    if not r.subject:
        opener = t["lead_in"].match(c.text)
        for li in re.finditer(r",\s*", c.text[:200]) if opener else ():
            if re.search(r"\bnếu\b", c.text[:li.start()]):
                break                       # "..., nếu thấy cần sửa đổi, các bộ chủ động đề xuất": a proviso
            pos = c.start + li.end()
            chain = chain_after(ms, text, pos, max_gap=1) \
                if text[pos:pos + 1].isupper() or text.startswith("các ", pos) else []
            if chain and chain[0].start == pos:
                after = text[chain[-1].end:c.end]
                if t["lead_kw"].match(after) or t["duty"].search(after[:40]) or t["modal"].match(after):
                    r.subject, r.subject_rule, r.has_duty = chain, "subject", True
                    break
            gs = generic_subject(text, pos, c.end) if not chain else None
            if gs:                          # "Đồng thời, cấp uỷ, chính quyền cơ sở phải ..."
                r.subject, r.subject_rule = [gs], "subject"
                break
    # 2c. a subject the gazetteer does not know: "Các lực lượng chức năng phải liên tục ra quân"
    if not r.subject:
        gs = generic_subject(text, c.start, c.end)
        if gs and not any(m.start < gs.end for m in ms[1:]):
            r.subject, r.subject_rule = [gs], "subject"
    # 3. "X chủ trì" in the middle of the clause
    if not r.subject:
        for km in re.finditer(r"chủ trì", low):
            pos = c.start + km.start()
            before = [m for m in ms if m.end <= pos and pos - m.end <= 3]
            if before:
                chain = [m for m in ms if m.end <= before[-1].end and m.start >= c.start]
                # walk back over a list "A, B và C chủ trì"
                keep = [before[-1]]
                for m in reversed(chain[:-1]):
                    gap = text[m.end:keep[0].start]
                    if re.fullmatch(r"\s*(?:,|;|và)\s*", gap):
                        keep.insert(0, m)
                    else:
                        break
                r.subject, r.subject_rule, r.has_duty = keep, "chu-tri", True
                break
    # coordinators
    for pm in t["coord"].finditer(text, c.start, c.end):
        chain = chain_after(ms, text, pm.end(), max_gap=2, lead_words=("các", "với"))
        if not chain:
            chain = _generic_bodies(text, pm.end(), c.end)
        r.coordinators.extend(m for m in chain if m not in r.subject)
        r.has_duty = True
    r.coordinators = _dedupe(r.coordinators)
    # kind
    body = text[(r.subject[-1].end if r.subject and r.subject_rule != "assign" else c.start):c.end]
    body = re.sub(r"^[\s,:]*(?:(?:chủ trì|có trách nhiệm|chịu trách nhiệm)[\s,:]*)?", "", body)
    tm = t["target"].search(c.text)
    lead_verb = body.lstrip()
    if tm and t["measurable"].search(c.text) and not (
            t["action_start"].match(lead_verb) and tm.start() > 40
            and not re.match(r"(?:phấn đấu|đạt|bảo đảm|đảm bảo)\b", lead_verb, re.I)):
        r.kind = "target"           # a share or a number is the aim; a long task that mentions one stays a task
    elif t["report"].match(body) or t["report_any"].search(c.text):
        r.kind = "report"
    if r.kind == "report":
        r.has_duty = True
        r.report_to = _report_to(text, c, ms, r)
    else:                   # a task that names where its reports go ("... chế độ báo cáo về Ban Chỉ huy ...")
        for m in _REPORT_DIRECTED.finditer(text, c.start, c.end):
            r.report_to += [x for x in chain_after(ms, text, m.end(), max_gap=2, lead_words=("các",))
                            if x not in r.subject and x not in r.report_to]
    if t["duty"].search(c.text):
        r.has_duty = True
    return r


_GENERIC_START = re.compile(r"(?:các|cơ quan|đơn vị|địa phương|doanh nghiệp|tổ chức|lực lượng|chính quyền|"
                            r"cấp ủy|cấp uỷ|ngành|viện|trường|hội|nhà trường|[A-ZĐ])", re.I)


def _generic_bodies(text: str, pos: int, end: int) -> list[AgencyMention]:
    """'phối hợp với các cơ quan chức năng và chính quyền địa phương' when no gazetteer body is there:
    the noun phrase up to the next verb, split at ',' and 'và'."""
    from .bodies import gazetteer
    g = gazetteer()
    m = re.match(r"\s*", text[pos:end])
    start = pos + m.end()
    if not _GENERIC_START.match(text, start, end):
        return []
    words = list(re.finditer(r"[^\s,;:.()]+|[,;:.()]", text[start:end]))
    stop = start
    toks = [w.group(0) for w in words]
    for i, w in enumerate(words):
        tok = toks[i]
        if tok in (";", ":", ".", "(", ")") or i >= 14:
            break
        if tok != "," and any(" ".join(toks[i:i + n]).lower() in g.stops
                              for n in range(g.max_stop_words, 0, -1)):
            break
        stop = start + w.end()
    phrase = text[start:stop]
    out = []
    for piece in re.finditer(r"[^,]+", phrase):
        p = re.sub(r"^\s*(?:và|với)\s+", "", piece.group(0))
        for sub in re.split(r"\s+và\s+", p):
            sub = sub.strip()
            if len(sub) >= 4 and sub.lower() not in ("nhau",):
                s0 = text.find(sub, start, stop)
                out.append(AgencyMention(sub, s0, s0 + len(sub), "generic"))
    return out


_REPORT_DIRECTED = re.compile(r"\bbáo cáo\s+(?:về|lên|đến|tới)\s+", re.I)


def _report_to(text: str, c: Clause, ms: list[AgencyMention], r: Roles) -> list[AgencyMention]:
    t = triggers()
    found: list[tuple[int, list[AgencyMention]]] = []
    for rx in t["report_to"]:
        for m in rx.finditer(text, c.start, c.end):
            chain = [x for x in chain_after(ms, text, m.end(), max_gap=2, lead_words=("các",))
                     if x not in r.subject]
            if chain:
                found.append((chain[0].start, chain))
    out: list[AgencyMention] = []
    if found:
        found.sort(key=lambda f: f[0])
        # recipients named before a purpose clause ("... để tổng hợp, báo cáo cấp trên") only
        purpose = re.search(r"\s(?:để|nhằm)\s", text[found[0][0]:c.end])
        limit = found[0][0] + purpose.start() if purpose else c.end
        for pos, chain in found:
            if pos < limit:
                out.extend(x for x in chain if x.start < limit)
    for m in t["via"].finditer(text, c.start, c.end):
        out.extend(x for x in chain_after(ms, text, m.end(), max_gap=2) if x not in r.subject)
    return _dedupe(out)


def target_split(text: str, c: Clause) -> tuple[Clause, Clause] | None:
    """'Tập trung hỗ trợ doanh nghiệp ..., phấn đấu đến năm 2030 đạt 30% ...' -> (task, target)."""
    m = re.search(r"[,;]\s*(?:để\s+|nhằm\s+)?(?=(?:phấn đấu|đạt|yêu cầu|bảo đảm|đảm bảo)\b[^,;]{0,80}?\d+(?:[.,]\d+)?\s*%)", c.text)
    if not m or m.start() < 30 or not triggers()["action_start"].match(c.text):
        return None
    a = Clause(c.start, c.start + m.start(), c.text[:m.start()])
    b_start = c.start + m.end()
    return a, Clause(b_start, c.end, text[b_start:c.end])


def report_split(text: str, c: Clause) -> tuple[Clause, Clause] | None:
    """'Tổ chức kiểm tra ..., báo cáo UBND tỉnh trước ngày 15/12' -> (task, report)."""
    t = triggers()
    m = re.search(r"(?:[,;]\s*(?:và\s+|đồng thời\s+)?|\s+(?:và|đồng thời)\s+)(?=(?:(?:định kỳ|hằng|hàng)\s+(?:\S+\s+){0,3})?"
                  r"(?:tổng hợp,?\s*)?(?:kịp thời\s+)?(?:báo cáo|gửi báo cáo|gửi kết quả|gửi về)\b)", c.text)
    if not m or m.start() < 25:
        return None
    a = Clause(c.start, c.start + m.start(), c.text[:m.start()])
    b_start = c.start + m.end()
    b = Clause(b_start, c.end, text[b_start:c.end])
    if not t["report"].match(b.text):
        return None
    return a, b
