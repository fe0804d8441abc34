"""Writes of the voting app: conferences, delegates, ballot sessions, secret ballots, the close and the count.

Audit: conferences, delegates, sessions, pools and candidates go to the audit trail (voting/apps.py). The ballots
do not, on purpose: ballot_cast runs without an actor and writes only unregistered rows (Participation, Ballot,
BallotMark), because an audit entry carries a timestamp and a correlation id shared by everything written in the
same request, which would tie the ballot to the participation written beside it.
"""

import hashlib
import hmac
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.org.models import ClusterMembership, ClusterTerm, Unit
from thidua.titles.models import Title
from voting import counting
from voting.models import (
    Ballot,
    BallotMark,
    BallotSession,
    Candidate,
    Conference,
    Delegate,
    Participation,
    Pool,
    VoterCode,
)

Status = BallotSession.Status
# Codes and receipts: no 0/O, 1/I/L, so that they can be read aloud and typed from paper.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
RECEIPT_LENGTH = 12


@dataclass
class PoolInput:
    """A pool to create: its name, quota and candidate units (empty on a chained session: all the winners)."""

    name: str
    quota: int
    units: Sequence[Unit] = field(default_factory=list)


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _normalize_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def code_hash(*, session_id: int, code: str) -> str:
    """The keyed hash a code is stored as: the plain code is shown once, when the session opens."""
    message = f"{session_id}:{_normalize_code(code)}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _locked_session(session: BallotSession) -> BallotSession:
    return BallotSession.objects.select_for_update().get(pk=session.pk)


# Conferences and delegates --------------------------------------------------------------------------------------


def conference_create(
    *, actor, term: ClusterTerm, date, place: str, chair_name: str, notes: str = "", with_delegates: bool = True
) -> Conference:
    """Create a conference of a cluster term; by default with one voting delegate per member unit
    (delegates_from_term). Side effects: the Conference and its Delegates; audited."""
    place, chair_name = (place or "").strip(), (chair_name or "").strip()
    errors = {}
    if not place:
        errors["place"] = _("Phải ghi địa điểm họp.")
    if not chair_name:
        errors["chair_name"] = _("Phải ghi người chủ trì hội nghị.")
    if date is None:
        errors["date"] = _("Phải ghi ngày họp.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        conference = Conference.objects.create(
            term=term, date=date, place=place, chair_name=chair_name, notes=(notes or "").strip()
        )
        if with_delegates:
            delegates_from_term(actor=actor, conference=conference)
    return conference


def delegates_from_term(*, actor, conference: Conference) -> list[Delegate]:
    """One voting delegate per member unit of the conference's term that has none yet, represented by the unit's
    head (name left for the secretariat to fill in). Side effects: the new Delegates; audited."""
    with transaction.atomic(), acting_as(actor):
        have = set(conference.delegates.values_list("unit_id", flat=True))
        created = []
        memberships = ClusterMembership.objects.filter(term_id=conference.term_id).select_related("unit__kind")
        for membership in memberships.order_by("unit__name"):
            if membership.unit_id in have:
                continue
            created.append(
                Delegate.objects.create(
                    conference=conference,
                    unit=membership.unit,
                    position=membership.unit.display_head_title,
                    is_voting=True,
                )
            )
    return created


def delegate_check_in(*, actor, delegate: Delegate, present: bool = True) -> Delegate:
    """Mark a delegate present (or not). Side effects: Delegate.present_at; audited. A delegate's presence does
    not change the sessions already open: they froze their counts and codes when they opened."""
    with transaction.atomic(), acting_as(actor):
        delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
        if present and delegate.present_at is None:
            delegate.present_at = timezone.now()
        elif not present:
            delegate.present_at = None
        delegate.save(update_fields=["present_at"])
    return delegate


# Sessions -------------------------------------------------------------------------------------------------------


