"""Writes to documents: number allocation, creating, rendering, re-rendering and signing stored PDFs.

Each service owns its transaction and is audited (django-auditlog). Owners (decisions, covenants, minutes)
freeze the data their document shows and call document_create; the Celery task "documents.render" calls
document_render; rendering reads only the frozen data.
"""

import hashlib
import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as

from .formatting import document_number_format
from .models import DocumentSeries, RenderedDocument, SignedDocumentError, TypeCode
from .rendering import canonical_json, data_fingerprint, render_document

logger = logging.getLogger(__name__)

# Worth another try a little later: the disk or the bucket, the database connection. Anything else (a
# template error, bad data, a missing font) fails the same way every time and is only recorded.
TRANSIENT_ERRORS = (OSError, OperationalError, InterfaceError)

__all__ = [
    "TRANSIENT_ERRORS",
    "document_create",
    "document_mark_signed",
    "document_number_format",
    "document_render",
    "document_retry",
    "document_update",
    "number_allocate",
]


def number_allocate(*, issuer_code: str, type_code: str, year: int) -> int:
    """Take the next number of an issuer's series for one type of document and one year: 1, 2, 3, ...

    Numbers restart at 1 each year and are never handed out twice: the series row is locked (SELECT ... FOR
    UPDATE) until the caller's transaction ends, so concurrent allocations wait for each other. Call it
    inside the transaction that stores what carries the number: if that rolls back, so does the number.
    Format it with document_number_format ("05/QĐ-BTP").
    Side effects: creates the series row on first use; updates it; an audit entry.
    """
    issuer_code = (issuer_code or "").strip()
    if not issuer_code:
        raise ValidationError({"issuer_code": _("Thiếu mã cơ quan ban hành.")})
    if type_code not in TypeCode.values:
        message = _("Loại văn bản “%(code)s” không có trong danh mục.") % {"code": type_code}
        raise ValidationError({"type_code": message})
    if not 1945 <= year <= 2100:
        raise ValidationError({"year": _("Năm %(year)s không hợp lệ.") % {"year": year}})
    with transaction.atomic():
        # get_or_create with the lock: on PostgreSQL a second transaction that races to create the row
        # waits on the unique index, gets an IntegrityError, and get_or_create then reads (and locks) the
        # committed row.
        series, _created = DocumentSeries.objects.select_for_update().get_or_create(
            issuer_code=issuer_code, type_code=type_code, year=year
        )
        series.last_number += 1
        series.save(update_fields=["last_number"])
    return series.last_number


def _freeze(*, template_name: str, data) -> str:
    if not isinstance(data, dict):
        raise ValidationError({"data": _("Dữ liệu văn bản phải là một từ điển (JSON object).")})
    try:
        canonical_json(data)
    except (TypeError, ValueError) as exc:
        raise ValidationError(
            {"data": _("Dữ liệu văn bản phải ở dạng JSON (chuỗi, số, danh sách, từ điển): %(error)s") % {"error": exc}}
        ) from exc
    try:
        get_template(template_name)
    except TemplateDoesNotExist as exc:
        message = _("Không có mẫu văn bản “%(name)s”.") % {"name": template_name}
        raise ValidationError({"template_name": message}) from exc
    return data_fingerprint(template_name=template_name, data=data)


def _enqueue(document: RenderedDocument) -> None:
    from .tasks import render_document as render_task

    # Robust: once the row is committed, a broker hiccup (or, with Celery eager, a rendering error) is
    # logged rather than turned into an error page; the document stays pending and can be retried.
    transaction.on_commit(partial(render_task.delay, document_id=document.pk), robust=True)


def document_create(*, kind: str, title: str, template_name: str, data: dict, created_by=None) -> RenderedDocument:
    """Store a document to be rendered: `data` is everything it shows, frozen (JSON only: dates as ISO text).

    Side effects: a RenderedDocument in status "chờ xử lý"; once the transaction commits, the task
    "documents.render" is queued (run at once when Celery is eager); an audit entry.
    """
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Tiêu đề văn bản không được để trống.")})
    if not kind:
        raise ValidationError({"kind": _("Thiếu loại văn bản.")})
    fingerprint = _freeze(template_name=template_name, data=data)
    with transaction.atomic(), acting_as(created_by):
        document = RenderedDocument.objects.create(
            kind=kind,
            title=title[:500],
            template_name=template_name,
            data=data,
            data_sha256=fingerprint,
            created_by=created_by if getattr(created_by, "pk", None) else None,
        )
        _enqueue(document)
    return document


def document_update(*, document: RenderedDocument, data: dict, actor, title: str | None = None) -> RenderedDocument:
    """Replace the frozen data of a document that is not signed yet (a draft corrected before signature).

    No change when the data and title are the same. Side effects: status back to "chờ xử lý" and the task
    queued on commit; the old file is replaced when the new one is stored; an audit entry.
    Raises SignedDocumentError for a signed document.
    """
    fingerprint = _freeze(template_name=document.template_name, data=data)
    with transaction.atomic(), acting_as(actor):
        locked = RenderedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.is_signed:
            raise SignedDocumentError()
        new_title = " ".join((title or locked.title).split())[:500]
        if fingerprint == locked.data_sha256 and new_title == locked.title:
            return locked
        locked.title = new_title
        locked.data = data
        locked.data_sha256 = fingerprint
        locked.status = RenderedDocument.Status.PENDING
        locked.error = ""
        locked.save(update_fields=["title", "data", "data_sha256", "status", "error", "updated_at"])
        _enqueue(locked)
    return locked


