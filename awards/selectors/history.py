"""Reads of the award history: who may see which awards, the searchable list, a person's and a unit's awards and
their timeline by year, a unit's sub-units' awards, a cluster's leaders and banner winners across the years, the
links to the decisions, and the rows of the xlsx export. Each list a fixed number of queries."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from thidua.core.charts import Chart, Series
from thidua.core.search import vi
from thidua.core.vietnamese import sort_key
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.permissions import can_write_unit, scope_for, visible_units, writable_units
from thidua.titles.models import Title

from ..models import Award

ORDERING = ("-year", vi("recipient_name"), vi("title__name"), "pk")
SECTOR_BANNER, GOVERNMENT_BANNER = "co-bo", "co-cp"  # the title codes of the sector's and the Government's banners
BANNERS = (SECTOR_BANNER, GOVERNMENT_BANNER)


def visible_awards(user) -> QuerySet[Award]:
    """The awards `user` may see: all for the board and ministry-wide viewers; otherwise those of the units they
    may see (the collectives and the people working there)."""
    awards = Award.objects.all()
    if scope_for(user).read_all:
        return awards
    units = visible_units(user).values("pk")
    return awards.filter(Q(unit_id__in=units) | Q(person__unit_id__in=units))


def get_award_for_user(user, pk, *, write: bool = False) -> Award:
    """An award: 404 unless the user may see it; 403 with `write` unless they may change its unit."""
    award = visible_awards(user).select_related("title", "person__unit", "unit").filter(pk=pk).first()
    if award is None:
        raise Http404(_("Không tìm thấy khen thưởng."))
    if write and not can_write_unit(user, award_unit_of(award)):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi sổ theo dõi khen thưởng của đơn vị này."))
    return award


def award_unit_of(award: Award) -> Unit:
    """The unit an award belongs to, for permissions: the collective, or the person's unit."""
    return award.unit if award.unit_id else award.person.unit


def can_import(user) -> bool:
    """The board, and unit staff (for their units): who may record awards."""
    return scope_for(user).is_board or writable_units(user).exists()


SUBJECTS = (Title.Subject.INDIVIDUAL, Title.Subject.COLLECTIVE)


def award_list(
    user,
    *,
    q: str = "",
    year: int | None = None,
    title_id: int | None = None,
    subject: str = "",
    unit: Unit | None = None,
    unit_q: str = "",
) -> QuerySet[Award]:
    """The awards `user` may see, newest year first and by name in Vietnamese order, searched without diacritics
    over the recipient's and the unit's names (as they were when awarded), and filtered. `unit` keeps the awards
    of the unit, its sub-units and the people working there."""
    awards = visible_awards(user).select_related("title")
    if q:
        awards = awards.filter(Q(recipient_name__ucontains=q) | Q(unit_name__ucontains=q))
    if year:
        awards = awards.filter(year=year)
    if title_id:
        awards = awards.filter(title_id=title_id)
    if subject == Title.Subject.INDIVIDUAL:
        awards = awards.filter(person__isnull=False)
    elif subject == Title.Subject.COLLECTIVE:
        awards = awards.filter(unit__isnull=False)
    if unit is not None:
        awards = awards.filter(Q(unit__path__startswith=unit.path) | Q(person__unit__path__startswith=unit.path))
    elif unit_q:
        awards = awards.filter(Q(unit_name__ucontains=unit_q) | Q(unit__isnull=False, recipient_name__ucontains=unit_q))
    return awards.order_by(*ORDERING)


def award_years(user) -> list[int]:
    """The years of the awards `user` may see, newest first (for the filter)."""
    return list(visible_awards(user).order_by("-year").values_list("year", flat=True).distinct())


def title_choices() -> list[Title]:
    return list(Title.objects.order_by("subject", "category", "chain", "order_in_chain", vi("name")))


def person_awards(person: Person) -> QuerySet[Award]:
    return Award.objects.filter(person=person).select_related("title").order_by("-year", vi("title__name"), "pk")


def unit_own_awards(unit: Unit) -> QuerySet[Award]:
    """The collective titles of the unit itself."""
    return Award.objects.filter(unit=unit).select_related("title").order_by("-year", vi("title__name"), "pk")


