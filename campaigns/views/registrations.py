"""Portal views for registrations: a unit's sheet for a year (unit staff edit and submit it, the board returns,
approves or accepts it late) and the list of sheets. Thin: a permission helper, a form, one service call."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from campaigns.forms.registrations import (
    ApproveForm,
    BulkApproveForm,
    CollectiveTitleForm,
    RegistrationAddForm,
    ReturnForm,
    add_service_errors,
)
from campaigns.models import RegistrationSheet
from campaigns.selectors import registrations as selectors
from campaigns.services import registrations as services
from thidua.core.paging import paginate
from thidua.org.models import Unit
from thidua.org.permissions import can_write_unit, get_unit_for_user, scope_for
from thidua.titles.models import Title

Status = RegistrationSheet.Status
SECTION_PAGE_SIZE = 20
# "Register all my people" registers them for Lao động tiên tiến, found by its code in the titles catalogue.
LDTT_CODE = "ldtt"


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else None


def _year(value: int | None) -> int:
    year = value or selectors.current_year()
    if not 1945 <= year <= 2100:
        raise Http404(_("Năm thi đua không hợp lệ."))
    return year


def _sheet_url(unit_id: int, year: int, anchor: str = "") -> str:
    return _sheet_path(unit_id, get_script_prefix()) + "?" + urlencode({"year": year}) + anchor


@functools.lru_cache(maxsize=4096)
def _sheet_path(unit_id: int, script_prefix: str) -> str:
    """The path of a unit's sheet page, reversed once per unit (the script prefix is part of the key, as reverse()
    reads it): the list of sheets needs one for each of its rows, and reverse() costs more than all the rest of a
    row's values."""
    return reverse("registration_sheet", args=[unit_id])


def _ldtt() -> Title | None:
    return Title.objects.filter(code=LDTT_CODE, is_active=True).first()


def _on_form(form, exc: ValidationError) -> bool:
    """Put a service's refusal on the form when it names one of the form's fields (the page is shown again with
    it); otherwise the caller says it in a message above the sheet. Returns whether it went on the form."""
    if hasattr(exc, "error_dict") and any(name in form.fields for name in exc.error_dict):
        add_service_errors(form, exc)
        return True
    return False


def _render_sheet(request, unit: Unit, year: int, *, status: int = 200, **forms):
    """The sheet page; the action views render it again with their bound form when the input is refused."""
    sheet = selectors.sheet_for(unit, year)
    emulation_year = selectors.emulation_year(year)
    deadline_passed = selectors.deadline_passed(emulation_year)
    can_write = can_write_unit(request.user, unit)
    is_board = scope_for(request.user).is_board
    editable = can_write and (sheet is None or sheet.is_editable)
    collective = selectors.collective_registrations(sheet)
    people = paginate(request, selectors.sheet_people(unit, year, sheet))
    context = {
        "unit": unit,
        "year": year,
        "years": selectors.year_choices(extra=(year,)),
        "emulation_year": emulation_year,
        "deadline_passed": deadline_passed,
        "sheet": sheet,
        "can_write": can_write,
        "editable": editable,
        "can_submit": editable and sheet is not None and not deadline_passed,
        "is_board": is_board,
        "can_return": is_board and sheet is not None and sheet.status == Status.SUBMITTED,
        "can_approve": is_board and sheet is not None and sheet.status == Status.SUBMITTED,
        "can_accept_late": is_board and deadline_passed and sheet is not None and sheet.is_editable,
        "collective": collective,
        "people": people,
        "counts": selectors.sheet_counts(unit, year),
        "events": selectors.sheet_events(sheet),
        "individual_titles": selectors.individual_titles() if editable else [],
        "ldtt": _ldtt() if editable else None,
        "children": paginate(request, selectors.visible_children(request.user, unit), param="sub_page"),
        "collective_form": forms.get("collective_form")
        or CollectiveTitleForm(initial={"title": collective[0].title_id if collective else None}),
        "add_form": forms.get("add_form"),
        "return_form": forms.get("return_form") or ReturnForm(),
        "approve_form": forms.get("approve_form") or ApproveForm(),
        "late_form": forms.get("late_form") or ApproveForm(),
    }
    return render(request, "campaigns/registrations/sheet.html", context, status=status)


