"""Writes for decisions (Quyết định, QĐ): drafting an award decision from approved nominations or an appointment
decision from a cluster term, issuing it (its number and its PDF), correcting it before signature, marking it
signed (award history, nominations decided, the term's deciding act) and replacing a signed one by a correction.

Each service checks who may act (the board; `actor=None` is the system: demo data, commands), validates, owns its
transaction and is audited (django-auditlog, thidua.core.audit). Bad input raises ValidationError with a
Vietnamese message and leaves nothing half-saved.

Numbers. A decision takes the next number of its issuer's QĐ series for the year of its date when it is issued,
inside the transaction that stores it: two decisions issued at the same moment wait for each other on the series
row and never share a number; if the issue fails and rolls back, the number is rolled back with it and was never
given to any decision, so the next issue takes it (the series has no gap). A number a stored decision carries is
never handed out again.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as, log_bulk_created, log_bulk_updated
from thidua.core.vietnamese import sort_key
from thidua.documents.formatting import document_number_format
from thidua.documents.models import RenderedDocument, SignedDocumentError, TypeCode
from thidua.documents.services import (
    document_create,
    document_mark_signed,
    document_retry,
    document_update,
    number_allocate,
)
from thidua.org.models import ClusterMembership, ClusterTerm, Unit
from thidua.org.permissions import scope_for
from thidua.org.services import cluster_term_save
from thidua.titles.models import Title

from ..documents import (
    APPOINTMENT_KIND,
    AWARD_KIND,
    DECISION_TEMPLATE,
    DEFAULT_PLACE,
    DEFAULT_RECIPIENTS,
    DEFAULT_SIGNER_AUTHORITY,
    DEFAULT_SIGNER_POSITION,
    DecisionText,
    Line,
    appointment_subject_default,
    award_subject_default,
    corrects_of,
    decision_data,
    decision_title,
    legal_bases_default,
)
from ..models import Award, Decision, DecisionItem, Nomination, NominationEvent

D = Decision.Status
# The fields of a decision's text that the board may change before signature (the number and its series, the
# kind, the title or term and the year are fixed once drafted).
TEXT_FIELDS = (
    "place",
    "date",
    "subject",
    "legal_bases",
    "proposal",
    "closing_articles",
    "recipients",
    "signer_authority",
    "signer_position",
    "signer_name",
    "issuer_parent",
    "issuer_name",
)
CONCURRENT = _("Quyết định vừa được thay đổi bởi một thao tác khác; vui lòng tải lại trang và thử lại.")


def _check_board(actor) -> None:
    if actor is not None and not scope_for(actor).is_board:
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được soạn, ban hành và ký quyết định."))


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _text(value: str | Sequence[str] | None) -> str:
    """A multi-line field from a text or a list of lines: one line each, white space collapsed, empties dropped."""
    if value is None:
        return ""
    items = value.splitlines() if isinstance(value, str) else list(value)
    return "\n".join(" ".join(str(line).split()) for line in items if str(line).strip())


def _one_line(value: str | None) -> str:
    return " ".join((value or "").split())


# Validation --------------------------------------------------------------------------------------------------


def _clean_text(decision: Decision) -> None:
    """Normalise and check the printed fields of a decision; raise every problem at once."""
    for name in ("place", "subject", "proposal", "signer_authority", "signer_position", "signer_name"):
        setattr(decision, name, _one_line(getattr(decision, name)))
    for name in ("issuer_code", "issuer_name", "issuer_parent"):
        setattr(decision, name, _one_line(getattr(decision, name)))
    for name in ("legal_bases", "closing_articles", "recipients"):
        setattr(decision, name, _text(getattr(decision, name)))
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not decision.place:
        add("place", _("Vui lòng nhập địa danh ban hành."))
    if not isinstance(decision.date, datetime.date):
        add("date", _("Vui lòng nhập ngày ban hành."))
    elif decision.year and 1945 <= decision.year <= 2100:
        earliest = decision.year - 1 if decision.kind == Decision.Kind.APPOINTMENT else decision.year
        if decision.date.year < earliest:
            add(
                "date",
                _("Ngày ban hành %(date)s trước năm thi đua %(year)s.")
                % {"date": decision.date.strftime("%d/%m/%Y"), "year": decision.year},
            )
        elif not 1945 <= decision.date.year <= 2100:
            add("date", _("Ngày ban hành không hợp lệ."))
    if not decision.year or not 1945 <= decision.year <= 2100:
        add("year", _("Năm thi đua không hợp lệ."))
    if not decision.subject:
        add("subject", _("Vui lòng nhập trích yếu của quyết định."))
    if not decision.legal_bases:
        add("legal_bases", _("Vui lòng nhập ít nhất một căn cứ ban hành."))
    if not decision.recipients:
        add("recipients", _("Vui lòng nhập ít nhất một nơi nhận."))
    if not decision.signer_position:
        add("signer_position", _("Vui lòng nhập chức vụ người ký."))
    if not decision.signer_name:
        add("signer_name", _("Vui lòng nhập họ tên người ký."))
    if not decision.issuer_name:
        add("issuer_name", _("Vui lòng nhập tên cơ quan ban hành."))
    if not decision.issuer_code:
        add("issuer_code", _("Vui lòng nhập mã cơ quan ban hành (ví dụ: BTP)."))
    elif any(ch in decision.issuer_code for ch in " /"):
        add("issuer_code", _("Mã cơ quan ban hành không được chứa dấu cách hoặc dấu “/”."))
    if not errors:
        try:
            # Lengths and the like, with Django's own messages; our rules above come first.
            decision.full_clean(
                exclude=["title", "term", "corrects", "document", "created_by", "issued_by", "signed_by"],
                validate_unique=False,
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def _nomination_problems(decision: Decision, nominations: list[Nomination]) -> list[str]:
    problems = []
    if not nominations:
        return [_("Vui lòng chọn ít nhất một hồ sơ đã được đề nghị ra quyết định.")]
    taken = {
        item.nomination_id: item.decision
        for item in DecisionItem.objects.filter(nomination__in=nominations)
        .exclude(decision_id=decision.pk)
        .select_related("decision")
    }
    for nomination in nominations:
        if nomination.title_id != decision.title_id or nomination.year != decision.year:
            problems.append(
                _("Hồ sơ «%(name)s» đề nghị danh hiệu khác hoặc năm khác (%(year)s), không thuộc quyết định này.")
                % {"name": nomination.candidate_name, "year": nomination.year}
            )
        elif nomination.status != Nomination.Status.APPROVED:
            problems.append(
                _(
                    "Hồ sơ «%(name)s» đang ở trạng thái «%(status)s»: chỉ hồ sơ «%(approved)s» mới được đưa vào "
                    "quyết định."
                )
                % {
                    "name": nomination.candidate_name,
                    "status": nomination.get_status_display(),
                    "approved": Nomination.Status.APPROVED.label,
                }
            )
        elif nomination.pk in taken:
            problems.append(
                _("Hồ sơ «%(name)s» đã có trong quyết định «%(decision)s».")
                % {"name": nomination.candidate_name, "decision": taken[nomination.pk]}
            )
    return problems


def _person_order(nomination: Nomination) -> tuple:
    given = nomination.candidate_name.rsplit(" ", 1)[-1]
    return (sort_key(nomination.unit_name), sort_key(given), sort_key(nomination.candidate_name), nomination.pk)


def _items_from(decision: Decision, nominations: list[Nomination]) -> list[DecisionItem]:
    """The decision's lines for the nominations: collectives by name; people by unit, then given name."""
    collective = decision.title.subject == Title.Subject.COLLECTIVE
    if collective:
        ordered = sorted(nominations, key=lambda n: (sort_key(n.candidate_name), n.pk))
    else:
        ordered = sorted(nominations, key=_person_order)
    return [
        DecisionItem(
            decision=decision,
            order=index,
            nomination=nomination,
            person_id=nomination.person_id,
            unit_id=nomination.unit_id,
            name=nomination.candidate_name,
            position=nomination.position,
            unit_name=nomination.unit_name,
        )
        for index, nomination in enumerate(ordered, 1)
    ]


