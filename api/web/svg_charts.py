"""Small SVG charts drawn as text, for pages that must load nothing from anywhere (government networks
have no internet): a donut, stacked horizontal bars, grouped or stacked columns, and an area line.

Every function returns one `<svg>` element with a `viewBox`, so it scales with the page, and a
`<title>` per mark, so a reader hovering over a bar sees its figure. Labels are escaped.

Example::

    donut([("已上云 On cloud", 93, "#2e7d32"), ("待迁移 To migrate", 21, "#f39c12")], center="93", caption="of 114")
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

FONT = "font-family=\"inherit\""
AXIS = "#8a94a6"
GRID = "#e6e9ef"
TEXT = "#33415c"


def _num(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 to at least `top` (1, 2 or 5 times a power of ten apart)."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(ticks[-1] + step)
    return ticks


def donut(segments: Sequence[tuple[str, float, str]], center: str = "", caption: str = "", size: int = 220, thickness: int = 34) -> str:
    """A ring of `segments` (label, value, colour), with a figure and a caption in its middle."""
    r = (size - thickness) / 2
    c = 2 * math.pi * r
    total = sum(v for _, v, _ in segments) or 1
    marks = [f'<circle cx="{size / 2}" cy="{size / 2}" r="{r:.2f}" fill="none" stroke="{GRID}" stroke-width="{thickness}"/>']
    offset = 0.0
    for label, value, colour in segments:
        if value <= 0:
            continue
        length = c * value / total
        marks.append(
            f'<circle cx="{size / 2}" cy="{size / 2}" r="{r:.2f}" fill="none" stroke="{colour}" stroke-width="{thickness}" '
            f'stroke-dasharray="{max(length - 1.5, 0.5):.2f} {c:.2f}" stroke-dashoffset="{-offset:.2f}" '
            f'transform="rotate(-90 {size / 2} {size / 2})"><title>{escape(label)}: {_num(value)}</title></circle>'
        )
        offset += length
    marks.append(f'<text x="{size / 2}" y="{size / 2 + 4}" text-anchor="middle" font-size="34" font-weight="700" fill="{TEXT}">{escape(center)}</text>')
    marks.append(f'<text x="{size / 2}" y="{size / 2 + 26}" text-anchor="middle" font-size="12" fill="{AXIS}">{escape(caption)}</text>')
    return f'<svg viewBox="0 0 {size} {size}" width="{size}" height="{size}" role="img" {FONT}>{"".join(marks)}</svg>'


def hbars(rows: Sequence[tuple[str, Sequence[float]]], series: Sequence[tuple[str, str]], width: int = 560,
          label_width: int = 150, bar: int = 16, gap: int = 9) -> str:
    """Horizontal bars, one per row (label, values per series), stacked in the series' colours, total at the end."""
    top = max((sum(values) for _, values in rows), default=0) or 1
    room = width - label_width - 48
    height = len(rows) * (bar + gap) + gap
    marks = []
    for i, (label, values) in enumerate(rows):
        y = gap + i * (bar + gap)
        marks.append(f'<text x="{label_width - 8}" y="{y + bar - 4}" text-anchor="end" font-size="12" fill="{TEXT}">{escape(label)}</text>')
        x = float(label_width)
        for (name, colour), value in zip(series, values):
            if value <= 0:
                continue
            w = room * value / top
            marks.append(f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{bar}" rx="3" fill="{colour}"><title>{escape(label)} · {escape(name)}: {_num(value)}</title></rect>')
            x += w
        marks.append(f'<text x="{x + 6:.2f}" y="{y + bar - 4}" font-size="12" font-weight="600" fill="{TEXT}">{_num(sum(values))}</text>')
    return f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" {FONT}>{"".join(marks)}</svg>'


def columns(categories: Sequence[str], series: Sequence[tuple[str, str, Sequence[float]]], width: int = 560,
            height: int = 250, stacked: bool = False) -> str:
    """Columns per category, one per series side by side (or `stacked`), on a y axis with round ticks."""
    left, bottom, top_pad = 44, 28, 14
    plot_w, plot_h = width - left - 8, height - bottom - top_pad
    sums = [sum(s[2][i] for s in series) for i in range(len(categories))]
    top = max(sums if stacked else [v for s in series for v in s[2]], default=0)
    ticks = nice_ticks(top)
    scale = plot_h / (ticks[-1] or 1)
    marks = []
    for t in ticks:
        y = top_pad + plot_h - t * scale
        marks.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.2f}" y2="{y:.2f}" stroke="{GRID}"/>')
        marks.append(f'<text x="{left - 6}" y="{y + 4:.2f}" text-anchor="end" font-size="11" fill="{AXIS}">{_num(t)}</text>')
    band = plot_w / max(len(categories), 1)
    inner = band * 0.72
    each = inner if stacked else inner / max(len(series), 1)
    for i, category in enumerate(categories):
        x0 = left + i * band + (band - inner) / 2
        base: float = top_pad + plot_h
        for j, (name, colour, values) in enumerate(series):
            value = values[i]
            h = value * scale
            x = x0 if stacked else x0 + j * each
            y = base - h
            if value > 0:
                marks.append(f'<rect x="{x:.2f}" y="{y:.2f}" width="{max(each - 2, 1):.2f}" height="{h:.2f}" rx="2" fill="{colour}">'
                             f'<title>{escape(category)} · {escape(name)}: {_num(value)}</title></rect>')
            if stacked:
                base = y
        marks.append(f'<text x="{left + i * band + band / 2:.2f}" y="{height - 9}" text-anchor="middle" font-size="12" fill="{TEXT}">{escape(category)}</text>')
    marks.append(f'<line x1="{left}" x2="{width - 8}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" stroke="{AXIS}"/>')
    return f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" {FONT}>{"".join(marks)}</svg>'


