"""Portal views for ballot sessions: created at a cluster conference (title, chained or not, pools, settings) or at
a council meeting (the nominations before it), the settings of a draft, the session's page (turnout only until the
count, then the result), and the chair's actions: open (the one-time codes, shown once as printable slips with a
QR code), reissue a lost code, hand out paper ballots, close, count, run-off, publish. Thin: a permission helper,
a form, one service call."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.paging import paginate
from thidua.core.search import vi
from thidua.org.forms import add_service_errors
from thidua.titles.models import Title
from voting import services
from voting.forms.sessions import (
    CouncilPickForm,
    CouncilSessionForm,
    PapersIssueForm,
    PoolFormSet,
    PrintPapersForm,
    ReissueForm,
    SessionForm,
    SettingsForm,
)
from voting.models import BallotSession, Conference, Delegate
from voting.permissions import can_manage_conference, get_conference_for_user, get_session_for_user
from voting.selectors import conferences as conference_selectors
from voting.selectors import sessions as selectors

from .common import error, int_param
from .documents import document_context

Status = BallotSession.Status
CODE_GROUP = 5


# Creating a session ---------------------------------------------------------------------------------------------


def _split_errors(exc: ValidationError) -> tuple[ValidationError | None, list[str]]:
    """A service's refusal split into what the main form shows and what is about the pools."""
    if not hasattr(exc, "error_dict"):
        return exc, []
    rest = {name: errors for name, errors in exc.error_dict.items() if name != "pools"}
    pools = [message for error_ in exc.error_dict.get("pools", []) for message in error_.messages]
    return (ValidationError(rest) if rest else None), pools


def _initial_pools(request, conference: Conference, chained: BallotSession | None) -> list[dict]:
    """The pools the form starts with: one pool of every member (or of the chained session's winners), one per
    kind of unit (?split=kind), or ?pools=N empty ones."""
    if request.GET.get("split") == "kind":
        return conference_selectors.pools_by_kind(conference)
    count = int_param(request.GET, "pools")
    if count:
        return [{"quota": 1} for _n in range(min(count, 20))]
    if chained is not None:
        winners = [c.unit for c in services.session_winners(chained)]
        return [{"name": chained.title.name, "quota": max(len(winners), 1), "units": winners}]
    return [
        {"name": _("Các đơn vị thành viên"), "quota": 1, "units": list(conference_selectors.member_units(conference))}
    ]


def _cluster_session_create(request, conference: Conference):
    units = conference_selectors.member_units(conference)
    chained = conference_selectors.counted_first_rounds(conference)
    form_kwargs = {"units": units, "empty_permitted": True, "use_required_attribute": False}
    pool_errors: list[str] = []
    if request.method == "POST":
        form = SessionForm(request.POST, titles=conference_selectors.collective_titles(), chained=chained)
        pools = PoolFormSet(request.POST, form_kwargs=form_kwargs, prefix="pools")
        if form.is_valid() and pools.is_valid():
            data = form.cleaned_data
            try:
                session = services.session_create(
                    actor=request.user,
                    conference=conference,
                    title=data["title"],
                    chained_from=data["chained_from"],
                    pools=[
                        services.PoolInput(name=p["name"], quota=p["quota"], units=list(p["units"]))
                        for p in pools.pools()
                    ],
                    **form.settings(),
                )
            except ValidationError as exc:
                rest, pool_errors = _split_errors(exc)
                if rest is not None:
                    add_service_errors(form, rest)
            else:
                messages.success(request, _("Đã tạo phiên bỏ phiếu «%(title)s».") % {"title": session.title.name})
                return redirect("session_detail", pk=session.pk)
    else:
        source = chained.filter(pk=int_param(request.GET, "from") or 0).first()
        initial = SettingsForm.initial_from(services.Settings())
        if source is not None:
            initial["chained_from"] = source.pk
        form = SessionForm(initial=initial, titles=conference_selectors.collective_titles(), chained=chained)
        spare = [{"quota": 1}]
        pools = PoolFormSet(
            initial=_initial_pools(request, conference, source) + spare, form_kwargs=form_kwargs, prefix="pools"
        )
    return render(
        request,
        "voting/manage/session_form.html",
        {
            "conference": conference,
            "form": form,
            "pools": pools,
            "pool_errors": pool_errors,
            "chained": list(chained),
            "more_pools": len(pools.forms) + 1,
        },
    )