def _store_items(items: list[DecisionItem], *, actor) -> None:
    created = DecisionItem.objects.bulk_create(items)
    log_bulk_created(created, actor=actor)


def _locked_nominations(nominations: Iterable[Nomination]) -> list[Nomination]:
    ids = sorted({n.pk for n in nominations})
    return list(Nomination.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


# Drafting ----------------------------------------------------------------------------------------------------


def decision_draft_award(
    *,
    actor,
    title: Title,
    year: int,
    nominations: Iterable[Nomination],
    date: datetime.date,
    signer_name: str,
    signer_authority: str = DEFAULT_SIGNER_AUTHORITY,
    signer_position: str = DEFAULT_SIGNER_POSITION,
    place: str = DEFAULT_PLACE,
    subject: str = "",
    legal_bases: str | Sequence[str] = "",
    proposal: str | None = None,
    closing_articles: str | Sequence[str] = "",
    recipients: str | Sequence[str] = "",
    issuer_code: str = "BTP",
    issuer_name: str = "Bộ Tư pháp",
    issuer_parent: str = "",
) -> Decision:
    """Draft a decision awarding `title` for `year` to the given approved nominations (one line each).

    Rules: the board only; every nomination is of that title and year, approved ("Được đề nghị ra quyết định")
    and in no other decision. Left empty, the subject, legal bases (by the decision's date, see
    awards.documents.LEGAL_ERAS), recipients and the proposal line take the defaults. Side effects: a DRAFT
    decision and its lines (one per nomination, people by unit then given name, collectives by name); audited.
    """
    _check_board(actor)
    nominations = list(nominations)
    decision = Decision(
        kind=Decision.Kind.AWARD,
        status=D.DRAFT,
        year=year,
        title=title,
        issuer_code=issuer_code,
        issuer_name=issuer_name,
        issuer_parent=issuer_parent,
        place=place,
        date=date,
        subject=subject or (award_subject_default(title, year) if title and year else ""),
        legal_bases=_text(legal_bases) or (_text(legal_bases_default(date)) if isinstance(date, datetime.date) else ""),
        closing_articles=_text(closing_articles),
        recipients=_text(recipients) or _text(DEFAULT_RECIPIENTS),
        signer_authority=signer_authority,
        signer_position=signer_position,
        signer_name=signer_name,
        created_by=_user(actor),
    )
    if proposal is not None:
        decision.proposal = proposal
    if title is None:
        raise ValidationError({"title": _("Vui lòng chọn danh hiệu, hình thức khen thưởng.")})
    _clean_text(decision)
    try:
        with transaction.atomic(), acting_as(actor):
            locked = _locked_nominations(nominations)
            problems = _nomination_problems(decision, locked)
            if problems:
                raise ValidationError({"nominations": problems})
            decision.save()
            _store_items(_items_from(decision, locked), actor=actor)
    except IntegrityError as exc:
        # A nomination taken by another draft at the same moment (one decision line per nomination).
        raise ValidationError({"nominations": [CONCURRENT]}) from exc
    return decision


def _appointment_items(decision: Decision, term: ClusterTerm) -> list[DecisionItem]:
    memberships = list(
        ClusterMembership.objects.filter(
            term=term, role__in=[ClusterMembership.Role.LEADER, ClusterMembership.Role.DEPUTY]
        ).select_related("unit")
    )
    leaders = [m for m in memberships if m.role == ClusterMembership.Role.LEADER]
    deputies = sorted(
        (m for m in memberships if m.role == ClusterMembership.Role.DEPUTY), key=lambda m: sort_key(m.unit.name)
    )
    if not leaders:
        raise ValidationError(
            {"term": _("%(term)s chưa có đơn vị Cụm trưởng: hãy chọn Cụm trưởng, Cụm phó trước.") % {"term": term}}
        )
    return [
        DecisionItem(decision=decision, order=index, unit=m.unit, name=m.unit.name, role=m.role)
        for index, m in enumerate([*leaders, *deputies], 1)
    ]


def _live_appointment(term: ClusterTerm, *, exclude: int | None = None) -> Decision | None:
    """The term's appointment decision that is in force or on its way (not replaced by a signed correction)."""
    decisions = Decision.objects.filter(kind=Decision.Kind.APPOINTMENT, term=term).exclude(corrections__status=D.SIGNED)
    if exclude:
        decisions = decisions.exclude(pk=exclude)
    return decisions.order_by("-pk").first()


def decision_draft_appointment(
    *,
    actor,
    term: ClusterTerm,
    date: datetime.date,
    signer_name: str,
    signer_authority: str = DEFAULT_SIGNER_AUTHORITY,
    signer_position: str = DEFAULT_SIGNER_POSITION,
    place: str = DEFAULT_PLACE,
    subject: str = "",
    legal_bases: str | Sequence[str] = "",
    proposal: str | None = None,
    closing_articles: str | Sequence[str] = "",
    recipients: str | Sequence[str] = "",
    issuer_code: str = "BTP",
    issuer_name: str = "Bộ Tư pháp",
    issuer_parent: str = "",
) -> Decision:
    """Draft the decision appointing a cluster term's leader and deputies (its leader and deputy memberships).

    Rules: the board only; the term has a leader; the term has no other appointment decision in force or under
    way (change one by correcting it). Side effects: a DRAFT decision with one line per appointed unit (the
    leader, then the deputies by name); audited. On signing, the term records its number and date.
    """
    _check_board(actor)
    deputies_exist = term.memberships.filter(role=ClusterMembership.Role.DEPUTY).exists()
    decision = Decision(
        kind=Decision.Kind.APPOINTMENT,
        status=D.DRAFT,
        year=term.year,
        term=term,
        issuer_code=issuer_code,
        issuer_name=issuer_name,
        issuer_parent=issuer_parent,
        place=place,
        date=date,
        subject=subject or appointment_subject_default(term, with_deputies=deputies_exist),
        legal_bases=_text(legal_bases) or (_text(legal_bases_default(date)) if isinstance(date, datetime.date) else ""),
        closing_articles=_text(closing_articles),
        recipients=_text(recipients) or _text(DEFAULT_RECIPIENTS),
        signer_authority=signer_authority,
        signer_position=signer_position,
        signer_name=signer_name,
        created_by=_user(actor),
    )
    if proposal is not None:
        decision.proposal = proposal
    _clean_text(decision)
    with transaction.atomic(), acting_as(actor):
        ClusterTerm.objects.select_for_update().get(pk=term.pk)
        existing = _live_appointment(term)
        if existing is not None:
            raise ValidationError(
                {
                    "term": _("%(term)s đã có quyết định cử Cụm trưởng «%(decision)s»; muốn thay đổi, hãy đính chính.")
                    % {"term": term, "decision": existing}
                }
            )
        decision.save()
        _store_items(_appointment_items(decision, term), actor=actor)
    return decision


def decision_update(*, actor, decision: Decision, nominations: Iterable[Nomination] | None = None) -> Decision:
    """Save the changes made to a draft's text (the fields of TEXT_FIELDS, set on `decision` by the caller) and,
    for an award decision, replace its nominations when `nominations` is given.

    Rules: the board only; drafts only (an issued decision is corrected with decision_rerender, a signed one by
    decision_correct); the rules of decision_draft_award. Side effects: the decision saved; its lines rebuilt
    when the nominations change; audited.
    """
    _check_board(actor)
    if decision.pk is None:
        raise ValueError("decision_update needs a stored decision")
    try:
        with transaction.atomic(), acting_as(actor):
            stored = (
                Decision.objects.select_for_update(of=("self",))
                .select_related("title", "term__cluster")
                .get(pk=decision.pk)
            )
            if stored.status != D.DRAFT:
                raise ValidationError(
                    _("Quyết định %(decision)s đã cấp số: không sửa như dự thảo được.") % {"decision": stored}
                )
            for name in TEXT_FIELDS:
                setattr(stored, name, getattr(decision, name))
            _clean_text(stored)
            stored.save()
            if nominations is not None and stored.kind == Decision.Kind.AWARD:
                locked = _locked_nominations(nominations)
                problems = _nomination_problems(stored, locked)
                if problems:
                    raise ValidationError({"nominations": problems})
                kept = {n.pk for n in locked}
                current = {i.nomination_id for i in stored.items.all()}
                if kept != current:
                    stored.items.all().delete()
                    _store_items(_items_from(stored, locked), actor=actor)
    except IntegrityError as exc:
        raise ValidationError({"nominations": [CONCURRENT]}) from exc
    for name in TEXT_FIELDS:
        setattr(decision, name, getattr(stored, name))
    return stored


def decision_items_update(
    *, actor, decision: Decision, changes: Iterable[DecisionItem] = (), removed: Iterable[DecisionItem] = ()
) -> Decision:
    """Correct the printed text of a draft's lines (order, name, position, unit) or take lines out of it.

    Who a line is for (person, unit, nomination, role) is not changed here: that comes from the nominations or
    the term. Rules: the board only; drafts only; at least one line stays. Side effects: the lines saved or
    deleted (a removed line frees its nomination for another decision); audited.
    """
    _check_board(actor)
    changes, removed = list(changes), list(removed)
    with transaction.atomic(), acting_as(actor):
        stored = Decision.objects.select_for_update().get(pk=decision.pk)
        if stored.status != D.DRAFT:
            raise ValidationError(_("Quyết định đã cấp số: không sửa các dòng được."))
        lines = {item.pk: item for item in stored.items.all()}
        removed_ids = {item.pk for item in removed if item.pk in lines}
        if removed_ids and removed_ids >= set(lines):
            raise ValidationError(_("Quyết định phải còn ít nhất một dòng."))
        for item in changes:
            line = lines.get(item.pk)
            if line is None or item.pk in removed_ids:
                continue
            name = _one_line(item.name)
            if not name:
                raise ValidationError({"name": _("Tên trên quyết định không được để trống.")})
            new = (item.order, name, _one_line(item.position), _one_line(item.unit_name))
            if new != (line.order, line.name, line.position, line.unit_name):
                line.order, line.name, line.position, line.unit_name = new
                line.full_clean(exclude=["decision", "nomination", "person", "unit"], validate_unique=False)
                line.save()
        for pk in sorted(removed_ids):
            lines[pk].delete()
    return stored


def decision_delete(*, actor, decision: Decision) -> None:
    """Delete a draft (an issued decision keeps its number). Side effects: the draft and its lines deleted, their
    nominations free for another decision; audited."""
    _check_board(actor)
    with transaction.atomic(), acting_as(actor):
        stored = Decision.objects.select_for_update().get(pk=decision.pk)
        if stored.status != D.DRAFT:
            raise ValidationError(
                _("Quyết định %(decision)s đã cấp số: không xóa được; nếu sai, hãy đính chính.") % {"decision": stored}
            )
        stored.delete()


# Issuing and rendering ---------------------------------------------------------------------------------------


def _lines_of(items: Sequence[DecisionItem]) -> list[Line]:
    return [
        Line(
            name=item.name,
            position=item.position,
            unit_name=item.unit_name,
            role=item.role,
            is_person=item.person_id is not None,
        )
        for item in items
    ]


def frozen_data(decision: Decision, items: Sequence[DecisionItem]) -> dict:
    """The decision's document data, as decision_data builds it from the row, its lines and what it corrects."""
    return decision_data(
        text=DecisionText.of(decision),
        items=_lines_of(items),
        title=decision.title,
        term=decision.term,
        corrects=corrects_of(decision.corrects) if decision.corrects_id else None,
    )


def _loaded(pk: int) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",)).select_related("title", "term__cluster", "corrects").get(pk=pk)
    )


