"""extract: obligations (tasks, reports, targets), body mentions, deadlines. Pure."""
from .obligations import extract_obligations

__all__ = ["extract_obligations"]
