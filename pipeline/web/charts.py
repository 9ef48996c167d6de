"""Geometry for the page's two inline SVG drawings (no scripts, no external resources): the
section x section matrix as a coloured grid, and confirmed shares as bars with their interval."""

from __future__ import annotations

CELL = 46
LABEL_W = 170


def colour(score: float | None) -> str:
    """Red (0, not backed) through amber to green (1, backed); grey for no data."""
    if score is None:
        return "#e5e7eb"
    hue = round(120 * max(0.0, min(1.0, score)))
    return f"hsl({hue}, 62%, {52 + round(10 * (1 - abs(score - 0.5) * 2))}%)"


def _short(name: str, n: int = 22) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def matrix_svg(matrix: dict | None) -> dict | None:
    """{width, height, cells, rows, cols} for templates/_matrix.svg, or None without a matrix."""
    if not matrix or not matrix.get("sections"):
        return None
    names, scores = matrix["sections"], matrix["scores"]
    top = 92
    cells = []
    for i, row in enumerate(scores):
        for j, v in enumerate(row):
            cells.append({"x": LABEL_W + j * CELL, "y": top + i * CELL, "fill": colour(v),
                          "label": "" if v is None else f"{v:.2f}", "title": f"{names[i]} ← {names[j]}: "
                          + ("no claims" if v is None else f"{v:.2f}")})
    rows = [{"x": LABEL_W - 8, "y": top + i * CELL + CELL / 2 + 4, "text": _short(n), "full": n}
            for i, n in enumerate(names)]
    cols = [{"x": LABEL_W + j * CELL + CELL / 2, "y": top - 8, "text": _short(n, 16), "full": n}
            for j, n in enumerate(names)]
    return {"width": LABEL_W + len(names) * CELL + 90, "height": top + len(names) * CELL + 10,
            "cells": cells, "rows": rows, "cols": cols, "cell": CELL - 3}


BAR_W = 260
BAR_H = 22


def bars_svg(shares) -> dict:
    """{width, height, bars} for templates/_bars.svg; shares are calibrate.Share."""
    left = 130
    bars = []
    for i, s in enumerate(shares):
        lo, hi = s.interval
        y = 8 + i * (BAR_H + 10)
        bars.append({"y": y, "label": s.key, "w": round(BAR_W * s.share, 1), "text": f"{s.share:.0%}",
                     "count": f"{s.confirmed}/{s.decided}", "lo": round(left + BAR_W * lo, 1),
                     "hi": round(left + BAR_W * hi, 1), "mid": y + BAR_H / 2,
                     "fill": colour(s.share), "title": f"{s.key}: {s.confirmed} of {s.decided} confirmed, "
                     f"95% interval {lo:.0%}-{hi:.0%}"})
    return {"width": left + BAR_W + 110, "height": 16 + len(bars) * (BAR_H + 10), "bars": bars, "left": left,
            "bar_w": BAR_W, "bar_h": BAR_H}
