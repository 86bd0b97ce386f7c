"""A result that cannot be written gives a typed error, never a traceback, and leaves nothing behind."""
from pathlib import Path

import pytest

from pipeline.errors import OutputError
from pipeline.outputs import write_bytes

ROOT = Path(__file__).resolve().parents[1]


def test_a_folder_given_as_the_file_name(tmp_path):
    target = tmp_path / "plan.docx"
    target.mkdir()
    with pytest.raises(OutputError) as e:
        write_bytes(target, b"x")
    assert e.value.code == "VB600"


def test_an_unwritable_place(tmp_path):
    with pytest.raises(OutputError):
        write_bytes(Path("/proc/vanban-test/x.ics"), b"x")


def test_success_leaves_no_temp_files(tmp_path):
    out = write_bytes(tmp_path / "a" / "x.ics", b"data")
    assert out.read_bytes() == b"data"
    assert [p.name for p in out.parent.iterdir()] == ["x.ics"]


def test_cli_export_to_a_bad_place_is_one_line(vanban, tmp_path):
    r = vanban("export", str(ROOT / "corpora" / "ct-05-ubnd-hn-2026.txt"), "--ics", "-o", "/proc/vanban-x.ics")
    assert r.returncode == 2
    assert "VB600" in r.stderr and "Traceback" not in r.stderr
