"""Portal views for movements and their launch plan: a permission helper, a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.paging import paginate
from thidua.documents.models import RenderedDocument
from thidua.documents.pages import WORKING, is_stale, pdf_response, status_response
from thidua.org.forms import add_service_errors
from thidua.org.permissions import scope_for
from thidua.org.selectors import emulation_year

from ..documents import PlanInputs, plan_defaults
from ..forms.movements import MovementForm, PlanIssueForm
from ..models import Movement
from ..selectors import movements as selectors
from ..services import movements as services

SECTION_PAGE_SIZE = 20


# Helpers shared by the campaigns views of this area (covenants, exemplary models) -------------------------


def int_param(request, name: str) -> int | None:
    """A positive integer from the query string; anything else counts as absent."""
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 10**9 else None


def year_param(request) -> int:
    """The year asked for, or the portal's current emulation year."""
    year = int_param(request, "year")
    return year if year and 1945 <= year <= 2100 else emulation_year()


def _document_without_data(pk: int | None) -> RenderedDocument | None:
    return RenderedDocument.objects.defer("data").filter(pk=pk).first() if pk else None


# Movements -----------------------------------------------------------------------------------------------


@login_required
@require_GET
def movement_list(request):
    year = year_param(request)
    kind = request.GET.get("kind", "")
    if kind not in Movement.Kind.values:
        kind = ""
    launched_by = request.GET.get("launched_by", "")
    if launched_by != selectors.MINISTRY and not launched_by.isdigit():
        launched_by = ""
    page = paginate(request, selectors.movement_list(year=year, kind=kind, launched_by=launched_by))
    years = sorted({year, emulation_year(), *selectors.movement_years()}, reverse=True)
    return render(
        request,
        "campaigns/movements/list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "kind": kind,
            "kinds": Movement.Kind.choices,
            "launched_by": launched_by,
            "launchers": selectors.launching_terms(year),
            "can_create": selectors.may_launch_any(request.user),
        },
    )


def _movement_form(request, *, instance: Movement | None, year: int):
    is_board = scope_for(request.user).is_board
    terms = selectors.launchable_terms(request.user)
    initial = {"year": year} if instance is None else None
    return MovementForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        initial=initial,
        terms=terms,
        ministry_allowed=is_board,
        year=year,
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request):
    if not selectors.may_launch_any(request.user):
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng hoặc đơn vị Cụm trưởng được phát động phong trào."))
    form = _movement_form(request, instance=None, year=year_param(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movement = services.movement_create(
                actor=request.user,
                year=data["year"],
                name=data["name"],
                kind=data["kind"],
                goals=data["goals"],
                content=data["content"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                launched_by_term=data["launched_by_term"],
                participants=data["participants"],
                participant_terms=data["participant_terms"],
                participant_units=data["participant_units"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã phát động phong trào «%(name)s».") % {"name": movement.name})
            return redirect("movement_detail", pk=movement.pk)
    return render(request, "campaigns/movements/form.html", {"form": form, "movement": None})


@login_required
@require_http_methods(["GET", "POST"])
def movement_edit(request, pk: int):
    movement = selectors.get_movement_for_user(request.user, pk, write=True)
    form = _movement_form(request, instance=movement, year=movement.year)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changed = form.save(commit=False)
        try:
            services.movement_update(
                actor=request.user,
                movement=changed,
                participant_terms=data["participant_terms"],
                participant_units=data["participant_units"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu phong trào «%(name)s».") % {"name": changed.name})
            return redirect("movement_detail", pk=movement.pk)
    return render(request, "campaigns/movements/form.html", {"form": form, "movement": movement})


@login_required
@require_GET
def movement_detail(request, pk: int):
    movement = selectors.get_movement_for_user(request.user, pk)
    participants = paginate(request, selectors.movement_participating_units(movement), param="unit_page")
    document = _document_without_data(movement.plan_document_id)
    return render(
        request,
        "campaigns/movements/detail.html",
        {
            "movement": movement,
            "participants": participants,
            "participant_terms": list(movement.participant_terms.select_related("cluster"))
            if movement.participants == Movement.Participants.CLUSTERS
            else [],
            "document": document,
            "working": document is not None and document.status in WORKING,
            "stale": is_stale(document),
            "can_edit": selectors.can_edit_movement(request.user, movement),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_plan_issue(request, pk: int):
    movement = selectors.get_movement_for_user(request.user, pk, write=True)
    document = RenderedDocument.objects.filter(pk=movement.plan_document_id).first()
    if document is not None and document.is_signed:
        raise PermissionDenied(_("Kế hoạch đã ký: không thể ban hành lại."))
    defaults = PlanInputs.from_data(document.data) if document else plan_defaults(movement)
    form = PlanIssueForm(request.POST or None, initial=PlanIssueForm.initial_from(defaults))
    if request.method == "POST" and form.is_valid():
        try:
            services.movement_plan_issue(actor=request.user, movement=movement, inputs=form.inputs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ban hành Kế hoạch số %(number)s; văn bản PDF đang được dựng.") % {"number": movement.plan_number},
            )
            return redirect("movement_detail", pk=movement.pk)
    return render(
        request, "campaigns/movements/plan_form.html", {"form": form, "movement": movement, "document": document}
    )


@login_required
@require_POST
def movement_plan_retry(request, pk: int):
    movement = selectors.get_movement_for_user(request.user, pk, write=True)
    try:
        services.movement_plan_retry(actor=request.user, movement=movement)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã yêu cầu dựng lại văn bản."))
    return redirect("movement_detail", pk=movement.pk)


@login_required
@require_GET
def movement_plan_status(request, pk: int):
    movement = selectors.get_movement_for_user(request.user, pk)
    return status_response(
        _document_without_data(movement.plan_document_id), empty_label=_("Chưa ban hành"), progress=False
    )


@login_required
@require_GET
def movement_plan_download(request, pk: int):
    movement = selectors.get_movement_for_user(request.user, pk)
    document = _document_without_data(movement.plan_document_id)
    return pdf_response(document, f"ke-hoach-{movement.plan_number}")
