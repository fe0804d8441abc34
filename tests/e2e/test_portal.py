"""The portal in a real browser: unit staff log in, find a unit typed without diacritics, and use a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from tests.e2e.helpers import PHONE, log_in
from thidua.org.models import Role

# live_server needs a transactional database; serialized_rollback puts back the rows that migrations
# created (the titles catalogue) for the tests that run after this one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_unit_staff_find_a_unit_typed_without_diacritics(page: Page, live_server, world):
    factories.user("staff_bo", role=Role.UNIT_STAFF, unit_=world.ministry)

    log_in(page, f"{live_server.url}/units/", "staff_bo")
    expect(page).to_have_url(f"{live_server.url}/units/")
    expect(page.locator("h1")).to_have_text("Đơn vị")
    expect(page.locator(".result-count")).to_have_text("5 đơn vị")

    page.get_by_label("Tìm theo tên đơn vị").fill("phap luat dan su")
    page.get_by_role("button", name="Tìm").click()

    expect(page).to_have_url(re.compile(r"/units/\?q=phap\+luat\+dan\+su"))
    expect(page.locator(".result-count")).to_have_text("1 đơn vị")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first.locator("td").first).to_have_text("Vụ Pháp luật dân sự - kinh tế")

    rows.first.get_by_role("link", name="Vụ Pháp luật dân sự - kinh tế").click()
    expect(page).to_have_url(f"{live_server.url}/units/{world.vu_a.pk}/")
    expect(page.locator("h1")).to_have_text("Vụ Pháp luật dân sự - kinh tế")
    expect(page.locator("#clusters tbody tr")).to_have_text(re.compile(r"2016\s*Cụm thi đua số I\s*Cụm trưởng"))
    expect(page.get_by_role("link", name="Thêm cá nhân")).to_be_visible()


def test_the_portal_is_usable_on_a_phone(page: Page, live_server, world):
    factories.user("staff_bo", role=Role.UNIT_STAFF, unit_=world.ministry)
    page.set_viewport_size(PHONE)

    log_in(page, f"{live_server.url}/units/", "staff_bo")
    expect(page.locator("h1")).to_have_text("Đơn vị")

    nav = page.get_by_role("navigation", name="Điều hướng chính")
    expect(nav).to_be_visible()
    for name in ("Trang chủ", "Đơn vị", "Cá nhân", "Cụm, khối thi đua"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.locator("table")).to_be_visible()
    expect(page.locator("table tbody tr")).to_have_count(5)
    expect(page.get_by_role("link", name="Vụ Tổ chức cán bộ")).to_be_visible()
    # One card per row on a phone: each cell shows its column's name beside the value.
    label = page.locator("table tbody tr").first.locator("td").nth(1)
    assert page.evaluate("(td) => getComputedStyle(td, '::before').content", label.element_handle()) == '"Loại"'

    for path in ("/units/", f"/units/{world.cuc.pk}/", "/people/", f"/clusters/{world.term.cluster_id}/", "/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("() => [document.body.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"{path}: the body is {overflow[0]}px wide on a {overflow[1]}px screen"

    page.goto(f"{live_server.url}/units/")
    page.screenshot(path="/tmp/portal.png", full_page=True)
