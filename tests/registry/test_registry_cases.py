"""Data-driven mention -> body cases (tests/data/cases/agencies.jsonl)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.registry import load_registry

CASES = Path(__file__).resolve().parent.parent / "data" / "cases" / "agencies.jsonl"


def _cases():
    with open(CASES, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                c = json.loads(line)
                yield pytest.param(c, id=c["name"])


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def test_enough_cases():
    assert sum(1 for _ in _cases()) >= 130


@pytest.mark.parametrize("case", list(_cases()))
def test_case(reg, case):
    on = date.fromisoformat(case["on"]) if case.get("on") else None
    r = reg.resolve(case["mention"], on=on, context=case.get("context"))
    got = (r.kind, r.agency.id if r.agency else None, r.rule, len(r.members))
    assert r.kind == case["expect_kind"], got
    if "expect_id" in case:
        assert r.agency is not None and r.agency.id == case["expect_id"], got
    if "expect_members_count" in case:
        assert len(r.members) == case["expect_members_count"], got
    if "expect_rule" in case:
        assert r.rule == case["expect_rule"], got
    if "expect_original" in case:
        assert r.original is not None and r.original.id == case["expect_original"], got
    if "expect_verified" in case:
        assert r.agency.verified is case["expect_verified"], got
    if r.kind == "unresolved" and "expect_id" not in case:
        assert r.agency is None
