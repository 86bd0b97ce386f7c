"""Pattern files (JSONL) for the EntityRuler and the trigger Matcher: load and validate.

No spaCy import here: the structure and token attributes are checked in Python so a
bad line fails with a DataError naming the file and the line, before spaCy sees it.

``agencies.jsonl`` lines (EntityRuler patterns, one JSON object per line):
  {"label": "ORG", "id": "...", "pattern": "phrase" | [token dicts]}
  {"label": "ORG", "id": "...", "heads_from": "bodies.yaml", "tail": [token dicts]}
      -> token patterns for the heads listed in bodies.yaml ("heads"), spelled syllable by
         syllable (one pattern per head length, see _head_patterns), followed by `tail`;
         "heads": [...] restricts the list.
  {"label": "ORG", "id": "...", "names_from": "bodies.yaml"}
      -> phrase patterns "<head> <name>" for the known names of bodies.yaml ("names").
``triggers.jsonl`` lines (Matcher patterns): {"id": "lead", "pattern": [token dicts]}.
Blank lines and lines starting with "//" are ignored.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..errors import DataError
from ..resources import ROOT, load_yaml
from .syllables import syllable_offsets

PATTERN_DIR = ROOT / "patterns"
TOKEN_ATTRS = frozenset({
    "ORTH", "TEXT", "LOWER", "NORM", "LENGTH", "SHAPE", "PREFIX", "SUFFIX", "IS_ALPHA", "IS_ASCII",
    "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE", "IS_STOP", "IS_SENT_START",
    "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "ENT_TYPE", "ENT_ID", "POS", "TAG", "LEMMA", "OP", "_",
})
PREDICATES = frozenset({"IN", "NOT_IN", "REGEX", "FUZZY", "==", "!=", ">=", "<=", ">", "<",
                        "IS_SUBSET", "IS_SUPERSET", "INTERSECTS"})
_OP = re.compile(r"[!?+*]|\{\d*(?:,\d*)?\}")
_AGENCY_KEYS = frozenset({"label", "id", "pattern", "heads_from", "heads", "tail", "names_from"})
_TRIGGER_KEYS = frozenset({"id", "pattern"})
_SOURCES = frozenset({"bodies.yaml"})


@dataclass(frozen=True)
class PatternLine:
    source: str        # file path (for messages)
    line: int          # 1-based line number
    data: dict[str, Any]


def _fail(source: str, line: int, msg: str) -> DataError:
    return DataError(f"dòng {line}: {msg}", path=source)


def _check_token(tok: Any, source: str, line: int, where: str) -> None:
    if not isinstance(tok, dict):
        raise _fail(source, line, f"{where}: mỗi token phải là một đối tượng JSON")
    for key, val in tok.items():
        if key not in TOKEN_ATTRS:
            raise _fail(source, line, f"{where}: thuộc tính token không hợp lệ {key!r}")
        if key == "OP":
            if not isinstance(val, str) or not _OP.fullmatch(val):
                raise _fail(source, line, f"{where}: OP không hợp lệ {val!r}")
        elif key == "_":
            if not isinstance(val, dict) or not val:
                raise _fail(source, line, f"{where}: '_' phải là đối tượng thuộc tính mở rộng")
        elif isinstance(val, dict):
            bad = [p for p in val if p not in PREDICATES]
            if bad or not val:
                raise _fail(source, line, f"{where}: điều kiện không hợp lệ {bad or val!r} cho {key}")
        elif not isinstance(val, (str, bool, int)):
            raise _fail(source, line, f"{where}: giá trị không hợp lệ cho {key}")


def _check_tokens(pat: Any, source: str, line: int, where: str) -> None:
    if not isinstance(pat, list) or not pat:
        raise _fail(source, line, f"'{where}' phải là danh sách token không rỗng")
    for tok in pat:
        _check_token(tok, source, line, where)


def parse_lines(lines: Iterable[str], source: str, kind: str) -> list[PatternLine]:
    """Parse and validate JSONL pattern lines; kind is 'agencies' or 'triggers'."""
    if kind not in ("agencies", "triggers"):
        raise ValueError(kind)
    out: list[PatternLine] = []
    for n, raw in enumerate(lines, 1):
        s = raw.strip()
        if not s or s.startswith("//"):
            continue
        try:
            d = json.loads(s)
        except json.JSONDecodeError as e:
            raise _fail(source, n, f"JSON không hợp lệ ({e.msg}, cột {e.colno})") from e
        if not isinstance(d, dict):
            raise _fail(source, n, "mỗi dòng phải là một đối tượng JSON")
        allowed = _AGENCY_KEYS if kind == "agencies" else _TRIGGER_KEYS
        extra = sorted(set(d) - allowed)
        if extra:
            raise _fail(source, n, f"khóa không được phép: {', '.join(extra)}")
        if kind == "triggers":
            if not isinstance(d.get("id"), str) or not d["id"]:
                raise _fail(source, n, "thiếu 'id' (chuỗi)")
            _check_tokens(d.get("pattern"), source, n, "pattern")
        else:
            _check_agency(d, source, n)
        out.append(PatternLine(source, n, d))
    return out


def _check_agency(d: dict, source: str, n: int) -> None:
    for key in ("label", "id"):
        if not isinstance(d.get(key), str) or not d[key]:
            raise _fail(source, n, f"thiếu '{key}' (chuỗi)")
    modes = [k for k in ("pattern", "heads_from", "names_from") if k in d]
    if len(modes) != 1:
        raise _fail(source, n, "cần đúng một trong 'pattern', 'heads_from', 'names_from'")
    mode = modes[0]
    if mode == "pattern":
        pat = d["pattern"]
        if isinstance(pat, str):
            if not pat.strip():
                raise _fail(source, n, "'pattern' rỗng")
        else:
            _check_tokens(pat, source, n, "pattern")
    else:
        if d[mode] not in _SOURCES:
            raise _fail(source, n, f"'{mode}' phải là một trong {sorted(_SOURCES)}")
    if mode == "heads_from":
        _check_tokens(d.get("tail"), source, n, "tail")
        heads = d.get("heads")
        if heads is not None and (not isinstance(heads, list) or not all(isinstance(h, str) and h for h in heads)):
            raise _fail(source, n, "'heads' phải là danh sách chuỗi")
    elif "tail" in d or "heads" in d:
        raise _fail(source, n, "'tail'/'heads' chỉ dùng với 'heads_from'")


def load_file(name: str, kind: str) -> list[PatternLine]:
    path = PATTERN_DIR / name if not Path(name).is_absolute() else Path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise DataError(f"thiếu tệp mẫu ({e.strerror})", path=str(path)) from e
    return parse_lines(text.splitlines(), str(path), kind)


def _spell(phrase: str) -> list[dict[str, str]]:
    return [{"ORTH": phrase[s:e]} for s, e in syllable_offsets(phrase)]


def _head_patterns(heads: list[str]) -> list[list[dict[str, Any]]]:
    """One token pattern per head length: position k matches any k-th syllable of the heads.

    Speed over precision: spaCy's Matcher cost grows with the number of patterns (one per
    head made the ruler ~100 ms a page); grouping by length keeps it to a few patterns.
    Cross combinations of head syllables ("Ban" + "phủ") are accepted; in practice they do
    not occur in text, and every pattern still needs the tail (a capitalised name...).
    """
    by_len: dict[int, list[list[str]]] = {}
    for head in heads:
        sylls = [t["ORTH"] for t in _spell(head)]
        by_len.setdefault(len(sylls), []).append(sylls)
    out = []
    for n in sorted(by_len):
        cols = [sorted({h[k] for h in by_len[n]}) for k in range(n)]
        out.append([{"ORTH": c[0]} if len(c) == 1 else {"ORTH": {"IN": c}} for c in cols])
    return out


def expand_agencies(lines: list[PatternLine]) -> list[dict[str, Any]]:
    """EntityRuler pattern dicts, with heads_from / names_from lines expanded from bodies.yaml."""
    out: list[dict[str, Any]] = []
    for pl in lines:
        d = pl.data
        base = {"label": d["label"], "id": d["id"]}
        if "pattern" in d:
            out.append({**base, "pattern": d["pattern"]})
            continue
        data = load_yaml(d.get("heads_from") or d["names_from"])
        if "heads_from" in d:
            heads = d.get("heads") or data.get("heads") or []
            for head_pat in _head_patterns(heads):
                out.append({**base, "pattern": head_pat + [dict(t) for t in d["tail"]]})
        else:
            for head, names in (data.get("names") or {}).items():
                for name in names:
                    out.append({**base, "pattern": f"{head} {name}"})
    return out


@lru_cache(maxsize=1)
def agency_patterns() -> tuple[dict[str, Any], ...]:
    return tuple(expand_agencies(load_file("agencies.jsonl", "agencies")))


@lru_cache(maxsize=1)
def trigger_patterns() -> tuple[PatternLine, ...]:
    return tuple(load_file("triggers.jsonl", "triggers"))
