"""Tables and an additive migration runner.

Portable SQLAlchemy Core types only (SQLite by default, PostgreSQL by URL).
On SQLite builds with FTS5, ``obligations_fts`` indexes the folded text and
agency names of each obligation (rowid = obligations.id); elsewhere search
falls back to LIKE over ``obligations.search_folded``.

To change the schema, append a step to ``MIGRATIONS``; never edit a step
that has shipped.
"""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection

metadata = sa.MetaData()

STATUS_LABELS: dict[str, str] = {
    "chua_thuc_hien": "Chưa thực hiện",
    "dang_thuc_hien": "Đang thực hiện",
    "hoan_thanh": "Hoàn thành",
    "qua_han": "Quá hạn",
}
DEFAULT_STATUS = "chua_thuc_hien"
ROLES = ("lead", "coordinator", "report_to")

schema_version = sa.Table(
    "schema_version", metadata,
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("name", sa.String(200), nullable=False),
)

documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("path", sa.Text, nullable=False, default=""),
    sa.Column("label", sa.Text, nullable=False, default=""),       # "Kế hoạch 308/KH-UBND"
    sa.Column("label_folded", sa.Text, nullable=False, default=""),  # label + number + title, folded
    sa.Column("doc_type", sa.String(20)),
    sa.Column("number_symbol", sa.String(100)),
    sa.Column("issuer", sa.Text),
    sa.Column("issued_date", sa.Date),
    sa.Column("title", sa.Text),
    sa.Column("text", sa.Text, nullable=False, default=""),
    sa.Column("extra", sa.JSON),          # metadata, outline, recipients, citations, flags
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime),
)

obligations = sa.Table(
    "obligations", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("section", sa.String(100), nullable=False, default=""),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("text_folded", sa.Text, nullable=False),
    sa.Column("search_folded", sa.Text, nullable=False),  # token string: text | agencies
    sa.Column("lead", sa.JSON, nullable=False),            # list of names as written
    sa.Column("coordinators", sa.JSON, nullable=False),
    sa.Column("report_to", sa.JSON, nullable=False),
    sa.Column("lead_ids", sa.JSON, nullable=False),        # registry ids, may be empty
    sa.Column("due", sa.Date),
    sa.Column("recurrence", sa.String(200)),
    sa.Column("deadline_text", sa.Text),
    sa.Column("period_start", sa.Date),
    sa.Column("period_end", sa.Date),
    sa.Column("deadline_basis", sa.String(20)),
    sa.Column("start", sa.Integer),                        # provenance offsets
    sa.Column("end", sa.Integer),
    sa.Column("rule", sa.String(100)),
    sa.Column("product", sa.Text),
    sa.Column("needs_review", sa.Boolean, nullable=False, default=False),
    sa.Column("status", sa.String(20), nullable=False, default=DEFAULT_STATUS),
    sa.Column("note", sa.Text),
    sa.Column("updated_at", sa.DateTime),
    sa.Index("ix_obligations_document", "document_id", "seq"),
    sa.Index("ix_obligations_status", "status"),
    sa.Index("ix_obligations_due", "due"),
)

obligation_agencies = sa.Table(
    "obligation_agencies", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("obligation_id", sa.Integer, sa.ForeignKey("obligations.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("role", sa.String(20), nullable=False),       # lead | coordinator | report_to
    sa.Column("position", sa.Integer, nullable=False, default=0),
    sa.Column("mention", sa.Text, nullable=False),
    sa.Column("mention_folded", sa.Text, nullable=False),
    sa.Column("agency_id", sa.String(100)),
    sa.Index("ix_oa_obligation", "obligation_id"),
    sa.Index("ix_oa_agency", "agency_id"),
)

FTS_TABLE = "obligations_fts"


def fts5_supported(conn: Connection) -> bool:
    """True on SQLite builds that can create an FTS5 table."""
    if conn.dialect.name != "sqlite":
        return False
    try:
        conn.exec_driver_sql("CREATE VIRTUAL TABLE IF NOT EXISTS temp._vb_fts_probe USING fts5(x)")
        conn.exec_driver_sql("DROP TABLE IF EXISTS temp._vb_fts_probe")
        return True
    except sa.exc.OperationalError:
        return False


def has_fts(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite" and sa.inspect(conn).has_table(FTS_TABLE)


def _step1_core(conn: Connection) -> None:
    metadata.create_all(conn, tables=[documents, obligations, obligation_agencies])


def _step2_fts(conn: Connection) -> None:
    if not fts5_supported(conn):
        return
    conn.exec_driver_sql(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} "
        "USING fts5(text, agencies, tokenize='unicode61 remove_diacritics 2')")
    rows = conn.execute(sa.select(obligations.c.id, obligations.c.search_folded)).all()
    for oid, folded in rows:
        text_part, _, agencies_part = folded.partition("|")
        conn.execute(sa.text(f"INSERT INTO {FTS_TABLE}(rowid, text, agencies) VALUES (:i, :t, :a)"),
                     {"i": oid, "t": text_part, "a": agencies_part})


# (version, name, step). Append only.
MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "core tables", _step1_core),
    (2, "fts5 index (sqlite only)", _step2_fts),
]


def current_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table("schema_version"):
        return 0
    v = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar()
    return int(v or 0)


def migrate(conn: Connection) -> int:
    """Apply the steps not yet applied, in order; return the resulting version."""
    metadata.create_all(conn, tables=[schema_version])
    version = current_version(conn)
    for number, name, step in MIGRATIONS:
        if number <= version:
            continue
        step(conn)
        conn.execute(sa.insert(schema_version).values(version=number, name=name))
        version = number
    return version
