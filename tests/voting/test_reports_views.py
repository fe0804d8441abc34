"""Portal pages of the summary reports: the list (by year, what each user may see, the same queries for 1 or many
terms), a report's page (figures, charts and tables, the narrative form with its draft, the PDF's state), and the
actions: save the narrative, build and retry the PDF, its status, download, the xlsx export. Another cluster's staff
get 404; a member who is not the leader 403 on every write; bad input a Vietnamese message and 400."""

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.awards.decisions_factories import page_text
from tests.campaigns.fixtures_evaluation import covenant_for
from tests.documents.conftest import eager_celery, media_dir  # noqa: F401
from thidua.documents.models import RenderedDocument
from voting.models import SummaryReport
from voting.reports import selectors, services
from voting.reports.drafts import term_draft

from .reports_factories import YEAR, base_world, report_world

pytestmark = pytest.mark.django_db
TEXT = {"achievements": "Cụm hoàn thành tốt nhiệm vụ.", "limitations": "Còn ít điển hình.", "directions": "Tiếp tục."}


@pytest.fixture
def year(db):
    return report_world()


def client_for(client, world, user):
    client.force_login(world.users[user])
    return client


def term_url(world, action: str = "") -> str:
    return reverse(f"report_term{'_' + action if action else ''}", args=[world.term.pk])


def ministry_url(action: str = "") -> str:
    return reverse(f"report_ministry{'_' + action if action else ''}", args=[YEAR])


def written(world, user="leader_a", **parts) -> SummaryReport:
    report = selectors.report_for_term(world.term)
    return services.report_narrative_save(
        actor=world.users[user], report=report, revision=report.revision, **{**TEXT, **parts}
    )


def rows_of(response) -> list:
    return [
        ("ministry" if row.term is None else row.term.cluster.name, row.can_write) for row in response.context["rows"]
    ]


# The list ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("board", [("ministry", True), ("Cụm thi đua số I", True), ("Cụm thi đua số II", True)]),
        ("viewer", [("ministry", False), ("Cụm thi đua số I", False), ("Cụm thi đua số II", False)]),
        ("leader_a", [("Cụm thi đua số I", True)]),
        ("staff_a", [("Cụm thi đua số I", True)]),
        ("staff_c", [("Cụm thi đua số I", False)]),
        ("staff_e", [("Cụm thi đua số II", True)]),
    ],
)
def test_the_list_shows_what_each_user_may_see_and_write(client, user, expected):
    world = base_world()
    response = client_for(client, world, user).get(reverse("report_list"), {"year": YEAR})
    assert response.status_code == 200
    assert rows_of(response) == expected


def test_the_list_filters_by_year_and_shows_a_reports_state(client):
    world = base_world()
    written(world)
    response = client_for(client, world, "board").get(reverse("report_list"), {"year": YEAR})
    text = page_text(response)
    assert "Báo cáo tổng kết năm 2016" in text and "Đã viết" in text
    assert rows_of(client.get(reverse("report_list"), {"year": YEAR + 1})) == [
        ("ministry", True),
        ("Cụm thi đua số I", True),
    ]
    # Junk in the year shows the latest year with terms, never an error.
    assert client.get(reverse("report_list"), {"year": "abc"}).context["year"] == YEAR + 1
    assert client.get(reverse("report_list"), {"year": "99999"}).status_code == 200


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("report_list"), {"year": YEAR}).status_code == 200
    return len(captured)


def test_the_list_costs_the_same_queries_for_one_term_or_many(client):
    world = base_world()
    client_for(client, world, "board")
    written(world)
    few = _list_queries(client)
    for number in range(3, 8):
        unit = factories.unit(f"Vụ cụm số {number}", parent=world.ministry)
        term = factories.term(f"Cụm thi đua số {number}", YEAR, [unit], leader=unit)
        report = selectors.report_for_term(term)
        services.report_narrative_save(actor=world.users["board"], report=report, revision=0, **TEXT)
    assert len(client.get(reverse("report_list"), {"year": YEAR}).context["rows"]) == 8
    assert _list_queries(client) == few


