"""Turn a parsed Query into one SQLAlchemy statement (filters have one code path).

Text terms go to FTS5 when the database has the index (each term a quoted
phrase of letter/digit tokens, joined by AND, bound as a parameter), else to
LIKE over the padded token string ``obligations.search_folded`` (bound,
autoescaped). Filters are the same expressions in both cases.
"""
from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from ..errors import UsageError
from ..model import SearchHit
from ..search.fold import vi_fold, vi_tokens
from ..search.query import Query
from .schema import FTS_TABLE, documents, obligation_agencies, obligations

_RAW_OPERATORS = {"AND", "OR", "NOT", "NEAR"}


def agency_condition(agency: str, roles: tuple[str, ...] | None = None) -> Any:
    """Obligations naming ``agency`` (registry id, or folded substring of a mention)."""
    oa = obligation_agencies
    folded = vi_fold(agency)
    cond = sa.or_(oa.c.agency_id == agency, oa.c.agency_id == folded,
                  oa.c.mention_folded.contains(folded, autoescape=True))
    sub = sa.select(oa.c.obligation_id).where(cond)
    if roles:
        sub = sub.where(oa.c.role.in_(roles))
    return obligations.c.id.in_(sub)


def overdue_condition(today: date) -> Any:
    o = obligations.c
    return sa.or_(o.status == "qua_han",
                  sa.and_(o.due.is_not(None), o.due < today, o.status != "hoan_thanh"))


def filter_conditions(q: Query) -> list[Any]:
    o, d = obligations.c, documents.c
    conds: list[Any] = []
    if q.kind:
        conds.append(o.kind == q.kind)
    if q.status:
        conds.append(o.status == q.status)
    if q.lead:
        conds.append(agency_condition(q.lead, ("lead",)))
    if q.due_before:
        conds.append(sa.and_(o.due.is_not(None), o.due < q.due_before))
    if q.due_after:
        conds.append(sa.and_(o.due.is_not(None), o.due > q.due_after))
    if q.doc:
        conds.append(d.label_folded.contains(q.doc, autoescape=True))
    if q.overdue:
        if q.today is None:
            raise UsageError("bộ lọc “overdue” cần biết ngày hôm nay (today)")
        conds.append(overdue_condition(q.today))
    return conds


def fts_expression(groups: list[tuple[str, ...]]) -> str:
    """Each group as a quoted phrase; tokens are letters/digits only, so nothing escapes."""
    return " AND ".join('"' + " ".join(g) + '"' for g in groups)


def _groups(q: Query) -> list[tuple[str, ...]]:
    groups = q.token_groups()
    if q.raw_fts and not groups:   # raw syntax on a backend without FTS: plain words
        groups = [(t,) for w in q.raw_fts.split() if w not in _RAW_OPERATORS
                  for t in vi_tokens(w)]
    return groups


def build_search(q: Query, *, fts: bool, limit: int) -> tuple[sa.Select, list[tuple[str, ...]] | None]:
    """The statement, and the token groups to score in Python (None: SQL ranked)."""
    o, d = obligations, documents
    cols = [o.c.id, o.c.document_id, d.c.label, o.c.section, o.c.kind, o.c.text, o.c.lead,
            o.c.due, o.c.status, o.c.search_folded]
    frm = o.join(d, d.c.id == o.c.document_id)
    conds = filter_conditions(q)
    groups = _groups(q)
    if fts and (q.raw_fts or groups):
        expr = q.raw_fts or fts_expression(groups)
        ranked = (sa.text(f"SELECT rowid AS oid, bm25({FTS_TABLE}, 1.0, 2.0) AS rank "
                          f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :fts")
                  .bindparams(fts=expr)
                  .columns(oid=sa.Integer, rank=sa.Float)
                  .subquery("fts"))
        frm = frm.join(ranked, ranked.c.oid == o.c.id)
        stmt = (sa.select(*cols, (-ranked.c.rank).label("score")).select_from(frm)
                .where(*conds).order_by(ranked.c.rank, o.c.id).limit(limit))
        return stmt, None
    if groups:
        for g in groups:
            conds.append(o.c.search_folded.contains(" " + " ".join(g) + " ", autoescape=True))
        stmt = sa.select(*cols, sa.literal_column("0.0").label("score")).select_from(frm).where(*conds)
        return stmt, groups
    stmt = (sa.select(*cols, sa.literal_column("0.0").label("score")).select_from(frm).where(*conds)
            .order_by(sa.case((o.c.due.is_(None), 1), else_=0), o.c.due,
                      o.c.document_id, o.c.seq)
            .limit(limit))
    return stmt, None


def like_score(folded: str, groups: list[tuple[str, ...]]) -> float:
    """Occurrences of each group, agency names weighted twice."""
    text_part, _, agencies = folded.partition("|")
    score = 0.0
    for g in groups:
        needle = " " + " ".join(g) + " "
        score += text_part.count(needle) + 2 * (" " + agencies).count(needle)
    return score


def to_hits(rows: list[Any], groups: list[tuple[str, ...]] | None, limit: int) -> list[SearchHit]:
    hits = []
    for r in rows:
        score = like_score(r.search_folded, groups) if groups is not None else float(r.score or 0.0)
        hits.append(SearchHit(
            obligation_id=r.id, document_id=r.document_id, doc_label=r.label,
            section=r.section, kind=r.kind, text=r.text, lead=list(r.lead or []),
            due=r.due.isoformat() if r.due else None, status=r.status, score=round(score, 6)))
    if groups is not None:
        hits.sort(key=lambda h: (-h.score, h.obligation_id))
        hits = hits[:limit]
    return hits
