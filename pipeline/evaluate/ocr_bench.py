"""OCR accuracy benchmark: OCR the rendered pages of text-layer PDFs and compare with the text layer.

    python -m pipeline.evaluate.ocr_bench [--corpus ../shared/corpora] [--limit N] [--dpi 300]

Every PDF in the corpus whose pages have a text layer is rendered to page
images (300 dpi), OCR'd with Tesseract (Vietnamese) and compared with its own
text layer. Reported: character error rate (edit distance / reference length,
after whitespace normalisation; also on words only, which ignores rule lines
and punctuation runs), and pages per second (wall clock, pages in parallel).
``--limit N`` stops after N pages in total.
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
_WORD = re.compile(r"\w+")


def norm_ws(text: str) -> str:
    return _WS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def norm_words(text: str) -> str:
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text)))


def text_layer_pages(corpus: Path, limit: int | None = None) -> list[tuple[Path, int, str]]:
    """(pdf, page index, text-layer text) for pages that have a real text layer."""
    import pdfplumber
    out: list[tuple[Path, int, str]] = []
    for pdf_path in sorted(corpus.glob("*.pdf")):
        with pdfplumber.open(pdf_path) as pdf:
            for i, page in enumerate(pdf.pages):
                text = page.extract_text() or ""
                if len(text) < 300:          # scans (only a Công báo header) are not references
                    continue
                out.append((pdf_path, i, text))
                if limit and len(out) >= limit:
                    return out
    return out


def run(corpus: Path, *, limit: int | None = None, dpi: int = 300, workers: int = 2) -> dict:
    import pypdfium2 as pdfium

    from ..ingest import ocr
    ocr.require()
    pages = text_layer_pages(corpus, limit)
    if not pages:
        return {"pages": 0}

    pdfium_lock = threading.Lock()      # pdfium is not thread-safe: only Tesseract runs in parallel

    def one(item):
        path, index, ref = item
        with pdfium_lock:
            pdf = pdfium.PdfDocument(str(path))
            try:
                image = ocr.render_page(pdf, index, dpi)
            finally:
                pdf.close()
        res = ocr.ocr_image(image, index=index, scale=72 / dpi, rotation=False)
        hyp = "\n".join(ln.text for ln in res.lines)
        r, h = norm_ws(ref), norm_ws(hyp)
        rw, hw = norm_words(ref), norm_words(hyp)
        return {"file": path.name, "page": index + 1, "ref_chars": len(r),
                "errors": Levenshtein.distance(r, h), "ref_word_chars": len(rw),
                "word_errors": Levenshtein.distance(rw, hw), "confidence": res.confidence}

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        rows = list(pool.map(one, pages))
    elapsed = time.perf_counter() - start
    chars = sum(r["ref_chars"] for r in rows)
    wchars = sum(r["ref_word_chars"] for r in rows)
    per_file: dict[str, list] = {}
    for r in rows:
        per_file.setdefault(r["file"], []).append(r)
    return {
        "pages": len(rows),
        "files": len(per_file),
        "dpi": dpi,
        "cer": round(sum(r["errors"] for r in rows) / max(1, chars), 4),
        "cer_words_only": round(sum(r["word_errors"] for r in rows) / max(1, wchars), 4),
        "pages_per_second": round(len(rows) / elapsed, 3),
        "seconds": round(elapsed, 1),
        "workers": workers,
        "mean_confidence": round(sum(r["confidence"] for r in rows) / len(rows), 1),
        "per_file": {f: round(sum(r["errors"] for r in rs) / max(1, sum(r["ref_chars"] for r in rs)), 4)
                     for f, rs in per_file.items()},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m pipeline.evaluate.ocr_bench", description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2].parent / "shared" / "corpora")
    ap.add_argument("--limit", type=int, default=None, help="stop after this many pages")
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
