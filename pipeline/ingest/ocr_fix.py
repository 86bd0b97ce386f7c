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

from ..resources import ROOT as RESOURCES
from ..resources import load_yaml
from ..search.fold import vi_fold

_TONES = ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]   # none, sắc, huyền, hỏi, ngã, nặng
_CIRC = "\u0302"
_TOKEN = re.compile(r"^(\W*)(\w+?)(\W*)$")


@lru_cache(maxsize=1)
def _settings() -> dict:
    return load_yaml("ocr_fix.yaml")


def _package_file(cfg: dict) -> Path | None:
    spec = importlib.util.find_spec(cfg["package"])
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / cfg["file"]
    return path if path.exists() else None


def _lines(path: Path | None) -> list[str]:
    if path is None:
        return []
    return [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]


@lru_cache(maxsize=1)
def protected() -> frozenset[str]:
    """Function words ("các", "có", "đến"): never re-marked, only ever produced."""
    return frozenset(unicodedata.normalize("NFC", w.strip().lower())
                     for w in _lines(_package_file(_settings()["protected"])))


@lru_cache(maxsize=1)
def lexicon() -> tuple[frozenset, dict[str, int]]:
    """(words as tuples of lowercase syllables, syllable -> number of words holding it)."""
    general = _lines(_package_file(_settings()["lexicon"]))
    if not general:
        return frozenset(), {}
    own = _lines(RESOURCES / _settings()["own_words"])
    words: set[tuple[str, ...]] = set()
    freq: dict[str, int] = {}
    for line in general + own:
        sylls = tuple(unicodedata.normalize("NFC", line.strip().lower()).split())
        if not sylls or any(not s.isalpha() for s in sylls):
            continue
        words.add(sylls)
        for s in set(sylls):
            freq[s] = freq.get(s, 0) + 1
    return frozenset(words), freq


@lru_cache(maxsize=1)
def _swaps() -> dict[str, list[str]]:
    """Tone mark -> the look-alike tone marks the OCR puts in its place (from tone_swaps)."""
    swaps: dict[str, list[str]] = {}
    for a, b in _settings()["tone_swaps"]:
        swaps.setdefault(_TONES[a], []).append(_TONES[b])
    return swaps


def _variants(syllable: str) -> set[str]:
    """Re-marked forms of a lowercase syllable, in the directions the OCR errs: a tone put on a
    bare circumflex vowel (ô -> ố ồ ổ ỗ ộ), the circumflex put back under a toned a/e/o
    (ó -> ố), and the swaps of look-alike tones on a circumflex (ố <-> ổ)."""
    circ = _settings()["circumflex"]
    swaps = _swaps()
    out: set[str] = set()
    for i, ch in enumerate(syllable):
        parts = unicodedata.normalize("NFD", ch)
        base, marks = parts[0], parts[1:]
        if base not in circ:
            continue
        tone = next((m for m in marks if m in _TONES[1:]), "")
        if _CIRC in marks:
            options = [base + _CIRC + t for t in (_TONES[1:] if not tone else swaps.get(tone, []))]
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


@lru_cache(maxsize=1)
def _number_words() -> dict[str, str]:
    """Each number word by its letters without marks ("thang" -> "tháng")."""
    return {vi_fold(w): w for w in _settings()["number_words"]}


_NUMBER = re.compile(r"^\(?[\dIVX]+[\d/.,:-]*\)?[.,;:]?$")


def _neighbours(sylls: list[str], parts: list, i: int) -> tuple[list[str], list[str]]:
    """The syllables before and after token ``i`` that can share a word with it: up to three,
    stopping at a token that is no syllable (a number, a sign) or at punctuation."""
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
    return prev, nxt


