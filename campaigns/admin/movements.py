"""Admin for campaigns: movements (with their launch plan) and exemplary models, saved through the services."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from thidua.core.search import vi
from thidua.org.admin import ServiceSaveMixin
from thidua.org.forms_admin import ServiceModelForm
from thidua.org.models import ClusterTerm, Unit

from ..forms.movements import check_dates
from ..models import ExemplaryModel, Movement
from ..services.exemplary import exemplary_create, exemplary_delete, exemplary_update
from ..services.movements import movement_delete, movement_save


class MovementAdminForm(ServiceModelForm):
    participant_terms = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Cụm, khối, khu vực tham gia"),
        queryset=ClusterTerm.objects.select_related("cluster"),
        required=False,
        widget=FilteredSelectMultiple(gettext_lazy("cụm, khối, khu vực"), is_stacked=False),
    )
    participant_units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Đơn vị tham gia"),
        queryset=Unit.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(gettext_lazy("đơn vị"), is_stacked=False),
    )

    class Meta:
        model = Movement
        fields = [
            "year",
            "launched_by_term",
            "name",
            "kind",
            "goals",
            "content",
            "start_date",
            "end_date",
            "participants",
            "participant_terms",
            "participant_units",
        ]

    def clean(self):
        cleaned = super().clean()
        check_dates(self)
        return cleaned

    def save_through_service(self, instance, *, actor):
        return movement_save(
            actor=actor,
            movement=instance,
            participant_terms=self.cleaned_data.get("participant_terms") or [],
            participant_units=self.cleaned_data.get("participant_units") or [],
        )


@admin.register(Movement)
class MovementAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = MovementAdminForm
    list_display = ("display_name", "year", "kind", "launcher", "start_date", "end_date", "plan_number")
    list_filter = ("year", "kind", "participants")
    search_fields = ("name__ucontains", "issuer__name__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên phong trào hoặc đơn vị ban hành, gõ có dấu hay không dấu đều được.")
    list_select_related = ("launched_by_term__cluster", "issuer")
    autocomplete_fields = ("launched_by_term",)
    readonly_fields = ("issuer", "plan_number", "plan_link", "created_by", "created_at")
    fieldsets = (
        (None, {"fields": ("year", "launched_by_term", "issuer", "name", "kind", "start_date", "end_date")}),
        (gettext_lazy("Nội dung"), {"fields": ("goals", "content")}),
        (gettext_lazy("Đối tượng tham gia"), {"fields": ("participants", "participant_terms", "participant_units")}),
        (gettext_lazy("Kế hoạch phát động"), {"fields": ("plan_number", "plan_link", "created_by", "created_at")}),
    )

    @admin.display(description=gettext_lazy("tên phong trào"), ordering=vi("name"))
    def display_name(self, obj):
        return obj.name

    @admin.display(description=gettext_lazy("đơn vị phát động"))
    def launcher(self, obj):
        return obj.launched_by_term.cluster.name if obj.launched_by_term_id else obj.issuer.name

    @admin.display(description=gettext_lazy("văn bản kế hoạch"))
    def plan_link(self, obj):
        if not obj.pk or not obj.plan_document_id:
            return "-"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("movement_detail", args=[obj.pk]),
            gettext_lazy("trang phong trào"),
            reverse("admin:documents_rendereddocument_change", args=[obj.plan_document_id]),
            gettext_lazy("văn bản PDF"),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.plan_document_id:
            # The plan is numbered in its launcher's series for its year.
            return (*self.readonly_fields, "year", "launched_by_term")
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        # An issued plan keeps its number and its movement.
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.plan_document_id)

    def delete_model(self, request, obj):
        movement_delete(actor=request.user, movement=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("issuer"):
            movement_delete(actor=request.user, movement=obj)

    def save_related(self, request, form, formsets, change):
        # The participants were saved by movement_save with the movement.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class ExemplaryAdminForm(ServiceModelForm):
    class Meta:
        model = ExemplaryModel
        fields = ["year", "unit", "person", "description"]

    def save_through_service(self, instance, *, actor):
        if instance.pk:
            return exemplary_update(actor=actor, exemplary=instance, description=instance.description)
        created = exemplary_create(
            actor=actor,
            year=instance.year,
            unit=instance.unit,
            person=instance.person,
            description=instance.description,
        )
        # The admin logs and redirects with the instance it holds: give it the stored row's values.
        instance.pk, instance.unit_name, instance.person_name = created.pk, created.unit_name, created.person_name
        instance.created_by_id, instance.created_at = created.created_by_id, created.created_at
        return created


@admin.register(ExemplaryModel)
class ExemplaryModelAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ExemplaryAdminForm
    list_display = ("who", "unit_name", "year", "created_by", "created_at")
    list_filter = ("year",)
    search_fields = ("unit_name__ucontains", "person_name__ucontains", "description__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên đơn vị, cá nhân hoặc thành tích, gõ có dấu hay không dấu đều được.")
    list_select_related = ("created_by",)
    autocomplete_fields = ("unit", "person")

    @admin.display(description=gettext_lazy("điển hình"), ordering=vi("person_name"))
    def who(self, obj):
        return obj.person_name or obj.unit_name

    def get_readonly_fields(self, request, obj=None):
        base = ("unit_name", "person_name", "created_by", "created_at")
        if obj is not None and obj.pk:
            # Who and which year is the mark itself: to change them, remove it and mark again.
            return ("year", "unit", "person", *base)
        return base

    def delete_model(self, request, obj):
        exemplary_delete(actor=request.user, exemplary=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("unit"):
            exemplary_delete(actor=request.user, exemplary=obj)
