"""Body (agency) mentions in text: where a body is named, and in what shortest form.

Pure and data-driven: heads, titles, known names, group nouns and stop words
come from resources/bodies.yaml. The registry resolves the mentions later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..model import AgencyMention
from ..resources import load_yaml

_TOKEN = re.compile(r"[^\s,;:()\[\]“”\"./]+(?:/[^\s,;:()\[\]“”\"./]+)*|[,;:()\[\]“”\"./]")
_TITLE_START = re.compile(r"(?:Chủ tịch|Phó Chủ tịch|Giám đốc|Bộ trưởng|Thủ trưởng|Chánh|Trưởng|Phó Trưởng|Bí thư)\b")
_ATTACH = re.compile(r"(?:(?:\s[a-zà-ỹđ]+){0,3}?\s(?:trực thuộc|thuộc|của)|(?<=thuộc))\s")


@dataclass(frozen=True)
class _Gaz:
    heads: tuple[str, ...]
    head_rx: re.Pattern
    group_rx: re.Pattern
    list_rx: re.Pattern
    names: dict[str, tuple[str, ...]]
    not_after: dict[str, tuple[str, ...]]
    stops: frozenset[str]
    max_stop_words: int
    titles_rx: re.Pattern
    more_rx: re.Pattern
    title_groups: tuple[tuple[re.Pattern, str], ...]
    known_rx: re.Pattern | None
    need_name: frozenset[str]
    with_place: frozenset[str]


@lru_cache(maxsize=1)
def gazetteer() -> _Gaz:
    data = load_yaml("bodies.yaml")
    heads = tuple(sorted(data["heads"], key=len, reverse=True))
    head_rx = re.compile(r"(?<![\wÀ-ỹ])(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\wÀ-ỹ])")
    group_rx = re.compile("|".join(f"(?:{g})" for g in data["groups"]))
    list_rx = re.compile(r"(?<![\wÀ-ỹ])(?:[Cc]ác|các) (Bộ|bộ|Sở|sở|Cục|cục|Vụ|vụ|Tổng cục|tổng cục)\s*:\s*")
    names = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in data["names"].items()}
    not_after = {k: tuple(v or ()) for k, v in data["not_after_head"].items()}
    stops = frozenset(data["stop"])
    titles = sorted(data["titles"], key=len, reverse=True)
    titles_rx = re.compile(r"(?:" + "|".join(re.escape(t) for t in titles) + r")\s+$")
    nouns = sorted(data["group_nouns"], key=len, reverse=True)
    tails = sorted(data["group_tails"], key=len, reverse=True)
    more_rx = re.compile(r"(?:,\s*(?:các\s+)?(?:" + "|".join(re.escape(n) for n in nouns) + r")(?![\wÀ-ỹ])"
                         r"|\s+(?:" + "|".join(re.escape(t) for t in tails) + r")(?![\wÀ-ỹ]))")
    tg = tuple((re.compile(t["pattern"]), t["text"]) for t in data.get("title_groups", []))
    return _Gaz(heads, head_rx, group_rx, list_rx, names, not_after, stops,
                max(len(s.split()) for s in stops), titles_rx, more_rx, tg, _known_names_rx(),
                frozenset(data["heads_need_name"]), frozenset(data["heads_with_place"]))


def _known_names_rx() -> re.Pattern | None:
    """Full names and aliases of the registry's bodies, matched as whole phrases (longest first)."""
    from ..registry import load_registry
    names: set[str] = set()
    for a in load_registry().list():
        for n in (a.canonical, *a.aliases):
            if len(n) >= 8 and " " in n and n[:1].isupper() and not n.lower().startswith("các ") \
                    and not _TITLE_START.match(n):
                names.add(n)
    if not names:
        return None
    alts = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(r"(?<![\wÀ-ỹ])(?:" + alts + r")(?![\wÀ-ỹ])")


def _is_cap(tok: str) -> bool:
    return bool(tok) and (tok[0].isupper() or tok[0].isdigit())


