"""Atomic writes for generated files: a temp file in the target folder, then a rename.

Nothing half-written is left behind, and an OS failure becomes an OutputError naming the path.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from .errors import OutputError


def write_atomic(out: Path, writer: Callable[[str], None]) -> Path:
    """Call ``writer(tmp_path)`` and move the result to ``out``."""
    out = Path(out)
    tmp: str | None = None
    try:
        if out.is_dir():
            raise OutputError("đích ghi là một thư mục, cần một tên tệp", path=str(out))
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        writer(tmp)
        os.replace(tmp, out)
        tmp = None
    except OSError as e:
        raise OutputError(f"không ghi được tệp ({e.strerror or e})", path=str(out)) from e
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
    return out


def write_bytes(out: Path, data: bytes) -> Path:
    return write_atomic(out, lambda tmp: Path(tmp).write_bytes(data))
