"""Voting in a real browser: delegates vote from phone-sized windows with their code links (/vote/<pk>/#CODE), one
double-clicks (one ballot only), one marks more than the quota and confirms; the room screen shows the turnout
rising and never a result, until the chair closes and counts the session: then the screen shows the results."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.helpers import PHONE, log_in
from tests.voting.conftest import make_room
from tests.voting.test_views_public import open_session
from voting import services
from voting.models import Ballot, BallotSession, Participation

# live_server needs a transactional database; serialized_rollback puts back the rows that migrations
# created (the titles catalogue, the default rules) for the tests that run after this one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def no_overflow(page: Page) -> None:
    width = page.evaluate("() => [document.body.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide on a {width[1]}px screen"


def phone(browser: Browser, browser_context_args: dict) -> Page:
    """A delegate's own phone: a separate browser context (its own cookies), phone-sized."""
    return browser.new_context(**{**browser_context_args, "viewport": PHONE}).new_page()


def test_delegates_vote_from_their_phones_and_the_screen_shows_turnout_then_results(
    page: Page, browser: Browser, browser_context_args, live_server
):
    room = make_room(size=5, name="Cụm bỏ phiếu trên điện thoại")
    session, codes = open_session(room, units=room.units[:3])
    links = [f"{live_server.url}/vote/{session.pk}/#{codes[d.pk]}" for d in room.delegates]
    names = [u.name for u in room.units[:3]]

    # The chair puts the room's screen on the projector.
    log_in(page, f"{live_server.url}/sessions/{session.pk}/screen/", room.board.username)
    expect(page.locator("h1")).to_have_text(room.sector().name)
    expect(page.locator("[data-status-label]")).to_have_text("Đang bỏ phiếu")
    expect(page.locator('[data-field="present"]')).to_have_text("5")
    expect(page.locator('[data-field="voted"]')).to_have_text("0")

    def vote(link: str, agree: list[str], *, double_click: bool = False) -> Page:
        delegate = phone(browser, browser_context_args)
        delegate.goto(link)
        code = link.rsplit("#", 1)[1]
        expect(delegate.get_by_label("Mã bỏ phiếu")).to_have_value(code)
        # The code left the address bar (and the history) once it was in the form.
        expect(delegate).to_have_url(f"{live_server.url}/vote/{session.pk}/")
        for name in agree:
            delegate.get_by_role("group", name=name).get_by_label("Đồng ý", exact=True).check()
        no_overflow(delegate)
        button = delegate.get_by_role("button", name="Gửi phiếu")
        if double_click:
            button.dblclick()
        else:
            button.click()
        return delegate

    first = vote(links[0], [names[0]])
    expect(first.locator("h2")).to_have_text("Đã nhận phiếu của bạn")
    receipt = first.locator("[data-receipt]").get_attribute("data-receipt")
    assert re.fullmatch(r"[A-Z0-9]{12}", receipt)
    no_overflow(first)
    expect(page.locator('[data-field="voted"]')).to_have_text("1")
    expect(page.locator('[data-field="share"]')).to_have_text("20")

    second = vote(links[1], [names[0], names[1]], double_click=True)
    expect(second.locator("h2")).to_have_text("Đã nhận phiếu của bạn")
    expect(second.locator("[data-receipt]")).to_have_count(1)
    expect(page.locator('[data-field="voted"]')).to_have_text("2")
    assert Ballot.objects.filter(session=session).count() == 2
    assert Participation.objects.filter(session=session).count() == 2

    # More "agree" than the quota: the page warns, asks to confirm, and the ballot is accepted (invalid).
    third = phone(browser, browser_context_args)
    third.goto(links[2])
    for name in names:
        third.get_by_role("group", name=name).get_by_label("Đồng ý", exact=True).check()
    expect(third.locator("[data-counter]")).to_have_text("3/2: quá số lượng được bầu, phiếu sẽ không hợp lệ")
    expect(third.locator("[data-over-quota]")).to_be_visible()
    third.get_by_role("button", name="Gửi phiếu").click()
    expect(third.locator("[data-confirm]")).to_be_visible()
    assert Ballot.objects.filter(session=session).count() == 2  # nothing sent yet
    third.get_by_role("button", name="Vẫn gửi phiếu").click()
    expect(third.locator("h2")).to_have_text("Đã nhận phiếu của bạn")
    expect(third.locator(".ballot-done .ballot-warning")).to_contain_text("được tính là phiếu không hợp lệ")
    expect(page.locator('[data-field="voted"]')).to_have_text("3")

    # The same code again from the first phone: refused with the reason.
    again = phone(browser, browser_context_args)
    again.goto(links[0])
    again.get_by_role("button", name="Gửi phiếu").click()
    expect(again.locator(".form-errors")).to_have_text("Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần.")

    # Turnout only while the ballot runs.
    expect(page.locator("[data-votes]")).to_have_count(0)
    expect(page.locator(".screen-note")).to_have_text("Phiếu kín: kết quả chỉ được hiển thị sau khi kiểm phiếu.")

    # The chair closes and counts (the management page's buttons call these same services).
    services.session_close(actor=room.board, session=session)
    services.session_count(actor=room.board, session=session)
    assert BallotSession.objects.get(pk=session.pk).status == BallotSession.Status.COUNTED
    expect(page.locator("[data-status-label]")).to_have_text("Đã kiểm phiếu")
    rows = page.locator(".results-table tbody tr")
    expect(rows).to_have_count(3)
    # 2 valid ballots: the first unit 2 votes (100%), the second 1 (50%: not more than half), the third 0.
    expect(rows.nth(0)).to_have_attribute("data-passed", "true")
    expect(rows.nth(0).locator("[data-votes]")).to_have_text("2")
    expect(rows.nth(1).locator("[data-votes]")).to_have_text("1")
    expect(rows.nth(2).locator("[data-votes]")).to_have_text("0")
    expect(page.locator(".screen-summary")).to_have_text("Số phiếu thu vào: 3 · hợp lệ: 2 · không hợp lệ: 1")

    # The first delegate checks their ballot with the receipt.
    first.goto(f"{live_server.url}/vote/receipt/")
    first.get_by_label("Mã biên nhận").fill(receipt)
    first.get_by_role("button", name="Tra cứu").click()
    expect(first.locator("[data-verified]")).to_have_attribute("data-verified", "true")
    expect(first.locator("tr[data-mark]")).to_have_count(3)
    no_overflow(first)
    # Stop the screen's polling and the phones before the live server's database goes back to other tests.
    page.goto("about:blank")
    for delegate in (first, second, third, again):
        delegate.context.close()
