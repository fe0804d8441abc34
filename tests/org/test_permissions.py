"""Who may open which portal page: 404 for other units' records, 403 for read-only writes, login for all."""

import pytest
from django.urls import reverse

from thidua.org.models import Person

pytestmark = pytest.mark.django_db


def _person(unit) -> Person:
    return Person.objects.get(unit=unit)


# (page, how to build its URL from the world): every portal page.
PAGES = {
    "home": lambda w: reverse("home"),
    "unit_list": lambda w: reverse("unit_list"),
    "unit_detail": lambda w: reverse("unit_detail", args=[w.vu_a.pk]),
    "person_list": lambda w: reverse("person_list"),
    "person_create": lambda w: reverse("person_create", args=[w.vu_a.pk]),
    "person_edit": lambda w: reverse("person_edit", args=[_person(w.vu_a).pk]),
    "cluster_list": lambda w: reverse("cluster_list"),
    "cluster_detail": lambda w: reverse("cluster_detail", args=[w.term.cluster_id]),
    "password_change": lambda w: reverse("password_change"),
    "password_change_done": lambda w: reverse("password_change_done"),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_the_login_page(client, world, page):
    url = PAGES[page](world)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("page", ["person_create", "person_edit"])
def test_anonymous_post_writes_nothing(client, world, page):
    before = list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id"))
    response = client.post(PAGES[page](world), {"full_name": "Kẻ Lạ", "gender": "nam", "is_active": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id")) == before


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_board_opens_every_page(client, world, page):
    client.force_login(world.users["board"])
    assert client.get(PAGES[page](world)).status_code == 200


def test_the_board_opens_every_unit_person_and_cluster(client, world):
    client.force_login(world.users["board"])
    for unit in (world.ministry, world.vu_a, world.vu_b, world.cuc, world.chi_cuc, world.other):
        assert client.get(reverse("unit_detail", args=[unit.pk])).status_code == 200
        assert client.get(reverse("person_create", args=[unit.pk])).status_code == 200
        assert client.get(reverse("person_edit", args=[_person(unit).pk])).status_code == 200
    assert client.get(reverse("cluster_detail", args=[world.term.cluster_id])).status_code == 200


# Another unit's records: (user, page) → 404. The URLs point at Vụ A, its person and Cụm I.
OTHER_UNIT_404 = [
    ("staff_other", "unit_detail"),
    ("staff_other", "person_create"),
    ("staff_other", "person_edit"),
    ("staff_other", "cluster_detail"),
    ("staff_b", "unit_detail"),
    ("staff_b", "person_create"),
    ("staff_b", "person_edit"),
    ("staff_cuc", "unit_detail"),
    ("staff_cuc", "person_create"),
    ("staff_cuc", "person_edit"),
    ("staff_cuc", "cluster_detail"),
    ("delegate_b", "unit_detail"),
    ("delegate_b", "person_edit"),
]


@pytest.mark.parametrize(("username", "page"), OTHER_UNIT_404)
def test_a_user_of_another_unit_gets_404(client, world, username, page):
    client.force_login(world.users[username])
    response = client.get(PAGES[page](world))
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize("page", ["person_create", "person_edit"])
def test_a_post_to_another_unit_gets_404_and_writes_nothing(client, world, page):
    client.force_login(world.users["staff_other"])
    before = list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id"))
    response = client.post(PAGES[page](world), {"full_name": "Kẻ Lạ", "gender": "nam", "is_active": "on"})
    assert response.status_code == 404
    assert list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id")) == before


def test_unit_staff_do_not_see_the_parent_unit(client, world):
    client.force_login(world.users["staff_a"])
    assert client.get(reverse("unit_detail", args=[world.ministry.pk])).status_code == 404
    assert client.get(reverse("person_edit", args=[_person(world.ministry).pk])).status_code == 404


def test_unit_staff_see_and_change_their_sub_units(client, world):
    client.force_login(world.users["staff_cuc"])
    assert client.get(reverse("unit_detail", args=[world.chi_cuc.pk])).status_code == 200
    assert client.get(reverse("person_create", args=[world.chi_cuc.pk])).status_code == 200
    assert client.get(reverse("person_edit", args=[_person(world.chi_cuc).pk])).status_code == 200


def test_filtering_people_by_an_invisible_unit_gets_404(client, world):
    client.force_login(world.users["staff_a"])
    assert client.get(reverse("person_list"), {"unit": world.other.pk}).status_code == 404
    assert client.get(reverse("person_list"), {"unit": world.vu_a.pk}).status_code == 200


def test_a_unit_id_that_does_not_exist_gets_404(client, world):
    client.force_login(world.users["board"])
    assert client.get(reverse("unit_detail", args=[999999])).status_code == 404
    assert client.get(reverse("person_edit", args=[999999])).status_code == 404
    assert client.get(reverse("cluster_detail", args=[999999])).status_code == 404


# Read-only users on records they may see: (user, unit attribute of the world) → 403 on writes.
READ_ONLY_403 = [
    ("leader_a", "vu_b"),  # the cluster leader reads its member units, does not change them
    ("leader_a", "vu_a"),  # the cluster-leader role alone gives no write on its own unit either
    ("viewer", "vu_a"),
    ("viewer", "other"),
    ("delegate_b", "vu_b"),
]


@pytest.mark.parametrize(("username", "unit_attr"), READ_ONLY_403)
def test_a_read_only_user_sees_the_unit_but_gets_403_on_writes(client, world, username, unit_attr):
    unit = getattr(world, unit_attr)
    person = _person(unit)
    client.force_login(world.users[username])

    page = client.get(reverse("unit_detail", args=[unit.pk]))
    assert page.status_code == 200
    assert reverse("person_create", args=[unit.pk]) not in page.content.decode()
    assert reverse("person_edit", args=[person.pk]) not in page.content.decode()

    for url in (reverse("person_create", args=[unit.pk]), reverse("person_edit", args=[person.pk])):
        response = client.get(url)
        assert response.status_code == 403
        assert "Không có quyền thực hiện" in response.content.decode()
        assert "Bạn chỉ được xem, không được thay đổi thông tin" in response.content.decode()

    before = list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id"))
    data = {"full_name": "Người Mới", "gender": "nam", "is_active": "on", "unit": unit.pk}
    assert client.post(reverse("person_create", args=[unit.pk]), data).status_code == 403
    assert client.post(reverse("person_edit", args=[person.pk]), data).status_code == 403
    assert list(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id")) == before


def test_the_cluster_leader_reads_member_units_and_its_cluster(client, world):
    client.force_login(world.users["leader_a"])
    assert client.get(reverse("unit_detail", args=[world.vu_b.pk])).status_code == 200
    assert client.get(reverse("cluster_detail", args=[world.term.cluster_id])).status_code == 200
    assert client.get(reverse("unit_detail", args=[world.cuc.pk])).status_code == 404


def test_lists_show_only_what_the_user_may_see(client, world):
    client.force_login(world.users["staff_other"])
    units = client.get(reverse("unit_list")).context["page"].object_list
    assert [u.name for u in units] == ["Sở Tư pháp tỉnh Hòa Bình"]
    people = client.get(reverse("person_list")).context["page"].object_list
    assert [p.unit.name for p in people] == ["Sở Tư pháp tỉnh Hòa Bình"]
    assert list(client.get(reverse("cluster_list")).context["page"].object_list) == []

    client.force_login(world.users["leader_a"])
    units = client.get(reverse("unit_list")).context["page"].object_list
    assert sorted(u.name for u in units) == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]


def test_staff_may_move_a_person_only_to_a_unit_they_manage(client, world):
    client.force_login(world.users["staff_cuc"])
    person = _person(world.chi_cuc)
    form = client.get(reverse("person_edit", args=[person.pk])).context["form"]
    assert [u.name for u in form.fields["unit"].queryset] == ["Chi cục THADS huyện Văn Yên", "Cục THADS tỉnh Yên Bái"]

    data = {"full_name": person.full_name, "gender": "nu", "is_active": "on", "unit": world.vu_a.pk}
    response = client.post(reverse("person_edit", args=[person.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == ["Bạn chỉ được chuyển cá nhân sang đơn vị do mình quản lý."]
    person.refresh_from_db()
    assert person.unit_id == world.chi_cuc.pk

    data["unit"] = world.cuc.pk
    response = client.post(reverse("person_edit", args=[person.pk]), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=[world.cuc.pk])
    person.refresh_from_db()
    assert person.unit_id == world.cuc.pk
