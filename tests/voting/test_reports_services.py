"""Writes of the summary report (voting/reports/services.py): the narrative kept with who and when (audited), never
overwritten by a form opened before someone else saved, bad input refused by field with nothing written; the PDF
numbered once in the issuer's BC series, its data frozen, rendered on commit, rebuilt only when its data changed,
a failed rendering visible and retried; who may write."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from tests.documents.conftest import eager_celery, media_dir  # noqa: F401
from thidua.documents.models import DocumentSeries, RenderedDocument
from thidua.documents.rendering import render_pdf
from voting.models import SummaryReport
from voting.reports import documents, selectors, services

from .reports_factories import CONFERENCE_DATE, YEAR, base_world, report_world

pytestmark = pytest.mark.django_db
TEXT = {"achievements": "Cụm hoàn thành tốt nhiệm vụ.", "limitations": "Còn ít điển hình.", "directions": "Tiếp tục."}


@pytest.fixture
def world(db):
    return base_world()


def save(world, user="leader_a", *, report=None, revision=None, **parts):
    report = report or selectors.report_for_term(world.term)
    actor = world.users[user] if isinstance(user, str) else user
    return services.report_narrative_save(
        actor=actor, report=report, revision=report.revision if revision is None else revision, **{**TEXT, **parts}
    )


def audit_entries(report) -> list:
    kind = ContentType.objects.get_for_model(SummaryReport)
    return list(LogEntry.objects.filter(content_type=kind, object_pk=str(report.pk)).order_by("pk"))


# The narrative --------------------------------------------------------------------------------------------------


def test_the_first_save_creates_the_report_with_who_and_when_audited(world):
    report = save(world, achievements="  Đoạn một.  \r\nĐoạn hai.\r\n\r\n")
    assert (report.kind, report.term_id, report.year, report.revision) == ("cluster", world.term.pk, YEAR, 1)
    assert report.achievements == "Đoạn một.\nĐoạn hai."
    assert (report.written_by, report.written_at is not None) == (world.users["leader_a"], True)
    entries = audit_entries(report)
    assert [(e.action, e.actor) for e in entries] == [
        (LogEntry.Action.CREATE, world.users["leader_a"]),
        (LogEntry.Action.UPDATE, world.users["leader_a"]),
    ]
    assert entries[1].changes_dict["achievements"] == ["", "Đoạn một.\nĐoạn hai."]


def test_saving_the_same_text_again_changes_nothing(world):
    report = save(world)
    again = save(world, report=report)
    assert (again.revision, again.written_at) == (1, report.written_at)
    assert len(audit_entries(report)) == 2


def test_a_form_opened_before_someone_else_saved_is_refused_and_nothing_is_overwritten(world):
    opened = selectors.report_for_term(world.term)  # revision 0, as the leader's page saw it
    board = save(world, "board", achievements="Vụ Thi đua - Khen thưởng đã viết.")
    with pytest.raises(ValidationError) as refused:
        save(world, report=opened, revision=0, achievements="Bản nháp của Cụm trưởng.")
    assert refused.value.code == "stale"
    assert "board" in refused.value.messages[0]
    stored = SummaryReport.objects.get(pk=board.pk)
    assert (stored.achievements, stored.revision, stored.written_by) == (
        "Vụ Thi đua - Khen thưởng đã viết.",
        1,
        world.users["board"],
    )


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("achievements", "x" * 20_001, "Kết quả đạt được: tối đa 20.000 ký tự (đã nhập 20.001)."),
        ("limitations", "y" * 20_001, "Hạn chế, nguyên nhân: tối đa 20.000 ký tự (đã nhập 20.001)."),
        ("directions", "a\x00b", "Phương hướng năm sau: có ký tự điều khiển không in được; hãy xóa rồi gõ lại."),
    ],
)
def test_bad_text_is_refused_by_field_and_nothing_is_written(world, field, text, message):
    with pytest.raises(ValidationError) as refused:
        save(world, **{field: text})
    assert refused.value.message_dict == {field: [message]}
    assert not SummaryReport.objects.exists()


def test_who_may_write_a_terms_report(world):
    for user in ("leader_a", "staff_a", "board"):
        save(world, user, achievements=f"Viết bởi {user}.")
    for user in ("staff_c", "staff_e", "viewer"):
        with pytest.raises(PermissionDenied):
            save(world, user, achievements="Không được viết.")
    assert SummaryReport.objects.get().achievements == "Viết bởi board."


def test_only_the_board_writes_the_ministrys_report(world):
    report = selectors.report_for_ministry(YEAR)
    for user in ("leader_a", "viewer", "staff_a"):
        with pytest.raises(PermissionDenied):
            save(world, user, report=report)
    saved = save(world, "board", report=report)
    assert (saved.kind, saved.term_id, saved.year) == ("ministry", None, YEAR)
    assert selectors.report_for_ministry(YEAR).pk == saved.pk


# The PDF --------------------------------------------------------------------------------------------------------


@pytest.fixture
def year(db):
    return report_world()


def test_no_pdf_without_the_achievements_and_no_number_is_taken(year):
    report = save(year, achievements="", limitations="Chỉ có hạn chế.")
    with pytest.raises(ValidationError) as refused:
        services.report_document_build(actor=year.users["leader_a"], report=report)
    assert refused.value.message_dict == {
        "achievements": ["Chưa viết phần «Kết quả đạt được»: hãy viết và lưu phần tường thuật trước khi lập bản PDF."]
    }
    assert not DocumentSeries.objects.filter(type_code="BC").exists()
    assert not RenderedDocument.objects.filter(kind=documents.REPORT_KIND).exists()


@pytest.mark.usefixtures("eager_celery", "media_dir")
def test_the_first_build_numbers_the_report_in_the_leaders_bc_series_on_the_conference_day(
    year, django_capture_on_commit_callbacks
):
    report = save(year)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.report_document_build(actor=year.users["leader_a"], report=report)
    report.refresh_from_db()
    assert (report.number_text, report.date, report.document_id) == ("01/BC-VCVĐCVXDPL", CONFERENCE_DATE, document.pk)
    series = DocumentSeries.objects.get(type_code="BC")
    assert (series.issuer_code, series.year, series.last_number) == ("VCVĐCVXDPL", 2016, 1)
    document.refresh_from_db()
    assert (document.status, document.kind, document.template_name) == (
        "done",
        "voting.summary_report",
        documents.REPORT_TEMPLATE,
    )
    assert document.title == "Báo cáo tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm thi đua số I"
    data = document.data
    assert data["issuer"] == {"parent": "Bộ Tư pháp", "name": "Cụm thi đua số I"}
    assert (data["number"], data["date"], data["place"], data["type_name"]) == (
        "01/BC-VCVĐCVXDPL",
        "2016-11-22",
        "Hà Nội",
        "BÁO CÁO",
    )
    assert data["signer"] == {
        "authority": "TM. Cụm thi đua số I",
        "position": "Cụm trưởng",
        "name": "Nguyễn Hồng Tuyến",
    }
    assert data["narrative"]["achievements"] == ["Cụm hoàn thành tốt nhiệm vụ."]
    assert data["participation"]["total"] == {"active": "8", "registered": "4", "missing": "4", "rate": "50%"}
    assert data["charts"]["participation"]["categories"] == [
        u.name for u in selectors.term_figures(year.term).participation.units
    ]
    # Same data, same bytes: the stored file is what the frozen data renders to.
    with document.file.open("rb") as stored:
        assert stored.read() == render_pdf(template_name=document.template_name, context=document.data)


@pytest.mark.usefixtures("eager_celery", "media_dir")
def test_a_later_build_keeps_its_number_and_renders_again_only_when_the_data_changed(
    year, django_capture_on_commit_callbacks
):
    report = save(year)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_document_build(actor=year.users["board"], report=report)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        same = services.report_document_build(actor=year.users["board"], report=report)
    same.refresh_from_db()
    assert (same.pk, same.sha256, same.attempts, callbacks) == (first.pk, first.sha256, 1, [])
    report = save(year, report=SummaryReport.objects.get(pk=report.pk), achievements="Đã sửa phần kết quả.")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.report_document_build(actor=year.users["board"], report=report)
    again.refresh_from_db()
    assert (again.pk, again.status, again.attempts) == (first.pk, "done", 2)
    assert again.data["number"] == "01/BC-VCVĐCVXDPL" and again.sha256 != first.sha256
    assert DocumentSeries.objects.get(type_code="BC").last_number == 1


@pytest.mark.usefixtures("eager_celery", "media_dir")
def test_the_ministrys_report_is_the_boards_in_its_own_series(year, django_capture_on_commit_callbacks):
    report = save(year, "board", report=selectors.report_for_ministry(YEAR))
    with django_capture_on_commit_callbacks(execute=True):
        document = services.report_document_build(
            actor=year.users["board"], report=report, date=datetime.date(2017, 1, 12)
        )
    document.refresh_from_db()
    assert document.status == "done", document.error
    assert document.data["issuer"] == {"parent": "Bộ Tư pháp", "name": "Vụ Thi đua - Khen thưởng"}
    assert (document.data["number"], document.data["date"]) == ("01/BC-TĐKT", "2017-01-12")
    assert document.data["signer"]["position"] == "VỤ TRƯỞNG"
    assert [row["name"] for row in document.data["participation"]["clusters"]] == [
        "Cụm thi đua số I",
        "Cụm thi đua số II",
    ]
    assert len(document.data["participation"]["units"]) == 5


@pytest.mark.usefixtures("eager_celery", "media_dir")
def test_a_failed_rendering_is_recorded_and_can_be_retried(year, django_capture_on_commit_callbacks, monkeypatch):
    report = save(year)

    def broken(**_kwargs):
        raise ValueError("Phông chữ bị hỏng")

    monkeypatch.setattr("thidua.documents.services.render_document", broken)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.report_document_build(actor=year.users["leader_a"], report=report)
    document.refresh_from_db()
    assert (document.status, document.error) == ("failed", "ValueError: Phông chữ bị hỏng")
    with pytest.raises(PermissionDenied):
        services.report_document_retry(actor=year.users["staff_c"], report=SummaryReport.objects.get(pk=report.pk))
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_document_retry(actor=year.users["leader_a"], report=SummaryReport.objects.get(pk=report.pk))
    document.refresh_from_db()
    assert (document.status, document.error, document.attempts) == ("done", "", 2)


def test_a_build_that_fails_leaves_no_number_and_no_document(year, monkeypatch):
    report = save(year)

    def broken(**_kwargs):
        raise RuntimeError("dữ liệu lỗi")

    monkeypatch.setattr(documents, "term_data", broken)
    with pytest.raises(RuntimeError):
        services.report_document_build(actor=year.users["leader_a"], report=report)
    stored = SummaryReport.objects.get(pk=report.pk)
    assert (stored.number_text, stored.date, stored.document_id) == ("", None, None)
    assert not DocumentSeries.objects.filter(type_code="BC").exists()


def test_a_member_who_is_not_the_leader_may_not_build_or_retry(year):
    report = save(year)
    for user in ("staff_c", "staff_e", "viewer"):
        with pytest.raises(PermissionDenied):
            services.report_document_build(actor=year.users[user], report=report)
    with pytest.raises(ValidationError) as refused:
        services.report_document_retry(actor=year.users["leader_a"], report=report)
    assert refused.value.messages == ["Báo cáo chưa có bản PDF: hãy lập bản PDF trước."]
