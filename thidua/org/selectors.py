"""Reads for the portal: lists and pages of the organization, each with a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.search import vi

from .models import Cluster, ClusterMembership, ClusterTerm, Person, Province, Role, RoleAssignment, Unit, UnitKind
from .permissions import scope_for, visible_clusters, visible_people, visible_units

# How a member's role reads for each kind of cluster: "Cụm trưởng" in a cụm, "Trưởng khu vực" in a region.
_ROLE_LABELS = {
    Cluster.Kind.CUM: {"leader": gettext_lazy("Cụm trưởng"), "deputy": gettext_lazy("Cụm phó")},
    Cluster.Kind.KHOI: {"leader": gettext_lazy("Khối trưởng"), "deputy": gettext_lazy("Khối phó")},
    Cluster.Kind.KHU_VUC: {"leader": gettext_lazy("Trưởng khu vực"), "deputy": gettext_lazy("Phó trưởng khu vực")},
}


_ROLE_ORDER = {ClusterMembership.Role.LEADER: 0, ClusterMembership.Role.DEPUTY: 1, ClusterMembership.Role.MEMBER: 2}


def role_label(role: str, kind: str) -> str:
    """The Vietnamese name of a membership role in a cluster of `kind`."""
    if role == ClusterMembership.Role.MEMBER:
        return _("Thành viên")
    labels = _ROLE_LABELS.get(kind, _ROLE_LABELS[Cluster.Kind.CUM])
    return str(labels[role])


def current_year() -> int:
    return timezone.localdate().year


def emulation_year() -> int:
    """The year the portal treats as "this year": the current calendar year, or the latest year before it
    that has cluster terms (terms are set up by decision, sometimes months into the year)."""
    year = current_year()
    latest = ClusterTerm.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True).first()
    return latest or year


# Units ---------------------------------------------------------------------------------------------------


def unit_list(user, *, q: str = "", kind_id: int | None = None, province_id: int | None = None) -> QuerySet[Unit]:
    """The units `user` may see, searched without diacritics on the name or short name, and filtered."""
    units = visible_units(user).select_related("kind", "parent", "province")
    if q:
        units = units.filter(Q(name__ucontains=q) | Q(short_name__ucontains=q))
    if kind_id:
        units = units.filter(kind_id=kind_id)
    if province_id:
        units = units.filter(province_id=province_id)
    return units


def attach_people_counts(units: Iterable[Unit]) -> list[Unit]:
    """Set `active_people` on each unit with one query over only these units' people."""
    units = list(units)
    if not units:
        return units
    counts = dict(
        Person.objects.filter(unit__in=[u.pk for u in units], is_active=True)
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    for unit in units:
        unit.active_people = counts.get(unit.pk, 0)
    return units


def unit_kinds() -> list[UnitKind]:
    return list(UnitKind.objects.all())


def provinces() -> list[Province]:
    return list(Province.objects.all())


def visible_children(user, unit: Unit) -> QuerySet[Unit]:
    return visible_units(user).filter(parent=unit).select_related("kind", "province")


def unit_people(unit: Unit, *, q: str = "") -> QuerySet[Person]:
    people = Person.objects.filter(unit=unit)
    if q:
        people = people.filter(full_name__ucontains=q)
    return people


def unit_memberships(unit: Unit) -> QuerySet[ClusterMembership]:
    """The unit's places in cluster terms, newest year first."""
    return (
        ClusterMembership.objects.filter(unit=unit)
        .select_related("term", "term__cluster")
        .order_by("-year", "kind", vi("term__cluster__name"))
    )


def label_memberships(memberships: Iterable[ClusterMembership]) -> list[ClusterMembership]:
    memberships = list(memberships)
    for membership in memberships:
        membership.role_label = role_label(membership.role, membership.kind)
    return memberships


def visible_ids(queryset: QuerySet, ids: Iterable[int]) -> set[int]:
    """Which of `ids` are in `queryset` (one query), to link only to pages the user may open."""
    ids = {i for i in ids if i is not None}
    if not ids:
        return set()
    return set(queryset.filter(pk__in=ids).values_list("pk", flat=True))


# People --------------------------------------------------------------------------------------------------

# Above this many visible units the person list offers a name search for the unit instead of a select.
UNIT_SELECT_LIMIT = 100


def person_list(user, *, q: str = "", unit: Unit | None = None, unit_q: str = "") -> QuerySet[Person]:
    """The people `user` may see, searched by name without diacritics, optionally in one unit."""
    people = visible_people(user).select_related("unit")
    if q:
        people = people.filter(full_name__ucontains=q)
    if unit is not None:
        people = people.filter(unit=unit)
    elif unit_q:
        people = people.filter(unit__name__ucontains=unit_q)
    return people


def unit_choices(user) -> list[tuple[int, str]] | None:
    """(id, name) of the visible units for a select, or None when there are too many for one."""
    rows = list(visible_units(user).values_list("pk", "name")[: UNIT_SELECT_LIMIT + 1])
    return None if len(rows) > UNIT_SELECT_LIMIT else rows


def mark_editable(user, people: Iterable[Person]) -> list[Person]:
    """Set `can_edit` on each person from the user's scope (the units are already loaded)."""
    scope = scope_for(user)
    people = list(people)
    for person in people:
        person.can_edit = scope.is_board or any(person.unit.path.startswith(p) for p in scope.write_paths)
    return people


# Clusters ------------------------------------------------------------------------------------------------


def cluster_list(user, *, kind: str = "", year: int | None = None) -> QuerySet[Cluster]:
    clusters = visible_clusters(user)
    if kind:
        clusters = clusters.filter(kind=kind)
    if year:
        clusters = clusters.filter(terms__year=year)
    return clusters


def cluster_years(user) -> list[int]:
    """The years that have terms among the clusters `user` may see, newest first."""
    return list(
        ClusterTerm.objects.filter(cluster__in=visible_clusters(user))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def attach_term_summaries(clusters: Iterable[Cluster], *, year: int | None = None) -> list[Cluster]:
    """Set `shown_term` on each cluster: its term of `year`, or its latest term, with `member_count` and
    `leaders`. Two queries whatever the number of clusters."""
    clusters = list(clusters)
    if not clusters:
        return clusters
    terms = ClusterTerm.objects.filter(cluster__in=[c.pk for c in clusters])
    if year:
        terms = terms.filter(year=year)
    else:
        latest = ClusterTerm.objects.filter(cluster=OuterRef("cluster")).order_by("-year").values("year")[:1]
        terms = terms.filter(year=Subquery(latest))
    terms = terms.annotate(member_count=Count("memberships")).prefetch_related(
        Prefetch(
            "memberships",
            queryset=ClusterMembership.objects.filter(role=ClusterMembership.Role.LEADER).select_related("unit"),
            to_attr="leaders",
        )
    )
    by_cluster = {t.cluster_id: t for t in terms}
    for cluster in clusters:
        cluster.shown_term = by_cluster.get(cluster.pk)
    return clusters


@dataclass
class TermView:
    """A term split into leader, deputies and members for display."""

    term: ClusterTerm
    leader: ClusterMembership | None = None
    deputies: list[ClusterMembership] = field(default_factory=list)
    members: list[ClusterMembership] = field(default_factory=list)

    @property
    def leader_label(self) -> str:
        return role_label(ClusterMembership.Role.LEADER, self.term.kind)

    @property
    def deputy_label(self) -> str:
        return role_label(ClusterMembership.Role.DEPUTY, self.term.kind)


def cluster_terms(cluster: Cluster) -> QuerySet[ClusterTerm]:
    """The cluster's terms, newest first, with their memberships and units prefetched (one extra query)."""
    return (
        ClusterTerm.objects.filter(cluster=cluster)
        .order_by("-year")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ClusterMembership.objects.select_related("unit").order_by(vi("unit__name"), "pk"),
            )
        )
    )


