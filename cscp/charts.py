"""Server-rendered SVG charts (no JavaScript); every chart's numbers are also shown in a table
beside it, so the SVG is decorative for screen readers (role="img" with a text summary)."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

from cscp.formatting import half_up

PALETTE = ["#5b2c6f", "#f3a712", "#1d70b8", "#00703c", "#d4351c", "#505a5f"]


def bar_chart(
    bars: list[tuple[str, float | None]],
    *,
    title: str,
    width: int = 560,
    bar_height: int = 26,
    unit: str = "",
) -> str:
    """Horizontal bars, one per (label, value); missing values are drawn as "no data"."""
    label_width = 190
    gap = 10
    height = len(bars) * (bar_height + gap) + gap
    values = [v for _, v in bars if v is not None]
    top = max(values) if values else 0
    scale = (width - label_width - 80) / top if top else 0
    parts = [
        f'<svg class="cscp-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for i, (label, value) in enumerate(bars):
        y = gap + i * (bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-family="arial, sans-serif" font-size="14" fill="#0b0c0c">{escape(label)}</text>'
        )
        if value is None:
            parts.append(
                f'<text x="{label_width}" y="{y + bar_height * 0.7:.1f}" '
                f'font-family="arial, sans-serif" font-size="14" fill="#505a5f">no data</text>'
            )
            continue
        length = max(value * scale, 1)
        colour = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" '
            f'fill="{colour}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}" '
            f'font-family="arial, sans-serif" font-size="14" fill="#0b0c0c">'
            f"{escape(format_number(value))}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


def line_chart(
    points: list[tuple[str, float | None]], *, title: str, width: int = 560, height: int = 220
) -> str:
    """A trend line over labelled points (e.g. quarters); gaps where a value is missing."""
    pad_left, pad_bottom, pad_top = 50, 30, 20
    values = [v for _, v in points if v is not None]
    top = max(values) if values else 1
    top = top or 1
    step = (width - pad_left - 20) / max(len(points) - 1, 1)
    plot_h = height - pad_bottom - pad_top

    def xy(i, v):
        return pad_left + i * step, pad_top + plot_h - (v / top) * plot_h

    parts = [
        f'<svg class="cscp-chart" role="img" aria-label="{escape(title)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        f'<line x1="{pad_left}" y1="{pad_top + plot_h}" x2="{width - 10}" '
        f'y2="{pad_top + plot_h}" stroke="#505a5f"/>',
    ]
    segment: list[str] = []
    shown = axis_labels_shown(
        [label for label, _ in points], [pad_left + i * step for i in range(len(points))]
    )
    for i, (label, value) in enumerate(points):
        x = pad_left + i * step
        if i in shown:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="{axis_anchor(i, len(points))}" '
                f'font-family="arial, sans-serif" font-size="{AXIS_FONT_SIZE}">'
                f"{escape(label)}</text>"
            )
        if value is None:
            if len(segment) > 1:
                parts.append(_polyline(segment))
            segment = []
            continue
        px, py = xy(i, value)
        segment.append(f"{px:.1f},{py:.1f}")
        parts.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{PALETTE[0]}"/>'
            f'<text x="{px:.1f}" y="{py - 8:.1f}" text-anchor="middle" '
            f'font-family="arial, sans-serif" font-size="12">{escape(format_number(value))}</text>'
        )
    if len(segment) > 1:
        parts.append(_polyline(segment))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part above is escaped


AXIS_FONT_SIZE = 13
# Arial's average advance at 13 px is a little under 7 px; digits and hyphens are narrower, so
# 7 px a character errs on the side of space between labels.
AXIS_CHAR_WIDTH = 7
AXIS_LABEL_GAP = 12


def axis_anchor(i: int, count: int) -> str:
    """The first and last labels are anchored inwards so that neither is clipped."""
    if count > 1 and i == 0:
        return "start"
    if count > 1 and i == count - 1:
        return "end"
    return "middle"


def axis_labels_shown(labels: list[str], xs: list[float]) -> set[int]:
    """Which x-axis labels to print so that none touches another: greedily from the left,
    always the last (the newest figure), dropping earlier ones that it would touch. The table
    beside every chart carries every label."""
    count = len(labels)

    def box(i: int) -> tuple[float, float]:
        width = len(labels[i]) * AXIS_CHAR_WIDTH
        left = {"start": xs[i], "middle": xs[i] - width / 2, "end": xs[i] - width}[
            axis_anchor(i, count)
        ]
        return left, left + width

    shown: list[int] = []
    for i in range(count):
        if not shown or box(i)[0] >= box(shown[-1])[1] + AXIS_LABEL_GAP:
            shown.append(i)
    last = count - 1
    if count and shown[-1] != last:
        while shown and box(last)[0] < box(shown[-1])[1] + AXIS_LABEL_GAP:
            shown.pop()
        shown.append(last)
    return set(shown)


def _polyline(points: list[str]) -> str:
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{PALETTE[0]}" '
        f'stroke-width="2"/>'
    )


def format_number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{half_up(value, 1):,}"
