"""Admin for the board: stored PDFs and numbering series, read-only; downloads and re-rendering for the board."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.org.permissions import scope_for

from .models import DocumentSeries, RenderedDocument
from .services import document_retry


def _is_board(user) -> bool:
    return scope_for(user).is_board


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows are written by services only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RenderedDocument)
class RenderedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "attempts", "page_count", "short_sha256", "rendered_at", "signed_at"]
    list_filter = ["status", "kind", ("signed_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "sha256"]
    date_hierarchy = "created_at"
    actions = ["retry"]
    fields = [
        "title",
        "kind",
        "template_name",
        "status",
        "attempts",
        "error",
        "sha256",
        "data_sha256",
        "page_count",
        "size",
        "rendered_at",
        "signed_at",
        "signed_by",
        "created_by",
        "created_at",
        "data",
    ]

    # The download column and field exist only for the board: other staff see the record, not the file.
    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        return [*columns, "download"] if _is_board(request.user) else columns

    def get_fields(self, request, obj=None):
        fields = list(self.fields)
        return [*fields[:6], "download", *fields[6:]] if _is_board(request.user) else fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def get_urls(self):
        download = self.admin_site.admin_view(self.download_view)
        return [path("<int:pk>/download/", download, name="documents_rendereddocument_download"), *super().get_urls()]

    def download_view(self, request, pk):
        if not _is_board(request.user):
            raise PermissionDenied
        document = get_object_or_404(RenderedDocument, pk=pk)
        if document.status != RenderedDocument.Status.DONE or not document.file:
            raise Http404(_("Văn bản chưa có tệp PDF."))
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=f"{document.kind.replace('.', '-')}-{document.pk}.pdf",
            content_type="application/pdf",
        )

    @admin.display(description=gettext_lazy("SHA-256"))
    def short_sha256(self, obj: RenderedDocument) -> str:
        return obj.sha256[:16] + "…" if obj.sha256 else "—"

    @admin.display(description=gettext_lazy("Tải về"))
    def download(self, obj: RenderedDocument) -> str:
        if obj.status != RenderedDocument.Status.DONE or not obj.file:
            return "—"
        url = reverse("admin:documents_rendereddocument_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("PDF"))

    @admin.action(description=gettext_lazy("Dựng lại các văn bản lỗi đã chọn"))
    def retry(self, request, queryset):
        if not _is_board(request.user):
            raise PermissionDenied
        queued = 0
        for document in queryset:
            try:
                document_retry(document=document, actor=request.user)
                queued += 1
            except ValidationError as exc:
                self.message_user(request, f"{document}: {' '.join(exc.messages)}", messages.WARNING)
        if queued:
            self.message_user(request, _("Đã xếp hàng dựng lại %(count)d văn bản.") % {"count": queued})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not _is_board(request.user):
            actions.pop("retry", None)
        return actions


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(ReadOnlyAdmin):
    list_display = ["issuer_code", "type_code", "year", "last_number"]
    list_filter = ["year", "type_code", "issuer_code"]
    search_fields = ["issuer_code"]
