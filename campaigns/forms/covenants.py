"""Portal forms for covenants: the text, the score table (a formset of criteria) and a member's signature."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.org.models import Unit


class CovenantForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Tiêu đề"),
        max_length=300,
        error_messages={
            "required": gettext_lazy("Vui lòng nhập tiêu đề giao ước."),
            "max_length": gettext_lazy("Tiêu đề giao ước dài tối đa 300 ký tự."),
        },
    )
    targets = forms.CharField(
        label=gettext_lazy("Nội dung giao ước, chỉ tiêu"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("Mỗi chỉ tiêu một dòng."),
        error_messages={"required": gettext_lazy("Vui lòng nhập nội dung giao ước, chỉ tiêu.")},
    )


class CriterionForm(forms.Form):
    """One row of the score table; an empty row is ignored (the extra row at the bottom)."""

    name = forms.CharField(label=gettext_lazy("Tiêu chí"), max_length=300, required=False)
    max_points = forms.DecimalField(
        label=gettext_lazy("Điểm tối đa"),
        max_digits=6,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        error_messages={
            "invalid": gettext_lazy("Điểm tối đa phải là một số."),
            "max_digits": gettext_lazy("Điểm tối đa không quá 9999,99."),
            "max_whole_digits": gettext_lazy("Điểm tối đa không quá 9999,99."),
            "max_decimal_places": gettext_lazy("Điểm tối đa có tối đa hai chữ số thập phân."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        name, points = (cleaned.get("name") or "").strip(), cleaned.get("max_points")
        if name and points is None and "max_points" not in self.errors:
            self.add_error("max_points", _("Vui lòng nhập điểm tối đa."))
        if points is not None and not name:
            self.add_error("name", _("Vui lòng nhập tên tiêu chí."))
        if points is not None and points <= 0:
            self.add_error("max_points", _("Điểm tối đa phải lớn hơn 0."))
        return cleaned


class BaseCriterionFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.rows():
            raise forms.ValidationError(_("Bảng điểm phải có ít nhất một tiêu chí."))

    def rows(self) -> list[tuple[str, Decimal]]:
        """The filled rows in order, without the deleted ones."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not (data.get("name") or "").strip():
                continue
            rows.append((data["name"], data["max_points"]))
        return rows

    def total(self) -> Decimal:
        total = Decimal(0)
        for form in self.forms:
            if self.is_bound:
                data = getattr(form, "cleaned_data", None) or {}
                value = None if data.get("DELETE") else data.get("max_points")
            else:
                value = form.initial.get("max_points")
            total += Decimal(value or 0)
        return total


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=2, can_delete=True, max_num=100, validate_max=True
)


class SignForm(forms.Form):
    """A member unit's signature: which unit (when the user signs for several), the signer's name and title."""

    unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị ký"),
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Vui lòng chọn đơn vị ký."),
            "invalid_choice": gettext_lazy("Bạn không được ký thay đơn vị này, hoặc đơn vị đã ký."),
        },
    )
    signer_name = forms.CharField(
        label=gettext_lazy("Họ và tên người ký"),
        max_length=150,
        error_messages={"required": gettext_lazy("Vui lòng nhập họ tên người ký.")},
    )
    signer_title = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Để trống: chức danh người đứng đầu đơn vị."),
    )

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].widget = forms.HiddenInput()