def _record_failure(document_id: int, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"[:4000]
    try:
        RenderedDocument.objects.filter(pk=document_id, signed_at__isnull=True).update(
            status=RenderedDocument.Status.FAILED, error=message, updated_at=timezone.now()
        )
    except Exception:  # the database may be what failed; the original error matters more
        logger.exception("Could not record the failure of document %s", document_id)


def _store(*, document_id: int, fingerprint: str, content: bytes, page_count: int) -> RenderedDocument:
    digest = hashlib.sha256(content).hexdigest()
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().get(pk=document_id)
        if document.is_signed or document.data_sha256 != fingerprint:
            # Signed meanwhile, or new data arrived (and queued its own rendering): this result is stale.
            return document
        if document.status == RenderedDocument.Status.DONE and document.sha256 == digest:
            return document  # a duplicate delivery of the task finished first
        old_name = document.file.name
        document.file.save(f"{document.pk}-{digest[:16]}.pdf", ContentFile(content), save=False)
        new_name = document.file.name
        document.sha256 = digest
        document.size = len(content)
        document.page_count = page_count
        document.rendered_at = timezone.now()
        document.status = RenderedDocument.Status.DONE
        document.error = ""
        storage = document.file.storage
        try:
            document.save(
                update_fields=[
                    "file",
                    "sha256",
                    "size",
                    "page_count",
                    "rendered_at",
                    "status",
                    "error",
                    "updated_at",
                ]
            )
        except BaseException:
            storage.delete(new_name)
            raise
        if old_name and old_name != new_name:
            transaction.on_commit(partial(storage.delete, old_name), robust=True)
    return document


def document_render(*, document_id: int) -> RenderedDocument | None:
    """Render a document's PDF from its frozen data and store it: the one function the task calls.

    Idempotent: a document already done, or signed, is left as it is; a document that no longer exists is
    skipped (None). Side effects: status "đang dựng" and attempts + 1 (committed before rendering, so
    that pages show it), then either "đã xong" with the file stored under documents/YYYY/, its SHA-256,
    page count and size, or "lỗi" with the error message. Transient errors (TRANSIENT_ERRORS) are recorded
    and re-raised so that the task retries; other errors are only recorded.
    """
    with transaction.atomic():
        document = RenderedDocument.objects.select_for_update().filter(pk=document_id).first()
        if document is None:
            logger.warning("Document %s no longer exists: nothing to render.", document_id)
            return None
        if document.is_signed or (document.status == RenderedDocument.Status.DONE and document.file):
            return document
        document.status = RenderedDocument.Status.RENDERING
        document.attempts += 1
        document.save(update_fields=["status", "attempts", "updated_at"])
    try:
        result = render_document(template_name=document.template_name, context=document.data)
        return _store(
            document_id=document.pk,
            fingerprint=document.data_sha256,
            content=result.content,
            page_count=result.page_count,
        )
    except Exception as exc:
        _record_failure(document.pk, exc)
        if isinstance(exc, TRANSIENT_ERRORS):
            raise
        logger.exception("Rendering document %s failed", document.pk)
        document.refresh_from_db()
        return document


def document_retry(*, document: RenderedDocument, actor) -> RenderedDocument:
    """Queue a document's rendering again, after a failure (or a rendering that never finished).

    Refused for a signed document and for one already done (its bytes would be the same). Side effects:
    status "chờ xử lý", the error cleared, the task queued on commit; an audit entry.
    """
    with transaction.atomic(), acting_as(actor):
        locked = RenderedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.is_signed:
            raise SignedDocumentError()
        if locked.status == RenderedDocument.Status.DONE:
            raise ValidationError(_("Văn bản đã được dựng xong, không cần dựng lại."))
        locked.status = RenderedDocument.Status.PENDING
        locked.error = ""
        locked.save(update_fields=["status", "error", "updated_at"])
        _enqueue(locked)
    return locked


def document_mark_signed(*, document: RenderedDocument, actor) -> RenderedDocument:
    """Record that the document was signed: from then on it and its file never change.

    Only a rendered document can be signed, and only if its stored file still has the recorded SHA-256.
    Side effects: signed_at and signed_by set; an audit entry.
    """
    with transaction.atomic(), acting_as(actor):
        locked = RenderedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.is_signed:
            raise SignedDocumentError()
        if locked.status != RenderedDocument.Status.DONE or not locked.file:
            raise ValidationError(_("Văn bản chưa được dựng xong: chưa thể đánh dấu đã ký."))
        digest = hashlib.sha256()
        with locked.file.open("rb") as stored:
            for chunk in iter(lambda: stored.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != locked.sha256:
            raise ValidationError(_("Tệp PDF đã lưu không khớp mã SHA-256 đã ghi: cần dựng lại trước khi ký."))
        locked.signed_at = timezone.now()
        locked.signed_by = actor if getattr(actor, "pk", None) else None
        locked.save(update_fields=["signed_at", "signed_by", "updated_at"])
    return locked