def _sheet_rows(sheets) -> list[RegistrationSheet]:
    """The sheets of a page of the list, each with what its row shows worked out here, once per page, rather than
    by template tags row by row (translations, date formats, URLs), which cost a full page more than its queries:
    url (the sheet's page for that year), status_label, submitted_label (local "H:i d/m/Y", "" if not
    submitted), select_label (the label of its checkbox for bulk approval) and renamed_note ("(nay là ...)" when
    the unit has been renamed since, else "")."""
    labels = {value: str(label) for value, label in Status.choices}
    select, renamed = _("Chọn bản của %(name)s"), _("(nay là %(name)s)")
    zone = timezone.get_current_timezone()
    rows = list(sheets)
    for sheet in rows:
        sheet.url = _sheet_url(sheet.unit_id, sheet.year)
        sheet.status_label = labels.get(sheet.status, sheet.status)
        submitted = sheet.submitted_at
        sheet.submitted_label = submitted.astimezone(zone).strftime("%H:%M %d/%m/%Y") if submitted else ""
        sheet.select_label = select % {"name": sheet.unit_name}
        sheet.renamed_note = renamed % {"name": sheet.unit_name_now} if sheet.unit_name_now != sheet.unit_name else ""
    return rows


@login_required
@require_GET
def sheet_list(request):
    """The sheets of a year: the board's work list (with bulk approval); others see their own units' sheets."""
    year = _year(_int_param(request, "year"))
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    kind_id = _int_param(request, "kind")
    cluster_id = _int_param(request, "cluster")
    q = request.GET.get("q", "").strip()
    counts = selectors.status_counts(request.user, year=year)
    page = paginate(
        request,
        selectors.sheet_list(request.user, year=year, status=status, kind_id=kind_id, cluster_id=cluster_id, q=q),
    )
    page.object_list = _sheet_rows(page.object_list)
    return render(
        request,
        "campaigns/registrations/sheet_list.html",
        {
            "page": page,
            "year": year,
            "years": selectors.year_choices(extra=(year,)),
            "status": status,
            "statuses": Status.choices,
            "status_stats": [(value, label, counts[value]) for value, label in Status.choices],
            "kind_id": kind_id,
            "kinds": [(kind.pk, kind.name) for kind in selectors.unit_kinds()],
            "cluster_id": cluster_id,
            "clusters": [(term.cluster_id, term.cluster.name) for term in selectors.cluster_terms(year)],
            "q": q,
            "filtered": bool(status or kind_id or cluster_id or q),
            "is_board": scope_for(request.user).is_board,
            "has_submitted": any(sheet.status == Status.SUBMITTED for sheet in page.object_list),
            "own_units": selectors.own_units(request.user),
            "emulation_year": selectors.emulation_year(year),
        },
    )


@login_required
@require_GET
def sheet_detail(request, unit_pk: int):
    unit = get_unit_for_user(request.user, unit_pk)
    return _render_sheet(request, unit, _year(_int_param(request, "year")))


@login_required
@require_POST
def collective_set(request, unit_pk: int, year: int):
    unit = get_unit_for_user(request.user, unit_pk, write=True)
    year = _year(year)
    form = CollectiveTitleForm(request.POST)
    if form.is_valid():
        title = form.cleaned_data["title"]
        try:
            # The sheet comes into being with its first change (a page view writes nothing).
            sheet = services.sheet_get_or_create(actor=request.user, unit=unit, year=year)
            services.sheet_set_collective_title(actor=request.user, sheet=sheet, title=title)
        except ValidationError as exc:
            if not _on_form(form, exc):
                messages.error(request, " ".join(exc.messages))
                return redirect(_sheet_url(unit.pk, year))
        else:
            if title:
                messages.success(request, _("Đã đăng ký danh hiệu tập thể «%(title)s».") % {"title": title})
            else:
                messages.success(request, _("Đã bỏ đăng ký danh hiệu tập thể."))
            return redirect(_sheet_url(unit.pk, year))
    return _render_sheet(request, unit, year, collective_form=form)


@login_required
@require_POST
def registration_add(request, unit_pk: int, year: int):
    unit = get_unit_for_user(request.user, unit_pk, write=True)
    year = _year(year)
    form = RegistrationAddForm(request.POST, unit=unit)
    if form.is_valid():
        person, title = form.cleaned_data["person"], form.cleaned_data["title"]
        try:
            sheet = services.sheet_get_or_create(actor=request.user, unit=unit, year=year)
            services.registration_add(actor=request.user, sheet=sheet, person=person, title=title)
        except ValidationError as exc:
            if not _on_form(form, exc):
                messages.error(request, " ".join(exc.messages))
                return redirect(_sheet_url(unit.pk, year, "#people"))
        else:
            messages.success(
                request, _("Đã đăng ký %(person)s: «%(title)s».") % {"person": person.full_name, "title": title}
            )
            return redirect(_sheet_url(unit.pk, year, "#people"))
    return _render_sheet(request, unit, year, add_form=form)


