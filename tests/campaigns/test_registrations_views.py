"""The registration pages: what unit staff, the board and read-only users see and may do; filters; query counts."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Registration, RegistrationEvent, RegistrationSheet
from campaigns.services import registrations as services
from tests import factories
from thidua.org.models import Person, Role

from .conftest import add_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

Status = RegistrationSheet.Status
YEAR = 2016
DEADLINE = datetime.date(2016, 3, 25)


def text(response) -> str:
    """The visible text of a page, tags removed and white space collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|select)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def sheet_url(unit, year=YEAR) -> str:
    return reverse("registration_sheet", args=[unit.pk]) + f"?year={year}"


def person_of(unit) -> Person:
    return Person.objects.filter(unit=unit).order_by("pk").first()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def follow(client, url, data=None):
    response = client.post(url, data or {}, follow=True)
    assert response.redirect_chain, response.status_code
    return response


def make_sheet(unit, titles, *, submit=False, year=YEAR, collective=None):
    sheet = services.sheet_get_or_create(actor=None, unit=unit, year=year)
    services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    if collective:
        services.sheet_set_collective_title(actor=None, sheet=sheet, title=collective)
    if submit:
        sheet = services.sheet_submit(actor=None, sheet=sheet, today=datetime.date(year, 1, 10))
    return sheet


# The unit's sheet page ----------------------------------------------------------------------------------------


def test_unit_staff_see_their_sheet_with_people_titles_and_the_deadline(client, world, titles, emulation_year):
    emulation_year(YEAR, DEADLINE)
    add_people(world.vu_a, 2)
    login(client, world, "staff_a")
    response = client.get(sheet_url(world.vu_a))
    assert response.status_code == 200
    page = text(response)
    assert "Đăng ký thi đua năm 2016" in page
    assert "Trạng thái Chưa lập" in page
    assert "Hạn đăng ký 25/03/2016" in page
    assert "Cá nhân đã đăng ký 0/3" in page
    assert "Đã quá hạn đăng ký (25/03/2016): đơn vị không gửi được bản đăng ký nữa" in page
    assert "Đăng ký tất cả cá nhân danh hiệu Lao động tiên tiến" in page
    names = [p.full_name for p in response.context["people"]]
    assert names == ["Cán bộ Số 000", "Cán bộ Số 001", f"Trần Văn {world.vu_a.pk}"]
    content = response.content.decode()
    assert f'action="/registrations/units/{world.vu_a.pk}/2016/register-all/"' in content
    assert f'action="/registrations/units/{world.vu_a.pk}/2016/collective/"' in content
    # A GET writes nothing: the sheet is created by the first change.
    assert RegistrationSheet.objects.count() == 0
    assert response.context["can_submit"] is False


def test_the_page_defaults_to_the_current_year_and_switches_year(client, world, emulation_year):
    emulation_year(YEAR, DEADLINE)
    login(client, world, "staff_a")
    response = client.get(reverse("registration_sheet", args=[world.vu_a.pk]))
    this_year = timezone.localdate().year
    assert response.context["year"] == this_year
    assert response.context["years"] == [this_year, 2016]
    assert "Vụ Thi đua - Khen thưởng chưa ấn định hạn đăng ký năm" in text(response)
    assert client.get(reverse("registration_sheet", args=[world.vu_a.pk]) + "?year=2016").context["year"] == 2016
    assert client.get(reverse("registration_sheet", args=[world.vu_a.pk]) + "?year=3000").status_code == 404
    # Junk is the current year, like a missing value.
    assert client.get(reverse("registration_sheet", args=[world.vu_a.pk]) + "?year=abc").context["year"] == this_year


