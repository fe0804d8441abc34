"""Reads for the conference pages: the list (with its counts in one query), the terms a user may hold a conference
for, the delegates, the member units the forms choose among, and the council's default unit."""

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from awards.models import Nomination
from thidua.core.search import vi
from thidua.org.models import ClusterMembership, ClusterTerm, Unit
from thidua.org.permissions import scope_for
from thidua.titles.models import Title
from voting.models import BallotSession, Conference, Delegate
from voting.permissions import require_manager, visible_conferences

MINISTRY_KIND = "bo"


def _count_of(queryset: QuerySet) -> Subquery:
    """A correlated COUNT(*) over `queryset` (already filtered on the outer row), 0 when it has none."""
    counted = queryset.order_by().values("conference_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted[:1], output_field=IntegerField()), 0)


def conference_list(user, *, year: int | None = None, kind: str = "") -> QuerySet[Conference]:
    """The meetings the user sees, newest first, each with its cluster and its counts (one query per page)."""
    conferences = visible_conferences(user).select_related("term__cluster")
    if year:
        conferences = conferences.filter(year=year)
    if kind:
        conferences = conferences.filter(kind=kind)
    delegates = Delegate.objects.filter(conference_id=OuterRef("pk"))
    return conferences.annotate(
        delegate_count=_count_of(delegates),
        present_count=_count_of(delegates.filter(present_at__isnull=False)),
        session_count=_count_of(BallotSession.objects.filter(conference_id=OuterRef("pk"))),
    ).order_by("-date", "-pk")


def conference_years(user) -> list[int]:
    return list(visible_conferences(user).order_by("-year").values_list("year", flat=True).distinct())


def creatable_terms(user) -> QuerySet[ClusterTerm]:
    """The terms the user may hold a year-end conference for: any for the board, those their unit leads for a
    cluster leader."""
    terms = ClusterTerm.objects.select_related("cluster").order_by("-year", vi("cluster__name"))
    if scope_for(user).is_board:
        return terms
    led = ClusterMembership.objects.filter(
        unit_id__in=scope_for(user).led_unit_ids, role=ClusterMembership.Role.LEADER
    ).values("term_id")
    return terms.filter(pk__in=led)


def ministry_unit() -> Unit | None:
    """The council's members sit for the Ministry: its root unit (kind "Bộ"), else the first root unit."""
    roots = Unit.objects.filter(parent__isnull=True).select_related("kind").order_by("pk")
    return roots.filter(kind__code=MINISTRY_KIND).first() or roots.first()


def council_units() -> QuerySet[Unit]:
    """The units a council member may sit for: the root units and the units right under them."""
    return Unit.objects.filter(depth__lte=1).order_by("depth", vi("name"))


def member_units(conference: Conference) -> QuerySet[Unit]:
    """The member units of a cluster conference's term (none for a council meeting), by name."""
    if not conference.term_id:
        return Unit.objects.none()
    return (
        Unit.objects.filter(cluster_memberships__term_id=conference.term_id).select_related("kind").order_by(vi("name"))
    )


def delegate_units(conference: Conference) -> QuerySet[Unit]:
    """The units a new delegate may come from: the term's members, or for the council the ministry's units."""
    return council_units() if conference.is_council else member_units(conference)


def conference_delegates(conference: Conference) -> QuerySet[Delegate]:
    return conference.delegates.select_related("unit").order_by(vi("unit__name"), "pk")


def delegate_figures(conference: Conference) -> dict[str, int]:
    """How many delegates, how many vote, how many of those are present (one query)."""
    return conference.delegates.aggregate(
        total=Count("pk"),
        voting=Count("pk", filter=Q(is_voting=True)),
        present=Count("pk", filter=Q(present_at__isnull=False)),
        voting_present=Count("pk", filter=Q(is_voting=True, present_at__isnull=False)),
    )


def conference_sessions(conference: Conference) -> list[BallotSession]:
    return list(conference.sessions.select_related("title").order_by("title__name", "round", "pk"))


def counted_first_rounds(conference: Conference) -> QuerySet[BallotSession]:
    """The sessions a chained session may take its candidates from: the counted first rounds of the meeting."""
    return conference.sessions.filter(round=1, status=BallotSession.Status.COUNTED).select_related("title")


def collective_titles() -> QuerySet[Title]:
    return Title.objects.filter(subject=Title.Subject.COLLECTIVE, is_active=True)


def council_titles(year: int) -> list[Title]:
    """The titles with nominations before the council in `year`, each with `nomination_count`."""
    return list(
        Title.objects.filter(nominations__year=year, nominations__status=Nomination.Status.COUNCIL)
        .annotate(nomination_count=Count("nominations"))
        .order_by("pk")
    )


def council_nominations(*, title: Title, year: int) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(title=title, year=year, status=Nomination.Status.COUNCIL)
        .select_related("unit", "person")
        .order_by(vi("candidate_name"), "pk")
    )


def pools_by_kind(conference: Conference) -> list[dict]:
    """The pool structure of the seed's region: one pool per kind of member unit (Sở Tư pháp, Cục THADS, Chi cục
    THADS), in the kinds' order, each with its units; the quota left to fill."""
    groups: dict[int, dict] = {}
    for unit in member_units(conference).order_by("kind__order", "kind__name", vi("name")):
        group = groups.setdefault(unit.kind_id, {"name": unit.kind.name, "quota": 1, "units": []})
        group["units"].append(unit)
    return list(groups.values())


def get_delegate_for_user(user, pk, *, manage: bool = False) -> Delegate:
    """A delegate of a meeting the user sees (404 otherwise); `manage`: one they run (403 otherwise)."""
    delegate = (
        Delegate.objects.filter(conference__in=visible_conferences(user))
        .select_related("conference__term__cluster", "unit")
        .filter(pk=pk)
        .first()
    )
    if delegate is None:
        raise Http404(_("Không tìm thấy đại biểu."))
    if manage:
        require_manager(user, delegate.conference)
    return delegate