def unit_people_awards(unit: Unit) -> QuerySet[Award]:
    """The awards of the people working in the unit, by year then name."""
    return Award.objects.filter(person__unit=unit).select_related("title").order_by(*ORDERING)


# Timelines: year → titles -----------------------------------------------------------------------------------


@dataclass
class TimelineYear:
    year: int
    titles: list[str] = field(default_factory=list)  # emulation titles (danh hiệu thi đua)
    commendations: list[str] = field(default_factory=list)  # forms of commendation (hình thức khen thưởng)


def timeline_years(awards: QuerySet[Award]) -> QuerySet:
    """The years of these awards, newest first: paginate it, then timeline() the page's years."""
    return awards.order_by("-year").values_list("year", flat=True).distinct()


def timeline(awards: QuerySet[Award], years: Iterable[int]) -> list[TimelineYear]:
    """year → the titles received that year (catalogue order), for these years: one query."""
    rows: dict[int, TimelineYear] = {year: TimelineYear(year) for year in years}
    for year, name, category in (
        awards.filter(year__in=list(rows))
        .order_by("title__category", "title__chain", "title__order_in_chain", vi("title__name"), "pk")
        .values_list("year", "title__name", "title__category")
    ):
        target = rows[year].titles if category == Title.Category.EMULATION else rows[year].commendations
        target.append(name)
    return list(rows.values())


def _count_in_subtree(awards: QuerySet[Award], lookup: str) -> Coalesce:
    """COUNT of `awards` whose `lookup` (a unit's path) lies under the outer unit's path: a scalar subquery (COUNT
    without GROUP BY, so one row)."""
    matching = awards.filter(**{f"{lookup}__startswith": OuterRef("path")}).order_by()
    count = matching.annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), Value(0))


def child_award_counts(user, unit: Unit) -> QuerySet[Unit]:
    """The unit's sub-units the user may see, each with its sub-tree's awards: `collective` (titles of the sub-unit
    and its own sub-units) and `individual` (awards of the people working there now), with the latest year of each
    (`latest_collective`, `latest_individual`). Paginate it: two queries for a page."""
    latest_unit = Award.objects.filter(unit__path__startswith=OuterRef("path")).order_by("-year").values("year")[:1]
    latest_person = (
        Award.objects.filter(person__unit__path__startswith=OuterRef("path")).order_by("-year").values("year")[:1]
    )
    return (
        visible_units(user)
        .filter(parent=unit)
        .annotate(
            collective=_count_in_subtree(Award.objects.filter(unit__isnull=False), "unit__path"),
            individual=_count_in_subtree(Award.objects.filter(person__isnull=False), "person__unit__path"),
            latest_collective=Subquery(latest_unit),
            latest_individual=Subquery(latest_person),
        )
        .order_by(vi("name"), "pk")
    )


# A cluster's history ------------------------------------------------------------------------------------------


def cluster_history_terms(cluster: Cluster) -> QuerySet[ClusterTerm]:
    """The cluster's terms, newest first, each with `members` (a count), `leaders` (its leader, or nobody) and
    `deputies` (prefetched: two queries for a page). Paginate it."""

    def heads(role: str):
        return ClusterMembership.objects.filter(role=role).select_related("unit").order_by(vi("unit__name"), "pk")

    return (
        ClusterTerm.objects.filter(cluster=cluster)
        .annotate(members=Count("memberships"))
        .order_by("-year")
        .prefetch_related(
            Prefetch("memberships", queryset=heads(ClusterMembership.Role.LEADER), to_attr="leaders"),
            Prefetch("memberships", queryset=heads(ClusterMembership.Role.DEPUTY), to_attr="deputies"),
        )
    )


@dataclass
class TermBanners:
    """The banners won by a term's members in the term's year: (unit id, name as it was) per banner."""

    sector: list[tuple[int, str]] = field(default_factory=list)
    government: list[tuple[int, str]] = field(default_factory=list)


