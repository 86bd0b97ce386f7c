"""build_nlp(), the lossless tokenizer and the word/agency/trigger components.

spaCy is imported inside functions only; every component and extension is
registered in ``build_nlp()`` and nowhere else.

Token model: spaCy tokens are *syllables* (and punctuation, numbers, whitespace runs),
never words with spaces in them. Vietnamese words are a layer on top:
``doc.spans["words"]`` holds one Span per word (compounds like "Tài chính" span two
tokens), ``token._.word_id`` is the index of the token's word in that group (-1 for
whitespace tokens) and ``token._.wcont`` is True on the 2nd, 3rd... syllable of a
compound. A Doc built for ``text[start:end]`` has ``doc.text == text[start:end]``
and ``doc._.offset == start``, so ``token.idx + start`` is the offset in ``text``.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..errors import DataError
from .patterns import agency_patterns, trigger_patterns
from .segment import dictionary_segment, underthesea_segment
from .syllables import syllable_offsets, words_and_spaces

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

SEGMENTERS = ("dictionary", "underthesea")
WORDS = "words"
TRIGGERS = "triggers"


class SyllableTokenizer:
    """spaCy tokenizer: lossless syllable tokens (see syllables.py)."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> "Doc":
        from spacy.tokens import Doc

        offs = syllable_offsets(text)
        words, spaces, which = words_and_spaces(text, offs)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data["vi_which"] = which
        doc.user_data["vi_offs"] = offs
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for t in texts:
            yield self(t)


def segment_doc(doc: "Doc", segmenter: str = "dictionary") -> "Doc":
    """Fill doc.spans['words'] and the word extensions from a word segmenter."""
    from spacy.tokens import Span

    if segmenter not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {segmenter!r}")
    text = doc.text
    offs = doc.user_data.get("vi_offs")
    if offs is None:
        offs = syllable_offsets(text)
    compounds = (dictionary_segment(text, offs) if segmenter == "dictionary"
                 else underthesea_segment(text))
    word_of = [-1] * len(doc)
    cont = [False] * len(doc)
    spans = []
    ci = 0
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if tok.is_space:
            i += 1
            continue
        j = i
        while ci < len(compounds) and compounds[ci][1] <= tok.idx:
            ci += 1
        if ci < len(compounds) and compounds[ci][0] <= tok.idx < compounds[ci][1]:
            end = compounds[ci][1]
            while j + 1 < n and doc[j + 1].idx < end and not doc[j + 1].is_space:
                j += 1
        for k in range(i, j + 1):
            word_of[k] = len(spans)
            cont[k] = k > i
        spans.append(Span(doc, i, j + 1, label="W"))
        i = j + 1
    doc.spans[WORDS] = spans
    doc.user_data["vi_word_of"] = word_of
    doc.user_data["vi_wcont"] = cont
    doc.user_data["vi_segmenter"] = segmenter
    return doc


def _register(Language) -> None:
    """Register the project's extensions and components (idempotent)."""
    from spacy.tokens import Doc, Token

    Token.set_extension("word_id", getter=lambda t: t.doc.user_data.get("vi_word_of", ())[t.i]
                        if "vi_word_of" in t.doc.user_data else -1, force=True)
    Token.set_extension("wcont", getter=lambda t: t.doc.user_data["vi_wcont"][t.i]
                        if "vi_wcont" in t.doc.user_data else False, force=True)
    Doc.set_extension("offset", getter=lambda d: d.user_data.get("vi_offset", 0), force=True)

    if not Language.has_factory("vi_words"):
        @Language.factory("vi_words", default_config={"segmenter": "dictionary"})
        def _words(nlp, name, segmenter: str):
            def component(doc):
                return segment_doc(doc, doc.user_data.get("vi_segmenter_req", segmenter))
            return component

    if not Language.has_factory("vi_triggers"):
        @Language.factory("vi_triggers")
        def _triggers(nlp, name):
            return TriggerMatcher(nlp)


class TriggerMatcher:
    """Matcher over triggers.jsonl; writes doc.spans['triggers'] (label = the pattern id)."""

    def __init__(self, nlp):
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab, validate=True)
        for pl in trigger_patterns():
            try:
                self.matcher.add(pl.data["id"], [pl.data["pattern"]])
            except Exception as e:  # spaCy's MatchPatternError / ValueError
                raise DataError(f"dòng {pl.line}: mẫu không hợp lệ ({e})", path=pl.source) from e

    def __call__(self, doc):
        from spacy.tokens import Span
        from spacy.util import filter_spans

        cont = doc.user_data.get("vi_wcont")
        spans = [Span(doc, s, e, label=mid) for mid, s, e in self.matcher(doc)
                 if cont is None or (not cont[s] and (e >= len(doc) or not cont[e]))]
        doc.spans[TRIGGERS] = filter_spans(spans)
        return doc


@lru_cache(maxsize=1)
def build_nlp() -> "Language":
    """The project's spaCy pipeline (cached): tokenizer -> vi_words -> entity_ruler -> vi_triggers."""
    import spacy
    from spacy.language import Language

    _register(Language)
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    nlp.add_pipe("vi_words")
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True, "overwrite_ents": True})
    pats = list(agency_patterns())
    try:
        ruler.add_patterns(pats)
    except Exception as e:
        raise DataError(f"mẫu cơ quan không hợp lệ ({e})", path="patterns/agencies.jsonl") from e
    nlp.add_pipe("vi_triggers")
    return nlp


def _slice(text: str, start: int, end: int | None) -> tuple[str, int, int]:
    end = len(text) if end is None else end
    if not (0 <= start <= end <= len(text)):
        raise ValueError(f"bad slice {start}:{end} of a text of length {len(text)}")
    return text[start:end], start, end


def tokenize(text: str, start: int = 0, end: int | None = None, *, segmenter: str = "dictionary") -> "Doc":
    """Tokens and words of text[start:end] (no entity ruler, no triggers)."""
    sub, start, _ = _slice(text, start, end)
    nlp = build_nlp()
    doc = nlp.make_doc(sub)
    doc.user_data["vi_offset"] = start
    return segment_doc(doc, segmenter)


def analyse(text: str, start: int = 0, end: int | None = None, *, segmenter: str = "dictionary") -> "Doc":
    """The full pipeline on text[start:end]: words, agency entities (doc.ents), triggers."""
    sub, start, _ = _slice(text, start, end)
    nlp = build_nlp()
    doc = nlp.make_doc(sub)
    doc.user_data["vi_offset"] = start
    doc.user_data["vi_segmenter_req"] = segmenter
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def word_spans(doc: "Doc") -> list[tuple[int, int]]:
    """(start, end) of every word, as offsets into the *original* text (doc offset added)."""
    off = doc.user_data.get("vi_offset", 0)
    if WORDS not in doc.spans:
        segment_doc(doc)
    return [(sp.start_char + off, sp.end_char + off) for sp in doc.spans[WORDS]]


def spans_abs(doc: "Doc", spans: Any) -> list[tuple[str, int, int]]:
    """(label, start, end) for spans or entities, offsets into the original text."""
    off = doc.user_data.get("vi_offset", 0)
    return [(sp.label_, sp.start_char + off, sp.end_char + off) for sp in spans]
