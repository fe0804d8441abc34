"""Notifications: who is told when a sheet is returned or approved, the e-mail task (eager), the deadline reminder."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from campaigns.models import EmulationYear, Notification, RegistrationReminder
from campaigns.services import registrations as services
from campaigns.services.notifications import notification_send, registration_deadline_remind
from campaigns.tasks_notifications import send_email
from tests import factories
from thidua.org.models import Person, Role

from .conftest import add_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

YEAR = 2016
DEADLINE = datetime.date(2016, 3, 25)
WEEK_BEFORE = datetime.date(2016, 3, 18)


@pytest.fixture
def staff_with_mail(world):
    """E-mail addresses for the unit staff of the world, and one more staff member on the ministry (above all)."""
    for username in ("staff_a", "staff_b", "staff_cuc", "staff_other"):
        user = world.users[username]
        user.email = f"{username}@btp.example"
        user.save()
    world.users["staff_ministry"] = factories.user(
        "staff_ministry", role=Role.UNIT_STAFF, unit_=world.ministry, email="ministry@btp.example"
    )
    return world


def submitted_sheet(world, unit, titles):
    sheet = services.sheet_get_or_create(actor=None, unit=unit, year=YEAR)
    services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    return services.sheet_submit(actor=None, sheet=sheet, today=datetime.date(2016, 3, 1))


def inbox(user) -> list[tuple[str, str]]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("text", "link"))


def test_returning_a_sheet_tells_the_staff_of_the_unit_and_of_the_units_above_it(
    staff_with_mail, titles, django_capture_on_commit_callbacks, mailoutbox
):
    world = staff_with_mail
    sheet = submitted_sheet(world, world.chi_cuc, titles)
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_return(actor=world.users["board"], sheet=sheet, reason="Thiếu danh hiệu tập thể.")

    text = "Bản đăng ký thi đua năm 2016 của Chi cục THADS huyện Văn Yên bị trả lại. Lý do: Thiếu danh hiệu tập thể."
    link = f"/registrations/units/{world.chi_cuc.pk}/?year=2016"
    # The Chi cục has no staff account of its own: its Cục's staff and the ministry's staff manage it.
    assert set(Notification.objects.values_list("user__username", flat=True)) == {"staff_cuc", "staff_ministry"}
    assert inbox(world.users["staff_cuc"]) == [(text, link)]
    assert inbox(world.users["staff_ministry"]) == [(text, link)]
    assert sorted((m.to, m.subject) for m in mailoutbox) == [
        (["ministry@btp.example"], "Bản đăng ký thi đua năm 2016 bị trả lại"),
        (["staff_cuc@btp.example"], "Bản đăng ký thi đua năm 2016 bị trả lại"),
    ]
    assert mailoutbox[0].body == f"{text}\n\nXem chi tiết: {link}"
    assert Notification.objects.filter(email_sent_at__isnull=True).count() == 0


def test_approving_a_sheet_tells_its_unit_staff_with_the_late_reason(
    staff_with_mail, titles, emulation_year, django_capture_on_commit_callbacks, mailoutbox
):
    world = staff_with_mail
    emulation_year(YEAR, DEADLINE)
    on_time = submitted_sheet(world, world.vu_a, titles)
    late = services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)
    services.registration_register_all(actor=None, sheet=late, title=titles.ldtt)
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_approve(actor=world.users["board"], sheet=on_time, today=datetime.date(2016, 4, 1))
        services.sheet_approve(
            actor=world.users["board"],
            sheet=late,
            late_reason="Có công văn giải trình.",
            today=datetime.date(2016, 4, 1),
        )
    assert inbox(world.users["staff_a"]) == [
        (
            "Bản đăng ký thi đua năm 2016 của Vụ Pháp luật dân sự - kinh tế đã được duyệt.",
            f"/registrations/units/{world.vu_a.pk}/?year=2016",
        )
    ]
    assert inbox(world.users["staff_b"]) == [
        (
            "Bản đăng ký thi đua năm 2016 của Vụ Tổ chức cán bộ đã được duyệt. Vụ Thi đua - Khen thưởng chấp nhận "
            "sau hạn, lý do: Có công văn giải trình.",
            f"/registrations/units/{world.vu_b.pk}/?year=2016",
        )
    ]
    assert sorted(Notification.objects.values_list("user__username", flat=True)) == [
        "staff_a",
        "staff_b",
        "staff_ministry",
        "staff_ministry",
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "ministry@btp.example",
        "ministry@btp.example",
        "staff_a@btp.example",
        "staff_b@btp.example",
    ]
    assert {m.subject for m in mailoutbox} == {"Bản đăng ký thi đua năm 2016 đã được duyệt"}


def test_a_refused_action_notifies_nobody(staff_with_mail, titles, django_capture_on_commit_callbacks, mailoutbox):
    world = staff_with_mail
    sheet = services.sheet_get_or_create(actor=None, unit=world.vu_a, year=YEAR)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.sheet_return(actor=world.users["board"], sheet=sheet, reason="Sai")
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_notification_send_skips_inactive_accounts_and_mails_only_those_with_an_address(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    with_mail = factories.user("co_thu", email="co.thu@btp.example")
    without = factories.user("khong_thu")
    inactive = factories.user("nghi", email="nghi@btp.example", is_active=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        sent = notification_send(
            users=[with_mail, without, inactive, with_mail], text="Nội dung", link="/x/", email_subject="Tiêu đề"
        )
    assert len(callbacks) == 1
    assert sorted(n.user.username for n in sent) == ["co_thu", "khong_thu"]
    assert [(m.to, m.subject, m.body) for m in mailoutbox] == [
        (["co.thu@btp.example"], "Tiêu đề", "Nội dung\n\nXem chi tiết: /x/")
    ]
    # Without a subject: the portal only.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        notification_send(users=[with_mail], text="Chỉ trong cổng")
    assert callbacks == []
    assert len(mailoutbox) == 1


def test_the_email_task_is_idempotent(world, django_capture_on_commit_callbacks, mailoutbox):
    user = factories.user("co_thu", email="co.thu@btp.example")
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notification_send(users=[user], text="Nội dung", email_subject="Tiêu đề")
    assert len(mailoutbox) == 1
    # A duplicate delivery of the task (acks late) sends nothing more.
    assert send_email.delay(notification_id=notification.pk).get() is False
    assert send_email.delay(notification_id=notification.pk + 1000).get() is False
    assert len(mailoutbox) == 1


@pytest.fixture
def smtp_settings(settings, smtp_server):
    """This process's e-mail through the SMTP backend to the test SMTP server (as EMAIL_HOST would set it)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", smtp_server.port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return smtp_server


