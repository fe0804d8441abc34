"""Forms of the award history: an award entered by hand, the upload of a file of past awards and the confirmation
of its preview. Well-formed input only; the rules live in awards.services.history."""

from django import forms
from django.core import signing
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.forms.imports import max_upload_bytes
from thidua.core.search import vi
from thidua.titles.models import Title

from ..history_import import HistoryRow

PAYLOAD_MAX_AGE = 3600  # seconds between the preview and the confirmation
DATE_WIDGET = {"type": "date"}


class AwardForm(forms.Form):
    """One award of a person or a collective: the recipient comes from the page (the person's or the unit's)."""

    title = forms.ModelChoiceField(
        label=gettext_lazy("Danh hiệu, hình thức khen thưởng"),
        queryset=Title.objects.none(),
        error_messages={
            "required": gettext_lazy("Vui lòng chọn danh hiệu, hình thức khen thưởng."),
            "invalid_choice": gettext_lazy("Danh hiệu, hình thức khen thưởng đã chọn không hợp lệ."),
        },
    )
    year = forms.IntegerField(
        label=gettext_lazy("Năm được khen"),
        error_messages={
            "required": gettext_lazy("Vui lòng nhập năm được khen."),
            "invalid": gettext_lazy("Năm phải là một số, ví dụ 2016."),
        },
    )
    decision_number = forms.CharField(
        label=gettext_lazy("Số quyết định"),
        max_length=60,
        required=False,
        help_text=gettext_lazy("Ví dụ: 125/QĐ-BTP."),
    )
    decision_date = forms.DateField(
        label=gettext_lazy("Ngày quyết định"),
        required=False,
        widget=forms.DateInput(attrs=DATE_WIDGET, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": gettext_lazy("Ngày quyết định không hợp lệ.")},
    )
    decision_issuer = forms.CharField(
        label=gettext_lazy("Cơ quan quyết định"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("Ví dụ: Bộ Tư pháp; Thủ tướng Chính phủ."),
    )
    notes = forms.CharField(
        label=gettext_lazy("Ghi chú"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, subject: str, **kwargs):
        super().__init__(*args, **kwargs)
        # The titles of the recipient's kind only: a person's page offers the individual ones.
        self.fields["title"].queryset = Title.objects.filter(subject=subject).order_by(
            "category", "chain", "order_in_chain", vi("name")
        )
        for name in ("decision_number", "decision_issuer", "notes"):
            limit = self.fields[name].max_length
            self.fields[name].error_messages["max_length"] = _("Tối đa %(max)s ký tự.") % {"max": limit}


class HistoryUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx) hoặc CSV"),
        help_text=gettext_lazy(
            "Dòng 1 là tên các cột: «Năm», «Danh hiệu, hình thức», «Họ và tên» (cá nhân) hoặc «Tập thể», «Đơn vị»; "
            "có thể thêm «Số quyết định», «Ngày quyết định», «Cơ quan quyết định», «Ghi chú», và «Mã đơn vị», "
            "«Mã cá nhân» để phân biệt các đơn vị, người trùng tên."
        ),
        error_messages={
            "required": gettext_lazy("Vui lòng chọn tệp cần nhập."),
            "empty": gettext_lazy("Tệp đã chọn không có nội dung."),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel dạng .xlsx hoặc tệp .csv (UTF-8)."))
        if upload.size > max_upload_bytes():
            limit = filesizeformat(max_upload_bytes())
            raise forms.ValidationError(
                _("Tệp lớn hơn %(limit)s: hãy chia thành nhiều tệp nhỏ hơn.") % {"limit": limit}
            )
        return upload


def _salt(user) -> str:
    return f"awards.history.import:{user.pk}"


def sign_rows(rows: list[HistoryRow], *, user) -> str:
    """The previewed rows, signed for this user, carried by the confirmation form instead of the file."""
    return signing.dumps([row.as_list() for row in rows], salt=_salt(user), compress=True)


class HistoryConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_payload(self) -> list[HistoryRow]:
        try:
            data = signing.loads(self.cleaned_data["payload"], salt=_salt(self.user), max_age=PAYLOAD_MAX_AGE)
            return [HistoryRow(*values) for values in data]
        except (signing.BadSignature, TypeError, ValueError):
            raise forms.ValidationError(
                _("Bản xem trước đã hết hạn hoặc không hợp lệ; vui lòng tải tệp lên lại.")
            ) from None
