"""Portal views for nomination dossiers: the work list (with the board's bulk approval), the create page with its
live eligibility check, a dossier's page with its history, eligibility, attachments and the actions of each role.
Thin: a permission helper, a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from awards import eligibility as engine
from awards.attachments import MAX_REQUEST_SIZE
from awards.forms.nominations import (
    AttachmentForm,
    BulkForm,
    NominationCreateForm,
    NominationUpdateForm,
    NoteForm,
    OverrideForm,
    ReasonForm,
    add_service_errors,
    parse_candidate,
)
from awards.models import Nomination
from awards.selectors import nominations as selectors
from awards.services import nominations as services
from thidua.core.paging import paginate
from thidua.core.search import vi
from thidua.org.models import Unit
from thidua.org.permissions import get_unit_for_user, scope_for
from thidua.titles.models import Title

Status = Nomination.Status
WRITE, LEAD, BOARD = selectors.WRITE, selectors.LEAD, selectors.BOARD


def _int_param(data, name: str) -> int | None:
    value = str(data.get(name, "")).strip()
    return int(value) if value.isdigit() and 0 < int(value) < 10**9 else None


def _detail_url(nomination: Nomination, anchor: str = "") -> str:
    return reverse("nomination_detail", args=[nomination.pk]) + anchor


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# Eligibility, shown live --------------------------------------------------------------------------------------


def _eligibility_context(user, *, candidate: str, title_id: int | None, year: int | None) -> dict:
    """What the eligibility fragment shows for the chosen candidate, title and year: the engine's answer, or a
    line saying what is still to be chosen. A candidate out of the user's sight is a 404."""
    person_id, unit_id = parse_candidate(candidate)
    title = Title.objects.filter(pk=title_id, is_active=True).first() if title_id else None
    if not (person_id or unit_id) or title is None or year is None or not 1945 <= year <= 2100:
        return {"state": "unknown", "message": _("Chọn cá nhân (tập thể), danh hiệu và năm để xem điều kiện.")}
    who = selectors.visible_candidate(user, person_id=person_id, unit_id=unit_id)
    if person_id and title.subject != Title.Subject.INDIVIDUAL:
        return {
            "state": "no",
            "message": _("«%(title)s» dành cho tập thể, không đề nghị cho cá nhân.") % {"title": title},
        }
    if unit_id and title.subject != Title.Subject.COLLECTIVE:
        return {"state": "no", "message": _("«%(title)s» dành cho cá nhân, cần chọn một cá nhân.") % {"title": title}}
    answer = engine.check(person=who if person_id else None, unit=who if unit_id else None, title=title, year=year)
    # The quota is not the candidate's own condition, but a dossier over it cannot be sent either.
    quota = engine.quota_check(title=title, year=year, adding=1) if engine.quota_for(title=title, year=year) else None
    return {
        "state": "yes" if answer.eligible and (quota is None or quota.met) else "no",
        "eligible": answer.eligible,
        "reasons": answer.as_json()["reasons"],
        "quota": [quota.as_json()] if quota else [],
        "candidate_name": str(who),
        "title": title,
        "year": year,
    }


@login_required
@require_GET
@never_cache
def nomination_eligibility(request):
    """An HTML fragment: the eligibility of the chosen candidate for the chosen title and year, reason by reason
    (✓/✗, the rule, its legal basis). Fetched by static/js/nominations.js when the choice changes."""
    context = _eligibility_context(
        request.user,
        candidate=request.GET.get("candidate", ""),
        title_id=_int_param(request.GET, "title"),
        year=_int_param(request.GET, "year"),
    )
    return render(request, "awards/nominations/_eligibility.html", {"check": context})


# The list and the board's bulk approval -----------------------------------------------------------------------


