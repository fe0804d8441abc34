"""Writes for registrations and their workflow (draft → submitted → returned → approved). Each service validates,
owns its transaction, locks the sheet it changes and leaves an audit trail (auditlog entries, plus
RegistrationEvent rows for the workflow); returning and approving tell the unit's staff (notifications)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns.models import EmulationYear, Registration, RegistrationEvent, RegistrationSheet
from campaigns.selectors.notifications import unit_staff
from campaigns.services.notifications import notification_send, sheet_link
from thidua.core.audit import acting_as, log_bulk_created
from thidua.org.models import Person, Unit
from thidua.org.permissions import scope_for
from thidua.titles.models import Title

Status = RegistrationSheet.Status


def _today() -> datetime.date:
    return timezone.localdate()


def _date(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def registration_deadline(year: int) -> datetime.date | None:
    """The registration deadline the board set for `year` (None: no deadline set)."""
    return EmulationYear.objects.filter(year=year).values_list("registration_deadline", flat=True).first()


def emulation_year_save(*, actor, emulation_year: EmulationYear) -> EmulationYear:
    """Create or change an emulation year and its deadlines (from the admin).

    Rules: the registration deadline falls in the year itself or the year before (registration opens the
    year); the covenant deadline, if any, is not before the registration deadline. Side effects: audited.
    """
    errors = {}
    year, deadline = emulation_year.year, emulation_year.registration_deadline
    if year and deadline and deadline.year not in (year - 1, year):
        errors["registration_deadline"] = _("Hạn đăng ký phải thuộc năm %(year)s hoặc cuối năm trước đó.") % {
            "year": year
        }
    if deadline and emulation_year.covenant_deadline and emulation_year.covenant_deadline < deadline:
        errors["covenant_deadline"] = _("Hạn ký giao ước không được trước hạn đăng ký thi đua (%(deadline)s).") % {
            "deadline": _date(deadline)
        }
    if errors:
        raise ValidationError(errors)
    emulation_year.full_clean()
    with transaction.atomic(), acting_as(actor):
        emulation_year.save()
    return emulation_year


def sheet_get_or_create(*, actor, unit: Unit, year: int) -> RegistrationSheet:
    """The unit's registration sheet for `year`, created as a draft (keeping the unit's name) if missing."""
    with transaction.atomic(), acting_as(actor):
        sheet, _created = RegistrationSheet.objects.get_or_create(
            unit=unit, year=year, defaults={"unit_name": unit.name}
        )
    return sheet


def _locked(sheet: RegistrationSheet) -> RegistrationSheet:
    """Re-read the sheet under a row lock (inside the caller's transaction) so that two clicks cannot both
    change it, and so that the checks below see its current status, not the one the page was built from."""
    return RegistrationSheet.objects.select_for_update().get(pk=sheet.pk)


def _check_editable(sheet: RegistrationSheet) -> None:
    if not sheet.is_editable:
        raise ValidationError(
            _("Bản đăng ký đang ở trạng thái «%(status)s», không thể sửa.") % {"status": sheet.get_status_display()}
        )


def _check_title(title: Title, *, individual: bool) -> None:
    if not title.is_active:
        raise ValidationError({"title": _("Danh hiệu «%(title)s» không còn được áp dụng.") % {"title": title}})
    if title.category != Title.Category.EMULATION:
        raise ValidationError(
            {
                "title": _("«%(title)s» là hình thức khen thưởng, không phải danh hiệu thi đua để đăng ký.")
                % {"title": title}
            }
        )
    if not individual and title.subject != Title.Subject.COLLECTIVE:
        raise ValidationError(
            {"title": _("«%(title)s» là danh hiệu cá nhân, cần chọn một cá nhân.") % {"title": title}}
        )
    if individual and title.subject != Title.Subject.INDIVIDUAL:
        raise ValidationError(
            {"title": _("«%(title)s» là danh hiệu tập thể, không đăng ký cho cá nhân.") % {"title": title}}
        )


def _duplicate_message(*, who: str, title: Title, year: int) -> str:
    return _("%(who)s đã đăng ký danh hiệu «%(title)s» năm %(year)s.") % {"who": who, "title": title, "year": year}


def registration_add(*, actor, sheet: RegistrationSheet, title: Title, person: Person | None = None) -> Registration:
    """Register `person` (or, with no person, the unit itself) for `title` on the unit's sheet.

    Rules: the sheet is a draft or returned; the title is an active emulation title of the right subject; the
    person is active and works in the sheet's unit; one registration per person (or unit), title and year
    (also enforced by the database). Side effects: an audited Registration row.
    """
    _check_title(title, individual=person is not None)
    if person is not None:
        if person.unit_id != sheet.unit_id:
            raise ValidationError(
                {"person": _("%(person)s không thuộc %(unit)s.") % {"person": person, "unit": sheet.unit_name}}
            )
        if not person.is_active:
            raise ValidationError({"person": _("%(person)s không còn công tác.") % {"person": person}})
    try:
        with transaction.atomic(), acting_as(actor):
            locked = _locked(sheet)
            _check_editable(locked)
            return Registration.objects.create(sheet=locked, person=person, title=title)
    except IntegrityError:
        who = person.full_name if person else sheet.unit_name
        raise ValidationError(_duplicate_message(who=who, title=title, year=sheet.year)) from None


def registration_remove(*, actor, registration: Registration) -> None:
    """Remove one registration from an editable sheet (audited)."""
    with transaction.atomic(), acting_as(actor):
        _check_editable(_locked(registration.sheet))
        registration.delete()


def sheet_set_collective_title(*, actor, sheet: RegistrationSheet, title: Title | None) -> Registration | None:
    """Set the unit's own (collective) title on its sheet, replacing the one chosen before; None clears it.

    Rules: as registration_add. Side effects: the old collective registration deleted and the new one
    created, both audited, in one transaction.
    """
    if title is not None:
        _check_title(title, individual=False)
    with transaction.atomic(), acting_as(actor):
        locked = _locked(sheet)
        _check_editable(locked)
        current = list(locked.registrations.filter(person__isnull=True))
        if title is not None and [r.title_id for r in current] == [title.pk]:
            return current[0]
        for registration in current:
            registration.delete()
        if title is None:
            return None
        return Registration.objects.create(sheet=locked, person=None, title=title)


def registration_register_all(*, actor, sheet: RegistrationSheet, title: Title) -> int:
    """Register every active person of the sheet's unit who is not yet registered for `title` that year.

    One action for "register all my people for Lao động tiên tiến"; running it again adds nobody twice.
    Returns how many were added. Side effects: Registration rows (bulk) and one audit entry per row, marked
    as a bulk entry.
    """
    _check_title(title, individual=True)
    with transaction.atomic():
        locked = _locked(sheet)
        _check_editable(locked)
        already = Registration.objects.filter(year=locked.year, title=title, person__isnull=False).values("person_id")
        people = Person.objects.filter(unit_id=locked.unit_id, is_active=True).exclude(pk__in=already)
        rows = [
            Registration(sheet=locked, year=locked.year, unit_id=locked.unit_id, person_id=pk, title=title)
            for pk in people.order_by("pk").values_list("pk", flat=True)
        ]
        # PostgreSQL and SQLite (3.35+) both return the new ids, which the audit entries need.
        created = Registration.objects.bulk_create(rows, batch_size=1000)
        log_bulk_created(created, actor=actor, note=_("Đăng ký cho tất cả cá nhân của đơn vị"))
    return len(created)


def _move(sheet: RegistrationSheet, to: str, *, actor, note: str = "", late: bool = False) -> None:
    RegistrationEvent.objects.create(
        sheet=sheet, from_status=sheet.status, to_status=to, actor=actor, note=note, late_override=late
    )
    sheet.status = to


def sheet_submit(*, actor, sheet: RegistrationSheet, today: datetime.date | None = None) -> RegistrationSheet:
    """Send the sheet to the board: draft or returned → submitted.

    Rules: at least one registration; not after the year's deadline (after it only the board can accept the
    sheet, with sheet_approve(late_reason=...)). Side effects: a workflow event; the sheet audited.
    """
    today = today or _today()
    with transaction.atomic(), acting_as(actor):
        sheet = _locked(sheet)
        if sheet.status == Status.SUBMITTED:
            raise ValidationError(
                _("Bản đăng ký đã được gửi lúc %(at)s và đang chờ Vụ Thi đua - Khen thưởng xem xét; không cần gửi lại.")
                % {"at": date_format(timezone.localtime(sheet.submitted_at), "H:i d/m/Y")}
            )
        if sheet.status == Status.APPROVED:
            raise ValidationError(_("Bản đăng ký đã được duyệt, không gửi lại được."))
        if not sheet.registrations.exists():
            raise ValidationError(_("Bản đăng ký chưa có danh hiệu nào."))
        deadline = registration_deadline(sheet.year)
        if deadline and today > deadline:
            raise ValidationError(
                _("Đã quá hạn đăng ký thi đua năm %(year)s (%(deadline)s). Vui lòng liên hệ Vụ Thi đua - Khen thưởng.")
                % {"year": sheet.year, "deadline": _date(deadline)}
            )
        _move(sheet, Status.SUBMITTED, actor=actor)
        sheet.submitted_at, sheet.submitted_by = timezone.now(), actor
        # The reason of an earlier return stays in the history (its event); the sheet shows the current state.
        sheet.return_reason = ""
        sheet.save()
    return sheet


def sheet_return(*, actor, sheet: RegistrationSheet, reason: str) -> RegistrationSheet:
    """The board sends a submitted sheet back to the unit: submitted → returned, with a required reason.

    Side effects: a workflow event; the sheet audited; the unit's staff notified (portal and e-mail).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Phải nêu lý do trả lại.")})
    if not scope_for(actor).is_board:
        raise ValidationError(_("Chỉ Vụ Thi đua - Khen thưởng được trả lại bản đăng ký."))
    with transaction.atomic(), acting_as(actor):
        sheet = _locked(sheet)
        if sheet.status != Status.SUBMITTED:
            raise ValidationError(
                _("Chỉ trả lại được bản đăng ký đã gửi; bản này đang ở trạng thái «%(status)s».")
                % {"status": sheet.get_status_display()}
            )
        _move(sheet, Status.RETURNED, actor=actor, note=reason)
        sheet.decided_at, sheet.decided_by, sheet.return_reason = timezone.now(), actor, reason
        sheet.save()
        notification_send(
            users=unit_staff(sheet.unit),
            text=_("Bản đăng ký thi đua năm %(year)s của %(unit)s bị trả lại. Lý do: %(reason)s")
            % {"year": sheet.year, "unit": sheet.unit_name, "reason": reason},
            link=sheet_link(unit_id=sheet.unit_id, year=sheet.year),
            email_subject=_("Bản đăng ký thi đua năm %(year)s bị trả lại") % {"year": sheet.year},
        )
    return sheet


