"""Portal views for the organization: thin, one permission helper, one form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.core.paging import paginate

from . import selectors, services
from .forms import PersonEditForm, PersonForm, add_service_errors
from .models import Cluster
from .permissions import (
    can_write_unit,
    get_cluster_for_user,
    get_person_for_user,
    get_unit_for_user,
    visible_clusters,
    visible_units,
    writable_units,
)

TERMS_PAGE_SIZE = 5  # a cluster's terms, each with all its members


def _int_param(request, name: str) -> int | None:
    """A positive integer from the query string; anything else counts as absent."""
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


@login_required
def home(request):
    return render(request, "org/home.html", {"home": selectors.home_for(request.user)})


@login_required
def unit_list(request):
    q = request.GET.get("q", "").strip()
    kind_id = _int_param(request, "kind")
    province_id = _int_param(request, "province")
    page = paginate(request, selectors.unit_list(request.user, q=q, kind_id=kind_id, province_id=province_id))
    selectors.attach_people_counts(page.object_list)
    return render(
        request,
        "org/unit_list.html",
        {
            "page": page,
            "q": q,
            "kind_id": kind_id,
            "province_id": province_id,
            "kinds": selectors.unit_kinds(),
            "provinces": selectors.provinces(),
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    q = request.GET.get("q", "").strip()
    children = paginate(request, selectors.visible_children(request.user, unit), param="sub_page")
    # The unit's own count comes in the same query as its sub-units'.
    selectors.attach_people_counts([unit, *children.object_list])
    people = paginate(request, selectors.unit_people(unit, q=q))
    memberships = paginate(request, selectors.unit_memberships(unit), param="cluster_page")
    selectors.label_memberships(memberships.object_list)
    visible_cluster_ids = selectors.visible_ids(
        visible_clusters(request.user), (m.term.cluster_id for m in memberships.object_list)
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "can_write": can_write_unit(request.user, unit),
            "parent_visible": bool(
                unit.parent_id and selectors.visible_ids(visible_units(request.user), [unit.parent_id])
            ),
            "children": children,
            "people": people,
            "q": q,
            "memberships": memberships,
            "visible_cluster_ids": visible_cluster_ids,
        },
    )


@login_required
def person_list(request):
    q = request.GET.get("q", "").strip()
    unit_id = _int_param(request, "unit")
    unit = get_unit_for_user(request.user, unit_id) if unit_id else None
    unit_choices = selectors.unit_choices(request.user)
    # Without a select (too many units) the unit is searched by name, diacritics or not.
    unit_q = request.GET.get("unit_q", "").strip() if unit_choices is None else ""
    page = paginate(request, selectors.person_list(request.user, q=q, unit=unit, unit_q=unit_q))
    selectors.mark_editable(request.user, page.object_list)
    return render(
        request,
        "org/person_list.html",
        {"page": page, "q": q, "unit": unit, "unit_q": unit_q, "unit_choices": unit_choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request, pk: int):
    unit = get_unit_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST if request.method == "POST" else None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        person.unit = unit
        try:
            services.person_save(actor=request.user, person=person)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm %(name)s vào %(unit)s.") % {"name": person, "unit": unit})
            return redirect("unit_detail", pk=unit.pk)
    return render(request, "org/person_form.html", {"form": form, "unit": unit, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, pk: int):
    person = get_person_for_user(request.user, pk, write=True)
    unit = person.unit
    form = PersonEditForm(
        request.POST if request.method == "POST" else None, instance=person, unit_queryset=writable_units(request.user)
    )
    if request.method == "POST" and form.is_valid():
        person = form.save(commit=False)
        try:
            services.person_save(actor=request.user, person=person)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin của %(name)s.") % {"name": person})
            return redirect("unit_detail", pk=person.unit_id)
    return render(request, "org/person_form.html", {"form": form, "unit": unit, "person": person})


@login_required
def cluster_list(request):
    kind = request.GET.get("kind", "")
    if kind not in Cluster.Kind.values:
        kind = ""
    year = _int_param(request, "year")
    page = paginate(request, selectors.cluster_list(request.user, kind=kind, year=year))
    selectors.attach_term_summaries(page.object_list, year=year)
    return render(
        request,
        "org/cluster_list.html",
        {
            "page": page,
            "kind": kind,
            "year": year,
            "kinds": Cluster.Kind.choices,
            "years": selectors.cluster_years(request.user),
        },
    )


@login_required
def cluster_detail(request, pk: int):
    cluster = get_cluster_for_user(request.user, pk)
    terms = paginate(request, selectors.cluster_terms(cluster), per_page=TERMS_PAGE_SIZE)
    term_views = selectors.split_terms(terms.object_list)
    visible_unit_ids = selectors.visible_ids(
        visible_units(request.user), (m.unit_id for view in term_views for m in view.members)
    )
    return render(
        request,
        "org/cluster_detail.html",
        {"cluster": cluster, "terms": terms, "term_views": term_views, "visible_unit_ids": visible_unit_ids},
    )
