"""Storage: schema, migrations and the Store repository (SQLite; PostgreSQL by URL)."""
from .repo import Store
from .schema import STATUS_LABELS

__all__ = ["Store", "STATUS_LABELS"]
