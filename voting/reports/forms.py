"""Portal form of the summary report: its narrative, well-formed only (the rules are in voting/reports/services.py)."""

from django import forms
from django.utils.translation import gettext_lazy

from .services import MAX_LENGTH

HELP = gettext_lazy("Mỗi đoạn một dòng; bản PDF in mỗi dòng thành một đoạn.")


def _text_field(label, message) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        max_length=MAX_LENGTH,
        help_text=HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"max_length": message},
    )


class NarrativeForm(forms.Form):
    """The three parts the leader unit (or the board) writes, and the revision the page was opened on."""

    achievements = _text_field(
        gettext_lazy("Kết quả đạt được"),
        gettext_lazy("Kết quả đạt được: tối đa %(limit_value)s ký tự (đã nhập %(show_value)s)."),
    )
    limitations = _text_field(
        gettext_lazy("Hạn chế, nguyên nhân"),
        gettext_lazy("Hạn chế, nguyên nhân: tối đa %(limit_value)s ký tự (đã nhập %(show_value)s)."),
    )
    directions = _text_field(
        gettext_lazy("Phương hướng, nhiệm vụ năm sau"),
        gettext_lazy("Phương hướng, nhiệm vụ năm sau: tối đa %(limit_value)s ký tự (đã nhập %(show_value)s)."),
    )
    revision = forms.IntegerField(
        min_value=0,
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Thiếu lần sửa của báo cáo: hãy tải lại trang rồi viết lại."),
            "invalid": gettext_lazy("Lần sửa của báo cáo không hợp lệ: hãy tải lại trang rồi viết lại."),
            "min_value": gettext_lazy("Lần sửa của báo cáo không hợp lệ: hãy tải lại trang rồi viết lại."),
        },
    )