def session_winners(session: BallotSession) -> list[Candidate]:
    """The candidates a counted session (and its run-offs) elected, by pool then order."""
    ids = [session.pk]
    frontier = [session.pk]
    while frontier:
        frontier = list(BallotSession.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids += frontier
    return list(
        Candidate.objects.filter(session_id__in=ids, passed=True)
        .select_related("unit")
        .order_by("session__round", "pool__order", "order", "pk")
    )


def _check_settings(
    *, quorum: tuple[int, int], threshold_percent: Decimal, threshold_base: str, comparison: str, tie_rule: str
) -> dict:
    errors = {}
    numerator, denominator = quorum
    if denominator < 1 or numerator < 0 or numerator > denominator:
        errors["quorum"] = _("Tỷ lệ tối thiểu có mặt phải là một phân số từ 0 đến 1.")
    if not Decimal(0) <= Decimal(threshold_percent) <= Decimal(100):
        errors["threshold_percent"] = _("Ngưỡng phải từ 0% đến 100%.")
    if threshold_base not in BallotSession.Base.values:
        errors["threshold_base"] = _("Cơ sở tính ngưỡng không hợp lệ.")
    if comparison not in BallotSession.Comparison.values:
        errors["threshold_comparison"] = _("Cách so sánh với ngưỡng không hợp lệ.")
    if tie_rule not in BallotSession.TieRule.values:
        errors["tie_rule"] = _("Quy tắc khi bằng phiếu không hợp lệ.")
    return errors


def session_create(
    *,
    actor,
    conference: Conference,
    title: Title,
    pools: Sequence[PoolInput],
    chained_from: BallotSession | None = None,
    quorum: tuple[int, int] = (2, 3),
    threshold_percent: Decimal = Decimal(50),
    threshold_base: str = BallotSession.Base.VALID,
    threshold_comparison: str = BallotSession.Comparison.MORE_THAN,
    tie_rule: str = BallotSession.TieRule.RUNOFF,
) -> BallotSession:
    """Create a first-round session (draft) with its pools and candidates (each with the unit's name of now).

    A chained session (e.g. the Government banner) takes its candidates among the winners of `chained_from`
    (and its run-offs), a counted session of the same conference; a pool given without units takes them all.
    Side effects: the BallotSession, Pools and Candidates; audited.
    """
    errors = _check_settings(
        quorum=quorum,
        threshold_percent=threshold_percent,
        threshold_base=threshold_base,
        comparison=threshold_comparison,
        tie_rule=tie_rule,
    )
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
    if not pools:
        errors["pools"] = _("Phải có ít nhất một nhóm ứng viên.")
    seen: set[int] = set()
    names: set[str] = set()
    for pool in pools:
        name = (pool.name or "").strip()
        units = list(pool.units) if pool.units or winners is None else list(winners)
        if not name or name in names:
            errors["pools"] = _("Mỗi nhóm ứng viên phải có một tên riêng.")
        names.add(name)
        if pool.quota < 1:
            errors["pools"] = _("Số lượng được bầu của nhóm «%(name)s» phải từ 1 trở lên.") % {"name": name}
        if not units and "chained_from" not in errors:
            errors["pools"] = _("Nhóm «%(name)s» chưa có ứng viên.") % {"name": name}
        for unit in units:
            if unit.pk in seen:
                errors["pools"] = _("«%(unit)s» có mặt hai lần trong danh sách ứng viên.") % {"unit": unit.name}
            seen.add(unit.pk)
            if winners is not None and unit.pk not in {w.pk for w in winners}:
                errors["pools"] = _("«%(unit)s» không trúng cử ở phiên được lấy ứng viên.") % {"unit": unit.name}
    if not errors and BallotSession.objects.filter(conference=conference, title=title, round=1).exists():
        errors["title"] = _("Hội nghị đã có phiên bỏ phiếu cho danh hiệu này.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        session = BallotSession.objects.create(
            conference=conference,
            title=title,
            chained_from=chained_from,
            quorum_numerator=quorum[0],
            quorum_denominator=quorum[1],
            threshold_percent=threshold_percent,
            threshold_base=threshold_base,
            threshold_comparison=threshold_comparison,
            tie_rule=tie_rule,
        )
        for position, pool in enumerate(pools):
            units = list(pool.units) if pool.units or winners is None else list(winners)
            _pool_create(session=session, name=pool.name.strip(), quota=pool.quota, order=position, units=units)
    return session


def _pool_create(
    *, session: BallotSession, name: str, quota: int, order: int, units: Sequence[Unit], names: Sequence[str] = ()
) -> Pool:
    """A pool and its candidates, named as the units are now unless `names` (a run-off keeps the first round's)."""
    pool = Pool.objects.create(session=session, name=name, quota=quota, order=order)
    for position, unit in enumerate(units):
        Candidate.objects.create(pool=pool, unit=unit, name=names[position] if names else unit.name, order=position)
    return pool


def session_open(*, actor, session: BallotSession) -> dict[int, str]:
    """Open a draft session: freeze the entitled (voting delegates) and present counts, and issue a one-time code
    to each present voting delegate. Returns {delegate id: code}: the plain codes exist only in this answer.
    Side effects: the session (open, opened_at, counts; audited), one VoterCode per present voting delegate."""
    with transaction.atomic(), acting_as(actor):
        session = _locked_session(session)
        if session.status != Status.DRAFT:
            raise ValidationError(_("Chỉ mở được phiên đang chuẩn bị."))
        if not session.candidates.exists():
            raise ValidationError(_("Phiên chưa có ứng viên."))
        voting = Delegate.objects.filter(conference_id=session.conference_id, is_voting=True)
        present = list(voting.filter(present_at__isnull=False).order_by("pk"))
        if not present:
            raise ValidationError(_("Chưa có đại biểu có quyền biểu quyết nào điểm danh."))
        codes = {}
        for delegate in present:
            codes[delegate.pk] = _random(CODE_LENGTH)
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


def _lock_open_session(session_id: int) -> str | None:
    """The session's status, holding a lock that lets ballots be cast together but not beside a close.

    On PostgreSQL a shared row lock: casts do not wait for each other, and session_close (FOR UPDATE) waits for
    the casts in progress, so a ballot is either committed before the close (and counted) or sees it closed.
    SQLite runs one write transaction at a time, which gives the same order.
    """
    table = BallotSession._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f'SELECT status FROM "{table}" WHERE id = %s FOR SHARE', [session_id])
        else:
            cursor.execute(f'SELECT status FROM "{table}" WHERE id = %s', [session_id])
        row = cursor.fetchone()
    return row[0] if row else None


