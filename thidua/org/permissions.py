"""Who may see and change what: one helper per object kind. 404 for what a user may not see, 403 for
what they may see but not change. Every portal view goes through these."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Cluster, ClusterMembership, Person, Role, Unit


@dataclass(frozen=True)
class Scope:
    """What one user's roles add up to."""

    is_board: bool
    read_all: bool
    read_paths: tuple[str, ...]  # sub-trees the user may read (own unit and its sub-units)
    write_paths: tuple[str, ...]  # sub-trees the user may change (unit staff)
    led_unit_ids: tuple[int, ...]  # units whose cluster terms the user leads
    roles: frozenset[str]


_EMPTY = Scope(False, False, (), (), (), frozenset())


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (one query) and cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return _EMPTY
    cached = getattr(user, "_thidua_scope", None)
    if cached is not None:
        return cached
    read, write, led, roles = set(), set(), set(), set()
    is_board = user.is_superuser
    read_all = user.is_superuser
    for role, unit_id, path in user.role_assignments.values_list("role", "unit_id", "unit__path"):
        roles.add(role)
        if role == Role.BOARD:
            is_board = read_all = True
        elif role == Role.VIEWER and unit_id is None:
            read_all = True
        elif path:
            read.add(path)
            if role == Role.UNIT_STAFF:
                write.add(path)
            if role == Role.CLUSTER_LEADER:
                led.add(unit_id)
    if user.is_superuser:
        roles.add(Role.BOARD)
    scope = Scope(is_board, read_all, tuple(sorted(read)), tuple(sorted(write)), tuple(sorted(led)), frozenset(roles))
    user._thidua_scope = scope
    return scope


def _subtree_q(paths: tuple[str, ...], prefix: str = "") -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": p}) for p in paths))


def _led_member_unit_ids(scope: Scope):
    """Ids of the units that are members of a term led by one of the user's units."""
    return ClusterMembership.objects.filter(
        term__memberships__unit_id__in=scope.led_unit_ids, term__memberships__role=ClusterMembership.Role.LEADER
    ).values("unit_id")


def visible_units(user) -> QuerySet[Unit]:
    scope = scope_for(user)
    if scope.read_all:
        return Unit.objects.all()
    q = _subtree_q(scope.read_paths)
    if scope.led_unit_ids:
        q |= Q(pk__in=_led_member_unit_ids(scope))
    return Unit.objects.filter(q)


def writable_units(user) -> QuerySet[Unit]:
    scope = scope_for(user)
    if scope.is_board:
        return Unit.objects.all()
    return Unit.objects.filter(_subtree_q(scope.write_paths))


def can_write_unit(user, unit: Unit) -> bool:
    scope = scope_for(user)
    return scope.is_board or any(unit.path.startswith(p) for p in scope.write_paths)


def get_unit_for_user(user, pk, *, write: bool = False) -> Unit:
    unit = visible_units(user).select_related("kind", "parent", "province").filter(pk=pk).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    if write and not can_write_unit(user, unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi thông tin của đơn vị này."))
    return unit


def visible_people(user) -> QuerySet[Person]:
    scope = scope_for(user)
    if scope.read_all:
        return Person.objects.all()
    q = _subtree_q(scope.read_paths, "unit__")
    if scope.led_unit_ids:
        q |= Q(unit_id__in=_led_member_unit_ids(scope))
    return Person.objects.filter(q)


def get_person_for_user(user, pk, *, write: bool = False) -> Person:
    person = visible_people(user).select_related("unit", "unit__kind").filter(pk=pk).first()
    if person is None:
        raise Http404(_("Không tìm thấy cá nhân."))
    if write and not can_write_unit(user, person.unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi thông tin của cá nhân này."))
    return person


def visible_clusters(user) -> QuerySet[Cluster]:
    scope = scope_for(user)
    if scope.read_all:
        return Cluster.objects.all()
    own = Unit.objects.filter(_subtree_q(scope.read_paths)).values("pk")
    return Cluster.objects.filter(pk__in=ClusterMembership.objects.filter(unit_id__in=own).values("term__cluster_id"))


def get_cluster_for_user(user, pk, *, write: bool = False) -> Cluster:
    cluster = visible_clusters(user).filter(pk=pk).first()
    if cluster is None:
        raise Http404(_("Không tìm thấy cụm thi đua."))
    if write and not scope_for(user).is_board:
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được thay đổi cụm thi đua."))
    return cluster
