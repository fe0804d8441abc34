"""The e-mail task through a real Celery worker on Redis, sending by SMTP (as configured from the environment)."""

import datetime

import pytest

from campaigns.models import Notification
from campaigns.services import registrations as services

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def test_a_returned_sheet_is_mailed_to_the_unit_staff_by_the_worker(email_worker, smtp_server, world, titles):
    staff = world.users["staff_a"]
    staff.email = "staff_a@btp.example"
    staff.save()
    sheet = services.sheet_get_or_create(actor=None, unit=world.vu_a, year=2016)
    services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    services.sheet_submit(actor=None, sheet=sheet, today=datetime.date(2016, 3, 1))

    # Committed (transactional test): the task is published on commit and the worker sends the e-mail.
    services.sheet_return(actor=world.users["board"], sheet=sheet, reason="Thiếu danh hiệu tập thể.")
    notification = Notification.objects.get(user=staff)
    notification = email_worker.wait_for(notification, lambda n: n.email_sent_at or n.email_error)
    assert notification.email_error == ""
    assert "campaigns.send_email[" in email_worker.log()
    text = "Bản đăng ký thi đua năm 2016 của Vụ Pháp luật dân sự - kinh tế bị trả lại. Lý do: Thiếu danh hiệu tập thể."
    assert [(m.sender, m.recipients, m.subject, m.body) for m in smtp_server.received] == [
        (
            "thidua@tests.example",
            ["staff_a@btp.example"],
            "Bản đăng ký thi đua năm 2016 bị trả lại",
            f"{text}\n\nXem chi tiết: /registrations/units/{world.vu_a.pk}/?year=2016",
        )
    ]
