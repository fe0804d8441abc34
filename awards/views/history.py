"""Portal views of the award history: the searchable list and its xlsx export, a person's and a unit's awards (with
their timeline by year, and a unit's sub-units), a cluster's leaders and banner winners across the years, an
award entered by hand or removed, and the import of past awards (upload → preview → confirm, all or nothing).
Thin: a permission helper, a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from campaigns.imports import FileProblem
from thidua.core.paging import paginate
from thidua.org.forms import add_service_errors
from thidua.org.permissions import (
    can_write_unit,
    get_cluster_for_user,
    get_person_for_user,
    get_unit_for_user,
    visible_units,
)
from thidua.org.selectors import role_label, unit_choices, visible_ids
from thidua.titles.models import Title

from ..forms.history import AwardForm, HistoryConfirmForm, HistoryUploadForm, sign_rows
from ..history_import import history_workbook, read_history_file, template_workbook
from ..selectors import history as selectors
from ..services import history as services

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PREVIEW_LINES = 200  # rows of an import shown before confirming (the counts cover all)
TERMS_PAGE_SIZE = 10  # years of a cluster's history on one page


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _int_param(request, name: str) -> int | None:
    """A positive integer from the query string; anything else counts as absent."""
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdecimal() and 0 < int(value) < 2**31 else None


def _filters(request) -> dict:
    """The list's filters from the query string: junk is ignored, a unit the user may not see is a 404."""
    subject = request.GET.get("subject", "")
    unit_id = _int_param(request, "unit")
    return {
        # Spaces collapsed: "Nguyễn  Văn" typed with two spaces still finds "Nguyễn Văn".
        "q": " ".join(request.GET.get("q", "").split()),
        "year": _int_param(request, "year"),
        "title_id": _int_param(request, "title"),
        "subject": subject if subject in selectors.SUBJECTS else "",
        "unit": get_unit_for_user(request.user, unit_id) if unit_id else None,
        "unit_q": " ".join(request.GET.get("unit_q", "").split()),
    }


def _check_can_import(user) -> None:
    """403 for those who may not record any award (viewers, delegates, cluster leaders)."""
    if not selectors.can_import(user):
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng và cán bộ thi đua của đơn vị được ghi sổ khen thưởng."))


# The list ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def award_history(request):
    filters = _filters(request)
    page = paginate(request, selectors.award_list(request.user, **filters))
    selectors.attach_links(request.user, page.object_list)
    choices = unit_choices(request.user)
    return render(
        request,
        "awards/history/list.html",
        {
            "page": page,
            **filters,
            "unit_q": filters["unit_q"] if choices is None else "",
            "unit_choices": choices,
            "years": selectors.award_years(request.user),
            "titles": selectors.title_choices(),
            "subjects": [(value, Title.Subject(value).label) for value in selectors.SUBJECTS],
            "can_import": selectors.can_import(request.user),
            "query": request.GET.urlencode(),
            "filtered": any(filters.values()),
        },
    )


@login_required
@require_GET
def award_history_export(request):
    """The filtered list as an xlsx file in the import's columns (plus «Nguồn»)."""
    awards = selectors.award_list(request.user, **_filters(request))
    content = history_workbook(selectors.export_rows(awards), sheet_title=_("Sổ theo dõi khen thưởng"))
    return _xlsx(content, f"so-theo-doi-khen-thuong-{localdate():%Y-%m-%d}")


# A person's and a unit's awards ---------------------------------------------------------------------------------


@login_required
@require_GET
def award_person(request, pk: int):
    person = get_person_for_user(request.user, pk)
    awards = paginate(request, selectors.person_awards(person))
    selectors.attach_links(request.user, awards.object_list, writable_unit=person.unit)
    years = paginate(request, selectors.timeline_years(selectors.person_awards(person)), param="years_page")
    return render(
        request,
        "awards/history/person.html",
        {
            "person": person,
            "awards": awards,
            "can_write": can_write_unit(request.user, person.unit),
            "years": years,
            "timeline": selectors.timeline(selectors.person_awards(person), years.object_list),
        },
    )


