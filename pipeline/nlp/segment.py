"""Word segmentation: which adjacent syllables form one Vietnamese word.

Two segmenters, same output (a list of (start, end) char offsets of multi-syllable
words, relative to the text given):

- ``dictionary`` (default, fast): forward maximum matching over the word list that
  underthesea ships (Viet74K), with the project's tone policy applied. No model,
  about 1 ms per page. Misses words absent from the list and can over-merge where
  the CRF would use context ("học sinh học").
- ``underthesea``: underthesea's CRF ``word_tokenize`` (about 40 ms per 2,500-char
  page on one core, plus ~2.5 s import and model load). Results are cached per text.
"""
from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from ..errors import DataError

MAX_SYLLABLES = 4
_JOINABLE_GAPS = ("", " ")


def _is_syllable(tok: str) -> bool:
    return tok.isalpha()


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Lower-cased multi-syllable entries (2..MAX_SYLLABLES) of underthesea's Viet74K list."""
    from ..ingest.normalize import tone_policy

    spec = importlib.util.find_spec("underthesea")
    if spec is None or spec.origin is None:
        raise DataError("thiếu gói underthesea (cần danh sách từ Viet74K)")
    path = Path(spec.origin).parent / "corpus" / "data" / "Viet74K.txt"
    try:
        raw = path.read_text(encoding="utf-8").lower()
    except OSError as e:
        raise DataError(f"không đọc được danh sách từ ({e.strerror})", path=str(path)) from e
    out: set[str] = set()
    # the list spells "uỷ ban"; the project's text spells "ủy ban": keep both forms
    for text in (raw, tone_policy(raw)):
        for line in text.splitlines():
            w = line.strip()
            n = w.count(" ") + 1
            if 2 <= n <= MAX_SYLLABLES and w.replace(" ", "").isalpha():
                out.add(w)
    return frozenset(out)


def dictionary_segment(text: str, offs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Forward maximum matching over syllable tokens separated by one space."""
    words = dictionary_words()
    out: list[tuple[int, int]] = []
    i, n = 0, len(offs)
    while i < n:
        s0, e0 = offs[i]
        if not _is_syllable(text[s0:e0]):
            i += 1
            continue
        # the longest run of syllables joined by single spaces, up to MAX_SYLLABLES
        j = i
        while (j + 1 < n and j - i + 1 < MAX_SYLLABLES and text[offs[j][1]:offs[j + 1][0]] == " "
               and _is_syllable(text[offs[j + 1][0]:offs[j + 1][1]])):
            j += 1
        hit = -1
        for k in range(j, i, -1):
            if text[s0:offs[k][1]].lower() in words:
                hit = k
                break
        if hit > i:
            out.append((s0, offs[hit][1]))
            i = hit + 1
        else:
            i += 1
    return out


@lru_cache(maxsize=256)
def _ut_words(text: str) -> tuple[str, ...]:
    from underthesea import word_tokenize  # heavy: imported on first use only

    return tuple(word_tokenize(text, use_token_normalize=False))


def underthesea_segment(text: str) -> list[tuple[int, int]]:
    """Char spans of underthesea's multi-syllable words, aligned back onto `text`.

    Words are located syllable by syllable; a word whose syllables are not found in
    order with only spaces between them (underthesea changed or skipped text) is
    dropped, so the output never points at text that is not there.
    """
    out: list[tuple[int, int]] = []
    cur = 0
    for word in _ut_words(text):
        parts = word.split(" ")
        start = -1
        pos = cur
        ok = True
        for p in parts:
            k = text.find(p, pos)
            if k < 0 or (start >= 0 and text[pos:k] not in _JOINABLE_GAPS):
                ok = False
                break
            if start < 0:
                start = k
            pos = k + len(p)
        if not ok:
            continue
        cur = pos
        if len(parts) > 1:
            out.append((start, pos))
    return out