def _check_issuable(decision: Decision, items: list[DecisionItem]) -> None:
    if not items:
        raise ValidationError(_("Quyết định chưa có dòng nào: chưa cấp số được."))
    if decision.kind == Decision.Kind.AWARD:
        subject = decision.title.subject
        wrong = [i.name for i in items if (i.person_id is None) == (subject == Title.Subject.INDIVIDUAL)]
        if wrong:
            kind = _("cá nhân") if subject == Title.Subject.INDIVIDUAL else _("tập thể")
            raise ValidationError(
                _("Danh hiệu «%(title)s» dành cho %(kind)s: không tặng được cho %(names)s.")
                % {"title": decision.title, "kind": kind, "names": ", ".join(wrong)}
            )
        nominations = _locked_nominations(Nomination(pk=i.nomination_id) for i in items if i.nomination_id)
        not_approved = [n.candidate_name for n in nominations if n.status != Nomination.Status.APPROVED]
        if not_approved:
            raise ValidationError(
                _("Hồ sơ của %(names)s không còn ở trạng thái «%(approved)s»: hãy bỏ khỏi quyết định rồi cấp số.")
                % {"names": ", ".join(not_approved), "approved": Nomination.Status.APPROVED.label}
            )
    else:
        leaders = [i for i in items if i.role == DecisionItem.Role.LEADER]
        if len(leaders) != 1:
            raise ValidationError(_("Quyết định cử Cụm trưởng phải có đúng một đơn vị Cụm trưởng."))
    if decision.corrects_id:
        _check_correctable(decision.corrects, exclude=decision.pk)