@login_required
@require_GET
def award_unit(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    own = paginate(request, selectors.unit_own_awards(unit))
    people = paginate(request, selectors.unit_people_awards(unit), param="people_page")
    selectors.attach_links(request.user, [*own.object_list, *people.object_list], writable_unit=unit)
    years = paginate(request, selectors.timeline_years(selectors.unit_own_awards(unit)), param="years_page")
    return render(
        request,
        "awards/history/unit.html",
        {
            "unit": unit,
            "own": own,
            "people": people,
            "can_write": can_write_unit(request.user, unit),
            "years": years,
            "timeline": selectors.timeline(selectors.unit_own_awards(unit), years.object_list),
            "children": paginate(request, selectors.child_award_counts(request.user, unit), param="units_page"),
        },
    )


@login_required
@require_GET
def cluster_history(request, pk: int):
    """A cluster's leader and deputies of each year and the banners its members won, newest year first."""
    cluster = get_cluster_for_user(request.user, pk)
    terms = paginate(request, selectors.cluster_history_terms(cluster), TERMS_PAGE_SIZE)
    banners = selectors.term_banners(terms.object_list)
    heads = [m.unit_id for term in terms.object_list for m in (*term.leaders, *term.deputies)]
    winners = [u for b in banners.values() for u, _name in (*b.sector, *b.government)]
    return render(
        request,
        "awards/history/cluster.html",
        {
            "cluster": cluster,
            "terms": terms,
            "rows": [(term, banners.get(term.pk)) for term in terms.object_list],
            "leader_label": role_label("leader", cluster.kind),
            "deputy_label": role_label("deputy", cluster.kind),
            "linked": visible_ids(visible_units(request.user), [*heads, *winners]),
            "chart": selectors.cluster_banner_chart(cluster),
        },
    )


def _add(request, *, person=None, unit=None):
    subject = Title.Subject.INDIVIDUAL if person is not None else Title.Subject.COLLECTIVE
    form = AwardForm(request.POST if request.method == "POST" else None, subject=subject)
    if request.method == "POST" and form.is_valid():
        try:
            award = services.award_create(actor=request.user, person=person, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi «%(title)s» năm %(year)s cho %(name)s.")
                % {"title": award.title.name, "year": award.year, "name": award.recipient_name},
            )
            return redirect("award_person", pk=person.pk) if person else redirect("award_unit", pk=unit.pk)
    return render(
        request,
        "awards/history/form.html",
        {"form": form, "person": person, "unit": unit if unit is not None else person.unit},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def award_add_person(request, pk: int):
    return _add(request, person=get_person_for_user(request.user, pk, write=True))


@login_required
@require_http_methods(["GET", "POST"])
def award_add_unit(request, pk: int):
    return _add(request, unit=get_unit_for_user(request.user, pk, write=True))


@login_required
@require_POST
def award_delete(request, pk: int):
    award = selectors.get_award_for_user(request.user, pk, write=True)
    target = ("award_person", award.person_id) if award.person_id else ("award_unit", award.unit_id)
    try:
        services.award_delete(actor=request.user, award=award)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("Đã xóa «%(title)s» năm %(year)s của %(name)s khỏi sổ theo dõi khen thưởng.")
            % {"title": award.title.name, "year": award.year, "name": award.recipient_name},
        )
    return redirect(target[0], pk=target[1])


# Import ---------------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def award_import(request):
    """Upload → preview (a dry run, nothing written) → confirm (written all or nothing)."""
    _check_can_import(request.user)
    upload = HistoryUploadForm()
    context = {"upload": upload, "plan": None, "confirm": None, "errors": []}
    if request.method == "POST" and "payload" in request.POST:
        confirm = HistoryConfirmForm(request.POST, user=request.user)
        if confirm.is_valid():
            try:
                created = services.award_import(actor=request.user, rows=confirm.cleaned_data["payload"])
            except ValidationError as exc:
                context["errors"] = exc.messages
            else:
                messages.success(
                    request, _("Đã ghi %(n)s khen thưởng vào sổ theo dõi khen thưởng.") % {"n": len(created)}
                )
                return redirect("award_history")
        else:
            context["errors"] = confirm.errors.get("payload", [])
    elif request.method == "POST":
        upload = HistoryUploadForm(request.POST, request.FILES)
        context["upload"] = upload
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                rows = read_history_file(file, name=file.name)
            except FileProblem as exc:
                upload.add_error("file", str(exc))
            else:
                plan = services.award_import_check(actor=request.user, rows=rows)
                context.update(
                    plan=plan,
                    file_name=file.name,
                    preview_lines=plan.lines[:PREVIEW_LINES],
                    more_lines=max(0, len(plan.lines) - PREVIEW_LINES),
                )
                if plan.is_valid:
                    context["confirm"] = HistoryConfirmForm(
                        initial={"payload": sign_rows(rows, user=request.user)}, user=request.user
                    )
    status = 400 if upload.errors or context["errors"] else 200
    return render(request, "awards/history/import.html", context, status=status)


@login_required
@require_GET
def award_import_template(request):
    _check_can_import(request.user)
    return _xlsx(template_workbook(), "mau-nhap-so-khen-thuong")
