"""Evaluation runs like a test: a figure below its recorded floor fails."""
import json
from pathlib import Path

import pytest

from pipeline import service

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "tests/data/eval_floors.json").read_text(encoding="utf-8"))


def _figure(micro: dict, key: str) -> float:
    if key == "obligations.f1":
        return micro["obligations"]["f1"]
    if key.startswith("metadata."):
        return micro["metadata"][key.split(".", 1)[1]]
    return micro[key]


def _check(result: dict, floors: dict) -> list[str]:
    low = []
    for key, floor in floors.items():
        value = _figure(result["micro"], key)
        if value is None or value + 1e-9 < floor:
            low.append(f"{key}: {value} < floor {floor}")
    return low


def test_own_samples_meet_their_floors():
    r = service.evaluate(ROOT / "corpora", ROOT / "corpora" / "gold")
    assert r["count"] == len(list((ROOT / "corpora" / "gold").glob("*.json")))
    assert not _check(r, FLOORS["corpora"])


def test_shared_gold_meets_its_floors():
    shared = ROOT.parent / "shared" / "eval" / "gold"
    if not shared.is_dir():
        pytest.skip("../shared not present: the shared gold annotations are needed for this check")
    r = service.evaluate(ROOT.parent / "shared" / "corpora", shared)
    assert not r["missing"], r["missing"]
    assert not _check(r, FLOORS["shared"])
