"""Portal views for the registration dashboard: participation per unit, cluster and in all, counts per title,
who has not registered, and the xlsx export. The board sees every unit, unit staff their own (visible_units)."""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.selectors import dashboard as selectors
from campaigns.selectors.registrations import year_choices
from thidua.core.paging import paginate
from thidua.org.permissions import get_unit_for_user, scope_for

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS_PAGE_SIZE = 25


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _year(request) -> int:
    year = _int_param(request, "year") or timezone.localdate().year
    if not 1945 <= year <= 2100:
        raise Http404(_("Năm thi đua không hợp lệ."))
    return year


@login_required
@require_GET
def dashboard(request):
    year = _year(request)
    sort = request.GET.get("sort", "")
    sort = sort if sort in selectors.SORTS else "name"
    q = request.GET.get("q", "").strip()
    summary = selectors.summary(request.user, year=year)
    units = paginate(request, selectors.unit_rows(summary, sort=sort, q=q), UNITS_PAGE_SIZE)
    facts = selectors.sheet_facts([u.pk for u in units.object_list], year=year)
    return render(
        request,
        "campaigns/dashboard/dashboard.html",
        {
            "year": year,
            "years": year_choices(extra=(year,)),
            "sort": sort,
            "q": q,
            "is_all": scope_for(request.user).read_all,
            "can_import": scope_for(request.user).is_board or bool(scope_for(request.user).write_paths),
            "method": selectors.METHOD,
            "summary": summary,
            "units": units,
            "unit_facts": [(unit, facts.get(unit.pk)) for unit in units.object_list],
        },
    )


@login_required
@require_GET
def not_registered(request):
    year = _year(request)
    unit_id = _int_param(request, "unit")
    unit = get_unit_for_user(request.user, unit_id) if unit_id else None
    ids = paginate(request, selectors.not_registered_ids(request.user, year=year, unit=unit))
    return render(
        request,
        "campaigns/dashboard/not_registered.html",
        {
            "year": year,
            "years": year_choices(extra=(year,)),
            "unit": unit,
            "page": ids,
            "people": selectors.people_with_pending(list(ids.object_list), year=year),
        },
    )


@login_required
@require_GET
def export(request):
    year = _year(request)
    workbook = selectors.dashboard_workbook(request.user, year=year)
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="ty-le-dang-ky-thi-dua-{year}.xlsx"'
    return response
