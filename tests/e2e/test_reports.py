"""The summary report in a real browser: the leader unit opens its cluster's report, finds the draft written from the
figures, edits the narrative, saves it, builds the PDF and downloads it; the page fits a phone."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.awards.decisions_factories import pdf_raw_text
from tests.documents.conftest import eager_celery, media_dir  # noqa: F401
from tests.e2e.helpers import PHONE, log_in
from tests.voting.reports_factories import report_world
from voting.models import SummaryReport

# live_server needs a transactional database; serialized_rollback puts back the rows that migrations created.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("eager_celery", "media_dir"),
]


def test_the_leader_edits_the_narrative_and_downloads_the_pdf(page: Page, live_server, tmp_path: Path):
    world = report_world()
    url = f"{live_server.url}/reports/clusters/{world.term.pk}/"
    log_in(page, url, "leader_a")
    expect(page).to_have_url(url)
    expect(page.locator("h1")).to_have_text("Báo cáo tổng kết năm 2016: Cụm thi đua số I")
    expect(page.locator("[data-drafted]")).to_be_visible()
    achievements = page.get_by_label("Kết quả đạt được")
    expect(achievements).to_have_value(
        re.compile(r"^Năm 2016, Cụm thi đua số I có 4 đơn vị thành viên; 50% công chức, người lao động")
    )
    achievements.fill(
        "Năm 2016, Cụm thi đua số I có 4 đơn vị thành viên, triển khai 3 phong trào thi đua.\n"
        "Hội nghị tổng kết đã suy tôn 2 tập thể dẫn đầu."
    )
    page.get_by_label("Hạn chế, nguyên nhân").fill("Việc nhân rộng điển hình tiên tiến còn hạn chế.")
    page.get_by_role("button", name="Lưu phần tường thuật").click()
    expect(page.locator(".message-success")).to_have_text("Đã lưu phần tường thuật của báo cáo.")
    expect(page.locator("[data-written]")).to_contain_text("bởi leader_a")
    report = SummaryReport.objects.get(term=world.term)
    assert (report.revision, report.limitations) == (1, "Việc nhân rộng điển hình tiên tiến còn hạn chế.")

    page.get_by_role("button", name="Lập bản PDF").click()
    expect(page.locator(".message-success")).to_have_text("Đã lập bản PDF của báo cáo; văn bản đang được dựng.")
    expect(page.locator("[data-document-status]")).to_have_text("Đã xong")
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải báo cáo (PDF)").click()
    download = info.value
    assert download.suggested_filename == "bao-cao-tong-ket-2016-cum-thi-dua-so-i.pdf"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-")
    text = pdf_raw_text(path)
    assert "Số: 01/BC-VCVĐCVXDPL" in text
    assert "Hội nghị tổng kết đã suy tôn 2 tập thể dẫn đầu." in text
    assert "Việc nhân rộng điển hình tiên tiến còn hạn chế." in text
    expect(page.get_by_role("button", name="Cập nhật bản PDF")).to_be_visible()


def test_the_report_fits_a_phone(page: Page, live_server):
    world = report_world()
    page.set_viewport_size(PHONE)
    log_in(page, f"{live_server.url}/reports/clusters/{world.term.pk}/", "staff_c")
    expect(page.locator("#participation svg")).to_be_visible()
    width, screen = page.evaluate("() => [document.body.scrollWidth, window.innerWidth]")
    assert width <= screen, f"the body is {width}px wide on a {screen}px screen"
