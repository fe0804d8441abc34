"""Document services with Celery eager: create → render → store, failures and retry, signature."""

import datetime
import hashlib
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from thidua.documents.models import RenderedDocument, SignedDocumentError
from thidua.documents.rendering import data_fingerprint
from thidua.documents.samples import SAMPLE_NOTICE_TEMPLATE, sample_notice_data
from thidua.documents.services import (
    document_create,
    document_mark_signed,
    document_render,
    document_retry,
    document_update,
)
from thidua.org.models import Role

BROKEN = "documents/test_broken.html"
BROKEN_SOURCE = (
    '{% extends "documents/base.html" %}{% block body %}{% include "documents/test_part.html" %}{% endblock %}'
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery", "media_dir")]


@pytest.fixture
def board(db):
    return factories.user("board_docs", role=Role.BOARD)


def create(capture, *, data=None, template_name=SAMPLE_NOTICE_TEMPLATE, created_by=None) -> RenderedDocument:
    with capture(execute=True):
        document = document_create(
            kind="documents.sample",
            title="Thông báo kết luận Hội nghị Cụm thi đua số I",
            template_name=template_name,
            data=data if data is not None else sample_notice_data(),
            created_by=created_by,
        )
    document.refresh_from_db()
    return document


def test_create_freezes_the_data_and_the_task_stores_the_pdf(django_capture_on_commit_callbacks, board, media_dir):
    document = create(django_capture_on_commit_callbacks, created_by=board)
    assert document.status == RenderedDocument.Status.DONE
    assert document.error == ""
    assert document.attempts == 1
    assert document.page_count == 2
    assert document.data == sample_notice_data()
    assert document.data_sha256 == data_fingerprint(template_name=SAMPLE_NOTICE_TEMPLATE, data=sample_notice_data())
    year = timezone.now().year
    assert document.file.name == f"documents/{year}/{document.pk}-{document.sha256[:16]}.pdf"
    content = (media_dir / document.file.name).read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert document.size == len(content)
    assert document.rendered_at is not None
    assert document.created_by == board
    entry = LogEntry.objects.get_for_object(document).filter(action=LogEntry.Action.CREATE).get()
    assert entry.actor == board


def test_nothing_is_queued_before_the_transaction_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document = document_create(
            kind="documents.sample", title="Thông báo", template_name=SAMPLE_NOTICE_TEMPLATE, data=sample_notice_data()
        )
    document.refresh_from_db()
    assert len(callbacks) == 1
    assert document.status == RenderedDocument.Status.PENDING
    assert document.attempts == 0
    assert not document.file


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"data": ["not", "a", "dict"]}, "data"),
        ({"data": {"date": datetime.date(2017, 1, 5)}}, "data"),
        ({"data": {"score": float("nan")}}, "data"),
        ({"template_name": "documents/no_such_template.html"}, "template_name"),
        ({"title": "   "}, "title"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(db, fields, field):
    arguments = {
        "kind": "documents.sample",
        "title": "Thông báo",
        "template_name": SAMPLE_NOTICE_TEMPLATE,
        "data": sample_notice_data(),
        **fields,
    }
    with pytest.raises(ValidationError) as caught:
        document_create(**arguments)
    assert list(caught.value.message_dict) == [field]
    assert RenderedDocument.objects.count() == 0


def test_rendering_again_changes_nothing(django_capture_on_commit_callbacks):
    document = create(django_capture_on_commit_callbacks)
    before = (document.file.name, document.sha256, document.attempts, document.rendered_at)
    document_render(document_id=document.pk)
    document.refresh_from_db()
    assert (document.file.name, document.sha256, document.attempts, document.rendered_at) == before
    assert document_render(document_id=10**9) is None


def test_a_failing_template_is_recorded_and_retry_works_once_fixed(
    django_capture_on_commit_callbacks, extra_templates, board
):
    extra_templates({BROKEN: BROKEN_SOURCE})
    document = create(django_capture_on_commit_callbacks, template_name=BROKEN)
    assert document.status == RenderedDocument.Status.FAILED
    assert document.attempts == 1
    assert document.error == "TemplateDoesNotExist: documents/test_part.html"
    assert not document.file
    assert document.sha256 == ""
    with pytest.raises(ValidationError):
        document_mark_signed(document=document, actor=board)

    extra_templates({"documents/test_part.html": "<p>{{ intro }}</p>"})
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document, actor=board)
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.DONE
    assert document.error == ""
    assert document.attempts == 2
    assert document.page_count == 1
    with pytest.raises(ValidationError) as caught:
        document_retry(document=document, actor=board)
    assert caught.value.messages == ["Văn bản đã được dựng xong, không cần dựng lại."]