def test_register_all_choose_the_collective_title_and_submit(client, world, titles):
    staff = login(client, world, "staff_a")
    add_people(world.vu_a, 2)
    base = f"/registrations/units/{world.vu_a.pk}/2016/"

    response = follow(client, base + "register-all/")
    assert messages_of(response) == ["Đã đăng ký danh hiệu «Lao động tiên tiến» cho 3 cá nhân."]
    assert "Cá nhân đã đăng ký 3/3" in text(response)
    response = follow(client, base + "register-all/")
    assert messages_of(response) == ["Mọi cá nhân đang công tác đều đã đăng ký danh hiệu «Lao động tiên tiến»."]

    response = follow(client, base + "collective/", {"title": titles.ttldxs.pk})
    assert messages_of(response) == ["Đã đăng ký danh hiệu tập thể «Tập thể lao động xuất sắc»."]
    assert response.context["collective_form"]["title"].value() == titles.ttldxs.pk

    response = follow(client, base + "submit/")
    assert messages_of(response) == ["Đã gửi bản đăng ký thi đua năm 2016 đến Vụ Thi đua - Khen thưởng."]
    page = text(response)
    assert "Trạng thái Đã gửi" in page
    sheet = RegistrationSheet.objects.get()
    assert (sheet.status, sheet.submitted_by) == (Status.SUBMITTED, staff)
    assert sorted(Registration.objects.values_list("title__code", flat=True)) == ["ldtt", "ldtt", "ldtt", "ttldxs"]
    # Submitted: no more editing forms, and a second submit says so.
    content = response.content.decode()
    assert "register-all/" not in content and "collective/" not in content and 'data-action="submit"' not in content
    again = follow(client, base + "submit/")
    assert messages_of(again)[0].startswith("Bản đăng ký đã được gửi lúc ")
    assert "Lịch sử bản đăng ký" in text(again)
    assert list(RegistrationEvent.objects.values_list("from_status", "to_status")) == [("draft", "submitted")]


def test_adding_and_removing_a_persons_title(client, world, titles):
    login(client, world, "staff_a")
    person = person_of(world.vu_a)
    base = f"/registrations/units/{world.vu_a.pk}/2016/"
    response = follow(client, base + "add/", {"person": person.pk, "title": titles.cstdcs.pk})
    assert messages_of(response) == [f"Đã đăng ký {person.full_name}: «Chiến sĩ thi đua cơ sở»."]
    registration = Registration.objects.get()
    row = [p for p in response.context["people"] if p.pk == person.pk][0]
    assert [r.title.code for r in row.year_registrations] == ["cstdcs"]

    # The same again: the service's message, nothing written.
    response = follow(client, base + "add/", {"person": person.pk, "title": titles.cstdcs.pk})
    assert messages_of(response) == [f"{person.full_name} đã đăng ký danh hiệu «Chiến sĩ thi đua cơ sở» năm 2016."]
    # A person of another unit is not a choice.
    response = client.post(base + "add/", {"person": person_of(world.vu_b).pk, "title": titles.ldtt.pk})
    assert "Cá nhân này không thuộc đơn vị hoặc không còn công tác." in text(response)
    # A collective title is not an individual title.
    response = client.post(base + "add/", {"person": person.pk, "title": titles.ttldtt.pk})
    assert "Danh hiệu cá nhân không hợp lệ hoặc không còn áp dụng." in text(response)
    assert Registration.objects.count() == 1

    response = follow(client, reverse("registration_remove", args=[registration.pk]))
    assert messages_of(response) == [f"Đã bỏ đăng ký «Chiến sĩ thi đua cơ sở» của {person.full_name}."]
    assert Registration.objects.count() == 0


def test_removing_from_a_submitted_sheet_is_refused_with_a_message(client, world, titles):
    sheet = make_sheet(world.vu_a, titles, submit=True)
    login(client, world, "staff_a")
    response = follow(client, reverse("registration_remove", args=[sheet.registrations.get().pk]))
    assert messages_of(response) == ["Bản đăng ký đang ở trạng thái «Đã gửi», không thể sửa."]
    assert sheet.registrations.count() == 1


def test_after_the_deadline_the_unit_cannot_submit_and_sees_why(client, world, titles, emulation_year):
    emulation_year(YEAR, DEADLINE)
    make_sheet(world.vu_a, titles)
    login(client, world, "staff_a")
    response = client.get(sheet_url(world.vu_a))
    assert 'data-action="submit"' not in response.content.decode()
    response = follow(client, f"/registrations/units/{world.vu_a.pk}/2016/submit/")
    assert messages_of(response) == [
        "Đã quá hạn đăng ký thi đua năm 2016 (25/03/2016). Vui lòng liên hệ Vụ Thi đua - Khen thưởng."
    ]
    assert RegistrationSheet.objects.get().status == Status.DRAFT


