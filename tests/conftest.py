"""Shared fixtures: repository paths, the ../shared folder, a runner for the `vanban` command."""
from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "tests" / "data" / "fixtures"
CORPORA = ROOT / "corpora"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def corpora() -> Path:
    return CORPORA


@pytest.fixture(scope="session")
def shared() -> Path:
    """The read-only ../shared folder; tests that need it skip when it is absent."""
    if not (SHARED / "eval").is_dir():
        pytest.skip(f"../shared not present: {SHARED} (seed texts and gold files live there)")
    return SHARED


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


class Vanban:
    """Runs the installed console script `vanban` in a subprocess, as a user would."""

    def __init__(self, exe: list[str]):
        self.exe = exe

    def __call__(self, *args: str | Path, cwd: Path | None = None, timeout: float = 120) -> Result:
        env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1", COLUMNS="200")
        p = subprocess.run([*self.exe, *map(str, args)], cwd=cwd or ROOT, env=env, capture_output=True,
                           text=True, encoding="utf-8", timeout=timeout, stdin=subprocess.DEVNULL)
        return Result(p.returncode, p.stdout, p.stderr)


@pytest.fixture(scope="session")
def vanban() -> Vanban:
    script = Path(sys.executable).parent / "vanban"
    if script.exists():
        return Vanban([str(script)])
    return Vanban([sys.executable, "-c", "from pipeline.cli import main; main()"])


@pytest.fixture(scope="session")
def kh_docx_analysis():
    from pipeline import service
    return service.analyze_file(CORPORA / "kh-48-ubnd-phutho-2026.docx")


@pytest.fixture(scope="session")
def kh_pdf_analysis():
    from pipeline import service
    return service.analyze_file(FIXTURES / "kh-sample.pdf")
