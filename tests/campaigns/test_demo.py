"""The 2016 campaigns of the demo data (campaigns/demo.py, run by `seed_demo`): the seed article's results hold,
and a second run changes nothing."""

import datetime
from decimal import Decimal
from fractions import Fraction
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from campaigns.demo import IT_MOVEMENT, SECTOR_BANNER
from campaigns.models import (
    Covenant,
    EmulationYear,
    ExemplaryModel,
    Initiative,
    Movement,
    PersonEvaluation,
    Registration,
    RegistrationEvent,
    RegistrationSheet,
    UnitScore,
)
from campaigns.selectors.dashboard import cluster_rates, total_rate, unit_rates
from campaigns.selectors.evaluation import collective_facts_many, term_ranking
from campaigns.selectors.movements import movement_participating_units
from campaigns.services.evaluation import evaluation_set, unit_scores_set
from thidua.documents.models import DocumentSeries, RenderedDocument
from thidua.org.demo import CLUSTER_I, CLUSTER_I_LEADER, REGION
from thidua.org.models import ClusterMembership, ClusterTerm, Person

pytestmark = pytest.mark.django_db

Rating = PersonEvaluation.Rating


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo run once for the module, in a transaction rolled back at its end (each test still runs in its own
    savepoint). The PDFs are not rendered: they are queued when a transaction commits, which never happens here."""
    out = StringIO()
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def board(demo):
    return get_user_model().objects.get(username="bantdkt")


@pytest.fixture
def cluster_i(demo) -> ClusterTerm:
    return ClusterTerm.objects.get(cluster__name=CLUSTER_I, year=2016)


def _members(term: ClusterTerm) -> list[int]:
    return list(ClusterMembership.objects.filter(term=term).values_list("unit_id", flat=True))


def test_the_years_and_their_deadlines(demo):
    deadlines = {
        y.year: (y.registration_deadline.isoformat(), y.covenant_deadline.isoformat())
        for y in EmulationYear.objects.all()
    }
    assert deadlines == {2016: ("2016-03-25", "2016-03-30"), 2017: ("2017-03-25", "2017-03-30")}


def test_cluster_i_participation_is_exactly_100_percent(board, cluster_i):
    rates = {term.cluster.name: term.rate for term in cluster_rates(board, year=2016)}
    rate = rates[CLUSTER_I]
    assert rate.active == Person.objects.filter(unit__in=_members(cluster_i), is_active=True).count()
    assert rate.active > 200
    assert (rate.registered, rate.percent) == (rate.active, Decimal(100))
    # The region is registered too; the Ministry and the Tổng cục (in no cluster) are not.
    assert rates[REGION].percent == Decimal(100)
    total = total_rate(board, year=2016)
    assert total.missing == Person.objects.filter(unit__name__in=["Bộ Tư pháp", "Tổng cục Thi hành án dân sự"]).count()
    per_unit = {u.name: u.rate for u in unit_rates(board, year=2016).filter(pk__in=_members(cluster_i))}
    assert len(per_unit) == 11
    assert set(per_unit.values()) == {100.0}


def test_every_sheet_was_sent_in_time_and_approved_by_the_board(board, cluster_i):
    sheets = RegistrationSheet.objects.filter(year=2016)
    assert sheets.count() == 11 + ClusterMembership.objects.filter(term__cluster__name=REGION, term__year=2016).count()
    assert set(sheets.values_list("status", flat=True)) == {RegistrationSheet.Status.APPROVED}
    assert set(sheets.values_list("decided_by", flat=True)) == {board.pk}
    assert not sheets.exclude(late_reason="").exists()
    assert not RegistrationEvent.objects.filter(late_override=True).exists()
    steps = list(
        RegistrationEvent.objects.filter(sheet__unit__name=CLUSTER_I_LEADER).values_list("from_status", "to_status")
    )
    assert steps == [("draft", "submitted"), ("submitted", "approved")]


def test_collective_and_individual_titles(cluster_i):
    collective = dict(
        Registration.objects.filter(year=2016, person__isnull=True, unit__in=_members(cluster_i)).values_list(
            "unit__name", "title__code"
        )
    )
    assert len(collective) == 11
    assert {name for name, code in collective.items() if code == "ttldxs"} == set(SECTOR_BANNER)
    assert {code for name, code in collective.items() if name not in SECTOR_BANNER} == {"ttldtt"}
    people = Person.objects.filter(unit__in=_members(cluster_i), is_active=True)
    ldtt = Registration.objects.filter(year=2016, title__code="ldtt", person__in=people)
    assert ldtt.count() == people.count()
    cstdcs = Registration.objects.filter(year=2016, title__code="cstdcs", person__in=people)
    assert cstdcs.count() == 4 * 3 + 7 * 2


def test_three_movements_with_the_clusters_it_movement_and_its_plan(cluster_i):
    movements = list(Movement.objects.filter(year=2016).select_related("launched_by_term", "issuer"))
    assert len(movements) == 3
    by_cluster = [m for m in movements if m.launched_by_term_id]
    assert [(m.name, m.launched_by_term, m.issuer.name) for m in by_cluster] == [
        (IT_MOVEMENT, cluster_i, CLUSTER_I_LEADER)
    ]
    it = by_cluster[0]
    assert it.kind == Movement.Kind.THEMATIC
    assert it.plan_number.startswith("01/KH-")
    plan = RenderedDocument.objects.get(pk=it.plan_document_id)
    assert plan.data["date"] == "2016-02-22"
    ministry = [m for m in movements if not m.launched_by_term_id]
    assert {m.issuer.name for m in ministry} == {"Bộ Tư pháp"}
    assert {m.kind for m in ministry} == {Movement.Kind.REGULAR, Movement.Kind.THEMATIC}
    assert all("minh họa" in m.content for m in ministry)
    members = set(_members(cluster_i))
    for movement in movements:
        assert members <= set(movement_participating_units(movement).values_list("pk", flat=True))


def test_the_covenant_is_locked_with_eleven_signatures(cluster_i):
    covenant = Covenant.objects.get(term=cluster_i)
    assert covenant.status == Covenant.Status.LOCKED
    assert covenant.signatures.count() == 11
    assert set(covenant.signatures.values_list("unit_id", flat=True)) == set(_members(cluster_i))
    assert covenant.signatures.get(unit__name=CLUSTER_I_LEADER).signer_name == "Nguyễn Hồng Tuyến"
    assert covenant.criteria.count() == 5
    assert covenant.criteria.aggregate(total=Sum("max_points"))["total"] == Decimal(100)
    assert covenant.document.data["number"].startswith("01/GƯ-")
    # Signed and locked in March 2016, and numbered in that year's series, not on the day the demo was built.
    signed_local = {timezone.localtime(at) for at in covenant.signatures.values_list("signed_at", flat=True)}
    assert signed_local == {datetime.datetime(2016, 3, 29, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))}
    assert timezone.localtime(covenant.locked_at).date() == datetime.date(2016, 3, 29)
    assert DocumentSeries.objects.filter(type_code="GƯ", year=2016).exists()
    assert not DocumentSeries.objects.filter(type_code="GƯ").exclude(year=2016).exists()
    region = Covenant.objects.get(term__cluster__name=REGION, term__year=2016)
    assert region.status == Covenant.Status.LOCKED
    assert region.signatures.count() == ClusterMembership.objects.filter(term=region.term).count()


def test_ratings_for_every_person_agree_with_the_titles(cluster_i):
    people = Person.objects.filter(unit__in=_members(cluster_i), is_active=True)
    evaluations = PersonEvaluation.objects.filter(year=2016, person__in=people)
    assert evaluations.count() == people.count()
    assert not evaluations.filter(discipline__gte=PersonEvaluation.Discipline.WARNING).exists()
    assert evaluations.filter(rating=Rating.EXCELLENT).count() > evaluations.count() // 10
    assert evaluations.filter(rating=Rating.GOOD).count() > evaluations.count() // 2
    facts = collective_facts_many(_members(cluster_i), 2016)
    assert len(facts) == 11
    for unit_facts in facts.values():
        assert unit_facts.not_evaluated == 0
        assert unit_facts.all_completed
        assert unit_facts.advanced_share >= Fraction(7, 10)
        assert not unit_facts.anyone_disciplined_serious
    # Every Chiến sĩ thi đua cơ sở registrant is rated excellent and has an initiative recognised at unit level.
    registrants = Registration.objects.filter(year=2016, title__code="cstdcs").values("person_id")
    assert set(evaluations.filter(person__in=registrants).values_list("rating", flat=True)) == {Rating.EXCELLENT}
    # (awards.demo adds one initiative of ministry-wide effect, for the chain of Chiến sĩ thi đua cấp Bộ.)
    initiatives = Initiative.objects.filter(year=2016, person__in=registrants, level=Initiative.Level.UNIT)
    assert set(initiatives.values_list("person_id", flat=True)) == set(registrants.values_list("person_id", flat=True))


def test_the_ranking_puts_the_sector_banner_winners_first(cluster_i):
    ranking = term_ranking(cluster_i)
    assert ranking.scorers_done == 11
    assert ranking.max_total == Decimal(100)
    ranks = [(row.rank, row.unit.name) for row in ranking.rows]
    assert [rank for rank, _name in ranks] == list(range(1, 12))
    assert ranks[0] == (1, "Vụ Pháp luật dân sự - kinh tế")
    assert {name for _rank, name in ranks[:4]} == set(SECTOR_BANNER)
    assert all(row.cross_count == 10 for row in ranking.rows)


def test_exemplary_models_of_cluster_i(cluster_i):
    rows = ExemplaryModel.objects.filter(year=2016, unit__in=_members(cluster_i))
    assert rows.filter(person__isnull=True).count() == 2
    assert rows.filter(person__isnull=False).count() == 2
    assert rows.get(unit__name="Vụ Pháp luật dân sự - kinh tế", person__isnull=True)
    assert all("minh họa" in row.description for row in rows)


def test_only_the_board_account_acts_the_rest_is_the_system(board):
    # Except Cluster I's summary report and its PDF, written by its leader unit's account (voting/report_demo.py).
    acts = LogEntry.objects.exclude(actor=None).exclude(
        content_type__model__in=["summaryreport", "rendereddocument", "documentseries"],
        actor__username="cumtruong.cum1",
    )
    assert set(acts.values_list("actor", flat=True)) == {board.pk}


def test_the_output_lists_what_was_created(demo):
    assert "phong trào thi đua 3" in demo
    assert "chữ ký giao ước" in demo


def _counts() -> dict[str, int]:
    models = [*apps.get_app_config("campaigns").get_models(), LogEntry, RenderedDocument, DocumentSeries]
    return {model.__name__: model.objects.count() for model in models}


def test_a_second_run_changes_nothing_and_keeps_what_was_changed_since(cluster_i):
    # Changes made in the portal after the demo was built: a rating and a unit's score sheet.
    person = Person.objects.filter(unit__name="Vụ Pháp luật quốc tế").order_by("pk").first()
    evaluation_set(actor=None, person=person, year=2016, rating=Rating.COMPLETED)
    scorer = cluster_i.units.get(name="Thanh tra Bộ")
    criteria = list(Covenant.objects.get(term=cluster_i).criteria.order_by("order"))
    unit_scores_set(
        actor=None, term=cluster_i, scorer=scorer, scores={scorer.pk: {c.pk: c.max_points for c in criteria}}
    )
    before = _counts()
    assert before["Registration"] > 1000
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert _counts() == before
    assert "không thay đổi gì" in out.getvalue()
    assert PersonEvaluation.objects.get(person=person, year=2016).rating == Rating.COMPLETED
    mine = UnitScore.objects.filter(scorer_unit=scorer, scored_unit=scorer)
    assert mine.aggregate(total=Sum("points"))["total"] == Decimal(100)
