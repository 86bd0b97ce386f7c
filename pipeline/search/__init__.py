"""Search helpers: Vietnamese folding and query parsing (pure; the store runs the SQL)."""
from .fold import vi_fold, vi_tokens
from .query import Query, parse_query

__all__ = ["Query", "parse_query", "vi_fold", "vi_tokens"]
