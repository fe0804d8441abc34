"""Forms for decisions: drafting an award decision (title and year, then the approved nominations), drafting an
appointment decision (a cluster term), and correcting a decision's text before it is signed."""

from django import forms
from django.utils.translation import gettext_lazy

from thidua.org.models import ClusterTerm
from thidua.titles.models import Title

from ..documents import DEFAULT_PLACE, DEFAULT_SIGNER_AUTHORITY, DEFAULT_SIGNER_POSITION
from ..models import YEAR_VALIDATORS, Decision, Nomination

DATE_WIDGET = {"type": "date"}
REQUIRED = {
    "place": gettext_lazy("Vui lòng nhập địa danh ban hành."),
    "date": gettext_lazy("Vui lòng nhập ngày ban hành."),
    "subject": gettext_lazy("Vui lòng nhập trích yếu của quyết định."),
    "legal_bases": gettext_lazy("Vui lòng nhập ít nhất một căn cứ ban hành."),
    "recipients": gettext_lazy("Vui lòng nhập ít nhất một nơi nhận."),
    "signer_position": gettext_lazy("Vui lòng nhập chức vụ người ký."),
    "signer_name": gettext_lazy("Vui lòng nhập họ tên người ký."),
    "title": gettext_lazy("Vui lòng chọn danh hiệu, hình thức khen thưởng."),
    "year": gettext_lazy("Vui lòng nhập năm thi đua."),
    "nominations": gettext_lazy("Vui lòng chọn ít nhất một hồ sơ đã được đề nghị ra quyết định."),
    "term": gettext_lazy("Vui lòng chọn nhiệm kỳ cụm thi đua."),
}


def _required_messages(form: forms.BaseForm) -> None:
    for name, field in form.fields.items():
        if name in REQUIRED:
            field.error_messages["required"] = REQUIRED[name]


class DecisionTextForm(forms.Form):
    """What a decision prints besides its lines: place and date, subject, legal bases, the signer, Nơi nhận.
    Left empty on a new draft, the subject, legal bases and recipients take the defaults."""

    place = forms.CharField(label=gettext_lazy("Địa danh"), max_length=100, initial=DEFAULT_PLACE)
    date = forms.DateField(
        label=gettext_lazy("Ngày ban hành"),
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Ngày ban hành không hợp lệ.")},
    )
    subject = forms.CharField(
        label=gettext_lazy("Trích yếu"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Để trống: «Về việc tặng …» theo danh hiệu và năm."),
    )
    legal_bases = forms.CharField(
        label=gettext_lazy("Căn cứ ban hành"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=gettext_lazy("Mỗi căn cứ một dòng; để trống: các căn cứ thường dùng theo ngày ban hành."),
    )
    signer_authority = forms.CharField(
        label=gettext_lazy("Thẩm quyền ký"),
        max_length=100,
        required=False,
        initial=DEFAULT_SIGNER_AUTHORITY,
        help_text=gettext_lazy("Ví dụ: KT. BỘ TRƯỞNG; để trống khi Bộ trưởng ký."),
    )
    signer_position = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"), max_length=100, initial=DEFAULT_SIGNER_POSITION
    )
    signer_name = forms.CharField(label=gettext_lazy("Họ và tên người ký"), max_length=150)
    recipients = forms.CharField(
        label=gettext_lazy("Nơi nhận"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Mỗi nơi nhận một dòng; để trống: Như Điều 3; Bộ trưởng (để b/c); Lưu: VT, Vụ TĐKT."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_messages(self)

    def text(self) -> dict:
        """The keyword arguments of decision_draft_award / decision_draft_appointment this form gives."""
        return {name: self.cleaned_data[name] for name in DecisionTextForm.base_fields}


class AwardPickForm(forms.Form):
    """First step of an award decision: which title and which year (read from the query string)."""

    title = forms.ModelChoiceField(
        label=gettext_lazy("Danh hiệu, hình thức khen thưởng"), queryset=Title.objects.filter(is_active=True)
    )
    year = forms.IntegerField(label=gettext_lazy("Năm thi đua"), validators=YEAR_VALIDATORS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_messages(self)


class NominationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Nomination) -> str:
        unit = obj.unit_name or obj.proposing_unit.name
        return f"{obj.candidate_name} ({unit})" if unit and unit != obj.candidate_name else obj.candidate_name


class AwardDecisionForm(DecisionTextForm):
    """Second step: the approved nominations to decide (all ticked at first) and the decision's text."""

    title = forms.ModelChoiceField(queryset=Title.objects.all(), widget=forms.HiddenInput)
    year = forms.IntegerField(widget=forms.HiddenInput, validators=YEAR_VALIDATORS)
    nominations = NominationChoiceField(
        label=gettext_lazy("Hồ sơ được đề nghị ra quyết định"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = ["title", "year", "nominations"]

    def __init__(self, *args, nominations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nominations is not None:
            self.fields["nominations"].queryset = nominations


class AppointmentDecisionForm(DecisionTextForm):
    term = forms.ModelChoiceField(
        label=gettext_lazy("Nhiệm kỳ cụm, khối, khu vực"), queryset=ClusterTerm.objects.none()
    )
    field_order = ["term"]

    def __init__(self, *args, terms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if terms is not None:
            self.fields["term"].queryset = terms
        self.fields["subject"].help_text = gettext_lazy("Để trống: «Về việc cử Cụm trưởng, Cụm phó …» theo nhiệm kỳ.")


class DecisionEditForm(forms.ModelForm):
    """Correcting a draft, or an issued decision before it is signed (its PDF is then rendered again)."""

    class Meta:
        model = Decision
        fields = [
            "place",
            "date",
            "subject",
            "legal_bases",
            "proposal",
            "closing_articles",
            "signer_authority",
            "signer_position",
            "signer_name",
            "recipients",
        ]
        widgets = {
            "date": forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
            "legal_bases": forms.Textarea(attrs={"rows": 5}),
            "closing_articles": forms.Textarea(attrs={"rows": 4}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _required_messages(self)
        self.fields["date"].error_messages["invalid"] = gettext_lazy("Ngày ban hành không hợp lệ.")