def split_terms(terms: Iterable[ClusterTerm]) -> list[TermView]:
    views = []
    for term in terms:
        view = TermView(term)
        for membership in term.memberships.all():
            membership.role_label = role_label(membership.role, term.kind)
            if membership.role == ClusterMembership.Role.LEADER:
                view.leader = membership
            elif membership.role == ClusterMembership.Role.DEPUTY:
                view.deputies.append(membership)
            view.members.append(membership)
        # Leader first, then deputies, then the others; each group stays in alphabetical order.
        view.members.sort(key=lambda m: _ROLE_ORDER[m.role])
        views.append(view)
    return views


# Home pages ----------------------------------------------------------------------------------------------


def ministry_counts(year: int) -> dict[str, int]:
    """Sizes of the whole organization: units, active people, active clusters, terms of `year`."""
    return {
        "units": Unit.objects.count(),
        "people": Person.objects.filter(is_active=True).count(),
        "clusters": Cluster.objects.filter(is_active=True).count(),
        "terms": ClusterTerm.objects.filter(year=year).count(),
    }


def units_with_role(user, role: str) -> list[Unit]:
    """The units on which `user` holds `role`, with their active people counted."""
    units = [
        a.unit
        for a in RoleAssignment.objects.filter(user=user, role=role, unit__isnull=False)
        .select_related("unit", "unit__kind", "unit__parent")
        .order_by(vi("unit__name"))
    ]
    return attach_people_counts(units)


def memberships_in_year(unit_ids: Iterable[int], year: int) -> list[ClusterMembership]:
    """The cluster places of these units in `year`."""
    return label_memberships(
        ClusterMembership.objects.filter(unit__in=list(unit_ids), year=year)
        .select_related("unit", "term", "term__cluster")
        .order_by(vi("unit__name"), "kind")
    )


def led_terms(unit_ids: Iterable[int]) -> list[TermView]:
    """The terms that one of these units leads, newest first, with their deputies and members."""
    terms = cluster_terms_for_leaders(unit_ids)
    return split_terms(terms)


def cluster_terms_for_leaders(unit_ids: Iterable[int]) -> QuerySet[ClusterTerm]:
    return (
        ClusterTerm.objects.filter(
            memberships__unit__in=list(unit_ids), memberships__role=ClusterMembership.Role.LEADER
        )
        .select_related("cluster")
        .order_by("-year", vi("cluster__name"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ClusterMembership.objects.select_related("unit").order_by(vi("unit__name"), "pk"),
            )
        )
    )


@dataclass
class Home:
    """What the home page shows, section by section, for the roles the user holds."""

    year: int
    counts: dict[str, int] | None = None  # ministry-wide overview (board, ministry-wide viewer)
    sections: list[dict] = field(default_factory=list)


def home_for(user) -> Home:
    scope = scope_for(user)
    home = Home(year=emulation_year())
    if scope.read_all:
        home.counts = ministry_counts(home.year)
    for role in (Role.UNIT_STAFF, Role.CLUSTER_LEADER, Role.DELEGATE, Role.VIEWER):
        if role not in scope.roles:
            continue
        units = units_with_role(user, role)
        if not units:
            continue
        section = {"role": role, "units": units}
        if role == Role.CLUSTER_LEADER:
            section["terms"] = led_terms(u.pk for u in units)
        else:
            section["memberships"] = memberships_in_year((u.pk for u in units), home.year)
        home.sections.append(section)
    return home
