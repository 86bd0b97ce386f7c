"""Rough text widths in Times New Roman, for sizing the short rules of ND30.

Widths are per 1000 em, by character class (Times New Roman Bold is a little
wider than Regular). Accurate to about ±10% on Vietnamese headers, which is
enough to pick a rule length of "1/3 to 1/2 of the text".
"""
from __future__ import annotations

import unicodedata

_NARROW = set("iljtfrI.,;:'!|")
_WIDE_UPPER = set("MWHNĐDOQGUVAXY")


def _char_width(ch: str, bold: bool) -> float:
    base = unicodedata.normalize("NFD", ch)[0] if ch else ch
    if ch == " ":
        return 250
    if base in _NARROW:
        return 300 if bold else 278
    if base.isupper():
        w = 740 if base in _WIDE_UPPER else 650
        return w + (20 if bold else 0)
    if base == "m":
        return 833 if bold else 778
    if base == "w":
        return 722
    if base.isdigit():
        return 500
    if base in "-–":
        return 333
    return 530 if bold else 480


def text_width_cm(text: str, size_pt: float, *, bold: bool = False) -> float:
    """Estimated width of ``text`` on one line."""
    em = sum(_char_width(c, bold) for c in text) / 1000
    return em * size_pt * 2.54 / 72


def line_width_cm(text: str, size_pt: float, box_cm: float, *, bold: bool = False) -> float:
    """Width of the longest line when ``text`` wraps in a box ``box_cm`` wide."""
    words, lines, cur = text.split(), [], ""
    for w in words:
        trial = f"{cur} {w}".strip()
        if cur and text_width_cm(trial, size_pt, bold=bold) > box_cm:
            lines.append(cur)
            cur = w
        else:
            cur = trial
    if cur:
        lines.append(cur)
    return max((text_width_cm(ln, size_pt, bold=bold) for ln in lines), default=0.0)


def pick_rule(text: str, size_pt: float, box_cm: float, widths: dict[str, float]) -> str:
    """The key of ``widths`` closest to 0.42 × the text's (longest line) width."""
    target = 0.42 * line_width_cm(text, size_pt, box_cm, bold=True)
    return min(widths, key=lambda k: abs(widths[k] - target))
