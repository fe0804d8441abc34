"""Reads for movements and exemplary models: who may launch or change what, the lists, the participants."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.core.search import vi
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.permissions import Scope, can_write_unit, get_cluster_for_user, scope_for, visible_units, writable_units

from ..models import ExemplaryModel, Movement

# Permissions ----------------------------------------------------------------------------------------------


def acts_for_unit(scope: Scope, unit: Unit) -> bool:
    """Whether the user may act for `unit` as its staff (its own or a parent's unit staff) or its cluster leader."""
    return unit.pk in scope.led_unit_ids or any(unit.path.startswith(p) for p in scope.write_paths)


def leader_of(term: ClusterTerm) -> Unit | None:
    membership = (
        ClusterMembership.objects.filter(term=term, role=ClusterMembership.Role.LEADER)
        .select_related("unit", "unit__kind", "unit__province")
        .first()
    )
    return membership.unit if membership else None


def can_launch(user, *, term: ClusterTerm | None = None) -> bool:
    """The Ministry's movements are launched by the board; a cluster term's by the board or the staff (unit staff
    or cluster leader role) of the term's leader unit."""
    scope = scope_for(user)
    if scope.is_board:
        return True
    if term is None:
        return False
    leader = leader_of(term)
    return leader is not None and acts_for_unit(scope, leader)


def can_edit_movement(user, movement: Movement) -> bool:
    """The board, or for a cluster's movement the staff of the unit that launched it (the term's leader then)."""
    scope = scope_for(user)
    if scope.is_board:
        return True
    return movement.launched_by_term_id is not None and acts_for_unit(scope, movement.issuer)


def launchable_terms(user, *, year: int | None = None) -> QuerySet[ClusterTerm]:
    """The cluster terms (with a leader) for which `user` may launch a movement, newest first."""
    scope = scope_for(user)
    leaders = ClusterMembership.objects.filter(role=ClusterMembership.Role.LEADER)
    if not scope.is_board:
        own = writable_units(user).values("pk")
        leaders = leaders.filter(Q(unit_id__in=scope.led_unit_ids) | Q(unit_id__in=own))
    terms = ClusterTerm.objects.filter(pk__in=leaders.values("term_id")).select_related("cluster")
    if year:
        terms = terms.filter(year=year)
    return terms.order_by("-year", "kind", vi("cluster__name"))


def may_launch_any(user, *, year: int | None = None) -> bool:
    return scope_for(user).is_board or launchable_terms(user, year=year).exists()


def get_movement_for_user(user, pk, *, write: bool = False) -> Movement:
    """Every logged-in user may read a movement (the launch is public to the sector); changing it is for
    can_edit_movement: 404 when it does not exist, 403 when the user may not change it."""
    movement = (
        Movement.objects.select_related(
            "launched_by_term", "launched_by_term__cluster", "issuer", "issuer__kind", "issuer__province"
        )
        .filter(pk=pk)
        .first()
    )
    if movement is None:
        raise Http404(_("Không tìm thấy phong trào thi đua."))
    if write and not can_edit_movement(user, movement):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi phong trào thi đua này."))
    return movement


# Lists ----------------------------------------------------------------------------------------------------

MINISTRY = "ministry"


def movement_list(*, year: int, kind: str = "", launched_by: str = "") -> QuerySet[Movement]:
    """The movements of `year`; `launched_by` is "ministry" or the id of a cluster term, as text."""
    movements = (
        Movement.objects.filter(year=year)
        .select_related("launched_by_term", "launched_by_term__cluster", "issuer", "plan_document")
        .defer("plan_document__data")
    )
    if kind:
        movements = movements.filter(kind=kind)
    if launched_by == MINISTRY:
        movements = movements.filter(launched_by_term__isnull=True)
    elif launched_by.isdigit():
        movements = movements.filter(launched_by_term_id=int(launched_by))
    return movements


def movement_years() -> list[int]:
    return list(Movement.objects.order_by("-year").values_list("year", flat=True).distinct())


def launching_terms(year: int) -> list[ClusterTerm]:
    """The cluster terms that launched a movement in `year`, for the "launched by" filter."""
    return list(
        ClusterTerm.objects.filter(movements__year=year)
        .select_related("cluster")
        .distinct()
        .order_by("kind", vi("cluster__name"))
    )


def units_existing_in(year: int) -> QuerySet[Unit]:
    """Units that existed in `year`: established by then, not dissolved before, and active or dissolved later."""
    return Unit.objects.filter(
        Q(established_year__isnull=True) | Q(established_year__lte=year),
        Q(dissolved_year__isnull=True) | Q(dissolved_year__gte=year),
    ).filter(Q(is_active=True) | Q(dissolved_year__isnull=False))


def movement_participating_units(movement: Movement) -> QuerySet[Unit]:
    """The units taking part in a movement, in Vietnamese order.

    All units: for the Ministry's movement every unit that existed in its year; for a cluster's, the members of
    the launching term. Clusters: the members of the chosen terms. Units: the listed ones.
    """
    P = Movement.Participants
    if movement.participants == P.ALL:
        if movement.launched_by_term_id is None:
            units = units_existing_in(movement.year)
        else:
            units = Unit.objects.filter(cluster_memberships__term_id=movement.launched_by_term_id)
    elif movement.participants == P.CLUSTERS:
        units = Unit.objects.filter(
            pk__in=ClusterMembership.objects.filter(term__in=movement.participant_terms.all()).values("unit_id")
        )
    else:
        units = Unit.objects.filter(pk__in=movement.participant_units.values("pk"))
    return units.select_related("kind", "province").order_by(vi("name"), "pk")


# Exemplary models -----------------------------------------------------------------------------------------


def get_exemplary_for_user(user, pk, *, write: bool = False) -> ExemplaryModel:
    """An exemplary model of a unit the user may see (else 404); changing it needs write access (else 403)."""
    exemplary = (
        ExemplaryModel.objects.select_related("unit", "person")
        .filter(pk=pk, unit__in=visible_units(user).values("pk"))
        .first()
    )
    if exemplary is None:
        raise Http404(_("Không tìm thấy điển hình tiên tiến."))
    if write and not can_write_unit(user, exemplary.unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi điển hình tiên tiến của đơn vị này."))
    return exemplary


def exemplary_list(user, *, year: int, q: str = "") -> QuerySet[ExemplaryModel]:
    """The exemplary models of `year` among the units the user may see, searched by name without diacritics."""
    rows = ExemplaryModel.objects.filter(year=year, unit__in=visible_units(user).values("pk")).select_related("unit")
    if q:
        rows = rows.filter(Q(unit_name__ucontains=q) | Q(person_name__ucontains=q))
    return rows


def exemplary_for_term(term: ClusterTerm) -> QuerySet[ExemplaryModel]:
    """The exemplary models of the members of a cluster term, in the term's year."""
    members = ClusterMembership.objects.filter(term=term).values("unit_id")
    return ExemplaryModel.objects.filter(year=term.year, unit__in=members).select_related("unit")


def cluster_term_for_user(user, cluster_pk, *, year: int) -> tuple:
    """(cluster, its term of `year` or None) for a cluster the user may see (else 404)."""
    cluster = get_cluster_for_user(user, cluster_pk)
    return cluster, ClusterTerm.objects.filter(cluster=cluster, year=year).first()


def exemplary_years() -> list[int]:
    return list(ExemplaryModel.objects.order_by("-year").values_list("year", flat=True).distinct())


def mark_exemplary_editable(user, rows) -> list[ExemplaryModel]:
    """Set `can_edit` on each row from the user's scope (units already loaded)."""
    scope = scope_for(user)
    rows = list(rows)
    for row in rows:
        row.can_edit = scope.is_board or any(row.unit.path.startswith(p) for p in scope.write_paths)
    return rows


def unit_people_for_choice(unit: Unit) -> QuerySet[Person]:
    return Person.objects.filter(unit=unit).order_by(vi("given_name"), vi("full_name"), "pk")