def area(categories: Sequence[str], values: Sequence[float], colour: str, name: str, width: int = 560, height: int = 250) -> str:
    """A line with the area under it shaded, a dot and its figure at every category."""
    left, bottom, top_pad = 44, 28, 18
    plot_w, plot_h = width - left - 16, height - bottom - top_pad
    ticks = nice_ticks(max(values, default=0))
    scale = plot_h / (ticks[-1] or 1)
    step = (plot_w - 16) / max(len(categories) - 1, 1)
    points = [(left + 8 + i * step, top_pad + plot_h - v * scale) for i, v in enumerate(values)]
    marks = []
    for t in ticks:
        y = top_pad + plot_h - t * scale
        marks.append(f'<line x1="{left}" x2="{width - 8}" y1="{y:.2f}" y2="{y:.2f}" stroke="{GRID}"/>')
        marks.append(f'<text x="{left - 6}" y="{y + 4:.2f}" text-anchor="end" font-size="11" fill="{AXIS}">{_num(t)}</text>')
    if points:
        line = " ".join(f"{x:.2f},{y:.2f}" for x, y in points)
        floor = top_pad + plot_h
        marks.append(f'<polygon points="{points[0][0]:.2f},{floor} {line} {points[-1][0]:.2f},{floor}" fill="{colour}" fill-opacity="0.12"/>')
        marks.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2.5" stroke-linejoin="round"/>')
    for (x, y), value, category in zip(points, values, categories):
        marks.append(f'<circle cx="{x:.2f}" cy="{y:.2f}" r="4" fill="#fff" stroke="{colour}" stroke-width="2"><title>{escape(category)} · {escape(name)}: {_num(value)}</title></circle>')
        marks.append(f'<text x="{x:.2f}" y="{y - 9:.2f}" text-anchor="middle" font-size="11" fill="{TEXT}">{_num(value)}</text>')
        marks.append(f'<text x="{x:.2f}" y="{height - 9}" text-anchor="middle" font-size="12" fill="{TEXT}">{escape(category)}</text>')
    marks.append(f'<line x1="{left}" x2="{width - 8}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" stroke="{AXIS}"/>')
    return f'<svg viewBox="0 0 {width} {height}" width="100%" role="img" {FONT}>{"".join(marks)}</svg>'
