"""Writes to the organization. Each service validates, owns its transaction and is audited (django-auditlog)."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as

from .models import Cluster, ClusterMembership, ClusterTerm, Person, Role, RoleAssignment, Unit

User = get_user_model()

BOARD_GROUP = "Vụ Thi đua - Khen thưởng"
BOARD_APPS = ("org", "titles", "documents", "campaigns", "awards", "voting", "auth", "auditlog", "axes")


def _path_for(unit: Unit) -> str:
    return f"{unit.parent.path}{unit.pk}/" if unit.parent_id else f"/{unit.pk}/"


def unit_save(*, actor, unit: Unit) -> Unit:
    """Create or change a unit (from a form, the admin or an import).

    Refuses a parent that would make a cycle. Side effects: when the parent changes, the stored paths of the
    whole sub-tree are rewritten; an audit entry is written for the unit.
    """
    if unit.pk and unit.parent_id:
        if unit.parent_id == unit.pk:
            raise ValidationError({"parent": _("Một đơn vị không thể là đơn vị cấp trên của chính nó.")})
        current_path = Unit.objects.filter(pk=unit.pk).values_list("path", flat=True).first() or ""
        parent_path = Unit.objects.filter(pk=unit.parent_id).values_list("path", flat=True).first() or ""
        if current_path and parent_path.startswith(current_path):
            raise ValidationError(
                {"parent": _("Không thể đặt đơn vị dưới một đơn vị cấp dưới của chính nó (tạo vòng lặp).")}
            )
    if unit.merged_into_id and unit.merged_into_id == unit.pk:
        raise ValidationError({"merged_into": _("Một đơn vị không thể sáp nhập vào chính nó.")})
    if not unit.head_title and unit.kind_id:
        unit.head_title = unit.kind.head_title
    unit.full_clean(exclude=["path", "depth"])
    with transaction.atomic(), acting_as(actor):
        old_path = unit.path if unit.pk else ""
        unit.save()
        new_path = _path_for(unit)
        new_depth = new_path.count("/") - 2
        if new_path != unit.path or new_depth != unit.depth:
            Unit.objects.filter(pk=unit.pk).update(path=new_path, depth=new_depth)
            if old_path:
                # Re-root the descendants: swap the old prefix for the new one, shift their depth.
                Unit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).update(
                    path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
                    depth=F("depth") + (new_depth - unit.depth),
                )
            unit.path, unit.depth = new_path, new_depth
    return unit


def unit_create(*, actor, name: str, kind, parent: Unit | None = None, **fields) -> Unit:
    """Create a unit under `parent` (None: a root). See unit_save for side effects."""
    return unit_save(actor=actor, unit=Unit(name=name, kind=kind, parent=parent, **fields))


def person_save(*, actor, person: Person) -> Person:
    """Create or change a person. Side effects: an audit entry."""
    person.full_name = " ".join((person.full_name or "").split())
    if not person.full_name:
        raise ValidationError({"full_name": _("Họ và tên không được để trống.")})
    person.full_clean()
    with transaction.atomic(), acting_as(actor):
        person.save()
    return person


def person_create(*, actor, full_name: str, unit: Unit, gender: str, **fields) -> Person:
    """Create a person in `unit`. See person_save."""
    return person_save(actor=actor, person=Person(full_name=full_name, unit=unit, gender=gender, **fields))


def cluster_save(*, actor, cluster: Cluster) -> Cluster:
    """Create or change a cluster. Its kind is fixed once it has terms. Side effects: an audit entry."""
    if cluster.pk:
        stored_kind = Cluster.objects.filter(pk=cluster.pk).values_list("kind", flat=True).first()
        if stored_kind and stored_kind != cluster.kind and cluster.terms.exists():
            raise ValidationError({"kind": _("Không thể đổi loại của cụm đã có nhiệm kỳ; hãy tạo một cụm mới.")})
    cluster.full_clean()
    with transaction.atomic(), acting_as(actor):
        cluster.save()
    return cluster


def cluster_term_save(
    *,
    actor,
    term: ClusterTerm,
    members: Iterable[Unit],
    leader: Unit | None = None,
    deputies: Iterable[Unit] = (),
) -> ClusterTerm:
    """Create or change a cluster's term for one year with its member units, leader and deputies.

    Rules: leader and deputies must be members; the leader is not also a deputy; a unit is in at most one
    cluster of each kind per year; a unit dissolved before the year cannot be a member. All or nothing.
    Side effects: memberships added, changed or removed, each audited.
    """
    members = list(dict.fromkeys(members))
    deputies = list(dict.fromkeys(deputies))
    member_ids = {u.pk for u in members}
    errors: dict[str, list[str]] = {}
    if leader is not None and leader.pk not in member_ids:
        errors.setdefault("leader", []).append(
            _("Đơn vị Cụm trưởng (%(unit)s) phải là thành viên của cụm.") % {"unit": leader}
        )
    for deputy in deputies:
        if deputy.pk not in member_ids:
            errors.setdefault("deputies", []).append(
                _("Đơn vị Cụm phó (%(unit)s) phải là thành viên của cụm.") % {"unit": deputy}
            )
        if leader is not None and deputy.pk == leader.pk:
            errors.setdefault("deputies", []).append(
                _("%(unit)s đã là Cụm trưởng, không thể đồng thời là Cụm phó.") % {"unit": deputy}
            )
    for unit in members:
        if unit.dissolved_year and term.year and unit.dissolved_year < term.year:
            errors.setdefault("members", []).append(
                _("%(unit)s đã giải thể/sáp nhập từ năm %(year)s.") % {"unit": unit, "year": unit.dissolved_year}
            )
    if term.cluster_id and term.year:
        taken = (
            ClusterMembership.objects.filter(unit__in=member_ids, year=term.year, kind=term.cluster.kind)
            .exclude(term__cluster_id=term.cluster_id)
            .select_related("unit", "term__cluster")
        )
        for membership in taken:
            errors.setdefault("members", []).append(
                _("%(unit)s đã là thành viên của %(cluster)s năm %(year)s.")
                % {"unit": membership.unit, "cluster": membership.term.cluster, "year": term.year}
            )
    try:
        term.full_clean()
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)

    wanted_roles = {u.pk: ClusterMembership.Role.MEMBER for u in members}
    for deputy in deputies:
        wanted_roles[deputy.pk] = ClusterMembership.Role.DEPUTY
    if leader is not None:
        wanted_roles[leader.pk] = ClusterMembership.Role.LEADER

    try:
        with transaction.atomic(), acting_as(actor):
            term.save()
            existing = {m.unit_id: m for m in term.memberships.all()}
            for unit_id, membership in existing.items():
                if unit_id not in wanted_roles:
                    membership.delete()
            # Demote first so that the one-leader constraint holds at every step.
            for unit_id, membership in existing.items():
                if unit_id in wanted_roles and membership.role != wanted_roles[unit_id] and membership.role != "member":
                    membership.role = ClusterMembership.Role.MEMBER
                    membership.save()
            for unit_id, role in sorted(wanted_roles.items(), key=lambda item: item[1] == "leader"):
                membership = existing.get(unit_id)
                if membership is None:
                    ClusterMembership.objects.create(term=term, unit_id=unit_id, role=role)
                elif membership.role != role:
                    membership.role = role
                    membership.save()
    except IntegrityError as exc:
        # A concurrent write took one of the units for another cluster of the same kind.
        raise ValidationError(
            {"members": [_("Một đơn vị vừa được xếp vào cụm khác cùng loại trong năm này; vui lòng thử lại.")]}
        ) from exc
    return term


def ensure_board_group() -> Group:
    """The board's group, holding every permission of the product's apps (refreshed after each migrate)."""
    group, _created = Group.objects.get_or_create(name=BOARD_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=BOARD_APPS))
    return group


def role_grant(*, actor, user, role: str, unit: Unit | None = None) -> RoleAssignment:
    """Give `user` a role (scoped to `unit` where the role needs one).

    Side effects: a board role makes the user staff and a member of the board's group; audited.
    """
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment.full_clean(validate_unique=False)
    with transaction.atomic(), acting_as(actor):
        assignment, _created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
        if role == Role.BOARD:
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            user.groups.add(ensure_board_group())
    return assignment


def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    """Take a role away. Side effects: a user left with no board role loses staff access; audited."""
    with transaction.atomic(), acting_as(actor):
        user = assignment.user
        assignment.delete()
        if assignment.role == Role.BOARD and not user.role_assignments.filter(role=Role.BOARD).exists():
            user.groups.remove(ensure_board_group())
            if not user.is_superuser:
                user.is_staff = False
                user.save(update_fields=["is_staff"])
