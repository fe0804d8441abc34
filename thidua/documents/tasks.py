"""Celery tasks of documents: thin wrappers that re-fetch by id and call one service."""

from celery import shared_task

from .services import TRANSIENT_ERRORS, document_render


@shared_task(
    name="documents.render",
    acks_late=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=10,
    retry_backoff_max=120,
    retry_jitter=True,
)
def render_document(*, document_id: int) -> None:
    """Render and store one document's PDF; the failure is recorded on the document by the service."""
    document_render(document_id=document_id)
