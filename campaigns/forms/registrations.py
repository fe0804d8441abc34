"""Portal forms for registrations: well-formed input only; the workflow rules live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from campaigns.models import RegistrationSheet
from thidua.org.models import Person, Unit
from thidua.titles.models import Title


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _titles(subject: str):
    return Title.objects.filter(is_active=True, category=Title.Category.EMULATION, subject=subject)


class CollectiveTitleForm(forms.Form):
    """The unit's own title for the year; empty clears it."""

    title = forms.ModelChoiceField(
        label=_("Danh hiệu tập thể đăng ký"),
        queryset=_titles(Title.Subject.COLLECTIVE),
        required=False,
        empty_label=_("— Không đăng ký danh hiệu tập thể —"),
        error_messages={"invalid_choice": _("Danh hiệu tập thể không hợp lệ hoặc không còn áp dụng.")},
    )


class RegistrationAddForm(forms.Form):
    """One person of the unit and the title they register for."""

    person = forms.ModelChoiceField(
        label=_("Cá nhân"),
        queryset=Person.objects.none(),
        error_messages={
            "required": _("Vui lòng chọn cá nhân."),
            "invalid_choice": _("Cá nhân này không thuộc đơn vị hoặc không còn công tác."),
        },
    )
    title = forms.ModelChoiceField(
        label=_("Danh hiệu cá nhân"),
        queryset=_titles(Title.Subject.INDIVIDUAL),
        error_messages={
            "required": _("Vui lòng chọn danh hiệu."),
            "invalid_choice": _("Danh hiệu cá nhân không hợp lệ hoặc không còn áp dụng."),
        },
    )

    def __init__(self, *args, unit: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(unit=unit, is_active=True)


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Vui lòng nêu lý do trả lại để đơn vị biết cần sửa gì.")},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Vui lòng nêu lý do trả lại để đơn vị biết cần sửa gì."), code="required")
        return reason


class ApproveForm(forms.Form):
    """Approve; after the deadline, accepting a sheet the unit did not send needs a written reason."""

    late_reason = forms.CharField(
        label=_("Lý do chấp nhận sau hạn"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class BulkApproveForm(forms.Form):
    sheets = forms.ModelMultipleChoiceField(
        label=_("Bản đăng ký"),
        queryset=RegistrationSheet.objects.none(),
        error_messages={
            "required": _("Vui lòng chọn ít nhất một bản đăng ký để duyệt."),
            "invalid_choice": _("Có bản đăng ký không tồn tại hoặc bạn không được xem."),
            "invalid_pk_value": _("Có bản đăng ký không hợp lệ."),
        },
    )

    def __init__(self, *args, sheets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sheets"].queryset = sheets
