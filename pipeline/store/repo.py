"""The one place that talks to the database: documents, obligations, search.

SQLite by default (``sqlite:///outputs/vanban.db``), PostgreSQL by URL
(``postgresql+psycopg://...``, needs ``vanban[postgres]``). Every public
method runs in one transaction; every value is a bound parameter.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from ..errors import NotFound, StoreError, UsageError, VanbanError
from ..model import Analysis, SearchHit
from ..search.fold import vi_fold
from ..search.query import KINDS, Query, parse_query, parse_status
from . import rows as R
from .schema import (FTS_TABLE, STATUS_LABELS, documents, fts5_supported, has_fts, migrate,
                     obligation_agencies, obligations)
from .searching import agency_condition, build_search, overdue_condition, to_hits


def _json(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


class Store:
    """Repository over one database. Build with ``Store.open(url)``."""

    def __init__(self, engine: Engine, *, fts: bool, version: int):
        self.engine = engine
        self.fts = fts            # True when SQLite FTS5 serves text search
        self.version = version    # schema version after migrations

    # -- lifecycle -----------------------------------------------------------------
    @classmethod
    def open(cls, url: str) -> "Store":
        """Open (and migrate) the database at ``url``. Raises StoreError (VB400)."""
        try:
            u = sa.engine.make_url(url)
        except (sa.exc.ArgumentError, ValueError, TypeError) as e:
            raise StoreError(f"địa chỉ cơ sở dữ liệu không hợp lệ: “{url}”") from e
        backend = u.get_backend_name()
        if backend == "sqlite":
            _prepare_sqlite_path(u.database)
        elif backend not in ("postgresql",):
            raise StoreError(f"không hỗ trợ loại cơ sở dữ liệu “{backend}” "
                             "(dùng sqlite:///đường/dẫn.db hoặc postgresql+psycopg://...)")
        try:
            engine = sa.create_engine(u, json_serializer=_json, future=True)
        except ImportError as e:
            raise StoreError("thiếu thư viện kết nối PostgreSQL: hãy cài `pip install vanban[postgres]`") from e
        except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError) as e:
            raise StoreError(f"địa chỉ cơ sở dữ liệu không hợp lệ: “{url}”") from e
        if backend == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        try:
            with engine.begin() as conn:
                version = migrate(conn)
                fts = has_fts(conn) and fts5_supported(conn)
        except sa.exc.SQLAlchemyError as e:
            engine.dispose()
            raise StoreError(f"không mở được cơ sở dữ liệu “{u.render_as_string(hide_password=True)}”: "
                             f"{_reason(e)}") from e
        return cls(engine, fts=fts, version=version)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except VanbanError:
            raise
        except sa.exc.SQLAlchemyError as e:
            raise StoreError(f"lỗi cơ sở dữ liệu: {_reason(e)}") from e

    # -- documents -----------------------------------------------------------------
    def save_analysis(self, analysis: Analysis, *, now: datetime, replace: bool = False,
                      label: str | None = None) -> tuple[int, bool]:
        """Store a document and its obligations; idempotent by sha256.

        Returns (document id, created). The same content gives the same id and
        no new obligations; with ``replace=True`` the obligations are rebuilt,
        keeping status and note of those whose section and text are unchanged.
        """
        values = R.document_values(analysis, label or R.default_label(analysis))
        with self._tx() as conn:
            doc_id = conn.execute(sa.select(documents.c.id)
                                  .where(documents.c.sha256 == values["sha256"])).scalar()
            if doc_id is not None and not replace:
                return int(doc_id), False
            if doc_id is None:
                doc_id = conn.execute(sa.insert(documents).values(**values, created_at=now)
                                      ).inserted_primary_key[0]
                created, kept = True, {}
            else:
                conn.execute(sa.update(documents).where(documents.c.id == doc_id)
                             .values(**values, updated_at=now))
                kept = self._delete_obligations(conn, doc_id)
                created = False
            for seq, o in enumerate(analysis.obligations, start=1):
                v = R.obligation_values(o, seq, doc_id, now)
                v.update(kept.get((v["section"], v["text_folded"]), {}))
                oid = conn.execute(sa.insert(obligations).values(**v)).inserted_primary_key[0]
                agencies = R.agency_values(o, oid)
                if agencies:
                    conn.execute(sa.insert(obligation_agencies), agencies)
                self._index(conn, oid, v["search_folded"])
            return int(doc_id), created

    def delete_document(self, document_id: int) -> None:
        with self._tx() as conn:
            self._require(conn, documents, document_id, "văn bản")
            self._delete_obligations(conn, document_id)
            conn.execute(sa.delete(documents).where(documents.c.id == document_id))

    def documents(self) -> list[dict[str, Any]]:
        """All documents (without their text), newest first, with obligation counts."""
        n = (sa.select(sa.func.count(obligations.c.id))
             .where(obligations.c.document_id == documents.c.id).scalar_subquery())
        with self._tx() as conn:
            rows = conn.execute(sa.select(documents, n.label("obligation_count"))
                                .order_by(documents.c.created_at.desc(), documents.c.id.desc())).all()
        return [R.document_dict(r) for r in rows]

    def document(self, document_id: int) -> dict[str, Any]:
        """One document with its text and stored outline. Raises NotFound (VB404)."""
        with self._tx() as conn:
            row = conn.execute(sa.select(documents).where(documents.c.id == document_id)).first()
            if row is None:
                raise NotFound(f"không tìm thấy văn bản số {document_id}")
            count = conn.execute(sa.select(sa.func.count()).select_from(obligations)
                                 .where(obligations.c.document_id == document_id)).scalar_one()
        out = R.document_dict(row, full=True)
        out["obligation_count"] = count
        return out

    # -- obligations ---------------------------------------------------------------
    def obligations(self, document_id: int | None = None, agency: str | None = None, *,
                    role: str | None = None) -> list[dict[str, Any]]:
        """Obligations in document order; ``agency`` is a registry id or (part of) a name."""
        stmt = (sa.select(obligations, documents.c.label.label("doc_label"))
                .select_from(obligations.join(documents, documents.c.id == obligations.c.document_id))
                .order_by(obligations.c.document_id, obligations.c.seq))
        if document_id is not None:
            stmt = stmt.where(obligations.c.document_id == document_id)
        if agency:
            stmt = stmt.where(agency_condition(agency, (role,) if role else None))
        with self._tx() as conn:
            rows = conn.execute(stmt).all()
        return [R.obligation_dict(r) for r in rows]

    def obligation(self, obligation_id: int) -> dict[str, Any]:
        with self._tx() as conn:
            return self._obligation(conn, obligation_id)

    def update_obligation(self, obligation_id: int, *, now: datetime, status: str | None = None,
                          note: str | None = None, lead: list[str] | str | None = None,
                          due: date | None = None, clear_due: bool = False) -> dict[str, Any]:
        """Change what a reviewer may change; None leaves a field as it is.

        Raises NotFound (VB404) for an unknown id, UsageError (VB500) for a bad status.
        """
        values: dict[str, Any] = {"updated_at": now}
        if status is not None:
            values["status"] = parse_status(status)
        if note is not None:
            values["note"] = note.strip() or None
        if due is not None or clear_due:
            if due is not None and not isinstance(due, date):
                raise UsageError(f"hạn không hợp lệ: “{due}”")
            values["due"] = due
        with self._tx() as conn:
            current = self._obligation(conn, obligation_id)
            if lead is not None:
                names = [lead] if isinstance(lead, str) else list(lead)
                names = [n.strip() for n in names if n and n.strip()]
                values["lead"], values["lead_ids"] = names, []
                values["search_folded"] = R.search_folded(
                    current["text"], names, current["coordinators"], current["report_to"])
                self._replace_lead_rows(conn, obligation_id, names)
                self._unindex(conn, obligation_id)
                self._index(conn, obligation_id, values["search_folded"])
            conn.execute(sa.update(obligations).where(obligations.c.id == obligation_id)
                         .values(**values))
            return self._obligation(conn, obligation_id)

    # -- search and figures ----------------------------------------------------------
    def search(self, query: Query | str, *, limit: int = 50, today: date | None = None,
               raw: bool = False) -> list[SearchHit]:
        """Diacritic-insensitive search; ranked by FTS5 bm25 or a term count.

        An empty query (or one with no searchable word and no filter) finds nothing.
        """
        q = parse_query(query, today=today, raw=raw) if isinstance(query, str) else query.with_today(today)
        if q.is_empty:
            return []
        limit = max(1, min(int(limit), 1000))
        stmt, groups = build_search(q, fts=self.fts, limit=limit)
        try:
            with self._tx() as conn:
                rows = conn.execute(stmt).all()
        except StoreError as e:
            if q.raw_fts and isinstance(e.__cause__, sa.exc.OperationalError):
                raise UsageError(f"biểu thức tìm kiếm không hợp lệ: {q.raw_fts}") from e
            raise
        return to_hits(rows, groups, limit)

    def stats(self, *, today: date | None = None) -> dict[str, Any]:
        """Counts by kind and status; overdue count when ``today`` is given."""
        o = obligations.c
        with self._tx() as conn:
            n_docs = conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one()
            by_kind = dict(conn.execute(sa.select(o.kind, sa.func.count()).group_by(o.kind)).all())
            by_status = dict(conn.execute(sa.select(o.status, sa.func.count()).group_by(o.status)).all())
            review = conn.execute(sa.select(sa.func.count()).select_from(obligations)
                                  .where(o.needs_review.is_(True))).scalar_one()
            overdue = None
            if today is not None:
                overdue = conn.execute(sa.select(sa.func.count()).select_from(obligations)
                                       .where(overdue_condition(today))).scalar_one()
        return {
            "documents": n_docs,
            "obligations": sum(by_kind.values()),
            "by_kind": {k: by_kind.get(k, 0) for k in KINDS} | {k: v for k, v in by_kind.items() if k not in KINDS},
            "by_status": {k: by_status.get(k, 0) for k in STATUS_LABELS},
            "status_labels": dict(STATUS_LABELS),
            "needs_review": review,
            "overdue": overdue,
            "today": today.isoformat() if today else None,
        }

    # -- helpers -------------------------------------------------------------------
    def _obligation(self, conn: Connection, obligation_id: int) -> dict[str, Any]:
        row = conn.execute(sa.select(obligations, documents.c.label.label("doc_label"))
                           .select_from(obligations.join(documents, documents.c.id == obligations.c.document_id))
                           .where(obligations.c.id == obligation_id)).first()
        if row is None:
            raise NotFound(f"không tìm thấy nhiệm vụ số {obligation_id}")
        return R.obligation_dict(row)

    @staticmethod
    def _require(conn: Connection, table: sa.Table, row_id: int, what: str) -> None:
        if conn.execute(sa.select(table.c.id).where(table.c.id == row_id)).first() is None:
            raise NotFound(f"không tìm thấy {what} số {row_id}")

    def _delete_obligations(self, conn: Connection, doc_id: int) -> dict[tuple[str, str], dict]:
        """Delete a document's obligations; return the review state worth keeping."""
        old = conn.execute(sa.select(obligations.c.id, obligations.c.section, obligations.c.text_folded,
                                     obligations.c.status, obligations.c.note)
                           .where(obligations.c.document_id == doc_id)).all()
        ids = [r.id for r in old]
        if ids:
            conn.execute(sa.delete(obligation_agencies).where(obligation_agencies.c.obligation_id.in_(ids)))
            for oid in ids:
                self._unindex(conn, oid)
            conn.execute(sa.delete(obligations).where(obligations.c.id.in_(ids)))
        return {(r.section, r.text_folded): {"status": r.status, "note": r.note} for r in old}

    def _replace_lead_rows(self, conn: Connection, oid: int, names: list[str]) -> None:
        oa = obligation_agencies
        conn.execute(sa.delete(oa).where(oa.c.obligation_id == oid, oa.c.role == "lead"))
        if names:
            conn.execute(sa.insert(oa), [
                {"obligation_id": oid, "role": "lead", "position": i, "mention": n,
                 "mention_folded": vi_fold(n), "agency_id": None} for i, n in enumerate(names)])

    def _index(self, conn: Connection, oid: int, folded: str) -> None:
        if self.fts:
            text_part, agencies = R.fts_parts(folded)
            conn.execute(sa.text(f"INSERT INTO {FTS_TABLE}(rowid, text, agencies) VALUES (:i, :t, :a)"),
                         {"i": oid, "t": text_part, "a": agencies})

    def _unindex(self, conn: Connection, oid: int) -> None:
        if self.fts:
            conn.execute(sa.text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :i"), {"i": oid})


def _prepare_sqlite_path(database: str | None) -> None:
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    parent = Path(database).expanduser().resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(f"không tạo được thư mục cho cơ sở dữ liệu “{parent}”: {e.strerror or e}") from e
    if not _writable(parent) or (Path(database).exists() and not _writable(Path(database))):
        raise StoreError(f"không có quyền ghi vào “{database}”")


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _reason(e: Exception) -> str:
    orig = getattr(e, "orig", None)
    return str(orig or e).splitlines()[0][:300]
