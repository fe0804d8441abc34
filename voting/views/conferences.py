"""Portal views for the meetings that vote: the list, a cluster's year-end conference or a council meeting created,
its page (details, delegates and their check-in, sessions, next year's leaders), its details edited, its delegates
added, changed and removed. Thin: a permission helper, a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.paging import paginate
from thidua.org.forms import add_service_errors
from thidua.org.permissions import scope_for
from thidua.org.selectors import emulation_year
from voting import services
from voting.forms.conferences import (
    ConferenceEditForm,
    ConferenceForm,
    CouncilMeetingForm,
    DelegateChangeForm,
    DelegateForm,
    LeadersForm,
)
from voting.models import Conference
from voting.permissions import can_create_conference, can_manage_conference, get_conference_for_user
from voting.selectors import conferences as selectors

from .common import back, error, int_param
from .documents import owned_state, pack_document


def conference_url(conference: Conference) -> str:
    return reverse("conference_detail", args=[conference.pk])


def _require_creator(request) -> None:
    if not can_create_conference(request.user):
        raise PermissionDenied(_("Chỉ Cụm trưởng và Vụ Thi đua - Khen thưởng được tổ chức hội nghị."))


def _require_board(request, message: str) -> None:
    if not scope_for(request.user).is_board:
        raise PermissionDenied(message)


# The list ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def conference_list(request):
    year = int_param(request.GET, "year")
    year = year if year and 1945 <= year <= 2100 else None
    kind = request.GET.get("kind", "")
    kind = kind if kind in Conference.Kind.values else ""
    page = paginate(request, selectors.conference_list(request.user, year=year, kind=kind))
    return render(
        request,
        "voting/manage/conference_list.html",
        {
            "page": page,
            "year": year,
            "years": sorted({emulation_year(), *selectors.conference_years(request.user)}, reverse=True),
            "kind": kind,
            "kinds": Conference.Kind.choices,
            "filtered": bool(year or kind),
            "can_create": can_create_conference(request.user),
            "is_board": scope_for(request.user).is_board,
        },
    )


# Creating a meeting --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request):
    """A cluster term's year-end conference, with one voting delegate per member unit."""
    _require_creator(request)
    terms = selectors.creatable_terms(request.user)
    initial = {"date": timezone.localdate(), "voting_per_unit": 1}
    term_id = int_param(request.GET, "term")
    if term_id:
        initial["term"] = term_id
    form = ConferenceForm(request.POST or None, terms=terms, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conference = services.conference_create(
                actor=request.user, term=data["term"], voting_per_unit=data["voting_per_unit"], **form.meeting()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã tạo «%(name)s» với %(n)s đại biểu của các đơn vị thành viên.")
                % {"name": conference.name, "n": conference.delegates.count()},
            )
            return redirect("conference_detail", pk=conference.pk)
    return render(request, "voting/manage/conference_form.html", {"form": form, "terms_empty": not terms.exists()})


@login_required
@require_http_methods(["GET", "POST"])
def council_meeting_create(request):
    """A meeting of the emulation council: its members as lines, for the Ministry by default."""
    _require_board(request, _("Chỉ Vụ Thi đua - Khen thưởng được tổ chức phiên họp Hội đồng."))
    ministry = selectors.ministry_unit()
    initial = {"date": timezone.localdate(), "year": emulation_year(), "unit": ministry.pk if ministry else None}
    form = CouncilMeetingForm(request.POST or None, units=selectors.council_units(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        members = [
            services.MemberInput(full_name=name, position=position, unit=data["unit"])
            for name, position in data["members"]
        ]
        try:
            conference = services.council_meeting_create(
                actor=request.user, year=data["year"], members=members, **form.meeting()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã tạo «%(name)s» với %(n)s thành viên.") % {"name": conference.name, "n": len(members)}
            )
            return redirect("conference_detail", pk=conference.pk)
    return render(request, "voting/manage/council_form.html", {"form": form})


# A meeting's page ----------------------------------------------------------------------------------------------


def _leaders_form(conference: Conference, data=None) -> LeadersForm:
    initial = {"date": timezone.localdate()}
    return LeadersForm(data, units=selectors.member_units(conference), initial=initial)


def _detail(request, conference: Conference, *, leaders_form: LeadersForm | None = None):
    can_manage = can_manage_conference(request.user, conference)
    is_board = scope_for(request.user).is_board
    delegates = paginate(request, selectors.conference_delegates(conference))
    show_leaders = is_board and not conference.is_council
    return render(
        request,
        "voting/manage/conference_detail.html",
        {
            "conference": conference,
            "delegates": delegates,
            "figures": selectors.delegate_figures(conference),
            "sessions": selectors.conference_sessions(conference),
            "can_manage": can_manage,
            "delegate_form": DelegateForm(units=selectors.delegate_units(conference), auto_id="add_%s")
            if can_manage
            else None,
            "leaders_form": (leaders_form or _leaders_form(conference)) if show_leaders else None,
            "appointment": conference.appointment,
            "pack": owned_state(pack_document(conference), prefix="conference_pack", pk=conference.pk),
        },
    )


@login_required
@require_GET
def conference_detail(request, pk: int):
    conference = get_conference_for_user(request.user, pk)
    return _detail(request, conference)


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request, pk: int):
    conference = get_conference_for_user(request.user, pk, manage=True)
    form = ConferenceEditForm(
        request.POST or None, conference=conference, initial=ConferenceEditForm.initial_for(conference)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.conference_update(actor=request.user, conference=conference, **form.details())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin hội nghị."))
            return redirect("conference_detail", pk=conference.pk)
    return render(request, "voting/manage/conference_edit.html", {"form": form, "conference": conference})


@login_required
@require_POST
def conference_appoint_leaders(request, pk: int):
    """Next year's leader and deputies (the board), and the draft decision appointing them."""
    conference = get_conference_for_user(request.user, pk)
    _require_board(request, _("Chỉ Vụ Thi đua - Khen thưởng được lập quyết định cử Cụm trưởng, Cụm phó."))
    if conference.is_council:
        raise PermissionDenied(_("Chỉ hội nghị tổng kết của cụm mới chọn Cụm trưởng, Cụm phó năm sau."))
    form = _leaders_form(conference, request.POST)
    if form.is_valid():
        try:
            decision = services.conference_appoint_leaders(
                actor=request.user, conference=conference, **form.appointment()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi Cụm trưởng, Cụm phó năm %(year)s; dự thảo quyết định: «%(subject)s».")
                % {"year": conference.year + 1, "subject": decision.subject},
            )
            return redirect(f"{conference_url(conference)}#leaders")
    return _detail(request, conference, leaders_form=form)


# Delegates -----------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def delegate_add(request, pk: int):
    conference = get_conference_for_user(request.user, pk, manage=True)
    form = DelegateForm(request.POST or None, units=selectors.delegate_units(conference))
    if request.method == "POST" and form.is_valid():
        try:
            delegate = services.delegate_add(
                actor=request.user, conference=conference, unit=form.cleaned_data["unit"], **form.values()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm đại biểu %(who)s.") % {"who": delegate})
            return redirect(f"{conference_url(conference)}#delegates")
    return render(request, "voting/manage/delegate_form.html", {"form": form, "conference": conference})


@login_required
@require_POST
def delegates_from_term(request, pk: int):
    conference = get_conference_for_user(request.user, pk, manage=True)
    try:
        created = services.delegates_from_term(actor=request.user, conference=conference)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("Đã thêm %(n)s đại biểu của các đơn vị thành viên.") % {"n": len(created)})
    return redirect(f"{conference_url(conference)}#delegates")


@login_required
@require_http_methods(["GET", "POST"])
def delegate_edit(request, pk: int):
    delegate = selectors.get_delegate_for_user(request.user, pk, manage=True)
    form = DelegateChangeForm(request.POST or None, initial=DelegateChangeForm.initial_for(delegate))
    if request.method == "POST" and form.is_valid():
        try:
            services.delegate_update(actor=request.user, delegate=delegate, **form.values())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu đại biểu %(who)s.") % {"who": delegate.full_name or delegate.unit})
            return redirect(f"{conference_url(delegate.conference)}#delegates")
    return render(
        request,
        "voting/manage/delegate_form.html",
        {"form": form, "conference": delegate.conference, "delegate": delegate},
    )


@login_required
@require_POST
def delegate_remove(request, pk: int):
    delegate = selectors.get_delegate_for_user(request.user, pk, manage=True)
    try:
        services.delegate_remove(actor=request.user, delegate=delegate)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("Đã xóa đại biểu %(who)s.") % {"who": delegate})
    return back(request, "conference_detail", delegate.conference_id, "#delegates")


@login_required
@require_POST
def delegate_check_in(request, pk: int):
    """Present (or, with present=0, not present): the roll call, one delegate at a time."""
    delegate = selectors.get_delegate_for_user(request.user, pk, manage=True)
    present = request.POST.get("present", "1") != "0"
    services.delegate_check_in(actor=request.user, delegate=delegate, present=present)
    return back(request, "conference_detail", delegate.conference_id, f"#delegate-{delegate.pk}")


@login_required
@require_POST
def delegates_check_in_all(request, pk: int):
    conference = get_conference_for_user(request.user, pk, manage=True)
    count = services.delegates_check_in_all(actor=request.user, conference=conference)
    messages.success(request, _("Đã điểm danh thêm %(n)s đại biểu.") % {"n": count})
    return back(request, "conference_detail", conference.pk, "#delegates")
