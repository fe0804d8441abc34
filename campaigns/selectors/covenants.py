"""Reads for covenants: who may draft and sign, the list of a year's terms with their covenants, the members'
signatures."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.core.search import vi
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.permissions import scope_for, visible_clusters
from thidua.org.selectors import role_label

from ..models import Covenant, CovenantSignature
from .movements import acts_for_unit, leader_of


def _role_rank() -> Case:
    # Leader, deputies, then the other members: the role codes do not sort that way by themselves.
    return Case(
        When(role=ClusterMembership.Role.LEADER, then=Value(0)),
        When(role=ClusterMembership.Role.DEPUTY, then=Value(1)),
        default=Value(2),
    )


# Permissions ----------------------------------------------------------------------------------------------


def can_draft(user, term: ClusterTerm, *, leader: Unit | None = None) -> bool:
    """The board, or the staff (unit staff or cluster leader role) of the term's leader unit."""
    scope = scope_for(user)
    if scope.is_board:
        return True
    leader = leader if leader is not None else leader_of(term)
    return leader is not None and acts_for_unit(scope, leader)


def can_sign_for(user, unit: Unit) -> bool:
    """Only the unit's own staff sign for it (unit staff of the unit or of a unit above it): not the board,
    not a cluster leader for its members."""
    return any(unit.path.startswith(p) for p in scope_for(user).write_paths)


def _visible_term(user, term_pk) -> ClusterTerm:
    term = (
        ClusterTerm.objects.select_related("cluster")
        .filter(pk=term_pk, cluster__in=visible_clusters(user).values("pk"))
        .first()
    )
    if term is None:
        raise Http404(_("Không tìm thấy nhiệm kỳ cụm thi đua."))
    return term


def get_term_for_drafting(user, term_pk) -> ClusterTerm:
    """A term whose cluster the user may see (else 404) and for which they may draft the covenant (else 403)."""
    term = _visible_term(user, term_pk)
    if not can_draft(user, term):
        raise PermissionDenied(_("Chỉ đơn vị Cụm trưởng hoặc Vụ Thi đua - Khen thưởng được soạn giao ước thi đua."))
    return term


def get_covenant_for_user(user, pk, *, write: bool = False) -> Covenant:
    """A covenant of a cluster the user may see (else 404); `write` (change the text, retry the PDF) needs
    can_draft (else 403)."""
    covenant = (
        Covenant.objects.select_related("term", "term__cluster", "document")
        .defer("document__data")
        .filter(pk=pk, term__cluster__in=visible_clusters(user).values("pk"))
        .first()
    )
    if covenant is None:
        raise Http404(_("Không tìm thấy giao ước thi đua."))
    if write and not can_draft(user, covenant.term):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi giao ước thi đua này."))
    return covenant


def signable_units(user, covenant: Covenant) -> list[Unit]:
    """The member units of the covenant's term the user may sign for and that have not signed yet."""
    scope = scope_for(user)
    if not scope.write_paths:
        return []
    signed = CovenantSignature.objects.filter(covenant=covenant).values("unit_id")
    members = (
        Unit.objects.filter(cluster_memberships__term_id=covenant.term_id)
        .exclude(pk__in=signed)
        .select_related("kind")
        .order_by(vi("name"))
    )
    return [u for u in members if can_sign_for(user, u)]


def get_member_to_sign(user, covenant: Covenant, unit_pk) -> Unit:
    """A member unit of the covenant's term that the user signs for (403 if they may not, 404 if not a member)."""
    unit = Unit.objects.filter(pk=unit_pk, cluster_memberships__term_id=covenant.term_id).select_related("kind").first()
    if unit is None:
        raise Http404(_("Đơn vị không phải thành viên của cụm."))
    if not can_sign_for(user, unit):
        raise PermissionDenied(_("Chỉ cán bộ của %(unit)s được ký giao ước thay đơn vị.") % {"unit": unit})
    return unit


# Lists ----------------------------------------------------------------------------------------------------


def covenant_terms(user, *, year: int) -> QuerySet[ClusterTerm]:
    """The terms of `year` of the clusters the user may see, each with its covenant (or none), its member count
    and how many members have signed: one query per page."""
    signed = (
        CovenantSignature.objects.filter(covenant__term=OuterRef("pk"))
        .order_by()
        .values("covenant__term")
        .annotate(n=Count("pk"))
        .values("n")
    )
    leader = ClusterMembership.objects.filter(term=OuterRef("pk"), role=ClusterMembership.Role.LEADER)
    return (
        ClusterTerm.objects.filter(year=year, cluster__in=visible_clusters(user).values("pk"))
        .select_related("cluster", "covenant")
        .defer("covenant__targets")
        .annotate(
            member_count=Count("memberships", distinct=True),
            signed_count=Subquery(signed[:1]),
            leader_name=Subquery(leader.values("unit__name")[:1]),
            leader_id=Subquery(leader.values("unit_id")[:1]),
            leader_path=Subquery(leader.values("unit__path")[:1]),
        )
        .order_by("kind", vi("cluster__name"))
    )


def mark_draftable(user, terms) -> list[ClusterTerm]:
    """Set `can_draft` on each term of covenant_terms from its annotated leader (no query)."""
    scope = scope_for(user)
    terms = list(terms)
    for term in terms:
        if scope.is_board:
            term.can_draft = True
        elif term.leader_id is None:
            term.can_draft = False
        else:
            term.can_draft = term.leader_id in scope.led_unit_ids or any(
                (term.leader_path or "").startswith(p) for p in scope.write_paths
            )
    return terms


def covenant_years() -> list[int]:
    return list(ClusterTerm.objects.order_by("-year").values_list("year", flat=True).distinct())


@dataclass
class MemberRow:
    """One member unit of the covenant's term and its signature, if any."""

    unit: Unit
    role: str
    role_label: str
    signature: CovenantSignature | None


def member_rows(covenant: Covenant) -> QuerySet[ClusterMembership]:
    """The memberships of the covenant's term, leader and deputies first (for a paginated table)."""
    return (
        ClusterMembership.objects.filter(term_id=covenant.term_id)
        .select_related("unit")
        .annotate(role_rank=_role_rank())
        .order_by("role_rank", vi("unit__name"), "pk")
    )


def attach_signatures(covenant: Covenant, memberships) -> list[MemberRow]:
    """MemberRows for a page of memberships, with their signatures read in one query."""
    memberships = list(memberships)
    signatures = {
        s.unit_id: s
        for s in CovenantSignature.objects.filter(
            covenant=covenant, unit_id__in=[m.unit_id for m in memberships]
        ).select_related("signed_by")
    }
    return [
        MemberRow(
            unit=m.unit,
            role=m.role,
            role_label=role_label(m.role, covenant.term.kind) if m.role != "member" else "",
            signature=signatures.get(m.unit_id),
        )
        for m in memberships
    ]


def signature_counts(covenant: Covenant) -> tuple[int, int]:
    """(signed, members) of the covenant's term."""
    members = ClusterMembership.objects.filter(term_id=covenant.term_id).count()
    return covenant.signatures.count(), members


def default_signer(unit: Unit) -> tuple[str, str]:
    """The sign form's starting values: the unit's head (a person holding its head title) and that title."""
    title = unit.display_head_title
    person = (
        Person.objects.filter(unit=unit, is_active=True, position__iexact=title).order_by("pk").first()
        if title
        else None
    )
    return (person.full_name if person else ""), title