def _stop_at(words: list[str], i: int, g: _Gaz) -> bool:
    for n in range(g.max_stop_words, 0, -1):
        if i + n <= len(words) and " ".join(words[i:i + n]).lower() in g.stops:
            return True
    return False


def _extend(text: str, pos: int, end: int, head: str, g: _Gaz) -> int:
    """Extend a body name from the end of its head; returns the end offset."""
    rest = text[pos:end]
    # known names after Sở / Bộ
    for tail in g.names.get(head, ()):
        if rest.startswith(" " + tail) and not re.match(r"[\wÀ-ỹ]", rest[len(tail) + 1:len(tail) + 2] or " "):
            return pos + 1 + len(tail) + _extend_place(text, pos + 1 + len(tail), end)
    toks = [(m.group(0), pos + m.start(), pos + m.end()) for m in _TOKEN.finditer(rest)]
    words = [t[0] for t in toks]
    stop_end = pos
    consumed = 1 if " " in head else 0     # "Ban Quản lý khu ...": a lowercase word may follow
    lower_run = 0
    place_done = False
    i = 0
    while i < len(toks) and consumed < 10:
        w = words[i]
        if place_done and not _is_cap(w):
            break
        if lower_run >= 6 and not _is_cap(w):
            break
        gap = text[stop_end:toks[i][1]]
        if "\n" in gap:
            break
        if w in (",", ";", ":", ".", "(", ")", "[", "]", "“", "”", '"', "/"):
            break
        if _stop_at(words, i, g) and not (i and words[i - 1] == "Ban" and w in ("chỉ", "Chỉ")):
            break
        if w == "và" or w == "-":
            if i + 1 < len(toks) and _is_cap(words[i + 1]) and consumed and not g.head_rx.match(text, toks[i + 1][1]):
                stop_end = toks[i + 1][2]
                consumed += 2
                i += 2
                continue
            break
        if w == "thuộc" and i + 1 < len(toks) and g.head_rx.match(text, toks[i + 1][1]):
            h = g.head_rx.match(text, toks[i + 1][1])
            return _extend(text, h.end(), end, h.group(0), g)
        if _is_cap(w) or (consumed and not w[0].isdigit()):
            if not _is_cap(w) and not (i and words[i - 1] == "Ban" and w in ("chỉ", "Chỉ")) \
                    and not (i > 1 and words[i - 2] == "Ban" and w in ("đạo", "huy")):
                lower_run += 1              # "Ban chỉ đạo ..." : the compound does not count
            elif _is_cap(w):
                lower_run = 0
            if w == "phố" and i and words[i - 1] in ("Thành", "thành"):
                place_done = True
            stop_end = toks[i][2]
            consumed += 1
            i += 1
            continue
        if w in ("tỉnh", "thành", "xã", "phường", "huyện", "quận", "thị", "cấp", "đặc", "trung") or \
                w == "các" and consumed <= 1:
            stop_end = toks[i][2]
            consumed += 1
            i += 1
            if w in ("tỉnh", "xã", "phường", "huyện", "quận"):
                place_done = True       # only a place name may follow ("tỉnh Nghệ An")
            continue
        break
    return stop_end


def _extend_place(text: str, pos: int, end: int) -> int:
    m = re.match(r" (?:tỉnh|thành phố|Thành phố|Tỉnh|TP\.?)(?: [A-ZĐ][\wÀ-ỹ]*)*", text[pos:end])
    return len(m.group(0)) if m else 0


def _head_ok(text: str, m: re.Match, end: int, g: _Gaz) -> bool:
    head = m.group(0)
    after = text[m.end():end]
    for bad in g.not_after.get(head, ()):
        if after.lower().startswith(" " + bad) and not re.match(r"[\wÀ-ỹ]", after[len(bad) + 1:len(bad) + 2] or " "):
            return False
    if head in g.need_name:
        nxt = re.match(r"\s+(\S+)", after)
        if head == "Liên hiệp" and nxt and nxt.group(1) == "các":
            return True
        place = nxt is not None and nxt.group(1) in ("tỉnh", "thành", "Thành", "Tỉnh", "xã", "phường")
        if not nxt or not (_is_cap(nxt.group(1)) or place and head in g.with_place):
            return False
    return True


