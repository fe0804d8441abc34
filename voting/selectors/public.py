"""Reads of the public side of voting: the ballot's session and candidates, which open session a code belongs to, a
receipt, the room screen's turnout, and the published bulletin (who voted, the ballots, the chain) with the totals
recomputed from it alone, as an outside script would.

Secrecy: nothing here joins a ballot to a participation; who voted is listed by unit and name, never by time or
key, and no vote figure is read before the session is counted.
"""

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.core.search import vi
from voting.models import (
    Ballot,
    BallotMark,
    BallotSession,
    Candidate,
    Delegate,
    PaperCount,
    Participation,
    Pool,
    VoterCode,
)
from voting.services import chain_start, code_hash

Status = BallotSession.Status
# After the close: who voted, the ballots and the chain are published (to those who may see the conference).
PUBLISHED = (Status.CLOSED, Status.COUNTED)


# The ballot -----------------------------------------------------------------------------------------------------


def ballot_session(pk: int) -> BallotSession:
    """The session a ballot page is for, in any status (the page says when it is not open); 404 when none."""
    session = BallotSession.objects.select_related("conference", "title").filter(pk=pk).first()
    if session is None:
        raise Http404(_("Không tìm thấy phiên bỏ phiếu."))
    return session


def session_pools(session: BallotSession) -> list[Pool]:
    """The session's pools in order, each with `candidate_list` in order: two queries however many there are."""
    return list(
        Pool.objects.filter(session=session)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch("candidates", queryset=Candidate.objects.order_by("order", "pk"), to_attr="candidate_list")
        )
    )


def open_session_for_code(code: str) -> int | None:
    """The id of the open session that issued `code`, or None. A code is stored as a hash keyed by its session,
    so each open session's hash is tried (there are few open at once), in one query."""
    hashes = [
        code_hash(session_id=pk, code=code)
        for pk in BallotSession.objects.filter(status=Status.OPEN).values_list("pk", flat=True)
    ]
    if not hashes:
        return None
    return VoterCode.objects.filter(code_hash__in=hashes).values_list("session_id", flat=True).first()


# The receipt ----------------------------------------------------------------------------------------------------


def ballot_by_receipt(receipt: str) -> Ballot | None:
    """The ballot of a receipt with its session, or None."""
    return Ballot.objects.select_related("session__conference", "session__title").filter(receipt=receipt).first()


def ballot_marks(ballot: Ballot) -> list[BallotMark]:
    """A ballot's marks in the order of the ballot paper (pool, then candidate), each with its candidate."""
    return list(
        ballot.marks.select_related("candidate__pool").order_by(
            "candidate__pool__order", "candidate__pool_id", "candidate__order", "candidate_id"
        )
    )


# The room screen ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Turnout:
    entitled: int
    present: int
    voted: int

    @property
    def share(self) -> int:
        """The share of the present who voted, in whole percent (rounded down: 100% only when all have)."""
        return int(Fraction(self.voted * 100, self.present)) if self.present else 0


def turnout(session: BallotSession) -> Turnout:
    """Entitled and present (frozen when the session opened; counted from the check-in while it is in draft) and
    how many voted so far (electronic ballots cast and paper ballots handed out). No vote figures."""
    if session.status == Status.DRAFT:
        voting = Delegate.objects.filter(conference_id=session.conference_id, is_voting=True)
        entitled = voting.count()
        present = voting.filter(present_at__isnull=False).count()
    else:
        entitled, present = session.entitled_count or 0, session.present_count or 0
    return Turnout(entitled=entitled, present=present, voted=Participation.objects.filter(session=session).count())


def results_by_pool(session: BallotSession) -> list[Pool]:
    """The counted results, pool by pool (each with `candidate_list`, highest votes first); [] before the count, so
    that no page can show a partial result by mistake."""
    if session.status != Status.COUNTED:
        return []
    return list(
        Pool.objects.filter(session=session)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "candidates",
                queryset=Candidate.objects.order_by("-votes", "order", "pk"),
                to_attr="candidate_list",
            )
        )
    )


# Verification ---------------------------------------------------------------------------------------------------


def voters(session: BallotSession) -> QuerySet[Participation]:
    """Who voted and how they took part (electronic or paper), by unit name then name: never by key or time."""
    return (
        Participation.objects.filter(session=session)
        .select_related("delegate__unit")
        .order_by(vi("delegate__unit__name"), vi("delegate__full_name"), "delegate_id")
    )


def published_ballots(session: BallotSession) -> QuerySet[Ballot]:
    """The session's ballots in the order of the chain (electronic by receipt, then paper by receipt), each with
    `agreed`: its "agree" marks with their candidates, in a fixed number of queries."""
    agreed = (
        BallotMark.objects.filter(agree=True).select_related("candidate").order_by("candidate__order", "candidate_id")
    )
    return (
        Ballot.objects.filter(session=session)
        .order_by("source", "receipt")
        .prefetch_related(Prefetch("marks", queryset=agreed, to_attr="agreed"))
    )


def fingerprint_matches(session: BallotSession) -> bool:
    """Whether the entitled list published at the close hashes to the published fingerprint."""
    text = "\n".join(session.entitled_list)
    return (
        bool(session.entitled_fingerprint) and hashlib.sha256(text.encode()).hexdigest() == session.entitled_fingerprint
    )


