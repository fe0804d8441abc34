"""The summary report's figures, each from one function and its source query, and the reads of the report pages.

Where each figure comes from (the apps that own them; nothing is copied into the report until its PDF is built):

- participation (term_participation, ministry_participation): active people of each unit (Person.is_active) and
  those registered, with campaigns' own definition (campaigns.selectors.dashboard.registered: an individual
  registration of the year on a sheet submitted or approved); people count in the unit where they work now, as
  on the registration dashboard;
- movements (term_movements, ministry_movements): campaigns' Movement of the year; a cluster carried out the
  movements it launched and the Ministry's movements its members take part in;
- covenant scores and ranking (term_covenant_ranking, ministry_rankings): campaigns' term_ranking (the ranking
  page's own computation) and term_rankings (the same formula for many terms);
- evaluation results per title (title_results): the award history (awards' Award of the year: what the year-end
  evaluation conferred, by a unit's decision, the Ministry's or the Government's), beside the registrations of
  the year for the same titles (what was aimed at); the ratings (term_ratings, ministry_ratings) from campaigns'
  PersonEvaluation, as collective_facts counts them;
- ballot results (votes_of): the counted sessions of the cluster conferences (voting's BallotSession.result and
  Candidate.votes, percent, passed);
- awards decided (term_awards, ministry_decisions): the lines of the signed award decisions of the year that no
  signed correction replaced (awards' Decision, DecisionItem);
- next year's leader and deputies (term_leaders, ministry_leaders): the next year's ClusterTerm memberships and
  the conference's appointment decision (Conference.appointment).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from awards.models import Award, Decision, DecisionItem
from campaigns.models import Covenant, Movement, PersonEvaluation, Registration
from campaigns.selectors.dashboard import COUNTED, Rate, registered
from campaigns.selectors.evaluation import Ranking, collective_facts_many, term_ranking, term_rankings, visible_terms
from thidua.core.search import vi
from thidua.core.vietnamese import sort_key
from thidua.documents.models import RenderedDocument
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.selectors import emulation_year, role_label
from thidua.titles.models import Title
from voting.models import BallotSession, Candidate, Conference, SummaryReport

from .permissions import can_write_ministry, can_write_term

Role = ClusterMembership.Role
Rating = PersonEvaluation.Rating
MINISTRY_NAME = "Bộ Tư pháp"


def _by_name(rows, name=lambda row: row.name):
    return sorted(rows, key=lambda row: sort_key(name(row)))


# Participation ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitRate:
    unit_id: int
    name: str
    kind: str  # the kind's name (Vụ, Cục THADS, ...)
    role: str  # the unit's role in the term (leader, deputy, member); "" in the ministry's report
    rate: Rate
    cluster_kind: str = ""  # the term's Cluster.Kind, for the roles' names

    @property
    def role_label(self) -> str:
        return role_label(self.role, self.cluster_kind) if self.role else ""


@dataclass(frozen=True)
class Participation:
    units: tuple[UnitRate, ...]  # in Vietnamese order
    total: Rate


def _rates(people: QuerySet, year: int) -> dict[int, Rate]:
    rows = (
        people.order_by()
        .values("unit")
        .annotate(active=Count("pk"), registered=Count("pk", filter=Q(registered(year))))
        .values_list("unit", "active", "registered")
    )
    return {unit_id: Rate(active, done) for unit_id, active, done in rows}


def term_memberships(term: ClusterTerm) -> list[ClusterMembership]:
    """The term's memberships with their units and kinds, in Vietnamese order of the units' names."""
    return _by_name(
        ClusterMembership.objects.filter(term=term).select_related("unit__kind"), name=lambda m: m.unit.name
    )


def term_participation(term: ClusterTerm, *, members: Sequence[ClusterMembership] | None = None) -> Participation:
    """Every member unit of the term with its active and registered people (a unit without active people shows
    0/0). Source: one GROUP BY over the members' active people with campaigns' `registered` condition."""
    members = term_memberships(term) if members is None else members
    rates = _rates(Person.objects.filter(is_active=True, unit__in=[m.unit_id for m in members]), term.year)
    units = tuple(
        UnitRate(m.unit_id, m.unit.name, m.unit.kind.name, m.role, rates.get(m.unit_id, Rate(0, 0)), term.kind)
        for m in members
    )
    return Participation(units, Rate(sum(u.rate.active for u in units), sum(u.rate.registered for u in units)))


@dataclass(frozen=True)
class ClusterRate:
    term_id: int
    cluster: str
    members: int
    rate: Rate


@dataclass(frozen=True)
class KindRate:
    kind: str
    units: int
    rate: Rate


@dataclass(frozen=True)
class MinistryParticipation:
    total: Rate
    units: tuple[UnitRate, ...]  # every unit with active people, in Vietnamese order
    clusters: tuple[ClusterRate, ...]  # the terms of the year, by kind of cluster then name
    kinds: tuple[KindRate, ...]  # by the kinds' order


def ministry_participation(year: int) -> MinistryParticipation:
    """Every unit with active people, and the same sums per cluster term of the year and per kind of unit.
    Source: one GROUP BY over all active people (campaigns' `registered` condition), the terms and their
    memberships: three queries whatever the number of units."""
    rows = (
        Person.objects.filter(is_active=True)
        .order_by()
        .values("unit", "unit__name", "unit__kind__name", "unit__kind__order")
        .annotate(active=Count("pk"), registered=Count("pk", filter=Q(registered(year))))
        .values_list("unit", "unit__name", "unit__kind__name", "unit__kind__order", "active", "registered")
    )
    units, kinds = [], defaultdict(lambda: [0, 0, 0])
    kind_order = {}
    for unit_id, name, kind, order, active, done in rows:
        units.append(UnitRate(unit_id, name, kind, "", Rate(active, done)))
        kinds[kind][0] += 1
        kinds[kind][1] += active
        kinds[kind][2] += done
        kind_order[kind] = order
    by_unit = {u.unit_id: u.rate for u in units}
    terms = list(
        ClusterTerm.objects.filter(year=year).select_related("cluster").order_by("kind", vi("cluster__name"), "pk")
    )
    members = defaultdict(list)
    for term_id, unit_id in ClusterMembership.objects.filter(term__year=year).values_list("term_id", "unit_id"):
        members[term_id].append(unit_id)
    clusters = []
    for term in terms:
        rates = [by_unit.get(unit_id, Rate(0, 0)) for unit_id in members[term.pk]]
        total = Rate(sum(r.active for r in rates), sum(r.registered for r in rates))
        clusters.append(ClusterRate(term.pk, term.cluster.name, len(members[term.pk]), total))
    return MinistryParticipation(
        total=Rate(sum(u.rate.active for u in units), sum(u.rate.registered for u in units)),
        units=tuple(_by_name(units)),
        clusters=tuple(clusters),
        kinds=tuple(
            KindRate(kind, n, Rate(active, done))
            for kind, (n, active, done) in sorted(kinds.items(), key=lambda item: (kind_order[item[0]], item[0]))
        ),
    )


# Movements --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MovementRow:
    name: str
    kind: str  # Movement.Kind
    launched_by: str  # the Ministry, or the cluster that launched it
    by_ministry: bool
    start: datetime.date
    end: datetime.date

    @property
    def kind_label(self) -> str:
        return str(Movement.Kind(self.kind).label)


def _movement_rows(movements: QuerySet[Movement]) -> tuple[MovementRow, ...]:
    rows = [
        MovementRow(
            name=m.name,
            kind=m.kind,
            launched_by=m.launched_by_term.cluster.name if m.launched_by_term_id else m.issuer.name,
            by_ministry=m.launched_by_term_id is None,
            start=m.start_date,
            end=m.end_date,
        )
        for m in movements.select_related("launched_by_term__cluster", "issuer")
    ]
    # The Ministry's first, then by start date and name.
    return tuple(sorted(rows, key=lambda r: (not r.by_ministry, r.start, sort_key(r.name))))


def term_movements(term: ClusterTerm) -> tuple[MovementRow, ...]:
    """The movements the cluster carried out in its year: those it launched, and the Ministry's that its members
    take part in (all units, the clusters naming this term, or units listing one of its members).
    Source: campaigns' Movement, one query."""
    P = Movement.Participants
    members = ClusterMembership.objects.filter(term=term).values("unit_id")
    taking_part = (
        Q(launched_by_term__isnull=True)
        & (
            Q(participants=P.ALL)
            | Q(participants=P.CLUSTERS, participant_terms=term)
            | Q(participants=P.UNITS, participant_units__in=members)
        )
    ) | Q(launched_by_term=term)
    ids = Movement.objects.filter(taking_part, year=term.year).values("pk")
    return _movement_rows(Movement.objects.filter(pk__in=ids))


def ministry_movements(year: int) -> tuple[MovementRow, ...]:
    """Every movement of the year, the Ministry's and the clusters'. Source: campaigns' Movement, one query."""
    return _movement_rows(Movement.objects.filter(year=year))


# Covenant scores and ranking --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    rank: int | None
    unit_id: int
    name: str
    self_total: Decimal | None
    cross_average: Decimal | None
    cross_count: int
    total: Decimal | None


@dataclass(frozen=True)
class CovenantRanking:
    term_id: int
    cluster: str
    title: str
    status: str  # Covenant.Status
    max_total: Decimal
    scorers_done: int
    rows: tuple[RankRow, ...]  # ranked first, highest total first; the units nobody scored last

    @property
    def status_label(self) -> str:
        return str(Covenant.Status(self.status).label)

    @property
    def members(self) -> int:
        return len(self.rows)

    @property
    def top(self) -> tuple[RankRow, ...]:
        return tuple(row for row in self.rows if row.rank == 1)


def _covenant_ranking(term: ClusterTerm, ranking: Ranking) -> CovenantRanking | None:
    if ranking.covenant is None:
        return None
    rows = tuple(
        RankRow(r.rank, r.unit.pk, r.unit.name, r.self_total, r.cross_average, r.cross_count, r.total)
        for r in ranking.rows
    )
    return CovenantRanking(
        term_id=term.pk,
        cluster=term.cluster.name,
        title=ranking.covenant.title,
        status=ranking.covenant.status,
        max_total=ranking.max_total,
        scorers_done=ranking.scorers_done,
        rows=rows,
    )


def term_covenant_ranking(term: ClusterTerm) -> CovenantRanking | None:
    """The term's covenant and the ranking of its members by their scores, None without a covenant.
    Source: campaigns.selectors.evaluation.term_ranking (the ranking page's computation: each unit's total is the
    average of the totals every member gave it, its own included; equal totals share a rank), four queries."""
    return _covenant_ranking(term, term_ranking(term))


def ministry_rankings(year: int) -> tuple[CovenantRanking, ...]:
    """The ranking of every term of the year that has a covenant. Source: campaigns' term_rankings (term_ranking's
    formula for many terms at once): five queries whatever the number of terms."""
    terms = list(
        ClusterTerm.objects.filter(year=year, covenant__isnull=False)
        .select_related("cluster")
        .order_by("kind", vi("cluster__name"), "pk")
    )
    rankings = term_rankings(terms)
    return tuple(_covenant_ranking(term, rankings[term.pk]) for term in terms)


# Evaluation results per title ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleResult:
    code: str
    name: str
    subject: str  # Title.Subject
    registered: int  # registrations of the year on submitted or approved sheets
    awarded: int  # entries of the award history for the year

    @property
    def subject_label(self) -> str:
        return str(Title.Subject(self.subject).label)


def title_results(*, year: int, unit_ids: Iterable[int] | None = None) -> tuple[TitleResult, ...]:
    """For each title registered or awarded in `year`: how many registered (Registration on a sheet submitted or
    approved) and how many received it (the award history, Award); among the given units and their people, or
    in the whole ministry (unit_ids None). Individual titles first, each chain from its lowest. Three queries."""
    registrations = Registration.objects.filter(year=year, sheet__status__in=COUNTED)
    awards = Award.objects.filter(year=year)
    if unit_ids is not None:
        unit_ids = list(unit_ids)
        registrations = registrations.filter(unit_id__in=unit_ids)
        awards = awards.filter(Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids))
    counts = {}
    for label, queryset in (("registered", registrations), ("awarded", awards)):
        for title_id, n in queryset.order_by().values("title").annotate(n=Count("pk")).values_list("title", "n"):
            counts.setdefault(title_id, {"registered": 0, "awarded": 0})[label] = n
    titles = Title.objects.filter(pk__in=list(counts))
    ordered = sorted(
        titles,
        key=lambda t: (t.subject != Title.Subject.INDIVIDUAL, t.chain, t.order_in_chain or 0, sort_key(t.name)),
    )
    return tuple(
        TitleResult(t.code, t.name, t.subject, counts[t.pk]["registered"], counts[t.pk]["awarded"]) for t in ordered
    )