def test_submitting_without_a_sheet_says_it_is_empty(client, world):
    login(client, world, "staff_a")
    response = follow(client, f"/registrations/units/{world.vu_a.pk}/2016/submit/")
    assert messages_of(response) == ["Bản đăng ký chưa có danh hiệu nào."]
    assert RegistrationSheet.objects.count() == 0


# The board's actions ------------------------------------------------------------------------------------------


def test_the_board_returns_a_sheet_with_a_reason_shown_prominently_to_the_unit(client, world, titles):
    sheet = make_sheet(world.vu_a, titles, submit=True)
    login(client, world, "board")
    url = reverse("registration_return", args=[sheet.pk])
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Vui lòng nêu lý do trả lại để đơn vị biết cần sửa gì." in text(response)
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED

    response = follow(client, url, {"reason": "Thiếu danh hiệu tập thể."})
    assert messages_of(response) == ["Đã trả lại bản đăng ký của Vụ Pháp luật dân sự - kinh tế."]

    client.force_login(world.users["staff_a"])
    response = client.get(sheet_url(world.vu_a))
    content = response.content.decode()
    assert 'id="return-reason"' in content
    assert content.index('id="return-reason"') < content.index('id="status"')
    page = text(response)
    assert "Bản đăng ký bị Vụ Thi đua - Khen thưởng trả lại. Lý do: Thiếu danh hiệu tập thể." in page
    assert "Đã gửi → Bị trả lại" in page
    assert 'data-action="submit"' in content
    assert "Gửi lại bản đăng ký" in page


def test_the_board_approves_a_submitted_sheet(client, world, titles):
    sheet = make_sheet(world.vu_a, titles, submit=True)
    login(client, world, "board")
    page = text(client.get(sheet_url(world.vu_a)))
    assert "Xem xét của Vụ Thi đua - Khen thưởng" in page
    response = follow(client, reverse("registration_approve", args=[sheet.pk]))
    assert messages_of(response) == ["Đã duyệt bản đăng ký của Vụ Pháp luật dân sự - kinh tế."]
    assert "Trạng thái Đã duyệt" in text(response)
    response = follow(client, reverse("registration_approve", args=[sheet.pk]))
    assert messages_of(response) == ["Bản đăng ký đã được duyệt."]


def test_the_board_accepts_a_sheet_late_with_a_reason_shown_on_the_sheet_and_its_history(
    client, world, titles, emulation_year
):
    emulation_year(YEAR, DEADLINE)
    sheet = make_sheet(world.vu_a, titles)
    login(client, world, "board")
    response = client.get(sheet_url(world.vu_a))
    assert response.context["can_accept_late"] is True
    assert 'data-action="accept-late"' in response.content.decode()

    url = reverse("registration_approve", args=[sheet.pk])
    response = client.post(url, {"late_reason": ""})
    assert response.status_code == 200
    assert "Đã quá hạn đăng ký: phải nêu lý do chấp nhận sau hạn." in text(response)
    response = follow(client, url, {"late_reason": "Đơn vị có công văn giải trình số 12."})
    assert messages_of(response) == ["Đã chấp nhận sau hạn bản đăng ký của Vụ Pháp luật dân sự - kinh tế."]

    client.force_login(world.users["staff_a"])
    page = text(client.get(sheet_url(world.vu_a)))
    assert (
        "Vụ Thi đua - Khen thưởng chấp nhận bản đăng ký sau hạn. (board) Lý do: Đơn vị có công văn giải trình số 12."
        in (page)
    )
    assert "Đang soạn → Đã duyệt chấp nhận sau hạn Đơn vị có công văn giải trình số 12." in page


# The list of sheets -------------------------------------------------------------------------------------------


