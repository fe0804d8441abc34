"""The board's admin for the award history: filters, search without diacritics, saves through the services, and
awards given by a decision read-only."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from awards.models import Award
from tests import factories
from tests.awards import history_factories as hf

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return client


def changelist(client, **params) -> list[Award]:
    response = client.get(reverse("admin:awards_award_changelist"), params)
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_awards_are_filtered_and_searched_without_diacritics(board, world):
    an = factories.person(world.vu_a, "Nguyễn Văn An")
    duong = factories.person(world.vu_b, "Đặng Thị Đường")
    a = hf.award(person=an, code="ldtt", year=2014)
    b = hf.award(person=duong, code="ldtt", year=2015, decision_number="12/QĐ-BTP")
    c = hf.decided_award(unit=world.vu_a, year=2016)
    assert [x.pk for x in changelist(board)] == [c.pk, b.pk, a.pk]
    assert [x.pk for x in changelist(board, q="nguyen van")] == [a.pk]
    assert [x.pk for x in changelist(board, q="duong")] == [b.pk]
    assert [x.pk for x in changelist(board, q="12/QĐ")] == [b.pk]
    assert [x.pk for x in changelist(board, q="phap luat dan su")] == [c.pk, a.pk]  # the unit's name too
    assert [x.pk for x in changelist(board, year="2015")] == [b.pk]
    assert [x.pk for x in changelist(board, title__id__exact=hf.title("ldtt").pk)] == [b.pk, a.pk]
    assert [x.pk for x in changelist(board, source__exact="decision")] == [c.pk]


def test_the_board_adds_and_corrects_an_award_through_the_services(board, world):
    person = world.vu_a.people.get()
    add = reverse("admin:awards_award_add")
    response = board.post(add, {"title": hf.title("ttldtt").pk, "year": 2015, "person": person.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "title": [
            "«Tập thể lao động tiên tiến» là danh hiệu, hình thức khen thưởng dành cho tập thể, không ghi cho cá nhân."
        ]
    }
    response = board.post(add, {"title": hf.title("ldtt").pk, "year": 2015, "person": person.pk, "notes": "Sổ giấy"})
    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.recipient_name, award.unit_name, award.source, award.created_by) == (
        person.full_name,
        "Vụ Pháp luật dân sự - kinh tế",
        "manual",
        world.users["board"],
    )
    change = reverse("admin:awards_award_change", args=[award.pk])
    response = board.post(
        change,
        {
            "title": hf.title("cstdcs").pk,  # disabled: another title is another award
            "year": 2010,
            "decision_number": "7/QĐ-BTP",
            "decision_date": "2016-01-05",
            "decision_issuer": "Bộ Tư pháp",
            "notes": "Đã đối chiếu",
        },
    )
    assert response.status_code == 302
    award.refresh_from_db()
    assert (award.title.code, award.year, award.decision_number, award.decision_date, award.notes) == (
        "ldtt",
        2015,
        "7/QĐ-BTP",
        datetime.date(2016, 1, 5),
        "Đã đối chiếu",
    )
    response = board.post(change, {"decision_date": "2014-01-01"})
    assert response.context["adminform"].form.errors == {
        "decision_date": ["Ngày quyết định (01/01/2014) không được trước năm được khen (2015)."]
    }


def test_an_award_given_by_a_decision_is_read_only(board, world):
    award = hf.decided_award(unit=world.vu_a, year=2016)
    change = reverse("admin:awards_award_change", args=[award.pk])
    response = board.get(change)
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert award.decision_number in response.content.decode()
    assert board.post(change, {"notes": "sửa"}).status_code == 403
    assert board.post(reverse("admin:awards_award_delete", args=[award.pk]), {"post": "yes"}).status_code == 403
    response = board.post(
        reverse("admin:awards_award_changelist"),
        {"action": "delete_selected", "_selected_action": [award.pk], "post": "yes"},
    )
    assert Award.objects.filter(pk=award.pk, notes="").exists()


def test_an_award_entered_by_hand_is_deleted_through_the_service(board, world):
    award = hf.award(person=world.vu_a.people.get())
    pk = award.pk
    response = board.post(reverse("admin:awards_award_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Award.objects.filter(pk=pk).exists()
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(Award), object_pk=str(pk), action=LogEntry.Action.DELETE
    )
    assert entry.actor == world.users["board"]


def test_unit_staff_have_no_admin(client, world):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:awards_award_changelist"))
    assert response.status_code == 302
