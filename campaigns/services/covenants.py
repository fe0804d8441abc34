"""Writes for covenants (giao ước thi đua): drafting, the members' signatures, the lock and the covenant's PDF (GƯ).

Each service checks who may act, validates, owns its transaction and is audited (django-auditlog). `actor=None`
is the system (demo data, commands): it may do anything; portal and admin always pass the user.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.documents.formatting import document_number_format
from thidua.documents.models import RenderedDocument, TypeCode
from thidua.documents.services import document_create, document_retry, number_allocate
from thidua.org.models import ClusterMembership, ClusterTerm, Unit

from ..documents import (
    COVENANT_KIND,
    COVENANT_TEMPLATE,
    cluster_code,
    covenant_data,
    covenant_title,
    issuer_lines,
    place_of,
)
from ..models import Covenant, CovenantCriterion, CovenantSignature, UnitScore
from ..selectors.covenants import can_draft, can_sign_for
from ..selectors.movements import leader_of

Status = Covenant.Status
MAX_POINTS = Decimal("9999.99")  # the column holds 6 digits, 2 after the point
MAX_CRITERIA = 100


def _clean_criteria(criteria: Iterable[tuple[str, object]]) -> list[tuple[str, Decimal]]:
    cleaned: list[tuple[str, Decimal]] = []
    messages: list[str] = []
    for row, (name, points) in enumerate(criteria, start=1):
        name = " ".join((name or "").split())
        if not name:
            messages.append(_("Dòng %(row)s: vui lòng nhập tên tiêu chí.") % {"row": row})
        try:
            value = Decimal(str(points)) if points is not None and str(points).strip() else None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            messages.append(_("Dòng %(row)s: điểm tối đa phải là một số.") % {"row": row})
        elif value <= 0:
            messages.append(_("Dòng %(row)s: điểm tối đa phải lớn hơn 0.") % {"row": row})
        elif value > MAX_POINTS or value != value.quantize(Decimal("0.01")):
            messages.append(
                _("Dòng %(row)s: điểm tối đa không quá 9999,99 và tối đa hai chữ số thập phân.") % {"row": row}
            )
        else:
            cleaned.append((name, value.quantize(Decimal("0.01"))))
    if not messages and not cleaned:
        messages.append(_("Bảng điểm phải có ít nhất một tiêu chí."))
    if len(cleaned) > MAX_CRITERIA:
        messages.append(_("Bảng điểm có tối đa %(max)s tiêu chí.") % {"max": MAX_CRITERIA})
    if messages:
        raise ValidationError({"criteria": messages})
    return cleaned


def _clean_text(title: str, targets: str) -> tuple[str, str]:
    errors = {}
    title = " ".join((title or "").split())
    targets = (targets or "").strip()
    if not title:
        errors["title"] = [_("Vui lòng nhập tiêu đề giao ước.")]
    elif len(title) > 300:
        errors["title"] = [_("Tiêu đề giao ước dài tối đa 300 ký tự.")]
    if not targets:
        errors["targets"] = [_("Vui lòng nhập nội dung giao ước, chỉ tiêu.")]
    if errors:
        raise ValidationError(errors)
    return title, targets


def _check_draft(actor, term: ClusterTerm) -> None:
    if actor is not None and not can_draft(actor, term):
        raise PermissionDenied(_("Chỉ đơn vị Cụm trưởng hoặc Vụ Thi đua - Khen thưởng được soạn giao ước thi đua."))


def _write_criteria(covenant: Covenant, criteria: list[tuple[str, Decimal]]) -> None:
    # Row by row, in place (order 1, 2, ...), so that each change has its own audit entry.
    existing = {c.order: c for c in covenant.criteria.all()}
    for order, (name, points) in enumerate(criteria, start=1):
        criterion = existing.pop(order, None)
        if criterion is None:
            CovenantCriterion.objects.create(covenant=covenant, order=order, name=name, max_points=points)
        elif criterion.name != name or criterion.max_points != points:
            criterion.name, criterion.max_points = name, points
            criterion.save()
    for criterion in existing.values():
        criterion.delete()


def covenant_create(
    *, actor, term: ClusterTerm, title: str, targets: str, criteria: Iterable[tuple[str, object]]
) -> Covenant:
    """Draft the covenant of a cluster term: its title, targets and score table (criteria with maximum points).

    Who: the board, or the staff of the term's leader unit. Rules: one covenant per term; a title, targets and at
    least one criterion, each with a name and maximum points > 0. Side effects: the covenant (draft) and its
    criteria, audited.
    """
    _check_draft(actor, term)
    title, targets = _clean_text(title, targets)
    rows = _clean_criteria(criteria)
    with transaction.atomic(), acting_as(actor):
        # The term's row lock makes "one covenant per term" a clear message rather than a constraint error.
        ClusterTerm.objects.select_for_update().filter(pk=term.pk).first()
        if Covenant.objects.filter(term=term).exists():
            raise ValidationError(_("%(term)s đã có giao ước thi đua.") % {"term": term})
        covenant = Covenant.objects.create(
            term=term,
            title=title,
            targets=targets,
            drafted_by=actor if getattr(actor, "pk", None) else None,
        )
        _write_criteria(covenant, rows)
    return covenant


def covenant_update(
    *, actor, covenant: Covenant, title: str, targets: str, criteria: Iterable[tuple[str, object]]
) -> Covenant:
    """Change a draft covenant's title, targets and score table.

    Refused once signing has started (a signature exists) or the covenant is locked: the members signed that
    text. Side effects: the covenant and its criteria (changed, added, removed), audited.
    """
    _check_draft(actor, covenant.term)
    title, targets = _clean_text(title, targets)
    rows = _clean_criteria(criteria)
    with transaction.atomic(), acting_as(actor):
        locked = Covenant.objects.select_for_update().get(pk=covenant.pk)
        if locked.status != Status.DRAFT or locked.signatures.exists():
            raise ValidationError(_("Giao ước đã bắt đầu được ký: không thể sửa nội dung và bảng tiêu chí chấm điểm."))
        if UnitScore.objects.filter(criterion__covenant=locked).exists():
            raise ValidationError(_("Đã có điểm chấm theo bảng tiêu chí này: không thể sửa bảng tiêu chí."))
        locked.title, locked.targets = title, targets
        locked.save(update_fields=["title", "targets"])
        _write_criteria(locked, rows)
    covenant.title, covenant.targets, covenant.status = locked.title, locked.targets, locked.status
    return covenant


def covenant_sign(
    *,
    actor,
    covenant: Covenant,
    unit: Unit,
    signer_name: str,
    signer_title: str = "",
    signed_at: datetime.datetime | None = None,
) -> CovenantSignature:
    """Record that a member unit signs the covenant: who clicked, when, the signer's name and title (the unit's
    head title by default).

    Who: the unit's own staff. Rules: the unit is a member of the term, has not signed yet, the covenant is not
    locked. Concurrency: the covenant row is locked (SELECT ... FOR UPDATE) for the whole step, so members signing
    at the same time are recorded one after the other and the last one locks the covenant, exactly once.
    Side effects: the signature; the covenant moves to "đang ký"; when every member has signed, it is locked
    (locked_at) and its PDF (GƯ) is issued: a number of the leader unit's GƯ series, the frozen data, a
    RenderedDocument rendered by the Celery task once the transaction commits. Audited.
    `signed_at` (default: now) is for replaying a past year, as the demo data does; the portal never sets it.
    """
    signed_at = signed_at or timezone.now()
    if actor is not None and not can_sign_for(actor, unit):
        raise PermissionDenied(_("Chỉ cán bộ của %(unit)s được ký giao ước thay đơn vị.") % {"unit": unit})
    signer_name = " ".join((signer_name or "").split())
    signer_title = " ".join((signer_title or "").split()) or unit.display_head_title
    errors = {}
    if not signer_name:
        errors["signer_name"] = [_("Vui lòng nhập họ tên người ký.")]
    elif len(signer_name) > 150:
        errors["signer_name"] = [_("Họ tên người ký dài tối đa 150 ký tự.")]
    if not signer_title:
        errors["signer_title"] = [_("Vui lòng nhập chức vụ người ký.")]
    elif len(signer_title) > 150:
        errors["signer_title"] = [_("Chức vụ người ký dài tối đa 150 ký tự.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = Covenant.objects.select_for_update().select_related("term", "term__cluster").get(pk=covenant.pk)
        if locked.status == Status.LOCKED:
            raise ValidationError(_("Giao ước đã được các đơn vị ký đủ và đã khóa."))
        member_ids = set(ClusterMembership.objects.filter(term_id=locked.term_id).values_list("unit_id", flat=True))
        if unit.pk not in member_ids:
            raise ValidationError(
                _("%(unit)s không phải thành viên của %(term)s.") % {"unit": unit, "term": locked.term}
            )
        if locked.signatures.filter(unit=unit).exists():
            raise ValidationError(_("%(unit)s đã ký giao ước này.") % {"unit": unit})
        signature = CovenantSignature.objects.create(
            covenant=locked,
            unit=unit,
            unit_name=unit.name,
            signer_name=signer_name,
            signer_title=signer_title,
            signed_by=actor if getattr(actor, "pk", None) else None,
            signed_at=signed_at,
        )
        signed_ids = set(locked.signatures.values_list("unit_id", flat=True))
        if member_ids <= signed_ids:
            _lock(actor, locked, now=signed_at)
        elif locked.status == Status.DRAFT:
            locked.status = Status.SIGNING
            locked.save(update_fields=["status"])
    covenant.status, covenant.locked_at, covenant.document_id = locked.status, locked.locked_at, locked.document_id
    return signature


def _lock(actor, covenant: Covenant, *, now: datetime.datetime | None = None) -> None:
    """Lock a covenant that every member has signed and issue its PDF (inside the caller's transaction).
    The document is dated, and numbered in the series of, the day of the last signature (default: now)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    term = covenant.term
    leader = leader_of(term)
    issuer_code = cluster_code(term, leader)
    number = number_allocate(issuer_code=issuer_code, type_code=TypeCode.GU, year=today.year)
    formatted = document_number_format(number=number, type_code=TypeCode.GU, issuer_code=issuer_code)
    roles = dict(ClusterMembership.objects.filter(term=term).values_list("unit_id", "role"))
    data = covenant_data(
        covenant=covenant,
        term=term,
        number=formatted,
        place=place_of(leader),
        date=today,
        criteria=list(covenant.criteria.order_by("order")),
        signatures=list(covenant.signatures.all()),
        roles=roles,
        issuer=issuer_lines(term=term, issuer=leader),
        issuer_code=issuer_code,
    )
    document = document_create(
        kind=COVENANT_KIND,
        title=covenant_title(covenant, term),
        template_name=COVENANT_TEMPLATE,
        data=data,
        created_by=actor,
    )
    covenant.status, covenant.locked_at, covenant.document = Status.LOCKED, now, document
    covenant.save(update_fields=["status", "locked_at", "document"])


def covenant_unsign(*, actor, covenant: Covenant, unit: Unit) -> None:
    """Withdraw a unit's signature before the covenant is locked (not after).

    Who: the unit's own staff. Side effects: the signature deleted; with no signature left the covenant is a
    draft again (its text may then change); audited.
    """
    if actor is not None and not can_sign_for(actor, unit):
        raise PermissionDenied(_("Chỉ cán bộ của %(unit)s được rút chữ ký của đơn vị.") % {"unit": unit})
    with transaction.atomic(), acting_as(actor):
        locked = Covenant.objects.select_for_update().get(pk=covenant.pk)
        if locked.status == Status.LOCKED:
            raise ValidationError(_("Giao ước đã khóa: không thể rút chữ ký."))
        signature = locked.signatures.filter(unit=unit).first()
        if signature is None:
            raise ValidationError(_("%(unit)s chưa ký giao ước này.") % {"unit": unit})
        signature.delete()
        if not locked.signatures.exists():
            locked.status = Status.DRAFT
            locked.save(update_fields=["status"])
    covenant.status = locked.status


def covenant_document_retry(*, actor, covenant: Covenant) -> RenderedDocument:
    """Queue the covenant PDF's rendering again after a failure. Who: as for drafting. Side effects: see
    document_retry; audited."""
    _check_draft(actor, covenant.term)
    if not covenant.document_id:
        raise ValidationError(_("Giao ước chưa được ký đủ nên chưa có văn bản."))
    document = RenderedDocument.objects.get(pk=covenant.document_id)
    return document_retry(document=document, actor=actor)
