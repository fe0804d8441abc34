"""The vote-count minutes through a real Celery worker on Redis: minutes_issue stores the data, the worker renders the
PDF, and the stored file is the one the same data renders to."""

import hashlib

import pytest

from tests.documents.conftest import celery_worker_process, media_dir  # noqa: F401
from thidua.documents.models import RenderedDocument
from thidua.documents.rendering import render_pdf
from voting import documents, services

from .test_documents import check_minutes_pdf, cluster_vote

FINISHED = (RenderedDocument.Status.DONE, RenderedDocument.Status.FAILED)


@pytest.mark.postgres
@pytest.mark.redis
def test_the_minutes_rendered_by_the_worker(celery_worker_process, media_dir):  # noqa: F811
    room, session, runoff = cluster_vote()
    document = services.minutes_issue(actor=room.board, session=runoff)
    document = celery_worker_process.wait_for(document, lambda d: d.status in FINISHED)
    assert document.status == RenderedDocument.Status.DONE, document.error
    assert (document.page_count, document.attempts) == (3, 1)
    path = media_dir / document.file.name
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert render_pdf(template_name=documents.MINUTES_TEMPLATE, context=document.data) == content
    check_minutes_pdf(path, session, runoff)
    # Signed, the minutes stay as the worker stored them.
    signed = services.minutes_mark_signed(actor=room.board, session=session)
    assert signed.signed_at is not None
    assert signed.sha256 == document.sha256
