"""Template tag for the server-drawn charts: `{% load charts %}{% chart data %}` prints the SVG and its numbers as
a table (see thidua/core/charts.py); `data` is a Chart or its frozen dict."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from thidua.core.charts import Chart, chart_table, render_svg

register = template.Library()


def _table_cells(table: dict) -> tuple[str, str]:
    """The table's header row and body rows as markup: built here rather than by template loops, as a chart of
    many categories has as many rows (the same markup the loops gave, every text escaped)."""
    numeric = ' class="num"'
    head = "".join(
        f'<th scope="col"{numeric if index else ""}>{escape(cell)}</th>' for index, cell in enumerate(table["head"])
    )
    rows = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(cell)}</td>' if index else f'<th scope="row">{escape(cell)}</th>'
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in table["rows"]
    )
    return head, rows


@register.inclusion_tag("_chart.html")
def chart(data, table_caption: str = "", hide_table: bool = False, width: int = 640):
    if isinstance(data, dict):
        data = Chart.from_dict(data)
    table = chart_table(data)
    head, rows = _table_cells(table)
    return {
        "chart": data,
        # Markup built by render_svg, which escapes every text it draws.
        "svg": mark_safe(render_svg(data, width=width)),  # noqa: S308
        "table": table,
        # Escaped cell by cell in _table_cells.
        "table_head": mark_safe(head),  # noqa: S308
        "table_rows": mark_safe(rows),  # noqa: S308
        "table_caption": table_caption or data.title,
        "hide_table": hide_table,
    }