def find_bodies(text: str, start: int = 0, end: int | None = None) -> list[AgencyMention]:
    """All body mentions in text[start:end], left to right, non-overlapping."""
    g = gazetteer()
    end = len(text) if end is None else end
    out: list[AgencyMention] = []
    pos = start
    while pos < end:
        tgm = min(((m, t) for rx, t in g.title_groups if (m := rx.search(text, pos, end))),
                  key=lambda x: (x[0].start(), -(x[0].end() - x[0].start())), default=None)
        km = g.known_rx.search(text, pos, end) if g.known_rx is not None else None
        lm = g.list_rx.search(text, pos, end)
        gm = g.group_rx.search(text, pos, end)
        hm = g.head_rx.search(text, pos, end)
        while hm and not _head_ok(text, hm, end, g):
            hm = g.head_rx.search(text, hm.end(), end)
        cands = [m for m in (lm, gm, hm, tgm[0] if tgm else None) if m]
        if not cands and km is None:
            break
        m = min(cands, key=lambda x: (x.start(), -(x.end() - x.start()))) if cands else km
        if km is not None and km.start() <= m.start() and (m is hm or km.start() < m.start()
                                                            or km.end() > m.end()):
            e = km.end() + _extend_place(text, km.end(), end)
            out.append(AgencyMention(text[km.start():e], km.start(), e, "known"))
            pos = e
            continue
        if tgm and m is tgm[0]:
            out.append(AgencyMention(tgm[1], m.start(), m.end(), "title-group"))
            pos = m.end()
            continue
        if m is lm:
            items, stop = _list_items(text, m, end, g)
            out.extend(items)
            pos = max(stop, m.end())
            continue
        if m is gm:
            s, e = m.start(), m.end()
            if re.match(r"(?:các\s+)?(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|cấp ủy|tỉnh ủy)\b", m.group(0), re.I) and \
                    (more := g.more_rx.match(text, e, end)) and more.group(0).startswith(",") and \
                    not more.group(0).lstrip(", \t").startswith("cấp"):
                # "Ủy ban nhân dân cấp tỉnh, cơ quan, đơn vị có liên quan", "các cấp ủy, cơ quan, đơn vị":
                # two groups, not one
                # (but "Ủy ban nhân dân cấp tỉnh, cấp xã" is one: the levels of one body)
                out.append(AgencyMention(text[s:e], s, e, "group"))
                s = e + len(more.group(0)) - len(more.group(0).lstrip(", \t"))
                e = more.end()
            while True:                   # "các sở, ngành, đơn vị có liên quan"
                more = g.more_rx.match(text, e, end)
                if not more:
                    break
                e = more.end()
            att = _ATTACH.match(text, e, end)
            if att and (text[s:e].lower().startswith(("các đơn vị", "các cơ quan", "đơn vị", "cơ quan"))
                        or text[e - 8:e].endswith("thuộc")):
                hm2 = g.head_rx.match(text, att.end(), end)
                if hm2 and _head_ok(text, hm2, end, g):
                    e = _extend(text, hm2.end(), end, hm2.group(0), g)
            # a group word right after a head ("UBND các xã, phường") is caught by the group regex
            out.append(AgencyMention(text[s:e], s, e, "group"))
            pos = e
            continue
        head = m.group(0)
        e = _extend(text, m.end(), end, head, g)
        mention = text[m.start():e].rstrip()
        if re.search(r"\bcác (?:bộ|sở|ngành|cơ quan)$", mention):
            e2 = m.start() + len(mention)
            while more := g.more_rx.match(text, e2, end):      # "Ban Chỉ đạo 389 các bộ, ngành, địa phương"
                e2 = more.end()
            mention, e = text[m.start():e2], max(e, e2)
        out.append(AgencyMention(mention, m.start(), m.start() + len(mention), "head"))
        pos = max(e, m.end())
    return [x for x in out if x.text not in ("Thành phố", "Tỉnh")]


