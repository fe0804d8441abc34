"""The summary report's charts, built from its figures: the same Chart objects on the report's page and, frozen with
Chart.as_dict(), in its PDF (thidua/core/charts.py draws them; each carries its numbers as a table)."""

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.core.charts import Chart, Series

from .selectors import MinistryFigures, TermFigures, banner_winners


def _percent(value: Decimal | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _rate_chart(title: str, rows) -> Chart:
    """Registration rates, one bar per (name, Rate), in per cent of 100."""
    return Chart(
        title=title,
        categories=[name for name, _rate in rows],
        series=[Series(_("Tỷ lệ đăng ký"), [_percent(rate.percent) for _name, rate in rows])],
        unit="%",
        maximum=100,
        decimals=1,
    )


def participation_chart(figures: TermFigures) -> Chart:
    """The registration rate of each member unit."""
    return _rate_chart(
        _("Tỷ lệ đăng ký thi đua theo đơn vị năm %(year)s") % {"year": figures.year},
        [(u.name, u.rate) for u in figures.participation.units],
    )


def ranking_chart(figures: TermFigures) -> Chart | None:
    """Each member's covenant score, in ranking order; None without a covenant."""
    covenant = figures.covenant
    if covenant is None:
        return None
    rows = covenant.rows
    return Chart(
        title=_("Điểm chấm giao ước thi đua năm %(year)s (tối đa %(max)s điểm)")
        % {"year": figures.year, "max": _points(covenant.max_total)},
        categories=[f"{row.rank}. {row.name}" if row.rank else row.name for row in rows],
        series=[Series(_("Tổng điểm"), [_percent(row.total) for row in rows])],
        maximum=float(covenant.max_total) if covenant.max_total else None,
        decimals=2,
    )


def _points(value: Decimal) -> str:
    return format(value.normalize(), "f").replace(".", ",")


def vote_charts(figures: TermFigures) -> list[Chart]:
    """One chart per counted vote: each candidate's share of "agree" votes, its winners in the caption."""
    charts = []
    for vote in figures.votes:
        title = (
            vote.title_name
            if vote.round == 1
            else _("%(title)s (vòng %(round)s)")
            % {
                "title": vote.title_name,
                "round": vote.round,
            }
        )
        charts.append(
            Chart(
                title=_("Kết quả bỏ phiếu: %(title)s") % {"title": title},
                categories=[c.name for c in vote.candidates],
                series=[Series(_("Tỷ lệ phiếu đồng ý"), [_percent(c.percent) for c in vote.candidates])],
                unit="%",
                maximum=100,
                decimals=2,
                caption=_("Trúng cử: %(names)s.") % {"names": ", ".join(vote.winners)}
                if vote.winners
                else _("Không có đơn vị trúng cử."),
            )
        )
    return charts


def term_charts(figures: TermFigures) -> dict:
    """{"participation": Chart, "ranking": Chart or None, "votes": [Chart, ...]}."""
    return {
        "participation": participation_chart(figures),
        "ranking": ranking_chart(figures),
        "votes": vote_charts(figures),
    }


def ministry_charts(figures: MinistryFigures) -> dict:
    """{"clusters", "kinds": the registration rates per cluster and per kind of unit; "banners": the winners of
    each title per cluster, or None without a counted vote; "ranking": the leading unit of each cluster's
    covenant ranking, as a share of its covenant's maximum, or None without rankings}."""
    participation = figures.participation
    charts = {
        "clusters": _rate_chart(
            _("Tỷ lệ đăng ký thi đua theo cụm, khối, khu vực năm %(year)s") % {"year": figures.year},
            [(c.cluster, c.rate) for c in participation.clusters],
        ),
        "kinds": _rate_chart(
            _("Tỷ lệ đăng ký thi đua theo loại đơn vị năm %(year)s") % {"year": figures.year},
            [(k.kind, k.rate) for k in participation.kinds],
        ),
        "banners": None,
        "ranking": None,
    }
    if figures.votes:
        clusters = list(dict.fromkeys(v.cluster for v in figures.votes))
        titles = {code: name for code, name, _w in banner_winners(figures.votes)}
        counts = defaultdict(dict)
        for cluster in clusters:
            for code, _name, winners in banner_winners([v for v in figures.votes if v.cluster == cluster]):
                counts[code][cluster] = len(winners)
        series = [Series(name, [counts[code].get(c, 0) for c in clusters]) for code, name in titles.items()]
        charts["banners"] = Chart(
            title=_("Số tập thể được suy tôn theo cụm, khối, khu vực năm %(year)s") % {"year": figures.year},
            categories=clusters,
            series=series,
        )
    tops = [(ranking, row) for ranking in figures.rankings for row in ranking.top]
    if tops:
        charts["ranking"] = Chart(
            title=_("Đơn vị dẫn đầu giao ước thi đua của từng cụm năm %(year)s (%% điểm tối đa)")
            % {"year": figures.year},
            categories=[f"{ranking.cluster}: {row.name}" for ranking, row in tops],
            series=[
                Series(
                    _("Điểm đạt được"),
                    [
                        _percent(row.total * 100 / ranking.max_total) if ranking.max_total and row.total else None
                        for ranking, row in tops
                    ],
                )
            ],
            unit="%",
            maximum=100,
            decimals=2,
        )
    return charts
