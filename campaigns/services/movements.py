"""Writes for movements: launching and changing a movement, issuing its launch plan (Kế hoạch, KH).

Each service checks who may act, validates, owns its transaction and is audited (django-auditlog). `actor=None`
is the system (demo data, commands): it may do anything; portal and admin always pass the user.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.documents.formatting import document_number_format
from thidua.documents.models import RenderedDocument, SignedDocumentError, TypeCode
from thidua.documents.services import document_create, document_retry, document_update, number_allocate
from thidua.org.models import ClusterTerm, Unit

from ..documents import (
    PLAN_KIND,
    PLAN_TEMPLATE,
    PlanInputs,
    issuer_lines,
    ministry_unit,
    plan_data,
    plan_title,
    unit_short_code,
)
from ..models import Movement
from ..selectors.movements import can_edit_movement, can_launch, leader_of, movement_participating_units

P = Movement.Participants


def _check_launch(actor, term: ClusterTerm | None) -> None:
    if actor is None or can_launch(actor, term=term):
        return
    if term is None:
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được phát động phong trào thi đua của Bộ."))
    raise PermissionDenied(
        _("Chỉ đơn vị Cụm trưởng của %(term)s hoặc Vụ Thi đua - Khen thưởng được phát động phong trào của cụm.")
        % {"term": term}
    )


def _check_edit(actor, movement: Movement) -> None:
    if actor is not None and not can_edit_movement(actor, movement):
        raise PermissionDenied(_("Bạn không được thay đổi phong trào thi đua này."))


def _plan_signed(movement: Movement) -> bool:
    return bool(
        movement.plan_document_id
        and RenderedDocument.objects.filter(pk=movement.plan_document_id, signed_at__isnull=False).exists()
    )


def _validate(movement: Movement, terms: list[ClusterTerm], units: list[Unit]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    movement.name = " ".join((movement.name or "").split())
    if not movement.name:
        add("name", _("Vui lòng nhập tên phong trào."))
    if not (movement.goals or "").strip():
        add("goals", _("Vui lòng nêu mục tiêu, chỉ tiêu của phong trào."))
    if movement.kind not in Movement.Kind.values:
        add("kind", _("Loại phong trào không hợp lệ."))
    year = movement.year
    if not year or not 1945 <= year <= 2100:
        add("year", _("Năm thi đua không hợp lệ."))
        return errors
    start, end = movement.start_date, movement.end_date
    if start and end:
        if end < start:
            add("end_date", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))
        elif start > datetime.date(year, 12, 31) or end < datetime.date(year, 1, 1):
            add(
                "start_date",
                _("Thời gian thực hiện (%(start)s - %(end)s) phải nằm trong hoặc giao với năm thi đua %(year)s.")
                % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y"), "year": year},
            )
    else:
        if not start:
            add("start_date", _("Vui lòng nhập ngày bắt đầu."))
        if not end:
            add("end_date", _("Vui lòng nhập ngày kết thúc."))
    term = movement.launched_by_term
    if term is not None and term.year != year:
        add(
            "launched_by_term",
            _("%(term)s không phải nhiệm kỳ năm %(year)s.") % {"term": term, "year": year},
        )
    if movement.participants == P.CLUSTERS:
        if not terms:
            add("participant_terms", _("Vui lòng chọn ít nhất một cụm, khối, khu vực tham gia."))
        for other in terms:
            if other.year != year:
                add(
                    "participant_terms",
                    _("%(term)s không phải nhiệm kỳ năm %(year)s.") % {"term": other, "year": year},
                )
    elif movement.participants == P.UNITS:
        if not units:
            add("participant_units", _("Vui lòng chọn ít nhất một đơn vị tham gia."))
        for unit in units:
            if unit.dissolved_year and unit.dissolved_year < year:
                add(
                    "participant_units",
                    _("%(unit)s đã giải thể/sáp nhập từ năm %(dissolved)s.")
                    % {"unit": unit, "dissolved": unit.dissolved_year},
                )
            elif unit.established_year and unit.established_year > year:
                add(
                    "participant_units",
                    _("%(unit)s được thành lập năm %(established)s, sau năm %(year)s.")
                    % {"unit": unit, "established": unit.established_year, "year": year},
                )
    elif movement.participants != P.ALL:
        add("participants", _("Đối tượng tham gia không hợp lệ."))
    return errors


def movement_save(
    *,
    actor,
    movement: Movement,
    participant_terms: Iterable[ClusterTerm] = (),
    participant_units: Iterable[Unit] = (),
) -> Movement:
    """Create or change a movement from an instance whose fields the caller has set (a form, the admin).

    Rules: see movement_create. Once the plan is issued, the year and the launcher are fixed; once it is signed,
    nothing changes. Side effects: the movement and its participants saved; when its plan is issued and not
    signed, the plan's frozen data is rebuilt (same number, place, date and signer) and rendered again; audited.
    """
    terms = list(dict.fromkeys(participant_terms)) if movement.participants == P.CLUSTERS else []
    units = list(dict.fromkeys(participant_units)) if movement.participants == P.UNITS else []
    stored = Movement.objects.filter(pk=movement.pk).first() if movement.pk else None
    if stored is not None:
        _check_edit(actor, stored)
        if _plan_signed(stored):
            raise ValidationError(_("Kế hoạch phát động đã ký: không thể sửa phong trào thi đua."))
        if stored.plan_document_id and (
            stored.year != movement.year or stored.launched_by_term_id != movement.launched_by_term_id
        ):
            raise ValidationError({"year": _("Kế hoạch đã ban hành: không thể đổi năm thi đua hoặc đơn vị phát động.")})
        movement.plan_document_id, movement.plan_number = stored.plan_document_id, stored.plan_number
    _check_launch(actor, movement.launched_by_term)

    errors = _validate(movement, terms, units)
    term = movement.launched_by_term
    if term is not None:
        leader = leader_of(term)
        if leader is None:
            errors.setdefault("launched_by_term", []).append(
                _("%(term)s chưa có đơn vị Cụm trưởng để ban hành kế hoạch.") % {"term": term}
            )
        elif stored is None or stored.launched_by_term_id != term.pk:
            movement.issuer = leader
    elif stored is None or stored.launched_by_term_id is not None:
        ministry = ministry_unit()
        if ministry is None:
            errors.setdefault("launched_by_term", []).append(
                _("Chưa có đơn vị Bộ (đơn vị gốc loại «Bộ») để ban hành kế hoạch của Bộ.")
            )
        else:
            movement.issuer = ministry
    if errors:
        raise ValidationError(errors)
    duplicate = Movement.objects.filter(year=movement.year, issuer=movement.issuer, name=movement.name)
    if movement.pk:
        duplicate = duplicate.exclude(pk=movement.pk)
    if duplicate.exists():
        raise ValidationError(
            {
                "name": _("%(issuer)s đã phát động phong trào «%(name)s» năm %(year)s.")
                % {"issuer": movement.issuer, "name": movement.name, "year": movement.year}
            }
        )
    if stored is None and actor is not None and getattr(actor, "pk", None):
        movement.created_by = actor
    try:
        with transaction.atomic(), acting_as(actor):
            movement.save()
            movement.participant_terms.set(terms)
            movement.participant_units.set(units)
            if movement.plan_document_id:
                _refreeze_plan(actor, movement)
    except IntegrityError as exc:
        raise ValidationError(
            {"name": _("Phong trào vừa được thay đổi bởi một thao tác khác; vui lòng tải lại trang và thử lại.")}
        ) from exc
    return movement


def movement_create(
    *,
    actor,
    year: int,
    name: str,
    kind: str,
    goals: str,
    start_date: datetime.date,
    end_date: datetime.date,
    content: str = "",
    launched_by_term: ClusterTerm | None = None,
    participants: str = P.ALL,
    participant_terms: Iterable[ClusterTerm] = (),
    participant_units: Iterable[Unit] = (),
) -> Movement:
    """Launch a movement for `year`: by the Ministry (no term; the board) or by a cluster term (the staff of its
    leader unit, or the board).

    Rules: a name, goals and a kind; end ≥ start, and the period within or overlapping the year; the launching
    term and the participating terms are of that year; participants are all units, the members of chosen
    cluster terms, or listed units that existed that year; one name per issuer and year. The issuer (who signs
    the plan) is the Ministry unit or the term's leader unit. Side effects: the movement and its participants,
    audited.
    """
    movement = Movement(
        year=year,
        name=name,
        kind=kind,
        goals=goals,
        content=content,
        start_date=start_date,
        end_date=end_date,
        launched_by_term=launched_by_term,
        participants=participants,
    )
    return movement_save(
        actor=actor, movement=movement, participant_terms=participant_terms, participant_units=participant_units
    )


def movement_update(
    *,
    actor,
    movement: Movement,
    participant_terms: Iterable[ClusterTerm] = (),
    participant_units: Iterable[Unit] = (),
) -> Movement:
    """Save the changes made to a stored movement's fields. Rules and side effects: see movement_save."""
    if not movement.pk:
        raise ValueError("movement_update needs a stored movement; use movement_create")
    return movement_save(
        actor=actor, movement=movement, participant_terms=participant_terms, participant_units=participant_units
    )


