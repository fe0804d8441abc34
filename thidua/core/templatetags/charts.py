"""Template tag for the server-drawn charts: `{% load charts %}{% chart data %}` prints the SVG and its numbers as
a table (see thidua/core/charts.py); `data` is a Chart or its frozen dict."""

from django import template
from django.utils.safestring import mark_safe

from thidua.core.charts import Chart, chart_table, render_svg

register = template.Library()


@register.inclusion_tag("_chart.html")
def chart(data, table_caption: str = "", hide_table: bool = False, width: int = 640):
    if isinstance(data, dict):
        data = Chart.from_dict(data)
    return {
        "chart": data,
        # Markup built by render_svg, which escapes every text it draws.
        "svg": mark_safe(render_svg(data, width=width)),  # noqa: S308
        "table": chart_table(data),
        "table_caption": table_caption or data.title,
        "hide_table": hide_table,
    }
