"""The room's screen, the verification pages and the receipt lookup.

The screen (and the JSON it polls) shows turnout only, never a vote figure, until the session is counted. The
verification page and the JSON bulletin publish, after the close, who voted (not how), every ballot with its marks
and chain hash, the heads and the totals recomputed from the published ballots. The receipt lookup needs no account.
"""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.paging import SECTION_PAGE_SIZE, paginate

from .. import services
from ..forms.ballot import ReceiptForm
from ..models import BallotSession
from ..permissions import get_session_for_user
from ..selectors import public as selectors

Status = BallotSession.Status
# The room screen asks for the turnout this often (milliseconds).
SCREEN_POLL_MS = 2000


@never_cache
@require_http_methods(["GET", "POST"])
def ballot_receipt(request):
    """A voter's ballot by its receipt, once the session is closed: the marks as stored, valid or not, its chain
    hash and whether the chain verifies. Nothing about who cast it.

    `?r=<receipt>` works; the page's own form posts instead, so that the receipt stays out of URLs and access
    logs, which would tie it to the device that looked it up."""
    data = request.POST if request.method == "POST" else request.GET
    form = ReceiptForm(data if "r" in data else None)
    context = {"form": form, "ballot": None}
    if not form.is_bound:
        return render(request, "voting/public/receipt.html", context)
    if not form.is_valid():
        return render(request, "voting/public/receipt.html", context, status=400)
    ballot = selectors.ballot_by_receipt(form.cleaned_data["r"])
    if ballot is None:
        form.add_error("r", _("Không tìm thấy phiếu nào có mã biên nhận này."))
        return render(request, "voting/public/receipt.html", context, status=404)
    context["ballot"] = ballot
    if ballot.session.status in selectors.PUBLISHED:
        context["marks"] = selectors.ballot_marks(ballot)
        context["verified"] = services.session_verify(ballot.session)
    return render(request, "voting/public/receipt.html", context)


def _screen_data(session: BallotSession) -> dict:
    turnout = selectors.turnout(session)
    return {
        "status": session.status,
        "status_label": session.get_status_display(),
        "entitled": turnout.entitled,
        "present": turnout.present,
        "voted": turnout.voted,
        "share": turnout.share,
        "counted": session.status == Status.COUNTED,
    }


@login_required
@require_GET
def session_screen(request, pk: int):
    """The room's projector: turnout while the ballot runs, the results once counted."""
    session = get_session_for_user(request.user, pk)
    return render(
        request,
        "voting/public/screen.html",
        {
            "session": session,
            "screen": _screen_data(session),
            "results": selectors.results_by_pool(session),
            "poll_ms": SCREEN_POLL_MS,
        },
    )


@login_required
@require_GET
def session_screen_status(request, pk: int):
    """What the screen polls: status and turnout; no vote figure (the page reloads for the results)."""
    session = get_session_for_user(request.user, pk)
    return JsonResponse(_screen_data(session))


def _not_published(session: BallotSession) -> str:
    return _(
        "Phiên «%(session)s» chưa kết thúc bỏ phiếu (đang: «%(status)s»): dữ liệu kiểm tra được công bố khi đóng phiên."
    ) % {
        "session": session,
        "status": session.get_status_display(),
    }


@login_required
@require_GET
def session_verify(request, pk: int):
    """The published record of a closed session, and whether it adds up."""
    session = get_session_for_user(request.user, pk)
    if session.status not in selectors.PUBLISHED:
        return render(request, "voting/public/verify.html", {"session": session, "message": _not_published(session)})
    counted = session.status == Status.COUNTED
    return render(
        request,
        "voting/public/verify.html",
        {
            "session": session,
            "counted": counted,
            "chain_ok": services.session_verify(session),
            "fingerprint_ok": selectors.fingerprint_matches(session),
            "voters": paginate(request, selectors.voters(session), SECTION_PAGE_SIZE, param="voter_page"),
            "ballots": paginate(request, selectors.published_ballots(session), param="page"),
            "recount": selectors.recount(selectors.bulletin(session)) if counted else None,
            "results": selectors.results_by_pool(session),
            "receipt_form": ReceiptForm(),
        },
    )


@login_required
@require_GET
def session_bulletin(request, pk: int):
    """The bulletin as JSON, for a script that recomputes the chain, the fingerprint and the totals."""
    session = get_session_for_user(request.user, pk)
    if session.status not in selectors.PUBLISHED:
        return JsonResponse({"error": _not_published(session)}, status=409)
    return JsonResponse(selectors.bulletin(session), json_dumps_params={"ensure_ascii": False})