# A report's page ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "status", "form"),
    [
        ("board", 200, True),
        ("leader_a", 200, True),
        ("staff_a", 200, True),
        ("staff_c", 200, False),
        ("viewer", 200, False),
        ("staff_e", 404, False),
    ],
)
def test_the_terms_report_page_for_each_user(client, year, user, status, form):
    response = client_for(client, year, user).get(term_url(year))
    assert response.status_code == status
    if status == 200:
        assert (response.context["form"] is not None) is form
        assert ('action="' + term_url(year, "pdf") + '"' in response.content.decode()) is form


@pytest.mark.parametrize(("user", "status"), [("board", 200), ("viewer", 200), ("leader_a", 404), ("staff_e", 404)])
def test_the_ministrys_report_page_is_for_the_board_and_viewers(client, year, user, status):
    response = client_for(client, year, user).get(ministry_url())
    assert response.status_code == status
    if status == 200:
        assert (response.context["form"] is not None) is (user == "board")


def test_the_page_shows_the_figures_with_their_charts_and_tables(client, year):
    response = client_for(client, year, "staff_c").get(term_url(year))
    page = response.content.decode()
    text = page_text(response)
    assert page.count("<svg") == 3  # participation, covenant ranking, the vote
    assert page.count("data-chart-table") == 3  # each chart with its numbers as a table
    for expected in (
        "Báo cáo tổng kết năm 2016: Cụm thi đua số I",
        "Đơn vị Cụm trưởng: Vụ Các vấn đề chung về xây dựng pháp luật.",
        "Thi đua cao điểm của các cụm",
        "Tăng cường ứng dụng công nghệ thông tin",
        "Trúng cử",
        "01/QĐ-BTP",
        "Đơn vị lập báo cáo chưa viết phần tường thuật.",
    ):
        assert expected in text, expected
    assert 'data-stat="rate">50,0 %' in page


def test_a_part_still_empty_is_offered_the_draft_and_a_written_part_keeps_its_text(client, year):
    client_for(client, year, "leader_a")
    draft = term_draft(selectors.term_figures(year.term))
    form = client.get(term_url(year)).context["form"]
    assert form.initial == {**draft.as_dict(), "revision": 0}
    written(year, achievements="Phần kết quả do Cụm trưởng viết.", directions="")
    response = client.get(term_url(year))
    assert response.context["form"].initial == {
        "achievements": "Phần kết quả do Cụm trưởng viết.",
        "limitations": TEXT["limitations"],
        "directions": draft.directions,
        "revision": 1,
    }
    assert response.context["drafted"] == ["directions"]


def test_the_leader_saves_the_narrative(client, year):
    client_for(client, year, "leader_a")
    response = client.post(term_url(year, "narrative"), {**TEXT, "revision": 0})
    assert response.status_code == 302 and response.url == term_url(year) + "#narrative"
    report = SummaryReport.objects.get(term=year.term)
    assert (report.achievements, report.revision, report.written_by) == (
        TEXT["achievements"],
        1,
        year.users["leader_a"],
    )
    page = client.get(term_url(year))
    assert "Đã lưu phần tường thuật của báo cáo." in page_text(page)


@pytest.mark.parametrize(("user", "status"), [("staff_c", 403), ("viewer", 403), ("staff_e", 404)])
def test_others_may_not_save_the_narrative(client, year, user, status):
    response = client_for(client, year, user).post(term_url(year, "narrative"), {**TEXT, "revision": 0})
    assert response.status_code == status
    assert not SummaryReport.objects.exists()


