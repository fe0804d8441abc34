"""Portal views for the campaigns' dashboards: participation (registrations) per unit, cluster and in all, with
its charts, counts per title, who has not registered and the xlsx export; and the covenant score rankings of a
year. Filters: year, cluster, kind of unit. The board and ministry-wide viewers see every unit, the others their
own scope (visible_units, visible_terms)."""

import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from campaigns.forms.dashboard import DashboardFilterForm, check_cluster_param
from campaigns.selectors import dashboard as selectors
from campaigns.selectors import rankings as ranking_selectors
from campaigns.selectors.registrations import year_choices
from thidua.core.paging import paginate
from thidua.org.permissions import get_unit_for_user, scope_for
from thidua.org.selectors import emulation_year, unit_kinds

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS_PAGE_SIZE = 25
CHART_UNITS = 50  # up to this many units are charted together; beyond, the chart shows the page's units
CLUSTERS_PAGE_SIZE = 10  # clusters of the ministry-wide rankings table (its chart shows them all)


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _year(request, default=None) -> int:
    """The year asked for (404 when out of range), else default() or this calendar year."""
    year = _int_param(request, "year") or (default() if default else timezone.localdate().year)
    if not 1945 <= year <= 2100:
        raise Http404(_("Năm thi đua không hợp lệ."))
    return year


def _filters(request, *, year: int, clusters) -> tuple[DashboardFilterForm, dict[int, str]]:
    check_cluster_param(request.user, request.GET)
    kinds = [(kind.pk, kind.name) for kind in unit_kinds()]
    form = DashboardFilterForm(
        request.GET,
        clusters=clusters,
        kinds=kinds,
        cluster_error=_("Cụm, khối, khu vực: cụm đã chọn không có nhiệm kỳ năm %(year)s.") % {"year": year},
    )
    form.is_valid()
    return form, dict(kinds)


def _scope_label(user, *, cluster: str = "", kind: str = "") -> str:
    label = cluster or (_("Toàn Bộ") if scope_for(user).read_all else _("Các đơn vị của bạn"))
    return f"{label} · {kind}" if kind else label


@login_required
@require_GET
def dashboard(request):
    year = _year(request)
    sort = request.GET.get("sort", "")
    sort = sort if sort in selectors.SORTS else "name"
    q = request.GET.get("q", "").strip()
    summary = selectors.summary(request.user, year=year)
    clusters = {row.cluster_id: row.name for row in summary.clusters}
    filters, kinds = _filters(request, year=year, clusters=list(clusters.items()))
    cluster_id, kind_id = filters.value("cluster"), filters.value("kind")
    rows = selectors.unit_rows(summary, sort=sort, q=q, cluster_id=cluster_id, kind_id=kind_id)
    units = paginate(request, rows, UNITS_PAGE_SIZE)
    facts = selectors.sheet_facts([u.pk for u in units.object_list], year=year)
    cluster_rows = selectors.cluster_rows(summary, kind_id=kind_id)
    scope_label = _scope_label(request.user, cluster=clusters.get(cluster_id, ""), kind=kinds.get(kind_id, ""))
    return render(
        request,
        "campaigns/dashboard/dashboard.html",
        {
            "year": year,
            "years": year_choices(extra=(year,)),
            "sort": sort,
            "q": q,
            "filters": filters,
            "cluster_id": cluster_id,
            "kind_id": kind_id,
            "scope_label": scope_label,
            "can_import": scope_for(request.user).is_board or bool(scope_for(request.user).write_paths),
            "method": selectors.METHOD,
            "summary": summary,
            "total": selectors.filtered_rate(summary, cluster_id=cluster_id, kind_id=kind_id),
            "cluster_rows": cluster_rows,
            "cluster_chart": selectors.cluster_chart(cluster_rows, year=year) if cluster_rows else None,
            "unit_chart": selectors.units_chart(rows, units, year=year, scope=scope_label, limit=CHART_UNITS),
            "units": units,
            "unit_facts": [(unit, facts.get(unit.pk)) for unit in units.object_list],
        },
        status=400 if filters.errors else 200,
    )


@login_required
@require_GET
def rankings(request):
    """The covenant score rankings of a year: a cluster's members ranked, or each cluster's leading unit."""
    year = _year(request, default=emulation_year)
    terms = ranking_selectors.year_rankings(request.user, year=year)
    filters, kinds = _filters(request, year=year, clusters=[(t.cluster_id, t.cluster_name) for t in terms])
    cluster_id, kind_id = filters.value("cluster"), filters.value("kind")
    chosen = next((t for t in terms if t.cluster_id == cluster_id), None)
    context = {
        "year": year,
        "years": year_choices(extra=(year,)),
        "filters": filters,
        "cluster_id": cluster_id,
        "kind_id": kind_id,
        "kind_name": kinds.get(kind_id, ""),
        "chosen": chosen,
    }
    if chosen is not None:
        rows = chosen.of_kind(kind_id)
        context.update(rows=rows, chart=ranking_selectors.term_chart(chosen, rows) if rows else None)
    else:
        shown = [t for t in terms if kind_id is None or t.of_kind(kind_id)]
        page = paginate(request, shown, CLUSTERS_PAGE_SIZE)
        context.update(
            page=page,
            leaders=[(t, t.leaders(kind_id)) for t in page.object_list],
            chart=ranking_selectors.leaders_chart(shown, year=year, kind_id=kind_id) if shown else None,
        )
    return render(request, "campaigns/dashboard/rankings.html", context, status=400 if filters.errors else 200)


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
