"""Portal pages for exemplary models: the year's list (the units one may see), a cluster's list, marking, editing
and removing; another unit's staff get 404, read-only users 403; query counts."""

import pytest
from django.urls import reverse

from campaigns.models import ExemplaryModel
from campaigns.services.exemplary import exemplary_create
from tests import factories
from thidua.org.models import Person

from .fixtures_movements import cluster_i, count_queries, members_of, page_text

pytestmark = pytest.mark.django_db

DESCRIPTION = "Dẫn đầu phong trào thi đua của Cụm năm 2016."


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def mark(unit, *, person=None, year=2016, description=DESCRIPTION) -> ExemplaryModel:
    return exemplary_create(actor=None, year=year, unit=unit, person=person, description=description)


def test_the_year_list_shows_the_units_the_user_may_see(client, world):
    person = Person.objects.get(unit=world.vu_a)
    mark(world.vu_a)
    mark(world.vu_a, person=person)
    mark(world.vu_b)
    mark(world.vu_a, year=2017)
    login(client, world, "staff_a")
    response = client.get(reverse("exemplary_list"), {"year": 2016})
    page = page_text(response)
    assert "2 điển hình" in page
    assert f"Tập thể Vụ Pháp luật dân sự - kinh tế Vụ Pháp luật dân sự - kinh tế {DESCRIPTION} Sửa" in page
    assert f"Cá nhân {person.full_name} Vụ Pháp luật dân sự - kinh tế {DESCRIPTION} Sửa" in page
    assert "Vụ Tổ chức cán bộ" not in page
    assert "Ghi nhận điển hình" in page  # one unit: a direct button
    login(client, world, "board")
    assert "3 điển hình" in page_text(client.get(reverse("exemplary_list"), {"year": 2016}))
    searched = page_text(client.get(reverse("exemplary_list"), {"year": 2016, "q": "to chuc can bo"}))
    assert "1 điển hình" in searched


def test_the_year_list_makes_the_same_queries_for_one_or_many_rows(client, world):
    login(client, world, "board")
    mark(world.vu_a)
    url = reverse("exemplary_list") + "?year=2016"
    one = count_queries(client, url)
    for number in range(15):
        unit = factories.unit(f"Đơn vị điển hình {number}", parent=world.ministry)
        mark(unit)
        mark(unit, person=factories.person(unit))
    assert count_queries(client, url) == one


def test_a_clusters_list_shows_its_members_of_that_year(client, world):
    mark(world.vu_a)
    mark(world.vu_b)
    mark(world.cuc)  # not a member
    mark(world.vu_a, year=2017)
    login(client, world, "staff_b")  # members see each other's models in their cluster
    response = client.get(reverse("exemplary_cluster", args=[world.term.cluster_id]), {"year": 2016})
    page = page_text(response)
    assert "2 điển hình" in page
    assert "Cục THADS" not in page
    assert page.count("Sửa") == 1  # only Vụ Tổ chức cán bộ's own row
    assert "Cụm không có nhiệm kỳ năm 2015." in page_text(
        client.get(reverse("exemplary_cluster", args=[world.term.cluster_id]), {"year": 2015})
    )
    login(client, world, "staff_other")
    assert client.get(reverse("exemplary_cluster", args=[world.term.cluster_id])).status_code == 404


def test_a_clusters_list_makes_the_same_queries_for_one_or_many_rows(client, world):
    term = cluster_i(world.ministry, year=2016)
    login(client, world, "board")
    units = members_of(term)
    mark(units[0])
    url = reverse("exemplary_cluster", args=[term.cluster_id]) + "?year=2016"
    one = count_queries(client, url)
    for unit in units[1:]:
        mark(unit)
        mark(unit, person=Person.objects.filter(unit=unit).first())
    assert count_queries(client, url) == one


