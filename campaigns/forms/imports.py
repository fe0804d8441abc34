"""Forms for imports: the upload of an xlsx file."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def max_upload_bytes() -> int:
    """The largest file accepted (setting IMPORT_MAX_BYTES, 20 MB by default: about 400,000 rows)."""
    return getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        help_text=gettext_lazy(
            "Dòng 1 là tên các cột: «Năm», «Đơn vị», «Họ và tên», «Danh hiệu»; có thể thêm «Mã cá nhân» để phân biệt "
            "người trùng tên. Để trống «Họ và tên» khi đăng ký danh hiệu tập thể của đơn vị."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Chỉ nhận tệp Excel dạng .xlsx (Excel 2007 trở lên)."))
        if upload.size > max_upload_bytes():
            limit = filesizeformat(max_upload_bytes())
            message = _("Tệp lớn hơn %(limit)s: hãy chia thành nhiều tệp nhỏ hơn.") % {"limit": limit}
            raise forms.ValidationError(message)
        return upload


def add_service_errors(form: forms.Form, exc) -> None:
    """Put a service's ValidationError on the form: on its field when it names one, otherwise on the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