@login_required
@require_POST
def registration_remove(request, pk: int):
    registration = selectors.get_registration_for_user(request.user, pk, write=True)
    sheet = registration.sheet
    who = registration.person.full_name if registration.person_id else sheet.unit_name
    try:
        services.registration_remove(actor=request.user, registration=registration)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã bỏ đăng ký «%(title)s» của %(who)s.") % {"title": registration.title, "who": who}
        )
    return redirect(_sheet_url(sheet.unit_id, sheet.year, "#people"))


@login_required
@require_POST
def register_all(request, unit_pk: int, year: int):
    unit = get_unit_for_user(request.user, unit_pk, write=True)
    year = _year(year)
    title = _ldtt()
    if title is None:
        messages.error(request, _("Danh hiệu «Lao động tiên tiến» không còn được áp dụng."))
        return redirect(_sheet_url(unit.pk, year))
    try:
        sheet = services.sheet_get_or_create(actor=request.user, unit=unit, year=year)
        added = services.registration_register_all(actor=request.user, sheet=sheet, title=title)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if added:
            messages.success(
                request,
                _("Đã đăng ký danh hiệu «%(title)s» cho %(count)d cá nhân.") % {"title": title, "count": added},
            )
        else:
            messages.info(
                request, _("Mọi cá nhân đang công tác đều đã đăng ký danh hiệu «%(title)s».") % {"title": title}
            )
    return redirect(_sheet_url(unit.pk, year, "#people"))


@login_required
@require_POST
def sheet_submit(request, unit_pk: int, year: int):
    unit = get_unit_for_user(request.user, unit_pk, write=True)
    year = _year(year)
    sheet = selectors.sheet_for(unit, year)
    if sheet is None:
        messages.error(request, _("Bản đăng ký chưa có danh hiệu nào."))
        return redirect(_sheet_url(unit.pk, year))
    try:
        services.sheet_submit(actor=request.user, sheet=sheet)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã gửi bản đăng ký thi đua năm %(year)s đến Vụ Thi đua - Khen thưởng.") % {"year": year}
        )
    return redirect(_sheet_url(unit.pk, year))


@login_required
@require_POST
def sheet_return(request, pk: int):
    sheet = selectors.get_sheet_for_user(request.user, pk, decide=True)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.sheet_return(actor=request.user, sheet=sheet, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            if not _on_form(form, exc):
                messages.error(request, " ".join(exc.messages))
                return redirect(_sheet_url(sheet.unit_id, sheet.year))
        else:
            messages.success(request, _("Đã trả lại bản đăng ký của %(unit)s.") % {"unit": sheet.unit_name})
            return redirect(_sheet_url(sheet.unit_id, sheet.year))
    return _render_sheet(request, sheet.unit, sheet.year, return_form=form)


@login_required
@require_POST
def sheet_approve(request, pk: int):
    """Approve a submitted sheet or, after the deadline, accept one the unit did not send (reason required)."""
    sheet = selectors.get_sheet_for_user(request.user, pk, decide=True)
    late = sheet.is_editable
    form = ApproveForm(request.POST)
    if form.is_valid():
        try:
            services.sheet_approve(actor=request.user, sheet=sheet, late_reason=form.cleaned_data["late_reason"])
        except ValidationError as exc:
            if not _on_form(form, exc):
                messages.error(request, " ".join(exc.messages))
                return redirect(_sheet_url(sheet.unit_id, sheet.year))
        else:
            if late:
                message = _("Đã chấp nhận sau hạn bản đăng ký của %(unit)s.")
            else:
                message = _("Đã duyệt bản đăng ký của %(unit)s.")
            messages.success(request, message % {"unit": sheet.unit_name})
            return redirect(_sheet_url(sheet.unit_id, sheet.year))
    return _render_sheet(request, sheet.unit, sheet.year, **{"late_form" if late else "approve_form": form})


@login_required
@require_POST
def bulk_approve(request):
    """Approve the chosen sheets one by one; those that cannot be approved are listed with the reason."""
    if not scope_for(request.user).is_board:
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được duyệt bản đăng ký."))
    form = BulkApproveForm(request.POST, sheets=selectors.visible_sheets(request.user))
    back = request.POST.get("next", "")
    if not back.startswith(reverse("registration_sheet_list")):
        back = reverse("registration_sheet_list")
    if not form.is_valid():
        for error in form.errors.get("sheets", []):
            messages.error(request, error)
        return redirect(back)
    sheets = form.cleaned_data["sheets"].order_by("unit_name", "pk")
    result = services.sheets_approve(actor=request.user, sheets=sheets)
    if result.approved:
        messages.success(request, _("Đã duyệt %(count)d bản đăng ký.") % {"count": len(result.approved)})
    for sheet, reason in result.refused:
        messages.error(
            request, _("Không duyệt được bản của %(unit)s: %(reason)s") % {"unit": sheet.unit_name, "reason": reason}
        )
    return redirect(back)
