"""Ruled tables on page images: find their cells, and erase the rules before OCR.

Assignment tables (STT | nhiệm vụ | chủ trì | phối hợp | thời hạn) are drawn
with ruling lines. Tesseract reads those lines as "|", "_" or stray letters and
runs the cells of one visual line together. Here the long horizontal and
vertical dark runs of a greyscale page image are found with numpy, turned into
edges in PDF points and handed to pdfplumber's own table geometry (the same
code that finds ruled tables in a text layer: merge edges, intersections,
cells, tables). The rules are then painted white so the OCR sees text only, and
the caller files each OCR word into the cell that holds its centre.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# run lengths, in pixels at 300 dpi (scaled for other resolutions)
_H_MIN_PX = 80          # a horizontal rule: longer than any letter stroke or dash
_V_MIN_PX = 60          # a vertical rule: taller than a 14 pt capital with its diacritics
_MAX_THICK_PX = 12      # a rule is at most 1 mm thick; a thicker bar is a picture, not a rule
_DARK = 160             # grey level below which a pixel is ink
_TOL_PT = 3.0           # snap/join/intersection tolerance, PDF points


@dataclass
class Grid:
    """One ruled table: its bbox and its rows of cell bboxes (None where a cell spans)."""
    bbox: tuple[float, float, float, float]
    rows: list[list[tuple[float, float, float, float] | None]] = field(default_factory=list)


def _runs(mask, min_len: int) -> list[tuple[int, int, int]]:
    """(line index, start, end) of every run of True at least ``min_len`` long, per row of ``mask``."""
    import numpy as np
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    diff = np.diff(padded, axis=1)
    starts = np.nonzero(diff == 1)
    ends = np.nonzero(diff == -1)
    out = []
    for r, s, e in zip(starts[0], starts[1], ends[1]):   # both are row-major, so they pair up
        if e - s >= min_len:
            out.append((int(r), int(s), int(e)))
    return out


def _long_runs_mask(ink, min_len: int):
    """Boolean mask of the pixels that lie in a horizontal run of ink at least ``min_len`` long."""
    import numpy as np
    mask = np.zeros_like(ink)
    for r, s, e in _runs(ink, min_len):
        mask[r, s:e] = True
    return mask


def find(gray, *, scale: float, dpi: int = 300) -> tuple[list[Grid], "object"]:
    """Ruled tables in a greyscale page image (numpy uint8 array).

    ``scale`` converts pixels to PDF points. Returns the tables and a boolean
    mask of the rule pixels (to erase before OCR).
    """
    import numpy as np
    from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells, \
        merge_edges

    ink = gray < _DARK
    k = dpi / 300
    thick = int(_MAX_THICK_PX * k) + 1
    hmask = _long_runs_mask(ink, int(_H_MIN_PX * k))
    hmask &= ~_long_runs_mask(hmask.T, thick).T          # drop bars thicker than a rule
    vmask = _long_runs_mask(ink.T, int(_V_MIN_PX * k)).T
    vmask &= ~_long_runs_mask(vmask, thick)
    edges = []
    for r, s, e in _runs(hmask, int(_H_MIN_PX * k)):
        y = r * scale
        edges.append({"x0": s * scale, "x1": e * scale, "top": y, "bottom": y,
                      "width": (e - s) * scale, "height": 0, "orientation": "h"})
    for c, s, e in _runs(vmask.T, int(_V_MIN_PX * k)):
        x = c * scale
        edges.append({"x0": x, "x1": x, "top": s * scale, "bottom": e * scale,
                      "width": 0, "height": (e - s) * scale, "orientation": "v"})
    grids: list[Grid] = []
    if edges:
        edges = merge_edges(edges, _TOL_PT, _TOL_PT, _TOL_PT, _TOL_PT)
        cells = intersections_to_cells(edges_to_intersections(edges, _TOL_PT, _TOL_PT))
        for group in cells_to_tables(cells):
            table = Table(None, group)
            rows = [list(r.cells) for r in table.rows]
            if len(rows) < 2 or max(len(r) for r in rows) < 2:
                continue                      # a framed box or a single row is not a table
            grids.append(Grid(bbox=table.bbox, rows=rows))
    rules = hmask | vmask
    if rules.any():
        # the anti-aliased edges of a rule are lighter than _DARK: widen the mask by a pixel
        grown = rules.copy()
        grown[1:, :] |= rules[:-1, :]
        grown[:-1, :] |= rules[1:, :]
        grown[:, 1:] |= rules[:, :-1]
        grown[:, :-1] |= rules[:, 1:]
        rules = grown
    return grids, rules if rules.any() else np.zeros_like(ink)


def cell_of(grids: list[Grid], x: float, y: float) -> tuple[int, int, int] | None:
    """(table, row, column) of the cell holding point (x, y), in PDF points; None outside tables."""
    for t, g in enumerate(grids):
        x0, top, x1, bottom = g.bbox
        if not (x0 <= x <= x1 and top <= y <= bottom):
            continue
        for r, row in enumerate(g.rows):
            for c, cell in enumerate(row):
                if cell and cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]:
                    return t, r, c
    return None
