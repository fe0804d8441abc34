"""Forms for ballot sessions: the settings (quorum as a fraction, threshold, base, comparison, ties, form), a
cluster's session with its pools, the council's session on the nominations before it, and the actions of an open
session (a lost code, paper ballots handed out or printed)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voting.documents import MAX_PAPERS
from voting.models import BallotSession
from voting.services import Settings

from .conferences import UnitsField, set_messages

MAX_POOLS = 20
# The fraction's terms are stored as small integers; no meeting needs more than this.
MAX_QUORUM_TERM = 1000
REQUIRED = {
    "title": gettext_lazy("Vui lòng chọn danh hiệu."),
    "quorum": gettext_lazy("Vui lòng nhập tỷ lệ tối thiểu có mặt, ví dụ 2/3."),
    "threshold_percent": gettext_lazy("Vui lòng nhập ngưỡng (%), ví dụ 50."),
    "threshold_base": gettext_lazy("Vui lòng chọn cơ sở tính ngưỡng."),
    "threshold_comparison": gettext_lazy("Vui lòng chọn «trên» hoặc «từ»."),
    "tie_rule": gettext_lazy("Vui lòng chọn cách xử lý khi bằng phiếu."),
    "ballot_form": gettext_lazy("Vui lòng chọn mẫu phiếu."),
    "name": gettext_lazy("Vui lòng nhập tên nhóm ứng viên."),
    "quota": gettext_lazy("Vui lòng nhập số lượng được bầu của nhóm."),
    "nominations": gettext_lazy("Vui lòng chọn ít nhất một hồ sơ."),
    "delegate": gettext_lazy("Vui lòng chọn đại biểu."),
    "copies": gettext_lazy("Vui lòng nhập số phiếu cần in."),
}
INVALID = {
    "title": gettext_lazy("Danh hiệu được chọn không có trong danh sách."),
    "chained_from": gettext_lazy("Phiên lấy ứng viên phải là một phiên đã kiểm phiếu của hội nghị này."),
    "threshold_base": gettext_lazy("Cơ sở tính ngưỡng không hợp lệ."),
    "threshold_comparison": gettext_lazy("Cách so sánh với ngưỡng không hợp lệ."),
    "tie_rule": gettext_lazy("Quy tắc khi bằng phiếu không hợp lệ."),
    "ballot_form": gettext_lazy("Mẫu phiếu không hợp lệ."),
    "quota": gettext_lazy("Số lượng được bầu phải là một số nguyên."),
    "units": gettext_lazy("Ứng viên phải là đơn vị thành viên của cụm."),
    "nominations": gettext_lazy("Có hồ sơ không ở bước «Hội đồng xét» của danh hiệu và năm này."),
    "delegate": gettext_lazy("Đại biểu không có mã của phiên này hoặc đã bỏ phiếu."),
    "delegates": gettext_lazy("Có đại biểu đã bỏ phiếu hoặc không có mã của phiên này: hãy tải lại trang."),
    "copies": gettext_lazy("Số phiếu in phải là một số nguyên."),
}


def _messages(form: forms.BaseForm) -> None:
    set_messages(form, REQUIRED, INVALID)


class SettingsForm(forms.Form):
    """A session's settings, shown with their defaults."""

    quorum = forms.CharField(
        label=gettext_lazy("Tỷ lệ tối thiểu có mặt"),
        max_length=15,
        help_text=gettext_lazy("Phân số của tổng số đại biểu có quyền biểu quyết, ví dụ 2/3 (mặc định)."),
    )
    threshold_percent = forms.CharField(
        label=gettext_lazy("Ngưỡng (%)"),
        max_length=10,
        help_text=gettext_lazy("Ví dụ: 50 (mặc định: trên 50% số phiếu hợp lệ), 66,67 hoặc 90."),
    )
    threshold_comparison = forms.ChoiceField(
        label=gettext_lazy("So sánh với ngưỡng"), choices=BallotSession.Comparison.choices, widget=forms.RadioSelect
    )
    threshold_base = forms.ChoiceField(
        label=gettext_lazy("Tính trên"), choices=BallotSession.Base.choices, widget=forms.RadioSelect
    )
    tie_rule = forms.ChoiceField(
        label=gettext_lazy("Khi bằng phiếu ở vị trí cuối"),
        choices=BallotSession.TieRule.choices,
        widget=forms.RadioSelect,
    )
    ballot_form = forms.ChoiceField(
        label=gettext_lazy("Mẫu phiếu"), choices=BallotSession.Form.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self)

    @staticmethod
    def initial_from(settings: Settings) -> dict:
        percent = format(Decimal(settings.threshold_percent).normalize(), "f").replace(".", ",")
        return {
            "quorum": f"{settings.quorum[0]}/{settings.quorum[1]}",
            "threshold_percent": percent,
            "threshold_base": settings.threshold_base,
            "threshold_comparison": settings.threshold_comparison,
            "tie_rule": settings.tie_rule,
            "ballot_form": settings.ballot_form,
        }

    @classmethod
    def initial_for(cls, session: BallotSession) -> dict:
        return cls.initial_from(
            Settings(
                quorum=(session.quorum_numerator, session.quorum_denominator),
                threshold_percent=session.threshold_percent,
                threshold_base=session.threshold_base,
                threshold_comparison=session.threshold_comparison,
                tie_rule=session.tie_rule,
                ballot_form=session.ballot_form,
            )
        )

    def clean_quorum(self) -> tuple[int, int]:
        text = "".join(self.cleaned_data["quorum"].split())
        numerator, slash, denominator = text.partition("/")
        if not slash:
            denominator = "1"
        if not (numerator.isdigit() and denominator.isdigit()):
            raise ValidationError(
                _("Tỷ lệ tối thiểu có mặt phải là một phân số, ví dụ 2/3 (hai phần ba)."), code="invalid"
            )
        if int(numerator) > MAX_QUORUM_TERM or int(denominator) > MAX_QUORUM_TERM:
            raise ValidationError(
                _("Tỷ lệ tối thiểu có mặt: tử số và mẫu số không quá %(max)s.") % {"max": MAX_QUORUM_TERM}, code="large"
            )
        return int(numerator), int(denominator)

    def clean_threshold_percent(self) -> Decimal:
        text = "".join(self.cleaned_data["threshold_percent"].split()).rstrip("%").replace(",", ".")
        try:
            value = Decimal(text)
            exact = value.is_finite() and value == value.quantize(Decimal("0.01"))
        except InvalidOperation:
            exact = False
        if not exact:
            raise ValidationError(
                _("Ngưỡng phải là một số có tối đa hai chữ số thập phân, ví dụ 50 hoặc 66,67."), code="invalid"
            )
        return value

    def settings(self) -> dict:
        """The settings as the services take them (keyword arguments)."""
        data = self.cleaned_data
        return {
            "quorum": data["quorum"],
            "threshold_percent": data["threshold_percent"],
            "threshold_base": data["threshold_base"],
            "threshold_comparison": data["threshold_comparison"],
            "tie_rule": data["tie_rule"],
            "ballot_form": data["ballot_form"],
        }


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: BallotSession) -> str:
        return str(obj.title.name)


