"""What the portal's pages show of a stored document, for every owner (decisions, plans, covenants, minutes,
papers, reports, packs): the context of templates/_document_state.html, the status the page polls while the
worker renders, and the download of the stored PDF."""

import datetime

from django.http import FileResponse, Http404, JsonResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from thidua.core.vietnamese import fold

from .models import RenderedDocument

WORKING = (RenderedDocument.Status.PENDING, RenderedDocument.Status.RENDERING)
# Waiting or rendering for longer than this, the task was probably lost (a broker restart): offer a retry.
STALE_MINUTES = 5
# The progress indicator: a rendering has three steps that the page can tell apart.
PROGRESS = {
    RenderedDocument.Status.PENDING: 1,
    RenderedDocument.Status.RENDERING: 2,
    RenderedDocument.Status.DONE: 3,
    RenderedDocument.Status.FAILED: 3,
}
PROGRESS_STEPS = 3


def is_stale(document: RenderedDocument | None) -> bool:
    return (
        document is not None
        and document.status in WORKING
        and document.updated_at < timezone.now() - datetime.timedelta(minutes=STALE_MINUTES)
    )


def document_state(document: RenderedDocument | None, **urls) -> dict:
    """The context of templates/_document_state.html: the document, whether it is being rendered or waiting for
    long, the progress indicator, and `urls` (status_url, retry_url, download_url, and any other key)."""
    return {
        "document": document,
        "working": document is not None and document.status in WORKING,
        "stale": is_stale(document),
        "progress": PROGRESS.get(document.status, 0) if document else 0,
        "progress_steps": PROGRESS_STEPS,
        **urls,
    }


def status_response(document: RenderedDocument | None, *, empty_label: str, progress: bool = True) -> JsonResponse:
    """What the page polls while the PDF renders: the status and its label (and the progress indicator's step)."""
    if document is None:
        data = {"status": "none", "label": empty_label}
        current = 0
    else:
        data = {"status": document.status, "label": document.get_status_display()}
        current = PROGRESS.get(document.status, 0)
    if progress:
        data |= {"progress": current, "steps": PROGRESS_STEPS}
    return JsonResponse(data)


def pdf_response(document: RenderedDocument | None, filename: str, *, missing: str | None = None) -> FileResponse:
    """The stored PDF, streamed from storage (never a public media URL), named after `filename` without
    diacritics; 404 until it is rendered."""
    if document is None or document.status != RenderedDocument.Status.DONE or not document.file:
        raise Http404(missing or _("Văn bản chưa được dựng xong."))
    name = slugify(fold(filename).replace("/", "-")) or "van-ban"
    return FileResponse(
        document.file.open("rb"), as_attachment=True, filename=f"{name}.pdf", content_type="application/pdf"
    )
