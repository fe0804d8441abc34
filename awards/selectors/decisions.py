"""Reads for decisions: who may see which decision, the list with its filters, a decision's lines, the approved
nominations and the cluster terms a new decision can be drafted from."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.core.search import vi
from thidua.org.models import ClusterMembership, ClusterTerm
from thidua.org.permissions import scope_for, visible_units

from ..models import Decision, DecisionItem, Nomination


def can_manage(user) -> bool:
    """Drafting, issuing, signing and correcting decisions is the board's."""
    return scope_for(user).is_board


def visible_decisions(user) -> QuerySet[Decision]:
    """The board and ministry-wide viewers see every decision; anyone else the signed decisions that name them:
    a line for a unit they may see, or for a person of such a unit (their own unit and its sub-units, the
    members of a cluster term their unit leads)."""
    scope = scope_for(user)
    if scope.read_all:
        return Decision.objects.all()
    units = visible_units(user).values("pk")
    named = DecisionItem.objects.filter(decision=OuterRef("pk")).filter(Q(unit__in=units) | Q(person__unit__in=units))
    return Decision.objects.filter(Exists(named), status=Decision.Status.SIGNED)


_item_count = (
    DecisionItem.objects.filter(decision=OuterRef("pk"))
    .order_by()
    .values("decision")
    .annotate(n=Count("pk"))
    .values("n")
)


def decision_list(user, *, year: int | None = None, kind: str = "", status: str = "") -> QuerySet[Decision]:
    """The decisions `user` may see, filtered, newest first, with what the list shows in a fixed number of
    queries: title, term and cluster, the document's status (without its data) and the number of lines."""
    decisions = visible_decisions(user)
    if year:
        decisions = decisions.filter(year=year)
    if kind:
        decisions = decisions.filter(kind=kind)
    if status:
        decisions = decisions.filter(status=status)
    return (
        decisions.select_related("title", "term__cluster", "document")
        .defer("document__data")
        .annotate(item_count=Coalesce(Subquery(_item_count), 0))
        # Drafts (no number yet) first among the decisions of their date, on every database.
        .order_by("-date", F("number").desc(nulls_first=True), "-pk")
    )


def decision_years(user) -> list[int]:
    return list(visible_decisions(user).order_by("-year").values_list("year", flat=True).distinct())


def get_decision_for_user(user, pk, *, write: bool = False) -> Decision:
    """The decision if `user` may see it (else 404); with write=True, also the board's right to act on it (403)."""
    decision = (
        visible_decisions(user)
        .select_related("title", "term__cluster", "corrects", "document", "created_by", "issued_by", "signed_by")
        .defer("document__data")
        .filter(pk=pk)
        .first()
    )
    if decision is None:
        raise Http404(_("Không tìm thấy quyết định."))
    if write and not can_manage(user):
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được soạn, ban hành và ký quyết định."))
    return decision


def decision_items(decision: Decision) -> QuerySet[DecisionItem]:
    """The decision's lines in printed order, with their nomination's status (one query per page)."""
    return decision.items.select_related("nomination").order_by("order", "pk")


def corrections_of(decision: Decision) -> list[Decision]:
    return list(decision.corrections.order_by("pk"))


def approved_nominations(*, title, year: int) -> QuerySet[Nomination]:
    """The approved nominations of a title and year that no decision has taken yet, by name."""
    return (
        Nomination.objects.filter(title=title, year=year, status=Nomination.Status.APPROVED)
        .filter(decision_item__isnull=True)
        .select_related("proposing_unit")
        .order_by(vi("candidate_name"), "pk")
    )


def appointable_terms() -> QuerySet[ClusterTerm]:
    """Cluster terms with a leader and no appointment decision in force or under way, newest first."""
    leaders = ClusterMembership.objects.filter(role=ClusterMembership.Role.LEADER).values("term_id")
    live = Decision.objects.filter(kind=Decision.Kind.APPOINTMENT).exclude(corrections__status=Decision.Status.SIGNED)
    return (
        ClusterTerm.objects.filter(pk__in=leaders)
        .exclude(pk__in=live.values("term_id"))
        .select_related("cluster")
        .order_by("-year", "kind", vi("cluster__name"))
    )