def decision_issue(*, actor, decision: Decision) -> Decision:
    """Give a draft its number and freeze its text into a PDF to be rendered: "Số: 05/QĐ-BTP".

    The number is the next of the issuer's QĐ series for the year of the decision's date, taken in this
    transaction (see the module's docstring). Rules: the board only; a draft with at least one line; an award
    decision's nominations still approved and its lines of the title's kind (people or collectives); an
    appointment decision has exactly one leader. Side effects: number, number text and series year; status
    ISSUED with issued_at/by; a RenderedDocument with the frozen data, rendered by the Celery task
    "documents.render" once the transaction commits; audited.
    """
    _check_board(actor)
    try:
        with transaction.atomic(), acting_as(actor):
            locked = _loaded(decision.pk)
            if locked.status != D.DRAFT:
                raise ValidationError(
                    _("Quyết định đã được cấp số %(number)s.") % {"number": locked.number_text or locked.pk}
                )
            _clean_text(locked)
            items = list(locked.items.all())
            _check_issuable(locked, items)
            number = number_allocate(issuer_code=locked.issuer_code, type_code=TypeCode.QD, year=locked.date.year)
            locked.number = number
            locked.series_year = locked.date.year
            locked.number_text = document_number_format(
                number=number, type_code=TypeCode.QD, issuer_code=locked.issuer_code
            )
            locked.status = D.ISSUED
            locked.issued_at = timezone.now()
            locked.issued_by = _user(actor)
            locked.document = document_create(
                kind=APPOINTMENT_KIND if locked.kind == Decision.Kind.APPOINTMENT else AWARD_KIND,
                title=decision_title(number_text=locked.number_text, subject=locked.subject),
                template_name=DECISION_TEMPLATE,
                data=frozen_data(locked, items),
                created_by=actor,
            )
            locked.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Số quyết định vừa cấp đã được dùng cho một quyết định khác; hãy kiểm tra sổ đăng ký số văn bản.")
        ) from exc
    return locked


