"""The rendering task through a real Celery worker on Redis: the PDF it stores is the national format."""

import hashlib
from pathlib import Path

import pytest
from django.utils import timezone

from thidua.documents.formatting import document_number_format
from thidua.documents.models import RenderedDocument, TypeCode
from thidua.documents.rendering import render_pdf
from thidua.documents.samples import SAMPLE_NOTICE_TEMPLATE, sample_notice_data
from thidua.documents.services import document_create, document_mark_signed, number_allocate

from .pdf_checks import assert_national_format, pdf_text

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

FINISHED = (RenderedDocument.Status.DONE, RenderedDocument.Status.FAILED)


def test_sample_notice_through_the_worker(celery_worker_process, media_dir):
    number = number_allocate(issuer_code="TĐKT", type_code=TypeCode.TB, year=2017)
    data = sample_notice_data(number=document_number_format(number=number, type_code="TB", issuer_code="TĐKT"))
    document = document_create(
        kind="documents.sample", title="Thông báo kết luận Hội nghị", template_name=SAMPLE_NOTICE_TEMPLATE, data=data
    )
    document = celery_worker_process.wait_for(document, lambda d: d.status in FINISHED)
    assert document.status == RenderedDocument.Status.DONE, document.error
    assert document.attempts == 1
    assert document.page_count == 2
    assert document.file.name == f"documents/{timezone.now().year}/{document.pk}-{document.sha256[:16]}.pdf"
    path = Path(media_dir / document.file.name)
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert document.size == len(content)
    # The worker's bytes are this process's bytes: rendering depends on the data only.
    assert render_pdf(template_name=SAMPLE_NOTICE_TEMPLATE, context=data) == content

    assert_national_format(path, pages=2)
    text = pdf_text(path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày 05 tháng 01 năm 2017",
        "Số: 01/TB-TĐKT",
        "THÔNG BÁO",
    ):
        assert expected in text
    first_page = pdf_text(path, first=1, last=1, layout=True).splitlines()
    second_page = pdf_text(path, first=2, last=2, layout=True).splitlines()
    assert [line.strip() for line in second_page if line.strip()][0] == "2"
    assert "2" not in [line.strip() for line in first_page]
    assert "1" not in [line.strip() for line in first_page]


def test_a_signed_document_is_left_alone_by_a_late_task(celery_worker_process, media_dir):
    from thidua.documents.tasks import render_document

    document = document_create(
        kind="documents.sample",
        title="Thông báo",
        template_name=SAMPLE_NOTICE_TEMPLATE,
        data=sample_notice_data(),
    )
    document = celery_worker_process.wait_for(document, lambda d: d.status in FINISHED)
    signed = document_mark_signed(document=document, actor=None)
    before = RenderedDocument.objects.filter(pk=signed.pk).values().get()
    content = (media_dir / signed.file.name).read_bytes()

    # A duplicate delivery (acks late) arriving after the signature; then one more document: the worker
    # takes tasks one at a time in order, so once that one is done the duplicate has been handled.
    render_document.delay(document_id=signed.pk)
    sentinel = document_create(
        kind="documents.sample", title="Thông báo", template_name=SAMPLE_NOTICE_TEMPLATE, data=sample_notice_data()
    )
    celery_worker_process.wait_for(sentinel, lambda d: d.status in FINISHED)
    assert "documents.render[" in celery_worker_process.log()
    assert RenderedDocument.objects.filter(pk=signed.pk).values().get() == before
    assert (media_dir / signed.file.name).read_bytes() == content
