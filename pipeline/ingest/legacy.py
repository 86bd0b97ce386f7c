"""Legacy Vietnamese encodings (TCVN3/ABC and VNI) -> Unicode NFC.

Before Unicode, Vietnamese offices typed in fonts that re-draw Latin-1 code
points as Vietnamese letters: TCVN3 (".VnTime", ".VnArial", ... one code per
letter; the ".VnTimeH" family draws the lower-case codes as capitals) and VNI
("VNI-Times", ... a base letter followed by modifier characters). Read as
Unicode, such text is gibberish ("C«ng v¨n", "Coâng vaên").

Two ways in:
- by font, in Word documents: :func:`convert_document` rewrites the text of
  every run whose font is a legacy one (fonts listed in resources/legacy/fonts.yaml);
- by statistics, in plain text: :func:`detect` / :func:`fix_text`.

Ordinary Unicode Vietnamese is never converted: text with Vietnamese letters
outside Latin-1 (ă, đ, ơ, ư, ạ, ...) is Unicode by definition, and a text is
only converted when it holds many characters that no Vietnamese Unicode text
contains (µ, ¸, «, ...) and conversion removes them.
The mapping tables are data: resources/legacy/tcvn3.tsv and vni.tsv.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from ..errors import DataError
from ..resources import ROOT, load_yaml

ENCODINGS = ("tcvn3", "vni")
_VN_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
# letters only Unicode Vietnamese has (never present in legacy-encoded text)
_VN_UNICODE = re.compile(r"[ăđơưĂĐƠƯ\u1ea0-\u1ef9]")


@lru_cache(maxsize=4)
def table(encoding: str) -> dict[str, str]:
    """legacy sequence -> Unicode letter, loaded from resources/legacy/<encoding>.tsv."""
    if encoding not in ENCODINGS:
        raise DataError(f"bảng mã không được hỗ trợ: {encoding}")
    path = ROOT / "legacy" / f"{encoding}.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise DataError(f"thiếu tệp dữ liệu ({e.strerror})", path=str(path)) from e
    out: dict[str, str] = {}
    for n, ln in enumerate(lines, 1):
        if not ln or ln.startswith("#"):
            continue
        parts = ln.split("\t")
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise DataError(f"dòng {n} không đúng dạng 'unicode<TAB>mã cũ'", path=str(path))
        uni, leg = parts
        if leg.startswith("U+"):
            leg = chr(int(leg[2:], 16))
        if leg in out:
            raise DataError(f"dòng {n}: mã cũ trùng lặp", path=str(path))
        out[leg] = unicodedata.normalize("NFC", uni)
    return out


@lru_cache(maxsize=4)
def _pattern(encoding: str) -> re.Pattern:
    keys = sorted(table(encoding), key=len, reverse=True)
    return re.compile("|".join(re.escape(k) for k in keys))


@lru_cache(maxsize=1)
def _signature() -> frozenset[str]:
    """Characters present in legacy-encoded text but never in Unicode Vietnamese."""
    chars = set()
    for enc in ENCODINGS:
        for leg in table(enc):
            chars.update(c for c in leg if ord(c) > 127 and c not in _VN_LATIN1)
    return frozenset(chars)


def decode(text: str, encoding: str, *, upper: bool = False) -> str:
    """Convert legacy-encoded text to Unicode NFC (``upper``: a TCVN3 capitals font)."""
    tab = table(encoding)
    out = _pattern(encoding).sub(lambda m: tab[m.group(0)], text)
    if upper:
        out = out.upper()
    return unicodedata.normalize("NFC", out)


def _foreign(text: str) -> int:
    sig = _signature()
    return sum(1 for c in text if c in sig)


def detect(text: str) -> str | None:
    """Return "tcvn3" or "vni" when ``text`` is legacy-encoded, else None (Unicode or unsure)."""
    letters = sum(1 for c in text if c.isalpha())
    if not letters:
        return None
    if len(_VN_UNICODE.findall(text)) > 0.002 * letters:
        return None                      # real Unicode Vietnamese: leave it alone
    before = _foreign(text)
    if before < 3 or before < 0.01 * letters:
        return None
    # TCVN3 text is full of codes VNI never produces (¸ µ ¹ « ª © ® ...); VNI text has none
    tcvn_marks = sum(1 for c in text if c in _tcvn3_only())
    enc = "tcvn3" if tcvn_marks >= 0.3 * before else "vni"
    decoded = decode(text, enc)
    if _foreign(decoded) > 0.25 * before or _syllable_ratio(decoded) < 0.8:
        return None
    return enc


_SYLLABLE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
                       r"[aăâeêioôơuưy]{1,3}(?:ch|nh|ng|[cmnpt])?")
_TONE_MARKS = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}


def _syllable_ratio(text: str) -> float:
    """Share of the words holding a non-ASCII letter that are well-formed Vietnamese syllables."""
    words = [w for w in re.findall(r"[^\W\d_]+", text.lower()) if not w.isascii()]
    if not words:
        return 0.0
    ok = 0
    for w in words:
        d = unicodedata.normalize("NFD", w)
        tones = sum(1 for c in d if c in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONE_MARKS))
        ok += tones <= 1 and bool(_SYLLABLE.fullmatch(base))
    return ok / len(words)


@lru_cache(maxsize=1)
def _tcvn3_only() -> frozenset[str]:
    vni = {c for leg in table("vni") for c in leg}
    return frozenset(c for leg in table("tcvn3") for c in leg if c not in vni and c not in _VN_LATIN1)


def fix_text(text: str) -> tuple[str, str | None]:
    """Convert ``text`` if it is legacy-encoded; returns (text, encoding or None)."""
    enc = detect(text)
    return (decode(text, enc), enc) if enc else (text, None)


# --- Word documents -------------------------------------------------------------

@lru_cache(maxsize=1)
def _font_rules() -> list[tuple[str, str, str | None]]:
    data = load_yaml("legacy/fonts.yaml")
    try:
        return [(p.lower(), enc, spec.get("upper_suffix"))
                for enc, spec in data["encodings"].items() for p in spec["prefixes"]]
    except (KeyError, TypeError, AttributeError) as e:
        raise DataError(f"legacy/fonts.yaml không hợp lệ ({e})") from e


def font_encoding(font: str | None) -> tuple[str, bool] | None:
    """(encoding, draws-capitals) for a legacy font name, None for a Unicode font."""
    if not font:
        return None
    f = font.strip().lower()
    for prefix, enc, upper_suffix in _font_rules():
        if f.startswith(prefix):
            return enc, bool(upper_suffix and f.endswith(upper_suffix))
    return None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _rfont(rpr) -> str | None:
    if rpr is None:
        return None
    fonts = rpr.find(_W + "rFonts")
    if fonts is None:
        return None
    return fonts.get(_W + "ascii") or fonts.get(_W + "hAnsi")


def _style_font(styles: dict, style_id: str | None, default: str | None) -> str | None:
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        st = styles.get(style_id)
        if st is None:
            break
        f = _rfont(st.find(_W + "rPr"))
        if f:
            return f
        based = st.find(_W + "basedOn")
        style_id = based.get(_W + "val") if based is not None else None
    return default


def convert_document(document) -> dict[str, int]:
    """Rewrite, in place, the text of python-docx ``document`` runs set in legacy fonts.

    Returns how many runs were converted per encoding (empty when none).
    """
    root = document.styles.element
    styles = {s.get(_W + "styleId"): s for s in root.iter(_W + "style")}
    default = _rfont(root.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr"))
    default_para = next((s.get(_W + "styleId") for s in root.iter(_W + "style")
                         if s.get(_W + "type") == "paragraph" and s.get(_W + "default") == "1"), None)
    counts: dict[str, int] = {}
    for p in document.element.body.iter(_W + "p"):
        ppr = p.find(_W + "pPr")
        pstyle = ppr.find(_W + "pStyle") if ppr is not None else None
        pfont = _style_font(styles, pstyle.get(_W + "val") if pstyle is not None else default_para, default)
        for r in p.iter(_W + "r"):
            rpr = r.find(_W + "rPr")
            font = _rfont(rpr)
            if not font and rpr is not None and rpr.find(_W + "rStyle") is not None:
                font = _style_font(styles, rpr.find(_W + "rStyle").get(_W + "val"), None)
            hit = font_encoding(font or pfont)
            if not hit:
                continue
            enc, upper = hit
            for t in r.iter(_W + "t"):
                if t.text:
                    t.text = decode(t.text, enc, upper=upper)
            counts[enc] = counts.get(enc, 0) + 1
    return counts
