"""Portal views for the counting committee's paper entry, between the close and the count: each paper (its number,
its marks, spoiled or not; removed when entered by mistake) or the totals per candidate, with every check of the
paper services shown on its field, and the figures issued, returned, valid and invalid. Thin: a permission helper,
a form, one service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.paging import SECTION_PAGE_SIZE, paginate
from thidua.org.forms import add_service_errors
from voting import services
from voting.forms.paper import PaperBallotForm, PaperTotalsForm, candidate_field
from voting.models import BallotSession, PaperCount
from voting.permissions import get_session_for_user
from voting.selectors import sessions as selectors

from .common import error, int_param

BALLOTS, TOTALS = PaperCount.Mode.BALLOTS, PaperCount.Mode.TOTALS


def _page(request, session: BallotSession, *, ballot_form=None, totals_form=None):
    pools = selectors.session_pools(session)
    summary = services.paper_summary(session)
    papers = paginate(request, selectors.paper_ballots(session), SECTION_PAGE_SIZE, param="paper_page")
    # The mode is the one the committee started with; before anything is entered it may choose.
    if summary.mode == TOTALS:
        mode = TOTALS
    elif papers.paginator.count:
        mode = BALLOTS
    else:
        mode = TOTALS if (request.GET.get("mode") == TOTALS or totals_form is not None) else BALLOTS
    if totals_form is None:
        initial = {"returned": summary.returned, "valid": summary.valid, "invalid": summary.invalid}
        if summary.mode == TOTALS:
            initial |= {candidate_field(cid): votes for cid, votes in selectors.paper_totals(session).items()}
        totals_form = PaperTotalsForm(pools=pools, initial=initial if summary.mode == TOTALS else None)
    return render(
        request,
        "voting/manage/paper.html",
        {
            "session": session,
            "conference": session.conference,
            "pools": pools,
            "summary": summary,
            "papers": papers,
            "mode": mode,
            "editable": session.status == BallotSession.Status.CLOSED,
            # The next number after the highest entered: papers are usually entered in the order of their numbers.
            "ballot_form": ballot_form
            or PaperBallotForm(pools=pools, initial={"paper_number": selectors.next_paper_number(session)}),
            "totals_form": totals_form,
        },
    )


@login_required
@require_GET
def paper_entry(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    return _page(request, session)


@login_required
@require_POST
def paper_ballot_enter(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    form = PaperBallotForm(request.POST, pools=selectors.session_pools(session))
    if form.is_valid():
        number = form.cleaned_data["paper_number"]
        try:
            services.paper_ballot_enter(
                actor=request.user,
                session=session,
                paper_number=number,
                marks=form.marks(),
                spoiled=form.cleaned_data["spoiled"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã nhập phiếu số %(n)s.") % {"n": number})
            return redirect(reverse("paper_entry", args=[session.pk]) + "#ballot-form")
    return _page(request, session, ballot_form=form)


@login_required
@require_POST
def paper_ballot_remove(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    number = int_param(request.POST, "paper_number")
    if number is None:
        messages.error(request, _("Số phiếu phải là một số nguyên dương."))
    else:
        try:
            services.paper_ballot_remove(actor=request.user, session=session, paper_number=number)
        except ValidationError as exc:
            error(request, exc)
        else:
            messages.success(request, _("Đã xóa phiếu số %(n)s đã nhập.") % {"n": number})
    return redirect(reverse("paper_entry", args=[session.pk]) + "#papers")


@login_required
@require_POST
def paper_totals_enter(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    form = PaperTotalsForm(request.POST, pools=selectors.session_pools(session))
    if form.is_valid():
        try:
            services.paper_totals_enter(actor=request.user, session=session, totals=form.totals(), **form.figures())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kết quả phiếu giấy theo tổng số."))
            return redirect(reverse("paper_entry", args=[session.pk]))
    return _page(request, session, totals_form=form)