def _clean_inputs(inputs: PlanInputs) -> PlanInputs:
    errors: dict[str, list[str]] = {}
    place = " ".join((inputs.place or "").split())
    signer_name = " ".join((inputs.signer_name or "").split())
    recipients = tuple(" ".join(r.split()) for r in inputs.recipients if r and r.strip())
    if not place:
        errors["place"] = [_("Vui lòng nhập địa danh ban hành.")]
    if not isinstance(inputs.date, datetime.date):
        errors["date"] = [_("Vui lòng nhập ngày ban hành.")]
    if not signer_name:
        errors["signer_name"] = [_("Vui lòng nhập họ tên người ký.")]
    if not (inputs.signer_position or "").strip():
        errors["signer_position"] = [_("Vui lòng nhập chức vụ người ký.")]
    if not recipients:
        errors["recipients"] = [_("Vui lòng nhập ít nhất một nơi nhận.")]
    if errors:
        raise ValidationError(errors)
    return PlanInputs(
        place=place,
        date=inputs.date,
        signer_authority=" ".join((inputs.signer_authority or "").split()),
        signer_position=" ".join(inputs.signer_position.split()),
        signer_name=signer_name,
        recipients=recipients,
    )


def _plan_data(movement: Movement, *, number: str, inputs: PlanInputs) -> dict:
    units = list(movement_participating_units(movement))
    issuer = issuer_lines(term=movement.launched_by_term, issuer=movement.issuer)
    return plan_data(movement=movement, number=number, inputs=inputs, units=units, issuer=issuer)