def sheet_approve(
    *, actor, sheet: RegistrationSheet, late_reason: str = "", today: datetime.date | None = None
) -> RegistrationSheet:
    """The board approves a sheet: submitted → approved.

    After the deadline the board may also accept a sheet the unit could not submit (draft or returned), with a
    written reason: that override is recorded on the sheet and in its history. Side effects: a workflow event;
    the sheet audited; the unit's staff notified (portal and e-mail).
    """
    today = today or _today()
    if not scope_for(actor).is_board:
        raise ValidationError(_("Chỉ Vụ Thi đua - Khen thưởng được duyệt bản đăng ký."))
    late_reason = (late_reason or "").strip()
    with transaction.atomic(), acting_as(actor):
        sheet = _locked(sheet)
        late = False
        if sheet.status in (Status.DRAFT, Status.RETURNED):
            deadline = registration_deadline(sheet.year)
            if not (deadline and today > deadline):
                raise ValidationError(_("Bản đăng ký chưa được đơn vị gửi."))
            if not late_reason:
                raise ValidationError({"late_reason": _("Đã quá hạn đăng ký: phải nêu lý do chấp nhận sau hạn.")})
            if not sheet.registrations.exists():
                raise ValidationError(_("Bản đăng ký chưa có danh hiệu nào."))
            late = True
        elif sheet.status == Status.APPROVED:
            raise ValidationError(_("Bản đăng ký đã được duyệt."))
        _move(sheet, Status.APPROVED, actor=actor, note=late_reason if late else "", late=late)
        sheet.decided_at, sheet.decided_by = timezone.now(), actor
        if late:
            sheet.late_accepted_by, sheet.late_reason = actor, late_reason
        sheet.save()
        text = _("Bản đăng ký thi đua năm %(year)s của %(unit)s đã được duyệt.") % {
            "year": sheet.year,
            "unit": sheet.unit_name,
        }
        if late:
            text += " " + _("Vụ Thi đua - Khen thưởng chấp nhận sau hạn, lý do: %(reason)s") % {"reason": late_reason}
        notification_send(
            users=unit_staff(sheet.unit),
            text=text,
            link=sheet_link(unit_id=sheet.unit_id, year=sheet.year),
            email_subject=_("Bản đăng ký thi đua năm %(year)s đã được duyệt") % {"year": sheet.year},
        )
    return sheet


@dataclass
class BulkApproval:
    """The outcome of approving many sheets: which were approved, and why the others were not."""

    approved: list[RegistrationSheet] = field(default_factory=list)
    refused: list[tuple[RegistrationSheet, str]] = field(default_factory=list)


def sheets_approve(*, actor, sheets, today: datetime.date | None = None) -> BulkApproval:
    """Approve many submitted sheets, each on its own through sheet_approve (its own transaction, event and
    notification): one sheet that cannot be approved (already approved, not submitted) is reported with its
    reason and does not hold back the others."""
    result = BulkApproval()
    for sheet in sheets:
        try:
            result.approved.append(sheet_approve(actor=actor, sheet=sheet, today=today))
        except ValidationError as exc:
            result.refused.append((sheet, " ".join(exc.messages)))
    return result
