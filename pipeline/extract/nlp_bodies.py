"""Body mentions found by the NLP layer's EntityRuler (patterns/agencies.jsonl).

Same contract as bodies.find_bodies so the two finders can be compared: mentions
left to right, non-overlapping, offsets absolute in `text`. The rule is
"nlp:<pattern id>" (e.g. "nlp:head_name", "nlp:local_gov"). A trailing ","/";" left
by a pattern's optional comma is trimmed from the mention.
"""
from __future__ import annotations

from ..model import AgencyMention
from ..nlp import analyse


def find_bodies_nlp(text: str, start: int = 0, end: int | None = None,
                    *, segmenter: str = "dictionary") -> list[AgencyMention]:
    doc = analyse(text, start, end, segmenter=segmenter)
    out: list[AgencyMention] = []
    for ent in doc.ents:
        s, e = ent.start_char + start, ent.end_char + start
        while e > s and text[e - 1] in " ,;":     # optional trailing "," of a pattern
            e -= 1
        out.append(AgencyMention(text[s:e], s, e, f"nlp:{ent.ent_id_ or ent.label_.lower()}"))
    return out
