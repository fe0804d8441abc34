"""Portal views for the year-end evaluation: a unit's table of ratings, initiatives, the ratings import, the
score sheets of a cluster term and its ranking. Thin: a permission helper, a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.paging import paginate
from thidua.core.vietnamese import fold
from thidua.org.forms import add_service_errors
from thidua.org.permissions import can_write_unit, get_person_for_user, get_unit_for_user
from thidua.org.selectors import emulation_year

from ..evaluation_import import ratings_workbook, read_ratings_workbook
from ..forms.evaluation import (
    EvaluationTableForm,
    InitiativeForm,
    RatingsConfirmForm,
    RatingsUploadForm,
    ScoreSheetForm,
    sign_rows,
)
from ..models import PersonEvaluation
from ..selectors import evaluation as selectors
from ..services import evaluation as services

TABLE_PAGE_SIZE = 100  # a unit's table is saved a page at a time
PREVIEW_LINES = 200  # rows of an import shown before confirming (the counts cover all)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MIN_YEAR, MAX_YEAR = 1945, 2100


def _check_year(year: int) -> int:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Năm không hợp lệ."))
    return year


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# The unit's table ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def evaluation_unit(request, pk: int):
    unit = get_unit_for_user(request.user, pk)
    return redirect("evaluation_table", pk=unit.pk, year=emulation_year())


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_table(request, pk: int, year: int):
    unit = get_unit_for_user(request.user, pk, write=request.method == "POST")
    year = _check_year(year)
    can_write = can_write_unit(request.user, unit)
    page = paginate(request, selectors.evaluation_people(unit, year), TABLE_PAGE_SIZE)
    rows = selectors.evaluation_rows(page.object_list, year)
    form = EvaluationTableForm(rows, request.POST if request.method == "POST" else None) if can_write else None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.evaluation_set_many(actor=request.user, unit=unit, year=year, rows=form.inputs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Đã lưu bảng xếp loại năm %(year)s: %(created)d thêm mới, %(updated)d thay đổi, "
                    "%(unchanged)d không đổi."
                )
                % {"year": year, "created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            url = reverse("evaluation_table", kwargs={"pk": unit.pk, "year": year})
            return redirect(f"{url}?page={page.number}" if page.number > 1 else url)
    return render(
        request,
        "campaigns/evaluation/table.html",
        {
            "unit": unit,
            "year": year,
            "page": page,
            "rows": rows,
            "form": form,
            "can_write": can_write,
            "facts": selectors.collective_facts(unit, year),
            "memberships": selectors.unit_terms(unit, year),
        },
    )


@login_required
@require_GET
def evaluation_table_xlsx(request, pk: int, year: int):
    """The unit's table as a workbook in the import format: filled in offline and imported back."""
    unit = get_unit_for_user(request.user, pk)
    year = _check_year(year)
    rows = selectors.evaluation_rows(selectors.evaluation_people(unit, year), year)
    content = ratings_workbook(
        (
            year,
            unit.name,
            row.person.full_name,
            row.person.pk,
            row.evaluation.get_rating_display() if row.evaluation else "",
            row.evaluation.get_discipline_display() if row.evaluation and row.evaluation.discipline else "",
        )
        for row in rows
    )
    return _xlsx(content, f"xep-loai-{year}-{slugify(fold(unit.name))}")


