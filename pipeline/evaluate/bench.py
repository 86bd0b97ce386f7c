"""Benchmark: milliseconds per page (2,500 characters) for analyse, model load time, peak RSS.

Run with `make bench` (or `python -m pipeline.evaluate.bench [DIR ...]`). It reads the
shared corpus when present, else the project's own samples.
"""
from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

PAGE = 2500


def _files(dirs: list[Path]) -> list[Path]:
    out: list[Path] = []
    for d in dirs:
        if d.is_dir():
            out.extend(sorted(p for p in d.glob("*.txt")))
    return out


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    root = Path(__file__).resolve().parents[2]
    dirs = [Path(a) for a in argv] or [root.parent / "shared" / "corpora", root / "corpora"]
    files = _files(dirs)
    if not files:
        print("no .txt files to measure", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    from pipeline import service
    from pipeline.extract.bodies import gazetteer
    gazetteer()                      # registry, body gazetteer and patterns: what analyse loads
    load_s = time.perf_counter() - t0
    t_nlp = time.perf_counter()
    from pipeline.nlp import build_nlp
    build_nlp()                      # the spaCy/underthesea layer (not on the analyse path)
    nlp_load_s = time.perf_counter() - t_nlp
    from pipeline.ingest import read
    sources = [read(p) for p in files]
    chars = sum(len(s.text) for s in sources)
    # warm-up, then timed run on one core
    service.analyze_source(sources[0])
    t1 = time.perf_counter()
    obligations = 0
    for s in sources:
        obligations += len(service.analyze_source(s).obligations)
    elapsed = time.perf_counter() - t1
    pages = chars / PAGE
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {"documents": len(files), "pages": round(pages, 1), "obligations": obligations,
              "ms_per_page": round(1000 * elapsed / pages, 2), "total_s": round(elapsed, 2),
              "model_load_s": round(load_s, 2), "nlp_layer_load_s": round(nlp_load_s, 2),
              "peak_rss_mb": round(rss_mb, 1),
              "goals": {"ms_per_page": 50, "model_load_s": 2, "peak_rss_mb": 500}}
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