def decision_rerender(*, actor, decision: Decision) -> Decision:
    """Correct an issued decision's text before it is signed (the fields of TEXT_FIELDS, set on `decision` by the
    caller), keeping its number: the frozen data is rebuilt and the PDF rendered again.

    Rules: the board only; issued and not signed; the date stays in the year of the number's series. Side
    effects: the decision saved; the document's data replaced and its rendering queued (document_update); audited.
    """
    _check_board(actor)
    with transaction.atomic(), acting_as(actor):
        locked = _loaded(decision.pk)
        if locked.status == D.SIGNED:
            raise SignedDocumentError()
        if locked.status != D.ISSUED or not locked.document_id:
            raise ValidationError(_("Quyết định chưa cấp số: hãy sửa dự thảo."))
        for name in TEXT_FIELDS:
            setattr(locked, name, getattr(decision, name))
        _clean_text(locked)
        if locked.date.year != locked.series_year:
            raise ValidationError(
                {
                    "date": _("Số %(number)s thuộc sổ năm %(year)s: ngày ban hành phải trong năm đó.")
                    % {"number": locked.number_text, "year": locked.series_year}
                }
            )
        locked.save()
        document_update(
            document=locked.document,
            data=frozen_data(locked, list(locked.items.all())),
            actor=actor,
            title=decision_title(number_text=locked.number_text, subject=locked.subject),
        )
    return locked


