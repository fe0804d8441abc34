"""Registrations in a real browser: unit staff register all their people, choose the collective title, submit."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from campaigns.models import Registration, RegistrationSheet
from tests.campaigns.conftest import add_people
from tests.e2e.helpers import PHONE, log_in

# live_server needs a transactional database; serialized_rollback puts back the rows that migrations
# created (the titles catalogue) for the tests that run after this one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_unit_staff_register_their_people_and_submit(page: Page, live_server, world):
    add_people(world.vu_a, 4)
    year = timezone.localdate().year
    url = f"{live_server.url}/registrations/units/{world.vu_a.pk}/"

    log_in(page, url, "staff_a")
    expect(page).to_have_url(url)
    expect(page.locator("h1")).to_have_text(f"Đăng ký thi đua năm {year}")
    expect(page.locator("#status .status-badge")).to_have_text("Chưa lập")

    page.get_by_role("button", name="Đăng ký tất cả cá nhân danh hiệu Lao động tiên tiến").click()
    expect(page.locator(".message-success")).to_have_text("Đã đăng ký danh hiệu «Lao động tiên tiến» cho 5 cá nhân.")
    expect(page.locator("[data-stat=registered]")).to_have_text("5/5")
    expect(page.locator("#people tbody tr")).to_have_count(5)
    expect(page.locator("#people tbody tr").first.locator(".chip")).to_have_text(re.compile("Lao động tiên tiến"))

    page.get_by_label("Danh hiệu tập thể đăng ký").select_option(label="Tập thể lao động xuất sắc")
    page.get_by_role("button", name="Lưu danh hiệu tập thể").click()
    expect(page.locator(".message-success")).to_have_text("Đã đăng ký danh hiệu tập thể «Tập thể lao động xuất sắc».")

    page.get_by_role("button", name="Gửi bản đăng ký").click()
    expect(page.locator(".message-success")).to_have_text(
        f"Đã gửi bản đăng ký thi đua năm {year} đến Vụ Thi đua - Khen thưởng."
    )
    expect(page.locator("#status .status-badge")).to_have_text("Đã gửi")
    expect(page.get_by_role("button", name="Gửi bản đăng ký")).to_have_count(0)
    expect(page.locator("#history tbody tr")).to_have_text(re.compile(r"staff_a\s*Đang soạn → Đã gửi"))

    sheet = RegistrationSheet.objects.get(unit=world.vu_a, year=year)
    assert sheet.status == RegistrationSheet.Status.SUBMITTED
    assert sorted(Registration.objects.filter(sheet=sheet).values_list("title__code", flat=True)) == [
        "ldtt",
        "ldtt",
        "ldtt",
        "ldtt",
        "ldtt",
        "ttldxs",
    ]


def test_the_sheet_is_usable_on_a_phone(page: Page, live_server, world):
    add_people(world.vu_a, 3)
    page.set_viewport_size(PHONE)
    log_in(page, f"{live_server.url}/registrations/units/{world.vu_a.pk}/", "staff_a")
    expect(page.get_by_role("button", name="Đăng ký tất cả cá nhân danh hiệu Lao động tiên tiến")).to_be_visible()
    overflow = page.evaluate("() => [document.body.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"the body is {overflow[0]}px wide on a {overflow[1]}px screen"
    page.goto(f"{live_server.url}/registrations/")
    overflow = page.evaluate("() => [document.body.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"the list is {overflow[0]}px wide on a {overflow[1]}px screen"
