"""Admin for awards: the award history. Entries are added, corrected and removed through the history services;
those given by a decision of the system are read-only here (they change only by a new decision)."""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from thidua.core.search import vi
from thidua.org.forms_admin import ServiceModelForm

from ..models import Award
from ..services import history as services

# On a change, only these are edited; another recipient, title or year is another award.
CORRECTABLE = ("decision_number", "decision_date", "decision_issuer", "notes")


class AwardAdminForm(ServiceModelForm):
    class Meta:
        model = Award
        fields = ["title", "year", "person", "unit", *CORRECTABLE]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in ("title", "year", "person", "unit"):
                if name in self.fields:
                    self.fields[name].disabled = True

    def save_through_service(self, instance, *, actor):
        values = {name: getattr(instance, name) for name in CORRECTABLE}
        if instance.pk:
            return services.award_update(actor=actor, award=instance, **values)
        return services.award_create(
            actor=actor,
            title=instance.title,
            year=instance.year,
            person=instance.person,
            unit=instance.unit,
            **values,
        )


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    form = AwardAdminForm
    list_display = ("recipient_name", "unit_name", "title", "year", "decision_number", "decision_date", "source")
    list_filter = ("year", "title", "source")
    search_fields = ("recipient_name__ucontains", "unit_name__ucontains", "decision_number")
    search_help_text = gettext_lazy(
        "Tìm theo tên cá nhân, tập thể, đơn vị (gõ có dấu hay không dấu đều được) hoặc số quyết định."
    )
    list_select_related = ("title",)
    autocomplete_fields = ("person", "unit")
    readonly_fields = ("recipient_name", "unit_name", "decision_link", "source", "created_by", "created_at")
    ordering = ("-year", vi("recipient_name"), "pk")

    @admin.display(description=gettext_lazy("quyết định trong hệ thống"))
    def decision_link(self, obj):
        if obj is None or not obj.decision_id:
            return "—"
        try:
            url = reverse("admin:awards_decision_change", args=[obj.decision_id])
        except NoReverseMatch:
            return str(obj.decision)
        return format_html('<a href="{}">{}</a>', url, obj.decision)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["title", "year", "person", "unit", *CORRECTABLE]
        return [
            "title",
            "year",
            "person",
            "unit",
            "recipient_name",
            "unit_name",
            "decision_link",
            *CORRECTABLE,
            "source",
            "created_by",
            "created_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.source == Award.Source.DECISION:
            return [*self.get_fields(request, obj)]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # Viewing stays allowed (has_view_permission); the form of a decided award has no field to change.
        if obj is not None and obj.source == Award.Source.DECISION:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.source == Award.Source.DECISION:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        saved = form.save_through_service(obj, actor=request.user)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        services.award_delete(actor=request.user, award=obj)

    def delete_queryset(self, request, queryset):
        # The bulk action never gets here with a decided award (has_delete_permission refuses the selection).
        for award in queryset.exclude(source=Award.Source.DECISION).select_related("title"):
            services.award_delete(actor=request.user, award=award)
