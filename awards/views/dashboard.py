"""Portal views of the dashboards for the board and leadership: the entry page that links every dashboard (those of
campaigns by URL name), the titles per year and the banners over the years. Read-only; each user sees the awards
of their scope (visible_awards). Thin: a filter form, the selectors, a render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from campaigns.forms.dashboard import check_cluster_param
from thidua.core.paging import paginate
from thidua.core.search import vi
from thidua.org.permissions import visible_clusters
from thidua.org.selectors import emulation_year, unit_kinds

from ..forms.dashboard import YearRangeFilterForm
from ..selectors import dashboard as selectors

GROUPS_PAGE_SIZE = 10  # (year, cluster) rows of the banner winners' table (the charts show every year and cluster)


def _filters(request) -> YearRangeFilterForm:
    check_cluster_param(request.user, request.GET)
    clusters = visible_clusters(request.user).order_by("kind", vi("name")).values_list("pk", "name")
    first, latest = selectors.year_bounds(request.user)
    form = YearRangeFilterForm(
        request.GET,
        first=first,
        latest=latest,
        clusters=list(clusters),
        kinds=[(kind.pk, kind.name) for kind in unit_kinds()],
    )
    form.is_valid()
    return form


def _chosen(form: YearRangeFilterForm) -> dict:
    """The selectors' filters: year_from, year_to, cluster_id, kind_id."""
    start, end = form.years()
    return {"year_from": start, "year_to": end, "cluster_id": form.value("cluster"), "kind_id": form.value("kind")}


def _context(form: YearRangeFilterForm, chosen: dict) -> dict:
    return {
        "filters": form,
        **chosen,
        "cluster_name": dict(form.fields["cluster"].choices).get(chosen["cluster_id"], ""),
        "kind_name": dict(form.fields["kind"].choices).get(chosen["kind_id"], ""),
    }


@login_required
@require_GET
def stats_index(request):
    return render(request, "awards/dashboard/index.html", {"year": emulation_year()})


@login_required
@require_GET
def stats_titles(request):
    form = _filters(request)
    chosen = _chosen(form)
    table = selectors.titles_per_year(request.user, **chosen)
    context = _context(form, chosen)
    context.update(
        table=table,
        titles_chart=selectors.titles_chart(table) if table.titles else None,
        subjects_chart=selectors.subjects_chart(table) if table.titles else None,
    )
    return render(request, "awards/dashboard/titles.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def stats_banners(request):
    form = _filters(request)
    chosen = _chosen(form)
    summary = selectors.banners(request.user, **chosen)
    page = paginate(request, list(summary.groups), GROUPS_PAGE_SIZE)
    context = _context(form, chosen)
    context.update(
        summary=summary,
        any_banner=any(summary.sector) or any(summary.government),
        per_year_chart=selectors.banners_per_year_chart(summary),
        per_cluster_chart=selectors.banners_per_cluster_chart(summary) if summary.clusters else None,
        page=page,
        winners=selectors.banner_winners(request.user, list(page.object_list), kind_id=chosen["kind_id"]),
    )
    return render(request, "awards/dashboard/banners.html", context, status=400 if form.errors else 200)
