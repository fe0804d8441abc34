"""The ballot page, on the delegate's phone: no account, the one-time code is the credential.

The HTTP contract (load tests and the benchmark depend on it): GET the page for the form and its CSRF token; POST
`code` and `c<candidate id>` = "1" (agree) or "0"/absent (not agree). 200 with the receipt (`data-receipt`);
409 when the code was used, a paper ballot was taken, or the session is not open; 400 for a wrong code or bad input.

Secrecy: no Django session and no message is written, the receipt is rendered in the POST's answer (never put in a
URL or a cookie), nothing is cached (Cache-Control: no-store), and nothing about the code or the marks is logged.
"""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from thidua.org.forms import add_service_errors

from .. import services
from ..forms.ballot import BallotForm, CodeForm
from ..models import BallotSession
from ..selectors import public as selectors

# What the service's refusals mean over HTTP: the request was right but its moment is not (409), or it was wrong.
CONFLICTS = {"closed", "used"}


def _ballot_page(request, session: BallotSession, form: BallotForm, *, status: int = 200):
    return render(
        request,
        "voting/public/ballot.html",
        {"session": session, "form": form, "over_quota": form.over_quota() if form.is_bound else []},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ballot(request, pk: int):
    session = selectors.ballot_session(pk)
    if request.method == "GET" and session.status != BallotSession.Status.OPEN:
        return render(request, "voting/public/not_open.html", {"session": session})
    pools = selectors.session_pools(session)
    if request.method == "GET":
        return _ballot_page(request, session, BallotForm(pools=pools))
    form = BallotForm(request.POST, pools=pools)
    if not form.is_valid():
        return _ballot_page(request, session, form, status=400)
    try:
        receipt = services.ballot_cast(session=session, code=form.cleaned_data["code"], marks=form.marks())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _ballot_page(request, session, form, status=409 if getattr(exc, "code", None) in CONFLICTS else 400)
    return render(
        request,
        "voting/public/cast.html",
        {"session": session, "receipt": receipt, "valid": not form.over_quota()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def ballot_start(request):
    """Voting without the QR code: the delegate types their code, which finds the open session that issued it."""
    if request.method == "GET":
        return render(request, "voting/public/start.html", {"form": CodeForm()})
    form = CodeForm(request.POST)
    session_id = None
    if form.is_valid():
        session_id = selectors.open_session_for_code(form.cleaned_data["code"])
        if session_id is None:
            form.add_error("code", _("Mã bỏ phiếu không đúng, hoặc phiên bỏ phiếu của mã này không mở."))
    if session_id is None:
        return render(request, "voting/public/start.html", {"form": form}, status=400)
    session = selectors.ballot_session(session_id)
    ballot_form = BallotForm(initial={"code": form.cleaned_data["code"]}, pools=selectors.session_pools(session))
    return _ballot_page(request, session, ballot_form)
