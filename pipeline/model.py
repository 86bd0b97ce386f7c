"""Typed records passed between the stages.

ingest -> SourceFile -> structure -> StructuredDoc -> extract -> [Obligation]
Every fact that comes out of the text carries a Provenance: character offsets
into ``SourceFile.text`` (the one normalised string), the section path and the
id of the rule that produced it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, Literal

Kind = Literal["task", "report", "target"]


@dataclass(frozen=True)
class Flag:
    """Something ingest noticed and left visible (e.g. a number with a stray space)."""
    code: str
    start: int
    end: int
    message: str


@dataclass
class SourceFile:
    """The normalised text of one input file."""
    path: str
    format: str  # txt | docx | pdf
    text: str
    sha256: str
    pages: int = 1
    flags: list[Flag] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Provenance:
    start: int
    end: int
    section: str
    rule: str


@dataclass
class Line:
    """One logical line of the normalised text (a paragraph or a table row)."""
    start: int
    end: int
    text: str
    cells: list[tuple[int, int]] | None = None  # table row: (start, end) of each cell

    @property
    def is_row(self) -> bool:
        return self.cells is not None


@dataclass
class Section:
    """A node of the document tree: a numbered item, a heading or a paragraph."""
    label: str          # as printed, without punctuation: "II", "3", "a", "-", "+", "Điều 2"
    level: int          # rank in the hierarchy (0 = root)
    path: str           # "II.3.a" or "II.3-2"
    start: int          # offset of the whole line (marker included)
    end: int            # end of the line
    text_start: int     # offset after the marker
    marker: str = ""    # the kind of marker: roman, arabic, arabic2, letter, dash, plus, paren, dieu, khoan, para, row
    children: list["Section"] = field(default_factory=list)
    parent: "Section | None" = field(default=None, repr=False, compare=False)
    cells: list[tuple[int, int]] | None = None

    def iter(self):
        yield self
        for c in self.children:
            yield from c.iter()


@dataclass
class Citation:
    number_symbol: str
    doc_type: str | None
    date: date | None
    issuer: str | None
    start: int
    end: int


@dataclass
class Metadata:
    doc_type: str | None = None          # ND30 abbreviation: CT, KH, QĐ, CV, CĐ, TB, NQ, KL, HD, ...
    number_symbol: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    place: str | None = None
    issued_date: date | None = None
    title: str | None = None             # trích yếu, as a sentence ("Kế hoạch thực hiện ...")
    references: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_type": self.doc_type,
            "number_symbol": self.number_symbol,
            "issuer": self.issuer,
            "issuer_parent": self.issuer_parent,
            "place": self.place,
            "issued_date": self.issued_date.isoformat() if self.issued_date else None,
            "title": self.title,
            "references": list(self.references),
        }


@dataclass
class StructuredDoc:
    source: SourceFile
    metadata: Metadata
    lines: list[Line]
    root: Section
    body_start: int                      # first offset of the body (after header/title)
    body_end: int                        # offset where "Nơi nhận"/signature starts
    recipients: list[str] = field(default_factory=list)   # Nơi nhận
    addressees: list[str] = field(default_factory=list)   # Kính gửi
    signature: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.source.text


@dataclass
class AgencyMention:
    """A body named in the text. ``text`` is the body in the shortest form that names it, as
    the gold convention writes it: heads' titles dropped, "Các Bộ: Quốc phòng" -> "Bộ Quốc phòng".
    ``start``/``end`` point at the words in the normalised text that name it (-1 when it comes
    from elsewhere, e.g. the Kính gửi list or the issuer)."""
    text: str
    start: int = -1
    end: int = -1
    rule: str = ""
    agency_id: str | None = None      # resolved registry id (or group id)
    resolution: str | None = None     # body | group | unresolved


@dataclass
class Deadline:
    text: str | None = None
    start: int = -1
    end: int = -1
    due: date | None = None
    period_start: date | None = None
    period_end: date | None = None
    recurrence: str | None = None     # RFC 5545 RRULE without the "RRULE:" prefix
    basis: str = "none"               # absolute | doc_date | event | inherited | none
    needs_review: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "due": self.due.isoformat() if self.due else None,
            "start": self.period_start.isoformat() if self.period_start else None,
            "end": self.period_end.isoformat() if self.period_end else None,
            "recurrence": self.recurrence,
            "basis": self.basis,
            "needs_review": self.needs_review,
        }


@dataclass
class Obligation:
    text: str
    kind: Kind
    provenance: Provenance
    lead: list[AgencyMention] = field(default_factory=list)
    coordinators: list[AgencyMention] = field(default_factory=list)
    report_to: list[AgencyMention] = field(default_factory=list)
    deadline: Deadline = field(default_factory=Deadline)
    product: str | None = None
    needs_review: bool = False
    review: list[str] = field(default_factory=list)   # why it needs review (Vietnamese, for the clerk)
    id: int = 0

    @property
    def section(self) -> str:
        return self.provenance.section

    def to_json(self) -> dict[str, Any]:
        def names(ms: list[AgencyMention]) -> list[str]:
            return [m.text for m in ms]
        return {
            "id": self.id,
            "section": self.provenance.section,
            "text": self.text,
            "kind": self.kind,
            "lead": names(self.lead),
            "coordinators": names(self.coordinators),
            "report_to": names(self.report_to),
            "deadline": self.deadline.to_json(),
            "product": self.product,
            "start": self.provenance.start,
            "end": self.provenance.end,
            "rule": self.provenance.rule,
            "needs_review": self.needs_review,
            "review": list(self.review),
            "agencies": {
                role: [{"text": m.text, "agency_id": m.agency_id, "resolution": m.resolution}
                       for m in ms]
                for role, ms in (("lead", self.lead), ("coordinators", self.coordinators),
                                 ("report_to", self.report_to))
            },
        }


@dataclass
class Analysis:
    """The result of analysing one document: what the service stores and returns."""
    doc: StructuredDoc
    obligations: list[Obligation]

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.doc.source.path,
            "sha256": self.doc.source.sha256,
            "metadata": self.doc.metadata.to_json(),
            "sections": section_outline(self.doc.root),
            "recipients": self.doc.recipients,
            "addressees": self.doc.addressees,
            "citations": [
                {"number_symbol": c.number_symbol, "doc_type": c.doc_type,
                 "date": c.date.isoformat() if c.date else None, "issuer": c.issuer}
                for c in self.doc.citations
            ],
            "flags": [asdict(f) for f in self.doc.source.flags],
            "obligations": [o.to_json() for o in self.obligations],
        }


def section_outline(root: Section, text: str | None = None) -> list[dict[str, Any]]:
    """Headings and numbered items as a nested outline (paragraph nodes are skipped)."""
    out = []
    for c in root.children:
        if c.marker in ("para", "row"):
            continue
        out.append({"label": c.label, "path": c.path, "start": c.start, "end": c.end,
                    "children": section_outline(c)})
    return out


@dataclass
class SearchHit:
    obligation_id: int
    document_id: int
    doc_label: str
    section: str
    kind: str
    text: str
    lead: list[str]
    due: str | None
    status: str
    score: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class PlanFile:
    agency: str
    path: str
    obligations: int


@dataclass
class Agency:
    """A body (or a group of bodies) of the registry."""
    id: str
    canonical: str                      # short name in its own context ("Sở Nội vụ")
    full_name: str = ""                 # with the locality ("Sở Nội vụ thành phố Hà Nội")
    header_name: str = ""               # ND30 header, lines separated by "/" ("UBND THÀNH PHỐ HÀ NỘI/SỞ NỘI VỤ")
    type: str = ""                      # co_quan_chuyen_mon, ubnd_cap_xa, bo, group, ...
    parent: str | None = None           # id
    jurisdiction: str = ""              # "hanoi", "central", "nghean", ...
    symbol: str | None = None           # issuer code for "Số: /KH-<symbol>"
    aliases: list[str] = field(default_factory=list)
    valid_from: date | None = None
    valid_to: date | None = None
    successors: list[str] = field(default_factory=list)
    verified: bool = True
    is_group: bool = False
    members: list[str] = field(default_factory=list)   # for groups: member ids or a rule name

    def valid_on(self, d: date | None) -> bool:
        if d is None:
            return True
        return (self.valid_from is None or self.valid_from <= d) and (self.valid_to is None or d <= self.valid_to)


@dataclass
class Resolution:
    """What a mention resolved to on a given date."""
    mention: str
    kind: Literal["body", "group", "unresolved"]
    agency: Agency | None = None
    members: list[Agency] = field(default_factory=list)   # group members on that date
    score: float = 0.0
    rule: str = ""
    original: Agency | None = None      # the dissolved body a successor was mapped from
