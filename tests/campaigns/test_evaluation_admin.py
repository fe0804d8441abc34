"""The board's admin for evaluations, initiatives and covenant scores: filters, diacritics-free search, saves
through the services."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.models import Initiative, PersonEvaluation, UnitScore
from campaigns.services import evaluation as services
from tests import factories
from tests.campaigns.fixtures_evaluation import covenant_fixture, rate  # noqa: F401

pytestmark = pytest.mark.django_db

R = PersonEvaluation.Rating
D = PersonEvaluation.Discipline


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return client


def changelist(client, model: str, **params):
    response = client.get(reverse(f"admin:campaigns_{model}_changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_evaluations_are_filtered_and_searched_without_diacritics(board, world):
    lan = factories.person(world.vu_b, "Nguyễn Thị Lan")
    a = rate(world.vu_a.people.get(), 2016, R.GOOD)
    b = rate(lan, 2016, R.EXCELLENT, D.WARNING)
    c = rate(lan, 2015, R.GOOD)
    assert {e.pk for e in changelist(board, "personevaluation")} == {a.pk, b.pk, c.pk}
    assert [e.pk for e in changelist(board, "personevaluation", q="nguyen thi lan", year="2016")] == [b.pk]
    assert {e.pk for e in changelist(board, "personevaluation", rating="tot")} == {a.pk, c.pk}
    assert [e.pk for e in changelist(board, "personevaluation", discipline="2")] == [b.pk]
    assert [e.pk for e in changelist(board, "personevaluation", q="to chuc can bo", year="2015")] == [c.pk]


def test_the_board_adds_and_changes_an_evaluation_through_the_service(board, world):
    person = world.vu_a.people.get()
    add = reverse("admin:campaigns_personevaluation_add")
    response = board.post(add, {"person": person.pk, "year": 2016, "rating": R.GOOD, "discipline": 0})
    assert response.status_code == 302
    evaluation = PersonEvaluation.objects.get()
    assert (evaluation.unit_name, evaluation.updated_by) == ("Vụ Pháp luật dân sự - kinh tế", world.users["board"])
    change = reverse("admin:campaigns_personevaluation_change", args=[evaluation.pk])
    response = board.post(change, {"rating": R.NOT_COMPLETED, "discipline": 3})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.person, evaluation.year, evaluation.rating, evaluation.discipline) == (
        person,
        2016,
        R.NOT_COMPLETED,
        D.DEMOTION,
    )
    # A rating is corrected, never deleted.
    assert board.get(reverse("admin:campaigns_personevaluation_delete", args=[evaluation.pk])).status_code == 403


def test_the_service_rules_show_on_the_admin_form(board, world):
    person = world.vu_a.people.get()
    response = board.post(
        reverse("admin:campaigns_personevaluation_add"),
        {"person": person.pk, "year": 2099, "rating": "tot", "discipline": 0},
    )
    assert response.status_code == 200
    assert "Năm 2099 không hợp lệ" in str(response.context["adminform"].form.errors["year"])


def test_initiatives_admin_saves_and_deletes_through_the_services(board, world):
    person = world.vu_a.people.get()
    response = board.post(
        reverse("admin:campaigns_initiative_add"),
        {
            "person": person.pk,
            "year": 2016,
            "name": "  Phần mềm   chấm điểm ",
            "level": "toan_quoc",
            "recognised_by": "",
        },
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert initiative.name == "Phần mềm chấm điểm"
    assert [i.pk for i in changelist(board, "initiative", q="phan mem cham")] == [initiative.pk]
    assert [i.pk for i in changelist(board, "initiative", level="co_so")] == []
    delete = reverse("admin:campaigns_initiative_delete", args=[initiative.pk])
    assert board.post(delete, {"post": "yes"}).status_code == 302
    assert not Initiative.objects.exists()


def test_unit_scores_are_read_only_for_the_board(board, world, covenant):
    services.unit_scores_set(
        actor=None,
        term=world.term,
        scorer=world.vu_a,
        scores={world.vu_b.pk: {c.pk: Decimal("20") for c in covenant.criteria.all()}},
    )
    assert len(changelist(board, "unitscore", q="to chuc")) == 2
    score = UnitScore.objects.first()
    assert board.get(reverse("admin:campaigns_unitscore_add")).status_code == 403
    page = board.get(reverse("admin:campaigns_unitscore_change", args=[score.pk]))
    assert page.status_code == 200 and page.context["has_change_permission"] is False
