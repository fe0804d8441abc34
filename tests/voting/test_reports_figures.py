"""The summary report's figures (voting/reports/selectors.py) against the data: each number traced to a direct query
of its source, on a small year built through the services (tests/voting/reports_factories.py), for a cluster term
and for the whole ministry; the charts' tables; the same number of queries whatever the size."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.test.utils import CaptureQueriesContext

from awards.models import Award, Decision, DecisionItem
from awards.services import decisions as decision_services
from campaigns.models import Movement, PersonEvaluation, Registration, RegistrationSheet, UnitScore
from campaigns.selectors.dashboard import Rate
from tests import factories
from tests.awards.decisions_factories import signed, title
from tests.campaigns.fixtures_evaluation import covenant_for
from thidua.core.charts import chart_table
from thidua.org.models import ClusterMembership, Person
from voting.models import Candidate
from voting.reports import charts, selectors

from .reports_factories import YEAR, report_world

pytestmark = pytest.mark.django_db
COUNTED = [RegistrationSheet.Status.SUBMITTED, RegistrationSheet.Status.APPROVED]


@pytest.fixture
def year(db):
    return report_world()


def registered_people(units) -> int:
    """The source query of participation: active people with a counted individual registration of the year."""
    counted = Registration.objects.filter(person=OuterRef("pk"), year=YEAR, sheet__status__in=COUNTED)
    return Person.objects.filter(is_active=True, unit__in=units).filter(Exists(counted)).count()


def test_participation_of_the_term_is_its_members_active_and_registered_people(year):
    figures = selectors.term_figures(year.term)
    rows = {u.name: (u.role, u.rate) for u in figures.participation.units}
    assert rows == {
        year.a.name: ("leader", Rate(3, 3)),
        year.b.name: ("deputy", Rate(2, 1)),
        year.c.name: ("member", Rate(2, 0)),
        year.d.name: ("member", Rate(1, 0)),
    }
    for unit in year.members:
        rate = rows[unit.name][1]
        assert rate.active == Person.objects.filter(unit=unit, is_active=True).count()
        assert rate.registered == registered_people([unit])
    assert (
        figures.participation.total
        == Rate(8, 4)
        == Rate(Person.objects.filter(unit__in=year.members, is_active=True).count(), registered_people(year.members))
    )
    assert figures.participation.total.percent == Decimal(50)
    # Vietnamese order of the names: Cục ..., Văn ..., Vụ Các ..., Vụ Pháp ...
    assert [u.name for u in figures.participation.units] == [year.d.name, year.b.name, year.a.name, year.c.name]


def test_the_movements_carried_out_are_the_clusters_own_and_the_ministrys_its_members_join(year):
    figures = selectors.term_figures(year.term)
    assert [(m.name, m.by_ministry, m.launched_by) for m in figures.movements] == [
        ("Thi đua thực hiện nhiệm vụ năm 2016", True, "Bộ Tư pháp"),
        ("Thi đua cao điểm của các cụm", True, "Bộ Tư pháp"),
        ("Tăng cường ứng dụng công nghệ thông tin", False, "Cụm thi đua số I"),
    ]
    members = ClusterMembership.objects.filter(term=year.term).values("unit_id")
    direct = (
        Movement.objects.filter(year=YEAR)
        .filter(
            Q(launched_by_term=year.term)
            | Q(launched_by_term__isnull=True, participants="all")
            | Q(launched_by_term__isnull=True, participant_terms=year.term)
            | Q(launched_by_term__isnull=True, participant_units__in=members)
        )
        .distinct()
    )
    assert len(figures.movements) == direct.count() == 3


def test_the_covenant_ranking_is_the_average_of_every_members_totals(year):
    covenant = selectors.term_figures(year.term).covenant
    assert (covenant.status, covenant.max_total, covenant.scorers_done) == ("locked", Decimal(100), 3)
    assert [(r.rank, r.name, r.total, r.cross_count) for r in covenant.rows] == [
        (1, year.a.name, Decimal("95.00"), 2),
        (2, year.b.name, Decimal("90.00"), 2),
        (3, year.c.name, Decimal("80.00"), 2),
        (4, year.d.name, Decimal("70.00"), 3),
    ]
    for row in covenant.rows:
        given = UnitScore.objects.filter(scored_unit_id=row.unit_id).values("scorer_unit").annotate(t=Sum("points"))
        totals = [g["t"] for g in given]
        assert row.total == (sum(totals) / len(totals)).quantize(Decimal("0.01"))


def test_evaluation_results_per_title_come_from_the_award_history_beside_the_registrations(year):
    figures = selectors.term_figures(year.term)
    assert [(t.code, t.registered, t.awarded) for t in figures.titles] == [
        ("ldtt", 4, 0),
        ("cstdcs", 1, 1),
        ("ttldxs", 1, 0),
        ("co-bo", 0, 2),
    ]
    members = year.members
    for row in figures.titles:
        assert (
            row.registered
            == Registration.objects.filter(
                year=YEAR, sheet__status__in=COUNTED, unit__in=members, title__code=row.code
            ).count()
        )
        assert (
            row.awarded
            == Award.objects.filter(year=YEAR, title__code=row.code)
            .filter(Q(unit__in=members) | Q(person__unit__in=members))
            .count()
        )


def test_the_ratings_count_the_members_people_and_those_not_rated(year):
    ratings = selectors.term_figures(year.term).ratings
    assert (ratings.excellent, ratings.good, ratings.completed, ratings.not_completed, ratings.not_evaluated) == (
        1,
        2,
        1,
        0,
        4,
    )
    direct = dict(
        PersonEvaluation.objects.filter(year=YEAR, unit__in=year.members)
        .values("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    assert direct == {"xuat_sac": 1, "tot": 2, "hoan_thanh": 1}
    rated = PersonEvaluation.objects.filter(person=OuterRef("pk"), year=YEAR)
    unrated = Person.objects.filter(unit__in=year.members, is_active=True).exclude(Exists(rated)).count()
    assert ratings.not_evaluated == unrated
    assert ratings.members == 8


def test_the_ballot_results_are_the_counted_sessions_candidates(year):
    (vote,) = selectors.term_figures(year.term).votes
    assert (vote.title_code, vote.round, vote.entitled, vote.present, vote.ballots, vote.valid, vote.invalid) == (
        "co-bo",
        1,
        4,
        4,
        4,
        4,
        0,
    )
    assert [(c.name, c.votes, c.percent, c.passed) for c in vote.candidates] == [
        (row.name, row.votes, row.percent, row.passed)
        for row in Candidate.objects.filter(session=year.session).order_by("pool__order", "order", "pk")
    ]
    assert {c.name: (c.votes, c.passed) for c in vote.candidates} == {
        year.a.name: (4, True),
        year.b.name: (3, True),
        year.c.name: (1, False),
        year.d.name: (0, False),
    }
    assert set(vote.winners) == {year.a.name, year.b.name}


def test_the_awards_decided_are_the_signed_decisions_lines_naming_members(year):
    lines = selectors.term_figures(year.term).awards
    assert [(line.number, line.name, line.is_person) for line in lines] == [
        ("01/QĐ-BTP", year.b.name, False),
        ("01/QĐ-BTP", year.a.name, False),
        ("02/QĐ-BTP", "Trần Thị An", True),
    ]
    direct = DecisionItem.objects.filter(decision__kind="award", decision__status="signed", decision__year=YEAR).filter(
        Q(unit__in=year.members) | Q(person__unit__in=year.members)
    )
    assert len(lines) == direct.count() == 3


def test_a_decision_replaced_by_a_signed_correction_counts_once_through_its_correction(year):
    first = Decision.objects.get(number_text="01/QĐ-BTP", year=YEAR, title__code="co-bo")
    correction = signed(decision_services.decision_correct(actor=None, decision=first))
    lines = selectors.term_figures(year.term).awards
    decisions = [line.decision_id for line in lines]
    assert (decisions.count(first.pk), decisions.count(correction.pk), len(lines)) == (0, 2, 3)
    assert [d.decision_id for d in selectors.ministry_figures(YEAR).decisions].count(first.pk) == 0


def test_next_years_leaders_come_from_the_next_term_and_the_appointment(year):
    figures = selectors.term_figures(year.term)
    current, following = figures.leaders, figures.next_leaders
    assert (current.year, current.leader, current.deputies) == (YEAR, year.a.name, (year.b.name,))
    appointment = Decision.objects.get(kind="appointment", term=year.next_term)
    assert (following.year, following.leader, following.deputies) == (YEAR + 1, year.c.name, (year.d.name,))
    assert (following.decision_number, following.decision_date) == (appointment.number_text, appointment.date)
    assert following.decision_number == "03/QĐ-BTP"
    roles = dict(
        ClusterMembership.objects.filter(term=year.next_term).exclude(role="member").values_list("unit", "role")
    )
    assert roles == {year.c.pk: "leader", year.d.pk: "deputy"}
    assert (following.leader_label, following.deputy_label) == ("Cụm trưởng", "Cụm phó")


def test_the_ministry_aggregates_per_cluster_and_per_kind_of_unit(year):
    figures = selectors.ministry_figures(YEAR)
    participation = figures.participation
    active = Person.objects.filter(is_active=True).count()
    assert participation.total == Rate(active, registered_people(Person.objects.values("unit"))) == Rate(10, 6)
    assert [(c.cluster, c.members, c.rate) for c in participation.clusters] == [
        ("Cụm thi đua số I", 4, Rate(8, 4)),
        ("Cụm thi đua số II", 1, Rate(2, 2)),
    ]
    kinds = {k.kind: (k.units, k.rate) for k in participation.kinds}
    for kind, (units, rate) in kinds.items():
        people = Person.objects.filter(is_active=True, unit__kind__name=kind)
        assert units == people.values("unit").distinct().count()
        assert rate == Rate(people.count(), registered_people(people.values("unit")))
    assert kinds["Cục THADS"] == (1, Rate(1, 0))
    assert len(participation.units) == Person.objects.filter(is_active=True).values("unit").distinct().count()
    assert len(figures.movements) == Movement.objects.filter(year=YEAR).count() == 4
    assert [(r.cluster, [t.name for t in r.top]) for r in figures.rankings] == [("Cụm thi đua số I", [year.a.name])]
    titles = {t.code: (t.registered, t.awarded) for t in figures.titles}
    assert titles["ldtt"] == (
        Registration.objects.filter(year=YEAR, sheet__status__in=COUNTED, title__code="ldtt").count(),
        0,
    )
    assert titles["ldtt"] == (6, 0)
    assert titles["cstdcs"] == (1, Award.objects.filter(year=YEAR, title__code="cstdcs").count()) == (1, 2)
    assert [(d.number, d.title_name, d.lines) for d in figures.decisions] == [
        ("01/QĐ-BTP", title("co-bo").name, 2),
        ("02/QĐ-BTP", title("cstdcs").name, 2),
    ]
    assert [(c.cluster, c.current.leader, c.next.leader if c.next else None) for c in figures.leaders] == [
        ("Cụm thi đua số I", year.a.name, year.c.name),
        ("Cụm thi đua số II", year.e.name, None),
    ]
    assert figures.ratings.not_evaluated == Person.objects.filter(is_active=True).count() - 4


def test_the_charts_tables_hold_the_figures(year):
    figures = selectors.term_figures(year.term)
    built = charts.term_charts(figures)
    assert chart_table(built["participation"])["rows"] == [
        [year.d.name, "0,0%"],
        [year.b.name, "50,0%"],
        [year.a.name, "100,0%"],
        [year.c.name, "0,0%"],
    ]
    assert chart_table(built["ranking"])["rows"] == [
        [f"1. {year.a.name}", "95,00"],
        [f"2. {year.b.name}", "90,00"],
        [f"3. {year.c.name}", "80,00"],
        [f"4. {year.d.name}", "70,00"],
    ]
    (vote_chart,) = built["votes"]
    rows = dict(chart_table(vote_chart)["rows"])
    assert rows == {year.a.name: "100,00%", year.b.name: "75,00%", year.c.name: "25,00%", year.d.name: "0,00%"}
    assert vote_chart.caption == f"Trúng cử: {', '.join(figures.votes[0].winners)}."
    ministry = charts.ministry_charts(selectors.ministry_figures(YEAR))
    assert chart_table(ministry["clusters"])["rows"] == [["Cụm thi đua số I", "50,0%"], ["Cụm thi đua số II", "100,0%"]]
    assert chart_table(ministry["banners"]) == {
        "head": ["", title("co-bo").name],
        "rows": [["Cụm thi đua số I", "2"]],
    }
    assert chart_table(ministry["ranking"])["rows"] == [[f"Cụm thi đua số I: {year.a.name}", "95,00%"]]


def _term_queries(term) -> int:
    with CaptureQueriesContext(connection) as captured:
        selectors.term_figures(term)
    return len(captured)


def test_the_figures_cost_the_same_queries_for_a_larger_cluster(year):
    few = _term_queries(year.term)
    units = [factories.unit(f"Vụ bổ sung số {i}", parent=year.ministry) for i in range(6)]
    for unit in units:
        for n in range(3):
            factories.person(unit, f"Nguyễn Văn Bổ Sung {unit.pk} {n}")
    factories.term("Cụm thi đua số I", YEAR, [*year.members, *units], leader=year.a, deputies=[year.b])
    assert _term_queries(year.term) == few
    with CaptureQueriesContext(connection) as captured:
        selectors.ministry_figures(YEAR)
    ministry_few = len(captured)
    for n in range(5):
        factories.person(units[0], f"Trần Thị Thêm {n}")
    covenant_for(year.other_term)  # a second cluster with a covenant to rank
    with CaptureQueriesContext(connection) as captured:
        figures = selectors.ministry_figures(YEAR)
    assert [r.cluster for r in figures.rankings] == ["Cụm thi đua số I", "Cụm thi đua số II"]
    assert len(captured) == ministry_few
