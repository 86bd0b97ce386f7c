"""Matching keys for agency names.

``fold`` is pure and deterministic: the same policy builds the registry's
alias index and folds every mention, so "Uỷ ban nhân dân TP. Hà Nội" and
"UBND Thành phố Hà Nội" give the same key. ``fold_ascii`` is the diacritic-free
fallback key (đ → d); the resolver tries it only after ``fold`` found nothing.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old tone placement on a syllable-final "oa", "oe", "uy" ("hoá", "uỷ") moves to
# the first vowel ("hóa", "ủy"), except after "q" ("quý" stays).
_AE = "àáảãạèéẻẽẹ"
_Y = "ỳýỷỹỵ"
_OLD_TONE = re.compile(rf"(?<![qQ])(?:([oO])([{_AE}{_AE.upper()}])|([uU])([{_Y}{_Y.upper()}]))(?!\w)")
_TONE_MARKS = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}

# Upper-case abbreviation pieces joined by "&", "-" or "và" ("KH&ĐT", "LĐ-TB-XH",
# "KH và ĐT") become one token ("KHĐT", "LĐTBXH"). Whole acronyms that stand on
# their own are never glued to a neighbour ("UBND - HĐND").
_ABBR = re.compile(r"(?<![\w&])([A-ZĐ]{1,4})\s*(?:&|-|–|\bvà\b)\s*([A-ZĐ]{1,4})(?![\w])")
_STANDALONE = frozenset({"UBND", "HĐND", "MTTQ", "ĐBQH", "TW", "TP", "VN", "BCĐ", "TTG", "TTg"})

_DASHES = re.compile("[\u2010-\u2015\u2212]")
_PUNCT = re.compile(r"[.,;:!?()\[\]{}\"'“”‘’/\\*|+_=<>#-]")

# Phrase equivalences applied on the folded, space-separated string (longest
# first). Each maps a spelled-out form to the one short form used in the index.
_PHRASES = [
    ("ủy ban nhân dân", "ubnd"),
    ("hội đồng nhân dân", "hđnd"),
    ("ủy ban mặt trận tổ quốc", "ủy ban mttq"),
    ("mặt trận tổ quốc", "mttq"),
    ("ubmttq", "ủy ban mttq"),
    ("ub mttq", "ủy ban mttq"),
    ("mttqvn", "mttq việt nam"),
    ("ubndtp", "ubnd tp"),
    ("thành phố", "tp"),
    ("trung ương", "tw"),
    ("vn", "việt nam"),
    ("đại biểu quốc hội", "đbqh"),
]
_PHRASE_RE = [(re.compile(rf"(?<!\w){re.escape(a)}(?!\w)"), b) for a, b in _PHRASES]


def _move_tone(m: re.Match) -> str:
    first, second = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    decomposed = unicodedata.normalize("NFD", second)
    base = "".join(c for c in decomposed if c not in _TONE_MARKS)
    tone = "".join(c for c in decomposed if c in _TONE_MARKS)
    return unicodedata.normalize("NFC", first + tone) + base


def normalize_tones(text: str) -> str:
    """Lower-case-safe tone placement policy: "hoá" → "hóa", "Uỷ" → "Ủy"."""
    return _OLD_TONE.sub(_move_tone, unicodedata.normalize("NFC", text))


def _join_abbreviations(text: str) -> str:
    def glue(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if a in _STANDALONE or b in _STANDALONE:
            return m.group(0)
        return a + b
    prev = None
    while prev != text:
        prev, text = text, _ABBR.sub(glue, text)
    return text


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """The matching key of an agency name.

    NFC, tone placement (hoá = hóa), abbreviations glued (KH&ĐT = KH-ĐT = KHĐT),
    case-folded, punctuation to spaces, "&" = "và", "Ủy ban nhân dân" = "UBND",
    "Thành phố" = "TP", "Trung ương" = "TW". "đ" stays distinct from "d".
    """
    if not text:
        return ""
    s = unicodedata.normalize("NFC", text).replace("ð", "đ").replace("Ð", "Đ")
    s = _DASHES.sub("-", s)
    s = _join_abbreviations(s)
    s = s.replace("&", " và ")
    s = normalize_tones(s.lower())
    s = _PUNCT.sub(" ", s)
    s = " ".join(s.split())
    for rx, repl in _PHRASE_RE:
        s = rx.sub(repl, s)
    return s


@lru_cache(maxsize=65536)
def fold_ascii(text: str) -> str:
    """``fold`` without any diacritics (đ → d): the fallback key."""
    s = fold(text).replace("đ", "d")
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(text: str) -> str:
    """An id fragment: "Sở Y tế" → "so-y-te"."""
    return "-".join(fold_ascii(text).split())