def _choose(words: frozenset, freq: dict[str, int], cfg: dict, syl: str, variants: set[str],
            pair_variants: set[str], prev: list[str], nxt: list[str],
            next_variants: set[str]) -> tuple[str | None, str | None]:
    """(new form of the syllable or None, new form of the next one or None).

    ``variants`` are the syllable's own re-marked forms (none for a function
    word); ``pair_variants`` those it may take when the next syllable changes too,
    a function word included ("tôi thiêu" -> "tối thiểu")."""
    known = freq.get(syl, 0)
    fitting = [v for v in variants
               if _in_word(words, prev, v, nxt) and freq.get(v, 0) >= cfg["fit_ratio"] * known]
    if fitting:
        return max(fitting, key=lambda v: (freq.get(v, 0), v)), None
    if nxt and next_variants and not _in_word(words, [syl], nxt[0], nxt[1:]) \
            and not _in_word(words, [], nxt[0], nxt[1:]):
        # both read wrong ("tô dân phó"): a re-marked pair that makes a word
        pairs = [(v, w) for v in pair_variants | {syl} for w in next_variants
                 if _in_word(words, prev, v, [w] + nxt[1:])]
        if pairs:
            v, w = max(pairs, key=lambda p: (freq.get(p[0], 0) + freq.get(p[1], 0), p))
            return (v if v != syl else None), w
    ratio = cfg["unknown_ratio"] if known == 0 else cfg["known_ratio"]
    common = max(variants, key=lambda v: (freq.get(v, 0), v)) if variants else None
    if common and ratio and freq.get(common, 0) > 0 and freq.get(common, 0) >= ratio * max(1, known):
        return common, None
    return None, None


_ROMANISH = re.compile(r"^([IVXHl1|]{1,4})(/\d{2,4})?([.,;:)]?)$")


def _roman(token: str) -> str | None:
    """A Roman numeral as the OCR misreads it after "Quý" ("H" for II, "IIH" for III)."""
    m = _ROMANISH.match(token)
    numeral = _settings()["roman_misreads"].get(m.group(1)) if m else None
    return numeral + (m.group(2) or "") + m.group(3) if numeral else None


def _odd_case(core: str, tokens: list[str], i: int) -> bool:
    """"vỊ", or "CƠ" between two lower-case words: a case the OCR got wrong."""
    if core.isupper():                      # an acronym (AI, CP) has no Vietnamese letter
        return (1 < len(core) <= 3 and not core.isascii() and 0 < i < len(tokens) - 1
                and tokens[i - 1][:1].islower() and tokens[i + 1][:1].islower())
    return not core.islower() and not core.istitle()


def fix_tokens(tokens: list[str]) -> list[str]:
    """The tokens of one paragraph (words with their punctuation), tone marks put back where needed."""
    words, freq = lexicon()
    if not words:
        return tokens
    cfg = _settings()
    parts = [_TOKEN.match(t) for t in tokens]
    sylls = [m.group(2).lower() if m and m.group(2).isalpha() else "" for m in parts]
    out = list(tokens)

    def put(i: int, form: str, keep_case: bool = True) -> None:
        m = parts[i]
        out[i] = m.group(1) + (_recase(m.group(2), form) if keep_case else form) + m.group(3)
        sylls[i] = form

    for i in range(1, len(tokens)):
        if sylls[i - 1] in cfg["roman_after"] and (numeral := _roman(tokens[i])):
            out[i] = numeral                  # "Quý H/2026" -> "Quý II/2026"
    for i in [*range(len(sylls))] * 2:      # twice: a fix can give its neighbour a context
        syl = sylls[i]
        if not syl:
            continue
        prev, nxt = _neighbours(sylls, parts, i)
        word = _number_words().get(vi_fold(syl)) \
            if i + 1 < len(tokens) and _NUMBER.match(tokens[i + 1]) else None
        proper = parts[i].group(2)[:1].isupper() and i > 0 and not tokens[i - 1].endswith((".", ":", ";"))
        if word and word != syl and not proper and not _in_word(words, prev, syl, []):
            put(i, word)                      # "ngày 26 thắng 5" -> "tháng"
            continue
        if _in_word(words, prev, syl, nxt):
            if _odd_case(parts[i].group(2), out, i):
                put(i, syl, keep_case=False)  # "các CƠ chế" -> "cơ chế"
            continue
        own = _variants(syl)
        variants = set() if syl in protected() else own
        next_variants = _variants(nxt[0]) if nxt and nxt[0] not in protected() else set()
        if not own and not next_variants:
            continue
        form, next_form = _choose(words, freq, cfg, syl, variants, own, prev, nxt, next_variants)
        if form:
            put(i, form)
        if next_form:
            put(i + 1, next_form)
    return out
