"""Effective formatting of runs and paragraphs in a .docx (python-docx returns
``None`` for inherited values). Resolution order: direct formatting -> character
style chain -> paragraph style chain -> document defaults."""
from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TRUE_VALUES = {None, "1", "true", "on"}


def _attr(el, name: str) -> str | None:
    return el.get(qn(f"w:{name}")) if el is not None else None


@dataclass
class RunFmt:
    font: str | None        # effective ascii font ("theme:minorHAnsi" for theme fonts)
    font_hansi: str | None
    size: float | None      # pt
    bold: bool
    italic: bool
    color: str | None
    underline: bool
    caps: bool


@dataclass
class ParaFmt:
    align: str | None       # left | center | right | both (justify) | None
    first_line: float       # cm (negative for hanging)
    left: float             # cm
    right: float            # cm
    before: float           # pt
    after: float            # pt
    line: float | None      # multiple of single (auto) or pt (exact/atLeast)
    line_rule: str          # auto | exact | atLeast
    border_bottom: bool


class Styles:
    """Looks properties up along the style chains and the document defaults."""

    def __init__(self, doc):
        root = doc.styles.element
        self.by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
        defaults = root.find(qn("w:docDefaults"))
        self.default_rpr = defaults.find(f"{W}rPrDefault/{W}rPr") if defaults is not None else None
        self.default_ppr = defaults.find(f"{W}pPrDefault/{W}pPr") if defaults is not None else None
        self.default_para = next((sid for sid, s in self.by_id.items()
                                  if s.get(qn("w:type")) == "paragraph"
                                  and s.get(qn("w:default")) in ("1", "true")), None)

    def chain(self, style_id: str | None) -> list:
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            st = self.by_id[style_id]
            out.append(st)
            based = st.find(qn("w:basedOn"))
            style_id = _attr(based, "val")
        return out

    # ------------------------------------------------------------------ runs
    def _rpr_levels(self, r, p) -> list:
        levels = [r.find(qn("w:rPr"))]
        rpr = levels[0]
        rstyle = _attr(rpr.find(qn("w:rStyle")) if rpr is not None else None, "val")
        levels += [s.find(qn("w:rPr")) for s in self.chain(rstyle)]
        levels += [s.find(qn("w:rPr")) for s in self.chain(self._pstyle(p))]
        levels.append(self.default_rpr)
        return [lv for lv in levels if lv is not None]

    def _pstyle(self, p) -> str | None:
        ppr = p.find(qn("w:pPr")) if p is not None else None
        ps = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return _attr(ps, "val") or self.default_para

    def run(self, r, p) -> RunFmt:
        levels = self._rpr_levels(r, p)

        def first(tag: str):
            for lv in levels:
                el = lv.find(qn(f"w:{tag}"))
                if el is not None:
                    return el
            return None

        def font(slot: str) -> str | None:
            for lv in levels:
                el = lv.find(qn("w:rFonts"))
                if el is None:
                    continue
                if _attr(el, slot):
                    return _attr(el, slot)
                if _attr(el, f"{slot}Theme"):
                    return "theme:" + _attr(el, f"{slot}Theme")
            return None

        def toggle(tag: str) -> bool:
            el = first(tag)
            return el is not None and _attr(el, "val") in TRUE_VALUES

        sz = first("sz")
        color = first("color")
        u = first("u")
        return RunFmt(font=font("ascii"), font_hansi=font("hAnsi"),
                      size=int(_attr(sz, "val")) / 2 if sz is not None and _attr(sz, "val") else None,
                      bold=toggle("b"), italic=toggle("i"), color=_attr(color, "val"),
                      underline=u is not None and _attr(u, "val") not in ("none", None),
                      caps=toggle("caps"))

    # ------------------------------------------------------------ paragraphs
    def para(self, p) -> ParaFmt:
        levels = [p.find(qn("w:pPr"))]
        levels += [s.find(qn("w:pPr")) for s in self.chain(self._pstyle(p))]
        levels.append(self.default_ppr)
        levels = [lv for lv in levels if lv is not None]

        def get(tag: str, attr: str):
            for lv in levels:
                el = lv.find(qn(f"w:{tag}"))
                if el is not None and _attr(el, attr) is not None:
                    return _attr(el, attr)
            return None

        def twips_cm(v) -> float:
            return int(v) / 567 if v not in (None, "") else 0.0

        first = twips_cm(get("ind", "firstLine"))
        hanging = get("ind", "hanging")
        if hanging:
            first = -twips_cm(hanging)
        line, rule = get("spacing", "line"), get("spacing", "lineRule") or "auto"
        bottom = None
        for lv in levels:
            bdr = lv.find(qn("w:pBdr"))
            if bdr is not None and bdr.find(qn("w:bottom")) is not None:
                bottom = bdr.find(qn("w:bottom"))
                break
        return ParaFmt(
            align=get("jc", "val"),
            first_line=first,
            left=twips_cm(get("ind", "left") or get("ind", "start")),
            right=twips_cm(get("ind", "right") or get("ind", "end")),
            before=int(get("spacing", "before") or 0) / 20,
            after=int(get("spacing", "after") or 0) / 20,
            line=(int(line) / 240 if rule == "auto" else int(line) / 20) if line else None,
            line_rule=rule,
            border_bottom=bottom is not None and _attr(bottom, "val") not in ("nil", "none"))


def runs_with_text(p) -> list:
    """w:r elements of a paragraph (fields and hyperlinks included) that carry text."""
    out = []
    for r in p.iter(qn("w:r")):
        t = "".join(x.text or "" for x in r.iter(qn("w:t")))
        if t.strip():
            out.append(r)
    return out


def para_text(p) -> str:
    return "".join(x.text or "" for x in p.iter(qn("w:t")))