def decision_retry(*, actor, decision: Decision) -> RenderedDocument:
    """Queue the rendering of an issued decision's PDF again, after a failure or a rendering that never finished.
    Side effects: see document_retry; audited."""
    _check_board(actor)
    if not decision.document_id:
        raise ValidationError(_("Quyết định chưa cấp số: chưa có văn bản để dựng."))
    document = RenderedDocument.objects.get(pk=decision.document_id)
    return document_retry(document=document, actor=actor)


# Signing -----------------------------------------------------------------------------------------------------


def _subject_key(obj) -> tuple[str, int]:
    return ("person", obj.person_id) if obj.person_id else ("unit", obj.unit_id)


def _record_awards(decision: Decision, items: list[DecisionItem], *, actor) -> None:
    """The award history of a signed award decision: one Award per line. A correction takes over the awards of
    the decision it replaces (the same person or unit) and withdraws those of people it no longer names."""
    replaced = {}
    if decision.corrects_id:
        replaced = {_subject_key(a): a for a in Award.objects.filter(decision_id=decision.corrects_id)}
    wanted = {_subject_key(item): item for item in items}
    people = [key[1] for key in wanted if key[0] == "person" and key not in replaced]
    units = [key[1] for key in wanted if key[0] == "unit" and key not in replaced]
    holders = Award.objects.filter(title=decision.title, year=decision.year)
    already = list(holders.filter(person_id__in=people)) + list(holders.filter(unit_id__in=units))
    if already:
        raise ValidationError(
            _("Sổ theo dõi khen thưởng đã ghi %(title)s năm %(year)s cho: %(names)s. Hãy kiểm tra trước khi ký.")
            % {
                "title": decision.title,
                "year": decision.year,
                "names": ", ".join(sorted((a.recipient_name for a in already), key=sort_key)),
            }
        )
    copied = {
        "decision": decision,
        "decision_number": decision.number_text,
        "decision_date": decision.date,
        "decision_issuer": decision.issuer_name,
    }
    for key, award in replaced.items():
        item = wanted.get(key)
        if item is None:
            award.delete()
            continue
        for name, value in {**copied, "recipient_name": item.name, "unit_name": item.unit_name}.items():
            setattr(award, name, value)
        award.save()
    new = [
        Award(
            title=decision.title,
            year=decision.year,
            person_id=item.person_id,
            unit_id=item.unit_id,
            recipient_name=item.name,
            unit_name=item.unit_name,
            source=Award.Source.DECISION,
            notes="",
            created_by=_user(actor),
            **copied,
        )
        for key, item in wanted.items()
        if key not in replaced
    ]
    created = Award.objects.bulk_create(new)
    log_bulk_created(created, actor=actor, note=decision.number_text)


