"""Charts drawn on the server as SVG, one source for the portal's dashboards and the printed reports.

A Chart is plain data (JSON-ready: it can be frozen into a RenderedDocument's data) and render_svg turns it into
markup that a browser and WeasyPrint both draw, with no script and no outside resource. Every chart has its numbers
as a table too (chart_table), for screen readers and for paper: a chart never stands alone.

Deterministic: the same chart gives the same markup (numbers formatted with fixed decimals), so a PDF that embeds
it keeps the same bytes for the same data.
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from html import escape

from django.utils.translation import gettext as _

# A palette that stays distinct in grey print and for the common colour-vision deficiencies.
COLOURS = ("#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f")
# Lines past the palette's length repeat its colours, dashed, so that two lines never look the same.
DASHES = ("", "6 3", "2 2", "8 3 2 3")
LEGEND_ROW = 16
# The printed documents' own family first (the @font-face of static/css/documents.css: WeasyPrint draws the SVG's
# text with it, so no machine font stands in); in the portal the browser falls back to its serif.
FONT = "font-family=\"'LiberationSerif Thidua', 'Liberation Serif', 'Times New Roman', serif\""


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]


@dataclass(frozen=True)
class Chart:
    """A chart of one value per category and series: "hbar" (horizontal bars, better for long unit names and
    rankings), "bar" (vertical columns) or "line" (one line per series over the categories, e.g. years).
    `maximum` fixes the scale (100 for percentages); `unit` follows each value. `table_by` orients the table of
    numbers: "category" (a row per category, a column per series) or "series" (a row per series)."""

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    kind: str = "hbar"
    unit: str = ""
    maximum: float | None = None
    decimals: int = 0
    caption: str = ""
    extra: dict = field(default_factory=dict)
    table_by: str = "category"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["categories"] = list(self.categories)
        data["series"] = [{"name": s.name, "values": [_plain(v) for v in s.values]} for s in self.series]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Chart":
        series = [Series(name=s["name"], values=list(s["values"])) for s in data.get("series", [])]
        return cls(**{**data, "series": series})


def _plain(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def _number(value, decimals: int) -> str:
    """A value as printed in Vietnamese: comma for decimals, dot for thousands."""
    if value is None:
        return "—"
    text = f"{float(value):,.{decimals}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def format_value(chart: Chart, value) -> str:
    text = _number(value, chart.decimals)
    return f"{text}{chart.unit}" if value is not None and chart.unit else text


def _scale(chart: Chart) -> float:
    values = [float(v) for s in chart.series for v in s.values if v is not None]
    top = chart.maximum if chart.maximum is not None else max(values, default=0)
    return float(top) if top and top > 0 else 1.0


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def render_svg(chart: Chart | dict, *, width: int = 640) -> str:
    """The chart as an <svg> element (role img, with its title); an empty chart draws a short note."""
    if isinstance(chart, dict):
        chart = Chart.from_dict(chart)
    if chart.kind == "bar":
        return _vertical(chart, width=width)
    if chart.kind == "line":
        return _vertical(chart, width=width, lines=True)
    return _horizontal(chart, width=width)


def _colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


def _dash(index: int) -> str:
    dash = DASHES[(index // len(COLOURS)) % len(DASHES)]
    return f' stroke-dasharray="{dash}"' if dash else ""


def _legend(chart: Chart, *, x: int, y: int, width: int, lines: bool = False) -> tuple[list[str], int]:
    """The legend's keys from (x, y), wrapped onto further rows of LEGEND_ROW px when the width is used up;
    returns the markup and the number of rows (0 for a single series: the title names it)."""
    if len(chart.series) < 2:
        return [], 0
    parts, offset, row = [], x, 0
    for index, series in enumerate(chart.series):
        name = _truncate(series.name, 48)
        step = 24 + 7 * len(name)
        if offset > x and offset + step > width:
            offset, row = x, row + 1
        top = y + row * LEGEND_ROW
        colour = _colour(index)
        if lines:
            parts.append(
                f'<line x1="{offset}" y1="{top - 4}" x2="{offset + 10}" y2="{top - 4}" stroke="{colour}" '
                f'stroke-width="2"{_dash(index)}/>'
            )
        else:
            parts.append(f'<rect x="{offset}" y="{top - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{offset + 14}" y="{top}" font-size="11" {FONT}>{escape(name)}</text>')
        offset += step
    return parts, row + 1


def _svg(chart: Chart, *, width: int, height: int, body: list[str]) -> str:
    label = escape(chart.title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
        f"<title>{label}</title>" + "".join(body) + "</svg>"
    )


def _horizontal(chart: Chart, *, width: int) -> str:
    label_width, value_width, bar_height, gap = 230, 60, 14, 6
    rows = len(chart.categories)
    if not rows or not chart.series:
        return _svg(
            chart, width=width, height=30, body=[f'<text x="0" y="20" font-size="12" {FONT}>{escape(_empty())}</text>']
        )
    group = bar_height * len(chart.series) + gap
    body, legend_rows = _legend(chart, x=label_width, y=14, width=width)
    top = 22 + (legend_rows - 1) * LEGEND_ROW if legend_rows else 4
    height = top + rows * group + 4
    plot = width - label_width - value_width
    scale = _scale(chart)
    for row, category in enumerate(chart.categories):
        y0 = top + row * group
        body.append(
            f'<text x="{label_width - 6}" y="{y0 + group / 2:.1f}" font-size="11" text-anchor="end" '
            f'dominant-baseline="middle" {FONT}>{escape(_truncate(category, 42))}</text>'
        )
        for index, series in enumerate(chart.series):
            value = series.values[row] if row < len(series.values) else None
            length = 0.0 if value is None else max(0.0, min(float(value) / scale, 1.0)) * plot
            y = y0 + index * bar_height
            colour = _colour(index)
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height - 2}" fill="{colour}"/>'
            )
            body.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height / 2:.1f}" font-size="10" '
                f'dominant-baseline="middle" {FONT}>{escape(format_value(chart, value))}</text>'
            )
    body.append(f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - 2}" stroke="#444"/>')
    return _svg(chart, width=width, height=height, body=body)


def _vertical(chart: Chart, *, width: int, lines: bool = False) -> str:
    """Vertical columns, or (lines) one line per series with a dot at each value; a missing value breaks a line."""
    height, bottom, left, top = 240, 48, 40, 26
    columns = len(chart.categories)
    if not columns or not chart.series:
        return _svg(
            chart, width=width, height=30, body=[f'<text x="0" y="20" font-size="12" {FONT}>{escape(_empty())}</text>']
        )
    body, legend_rows = _legend(chart, x=left, y=14, width=width, lines=lines)
    extra = max(0, legend_rows - 1) * LEGEND_ROW
    top, height = top + extra, height + extra
    plot_w, plot_h = width - left - 8, height - bottom - top
    group = plot_w / columns
    bar = max(4.0, min(28.0, (group - 8) / len(chart.series)))
    scale = _scale(chart)
    for step in range(5):
        value = scale * step / 4
        y = top + plot_h - plot_h * step / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(
            f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" {FONT}>'
            f"{escape(_number(value, chart.decimals))}</text>"
        )

    def level(value) -> float:
        return 0.0 if value is None else max(0.0, min(float(value) / scale, 1.0)) * plot_h

    if lines:
        for index, series in enumerate(chart.series):
            body += _line(
                series, index, columns, x=lambda c: left + c * group + group / 2, y=lambda v: top + plot_h - level(v)
            )
    for column, category in enumerate(chart.categories):
        x0 = left + column * group + (group - bar * len(chart.series)) / 2
        for index, series in enumerate(chart.series if not lines else ()):
            value = series.values[column] if column < len(series.values) else None
            bar_h = level(value)
            x = x0 + index * bar
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar - 1:.1f}" height="{bar_h:.1f}" '
                f'fill="{_colour(index)}"/>'
            )
            if value is not None:
                body.append(
                    f'<text x="{x + bar / 2:.1f}" y="{top + plot_h - bar_h - 3:.1f}" font-size="9" '
                    f'text-anchor="middle" {FONT}>{escape(_number(value, chart.decimals))}</text>'
                )
        body.append(
            f'<text x="{left + column * group + group / 2:.1f}" y="{top + plot_h + 14}" font-size="10" '
            f'text-anchor="middle" {FONT}>{escape(_truncate(category, max(6, int(group / 6))))}</text>'
        )
    body.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#444"/>')
    return _svg(chart, width=width, height=height, body=body)


def _line(series: Series, index: int, columns: int, *, x, y) -> list[str]:
    """One series as polylines through its values (a None ends a stretch) and a dot on each value."""
    colour, parts, stretch = _colour(index), [], []
    values = [series.values[c] if c < len(series.values) else None for c in range(columns)]
    for column, value in [*enumerate(values), (columns, None)]:
        if value is not None:
            stretch.append(f"{x(column):.1f},{y(value):.1f}")
            continue
        if len(stretch) > 1:
            parts.append(
                f'<polyline points="{" ".join(stretch)}" fill="none" stroke="{colour}" stroke-width="2"{_dash(index)}/>'
            )
        stretch = []
    for column, value in enumerate(values):
        if value is not None:
            parts.append(f'<circle cx="{x(column):.1f}" cy="{y(value):.1f}" r="2.5" fill="{colour}"/>')
    return parts


def _empty() -> str:
    return _("Chưa có số liệu.")


def chart_table(chart: Chart | dict) -> dict:
    """The chart's numbers as a table: {"head": [first column, series...], "rows": [[category, value text...]]};
    with table_by "series", a row per series and a column per category."""
    if isinstance(chart, dict):
        chart = Chart.from_dict(chart)

    def value(series: Series, index: int) -> str:
        return format_value(chart, series.values[index] if index < len(series.values) else None)

    if chart.table_by == "series":
        head = ["", *chart.categories]
        rows = [[s.name, *[value(s, i) for i in range(len(chart.categories))]] for s in chart.series]
        return {"head": head, "rows": rows}
    head = ["", *[s.name for s in chart.series]]
    rows = [[category, *[value(s, i) for s in chart.series]] for i, category in enumerate(chart.categories)]
    return {"head": head, "rows": rows}
