"""Who may see and run what in voting: one helper per object kind, 404 for what a user may not see, 403 for what
they may see but not do.

- A cluster conference is seen by the board, ministry-wide viewers and the people of its member units (and of
  the units their unit leads); it is run (delegates, check-in, sessions, paper count, minutes) by the board and
  the term's leader unit (Cụm trưởng).
- A council meeting is seen by the board and ministry-wide viewers, and run by the board.
- Voting itself needs no account: the one-time code is the delegate's credential (voting/views/ballot.py).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from awards.selectors.nominations import leads_term
from thidua.org.models import ClusterMembership
from thidua.org.permissions import scope_for, visible_units

from .models import BallotSession, Conference


def _is_system(actor) -> bool:
    """Demo data and other apps' services act without a portal user: the checks of who may act do not apply."""
    return actor is None or not getattr(actor, "is_authenticated", False)


def visible_conferences(user) -> QuerySet[Conference]:
    scope = scope_for(user)
    if scope.read_all:
        return Conference.objects.all()
    if not scope.roles:
        return Conference.objects.none()
    terms = ClusterMembership.objects.filter(unit__in=visible_units(user).values("pk")).values("term_id")
    return Conference.objects.filter(kind=Conference.Kind.CLUSTER, term_id__in=terms)


def can_manage_conference(user, conference: Conference) -> bool:
    """The board runs every meeting; the leader unit of a cluster term runs its term's conference."""
    if _is_system(user):
        return True
    if scope_for(user).is_board:
        return True
    return conference.kind == Conference.Kind.CLUSTER and leads_term(user, conference.term_id)


def can_create_conference(user) -> bool:
    scope = scope_for(user)
    return scope.is_board or bool(scope.led_unit_ids)


def require_manager(actor, conference: Conference) -> None:
    """For the services: refuse a portal user who may not run this meeting (the system may)."""
    if not can_manage_conference(actor, conference):
        if conference.kind == Conference.Kind.COUNCIL:
            raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được điều hành phiên họp Hội đồng."))
        raise PermissionDenied(_("Chỉ Cụm trưởng của cụm và Vụ Thi đua - Khen thưởng được điều hành hội nghị."))


def require_board(actor, message: str) -> None:
    if not _is_system(actor) and not scope_for(actor).is_board:
        raise PermissionDenied(message)


def get_conference_for_user(user, pk, *, manage: bool = False) -> Conference:
    conference = visible_conferences(user).select_related("term__cluster", "appointment").filter(pk=pk).first()
    if conference is None:
        raise Http404(_("Không tìm thấy hội nghị."))
    if manage:
        require_manager(user, conference)
    return conference


def get_session_for_user(user, pk, *, manage: bool = False) -> BallotSession:
    session = (
        BallotSession.objects.filter(conference__in=visible_conferences(user))
        .select_related("conference__term__cluster", "title", "parent", "chained_from", "minutes", "papers")
        .defer("minutes__data", "papers__data")
        .filter(pk=pk)
        .first()
    )
    if session is None:
        raise Http404(_("Không tìm thấy phiên bỏ phiếu."))
    if manage:
        require_manager(user, session.conference)
    return session
