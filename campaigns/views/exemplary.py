"""Portal views for exemplary models (điển hình tiên tiến): the year's list, a cluster's list, marking and editing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.paging import paginate
from thidua.core.search import vi
from thidua.org.forms import add_service_errors
from thidua.org.permissions import get_unit_for_user, writable_units

from ..forms.movements import ExemplaryEditForm, ExemplaryForm
from ..models import ExemplaryModel
from ..selectors import movements as selectors
from ..services import exemplary as services
from .movements import int_param, year_param

UNIT_LIMIT = 100  # beyond this many writable units, a select is no help: the unit is searched by name


def _list_url(year: int) -> str:
    return reverse("exemplary_list") + "?" + urlencode({"year": year})


@login_required
@require_GET
def exemplary_list(request):
    year = year_param(request)
    q = request.GET.get("q", "").strip()
    page = paginate(request, selectors.exemplary_list(request.user, year=year, q=q))
    selectors.mark_exemplary_editable(request.user, page.object_list)
    writable = list(
        writable_units(request.user).order_by("depth", vi("name")).values_list("pk", "name")[: UNIT_LIMIT + 1]
    )
    return render(
        request,
        "campaigns/exemplary/list.html",
        {
            "page": page,
            "year": year,
            "q": q,
            "years": sorted({year, *selectors.exemplary_years()}, reverse=True),
            # Unit staff of one unit get a direct "mark" button; others pick the unit (by name beyond the limit).
            "own_unit": writable[0] if len(writable) == 1 else None,
            "unit_choices": writable if 1 < len(writable) <= UNIT_LIMIT else None,
            "many_units": len(writable) > UNIT_LIMIT,
        },
    )


@login_required
@require_GET
def exemplary_cluster(request, pk: int):
    year = year_param(request)
    cluster, term = selectors.cluster_term_for_user(request.user, pk, year=year)
    rows = selectors.exemplary_for_term(term) if term else ExemplaryModel.objects.none()
    page = paginate(request, rows)
    selectors.mark_exemplary_editable(request.user, page.object_list)
    return render(
        request,
        "campaigns/exemplary/cluster.html",
        {"cluster": cluster, "term": term, "page": page, "year": year},
    )


@login_required
@require_GET
def exemplary_pick(request):
    """The unit chosen in the list's form (by id, or by name for the board): on to its marking page."""
    year = year_param(request)
    unit_id = int_param(request, "unit")
    if unit_id is None:
        q = request.GET.get("unit_q", "").strip()
        found = (
            list(writable_units(request.user).filter(name__ucontains=q).values_list("pk", flat=True)[:2]) if q else []
        )
        if len(found) != 1:
            messages.error(request, _("Không tìm thấy đúng một đơn vị bạn phụ trách có tên như vậy."))
            return redirect(_list_url(year))
        unit_id = found[0]
    unit = get_unit_for_user(request.user, unit_id, write=True)
    return redirect(reverse("exemplary_create", args=[unit.pk]) + "?" + urlencode({"year": year}))


@login_required
@require_http_methods(["GET", "POST"])
def exemplary_create(request, unit_pk: int):
    unit = get_unit_for_user(request.user, unit_pk, write=True)
    initial = {"year": year_param(request)}
    form = ExemplaryForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        people=selectors.unit_people_for_choice(unit),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            row = services.exemplary_create(
                actor=request.user,
                year=data["year"],
                unit=unit,
                person=data["person"],
                description=data["description"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận điển hình tiên tiến: %(who)s.") % {"who": row})
            return redirect(_list_url(row.year))
    return render(request, "campaigns/exemplary/form.html", {"form": form, "unit": unit, "exemplary": None})


@login_required
@require_http_methods(["GET", "POST"])
def exemplary_edit(request, pk: int):
    row = selectors.get_exemplary_for_user(request.user, pk, write=True)
    form = ExemplaryEditForm(request.POST or None, initial={"description": row.description})
    if request.method == "POST" and form.is_valid():
        try:
            services.exemplary_update(actor=request.user, exemplary=row, description=form.cleaned_data["description"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu điển hình tiên tiến: %(who)s.") % {"who": row})
            return redirect(_list_url(row.year))
    return render(request, "campaigns/exemplary/form.html", {"form": form, "unit": row.unit, "exemplary": row})


@login_required
@require_POST
def exemplary_delete(request, pk: int):
    row = selectors.get_exemplary_for_user(request.user, pk, write=True)
    year, who = row.year, str(row)
    services.exemplary_delete(actor=request.user, exemplary=row)
    messages.success(request, _("Đã bỏ ghi nhận điển hình tiên tiến: %(who)s.") % {"who": who})
    return redirect(_list_url(year))
