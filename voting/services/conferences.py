"""Writes of conferences and their delegates: the year-end conference of a cluster term, the council's meeting,
the delegates (who votes, who sits on the counting committee) and their check-in. Each service validates, owns its
transaction and is audited (Conference and Delegate are registered with the audit trail)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.org.models import ClusterMembership, ClusterTerm, Unit
from voting.models import BallotSession, CommitteeRole, Conference, Delegate
from voting.permissions import require_board, require_manager

Status = BallotSession.Status


@dataclass(frozen=True)
class MemberInput:
    """A member of the emulation council at its meeting."""

    full_name: str
    position: str
    unit: Unit


def default_name(*, kind: str, year: int, term: ClusterTerm | None = None) -> str:
    if kind == Conference.Kind.COUNCIL:
        return _("Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm %(year)s") % {"year": year}
    return _("Hội nghị tổng kết công tác thi đua, khen thưởng năm %(year)s của %(cluster)s") % {
        "year": year,
        "cluster": term.cluster.name,
    }


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _check_meeting(*, date, place: str, chair_name: str, voting_per_unit: int = 1) -> dict:
    errors = {}
    if not place:
        errors["place"] = _("Phải ghi địa điểm họp.")
    if not chair_name:
        errors["chair_name"] = _("Phải ghi người chủ trì hội nghị.")
    if not isinstance(date, datetime.date):
        errors["date"] = _("Phải ghi ngày họp.")
    if not isinstance(voting_per_unit, int) or voting_per_unit < 1:
        errors["voting_per_unit"] = _("Mỗi đơn vị có ít nhất một đại biểu có quyền biểu quyết.")
    return errors


def _agenda(text: str | None) -> str:
    return "\n".join(_clean(line) for line in (text or "").splitlines() if line.strip())


def conference_create(
    *,
    actor,
    term: ClusterTerm,
    date: datetime.date,
    place: str,
    chair_name: str,
    name: str = "",
    agenda: str = "",
    notes: str = "",
    voting_per_unit: int = 1,
    with_delegates: bool = True,
) -> Conference:
    """Create the year-end conference of a cluster term; by default with one voting delegate per member unit
    (delegates_from_term). Rules: the board or the term's leader unit. Side effects: the Conference and its
    Delegates; audited."""
    place, chair_name = _clean(place), _clean(chair_name)
    errors = _check_meeting(date=date, place=place, chair_name=chair_name, voting_per_unit=voting_per_unit)
    if errors:
        raise ValidationError(errors)
    conference = Conference(
        kind=Conference.Kind.CLUSTER,
        term=term,
        year=term.year,
        name=_clean(name) or default_name(kind=Conference.Kind.CLUSTER, year=term.year, term=term),
        date=date,
        place=place,
        chair_name=chair_name,
        agenda=_agenda(agenda),
        notes=(notes or "").strip(),
        voting_per_unit=voting_per_unit,
    )
    require_manager(actor, conference)
    with transaction.atomic(), acting_as(actor):
        conference.save()
        if with_delegates:
            delegates_from_term(actor=actor, conference=conference)
    return conference


def council_meeting_create(
    *,
    actor,
    year: int,
    date: datetime.date,
    place: str,
    chair_name: str,
    members: Sequence[MemberInput],
    name: str = "",
    agenda: str = "",
    notes: str = "",
) -> Conference:
    """Create a meeting of the emulation council, its members voting delegates. Rules: the board; at least one
    member, each named once. Side effects: the Conference (kind council) and one Delegate per member; audited."""
    require_board(actor, _("Chỉ Vụ Thi đua - Khen thưởng được tổ chức phiên họp Hội đồng."))
    place, chair_name = _clean(place), _clean(chair_name)
    errors = _check_meeting(date=date, place=place, chair_name=chair_name)
    if not isinstance(year, int) or not 1945 <= year <= 2100:
        errors["year"] = _("Năm thi đua phải từ 1945 đến 2100.")
    names = [_clean(m.full_name) for m in members]
    if not members:
        errors["members"] = _("Phải có ít nhất một thành viên Hội đồng.")
    elif not all(names):
        errors["members"] = _("Phải ghi họ và tên của từng thành viên Hội đồng.")
    elif len(set(names)) != len(names):
        errors["members"] = _("Mỗi thành viên Hội đồng chỉ ghi một lần.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        conference = Conference.objects.create(
            kind=Conference.Kind.COUNCIL,
            year=year,
            name=_clean(name) or default_name(kind=Conference.Kind.COUNCIL, year=year),
            date=date,
            place=place,
            chair_name=chair_name,
            agenda=_agenda(agenda),
            notes=(notes or "").strip(),
        )
        for member, full_name in zip(members, names, strict=True):
            Delegate.objects.create(
                conference=conference, unit=member.unit, full_name=full_name, position=_clean(member.position)
            )
    return conference


def conference_update(
    *,
    actor,
    conference: Conference,
    date: datetime.date,
    place: str,
    chair_name: str,
    name: str,
    agenda: str = "",
    notes: str = "",
    voting_per_unit: int | None = None,
) -> Conference:
    """Change a meeting's details. Rules: its managers; the number of voting delegates per unit cannot go below
    what a unit already has. Side effects: the Conference; audited."""
    require_manager(actor, conference)
    place, chair_name, name = _clean(place), _clean(chair_name), _clean(name)
    per_unit = conference.voting_per_unit if voting_per_unit is None else voting_per_unit
    errors = _check_meeting(date=date, place=place, chair_name=chair_name, voting_per_unit=per_unit)
    if not name:
        errors["name"] = _("Phải ghi tên hội nghị.")
    if not errors and per_unit < conference.voting_per_unit:
        most = max(_voting_counts(conference).values(), default=0)
        if most > per_unit:
            errors["voting_per_unit"] = _(
                "Đã có đơn vị có %(n)s đại biểu có quyền biểu quyết: hãy bỏ quyền biểu quyết của đại biểu trước."
            ) % {"n": most}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        locked.date, locked.place, locked.chair_name, locked.name = date, place, chair_name, name
        locked.agenda, locked.notes, locked.voting_per_unit = _agenda(agenda), (notes or "").strip(), per_unit
        locked.save()
    return locked


def _voting_counts(conference: Conference, *, exclude: int | None = None) -> dict[int, int]:
    counts: dict[int, int] = {}
    delegates = Delegate.objects.filter(conference=conference, is_voting=True)
    if exclude:
        delegates = delegates.exclude(pk=exclude)
    for unit_id in delegates.values_list("unit_id", flat=True):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    return counts


def _refuse_while_open(conference: Conference) -> None:
    """Who is entitled was frozen by the open sessions: the list is not changed under them."""
    if BallotSession.objects.filter(conference=conference, status=Status.OPEN).exists():
        raise ValidationError(
            _("Đang có phiên bỏ phiếu mở: chỉ thay đổi danh sách đại biểu được sau khi kết thúc bỏ phiếu.")
        )


def delegates_from_term(*, actor, conference: Conference) -> list[Delegate]:
    """One voting delegate per member unit of the conference's term that has none yet, represented by the unit's
    head (the name left for the secretariat to fill in). Side effects: the new Delegates; audited."""
    require_manager(actor, conference)
    if conference.kind != Conference.Kind.CLUSTER:
        return []
    with transaction.atomic(), acting_as(actor):
        have = set(conference.delegates.values_list("unit_id", flat=True))
        created = []
        memberships = ClusterMembership.objects.filter(term_id=conference.term_id).select_related("unit__kind")
        for membership in memberships.order_by("unit__name"):
            if membership.unit_id in have:
                continue
            created.append(
                Delegate.objects.create(
                    conference=conference,
                    unit=membership.unit,
                    position=membership.unit.display_head_title,
                    is_voting=True,
                )
            )
    return created


def _check_delegate(
    *, conference: Conference, unit: Unit, full_name: str, is_voting: bool, committee_role: str, pk: int | None
) -> dict:
    errors: dict[str, str] = {}
    if committee_role not in CommitteeRole.values:
        errors["committee_role"] = _("Vai trò trong Ban kiểm phiếu không hợp lệ.")
    elif (
        committee_role == CommitteeRole.HEAD
        and Delegate.objects.filter(conference=conference, committee_role=CommitteeRole.HEAD).exclude(pk=pk).exists()
    ):
        errors["committee_role"] = _("Ban kiểm phiếu đã có Trưởng ban.")
    if committee_role and not full_name:
        errors["full_name"] = _("Thành viên Ban kiểm phiếu phải có họ và tên (để ký biên bản).")
    if is_voting and conference.kind == Conference.Kind.CLUSTER:
        if not ClusterMembership.objects.filter(term_id=conference.term_id, unit=unit).exists():
            errors["unit"] = _("%(unit)s không phải thành viên của %(term)s: chỉ dự, không biểu quyết.") % {
                "unit": unit.name,
                "term": conference.term,
            }
        elif _voting_counts(conference, exclude=pk).get(unit.pk, 0) >= conference.voting_per_unit:
            errors["is_voting"] = _(
                "%(unit)s đã đủ %(n)s đại biểu có quyền biểu quyết (theo cấu hình của hội nghị)."
            ) % {"unit": unit.name, "n": conference.voting_per_unit}
    return errors


def delegate_add(
    *,
    actor,
    conference: Conference,
    unit: Unit,
    full_name: str = "",
    position: str = "",
    is_voting: bool = True,
    committee_role: str = "",
) -> Delegate:
    """Add a delegate. Rules: a voting delegate is from a member unit, within the conference's number per unit;
    a name is needed on the counting committee; one head of the committee; not while a session is open.
    Side effects: the Delegate; audited."""
    require_manager(actor, conference)
    full_name, position = _clean(full_name), _clean(position)
    _refuse_while_open(conference)
    errors = _check_delegate(
        conference=conference,
        unit=unit,
        full_name=full_name,
        is_voting=is_voting,
        committee_role=committee_role,
        pk=None,
    )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(actor):
            return Delegate.objects.create(
                conference=conference,
                unit=unit,
                full_name=full_name,
                position=position,
                is_voting=is_voting,
                committee_role=committee_role,
            )
    except IntegrityError:
        raise ValidationError({"full_name": _("Đại biểu này đã có trong danh sách hội nghị.")}) from None


def delegate_update(
    *, actor, delegate: Delegate, full_name: str, position: str, is_voting: bool, committee_role: str = ""
) -> Delegate:
    """Change a delegate's name, position, right to vote or place on the counting committee. Rules: as
    delegate_add. Side effects: the Delegate; audited."""
    conference = delegate.conference
    require_manager(actor, conference)
    full_name, position = _clean(full_name), _clean(position)
    if is_voting != delegate.is_voting:
        _refuse_while_open(conference)
    errors = _check_delegate(
        conference=conference,
        unit=delegate.unit,
        full_name=full_name,
        is_voting=is_voting,
        committee_role=committee_role,
        pk=delegate.pk,
    )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(actor):
            locked = Delegate.objects.select_for_update().get(pk=delegate.pk)
            locked.full_name, locked.position = full_name, position
            locked.is_voting, locked.committee_role = is_voting, committee_role
            locked.save()
    except IntegrityError:
        raise ValidationError({"full_name": _("Đại biểu này đã có trong danh sách hội nghị.")}) from None
    return locked


def delegate_remove(*, actor, delegate: Delegate) -> None:
    """Remove a delegate who has not taken part in any session. Side effects: the Delegate deleted; audited."""
    require_manager(actor, delegate.conference)
    _refuse_while_open(delegate.conference)
    if delegate.participations.exists() or delegate.codes.exists():
        raise ValidationError(_("Đại biểu đã được cấp mã hoặc đã bỏ phiếu: không xóa được, chỉ bỏ quyền biểu quyết."))
    with transaction.atomic(), acting_as(actor):
        delegate.delete()


def delegate_check_in(*, actor, delegate: Delegate, present: bool = True) -> Delegate:
    """Mark a delegate present (or not). Side effects: Delegate.present_at; audited. A delegate's presence does
    not change the sessions already open: they froze their counts and codes when they opened."""
    require_manager(actor, delegate.conference)
    with transaction.atomic(), acting_as(actor):
        delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
        if present and delegate.present_at is None:
            delegate.present_at = timezone.now()
        elif not present:
            delegate.present_at = None
        delegate.save(update_fields=["present_at"])
    return delegate


def delegates_check_in_all(*, actor, conference: Conference) -> int:
    """Mark every delegate not yet present as present (the roll call answered by all). Returns how many.
    Side effects: each Delegate's present_at; audited one by one."""
    require_manager(actor, conference)
    count = 0
    with transaction.atomic(), acting_as(actor):
        for delegate in Delegate.objects.select_for_update().filter(conference=conference, present_at__isnull=True):
            delegate.present_at = timezone.now()
            delegate.save(update_fields=["present_at"])
            count += 1
    return count
