"""Reads for nominations: who may see and move which dossier, the work list, a dossier's page, the candidates a
unit may propose, and the rule and cluster term a nomination goes through.

Permission helpers follow thidua.org.permissions: 404 for a dossier out of the user's sight, 403 for one they may
see but not act on. Who sees what: the board and ministry-wide viewers everything; others the dossiers their
units (and sub-units) propose or are proposed for; a cluster leader also the dossiers sent through the terms
their unit leads.
"""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Attachment, Nomination, NominationEvent
from thidua.core.search import vi
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.permissions import can_write_unit, scope_for, visible_people, visible_units
from thidua.titles.models import Title

Status = Nomination.Status
EDITABLE = (Status.DRAFT, Status.RETURNED)
# After these a dossier is frozen: its snapshot and its override are what the decision was made on.
FROZEN = (Status.APPROVED, Status.DECIDED)

WRITE, LEAD, BOARD = "write", "lead", "board"


def current_year() -> int:
    return timezone.localdate().year


def _paths_q(paths: tuple[str, ...], field: str) -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": path}) for path in paths))


def _led_terms(scope) -> QuerySet:
    return ClusterMembership.objects.filter(unit_id__in=scope.led_unit_ids, role=ClusterMembership.Role.LEADER).values(
        "term_id"
    )


def visible_nominations(user) -> QuerySet[Nomination]:
    scope = scope_for(user)
    if scope.read_all:
        return Nomination.objects.all()
    q = (
        _paths_q(scope.read_paths, "proposing_unit__path")
        | _paths_q(scope.read_paths, "unit__path")
        | _paths_q(scope.read_paths, "person__unit__path")
    )
    if scope.led_unit_ids:
        # A draft is the unit's own business until it is sent.
        q |= Q(term_id__in=_led_terms(scope)) & ~Q(status=Status.DRAFT)
    return Nomination.objects.filter(q)


def leads_term(user, term_id: int | None) -> bool:
    """Whether the user acts for the leader unit (Cụm trưởng) of the term."""
    scope = scope_for(user)
    if term_id is None or not scope.led_unit_ids:
        return False
    return ClusterMembership.objects.filter(
        term_id=term_id, unit_id__in=scope.led_unit_ids, role=ClusterMembership.Role.LEADER
    ).exists()


def may_write(user, nomination: Nomination) -> bool:
    """Unit staff of the proposing unit (or a unit above it), or the board: they prepare and send the dossier."""
    return can_write_unit(user, nomination.proposing_unit)


def may_lead(user, nomination: Nomination) -> bool:
    """The cluster leader of the dossier's term, or the board: they forward or return what is at the cluster."""
    return scope_for(user).is_board or leads_term(user, nomination.term_id)


def may_return(user, nomination: Nomination) -> bool:
    if nomination.status == Status.CLUSTER:
        return may_lead(user, nomination)
    return scope_for(user).is_board


def get_nomination_for_user(user, pk, *, need: str | None = None) -> Nomination:
    """One dossier: 404 if the user may not see it; 403 if `need` is WRITE (prepare it), LEAD (act as its
    cluster leader) or BOARD (the board's steps) and the user may not."""
    nomination = (
        visible_nominations(user)
        .select_related("title", "proposing_unit", "person", "person__unit", "unit", "term", "term__cluster")
        .filter(pk=pk)
        .first()
    )
    if nomination is None:
        raise Http404(_("Không tìm thấy hồ sơ đề nghị khen thưởng."))
    if need == WRITE and not may_write(user, nomination):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi hồ sơ đề nghị này."))
    if need == LEAD and not may_lead(user, nomination):
        raise PermissionDenied(_("Chỉ Cụm trưởng của cụm và Vụ Thi đua - Khen thưởng được xử lý hồ sơ này."))
    if need == BOARD and not scope_for(user).is_board:
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được thực hiện thao tác này."))
    return nomination


def get_attachment_for_user(user, pk, *, write: bool = False) -> Attachment:
    """One attachment, with the rules of its dossier (404 when the dossier is out of sight)."""
    attachment = (
        Attachment.objects.filter(pk=pk, nomination__in=visible_nominations(user).values("pk"))
        .select_related("nomination", "nomination__proposing_unit", "nomination__title")
        .first()
    )
    if attachment is None:
        raise Http404(_("Không tìm thấy tài liệu."))
    if write and not may_write(user, attachment.nomination):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi hồ sơ đề nghị này."))
    return attachment


