"""Scoring against gold annotations (../shared/eval/SCHEMA.md). Never imported by runtime code."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from ..extract.deadlines import same_schedule
from ..ingest.normalize import tone_policy

_TOK = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    t = tone_policy(unicodedata.normalize("NFC", text or "")).casefold()
    return _TOK.findall(t)


def norm_body(s: str) -> str:
    s = tone_policy(unicodedata.normalize("NFC", s)).casefold().strip()
    s = re.sub(r"(ủy|uỷ) ban nhân dân", "ubnd", s)
    s = re.sub(r"thành phố", "tp", s)
    s = re.sub(r"^các\s+", "", s)
    return " ".join(s.split())


def _overlap(pred: Counter, gold: list[str]) -> float:
    if not gold:
        return 0.0
    g = Counter(gold)
    return sum(min(c, pred[t]) for t, c in g.items()) / len(gold)


def match(preds: list[dict], golds: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), best overlap first, overlap ≥ 0.5."""
    ptoks = [Counter(tokens(p.get("text") or p.get("quote") or "")) for p in preds]
    gtoks = [tokens(g["quote"]) for g in golds]
    cands = []
    for i, pt in enumerate(ptoks):
        for j, gt in enumerate(gtoks):
            ov = _overlap(pt, gt)
            if ov >= 0.5:
                # prefer the tighter prediction among equal overlaps
                cands.append((ov, -abs(sum(pt.values()) - len(gt)), i, j))
    cands.sort(reverse=True)
    used_p, used_g, pairs = set(), set(), []
    for _, _, i, j in cands:
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        pairs.append((i, j))
    return pairs


def set_counts(pred: list[str], gold: list[str]) -> tuple[int, int, int]:
    """TP, FP, FN between two sets of body names (normalised, fuzzy ratio ≥ 0.85)."""
    p = [norm_body(x) for x in pred]
    g = [norm_body(x) for x in gold]
    used = set()
    tp = 0
    for x in p:
        best, bj = 0.0, None
        for j, y in enumerate(g):
            if j in used:
                continue
            r = fuzz.ratio(x, y) / 100
            if r > best:
                best, bj = r, j
        if bj is not None and best >= 0.85:
            used.add(bj)
            tp += 1
    return tp, len(p) - tp, len(g) - tp


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, t: tuple[int, int, int]) -> None:
        self.tp += t[0]
        self.fp += t[1]
        self.fn += t[2]

    def prf(self) -> dict[str, float | None]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f = 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)
        return {"precision": p, "recall": r, "f1": f, "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class Acc:
    ok: int = 0
    n: int = 0

    def add(self, good: bool) -> None:
        self.ok += int(good)
        self.n += 1

    def value(self) -> float | None:
        return self.ok / self.n if self.n else None


META_FIELDS = ("doc_type", "number_symbol", "issuer", "issued_date", "title", "references")


def _meta_equal(field_: str, pred: Any, gold: Any) -> bool:
    if field_ == "references":
        return [str(x).casefold() for x in (pred or [])] == [str(x).casefold() for x in (gold or [])]
    if pred is None or gold is None:
        return pred is None and gold is None
    if field_ == "issuer":
        return norm_body(str(pred)) == norm_body(str(gold))
    a = " ".join(tone_policy(str(pred)).casefold().split()).strip(" .")
    b = " ".join(tone_policy(str(gold)).casefold().split()).strip(" .")
    return a == b


@dataclass
class Score:
    detection: Tally = field(default_factory=Tally)
    kind: Acc = field(default_factory=Acc)
    lead: Tally = field(default_factory=Tally)
    coordinators: Tally = field(default_factory=Tally)
    report_to: Tally = field(default_factory=Tally)
    due: Acc = field(default_factory=Acc)
    recurrence: Acc = field(default_factory=Acc)
    due_dated: Acc = field(default_factory=Acc)
    recurrence_recurring: Acc = field(default_factory=Acc)
    metadata: dict[str, Acc] = field(default_factory=lambda: {f: Acc() for f in META_FIELDS})

    def merge(self, o: "Score") -> None:
        for name in ("detection", "lead", "coordinators", "report_to"):
            getattr(self, name).add((getattr(o, name).tp, getattr(o, name).fp, getattr(o, name).fn))
        for name in ("kind", "due", "recurrence", "due_dated", "recurrence_recurring"):
            a, b = getattr(self, name), getattr(o, name)
            a.ok += b.ok
            a.n += b.n
        for f in META_FIELDS:
            self.metadata[f].ok += o.metadata[f].ok
            self.metadata[f].n += o.metadata[f].n

    def to_json(self) -> dict[str, Any]:
        return {
            "obligations": self.detection.prf(),
            "kind": self.kind.value(),
            "lead": self.lead.prf()["f1"],
            "coordinators": self.coordinators.prf()["f1"],
            "report_to": self.report_to.prf()["f1"],
            "due": self.due.value(),
            "recurrence": self.recurrence.value(),
            "due_dated": self.due_dated.value(),
            "recurrence_recurring": self.recurrence_recurring.value(),
            "matched": self.kind.n,
            "metadata": {f: self.metadata[f].value() for f in META_FIELDS},
            "details": {"lead": self.lead.prf(), "coordinators": self.coordinators.prf(),
                        "report_to": self.report_to.prf()},
        }


def _date(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _rec_equal(p: str | None, g: str | None, due: date | None) -> bool:
    if not p and not g:
        return True
    if not p or not g:
        return False
    if due is None:
        return p == g
    try:
        return same_schedule(p, g, due)
    except Exception:  # a malformed predicted rule counts as wrong
        return False


def score_document(pred: dict, gold: dict) -> tuple[Score, list[tuple[int, int]]]:
    s = Score()
    preds, golds = pred.get("obligations", []), gold.get("obligations", [])
    pairs = match(preds, golds)
    s.detection.add((len(pairs), len(preds) - len(pairs), len(golds) - len(pairs)))
    for i, j in pairs:
        p, g = preds[i], golds[j]
        s.kind.add(p.get("kind") == g.get("kind"))
        s.lead.add(set_counts(p.get("lead", []), g.get("lead", [])))
        s.coordinators.add(set_counts(p.get("coordinators", []), g.get("coordinators", [])))
        s.report_to.add(set_counts(p.get("report_to", []), g.get("report_to", [])))
        pd, gd = p.get("deadline") or {}, g.get("deadline") or {}
        due_ok = pd.get("due") == gd.get("due")
        s.due.add(due_ok)
        gdue = _date(gd.get("due"))
        rec_ok = _rec_equal(pd.get("recurrence"), gd.get("recurrence"), gdue)
        s.recurrence.add(rec_ok)
        if gd.get("due"):
            s.due_dated.add(due_ok)
        if gd.get("recurrence"):
            s.recurrence_recurring.add(rec_ok)
    pm, gm = pred.get("metadata", {}), gold.get("metadata", {})
    for f in META_FIELDS:
        s.metadata[f].add(_meta_equal(f, pm.get(f), gm.get(f)))
    return s, pairs