def test_marking_a_person_from_the_page(client, world):
    person = Person.objects.get(unit=world.vu_a)
    login(client, world, "staff_a")
    url = reverse("exemplary_create", args=[world.vu_a.pk]) + "?year=2016"
    response = client.get(url)
    assert list(response.context["form"].fields["person"].queryset) == [person]
    response = client.post(url, {"year": "2016", "subject": "person", "person": "", "description": DESCRIPTION})
    assert response.context["form"].errors == {"person": ["Vui lòng chọn cá nhân."]}
    other = Person.objects.get(unit=world.vu_b)
    response = client.post(url, {"year": "2016", "subject": "person", "person": other.pk, "description": DESCRIPTION})
    assert response.context["form"].errors == {"person": ["Cá nhân đã chọn không thuộc đơn vị này."]}
    response = client.post(url, {"year": "2016", "subject": "person", "person": person.pk, "description": DESCRIPTION})
    assert response.status_code == 302
    assert response["Location"] == reverse("exemplary_list") + "?year=2016"
    response = client.post(url, {"year": "2016", "subject": "person", "person": person.pk, "description": "Lần nữa"})
    assert response.context["form"].errors == {
        "person": [f"{person.full_name} đã được ghi nhận là điển hình tiên tiến năm 2016."]
    }
    response = client.post(url, {"year": "2016", "subject": "collective", "person": person.pk, "description": ""})
    assert response.context["form"].errors == {"description": ["Vui lòng nêu thành tích tiêu biểu."]}
    assert list(ExemplaryModel.objects.values_list("person_id", flat=True)) == [person.pk]


@pytest.mark.parametrize(("username", "status"), [("staff_other", 404), ("staff_b", 404), ("viewer", 403)])
def test_marking_another_unit_is_refused(client, world, username, status):
    login(client, world, username)
    url = reverse("exemplary_create", args=[world.vu_a.pk])
    assert client.get(url).status_code == status
    assert client.post(url, {"year": "2016", "subject": "collective", "description": DESCRIPTION}).status_code == status
    assert not ExemplaryModel.objects.exists()


def test_a_delegate_reads_but_does_not_mark_its_unit(client, world):
    login(client, world, "delegate_b")
    assert client.get(reverse("exemplary_create", args=[world.vu_b.pk])).status_code == 403
    mark(world.vu_b)
    page = page_text(client.get(reverse("exemplary_list"), {"year": 2016}))
    assert "1 điển hình" in page and "Sửa" not in page


def test_editing_and_removing(client, world):
    row = mark(world.vu_a)
    login(client, world, "staff_a")
    edit = reverse("exemplary_edit", args=[row.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"description": "Thành tích đã sửa"})
    assert response.status_code == 302
    assert ExemplaryModel.objects.get().description == "Thành tích đã sửa"
    assert client.get(reverse("exemplary_delete", args=[row.pk])).status_code == 405
    assert client.post(reverse("exemplary_delete", args=[row.pk])).status_code == 302
    assert not ExemplaryModel.objects.exists()


@pytest.mark.parametrize(("username", "status"), [("staff_b", 404), ("staff_other", 404), ("viewer", 403)])
def test_editing_and_removing_another_units_mark_is_refused(client, world, username, status):
    row = mark(world.vu_a)
    login(client, world, username)
    assert client.get(reverse("exemplary_edit", args=[row.pk])).status_code == status
    assert client.post(reverse("exemplary_edit", args=[row.pk]), {"description": "Khác"}).status_code == status
    assert client.post(reverse("exemplary_delete", args=[row.pk])).status_code == status
    assert ExemplaryModel.objects.get().description == DESCRIPTION


def test_picking_the_unit_to_mark(client, world):
    login(client, world, "board")
    page = page_text(client.get(reverse("exemplary_list")))
    assert "Ghi nhận điển hình cho đơn vị" in page
    response = client.get(reverse("exemplary_pick"), {"unit": world.cuc.pk, "year": 2016})
    assert response["Location"] == reverse("exemplary_create", args=[world.cuc.pk]) + "?year=2016"
    login(client, world, "staff_b")
    assert client.get(reverse("exemplary_pick"), {"unit": world.vu_a.pk}).status_code == 404
    login(client, world, "staff_cuc")  # the Cục and its Chi cục: a select of two
    response = client.get(reverse("exemplary_pick"), {"unit_q": "van yen", "year": 2016})
    assert response["Location"] == reverse("exemplary_create", args=[world.chi_cuc.pk]) + "?year=2016"
