"""Portal forms for nominations: well-formed input only; who may do what and the workflow rules live in the
services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.models import Attachment, Nomination
from awards.selectors import nominations as selectors
from thidua.org.models import Person, Unit
from thidua.titles.models import Title


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it, else on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def parse_candidate(value: str) -> tuple[int | None, int | None]:
    """ "p12" → (12, None) for a person, "u5" → (None, 5) for a unit; anything else → (None, None)."""
    value = (value or "").strip()
    if len(value) > 1 and value[0] in "pu" and value[1:].isdigit() and int(value[1:]) > 0:
        pk = int(value[1:])
        return (pk, None) if value[0] == "p" else (None, pk)
    return None, None


def candidate_choices(proposing_unit: Unit | None) -> list:
    """The candidate select: the unit and its sub-units, then their people (with their unit)."""
    if proposing_unit is None:
        return []
    units = [(f"u{u.pk}", u.name) for u in selectors.candidate_units(proposing_unit)]
    people = [(f"p{p.pk}", f"{p.full_name} — {p.unit.name}") for p in selectors.candidate_people(proposing_unit)]
    choices = [("", _("— Chọn cá nhân hoặc tập thể —"))]
    if units:
        choices.append((_("Tập thể"), units))
    if people:
        choices.append((_("Cá nhân"), people))
    return choices


class NominationCreateForm(forms.Form):
    """Who proposes whom for which title in which year; the proposing unit comes from the page."""

    year = forms.IntegerField(
        label=_("Năm thi đua"),
        min_value=1945,
        max_value=2100,
        error_messages={
            "required": _("Vui lòng nhập năm thi đua."),
            "invalid": _("Năm thi đua phải là một số."),
            "min_value": _("Năm thi đua phải từ 1945 đến 2100."),
            "max_value": _("Năm thi đua phải từ 1945 đến 2100."),
        },
    )
    candidate = forms.ChoiceField(
        label=_("Cá nhân, tập thể được đề nghị"),
        error_messages={
            "required": _("Vui lòng chọn cá nhân hoặc tập thể được đề nghị."),
            "invalid_choice": _("Cá nhân, tập thể này không thuộc đơn vị đề nghị hoặc không còn hoạt động."),
        },
    )
    title = forms.ModelChoiceField(
        label=_("Danh hiệu, hình thức khen thưởng"),
        queryset=Title.objects.filter(is_active=True),
        empty_label=_("— Chọn danh hiệu —"),
        error_messages={
            "required": _("Vui lòng chọn danh hiệu, hình thức khen thưởng."),
            "invalid_choice": _("Danh hiệu không hợp lệ hoặc không còn áp dụng."),
        },
    )
    achievements = forms.CharField(
        label=_("Tóm tắt thành tích"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        required=False,
    )

    def __init__(self, *args, proposing_unit: Unit | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposing_unit = proposing_unit
        self.fields["candidate"].choices = candidate_choices(proposing_unit)
        groups: dict[str, list] = {}
        for title in selectors.active_titles():
            groups.setdefault(title.get_subject_display(), []).append((title.pk, title.name))
        self.fields["title"].choices = [("", self.fields["title"].empty_label), *groups.items()]

    def clean(self):
        data = super().clean()
        person_id, unit_id = parse_candidate(data.get("candidate", ""))
        data["person"] = Person.objects.select_related("unit").get(pk=person_id) if person_id else None
        data["unit"] = Unit.objects.select_related("parent").get(pk=unit_id) if unit_id else None
        return data


class NominationUpdateForm(forms.Form):
    """What the proposing unit may still change on its dossier."""

    position = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    achievements = forms.CharField(
        label=_("Tóm tắt thành tích"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, required=False
    )


class ReasonForm(forms.Form):
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


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do chấp nhận ngoại lệ"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Ít nhất 20 ký tự; được ghi vào hồ sơ và hiển thị cùng hồ sơ."),
        error_messages={"required": _("Vui lòng nêu lý do chấp nhận ngoại lệ.")},
    )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Loại tài liệu"),
        choices=Attachment.Kind.choices,
        error_messages={
            "required": _("Vui lòng chọn loại tài liệu."),
            "invalid_choice": _("Loại tài liệu không hợp lệ."),
        },
    )
    file = forms.FileField(
        label=_("Tệp"),
        help_text=_("PDF, ảnh PNG, JPEG hoặc văn bản Word (.pdf, .png, .jpg, .jpeg, .docx), tối đa 20 MB mỗi tệp."),
        error_messages={
            "required": _("Vui lòng chọn tệp để tải lên."),
            "empty": _("Tệp tải lên rỗng."),
            "invalid": _("Không đọc được tệp tải lên."),
            "missing": _("Vui lòng chọn tệp để tải lên."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.docx"}),
    )


class BulkForm(forms.Form):
    ACTIONS = [("approve", _("Duyệt, trình Hội đồng")), ("council_approve", _("Ghi nhận Hội đồng đồng ý"))]

    action = forms.ChoiceField(choices=ACTIONS, error_messages={"invalid_choice": _("Thao tác không hợp lệ.")})
    nominations = forms.ModelMultipleChoiceField(
        queryset=Nomination.objects.none(),
        error_messages={
            "required": _("Vui lòng chọn ít nhất một hồ sơ."),
            "invalid_choice": _("Có hồ sơ không tồn tại hoặc bạn không được xem."),
            "invalid_pk_value": _("Có hồ sơ không hợp lệ."),
        },
    )

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = nominations
