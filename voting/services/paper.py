"""Paper voting: handing out paper ballots to present delegates, and the counting committee's entry of the papers
returned (each paper, or the totals per candidate), with the checks of the count (issued ≥ returned = valid +
invalid; marks within each pool's quota). Paper and electronic ballots merge into one count (session_count).

A paper handed to a delegate is recorded as their Participation (channel paper): their electronic code then stops
working, so nobody votes twice. The papers entered carry the number printed on them, never a delegate."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from voting.models import Ballot, BallotSession, Candidate, Delegate, PaperCount, PaperTotal, Participation, VoterCode
from voting.permissions import require_manager

from .ballots import ballot_is_valid, ballot_store
from .common import Status, locked_session, require_status


@dataclass(frozen=True)
class PaperSummary:
    issued: int
    returned: int
    valid: int
    invalid: int
    mode: str


def papers_issue(*, actor, session: BallotSession, delegates: Sequence[Delegate] | None = None) -> int:
    """Hand out paper ballots: to the given present voting delegates (default: all of them who have neither voted
    nor received one). Returns how many were handed out. Rules: the session is open.
    Side effects: one Participation (channel paper) per delegate; not audited (like the casts, see ballots.py)."""
    require_manager(actor, session.conference)
    with transaction.atomic():
        locked = locked_session(session)
        require_status(
            locked, Status.OPEN, message=_("Chỉ phát phiếu giấy khi phiên đang bỏ phiếu (đang: «%(status)s»).")
        )
        coded = set(VoterCode.objects.filter(session=locked).values_list("delegate_id", flat=True))
        taken = set(Participation.objects.filter(session=locked).values_list("delegate_id", flat=True))
        if delegates is None:
            wanted = sorted(coded - taken)
        else:
            wanted = sorted({d.pk for d in delegates})
            absent = [d for d in delegates if d.pk not in coded]
            if absent:
                raise ValidationError(
                    _("%(who)s không có quyền bỏ phiếu ở phiên này (không có mặt khi mở phiên).")
                    % {"who": absent[0].full_name or absent[0].unit.name}
                )
            already = [d for d in delegates if d.pk in taken]
            if already:
                raise ValidationError(
                    _("%(who)s đã bỏ phiếu hoặc đã nhận phiếu giấy.")
                    % {"who": already[0].full_name or already[0].unit.name}
                )
        try:
            with transaction.atomic():
                Participation.objects.bulk_create(
                    [
                        Participation(session=locked, delegate_id=pk, channel=Participation.Channel.PAPER)
                        for pk in wanted
                    ]
                )
        except IntegrityError:
            raise ValidationError(_("Một đại biểu vừa bỏ phiếu điện tử: hãy tải lại trang và thử lại.")) from None
    return len(wanted)


def _issued(session: BallotSession) -> int:
    return Participation.objects.filter(session=session, channel=Participation.Channel.PAPER).count()


def _paper_count_for_ballots(session: BallotSession) -> PaperCount:
    count, _created = PaperCount.objects.get_or_create(session=session, defaults={"mode": PaperCount.Mode.BALLOTS})
    return count


def _printed(session: BallotSession) -> int | None:
    """How many numbered papers were printed for the session (papers_print), or None when none were."""
    if not session.papers_id:
        return None
    from thidua.documents.models import RenderedDocument

    copies = RenderedDocument.objects.filter(pk=session.papers_id).values_list("data__copies", flat=True).first()
    return int(copies) if copies is not None else None


def _candidates(session: BallotSession) -> dict[int, int]:
    return dict(Candidate.objects.filter(session=session).values_list("pk", "pool_id"))


def paper_ballot_enter(
    *, actor, session: BallotSession, paper_number: int, marks: Mapping[int, bool], spoiled: bool = False
) -> str:
    """Enter one paper ballot as the committee reads it: its printed number and its "agree" marks; `spoiled` for a
    paper that cannot be counted (torn, unreadable, marked outside the boxes). Over-quota marks make it invalid,
    as on a screen. Returns its receipt. Rules: the session is closed, not yet counted; the committee enters papers
    one by one (not totals); the number is entered once; no more papers than were handed out.
    Side effects: the PaperCount (created, audited), a Ballot (source paper) and its marks; not audited."""
    require_manager(actor, session.conference)
    with transaction.atomic(), acting_as(actor):
        locked = locked_session(session)
        require_status(
            locked, Status.CLOSED, message=_("Chỉ nhập phiếu giấy sau khi kết thúc bỏ phiếu, trước khi kiểm phiếu.")
        )
        if not isinstance(paper_number, int) or paper_number < 1:
            raise ValidationError({"paper_number": _("Số phiếu phải là một số nguyên dương.")})
        printed = _printed(locked)
        if printed is not None and paper_number > printed:
            raise ValidationError(
                {
                    "paper_number": _("Chỉ in %(n)s phiếu (số 1 đến %(n)s): không có phiếu số %(number)s.")
                    % {"n": printed, "number": paper_number}
                }
            )
        count = _paper_count_for_ballots(locked)
        if count.mode != PaperCount.Mode.BALLOTS:
            raise ValidationError(_("Ban kiểm phiếu đã nhập tổng số phiếu theo ứng viên: không nhập thêm từng phiếu."))
        entered = Ballot.objects.filter(session=locked, source=Ballot.Source.PAPER).count()
        issued = _issued(locked)
        if entered >= issued:
            raise ValidationError(
                _("Đã nhập đủ %(n)s phiếu giấy đã phát: số phiếu thu vào không thể nhiều hơn số phiếu phát ra.")
                % {"n": issued}
            )
        candidates = _candidates(locked)
        unknown = [cid for cid in marks if cid not in candidates]
        if unknown:
            raise ValidationError(_("Phiếu có ứng viên không thuộc phiên này."))
        is_valid = not spoiled and ballot_is_valid(locked.pk, candidates, marks)
        try:
            with transaction.atomic():
                receipt = ballot_store(locked.pk, candidates, marks, is_valid=is_valid, paper_number=paper_number)
        except IntegrityError:
            raise ValidationError({"paper_number": _("Phiếu số %(n)s đã được nhập.") % {"n": paper_number}}) from None
    return receipt


def paper_ballot_remove(*, actor, session: BallotSession, paper_number: int) -> None:
    """Remove a paper ballot entered by mistake, before the count. Side effects: the Ballot and its marks."""
    require_manager(actor, session.conference)
    with transaction.atomic():
        locked = locked_session(session)
        require_status(locked, Status.CLOSED, message=_("Chỉ sửa phiếu giấy đã nhập trước khi kiểm phiếu."))
        ballot = Ballot.objects.filter(session=locked, source=Ballot.Source.PAPER, paper_number=paper_number).first()
        if ballot is None:
            raise ValidationError({"paper_number": _("Chưa nhập phiếu số %(n)s.") % {"n": paper_number}})
        ballot.marks.all().delete()
        ballot.delete()


def paper_totals_enter(
    *, actor, session: BallotSession, returned: int, valid: int, invalid: int, totals: Mapping[int, int]
) -> PaperCount:
    """Enter the paper count as totals: papers returned, valid and invalid, and each candidate's "agree" marks on
    the valid papers. Checks: issued ≥ returned = valid + invalid; each candidate's total ≤ valid; a pool's totals
    ≤ valid × its quota (a valid paper has at most the quota's marks); every candidate has a total. Rules: the
    session is closed, not yet counted; no paper was entered one by one. Entering again replaces the totals.
    Side effects: the PaperCount (mode totals) and its PaperTotals; audited."""
    require_manager(actor, session.conference)
    errors: dict[str, list[str]] = {}
    numbers = {"returned": returned, "valid": valid, "invalid": invalid}
    for name, value in numbers.items():
        if not isinstance(value, int) or value < 0:
            errors.setdefault(name, []).append(_("Phải là một số nguyên từ 0 trở lên."))
    with transaction.atomic(), acting_as(actor):
        locked = locked_session(session)
        require_status(
            locked,
            Status.CLOSED,
            message=_("Chỉ nhập kết quả phiếu giấy sau khi kết thúc bỏ phiếu, trước khi kiểm phiếu."),
        )
        if Ballot.objects.filter(session=locked, source=Ballot.Source.PAPER).exists():
            raise ValidationError(_("Đã nhập từng phiếu giấy: không nhập tổng số (hãy tiếp tục nhập từng phiếu)."))
        issued = _issued(locked)
        candidates = list(
            Candidate.objects.filter(session=locked).select_related("pool").order_by("pool__order", "order")
        )
        if not errors:
            if returned > issued:
                errors.setdefault("returned", []).append(
                    _("Số phiếu thu vào (%(returned)s) không được nhiều hơn số phiếu phát ra (%(issued)s).")
                    % {"returned": returned, "issued": issued}
                )
            if valid + invalid != returned:
                errors.setdefault("valid", []).append(
                    _(
                        "Số phiếu hợp lệ (%(valid)s) cộng không hợp lệ (%(invalid)s) phải bằng số phiếu thu vào "
                        "(%(returned)s)."
                    )
                    % numbers
                )
            per_pool: dict[int, int] = {}
            for candidate in candidates:
                votes = totals.get(candidate.pk)
                key = f"candidate_{candidate.pk}"
                if not isinstance(votes, int) or votes < 0:
                    errors.setdefault(key, []).append(
                        _("Phải ghi số phiếu đồng ý của «%(name)s» (số nguyên từ 0).") % {"name": candidate.name}
                    )
                    continue
                if votes > valid:
                    errors.setdefault(key, []).append(
                        _("«%(name)s»: %(votes)s phiếu đồng ý, nhiều hơn số phiếu hợp lệ (%(valid)s).")
                        % {"name": candidate.name, "votes": votes, "valid": valid}
                    )
                per_pool[candidate.pool_id] = per_pool.get(candidate.pool_id, 0) + votes
            for pool in {c.pool_id: c.pool for c in candidates}.values():
                if per_pool.get(pool.pk, 0) > valid * pool.quota:
                    errors.setdefault("totals", []).append(
                        _(
                            "Nhóm «%(pool)s»: tổng %(sum)s phiếu đồng ý vượt quá %(valid)s phiếu hợp lệ × %(quota)s "
                            "(số lượng được bầu): có phiếu vượt số lượng đã bị tính là hợp lệ."
                        )
                        % {"pool": pool.name, "sum": per_pool[pool.pk], "valid": valid, "quota": pool.quota}
                    )
        unknown = [cid for cid in totals if cid not in {c.pk for c in candidates}]
        if unknown:
            errors.setdefault("totals", []).append(_("Có ứng viên không thuộc phiên này."))
        if errors:
            raise ValidationError(errors)
        count = PaperCount.objects.filter(session=locked).first() or PaperCount(session=locked)
        count.mode = PaperCount.Mode.TOTALS
        count.returned, count.valid, count.invalid = returned, valid, invalid
        count.save()
        PaperTotal.objects.filter(paper_count=count).delete()
        for candidate in candidates:
            PaperTotal.objects.create(paper_count=count, candidate=candidate, votes=totals[candidate.pk])
    return count


def paper_summary(session: BallotSession) -> PaperSummary:
    """The paper figures as they stand: issued (papers handed out), returned, valid, invalid."""
    issued = _issued(session)
    count = PaperCount.objects.filter(session=session).first()
    if count is not None and count.mode == PaperCount.Mode.TOTALS:
        return PaperSummary(issued, count.returned, count.valid, count.invalid, count.mode)
    papers = list(Ballot.objects.filter(session=session, source=Ballot.Source.PAPER).values_list("is_valid", flat=True))
    valid = sum(papers)
    return PaperSummary(issued, len(papers), valid, len(papers) - valid, PaperCount.Mode.BALLOTS)


def paper_check(session: BallotSession) -> PaperSummary:
    """The paper figures, refused when papers were handed out and the committee has entered nothing yet."""
    summary = paper_summary(session)
    if summary.issued and not PaperCount.objects.filter(session=session).exists():
        raise ValidationError(
            _(
                "Đã phát %(n)s phiếu giấy nhưng Ban kiểm phiếu chưa nhập kết quả phiếu giấy (từng phiếu, hoặc tổng "
                "số; ghi 0 nếu không thu về phiếu nào)."
            )
            % {"n": summary.issued}
        )
    return summary
