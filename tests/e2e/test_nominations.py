"""Nominations in a real browser, on a phone: unit staff choose a person who lacks the prerequisites and see, before
sending anything, why the dossier is ineligible; the send button stays disabled until the person qualifies."""

import re

import pytest
from playwright.sync_api import Page, expect

from awards.models import Nomination
from tests.awards import nominations_factories as f
from tests.e2e.helpers import PHONE, log_in

# live_server needs a transactional database; serialized_rollback puts back the rows that migrations
# created (the titles catalogue, the default rules) for the tests that run after this one.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def no_overflow(page: Page) -> None:
    width = page.evaluate("() => [document.body.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]}px wide on a {width[1]}px screen"


def test_unit_staff_see_why_a_nomination_is_ineligible(page: Page, live_server, world):
    f.ensure_rules()
    person = f.first_person(world.vu_a)
    page.set_viewport_size(PHONE)
    log_in(page, f"{live_server.url}/nominations/new/", "staff_a")
    expect(page.locator("h1")).to_have_text("Lập hồ sơ đề nghị khen thưởng")
    expect(page.locator(".lead")).to_have_text("Đơn vị đề nghị: Vụ Pháp luật dân sự - kinh tế")
    send = page.get_by_role("button", name="Lưu và gửi hồ sơ")
    expect(send).to_be_disabled()  # nothing chosen yet

    page.get_by_label("Năm thi đua").fill("2016")
    page.get_by_label("Cá nhân, tập thể được đề nghị").select_option(value=f"p{person.pk}")
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label="Chiến sĩ thi đua cơ sở")

    result = page.locator("#eligibility [data-eligible]")
    expect(result).to_have_attribute("data-eligible", "false")
    expect(page.locator("#eligibility .eligibility-verdict")).to_have_text(
        f"✗ {person.full_name} chưa đủ điều kiện đề nghị «Chiến sĩ thi đua cơ sở» năm 2016: hồ sơ có thể lưu dự thảo "
        "nhưng chưa gửi được."
    )
    failed = page.locator("#eligibility .reason-failed")
    expect(failed).to_have_count(2)
    expect(failed.nth(0).locator(".reason-text")).to_have_text("Chưa đạt danh hiệu Lao động tiên tiến năm 2016")
    expect(failed.nth(1).locator(".reason-text")).to_have_text(
        "Chưa có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016"
    )
    expect(failed.nth(0).locator(".reason-mark")).to_have_text("✗")
    expect(failed.nth(0).locator(".reason-rule-name")).to_have_text(
        "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở (Luật Thi đua, khen thưởng 2003)"
    )
    expect(failed.nth(0).locator(".reason-basis")).to_have_text(
        re.compile(r"^Căn cứ: Điều 23 Luật Thi đua, khen thưởng")
    )
    expect(send).to_be_disabled()
    no_overflow(page)

    # The person qualifies for Lao động tiên tiến once rated well: choosing that title shows ✓ and allows sending.
    f.rated(person)
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label="Lao động tiên tiến")
    expect(result).to_have_attribute("data-eligible", "true")
    expect(page.locator("#eligibility .reason-met")).to_have_count(2)
    expect(send).to_be_enabled()

    # Back to the title they do not qualify for: a draft can still be kept, and its page says why it cannot go.
    page.get_by_label("Danh hiệu, hình thức khen thưởng").select_option(label="Chiến sĩ thi đua cơ sở")
    expect(result).to_have_attribute("data-eligible", "false")
    expect(send).to_be_disabled()
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.locator(".message-success")).to_have_text(f"Đã lưu dự thảo hồ sơ của {person.full_name}.")
    expect(page.locator("h1")).to_have_text(person.full_name)
    # Rated well, but not yet holding Lao động tiên tiến for 2016, which the title asks for.
    expect(page.locator("#eligibility .reason-failed .reason-text")).to_have_text(
        [
            "Chưa đạt danh hiệu Lao động tiên tiến năm 2016",
            "Chưa có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016",
        ]
    )
    expect(page.get_by_role("button", name="Gửi hồ sơ")).to_be_disabled()
    no_overflow(page)
    nomination = Nomination.objects.get()
    assert (nomination.status, nomination.eligible) == (Nomination.Status.DRAFT, False)


def test_the_list_is_usable_on_a_phone(page: Page, live_server, world):
    f.ensure_rules()
    f.at_board(world)
    page.set_viewport_size(PHONE)
    log_in(page, f"{live_server.url}/nominations/", "board")
    expect(page.locator("h1")).to_have_text("Hồ sơ đề nghị khen thưởng")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("button", name="Duyệt các hồ sơ đã chọn (trình Hội đồng)")).to_be_visible()
    no_overflow(page)
    page.locator("tbody tr").first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Duyệt các hồ sơ đã chọn (trình Hội đồng)").click()
    expect(page.locator(".message-success")).to_have_text("Đã duyệt 1 hồ sơ, trình Hội đồng xét.")
    expect(page.locator("tbody tr .status-badge")).to_have_text("Hội đồng xét")