def term_banners(terms: Iterable[ClusterTerm]) -> dict[int, TermBanners]:
    """Each term's members that won the sector or the Government banner that year, in Vietnamese order: one query.
    A cluster's results are shown to whoever may see the cluster, as its members and leaders are."""
    terms = list(terms)
    found: dict[int, TermBanners] = defaultdict(TermBanners)
    if not terms:
        return found
    rows = (
        ClusterMembership.objects.filter(
            term__in=terms, unit__awards__title__code__in=BANNERS, unit__awards__year=F("year")
        )
        .order_by()
        .values_list("term_id", "unit__awards__title__code", "unit_id", "unit__awards__recipient_name")
    )
    for term_id, code, unit_id, name in sorted(rows, key=lambda row: (sort_key(row[3]), row[2])):
        banners = found[term_id]
        (banners.sector if code == SECTOR_BANNER else banners.government).append((unit_id, name))
    return found


def cluster_banner_years(cluster: Cluster) -> list[tuple[int, int, int]]:
    """(year, sector banners, Government banners) won by the cluster's members, for every year of its terms,
    oldest first: one query."""
    rows = (
        ClusterMembership.objects.filter(
            term__cluster=cluster, unit__awards__title__code__in=BANNERS, unit__awards__year=F("year")
        )
        .order_by()
        .values("year", "unit__awards__title__code")
        .annotate(n=Count("pk"))
        .values_list("year", "unit__awards__title__code", "n")
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for year, code, n in rows:
        counts[year][code] = n
    return [
        (year, counts[year].get(SECTOR_BANNER, 0), counts[year].get(GOVERNMENT_BANNER, 0)) for year in sorted(counts)
    ]


def cluster_banner_chart(cluster: Cluster) -> Chart | None:
    """The banners won by the cluster's members in each year from the first to the last year with one; None
    without any."""
    counts = {year: (sector, government) for year, sector, government in cluster_banner_years(cluster)}
    if not counts:
        return None
    years = range(min(counts), max(counts) + 1)
    return Chart(
        title=_("Cờ thi đua của các đơn vị thành viên %(cluster)s theo năm") % {"cluster": cluster.name},
        categories=[str(year) for year in years],
        series=[
            Series(_("Cờ thi đua của Bộ Tư pháp"), [counts.get(year, (0, 0))[0] for year in years]),
            Series(_("Cờ thi đua của Chính phủ"), [counts.get(year, (0, 0))[1] for year in years]),
        ],
        kind="bar",
    )


def decision_url_maker():
    """function(decision id) → the decision's page, or None while the decisions' pages do not exist."""
    try:
        reverse("decision_detail", args=[1])
    except NoReverseMatch:
        return None
    return lambda pk: reverse("decision_detail", args=[pk])


def attach_links(user, awards: Iterable[Award], *, writable_unit: Unit | None = None) -> list[Award]:
    """Set `decision_url` (the decision's page, or "") and `can_delete` on each award, without queries.

    Awards given by a decision of the system are never deletable. Others: by the board, and by those who may
    change `writable_unit` (the person's or the unit's page the awards are listed on); on the list of everything,
    only by the board.
    """
    awards = list(awards)
    make = decision_url_maker()
    scope = scope_for(user)
    unit_writable = writable_unit is not None and can_write_unit(user, writable_unit)
    for award in awards:
        award.decision_url = make(award.decision_id) if make and award.decision_id else ""
        editable = award.source != Award.Source.DECISION and award.decision_id is None
        award.can_delete = editable and (scope.is_board or unit_writable)
    return awards


def export_rows(awards: QuerySet[Award]) -> Iterator[list]:
    """The rows of the xlsx export (history_import.history_workbook), streamed in chunks."""
    sources = dict(Award.Source.choices)
    values = awards.values_list(
        "year",
        "title__name",
        "person_id",
        "recipient_name",
        "unit_name",
        "decision_number",
        "decision_date",
        "decision_issuer",
        "notes",
        "source",
    )
    for year, title, person_id, name, unit_name, number, date, issuer, notes, source in values.iterator(
        chunk_size=2000
    ):
        individual = person_id is not None
        # Empty cells rather than empty texts: what Excel shows for a cell nobody filled.
        yield [
            year,
            title,
            name if individual else None,
            None if individual else name,
            unit_name or None,
            number or None,
            date,
            issuer or None,
            notes or None,
            str(sources.get(source, source)),
        ]
