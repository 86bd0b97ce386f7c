"""Logical lines of the normalised text, and what each line starts with."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Line

ROMAN = "IVXLC"
_MARKERS: list[tuple[str, re.Pattern]] = [
    ("part", re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG)\s+([IVXLC]+|\d+|[A-Z])\b[.:]?\s*")),
    ("dieu", re.compile(r"^(?:Điều|ĐIỀU)\s+(\d+)\s*[.:]?\s*")),
    ("roman", re.compile(r"^([IVXLC]{1,6})\s*[.)]\s*(?=\S)")),
    ("arabic3", re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\.?\s+(?=\S)")),
    ("arabic2", re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s+(?=\S)")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.)]\s*(?=\S)")),
    ("letter", re.compile(r"^([a-zđ])\s*\)\s*(?=\S)")),
    ("paren", re.compile(r"^\(\s*(\d{1,2}|[a-zđ]|[ivx]{1,4})\s*\)\s*(?=\S)")),
    ("dash", re.compile(r"^([-*•])\s*(?=\S)")),
    ("plus", re.compile(r"^(\+)\s*(?=\S)")),
]
# Static rank of each marker kind in the hierarchy (lower = higher in the tree).
RANK = {"part": 0, "dieu": 1, "roman": 1, "arabic": 2, "arabic2": 3, "arabic3": 4,
        "letter": 5, "paren": 6, "dash": 7, "plus": 8}


@dataclass
class Marker:
    kind: str
    label: str
    length: int          # characters taken by the marker and the space after it


def marker_of(text: str) -> Marker | None:
    for kind, rx in _MARKERS:
        m = rx.match(text)
        if m:
            label = m.group(1)
            if kind == "roman" and label in ("C", "L", "LC"):
                continue
            if kind == "arabic" and int(label) > 60:
                continue
            return Marker(kind, label, m.end())
    return None


def split_lines(text: str) -> list[Line]:
    """The logical lines with their offsets; table rows carry their cell spans."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if not raw.strip():
            continue
        cells = None
        if raw.startswith("|") and raw.endswith("|") and len(raw) > 2:
            cells = []
            i = start + 1
            for part in raw[1:-1].split("|"):     # "|" never occurs inside a cell (ingest replaces it)
                lead = len(part) - len(part.lstrip())
                cells.append((i + lead, i + lead + len(part.strip())))
                i += len(part) + 1
        out.append(Line(start, end, raw, cells))
    return out


def is_upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and sum(c.isupper() for c in letters) / len(letters) > 0.9