def _decide_nominations(decision: Decision, items: list[DecisionItem], *, actor) -> None:
    """Approved nominations of the lines → DECIDED, each with its history step naming the decision.

    One UPDATE and one INSERT of history steps whatever the number of lines: the NominationEvent rows are the
    nominations' own record of who moved them, when and why."""
    ids = [i.nomination_id for i in items if i.nomination_id]
    if not ids:
        return
    now = timezone.now()
    nominations = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=ids, status=Nomination.Status.APPROVED)
        .order_by("pk")
        .select_related("title")
    )
    moved = [n.pk for n in nominations]
    Nomination.objects.filter(pk__in=moved).update(status=Nomination.Status.DECIDED, updated_at=now)
    # update() sends no signals: the audit trail gets its entries here, as a save() would have written them.
    change = {"status": [Nomination.Status.APPROVED.value, Nomination.Status.DECIDED.value]}
    log_bulk_updated([(n, change) for n in nominations], actor=actor, note=decision.number_text)
    note = _("Quyết định số %(number)s ngày %(date)s") % {
        "number": decision.number_text,
        "date": decision.date.strftime("%d/%m/%Y"),
    }
    NominationEvent.objects.bulk_create(
        NominationEvent(
            nomination_id=pk,
            from_status=Nomination.Status.APPROVED,
            to_status=Nomination.Status.DECIDED,
            note=note,
            actor=_user(actor),
        )
        for pk in moved
    )


def _appoint(decision: Decision, items: list[DecisionItem], *, actor) -> None:
    """The term takes the decision's leader and deputies, its number and its date (thidua.org's cluster_term_save)."""
    term = ClusterTerm.objects.select_for_update().select_related("cluster").get(pk=decision.term_id)
    members = list(Unit.objects.filter(cluster_memberships__term=term).order_by("pk"))
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[i.unit_id for i in items])}
    leader = next(units[i.unit_id] for i in items if i.role == DecisionItem.Role.LEADER)
    deputies = [units[i.unit_id] for i in items if i.role == DecisionItem.Role.DEPUTY]
    member_ids = {u.pk for u in members}
    members += [u for u in [leader, *deputies] if u.pk not in member_ids]
    term.decision_number = decision.number_text
    term.decision_date = decision.date
    cluster_term_save(actor=actor, term=term, members=members, leader=leader, deputies=deputies)