@pytest.fixture
def sheets(world, titles):
    """2016: Vụ A submitted (collective title), Vụ B draft, Cục approved, Chi cục returned; Sở draft in 2017."""
    a = make_sheet(world.vu_a, titles, submit=True, collective=titles.ttldtt)
    b = make_sheet(world.vu_b, titles, collective=titles.ttldxs)
    cuc = make_sheet(world.cuc, titles, submit=True)
    services.sheet_approve(actor=world.users["board"], sheet=cuc)
    chi = make_sheet(world.chi_cuc, titles, submit=True)
    services.sheet_return(actor=world.users["board"], sheet=chi, reason="Sai")
    make_sheet(world.other, titles, year=2017)
    return {"a": a, "b": b, "cuc": cuc, "chi": chi}


def listed(client, **params) -> list[str]:
    response = client.get(reverse("registration_sheet_list"), {"year": YEAR, **params})
    assert response.status_code == 200
    return [sheet.unit_name for sheet in response.context["page"]]


def test_the_board_lists_the_sheets_of_a_year_with_filters_and_search(client, world, sheets):
    login(client, world, "board")
    everything = [
        "Chi cục THADS huyện Văn Yên",
        "Cục THADS tỉnh Yên Bái",
        "Vụ Pháp luật dân sự - kinh tế",
        "Vụ Tổ chức cán bộ",
    ]
    assert listed(client) == everything
    assert listed(client, status="submitted") == ["Vụ Pháp luật dân sự - kinh tế"]
    assert listed(client, status="returned") == ["Chi cục THADS huyện Văn Yên"]
    assert listed(client, status="junk") == everything
    assert listed(client, kind=world.vu_a.kind_id) == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]
    assert listed(client, cluster=world.term.cluster_id) == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]
    assert listed(client, q="to chuc can bo") == ["Vụ Tổ chức cán bộ"]
    assert listed(client, q="THADS", status="approved") == ["Cục THADS tỉnh Yên Bái"]
    assert listed(client, year=2017) == ["Sở Tư pháp tỉnh Hòa Bình"]

    response = client.get(reverse("registration_sheet_list"), {"year": YEAR})
    page = text(response)
    assert "Đang soạn 1 Đã gửi 1 Bị trả lại 1 Đã duyệt 1" in page
    assert "Vụ Tổ chức cán bộ Vụ Đang soạn Tập thể lao động xuất sắc 1" in page
    # Only submitted sheets can be ticked for bulk approval.
    content = response.content.decode()
    assert re.findall(r'name="sheets" value="(\d+)"', content) == [str(sheets["a"].pk)]


def test_the_list_keeps_the_name_a_unit_had_that_year(client, world, sheets):
    from thidua.org import services as org_services

    unit = world.vu_b
    unit.name = "Vụ Tổ chức cán bộ mới"
    org_services.unit_save(actor=None, unit=unit)
    login(client, world, "board")
    assert listed(client, q="to chuc can bo moi") == ["Vụ Tổ chức cán bộ"]
    assert "Vụ Tổ chức cán bộ (nay là Vụ Tổ chức cán bộ mới)" in text(
        client.get(reverse("registration_sheet_list"), {"year": YEAR})
    )


def test_unit_staff_list_only_their_own_sheets_without_bulk_approval(client, world, sheets):
    login(client, world, "staff_cuc")
    assert listed(client) == ["Chi cục THADS huyện Văn Yên", "Cục THADS tỉnh Yên Bái"]
    response = client.get(reverse("registration_sheet_list"), {"year": YEAR})
    assert 'name="sheets"' not in response.content.decode()
    assert [u.name for u in response.context["own_units"]] == ["Cục THADS tỉnh Yên Bái"]
    login(client, world, "leader_a")
    assert listed(client) == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]
    login(client, world, "viewer")
    assert len(listed(client)) == 4


