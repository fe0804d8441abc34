"""Reads for the awards' dashboards: the number of awards per title over the years and the banners (the sector's
and the Government's) per year and per cluster, from the award history; with their charts.

Scope: the awards the user may see (selectors.history.visible_awards). Filters: a range of years; a cluster (a
collective counts when it was a member of the cluster's term in the year of the award, a person when the unit they
work in now was); a kind of unit (the collective's, or the person's unit's). The aggregates read the whole award
history, a cost that grows with the years: they are computed in a fixed number of queries and cached per scope
and filters under the latest audit entry (every award is written by an audited service), as plain rows.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from thidua.core.cache import cached_for_scope
from thidua.core.charts import Chart, Series
from thidua.core.vietnamese import sort_key
from thidua.org.models import Cluster, ClusterMembership
from thidua.org.permissions import scope_for, visible_units
from thidua.org.selectors import current_year
from thidua.titles.models import Title

from ..models import Award
from .history import BANNERS, GOVERNMENT_BANNER, SECTOR_BANNER, visible_awards

CLUSTER_KIND_ORDER = {kind: index for index, kind in enumerate(Cluster.Kind.values)}


def _cached(kind: str, user, compute, *parts):
    return cached_for_scope("awards:dashboard", user, compute, kind, *parts)


def year_bounds(user) -> tuple[int, int]:
    """The first and the latest year of the awards the user may see (this year for both when there are none);
    cached."""

    def compute() -> tuple[int, int]:
        bounds = visible_awards(user).order_by().aggregate(first=Min("year"), latest=Max("year"))
        this_year = current_year()
        return bounds["first"] or this_year, bounds["latest"] or this_year

    return _cached("bounds", user, compute)


def filtered_awards(user, *, cluster_id: int | None = None, kind_id: int | None = None) -> QuerySet[Award]:
    """The awards the user may see, kept to a cluster's members in the year of each award and to a kind of unit."""
    awards = visible_awards(user)
    if kind_id is not None:
        awards = awards.filter(Q(unit__kind_id=kind_id) | Q(person__unit__kind_id=kind_id))
    if cluster_id is not None:
        members = ClusterMembership.objects.filter(term__cluster_id=cluster_id, year=OuterRef("year"))
        awards = awards.filter(
            Exists(members.filter(unit=OuterRef("unit"))) | Exists(members.filter(unit=OuterRef("person__unit")))
        )
    return awards


# Titles per year ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleYears:
    title_id: int
    name: str
    subject: str
    counts: tuple[int, ...]  # one per year of the table

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class TitleTable:
    years: tuple[int, ...]
    titles: tuple[TitleYears, ...]  # individual titles first, each chain from its lowest title; none without awards

    def per_subject(self, subject: str) -> tuple[int, ...]:
        return tuple(sum(t.counts[i] for t in self.titles if t.subject == subject) for i in range(len(self.years)))


def _title_order(row) -> tuple:
    _pk, name, subject, category, chain, order = row
    return (
        subject != Title.Subject.INDIVIDUAL,
        category != Title.Category.EMULATION,
        chain,
        order or 0,
        sort_key(name),
    )


def _titles_per_year(user, year_from: int, year_to: int, cluster_id, kind_id) -> TitleTable:
    years = tuple(range(year_from, year_to + 1))
    rows = (
        filtered_awards(user, cluster_id=cluster_id, kind_id=kind_id)
        .filter(year__gte=year_from, year__lte=year_to)
        .order_by()
        .values("title", "year")
        .annotate(n=Count("pk"))
        .values_list(
            "title",
            "title__name",
            "title__subject",
            "title__category",
            "title__chain",
            "title__order_in_chain",
            "year",
            "n",
        )
    )
    counts: dict[tuple, dict[int, int]] = defaultdict(dict)
    for *title, year, n in rows:
        counts[tuple(title)][year] = n
    titles = tuple(
        TitleYears(title[0], title[1], title[2], tuple(counts[title].get(year, 0) for year in years))
        for title in sorted(counts, key=_title_order)
    )
    return TitleTable(years, titles)


def titles_per_year(
    user, *, year_from: int, year_to: int, cluster_id: int | None = None, kind_id: int | None = None
) -> TitleTable:
    """The number of awards of each title in each year of the range: one query when computed, cached."""
    return _cached(
        "titles",
        user,
        lambda: _titles_per_year(user, year_from, year_to, cluster_id, kind_id),
        year_from,
        year_to,
        cluster_id or "",
        kind_id or "",
    )


