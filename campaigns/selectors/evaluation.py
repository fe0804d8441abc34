"""Reads for the year-end evaluation: the unit's table, the collective facts the award rules read, the cluster
term's score sheets and ranking, and the permission helpers of these pages (404 unseen, 403 read-only)."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from thidua.core.search import vi
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.permissions import can_write_unit, scope_for, visible_people, visible_units

from ..models import Covenant, CovenantCriterion, Initiative, PersonEvaluation, UnitScore

Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline

# Higher is better; "completed its duties" is a rank of at least COMPLETED's.
RATING_RANK = {Rating.EXCELLENT: 3, Rating.GOOD: 2, Rating.COMPLETED: 1, Rating.NOT_COMPLETED: 0}
COMPLETED_RATINGS = (Rating.EXCELLENT, Rating.GOOD, Rating.COMPLETED)

# The default rules behind "Lao động tiên tiến-worthy" (see advanced_worthy_q).
ADVANCED_RATINGS = (Rating.EXCELLENT, Rating.GOOD)
ADVANCED_MAX_DISCIPLINE = Discipline.REPRIMAND
SERIOUS_DISCIPLINE = Discipline.WARNING


def advanced_worthy_q(prefix: str = "") -> Q:
    """Evaluations of people who meet the annual-rating part of the "Lao động tiên tiến" title.

    Rule (default until the awards issue turns it into versioned data with its legal basis): rated "hoàn thành
    xuất sắc nhiệm vụ" or "hoàn thành tốt nhiệm vụ", and not disciplined at "cảnh cáo" or above (no discipline or
    a "khiển trách" only). Basis: the Law on Emulation and Commendation 06/2022/QH15 grants Lao động tiên tiến to
    those who complete their duties well or better; the discipline threshold is the one the collective titles
    use ("nobody disciplined at cảnh cáo or above", DOMAIN.md's collective chain), applied per person so that
    the 70 % share and the collective's discipline condition read the same scale.
    """
    return Q(**{f"{prefix}rating__in": ADVANCED_RATINGS, f"{prefix}discipline__lte": ADVANCED_MAX_DISCIPLINE})


def is_advanced_worthy(evaluation: PersonEvaluation) -> bool:
    """advanced_worthy_q for one evaluation in memory."""
    return evaluation.rating in ADVANCED_RATINGS and evaluation.discipline <= ADVANCED_MAX_DISCIPLINE


# Permissions -------------------------------------------------------------------------------------------------


def can_write_evaluations(user) -> bool:
    """Whether the user may enter evaluations for some unit (the board or unit staff)."""
    scope = scope_for(user)
    return scope.is_board or bool(scope.write_paths)


def get_initiative_for_user(user, pk, *, write: bool = False) -> Initiative:
    """An initiative whose author the user may see (else 404); with write, whose unit they may change (else 403)."""
    initiative = (
        Initiative.objects.filter(pk=pk, person__in=visible_people(user)).select_related("person__unit").first()
    )
    if initiative is None:
        raise Http404(_("Không tìm thấy sáng kiến."))
    if write and not can_write_unit(user, initiative.person.unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi sáng kiến của cá nhân này."))
    return initiative


def visible_terms(user) -> QuerySet[ClusterTerm]:
    """Cluster terms with a member unit the user may see; every term for the board and ministry-wide viewers."""
    terms = ClusterTerm.objects.all()
    if scope_for(user).read_all:
        return terms
    members = ClusterMembership.objects.filter(term=OuterRef("pk"), unit__in=visible_units(user))
    return terms.filter(Exists(members))


def get_term_for_user(user, pk) -> ClusterTerm:
    term = visible_terms(user).select_related("cluster").filter(pk=pk).first()
    if term is None:
        raise Http404(_("Không tìm thấy cụm thi đua của năm này."))
    return term


def get_scorer_for_user(user, term: ClusterTerm, unit_pk, *, write: bool = False) -> Unit:
    """The member unit of `term` whose score sheet the user opens: 404 if it is not a member or not visible,
    403 on write when the user may not change that unit (only its unit staff and the board score for it)."""
    unit = visible_units(user).filter(pk=unit_pk, cluster_memberships__term=term).select_related("kind").first()
    if unit is None:
        raise Http404(_("Đơn vị này không phải là thành viên của cụm thi đua trong năm."))
    if write and not can_write_unit(user, unit):
        raise PermissionDenied(_("Chỉ cán bộ thi đua của %(unit)s được chấm điểm thay đơn vị.") % {"unit": unit})
    return unit


# The unit's table --------------------------------------------------------------------------------------------


def evaluation_people(unit: Unit, year: int) -> QuerySet[Person]:
    """The people in `unit`'s evaluation table for `year`: its members (see collective_facts_many), in Vietnamese
    order: those it evaluated that year, and its active people not evaluated that year by any unit."""
    evaluated_here = PersonEvaluation.objects.filter(unit=unit, year=year).values("person_id")
    evaluated_anywhere = PersonEvaluation.objects.filter(person=OuterRef("pk"), year=year)
    return Person.objects.filter(
        Q(pk__in=evaluated_here) | (Q(unit=unit, is_active=True) & ~Exists(evaluated_anywhere))
    )


@dataclass
class TableRow:
    person: Person
    evaluation: PersonEvaluation | None
    initiatives: list[Initiative] = field(default_factory=list)


def evaluation_rows(people: Iterable[Person], year: int) -> list[TableRow]:
    """A row per person with their evaluation and initiatives of `year`: two queries for the whole page."""
    people = list(people)
    ids = [p.pk for p in people]
    evaluations = {e.person_id: e for e in PersonEvaluation.objects.filter(person_id__in=ids, year=year)}
    initiatives = defaultdict(list)
    for initiative in Initiative.objects.filter(person_id__in=ids, year=year):
        initiatives[initiative.person_id].append(initiative)
    return [TableRow(p, evaluations.get(p.pk), initiatives.get(p.pk, [])) for p in people]


def unit_terms(unit: Unit, year: int) -> list[ClusterMembership]:
    """The unit's cluster memberships in `year`, for the links to score sheets and rankings."""
    return list(ClusterMembership.objects.filter(unit=unit, year=year).select_related("term__cluster"))


def person_initiatives(person: Person, year: int | None = None) -> QuerySet[Initiative]:
    initiatives = Initiative.objects.filter(person=person)
    return initiatives.filter(year=year) if year else initiatives


# Collective facts -----------------------------------------------------------------------------------------------


def _percent(share: Fraction) -> Decimal:
    return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class CollectiveFacts:
    """What the award rules read about a collective (a unit) for one year.

    Members: the people the unit evaluated that year, plus its active people not evaluated that year by any unit
    (they count, as not yet rated: a table left unfinished does not make the share look better). The unit alone,
    not its sub-units: a sub-unit (a Chi cục under its Cục) is a collective of its own that is proposed for
    titles of its own, so its people are its members, not the parent's.
    """

    unit_id: int
    year: int
    members: int
    rating_counts: dict[str, int]
    advanced_worthy: int  # members who are Lao động tiên tiến-worthy (advanced_worthy_q)
    disciplined_serious: int  # members disciplined at cảnh cáo or above

    @property
    def evaluated(self) -> int:
        return sum(self.rating_counts.values())

    @property
    def not_evaluated(self) -> int:
        return self.members - self.evaluated

    @property
    def advanced_share(self) -> Fraction:
        """The exact share of Lao động tiên tiến-worthy members (0 with no members); compare it as is."""
        return Fraction(self.advanced_worthy, self.members) if self.members else Fraction(0)

    @property
    def advanced_percent(self) -> Decimal:
        """advanced_share in per cent, rounded half up to 2 decimals, for display."""
        return _percent(self.advanced_share)

    @property
    def completed(self) -> int:
        return sum(self.rating_counts[r] for r in COMPLETED_RATINGS)

    @property
    def all_completed(self) -> bool:
        """Every member is rated and rated "hoàn thành nhiệm vụ" or better (False with no members)."""
        return self.members > 0 and self.completed == self.members

    @property
    def completed_percent(self) -> Decimal:
        return _percent(Fraction(self.completed, self.members)) if self.members else Decimal("0.00")

    @property
    def anyone_disciplined_serious(self) -> bool:
        """Someone was disciplined at "cảnh cáo" or above that year."""
        return self.disciplined_serious > 0


def collective_facts_many(units: Iterable[Unit | int], year: int) -> dict[int, CollectiveFacts]:
    """CollectiveFacts for each unit (or unit id), keyed by unit id, in two queries whatever the number of units."""
    ids = list(dict.fromkeys(u if isinstance(u, int) else u.pk for u in units))
    if not ids:
        return {}
    aggregates = {f"n_{value}": Count("pk", filter=Q(rating=value)) for value in Rating.values}
    rows = (
        PersonEvaluation.objects.filter(year=year, unit_id__in=ids)
        .order_by()
        .values("unit_id")
        .annotate(
            **aggregates,
            worthy=Count("pk", filter=advanced_worthy_q()),
            serious=Count("pk", filter=Q(discipline__gte=SERIOUS_DISCIPLINE)),
        )
    )
    by_unit = {row["unit_id"]: row for row in rows}
    evaluated_that_year = PersonEvaluation.objects.filter(person=OuterRef("pk"), year=year)
    unrated = dict(
        Person.objects.filter(unit_id__in=ids, is_active=True)
        .exclude(Exists(evaluated_that_year))
        .order_by()
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    facts = {}
    for unit_id in ids:
        row = by_unit.get(unit_id, {})
        counts = {value: row.get(f"n_{value}", 0) for value in Rating.values}
        facts[unit_id] = CollectiveFacts(
            unit_id=unit_id,
            year=year,
            members=sum(counts.values()) + unrated.get(unit_id, 0),
            rating_counts=counts,
            advanced_worthy=row.get("worthy", 0),
            disciplined_serious=row.get("serious", 0),
        )
    return facts


def collective_facts(unit: Unit | int, year: int) -> CollectiveFacts:
    """CollectiveFacts of one unit for `year` (see collective_facts_many)."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    return collective_facts_many([unit_id], year)[unit_id]


# Scores and ranking ---------------------------------------------------------------------------------------------


def term_covenant(term: ClusterTerm) -> Covenant | None:
    """The term's covenant with its criteria prefetched, or None."""
    return (
        Covenant.objects.filter(term=term)
        .prefetch_related(Prefetch("criteria", queryset=CovenantCriterion.objects.order_by("order")))
        .first()
    )


def term_members(term: ClusterTerm) -> list[ClusterMembership]:
    return list(ClusterMembership.objects.filter(term=term).select_related("unit").order_by(vi("unit__name")))


def score_sheet(covenant: Covenant, scorer: Unit) -> dict[tuple[int, int], Decimal]:
    """The points `scorer` gave, keyed by (scored unit id, criterion id)."""
    return {
        (scored, criterion): points
        for scored, criterion, points in UnitScore.objects.filter(
            criterion__covenant=covenant, scorer_unit=scorer
        ).values_list("scored_unit_id", "criterion_id", "points")
    }


def _display(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass
class RankingRow:
    membership: ClusterMembership
    self_total: Decimal | None  # the unit's own score sheet total
    cross_average: Decimal | None  # average of the other members' totals for it
    cross_count: int  # how many other members scored it
    total: Decimal | None  # the ranking figure (see term_ranking)
    rank: int | None
    _exact: Fraction | None = None

    @property
    def unit(self) -> Unit:
        return self.membership.unit


@dataclass
class Ranking:
    term: ClusterTerm
    covenant: Covenant | None
    criteria: list[CovenantCriterion]
    rows: list[RankingRow]
    max_total: Decimal
    scorers_done: int  # members that scored every member (themselves included)

    @property
    def members(self) -> int:
        return len(self.rows)


def term_ranking(term: ClusterTerm) -> Ranking:
    """The ranking of the term's member units by their covenant scores, in four queries.

    Formula: a scorer's total for a unit is the sum of its points over the covenant's criteria (the services
    accept a unit's row only complete); the unit's total is the average of the totals every member gave it,
    its own self-score included (self-score and cross-scores weigh the same, one sheet each; a member that has
    not scored it yet is left out of the average). Units are ordered by that total, highest first; equal
    totals (compared exactly, not after rounding) share a rank and the next rank is skipped (1, 1, 3). Units
    nobody scored have no rank and come last. Only scores by current members count.
    """
    covenant = term_covenant(term)
    criteria = list(covenant.criteria.all()) if covenant else []
    memberships = term_members(term)
    member_ids = {m.unit_id for m in memberships}
    totals: dict[int, dict[int, Decimal]] = defaultdict(dict)  # scored → scorer → total
    if covenant is not None:
        for scored, scorer, points in (
            UnitScore.objects.filter(criterion__covenant=covenant, scorer_unit__in=member_ids)
            .order_by()
            .values("scored_unit_id", "scorer_unit_id")
            .annotate(total=Sum("points"))
            .values_list("scored_unit_id", "scorer_unit_id", "total")
        ):
            if scored in member_ids:
                totals[scored][scorer] = points
    return _rank(term, covenant, criteria, memberships, totals)


def term_rankings(terms: Iterable[ClusterTerm]) -> dict[int, Ranking]:
    """term_ranking of each term, keyed by term id, in four queries whatever the number of terms (the same
    formula: both end in _rank)."""
    terms = list(terms)
    if not terms:
        return {}
    covenants = {
        c.term_id: c
        for c in Covenant.objects.filter(term__in=terms).prefetch_related(
            Prefetch("criteria", queryset=CovenantCriterion.objects.order_by("order"))
        )
    }
    memberships: dict[int, list[ClusterMembership]] = defaultdict(list)
    for membership in (
        ClusterMembership.objects.filter(term__in=terms).select_related("unit").order_by(vi("unit__name"), "pk")
    ):
        memberships[membership.term_id].append(membership)
    members = {term_id: {m.unit_id for m in rows} for term_id, rows in memberships.items()}
    term_of = {c.pk: c.term_id for c in covenants.values()}
    totals: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for covenant_id, scored, scorer, points in (
        UnitScore.objects.filter(criterion__covenant__in=list(term_of))
        .order_by()
        .values("criterion__covenant_id", "scored_unit_id", "scorer_unit_id")
        .annotate(total=Sum("points"))
        .values_list("criterion__covenant_id", "scored_unit_id", "scorer_unit_id", "total")
    ):
        term_id = term_of[covenant_id]
        if scored in members.get(term_id, ()) and scorer in members[term_id]:
            totals[term_id][scored][scorer] = points
    rankings = {}
    for term in terms:
        covenant = covenants.get(term.pk)
        criteria = list(covenant.criteria.all()) if covenant else []
        rankings[term.pk] = _rank(term, covenant, criteria, memberships.get(term.pk, []), totals.get(term.pk, {}))
    return rankings


def _rank(
    term: ClusterTerm,
    covenant: Covenant | None,
    criteria: list[CovenantCriterion],
    memberships: list[ClusterMembership],
    totals: dict[int, dict[int, Decimal]],
) -> Ranking:
    """The ranking (term_ranking's formula) from the members in display order and their totals (scored unit →
    scorer → the scorer's total for it, current members only)."""
    scored_by: dict[int, int] = defaultdict(int)
    rows = []
    for membership in memberships:
        given = totals.get(membership.unit_id, {})
        for scorer in given:
            scored_by[scorer] += 1
        others = [Fraction(v) for s, v in given.items() if s != membership.unit_id]
        all_scores = [Fraction(v) for v in given.values()]
        exact = sum(all_scores, Fraction(0)) / len(all_scores) if all_scores else None
        self_total = given.get(membership.unit_id)
        rows.append(
            RankingRow(
                membership=membership,
                self_total=_display(Fraction(self_total)) if self_total is not None else None,
                cross_average=_display(sum(others, Fraction(0)) / len(others)) if others else None,
                cross_count=len(others),
                total=_display(exact),
                rank=None,
                _exact=exact,
            )
        )
    ranked = sorted((r for r in rows if r._exact is not None), key=lambda r: r._exact, reverse=True)
    for position, row in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        row.rank = previous.rank if previous is not None and previous._exact == row._exact else position
    unranked = [r for r in rows if r._exact is None]
    max_total = sum((c.max_points for c in criteria), Decimal(0))
    return Ranking(
        term=term,
        covenant=covenant,
        criteria=criteria,
        rows=ranked + unranked,
        max_total=max_total,
        scorers_done=sum(1 for n in scored_by.values() if n == len(memberships)),
    )
