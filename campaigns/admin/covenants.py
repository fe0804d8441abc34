"""Admin for campaigns: covenants with their score table inline and their signatures (read only), saved through
the services."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import construct_change_message
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Covenant, CovenantCriterion, CovenantSignature
from ..services.covenants import covenant_create, covenant_update


class CriterionInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Bảng điểm phải có ít nhất một tiêu chí."))

    def rows(self) -> list[tuple]:
        """(name, max points) of the kept rows, in their order."""
        kept = [
            form.cleaned_data
            for form in self.forms
            if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda data: data.get("order") or 0)
        return [(data["name"], data["max_points"]) for data in kept]


class CriterionInline(admin.TabularInline):
    model = CovenantCriterion
    formset = CriterionInlineFormSet
    fields = ("order", "name", "max_points")
    extra = 0
    min_num = 1

    def _editable(self, obj) -> bool:
        return obj is None or obj.status == Covenant.Status.DRAFT

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(obj)


class SignatureInline(admin.TabularInline):
    """The members' signatures: given in the portal by each unit's staff, never edited here."""

    model = CovenantSignature
    fields = ("unit_name", "signer_name", "signer_title", "signed_by", "signed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CovenantAdminForm(forms.ModelForm):
    class Meta:
        model = Covenant
        fields = ["term", "title", "targets"]


@admin.register(Covenant)
class CovenantAdmin(admin.ModelAdmin):
    form = CovenantAdminForm
    inlines = (CriterionInline, SignatureInline)
    list_display = ("title", "term", "year", "status", "signed", "locked_at")
    list_filter = ("term__year", "status", "term__kind")
    search_fields = ("title__ucontains", "term__cluster__name__ucontains")
    list_select_related = ("term__cluster",)
    autocomplete_fields = ("term",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(signature_count=Count("signatures"))

    @admin.display(description=gettext_lazy("năm"), ordering="term__year")
    def year(self, obj):
        return obj.term.year

    @admin.display(description=gettext_lazy("số đơn vị đã ký"), ordering="signature_count")
    def signed(self, obj):
        return obj.signature_count

    @admin.display(description=gettext_lazy("văn bản giao ước"))
    def document_link(self, obj):
        if not obj.pk or not obj.document_id:
            return "-"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("covenant_detail", args=[obj.pk]),
            _("trang giao ước"),
            reverse("admin:documents_rendereddocument_change", args=[obj.document_id]),
            _("văn bản PDF"),
        )

    def get_readonly_fields(self, request, obj=None):
        base = ("status", "drafted_by", "locked_at", "document_link")
        if obj is None:
            return base
        if obj.status != Covenant.Status.DRAFT:
            # Signing has started: the members signed this text.
            return ("term", "title", "targets", *base)
        return ("term", *base)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.status == Covenant.Status.DRAFT)

    def construct_change_message(self, request, form, formsets, add=False):
        # The criteria were written by the service, not by the inline formsets: the audit trail has each row.
        return construct_change_message(form, [], add)

    def save_model(self, request, obj, form, change):
        # Saved together with its score table by the service, in save_related.
        return

    def save_related(self, request, form, formsets, change):
        criteria = next((f for f in formsets if isinstance(f, CriterionInlineFormSet)), None)
        covenant = form.instance
        if covenant.status != Covenant.Status.DRAFT and change:
            return
        rows = criteria.rows() if criteria is not None else []
        if change:
            covenant_update(
                actor=request.user, covenant=covenant, title=covenant.title, targets=covenant.targets, criteria=rows
            )
        else:
            created = covenant_create(
                actor=request.user, term=covenant.term, title=covenant.title, targets=covenant.targets, criteria=rows
            )
            # The admin logs and redirects with the instance it holds.
            covenant.pk, covenant.status, covenant.drafted_by = created.pk, created.status, created.drafted_by