@login_required
@require_GET
def nomination_list(request):
    """The dossiers the user may see, filtered and searched; the board ticks dossiers to approve them at once."""
    year = _int_param(request.GET, "year")
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    title_id = _int_param(request.GET, "title")
    unit_id = _int_param(request.GET, "unit")
    q = request.GET.get("q", "").strip()[:200]
    page = paginate(
        request,
        selectors.nomination_list(request.user, year=year, status=status, title_id=title_id, unit_id=unit_id, q=q),
    )
    counts = selectors.status_counts(request.user, year=year)
    scope = scope_for(request.user)
    visible = selectors.visible_nominations(request.user)
    return render(
        request,
        "awards/nominations/list.html",
        {
            "page": page,
            "year": year,
            "years": selectors.year_choices(extra=(year,) if year else ()),
            "status": status,
            "statuses": Status.choices,
            "status_stats": [(value, label, counts[value]) for value, label in Status.choices],
            "title_id": title_id,
            "titles": selectors.active_titles(),
            "unit_id": unit_id,
            "units": Unit.objects.filter(pk__in=visible.values("proposing_unit_id")).order_by(vi("name"), "pk"),
            "q": q,
            "filtered": bool(year or status or title_id or unit_id or q),
            "is_board": scope.is_board,
            "can_create": scope.is_board or bool(scope.write_paths),
            "has_bulk": scope.is_board and any(n.status in (Status.BOARD, Status.COUNCIL) for n in page.object_list),
        },
    )


@login_required
@require_POST
def nomination_bulk(request):
    """The board approves the ticked dossiers (board → council) or records the council's approval (council →
    approved): all or none."""
    if not scope_for(request.user).is_board:
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được duyệt hồ sơ."))
    back = request.POST.get("next", "")
    list_url = reverse("nomination_list")
    if not (back.startswith(list_url) and url_has_allowed_host_and_scheme(back, allowed_hosts=None)):
        back = list_url
    form = BulkForm(request.POST, nominations=selectors.visible_nominations(request.user))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    chosen = list(form.cleaned_data["nominations"])
    try:
        if form.cleaned_data["action"] == "approve":
            moved = services.nomination_approve_many(actor=request.user, nominations=chosen)
            messages.success(request, _("Đã duyệt %(count)d hồ sơ, trình Hội đồng xét.") % {"count": len(moved)})
        else:
            moved = services.nomination_council_approve_many(actor=request.user, nominations=chosen)
            messages.success(request, _("Đã ghi nhận Hội đồng đồng ý %(count)d hồ sơ.") % {"count": len(moved)})
    except ValidationError as exc:
        _error(request, exc)
    return redirect(back)


# Creating -----------------------------------------------------------------------------------------------------


def _proposing_unit(request) -> Unit | None:
    """The unit the page proposes for: the one asked for (404/403 through the unit's permission helper), else the
    user's own unit when there is a single obvious one."""
    unit_id = _int_param(request.POST if request.method == "POST" else request.GET, "unit")
    if unit_id:
        return get_unit_for_user(request.user, unit_id, write=True)
    scope = scope_for(request.user)
    if scope.is_board:
        return None
    return selectors.proposable_units(request.user).first()


