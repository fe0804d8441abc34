"""Counting a ballot session: a pure function over plain numbers (tested without a database) and the database
count, which gets the same inputs from one GROUP BY over the marks.

Arithmetic is exact (Fraction): "more than 50%" and "at least 2/3" are decided at the exact edge, never on floats.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

ENTITLED, PRESENT, VALID = "entitled", "present", "valid"
MORE_THAN, AT_LEAST = "more_than", "at_least"
RUNOFF, NO_RUNOFF = "runoff", "none"
# Reasons, the values of Candidate.Reason.
ELECTED, QUORUM, THRESHOLD, QUOTA, TIE = "elected", "quorum", "threshold", "quota", "tie"


@dataclass(frozen=True)
class Rules:
    """A session's settings, as exact numbers."""

    quorum: Fraction = Fraction(2, 3)
    threshold_percent: Fraction = Fraction(50)
    base: str = VALID
    comparison: str = MORE_THAN
    tie_rule: str = RUNOFF


@dataclass(frozen=True)
class PoolSpec:
    id: int
    quota: int
    candidate_ids: tuple[int, ...]


@dataclass(frozen=True)
class CandidateResult:
    candidate_id: int
    pool_id: int
    votes: int
    percent: Decimal  # of the base, rounded to 2 places for display; the decision used the exact value
    passed: bool
    reason: str


@dataclass(frozen=True)
class Tally:
    valid: int
    invalid: int
    totals: Mapping[int, int]  # candidate id → "agree" marks on valid ballots


@dataclass(frozen=True)
class Result:
    entitled: int
    present: int
    ballots: int
    valid: int
    invalid: int
    quorum_met: bool
    base: int
    candidates: tuple[CandidateResult, ...]
    # pool id → (seats left for a run-off, the tied candidate ids); empty when none is needed.
    runoff: Mapping[int, tuple[int, tuple[int, ...]]] = field(default_factory=dict)

    @property
    def winners(self) -> list[int]:
        return [c.candidate_id for c in self.candidates if c.passed]


def ballot_is_valid(agreed: Mapping[int, Iterable[int]], pools: Sequence[PoolSpec]) -> bool:
    """A ballot is valid when no pool has more "agree" marks than its quota."""
    quotas = {pool.id: pool.quota for pool in pools}
    return all(len(set(ids)) <= quotas[pool_id] for pool_id, ids in agreed.items())


def tally(ballots: Iterable[Mapping[int, Iterable[int]]], pools: Sequence[PoolSpec]) -> Tally:
    """Count ballots given as {pool id: agreed candidate ids}: valid and invalid ballots, votes on the valid ones."""
    totals = {cid: 0 for pool in pools for cid in pool.candidate_ids}
    valid = invalid = 0
    for ballot in ballots:
        if not ballot_is_valid(ballot, pools):
            invalid += 1
            continue
        valid += 1
        for ids in ballot.values():
            for cid in set(ids):
                totals[cid] += 1
    return Tally(valid=valid, invalid=invalid, totals=totals)


def _passes(votes: int, base: int, rules: Rules) -> bool:
    if base == 0:
        return False
    share = Fraction(votes * 100, base)
    if rules.comparison == AT_LEAST:
        return share >= rules.threshold_percent
    return share > rules.threshold_percent