def titles_chart(table: TitleTable) -> Chart:
    """A line per title over the years; its table has a row per title."""
    return Chart(
        title=_("Số khen thưởng theo danh hiệu, hình thức, từ năm %(start)s đến năm %(end)s")
        % {"start": table.years[0], "end": table.years[-1]},
        categories=[str(year) for year in table.years],
        series=[Series(t.name, list(t.counts)) for t in table.titles],
        kind="line",
        table_by="series",
    )


def subjects_chart(table: TitleTable) -> Chart:
    """The awards of each year, individuals beside collectives."""
    return Chart(
        title=_("Số khen thưởng cá nhân và tập thể theo năm"),
        categories=[str(year) for year in table.years],
        series=[
            Series(_("Cá nhân"), list(table.per_subject(Title.Subject.INDIVIDUAL))),
            Series(_("Tập thể"), list(table.per_subject(Title.Subject.COLLECTIVE))),
        ],
        kind="bar",
    )


# Banners ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BannerGroup:
    """The banners of one year won by the members of one cluster (cluster_id None: by units in no cluster)."""

    year: int
    cluster_id: int | None
    cluster_name: str
    sector: int
    government: int


@dataclass(frozen=True)
class BannerSummary:
    years: tuple[int, ...]
    sector: tuple[int, ...]  # per year of the range
    government: tuple[int, ...]
    clusters: tuple[tuple[int, str, int, int], ...]  # (cluster id, name, sector, government) over the range
    groups: tuple[BannerGroup, ...]  # newest year first; clusters by kind and name, units in no cluster last


def _banner_memberships(user, year_from: int, year_to: int, cluster_id, kind_id) -> QuerySet[ClusterMembership]:
    """The memberships whose unit won a banner in the membership's year."""
    memberships = ClusterMembership.objects.filter(
        year__gte=year_from,
        year__lte=year_to,
        unit__awards__title__code__in=BANNERS,
        unit__awards__year=F("year"),
    )
    if not scope_for(user).read_all:
        memberships = memberships.filter(unit__in=visible_units(user).values("pk"))
    if cluster_id is not None:
        memberships = memberships.filter(term__cluster_id=cluster_id)
    if kind_id is not None:
        memberships = memberships.filter(unit__kind_id=kind_id)
    return memberships


def _banners(user, year_from: int, year_to: int, cluster_id, kind_id) -> BannerSummary:
    years = tuple(range(year_from, year_to + 1))
    banners = (
        filtered_awards(user, cluster_id=cluster_id, kind_id=kind_id)
        .filter(title__code__in=BANNERS, unit__isnull=False, year__gte=year_from, year__lte=year_to)
        .order_by()
    )
    yearly = banners.values("year", "title__code").annotate(n=Count("pk")).values_list("year", "title__code", "n")
    per_year: dict[tuple[int, str], int] = {(year, code): n for year, code, n in yearly}
    groups: dict[tuple[int, int | None], dict] = {}
    rows = (
        _banner_memberships(user, year_from, year_to, cluster_id, kind_id)
        .order_by()
        .values("year", "term__cluster_id", "term__cluster__name", "term__cluster__kind", "unit__awards__title__code")
        .annotate(n=Count("pk"))
        .values_list(
            "year", "term__cluster_id", "term__cluster__name", "term__cluster__kind", "unit__awards__title__code", "n"
        )
    )
    for year, cluster, name, kind, code, n in rows:
        group = groups.setdefault((year, cluster), {"name": name, "kind": kind, SECTOR_BANNER: 0, GOVERNMENT_BANNER: 0})
        group[code] += n
    if cluster_id is None:
        in_no_cluster = banners.exclude(
            Exists(ClusterMembership.objects.filter(unit=OuterRef("unit"), year=OuterRef("year")))
        )
        for year, code, n in (
            in_no_cluster.values("year", "title__code").annotate(n=Count("pk")).values_list("year", "title__code", "n")
        ):
            group = groups.setdefault((year, None), {"name": "", "kind": "", SECTOR_BANNER: 0, GOVERNMENT_BANNER: 0})
            group[code] += n

    def group_order(key):
        year, cluster = key
        group = groups[key]
        return (-year, cluster is None, CLUSTER_KIND_ORDER.get(group["kind"], 99), sort_key(group["name"]), cluster)

    clusters: dict[int, list] = {}
    for (_year, cluster), group in groups.items():
        if cluster is not None:
            total = clusters.setdefault(cluster, [group["name"], group["kind"], 0, 0])
            total[2] += group[SECTOR_BANNER]
            total[3] += group[GOVERNMENT_BANNER]
    return BannerSummary(
        years=years,
        sector=tuple(per_year.get((year, SECTOR_BANNER), 0) for year in years),
        government=tuple(per_year.get((year, GOVERNMENT_BANNER), 0) for year in years),
        clusters=tuple(
            (pk, name, sector, government)
            for pk, (name, kind, sector, government) in sorted(
                clusters.items(), key=lambda item: (CLUSTER_KIND_ORDER.get(item[1][1], 99), sort_key(item[1][0]))
            )
        ),
        groups=tuple(
            BannerGroup(year, cluster, groups[(year, cluster)]["name"], *_counts(groups[(year, cluster)]))
            for year, cluster in sorted(groups, key=group_order)
        ),
    )