@dataclass(frozen=True)
class Ratings:
    """The year-end ratings of the people (xếp loại), and the people not rated yet."""

    excellent: int
    good: int
    completed: int
    not_completed: int
    not_evaluated: int

    @property
    def members(self) -> int:
        return self.excellent + self.good + self.completed + self.not_completed + self.not_evaluated

    def rows(self) -> list[tuple[str, str, int]]:
        """(code, label, count) in the order of the scale, the unrated last."""
        return [
            (Rating.EXCELLENT.value, str(Rating.EXCELLENT.label), self.excellent),
            (Rating.GOOD.value, str(Rating.GOOD.label), self.good),
            (Rating.COMPLETED.value, str(Rating.COMPLETED.label), self.completed),
            (Rating.NOT_COMPLETED.value, str(Rating.NOT_COMPLETED.label), self.not_completed),
            ("", _("Chưa đánh giá, xếp loại"), self.not_evaluated),
        ]


def term_ratings(unit_ids: Iterable[int], year: int) -> Ratings:
    """The ratings of the members' people summed over the units. Source: campaigns' collective_facts_many (the
    people a unit rated that year, and its active people rated by no unit), two queries."""
    facts = collective_facts_many(list(unit_ids), year).values()
    counts = defaultdict(int)
    unrated = 0
    for fact in facts:
        for rating, n in fact.rating_counts.items():
            counts[rating] += n
        unrated += fact.not_evaluated
    return Ratings(
        counts[Rating.EXCELLENT], counts[Rating.GOOD], counts[Rating.COMPLETED], counts[Rating.NOT_COMPLETED], unrated
    )


