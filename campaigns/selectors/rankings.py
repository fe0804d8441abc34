"""Reads for the covenant score rankings dashboard: each cluster term's ranking of a year, as the ranking page
computes it (selectors.evaluation.term_rankings: the same formula as term_ranking), and ministry-wide the leading
unit (rank 1) of each cluster, with their charts.

The rankings of a year read every score of every covenant of the year, a cost that grows with the clusters; they
are computed in a fixed number of queries and cached per year and scope under the latest audit entry (scores are
written by an audited service), as plain rows.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from thidua.core.cache import cached_for_scope
from thidua.core.charts import Chart, Series
from thidua.core.search import vi
from thidua.org.selectors import role_label

from .evaluation import term_rankings, visible_terms


@dataclass(frozen=True)
class RankRow:
    unit_id: int
    unit_name: str
    kind_id: int
    role: str  # leader, deputy or member of the term
    cluster_kind: str
    rank: int | None
    total: Decimal | None
    self_total: Decimal | None
    cross_average: Decimal | None
    cross_count: int

    @property
    def role_label(self) -> str:
        """Cụm trưởng, Trưởng khu vực...: in the language of the page (not cached)."""
        return role_label(self.role, self.cluster_kind)


@dataclass(frozen=True)
class TermRanking:
    term_id: int
    cluster_id: int
    cluster_name: str
    cluster_kind: str
    year: int
    covenant_title: str  # "" without a covenant
    max_total: Decimal
    scorers_done: int
    rows: tuple[RankRow, ...]  # in rank order, the unranked last

    @property
    def members(self) -> int:
        return len(self.rows)

    def of_kind(self, kind_id: int | None) -> tuple[RankRow, ...]:
        """The rows of the members of that kind of unit (all with None); ranks stay those of the whole term."""
        return self.rows if kind_id is None else tuple(r for r in self.rows if r.kind_id == kind_id)

    def leaders(self, kind_id: int | None = None) -> tuple[RankRow, ...]:
        """The best-ranked rows (rank 1, or the best rank among that kind of unit; several when tied)."""
        ranked = [r for r in self.of_kind(kind_id) if r.rank is not None]
        if not ranked:
            return ()
        best = min(r.rank for r in ranked)
        return tuple(r for r in ranked if r.rank == best)

    def percent_of_max(self, value: Decimal | None) -> Decimal | None:
        if value is None or not self.max_total:
            return None
        return value * 100 / self.max_total


def _plain(rankings) -> tuple[TermRanking, ...]:
    out = []
    for ranking in rankings:
        term = ranking.term
        out.append(
            TermRanking(
                term_id=term.pk,
                cluster_id=term.cluster_id,
                cluster_name=term.cluster.name,
                cluster_kind=term.cluster.kind,
                year=term.year,
                covenant_title=ranking.covenant.title if ranking.covenant else "",
                max_total=ranking.max_total,
                scorers_done=ranking.scorers_done,
                rows=tuple(
                    RankRow(
                        unit_id=row.unit.pk,
                        unit_name=row.unit.name,
                        kind_id=row.unit.kind_id,
                        role=row.membership.role,
                        cluster_kind=term.cluster.kind,
                        rank=row.rank,
                        total=row.total,
                        self_total=row.self_total,
                        cross_average=row.cross_average,
                        cross_count=row.cross_count,
                    )
                    for row in ranking.rows
                ),
            )
        )
    return tuple(out)


def _compute(user, year: int) -> tuple[TermRanking, ...]:
    terms = list(
        visible_terms(user)
        .filter(year=year)
        .select_related("cluster")
        .order_by("cluster__kind", vi("cluster__name"), "pk")
    )
    rankings = term_rankings(terms)
    return _plain(rankings[term.pk] for term in terms)


def year_rankings(user, *, year: int) -> tuple[TermRanking, ...]:
    """The ranking of each term of `year` the user may see (visible_terms), clusters by kind then name: five
    queries when computed, none when cached."""
    return cached_for_scope("campaigns:rankings", user, lambda: _compute(user, year), year)


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def term_chart(ranking: TermRanking, rows: tuple[RankRow, ...]) -> Chart:
    """The members' totals in rank order, on the covenant's scale."""
    return Chart(
        title=_("Tổng điểm giao ước thi đua của %(cluster)s năm %(year)s")
        % {"cluster": ranking.cluster_name, "year": ranking.year},
        categories=[row.unit_name for row in rows],
        series=[Series(_("Tổng điểm"), [_float(row.total) for row in rows])],
        maximum=float(ranking.max_total) if ranking.max_total else None,
        decimals=2,
    )


def leaders_chart(rankings: list[TermRanking], *, year: int, kind_id: int | None = None) -> Chart:
    """Each cluster's leading unit's total as a share of its covenant's maximum (covenants differ in scale)."""
    values = []
    for ranking in rankings:
        leaders = ranking.leaders(kind_id)
        values.append(_float(ranking.percent_of_max(leaders[0].total)) if leaders else None)
    return Chart(
        title=_("Điểm của đơn vị dẫn đầu mỗi cụm, khối, khu vực năm %(year)s (%% điểm tối đa)") % {"year": year},
        categories=[ranking.cluster_name for ranking in rankings],
        series=[Series(_("Điểm của đơn vị dẫn đầu"), values)],
        unit="%",
        maximum=100,
        decimals=1,
    )
