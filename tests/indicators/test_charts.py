"""The server-drawn SVG charts: geometry from the values, text escaped, accessible names, values written out."""

import re
from decimal import Decimal

from django.utils import translation

from thidua.indicators import charts
from thidua.indicators.charts import BAR_AREA, BAR_X, LINE_HEIGHT, LINE_TOP, STACK_WIDTH, Bar


def rect_widths(svg: str, css: str = "") -> list[str]:
    """The width of every ``<rect>`` inside the groups whose class contains ``css``."""
    groups = re.findall(r'<g class="[^"]*' + css + r'[^"]*">(.*?)</g>', svg) if css else [svg]
    return [w for group in groups for w in re.findall(r'<rect [^>]*\swidth="([\d.]+)"', group)]


def test_bar_chart_bar_width_is_the_value_share_of_the_scale():
    svg = charts.bar_chart([Bar("A", 50), Bar("B", Decimal("77.75")), Bar("C", 100)], title="Completion")
    assert BAR_AREA == 400
    assert rect_widths(svg, "bar") == ["200.0", "311.0", "400.0"]
    assert f'<rect x="{BAR_X}" y="4.0" width="200.0"' in svg


def test_bar_chart_clamps_values_to_0_100_and_draws_no_bar_without_data():
    with translation.override("en"):
        svg = charts.bar_chart([Bar("over", 180), Bar("under", -20), Bar("none", None)], title="t")
    assert rect_widths(svg, "bar") == ["400.0", "0.0"]
    assert [m for m in re.findall(r'font-weight="600" fill="#1d2430">([^<]*)<', svg)] == ["100\u00a0%", "0\u00a0%", "—"]


def test_bar_chart_colours_a_bar_by_status():
    svg = charts.bar_chart([Bar("late", 30, status="off_track"), Bar("fine", 90, status="achieved")], title="t")
    assert 'class="bar status-off_track"' in svg and f'fill="{charts.FILLS["off_track"]}"' in svg
    assert f'fill="{charts.FILLS["achieved"]}"' in svg


def test_bar_chart_escapes_labels_and_title_and_cuts_long_labels():
    long = "Thi đua đẩy nhanh hơn nữa tiến độ khôi phục sản xuất, kinh doanh, dịch vụ"
    svg = charts.bar_chart([Bar("<script>alert(1)</script>", 10), Bar(long, 20)], title='A & "B"')
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert 'aria-label="A &amp; &quot;B&quot;"' in svg
    assert "<title>A &amp; &quot;B&quot;</title>" in svg
    cut = long[: charts.BAR_LABEL_CHARS - 1].rstrip() + "…"
    assert f">{cut}</text>" in svg
    assert f"<title>{long}: 20\u00a0%</title>" in svg  # the whole label stays in the tooltip


def test_chart_is_an_accessible_image_with_its_values_in_the_description():
    with translation.override("en"):
        svg = charts.bar_chart([Bar("Hiệp Hòa", Decimal("72.5")), Bar("Yên Thế", 60)], title="By unit")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bars" role="img" '
                          'aria-label="By unit"')
    assert "<desc>Hiệp Hòa: 72,5\u00a0%; Yên Thế: 60\u00a0%</desc>" in svg


def test_status_bar_segments_are_proportional_to_the_counts_with_counts_written():
    segments = [("achieved", "Achieved", 1), ("on_track", "On track", 1), ("at_risk", "At risk", 2),
                ("off_track", "Off track", 0), ("no_data", "No data yet", 0)]
    svg = charts.status_bar(segments, title="Targets by status")
    assert STACK_WIDTH == 640
    assert rect_widths(svg, "segment") == ["160.0", "160.0", "320.0"]
    assert re.findall(r'<rect x="([\d.]+)" y="0"', svg) == ["0.0", "160.0", "320.0"]
    # Every status is in the legend with its count, zero counts too (a printout needs no colour to read).
    for _key, label, count in segments:
        assert f">{label}: {count}</text>" in svg
    assert "<desc>Achieved: 1; On track: 1; At risk: 2; Off track: 0; No data yet: 0</desc>" in svg


def test_status_bar_without_targets_says_so():
    with translation.override("en"):
        svg = charts.status_bar([("achieved", "Achieved", 0)], title="t")
    assert "No targets" in svg and "segment" not in svg


def test_line_chart_places_points_on_the_0_100_scale_and_labels_them():
    with translation.override("en"):
        svg = charts.line_chart([("07/2021", 0), ("08/2021", Decimal("50")), ("09/2021", 100)], title="Over time",
                                target=100, target_label="Target")
    plot_h = LINE_HEIGHT - LINE_TOP - charts.LINE_BOTTOM
    ys = re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)
    assert ys == [f"{LINE_TOP + plot_h:.1f}", f"{LINE_TOP + plot_h / 2:.1f}", f"{LINE_TOP:.1f}"]
    assert svg.count("<polyline") == 1
    assert "<title>08/2021: 50\u00a0%</title>" in svg
    assert 'class="target"' in svg and "Target 100\u00a0%" in svg
    for month in ("07/2021", "08/2021", "09/2021"):
        assert f">{month}</text>" in svg


def test_line_chart_skips_missing_months_and_says_when_there_is_nothing():
    svg = charts.line_chart([("07/2021", None), ("08/2021", 40)], title="t")
    assert len(re.findall(r"<circle", svg)) == 1 and "<polyline" not in svg
    with translation.override("en"):
        assert "No values yet" in charts.line_chart([], title="t")


def test_sparkline_draws_the_series_and_is_empty_without_values():
    svg = charts.sparkline([Decimal("0"), Decimal("50"), Decimal("100"), None], title="Completion by period")
    points = re.search(r'<polyline points="([^"]+)"', svg).group(1).split()
    assert points == ["3.0,21.0", "50.0,12.0", "97.0,3.0"]
    assert 'aria-label="Completion by period"' in svg
    assert charts.sparkline([None], title="t") == ""


def test_meter_fills_its_share_of_the_track():
    assert 'width="37.5" height="10"' in charts.meter(Decimal("37.5"), title="t")
    assert rect_widths(charts.meter(None, title="t")) == ["99"]
    assert rect_widths(charts.meter(250, title="t"))[-1] == "100.0"


def test_numbers_are_written_in_vietnamese_notation_in_any_language():
    for language in ("en", "vi"):
        with translation.override(language):
            assert charts.percent_text(Decimal("37.54")) == "37,5\u00a0%"
            assert charts.percent_text(Decimal("37.55")) == "37,6\u00a0%"  # half up
            assert charts.number_text(Decimal("1234.5000")) == "1.234,5"
    assert charts.percent_text(Decimal("100.00")) == "100\u00a0%"
    assert charts.percent_text(None) == "—"
    assert charts.number_text(Decimal("100.0000")) == "100"
