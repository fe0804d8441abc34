"""Forms for the meetings: a cluster's year-end conference, a council meeting (its members as lines), the
details, a delegate, and next year's leader and deputies. Well-formed input only; the rules live in the services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.documents import DEFAULT_SIGNER_AUTHORITY, DEFAULT_SIGNER_POSITION
from thidua.org.models import Unit
from voting.models import CommitteeRole, Conference, Delegate

DATE_WIDGET = {"type": "date"}
MAX_MEMBERS = 200
MAX_TEXT = 150  # Delegate.full_name and Delegate.position
REQUIRED = {
    "term": gettext_lazy("Vui lòng chọn nhiệm kỳ cụm thi đua."),
    "name": gettext_lazy("Vui lòng nhập tên hội nghị."),
    "date": gettext_lazy("Vui lòng nhập ngày họp."),
    "place": gettext_lazy("Vui lòng nhập địa điểm họp."),
    "chair_name": gettext_lazy("Vui lòng nhập người chủ trì."),
    "voting_per_unit": gettext_lazy("Vui lòng nhập số đại biểu có quyền biểu quyết của mỗi đơn vị."),
    "year": gettext_lazy("Vui lòng nhập năm thi đua."),
    "members": gettext_lazy("Vui lòng nhập danh sách thành viên Hội đồng, mỗi người một dòng."),
    "unit": gettext_lazy("Vui lòng chọn đơn vị."),
    "leader": gettext_lazy("Vui lòng chọn đơn vị Cụm trưởng năm sau."),
    "signer_name": gettext_lazy("Vui lòng nhập họ tên người ký quyết định."),
    "signer_position": gettext_lazy("Vui lòng nhập chức vụ người ký."),
}
INVALID = {
    "date": gettext_lazy("Ngày không hợp lệ (ngày/tháng/năm)."),
    "year": gettext_lazy("Năm thi đua phải là một số, ví dụ 2016."),
    "voting_per_unit": gettext_lazy("Số đại biểu phải là một số nguyên."),
    "min_value": gettext_lazy("Giá trị nhỏ nhất là %(limit_value)s."),
    "max_value": gettext_lazy("Giá trị lớn nhất là %(limit_value)s."),
    "invalid_choice": gettext_lazy("Lựa chọn không hợp lệ."),
    "unit": gettext_lazy("Đơn vị được chọn không có trong danh sách."),
    "term": gettext_lazy("Bạn không được tổ chức hội nghị cho nhiệm kỳ này."),
    "committee_role": gettext_lazy("Vai trò trong Ban kiểm phiếu không hợp lệ."),
    "leader": gettext_lazy("Cụm trưởng phải là đơn vị thành viên của cụm."),
    "deputies": gettext_lazy("Cụm phó phải là đơn vị thành viên của cụm."),
}


def set_messages(form: forms.BaseForm, required: dict | None = None, invalid: dict | None = None) -> None:
    """Vietnamese messages for the usual errors, naming the field, instead of Django's generic ones."""
    required = {**REQUIRED, **(required or {})}
    invalid = {**INVALID, **(invalid or {})}
    for name, field in form.fields.items():
        if name in required:
            field.error_messages["required"] = required[name]
        message = invalid.get(name, invalid["invalid_choice"])
        for code in ("invalid", "invalid_choice", "invalid_pk_value", "invalid_list"):
            if code in field.error_messages or code == "invalid_choice":
                field.error_messages[code] = message
        for code in ("min_value", "max_value"):
            field.error_messages[code] = f"{field.label}: {invalid[code]}"


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.cluster.name} – {obj.year}"