def test_bulk_approval_approves_the_submitted_and_reports_each_refusal(client, world, titles, sheets):
    other = make_sheet(world.ministry, titles, submit=True)
    login(client, world, "board")
    response = follow(
        client,
        reverse("registration_bulk_approve"),
        {"sheets": [sheets["a"].pk, other.pk, sheets["cuc"].pk], "next": "/registrations/?year=2016&status=submitted"},
    )
    assert response.redirect_chain[-1][0] == "/registrations/?year=2016&status=submitted"
    assert messages_of(response) == [
        "Đã duyệt 2 bản đăng ký.",
        "Không duyệt được bản của Cục THADS tỉnh Yên Bái: Bản đăng ký đã được duyệt.",
    ]
    assert set(RegistrationSheet.objects.filter(status=Status.APPROVED).values_list("pk", flat=True)) == {
        sheets["a"].pk,
        other.pk,
        sheets["cuc"].pk,
    }
    response = follow(client, reverse("registration_bulk_approve"), {"next": "https://evil.example/"})
    assert response.redirect_chain[-1][0] == "/registrations/"
    assert messages_of(response) == ["Vui lòng chọn ít nhất một bản đăng ký để duyệt."]


# Permissions --------------------------------------------------------------------------------------------------

READ_ONLY = ["leader_a", "delegate_b", "viewer"]  # all of them may see Vụ B's sheet
OTHERS = ["staff_a", "staff_other", "staff_cuc"]  # unit staff of other units


@pytest.fixture
def sheet_b(world, titles):
    return make_sheet(world.vu_b, titles, submit=True)


def unit_posts(world, titles, sheet):
    base = f"/registrations/units/{world.vu_b.pk}/2016/"
    return [
        (base + "collective/", {"title": titles.ttldtt.pk}),
        (base + "add/", {"person": person_of(world.vu_b).pk, "title": titles.cstdcs.pk}),
        (base + "register-all/", {}),
        (base + "submit/", {}),
        (reverse("registration_remove", args=[sheet.registrations.first().pk]), {}),
    ]


def board_posts(sheet):
    return [
        (reverse("registration_return", args=[sheet.pk]), {"reason": "Sai"}),
        (reverse("registration_approve", args=[sheet.pk]), {}),
    ]


