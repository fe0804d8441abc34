"""Portal views for decisions: the list, a decision's page with its PDF (rendering status polled, download), and
the board's actions (draft, edit, issue, retry, mark signed, correct, delete). Thin: a permission helper, a form,
one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.paging import SECTION_PAGE_SIZE, paginate
from thidua.documents.models import RenderedDocument
from thidua.documents.pages import document_state, pdf_response, status_response
from thidua.org.forms import add_service_errors
from thidua.org.selectors import emulation_year

from ..forms.decisions import AppointmentDecisionForm, AwardDecisionForm, AwardPickForm, DecisionEditForm
from ..models import Decision
from ..selectors import decisions as selectors
from ..services import decisions as services


def _board_only(request) -> None:
    if not selectors.can_manage(request.user):
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được soạn, ban hành và ký quyết định."))


def _int(request, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and 0 < int(value) < 10**9 else None


def _document(decision: Decision) -> RenderedDocument | None:
    return decision.document if decision.document_id else None


def _error(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


# Lists and pages ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def decision_list(request):
    year = _int(request, "year")
    if year and not 1945 <= year <= 2100:
        year = None
    kind = request.GET.get("kind", "")
    kind = kind if kind in Decision.Kind.values else ""
    status = request.GET.get("status", "")
    status = status if status in Decision.Status.values else ""
    page = paginate(request, selectors.decision_list(request.user, year=year, kind=kind, status=status))
    years = sorted({emulation_year(), *selectors.decision_years(request.user)}, reverse=True)
    return render(
        request,
        "awards/decisions/list.html",
        {
            "page": page,
            "year": year,
            "years": years,
            "kind": kind,
            "kinds": Decision.Kind.choices,
            "status": status,
            "statuses": Decision.Status.choices,
            "filtered": bool(year or kind or status),
            "can_manage": selectors.can_manage(request.user),
        },
    )


@login_required
@require_GET
def decision_detail(request, pk: int):
    decision = selectors.get_decision_for_user(request.user, pk)
    document = _document(decision)
    items = paginate(request, selectors.decision_items(decision), SECTION_PAGE_SIZE, param="item_page")
    return render(
        request,
        "awards/decisions/detail.html",
        {
            "decision": decision,
            "items": items,
            **document_state(document),
            "corrections": selectors.corrections_of(decision),
            "can_manage": selectors.can_manage(request.user),
        },
    )


@login_required
@require_GET
def decision_status(request, pk: int):
    """What the page polls while the PDF renders: the status, its label and the step of the progress indicator."""
    decision = selectors.get_decision_for_user(request.user, pk)
    return status_response(_document(decision), empty_label=_("Chưa cấp số"))


@login_required
@require_GET
def decision_download(request, pk: int):
    """The stored PDF, streamed from storage (never a public media URL): for whoever may see the decision (the
    board, viewers, and for a signed decision the units it names and their staff); 404 until it is rendered."""
    decision = selectors.get_decision_for_user(request.user, pk)
    return pdf_response(_document(decision), f"quyet-dinh-{decision.number_text}")


# Drafting ----------------------------------------------------------------------------------------------------


def _initial_text() -> dict:
    return {"date": timezone.localdate()}


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request):
    """An award decision: pick the title and year (GET), then tick the approved nominations and write the text."""
    _board_only(request)
    source = request.POST if request.method == "POST" else request.GET
    pick = AwardPickForm(
        source if {"title", "year"} & set(source) else None, initial={"year": emulation_year()}, auto_id="pick_%s"
    )
    form = None
    if pick.is_bound and pick.is_valid():
        title, year = pick.cleaned_data["title"], pick.cleaned_data["year"]
        nominations = selectors.approved_nominations(title=title, year=year)
        if request.method == "POST":
            form = AwardDecisionForm(request.POST, nominations=nominations)
            if form.is_valid():
                data = form.cleaned_data
                try:
                    decision = services.decision_draft_award(
                        actor=request.user,
                        title=data["title"],
                        year=data["year"],
                        nominations=data["nominations"],
                        **form.text(),
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(
                        request, _("Đã soạn dự thảo quyết định «%(subject)s».") % {"subject": decision.subject}
                    )
                    return redirect("decision_detail", pk=decision.pk)
        else:
            initial = {**_initial_text(), "title": title, "year": year, "nominations": list(nominations)}
            form = AwardDecisionForm(initial=initial, nominations=nominations)
    return render(request, "awards/decisions/create.html", {"pick": pick, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def decision_create_appointment(request):
    _board_only(request)
    terms = selectors.appointable_terms()
    form = AppointmentDecisionForm(request.POST or None, terms=terms, initial=_initial_text())
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_draft_appointment(
                actor=request.user, term=form.cleaned_data["term"], **form.text()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã soạn dự thảo quyết định «%(subject)s».") % {"subject": decision.subject})
            return redirect("decision_detail", pk=decision.pk)
    return render(request, "awards/decisions/appointment_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, pk: int):
    """A draft's text, or an issued decision's before it is signed (its PDF is then rendered again)."""
    decision = selectors.get_decision_for_user(request.user, pk, write=True)
    if decision.status == Decision.Status.SIGNED:
        raise PermissionDenied(_("Quyết định đã ký: không sửa được; nếu sai, hãy đính chính."))
    form = DecisionEditForm(request.POST or None, instance=decision)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        try:
            if decision.status == Decision.Status.DRAFT:
                services.decision_update(actor=request.user, decision=changed)
                note = _("Đã lưu dự thảo quyết định.")
            else:
                services.decision_rerender(actor=request.user, decision=changed)
                note = _("Đã lưu; văn bản PDF đang được dựng lại.")
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, note)
            return redirect("decision_detail", pk=decision.pk)
    return render(request, "awards/decisions/edit.html", {"form": form, "decision": decision})


# The board's actions -----------------------------------------------------------------------------------------


def _act(request, pk: int, action, success: str) -> int:
    """Run one board action on a decision; a refusal is shown as a message. Returns the page to go back to."""
    decision = selectors.get_decision_for_user(request.user, pk, write=True)
    old_number = decision.number_text
    try:
        result = action(actor=request.user, decision=decision)
    except ValidationError as exc:
        _error(request, exc)
        return decision.pk
    number = getattr(result, "number_text", "") or old_number
    messages.success(request, success % {"number": number, "old": old_number})
    return result.pk if isinstance(result, Decision) else decision.pk


@login_required
@require_POST
def decision_issue(request, pk: int):
    target = _act(request, pk, services.decision_issue, _("Đã cấp số %(number)s; văn bản PDF đang được dựng."))
    return redirect("decision_detail", pk=target)


@login_required
@require_POST
def decision_retry(request, pk: int):
    target = _act(request, pk, services.decision_retry, _("Đã yêu cầu dựng lại văn bản %(old)s."))
    return redirect("decision_detail", pk=target)


@login_required
@require_POST
def decision_sign(request, pk: int):
    target = _act(request, pk, services.decision_sign, _("Đã ghi nhận Quyết định %(number)s đã ký."))
    return redirect("decision_detail", pk=target)


@login_required
@require_POST
def decision_correct(request, pk: int):
    target = _act(request, pk, services.decision_correct, _("Đã soạn dự thảo quyết định thay thế Quyết định %(old)s."))
    return redirect("decision_detail", pk=target)


@login_required
@require_POST
def decision_delete(request, pk: int):
    decision = selectors.get_decision_for_user(request.user, pk, write=True)
    try:
        services.decision_delete(actor=request.user, decision=decision)
    except ValidationError as exc:
        _error(request, exc)
        return redirect("decision_detail", pk=decision.pk)
    messages.success(request, _("Đã xóa dự thảo quyết định."))
    return redirect("decision_list")
