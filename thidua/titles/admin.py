"""The board's admin for the catalogue of titles and forms of commendation (editable; audited by django-auditlog)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.core.search import vi

from .models import Title


class TitleAdminForm(forms.ModelForm):
    """The chain rules of the catalogue, said in Vietnamese (the database constraints would name themselves)."""

    class Meta:
        model = Title
        fields = [
            "code",
            "name",
            "short_name",
            "subject",
            "category",
            "level",
            "chain",
            "order_in_chain",
            "description",
            "is_active",
        ]

    def clean(self):
        cleaned = super().clean()
        chain, order = cleaned.get("chain"), cleaned.get("order_in_chain")
        if chain and order is None:
            self.add_error("order_in_chain", _("Danh hiệu thuộc một chuỗi phải có thứ tự trong chuỗi."))
        elif order is not None and not chain:
            self.add_error("chain", _("Chỉ ghi thứ tự khi danh hiệu thuộc một chuỗi."))
        elif chain and order is not None:
            taken = Title.objects.filter(chain=chain, order_in_chain=order).exclude(pk=self.instance.pk).first()
            if taken:
                self.add_error(
                    "order_in_chain",
                    _("Chuỗi «%(chain)s» đã có «%(title)s» ở thứ tự %(order)d.")
                    % {"chain": chain, "title": taken, "order": order},
                )
        return cleaned


@admin.register(Title)
class TitleAdmin(admin.ModelAdmin):
    form = TitleAdminForm
    list_display = (
        "display_name",
        "short_name",
        "subject",
        "category",
        "level",
        "chain",
        "order_in_chain",
        "is_active",
    )
    list_filter = ("subject", "category", "level", "chain", "is_active")
    search_fields = ("name__ucontains", "short_name__ucontains", "code")
    search_help_text = gettext_lazy("Tìm theo tên hoặc tên viết tắt, gõ có dấu hay không dấu đều được.")

    @admin.display(description=gettext_lazy("tên"), ordering=vi("name"))
    def display_name(self, obj):
        return obj.name