def test_an_smtp_failure_is_recorded_and_the_action_stands(world, smtp_settings, django_capture_on_commit_callbacks):
    smtp_settings.refuse = True
    user = factories.user("co_thu", email="co.thu@btp.example")
    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notification_send(users=[user], text="Nội dung", email_subject="Tiêu đề")
    notification.refresh_from_db()
    # The e-mail failed after the commit: the notification stays in the portal, with the reason.
    assert notification.email_sent_at is None
    assert notification.email_error == "SMTPConnectError: (421, b'thidua-tests: service not available')"


def test_the_email_task_retries_a_bounded_number_of_times_then_succeeds_or_gives_up(world, smtp_settings, monkeypatch):
    from thidua.celery import app

    # As a worker runs it: a retry is handled by Celery (here, at once), not raised to the caller.
    monkeypatch.setattr(app.conf, "task_eager_propagates", False)
    user = factories.user("co_thu", email="co.thu@btp.example")
    (notification,) = notification_send(users=[user], text="Nội dung", email_subject="Tiêu đề")
    smtp_settings.refuse = True
    result = send_email.apply(kwargs={"notification_id": notification.pk})
    assert result.failed()
    assert smtp_settings.connections == send_email.max_retries + 1 == 5
    notification.refresh_from_db()
    assert (notification.email_sent_at, notification.email_error[:17]) == (None, "SMTPConnectError:")

    smtp_settings.refuse = False
    assert send_email.apply(kwargs={"notification_id": notification.pk}).get() is True
    notification.refresh_from_db()
    assert notification.email_sent_at is not None
    assert notification.email_error == ""
    assert [(m.recipients, m.subject, m.body) for m in smtp_settings.received] == [
        (["co.thu@btp.example"], "Tiêu đề", "Nội dung")
    ]


# The deadline reminder ---------------------------------------------------------------------------------------


@pytest.fixture
def deadline_world(staff_with_mail, titles, emulation_year):
    """2016 with a deadline on 25/03: Vụ A complete; Vụ B missing one person; the Chi cục missing all (its
    staff: the Cục's and the ministry's); the Cục complete; the other Sở missing two, one of them on leave."""
    world = staff_with_mail
    emulation_year(YEAR, DEADLINE)
    for unit in (world.vu_a, world.cuc):
        sheet = services.sheet_get_or_create(actor=None, unit=unit, year=YEAR)
        services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    sheet_b = services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)
    services.registration_register_all(actor=None, sheet=sheet_b, title=titles.ldtt)
    add_people(world.vu_b, 1, prefix="Mới đến")
    add_people(world.other, 1)
    factories.person(world.other, "Lê Văn Nghỉ", is_active=False)
    # The ministry itself: one person, not registered.
    return world


