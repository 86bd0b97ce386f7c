"""ingest: read(path) -> SourceFile. The only stage that reads user files."""
from __future__ import annotations

import hashlib
from pathlib import Path

from ..errors import EmptyDocument, FileMissing, InputError, UnsupportedFormat
from ..model import SourceFile
from .normalize import normalize_lines
from .convert import read_converted
from .ocr import page_metadata
from .readers import read_docx, read_pdf, read_txt

READERS = {".txt": ("txt", read_txt), ".docx": ("docx", read_docx), ".pdf": ("pdf", read_pdf),
           ".doc": ("doc", read_converted), ".odt": ("odt", read_converted), ".rtf": ("rtf", read_converted)}
SUPPORTED = tuple(READERS)


def read(path: str | Path, *, data: bytes | None = None, name: str | None = None,
         progress=None) -> SourceFile:
    """Read one file (or its bytes) and return its normalised text.

    Raises an InputError subclass, naming the file, for anything a user can get wrong.
    ``progress(done, total)`` is called while scanned PDF pages are OCR'd.
    """
    p = Path(path)
    label = name or str(path)
    suffix = (Path(name).suffix if name else p.suffix).lower()
    if suffix not in READERS:
        raise UnsupportedFormat(
            f"định dạng “{suffix or '(không có phần mở rộng)'}” không được hỗ trợ "
            f"(chỉ nhận {', '.join(SUPPORTED)})", path=label)
    if data is None:
        if not p.exists():
            raise FileMissing("không tìm thấy tệp", path=label)
        if p.is_dir():
            raise InputError("đây là thư mục, không phải tệp", path=label)
        try:
            data = p.read_bytes()
        except OSError as e:
            raise InputError(f"không đọc được tệp ({e.strerror})", path=label) from e
    if not data.strip():
        raise EmptyDocument("tệp rỗng", path=label)
    fmt, reader = READERS[suffix]
    raw, info = reader(Path(label), data, progress) if fmt == "pdf" else reader(Path(label), data)
    text, flags, noise = normalize_lines(raw)
    if len(text.strip()) < 20:
        raise EmptyDocument("tệp không có nội dung văn bản đáng kể", path=label)
    extra = {k: v for k, v in noise.items() if v}
    extra.update(page_metadata(text, info))
    if info.get("legacy"):
        extra["legacy_encoding"] = info["legacy"]
    return SourceFile(path=label, format=fmt, text=text, sha256=hashlib.sha256(data).hexdigest(),
                      pages=info.get("pages", max(1, len(text) // 2500)), flags=flags, extra=extra)


def read_text(text: str, *, name: str = "<text>") -> SourceFile:
    """Normalise a text given in memory (tests, the web form)."""
    return read(name if name.endswith(".txt") else name + ".txt", data=text.encode("utf-8"),
                name=name if name.endswith(".txt") else name + ".txt")
