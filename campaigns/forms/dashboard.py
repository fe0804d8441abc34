"""The dashboards' filters: a cluster and a kind of unit, each optional, chosen from the lists the page offers.
A value that is not on the list is an error naming the field (the page then shows everything, unfiltered)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from thidua.org.permissions import get_cluster_for_user


def check_cluster_param(user, data) -> None:
    """A cluster the user may not see is not found (404), as a unit would be; other bad values are the form's."""
    value = data.get("cluster", "").strip()
    if value.isdecimal() and 0 < int(value) < 2**31:
        get_cluster_for_user(user, int(value))


class DashboardFilterForm(forms.Form):
    """`clusters` and `kinds` are (id, name) pairs: the clusters offered (e.g. those with a term in the year shown)
    and the kinds of unit; `cluster_error` is the message for a cluster's id that is not offered."""

    cluster = forms.TypedChoiceField(label=_("Cụm, khối, khu vực"), coerce=int, required=False, empty_value=None)
    kind = forms.TypedChoiceField(label=_("Loại đơn vị"), coerce=int, required=False, empty_value=None)

    def __init__(self, data, *, clusters, kinds, cluster_error=None):
        super().__init__(data)
        everything = ("", _("Tất cả"))
        self.fields["cluster"].choices = [everything, *clusters]
        # A cluster's id (one the user may see: check_cluster_param) off the list has no term that year.
        asked = str((data or {}).get("cluster", "")).strip()
        self.fields["cluster"].error_messages["invalid_choice"] = (
            cluster_error
            if cluster_error and asked.isdecimal()
            else _("Cụm, khối, khu vực: giá trị «%(value)s» không có trong danh sách.")
        )
        self.fields["kind"].choices = [everything, *kinds]
        self.fields["kind"].error_messages["invalid_choice"] = _(
            "Loại đơn vị: giá trị «%(value)s» không có trong danh sách."
        )

    def value(self, name: str):
        """The field's cleaned value; None when it is empty or in error (that filter is then not applied)."""
        if not self.is_valid() and name in self.errors:
            return None
        return self.cleaned_data.get(name)

    @property
    def filtered(self) -> bool:
        return any(self.value(name) is not None for name in self.fields)
