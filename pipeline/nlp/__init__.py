"""The NLP layer: the only package that imports spaCy and underthesea (lazily).

Importing this package is cheap; spaCy is imported by ``build_nlp()`` (cached) and
underthesea only when the ``"underthesea"`` segmenter is asked for.

    from pipeline.nlp import analyse, tokenize, word_spans
    doc = tokenize(text, start, end)            # syllable tokens + doc.spans["words"]
    [(s, e) for s, e in word_spans(doc)]        # word offsets into `text`
    doc = analyse(text, start, end)             # + doc.ents (agencies), doc.spans["triggers"]
"""
from __future__ import annotations

from .core import SEGMENTERS, analyse, build_nlp, segment_doc, spans_abs, tokenize, word_spans
from .patterns import agency_patterns, load_file, parse_lines, trigger_patterns

__all__ = ["SEGMENTERS", "analyse", "build_nlp", "segment_doc", "spans_abs", "tokenize", "word_spans",
           "agency_patterns", "load_file", "parse_lines", "trigger_patterns"]