def ministry_ratings(year: int) -> Ratings:
    """Every rating of the year, and the active people rated by no unit that year (one rating per person and year:
    the active people less those rated). Three queries."""
    counts = dict(
        PersonEvaluation.objects.filter(year=year)
        .order_by()
        .values("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    # A count of the rated rather than NOT EXISTS per person: over 100,000 people the anti-join took seconds.
    rated = PersonEvaluation.objects.filter(year=year, person__is_active=True).count()
    unrated = Person.objects.filter(is_active=True).count() - rated
    return Ratings(
        counts.get(Rating.EXCELLENT, 0),
        counts.get(Rating.GOOD, 0),
        counts.get(Rating.COMPLETED, 0),
        counts.get(Rating.NOT_COMPLETED, 0),
        unrated,
    )


# Ballot results ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CandidateResult:
    name: str
    votes: int | None
    percent: Decimal | None
    passed: bool
    reason: str  # Candidate.Reason, empty when passed

    @property
    def reason_label(self) -> str:
        return str(Candidate.Reason(self.reason).label) if self.reason in Candidate.Reason.values else ""


@dataclass(frozen=True)
class VoteResult:
    session_id: int
    term_id: int
    cluster: str
    conference: str
    date: datetime.date
    title_code: str
    title_name: str
    title_rank: int  # the title's place in its chain (Cờ thi đua của Chính phủ above the sector banner)
    round: int
    entitled: int
    present: int
    ballots: int
    valid: int
    invalid: int
    candidates: tuple[CandidateResult, ...]  # in ballot order

    @property
    def winners(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.candidates if c.passed)


def votes_of(*, term: ClusterTerm | None = None, year: int | None = None) -> tuple[VoteResult, ...]:
    """The counted ballot sessions (every round) of the term's year-end conferences, or of every cluster's in
    `year`, in the order they were held. Source: voting's BallotSession (its result, as the count stored it) and
    Candidate (votes, percent, passed); two queries."""
    sessions = BallotSession.objects.filter(
        conference__kind=Conference.Kind.CLUSTER, status=BallotSession.Status.COUNTED
    )
    sessions = sessions.filter(conference__term=term) if term is not None else sessions.filter(conference__year=year)
    sessions = list(
        sessions.select_related("conference__term__cluster", "title").order_by("conference__date", "conference", "pk")
    )
    candidates = defaultdict(list)
    for candidate in Candidate.objects.filter(session__in=[s.pk for s in sessions]).order_by(
        "session", "pool__order", "pool", "order", "pk"
    ):
        passed = bool(candidate.passed)
        result = CandidateResult(candidate.name, candidate.votes, candidate.percent, passed, candidate.reason)
        candidates[candidate.session_id].append(result)
    results = []
    for session in sessions:
        result = session.result or {}
        results.append(
            VoteResult(
                session_id=session.pk,
                term_id=session.conference.term_id,
                cluster=session.conference.term.cluster.name,
                conference=session.conference.name,
                date=session.conference.date,
                title_code=session.title.code,
                title_name=session.title.name,
                title_rank=session.title.order_in_chain or 0,
                round=session.round,
                entitled=result.get("entitled", session.entitled_count or 0),
                present=result.get("present", session.present_count or 0),
                ballots=result.get("ballots", 0),
                valid=result.get("valid", 0),
                invalid=result.get("invalid", 0),
                candidates=tuple(candidates[session.pk]),
            )
        )
    return tuple(results)


# Awards decided ---------------------------------------------------------------------------------------------------


def _decisions_in_force(year: int) -> QuerySet[Decision]:
    """The signed award decisions of the year that no signed correction replaced."""
    return Decision.objects.filter(kind=Decision.Kind.AWARD, status=Decision.Status.SIGNED, year=year).exclude(
        corrections__status=Decision.Status.SIGNED
    )


@dataclass(frozen=True)
class AwardLine:
    decision_id: int
    number: str
    date: datetime.date
    title_name: str
    issuer: str
    name: str
    position: str
    unit_name: str
    is_person: bool


def term_awards(unit_ids: Iterable[int], year: int) -> tuple[AwardLine, ...]:
    """The lines of the year's award decisions in force that name a member unit or a person of one, decision by
    decision. Source: awards' DecisionItem of the signed decisions no signed correction replaced; one query."""
    unit_ids = list(unit_ids)
    items = (
        DecisionItem.objects.filter(decision__in=_decisions_in_force(year))
        .filter(Q(unit_id__in=unit_ids) | Q(person__unit_id__in=unit_ids))
        .select_related("decision__title")
        .order_by("decision__date", "decision__number", "decision", "order", "pk")
    )
    return tuple(
        AwardLine(
            decision_id=item.decision_id,
            number=item.decision.number_text,
            date=item.decision.date,
            title_name=item.decision.title.name,
            issuer=item.decision.issuer_name,
            name=item.name,
            position=item.position,
            unit_name=item.unit_name,
            is_person=item.person_id is not None,
        )
        for item in items
    )


@dataclass(frozen=True)
class DecisionRow:
    decision_id: int
    number: str
    date: datetime.date
    title_name: str
    issuer: str
    lines: int


def ministry_decisions(year: int) -> tuple[DecisionRow, ...]:
    """The year's award decisions in force, each with its number of lines. Source: awards' Decision; one query."""
    decisions = (
        _decisions_in_force(year)
        .select_related("title")
        .annotate(lines=Count("items", distinct=True))
        .order_by("date", "number", "pk")
    )
    return tuple(DecisionRow(d.pk, d.number_text, d.date, d.title.name, d.issuer_name, d.lines) for d in decisions)


# Leaders ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Leaders:
    year: int
    cluster_kind: str  # Cluster.Kind, for the roles' names (Cụm trưởng, Trưởng khu vực)
    leader: str
    deputies: tuple[str, ...]
    decision_number: str  # the deciding act, once signed (ClusterTerm.decision_number) or as far as it got
    decision_date: datetime.date | None
    decision_status: str  # "" when signed or unknown, else the decision's status label (e.g. Dự thảo)

    @property
    def leader_label(self) -> str:
        return role_label(Role.LEADER, self.cluster_kind)

    @property
    def deputy_label(self) -> str:
        return role_label(Role.DEPUTY, self.cluster_kind)


def _leaders(term: ClusterTerm, memberships: Iterable[ClusterMembership], appointment: Decision | None = None):
    leader = next((m.unit.name for m in memberships if m.role == Role.LEADER), "")
    deputies = tuple(sorted((m.unit.name for m in memberships if m.role == Role.DEPUTY), key=sort_key))
    number, date, status = term.decision_number, term.decision_date, ""
    if not number and appointment is not None:
        number, date = appointment.number_text, appointment.date
        status = "" if appointment.is_signed else appointment.get_status_display()
    return Leaders(term.year, term.kind, leader, deputies, number, date, str(status))


def term_leaders(term: ClusterTerm, *, members: Sequence[ClusterMembership]) -> tuple[Leaders, Leaders | None]:
    """This year's leader and deputies (from `members`, the term's memberships) and next year's: the memberships
    of the cluster's next term and the decision appointing them (the term's deciding act, else the decision the
    year-end conference drew up, Conference.appointment). Three queries."""
    current = _leaders(term, members)
    next_term = ClusterTerm.objects.filter(cluster_id=term.cluster_id, year=term.year + 1).first()
    if next_term is None:
        return current, None
    memberships = ClusterMembership.objects.filter(term=next_term, role__in=[Role.LEADER, Role.DEPUTY]).select_related(
        "unit"
    )
    conference = (
        Conference.objects.filter(term=term, appointment__isnull=False)
        .select_related("appointment")
        .order_by("-date", "-pk")
        .first()
    )
    return current, _leaders(next_term, list(memberships), conference.appointment if conference else None)


@dataclass(frozen=True)
class ClusterLeaders:
    cluster: str
    current: Leaders
    next: Leaders | None


def ministry_leaders(year: int) -> tuple[ClusterLeaders, ...]:
    """Each cluster term of the year with its leader and deputies, and those of the cluster's next term. Two
    queries."""
    terms = {t.pk: t for t in ClusterTerm.objects.filter(year__in=[year, year + 1]).select_related("cluster")}
    roles = defaultdict(list)
    for membership in ClusterMembership.objects.filter(
        term_id__in=list(terms), role__in=[Role.LEADER, Role.DEPUTY]
    ).select_related("unit"):
        roles[membership.term_id].append(membership)
    following = {(t.cluster_id, t.year): t for t in terms.values()}
    rows = []
    for term in sorted(
        (t for t in terms.values() if t.year == year), key=lambda t: (t.kind, sort_key(t.cluster.name), t.pk)
    ):
        after = following.get((term.cluster_id, year + 1))
        rows.append(
            ClusterLeaders(
                cluster=term.cluster.name,
                current=_leaders(term, roles[term.pk]),
                next=_leaders(after, roles[after.pk]) if after else None,
            )
        )
    return tuple(rows)


# The conference ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConferenceInfo:
    name: str
    date: datetime.date
    place: str
    chair: str


def term_conference(term: ClusterTerm) -> ConferenceInfo | None:
    """The term's year-end conference (the latest, should there be several). One query."""
    conference = Conference.objects.filter(kind=Conference.Kind.CLUSTER, term=term).order_by("-date", "-pk").first()
    if conference is None:
        return None
    return ConferenceInfo(conference.name, conference.date, conference.place, conference.chair_name)


# All the figures of one report ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TermFigures:
    term_id: int
    cluster: str
    cluster_kind: str
    year: int
    participation: Participation
    movements: tuple[MovementRow, ...]
    covenant: CovenantRanking | None
    titles: tuple[TitleResult, ...]
    ratings: Ratings
    votes: tuple[VoteResult, ...]
    awards: tuple[AwardLine, ...]
    leaders: Leaders
    next_leaders: Leaders | None
    conference: ConferenceInfo | None

    is_ministry = False

    @property
    def leader_label(self) -> str:
        return role_label(Role.LEADER, self.cluster_kind)


def term_figures(term: ClusterTerm) -> TermFigures:
    """Every figure of a cluster term's report, read now (see the module's docstring for the sources): about
    twenty queries whatever the size of the cluster."""
    members = term_memberships(term)
    unit_ids = [m.unit_id for m in members]
    leaders, next_leaders = term_leaders(term, members=members)
    return TermFigures(
        term_id=term.pk,
        cluster=term.cluster.name,
        cluster_kind=term.kind,
        year=term.year,
        participation=term_participation(term, members=members),
        movements=term_movements(term),
        covenant=term_covenant_ranking(term),
        titles=title_results(year=term.year, unit_ids=unit_ids),
        ratings=term_ratings(unit_ids, term.year),
        votes=votes_of(term=term),
        awards=term_awards(unit_ids, term.year),
        leaders=leaders,
        next_leaders=next_leaders,
        conference=term_conference(term),
    )


@dataclass(frozen=True)
class MinistryFigures:
    year: int
    participation: MinistryParticipation
    movements: tuple[MovementRow, ...]
    rankings: tuple[CovenantRanking, ...]
    titles: tuple[TitleResult, ...]
    ratings: Ratings
    votes: tuple[VoteResult, ...]
    decisions: tuple[DecisionRow, ...]
    leaders: tuple[ClusterLeaders, ...]

    is_ministry = True


def ministry_figures(year: int) -> MinistryFigures:
    """Every figure of the ministry's report for `year`: a fixed number of queries whatever the number of units,
    people and cluster terms."""
    return MinistryFigures(
        year=year,
        participation=ministry_participation(year),
        movements=ministry_movements(year),
        rankings=ministry_rankings(year),
        titles=title_results(year=year),
        ratings=ministry_ratings(year),
        votes=votes_of(year=year),
        decisions=ministry_decisions(year),
        leaders=ministry_leaders(year),
    )


def banner_winners(votes: Sequence[VoteResult]) -> list[tuple[str, str, tuple[str, ...]]]:
    """(title code, title name, winners) of each title voted, every round's winners together, in the order voted."""
    winners: dict[str, list] = {}
    names: dict[str, str] = {}
    for vote in votes:
        names[vote.title_code] = vote.title_name
        found = winners.setdefault(vote.title_code, [])
        found.extend(name for name in vote.winners if name not in found)
    return [(code, names[code], tuple(found)) for code, found in winners.items()]


# The reports and their pages --------------------------------------------------------------------------------------


def report_for_term(term: ClusterTerm) -> SummaryReport:
    """The term's report as stored, or a new unsaved one (nothing is written until someone saves or builds it)."""
    report = _stored().filter(kind=SummaryReport.Kind.CLUSTER, term=term).first()
    return report or SummaryReport(kind=SummaryReport.Kind.CLUSTER, term=term, year=term.year)


def report_for_ministry(year: int) -> SummaryReport:
    report = _stored().filter(kind=SummaryReport.Kind.MINISTRY, year=year).first()
    return report or SummaryReport(kind=SummaryReport.Kind.MINISTRY, year=year)


def _stored() -> QuerySet[SummaryReport]:
    return SummaryReport.objects.select_related("document", "written_by").defer("document__data")


def report_document(report: SummaryReport) -> RenderedDocument | None:
    return report.document if report.document_id else None


def term_leader_unit(term: ClusterTerm):
    membership = ClusterMembership.objects.filter(term=term, role=Role.LEADER).select_related("unit").first()
    return membership.unit if membership else None


def report_years() -> list[int]:
    """The years with cluster terms, and the portal's current year, newest first."""
    years = set(ClusterTerm.objects.values_list("year", flat=True).distinct())
    years.add(emulation_year())
    return sorted(years, reverse=True)


@dataclass
class ReportRow:
    """One line of the reports list: a cluster term (None: the ministry), its report if stored, who may write it."""

    term: ClusterTerm | None
    leader_name: str
    report: SummaryReport | None
    can_write: bool
    member_count: int = 0


def term_reports(user, *, year: int) -> QuerySet[ClusterTerm]:
    """The terms of `year` whose report the user may see, each with its leader (name, id, path) and member count,
    by kind of cluster and name: one query per page."""
    leader = ClusterMembership.objects.filter(term=OuterRef("pk"), role=Role.LEADER)
    members = ClusterMembership.objects.filter(term=OuterRef("pk")).order_by().values("term").annotate(n=Count("pk"))
    return (
        visible_terms(user)
        .filter(year=year)
        .select_related("cluster")
        .annotate(
            leader_name=Subquery(leader.values("unit__name")[:1]),
            leader_id=Subquery(leader.values("unit_id")[:1]),
            leader_path=Subquery(leader.values("unit__path")[:1]),
            member_count=Subquery(members.values("n")[:1]),
        )
        .order_by("kind", vi("cluster__name"), "pk")
    )


def report_rows(user, terms: Iterable[ClusterTerm], *, year: int, with_ministry: bool) -> list[ReportRow]:
    """The rows of one page of the list: its terms (from term_reports) and, first, the ministry's report; their
    stored reports in one query, who may write each from the annotated leader (no query)."""
    terms = list(terms)
    stored = SummaryReport.objects.filter(Q(term__in=[t.pk for t in terms]) | Q(kind="ministry", year=year))
    by_term, ministry = {}, None
    for report in stored.select_related("document", "written_by").defer("document__data"):
        if report.term_id:
            by_term[report.term_id] = report
        else:
            ministry = report
    rows = []
    if with_ministry:
        rows.append(ReportRow(None, "", ministry, can_write_ministry(user)))
    for term in terms:
        # The leader as far as the permission needs it (its id and path), from the annotations: no query per row.
        leader = Unit(pk=term.leader_id, path=term.leader_path or "") if term.leader_id else None
        can_write = can_write_term(user, leader)
        rows.append(ReportRow(term, term.leader_name or "", by_term.get(term.pk), can_write, term.member_count or 0))
    return rows