def ballot_cast(*, session: BallotSession, code: str, marks: Mapping[int, bool]) -> str:
    """Cast a secret ballot with a one-time code; `marks` maps candidate ids to agree (True) or not; a candidate
    left out is "not agree". Returns the ballot's receipt code.

    A ballot with more "agree" marks than a pool's quota is stored and counted invalid, not refused. A second use
    of a code (a double click, a second tab, two submissions at once) is refused with a message: the database's
    unique (session, delegate) on Participation decides, never a second ballot.
    Side effects, in one transaction: a Participation (who voted), a Ballot (random key and receipt, no delegate,
    no time) and one BallotMark per candidate. Not audited: see the module's docstring.
    """
    with transaction.atomic():
        status = _lock_open_session(session.pk)
        if status != Status.OPEN:
            raise ValidationError(_("Phiên bỏ phiếu không mở: không nhận phiếu."))
        voter = (
            VoterCode.objects.filter(session_id=session.pk, code_hash=code_hash(session_id=session.pk, code=code))
            .values_list("delegate_id", flat=True)
            .first()
        )
        if voter is None:
            raise ValidationError(_("Mã bỏ phiếu không đúng."))
        if Participation.objects.filter(session_id=session.pk, delegate_id=voter).exists():
            raise ValidationError(_("Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần."))
        candidates = dict(Candidate.objects.filter(session_id=session.pk).values_list("pk", "pool_id"))
        unknown = [cid for cid in marks if cid not in candidates]
        if unknown:
            raise ValidationError(_("Phiếu có ứng viên không thuộc phiên này."))
        agreed: dict[int, list[int]] = {}
        for cid, agree in marks.items():
            if agree:
                agreed.setdefault(candidates[cid], []).append(cid)
        pools = [counting.PoolSpec(id=p.pk, quota=p.quota, candidate_ids=()) for p in session.pools.all()]
        is_valid = counting.ballot_is_valid(agreed, pools)
        try:
            with transaction.atomic():
                Participation.objects.create(session_id=session.pk, delegate_id=voter)
        except IntegrityError:
            # The same code submitted at the same moment: the other submission committed first.
            raise ValidationError(_("Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần.")) from None
        ballot = Ballot.objects.create(session_id=session.pk, receipt=_random(RECEIPT_LENGTH), is_valid=is_valid)
        BallotMark.objects.bulk_create(
            [BallotMark(ballot=ballot, candidate_id=cid, agree=bool(marks.get(cid))) for cid in candidates]
        )
    return ballot.receipt


# Close and verification -----------------------------------------------------------------------------------------


def ballot_digest(*, session_id: int, receipt: str, is_valid: bool, marks: Sequence[tuple[int, bool]]) -> str:
    """The digest of one ballot's content, as anyone can recompute it from the published ballots."""
    content = ",".join(f"{cid}:{int(agree)}" for cid, agree in sorted(marks))
    return hashlib.sha256(f"{session_id}|{receipt}|{int(is_valid)}|{content}".encode()).hexdigest()


def chain_compute(session: BallotSession) -> list[tuple[str, str]]:
    """The hash chain over the session's ballots in the canonical order (by receipt): [(receipt, chain hash)].
    Each link is sha256(previous link + the ballot's digest), starting from sha256("session:<id>")."""
    marks: dict[str, list[tuple[int, bool]]] = {}
    rows = BallotMark.objects.filter(ballot__session=session).values_list("ballot__receipt", "candidate_id", "agree")
    for receipt, cid, agree in rows:
        marks.setdefault(receipt, []).append((cid, agree))
    link = hashlib.sha256(f"session:{session.pk}".encode()).hexdigest()
    chain = []
    for receipt, is_valid in (
        Ballot.objects.filter(session=session).order_by("receipt").values_list("receipt", "is_valid")
    ):
        digest = ballot_digest(session_id=session.pk, receipt=receipt, is_valid=is_valid, marks=marks.get(receipt, []))
        link = hashlib.sha256(f"{link}{digest}".encode()).hexdigest()
        chain.append((receipt, link))
    return chain


