"""Writes for nomination dossiers (hồ sơ đề nghị khen thưởng) and their workflow: draft → cluster (where the
title's rule goes through one) → board → council → approved (→ decided, by a signed decision), or returned with a
reason to the proposing unit. Each service validates, owns its transaction, locks the dossier it moves, and leaves
an audit trail (auditlog entries, plus a NominationEvent for every move)."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import eligibility
from awards.attachments import check_upload
from awards.models import Attachment, Nomination, NominationEvent
from awards.selectors import nominations as selectors
from campaigns.selectors.notifications import unit_staff
from campaigns.services.notifications import notification_send
from thidua.core.audit import acting_as
from thidua.org.models import ClusterTerm, Person, Unit
from thidua.org.permissions import can_write_unit, scope_for
from thidua.titles.models import Title

Status = Nomination.Status
Source = Nomination.Source
OVERRIDE_MIN_LENGTH = 20
APPROVED_OR_DECIDED = (Status.APPROVED, Status.DECIDED)


# Checks ------------------------------------------------------------------------------------------------------


def _is_system(actor) -> bool:
    """Demo data and other apps' services act without a portal user: the checks of who may act do not apply."""
    return actor is None or not getattr(actor, "is_authenticated", False)


def _require_board(actor, message: str) -> None:
    if not _is_system(actor) and not scope_for(actor).is_board:
        raise PermissionDenied(message)


