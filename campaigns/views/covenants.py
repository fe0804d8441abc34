"""Portal views for covenants: the year's list, drafting with the score table, signing, the covenant's PDF."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.paging import paginate
from thidua.documents.models import RenderedDocument
from thidua.documents.pages import WORKING, is_stale, pdf_response, status_response
from thidua.org.forms import add_service_errors
from thidua.org.models import ClusterMembership
from thidua.org.selectors import role_label

from ..forms.covenants import CovenantForm, CriterionFormSet, SignForm
from ..models import Covenant
from ..selectors import covenants as selectors
from ..services import covenants as services
from .movements import year_param


def _document(covenant: Covenant) -> RenderedDocument | None:
    return (
        RenderedDocument.objects.defer("data").filter(pk=covenant.document_id).first() if covenant.document_id else None
    )


@login_required
@require_GET
def covenant_list(request):
    year = year_param(request)
    page = paginate(request, selectors.covenant_terms(request.user, year=year))
    selectors.mark_draftable(request.user, page.object_list)
    for term in page.object_list:
        term.leader_label = role_label(ClusterMembership.Role.LEADER, term.kind)
    years = sorted({year, *selectors.covenant_years()}, reverse=True)
    return render(request, "campaigns/covenants/list.html", {"page": page, "year": year, "years": years})


def _save_text_and_criteria(request, *, term=None, covenant=None):
    """The create and edit pages: the text form and the criteria formset, saved by one service call.

    Returns (form, formset, redirect): the redirect once saved, else None and the forms to show."""
    if covenant is not None:
        initial = {"title": covenant.title, "targets": covenant.targets}
        rows = [{"name": c.name, "max_points": c.max_points} for c in covenant.criteria.order_by("order")]
    else:
        initial = {
            "title": _("Giao ước thi đua năm %(year)s của %(cluster)s") % {"year": term.year, "cluster": term.cluster}
        }
        rows = []
    form = CovenantForm(request.POST or None, initial=initial)
    formset = CriterionFormSet(request.POST or None, initial=rows, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            if covenant is None:
                covenant = services.covenant_create(
                    actor=request.user, term=term, title=data["title"], targets=data["targets"], criteria=formset.rows()
                )
                messages.success(request, _("Đã soạn giao ước thi đua của %(term)s.") % {"term": term})
            else:
                services.covenant_update(
                    actor=request.user,
                    covenant=covenant,
                    title=data["title"],
                    targets=data["targets"],
                    criteria=formset.rows(),
                )
                messages.success(request, _("Đã lưu giao ước thi đua."))
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "criteria" in exc.error_dict:
                # The score table's errors go above the table, not above the text.
                rows = exc.error_dict.pop("criteria")
                formset._non_form_errors = formset.error_class([m for e in rows for m in e.messages])
            if not hasattr(exc, "error_dict") or exc.error_dict:
                add_service_errors(form, exc)
        else:
            return form, formset, redirect("covenant_detail", pk=covenant.pk)
    return form, formset, None


@login_required
@require_http_methods(["GET", "POST"])
def covenant_create(request, term_pk: int):
    term = selectors.get_term_for_drafting(request.user, term_pk)
    if Covenant.objects.filter(term=term).exists():
        return redirect("covenant_detail", pk=term.covenant.pk)
    form, formset, done = _save_text_and_criteria(request, term=term)
    if done:
        return done
    return render(
        request,
        "campaigns/covenants/form.html",
        {"form": form, "formset": formset, "term": term, "covenant": None, "total": formset.total()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def covenant_edit(request, pk: int):
    covenant = selectors.get_covenant_for_user(request.user, pk, write=True)
    if covenant.status != Covenant.Status.DRAFT:
        raise PermissionDenied(_("Giao ước đã bắt đầu được ký: không thể sửa nội dung và bảng tiêu chí chấm điểm."))
    form, formset, done = _save_text_and_criteria(request, covenant=covenant)
    if done:
        return done
    return render(
        request,
        "campaigns/covenants/form.html",
        {"form": form, "formset": formset, "term": covenant.term, "covenant": covenant, "total": formset.total()},
    )


def _sign_form(request, covenant: Covenant, units, data=None) -> SignForm | None:
    if not units:
        return None
    name, title = selectors.default_signer(units[0])
    return SignForm(data, units=units, initial={"unit": units[0].pk, "signer_name": name, "signer_title": title})


@login_required
@require_GET
def covenant_detail(request, pk: int):
    covenant = selectors.get_covenant_for_user(request.user, pk)
    return _detail(request, covenant)


def _detail(request, covenant: Covenant, sign_form: SignForm | None = None, status: int = 200):
    criteria = list(covenant.criteria.order_by("order"))
    members = paginate(request, selectors.member_rows(covenant), param="member_page")
    rows = selectors.attach_signatures(covenant, members.object_list)
    signed, total_members = selectors.signature_counts(covenant)
    units = selectors.signable_units(request.user, covenant) if covenant.status != Covenant.Status.LOCKED else []
    document = _document(covenant)
    can_draft = selectors.can_draft(request.user, covenant.term)
    return render(
        request,
        "campaigns/covenants/detail.html",
        {
            "covenant": covenant,
            "term": covenant.term,
            "criteria": criteria,
            "total_points": sum((c.max_points for c in criteria), 0),
            "members": members,
            "rows": rows,
            "signed": signed,
            "total_members": total_members,
            "sign_form": sign_form or _sign_form(request, covenant, units),
            "sign_units": units if sign_form is None else list(sign_form.fields["unit"].queryset),
            "own_signed_unit_ids": _own_signed_unit_ids(request.user, rows),
            "can_draft": can_draft,
            "document": document,
            "working": document is not None and document.status in WORKING,
            "stale": is_stale(document),
        },
        status=status,
    )


def _own_signed_unit_ids(user, rows) -> set[int]:
    return {row.unit.pk for row in rows if row.signature and selectors.can_sign_for(user, row.unit)}


@login_required
@require_POST
def covenant_sign(request, pk: int):
    covenant = selectors.get_covenant_for_user(request.user, pk)
    unit_pk = request.POST.get("unit", "")
    if not unit_pk.isdigit():
        raise Http404(_("Đơn vị không phải thành viên của cụm."))
    unit = selectors.get_member_to_sign(request.user, covenant, int(unit_pk))
    form = SignForm(request.POST, units=[unit])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.covenant_sign(
                actor=request.user,
                covenant=covenant,
                unit=unit,
                signer_name=data["signer_name"],
                signer_title=data["signer_title"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if covenant.status == Covenant.Status.LOCKED:
                messages.success(
                    request,
                    _("%(unit)s đã ký. Các đơn vị đã ký đủ: giao ước đã khóa và được ban hành.") % {"unit": unit},
                )
            else:
                messages.success(request, _("%(unit)s đã ký giao ước.") % {"unit": unit})
            return redirect("covenant_detail", pk=covenant.pk)
    return _detail(request, covenant, sign_form=form, status=400)


@login_required
@require_POST
def covenant_unsign(request, pk: int):
    covenant = selectors.get_covenant_for_user(request.user, pk)
    unit_pk = request.POST.get("unit", "")
    if not unit_pk.isdigit():
        raise Http404(_("Đơn vị không phải thành viên của cụm."))
    unit = selectors.get_member_to_sign(request.user, covenant, int(unit_pk))
    try:
        services.covenant_unsign(actor=request.user, covenant=covenant, unit=unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã rút chữ ký của %(unit)s.") % {"unit": unit})
    return redirect("covenant_detail", pk=covenant.pk)


@login_required
@require_POST
def covenant_document_retry(request, pk: int):
    covenant = selectors.get_covenant_for_user(request.user, pk, write=True)
    try:
        services.covenant_document_retry(actor=request.user, covenant=covenant)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã yêu cầu dựng lại văn bản."))
    return redirect("covenant_detail", pk=covenant.pk)


@login_required
@require_GET
def covenant_document_status(request, pk: int):
    covenant = selectors.get_covenant_for_user(request.user, pk)
    return status_response(_document(covenant), empty_label=_("Chưa ban hành"), progress=False)


@login_required
@require_GET
def covenant_document_download(request, pk: int):
    covenant = selectors.get_covenant_for_user(request.user, pk)
    return pdf_response(_document(covenant), f"giao-uoc-thi-dua-{covenant.term.year}-{covenant.term.cluster.name}")
