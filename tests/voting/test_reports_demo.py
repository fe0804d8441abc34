"""The demo's 2016 summary reports (voting/report_demo.py, after seed_demo's votes and decisions): Cluster I's report
says what the seed says (11 units, 100% registered, 3 movements, the banners voted, the 2017 leader and deputy),
written by its leader unit, numbered and printed; the ministry's report too; a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from tests.awards.decisions_factories import pdf_raw_text
from thidua.documents.models import RenderedDocument
from thidua.org.demo import CLUSTER_I
from thidua.org.models import ClusterTerm
from voting.models import SummaryReport
from voting.report_demo import build_report_demo
from voting.reports import selectors

pytestmark = pytest.mark.django_db

SECTOR = [
    "Vụ Các vấn đề chung về xây dựng pháp luật",
    "Vụ Pháp luật dân sự - kinh tế",
    "Vụ Pháp luật quốc tế",
    "Vụ Tổ chức cán bộ",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo, then the reports' demo (a no-op once voting/demo.py calls it), once for the module, in a
    transaction rolled back at its end. Nothing commits: the demo renders its PDFs itself."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        created = build_report_demo()
        yield created
        transaction.set_rollback(True)


def _term():
    return ClusterTerm.objects.select_related("cluster").get(cluster__name=CLUSTER_I, year=2016)


def test_cluster_is_2016_figures_are_the_seeds(demo):
    figures = selectors.term_figures(_term())
    assert len(figures.participation.units) == 11
    total = figures.participation.total
    assert total.active == total.registered > 0
    assert len(figures.movements) == 3
    winners = {code: sorted(found) for code, _name, found in selectors.banner_winners(figures.votes)}
    assert winners == {"co-bo": SECTOR, "co-cp": ["Vụ Pháp luật dân sự - kinh tế"]}
    assert figures.next_leaders.leader == "Vụ Các vấn đề chung về xây dựng pháp luật"
    assert figures.next_leaders.deputies == ("Văn phòng Bộ",)


def test_cluster_is_report_is_written_by_its_leader_and_printed(demo):
    report = SummaryReport.objects.select_related("document", "written_by").get(term=_term())
    assert report.written_by.username == "cumtruong.cum1"
    assert (report.number_text, report.date.isoformat()) == ("01/BC-VCVĐCXDPL", "2016-11-22")
    for part in (
        "100% công chức các đơn vị",
        "Cụm đã thực hiện tốt 3 phong trào thi đua",
        "Tăng cường ứng dụng công nghệ thông tin nhằm nâng cao hiệu quả chỉ đạo, điều hành",
        "Cờ thi đua của Chính phủ cho Vụ Pháp luật dân sự - kinh tế",
        "Cụm trưởng năm 2017 là Vụ Các vấn đề chung về xây dựng pháp luật, Cụm phó là Văn phòng Bộ.",
    ):
        assert part in report.achievements, part
    assert "phong trào thi đua theo chuyên đề" in report.limitations
    assert "nhân rộng nhân tố mới, điển hình tiên tiến" in report.limitations
    assert report.directions.startswith("Năm 2017, Cụm tích cực thực hiện các phong trào thi đua do Bộ, ngành")
    document = report.document
    assert document.status == RenderedDocument.Status.DONE
    with document.file.open("rb") as stored:
        path = document.file.path
        assert stored.read(5) == b"%PDF-"
    text = pdf_raw_text(path)
    for expected in (
        "Số: 01/BC-VCVĐCXDPL",
        "Hà Nội, ngày 22 tháng 11 năm 2016",
        "Cụm thi đua số I có 11 đơn vị thành viên;",
        "(tỷ lệ 100%)",
        "Năm 2016 đã triển khai 3 phong trào thi đua:",
        "Vụ Pháp luật dân sự - kinh tế",
        "Cụm trưởng năm 2017: Vụ Các vấn đề chung về xây dựng pháp luật; Cụm phó: Văn phòng Bộ",
        "TM. CỤM THI ĐUA SỐ I",
    ):
        assert expected in text, expected


def test_the_ministrys_2016_report_is_the_boards(demo):
    report = SummaryReport.objects.select_related("document", "written_by").get(kind="ministry", year=2016)
    assert (report.written_by.username, report.number_text, report.date.isoformat()) == (
        "bantdkt",
        "01/BC-TĐKT",
        "2017-01-12",
    )
    assert report.document.status == RenderedDocument.Status.DONE
    assert report.document.data["participation"]["clusters"][0]["name"] == CLUSTER_I


def test_a_second_run_changes_nothing(demo):
    before = list(SummaryReport.objects.values_list("pk", "revision", "document_id", "number_text"))
    assert build_report_demo() == {}
    assert list(SummaryReport.objects.values_list("pk", "revision", "document_id", "number_text")) == before
    assert len(before) == 2
