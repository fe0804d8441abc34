"""The filters of the awards' dashboards: a range of years, a cluster and a kind of unit, each optional. A bad value
is an error naming its field; the page then shows the default range (or everything) for that field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from campaigns.forms.dashboard import DashboardFilterForm

MIN_YEAR, MAX_YEAR = 1945, 2100
MAX_SPAN = 30  # years on one chart: beyond, the columns are too narrow to read
DEFAULT_SPAN = 10


def _year_field(label):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": MIN_YEAR, "max": MAX_YEAR}),
    )


class YearRangeFilterForm(DashboardFilterForm):
    """From year, to year (both included; empty: at most DEFAULT_SPAN years from `first` to `latest`, the years of
    the awards), cluster and kind."""

    year_from = _year_field(_("Từ năm"))
    year_to = _year_field(_("Đến năm"))
    field_order = ["year_from", "year_to", "cluster", "kind"]

    def __init__(self, data, *, first: int, latest: int, **kwargs):
        super().__init__(data, **kwargs)
        self.first, self.latest = first, latest
        for name in ("year_from", "year_to"):
            field = self.fields[name]
            bounds = {"field": field.label, "min": MIN_YEAR, "max": MAX_YEAR}
            field.error_messages.update(
                invalid=gettext("%(field)s: năm phải là một số, ví dụ 2016.") % bounds,
                min_value=gettext("%(field)s: năm phải từ %(min)s đến %(max)s.") % bounds,
                max_value=gettext("%(field)s: năm phải từ %(min)s đến %(max)s.") % bounds,
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None and end is not None:
            if start > end:
                self.add_error(
                    "year_from", ValidationError(gettext("Từ năm: phải trước hoặc bằng «Đến năm»."), "order")
                )
            elif end - start + 1 > MAX_SPAN:
                self.add_error(
                    "year_to",
                    ValidationError(
                        gettext("Đến năm: mỗi lần xem tối đa %(n)s năm (từ %(start)s đến %(end)s là %(years)s năm).")
                        % {"n": MAX_SPAN, "start": start, "end": end, "years": end - start + 1},
                        "span",
                    ),
                )
        return data

    def years(self) -> tuple[int, int]:
        """The range to show: the years asked for when both are valid; an empty one completed to DEFAULT_SPAN
        years within the awards' years (`first` to `latest`); the default range when either is in error. The
        inputs show the range as their placeholder."""
        start, end = None, None
        if not {"year_from", "year_to"} & set(self.errors):
            start, end = self.value("year_from"), self.value("year_to")
        if end is None:
            end = self.latest if start is None else min(start + DEFAULT_SPAN - 1, max(self.latest, start))
        if start is None:
            start = min(end, max(self.first, end - DEFAULT_SPAN + 1))
        self.fields["year_from"].widget.attrs["placeholder"] = start
        self.fields["year_to"].widget.attrs["placeholder"] = end
        return start, end
