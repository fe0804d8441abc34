"""The summary report's PDF through a real Celery worker on Redis: the build stores the frozen data, the worker renders
it (the shared task documents.render), and the stored file holds the figures in the national format, byte for byte
what the same data renders to here."""

import hashlib

import pytest

from tests.awards.decisions_factories import pdf_raw_text
from tests.documents.conftest import celery_worker_process, media_dir  # noqa: F401
from thidua.documents.models import RenderedDocument
from thidua.documents.rendering import render_pdf
from voting.reports import selectors, services

from .reports_factories import report_world
from .test_reports_documents import NARRATIVE, check_format

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
FINISHED = (RenderedDocument.Status.DONE, RenderedDocument.Status.FAILED)


def test_the_report_rendered_by_the_worker(celery_worker_process, media_dir):  # noqa: F811
    world = report_world()
    leader = world.users["leader_a"]
    report = selectors.report_for_term(world.term)
    report = services.report_narrative_save(actor=leader, report=report, revision=0, **NARRATIVE)
    document = services.report_document_build(actor=leader, report=report)
    document = celery_worker_process.wait_for(document, lambda d: d.status in FINISHED)
    assert document.status == RenderedDocument.Status.DONE, document.error
    assert (document.attempts, document.page_count) == (1, 4)
    path = media_dir / document.file.name
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert render_pdf(template_name=document.template_name, context=document.data) == content
    check_format(path)
    text = pdf_raw_text(path)
    for expected in (
        "Số: 01/BC-VCVĐCVXDPL",
        "Cụm thi đua số I có 4 đơn vị thành viên; 4/8 công chức, người lao động đăng ký thi đua (tỷ lệ 50%).",
        "Năm 2016 đã triển khai 3 phong trào thi đua:",
        "Vụ Các vấn đề chung về xây dựng pháp luật 4 100% Trúng cử",
        "Cụm thi đua số I hoàn thành tốt các phong trào thi đua năm 2016.",
    ):
        assert expected in text, expected