@login_required
@require_http_methods(["GET", "POST"])
def nomination_create(request):
    """Prepare a dossier: choose the candidate and the title, see at once whether they are eligible and why;
    save it as a draft, or save and send it (refused when ineligible)."""
    scope = scope_for(request.user)
    if not scope.is_board and not scope.write_paths:
        raise PermissionDenied(_("Chỉ cán bộ thi đua của đơn vị và Vụ Thi đua - Khen thưởng được lập hồ sơ đề nghị."))
    proposing_unit = _proposing_unit(request)
    default_year = selectors.current_year()
    if request.method == "POST" and proposing_unit is not None:
        form = NominationCreateForm(request.POST, proposing_unit=proposing_unit)
        if form.is_valid():
            data = form.cleaned_data
            submit = "submit" in request.POST
            try:
                nomination = services.nomination_create(
                    actor=request.user,
                    proposing_unit=proposing_unit,
                    title=data["title"],
                    year=data["year"],
                    person=data["person"],
                    unit=data["unit"],
                    achievements=data["achievements"],
                    submit=submit,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if submit:
                    messages.success(
                        request, _("Đã lập và gửi hồ sơ của %(name)s.") % {"name": nomination.candidate_name}
                    )
                else:
                    messages.success(
                        request, _("Đã lưu dự thảo hồ sơ của %(name)s.") % {"name": nomination.candidate_name}
                    )
                return redirect(_detail_url(nomination))
        status = 400
    else:
        initial = {
            "year": _int_param(request.GET, "year") or default_year,
            "candidate": request.GET.get("candidate", ""),
            "title": _int_param(request.GET, "title"),
        }
        form = NominationCreateForm(initial=initial, proposing_unit=proposing_unit)
        status = 200
    source = form.data if form.is_bound else form.initial
    try:
        check = _eligibility_context(
            request.user,
            candidate=str(source.get("candidate", "") or ""),
            title_id=_int_param(source, "title"),
            year=_int_param(source, "year"),
        )
    except Http404:
        # A candidate out of sight is already refused by the form; the page itself is not a 404.
        check = {"state": "unknown", "message": _("Chọn cá nhân (tập thể), danh hiệu và năm để xem điều kiện.")}
    return render(
        request,
        "awards/nominations/create.html",
        {
            "form": form,
            "proposing_unit": proposing_unit,
            "units": selectors.proposable_units(request.user),
            "check": check,
        },
        status=status,
    )


# A dossier's page -----------------------------------------------------------------------------------------------


def _render_detail(request, nomination: Nomination, *, status: int = 200, **forms):
    user = request.user
    scope = scope_for(user)
    can_write = selectors.may_write(user, nomination)
    editable = nomination.status in selectors.EDITABLE
    frozen = nomination.status in selectors.FROZEN
    blocked = nomination.eligible is not True and not nomination.is_overridden
    context = {
        "nomination": nomination,
        "reasons": (nomination.eligibility or {}).get("reasons", []),
        "events": selectors.nomination_events(nomination),
        "attachments": selectors.nomination_attachments(nomination),
        "leader": selectors.term_leader(nomination.term),
        "can_edit": can_write and editable,
        "can_submit": can_write and editable,
        "submit_blocked": blocked,
        "can_check": not frozen and (scope.is_board or (can_write and editable)),
        "can_forward": nomination.status == Status.CLUSTER and selectors.may_lead(user, nomination),
        "can_return": nomination.status in (Status.CLUSTER, Status.BOARD, Status.COUNCIL)
        and selectors.may_return(user, nomination),
        "can_approve": scope.is_board and nomination.status == Status.BOARD,
        "can_council": scope.is_board and nomination.status == Status.COUNCIL,
        "can_override": scope.is_board and not frozen and nomination.eligible is False and not nomination.is_overridden,
        "update_form": forms.get("update_form")
        or NominationUpdateForm(initial={"position": nomination.position, "achievements": nomination.achievements}),
        "return_form": forms.get("return_form") or ReasonForm(),
        "override_form": forms.get("override_form") or OverrideForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "forward_form": NoteForm(),
    }
    return render(request, "awards/nominations/detail.html", context, status=status)


@login_required
@require_GET
def nomination_detail(request, pk: int):
    return _render_detail(request, selectors.get_nomination_for_user(request.user, pk))


@login_required
@require_POST
def nomination_update(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk, need=WRITE)
    form = NominationUpdateForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_update(
                actor=request.user,
                nomination=nomination,
                achievements=form.cleaned_data["achievements"],
                position=form.cleaned_data["position"],
            )
        except ValidationError as exc:
            _error(request, exc)
        else:
            messages.success(request, _("Đã lưu thông tin hồ sơ."))
        return redirect(_detail_url(nomination))
    return _render_detail(request, nomination, status=400, update_form=form)


@login_required
@require_POST
def nomination_check(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk)
    if not scope_for(request.user).is_board and not selectors.may_write(request.user, nomination):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi hồ sơ đề nghị này."))
    try:
        checked = services.nomination_check(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        _error(request, exc)
    else:
        if checked.eligible:
            messages.success(request, _("Đã xét lại: hồ sơ đủ điều kiện."))
        else:
            messages.warning(request, _("Đã xét lại: hồ sơ chưa đủ điều kiện, xem lý do bên dưới."))
    return redirect(_detail_url(nomination, "#eligibility"))


@login_required
@require_POST
def nomination_submit(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk, need=WRITE)
    try:
        sent = services.nomination_submit(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        _error(request, exc)
    else:
        if sent.status == Status.CLUSTER:
            messages.success(request, _("Đã gửi hồ sơ đến Cụm trưởng %(term)s.") % {"term": sent.term})
        else:
            messages.success(request, _("Đã gửi hồ sơ đến Vụ Thi đua - Khen thưởng."))
    return redirect(_detail_url(nomination))


@login_required
@require_POST
def nomination_forward(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk, need=LEAD)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.nomination_forward(actor=request.user, nomination=nomination, note=note)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã chuyển hồ sơ đến Vụ Thi đua - Khen thưởng."))
    return redirect(_detail_url(nomination))


@login_required
@require_POST
def nomination_return(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk)
    if not selectors.may_return(request.user, nomination):
        raise PermissionDenied(_("Bạn không được trả lại hồ sơ này."))
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_return(actor=request.user, nomination=nomination, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
                return _render_detail(request, nomination, status=400, return_form=form)
            _error(request, exc)
        else:
            messages.success(request, _("Đã trả lại hồ sơ cho %(unit)s.") % {"unit": nomination.proposing_unit.name})
        return redirect(_detail_url(nomination))
    return _render_detail(request, nomination, status=400, return_form=form)


@login_required
@require_POST
def nomination_approve(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk, need=BOARD)
    try:
        services.nomination_approve(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã duyệt hồ sơ, trình Hội đồng xét."))
    return redirect(_detail_url(nomination))


@login_required
@require_POST
def nomination_council_approve(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk, need=BOARD)
    try:
        services.nomination_council_approve(actor=request.user, nomination=nomination)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận Hội đồng đồng ý; hồ sơ chờ ra quyết định."))
    return redirect(_detail_url(nomination))


@login_required
@require_POST
def nomination_override(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk, need=BOARD)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.nomination_override(actor=request.user, nomination=nomination, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
                return _render_detail(request, nomination, status=400, override_form=form)
            _error(request, exc)
        else:
            messages.success(request, _("Đã chấp nhận ngoại lệ cho hồ sơ; lý do được ghi vào hồ sơ."))
        return redirect(_detail_url(nomination))
    return _render_detail(request, nomination, status=400, override_form=form)


# Attachments --------------------------------------------------------------------------------------------------


@csrf_exempt
@login_required
@require_POST
def nomination_attachment_add(request, pk: int):
    """Upload a file to a dossier. A request larger than one file may be is refused from its Content-Length,
    before its body is read (which is why the CSRF check, which reads the body, runs after, in _attachment_add)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_REQUEST_SIZE:
        nomination = selectors.get_nomination_for_user(request.user, pk, need=WRITE)
        messages.error(
            request,
            _("Tệp tải lên quá lớn (%(size)s): tối đa 20 MB mỗi tệp.") % {"size": filesizeformat(length)},
        )
        return redirect(_detail_url(nomination, "#attachments"))
    return _attachment_add(request, pk)


@csrf_protect
def _attachment_add(request, pk: int):
    nomination = selectors.get_nomination_for_user(request.user, pk, need=WRITE)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = services.attachment_add(
                actor=request.user,
                nomination=nomination,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
            else:
                form.add_error("file", exc)
        else:
            messages.success(request, _("Đã tải lên tệp «%(name)s».") % {"name": attachment.original_name})
            return redirect(_detail_url(nomination, "#attachments"))
    return _render_detail(request, nomination, status=400, attachment_form=form)


@login_required
@require_GET
def nomination_attachment_download(request, pk: int):
    """Stream a file to a user who may see its dossier: always as a download, with its checked content type."""
    attachment = selectors.get_attachment_for_user(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("Tệp không còn trong kho lưu trữ.")) from None
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def nomination_attachment_remove(request, pk: int):
    attachment = selectors.get_attachment_for_user(request.user, pk, write=True)
    nomination = attachment.nomination
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as exc:
        _error(request, exc)
    else:
        messages.success(request, _("Đã bỏ tệp «%(name)s».") % {"name": attachment.original_name})
    return redirect(_detail_url(nomination, "#attachments"))
