"""App config for documents."""

import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# WeasyPrint logs every step and every page at INFO (some at import, which the admin's autodiscovery
# triggers before any ready()); a worker's log would drown in it. Here, after LOGGING is applied and before
# any app is ready, and only when LOGGING does not set a level of its own.
_progress = logging.getLogger("weasyprint.progress")
if _progress.level == logging.NOTSET:
    _progress.setLevel(logging.WARNING)


class DocumentsConfig(AppConfig):
    name = "thidua.documents"
    label = "documents"
    verbose_name = _("Văn bản")

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        auditlog.register(models.DocumentSeries)
        # The frozen data can be a thousand-row annex: the record keeps its SHA-256, the trail need not copy it.
        auditlog.register(models.RenderedDocument, exclude_fields=["data", "updated_at"])