def _list_items(text: str, m: re.Match, end: int, g: _Gaz) -> tuple[list[AgencyMention], int]:
    """'Các Bộ: Quốc phòng, Công an, Xây dựng' -> one mention per body."""
    head = m.group(1)[0].upper() + m.group(1)[1:]
    pos = m.end()
    out: list[AgencyMention] = []
    names = g.names.get(head, ())
    while pos < end:
        seg = text[pos:end]
        hit = next((n for n in names if seg.startswith(n)
                    and not re.match(r"[\wÀ-ỹ]", seg[len(n):len(n) + 1] or " ")), None)
        if hit is None:
            mm = re.match(r"([A-ZĐ][\wÀ-ỹ]*(?: (?:[a-zà-ỹđ][\wÀ-ỹ]*|(?:và|-) [A-ZĐ][\wÀ-ỹ]*|[A-ZĐ][\wÀ-ỹ]*)){0,7})", seg)
            if not mm:
                break
            hit = mm.group(1)
            cont = re.match(r", (?!(?:các|những|cùng|theo|trong|tại|bảo|có)\b)[a-zà-ỹđ][\wÀ-ỹ]*(?: [a-zà-ỹđ][\wÀ-ỹ]*){0,2}(?=[;,.]|$| và )",
                            seg[len(hit):])
            if cont:
                hit += cont.group(0)    # "Quản lý đê điều và Phòng, chống thiên tai" is one name
        out.append(AgencyMention(f"{head} {hit}", pos, pos + len(hit), "list"))
        pos += len(hit)
        sep = re.match(r"\s*(?:,|;|và)\s*", text[pos:end])
        if not sep:
            break
        nxt = text[pos + sep.end():pos + sep.end() + 1]
        if not nxt or not nxt.isupper():
            break
        pos += sep.end()
    return out, pos


_CHAIN_GAP = re.compile(r"^\s*(?:,|;|và|và các|hoặc|/|cùng)?\s*$")
_TITLE_SEP = re.compile(r"(?:,|và)\s*$")


def _before_titles(gap: str) -> str | None:
    """``gap`` without the heads' titles at its end ("..., Giám đốc, Thủ trưởng " -> "..., "),
    or None when it ends with no title."""
    rx = gazetteer().titles_rx
    title = rx.search(gap)
    if not title:
        return None
    while title:
        gap = gap[:title.start()]
        sep = _TITLE_SEP.search(gap.rstrip())
        if not sep or not (title := rx.search(gap.rstrip()[:sep.start()].rstrip() + " ")):
            break
        gap = gap.rstrip()[:sep.start()].rstrip() + " "
    return gap


def chain_after(mentions: list[AgencyMention], text: str, pos: int, max_gap: int = 3,
                lead_words: tuple[str, ...] = ()) -> list[AgencyMention]:
    """The mentions that follow position `pos` directly (a list joined by , ; và)."""
    out: list[AgencyMention] = []
    for mnt in mentions:
        if mnt.start < pos:
            continue
        gap = text[pos:mnt.start]
        if not out:
            g = gap.strip()
            for w in lead_words:
                if g.startswith(w):
                    g = g[len(w):].strip()
            bare = _before_titles(gap)
            if bare is not None:
                g = bare.strip()
                for w in lead_words:
                    if g.startswith(w):
                        g = g[len(w):].strip()
            if len(g) > max_gap:
                break
        else:
            bare = _before_titles(gap)
            if not _CHAIN_GAP.match(gap if bare is None else bare):
                break               # only separators (and heads' titles) may stand between list members
        out.append(mnt)
        pos = mnt.end
    return out
