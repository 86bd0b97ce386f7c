"""Lossless syllable tokenisation (pure Python, no heavy imports).

Every non-whitespace character of the text belongs to exactly one token; the
whitespace between tokens is kept aside so the spaCy Doc built from it
reproduces the text byte for byte.
"""
from __future__ import annotations

import re

# Combining marks are kept inside a syllable so NFD input does not split letters.
_W = r"[^\W_]|[\u0300-\u036f]"
TOKEN_RX = re.compile(
    r"\d+(?:[./,:-]\d+)*"                       # 26/1, 1/2021, 10.000, 02-05-2014
    rf"|(?:{_W})+(?:[-'’&](?:{_W})+)*"          # syllables, NĐ-CP, H'Mông, COVID-19
    r"|\.{2,}|-{2,}"                            # ellipsis, dashes
    r"|\S",                                     # any other single character (punctuation, emoji)
)


def syllable_offsets(text: str) -> list[tuple[int, int]]:
    """(start, end) of every token of `text`, in order; gaps are pure whitespace."""
    return [m.span() for m in TOKEN_RX.finditer(text)]


def words_and_spaces(text: str, offs: list[tuple[int, int]]) -> tuple[list[str], list[bool], list[int]]:
    """spaCy's (words, spaces) for `text`, plus, for each word, the index into `offs` or -1.

    A single " " after a token becomes that token's trailing space; any other run of
    whitespace (tabs, newlines, extra spaces, leading whitespace) becomes a whitespace
    token of its own, as spaCy's own tokenizer does.
    """
    words: list[str] = []
    spaces: list[bool] = []
    which: list[int] = []
    pos = 0

    def gap(g: str) -> None:
        if not g:
            return
        if words and not spaces[-1] and which[-1] >= 0 and g[0] == " ":
            spaces[-1] = True
            g = g[1:]
        if g:
            words.append(g)
            spaces.append(False)
            which.append(-1)

    for k, (s, e) in enumerate(offs):
        gap(text[pos:s])
        words.append(text[s:e])
        spaces.append(False)
        which.append(k)
        pos = e
    gap(text[pos:])
    return words, spaces, which
