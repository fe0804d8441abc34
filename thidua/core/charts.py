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

# A palette that stays distinct in grey print and for the common colour-vision deficiencies.
COLOURS = ("#1f4e79", "#c0504d", "#9bbb59", "#8064a2", "#f79646", "#4bacc6", "#7f7f7f")
FONT = "font-family=\"'Liberation Serif', 'Times New Roman', serif\""


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | int | None]


@dataclass(frozen=True)
class Chart:
    """A bar chart: one bar per category and series ("bar": vertical columns, "hbar": horizontal bars, better for
    long unit names and rankings). `maximum` fixes the scale (100 for percentages); `unit` follows each value."""

    title: str
    categories: Sequence[str]
    series: Sequence[Series]
    kind: str = "hbar"
    unit: str = ""
    maximum: float | None = None
    decimals: int = 0
    caption: str = ""
    extra: dict = field(default_factory=dict)

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
    return _horizontal(chart, width=width)


def _legend(chart: Chart, *, x: int, y: int) -> list[str]:
    if len(chart.series) < 2:
        return []
    parts, offset = [], x
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        parts.append(f'<rect x="{offset}" y="{y - 9}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{offset + 14}" y="{y}" font-size="11" {FONT}>{escape(series.name)}</text>')
        offset += 24 + 7 * len(series.name)
    return parts


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
            chart, width=width, height=30, body=[f'<text x="0" y="20" font-size="12" {FONT}>Chưa có số liệu.</text>']
        )
    group = bar_height * len(chart.series) + gap
    top = 22 if len(chart.series) > 1 else 4
    height = top + rows * group + 4
    plot = width - label_width - value_width
    scale = _scale(chart)
    body = _legend(chart, x=label_width, y=14)
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
            colour = COLOURS[index % len(COLOURS)]
            body.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height - 2}" fill="{colour}"/>'
            )
            body.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height / 2:.1f}" font-size="10" '
                f'dominant-baseline="middle" {FONT}>{escape(format_value(chart, value))}</text>'
            )
    body.append(f'<line x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - 2}" stroke="#444"/>')
    return _svg(chart, width=width, height=height, body=body)


def _vertical(chart: Chart, *, width: int) -> str:
    height, bottom, left, top = 240, 48, 40, 26
    columns = len(chart.categories)
    if not columns or not chart.series:
        return _svg(
            chart, width=width, height=30, body=[f'<text x="0" y="20" font-size="12" {FONT}>Chưa có số liệu.</text>']
        )
    plot_w, plot_h = width - left - 8, height - bottom - top
    group = plot_w / columns
    bar = max(4.0, min(28.0, (group - 8) / len(chart.series)))
    scale = _scale(chart)
    body = _legend(chart, x=left, y=14)
    for step in range(5):
        value = scale * step / 4
        y = top + plot_h - plot_h * step / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#ddd"/>')
        body.append(
            f'<text x="{left - 4}" y="{y + 3:.1f}" font-size="9" text-anchor="end" {FONT}>'
            f"{escape(_number(value, chart.decimals))}</text>"
        )
    for column, category in enumerate(chart.categories):
        x0 = left + column * group + (group - bar * len(chart.series)) / 2
        for index, series in enumerate(chart.series):
            value = series.values[column] if column < len(series.values) else None
            bar_h = 0.0 if value is None else max(0.0, min(float(value) / scale, 1.0)) * plot_h
            x = x0 + index * bar
            colour = COLOURS[index % len(COLOURS)]
            body.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{bar - 1:.1f}" height="{bar_h:.1f}" '
                f'fill="{colour}"/>'
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


def chart_table(chart: Chart | dict) -> dict:
    """The chart's numbers as a table: {"head": [first column, series...], "rows": [[category, value text...]]}."""
    if isinstance(chart, dict):
        chart = Chart.from_dict(chart)
    head = ["", *[s.name for s in chart.series]]
    rows = []
    for index, category in enumerate(chart.categories):
        values = [s.values[index] if index < len(s.values) else None for s in chart.series]
        rows.append([category, *[format_value(chart, v) for v in values]])
    return {"head": head, "rows": rows}
