"""Portal forms for movements, their launch plan and exemplary models: well-formed input only; the rules live in
the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.org.models import ClusterTerm, Person, Unit

from ..documents import PlanInputs
from ..models import Movement

DATE_WIDGET = {"type": "date"}


class MovementForm(forms.ModelForm):
    """A movement as the board or a cluster's leader unit enters it. `terms` are the cluster terms the user may
    launch for; the board may also leave the launcher empty (the Ministry)."""

    launched_by_term = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị phát động"),
        queryset=ClusterTerm.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Bạn không được phát động phong trào cho cụm này.")},
    )
    participant_terms = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Cụm, khối, khu vực tham gia"),
        queryset=ClusterTerm.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": gettext_lazy("Cụm, khối, khu vực đã chọn không thuộc năm thi đua này.")},
    )
    participant_units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Đơn vị tham gia"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=gettext_lazy("Chỉ dùng khi đối tượng tham gia là các đơn vị được liệt kê."),
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
        widgets = {
            "year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1945, "max": 2100}),
            "start_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "participants": forms.RadioSelect,
            "goals": forms.Textarea(attrs={"rows": 5}),
            "content": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "goals": gettext_lazy("Mỗi ý một dòng; in thành mục «Mục đích, yêu cầu» của kế hoạch."),
            "content": gettext_lazy("Mỗi ý một dòng; in thành mục «Nội dung, biện pháp tổ chức»."),
        }
        error_messages = {
            "name": {"required": gettext_lazy("Vui lòng nhập tên phong trào.")},
            "goals": {"required": gettext_lazy("Vui lòng nêu mục tiêu, chỉ tiêu của phong trào.")},
            "kind": {"required": gettext_lazy("Vui lòng chọn loại phong trào.")},
            "year": {
                "required": gettext_lazy("Vui lòng nhập năm thi đua."),
                "invalid": gettext_lazy("Năm không hợp lệ."),
            },
            "start_date": {
                "required": gettext_lazy("Vui lòng nhập ngày bắt đầu."),
                "invalid": gettext_lazy("Ngày bắt đầu không hợp lệ."),
            },
            "end_date": {
                "required": gettext_lazy("Vui lòng nhập ngày kết thúc."),
                "invalid": gettext_lazy("Ngày kết thúc không hợp lệ."),
            },
        }

    def __init__(self, *args, terms, ministry_allowed: bool, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        launcher = self.fields["launched_by_term"]
        launcher.queryset = terms
        launcher.required = not ministry_allowed
        launcher.empty_label = gettext_lazy("Bộ Tư pháp") if ministry_allowed else None
        if self.instance.pk and self.instance.plan_document_id:
            # The plan is issued under this launcher's number series and this year.
            self.fields["year"].disabled = True
            launcher.disabled = True
        form_year = self._form_year(year)
        self.fields["participant_terms"].queryset = ClusterTerm.objects.filter(year=form_year).select_related("cluster")
        self.fields["participant_units"].queryset = Unit.objects.all()

    def clean(self):
        cleaned = super().clean()
        check_dates(self)
        return cleaned

    def _form_year(self, default: int) -> int:
        raw = self.data.get(self.add_prefix("year")) if self.is_bound else None
        if raw and str(raw).isdigit() and 1945 <= int(raw) <= 2100:
            return int(raw)
        return self.instance.year or default


def check_dates(form: forms.BaseForm) -> None:
    """End before start, on the end date's field: a field with an error is left out of the model's constraint
    check, which would otherwise repeat it in generic words."""
    start, end = form.cleaned_data.get("start_date"), form.cleaned_data.get("end_date")
    if start and end and end < start:
        form.add_error("end_date", _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."))


class PlanIssueForm(forms.Form):
    """What the person issuing the plan decides: place and date, the signer block, the recipients."""

    place = forms.CharField(label=gettext_lazy("Địa danh"), max_length=100)
    date = forms.DateField(
        label=gettext_lazy("Ngày ban hành"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Ngày ban hành không hợp lệ.")},
    )
    signer_authority = forms.CharField(
        label=gettext_lazy("Thẩm quyền ký"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Ví dụ: KT. BỘ TRƯỞNG, TM. CỤM THI ĐUA SỐ I; để trống khi người đứng đầu ký."),
    )
    signer_position = forms.CharField(label=gettext_lazy("Chức vụ người ký"), max_length=150)
    signer_name = forms.CharField(label=gettext_lazy("Họ và tên người ký"), max_length=150)
    recipients = forms.CharField(
        label=gettext_lazy("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("Mỗi nơi nhận một dòng."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("place", "signer_position", "signer_name", "recipients", "date"):
            self.fields[name].error_messages["required"] = {
                "place": gettext_lazy("Vui lòng nhập địa danh ban hành."),
                "signer_position": gettext_lazy("Vui lòng nhập chức vụ người ký."),
                "signer_name": gettext_lazy("Vui lòng nhập họ tên người ký."),
                "recipients": gettext_lazy("Vui lòng nhập ít nhất một nơi nhận."),
                "date": gettext_lazy("Vui lòng nhập ngày ban hành."),
            }[name]

    @staticmethod
    def initial_from(inputs: PlanInputs) -> dict:
        return {
            "place": inputs.place,
            "date": inputs.date,
            "signer_authority": inputs.signer_authority,
            "signer_position": inputs.signer_position,
            "signer_name": inputs.signer_name,
            "recipients": "\n".join(inputs.recipients),
        }

    def inputs(self) -> PlanInputs:
        data = self.cleaned_data
        return PlanInputs(
            place=data["place"],
            date=data["date"],
            signer_authority=data["signer_authority"],
            signer_position=data["signer_position"],
            signer_name=data["signer_name"],
            recipients=tuple(line.strip() for line in data["recipients"].splitlines() if line.strip()),
        )


# Exemplary models -----------------------------------------------------------------------------------------


class ExemplaryForm(forms.Form):
    """Mark the page's unit, or one of its people, as an exemplary model of a year."""

    COLLECTIVE, PERSON = "collective", "person"

    year = forms.IntegerField(
        label=gettext_lazy("Năm"),
        min_value=1945,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Vui lòng nhập năm."),
            "invalid": gettext_lazy("Năm không hợp lệ."),
            "min_value": gettext_lazy("Năm không hợp lệ."),
            "max_value": gettext_lazy("Năm không hợp lệ."),
        },
    )
    subject = forms.ChoiceField(
        label=gettext_lazy("Điển hình là"),
        choices=[(COLLECTIVE, gettext_lazy("Tập thể đơn vị")), (PERSON, gettext_lazy("Cá nhân"))],
        widget=forms.RadioSelect,
        initial=COLLECTIVE,
        error_messages={"required": gettext_lazy("Vui lòng chọn tập thể hay cá nhân.")},
    )
    person = forms.ModelChoiceField(
        label=gettext_lazy("Cá nhân"),
        queryset=Person.objects.none(),
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Cá nhân đã chọn không thuộc đơn vị này.")},
    )
    description = forms.CharField(
        label=gettext_lazy("Thành tích tiêu biểu"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages={
            "required": gettext_lazy("Vui lòng nêu thành tích tiêu biểu."),
            "max_length": gettext_lazy("Thành tích tiêu biểu dài tối đa 2000 ký tự."),
        },
    )

    def __init__(self, *args, people, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject") == self.PERSON and not cleaned.get("person") and "person" not in self.errors:
            self.add_error("person", _("Vui lòng chọn cá nhân."))
        if cleaned.get("subject") == self.COLLECTIVE:
            cleaned["person"] = None
        return cleaned


class ExemplaryEditForm(forms.Form):
    """Only the description changes: who and which year is the mark itself (remove it and mark again)."""

    description = forms.CharField(
        label=gettext_lazy("Thành tích tiêu biểu"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        error_messages=ExemplaryForm.base_fields["description"].error_messages,
    )