def entitled_fingerprint(session: BallotSession) -> str:
    """sha256 over the entitled list (each voting delegate: id, unit, name, whether present when the session
    opened, whether they voted), one line per delegate in id order."""
    voted = set(Participation.objects.filter(session=session).values_list("delegate_id", flat=True))
    coded = set(VoterCode.objects.filter(session=session).values_list("delegate_id", flat=True))
    lines = [
        f"{pk}|{unit_id}|{name}|{int(pk in coded)}|{int(pk in voted)}"
        for pk, unit_id, name in Delegate.objects.filter(conference_id=session.conference_id, is_voting=True)
        .order_by("pk")
        .values_list("pk", "unit_id", "full_name")
    ]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def session_close(*, actor, session: BallotSession) -> BallotSession:
    """Close an open session: no ballot is accepted after. Computes the hash chain over the ballots (by receipt)
    and the fingerprint of the entitled list, and stores them.

    Side effects: the session (closed, closed_at, chain head, fingerprint; audited); each ballot's chain hash.
    Every ballot and mark is rewritten here, in receipt order and in this one transaction: on PostgreSQL a row
    keeps the id of the transaction that wrote it (xmin), which the cast shared with its Participation; after
    the close all ballots carry the close's.
    """
    with transaction.atomic(), acting_as(actor):
        session = _locked_session(session)
        if session.status != Status.OPEN:
            raise ValidationError(_("Chỉ đóng được phiên đang bỏ phiếu."))
        chain = chain_compute(session)
        for receipt, link in chain:
            Ballot.objects.filter(session=session, receipt=receipt).update(chain_hash=link)
        BallotMark.objects.filter(ballot__session=session).update(agree=F("agree"))
        session.chain_head = chain[-1][1] if chain else hashlib.sha256(f"session:{session.pk}".encode()).hexdigest()
        session.entitled_fingerprint = entitled_fingerprint(session)
        session.status = Status.CLOSED
        session.closed_at = timezone.now()
        session.save(update_fields=["chain_head", "entitled_fingerprint", "status", "closed_at"])
    return session


def session_verify(session: BallotSession) -> bool:
    """Recompute the chain from the stored ballots: True when it ends at the published head."""
    chain = chain_compute(session)
    head = chain[-1][1] if chain else hashlib.sha256(f"session:{session.pk}".encode()).hexdigest()
    return bool(session.chain_head) and head == session.chain_head


# Count and run-off ----------------------------------------------------------------------------------------------


def session_count(*, actor, session: BallotSession) -> counting.Result:
    """Count a closed session (or count again a counted one: the result is the same) and store per candidate the
    votes, the percentage of the base, passed or not and why; the summary goes to session.result.
    Side effects: the Candidates' results, the session (counted, counted_at, result); audited."""
    with transaction.atomic(), acting_as(actor):
        session = _locked_session(session)
        if session.status not in (Status.CLOSED, Status.COUNTED):
            raise ValidationError(_("Chỉ kiểm phiếu khi phiên bỏ phiếu đã kết thúc."))
        result = counting.session_result(session)
        candidates = {c.pk: c for c in session.candidates.all()}
        for item in result.candidates:
            candidate = candidates[item.candidate_id]
            candidate.votes = item.votes
            candidate.percent = item.percent
            candidate.passed = item.passed
            candidate.reason = item.reason
            candidate.save(update_fields=["votes", "percent", "passed", "reason"])
        session.result = {
            "entitled": result.entitled,
            "present": result.present,
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
        session.counted_at = timezone.now()
        session.save(update_fields=["result", "status", "counted_at"])
    return result


def session_runoff(*, actor, session: BallotSession) -> BallotSession:
    """Create the next round among the candidates tied at a pool's quota edge, each pool with the places left;
    the same settings. Side effects: the run-off BallotSession (draft), its Pools and Candidates; audited."""
    with transaction.atomic(), acting_as(actor):
        session = _locked_session(session)
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
        )
        candidates = {c.pk: c for c in session.candidates.select_related("unit")}
        for pool in session.pools.order_by("order", "pk"):
            tied = runoff.get(str(pool.pk))
            if not tied:
                continue
            tied_candidates = [candidates[cid] for cid in tied["candidates"]]
            _pool_create(
                session=next_round,
                name=pool.name,
                quota=tied["seats"],
                order=pool.order,
                units=[c.unit for c in tied_candidates],
                names=[c.name for c in tied_candidates],
            )
    return next_round