def _percent(votes: int, base: int) -> Decimal:
    if base == 0:
        return Decimal("0.00")
    exact = Fraction(votes * 100, base)
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def decide(*, entitled: int, present: int, counted: Tally, pools: Sequence[PoolSpec], rules: Rules) -> Result:
    """Who passes, and why not: quorum (present/entitled ≥ the fraction), then the threshold on the chosen base,
    then each pool's quota; a tie across the quota's edge is a run-off (or nobody of the tied, by the tie rule)."""
    quorum_met = entitled > 0 and Fraction(present, entitled) >= rules.quorum
    base = {ENTITLED: entitled, PRESENT: present, VALID: counted.valid}[rules.base]
    results: list[CandidateResult] = []
    runoff: dict[int, tuple[int, tuple[int, ...]]] = {}
    for pool in pools:
        reasons: dict[int, str] = {}
        votes = {cid: counted.totals.get(cid, 0) for cid in pool.candidate_ids}
        if not quorum_met:
            reasons = dict.fromkeys(pool.candidate_ids, QUORUM)
        else:
            passing = [cid for cid in pool.candidate_ids if _passes(votes[cid], base, rules)]
            for cid in pool.candidate_ids:
                if cid not in passing:
                    reasons[cid] = THRESHOLD
            ranked = sorted(passing, key=lambda cid: -votes[cid])
            if len(ranked) <= pool.quota:
                reasons.update(dict.fromkeys(ranked, ELECTED))
            else:
                edge = votes[ranked[pool.quota - 1]]
                above = [cid for cid in ranked if votes[cid] > edge]
                at_edge = [cid for cid in ranked if votes[cid] == edge]
                below = [cid for cid in ranked if votes[cid] < edge]
                reasons.update(dict.fromkeys(above, ELECTED))
                reasons.update(dict.fromkeys(below, QUOTA))
                seats_left = pool.quota - len(above)
                if len(at_edge) <= seats_left:
                    reasons.update(dict.fromkeys(at_edge, ELECTED))
                else:
                    # More candidates share the last places' votes than there are places left.
                    reasons.update(dict.fromkeys(at_edge, TIE))
                    if rules.tie_rule == RUNOFF:
                        runoff[pool.id] = (seats_left, tuple(at_edge))
        for cid in pool.candidate_ids:
            results.append(
                CandidateResult(
                    candidate_id=cid,
                    pool_id=pool.id,
                    votes=votes[cid],
                    percent=_percent(votes[cid], base),
                    passed=reasons[cid] == ELECTED,
                    reason=reasons[cid],
                )
            )
    return Result(
        entitled=entitled,
        present=present,
        ballots=counted.valid + counted.invalid,
        valid=counted.valid,
        invalid=counted.invalid,
        quorum_met=quorum_met,
        base=base,
        candidates=tuple(results),
        runoff=runoff,
    )


def count(
    *,
    entitled: int,
    present: int,
    ballots: Iterable[Mapping[int, Iterable[int]]],
    pools: Sequence[PoolSpec],
    rules: Rules,
) -> Result:
    """The whole count from plain inputs: ballots as {pool id: agreed candidate ids}."""
    return decide(entitled=entitled, present=present, counted=tally(ballots, pools), pools=pools, rules=rules)


# Database side ------------------------------------------------------------------------------------------------


def session_rules(session) -> Rules:
    return Rules(
        quorum=Fraction(session.quorum_numerator, session.quorum_denominator),
        threshold_percent=Fraction(session.threshold_percent),
        base=session.threshold_base,
        comparison=session.threshold_comparison,
        tie_rule=session.tie_rule,
    )


def session_pools(session) -> list[PoolSpec]:
    from voting.models import Candidate

    ids: dict[int, list[int]] = {}
    for pool_id, cid in (
        Candidate.objects.filter(session=session).order_by("pool", "order", "pk").values_list("pool_id", "pk")
    ):
        ids.setdefault(pool_id, []).append(cid)
    return [
        PoolSpec(id=pool.pk, quota=pool.quota, candidate_ids=tuple(ids.get(pool.pk, ())))
        for pool in session.pools.order_by("order", "pk")
    ]


def session_tally(session) -> Tally:
    """Valid and invalid ballots (one aggregate, electronic and paper ballots entered one by one), the votes per
    candidate (one GROUP BY over the marks), plus the paper totals when the committee entered totals."""
    from django.db.models import Count, Q

    from voting.models import Ballot, BallotMark, PaperCount, PaperTotal

    numbers = Ballot.objects.filter(session=session).aggregate(
        valid=Count("pk", filter=Q(is_valid=True)), invalid=Count("pk", filter=Q(is_valid=False))
    )
    totals = dict(
        BallotMark.objects.filter(ballot__session=session, ballot__is_valid=True, agree=True)
        .values_list("candidate_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    valid, invalid = numbers["valid"], numbers["invalid"]
    paper = PaperCount.objects.filter(session=session, mode=PaperCount.Mode.TOTALS).first()
    if paper is not None:
        valid += paper.valid
        invalid += paper.invalid
        for cid, votes in PaperTotal.objects.filter(paper_count=paper).values_list("candidate_id", "votes"):
            totals[cid] = totals.get(cid, 0) + votes
    return Tally(valid=valid, invalid=invalid, totals=totals)


def session_result(session) -> Result:
    """The count of a session from the database, with the entitled and present numbers frozen when it opened."""
    pools = session_pools(session)
    return decide(
        entitled=session.entitled_count or 0,
        present=session.present_count or 0,
        counted=session_tally(session),
        pools=pools,
        rules=session_rules(session),
    )
