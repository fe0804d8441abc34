"""Admin for campaigns: registrations. Emulation years (deadlines) are edited through their service; sheets and
registrations are read-only here, and the workflow moves only through actions that call the services."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import (
    EmulationYear,
    Notification,
    Registration,
    RegistrationEvent,
    RegistrationReminder,
    RegistrationSheet,
)
from campaigns.services import registrations as services
from thidua.core.search import vi
from thidua.org.forms_admin import ServiceModelForm
from thidua.org.permissions import scope_for


class EmulationYearAdminForm(ServiceModelForm):
    class Meta:
        model = EmulationYear
        fields = ["year", "registration_deadline", "covenant_deadline", "notes"]

    def save_through_service(self, instance, *, actor):
        return services.emulation_year_save(actor=actor, emulation_year=instance)


@admin.register(EmulationYear)
class EmulationYearAdmin(admin.ModelAdmin):
    form = EmulationYearAdminForm
    list_display = ("year", "registration_deadline", "covenant_deadline")
    search_fields = ("year",)

    def save_model(self, request, obj, form, change):
        form.save_through_service(obj, actor=request.user)

    def has_delete_permission(self, request, obj=None):
        # A year holds sheets and deadlines that history refers to.
        return False


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


class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ("person", "title", "created_at")
    readonly_fields = fields
    verbose_name_plural = gettext_lazy("danh hiệu đăng ký")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "title", "unit", "sheet")


class RegistrationEventInline(ReadOnlyInline):
    model = RegistrationEvent
    fields = ("at", "actor", "from_status", "to_status", "note", "late_override")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "sheet")


class LateAcceptedFilter(admin.SimpleListFilter):
    title = gettext_lazy("chấp nhận sau hạn")
    parameter_name = "late"

    def lookups(self, request, model_admin):
        return [("1", _("Có")), ("0", _("Không"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.exclude(late_reason="")
        if self.value() == "0":
            return queryset.filter(late_reason="")
        return queryset


@admin.register(RegistrationSheet)
class RegistrationSheetAdmin(admin.ModelAdmin):
    list_display = ("display_name", "year", "status", "submitted_at", "decided_at", "late_accepted")
    list_filter = ("year", "status", LateAcceptedFilter, "unit__kind")
    search_fields = ("unit_name__ucontains", "unit__name__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên đơn vị (trong năm đó hoặc hiện nay), có dấu hay không dấu.")
    list_select_related = ("unit",)
    inlines = [RegistrationInline, RegistrationEventInline]
    actions = ["approve_sheets", "return_sheets", "accept_late_sheets"]
    fields = (
        "unit",
        "unit_name",
        "year",
        "status",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "decided_by",
        "return_reason",
        "late_accepted_by",
        "late_reason",
    )
    readonly_fields = fields

    @admin.display(description=gettext_lazy("đơn vị"), ordering=vi("unit_name"))
    def display_name(self, obj):
        return obj.unit_name

    @admin.display(description=gettext_lazy("sau hạn"), boolean=True)
    def late_accepted(self, obj):
        return bool(obj.late_reason)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return scope_for(request.user).is_board

    def _report(self, request, approved: int, refused: list[tuple[RegistrationSheet, str]], done: str) -> None:
        if approved:
            messages.success(request, done % {"count": approved})
        for sheet, reason in refused:
            messages.error(request, f"{sheet.unit_name} ({sheet.year}): {reason}")

    @admin.action(description=gettext_lazy("Duyệt các bản đăng ký đã gửi"), permissions=["decide"])
    def approve_sheets(self, request, queryset):
        result = services.sheets_approve(actor=request.user, sheets=queryset.order_by("pk"))
        self._report(request, len(result.approved), result.refused, _("Đã duyệt %(count)d bản đăng ký."))

    @admin.action(description=gettext_lazy("Trả lại đơn vị (nêu lý do)"), permissions=["decide"])
    def return_sheets(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            action="return_sheets",
            title=_("Trả lại bản đăng ký"),
            label=_("Lý do trả lại"),
            run=lambda sheet, reason: services.sheet_return(actor=request.user, sheet=sheet, reason=reason),
            done=_("Đã trả lại %(count)d bản đăng ký."),
        )

    @admin.action(description=gettext_lazy("Chấp nhận sau hạn (nêu lý do)"), permissions=["decide"])
    def accept_late_sheets(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            action="accept_late_sheets",
            title=_("Chấp nhận bản đăng ký sau hạn"),
            label=_("Lý do chấp nhận sau hạn"),
            run=lambda sheet, reason: services.sheet_approve(actor=request.user, sheet=sheet, late_reason=reason),
            done=_("Đã chấp nhận sau hạn %(count)d bản đăng ký."),
        )

    def _with_reason(self, request, queryset, *, action, title, label, run, done):
        """Ask for the reason on an intermediate page, then run the service for each sheet."""
        reason = request.POST.get("reason", "").strip()
        error = ""
        if "apply" in request.POST:
            if reason:
                refused, count = [], 0
                for sheet in queryset.order_by("pk"):
                    try:
                        run(sheet, reason)
                        count += 1
                    except ValidationError as exc:
                        refused.append((sheet, " ".join(exc.messages)))
                self._report(request, count, refused, done)
                return None
            error = _("Vui lòng nêu lý do.")
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "label": label,
            "action": action,
            "reason": reason,
            "error": error,
            "sheets": queryset,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "campaigns/registrations/admin_reason.html", context)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("display_person", "unit", "title", "year", "sheet_status")
    list_filter = ("year", "title")
    search_fields = ("person__full_name__ucontains", "unit__name__ucontains", "sheet__unit_name__ucontains")
    search_help_text = gettext_lazy("Tìm theo họ tên hoặc tên đơn vị, có dấu hay không dấu.")
    list_select_related = ("person", "unit", "title", "sheet")
    fields = ("sheet", "unit", "person", "title", "year", "created_at")
    readonly_fields = fields

    @admin.display(description=gettext_lazy("cá nhân"), ordering=vi("person__given_name"))
    def display_person(self, obj):
        return obj.person.full_name if obj.person_id else _("(Tập thể)")

    @admin.display(description=gettext_lazy("trạng thái bản đăng ký"), ordering="sheet__status")
    def sheet_status(self, obj):
        return obj.sheet.get_status_display()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "short_text", "read_at", "email_subject", "email_sent_at", "email_failed")
    list_filter = ("created_at", ("read_at", admin.EmptyFieldListFilter), ("email_error", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "text__ucontains")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in Notification._meta.fields]

    @admin.display(description=gettext_lazy("nội dung"))
    def short_text(self, obj):
        return str(obj)

    @admin.display(description=gettext_lazy("lỗi gửi thư"), boolean=True)
    def email_failed(self, obj):
        return bool(obj.email_error)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RegistrationReminder)
class RegistrationReminderAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "deadline", "missing_people", "recipients", "sent_at")
    list_filter = ("year", "deadline")
    search_fields = ("unit__name__ucontains",)
    list_select_related = ("unit",)
    readonly_fields = ("unit", "year", "deadline", "missing_people", "recipients", "sent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