def _require_writer(actor, nomination: Nomination) -> None:
    if not _is_system(actor) and not can_write_unit(actor, nomination.proposing_unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi hồ sơ đề nghị này."))


def _locked(nomination: Nomination) -> Nomination:
    """Re-read the dossier under a row lock (inside the caller's transaction): two clicks, or two people, cannot
    both move it, and the checks see its current status rather than the one the page was built from."""
    return (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("title", "proposing_unit", "person", "unit", "term")
        .get(pk=nomination.pk)
    )


def _status_label(status: str) -> str:
    return str(Status(status).label)


def _check_editable(nomination: Nomination, message: str) -> None:
    if nomination.status not in selectors.EDITABLE:
        raise ValidationError(message % {"status": _status_label(nomination.status)})


def _who(nomination: Nomination) -> str:
    return _("Hồ sơ của %(name)s («%(title)s» năm %(year)s)") % {
        "name": nomination.candidate_name,
        "title": nomination.title.name,
        "year": nomination.year,
    }


def _move(nomination: Nomination, to: str, *, actor, note: str = "") -> NominationEvent:
    event = NominationEvent.objects.create(
        nomination=nomination,
        from_status=nomination.status,
        to_status=to,
        note=note,
        actor=None if _is_system(actor) else actor,
    )
    nomination.status = to
    return event


def _run_check(nomination: Nomination) -> eligibility.Eligibility:
    """Ask the engine and keep its answer on the dossier (not saved here): the snapshot it is judged on."""
    answer = eligibility.check(
        person=nomination.person if nomination.person_id else None,
        unit=nomination.unit if nomination.unit_id else None,
        title=nomination.title,
        year=nomination.year,
    )
    nomination.eligible = answer.eligible
    nomination.eligibility = answer.as_json()
    nomination.checked_at = timezone.now()
    return answer


def _store_check(nomination: Nomination) -> None:
    """The first snapshot of a dossier just saved: checked once it exists, so that a dossier from a ballot is the
    cluster vote its own banner's condition asks for."""
    _run_check(nomination)
    nomination.save(update_fields=["eligible", "eligibility", "checked_at", "updated_at"])


def _ineligible_message(nomination: Nomination) -> str:
    reasons = [r.get("text", "") for r in nomination.eligibility.get("reasons", []) if not r.get("met")]
    return _(
        "Hồ sơ không đủ điều kiện đề nghị «%(title)s» năm %(year)s: %(reasons)s. Chỉ gửi được khi đủ điều kiện "
        "hoặc được Vụ Thi đua - Khen thưởng chấp nhận ngoại lệ."
    ) % {
        "title": nomination.title.name,
        "year": nomination.year,
        "reasons": "; ".join(text.rstrip(".") for text in reasons if text) or _("chưa xác định"),
    }


def _quota_refusal_on_send(nomination: Nomination) -> str | None:
    """The engine's refusal when one more dossier sent for the title that year would exceed its quota."""
    reason = eligibility.quota_check(title=nomination.title, year=nomination.year, adding=1)
    return None if reason.met else reason.text


def _quota_refusal_on_approval(nomination: Nomination) -> str | None:
    """Checked again when the council's approval is recorded: the base (the collectives voted that year) may have
    changed since the dossier was sent, and at most `limit` dossiers may end approved."""
    status = eligibility.quota_status(title=nomination.title, year=nomination.year)
    if status is None:
        return None
    approved = (
        Nomination.objects.filter(title_id=nomination.title_id, year=nomination.year, status__in=APPROVED_OR_DECIDED)
        .exclude(pk=nomination.pk)
        .count()
    )
    if approved + 1 <= status.limit:
        return None
    return _(
        "Vượt chỉ tiêu: tối đa %(limit)s hồ sơ đề nghị %(title)s năm %(year)s (%(percent)s%% của %(base)s tập thể "
        "được suy tôn); Hội đồng đã đồng ý %(approved)s hồ sơ."
    ) % {
        "limit": status.limit,
        "title": eligibility.title_phrase(nomination.title),
        "year": nomination.year,
        "percent": f"{float(status.percent):g}",
        "base": status.base,
        "approved": approved,
    }


def _lock_quota(title: Title) -> None:
    """Serialize the quota checks of one title: two dossiers sent at once cannot both take the last place."""
    Title.objects.select_for_update().filter(pk=title.pk).first()


def _notify_unit(nomination: Nomination, text: str, subject: str) -> None:
    notification_send(
        users=unit_staff(nomination.proposing_unit),
        text=text,
        link=reverse("nomination_detail", args=[nomination.pk]),
        email_subject=subject,
    )


# Creating and editing ----------------------------------------------------------------------------------------


def _check_candidate(*, proposing_unit: Unit, title: Title, person: Person | None, unit: Unit | None) -> None:
    if (person is None) == (unit is None):
        raise ValidationError({"candidate": _("Vui lòng chọn một cá nhân hoặc một tập thể được đề nghị.")})
    if not title.is_active:
        raise ValidationError({"title": _("Danh hiệu «%(title)s» không còn được áp dụng.") % {"title": title.name}})
    if person is not None and title.subject != Title.Subject.INDIVIDUAL:
        raise ValidationError(
            {"title": _("«%(title)s» dành cho tập thể, không đề nghị cho cá nhân.") % {"title": title.name}}
        )
    if unit is not None and title.subject != Title.Subject.COLLECTIVE:
        raise ValidationError(
            {"title": _("«%(title)s» dành cho cá nhân, cần chọn một cá nhân.") % {"title": title.name}}
        )
    if person is not None:
        if not person.unit.path.startswith(proposing_unit.path):
            raise ValidationError(
                {
                    "candidate": _("%(person)s không thuộc %(unit)s hoặc đơn vị trực thuộc.")
                    % {"person": person.full_name, "unit": proposing_unit.name}
                }
            )
        if not person.is_active:
            raise ValidationError({"candidate": _("%(person)s không còn công tác.") % {"person": person.full_name}})
    if unit is not None and not unit.path.startswith(proposing_unit.path):
        raise ValidationError(
            {
                "candidate": _("%(candidate)s không phải %(unit)s hoặc đơn vị trực thuộc.")
                % {"candidate": unit.name, "unit": proposing_unit.name}
            }
        )


def _duplicate(*, person: Person | None, unit: Unit | None, title: Title, year: int) -> ValidationError | None:
    existing = (
        Nomination.objects.filter(title=title, year=year)
        .filter(Q(person=person) if person is not None else Q(unit=unit))
        .select_related("proposing_unit")
        .first()
    )
    if existing is None:
        return None
    return ValidationError(
        _("%(who)s đã có hồ sơ đề nghị «%(title)s» năm %(year)s (do %(unit)s lập, trạng thái «%(status)s»).")
        % {
            "who": person.full_name if person is not None else unit.name,
            "title": title.name,
            "year": year,
            "unit": existing.proposing_unit.name,
            "status": _status_label(existing.status),
        },
        code="duplicate",
    )


def _check_year(year: int) -> None:
    if not isinstance(year, int) or not 1945 <= year <= 2100:
        raise ValidationError({"year": _("Năm thi đua phải từ 1945 đến 2100.")})


def nomination_create(
    *,
    actor,
    proposing_unit: Unit,
    title: Title,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
    achievements: str = "",
    submit: bool = False,
) -> Nomination:
    """A unit proposes one of its people, itself or one of its sub-units for `title` in `year`: a draft dossier.

    Rules: the actor is unit staff of the proposing unit (or a unit above it) or the board; one candidate, of the
    title's subject, in the proposing unit's sub-tree and still working; the title is active; one dossier per
    candidate, title and year (also enforced by the database). The names, the person's unit and position are
    copied as they are today; the dossier goes through the candidate's cluster term of that year when the
    title's rule for the year says so. With `submit`, the dossier is also sent (see nomination_submit) in the same
    transaction: refused, nothing is saved.
    Side effects: the Nomination (audited) with its eligibility snapshot, a NominationEvent ("" → draft), and
    those of nomination_submit when `submit`.
    """
    _check_year(year)
    if not _is_system(actor) and not can_write_unit(actor, proposing_unit):
        raise PermissionDenied(
            _("Bạn không được lập hồ sơ đề nghị khen thưởng cho %(unit)s.") % {"unit": proposing_unit.name}
        )
    _check_candidate(proposing_unit=proposing_unit, title=title, person=person, unit=unit)
    duplicate = _duplicate(person=person, unit=unit, title=title, year=year)
    if duplicate is not None:
        raise duplicate
    rule = eligibility.rule_for(title=title, year=year)
    candidate_unit = person.unit if person is not None else unit
    term = selectors.term_for(candidate_unit, year) if rule is not None and rule.through_cluster else None
    if person is not None:
        name, unit_name, position = person.full_name, person.unit.name, person.position
    else:
        name, unit_name, position = unit.name, unit.parent.name if unit.parent_id else "", ""
    nomination = Nomination(
        year=year,
        title=title,
        person=person,
        unit=unit,
        proposing_unit=proposing_unit,
        term=term,
        candidate_name=name,
        unit_name=unit_name,
        position=position,
        achievements=(achievements or "").strip(),
        created_by=None if _is_system(actor) else actor,
    )
    try:
        with transaction.atomic(), acting_as(actor):
            nomination.save()
            _store_check(nomination)
            NominationEvent.objects.create(
                nomination=nomination,
                from_status="",
                to_status=Status.DRAFT,
                note=_("Lập hồ sơ"),
                actor=nomination.created_by,
            )
            if submit:
                _submit(nomination, actor=actor)
    except IntegrityError:
        duplicate = _duplicate(person=person, unit=unit, title=title, year=year)
        if duplicate is not None:
            raise duplicate from None
        raise
    return nomination


def nomination_update(*, actor, nomination: Nomination, achievements: str, position: str | None = None) -> Nomination:
    """The proposing unit edits its dossier's summary of achievements (and a person's position): draft or
    returned only. Side effects: the dossier audited."""
    _require_writer(actor, nomination)
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        _check_editable(locked, _("Hồ sơ đang ở trạng thái «%(status)s», chỉ sửa được khi là dự thảo hoặc bị trả lại."))
        locked.achievements = (achievements or "").strip()
        if position is not None and locked.person_id:
            locked.position = position.strip()
        locked.save()
    return locked


def nomination_check(*, actor, nomination: Nomination) -> Nomination:
    """Run the eligibility engine again and keep its answer as the dossier's snapshot (eligible, reasons with
    their rules and legal bases, when). The proposing unit may do it while it prepares the dossier; the board
    until the council's result is recorded. Side effects: the dossier audited."""
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        if locked.status in selectors.FROZEN:
            raise ValidationError(
                _("Hồ sơ đang ở trạng thái «%(status)s»: kết quả xét điều kiện đã được chốt.")
                % {"status": _status_label(locked.status)}
            )
        if not _is_system(actor) and not scope_for(actor).is_board:
            _require_writer(actor, locked)
            _check_editable(
                locked,
                _("Hồ sơ đang ở trạng thái «%(status)s», đơn vị chỉ xét lại điều kiện khi là dự thảo hoặc bị trả lại."),
            )
        _run_check(locked)
        locked.save()
    return locked


# The workflow ------------------------------------------------------------------------------------------------


def _destination(nomination: Nomination) -> str:
    """Cluster when the title's rule for that year goes through one and the dossier has a term; a dossier that
    came from a cluster's ballot has been through its cluster already."""
    if nomination.source == Source.BALLOT or nomination.term_id is None:
        return Status.BOARD
    rule = eligibility.rule_for(title=nomination.title, year=nomination.year)
    return Status.CLUSTER if rule is not None and rule.through_cluster else Status.BOARD


def _submit(locked: Nomination, *, actor) -> None:
    """Send a locked dossier; raises ValidationError when it may not go. The caller owns the transaction."""
    _check_editable(locked, _("Hồ sơ đang ở trạng thái «%(status)s», chỉ gửi được khi là dự thảo hoặc bị trả lại."))
    if not locked.eligible and not locked.is_overridden:
        raise ValidationError(_ineligible_message(locked), code="ineligible")
    _lock_quota(locked.title)
    refusal = _quota_refusal_on_send(locked)
    if refusal:
        raise ValidationError(refusal, code="quota")
    to = _destination(locked)
    note = ""
    if to == Status.CLUSTER:
        note = _("Gửi Cụm trưởng %(term)s") % {"term": locked.term}
    _move(locked, to, actor=actor, note=note)
    locked.submitted_at = timezone.now()
    # The reason of an earlier return stays in the history (its event); the dossier shows its current state.
    locked.return_reason = ""
    locked.save()


def nomination_submit(*, actor, nomination: Nomination) -> Nomination:
    """The proposing unit sends its dossier: draft or returned → cluster (the title's rule for the year goes
    through a cluster and the dossier has a term) or board.

    Rules: eligibility is checked again now; an ineligible dossier is refused unless the board has accepted it
    as an exception; the title's quota for the year must not be exceeded. Side effects: the fresh eligibility
    snapshot is kept even when the dossier is refused (the page then shows why); on success a NominationEvent
    and the dossier audited.
    """
    _require_writer(actor, nomination)
    refusal = None
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        _check_editable(locked, _("Hồ sơ đang ở trạng thái «%(status)s», chỉ gửi được khi là dự thảo hoặc bị trả lại."))
        _run_check(locked)
        locked.save()
        try:
            with transaction.atomic():
                _submit(locked, actor=actor)
        except ValidationError as exc:
            refusal = exc
    if refusal is not None:
        raise refusal
    return locked


def nomination_forward(*, actor, nomination: Nomination, note: str = "") -> Nomination:
    """The cluster leader (or the board) sends a dossier on to the board: cluster → board.
    Side effects: a NominationEvent; the dossier audited."""
    if not _is_system(actor) and not selectors.may_lead(actor, nomination):
        raise PermissionDenied(_("Chỉ Cụm trưởng của cụm và Vụ Thi đua - Khen thưởng được xử lý hồ sơ này."))
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        if locked.status != Status.CLUSTER:
            raise ValidationError(
                _("Chỉ chuyển được hồ sơ đang chờ Cụm xem xét; hồ sơ này đang ở trạng thái «%(status)s».")
                % {"status": _status_label(locked.status)}
            )
        _move(locked, Status.BOARD, actor=actor, note=(note or "").strip())
        locked.save()
    return locked


def nomination_return(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """Send a dossier back to the proposing unit with a reason: from the cluster (its leader or the board), the
    board or the council (the board) → returned. Side effects: a NominationEvent with the reason; the dossier
    audited; the proposing unit's staff notified."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng nêu lý do trả lại để đơn vị biết cần sửa gì.")})
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        if locked.status not in (Status.CLUSTER, Status.BOARD, Status.COUNCIL):
            raise ValidationError(
                _("Không trả lại được hồ sơ đang ở trạng thái «%(status)s».") % {"status": _status_label(locked.status)}
            )
        if not _is_system(actor) and not selectors.may_return(actor, locked):
            if locked.status == Status.CLUSTER:
                raise PermissionDenied(_("Chỉ Cụm trưởng của cụm và Vụ Thi đua - Khen thưởng được xử lý hồ sơ này."))
            raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được trả lại hồ sơ ở bước này."))
        _move(locked, Status.RETURNED, actor=actor, note=reason)
        locked.return_reason = reason
        locked.save()
        _notify_unit(
            locked,
            _("%(who)s bị trả lại. Lý do: %(reason)s") % {"who": _who(locked), "reason": reason},
            _("Hồ sơ đề nghị khen thưởng bị trả lại"),
        )
    return locked


def _approve(locked: Nomination, *, actor, note: str = "") -> None:
    if locked.status != Status.BOARD:
        raise ValidationError(
            _(
                "Chỉ duyệt được hồ sơ đang chờ Vụ Thi đua - Khen thưởng thẩm định; hồ sơ này đang ở trạng thái "
                "«%(status)s»."
            )
            % {"status": _status_label(locked.status)}
        )
    if locked.eligible is False and not locked.is_overridden:
        raise ValidationError(
            _("Hồ sơ không đủ điều kiện; cần chấp nhận ngoại lệ (nêu lý do) trước khi trình Hội đồng."),
            code="ineligible",
        )
    _move(locked, Status.COUNCIL, actor=actor, note=note)
    locked.save()


def _council_approve(locked: Nomination, *, actor, note: str = "") -> None:
    if locked.status != Status.COUNCIL:
        raise ValidationError(
            _("Chỉ ghi nhận kết quả Hội đồng cho hồ sơ chờ Hội đồng xét; hồ sơ này đang ở trạng thái «%(status)s».")
            % {"status": _status_label(locked.status)}
        )
    _lock_quota(locked.title)
    refusal = _quota_refusal_on_approval(locked)
    if refusal:
        raise ValidationError(refusal, code="quota")
    _move(locked, Status.APPROVED, actor=actor, note=note)
    locked.save()


def nomination_approve(*, actor, nomination: Nomination, note: str = "") -> Nomination:
    """The board, having reviewed the dossier, puts it before the council: board → council.
    Rules: an ineligible dossier needs the board's override first. Side effects: a NominationEvent; audited."""
    _require_board(actor, _("Chỉ Vụ Thi đua - Khen thưởng được duyệt hồ sơ."))
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        _approve(locked, actor=actor, note=(note or "").strip())
    return locked


def nomination_council_approve(*, actor, nomination: Nomination, note: str = "") -> Nomination:
    """The board records the council's approval: council → approved (ready for a decision).
    Rules: the title's quota for the year is checked again, against the dossiers already approved.
    Side effects: a NominationEvent; audited."""
    _require_board(actor, _("Chỉ Vụ Thi đua - Khen thưởng được ghi nhận kết quả của Hội đồng."))
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        _council_approve(locked, actor=actor, note=(note or "").strip())
    return locked


def _many(*, actor, nominations, step, done_message: str) -> list[Nomination]:
    ids = sorted({n.pk for n in nominations})
    if not ids:
        raise ValidationError(_("Vui lòng chọn ít nhất một hồ sơ."))
    moved = []
    with transaction.atomic(), acting_as(actor):
        # Locked in id order, so that two bulk actions over overlapping dossiers cannot deadlock.
        locked_all = list(
            Nomination.objects.select_for_update(of=("self",))
            .select_related("title", "proposing_unit", "person", "unit", "term")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        for locked in locked_all:
            try:
                step(locked, actor=actor)
            except ValidationError as exc:
                raise ValidationError(
                    _("%(who)s: %(reason)s Không hồ sơ nào được %(done)s.")
                    % {"who": _who(locked), "reason": " ".join(exc.messages), "done": done_message},
                    code=getattr(exc, "code", None) or "bulk",
                ) from None
            moved.append(locked)
    return moved


def nomination_approve_many(*, actor, nominations) -> list[Nomination]:
    """The board puts many dossiers before the council at once (board → council), all or none: the first that
    cannot be approved is named in the refusal and nothing is changed. Side effects: as nomination_approve."""
    _require_board(actor, _("Chỉ Vụ Thi đua - Khen thưởng được duyệt hồ sơ."))
    return _many(actor=actor, nominations=nominations, step=_approve, done_message=_("duyệt"))


def nomination_council_approve_many(*, actor, nominations) -> list[Nomination]:
    """The board records the council's approval of many dossiers (council → approved), all or none, the quota
    counted as they are approved one after another. Side effects: as nomination_council_approve."""
    _require_board(actor, _("Chỉ Vụ Thi đua - Khen thưởng được ghi nhận kết quả của Hội đồng."))
    return _many(
        actor=actor, nominations=nominations, step=_council_approve, done_message=_("ghi nhận Hội đồng đồng ý")
    )


def nomination_override(*, actor, nomination: Nomination, reason: str) -> Nomination:
    """The board accepts an ineligible dossier as an exception, with a written justification (at least 20
    characters) that is kept on the dossier and shown with it.

    Rules: eligibility is checked again first; an eligible dossier needs no exception; one exception per dossier;
    not once the council's result is recorded. Side effects: the fresh snapshot, override_reason/by/at, a
    NominationEvent in the history (status unchanged) and the dossier audited.
    """
    _require_board(actor, _("Chỉ Vụ Thi đua - Khen thưởng được chấp nhận ngoại lệ."))
    reason = " ".join((reason or "").split())
    if len(reason) < OVERRIDE_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("Lý do chấp nhận ngoại lệ phải có ít nhất %(min)d ký tự (hiện có %(n)d).")
                % {"min": OVERRIDE_MIN_LENGTH, "n": len(reason)}
            }
        )
    refusal = None
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        if locked.status in selectors.FROZEN:
            raise ValidationError(
                _("Không chấp nhận ngoại lệ được cho hồ sơ đang ở trạng thái «%(status)s».")
                % {"status": _status_label(locked.status)}
            )
        if locked.is_overridden:
            raise ValidationError(_("Hồ sơ đã được chấp nhận ngoại lệ trước đó."))
        _run_check(locked)
        if locked.eligible:
            locked.save()
            refusal = ValidationError(_("Hồ sơ đủ điều kiện, không cần chấp nhận ngoại lệ."))
        else:
            locked.override_reason = reason
            locked.override_by = None if _is_system(actor) else actor
            locked.override_at = timezone.now()
            NominationEvent.objects.create(
                nomination=locked,
                from_status=locked.status,
                to_status=locked.status,
                note=_("Chấp nhận ngoại lệ: %(reason)s") % {"reason": reason},
                actor=locked.override_by,
            )
            locked.save()
    if refusal is not None:
        raise refusal
    return locked


def nomination_create_from_ballot(
    *, actor, unit: Unit, title: Title, year: int, term: ClusterTerm | None, reference: str
) -> Nomination:
    """A collective voted by its cluster's ballot (the voting app calls this when a ballot closes): a dossier
    proposed by the unit itself, already past its cluster, waiting for the board.

    Rules: a collective title; one dossier per unit, title and year; a reference to the ballot is required.
    Side effects: the Nomination (source ballot, status board, submitted now) with its eligibility snapshot, a
    NominationEvent ("" → board, the reference as note); audited.
    """
    _check_year(year)
    reference = (reference or "").strip()
    if not reference:
        raise ValidationError({"reference": _("Phải ghi căn cứ bình xét (kết quả bỏ phiếu).")})
    if title.subject != Title.Subject.COLLECTIVE:
        raise ValidationError(
            {"title": _("«%(title)s» dành cho cá nhân, cần chọn một cá nhân.") % {"title": title.name}}
        )
    duplicate = _duplicate(person=None, unit=unit, title=title, year=year)
    if duplicate is not None:
        raise duplicate
    nomination = Nomination(
        year=year,
        title=title,
        unit=unit,
        proposing_unit=unit,
        term=term,
        candidate_name=unit.name,
        unit_name=unit.parent.name if unit.parent_id else "",
        status=Status.BOARD,
        source=Source.BALLOT,
        source_reference=reference[:300],
        submitted_at=timezone.now(),
        created_by=None if _is_system(actor) else actor,
    )
    try:
        with transaction.atomic(), acting_as(actor):
            nomination.save()
            _store_check(nomination)
            NominationEvent.objects.create(
                nomination=nomination,
                from_status="",
                to_status=Status.BOARD,
                note=reference,
                actor=nomination.created_by,
            )
    except IntegrityError:
        duplicate = _duplicate(person=None, unit=unit, title=title, year=year)
        if duplicate is not None:
            raise duplicate from None
        raise
    return nomination


# Attachments -------------------------------------------------------------------------------------------------


def attachment_add(*, actor, nomination: Nomination, kind: str, upload) -> Attachment:
    """Add a file to a dossier (draft or returned): its content is checked (awards.attachments.check_upload), it
    is stored in the default storage under nominations/ with a random name (the original name is kept apart,
    cleaned), with its size and SHA-256. Side effects: the file in storage, the Attachment row (audited); the
    file is removed again if the row cannot be saved."""
    _require_writer(actor, nomination)
    if kind not in Attachment.Kind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    checked = check_upload(upload)
    attachment = Attachment(
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=None if _is_system(actor) else actor,
    )
    stored_name = None
    try:
        with transaction.atomic(), acting_as(actor):
            locked = _locked(nomination)
            _check_editable(
                locked,
                _(
                    "Chỉ thêm, bỏ tài liệu khi hồ sơ là dự thảo hoặc bị trả lại; hồ sơ này đang ở trạng thái "
                    "«%(status)s»."
                ),
            )
            attachment.nomination = locked
            upload.seek(0)
            attachment.file.save(secrets.token_hex(16) + checked.extension, upload, save=False)
            stored_name = attachment.file.name
            attachment.save()
    except BaseException:
        if stored_name:
            default_storage.delete(stored_name)
        raise
    return attachment


def attachment_remove(*, actor, attachment: Attachment) -> None:
    """Remove a file from a dossier (draft or returned). Side effects: the row deleted (audited); the stored
    file deleted once the transaction commits."""
    nomination = attachment.nomination
    _require_writer(actor, nomination)
    with transaction.atomic(), acting_as(actor):
        locked = _locked(nomination)
        _check_editable(
            locked,
            _("Chỉ thêm, bỏ tài liệu khi hồ sơ là dự thảo hoặc bị trả lại; hồ sơ này đang ở trạng thái «%(status)s»."),
        )
        name = attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda: default_storage.delete(name))
