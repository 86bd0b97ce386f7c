"""Load and validate the deadline vocabulary and the holiday calendar (YAML)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from pipeline.errors import DataError

_FREQS = {"YEARLY", "MONTHLY", "WEEKLY"}
_DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}


def _read(name: str) -> Any:
    path = resources.files("pipeline.resources").joinpath(name)
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read {name}: {exc}", path=str(path)) from exc


def _strs(data: dict, key: str, name: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataError(f"{name}: '{key}' must be a non-empty list of strings")
    return value


def phrase_re(words: list[str]) -> str:
    """One regex alternative for a list of phrases, longest first, spaces flexible."""
    parts = sorted({w.strip() for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(re.escape(t) for t in p.split()) for p in parts) + ")"


@dataclass(frozen=True)
class Vocab:
    triggers: list[str]
    end_triggers: list[str]
    roman: dict[str, int]
    quarter_words: list[str]
    number_words: dict[str, int]
    weekdays: dict[str, str]
    recurrence: list[tuple[list[str], str, int]]
    continuation: list[str]
    vision: list[str]
    descriptors: list[str]
    anchors: dict[str, list[str]]
    relative_lead: list[str]
    business_days: list[str]
    vague: dict[str, list[str]]
    year_positions: dict[str, int]
    quarter_last_month: list[str]
    last_quarter_words: list[str]
    school_year: str
    comparison: list[str]
    rate_words: list[str]
    rate_before: list[str]
    attributive_nouns: list[str]
    attributive_followers: list[str]
    condition_leads: list[str]


@lru_cache(maxsize=1)
def load_vocab() -> Vocab:
    name = "deadlines.yaml"
    d = _read(name)
    if not isinstance(d, dict):
        raise DataError(f"{name}: top level must be a mapping")
    roman = d.get("roman")
    if not isinstance(roman, dict) or sorted(roman.values()) != [1, 2, 3, 4]:
        raise DataError(f"{name}: 'roman' must map I..IV to 1..4")
    weekdays = d.get("weekdays") or {}
    if not weekdays or any(v not in _DAYS for v in weekdays.values()):
        raise DataError(f"{name}: 'weekdays' values must be RRULE day codes")
    rec = []
    for entry in d.get("recurrence") or []:
        if not isinstance(entry, dict) or entry.get("freq") not in _FREQS:
            raise DataError(f"{name}: bad recurrence entry {entry!r}")
        rec.append((_strs(entry, "words", name), entry["freq"], int(entry.get("interval", 1))))
    if not rec:
        raise DataError(f"{name}: 'recurrence' is empty")
    vague = d.get("vague")
    if not isinstance(vague, dict):
        raise DataError(f"{name}: 'vague' must be a mapping")
    anchors = d.get("relative_anchors")
    if not isinstance(anchors, dict) or "doc_date" not in anchors:
        raise DataError(f"{name}: 'relative_anchors' needs a doc_date list")
    positions = {k: int(v["month"]) for k, v in (d.get("year_positions") or {}).items()}
    numbers = {k: int(v) for k, v in (d.get("number_words") or {}).items()}
    return Vocab(
        triggers=_strs(d, "triggers", name),
        end_triggers=_strs(d, "end_triggers", name),
        roman={str(k).upper(): int(v) for k, v in roman.items()},
        quarter_words=_strs(d, "quarter_words", name),
        number_words=numbers,
        weekdays={str(k): v for k, v in weekdays.items()},
        recurrence=rec,
        continuation=_strs(d, "continuation", name),
        vision=_strs(d, "vision", name),
        descriptors=_strs(d, "descriptors", name),
        anchors={k: _strs(anchors, k, name) for k in anchors},
        relative_lead=_strs(d, "relative_lead", name),
        business_days=_strs(d, "business_days", name),
        vague={k: _strs(vague, k, name) for k in vague},
        year_positions=positions,
        quarter_last_month=_strs(d, "quarter_last_month", name),
        last_quarter_words=_strs(d, "last_quarter_words", name),
        school_year=str(d.get("school_year") or "năm học"),
        comparison=_strs(d, "comparison", name),
        rate_words=_strs(d, "rate_words", name),
        rate_before=_strs(d, "rate_before", name),
        attributive_nouns=_strs(d, "attributive_nouns", name),
        attributive_followers=_strs(d, "attributive_followers", name),
        condition_leads=_strs(d, "condition_leads", name),
    )


def _as_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DataError(f"holidays.yaml: bad date {value!r} in {where}") from exc


@dataclass(frozen=True)
class Holidays:
    days_off: frozenset[date]
    tet: dict[int, date]
    years: frozenset[int]

    def is_working_day(self, d: date) -> bool:
        return d.weekday() < 5 and d not in self.days_off


@lru_cache(maxsize=1)
def load_holidays() -> Holidays:
    d = _read("holidays.yaml")
    years = (d or {}).get("years")
    if not isinstance(years, dict) or not years:
        raise DataError("holidays.yaml: 'years' must be a non-empty mapping")
    off: set[date] = set()
    tet: dict[int, date] = {}
    for year, entry in years.items():
        where = f"year {year}"
        if not isinstance(entry, dict) or "tet" not in entry or "days_off" not in entry:
            raise DataError(f"holidays.yaml: {where} needs 'tet' and 'days_off'")
        tet[int(year)] = _as_date(entry["tet"], where)
        for item in entry["days_off"]:
            text = str(item)
            if ".." in text:
                a, b = (_as_date(x, where) for x in text.split("..", 1))
                if b < a:
                    raise DataError(f"holidays.yaml: empty range {text} in {where}")
                while a <= b:
                    off.add(a)
                    a += timedelta(days=1)
            else:
                off.add(_as_date(text, where))
    return Holidays(frozenset(off), tet, frozenset(int(y) for y in years))