class SessionForm(SettingsForm):
    """A cluster conference's session: the title, optionally chained to a counted session, and the settings."""

    title = forms.ModelChoiceField(label=gettext_lazy("Danh hiệu bỏ phiếu"), queryset=None)
    chained_from = SessionChoiceField(
        label=gettext_lazy("Lấy ứng viên từ kết quả"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("— Không: chọn ứng viên trong các đơn vị thành viên —"),
        help_text=gettext_lazy(
            "Ví dụ: Cờ thi đua của Chính phủ bầu trong số đơn vị trúng cử Cờ thi đua ngành; để trống danh sách "
            "ứng viên của nhóm thì lấy tất cả đơn vị trúng cử."
        ),
    )
    field_order = ["title", "chained_from"]

    def __init__(self, *args, titles, chained, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = titles
        self.fields["chained_from"].queryset = chained
        _messages(self)


class PoolForm(forms.Form):
    """A pool of candidates: its name, quota and candidate units."""

    name = forms.CharField(label=gettext_lazy("Tên nhóm"), max_length=150)
    quota = forms.IntegerField(label=gettext_lazy("Số lượng được bầu"), min_value=1, max_value=999, initial=1)
    units = UnitsField(label=gettext_lazy("Ứng viên"), queryset=None, required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units
        _messages(self)


class BasePoolFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.pools():
            raise ValidationError(_("Phải có ít nhất một nhóm ứng viên."), code="empty")

    def pools(self) -> list[dict]:
        """The pools filled in: a blank spare form is left out."""
        return [form.cleaned_data for form in self.forms if form.has_changed() and form.cleaned_data]


PoolFormSet = forms.formset_factory(
    PoolForm, formset=BasePoolFormSet, extra=0, max_num=MAX_POOLS, absolute_max=MAX_POOLS, validate_max=True
)


class NominationsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj) -> str:
        unit = obj.unit_name or (obj.unit.name if obj.unit_id and obj.unit.name != obj.candidate_name else "")
        return f"{obj.candidate_name} ({unit})" if unit else obj.candidate_name


class CouncilPickForm(forms.Form):
    """First step of the council's session: which title (read from the query string)."""

    title = forms.ModelChoiceField(label=gettext_lazy("Danh hiệu, hình thức khen thưởng"), queryset=None)

    def __init__(self, *args, titles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = titles
        _messages(self)


class CouncilSessionForm(SettingsForm):
    """The council's vote on the nominations of one title before it (all ticked at first)."""

    title = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    nominations = NominationsField(label=gettext_lazy("Hồ sơ đưa ra Hội đồng bỏ phiếu"), queryset=None)
    field_order = ["title", "nominations"]

    def __init__(self, *args, titles, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].queryset = titles
        self.fields["nominations"].queryset = nominations
        _messages(self)


class DelegateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name or '-'} ({obj.unit.name})"


class ReissueForm(forms.Form):
    delegate = DelegateChoiceField(queryset=None)

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = delegates
        _messages(self)


class PapersIssueForm(forms.Form):
    """Paper ballots handed out: to every delegate who has not voted (`all`), or to those ticked."""

    all = forms.BooleanField(required=False)
    delegates = forms.ModelMultipleChoiceField(queryset=None, required=False)

    def __init__(self, *args, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegates"].queryset = delegates
        _messages(self)

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("all") and not data.get("delegates"):
            raise ValidationError(_("Vui lòng chọn đại biểu nhận phiếu giấy, hoặc «phát cho tất cả»."), code="none")
        return data

    def chosen(self):
        """None for everyone who has not voted, else the delegates ticked."""
        return None if self.cleaned_data.get("all") else list(self.cleaned_data["delegates"])


class PrintPapersForm(forms.Form):
    copies = forms.IntegerField(label=gettext_lazy("Số phiếu in"), min_value=1, max_value=MAX_PAPERS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _messages(self)
