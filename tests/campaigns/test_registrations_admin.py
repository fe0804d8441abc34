"""The board's admin for registrations: deadlines through the service, read-only sheets, workflow by actions."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import EmulationYear, Registration, RegistrationEvent, RegistrationSheet
from campaigns.services import registrations as services
from tests import factories

from .conftest import add_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

Status = RegistrationSheet.Status


def submitted(unit, titles, year=2016):
    sheet = services.sheet_get_or_create(actor=None, unit=unit, year=year)
    services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    return services.sheet_submit(actor=None, sheet=sheet, today=datetime.date(year, 1, 10))


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return world.users["board"]


def test_an_emulation_year_is_saved_through_the_service_with_its_checks(client, board):
    url = reverse("admin:campaigns_emulationyear_add")
    response = client.post(url, {"year": 2016, "registration_deadline": "2014-03-25", "notes": ""})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "registration_deadline": ["Hạn đăng ký phải thuộc năm 2016 hoặc cuối năm trước đó."]
    }
    response = client.post(
        url, {"year": 2016, "registration_deadline": "2016-03-25", "covenant_deadline": "2016-03-30"}
    )
    assert response.status_code == 302
    year = EmulationYear.objects.get()
    assert (year.year, year.registration_deadline) == (2016, datetime.date(2016, 3, 25))
    from auditlog.models import LogEntry

    assert LogEntry.objects.get_for_object(year).get().actor == board


def test_sheets_and_registrations_are_read_only_in_the_admin(client, world, titles, board):
    sheet = submitted(world.vu_a, titles)
    registration = sheet.registrations.get()
    response = client.get(reverse("admin:campaigns_registrationsheet_change", args=[sheet.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="_save"' not in content and 'name="status"' not in content
    assert (
        client.post(
            reverse("admin:campaigns_registrationsheet_change", args=[sheet.pk]), {"status": "approved"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:campaigns_registrationsheet_add")).status_code == 403
    assert client.get(reverse("admin:campaigns_registration_change", args=[registration.pk])).status_code == 200
    assert client.get(reverse("admin:campaigns_registration_add")).status_code == 403
    assert (
        client.post(reverse("admin:campaigns_registration_delete", args=[registration.pk]), {"post": "yes"}).status_code
        == 403
    )
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    assert Registration.objects.count() == 1


def test_the_approve_action_calls_the_service_and_reports_refusals(client, world, titles, board):
    a = submitted(world.vu_a, titles)
    b = services.sheet_get_or_create(actor=None, unit=world.vu_b, year=2016)
    response = client.post(
        reverse("admin:campaigns_registrationsheet_changelist"),
        {"action": "approve_sheets", ACTION_CHECKBOX_NAME: [a.pk, b.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Đã duyệt 1 bản đăng ký.",
        "Vụ Tổ chức cán bộ (2016): Bản đăng ký chưa được đơn vị gửi.",
    ]
    assert list(RegistrationEvent.objects.filter(sheet=a).values_list("to_status", "actor")) == [
        ("submitted", None),
        ("approved", board.pk),
    ]


def test_the_return_action_asks_for_a_reason_first(client, world, titles, board):
    sheet = submitted(world.vu_a, titles)
    url = reverse("admin:campaigns_registrationsheet_changelist")
    response = client.post(url, {"action": "return_sheets", ACTION_CHECKBOX_NAME: [sheet.pk]})
    assert response.status_code == 200
    assert "Lý do trả lại" in response.content.decode()
    response = client.post(
        url, {"action": "return_sheets", ACTION_CHECKBOX_NAME: [sheet.pk], "apply": "1", "reason": ""}
    )
    assert "Vui lòng nêu lý do." in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    response = client.post(
        url,
        {"action": "return_sheets", ACTION_CHECKBOX_NAME: [sheet.pk], "apply": "1", "reason": "Thiếu tập thể"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Đã trả lại 1 bản đăng ký."]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.return_reason, sheet.decided_by) == (Status.RETURNED, "Thiếu tập thể", board)


def test_the_accept_late_action_records_the_reason(client, world, titles, board, emulation_year):
    emulation_year(2016, datetime.date(2016, 3, 25))
    sheet = services.sheet_get_or_create(actor=None, unit=world.vu_a, year=2016)
    services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    response = client.post(
        reverse("admin:campaigns_registrationsheet_changelist"),
        {"action": "accept_late_sheets", ACTION_CHECKBOX_NAME: [sheet.pk], "apply": "1", "reason": "Có giải trình"},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Đã chấp nhận sau hạn 1 bản đăng ký."]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.late_reason, sheet.late_accepted_by) == (Status.APPROVED, "Có giải trình", board)
    assert RegistrationEvent.objects.get(sheet=sheet).late_override is True


def test_the_admin_lists_filter_and_search_without_diacritics(client, world, titles, board):
    submitted(world.vu_a, titles)
    submitted(world.vu_b, titles, year=2017)
    response = client.get(reverse("admin:campaigns_registrationsheet_changelist"), {"q": "to chuc can bo"})
    assert [s.unit_name for s in response.context["cl"].result_list] == ["Vụ Tổ chức cán bộ"]
    response = client.get(
        reverse("admin:campaigns_registrationsheet_changelist"), {"year": 2016, "status": "submitted"}
    )
    assert [s.unit_name for s in response.context["cl"].result_list] == ["Vụ Pháp luật dân sự - kinh tế"]
    person = world.vu_b.people.get()
    response = client.get(reverse("admin:campaigns_registration_changelist"), {"q": person.full_name.replace("ầ", "a")})
    assert [r.person_id for r in response.context["cl"].result_list] == [person.pk]
    response = client.get(
        reverse("admin:campaigns_registration_changelist"), {"year": 2016, "title__id__exact": titles.ldtt.pk}
    )
    assert [r.unit_id for r in response.context["cl"].result_list] == [world.vu_a.pk]


def test_the_admin_lists_cost_the_same_queries_with_few_or_many_rows(client, world, titles, board):
    submitted(world.vu_a, titles)

    def count(name):
        url = reverse(f"admin:campaigns_{name}_changelist")
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    before = {name: count(name) for name in ("registrationsheet", "registration")}
    for i in range(15):
        unit = factories.unit(f"Đơn vị thêm {i:02d}", parent=world.ministry)
        add_people(unit, 2)
        submitted(unit, titles)
    assert {name: count(name) for name in ("registrationsheet", "registration")} == before


def test_unit_staff_have_no_admin(client, world):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:campaigns_registrationsheet_changelist"))
    assert response.status_code == 302
