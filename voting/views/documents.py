"""Portal views for the voting app's printed documents: a vote's minutes (Biên bản kiểm phiếu: drawn up, rendering
status polled, retried, marked signed, downloaded) and numbered paper ballots (printed with a number of copies,
status, retry, download), and a conference's bound pack (tài liệu hội nghị). The minutes are for the managers, and
for whoever sees the conference once signed; the paper ballots for the managers only; the pack, once bound, for
whoever sees the conference (it is what the delegates read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.documents.models import RenderedDocument
from thidua.documents.pages import document_state, pdf_response, status_response
from voting import services
from voting.forms.sessions import PrintPapersForm
from voting.models import BallotSession
from voting.permissions import can_manage_conference, get_conference_for_user, get_session_for_user
from voting.selectors import sessions as selectors

from .common import error

MINUTES, PAPERS = "minutes", "papers"


def owned_state(document: RenderedDocument | None, *, prefix: str, pk: int) -> dict:
    """document_state for a document whose status, retry and download URLs are named `<prefix>_status`,
    `<prefix>_retry`, `<prefix>_download` with the owner's pk."""
    return document_state(
        document,
        status_url=reverse(f"{prefix}_status", args=[pk]),
        retry_url=reverse(f"{prefix}_retry", args=[pk]),
        download_url=reverse(f"{prefix}_download", args=[pk]),
    )


def _state(document: RenderedDocument | None, *, kind: str, session: BallotSession) -> dict:
    return owned_state(document, prefix=f"session_{kind}", pk=session.pk)


def document_context(request, session: BallotSession, *, can_manage: bool) -> dict:
    """The session page's documents: the minutes (signed ones for everyone, any for the managers) and, for the
    managers, the paper ballots."""
    minutes = selectors.minutes_of(session)
    minutes_signed = minutes is not None and minutes.signed_at is not None
    return {
        "minutes": _state(minutes, kind=MINUTES, session=session) if can_manage or minutes_signed else None,
        "minutes_signed": minutes_signed,
        "papers": _state(selectors.papers_of(session), kind=PAPERS, session=session) if can_manage else None,
    }


def _document(request, pk: int, kind: str, *, manage: bool = False) -> tuple[BallotSession, RenderedDocument | None]:
    """The session (404 out of sight) and its document of `kind`, for who may have it (403 otherwise)."""
    session = get_session_for_user(request.user, pk, manage=manage)
    if kind == PAPERS:
        if not manage and not can_manage_conference(request.user, session.conference):
            raise PermissionDenied(_("Chỉ người điều hành hội nghị được tải phiếu bầu in sẵn."))
        return session, selectors.papers_of(session)
    document = selectors.minutes_of(session)
    signed = document is not None and document.signed_at is not None
    if not manage and not signed and not can_manage_conference(request.user, session.conference):
        raise PermissionDenied(_("Biên bản kiểm phiếu chưa được ký: chỉ người điều hành hội nghị được xem."))
    return session, document


def _status(request, pk: int, kind: str):
    _session, document = _document(request, pk, kind)
    return status_response(document, empty_label=_("Chưa lập"))


def _download(request, pk: int, kind: str, stem: str):
    session, document = _document(request, pk, kind)
    return pdf_response(document, f"{stem}-{session.title.name}-{session.conference.year}")


def _back(session: BallotSession, anchor: str):
    return redirect(reverse("session_detail", args=[session.pk]) + anchor)


# The minutes ----------------------------------------------------------------------------------------------------


@login_required
@require_POST
def minutes_issue(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    try:
        services.minutes_issue(actor=request.user, session=session)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("Đã lập biên bản kiểm phiếu; văn bản PDF đang được dựng."))
    return _back(session, "#minutes")


@login_required
@require_POST
def minutes_sign(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    try:
        services.minutes_mark_signed(actor=request.user, session=session)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("Đã ghi nhận Ban kiểm phiếu đã ký biên bản."))
    return _back(session, "#minutes")


def _retry(request, pk: int, kind: str):
    session, document = _document(request, pk, kind, manage=True)
    if document is None:
        raise Http404(_("Chưa có văn bản để dựng lại."))
    try:
        services.document_retry_for(actor=request.user, session=session, document=document)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("Đã yêu cầu dựng lại văn bản."))
    return _back(session, f"#{kind}")


@login_required
@require_POST
def minutes_retry(request, pk: int):
    return _retry(request, pk, MINUTES)


@login_required
@require_GET
def minutes_status(request, pk: int):
    return _status(request, pk, MINUTES)


@login_required
@require_GET
def minutes_download(request, pk: int):
    return _download(request, pk, MINUTES, "bien-ban-kiem-phieu")


# The paper ballots ----------------------------------------------------------------------------------------------


@login_required
@require_POST
def papers_print(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    form = PrintPapersForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["copies"]))
        return _back(session, "#papers")
    try:
        services.papers_print(actor=request.user, session=session, copies=form.cleaned_data["copies"])
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(
            request,
            _("Đang dựng %(n)s phiếu bầu in sẵn (PDF), đánh số từ 1.") % {"n": form.cleaned_data["copies"]},
        )
    return _back(session, "#papers")


@login_required
@require_POST
def papers_retry(request, pk: int):
    return _retry(request, pk, PAPERS)


@login_required
@require_GET
def papers_status(request, pk: int):
    return _status(request, pk, PAPERS)


@login_required
@require_GET
def papers_download(request, pk: int):
    return _download(request, pk, PAPERS, "phieu-bau")


# The conference pack --------------------------------------------------------------------------------------------


def pack_document(conference) -> RenderedDocument | None:
    if not conference.pack_id:
        return None
    return RenderedDocument.objects.defer("data").get(pk=conference.pack_id)


def _pack_back(conference):
    return redirect(reverse("conference_detail", args=[conference.pk]) + "#pack")


@login_required
@require_POST
def pack_build(request, pk: int):
    conference = get_conference_for_user(request.user, pk, manage=True)
    try:
        services.conference_pack_build(actor=request.user, conference=conference)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("Đã lập tài liệu hội nghị; văn bản PDF đang được dựng."))
    return _pack_back(conference)


@login_required
@require_POST
def pack_retry(request, pk: int):
    conference = get_conference_for_user(request.user, pk, manage=True)
    try:
        services.conference_pack_retry(actor=request.user, conference=conference)
    except ValidationError as exc:
        error(request, exc)
    else:
        messages.success(request, _("Đã yêu cầu dựng lại văn bản."))
    return _pack_back(conference)


@login_required
@require_GET
def pack_status(request, pk: int):
    return status_response(pack_document(get_conference_for_user(request.user, pk)), empty_label=_("Chưa lập"))


@login_required
@require_GET
def pack_download(request, pk: int):
    conference = get_conference_for_user(request.user, pk)
    return pdf_response(pack_document(conference), f"tai-lieu-{conference.name}")