def _council_session_create(request, conference: Conference):
    before = conference_selectors.council_titles(conference.year)
    titles = Title.objects.filter(pk__in=[t.pk for t in before])
    source = request.POST if request.method == "POST" else request.GET
    pick = CouncilPickForm(source if "title" in source else None, titles=titles, auto_id="pick_%s")
    form = title = None
    if pick.is_bound and pick.is_valid():
        title = pick.cleaned_data["title"]
        nominations = conference_selectors.council_nominations(title=title, year=conference.year)
        if request.method == "POST":
            form = CouncilSessionForm(request.POST, titles=titles, nominations=nominations)
            if form.is_valid():
                try:
                    session = services.council_session_create(
                        actor=request.user,
                        conference=conference,
                        title=title,
                        nominations=list(form.cleaned_data["nominations"]),
                        **form.settings(),
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Đã tạo phiên bỏ phiếu «%(title)s».") % {"title": title.name})
                    return redirect("session_detail", pk=session.pk)
        else:
            initial = {
                **SettingsForm.initial_from(services.council_defaults(title)),
                "title": title.pk,
                "nominations": list(nominations),
            }
            form = CouncilSessionForm(initial=initial, titles=titles, nominations=nominations)
    return render(
        request,
        "voting/manage/council_session_form.html",
        {
            "conference": conference,
            "pick": pick,
            "form": form,
            "chosen": title.pk if title else None,
            "titles": before,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request, pk: int):
    conference = get_conference_for_user(request.user, pk, manage=True)
    if conference.is_council:
        return _council_session_create(request, conference)
    return _cluster_session_create(request, conference)


@login_required
@require_http_methods(["GET", "POST"])
def session_settings(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    if session.status != Status.DRAFT:
        messages.error(request, _("Chỉ sửa cấu hình khi phiên đang chuẩn bị."))
        return redirect("session_detail", pk=session.pk)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update_settings(actor=request.user, session=session, **form.settings())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu cấu hình phiên bỏ phiếu."))
            return redirect("session_detail", pk=session.pk)
    return render(request, "voting/manage/session_settings.html", {"form": form, "session": session})


@login_required
@require_POST
def session_delete(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    try:
        services.session_delete(actor=request.user, session=session)
    except ValidationError as exc:
        error(request, exc)
        return redirect("session_detail", pk=session.pk)
    messages.success(request, _("Đã xóa phiên bỏ phiếu «%(title)s».") % {"title": session.title.name})
    return redirect(reverse("conference_detail", args=[session.conference_id]) + "#sessions")


# The session's page ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def session_detail(request, pk: int):
    session = get_session_for_user(request.user, pk)
    conference = session.conference
    can_manage = can_manage_conference(request.user, conference)
    vote = selectors.vote_of(session)
    started = session.status != Status.DRAFT
    voters = None
    if can_manage and session.status in (Status.OPEN, Status.CLOSED):
        voters = paginate(request, selectors.session_voters(session))
    context = {
        "session": session,
        "conference": conference,
        "can_manage": can_manage,
        "vote": vote,
        "pools": selectors.session_pools(session),
        "counted": session.status == Status.COUNTED,
        "turnout": selectors.turnout(session) if started else None,
        "figures": conference_selectors.delegate_figures(conference) if session.status == Status.DRAFT else None,
        "voters": voters,
        "result": session.result if session.status == Status.COUNTED else None,
        "published": selectors.published_nominations(vote),
        "runoff_pending": session.status == Status.COUNTED and bool(session.result.get("runoff")),
        "print_form": PrintPapersForm(initial={"copies": session.present_count or 1}) if can_manage else None,
        "timeline": [
            (_("Mở bỏ phiếu"), session.opened_at),
            (_("Kết thúc bỏ phiếu"), session.closed_at),
            (_("Kiểm phiếu"), session.counted_at),
            (_("Công bố kết quả"), vote.root.published_at),
        ],
        **document_context(request, session, can_manage=can_manage),
    }
    return render(request, "voting/manage/session_detail.html", context)


# Opening: the codes, shown once ---------------------------------------------------------------------------------


def _grouped(code: str) -> str:
    return " ".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def _slips(request, session: BallotSession, codes: dict[int, str]) -> list[dict]:
    """One cut-out slip per delegate: unit, name, the code in groups of 5 and its QR code (the ballot's address
    with the code after "#", which a browser never sends to the server, so no log keeps it), drawn as SVG here."""
    url = request.build_absolute_uri(reverse("ballot", args=[session.pk]))
    delegates = (
        Delegate.objects.filter(pk__in=codes).select_related("unit").order_by(vi("unit__name"), "full_name", "pk")
    )
    slips = []
    for delegate in delegates:
        code = codes[delegate.pk]
        qr = segno.make_qr(f"{url}#{code}", error="m")
        slips.append(
            {
                "delegate": delegate,
                "code": _grouped(code),
                # segno's own markup, from our URL and a code of ALPHABET: nothing a user typed.
                "qr": mark_safe(qr.svg_inline(scale=3, svgclass="slip-qr", lineclass=None)),
            }
        )
    return slips


def _codes_page(request, session: BallotSession, codes: dict[int, str], *, reissued: bool = False):
    return render(
        request,
        "voting/manage/codes.html",
        {
            "session": session,
            "conference": session.conference,
            "slips": _slips(request, session, codes),
            "start_url": request.build_absolute_uri(reverse("ballot_start")),
            "reissued": reissued,
        },
    )


@never_cache
@login_required
@require_POST
def session_open(request, pk: int):
    """Open the vote: the answer is the page of codes itself (never stored, never in the session or a message), so
    reloading it cannot show them again."""
    session = get_session_for_user(request.user, pk, manage=True)
    try:
        codes = services.session_open(actor=request.user, session=session)
    except ValidationError as exc:
        error(request, exc)
        return redirect("session_detail", pk=session.pk)
    session.refresh_from_db()
    return _codes_page(request, session, codes)


@never_cache
@login_required
@require_POST
def code_reissue(request, pk: int):
    """A new code for a delegate who lost theirs, shown once; the old one stops working."""
    session = get_session_for_user(request.user, pk, manage=True)
    form = ReissueForm(request.POST, delegates=selectors.session_voters(session))
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["delegate"]))
        return redirect(reverse("session_detail", args=[session.pk]) + "#voters")
    delegate = form.cleaned_data["delegate"]
    try:
        code = services.code_reissue(actor=request.user, session=session, delegate=delegate)
    except ValidationError as exc:
        error(request, exc)
        return redirect(reverse("session_detail", args=[session.pk]) + "#voters")
    return _codes_page(request, session, {delegate.pk: code}, reissued=True)


# The other actions ----------------------------------------------------------------------------------------------


@login_required
@require_POST
def papers_issue(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    form = PapersIssueForm(request.POST, delegates=selectors.waiting_voters(session))
    if not form.is_valid():
        messages.error(request, " ".join(m for errors in form.errors.values() for m in errors))
    else:
        try:
            count = services.papers_issue(actor=request.user, session=session, delegates=form.chosen())
        except ValidationError as exc:
            error(request, exc)
        else:
            messages.success(request, _("Đã ghi nhận phát %(n)s phiếu giấy.") % {"n": count})
    return redirect(reverse("session_detail", args=[session.pk]) + "#voters")


def _act(request, pk: int, action, success: str, anchor: str = ""):
    session = get_session_for_user(request.user, pk, manage=True)
    try:
        result = action(actor=request.user, session=session)
    except ValidationError as exc:
        error(request, exc)
        return redirect(reverse("session_detail", args=[session.pk]) + anchor)
    messages.success(request, success)
    target = result.pk if isinstance(result, BallotSession) else session.pk
    return redirect(reverse("session_detail", args=[target]) + anchor)


@login_required
@require_POST
def session_close(request, pk: int):
    return _act(request, pk, services.session_close, _("Đã kết thúc bỏ phiếu: phiên không nhận thêm phiếu."))


@login_required
@require_POST
def session_count(request, pk: int):
    return _act(request, pk, services.session_count, _("Đã kiểm phiếu."), "#result")


@login_required
@require_POST
def session_runoff(request, pk: int):
    return _act(request, pk, services.session_runoff, _("Đã tạo vòng bỏ phiếu lại giữa các ứng viên bằng phiếu."))


@login_required
@require_POST
def session_publish(request, pk: int):
    session = get_session_for_user(request.user, pk, manage=True)
    try:
        moved = services.session_publish(actor=request.user, session=session)
    except ValidationError as exc:
        error(request, exc)
    else:
        if session.conference.is_council:
            note = _("Đã công bố kết quả: %(n)s hồ sơ được chuyển tiếp hoặc trả lại.")
        else:
            note = _("Đã công bố kết quả: %(n)s hồ sơ đề nghị khen thưởng được lập cho các đơn vị trúng cử.")
        messages.success(request, note % {"n": len(moved)})
    return redirect(reverse("session_detail", args=[session.pk]) + "#published")
