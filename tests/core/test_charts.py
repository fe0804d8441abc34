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
    assert widths == [350.0, 306.2]  # 350 × 87.5%, to one decimal
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