def _refreeze_plan(actor, movement: Movement) -> None:
    document = RenderedDocument.objects.get(pk=movement.plan_document_id)
    inputs = PlanInputs.from_data(document.data)
    data = _plan_data(movement, number=movement.plan_number, inputs=inputs)
    document_update(document=document, data=data, actor=actor, title=plan_title(movement))


def movement_plan_issue(*, actor, movement: Movement, inputs: PlanInputs) -> RenderedDocument:
    """Issue (or, before it is signed, re-issue) the movement's launch plan as a PDF in the national format.

    The first issue takes the next number of the issuer's KH series for the year of the plan's date ("12/KH-BTP"
    for the Ministry; the leader unit's short code for a cluster, see campaigns.documents.unit_short_code).
    A re-issue keeps the number and replaces the frozen data. Everything the plan shows is frozen into the
    document's data. Side effects: a series number (first issue), a RenderedDocument (or its data replaced),
    rendered by the Celery task "documents.render" once the transaction commits; the movement's plan_number and
    plan_document; audited. Refused once the plan is signed.
    """
    _check_edit(actor, movement)
    inputs = _clean_inputs(inputs)
    with transaction.atomic(), acting_as(actor):
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        # Fields the caller may not have loaded; the lock makes the number and the link one step.
        movement.plan_document_id, movement.plan_number = locked.plan_document_id, locked.plan_number
        if _plan_signed(locked):
            raise SignedDocumentError()
        if locked.plan_document_id:
            document = RenderedDocument.objects.get(pk=locked.plan_document_id)
            data = _plan_data(movement, number=locked.plan_number, inputs=inputs)
            document = document_update(document=document, data=data, actor=actor, title=plan_title(movement))
        else:
            issuer_code = unit_short_code(movement.issuer)
            number = number_allocate(issuer_code=issuer_code, type_code=TypeCode.KH, year=inputs.date.year)
            formatted = document_number_format(number=number, type_code=TypeCode.KH, issuer_code=issuer_code)
            data = _plan_data(movement, number=formatted, inputs=inputs)
            document = document_create(
                kind=PLAN_KIND,
                title=plan_title(movement),
                template_name=PLAN_TEMPLATE,
                data=data,
                created_by=actor,
            )
            movement.plan_number, movement.plan_document = formatted, document
            movement.save(update_fields=["plan_number", "plan_document"])
    return document


def movement_plan_retry(*, actor, movement: Movement) -> RenderedDocument:
    """Queue the plan's rendering again after a failure. Side effects: see document_retry; audited."""
    _check_edit(actor, movement)
    if not movement.plan_document_id:
        raise ValidationError(_("Phong trào chưa ban hành kế hoạch."))
    document = RenderedDocument.objects.get(pk=movement.plan_document_id)
    return document_retry(document=document, actor=actor)


def movement_delete(*, actor, movement: Movement) -> None:
    """Delete a movement launched by mistake, before its plan is issued (an issued plan keeps its number).

    Who: as for changing it. Side effects: the movement and its participants deleted; audited.
    """
    _check_edit(actor, movement)
    with transaction.atomic(), acting_as(actor):
        locked = Movement.objects.select_for_update().get(pk=movement.pk)
        if locked.plan_document_id:
            raise ValidationError(
                _("Phong trào đã ban hành Kế hoạch số %(number)s: không thể xóa.") % {"number": locked.plan_number}
            )
        locked.delete()
