"""The same Kế hoạch read from its PDF and from its DOCX gives the same obligations."""
from __future__ import annotations

from pipeline.evaluate.scorer import tokens


def _key(a):
    return [(o.kind, tuple(tokens(o.text))) for o in a.obligations]


def _leads(a):
    return [tuple(m.text for m in o.lead) for o in a.obligations]


def _diff(x, y) -> str:
    sx, sy = set(x), set(y)
    only_x = [" ".join(t[1])[:60] if isinstance(t[1], tuple) else t for t in x if t not in sy]
    only_y = [" ".join(t[1])[:60] if isinstance(t[1], tuple) else t for t in y if t not in sx]
    return f"only in pdf: {only_x}; only in docx: {only_y}"


def test_same_metadata(kh_pdf_analysis, kh_docx_analysis):
    p, d = kh_pdf_analysis.doc.metadata, kh_docx_analysis.doc.metadata
    assert (p.doc_type, p.number_symbol, p.issuer, p.issued_date) == \
           (d.doc_type, d.number_symbol, d.issuer, d.issued_date)
    assert p.references == d.references


def test_same_obligations(kh_pdf_analysis, kh_docx_analysis):
    pk, dk = _key(kh_pdf_analysis), _key(kh_docx_analysis)
    assert pk == dk, _diff(pk, dk)


def test_same_leads(kh_pdf_analysis, kh_docx_analysis):
    assert _leads(kh_pdf_analysis) == _leads(kh_docx_analysis)


def test_offsets_point_into_each_text(kh_pdf_analysis, kh_docx_analysis):
    for a in (kh_pdf_analysis, kh_docx_analysis):
        assert a.obligations
        for o in a.obligations:
            assert a.doc.text[o.provenance.start:o.provenance.end] == o.text
