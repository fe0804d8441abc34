"""Admin for awards: decisions with their lines inline, changed only through the services. A draft's text and its
lines' wording can be corrected here; issued decisions are read-only but for the actions; signed ones entirely.
New decisions are drafted in the portal, from approved nominations or a cluster term."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.org.admin import ServiceSaveMixin
from thidua.org.forms_admin import ServiceModelForm

from ..forms.decisions import REQUIRED
from ..models import Decision, DecisionItem
from ..services.decisions import (
    decision_delete,
    decision_issue,
    decision_items_update,
    decision_retry,
    decision_sign,
    decision_update,
)

D = Decision.Status
ITEM_TEXT = ("order", "name", "position", "unit_name")


class DecisionItemInlineFormSet(forms.BaseInlineFormSet):
    def save(self, commit=True):
        # The lines are saved by DecisionAdmin.save_formset through decision_items_update.
        return []


class DecisionItemInline(admin.TabularInline):
    model = DecisionItem
    formset = DecisionItemInlineFormSet
    fields = ("order", "name", "position", "unit_name", "role", "nomination", "person", "unit")
    readonly_fields = ("role", "nomination", "person", "unit")
    extra = 0
    ordering = ("order", "pk")

    def _draft(self, obj) -> bool:
        return obj is not None and obj.status == D.DRAFT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("nomination", "person", "unit")

    def get_readonly_fields(self, request, obj=None):
        return self.fields if not self._draft(obj) else self.readonly_fields

    def has_add_permission(self, request, obj=None):
        # Lines come from the approved nominations or the term's leader and deputies, never typed in.
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._draft(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._draft(obj)


class DecisionAdminForm(ServiceModelForm):
    class Meta:
        model = Decision
        fields = [
            "place",
            "date",
            "subject",
            "legal_bases",
            "proposal",
            "closing_articles",
            "recipients",
            "signer_authority",
            "signer_position",
            "signer_name",
            "issuer_parent",
            "issuer_name",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in REQUIRED:
                field.error_messages["required"] = REQUIRED[name]

    def save_through_service(self, instance, *, actor):
        return decision_update(actor=actor, decision=instance)


@admin.register(Decision)
class DecisionAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = DecisionAdminForm
    inlines = (DecisionItemInline,)
    list_display = ("display_number", "date", "subject", "kind", "year", "status", "document_status")
    list_filter = ("status", "kind", "year")
    search_fields = ("number_text", "subject__ucontains", "items__name__ucontains")
    search_help_text = gettext_lazy("Tìm theo số, trích yếu hoặc tên người, tập thể trong quyết định.")
    list_select_related = ("title", "term__cluster", "document")
    date_hierarchy = "date"
    # Drafts (no number yet) first among the decisions of their date, on every database.
    ordering = ("-date", F("number").desc(nulls_first=True), "-pk")
    actions = ("issue_selected", "sign_selected", "retry_selected")
    facts = (
        "kind",
        "status",
        "year",
        "title",
        "term",
        "issuer_code",
        "number_text",
        "corrects",
        "document_link",
        "created_by",
        "created_at",
        "issued_by",
        "issued_at",
        "signed_by",
        "signed_at",
    )
    fieldsets = (
        (None, {"fields": facts}),
        (
            gettext_lazy("Nội dung"),
            {
                "fields": (
                    "place",
                    "date",
                    "subject",
                    "legal_bases",
                    "proposal",
                    "closing_articles",
                    "recipients",
                    "signer_authority",
                    "signer_position",
                    "signer_name",
                    "issuer_parent",
                    "issuer_name",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).defer("document__data")

    @admin.display(description=gettext_lazy("số, ký hiệu"), ordering="number")
    def display_number(self, obj):
        return obj.number_text or _("(chưa cấp số)")

    @admin.display(description=gettext_lazy("văn bản PDF"))
    def document_status(self, obj):
        return obj.document.get_status_display() if obj.document_id else "-"

    @admin.display(description=gettext_lazy("văn bản PDF"))
    def document_link(self, obj):
        if not obj.pk:
            return "-"
        page = format_html('<a href="{}">{}</a>', reverse("decision_detail", args=[obj.pk]), _("trang quyết định"))
        if not obj.document_id:
            return page
        return format_html(
            '{} · <a href="{}">{}</a>',
            page,
            reverse("admin:documents_rendereddocument_change", args=[obj.document_id]),
            obj.document.get_status_display(),
        )

    def has_add_permission(self, request):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.facts

    def has_change_permission(self, request, obj=None):
        # Issued: corrected before signature in the portal (the PDF is rendered again); signed: the decision and
        # its PDF never change. Either way the admin shows it read-only, with the actions of the list.
        return super().has_change_permission(request, obj) and (obj is None or obj.status == D.DRAFT)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == D.DRAFT)

    def delete_model(self, request, obj):
        decision_delete(actor=request.user, decision=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            decision_delete(actor=request.user, decision=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not DecisionItem:
            return super().save_formset(request, form, formset, change)
        changes, removed = [], []
        # What the admin's history message reads (construct_change_message), as formset.save() would set it.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for item_form in formset.forms:
            item = item_form.instance
            if item.pk is None or not hasattr(item_form, "cleaned_data"):
                continue
            if item_form.cleaned_data.get("DELETE"):
                removed.append(item)
                formset.deleted_objects.append(item)
            elif item_form.has_changed():
                changes.append(item)
                formset.changed_objects.append((item, item_form.changed_data))
        if changes or removed:
            try:
                decision_items_update(actor=request.user, decision=form.instance, changes=changes, removed=removed)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
        return None

    def _run(self, request, queryset, service, done: str):
        ok = 0
        for decision in queryset.order_by("date", "pk"):
            try:
                service(actor=request.user, decision=decision)
            except ValidationError as exc:
                messages.error(request, f"{decision}: {' '.join(exc.messages)}")
            else:
                ok += 1
        if ok:
            messages.success(request, done % {"count": ok})

    @admin.action(description=gettext_lazy("Cấp số và dựng văn bản các dự thảo đã chọn"))
    def issue_selected(self, request, queryset):
        self._run(request, queryset, decision_issue, _("Đã cấp số %(count)s quyết định."))

    @admin.action(description=gettext_lazy("Ghi nhận đã ký các quyết định đã chọn"))
    def sign_selected(self, request, queryset):
        self._run(request, queryset, decision_sign, _("Đã ghi nhận %(count)s quyết định đã ký."))

    @admin.action(description=gettext_lazy("Dựng lại văn bản bị lỗi của các quyết định đã chọn"))
    def retry_selected(self, request, queryset):
        self._run(request, queryset, decision_retry, _("Đã yêu cầu dựng lại %(count)s văn bản."))
