"""OCR accuracy benchmark: OCR the rendered pages of text-layer PDFs and compare with the text layer.

    python -m pipeline.evaluate.ocr_bench [--corpus ../shared/corpora] [--limit N] [--dpi 300]

Every PDF in the corpus whose pages have a text layer is rendered to page
images (300 dpi), OCR'd with Tesseract (Vietnamese) and compared with its own
text layer. Reported: character error rate (edit distance / reference length,
after whitespace normalisation, and with runs of 3+ underscores or dashes
dropped: those are rules typed under a heading, whose length no OCR can read
back; also on words only, which ignores all punctuation), and pages per second
(wall clock, pages in parallel).
``--limit N`` takes N pages spread evenly over the corpus.

The reference is each page's text as the reader lays it out (ruled tables
cell by cell, from pdfplumber's table finder); the OCR side is laid out the same
way from the tables ocr_tables.py finds on the image. ``cer_line_order``
compares instead pdfplumber's plain extract_text() with every OCR word grouped
into lines by position, which also charges for table cells read in another
order. Pages whose text layer is set sideways are left out: pdfplumber reads
their lines backwards, so they are no reference (the reader OCRs them).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import threading
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from rapidfuzz.distance import Levenshtein

_WS = re.compile(r"\s+")
_DRAWN_RULE = re.compile(r"[_\u2013\u2014-]{3,}")     # "________" typed as a rule under a heading
_WORD = re.compile(r"\w+")


def norm_ws(text: str) -> str:
    """NFC, rules typed as runs of underscores or dashes dropped, whitespace runs made one space."""
    return _WS.sub(" ", _DRAWN_RULE.sub(" ", unicodedata.normalize("NFC", text))).strip()


def norm_words(text: str) -> str:
    return " ".join(_WORD.findall(_DRAWN_RULE.sub(" ", unicodedata.normalize("NFC", text))))


def text_layer_pages(corpus: Path, limit: int | None = None) -> list[tuple[Path, int, str, str]]:
    """(pdf, page index, reference text in reader order, raw text layer) for pages with a real text layer."""
    import pdfplumber

    from ..ingest.readers import layer_page, page_text, rotated_text
    out: list[tuple[Path, int, str, str]] = []
    for pdf_path in sorted(corpus.glob("*.pdf")):
        with pdfplumber.open(pdf_path) as pdf:
            for i, page in enumerate(pdf.pages):
                raw = page.extract_text() or ""
                if len(raw) < 300:          # scans (only a Công báo header) are not references
                    continue
                if rotated_text(page):      # sideways text: pdfplumber reads it backwards
                    continue
                words, tables = layer_page(page)
                out.append((pdf_path, i, page_text(i, words, float(page.width), tables), raw))
    if limit and len(out) > limit:                 # a sample spread over every file
        out = [out[round(k * (len(out) - 1) / max(1, limit - 1))] for k in range(limit)]
    return out


def _ratio(rows: list[dict], errors: str, chars: str) -> float:
    return round(sum(r[errors] for r in rows) / max(1, sum(r[chars] for r in rows)), 4)


def run(corpus: Path, *, limit: int | None = None, dpi: int = 300, workers: int = 2) -> dict:
    import pypdfium2 as pdfium

    from ..ingest import ocr
    from ..ingest.readers import _group_lines, _line_text, page_text
    ocr.require()
    pages = text_layer_pages(corpus, limit)
    if not pages:
        return {"pages": 0}

    pdfium_lock = threading.Lock()      # pdfium is not thread-safe: only Tesseract runs in parallel

    def one(item):
        path, index, ref, raw = item
        with pdfium_lock:
            pdf = pdfium.PdfDocument(str(path))
            try:
                width = pdf[index].get_width()
                image = ocr.render_page(pdf, index, dpi)
            finally:
                pdf.close()
        res = ocr.ocr_image(image, index=index, scale=72 / dpi, rotation=False, dpi=dpi)
        words = [w for ln in res.lines for w in ln.words]
        hyp = page_text(index, words, width, res.tables)
        # the text layer as pdfplumber lays it out, against every OCR word laid out the same way:
        # table cells interleave line by line there, so this also scores reading order
        hyp_raw = "\n".join(_line_text(ws) for ws in _group_lines(words + [w for t in res.tables for w in t.words]))
        r, h = norm_ws(ref), norm_ws(hyp)
        rw, hw = norm_words(ref), norm_words(hyp)
        rr, hr = norm_ws(raw), norm_ws(hyp_raw)
        return {"file": path.name, "page": index + 1, "ref_chars": len(r),
                "errors": Levenshtein.distance(r, h), "ref_word_chars": len(rw),
                "word_errors": Levenshtein.distance(rw, hw), "raw_chars": len(rr),
                "raw_errors": Levenshtein.distance(rr, hr), "confidence": res.confidence,
                "tables": len(res.tables)}

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(one, pages))
    elapsed = time.perf_counter() - start
    per_file: dict[str, list] = {}
    for r in rows:
        per_file.setdefault(r["file"], []).append(r)
    return {
        "pages": len(rows),
        "files": len(per_file),
        "dpi": dpi,
        "cer": _ratio(rows, "errors", "ref_chars"),
        "cer_words_only": _ratio(rows, "word_errors", "ref_word_chars"),
        "cer_line_order": _ratio(rows, "raw_errors", "raw_chars"),
        "pages_per_second": round(len(rows) / elapsed, 3),
        "seconds": round(elapsed, 1),
        "workers": workers,
        "mean_confidence": round(sum(r["confidence"] for r in rows) / len(rows), 1),
        "ocr_tables": sum(r["tables"] for r in rows),
        "per_file": {f: _ratio(rs, "errors", "ref_chars") for f, rs in per_file.items()},
        "worst_pages": [f"{r['file']}:{r['page']} {r['errors'] / max(1, r['ref_chars']):.3f}"
                        for r in sorted(rows, key=lambda r: -r["errors"] / max(1, r["ref_chars"]))[:8]],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.evaluate.ocr_bench", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "corpora")
    ap.add_argument("--limit", type=int, default=None, help="a sample of this many pages")
    ap.add_argument("--dpi", type=int, default=300)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        sys.stderr.write(f"không có thư mục kho văn bản: {args.corpus}\n")
        return 2
    from ..errors import VanbanError
    try:
        result = run(args.corpus, limit=args.limit, dpi=args.dpi, workers=args.workers)
    except VanbanError as e:
        sys.stderr.write(f"{e}\n")
        return 2
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