def nomination_list(
    user,
    *,
    year: int | None = None,
    status: str = "",
    title_id: int | None = None,
    unit_id: int | None = None,
    q: str = "",
) -> QuerySet[Nomination]:
    """The work list: the dossiers the user may see, filtered; `unit_id` matches the proposing unit or the
    candidate collective; `q` searches the candidate's and unit's names with or without diacritics."""
    qs = visible_nominations(user)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if title_id:
        qs = qs.filter(title_id=title_id)
    if unit_id:
        qs = qs.filter(Q(proposing_unit_id=unit_id) | Q(unit_id=unit_id))
    if q:
        qs = qs.filter(Q(candidate_name__ucontains=q) | Q(unit_name__ucontains=q))
    return qs.select_related("title", "proposing_unit").order_by("-year", "status", vi("candidate_name"), "pk")


def status_counts(user, *, year: int | None) -> dict[str, int]:
    qs = visible_nominations(user)
    if year:
        qs = qs.filter(year=year)
    counts = dict.fromkeys(Status.values, 0)
    counts.update(dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    return counts


def year_choices(*, extra: tuple[int, ...] = ()) -> list[int]:
    years = set(Nomination.objects.values_list("year", flat=True).distinct())
    years.update((current_year(), *extra))
    return sorted(years, reverse=True)


def active_titles() -> list[Title]:
    """Titles and forms of commendation that can be proposed: individual first, lowest of each chain first."""
    return list(
        Title.objects.filter(is_active=True).order_by(
            "subject", "category", "chain", "order_in_chain", vi("name"), "pk"
        )
    )


def proposable_units(user) -> QuerySet[Unit]:
    """The units the user may propose for: the board any unit, unit staff their units and sub-units."""
    scope = scope_for(user)
    if scope.is_board:
        return Unit.objects.filter(is_active=True).order_by(vi("name"), "pk")
    return Unit.objects.filter(_paths_q(scope.write_paths, "path"), is_active=True).order_by("depth", vi("name"), "pk")


def candidate_units(proposing_unit: Unit) -> QuerySet[Unit]:
    """The collectives a unit may propose: itself and its active sub-units."""
    return Unit.objects.filter(path__startswith=proposing_unit.path, is_active=True).order_by("depth", vi("name"), "pk")


def candidate_people(proposing_unit: Unit) -> QuerySet[Person]:
    """The people a unit may propose: those working in it or in its sub-units."""
    return (
        Person.objects.filter(unit__path__startswith=proposing_unit.path, is_active=True)
        .select_related("unit")
        .order_by(vi("given_name"), vi("full_name"), "pk")
    )


def visible_candidate(user, *, person_id: int | None = None, unit_id: int | None = None):
    """A candidate (person or unit) the user may see, else 404."""
    if person_id:
        person = visible_people(user).select_related("unit").filter(pk=person_id).first()
        if person is None:
            raise Http404(_("Không tìm thấy cá nhân."))
        return person
    unit = visible_units(user).filter(pk=unit_id).first() if unit_id else None
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị."))
    return unit


def term_for(unit: Unit, year: int) -> ClusterTerm | None:
    """The cluster term a unit competes in that year: its own membership, else that of the nearest unit above it
    (a Chi cục under a Cục that is a member); among several kinds, cụm before khối before khu vực."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part] or [unit.pk]
    memberships = list(
        ClusterMembership.objects.filter(unit_id__in=ids, year=year).select_related("term", "term__cluster")
    )
    if not memberships:
        return None
    kinds = ["cum", "khoi", "khu_vuc"]
    memberships.sort(key=lambda m: (-ids.index(m.unit_id), kinds.index(m.kind) if m.kind in kinds else 9))
    return memberships[0].term


def term_leader(term: ClusterTerm | None) -> Unit | None:
    if term is None:
        return None
    membership = (
        ClusterMembership.objects.filter(term=term, role=ClusterMembership.Role.LEADER).select_related("unit").first()
    )
    return membership.unit if membership else None


def nomination_events(nomination: Nomination) -> list[NominationEvent]:
    return list(nomination.events.select_related("actor").order_by("at", "pk"))


def nomination_attachments(nomination: Nomination) -> list[Attachment]:
    return list(nomination.attachments.select_related("uploaded_by").order_by("kind", "uploaded_at", "pk"))
