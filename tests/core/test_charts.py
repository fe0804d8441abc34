"""Server-drawn charts: deterministic SVG that escapes its texts, scaled bars, and the numbers as a table."""

import re
from xml.etree import ElementTree

from django.template import Context, Template

from thidua.core.charts import Chart, Series, chart_table, format_value, render_svg


def rates() -> Chart:
    return Chart(
        title="Tỷ lệ đăng ký <năm 2016>",
        categories=["Vụ Tổ chức cán bộ", "Văn phòng Bộ & Thanh tra"],
        series=[Series("Tỷ lệ", [100, 87.5])],
        unit="%",
        maximum=100,
        decimals=1,
    )


def test_a_horizontal_chart_scales_its_bars_and_escapes_its_texts():
    svg = render_svg(rates(), width=640)
    root = ElementTree.fromstring(svg)  # well-formed XML
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Tỷ lệ đăng ký <năm 2016>"
    widths = [float(r.get("width")) for r in root.iter("{http://www.w3.org/2000/svg}rect")]
    plot = 640 - 230 - 60
    assert widths == [plot, round(plot * 0.875, 1)] == [350.0, 306.2]  # 100 % and 87.5 % of the plot, 1 decimal
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["Vụ Tổ chức cán bộ", "100,0%", "Văn phòng Bộ & Thanh tra", "87,5%"]
    assert "&amp;" in svg and "<năm" not in svg


def test_the_same_chart_gives_the_same_markup_and_survives_freezing():
    chart = rates()
    frozen = chart.as_dict()
    assert Chart.from_dict(frozen) == Chart.from_dict(frozen)
    assert render_svg(frozen) == render_svg(chart)


def test_a_vertical_chart_with_two_series_has_a_legend_and_grouped_columns():
    chart = Chart(
        title="Danh hiệu theo năm",
        categories=["2015", "2016"],
        series=[Series("Cờ thi đua cấp Bộ", [12, 19]), Series("Cờ thi đua Chính phủ", [2, 3])],
        kind="bar",
    )
    root = ElementTree.fromstring(render_svg(chart))
    rects = list(root.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(rects) == 2 + 4  # two legend keys, one column per year and series
    heights = [float(r.get("height")) for r in rects[2:]]
    assert heights[2] == max(heights)  # 19, the largest value, reaches the top of the plot
    assert abs(heights[0] / heights[2] - 12 / 19) < 0.01


def test_an_empty_chart_says_so():
    svg = render_svg(Chart(title="Trống", categories=[], series=[]))
    assert "Chưa có số liệu." in svg


def test_the_table_holds_every_number_as_printed():
    assert chart_table(rates()) == {
        "head": ["", "Tỷ lệ"],
        "rows": [["Vụ Tổ chức cán bộ", "100,0%"], ["Văn phòng Bộ & Thanh tra", "87,5%"]],
    }
    assert format_value(Chart(title="", categories=[], series=[], decimals=0), 12345) == "12.345"
    assert format_value(Chart(title="", categories=[], series=[]), None) == "—"


def test_the_template_tag_prints_the_chart_and_its_table():
    html = Template("{% load charts %}{% chart data %}").render(Context({"data": rates().as_dict()}))
    assert html.count("<svg") == 1
    assert re.search(r"<th scope=\"row\">Văn phòng Bộ &amp; Thanh tra</th><td class=\"num\">87,5%</td>", html)


SVG = "{http://www.w3.org/2000/svg}"


def test_a_line_chart_draws_a_line_per_series_broken_where_a_value_is_missing():
    chart = Chart(
        title="Danh hiệu theo năm",
        categories=["2014", "2015", "2016", "2017"],
        series=[Series("Lao động tiên tiến", [4, 8, None, 2]), Series("Chiến sĩ thi đua cơ sở", [1, 2, 3, 4])],
        kind="line",
    )
    root = ElementTree.fromstring(render_svg(chart))
    lines = [p.get("points").split() for p in root.iter(f"{SVG}polyline")]
    # The first series stops before its missing 2016: one stretch of two points; the lone 2017 point is a dot only.
    assert [len(points) for points in lines] == [2, 4]
    assert len(list(root.iter(f"{SVG}circle"))) == 3 + 4
    ys = [float(point.split(",")[1]) for point in lines[0]]
    assert ys[1] < ys[0]  # 8 is drawn higher than 4
    legend = [t.text for t in root.iter(f"{SVG}text")][:2]
    assert legend == ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]
    assert render_svg(chart) == render_svg(chart.as_dict())


def test_a_long_legend_wraps_onto_more_rows_and_lines_past_the_palette_are_dashed():
    series = [Series(f"Danh hiệu số {i:02d} của chuỗi danh hiệu", [i, i + 1]) for i in range(9)]
    chart = Chart(title="Nhiều danh hiệu", categories=["2015", "2016"], series=series, kind="line")
    root = ElementTree.fromstring(render_svg(chart))
    legend_y = {t.get("y") for t in root.iter(f"{SVG}text") if t.text and t.text.startswith("Danh hiệu số")}
    assert len(legend_y) > 1  # more than one row
    assert int(root.get("height")) > 240  # the plot moved down to make room
    dashed = [p for p in root.iter(f"{SVG}polyline") if p.get("stroke-dasharray")]
    assert len(dashed) == 9 - 7  # the 8th and 9th lines reuse the palette's colours, dashed


def test_the_table_can_have_a_row_per_series():
    chart = Chart(
        title="Danh hiệu theo năm",
        categories=["2015", "2016"],
        series=[Series("Lao động tiên tiến", [4, 8]), Series("Cờ thi đua", [None, 1])],
        kind="line",
        table_by="series",
    )
    assert chart_table(chart) == {
        "head": ["", "2015", "2016"],
        "rows": [["Lao động tiên tiến", "4", "8"], ["Cờ thi đua", "—", "1"]],
    }
