"""The summary report's PDF rendered in this process (pdftotext, pdffonts): the national format, the figures and the
narrative in their sections, the charts drawn in it, the ministry's annex, the same bytes for the same data."""

import datetime
from pathlib import Path

import pytest

from tests.awards.decisions_factories import pdf_raw_text
from tests.documents.conftest import eager_celery, media_dir  # noqa: F401
from tests.documents.pdf_checks import assert_national_format
from thidua.documents.rendering import render_pdf
from voting.reports import selectors, services

from .reports_factories import YEAR, report_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery", "media_dir")]
NARRATIVE = {
    "achievements": "Cụm thi đua số I hoàn thành tốt các phong trào thi đua năm 2016.\nĐăng ký dân chủ, công khai.",
    "limitations": "Việc nhân rộng điển hình tiên tiến còn hạn chế.",
    "directions": "Năm 2017 tiếp tục đổi mới nội dung, hình thức thi đua.",
}


def check_format(path: Path) -> None:
    """The national format of every printed document, the charts included: their text is drawn with the shipped
    Liberation Serif too (the SVG names the documents' own font family), so no machine font appears."""
    assert_national_format(path)


def build(world, *, ministry: bool = False, django_capture_on_commit_callbacks):
    user = world.users["board" if ministry else "leader_a"]
    report = selectors.report_for_ministry(YEAR) if ministry else selectors.report_for_term(world.term)
    report = services.report_narrative_save(actor=user, report=report, revision=report.revision, **NARRATIVE)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.report_document_build(
            actor=user, report=report, date=datetime.date(2017, 1, 12) if ministry else None
        )
    document.refresh_from_db()
    assert document.status == "done", document.error
    return document


def test_the_terms_report_prints_its_figures_and_narrative(media_dir, django_capture_on_commit_callbacks):  # noqa: F811
    world = report_world()
    document = build(world, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    path = media_dir / document.file.name
    check_format(path)
    text = pdf_raw_text(path)
    for expected in (
        "BỘ TƯ PHÁP",
        "CỤM THI ĐUA SỐ I",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/BC-VCVĐCVXDPL",
        "Hà Nội, ngày 22 tháng 11 năm 2016",
        "BÁO CÁO",
        "Tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm thi đua số I",
        "I. KẾT QUẢ CÔNG TÁC THI ĐUA, KHEN THƯỞNG NĂM 2016",
        "Cụm thi đua số I hoàn thành tốt các phong trào thi đua năm 2016.",
        "Cụm thi đua số I có 4 đơn vị thành viên; 4/8 công chức, người lao động đăng ký thi đua (tỷ lệ 50%).",
        "Tỷ lệ đăng ký thi đua theo đơn vị năm 2016",  # the chart's title
        "Năm 2016 đã triển khai 3 phong trào thi đua:",
        "Thi đua cao điểm của các cụm",
        "Tăng cường ứng dụng công nghệ thông tin",
        "1 Vụ Các vấn đề chung về xây dựng pháp luật 95 95 95",  # points without useless zeros
        "4 Cục THADS tỉnh Yên Bái — 70 70",
        "Số đại biểu có quyền biểu quyết: 4; có mặt: 4; số phiếu thu vào: 4 (4 phiếu hợp lệ, 0 phiếu không hợp lệ).",
        "Vụ Các vấn đề chung về xây dựng pháp luật 4 100% Trúng cử",
        "Văn phòng Bộ 3 75% Trúng cử",
        "Quyết định số 01/QĐ-BTP ngày 05/01/2017 của Bộ Tư pháp tặng Cờ thi đua ngành Tư pháp:",
        "Cụm trưởng năm 2017: Vụ Pháp luật quốc tế; Cụm phó: Cục THADS tỉnh Yên Bái (Quyết định số 03/QĐ-BTP ngày "
        "10/01/2017).",
        "II. HẠN CHẾ, NGUYÊN NHÂN Việc nhân rộng điển hình tiên tiến còn hạn chế.",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2017 Năm 2017 tiếp tục đổi mới nội dung, hình thức thi đua.",
        "TM. CỤM THI ĐUA SỐ I",
        "CỤM TRƯỞNG",
        "Nguyễn Hồng Tuyến",
        "Nơi nhận:",
    ):
        assert expected in text, expected
    # The same data gives the same bytes, here and in the worker.
    assert render_pdf(template_name=document.template_name, context=document.data) == path.read_bytes()


def test_the_ministrys_report_lists_every_unit_in_its_annex(media_dir, django_capture_on_commit_callbacks):  # noqa: F811
    world = report_world()
    document = build(world, ministry=True, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    path = media_dir / document.file.name
    check_format(path)
    text = pdf_raw_text(path)
    for expected in (
        "BỘ TƯ PHÁP",
        "VỤ THI ĐUA - KHEN THƯỞNG",
        "Số: 01/BC-TĐKT",
        "Hà Nội, ngày 12 tháng 01 năm 2017",
        "Tổng kết công tác thi đua, khen thưởng năm 2016 của Bộ Tư pháp",
        "Toàn Bộ có 5 đơn vị; 6/10 công chức, viên chức, người lao động đăng ký thi đua (tỷ lệ 60%).",
        "1 Cụm thi đua số I 4 8 4 50%",
        "2 Cụm thi đua số II 1 2 2 100%",
        "Năm 2016 đã triển khai 4 phong trào thi đua:",
        "1 Cụm thi đua số I Cờ thi đua ngành Tư pháp 2",
        "VỤ TRƯỞNG",
        "PHỤ LỤC",
        "(Kèm theo Báo cáo số 01/BC-TĐKT)",
        "Sở Tư pháp tỉnh Hòa Bình Sở Tư pháp 2 2 100%",
    ):
        assert expected in text, expected
