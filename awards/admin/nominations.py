"""Admin for awards: nominations. Dossiers are read-only here, with their history and attachments; the board
moves them only through actions that call the services (bulk approval, the council's approval)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.models import Attachment, Nomination, NominationEvent
from awards.services import nominations as services
from thidua.core.search import vi
from thidua.org.permissions import scope_for


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class NominationEventInline(ReadOnlyInline):
    model = NominationEvent
    fields = ("at", "actor", "from_status", "to_status", "note")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("lịch sử xử lý")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "nomination")


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("download", "kind", "size", "sha256", "uploaded_by", "uploaded_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("tệp"))
    def download(self, obj):
        # The portal's download view checks who may see the dossier; storage is never served directly.
        return format_html(
            '<a href="{}">{}</a>', reverse("nomination_attachment_download", args=[obj.pk]), obj.original_name
        )

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by", "nomination")


class OverriddenFilter(admin.SimpleListFilter):
    title = gettext_lazy("chấp nhận ngoại lệ")
    parameter_name = "overridden"

    def lookups(self, request, model_admin):
        return [("1", _("Có")), ("0", _("Không"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(override_at__isnull=False)
        if self.value() == "0":
            return queryset.filter(override_at__isnull=True)
        return queryset


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("candidate_name", "title", "year", "proposing_unit", "status", "eligible", "overridden", "source")
    list_filter = ("year", "status", "title", "source", "eligible", OverriddenFilter)
    search_fields = ("candidate_name__ucontains", "unit_name__ucontains", "proposing_unit__name__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên người, tập thể hoặc đơn vị đề nghị, có dấu hay không dấu.")
    list_select_related = ("title", "proposing_unit")
    inlines = [NominationEventInline, AttachmentInline]
    actions = ["approve_nominations", "council_approve_nominations"]
    fields = (
        "year",
        "title",
        "person",
        "unit",
        "candidate_name",
        "unit_name",
        "position",
        "proposing_unit",
        "term",
        "source",
        "source_reference",
        "status",
        "achievements",
        "eligible",
        "eligibility",
        "checked_at",
        "override_reason",
        "override_by",
        "override_at",
        "return_reason",
        "created_by",
        "created_at",
        "submitted_at",
    )
    readonly_fields = fields
    ordering = ("-year", "status", vi("candidate_name"))

    @admin.display(description=gettext_lazy("ngoại lệ"), boolean=True)
    def overridden(self, obj):
        return obj.override_at is not None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return scope_for(request.user).is_board

    def _bulk(self, request, queryset, run, done: str) -> None:
        try:
            moved = run(actor=request.user, nominations=list(queryset.order_by("pk")))
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
        else:
            self.message_user(request, done % {"count": len(moved)}, messages.SUCCESS)

    @admin.action(description=gettext_lazy("Duyệt các hồ sơ đã chọn"), permissions=["decide"])
    def approve_nominations(self, request, queryset):
        self._bulk(
            request, queryset, services.nomination_approve_many, _("Đã duyệt %(count)d hồ sơ, trình Hội đồng xét.")
        )

    @admin.action(description=gettext_lazy("Ghi nhận Hội đồng đồng ý các hồ sơ đã chọn"), permissions=["decide"])
    def council_approve_nominations(self, request, queryset):
        self._bulk(
            request,
            queryset,
            services.nomination_council_approve_many,
            _("Đã ghi nhận Hội đồng đồng ý %(count)d hồ sơ."),
        )