def _counts(group: dict) -> tuple[int, int]:
    return group[SECTOR_BANNER], group[GOVERNMENT_BANNER]


def banners(
    user, *, year_from: int, year_to: int, cluster_id: int | None = None, kind_id: int | None = None
) -> BannerSummary:
    """The sector and Government banners per year, per cluster and per (year, cluster): three queries when
    computed (two with a cluster), cached. A unit in two clusters that year (a cụm and a khối) counts in both."""
    return _cached(
        "banners",
        user,
        lambda: _banners(user, year_from, year_to, cluster_id, kind_id),
        year_from,
        year_to,
        cluster_id or "",
        kind_id or "",
    )


@dataclass
class Winners:
    group: BannerGroup
    sector: list[str]
    government: list[str]


def banner_winners(user, groups: list[BannerGroup], *, kind_id: int | None = None) -> list[Winners]:
    """The names (as they were that year, in Vietnamese order) of the units that won each group's banners: two
    queries for a page of groups, whatever their number."""
    years = sorted({group.year for group in groups})
    awards = list(
        filtered_awards(user, kind_id=kind_id)
        .filter(title__code__in=BANNERS, unit__isnull=False, year__in=years)
        .order_by()
        .values_list("year", "unit_id", "recipient_name", "title__code")
    )
    clusters: dict[tuple[int, int], list[int]] = defaultdict(list)
    for unit_id, year, cluster_id in ClusterMembership.objects.filter(
        unit_id__in={unit for _year, unit, _name, _code in awards}, year__in=years
    ).values_list("unit_id", "year", "term__cluster_id"):
        clusters[(unit_id, year)].append(cluster_id)
    names: dict[tuple[int, int | None], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for year, unit, name, code in awards:
        for cluster in clusters.get((unit, year)) or [None]:
            names[(year, cluster)][code].append(name)
    out = []
    for group in groups:
        found = names.get((group.year, group.cluster_id), {})
        out.append(
            Winners(
                group,
                sorted(found.get(SECTOR_BANNER, []), key=sort_key),
                sorted(found.get(GOVERNMENT_BANNER, []), key=sort_key),
            )
        )
    return out


def banners_per_year_chart(summary: BannerSummary) -> Chart:
    return Chart(
        title=_("Cờ thi đua theo năm, từ năm %(start)s đến năm %(end)s")
        % {"start": summary.years[0], "end": summary.years[-1]},
        categories=[str(year) for year in summary.years],
        series=[
            Series(_("Cờ thi đua của Bộ Tư pháp"), list(summary.sector)),
            Series(_("Cờ thi đua của Chính phủ"), list(summary.government)),
        ],
        kind="bar",
    )


def banners_per_cluster_chart(summary: BannerSummary) -> Chart:
    return Chart(
        title=_("Cờ thi đua theo cụm, khối, khu vực, từ năm %(start)s đến năm %(end)s")
        % {"start": summary.years[0], "end": summary.years[-1]},
        categories=[name for _pk, name, _s, _g in summary.clusters],
        series=[
            Series(_("Cờ thi đua của Bộ Tư pháp"), [sector for _pk, _n, sector, _g in summary.clusters]),
            Series(_("Cờ thi đua của Chính phủ"), [government for _pk, _n, _s, government in summary.clusters]),
        ],
    )