# Initiatives ---------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_initiatives(request, pk: int, year: int):
    person = get_person_for_user(request.user, pk, write=request.method == "POST")
    year = _check_year(year)
    can_write = can_write_unit(request.user, person.unit)
    form = InitiativeForm(request.POST if request.method == "POST" else None) if can_write else None
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_add(
                actor=request.user,
                person=person,
                year=year,
                name=form.cleaned_data["name"],
                level=form.cleaned_data["level"],
                recognised_by=form.cleaned_data["recognised_by"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận sáng kiến «%(name)s».") % {"name": initiative.name})
            return redirect("evaluation_initiatives", pk=person.pk, year=year)
    evaluation = PersonEvaluation.objects.filter(person=person, year=year).first()
    return render(
        request,
        "campaigns/evaluation/initiatives.html",
        {
            "person": person,
            "year": year,
            "form": form,
            "can_write": can_write,
            "evaluation": evaluation,
            "table_unit_id": evaluation.unit_id if evaluation else person.unit_id,
            "initiatives": selectors.person_initiatives(person, year),
        },
    )


@login_required
@require_POST
def evaluation_initiative_remove(request, pk: int):
    initiative = selectors.get_initiative_for_user(request.user, pk, write=True)
    person_pk, year, name = initiative.person_id, initiative.year, initiative.name
    services.initiative_remove(actor=request.user, initiative=initiative)
    messages.success(request, _("Đã xóa sáng kiến «%(name)s».") % {"name": name})
    return redirect("evaluation_initiatives", pk=person_pk, year=year)


# Ratings import ---------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_import(request):
    """Upload → preview (a dry run, nothing written) → confirm (written all or nothing)."""
    if not selectors.can_write_evaluations(request.user):
        raise PermissionDenied(_("Chỉ cán bộ thi đua của đơn vị và Vụ Thi đua - Khen thưởng được nhập xếp loại."))
    upload = RatingsUploadForm()
    context = {"upload": upload, "plan": None, "confirm": None, "errors": []}
    if request.method == "POST" and "payload" in request.POST:
        confirm = RatingsConfirmForm(request.POST, user=request.user)
        if confirm.is_valid():
            try:
                result = services.evaluation_import(actor=request.user, rows=confirm.cleaned_data["payload"])
            except ValidationError as exc:
                context["errors"] = exc.messages
            else:
                messages.success(
                    request,
                    _("Đã nhập xếp loại: %(created)d thêm mới, %(updated)d thay đổi, %(unchanged)d không đổi.")
                    % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
                )
                return redirect("evaluation_import")
        else:
            context["errors"] = confirm.errors.get("payload", [])
    elif request.method == "POST":
        upload = RatingsUploadForm(request.POST, request.FILES)
        context["upload"] = upload
        if upload.is_valid():
            try:
                rows = read_ratings_workbook(upload.cleaned_data["file"])
            except ValidationError as exc:
                for message in exc.messages:
                    upload.add_error("file", message)
            else:
                plan = services.evaluation_import_check(actor=request.user, rows=rows)
                context.update(
                    plan=plan,
                    file_name=upload.cleaned_data["file"].name,
                    plan_created=plan.count("create"),
                    plan_updated=plan.count("update"),
                    plan_unchanged=plan.count("unchanged"),
                    preview_lines=plan.lines[:PREVIEW_LINES],
                    more_lines=max(0, len(plan.lines) - PREVIEW_LINES),
                )
                if plan.is_valid:
                    context["confirm"] = RatingsConfirmForm(
                        initial={"payload": sign_rows(rows, user=request.user)}, user=request.user
                    )
    return render(request, "campaigns/evaluation/import.html", context)


@login_required
@require_GET
def evaluation_import_template(request):
    if not selectors.can_write_evaluations(request.user):
        raise PermissionDenied(_("Chỉ cán bộ thi đua của đơn vị và Vụ Thi đua - Khen thưởng được nhập xếp loại."))
    return _xlsx(ratings_workbook([]), "mau-nhap-xep-loai")


# Scores and ranking --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_scores(request, pk: int, unit_pk: int):
    term = selectors.get_term_for_user(request.user, pk)
    scorer = selectors.get_scorer_for_user(request.user, term, unit_pk, write=request.method == "POST")
    can_write = can_write_unit(request.user, scorer)
    covenant = selectors.term_covenant(term)
    criteria = list(covenant.criteria.all()) if covenant else []
    members = selectors.term_members(term)
    points = selectors.score_sheet(covenant, scorer) if covenant else {}
    form = None
    if criteria:
        form = ScoreSheetForm(members, criteria, points, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Giao ước thi đua chưa có bảng tiêu chí chấm điểm."))
        elif form.is_valid():
            try:
                result = services.unit_scores_set(actor=request.user, term=term, scorer=scorer, scores=form.scores())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã lưu phiếu chấm điểm: %(created)d điểm mới, %(updated)d điểm thay đổi.")
                    % {"created": result.created, "updated": result.updated},
                )
                return redirect("evaluation_scores", pk=term.pk, unit_pk=scorer.pk)
    return render(
        request,
        "campaigns/evaluation/scores.html",
        {
            "term": term,
            "scorer": scorer,
            "covenant": covenant,
            "criteria": criteria,
            "form": form,
            "can_write": can_write and covenant is not None and covenant.status == covenant.Status.LOCKED,
            "points": points,
        },
    )


@login_required
@require_GET
def evaluation_ranking(request, pk: int):
    term = selectors.get_term_for_user(request.user, pk)
    ranking = selectors.term_ranking(term)
    for row in ranking.rows:
        row.can_score = can_write_unit(request.user, row.unit)
    return render(request, "campaigns/evaluation/ranking.html", {"term": term, "ranking": ranking})
