"""Diacritic folding for Vietnamese search.

A leaf module: it imports nothing from the project. ``vi_fold`` is the one
policy used both when text is indexed and when a query is parsed, so
"so noi vu" finds "Sở Nội vụ" and "dang" finds "Đảng".
"""
from __future__ import annotations

import re
import unicodedata

# Letters that NFD does not decompose: đ/Đ and the look-alike eth that some
# legacy encodings produce for Đ.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})
# Dash variants (hyphen, en/em dash, minus...) fold to "-" so "CT–TTg" = "CT-TTg".
_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SLASHES = re.compile("[\u2044\u2215\uff0f]")
# A search token: a run of letters/digits (the same split FTS5 unicode61 makes).
_TOKEN = re.compile(r"[^\W_]+")


def vi_fold(text: str) -> str:
    """Lower-case, strip tone and vowel marks, đ→d, collapse whitespace.

    Digits and punctuation ("/", "-") are kept, so "33/CT-TTg" folds to
    "33/ct-ttg".
    """
    if not text:
        return ""
    s = text.lower().translate(_LETTERS)
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = _DASHES.sub("-", s)
    s = _SLASHES.sub("/", s)
    return " ".join(s.split())


def vi_tokens(text: str) -> list[str]:
    """The folded search tokens of ``text``: "Số 33/CT-TTg" → ["so", "33", "ct", "ttg"]."""
    return _TOKEN.findall(vi_fold(text))


def token_string(*parts: str) -> str:
    """Tokens of each part, space-joined and padded, parts separated by " | ".

    Used for the portable LIKE index: a phrase "a b" matches when
    " a b " occurs, and never across two parts.
    """
    return " " + " | ".join(" ".join(vi_tokens(p)) for p in parts) + " "
