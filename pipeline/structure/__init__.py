"""structure: SourceFile -> StructuredDoc (metadata, section tree, Nơi nhận, citations). Pure."""
from __future__ import annotations

import re

from ..model import Line, Section, SourceFile, StructuredDoc
from ..search.fold import vi_fold
from .lines import RANK, is_upper_line, marker_of, split_lines
from .metadata import _doctypes, find_citations, parse_header

_SIGNATURE = re.compile(r"^(TM\.|KT\.|Q\.|TL\.|TUQ\.|PHÓ |CHỦ TỊCH|GIÁM ĐỐC|BỘ TRƯỞNG|THỦ TƯỚNG|CHÁNH VĂN PHÒNG|"
                        r"TRƯỞNG BAN|PHÓ TRƯỞNG BAN|\(Đã ký\)|\[?\s*$)")
_ATTACHMENT_NOTE = re.compile(r"^\((?:Ban hành )?[Kk]èm theo")


def _title_types() -> list[str]:
    return [t["title"] for t in _doctypes()["types"]]


def _is_doc_title(text: str) -> bool:
    t = text.strip()
    return is_upper_line(t) and any(t == w or t.startswith(w + " ") for w in _title_types())


def _path(parent: Section, kind: str, label: str, prefix: str) -> str:
    if kind in ("roman", "dieu", "part"):
        lab = f"Điều {label}" if kind == "dieu" else label
        return prefix + lab
    if kind in ("arabic", "arabic2", "arabic3"):
        anc = parent
        while anc is not None and anc.marker not in ("roman", "dieu", "root"):
            anc = anc.parent
        base = anc.path if anc is not None and anc.marker != "root" else prefix.rstrip(".")
        return f"{base}.{label}" if base else label
    base = parent.path
    if kind == "letter":
        return f"{base}.{label}" if base else label
    if kind == "paren":
        return f"{base}.({label})" if base else f"({label})"
    sign = "-" if kind == "dash" else "+"
    n = sum(1 for c in parent.children if c.marker == kind) + 1
    return f"{base}{sign}{n}"


def build_tree(lines: list[Line], start: int, text: str) -> tuple[Section, list[str], list[str], int]:
    """Build the section tree from lines[start:]. Returns root, recipients, signature, body end offset."""
    root = Section(label="", level=0, path="", start=0, end=len(text), text_start=0, marker="root")
    stack: list[tuple[float, Section]] = [(-1, root)]
    prefix = ""
    recipients: list[str] = []
    signature: list[str] = []
    body_end = len(text)
    mode = "body"          # body | closing
    for ln in lines[start:]:
        t = ln.text.strip()
        folded = vi_fold(t)
        if mode == "closing":
            if _is_doc_title(t) or folded.startswith("phu luc") or (ln.is_row and "stt" in folded[:12]):
                mode = "body"
            elif t.startswith(("-", "+", "•")) or folded.startswith("luu"):
                recipients.append(t.lstrip("-+• ").rstrip(";,."))
                continue
            else:
                signature.append(t)
                continue
        if folded.startswith("noi nhan"):
            mode = "closing"
            body_end = min(body_end, ln.start) if body_end == len(text) else body_end
            rest = t.split(":", 1)[1].strip() if ":" in t else ""
            if rest:
                recipients.append(rest.lstrip("-+• ").rstrip(";,."))
            continue
        if folded.startswith("phu luc") and (is_upper_line(t.split("(")[0]) or len(t) < 30):
            prefix = "PL."
            stack = [(-1, root)]
            continue
        if _is_doc_title(t) and (root.children or prefix):
            stack = [(-1, root)]
            continue
        if _ATTACHMENT_NOTE.match(t) or (_SIGNATURE.match(t) and is_upper_line(t) and len(t) < 60):
            continue
        mk = None if ln.is_row else marker_of(t)
        if mk is None:
            parent = stack[-1][1]
            kind = "row" if ln.is_row else "para"
            node = Section(label="", level=parent.level + 1, path=parent.path, start=ln.start, end=ln.end,
                           text_start=ln.start, marker=kind, parent=parent, cells=ln.cells)
            parent.children.append(node)
            continue
        rank = RANK[mk.kind]
        while len(stack) > 1 and stack[-1][0] >= rank:
            stack.pop()
        parent = stack[-1][1]
        node = Section(label=mk.label, level=parent.level + 1, path=_path(parent, mk.kind, mk.label, prefix),
                       start=ln.start, end=ln.end, text_start=ln.start + mk.length, marker=mk.kind,
                       parent=parent)
        parent.children.append(node)
        stack.append((rank, node))
    return root, recipients, signature, body_end


def _addressees(lines: list[Line]) -> list[str]:
    out: list[str] = []
    for k, ln in enumerate(lines[:40]):
        t = ln.text.strip()
        if t.startswith("Kính gửi") or re.search(r"\bđiện\s*:", t[:60]) and t[:1].isupper():
            rest = t.split(":", 1)[1].strip() if ":" in t else ""   # "BỘ XÂY DỰNG điện:" heads a công điện's list
            if rest:
                out.append(rest.rstrip(";.,"))
            for nxt in lines[k + 1:k + 40]:
                s = nxt.text.strip()
                if not s.startswith(("-", "+", "•")) or len(s) > 250:
                    break
                out.append(s.lstrip("-+• ").rstrip(";.,"))
            break
    return out


def structure(source: SourceFile) -> StructuredDoc:
    text = source.text
    lines = split_lines(text)
    md, body_index = parse_header(lines, text, source.extra.get("crawl_fields"))
    root, recipients, signature, body_end = build_tree(lines, body_index, text)
    body_start = lines[body_index].start if body_index < len(lines) else len(text)
    cites = find_citations(text, 0, own=md.number_symbol)
    md.references = [c.number_symbol for c in cites]
    return StructuredDoc(source=source, metadata=md, lines=lines, root=root, body_start=body_start,
                         body_end=body_end, recipients=recipients, addressees=_addressees(lines),
                         signature=signature, citations=cites)
