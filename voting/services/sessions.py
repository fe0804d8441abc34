"""Writes of ballot sessions: create (a cluster's banner vote, chained or not, or the council's vote on the
nominations before it), change the settings of a draft, open (codes), reissue a lost code, count, run-off.
Casting and closing are in ballots.py, the paper count in paper.py. Each service validates, owns its transaction
and is audited (sessions, pools and candidates are registered; codes are not, see voting/apps.py)."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Nomination
from thidua.core.audit import acting_as
from thidua.core.vietnamese import sort_key
from thidua.org.models import Unit
from thidua.titles.models import Title
from voting import counting
from voting.models import BallotSession, Candidate, Conference, Delegate, Participation, Pool, VoterCode
from voting.permissions import require_manager

from .common import CODE_LENGTH, Status, code_hash, locked_session, random_code, require_status, round_ids

CSTD_TITLES = ("cstd-bo", "cstd-tq")


@dataclass
class PoolInput:
    """A pool to create: its name, quota and candidate units (empty on a chained session: all the winners)."""

    name: str
    quota: int
    units: Sequence[Unit] = field(default_factory=list)


@dataclass(frozen=True)
class Settings:
    """A session's settings as the form gives them; the defaults are those of a cluster's banner vote."""

    quorum: tuple[int, int] = (2, 3)
    threshold_percent: Decimal = Decimal(50)
    threshold_base: str = BallotSession.Base.VALID
    threshold_comparison: str = BallotSession.Comparison.MORE_THAN
    tie_rule: str = BallotSession.TieRule.RUNOFF
    ballot_form: str = BallotSession.Form.AGREE


def council_defaults(title: Title) -> Settings:
    """What the council usually applies: at least 90% of all its members for the Chiến sĩ thi đua titles, more than
    half of all its members otherwise; every nomination can pass (no run-off)."""
    if title.code in CSTD_TITLES:
        percent, comparison = Decimal(90), BallotSession.Comparison.AT_LEAST
    else:
        percent, comparison = Decimal(50), BallotSession.Comparison.MORE_THAN
    return Settings(
        threshold_percent=percent,
        threshold_base=BallotSession.Base.ENTITLED,
        threshold_comparison=comparison,
        tie_rule=BallotSession.TieRule.NONE,
    )


def session_winners(session: BallotSession) -> list[Candidate]:
    """The candidates a counted session (and its run-offs) elected, by round, pool then order."""
    return list(
        Candidate.objects.filter(session_id__in=round_ids(session), passed=True)
        .select_related("unit", "nomination")
        .order_by("session__round", "pool__order", "order", "pk")
    )


def _check_settings(settings: Settings) -> dict:
    errors = {}
    try:
        numerator, denominator = (int(n) for n in settings.quorum)
    except (TypeError, ValueError):
        numerator, denominator = -1, 0
    if denominator < 1 or numerator < 0 or numerator > denominator:
        errors["quorum"] = _("Tỷ lệ tối thiểu có mặt phải là một phân số từ 0 đến 1.")
    try:
        percent = Decimal(settings.threshold_percent)
    except (InvalidOperation, TypeError, ValueError):
        percent = Decimal(-1)
    if not Decimal(0) <= percent <= Decimal(100):
        errors["threshold_percent"] = _("Ngưỡng phải từ 0% đến 100%.")
    if settings.threshold_base not in BallotSession.Base.values:
        errors["threshold_base"] = _("Cơ sở tính ngưỡng không hợp lệ.")
    if settings.threshold_comparison not in BallotSession.Comparison.values:
        errors["threshold_comparison"] = _("Cách so sánh với ngưỡng không hợp lệ.")
    if settings.tie_rule not in BallotSession.TieRule.values:
        errors["tie_rule"] = _("Quy tắc khi bằng phiếu không hợp lệ.")
    if settings.ballot_form not in BallotSession.Form.values:
        errors["ballot_form"] = _("Mẫu phiếu không hợp lệ.")
    return errors


def _settings_fields(settings: Settings) -> dict:
    return {
        "quorum_numerator": int(settings.quorum[0]),
        "quorum_denominator": int(settings.quorum[1]),
        "threshold_percent": Decimal(settings.threshold_percent),
        "threshold_base": settings.threshold_base,
        "threshold_comparison": settings.threshold_comparison,
        "tie_rule": settings.tie_rule,
        "ballot_form": settings.ballot_form,
    }


def _settings_from(kwargs: dict) -> Settings:
    """Settings from the keyword arguments of the services (each optional, the default otherwise)."""
    names = Settings.__dataclass_fields__
    unknown = set(kwargs) - set(names)
    if unknown:
        raise TypeError(f"Unknown session settings: {sorted(unknown)}")
    return Settings(**kwargs)


def session_create(
    *,
    actor,
    conference: Conference,
    title: Title,
    pools: Sequence[PoolInput],
    chained_from: BallotSession | None = None,
    **settings,
) -> BallotSession:
    """Create a first-round session (draft) of a cluster conference with its pools and candidates (each with the
    unit's name of now). `settings`: quorum (a pair), threshold_percent, threshold_base, threshold_comparison,
    tie_rule, ballot_form; each has the default of Settings.

    A chained session (e.g. the Government banner) takes its candidates among the winners of `chained_from`
    (and its run-offs), a counted session of the same conference; a pool given without units takes them all.
    Rules: the conference's managers; a collective title; one first round per title and conference.
    Side effects: the BallotSession, Pools and Candidates; audited.
    """
    require_manager(actor, conference)
    chosen = _settings_from(settings)
    errors = _check_settings(chosen)
    if conference.kind != Conference.Kind.CLUSTER:
        errors["conference"] = _("Phiên họp Hội đồng bỏ phiếu về các hồ sơ đề nghị: dùng «Phiên xét hồ sơ».")
    if title.subject != Title.Subject.COLLECTIVE:
        errors["title"] = _("Chỉ bỏ phiếu cho danh hiệu dành cho tập thể.")
    winners: list[Unit] | None = None
    if chained_from is not None:
        chained_from = BallotSession.objects.get(pk=chained_from.pk)  # its status as stored, not as the caller saw it
        if chained_from.conference_id != conference.pk:
            errors["chained_from"] = _("Phiên lấy ứng viên phải thuộc cùng hội nghị.")
        elif chained_from.status != Status.COUNTED:
            errors["chained_from"] = _("Phiên lấy ứng viên chưa kiểm phiếu.")
        else:
            winners = [c.unit for c in session_winners(chained_from)]
            if not winners:
                errors["chained_from"] = _("Phiên lấy ứng viên không có đơn vị nào trúng cử.")
    if not pools:
        errors["pools"] = _("Phải có ít nhất một nhóm ứng viên.")
    seen: set[int] = set()
    names: set[str] = set()
    member_ids = set(conference.term.memberships.values_list("unit_id", flat=True)) if conference.term_id else set()
    for pool in pools:
        name = (pool.name or "").strip()
        units = list(pool.units) if pool.units or winners is None else list(winners)
        if not name or name in names:
            errors["pools"] = _("Mỗi nhóm ứng viên phải có một tên riêng.")
        names.add(name)
        if not isinstance(pool.quota, int) or pool.quota < 1:
            errors["pools"] = _("Số lượng được bầu của nhóm «%(name)s» phải từ 1 trở lên.") % {"name": name}
        if not units and "chained_from" not in errors:
            errors["pools"] = _("Nhóm «%(name)s» chưa có ứng viên.") % {"name": name}
        for unit in units:
            if unit.pk in seen:
                errors["pools"] = _("«%(unit)s» có mặt hai lần trong danh sách ứng viên.") % {"unit": unit.name}
            seen.add(unit.pk)
            if winners is not None and unit.pk not in {w.pk for w in winners}:
                errors["pools"] = _("«%(unit)s» không trúng cử ở phiên được lấy ứng viên.") % {"unit": unit.name}
            elif unit.pk not in member_ids:
                errors["pools"] = _("«%(unit)s» không phải thành viên của %(term)s.") % {
                    "unit": unit.name,
                    "term": conference.term,
                }
    if not errors and BallotSession.objects.filter(conference=conference, title=title, round=1).exists():
        errors["title"] = _("Hội nghị đã có phiên bỏ phiếu cho danh hiệu này.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        session = BallotSession.objects.create(
            conference=conference, title=title, chained_from=chained_from, **_settings_fields(chosen)
        )
        for position, pool in enumerate(pools):
            units = list(pool.units) if pool.units or winners is None else list(winners)
            _pool_create(session=session, name=pool.name.strip(), quota=pool.quota, order=position, units=units)
    return session


def council_session_create(
    *,
    actor,
    conference: Conference,
    title: Title,
    nominations: Sequence[Nomination] | None = None,
    **settings,
) -> BallotSession:
    """Create the council's vote on the nominations of one title before it (status "Hội đồng xét", the meeting's
    year): one pool, every nomination can pass. `settings` as session_create; by default council_defaults(title).
    Rules: the board; a council meeting; the nominations given (default: all of them) are before the council.
    Side effects: the BallotSession, its Pool and one Candidate per nomination; audited."""
    require_manager(actor, conference)
    chosen = _settings_from({**council_defaults(title).__dict__, **settings})
    errors = _check_settings(chosen)
    if conference.kind != Conference.Kind.COUNCIL:
        errors["conference"] = _("Chỉ phiên họp Hội đồng mới bỏ phiếu về hồ sơ đề nghị.")
    before = Nomination.objects.filter(title=title, year=conference.year, status=Nomination.Status.COUNCIL)
    if nominations is None:
        chosen_nominations = list(before.select_related("unit", "person"))
    else:
        wanted = {n.pk for n in nominations}
        chosen_nominations = list(before.filter(pk__in=wanted).select_related("unit", "person"))
        if len(chosen_nominations) != len(wanted):
            errors["nominations"] = _("Có hồ sơ không ở bước «Hội đồng xét» của danh hiệu và năm này.")
    if not chosen_nominations and "nominations" not in errors:
        errors["nominations"] = _("Không có hồ sơ «%(title)s» năm %(year)s nào đang chờ Hội đồng xét.") % {
            "title": title.name,
            "year": conference.year,
        }
    if not errors and BallotSession.objects.filter(conference=conference, title=title, round=1).exists():
        errors["title"] = _("Phiên họp đã có phiên bỏ phiếu cho danh hiệu này.")
    if errors:
        raise ValidationError(errors)
    chosen_nominations.sort(key=lambda n: (sort_key(n.unit_name or ""), sort_key(n.candidate_name), n.pk))
    with transaction.atomic(), acting_as(actor):
        session = BallotSession.objects.create(conference=conference, title=title, **_settings_fields(chosen))
        pool = Pool.objects.create(session=session, name=title.name, quota=len(chosen_nominations), order=0)
        for position, nomination in enumerate(chosen_nominations):
            Candidate.objects.create(
                pool=pool,
                nomination=nomination,
                unit=nomination.unit,
                name=nomination.candidate_name,
                detail=", ".join(p for p in (nomination.position, nomination.unit_name) if p),
                order=position,
            )
    return session


def _pool_create(
    *, session: BallotSession, name: str, quota: int, order: int, units: Sequence[Unit], names: Sequence[str] = ()
) -> Pool:
    """A pool and its candidates, named as the units are now unless `names` (a run-off keeps the first round's)."""
    pool = Pool.objects.create(session=session, name=name, quota=quota, order=order)
    for position, unit in enumerate(units):
        Candidate.objects.create(pool=pool, unit=unit, name=names[position] if names else unit.name, order=position)
    return pool


def session_update_settings(*, actor, session: BallotSession, **settings) -> BallotSession:
    """Change the settings of a draft session (the quorum, threshold, base, comparison, tie rule, form).
    Side effects: the session; audited."""
    require_manager(actor, session.conference)
    current = Settings(
        quorum=(session.quorum_numerator, session.quorum_denominator),
        threshold_percent=session.threshold_percent,
        threshold_base=session.threshold_base,
        threshold_comparison=session.threshold_comparison,
        tie_rule=session.tie_rule,
        ballot_form=session.ballot_form,
    )
    chosen = _settings_from({**current.__dict__, **settings})
    errors = _check_settings(chosen)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        locked = locked_session(session)
        require_status(
            locked, Status.DRAFT, message=_("Chỉ sửa cấu hình khi phiên đang chuẩn bị (đang: «%(status)s»).")
        )
        for name, value in _settings_fields(chosen).items():
            setattr(locked, name, value)
        locked.save()
    return locked


def session_delete(*, actor, session: BallotSession) -> None:
    """Delete a draft session with its pools and candidates (a run-off too: its first round then needs a new one).
    Side effects: the rows deleted; audited."""
    require_manager(actor, session.conference)
    with transaction.atomic(), acting_as(actor):
        locked = locked_session(session)
        require_status(locked, Status.DRAFT, message=_("Chỉ xóa được phiên đang chuẩn bị (đang: «%(status)s»)."))
        if locked.chained_sessions.exists() or locked.runoffs.exists():
            raise ValidationError(_("Phiên khác đang lấy ứng viên từ phiên này: xóa phiên đó trước."))
        Candidate.objects.filter(session=locked).delete()
        locked.pools.all().delete()
        locked.delete()


def session_open(*, actor, session: BallotSession) -> dict[int, str]:
    """Open a draft session: freeze the entitled (voting delegates) and present counts, and issue a one-time code
    to each present voting delegate. Returns {delegate id: code}: the plain codes exist only in this answer.
    Side effects: the session (open, opened_at, counts; audited), one VoterCode per present voting delegate."""
    require_manager(actor, session.conference)
    with transaction.atomic(), acting_as(actor):
        session = locked_session(session)
        if session.status != Status.DRAFT:
            raise ValidationError(_("Chỉ mở được phiên đang chuẩn bị."))
        if not session.candidates.exists():
            raise ValidationError(_("Phiên chưa có ứng viên."))
        voting = Delegate.objects.filter(conference_id=session.conference_id, is_voting=True)
        present = list(voting.filter(present_at__isnull=False).order_by("pk").values_list("pk", flat=True))
        if not present:
            raise ValidationError(_("Chưa có đại biểu có quyền biểu quyết nào điểm danh."))
        codes = {pk: random_code(CODE_LENGTH) for pk in present}
        VoterCode.objects.bulk_create(
            [
                VoterCode(session=session, delegate_id=pk, code_hash=code_hash(session_id=session.pk, code=code))
                for pk, code in codes.items()
            ]
        )
        session.entitled_count = voting.count()
        session.present_count = len(present)
        session.status = Status.OPEN
        session.opened_at = timezone.now()
        session.save(update_fields=["entitled_count", "present_count", "status", "opened_at"])
    return codes


def code_reissue(*, actor, session: BallotSession, delegate: Delegate) -> str:
    """A new code for a present voting delegate who lost theirs (the old one stops working). Rules: the session is
    open; the delegate has a code and has not voted nor received a paper ballot. Returns the new plain code.
    Side effects: the delegate's VoterCode replaced (not audited: it holds only a keyed hash)."""
    require_manager(actor, session.conference)
    with transaction.atomic():
        locked = locked_session(session)
        require_status(locked, Status.OPEN, message=_("Chỉ cấp lại mã khi phiên đang bỏ phiếu (đang: «%(status)s»)."))
        voter_code = VoterCode.objects.select_for_update().filter(session=locked, delegate=delegate).first()
        if voter_code is None:
            raise ValidationError(_("Đại biểu không có mã của phiên này (chưa điểm danh khi mở phiên)."))
        if Participation.objects.filter(session=locked, delegate=delegate).exists():
            raise ValidationError(_("Đại biểu đã bỏ phiếu hoặc đã nhận phiếu giấy: không cấp lại mã."))
        code = random_code(CODE_LENGTH)
        voter_code.code_hash = code_hash(session_id=locked.pk, code=code)
        voter_code.save(update_fields=["code_hash"])
    return code


# Count and run-off ----------------------------------------------------------------------------------------------


def session_count(*, actor, session: BallotSession) -> counting.Result:
    """Count a closed session (or count again a counted one: the result is the same): the electronic ballots, the
    paper ballots entered one by one and the paper totals, merged; store per candidate the votes, the percentage
    of the base, passed or not and why; the summary goes to session.result. The first count also continues the
    hash chain over the paper ballots (final_head).

    Rules: the paper count is complete (voting/services/paper.py, paper_check). Side effects: the Candidates'
    results, the paper ballots' chain hashes, the session (counted, counted_at, final_head, result); audited."""
    from .ballots import paper_chain
    from .paper import paper_check

    require_manager(actor, session.conference)
    with transaction.atomic(), acting_as(actor):
        session = locked_session(session)
        if session.status not in (Status.CLOSED, Status.COUNTED):
            raise ValidationError(_("Chỉ kiểm phiếu khi phiên bỏ phiếu đã kết thúc."))
        paper = paper_check(session)
        result = counting.session_result(session)
        candidates = {c.pk: c for c in session.candidates.all()}
        for item in result.candidates:
            candidate = candidates[item.candidate_id]
            candidate.votes = item.votes
            candidate.percent = item.percent
            candidate.passed = item.passed
            candidate.reason = item.reason
            candidate.save(update_fields=["votes", "percent", "passed", "reason"])
        links, final_head = paper_chain(session)
        if session.status == Status.CLOSED:
            from voting.models import Ballot

            for receipt, link in links:
                Ballot.objects.filter(session=session, receipt=receipt).update(chain_hash=link)
            session.final_head = final_head
        session.result = {
            "entitled": result.entitled,
            "present": result.present,
            "issued": result.present,
            "electronic": result.ballots - paper.returned,
            "paper_issued": paper.issued,
            "paper_returned": paper.returned,
            "ballots": result.ballots,
            "valid": result.valid,
            "invalid": result.invalid,
            "quorum_met": result.quorum_met,
            "base": result.base,
            "runoff": {
                str(pool): {"seats": seats, "candidates": list(ids)} for pool, (seats, ids) in result.runoff.items()
            },
        }
        session.status = Status.COUNTED
        session.counted_at = session.counted_at or timezone.now()
        session.save(update_fields=["result", "status", "counted_at", "final_head"])
    return result


def session_runoff(*, actor, session: BallotSession) -> BallotSession:
    """Create the next round among the candidates tied at a pool's quota edge, each pool with the places left;
    the same settings. Side effects: the run-off BallotSession (draft), its Pools and Candidates; audited."""
    require_manager(actor, session.conference)
    with transaction.atomic(), acting_as(actor):
        session = locked_session(session)
        if session.status != Status.COUNTED:
            raise ValidationError(_("Chỉ tạo vòng bỏ phiếu lại sau khi đã kiểm phiếu."))
        runoff = session.result.get("runoff") or {}
        if not runoff:
            raise ValidationError(_("Kết quả không có trường hợp bằng phiếu cần bỏ phiếu lại."))
        if session.runoffs.exists():
            raise ValidationError(_("Đã tạo vòng bỏ phiếu lại cho phiên này."))
        next_round = BallotSession.objects.create(
            conference_id=session.conference_id,
            title_id=session.title_id,
            round=session.round + 1,
            parent=session,
            chained_from_id=session.chained_from_id,
            quorum_numerator=session.quorum_numerator,
            quorum_denominator=session.quorum_denominator,
            threshold_percent=session.threshold_percent,
            threshold_base=session.threshold_base,
            threshold_comparison=session.threshold_comparison,
            tie_rule=session.tie_rule,
            ballot_form=session.ballot_form,
        )
        candidates = {c.pk: c for c in session.candidates.select_related("unit")}
        for pool in session.pools.order_by("order", "pk"):
            tied = runoff.get(str(pool.pk))
            if not tied:
                continue
            tied_candidates = [candidates[cid] for cid in tied["candidates"]]
            new_pool = Pool.objects.create(session=next_round, name=pool.name, quota=tied["seats"], order=pool.order)
            for position, candidate in enumerate(tied_candidates):
                Candidate.objects.create(
                    pool=new_pool,
                    unit=candidate.unit,
                    nomination_id=candidate.nomination_id,
                    name=candidate.name,
                    detail=candidate.detail,
                    order=position,
                )
    return next_round