@pytest.fixture
def eager_retries():
    """Eager Celery runs a task's retries in place only when it does not propagate the first error."""
    from thidua.celery import app

    previous = app.conf.task_eager_propagates
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = previous


@pytest.mark.usefixtures("eager_retries")
def test_a_storage_error_is_retried_a_bounded_number_of_times(django_capture_on_commit_callbacks, settings, tmp_path):
    # A file where the media folder should be: every attempt to store fails with a real OSError.
    blocked = tmp_path / "blocked"
    blocked.write_text("not a folder")
    good = settings.STORAGES["default"]
    settings.STORAGES = {**settings.STORAGES, "default": {**good, "OPTIONS": {"location": str(blocked)}}}
    document = create(django_capture_on_commit_callbacks)
    assert document.status == RenderedDocument.Status.FAILED
    assert document.attempts == 4  # the first try and three retries
    assert document.error.startswith(("NotADirectoryError:", "FileExistsError:"))

    settings.STORAGES = {**settings.STORAGES, "default": good}
    with django_capture_on_commit_callbacks(execute=True):
        document_retry(document=document, actor=None)
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.DONE
    assert document.attempts == 5


def test_new_data_before_signature_renders_again_and_replaces_the_file(django_capture_on_commit_callbacks, board):
    document = create(django_capture_on_commit_callbacks)
    old_name, old_sha = document.file.name, document.sha256
    storage = document.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        document_update(document=document, data=sample_notice_data(number="06/TB-TĐKT"), actor=board)
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.DONE
    assert document.sha256 != old_sha
    assert document.file.name != old_name
    assert storage.exists(document.file.name)
    assert not storage.exists(old_name)
    # The same data again is no change at all.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        document_update(document=document, data=sample_notice_data(number="06/TB-TĐKT"), actor=board)
    assert callbacks == []


def test_a_signed_document_and_its_file_never_change(django_capture_on_commit_callbacks, board, media_dir):
    document = create(django_capture_on_commit_callbacks)
    signed = document_mark_signed(document=document, actor=board)
    assert signed.signed_at is not None
    assert signed.signed_by == board
    path = Path(media_dir / signed.file.name)
    content = path.read_bytes()
    fields = RenderedDocument.objects.filter(pk=document.pk).values().get()

    document.refresh_from_db()
    document.title = "Đổi tiêu đề"
    with pytest.raises(SignedDocumentError):
        document.save()
    with pytest.raises(SignedDocumentError):
        document.delete()
    with pytest.raises(SignedDocumentError):
        document_update(document=document, data=sample_notice_data(number="07/TB-TĐKT"), actor=board)
    with pytest.raises(SignedDocumentError):
        document_retry(document=document, actor=board)
    with pytest.raises(SignedDocumentError):
        document_mark_signed(document=document, actor=board)
    assert document_render(document_id=document.pk).pk == document.pk

    assert RenderedDocument.objects.filter(pk=document.pk).values().get() == fields
    assert path.read_bytes() == content


def test_a_file_changed_on_disk_cannot_be_signed(django_capture_on_commit_callbacks, board, media_dir):
    document = create(django_capture_on_commit_callbacks)
    (media_dir / document.file.name).write_bytes(b"%PDF-1.7 tampered")
    with pytest.raises(ValidationError) as caught:
        document_mark_signed(document=document, actor=board)
    assert caught.value.messages == ["Tệp PDF đã lưu không khớp mã SHA-256 đã ghi: cần dựng lại trước khi ký."]
    document.refresh_from_db()
    assert document.signed_at is None
