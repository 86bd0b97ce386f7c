"""Conversions with LibreOffice headless: .doc/.odt/.rtf -> .docx (then read_docx), .docx -> .pdf.

Each conversion gets its own LibreOffice profile folder
(``-env:UserInstallation=file:///tmp/...``): two soffice processes sharing a
profile do not fail, one of them silently produces nothing. Each runs with a
timeout (60 s by default) and is killed with its process group when it overruns.

System package (Debian/Ubuntu): libreoffice-writer-nogui
(scripts/install-system-deps.sh installs it).
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from ..errors import CorruptFile, InputError, UnsupportedFormat

PACKAGE = "libreoffice-writer-nogui"
TIMEOUT = 60
SOURCES = (".doc", ".odt", ".rtf")
_FILTERS = {"docx": "docx:MS Word 2007 XML", "pdf": "pdf:writer_pdf_Export"}


def soffice() -> str | None:
    """Path of the LibreOffice binary, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str = "docx", *, path: str | None = None,
            timeout: float = TIMEOUT) -> bytes:
    """Convert document bytes (of type ``suffix``, e.g. ".doc") to ``target`` ("docx" or "pdf").

    Raises UnsupportedFormat when LibreOffice is missing (naming the package),
    InputError on a timeout and CorruptFile when LibreOffice produces nothing.
    """
    exe = soffice()
    if exe is None:
        raise UnsupportedFormat(f"cần LibreOffice để đọc tệp {suffix} (cài gói: {PACKAGE})", path=path)
    if target not in _FILTERS:
        raise ValueError(f"unknown target {target!r}")
    with tempfile.TemporaryDirectory(prefix="vanban-lo-") as tmp:
        work = Path(tmp)
        src = work / f"input{suffix}"
        src.write_bytes(data)
        outdir = work / "out"
        cmd = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
               "--invisible", "--nologo", "--norestore", "--nolockcheck",
               "--convert-to", _FILTERS[target], "--outdir", str(outdir), str(src)]
        env = dict(os.environ, HOME=str(work))
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                    start_new_session=True)
        except OSError as e:
            raise UnsupportedFormat(f"không chạy được LibreOffice ({e.strerror}; cài gói: {PACKAGE})",
                                    path=path) from e
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.communicate()
            raise InputError(f"LibreOffice chuyển đổi tệp {suffix} quá {int(timeout)} giây; "
                             "tệp có thể quá lớn hoặc bị hỏng", path=path) from None
        result = outdir / f"input.{target}"
        if proc.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
            raise CorruptFile(f"LibreOffice không chuyển đổi được tệp {suffix}"
                              + (f" ({detail[0][:120]})" if detail else "") + "; tệp có thể bị hỏng",
                              path=path)
        return result.read_bytes()


def read_converted(path: Path, data: bytes) -> tuple[list[str], dict]:
    """Reader for .doc/.odt/.rtf: convert to .docx with LibreOffice, then read_docx."""
    from .readers import read_docx
    suffix = path.suffix.lower()
    if suffix not in SOURCES:
        raise UnsupportedFormat(f"định dạng {suffix} không chuyển đổi được", path=str(path))
    return read_docx(path, convert(data, suffix, "docx", path=str(path)))


def docx_to_pdf(data: bytes, *, path: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """Render a .docx (e.g. a generated draft plan) to PDF."""
    return convert(data, ".docx", "pdf", path=path, timeout=timeout)
