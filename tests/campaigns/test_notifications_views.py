"""The notifications page: a user's own messages, opening one, marking all read, the unread count."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.context_processors import unread_notifications
from campaigns.models import Notification
from campaigns.services.notifications import notification_send

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


def send(user, text, link=""):
    return notification_send(users=[user], text=text, link=link)[0]


def test_the_page_lists_only_the_users_own_notifications_newest_first(client, world):
    staff = world.users["staff_a"]
    send(staff, "Thứ nhất")
    send(staff, "Thứ hai")
    send(world.users["staff_b"], "Của người khác")
    client.force_login(staff)
    response = client.get(reverse("notification_list"))
    assert [n.text for n in response.context["page"]] == ["Thứ hai", "Thứ nhất"]
    assert response.context["unread"] == 2
    assert "(2 chưa đọc)" in response.content.decode()


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, world):
    staff = world.users["staff_a"]
    notification = send(staff, "Bị trả lại", f"/registrations/units/{world.vu_a.pk}/?year=2016")
    client.force_login(staff)
    response = client.post(reverse("notification_open", args=[notification.pk]))
    assert (response.status_code, response.url) == (302, f"/registrations/units/{world.vu_a.pk}/?year=2016")
    notification.refresh_from_db()
    assert notification.read_at is not None
    # A link to another site is not followed.
    outside = send(staff, "Lạ", "https://evil.example/")
    response = client.post(reverse("notification_open", args=[outside.pk]))
    assert response.url == reverse("notification_list")


def test_marking_all_read(client, world):
    staff = world.users["staff_a"]
    for i in range(3):
        send(staff, f"Tin {i}")
    other = send(world.users["staff_b"], "Của người khác")
    client.force_login(staff)
    response = client.post(reverse("notification_read_all"), follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Đã đánh dấu 3 thông báo là đã đọc."]
    assert Notification.objects.filter(user=staff, read_at__isnull=True).count() == 0
    other.refresh_from_db()
    assert other.read_at is None


def test_another_users_notification_is_not_found_and_anonymous_users_log_in(client, world):
    notification = send(world.users["staff_b"], "Của người khác")
    for url, method in (
        (reverse("notification_list"), "get"),
        (reverse("notification_open", args=[notification.pk]), "post"),
        (reverse("notification_read_all"), "post"),
    ):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url
    client.force_login(world.users["staff_a"])
    assert client.post(reverse("notification_open", args=[notification.pk])).status_code == 404
    assert client.get(reverse("notification_open", args=[notification.pk])).status_code == 405
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_unread_count_for_the_navigation(world):
    staff = world.users["staff_a"]
    for i in range(2):
        send(staff, f"Tin {i}")
    request = RequestFactory().get("/")
    request.user = staff
    context = unread_notifications(request)
    with CaptureQueriesContext(connection) as captured:
        assert context["unread_notifications"]() == 2
        assert context["unread_notifications"]() == 2
    assert len(captured) == 1
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert unread_notifications(request)["unread_notifications"]() == 0


def test_the_page_costs_the_same_queries_with_1_or_30_notifications(client, world):
    staff = world.users["staff_a"]
    client.force_login(staff)
    send(staff, "Tin đầu")

    def count() -> int:
        client.get(reverse("notification_list"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("notification_list")).status_code == 200
        return len(captured)

    one = count()
    for i in range(29):
        send(staff, f"Tin {i}", "/registrations/")
    assert count() == one