def test_the_reminder_tells_the_staff_of_each_incomplete_unit_once(
    deadline_world, django_capture_on_commit_callbacks, mailoutbox
):
    world = deadline_world
    with django_capture_on_commit_callbacks(execute=True):
        result = registration_deadline_remind(today=WEEK_BEFORE)
    incomplete = [world.ministry, world.vu_b, world.chi_cuc, world.other]
    assert result.years == [2016]
    assert sorted(result.units) == sorted(u.pk for u in incomplete)
    assert (result.already, result.notifications) == (0, 6)
    reminders = {r.unit_id: (r.deadline, r.missing_people, r.recipients) for r in RegistrationReminder.objects.all()}
    assert reminders == {
        world.ministry.pk: (DEADLINE, 1, 1),
        world.vu_b.pk: (DEADLINE, 1, 2),
        world.chi_cuc.pk: (DEADLINE, 1, 2),
        world.other.pk: (DEADLINE, 2, 1),
    }
    texts = {
        username: [t for t, _link in inbox(world.users[username])]
        for username in ("staff_a", "staff_b", "staff_cuc", "staff_other", "staff_ministry")
    }
    intro = "Còn 7 ngày đến hạn đăng ký thi đua năm 2016 (25/03/2016): "
    assert texts == {
        "staff_a": [],
        "staff_b": [intro + "Vụ Tổ chức cán bộ còn 1 cá nhân chưa đăng ký danh hiệu thi đua."],
        "staff_cuc": [intro + "Chi cục THADS huyện Văn Yên còn 1 cá nhân chưa đăng ký danh hiệu thi đua."],
        "staff_other": [intro + "Sở Tư pháp tỉnh Hòa Bình còn 2 cá nhân chưa đăng ký danh hiệu thi đua."],
        # Units are reminded in the order they were created.
        "staff_ministry": [
            intro + "Bộ Tư pháp còn 1 cá nhân chưa đăng ký danh hiệu thi đua.",
            intro + "Vụ Tổ chức cán bộ còn 1 cá nhân chưa đăng ký danh hiệu thi đua.",
            intro + "Chi cục THADS huyện Văn Yên còn 1 cá nhân chưa đăng ký danh hiệu thi đua.",
        ],
    }
    assert len(mailoutbox) == 6
    assert {m.subject for m in mailoutbox} == {"Nhắc hạn đăng ký thi đua năm 2016"}

    # Idempotent: a second run the same day (or a retry of the job) tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        again = registration_deadline_remind(today=WEEK_BEFORE)
    assert (again.units, again.already, again.notifications) == ([], 4, 0)
    assert Notification.objects.count() == 6
    assert len(mailoutbox) == 6


def test_the_reminder_runs_only_a_week_before_and_again_for_a_new_deadline(deadline_world):
    world = deadline_world
    for day in (datetime.date(2016, 3, 17), datetime.date(2016, 3, 19), DEADLINE):
        assert registration_deadline_remind(today=day).years == []
    assert Notification.objects.count() == 0
    registration_deadline_remind(today=WEEK_BEFORE)
    assert Notification.objects.count() == 6
    # The board moves the deadline: the incomplete units are reminded of the new one.
    year = EmulationYear.objects.get(year=YEAR)
    year.registration_deadline = datetime.date(2016, 4, 15)
    services.emulation_year_save(actor=world.users["board"], emulation_year=year)
    result = registration_deadline_remind(today=datetime.date(2016, 4, 8))
    assert len(result.units) == 4
    assert RegistrationReminder.objects.count() == 8


def test_a_unit_completed_before_the_reminder_is_not_told(deadline_world, titles):
    world = deadline_world
    sheet = services.sheet_get_or_create(actor=None, unit=world.other, year=YEAR)
    services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    # A person registered for another title only counts as registered too.
    newcomer = Person.objects.get(unit=world.vu_b, full_name__startswith="Mới đến")
    sheet_b = services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)
    services.registration_add(actor=None, sheet=sheet_b, person=newcomer, title=titles.cstdcs)
    result = registration_deadline_remind(today=WEEK_BEFORE)
    assert sorted(result.units) == sorted([world.ministry.pk, world.chi_cuc.pk])


def test_the_command_reminds_and_says_what_it_did(deadline_world, capsys):
    call_command("notify_registration_deadline", "--today", "2016-03-18")
    assert capsys.readouterr().out == (
        "Nhắc hạn đăng ký năm 2016: đã nhắc 4 đơn vị (6 thông báo); 0 đơn vị đã được nhắc trước đó.\n"
    )
    call_command("notify_registration_deadline", "--today", "2016-03-18")
    assert capsys.readouterr().out == (
        "Nhắc hạn đăng ký năm 2016: đã nhắc 0 đơn vị (0 thông báo); 4 đơn vị đã được nhắc trước đó.\n"
    )
    call_command("notify_registration_deadline", "--today", "2016-03-19")
    assert capsys.readouterr().out == "Không có năm thi đua nào hết hạn đăng ký sau 7 ngày: không có gì để nhắc.\n"
    assert Notification.objects.count() == 6


def test_the_command_without_a_date_uses_the_local_date(world, titles, emulation_year, capsys):
    due = timezone.localdate() + datetime.timedelta(days=7)
    emulation_year(due.year, due)
    call_command("notify_registration_deadline")
    assert capsys.readouterr().out.startswith(f"Nhắc hạn đăng ký năm {due.year}: đã nhắc 6 đơn vị (")
    assert RegistrationReminder.objects.filter(year=due.year, deadline=due).count() == 6


def test_the_command_refuses_a_bad_date(db):
    with pytest.raises(CommandError) as bad:
        call_command("notify_registration_deadline", "--today", "18/03/2016")
    assert "YYYY-MM-DD" in str(bad.value)