def test_a_stale_form_is_refused_and_keeps_what_was_typed(client, year):
    written(year, "board", achievements="Bản của Vụ Thi đua - Khen thưởng.")
    client_for(client, year, "leader_a")
    response = client.post(term_url(year, "narrative"), {**TEXT, "achievements": "Bản của Cụm trưởng.", "revision": 0})
    assert response.status_code == 400
    text = page_text(response)
    assert "Báo cáo đã được board lưu lúc" in text and "nội dung bạn vừa viết chưa được lưu" in text
    form = response.context["form"]
    assert (form["achievements"].value(), form["revision"].value()) == ("Bản của Cụm trưởng.", 1)
    assert "Bản của Vụ Thi đua - Khen thưởng." in text  # the stored version, to read before saving again
    assert SummaryReport.objects.get().achievements == "Bản của Vụ Thi đua - Khen thưởng."


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {**TEXT, "limitations": "x" * 20_001, "revision": 0},
            "limitations",
            "Hạn chế, nguyên nhân: tối đa 20000 ký tự (đã nhập 20001).",
        ),
        ({**TEXT, "revision": "abc"}, "revision", "Lần sửa của báo cáo không hợp lệ: hãy tải lại trang rồi viết lại."),
        (TEXT, "revision", "Thiếu lần sửa của báo cáo: hãy tải lại trang rồi viết lại."),
        (
            {**TEXT, "directions": "a\x01b", "revision": 0},
            "directions",
            "Phương hướng năm sau: có ký tự điều khiển không in được; hãy xóa rồi gõ lại.",
        ),
    ],
)
def test_bad_input_is_a_vietnamese_message_and_nothing_is_saved(client, year, data, field, message):
    response = client_for(client, year, "leader_a").post(term_url(year, "narrative"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in page_text(response)
    assert not SummaryReport.objects.exists()


# The PDF ----------------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("eager_celery", "media_dir")
def test_the_leader_builds_the_pdf_then_anyone_who_sees_the_report_downloads_it(
    client, year, django_capture_on_commit_callbacks
):
    written(year)
    client_for(client, year, "leader_a")
    assert client.get(term_url(year, "status")).json() == {
        "status": "none",
        "label": "Chưa lập",
        "progress": 0,
        "steps": 3,
    }
    assert client.get(term_url(year, "download")).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(term_url(year, "pdf"))
    assert response.status_code == 302 and response.url == term_url(year) + "#document"
    assert client.get(term_url(year, "status")).json() == {
        "status": "done",
        "label": "Đã xong",
        "progress": 3,
        "steps": 3,
    }
    page = page_text(client.get(term_url(year)))
    assert "Số: 01/BC-VCVĐCVXDPL, ngày 22/11/2016." in page and "Tải báo cáo (PDF)" in page
    download = client_for(client, year, "staff_c").get(term_url(year, "download"))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-2016-cum-thi-dua-so-i.pdf"'
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert client_for(client, year, "staff_e").get(term_url(year, "download")).status_code == 404


def test_no_pdf_before_the_achievements_are_written(client, year):
    client_for(client, year, "leader_a")
    response = client.post(term_url(year, "pdf"), follow=True)
    assert "Chưa viết phần «Kết quả đạt được»" in page_text(response)
    assert not RenderedDocument.objects.filter(kind="voting.summary_report").exists()


@pytest.mark.parametrize(("user", "status"), [("staff_c", 403), ("viewer", 403), ("staff_e", 404)])
def test_others_may_not_build_or_retry_the_pdf(client, year, user, status):
    written(year)
    client_for(client, year, user)
    assert client.post(term_url(year, "pdf")).status_code == status
    assert client.post(term_url(year, "retry")).status_code == status
    assert not RenderedDocument.objects.filter(kind="voting.summary_report").exists()


def test_the_actions_are_posts(client, year):
    client_for(client, year, "leader_a")
    for action in ("narrative", "pdf", "retry"):
        assert client.get(term_url(year, action)).status_code == 405


@pytest.mark.usefixtures("eager_celery", "media_dir")
def test_a_failed_rendering_shows_on_the_page_and_is_retried(
    client, year, django_capture_on_commit_callbacks, monkeypatch
):
    written(year)
    client_for(client, year, "leader_a")

    def broken(**_kwargs):
        raise ValueError("Mẫu văn bản lỗi")

    monkeypatch.setattr("thidua.documents.services.render_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(term_url(year, "pdf"))
    page = client.get(term_url(year))
    assert "Dựng văn bản bị lỗi. ValueError: Mẫu văn bản lỗi" in page_text(page)
    assert 'action="' + term_url(year, "retry") + '"' in page.content.decode()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(term_url(year, "retry"))
    assert response.status_code == 302
    assert client.get(term_url(year, "status")).json()["status"] == "done"
    assert "Đã yêu cầu dựng lại bản PDF của báo cáo." in page_text(client.get(term_url(year)))


@pytest.mark.usefixtures("eager_celery", "media_dir")
def test_a_member_sees_a_failure_without_its_details_or_a_retry(
    client, year, monkeypatch, django_capture_on_commit_callbacks
):
    written(year)

    def broken(**_kwargs):
        raise ValueError("Mẫu văn bản lỗi")

    monkeypatch.setattr("thidua.documents.services.render_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_document_build(actor=year.users["leader_a"], report=selectors.report_for_term(year.term))
    page = client_for(client, year, "staff_c").get(term_url(year))
    assert "Dựng văn bản bị lỗi." in page_text(page) and "Mẫu văn bản lỗi" not in page_text(page)
    assert term_url(year, "retry") not in page.content.decode()


# The xlsx -----------------------------------------------------------------------------------------------------


def test_the_xlsx_export_holds_the_figures(client, year):
    response = client_for(client, year, "staff_c").get(term_url(year, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-2016-cum-thi-dua-so-i.xlsx"'
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Tổng hợp",
        "Đơn vị",
        "Phong trào",
        "Giao ước",
        "Danh hiệu",
        "Xếp loại",
        "Bỏ phiếu",
        "Khen thưởng",
        "Cụm trưởng",
    ]
    units = list(book["Đơn vị"].iter_rows(values_only=True))
    assert units[0] == (
        "Đơn vị",
        "Loại đơn vị",
        "Vai trò",
        "Công chức, người lao động",
        "Đã đăng ký",
        "Chưa đăng ký",
        "Tỷ lệ đăng ký",
    )
    assert units[1:] == [
        ("Cục THADS tỉnh Yên Bái", "Cục THADS", "Thành viên", 1, 0, 1, 0),
        ("Văn phòng Bộ", "Văn phòng", "Cụm phó", 2, 1, 1, 0.5),
        ("Vụ Các vấn đề chung về xây dựng pháp luật", "Vụ", "Cụm trưởng", 3, 3, 0, 1),
        ("Vụ Pháp luật quốc tế", "Vụ", "Thành viên", 2, 0, 2, 0),
    ]
    ranking = list(book["Giao ước"].iter_rows(values_only=True))[1:]
    assert [row[:2] + row[4:] for row in ranking] == [
        (1, "Vụ Các vấn đề chung về xây dựng pháp luật", 95.0),
        (2, "Văn phòng Bộ", 90.0),
        (3, "Vụ Pháp luật quốc tế", 80.0),
        (4, "Cục THADS tỉnh Yên Bái", 70.0),
    ]
    leaders = list(book["Cụm trưởng"].iter_rows(values_only=True))[1:]
    assert leaders == [
        (2016, "Vụ Các vấn đề chung về xây dựng pháp luật", "Văn phòng Bộ", None),
        (2017, "Vụ Pháp luật quốc tế", "Cục THADS tỉnh Yên Bái", "03/QĐ-BTP"),
    ]
    assert client_for(client, year, "staff_e").get(term_url(year, "xlsx")).status_code == 404


def test_the_ministrys_xlsx_and_page(client, year):
    client_for(client, year, "viewer")
    book = openpyxl.load_workbook(io.BytesIO(client.get(ministry_url("xlsx")).content))
    clusters = list(book["Theo cụm"].iter_rows(values_only=True))[1:]
    assert clusters == [("Cụm thi đua số I", 4, 8, 4, 4, 0.5), ("Cụm thi đua số II", 1, 2, 2, 0, 1)]
    assert len(list(book["Đơn vị"].iter_rows(values_only=True))) == 1 + 5
    text = page_text(client.get(ministry_url()))
    assert "Báo cáo tổng kết năm 2016 toàn Bộ" in text and "Theo loại đơn vị" in text


def _ministry_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(ministry_url()).status_code == 200
    return len(captured)


def test_the_ministrys_page_costs_the_same_queries_for_more_units_people_and_clusters(client, year):
    client_for(client, year, "board")
    few = _ministry_queries(client)
    for number in range(5):
        unit = factories.unit(f"Chi cục mô phỏng số {number}", parent=year.d)
        for n in range(3):
            factories.person(unit, f"Nguyễn Văn Mô Phỏng {number} {n}")
        covenant_for(factories.term(f"Cụm mô phỏng số {number}", YEAR, [unit], leader=unit))
    covenant_for(year.other_term)
    assert len(client.get(ministry_url()).context["figures"].rankings) == 7
    assert _ministry_queries(client) == few