def decision_sign(*, actor, decision: Decision) -> Decision:
    """Record that an issued decision was signed: from then on it and its PDF never change.

    Rules: the board only; issued, with its PDF rendered (and its file matching its SHA-256); a correction only
    while the decision it replaces is not replaced yet. Side effects, all in one transaction: the document marked
    signed; status SIGNED, signed_at/by. Award decision: one Award per line (source "decision", with the
    decision's number, date and issuer), bulk-created and audited, a correction taking over (or withdrawing) the
    awards of the decision it replaces; the lines' approved nominations → DECIDED with a history step.
    Appointment decision: the term's leader and deputies set as the decision says, with its number and date.
    """
    _check_board(actor)
    with transaction.atomic(), acting_as(actor):
        locked = _loaded(decision.pk)
        if locked.status == D.SIGNED:
            raise ValidationError(_("Quyết định %(number)s đã được ký.") % {"number": locked.number_text})
        if locked.status != D.ISSUED or not locked.document_id:
            raise ValidationError(_("Quyết định chưa cấp số: chưa ký được."))
        if locked.corrects_id:
            _check_correctable(locked.corrects, exclude=locked.pk)
        document = document_mark_signed(document=locked.document, actor=actor)
        locked.document = document
        locked.status = D.SIGNED
        locked.signed_at = document.signed_at
        locked.signed_by = _user(actor)
        locked.save()
        items = list(locked.items.all())
        if locked.kind == Decision.Kind.AWARD:
            _record_awards(locked, items, actor=actor)
            _decide_nominations(locked, items, actor=actor)
        else:
            _appoint(locked, items, actor=actor)
    return locked


# Corrections -------------------------------------------------------------------------------------------------


def _check_correctable(decision: Decision, *, exclude: int | None = None) -> None:
    if decision.status != D.SIGNED:
        raise ValidationError(
            _("Chỉ đính chính quyết định đã ký; quyết định chưa ký thì sửa trực tiếp rồi dựng lại văn bản.")
        )
    others = decision.corrections.all()
    if exclude:
        others = others.exclude(pk=exclude)
    signed = others.filter(status=D.SIGNED).first()
    if signed is not None:
        raise ValidationError(
            _("Quyết định %(old)s đã được thay thế bởi Quyết định %(new)s: hãy đính chính quyết định thay thế.")
            % {"old": decision.number_text, "new": signed.number_text}
        )
    pending = others.first()
    if pending is not None:
        raise ValidationError(
            _("Quyết định %(old)s đang có quyết định thay thế chưa ký: %(new)s.")
            % {"old": decision.number_text, "new": pending}
        )


def decision_correct(*, actor, decision: Decision, date: datetime.date | None = None) -> Decision:
    """Start the correction of a signed decision: a new DRAFT decision that replaces it, with the same kind, title
    or term, year, text and lines; the old one stays signed and unchanged, with its PDF.

    The new lines are copies without their nominations (a nomination belongs to the line of the decision that
    decided it). The closing articles go back to the defaults, which say that the new decision replaces the old
    one. The board then edits the draft, issues it (a new number) and signs it: see decision_sign for what the
    signature does to the award history and to the term. Rules: the board only; the decision is signed and not
    already replaced, nor being replaced. Side effects: the new draft and its lines; audited.
    """
    _check_board(actor)
    with transaction.atomic(), acting_as(actor):
        old = _loaded(decision.pk)
        _check_correctable(old)
        new = Decision(
            kind=old.kind,
            status=D.DRAFT,
            year=old.year,
            title=old.title,
            term=old.term,
            corrects=old,
            created_by=_user(actor),
            date=date or timezone.localdate(),
            closing_articles="",
            **{name: getattr(old, name) for name in TEXT_FIELDS if name not in ("date", "closing_articles")},
            issuer_code=old.issuer_code,
        )
        _clean_text(new)
        new.save()
        _store_items(
            [
                DecisionItem(
                    decision=new,
                    order=item.order,
                    person_id=item.person_id,
                    unit_id=item.unit_id,
                    name=item.name,
                    position=item.position,
                    unit_name=item.unit_name,
                    role=item.role,
                )
                for item in old.items.all()
            ],
            actor=actor,
        )
    return new
