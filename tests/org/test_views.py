"""The portal pages: what each shows, search without diacritics, the person form, language, query counts."""

import html
import re
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from thidua.org import services
from thidua.org.models import Cluster, Person, Role

pytestmark = pytest.mark.django_db


def text(response) -> str:
    """The visible text of a page, tags removed and white space collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|select)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def person_of(unit) -> Person:
    return Person.objects.get(unit=unit)


# Home ------------------------------------------------------------------------------------------------------


def test_home_of_the_board_counts_the_ministry_and_links_to_the_admin(client, world):
    login(client, world, "board")
    response = client.get(reverse("home"))
    page = text(response)
    assert response.context["home"].counts == {"units": 6, "people": 6, "clusters": 1, "terms": 1}
    assert "Toàn Bộ Tư pháp Đơn vị 6 Cá nhân đang công tác 6 Cụm, khối, khu vực thi đua 1 Nhiệm kỳ cụm năm 2016 1" in (
        page
    )
    content = response.content.decode()
    assert 'href="/admin/org/unit/"' in content
    assert 'href="/admin/"' in content
    assert "Quản trị" in page


def test_home_of_unit_staff_shows_their_unit_and_clusters(client, world):
    login(client, world, "staff_a")
    response = client.get(reverse("home"))
    page = text(response)
    assert response.context["home"].counts is None
    assert "Đơn vị bạn phụ trách công tác thi đua" in page
    assert "Vụ Pháp luật dân sự - kinh tế Vụ · Bộ Tư pháp 1 cá nhân đang công tác" in page
    assert "Cụm, khối thi đua năm 2016 Cụm thi đua số I — Vụ Pháp luật dân sự - kinh tế: Cụm trưởng" in page
    assert "/admin/" not in response.content.decode()


def test_home_of_unit_staff_without_a_cluster_says_so(client, world):
    login(client, world, "staff_other")
    page = text(client.get(reverse("home")))
    assert "Sở Tư pháp tỉnh Hòa Bình" in page
    assert "Năm 2016 đơn vị chưa thuộc cụm thi đua nào." in page


def test_home_of_the_cluster_leader_shows_the_terms_it_leads(client, world):
    login(client, world, "leader_a")
    page = text(client.get(reverse("home")))
    assert "Cụm thi đua do đơn vị bạn làm Cụm trưởng" in page
    assert (
        "Cụm thi đua số I · năm 2016 Cụm trưởng: Vụ Pháp luật dân sự - kinh tế Cụm phó: Vụ Tổ chức cán bộ "
        "2 đơn vị thành viên: Vụ Pháp luật dân sự - kinh tế; Vụ Tổ chức cán bộ"
    ) in page


def test_home_of_a_delegate_shows_the_unit_and_no_conference_yet(client, world):
    login(client, world, "delegate_b")
    page = text(client.get(reverse("home")))
    assert "Đại biểu hội nghị Vụ Tổ chức cán bộ" in page
    assert "Cụm thi đua số I — Vụ Tổ chức cán bộ: Cụm phó" in page
    assert "Hội nghị và bỏ phiếu Chưa có hội nghị nào." in page


def test_home_of_a_ministry_wide_viewer_is_the_overview_without_admin(client, world):
    login(client, world, "viewer")
    response = client.get(reverse("home"))
    assert response.context["home"].counts == {"units": 6, "people": 6, "clusters": 1, "terms": 1}
    assert "/admin/" not in response.content.decode()


def test_home_of_a_unit_viewer_is_the_unit_overview(client, world):
    viewer = factories.user("viewer_cuc", role=Role.VIEWER, unit_=world.cuc)
    client.force_login(viewer)
    response = client.get(reverse("home"))
    assert response.context["home"].counts is None
    assert "Đơn vị bạn được xem Cục THADS tỉnh Yên Bái Cục THADS · Bộ Tư pháp 1 cá nhân đang công tác" in text(response)


def test_home_of_a_user_without_a_role_says_whom_to_contact(client, world):
    client.force_login(factories.user("nobody"))
    response = client.get(reverse("home"))
    page = text(response)
    assert "Tài khoản chưa được phân quyền" in page
    assert "Vui lòng liên hệ Vụ Thi đua - Khen thưởng để được phân quyền." in page
    assert reverse("unit_list") not in response.content.decode()


def test_navigation_depends_on_the_role(client, world):
    login(client, world, "staff_a")
    content = client.get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', content, flags=re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", nav) == [
        "Trang chủ",
        "Đơn vị",
        "Cá nhân",
        "Cụm, khối thi đua",
        "Phong trào",
        "Đăng ký thi đua",
        "Tỷ lệ đăng ký",
        "Giao ước",
        "Điển hình tiên tiến",
        "Hồ sơ khen thưởng",
        "Quyết định",
        "Sổ khen thưởng",
        "Thống kê",
        "Hội nghị, bỏ phiếu",
        "Báo cáo tổng kết",
        "Thông báo",
    ]
    login(client, world, "board")
    content = client.get(reverse("home")).content.decode()
    nav = re.search(r'<nav class="site-nav".*?</nav>', content, flags=re.S).group(0)
    assert re.findall(r">([^<>]+)</a>", nav) == [
        "Trang chủ",
        "Đơn vị",
        "Cá nhân",
        "Cụm, khối thi đua",
        "Phong trào",
        "Đăng ký thi đua",
        "Tỷ lệ đăng ký",
        "Giao ước",
        "Điển hình tiên tiến",
        "Hồ sơ khen thưởng",
        "Quyết định",
        "Sổ khen thưởng",
        "Thống kê",
        "Hội nghị, bỏ phiếu",
        "Báo cáo tổng kết",
        "Thông báo",
        "Quản trị",
    ]


# Units -----------------------------------------------------------------------------------------------------


def test_unit_list_shows_name_kind_parent_province_and_active_people(client, world):
    world.other.province = factories.province("Hòa Bình")
    services.unit_save(actor=None, unit=world.other)
    factories.person(world.other, "Lê Thị Nghỉ", is_active=False)
    login(client, world, "board")
    response = client.get(reverse("unit_list"))
    page = text(response)
    assert "6 đơn vị" in page
    rows = [(u.name, u.kind.name, u.parent and u.parent.name, u.active_people) for u in response.context["page"]]
    assert rows == [
        ("Bộ Tư pháp", "Bộ", None, 1),
        ("Chi cục THADS huyện Văn Yên", "Chi cục THADS", "Cục THADS tỉnh Yên Bái", 1),
        ("Cục THADS tỉnh Yên Bái", "Cục THADS", "Bộ Tư pháp", 1),
        ("Sở Tư pháp tỉnh Hòa Bình", "Sở Tư pháp", None, 1),
        ("Vụ Pháp luật dân sự - kinh tế", "Vụ", "Bộ Tư pháp", 1),
        ("Vụ Tổ chức cán bộ", "Vụ", "Bộ Tư pháp", 1),
    ]
    assert "Sở Tư pháp tỉnh Hòa Bình Sở Tư pháp — Hòa Bình 1" in page
    assert "Chi cục THADS huyện Văn Yên Chi cục THADS Cục THADS tỉnh Yên Bái — 1" in page


def test_unit_search_without_diacritics_finds_the_unit(client, world):
    login(client, world, "board")
    response = client.get(reverse("unit_list"), {"q": "phap luat dan su"})
    assert [u.name for u in response.context["page"]] == ["Vụ Pháp luật dân sự - kinh tế"]
    assert "1 đơn vị" in text(response)
    assert 'value="phap luat dan su"' in response.content.decode()
    response = client.get(reverse("unit_list"), {"q": "VAN YEN"})
    assert [u.name for u in response.context["page"]] == ["Chi cục THADS huyện Văn Yên"]


def test_unit_search_covers_the_short_name(client, world):
    world.vu_b.short_name = "Vụ TCCB"
    services.unit_save(actor=None, unit=world.vu_b)
    login(client, world, "board")
    response = client.get(reverse("unit_list"), {"q": "tccb"})
    assert [u.name for u in response.context["page"]] == ["Vụ Tổ chức cán bộ"]


def test_unit_search_with_no_match_says_so(client, world):
    login(client, world, "board")
    page = text(client.get(reverse("unit_list"), {"q": "khong co don vi nay"}))
    assert "0 đơn vị Không có đơn vị nào khớp với điều kiện tìm kiếm." in page


def test_unit_list_filters_by_kind_and_province(client, world):
    yen_bai = factories.province("Yên Bái")
    world.cuc.province = yen_bai
    services.unit_save(actor=None, unit=world.cuc)
    login(client, world, "board")
    kind = world.chi_cuc.kind
    response = client.get(reverse("unit_list"), {"kind": kind.pk})
    assert [u.name for u in response.context["page"]] == ["Chi cục THADS huyện Văn Yên"]
    assert f'<option value="{kind.pk}" selected>Chi cục THADS</option>' in response.content.decode()
    response = client.get(reverse("unit_list"), {"province": yen_bai.pk})
    assert [u.name for u in response.context["page"]] == ["Cục THADS tỉnh Yên Bái"]
    response = client.get(reverse("unit_list"), {"kind": "junk", "province": "-1"})
    assert response.context["page"].paginator.count == 6


def test_unit_list_is_paginated(client, world, settings):
    settings.PAGE_SIZE = 4
    login(client, world, "board")
    first = client.get(reverse("unit_list"), {"q": "", "kind": ""})
    assert [u.name for u in first.context["page"]] == [
        "Bộ Tư pháp",
        "Chi cục THADS huyện Văn Yên",
        "Cục THADS tỉnh Yên Bái",
        "Sở Tư pháp tỉnh Hòa Bình",
    ]
    assert "Trang 1/2" in text(first)
    assert 'href="?q=&amp;kind=&amp;page=2"' in first.content.decode()
    second = client.get(reverse("unit_list"), {"page": 2})
    assert [u.name for u in second.context["page"]] == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]
    assert "Trang 2/2" in text(second)


def test_unit_detail_shows_info_sub_units_and_people(client, world):
    world.cuc.notes = "Đơn vị dẫn đầu khu vực năm 2016."
    world.cuc.province = factories.province("Yên Bái")
    services.unit_save(actor=None, unit=world.cuc)
    login(client, world, "staff_cuc")
    response = client.get(reverse("unit_detail", args=[world.cuc.pk]))
    page = text(response)
    assert (
        "Thông tin đơn vị Loại đơn vị Cục THADS Đơn vị cấp trên Bộ Tư pháp Chức danh người đứng đầu Cục trưởng "
        "Tỉnh, thành phố Yên Bái Cá nhân đang công tác 1 Tình trạng Đang hoạt động "
        "Ghi chú Đơn vị dẫn đầu khu vực năm 2016."
    ) in page
    assert "Đơn vị trực thuộc (1)" in page
    assert [c.name for c in response.context["children"]] == ["Chi cục THADS huyện Văn Yên"]
    assert "Cá nhân của đơn vị (1)" in page
    assert f"Trần Văn {world.cuc.pk} — Nữ — Đang công tác" in page
    content = response.content.decode()
    assert f'href="{reverse("person_create", args=[world.cuc.pk])}"' in content
    assert f'href="{reverse("person_edit", args=[person_of(world.cuc).pk])}"' in content
    # The parent is not this user's to open: named, not linked.
    assert f'href="{reverse("unit_detail", args=[world.ministry.pk])}"' not in content
    assert "Đơn vị chưa tham gia cụm, khối thi đua nào." in page


def test_unit_detail_lists_clusters_by_year_with_roles(client, world):
    factories.term("Cụm thi đua số I", 2017, [world.vu_a, world.vu_b], leader=world.vu_b)
    factories.term(
        "Khu vực miền núi phía Bắc",
        2017,
        [world.vu_a, world.cuc],
        leader=world.cuc,
        deputies=[world.vu_a],
        kind_=Cluster.Kind.KHU_VUC,
    )
    login(client, world, "staff_a")
    response = client.get(reverse("unit_detail", args=[world.vu_a.pk]))
    rows = [(m.year, m.term.cluster.name, m.role_label) for m in response.context["memberships"]]
    assert rows == [
        (2017, "Cụm thi đua số I", "Thành viên"),
        (2017, "Khu vực miền núi phía Bắc", "Phó trưởng khu vực"),
        (2016, "Cụm thi đua số I", "Cụm trưởng"),
    ]
    page = text(response)
    assert "2017 Cụm thi đua số I Thành viên" in page
    assert "2016 Cụm thi đua số I Cụm trưởng" in page


def test_unit_detail_people_search_without_diacritics(client, world):
    factories.person(world.vu_a, "Nguyễn Thị Đường")
    factories.person(world.vu_a, "Phạm Văn An")
    login(client, world, "staff_a")
    response = client.get(reverse("unit_detail", args=[world.vu_a.pk]), {"q": "duong"})
    assert [p.full_name for p in response.context["people"]] == ["Nguyễn Thị Đường"]
    assert "Cá nhân của đơn vị (1)" in text(response)


def test_unit_detail_without_write_has_no_edit_buttons(client, world):
    login(client, world, "viewer")
    response = client.get(reverse("unit_detail", args=[world.vu_a.pk]))
    assert "Thêm cá nhân" not in text(response)
    assert "/edit/" not in response.content.decode()


# People ----------------------------------------------------------------------------------------------------


def test_person_list_shows_visible_people_with_their_unit(client, world):
    factories.person(world.chi_cuc, "Hoàng Văn Bình", position="Chấp hành viên")
    login(client, world, "staff_cuc")
    response = client.get(reverse("person_list"))
    rows = [(p.full_name, p.unit.name, p.can_edit) for p in response.context["page"]]
    # Sorted here: the order of "Trần Văn <id>" depends on the ids the database hands out.
    assert sorted(rows) == sorted(
        [
            ("Hoàng Văn Bình", "Chi cục THADS huyện Văn Yên", True),
            (f"Trần Văn {world.chi_cuc.pk}", "Chi cục THADS huyện Văn Yên", True),
            (f"Trần Văn {world.cuc.pk}", "Cục THADS tỉnh Yên Bái", True),
        ]
    )
    assert "3 cá nhân" in text(response)
    assert "Hoàng Văn Bình Chi cục THADS huyện Văn Yên Chấp hành viên Đang công tác Sửa" in text(response)


def test_person_search_and_unit_filter(client, world):
    factories.person(world.chi_cuc, "Hoàng Văn Bình")
    factories.person(world.cuc, "Hoàng Thị Bích")
    login(client, world, "staff_cuc")
    response = client.get(reverse("person_list"), {"q": "hoang"})
    assert [p.full_name for p in response.context["page"]] == ["Hoàng Thị Bích", "Hoàng Văn Bình"]
    response = client.get(reverse("person_list"), {"q": "hoang", "unit": world.chi_cuc.pk})
    assert [p.full_name for p in response.context["page"]] == ["Hoàng Văn Bình"]
    assert f'<option value="{world.chi_cuc.pk}" selected>' in response.content.decode()


def test_person_list_of_a_viewer_has_no_edit_links(client, world):
    login(client, world, "viewer")
    response = client.get(reverse("person_list"))
    assert response.context["page"].paginator.count == 6
    assert "/edit/" not in response.content.decode()


def test_person_list_with_many_units_searches_the_unit_by_name(client, world, monkeypatch):
    from thidua.org import selectors

    monkeypatch.setattr(selectors, "UNIT_SELECT_LIMIT", 3)
    login(client, world, "board")
    response = client.get(reverse("person_list"), {"unit_q": "van yen"})
    assert response.context["unit_choices"] is None
    assert [p.unit.name for p in response.context["page"]] == ["Chi cục THADS huyện Văn Yên"]
    assert 'name="unit_q" value="van yen"' in response.content.decode()


# The person form -------------------------------------------------------------------------------------------


def test_person_create_form_renders_in_vietnamese(client, world):
    login(client, world, "staff_a")
    response = client.get(reverse("person_create", args=[world.vu_a.pk]))
    page = text(response)
    assert "Thêm cá nhân Đơn vị: Vụ Pháp luật dân sự - kinh tế" in page
    for label in ("Họ và tên *", "Chức vụ", "Giới tính *", "Nam", "Nữ", "Năm sinh", "Thư điện tử", "Đang công tác"):
        assert label in page
    assert "unit" not in response.context["form"].fields


def test_person_create_with_bad_data_shows_vietnamese_errors_and_writes_nothing(client, world):
    login(client, world, "staff_a")
    before = Person.objects.count()
    logs_before = LogEntry.objects.count()
    response = client.post(
        reverse("person_create", args=[world.vu_a.pk]),
        {"full_name": "   ", "gender": "", "birth_year": "1800", "email": "khong-phai-thu", "is_active": "on"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {
        "full_name": ["Vui lòng nhập họ và tên."],
        "gender": ["Vui lòng chọn giới tính."],
        "birth_year": [f"Năm sinh phải từ 1900 đến {response.context['form'].max_birth_year}."],
        "email": ["Địa chỉ thư điện tử không hợp lệ."],
    }
    page = text(response)
    assert "Vui lòng sửa các lỗi dưới đây." in page
    assert "Vui lòng nhập họ và tên." in page
    assert Person.objects.count() == before
    assert LogEntry.objects.count() == logs_before


def test_person_create_with_a_future_birth_year_is_refused(client, world):
    login(client, world, "staff_a")
    response = client.post(
        reverse("person_create", args=[world.vu_a.pk]),
        {"full_name": "Lê Văn Tới", "gender": "nam", "birth_year": "2999"},
    )
    assert response.context["form"].errors["birth_year"][0].startswith("Năm sinh phải từ 1900 đến ")
    assert not Person.objects.filter(full_name="Lê Văn Tới").exists()


def test_person_create_saves_through_the_service_and_is_audited(client, world):
    user = login(client, world, "staff_a")
    response = client.post(
        reverse("person_create", args=[world.vu_a.pk]),
        {
            "full_name": "  Nguyễn   Thị  Hoa ",
            "position": "Chuyên viên",
            "gender": "nu",
            "birth_year": "1985",
            "email": "hoa@moj.gov.vn",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=[world.vu_a.pk])
    person = Person.objects.get(full_name="Nguyễn Thị Hoa")
    assert (person.unit, person.position, person.gender, person.birth_year, person.email, person.is_active) == (
        world.vu_a,
        "Chuyên viên",
        "nu",
        1985,
        "hoa@moj.gov.vn",
        True,
    )
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk))
    assert (entry.action, entry.actor) == (LogEntry.Action.CREATE, user)
    page = text(client.get(response["Location"]))
    assert "Đã thêm Nguyễn Thị Hoa vào Vụ Pháp luật dân sự - kinh tế." in page


def test_person_edit_changes_the_person_and_is_audited(client, world):
    user = login(client, world, "staff_a")
    person = person_of(world.vu_a)
    old_name = person.full_name
    response = client.get(reverse("person_edit", args=[person.pk]))
    assert f"Sửa thông tin: {old_name}" in text(response)
    assert [u.name for u in response.context["form"].fields["unit"].queryset] == ["Vụ Pháp luật dân sự - kinh tế"]

    response = client.post(
        reverse("person_edit", args=[person.pk]),
        {"full_name": "Trần Văn Sửa", "unit": world.vu_a.pk, "gender": "nam", "birth_year": "1970", "position": ""},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_detail", args=[world.vu_a.pk])
    person.refresh_from_db()
    assert (person.full_name, person.gender, person.birth_year, person.is_active) == (
        "Trần Văn Sửa",
        "nam",
        1970,
        False,
    )
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_pk=str(person.pk), action=LogEntry.Action.UPDATE
    ).get()
    assert entry.actor == user
    assert entry.changes_dict["full_name"] == [old_name, "Trần Văn Sửa"]
    assert entry.changes_dict["birth_year"] == ["None", "1970"]
    assert "Đã lưu thông tin của Trần Văn Sửa." in text(client.get(response["Location"]))


def test_person_edit_with_bad_data_changes_nothing(client, world):
    login(client, world, "staff_a")
    person = person_of(world.vu_a)
    response = client.post(
        reverse("person_edit", args=[person.pk]),
        {"full_name": "", "unit": world.vu_a.pk, "gender": "x", "email": "a@"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "full_name": ["Vui lòng nhập họ và tên."],
        "gender": ["Giới tính không hợp lệ."],
        "email": ["Địa chỉ thư điện tử không hợp lệ."],
    }
    assert Person.objects.get(pk=person.pk).full_name == person.full_name


# Clusters --------------------------------------------------------------------------------------------------


def test_cluster_list_shows_kind_year_leader_and_size(client, world):
    factories.term("Cụm thi đua số I", 2017, [world.vu_a, world.vu_b], leader=world.vu_b)
    factories.term(
        "Khu vực miền núi phía Bắc",
        2016,
        [world.cuc, world.chi_cuc, world.other],
        leader=world.cuc,
        kind_=Cluster.Kind.KHU_VUC,
    )
    login(client, world, "board")
    response = client.get(reverse("cluster_list"))
    page = text(response)
    assert "2 cụm, khối, khu vực" in page
    assert "Cụm thi đua số I Cụm thi đua 2017 Vụ Tổ chức cán bộ 2" in page
    assert "Khu vực miền núi phía Bắc Khu vực thi đua 2016 Cục THADS tỉnh Yên Bái 3" in page

    response = client.get(reverse("cluster_list"), {"year": 2016})
    assert "Cụm thi đua số I Cụm thi đua 2016 Vụ Pháp luật dân sự - kinh tế 2" in text(response)
    assert '<option value="2016" selected>2016</option>' in response.content.decode()

    response = client.get(reverse("cluster_list"), {"kind": "khu_vuc"})
    assert [c.name for c in response.context["page"]] == ["Khu vực miền núi phía Bắc"]
    response = client.get(reverse("cluster_list"), {"year": 2015})
    assert "0 cụm, khối, khu vực Không có cụm thi đua nào khớp với điều kiện lọc." in text(response)


def test_cluster_list_of_unit_staff_shows_only_their_clusters(client, world):
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.cuc, world.other], kind_=Cluster.Kind.KHU_VUC)
    login(client, world, "staff_a")
    response = client.get(reverse("cluster_list"))
    assert [c.name for c in response.context["page"]] == ["Cụm thi đua số I"]
    assert response.context["years"] == [2016]


def test_cluster_detail_shows_terms_with_leader_deputies_members_and_decision(client, world):
    world.term.decision_number = "05/QĐ-BTP"
    world.term.decision_date = date(2016, 1, 5)
    services.cluster_term_save(
        actor=None,
        term=world.term,
        members=[world.vu_a, world.vu_b, world.cuc],
        leader=world.vu_a,
        deputies=[world.vu_b],
    )
    login(client, world, "staff_a")
    response = client.get(reverse("cluster_detail", args=[world.term.cluster_id]))
    page = text(response)
    assert (
        "Cụm thi đua số I Cụm thi đua Điển hình tiên tiến của cụm · "
        "Lịch sử cụm: Cụm trưởng, Cụm phó, Cờ thi đua qua các năm Năm 2016"
    ) in page
    assert f'href="{reverse("cluster_history", args=[world.term.cluster_id])}"' in response.content.decode()
    assert (
        "Cụm trưởng Vụ Pháp luật dân sự - kinh tế Cụm phó Vụ Tổ chức cán bộ Quyết định Số 05/QĐ-BTP, ngày 05/01/2016 "
        "Chấm điểm, xếp hạng · Giao ước thi đua "
        "3 đơn vị thành viên Đơn vị Vai trò Vụ Pháp luật dân sự - kinh tế Cụm trưởng Vụ Tổ chức cán bộ Cụm phó "
        "Cục THADS tỉnh Yên Bái Thành viên"
    ) in page
    content = response.content.decode()
    # Staff of Vụ A may open their own unit, not the other members.
    assert f'href="{reverse("unit_detail", args=[world.vu_a.pk])}"' in content
    assert f'href="{reverse("unit_detail", args=[world.vu_b.pk])}"' not in content


def test_cluster_detail_of_a_region_names_its_leaders_and_pages_by_term(client, world):
    for year in range(2016, 2022):
        factories.term(
            "Khu vực miền núi phía Bắc",
            year,
            [world.cuc, world.chi_cuc, world.other],
            leader=world.cuc,
            deputies=[world.chi_cuc, world.other],
            kind_=Cluster.Kind.KHU_VUC,
        )
    cluster = Cluster.objects.get(name="Khu vực miền núi phía Bắc")
    login(client, world, "board")
    response = client.get(reverse("cluster_detail", args=[cluster.pk]))
    assert [v.term.year for v in response.context["term_views"]] == [2021, 2020, 2019, 2018, 2017]
    page = text(response)
    assert (
        "Năm 2021 Trưởng khu vực Cục THADS tỉnh Yên Bái "
        "Phó trưởng khu vực Chi cục THADS huyện Văn Yên; Sở Tư pháp tỉnh Hòa Bình"
    ) in page
    assert "Trang 1/2" in page
    response = client.get(reverse("cluster_detail", args=[cluster.pk]), {"page": 2})
    assert [v.term.year for v in response.context["term_views"]] == [2016]


# Accounts, language, errors --------------------------------------------------------------------------------


def test_login_page_is_in_vietnamese_and_logs_in(client, world):
    response = client.get(reverse("login"))
    page = text(response)
    assert "Đăng nhập Hệ thống quản lý công tác thi đua, khen thưởng của Bộ Tư pháp." in page
    assert "Tên đăng nhập" in page and "Mật khẩu" in page
    response = client.post(reverse("login"), {"username": "staff_a", "password": factories.PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_is_refused_in_vietnamese(client, world):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "sai"})
    assert response.status_code == 200
    assert "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác." in text(response)


def test_repeated_failures_lock_the_account_with_a_vietnamese_page(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": "staff_a", "password": "sai"}).status_code == 200
    response = client.post(reverse("login"), {"username": "staff_a", "password": "sai"})
    assert response.status_code == 429
    page = text(response)
    assert "Tài khoản tạm thời bị khóa" in page
    assert f"đăng nhập sai mật khẩu {settings.AXES_FAILURE_LIMIT} lần liên tiếp" in page
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    assert f"Vui lòng thử lại sau {minutes} phút." in page
    # Even the right password is refused while the lock lasts.
    response = client.post(reverse("login"), {"username": "staff_a", "password": factories.PASSWORD})
    assert response.status_code == 429


def test_logout_is_a_post_and_returns_to_login(client, world):
    login(client, world, "staff_a")
    content = client.get(reverse("home")).content.decode()
    assert f'<form class="inline-form" method="post" action="{reverse("logout")}">' in content
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_password_change_and_done(client, world):
    user = login(client, world, "staff_a")
    page = text(client.get(reverse("password_change")))
    assert "Đổi mật khẩu Nhập mật khẩu hiện tại, rồi nhập mật khẩu mới hai lần." in page
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai", "new_password1": "Mat-khau-moi-2017", "new_password2": "Mat-khau-moi-2017"},
    )
    assert response.status_code == 200
    assert "Vui lòng sửa các lỗi dưới đây." in text(response)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": factories.PASSWORD,
            "new_password1": "Mat-khau-moi-2017",
            "new_password2": "Mat-khau-moi-2017",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("password_change_done"), 302)]
    assert "Mật khẩu của bạn đã được thay đổi." in text(response)
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2017")


def test_language_switch_sets_english(client, world):
    login(client, world, "staff_a")
    content = client.get(reverse("unit_list")).content.decode()
    assert f'action="{reverse("set_language")}"' in content
    assert '<option value="vi" selected>Tiếng Việt</option>' in content
    assert '<option value="en">English</option>' in content
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("unit_list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("unit_list")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    content = client.get(reverse("unit_list")).content.decode()
    assert '<html lang="en">' in content
    assert '<option value="en" selected>English</option>' in content


def test_not_found_page_is_in_vietnamese(client, world):
    login(client, world, "staff_a")
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "404 Không tìm thấy trang Trang bạn tìm không tồn tại" in text(response)


# Query counts: the same with one row as with many --------------------------------------------------------


def queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm caches that live for the process (content types, ...)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def grow_under(world, parent, n: int = 12):
    """n sub-units of `parent`, each with a province and three people."""
    for i in range(n):
        unit = factories.unit(
            f"Đơn vị con {i:02d} của {parent.name}", parent=parent, province=factories.province(f"Tỉnh {i:02d}")
        )
        for j in range(3):
            factories.person(unit, f"Cán Bộ {i:02d} {j}", position="Chuyên viên")


def test_unit_list_queries_do_not_grow_with_rows(client, world):
    login(client, world, "staff_other")
    url = reverse("unit_list")
    one = queries(client, url)
    assert client.get(url).context["page"].paginator.count == 1
    grow_under(world, world.other)
    many = queries(client, url)
    assert client.get(url).context["page"].paginator.count == 13
    assert one == many


def test_person_list_queries_do_not_grow_with_rows(client, world):
    login(client, world, "staff_other")
    url = reverse("person_list")
    one = queries(client, url)
    grow_under(world, world.other)
    assert client.get(url).context["page"].paginator.count == 37
    many = queries(client, url)
    assert one == many
    assert queries(client, url, {"q": "tran", "unit": world.other.pk}) == many + 1  # the filtered unit


def test_unit_detail_queries_do_not_grow_with_rows(client, world):
    login(client, world, "staff_other")
    url = reverse("unit_detail", args=[world.other.pk])
    factories.unit("Phòng Hành chính", parent=world.other)
    factories.term("Khu vực miền núi phía Bắc", 2016, [world.other], leader=world.other, kind_=Cluster.Kind.KHU_VUC)
    one = queries(client, url)
    grow_under(world, world.other)
    for year in range(2017, 2022):
        factories.term("Khu vực miền núi phía Bắc", year, [world.other], leader=world.other, kind_=Cluster.Kind.KHU_VUC)
        factories.term(f"Khối thi đua {year}", year, [world.other], kind_=Cluster.Kind.KHOI)
    for i in range(10):
        factories.person(world.other, f"Nhân Viên {i}")
    response = client.get(url)
    assert len(response.context["memberships"]) == 11
    assert response.context["people"].paginator.count == 11
    assert response.context["children"].paginator.count == 13
    many = queries(client, url)
    assert one == many


def test_cluster_list_queries_do_not_grow_with_rows(client, world):
    login(client, world, "board")
    url = reverse("cluster_list")
    one = queries(client, url)
    units = [factories.unit(f"Đơn vị cụm {i:02d}") for i in range(16)]
    for c in range(8):
        members = units[2 * c : 2 * c + 2]
        for year in (2016, 2017):
            factories.term(f"Khối thi đua số {c + 2}", year, members, leader=members[0], kind_=Cluster.Kind.KHOI)
    response = client.get(url)
    assert response.context["page"].paginator.count == 9
    many = queries(client, url)
    assert one == many
    assert queries(client, url, {"year": 2016, "kind": "khoi"}) == many


def test_cluster_detail_queries_do_not_grow_with_rows(client, world):
    login(client, world, "staff_a")
    url = reverse("cluster_detail", args=[world.term.cluster_id])
    one = queries(client, url)
    extra = [factories.unit(f"Vụ thành viên {i:02d}") for i in range(8)]
    for year in range(2017, 2021):
        factories.term("Cụm thi đua số I", year, [world.vu_a, world.vu_b, *extra], leader=extra[0], deputies=extra[1:3])
    response = client.get(url)
    assert [v.term.year for v in response.context["term_views"]] == [2020, 2019, 2018, 2017, 2016]
    assert [len(v.members) for v in response.context["term_views"]] == [10, 10, 10, 10, 2]
    many = queries(client, url)
    assert one == many
