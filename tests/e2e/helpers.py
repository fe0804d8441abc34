"""What every browser test does: a phone-sized viewport and logging in through the form."""

from playwright.sync_api import Page, expect

from tests import factories

PHONE = {"width": 390, "height": 844}


def log_in(page: Page, url: str, username: str) -> None:
    """Open `url` (which redirects to the login form) and log in as `username` with the factories' password."""
    page.goto(url)
    expect(page.locator("h1")).to_have_text("Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(factories.PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
