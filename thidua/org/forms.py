"""Portal forms for the organization: well-formed input only; the rules live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Person

MIN_BIRTH_YEAR = 1900


class PersonForm(forms.ModelForm):
    """A person of a unit, as unit staff enter it. The unit comes from the page, not from the form."""

    gender = forms.ChoiceField(
        label=gettext_lazy("Giới tính"),
        choices=Person.Gender.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Vui lòng chọn giới tính."),
            "invalid_choice": gettext_lazy("Giới tính không hợp lệ."),
        },
    )

    class Meta:
        model = Person
        fields = ["full_name", "position", "gender", "birth_year", "email", "is_active"]
        error_messages = {
            "full_name": {"required": gettext_lazy("Vui lòng nhập họ và tên.")},
            "email": {"invalid": gettext_lazy("Địa chỉ thư điện tử không hợp lệ.")},
            "birth_year": {"invalid": gettext_lazy("Năm sinh phải là một số, ví dụ 1980.")},
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "birth_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_birth_year = timezone.localdate().year
        birth_year = self.fields["birth_year"]
        birth_year.widget.attrs.update(min=MIN_BIRTH_YEAR, max=self.max_birth_year)
        out_of_range = self._birth_year_message()
        # The model's own range checks report in these words too, instead of Django's generic ones.
        birth_year.error_messages.update(min_value=out_of_range, max_value=out_of_range)

    def _birth_year_message(self) -> str:
        return _("Năm sinh phải từ %(min)s đến %(max)s.") % {"min": MIN_BIRTH_YEAR, "max": self.max_birth_year}

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        if year is not None and not MIN_BIRTH_YEAR <= year <= self.max_birth_year:
            raise ValidationError(self._birth_year_message(), code="out_of_range")
        return year


class PersonEditForm(PersonForm):
    """Editing a person: unit staff may also move the person to another unit they manage."""

    class Meta(PersonForm.Meta):
        fields = ["full_name", "unit", "position", "gender", "birth_year", "email", "is_active"]
        error_messages = {
            **PersonForm.Meta.error_messages,
            "unit": {
                "required": gettext_lazy("Vui lòng chọn đơn vị."),
                "invalid_choice": gettext_lazy("Bạn chỉ được chuyển cá nhân sang đơn vị do mình quản lý."),
            },
        }

    def __init__(self, *args, unit_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = unit_queryset
        self.fields["unit"].empty_label = None


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