def bulletin(session: BallotSession) -> dict:
    """Everything published about a closed session, as plain data (the JSON bulletin): the settings, the pools and
    candidates, the entitled list the fingerprint hashes, who voted, every ballot with its marks and chain hash
    (electronic then paper, each by receipt: the chain's order), the paper totals, the heads and, once counted,
    the stored results. Enough for anyone to recompute the chain, the fingerprint and the totals."""
    counted = session.status == Status.COUNTED
    pools = session_pools(session)
    marks: dict[str, dict[str, int]] = {}
    for receipt, cid, agree in BallotMark.objects.filter(ballot__session=session).values_list(
        "ballot__receipt", "candidate_id", "agree"
    ):
        marks.setdefault(receipt, {})[str(cid)] = int(agree)
    paper = PaperCount.objects.filter(session=session, mode=PaperCount.Mode.TOTALS).first()
    return {
        "session": {
            "id": session.pk,
            "conference": session.conference.name,
            "title": session.title.name,
            "round": session.round,
            "status": session.status,
            "opened_at": session.opened_at.isoformat() if session.opened_at else None,
            "closed_at": session.closed_at.isoformat() if session.closed_at else None,
            "counted_at": session.counted_at.isoformat() if session.counted_at else None,
        },
        "settings": {
            "quorum": [session.quorum_numerator, session.quorum_denominator],
            "threshold_percent": str(session.threshold_percent),
            "threshold_base": session.threshold_base,
            "threshold_comparison": session.threshold_comparison,
            "tie_rule": session.tie_rule,
            "ballot_form": session.ballot_form,
            "entitled_count": session.entitled_count,
            "present_count": session.present_count,
        },
        "pools": [
            {"id": pool.pk, "name": pool.name, "quota": pool.quota, "candidates": [c.pk for c in pool.candidate_list]}
            for pool in pools
        ],
        "candidates": [
            {
                "id": c.pk,
                "pool": pool.pk,
                "name": c.name,
                "detail": c.detail,
                **(
                    {
                        "votes": c.votes,
                        "percent": str(c.percent) if c.percent is not None else None,
                        "passed": c.passed,
                        "reason": c.reason,
                    }
                    if counted
                    else {}
                ),
            }
            for pool in pools
            for c in pool.candidate_list
        ],
        "entitled": {"fingerprint": session.entitled_fingerprint, "lines": session.entitled_list},
        "voters": [
            {"unit": p.delegate.unit.name, "name": p.delegate.full_name, "channel": p.channel} for p in voters(session)
        ],
        "ballots": [
            {
                "receipt": receipt,
                "source": source,
                "paper_number": paper_number,
                "valid": is_valid,
                "marks": marks.get(receipt, {}),
                "chain_hash": chain_hash,
            }
            for receipt, source, paper_number, is_valid, chain_hash in Ballot.objects.filter(session=session)
            .order_by("source", "receipt")
            .values_list("receipt", "source", "paper_number", "is_valid", "chain_hash")
        ],
        "paper_totals": (
            {
                "returned": paper.returned,
                "valid": paper.valid,
                "invalid": paper.invalid,
                "totals": {
                    str(cid): votes
                    for cid, votes in paper.totals.order_by("candidate_id").values_list("candidate_id", "votes")
                },
            }
            if paper is not None
            else None
        ),
        "chain": {"start": chain_start(session.pk), "head": session.chain_head, "final_head": session.final_head},
        "result": session.result if counted else None,
    }


@dataclass(frozen=True)
class RecountLine:
    candidate_id: int
    pool_id: int
    name: str
    recomputed: int
    stored: int | None

    @property
    def matches(self) -> bool:
        return self.recomputed == self.stored


@dataclass(frozen=True)
class Recount:
    valid: int
    invalid: int
    stored_valid: int | None
    stored_invalid: int | None
    lines: tuple[RecountLine, ...]

    @property
    def matches(self) -> bool:
        return (
            self.valid == self.stored_valid
            and self.invalid == self.stored_invalid
            and all(line.matches for line in self.lines)
        )


def recount(data: Mapping) -> Recount:
    """The totals recomputed from a bulletin alone (see bulletin): valid and invalid ballots as published, each
    candidate's "agree" marks on the valid ones, plus the committee's paper totals; beside the stored results."""
    ballots = [b for b in data["ballots"] if b["valid"]]
    valid, invalid = len(ballots), len(data["ballots"]) - len(ballots)
    totals = {c["id"]: sum(1 for b in ballots if b["marks"].get(str(c["id"]))) for c in data["candidates"]}
    paper = data["paper_totals"]
    if paper:
        valid += paper["valid"]
        invalid += paper["invalid"]
        for cid, votes in paper["totals"].items():
            totals[int(cid)] = totals.get(int(cid), 0) + votes
    result = data["result"] or {}
    return Recount(
        valid=valid,
        invalid=invalid,
        stored_valid=result.get("valid"),
        stored_invalid=result.get("invalid"),
        lines=tuple(
            RecountLine(
                candidate_id=c["id"],
                pool_id=c["pool"],
                name=c["name"],
                recomputed=totals[c["id"]],
                stored=c.get("votes"),
            )
            for c in data["candidates"]
        ),
    )
