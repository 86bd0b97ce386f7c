"""Parse a user's search string into folded terms and typed filters.

Grammar (whitespace separated, order free)::

    words            free words, all must match (diacritics ignored)
    "a phrase"       consecutive words
    kind:task        task | report | target
    lead:"Sở Nội vụ" folded substring of a lead agency (or its registry id)
    status:hoan_thanh  code or Vietnamese label ("status:\"Hoàn thành\"")
    due<2026-06-30   also due>, due<=, due>=, due=, due: ; dates as
                     YYYY-MM-DD or DD/MM/YYYY
    doc:308          folded substring of the document label or number
    overdue          due before today and not done (``today`` is passed in)

Nothing here reaches the database as syntax: terms are reduced to
letter/digit tokens, which the store quotes for FTS or binds for LIKE.
``raw=True`` keeps the free text as an FTS5 expression (opt-in).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from ..errors import UsageError
from .fold import vi_fold, vi_tokens

KINDS = ("task", "report", "target")
_KIND_ALIASES = {"nhiem vu": "task", "bao cao": "report", "chi tieu": "target"}
STATUSES = ("chua_thuc_hien", "dang_thuc_hien", "hoan_thanh", "qua_han")

_PIECE = re.compile(r'''
    (?P<key>[A-Za-z]+)(?P<op><=|>=|:|<|>|=)
        (?:"(?P<qval>[^"]*)(?:"|$)|(?P<val>[^\s"]*))
  | "(?P<phrase>[^"]*)(?:"|$)
  | (?P<word>[^\s"]+)
''', re.X)
_FTS_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
_RAW_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Query:
    """A parsed search. Terms and phrases are folded; filters are typed."""
    text: str = ""
    terms: tuple[str, ...] = ()           # folded free words ("33/ct-ttg")
    phrases: tuple[str, ...] = ()         # folded quoted phrases
    kind: str | None = None
    lead: str | None = None               # folded
    status: str | None = None
    due_before: date | None = None        # strict: due < due_before
    due_after: date | None = None         # strict: due > due_after
    doc: str | None = None                # folded
    overdue: bool = False
    today: date | None = None
    raw_fts: str | None = None            # only with raw=True
    ignored: tuple[str, ...] = field(default=(), compare=False)  # pieces with no searchable token

    def token_groups(self) -> list[tuple[str, ...]]:
        """Each term and phrase as a tuple of tokens; all groups must match."""
        groups = []
        for piece in (*self.terms, *self.phrases):
            toks = tuple(vi_tokens(piece))
            if toks:
                groups.append(toks)
        return groups

    @property
    def has_text(self) -> bool:
        return bool(self.raw_fts) or bool(self.token_groups())

    @property
    def has_filters(self) -> bool:
        return any((self.kind, self.lead, self.status, self.due_before, self.due_after,
                    self.doc, self.overdue))

    @property
    def is_empty(self) -> bool:
        return not (self.has_text or self.has_filters)

    def with_today(self, today: date | None) -> "Query":
        return self if today is None else replace(self, today=today)


def parse_query(text: str, *, today: date | None = None, raw: bool = False) -> Query:
    """Parse ``text``. Raises UsageError (VB500) for an invalid filter value."""
    text = text or ""
    terms: list[str] = []
    phrases: list[str] = []
    raw_parts: list[str] = []
    ignored: list[str] = []
    f: dict = {}
    for m in _PIECE.finditer(text):
        if m.group("key") is not None:
            key = m.group("key").lower()
            op = m.group("op")
            value = m.group("qval") if m.group("qval") is not None else m.group("val")
            if _apply_filter(f, key, op, value or ""):
                continue
            piece = m.group(0)
            (raw_parts if raw else terms).append(piece if raw else vi_fold(piece))
        elif m.group("phrase") is not None:
            phrase = vi_fold(m.group("phrase"))
            if raw:
                raw_parts.append(m.group(0))
            elif vi_tokens(phrase):
                phrases.append(phrase)
            elif phrase:
                ignored.append(phrase)
        else:
            word = m.group("word")
            if word.lower() == "overdue":
                f["overdue"] = True
            elif raw:
                raw_parts.append(word)
            elif vi_tokens(word):
                terms.append(vi_fold(word))
            else:
                ignored.append(word)
    raw_fts = _fold_raw(" ".join(raw_parts)) if raw and raw_parts else None
    return Query(text=text, terms=tuple(terms), phrases=tuple(phrases), today=today,
                 raw_fts=raw_fts, ignored=tuple(ignored), **f)


def _apply_filter(f: dict, key: str, op: str, value: str) -> bool:
    """Record a known filter in ``f``; False when ``key`` is not a filter."""
    value = value.strip()
    if key not in ("due", "kind", "status", "lead", "doc") or (key != "due" and op != ":"):
        return False
    if not value:
        return True   # "kind:" with nothing after it: no filter
    if key == "due":
        d = parse_date(value)
        if op in ("<", "<="):
            f["due_before"] = d + timedelta(days=1) if op == "<=" else d
        elif op in (">", ">="):
            f["due_after"] = d - timedelta(days=1) if op == ">=" else d
        else:  # ":" or "="
            f["due_before"], f["due_after"] = d + timedelta(days=1), d - timedelta(days=1)
        return True
    if key == "kind":
        k = vi_fold(value).replace("_", " ")
        k = _KIND_ALIASES.get(k, k)
        if k not in KINDS:
            raise UsageError(f"loại nhiệm vụ không hợp lệ: “{value}” (dùng task, report hoặc target)")
        f["kind"] = k
    elif key == "status":
        f["status"] = parse_status(value)
    elif key == "lead":
        f["lead"] = vi_fold(value)
    else:
        f["doc"] = vi_fold(value)
    return True


def parse_status(value: str) -> str:
    """A status code from a code or its Vietnamese label ("Hoàn thành" → hoan_thanh)."""
    s = vi_fold(value).replace(" ", "_")
    if s not in STATUSES:
        raise UsageError(f"trạng thái không hợp lệ: “{value}” (dùng {', '.join(STATUSES)})")
    return s


def parse_date(value: str) -> date:
    """YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY. Raises UsageError."""
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise UsageError(f"ngày không hợp lệ: “{value}” (dùng dạng 2026-06-30 hoặc 30/06/2026)")


def _fold_raw(expr: str) -> str:
    """Fold the words of a raw FTS5 expression, keeping its upper-case operators."""
    def one(m: re.Match) -> str:
        w = m.group(0)
        return w if w in _FTS_OPERATORS else vi_fold(w)
    return _RAW_WORD.sub(one, unicodedata.normalize("NFC", expr))
