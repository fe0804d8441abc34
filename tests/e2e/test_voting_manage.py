"""The chair's side of a ballot in a real browser, on a phone: the roll call, a session created with the defaults,
opened (the slips of one-time codes, each with its QR code), the delegates' votes cast with the codes read from the
slips, then closed, counted and published. No page is wider than the screen."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import PHONE, log_in
from tests.voting.manage_factories import conference
from voting import services
from voting.models import BallotSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def no_overflow(page: Page) -> None:
    width = page.evaluate("() => [document.body.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide on a {width[1]}px screen"


def test_the_chair_runs_a_ballot_from_a_phone(page: Page, live_server, world):
    meeting = conference(world)
    page.set_viewport_size(PHONE)
    log_in(page, f"{live_server.url}/conferences/{meeting.pk}/", "leader_a")
    expect(page.locator("h1")).to_have_text(meeting.name)
    no_overflow(page)
    page.get_by_role("button", name="Điểm danh tất cả").click()
    expect(page.locator(".messages")).to_have_text("Đã điểm danh thêm 2 đại biểu.")

    page.get_by_role("link", name="Tạo phiên bỏ phiếu").click()
    expect(page.locator("h1")).to_have_text("Tạo phiên bỏ phiếu")
    no_overflow(page)
    page.get_by_label("Danh hiệu bỏ phiếu").select_option(label="Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)")
    page.get_by_role("button", name="Tạo phiên bỏ phiếu").click()
    expect(page.locator("h1")).to_have_text("Bỏ phiếu: Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)")
    no_overflow(page)

    page.get_by_role("button", name="Mở bỏ phiếu và cấp mã").click()
    expect(page.locator("h1")).to_have_text("Mã bỏ phiếu của đại biểu")
    slips = page.locator(".slip")
    expect(slips).to_have_count(2)
    expect(slips.nth(0).locator(".slip-unit")).to_have_text("Vụ Pháp luật dân sự - kinh tế")
    expect(slips.nth(0).locator("svg.slip-qr")).to_be_visible()
    no_overflow(page)
    codes = [re.sub(r"\s", "", text) for text in page.locator(".slip-code").all_inner_texts()]
    assert [len(code) for code in codes] == [services.CODE_LENGTH] * 2

    session = BallotSession.objects.get()
    first = session.candidates.order_by("order").first()
    for code in codes:
        services.ballot_cast(session=session, code=code, marks={first.pk: True})
    page.get_by_role("link", name="Đã in xong, về trang phiên bỏ phiếu").click()
    expect(page.locator("#turnout .stat").nth(2)).to_have_text(re.compile(r"Đã bỏ phiếu điện tử\s*2"))
    no_overflow(page)
    page.get_by_role("button", name="Kết thúc bỏ phiếu").click()
    page.get_by_role("button", name="Kiểm phiếu").click()
    expect(page.locator("#result tr.is-elected")).to_have_count(1)
    expect(page.locator("#result tr.is-elected")).to_contain_text("Vụ Pháp luật dân sự - kinh tế")
    no_overflow(page)
    page.get_by_role("button", name="Công bố kết quả").click()
    expect(page.locator(".messages")).to_have_text(
        "Đã công bố kết quả: 1 hồ sơ đề nghị khen thưởng được lập cho các đơn vị trúng cử."
    )
    no_overflow(page)
