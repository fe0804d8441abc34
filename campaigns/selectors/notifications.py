"""Reads for notifications: a user's messages and unread count, and who the staff of a unit are."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from campaigns.models import Notification
from thidua.org.models import Role, RoleAssignment, Unit


def _path_ids(unit: Unit) -> list[int]:
    """The ids of the unit and of every unit above it, from its materialized path."""
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def unit_staff(unit: Unit) -> QuerySet:
    """Active users with the unit_staff role on `unit` or on a unit above it (their scope covers its sub-tree)."""
    User = get_user_model()
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.UNIT_STAFF,
        role_assignments__unit_id__in=_path_ids(unit) or [unit.pk],
    ).distinct()


def unit_staff_by_unit(units: Iterable[Unit]) -> dict[int, list]:
    """unit id → its unit staff (as unit_staff), for many units in one query."""
    units = list(units)
    wanted = {unit.pk: _path_ids(unit) or [unit.pk] for unit in units}
    all_ids = {pk for ids in wanted.values() for pk in ids}
    by_unit: dict[int, dict[int, object]] = defaultdict(dict)
    assignments = RoleAssignment.objects.filter(
        role=Role.UNIT_STAFF, unit_id__in=all_ids, user__is_active=True
    ).select_related("user")
    for assignment in assignments:
        by_unit[assignment.unit_id][assignment.user_id] = assignment.user
    result: dict[int, list] = {}
    for pk, ids in wanted.items():
        users: dict[int, object] = {}
        for ancestor in ids:
            users.update(by_unit.get(ancestor, {}))
        result[pk] = [users[user_id] for user_id in sorted(users)]
    return result


def user_notifications(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def get_notification_for_user(user, pk) -> Notification:
    """One of the user's own notifications; anybody else's is not found (404)."""
    notification = Notification.objects.filter(user=user, pk=pk).first()
    if notification is None:
        raise Http404(_("Không tìm thấy thông báo."))
    return notification
