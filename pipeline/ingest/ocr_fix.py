"""Put back the tone marks Tesseract drops on Vietnamese circumflex vowels.

The Vietnamese model reads "quyết" as "quyêt", "số" as "sô", "bổ" as "bố",
"phối" as "phói". Such a syllable, read alone, is often a real one, so the fix
looks at its neighbours: a syllable is re-marked only when, as read, it makes no
word of the lexicon with the syllable before or after it, and a re-marked form
does ("phôi hợp" -> "phối hợp", "nghị quyêt" -> "nghị quyết"). A syllable the
lexicon has never seen ("kêt") takes its most frequent re-marked form. Settings
and the lexicon's place are in resources/ocr_fix.yaml.
"""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from ..resources import load_yaml

_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]   # none, sắc, huyền, hỏi, ngã, nặng
_CIRC = "\u0302"
_TOKEN = re.compile(r"^(\W*)(\w+?)(\W*)$")


@lru_cache(maxsize=1)
def _settings() -> dict:
    return load_yaml("ocr_fix.yaml")


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset, dict[str, int]]:
    """(words as tuples of lowercase syllables, syllable -> number of words holding it)."""
    cfg = _settings()["lexicon"]
    spec = importlib.util.find_spec(cfg["package"])
    if spec is None or not spec.submodule_search_locations:
        return frozenset(), {}
    path = Path(list(spec.submodule_search_locations)[0]) / cfg["file"]
    if not path.exists():
        return frozenset(), {}
    words: set[tuple[str, ...]] = set()
    freq: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        sylls = tuple(unicodedata.normalize("NFC", line.strip().lower()).split())
        if not sylls or any(not s.isalpha() for s in sylls):
            continue
        words.add(sylls)
        for s in set(sylls):
            freq[s] = freq.get(s, 0) + 1
    return frozenset(words), freq


def _variants(syllable: str) -> set[str]:
    """Re-marked forms of a lowercase syllable, in the directions the OCR errs: a tone put on a
    bare circumflex vowel (ô -> ố ồ ổ ỗ ộ), the circumflex put back under a toned a/e/o
    (ó -> ố), and the swaps of look-alike tones on a circumflex (ố <-> ổ)."""
    cfg = _settings()
    circ = cfg["circumflex"]
    swaps = {_TONES[a]: _TONES[b] for a, b in cfg["tone_swaps"]}
    out: set[str] = set()
    for i, ch in enumerate(syllable):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if base not in circ:
            continue
        tone = next((m for m in marks if m in _TONES[1:]), "")
        if _CIRC in marks:
            options = [base + _CIRC + t for t in _TONES[1:]] if not tone else \
                [base + _CIRC + swaps[tone]] if tone in swaps else []
        elif tone and len(marks) == 1:
            options = [base + _CIRC + tone]
        else:
            continue
        for o in options:
            out.add(syllable[:i] + unicodedata.normalize("NFC", o) + syllable[i + 1:])
    out.discard(syllable)
    return out


def _in_word(words: frozenset, prev: list[str], syl: str, nxt: list[str]) -> bool:
    """Does ``syl`` make a lexicon word of 2-4 syllables with the syllables around it?"""
    for before in range(0, min(3, len(prev)) + 1):
        for after in range(0, min(3, len(nxt)) + 1):
            if 2 <= before + after + 1 <= 4:
                if tuple(prev[len(prev) - before:]) + (syl,) + tuple(nxt[:after]) in words:
                    return True
    return False


def _recase(like: str, s: str) -> str:
    if like.isupper() and len(like) > 1:
        return s.upper()
    if like[:1].isupper():
        return s[:1].upper() + s[1:]
    return s


def fix_tokens(tokens: list[str]) -> list[str]:
    """The tokens of one line (words with their punctuation), tone marks put back where needed."""
    words, freq = lexicon()
    if not words:
        return tokens
    cfg = _settings()
    parts = [_TOKEN.match(t) for t in tokens]
    sylls = [m.group(2).lower() if m and m.group(2).isalpha() else "" for m in parts]
    out = list(tokens)
    for i, syl in enumerate(sylls):
        if not syl:
            continue
        variants = _variants(syl)
        if not variants:
            continue
        # neighbours, up to a token that is not a syllable (a number, a sign) or carries punctuation
        prev: list[str] = []
        for j in range(i - 1, max(-1, i - 4), -1):
            if not sylls[j] or parts[j].group(3):
                break
            prev.insert(0, sylls[j])
        nxt: list[str] = []
        if not parts[i].group(3):
            for j in range(i + 1, min(len(sylls), i + 4)):
                if not sylls[j] or parts[j].group(1):
                    break
                nxt.append(sylls[j])
                if parts[j].group(3):
                    break
        if _in_word(words, prev, syl, nxt):
            continue
        known = freq.get(syl, 0)
        fitting = [v for v in variants if _in_word(words, prev, v, nxt) and freq.get(v, 0) >= known]
        best = None
        if fitting:
            best = max(fitting, key=lambda v: (freq.get(v, 0), v))
        else:
            ratio = cfg["unknown_ratio"] if known == 0 else cfg["known_ratio"]
            common = max(variants, key=lambda v: (freq.get(v, 0), v))
            if ratio and freq.get(common, 0) > 0 and freq.get(common, 0) >= ratio * max(1, known):
                best = common
        if best:
            m = parts[i]
            out[i] = m.group(1) + _recase(m.group(2), best) + m.group(3)
            sylls[i] = best
    return out
