"""The board's admin for the organization: access, Vietnamese search and order, filters, saves through the services."""

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.forms import MultiWidget
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from thidua.org import services
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm, Person, Role, RoleAssignment, Unit

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """The POST data of an admin change form as the page shows it: the main form and every inline formset."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            if field.disabled:
                continue
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field.widget, MultiWidget):
                for i, part in enumerate(field.widget.decompress(value)):
                    data[f"{key}_{i}"] = "" if part is None else part.isoformat()
            elif isinstance(value, (list, tuple)):
                data[key] = [str(v) for v in value]
            elif value is None or value is False:
                continue
            elif value is True:
                data[key] = "on"
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


def names(response) -> list[str]:
    return [str(obj) for obj in response.context["cl"].result_list]


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return client


# Access


@pytest.mark.parametrize("username", ["staff_a", "viewer", "leader_a"])
def test_only_the_board_gets_into_the_admin(client, world, username):
    client.force_login(world.users[username])
    response = client.get(reverse("admin:org_unit_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_a_staff_account_without_the_board_role_is_refused(client, world):
    account = factories.user("staff_only", is_staff=True)
    client.force_login(account)
    assert client.get(reverse("admin:org_unit_changelist")).status_code == 403


def test_the_board_sees_every_section_including_the_audit_trail_and_login_attempts(board):
    index = board.get(reverse("admin:index"))
    assert index.status_code == 200
    for url in (
        "admin:org_unit_changelist",
        "admin:org_person_changelist",
        "admin:org_cluster_changelist",
        "admin:org_clusterterm_changelist",
        "admin:org_clustermembership_changelist",
        "admin:org_province_changelist",
        "admin:org_unitkind_changelist",
        "admin:auth_user_changelist",
        "admin:titles_title_changelist",
        "admin:auditlog_logentry_changelist",
        "admin:axes_accessattempt_changelist",
    ):
        assert board.get(reverse(url)).status_code == 200, url
        assert reverse(url) in index.content.decode()


# Search, order, filters


def test_unit_search_ignores_diacritics(board, world):
    response = board.get(reverse("admin:org_unit_changelist"), {"q": "phap luat dan su"})
    assert names(response) == ["Vụ Pháp luật dân sự - kinh tế"]
    response = board.get(reverse("admin:org_unit_changelist"), {"q": "THADS yen"})
    assert names(response) == ["Chi cục THADS huyện Văn Yên", "Cục THADS tỉnh Yên Bái"]


def test_person_search_folds_d_with_stroke(board, world):
    factories.person(world.vu_b, "Nguyễn Văn Đường", gender=Person.Gender.MALE)
    response = board.get(reverse("admin:org_person_changelist"), {"q": "duong"})
    assert names(response) == ["Nguyễn Văn Đường"]
    # Every word must match, in the name or in the unit's name.
    response = board.get(reverse("admin:org_person_changelist"), {"q": "duong to chuc can bo"})
    assert names(response) == ["Nguyễn Văn Đường"]
    response = board.get(reverse("admin:org_person_changelist"), {"q": "duong hoa binh"})
    assert names(response) == []


def test_units_are_listed_in_vietnamese_order(board, world):
    for name in ("Đơn vị Ê", "Đơn vị E", "Đơn vị Đ", "Đơn vị D"):
        factories.unit(name, parent=world.other)
    response = board.get(reverse("admin:org_unit_changelist"), {"q": "don vi"})
    assert names(response) == ["Đơn vị D", "Đơn vị Đ", "Đơn vị E", "Đơn vị Ê"]
    # Sorting by the name column uses the same order.
    response = board.get(reverse("admin:org_unit_changelist"), {"q": "don vi", "o": "-1"})
    assert names(response) == ["Đơn vị Ê", "Đơn vị E", "Đơn vị Đ", "Đơn vị D"]


def test_unit_filters(board, world):
    url = reverse("admin:org_unit_changelist")
    yen_bai = factories.province("Yên Bái")
    world.cuc.province = yen_bai
    services.unit_save(actor=None, unit=world.cuc)
    assert names(board.get(url, {"kind__id__exact": world.cuc.kind_id})) == ["Cục THADS tỉnh Yên Bái"]
    assert names(board.get(url, {"province__id__exact": yen_bai.pk})) == ["Cục THADS tỉnh Yên Bái"]
    assert names(board.get(url, {"depth": "2"})) == ["Chi cục THADS huyện Văn Yên"]
    assert names(board.get(url, {"depth": "0"})) == ["Bộ Tư pháp", "Sở Tư pháp tỉnh Hòa Bình"]
    world.vu_b.is_active = False
    services.unit_save(actor=None, unit=world.vu_b)
    assert names(board.get(url, {"is_active__exact": "0"})) == ["Vụ Tổ chức cán bộ"]
    depth_filter = board.get(url).context["cl"].filter_specs[3]
    assert [title for _value, title in depth_filter.lookup_choices] == ["Cấp 1 (đơn vị gốc)", "Cấp 2", "Cấp 3"]


def test_person_filters(board, world):
    url = reverse("admin:org_person_changelist")
    factories.person(world.cuc, "Lê Văn Nam", gender=Person.Gender.MALE)
    # (Sets: the order of "Trần Văn 4" among letters differs between ICU and the SQLite stand-in.)
    assert set(names(board.get(url, {"unit__kind__id__exact": world.cuc.kind_id}))) == {
        f"Trần Văn {world.cuc.pk}",
        "Lê Văn Nam",
    }
    assert names(board.get(url, {"gender__exact": "nam"})) == ["Lê Văn Nam"]
    yen_bai = factories.province("Yên Bái")
    world.other.province = yen_bai
    services.unit_save(actor=None, unit=world.other)
    assert names(board.get(url, {"unit__province__id__exact": yen_bai.pk})) == [f"Trần Văn {world.other.pk}"]
    person = Person.objects.get(full_name="Lê Văn Nam")
    person.is_active = False
    services.person_save(actor=None, person=person)
    assert names(board.get(url, {"is_active__exact": "0"})) == ["Lê Văn Nam"]


def test_term_and_membership_filters_by_year_and_kind(board, world):
    factories.term("Cụm thi đua số I", 2017, [world.vu_a, world.vu_b], leader=world.vu_b)
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.cuc], kind_=Cluster.Kind.KHU_VUC)
    terms = reverse("admin:org_clusterterm_changelist")
    assert names(board.get(terms, {"year": "2017"})) == ["Cụm thi đua số I - 2017"]
    assert names(board.get(terms, {"kind__exact": "khu_vuc"})) == ["Khu vực miền núi phía Bắc - 2016"]
    listed = board.get(terms, {"year": "2017"}).content.decode()
    assert "Vụ Tổ chức cán bộ" in listed  # the leader column
    memberships = reverse("admin:org_clustermembership_changelist")
    rows = board.get(memberships, {"year": "2016", "kind__exact": "khu_vuc"}).context["cl"].result_list
    assert [(m.unit.name, m.year) for m in rows] == [("Cục THADS tỉnh Yên Bái", 2016)]


# No N+1 on the lists


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_changelists_do_not_grow_with_rows(client):
    board_user = factories.user("board", role=Role.BOARD)
    client.force_login(board_user)
    root = factories.unit("Bộ Tư pháp", province=factories.province("Hà Nội"))
    factories.person(root, "Nguyễn Văn A")
    factories.term("Cụm 1", 2016, [root], leader=root)
    urls = [
        reverse("admin:org_unit_changelist"),
        reverse("admin:org_person_changelist"),
        reverse("admin:org_clusterterm_changelist"),
        reverse("admin:org_clustermembership_changelist"),
        reverse("admin:auth_user_changelist"),
    ]
    few = [_count_queries(client, url) for url in urls]
    province = factories.province("Yên Bái")
    cuc_kind = factories.kind("cuc", "Cục", "Cục trưởng")
    for i in range(29):
        unit = factories.unit(f"Cục số {i}", parent=root, unit_kind=cuc_kind, province=province)
        factories.person(unit, f"Trần Văn {i}")
        factories.term(f"Cụm {i + 2}", 2016, [unit], leader=unit)
        factories.user(f"staff{i}", role=Role.UNIT_STAFF, unit_=unit)
    many = [_count_queries(client, url) for url in urls]
    assert many == few


# Saves go through the services, and their errors come back on the form


def test_editing_a_unit_is_audited_with_the_board_user_and_the_changed_field(board, world):
    url = reverse("admin:org_unit_change", args=[world.vu_b.pk])
    data = form_data(board.get(url))
    data["short_name"] = "TCCB"
    response = board.post(url, data)
    assert response.status_code == 302
    assert Unit.objects.get(pk=world.vu_b.pk).short_name == "TCCB"
    entry = LogEntry.objects.get_for_object(world.vu_b).latest("timestamp")
    assert entry.actor == world.users["board"]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes_dict["short_name"] == ["", "TCCB"]


def test_adding_a_unit_keeps_the_tree_path(board, world):
    url = reverse("admin:org_unit_add")
    data = form_data(board.get(url))
    data.update(name="Chi cục THADS huyện Lục Yên", kind=str(world.chi_cuc.kind_id), parent=str(world.cuc.pk))
    response = board.post(url, data)
    assert response.status_code == 302
    unit = Unit.objects.get(name="Chi cục THADS huyện Lục Yên")
    assert unit.path == f"{world.cuc.path}{unit.pk}/"
    assert unit.depth == 2
    assert unit.head_title == "Chi cục trưởng"


def test_a_cycle_in_the_tree_is_a_form_error_not_a_server_error(board, world):
    url = reverse("admin:org_unit_change", args=[world.ministry.pk])
    data = form_data(board.get(url))
    data["parent"] = str(world.chi_cuc.pk)
    response = board.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent"] == [
        "Không thể đặt đơn vị dưới một đơn vị cấp dưới của chính nó (tạo vòng lặp)."
    ]
    assert Unit.objects.get(pk=world.ministry.pk).parent_id is None


def test_a_duplicate_unit_name_under_the_same_parent_is_refused_in_vietnamese(board, world):
    url = reverse("admin:org_unit_change", args=[world.vu_b.pk])
    data = form_data(board.get(url))
    data["name"] = "Vụ Pháp luật dân sự - kinh tế"
    response = board.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name"] == [
        "«Bộ Tư pháp» đã có một đơn vị trực thuộc tên «Vụ Pháp luật dân sự - kinh tế»."
    ]


def test_deleting_a_unit_with_people_or_sub_units_is_refused_with_a_clear_message(board, world):
    url = reverse("admin:org_unit_delete", args=[world.cuc.pk])
    page = board.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Không thể xóa" in text
    assert "Chi cục THADS huyện Văn Yên" in text
    assert f"Trần Văn {world.cuc.pk}" in text
    response = board.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert Unit.objects.filter(pk=world.cuc.pk).exists()


def test_a_person_is_saved_through_the_service(board, world):
    url = reverse("admin:org_person_add")
    data = form_data(board.get(url))
    data.update(full_name="  Phạm   Thị  Hoa ", unit=str(world.vu_a.pk), gender="nu", birth_year="1985")
    assert board.post(url, data).status_code == 302
    person = Person.objects.get(full_name="Phạm Thị Hoa")
    assert person.given_name == "Hoa"
    assert LogEntry.objects.get_for_object(person).get().actor == world.users["board"]


def test_a_cluster_kind_cannot_change_once_it_has_terms(board, world):
    url = reverse("admin:org_cluster_change", args=[world.term.cluster_id])
    data = form_data(board.get(url))
    data["kind"] = "khoi"
    response = board.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["kind"] == [
        "Không thể đổi loại của cụm đã có nhiệm kỳ; hãy tạo một cụm mới."
    ]


# Cluster terms


def _term_data(board, world, **fields) -> dict:
    data = form_data(board.get(reverse("admin:org_clusterterm_add")))
    data.update(cluster=str(world.term.cluster_id), year="2017")
    data.update(fields)
    return data


def test_a_term_with_a_leader_who_is_not_a_member_is_refused_and_nothing_is_written(board, world):
    data = _term_data(board, world, members=[str(world.vu_a.pk)], leader=str(world.vu_b.pk))
    before = LogEntry.objects.count()
    response = board.post(reverse("admin:org_clusterterm_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["leader"] == [
        "Đơn vị Cụm trưởng (Vụ Tổ chức cán bộ) phải là thành viên của cụm."
    ]
    assert "Đơn vị Cụm trưởng (Vụ Tổ chức cán bộ) phải là thành viên của cụm." in response.content.decode()
    assert not ClusterTerm.objects.filter(year=2017).exists()
    assert LogEntry.objects.count() == before


def test_a_unit_in_another_cluster_of_the_same_kind_that_year_is_refused(board, world):
    other = Cluster.objects.create(name="Cụm thi đua số II", kind=Cluster.Kind.CUM)
    data = _term_data(board, world, cluster=str(other.pk), year="2016", members=[str(world.vu_a.pk)])
    response = board.post(reverse("admin:org_clusterterm_add"), data)
    assert response.context["adminform"].form.errors["members"] == [
        "Vụ Pháp luật dân sự - kinh tế đã là thành viên của Cụm thi đua số I năm 2016."
    ]
    assert not ClusterTerm.objects.filter(cluster=other).exists()


def test_a_term_is_saved_with_its_leader_and_deputies(board, world):
    data = _term_data(
        board,
        world,
        members=[str(world.vu_a.pk), str(world.vu_b.pk), str(world.cuc.pk)],
        leader=str(world.vu_b.pk),
        deputies=[str(world.vu_a.pk), str(world.cuc.pk)],
        decision_number="05/QĐ-BTP",
    )
    response = board.post(reverse("admin:org_clusterterm_add"), data)
    assert response.status_code == 302
    term = ClusterTerm.objects.get(year=2017)
    assert dict(term.memberships.values_list("unit__name", "role")) == {
        "Vụ Tổ chức cán bộ": "leader",
        "Vụ Pháp luật dân sự - kinh tế": "deputy",
        "Cục THADS tỉnh Yên Bái": "deputy",
    }
    actors = set(
        LogEntry.objects.filter(
            content_type__model="clustermembership",
            object_pk__in=[str(pk) for pk in term.memberships.values_list("pk", flat=True)],
        ).values_list("actor__username", flat=True)
    )
    assert actors == {"board"}


def test_the_term_page_shows_its_memberships_and_changes_them(board, world):
    url = reverse("admin:org_clusterterm_change", args=[world.term.pk])
    page = board.get(url)
    text = page.content.decode()
    assert "Cụm trưởng / Trưởng khu vực" in text
    data = form_data(page)
    assert set(data["members"]) == {str(world.vu_a.pk), str(world.vu_b.pk)}
    assert data["deputies"] == [str(world.vu_b.pk)]
    assert data["leader"] == str(world.vu_a.pk)
    data.update(members=[str(world.vu_a.pk), str(world.vu_b.pk)], leader=str(world.vu_b.pk), deputies=[])
    assert board.post(url, data).status_code == 302
    assert dict(world.term.memberships.values_list("unit__name", "role")) == {
        "Vụ Tổ chức cán bộ": "leader",
        "Vụ Pháp luật dân sự - kinh tế": "member",
    }


def test_memberships_are_read_only_in_their_own_list(board, world):
    membership = ClusterMembership.objects.filter(term=world.term).first()
    page = board.get(reverse("admin:org_clustermembership_change", args=[membership.pk]))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert board.get(reverse("admin:org_clustermembership_add")).status_code == 403


# Users and roles


def test_roles_are_granted_and_revoked_through_the_services(board, world):
    account = factories.user("new_staff")
    url = reverse("admin:auth_user_change", args=[account.pk])
    data = form_data(board.get(url))
    data.update(
        {
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-0-role": Role.BOARD,
            "role_assignments-0-unit": "",
        }
    )
    response = board.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    account.refresh_from_db()
    assert account.is_staff
    assert account.groups.filter(name="Vụ Thi đua - Khen thưởng").exists()
    assignment = RoleAssignment.objects.get(user=account)
    assert LogEntry.objects.get_for_object(assignment).get().actor == world.users["board"]

    data = form_data(board.get(url))
    data["role_assignments-0-DELETE"] = "on"
    assert board.post(url, data).status_code == 302
    account.refresh_from_db()
    assert not account.is_staff
    assert not RoleAssignment.objects.filter(user=account).exists()


def test_a_role_without_its_unit_is_a_form_error(board, world):
    account = factories.user("new_staff")
    url = reverse("admin:auth_user_change", args=[account.pk])
    data = form_data(board.get(url))
    data.update(
        {
            "role_assignments-TOTAL_FORMS": "1",
            "role_assignments-0-role": Role.UNIT_STAFF,
            "role_assignments-0-unit": "",
        }
    )
    response = board.post(url, data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0]["unit"] == ["Vai trò này phải gắn với một đơn vị."]
    assert not RoleAssignment.objects.filter(user=account).exists()
