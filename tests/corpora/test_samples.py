"""The project's own samples: every gold file is valid and its quotes occur in the normalised text."""
from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest import read

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
GOLD = sorted((CORPORA / "gold").glob("*.json"))
KINDS = {"task", "report", "target"}
RRULE = re.compile(r"^FREQ=(DAILY|WEEKLY|MONTHLY|YEARLY)(;[A-Z]+=[A-Z0-9,+-]+)*$")


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def test_there_are_gold_files():
    assert len(GOLD) >= 3


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_gold_schema(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert gold["doc_id"] == gold_path.stem
    meta = gold["metadata"]
    for key in ("doc_type", "number_symbol", "issuer", "issued_date", "title", "references"):
        assert key in meta, key
    if meta["issued_date"]:
        datetime.date.fromisoformat(meta["issued_date"])
    ids = [o["id"] for o in gold["obligations"]]
    assert len(ids) == len(set(ids))
    for ob in gold["obligations"]:
        for key in ("section", "quote", "kind", "lead", "coordinators", "report_to", "deadline"):
            assert key in ob, (ob.get("id"), key)
        assert ob["kind"] in KINDS
        assert len(ob["quote"].split()) >= 3
        for key in ("lead", "coordinators", "report_to"):
            assert isinstance(ob[key], list)
        dl = ob["deadline"]
        assert {"text", "due", "recurrence"} <= set(dl)
        if dl["due"]:
            datetime.date.fromisoformat(dl["due"])
        if dl["recurrence"]:
            assert RRULE.match(dl["recurrence"]), dl["recurrence"]


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: p.stem)
def test_quotes_occur_in_normalised_text(gold_path):
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    sources = [p for p in (CORPORA / f"{gold_path.stem}{ext}" for ext in (".txt", ".docx")) if p.exists()]
    assert sources
    for src in sources:
        text = squash(read(src).text)
        for ob in gold["obligations"]:
            assert squash(ob["quote"]) in text, (src.name, ob["id"], ob["quote"][:80])
            if ob["deadline"]["text"]:
                assert squash(ob["deadline"]["text"]) in text, (src.name, ob["id"], ob["deadline"]["text"])


def test_shared_validator_accepts_the_samples(shared):
    script = shared / "eval" / "validate_gold.py"
    if not script.exists():
        pytest.skip(f"../shared not present: {script}")
    res = subprocess.run([sys.executable, str(script), *map(str, GOLD), "--texts", str(CORPORA)],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stdout + res.stderr
