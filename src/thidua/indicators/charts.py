"""Charts drawn on the server as inline SVG: no JavaScript, nothing downloaded, and they print.

Every chart is an ``<svg role="img">`` with an ``aria-label`` and a ``<title>`` (plus a ``<desc>`` listing the
values where there are several), writes its values as text beside the marks so a black-and-white printout still
reads, and escapes every text it is given. Percentages are on a 0–100 scale; values outside it are clamped.
Colours are set as ``fill`` attributes (a page's CSS may override them through the ``status-…`` classes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from thidua.core.numbers import vi_number, vi_percent

#: Fill per target status (and a neutral one); text on the dark fills is white.
FILLS = {
    "achieved": "#1f7a3a",
    "on_track": "#2f6fb0",
    "at_risk": "#b7791f",
    "off_track": "#a3161a",
    "no_data": "#9aa4b1",
    "": "#4a6fa5",
}
DARK = {"achieved", "on_track", "off_track", ""}
INK = "#1d2430"
GRID = "#c9d0da"
FONT = "Segoe UI, Noto Sans, DejaVu Sans, Arial, sans-serif"

# Horizontal bars: a label column, then a 0–100 scale BAR_AREA wide, then the value.
BAR_WIDTH = 780
BAR_LABEL_WIDTH = 300
BAR_X = 308
BAR_AREA = 400
BAR_ROW = 24
BAR_HEIGHT = 16
#: Labels longer than this (characters) are cut with "…"; the whole label stays in the bar's tooltip.
BAR_LABEL_CHARS = 42

# Stacked status bar.
STACK_WIDTH = 640
STACK_HEIGHT = 28

# Line chart.
LINE_WIDTH = 640
LINE_HEIGHT = 240
LINE_LEFT, LINE_RIGHT, LINE_TOP, LINE_BOTTOM = 44, 16, 16, 36

# Sparkline and meter.
SPARK_WIDTH, SPARK_HEIGHT = 100, 24
METER_WIDTH, METER_HEIGHT = 100, 10


@dataclass(frozen=True)
class Bar:
    """One bar: its label, a value in percent (None: no data), and a status key for its colour (or "")."""

    label: str
    value: Decimal | float | int | None
    status: str = ""


def clamp(value) -> float | None:
    if value is None:
        return None
    return max(0.0, min(100.0, float(value)))


def percent_text(value) -> str:
    """``37.54`` → "37,5 %" (Vietnamese notation, core.numbers), whole numbers without decimals; None → "—"."""
    shown = clamp(value)
    if shown is None:
        return "—"
    return vi_percent(Decimal(str(shown)), 1)


def number_text(value) -> str:
    """A measured value as pages show it: no trailing zeros, grouped digits, Vietnamese notation
    (``Decimal("1234.5000")`` → "1.234,5"); None → "—"."""
    if value is None:
        return "—"
    return vi_number(value)


def _n(value: float) -> str:
    """A coordinate with one decimal (stable text for tests and small files)."""
    return f"{value:.1f}"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(*, css: str, width: int, height: int, title: str, body: list[str], desc: str = "") -> SafeString:
    label = escape(title)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" preserveAspectRatio="xMinYMin meet" '
        f'font-family="{FONT}">',
        f"<title>{label}</title>",
    ]
    if desc:
        parts.append(f"<desc>{escape(desc)}</desc>")
    parts.extend(body)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  every text interpolated above and in body is escaped


def bar_chart(bars: Sequence[Bar], *, title: str) -> SafeString:
    """Horizontal bars on a 0–100 % scale, one row per bar, each with its label and value written out."""
    height = max(1, len(bars)) * BAR_ROW + 22
    body = []
    # Scale: gridlines at 0, 50 and 100 % with their labels under the bars.
    axis_y = len(bars) * BAR_ROW + 4
    for tick in (0, 50, 100):
        x = BAR_X + BAR_AREA * tick / 100
        body.append(f'<line x1="{_n(x)}" y1="0" x2="{_n(x)}" y2="{axis_y}" stroke="{GRID}" stroke-width="1"/>')
        body.append(f'<text x="{_n(x)}" y="{axis_y + 14}" font-size="11" text-anchor="middle" fill="{INK}">'
                    f"{tick}%</text>")
    for i, bar in enumerate(bars):
        y = i * BAR_ROW + (BAR_ROW - BAR_HEIGHT) / 2
        text_y = i * BAR_ROW + BAR_ROW / 2 + 4
        value = clamp(bar.value)
        label = escape(_cut(str(bar.label), BAR_LABEL_CHARS))
        full = escape(f"{bar.label}: {percent_text(bar.value)}")
        status = escape(bar.status)
        body.append(f'<g class="bar status-{status or "none"}"><title>{full}</title>')
        body.append(f'<text x="{BAR_LABEL_WIDTH}" y="{_n(text_y)}" font-size="12" text-anchor="end" fill="{INK}">'
                    f"{label}</text>")
        if value is not None:
            width = BAR_AREA * value / 100
            body.append(f'<rect x="{BAR_X}" y="{_n(y)}" width="{_n(width)}" height="{BAR_HEIGHT}" '
                        f'fill="{FILLS.get(bar.status, FILLS[""])}"/>')
            value_x = BAR_X + width + 6
        else:
            value_x = BAR_X + 6
        body.append(f'<text x="{_n(value_x)}" y="{_n(text_y)}" font-size="12" font-weight="600" fill="{INK}">'
                    f"{escape(percent_text(bar.value))}</text></g>")
    desc = "; ".join(f"{bar.label}: {percent_text(bar.value)}" for bar in bars)
    return _svg(css="chart-bars", width=BAR_WIDTH, height=height, title=title, body=body, desc=desc)


def status_bar(segments: Sequence[tuple[str, str, int]], *, title: str) -> SafeString:
    """One bar split by status, in the order given: ``[(status, label, count), …]``, then a legend with the
    counts. A segment wide enough shows its count inside."""
    total = sum(count for _key, _label, count in segments)
    body = []
    if total == 0:
        no_targets = _("No targets")
        body.append(f'<rect x="0.5" y="0.5" width="{STACK_WIDTH - 1}" height="{STACK_HEIGHT - 1}" fill="none" '
                    f'stroke="{GRID}"/>')
        body.append(f'<text x="{STACK_WIDTH / 2}" y="{STACK_HEIGHT / 2 + 4}" font-size="12" text-anchor="middle" '
                    f'fill="{INK}">{escape(no_targets)}</text>')
    x = 0.0
    for key, label, count in segments:
        if not count:
            continue
        width = STACK_WIDTH * count / total
        fill = FILLS.get(key, FILLS[""])
        text_fill = "#fff" if key in DARK else INK
        body.append(f'<g class="segment status-{escape(key)}"><title>{escape(label)}: {count}</title>'
                    f'<rect x="{_n(x)}" y="0" width="{_n(width)}" height="{STACK_HEIGHT}" fill="{fill}" '
                    f'stroke="#fff" stroke-width="1"/>')
        if width >= 28:
            body.append(f'<text x="{_n(x + width / 2)}" y="{STACK_HEIGHT / 2 + 5}" font-size="13" font-weight="700" '
                        f'text-anchor="middle" fill="{text_fill}">{count}</text>')
        body.append("</g>")
        x += width
    # Legend: a swatch and "label: count" for every status, zero counts included.
    legend_y = STACK_HEIGHT + 20
    lx = 0
    for key, label, count in segments:
        text = f"{label}: {count}"
        body.append(f'<rect x="{lx}" y="{legend_y - 10}" width="12" height="12" fill="{FILLS.get(key, FILLS[""])}"/>'
                    f'<text x="{lx + 16}" y="{legend_y}" font-size="12" fill="{INK}">{escape(text)}</text>')
        lx += 16 + 7 * len(text) + 14
    width = max(STACK_WIDTH, lx)
    desc = "; ".join(f"{label}: {count}" for _key, label, count in segments)
    return _svg(css="chart-status", width=width, height=STACK_HEIGHT + 28, title=title, body=body, desc=desc)


def line_chart(points: Sequence[tuple[str, Decimal | float | None]], *, title: str, target: float | None = None,
               target_label: str = "") -> SafeString:
    """Values over time on a 0–100 % scale: ``[(x label, value), …]`` in order, each point labelled with its value;
    ``target`` draws a dashed line at that level."""
    plot_w = LINE_WIDTH - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    body = []

    def y_of(value: float) -> float:
        return LINE_TOP + (100 - value) / 100 * plot_h

    for tick in (0, 25, 50, 75, 100):
        y = y_of(tick)
        body.append(f'<line x1="{LINE_LEFT}" y1="{_n(y)}" x2="{LINE_WIDTH - LINE_RIGHT}" y2="{_n(y)}" '
                    f'stroke="{GRID}" stroke-width="1"/>')
        body.append(f'<text x="{LINE_LEFT - 6}" y="{_n(y + 4)}" font-size="11" text-anchor="end" fill="{INK}">'
                    f"{tick}%</text>")
    if target is not None:
        y = y_of(clamp(target))
        body.append(f'<line class="target" x1="{LINE_LEFT}" y1="{_n(y)}" x2="{LINE_WIDTH - LINE_RIGHT}" y2="{_n(y)}" '
                    f'stroke="{FILLS["off_track"]}" stroke-width="1.5" stroke-dasharray="6 4"/>')
        label = target_label or _("Target")
        body.append(f'<text x="{LINE_WIDTH - LINE_RIGHT}" y="{_n(y + 14)}" font-size="11" text-anchor="end" '
                    f'fill="{FILLS["off_track"]}">{escape(label)} {escape(percent_text(target))}</text>')
    if not points:
        no_values = _("No values yet")
        body.append(f'<text x="{LINE_LEFT + plot_w / 2}" y="{LINE_TOP + plot_h / 2}" font-size="13" '
                    f'text-anchor="middle" fill="{INK}">{escape(no_values)}</text>')
    step = plot_w / max(1, len(points))
    coords = []
    for i, (label, value) in enumerate(points):
        x = LINE_LEFT + step * (i + 0.5)
        body.append(f'<text x="{_n(x)}" y="{LINE_HEIGHT - LINE_BOTTOM + 18}" font-size="11" text-anchor="middle" '
                    f'fill="{INK}">{escape(label)}</text>')
        shown = clamp(value)
        if shown is not None:
            coords.append((x, y_of(shown), label, value))
    if len(coords) > 1:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y, _label, _value in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{FILLS[""]}" stroke-width="2.5"/>')
    for x, y, label, value in coords:
        text = percent_text(value)
        body.append(f'<g class="point"><title>{escape(label)}: {escape(text)}</title>'
                    f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4" fill="{FILLS[""]}"/>'
                    f'<text x="{_n(x)}" y="{_n(max(LINE_TOP + 10, y - 8))}" font-size="11" font-weight="600" '
                    f'text-anchor="middle" fill="{INK}">{escape(text)}</text></g>')
    desc = "; ".join(f"{label}: {percent_text(value)}" for label, value in points)
    return _svg(css="chart-line", width=LINE_WIDTH, height=LINE_HEIGHT, title=title, body=body, desc=desc)


def sparkline(values: Sequence[Decimal | float | None], *, title: str, status: str = "") -> SafeString:
    """A tiny line of percentages (0–100) with the last point marked; an empty string when there are none."""
    shown = [clamp(v) for v in values if v is not None]
    if not shown:
        return mark_safe("")
    stroke = FILLS.get(status, FILLS[""])
    pad = 3
    step = (SPARK_WIDTH - 2 * pad) / max(1, len(shown) - 1)
    coords = [(pad + step * i if len(shown) > 1 else SPARK_WIDTH / 2,
               pad + (100 - v) / 100 * (SPARK_HEIGHT - 2 * pad)) for i, v in enumerate(shown)]
    body = [f'<line x1="0" y1="{SPARK_HEIGHT - pad}" x2="{SPARK_WIDTH}" y2="{SPARK_HEIGHT - pad}" stroke="{GRID}"/>']
    if len(coords) > 1:
        path = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{stroke}" stroke-width="1.5"/>')
    x, y = coords[-1]
    body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="{stroke}"/>')
    return _svg(css="chart-spark", width=SPARK_WIDTH, height=SPARK_HEIGHT, title=title, body=body)


def meter(value, *, title: str, status: str = "") -> SafeString:
    """A small completion bar: an outlined 0–100 track filled up to ``value`` (the number is written beside it by
    the page)."""
    shown = clamp(value)
    body = [f'<rect x="0.5" y="0.5" width="{METER_WIDTH - 1}" height="{METER_HEIGHT - 1}" fill="#fff" '
            f'stroke="{GRID}"/>']
    if shown:
        body.append(f'<rect x="0" y="0" width="{_n(METER_WIDTH * shown / 100)}" height="{METER_HEIGHT}" '
                    f'fill="{FILLS.get(status, FILLS[""])}"/>')
    return _svg(css="chart-meter", width=METER_WIDTH, height=METER_HEIGHT, title=title, body=body)
