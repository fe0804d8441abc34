"""Who may see and write which summary report: 404 for what a user may not see, 403 for what they may see but not
write (the narrative, the PDF).

- A cluster term's report is seen by the board, ministry-wide viewers and the people of the term's member units
  (and of the units their unit leads); it is written by the board and the staff of the term's leader unit (unit
  staff or cluster leader role), as the covenant is drafted (campaigns.selectors.covenants.can_draft).
- The ministry's report is seen by the board and ministry-wide viewers, and written by the board.
- The system (demo data, commands: no portal user) may write any report.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from campaigns.selectors.evaluation import visible_terms
from campaigns.selectors.movements import acts_for_unit
from thidua.org.models import ClusterTerm, Unit
from thidua.org.permissions import scope_for


def is_system(actor) -> bool:
    return actor is None or not getattr(actor, "is_authenticated", False)


def can_see_ministry(user) -> bool:
    return scope_for(user).read_all


def can_write_ministry(user) -> bool:
    return is_system(user) or scope_for(user).is_board


def can_write_term(user, leader: Unit | None) -> bool:
    """The board, or the staff of the term's leader unit (`leader`: the unit, None when the term has none)."""
    if is_system(user):
        return True
    scope = scope_for(user)
    return scope.is_board or (leader is not None and acts_for_unit(scope, leader))


def get_term_for_report(user, pk) -> ClusterTerm:
    """The cluster term of a report the user may see (else 404)."""
    term = visible_terms(user).select_related("cluster").filter(pk=pk).first()
    if term is None:
        raise Http404(_("Không tìm thấy báo cáo tổng kết của cụm thi đua này."))
    return term


def require_ministry_visible(user) -> None:
    if not can_see_ministry(user):
        raise Http404(_("Không tìm thấy báo cáo tổng kết toàn Bộ."))


def require_writer(actor, *, term: ClusterTerm | None, leader: Unit | None) -> None:
    """For views and services: refuse (403) a portal user who may not write this report."""
    if term is None:
        if not can_write_ministry(actor):
            raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được viết và lập báo cáo tổng kết toàn Bộ."))
    elif not can_write_term(actor, leader):
        raise PermissionDenied(
            _("Chỉ đơn vị Cụm trưởng và Vụ Thi đua - Khen thưởng được viết và lập báo cáo tổng kết của cụm.")
        )
