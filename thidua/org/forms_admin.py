"""Forms of the board's admin: each model form validates by running the very service that will save it."""

import copy

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.forms import ImportForm, SelectableFieldsExportForm

from . import services
from .models import Cluster, ClusterMembership, ClusterTerm, Person, Unit


def unit_name_taken(*, name: str, parent: Unit | None, pk: int | None) -> str | None:
    """The message for a unit name already used by a sibling (or by another root unit), else None.

    The database refuses such a name too, but with the constraint's English name; this says it in Vietnamese.
    """
    if not name:
        return None
    siblings = Unit.objects.filter(name=name, parent=parent)
    if pk:
        siblings = siblings.exclude(pk=pk)
    if not siblings.exists():
        return None
    if parent is None:
        return _("Đã có một đơn vị gốc (không có đơn vị cấp trên) tên «%(name)s».") % {"name": name}
    return _("«%(parent)s» đã có một đơn vị trực thuộc tên «%(name)s».") % {"parent": parent, "name": name}


class ServiceModelForm(forms.ModelForm):
    """A model form whose validation runs the service that saves it, in a savepoint that is always rolled back.

    Why this design: the admin calls save_model only once the form is valid, and a ValidationError raised there
    is a server error, not a message on the form. Running the service itself here, on a copy of the instance and
    inside a savepoint rolled back at once, reports every rule the service enforces (no cycle in the tree, the
    cluster rules, the database constraints) on the form's fields, without copying those rules into the form.
    ModelAdmin.save_model then calls `save_through_service` again, for real, with the board user as the actor.
    """

    def save_through_service(self, instance, *, actor):
        raise NotImplementedError

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        # A copy, so that what the trial run sets (a primary key, the tree path) does not outlive its rollback.
        candidate = copy.copy(self.instance)
        try:
            with transaction.atomic():
                self.save_through_service(candidate, actor=None)
                transaction.set_rollback(True)
        except ValidationError as exc:
            self._add_service_errors(exc)
        except IntegrityError:
            self.add_error(None, _("Dữ liệu vừa bị thay đổi bởi một thao tác khác; vui lòng tải lại trang và thử lại."))

    def _add_service_errors(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc.messages)
            return
        for field, errors in exc.error_dict.items():
            self.add_error(field if field in self.fields else None, errors)


class UnitAdminForm(ServiceModelForm):
    class Meta:
        model = Unit
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "province",
            "head_title",
            "is_active",
            "established_year",
            "dissolved_year",
            "merged_into",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        message = unit_name_taken(name=cleaned.get("name"), parent=cleaned.get("parent"), pk=self.instance.pk)
        if message:
            self.add_error("name", message)
        return cleaned

    def save_through_service(self, instance, *, actor):
        return services.unit_save(actor=actor, unit=instance)


class PersonAdminForm(ServiceModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "unit", "position", "gender", "birth_year", "email", "is_active"]

    def save_through_service(self, instance, *, actor):
        return services.person_save(actor=actor, person=instance)


class ClusterAdminForm(ServiceModelForm):
    class Meta:
        model = Cluster
        fields = ["kind", "name", "short_name", "description", "is_active"]

    def save_through_service(self, instance, *, actor):
        return services.cluster_save(actor=actor, cluster=instance)


class ClusterTermAdminForm(ServiceModelForm):
    """A cluster's term with its member units, leader and deputies, saved by services.cluster_term_save."""

    members = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Đơn vị thành viên"),
        queryset=Unit.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(gettext_lazy("đơn vị thành viên"), is_stacked=False),
    )
    leader = forms.ModelChoiceField(
        label=gettext_lazy("Cụm trưởng (Trưởng khu vực)"),
        queryset=Unit.objects.all(),
        required=False,
        help_text=gettext_lazy("Phải là một đơn vị thành viên."),
    )
    deputies = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Cụm phó (Phó trưởng khu vực)"),
        queryset=Unit.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(gettext_lazy("Cụm phó"), is_stacked=False),
        help_text=gettext_lazy("Phải là đơn vị thành viên, không trùng Cụm trưởng."),
    )

    class Meta:
        model = ClusterTerm
        fields = ["cluster", "year", "decision_number", "decision_date", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            memberships = list(self.instance.memberships.values_list("unit_id", "role"))
            self.initial.setdefault("members", [unit_id for unit_id, _role in memberships])
            self.initial.setdefault(
                "leader", next((u for u, role in memberships if role == ClusterMembership.Role.LEADER), None)
            )
            self.initial.setdefault("deputies", [u for u, role in memberships if role == ClusterMembership.Role.DEPUTY])

    def save_through_service(self, instance, *, actor):
        return services.cluster_term_save(
            actor=actor,
            term=instance,
            members=list(self.cleaned_data.get("members") or []),
            leader=self.cleaned_data.get("leader"),
            deputies=list(self.cleaned_data.get("deputies") or []),
        )


# django-import-export ships no Vietnamese catalogue: its forms are relabelled here, its templates are
# overridden under templates/admin/import_export/.
_NO_DATA = gettext_lazy("No valid data to import. Ensure your file has the correct headers or data for import.")


class BoardImportForm(ImportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].label = _("Loại dữ liệu")
        self.fields["import_file"].label = _("Tệp cần nhập")
        self.fields["import_file"].help_text = _(
            "Tệp CSV (mã hóa UTF-8) hoặc Excel (.xlsx); dòng 1 là dòng tiêu đề. Dữ liệu chỉ được ghi sau khi "
            "bạn xem trước và xác nhận."
        )
        self.fields["format"].label = _("Định dạng")

    def add_error(self, field, error):
        if field == "import_file" and str(error) == str(_NO_DATA):
            error = _("Tệp không có dòng dữ liệu nào: dòng 1 là dòng tiêu đề, dữ liệu bắt đầu từ dòng 2.")
        super().add_error(field, error)


class BoardExportForm(SelectableFieldsExportForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resource"].label = _("Loại dữ liệu")
        self.fields["format"].label = _("Định dạng")

    def _get_field_label(self, resource, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name

    def _validate_any_field_selected(self, resource) -> None:
        if not any(v for k, v in self.cleaned_data.items() if k in resource().get_export_order()):
            raise forms.ValidationError(_("Hãy chọn ít nhất một cột để xuất."), code="invalid")
