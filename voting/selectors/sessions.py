"""Reads for the session pages: the candidates by pool, the turnout (never the votes before the count), the present
voting delegates with their state, the rounds of a vote and what its publication produced, its documents."""

from dataclasses import dataclass, field

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from awards.models import Nomination
from thidua.core.search import vi
from thidua.documents.models import RenderedDocument
from voting.models import Ballot, BallotSession, Candidate, Conference, Delegate, PaperTotal, Participation, Pool
from voting.services.common import root_of, round_ids

Status = BallotSession.Status


def session_pools(session: BallotSession) -> list[Pool]:
    """The pools in order, each with `candidate_list` (two queries whatever the size)."""
    pools = list(session.pools.order_by("order", "pk"))
    by_pool: dict[int, list[Candidate]] = {pool.pk: [] for pool in pools}
    for candidate in (
        Candidate.objects.filter(session=session).select_related("unit", "nomination").order_by("order", "pk")
    ):
        by_pool[candidate.pool_id].append(candidate)
    for pool in pools:
        pool.candidate_list = by_pool[pool.pk]
    return pools


@dataclass(frozen=True)
class Turnout:
    """Who has taken part so far: voted on a screen, or received a paper ballot (never what anyone voted)."""

    present: int
    electronic: int
    paper: int

    @property
    def taken(self) -> int:
        return self.electronic + self.paper

    @property
    def waiting(self) -> int:
        return max(self.present - self.taken, 0)


def turnout(session: BallotSession) -> Turnout:
    numbers = Participation.objects.filter(session=session).aggregate(
        electronic=Count("pk", filter=Q(channel=Participation.Channel.ELECTRONIC)),
        paper=Count("pk", filter=Q(channel=Participation.Channel.PAPER)),
    )
    return Turnout(present=session.present_count or 0, electronic=numbers["electronic"], paper=numbers["paper"])


def session_voters(session: BallotSession) -> QuerySet[Delegate]:
    """The delegates who got a code when the session opened, by unit, each with `channel`: how they took part
    ("electronic", "paper") or None while they have not."""
    channel = Participation.objects.filter(session=session, delegate_id=OuterRef("pk")).values("channel")[:1]
    return (
        Delegate.objects.filter(codes__session=session)
        .select_related("unit")
        .annotate(channel=Subquery(channel))
        .order_by(vi("unit__name"), "full_name", "pk")
    )


def waiting_voters(session: BallotSession) -> QuerySet[Delegate]:
    """The delegates with a code who have neither voted nor received a paper ballot."""
    return session_voters(session).exclude(participations__session=session)


@dataclass
class Vote:
    """A vote and its rounds: the first round (where the publication and the minutes are recorded), every round,
    whether the final result is there (every round counted, no run-off left to hold)."""

    root: BallotSession
    rounds: list[BallotSession]
    runoffs: list[BallotSession] = field(default_factory=list)

    @property
    def last(self) -> BallotSession:
        return self.rounds[-1]

    @property
    def is_final(self) -> bool:
        return all(r.status == Status.COUNTED for r in self.rounds) and not self.last.result.get("runoff")

    @property
    def published(self) -> bool:
        return bool(self.root.published_at)


def vote_of(session: BallotSession) -> Vote:
    """The vote `session` is a round of (the page's own session object stands for its round)."""
    root = session if session.parent_id is None else root_of(session)
    rounds = list(
        BallotSession.objects.filter(pk__in=round_ids(root)).select_related("conference", "title").order_by("round")
    )
    rounds = [session if r.pk == session.pk else r for r in rounds]
    root = rounds[0]
    return Vote(root=root, rounds=rounds, runoffs=[r for r in rounds if r.parent_id == session.pk])


def published_nominations(vote: Vote) -> list[Nomination]:
    """What the publication produced: at a cluster conference the nominations created for the winners, at the
    council the nominations voted on (where they went)."""
    if not vote.published:
        return []
    conference: Conference = vote.root.conference
    if conference.is_council:
        nominations = Nomination.objects.filter(candidacies__session=vote.root)
    else:
        winners = Candidate.objects.filter(session__in=[r.pk for r in vote.rounds], passed=True).values("unit_id")
        nominations = Nomination.objects.filter(
            source=Nomination.Source.BALLOT, title_id=vote.root.title_id, year=conference.year, unit_id__in=winners
        )
    return list(nominations.select_related("title").order_by(vi("candidate_name"), "pk"))


def document(pk: int | None) -> RenderedDocument | None:
    """A stored document without its frozen data (the page shows only its state)."""
    if not pk:
        return None
    return RenderedDocument.objects.defer("data").filter(pk=pk).first()


def minutes_of(session: BallotSession) -> RenderedDocument | None:
    """The minutes of the vote the session belongs to: they are recorded on its first round."""
    if session.parent_id is None:
        return session.minutes if session.minutes_id else None
    return document(root_of(session).minutes_id)


def papers_of(session: BallotSession) -> RenderedDocument | None:
    return session.papers if session.papers_id else None


def paper_ballots(session: BallotSession) -> QuerySet[Ballot]:
    """The paper ballots the committee entered, by the number printed on them (their receipts stay unshown)."""
    return (
        Ballot.objects.filter(session=session, source=Ballot.Source.PAPER)
        .only("paper_number", "is_valid")
        .order_by("paper_number")
    )


def next_paper_number(session: BallotSession) -> int:
    highest = Ballot.objects.filter(session=session, source=Ballot.Source.PAPER).aggregate(n=Max("paper_number"))["n"]
    return (highest or 0) + 1


def paper_totals(session: BallotSession) -> dict[int, int]:
    """The totals per candidate the committee entered (totals mode), {candidate id: votes}."""
    return dict(PaperTotal.objects.filter(paper_count__session=session).values_list("candidate_id", "votes"))