class MeetingForm(forms.Form):
    """What every meeting has: name, date, place, chair, agenda (lines), notes."""

    name = forms.CharField(
        label=gettext_lazy("Tên hội nghị"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Để trống: «Hội nghị tổng kết công tác thi đua, khen thưởng năm … của …»."),
    )
    date = forms.DateField(label=gettext_lazy("Ngày họp"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"))
    place = forms.CharField(label=gettext_lazy("Địa điểm"), max_length=255)
    chair_name = forms.CharField(
        label=gettext_lazy("Chủ trì"), max_length=150, help_text=gettext_lazy("Ví dụ: Thứ trưởng Trần Tiến Dũng.")
    )
    agenda = forms.CharField(
        label=gettext_lazy("Chương trình"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=gettext_lazy("Mỗi dòng một nội dung."),
    )
    notes = forms.CharField(label=gettext_lazy("Ghi chú"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_messages(self)

    def meeting(self) -> dict:
        """The keyword arguments the services take for the meeting's details."""
        return {name: self.cleaned_data[name] for name in MeetingForm.base_fields}


class ConferenceForm(MeetingForm):
    """A cluster term's year-end conference; one voting delegate per member unit is added at once."""

    term = TermChoiceField(label=gettext_lazy("Nhiệm kỳ cụm, khối, khu vực thi đua"), queryset=None)
    voting_per_unit = forms.IntegerField(
        label=gettext_lazy("Số đại biểu có quyền biểu quyết của mỗi đơn vị"), min_value=1, max_value=20, initial=1
    )
    field_order = ["term", "name", "date", "place", "chair_name", "agenda", "notes", "voting_per_unit"]

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = terms
        set_messages(self)


class ConferenceEditForm(MeetingForm):
    name = forms.CharField(label=gettext_lazy("Tên hội nghị"), max_length=255)
    voting_per_unit = forms.IntegerField(
        label=gettext_lazy("Số đại biểu có quyền biểu quyết của mỗi đơn vị"), min_value=1, max_value=20
    )

    def __init__(self, *args, conference: Conference, **kwargs):
        super().__init__(*args, **kwargs)
        if conference.is_council:
            del self.fields["voting_per_unit"]

    @classmethod
    def initial_for(cls, conference: Conference) -> dict:
        return {name: getattr(conference, name) for name in (*MeetingForm.base_fields, "voting_per_unit")}

    def details(self) -> dict:
        return {**self.meeting(), "voting_per_unit": self.cleaned_data.get("voting_per_unit")}


class CouncilMeetingForm(MeetingForm):
    """A meeting of the emulation council: its members as lines "Họ và tên | Chức vụ"."""

    name = forms.CharField(
        label=gettext_lazy("Tên phiên họp"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Để trống: «Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm …»."),
    )
    year = forms.IntegerField(label=gettext_lazy("Năm thi đua"), min_value=1945, max_value=2100)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị của các thành viên"),
        queryset=None,
        help_text=gettext_lazy("Mặc định: Bộ; sửa từng thành viên sau trong danh sách đại biểu nếu cần."),
    )
    members = forms.CharField(
        label=gettext_lazy("Thành viên Hội đồng"),
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "Trần Tiến Dũng | Thứ trưởng, Chủ tịch Hội đồng"}),
        help_text=gettext_lazy("Mỗi dòng một thành viên: «Họ và tên | Chức vụ»."),
    )
    field_order = ["year", "name", "date", "place", "chair_name", "agenda", "notes", "unit", "members"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = None
        set_messages(self)

    def clean_members(self) -> list[tuple[str, str]]:
        members = []
        for number, line in enumerate(self.cleaned_data["members"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [" ".join(part.split()) for part in line.split("|")]
            if len(parts) > 2:
                raise ValidationError(
                    _("Dòng %(n)s: chỉ ghi «Họ và tên | Chức vụ», một dấu «|».") % {"n": number}, code="format"
                )
            if not parts[0]:
                raise ValidationError(_("Dòng %(n)s: thiếu họ và tên.") % {"n": number}, code="name")
            if any(len(part) > MAX_TEXT for part in parts):
                raise ValidationError(
                    _("Dòng %(n)s: họ và tên, chức vụ mỗi phần tối đa %(max)s ký tự.") % {"n": number, "max": MAX_TEXT},
                    code="long",
                )
            members.append((parts[0], parts[1] if len(parts) == 2 else ""))
        if not members:
            raise ValidationError(REQUIRED["members"], code="required")
        if len(members) > MAX_MEMBERS:
            raise ValidationError(_("Hội đồng có tối đa %(n)s thành viên.") % {"n": MAX_MEMBERS}, code="many")
        return members


class DelegateChangeForm(forms.Form):
    """A delegate's name, position, right to vote and place on the counting committee."""

    full_name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=150, required=False)
    position = forms.CharField(label=gettext_lazy("Chức vụ"), max_length=150, required=False)
    is_voting = forms.BooleanField(label=gettext_lazy("Có quyền biểu quyết"), required=False, initial=True)
    committee_role = forms.ChoiceField(
        label=gettext_lazy("Ban kiểm phiếu"), choices=CommitteeRole.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        set_messages(self)

    @classmethod
    def initial_for(cls, delegate: Delegate) -> dict:
        return {name: getattr(delegate, name) for name in DelegateChangeForm.base_fields}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in DelegateChangeForm.base_fields}


class DelegateForm(DelegateChangeForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("Đơn vị"), queryset=None)
    field_order = ["unit", "full_name", "position", "is_voting", "committee_role"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        set_messages(self)


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class LeadersForm(forms.Form):
    """Next year's leader and deputies chosen at a cluster conference, and the decision appointing them."""

    leader = forms.ModelChoiceField(label=gettext_lazy("Cụm trưởng năm sau"), queryset=None)
    deputies = UnitsField(label=gettext_lazy("Cụm phó năm sau"), queryset=None, required=False)
    date = forms.DateField(
        label=gettext_lazy("Ngày quyết định"), widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d")
    )
    signer_authority = forms.CharField(
        label=gettext_lazy("Thẩm quyền ký"), max_length=100, required=False, initial=DEFAULT_SIGNER_AUTHORITY
    )
    signer_position = forms.CharField(
        label=gettext_lazy("Chức vụ người ký"), max_length=100, initial=DEFAULT_SIGNER_POSITION
    )
    signer_name = forms.CharField(label=gettext_lazy("Họ và tên người ký"), max_length=150)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = units
        self.fields["deputies"].queryset = units
        set_messages(self)

    def clean(self):
        data = super().clean()
        leader: Unit | None = data.get("leader")
        if leader is not None and leader in (data.get("deputies") or []):
            self.add_error("deputies", _("Đơn vị Cụm trưởng không đồng thời là Cụm phó."))
        return data

    def appointment(self) -> dict:
        data = self.cleaned_data
        return {
            "leader": data["leader"],
            "deputies": list(data["deputies"]),
            "date": data["date"],
            "signer_name": data["signer_name"],
            "signer_authority": data["signer_authority"],
            "signer_position": data["signer_position"],
        }