def test_anonymous_users_are_sent_to_the_login_page(client, world, titles, sheet_b):
    urls = [sheet_url(world.vu_b), reverse("registration_sheet_list")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/?next="), url
    for url, data in [
        *unit_posts(world, titles, sheet_b),
        *board_posts(sheet_b),
        (reverse("registration_bulk_approve"), {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/?next="), url


def test_staff_of_another_unit_get_404_on_every_sheet_view(client, world, titles, sheet_b):
    for username in OTHERS:
        login(client, world, username)
        assert client.get(sheet_url(world.vu_b)).status_code == 404, username
        for url, data in [*unit_posts(world, titles, sheet_b), *board_posts(sheet_b)]:
            assert client.post(url, data).status_code == 404, (username, url)
    assert RegistrationEvent.objects.count() == 1


def test_read_only_users_see_the_sheet_without_forms_and_get_403_on_posts(client, world, titles, sheet_b):
    for username in READ_ONLY:
        login(client, world, username)
        response = client.get(sheet_url(world.vu_b))
        assert response.status_code == 200, username
        content = response.content.decode()
        assert 'method="post" action="/registrations/' not in content, username
        assert "data-action=" not in content, username
        assert "Lao động tiên tiến" in text(response)
        for url, data in [*unit_posts(world, titles, sheet_b), *board_posts(sheet_b)]:
            assert client.post(url, data).status_code == 403, (username, url)
        assert client.post(reverse("registration_bulk_approve"), {"sheets": [sheet_b.pk]}).status_code == 403
    sheet_b.refresh_from_db()
    assert sheet_b.status == Status.SUBMITTED
    assert Registration.objects.filter(sheet=sheet_b).count() == 1


def test_unit_staff_cannot_return_or_approve_their_own_sheet(client, world, titles, sheet_b):
    login(client, world, "staff_b")
    for url, data in board_posts(sheet_b):
        assert client.post(url, data).status_code == 403, url
    assert client.post(reverse("registration_bulk_approve"), {"sheets": [sheet_b.pk]}).status_code == 403
    content = client.get(sheet_url(world.vu_b)).content.decode()
    assert 'data-action="approve"' not in content and 'data-action="return"' not in content


def test_staff_of_a_parent_unit_manage_the_sheet_of_a_sub_unit(client, world, titles):
    login(client, world, "staff_cuc")
    page = text(client.get(sheet_url(world.cuc)))
    assert "Bản đăng ký của đơn vị trực thuộc (1) Chi cục THADS huyện Văn Yên" in page
    response = follow(client, f"/registrations/units/{world.chi_cuc.pk}/2016/register-all/")
    assert messages_of(response) == ["Đã đăng ký danh hiệu «Lao động tiên tiến» cho 1 cá nhân."]


def test_only_get_and_post_where_expected(client, world, titles, sheet_b):
    login(client, world, "staff_b")
    assert client.post(sheet_url(world.vu_b)).status_code == 405
    assert client.get(f"/registrations/units/{world.vu_b.pk}/2016/submit/").status_code == 405


# Query counts -------------------------------------------------------------------------------------------------


def queries(client, url, params=None) -> int:
    client.get(url, params or {})  # warm caches that live for the process (content types, ...)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_the_sheet_page_costs_the_same_queries_with_1_or_30_people(client, world, titles):
    small = factories.unit("Vụ Một người", parent=world.ministry)
    big = factories.unit("Vụ Ba mươi người", parent=world.ministry)
    add_people(small, 1)
    add_people(big, 30)
    for unit in (small, big):
        sheet = make_sheet(unit, titles, collective=titles.ttldtt)
        for person in Person.objects.filter(unit=unit):
            services.registration_add(actor=None, sheet=sheet, person=person, title=titles.cstdcs)
    staff_small = factories.user("staff_small", role=Role.UNIT_STAFF, unit_=small)
    staff_big = factories.user("staff_big", role=Role.UNIT_STAFF, unit_=big)
    client.force_login(world.users["board"])
    assert queries(client, sheet_url(small)) == queries(client, sheet_url(big))
    client.force_login(staff_small)
    one = queries(client, sheet_url(small))
    client.force_login(staff_big)
    assert queries(client, sheet_url(big)) == one
    response = client.get(sheet_url(big))
    assert len(response.context["people"].object_list) == 30
    assert all(len(p.year_registrations) == 2 for p in response.context["people"])


def test_the_list_of_sheets_costs_the_same_queries_with_1_or_25_sheets(client, world, titles):
    login(client, world, "board")
    make_sheet(world.vu_a, titles, submit=True)
    one = queries(client, reverse("registration_sheet_list"), {"year": YEAR})
    for i in range(24):
        unit = factories.unit(f"Đơn vị thêm {i:02d}", parent=world.ministry)
        add_people(unit, 2)
        make_sheet(unit, titles, submit=i % 2 == 0, collective=titles.ttldtt)
    many = queries(client, reverse("registration_sheet_list"), {"year": YEAR})
    assert one == many
    for params in ({"cluster": world.term.cluster_id}, {"q": "don vi", "kind": world.vu_a.kind_id}):
        assert queries(client, reverse("registration_sheet_list"), {"year": YEAR, **params}) == many


def test_people_who_left_or_moved_keep_their_registration_on_the_sheet(client, world, titles):
    from thidua.org import services as org_services

    stays, leaves, moves = add_people(world.vu_a, 3)
    make_sheet(world.vu_a, titles)
    leaves.is_active = False
    org_services.person_save(actor=None, person=leaves)
    moves.unit = world.vu_b
    org_services.person_save(actor=None, person=moves)
    factories.person(world.vu_a, "Người Mới Đến")
    login(client, world, "staff_a")
    response = client.get(sheet_url(world.vu_a))
    rows = {p.full_name: [r.title.code for r in p.year_registrations] for p in response.context["people"]}
    assert rows == {
        "Cán bộ Số 000": ["ldtt"],
        "Cán bộ Số 001": ["ldtt"],
        "Cán bộ Số 002": ["ldtt"],
        "Người Mới Đến": [],
        f"Trần Văn {world.vu_a.pk}": ["ldtt"],
    }
    page = text(response)
    assert "Cán bộ Số 001 không còn công tác" in page
    assert "Cán bộ Số 002 đã chuyển đơn vị" in page
    assert "Cá nhân đã đăng ký 2/3" in page
