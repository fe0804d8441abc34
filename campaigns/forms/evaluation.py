"""Portal forms for the year-end evaluation: well-formed input only; the rules live in the services."""

from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..evaluation_import import RatingRow
from ..models import CovenantCriterion, Initiative, PersonEvaluation
from ..selectors.evaluation import TableRow
from ..services.evaluation import EvaluationInput

Rating = PersonEvaluation.Rating
Discipline = PersonEvaluation.Discipline

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
PAYLOAD_MAX_AGE = 3600  # seconds between the preview and the confirmation


class EvaluationTableForm(forms.Form):
    """A rating and a discipline select per person of the page. A person not rated yet may stay unrated; once
    rated, the rating can be changed but not removed (there is no empty choice)."""

    def __init__(self, rows: list[TableRow], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            pk = row.person.pk
            evaluation = row.evaluation
            blank = [] if evaluation else [("", _("— Chưa xếp loại —"))]
            self.fields[f"rating_{pk}"] = forms.ChoiceField(
                label=_("Xếp loại của %(name)s") % {"name": row.person.full_name},
                choices=blank + list(Rating.choices),
                required=bool(evaluation),
                initial=evaluation.rating if evaluation else "",
                error_messages={
                    "required": _("Vui lòng chọn xếp loại cho %(name)s.") % {"name": row.person.full_name},
                    "invalid_choice": _("Xếp loại của %(name)s không hợp lệ.") % {"name": row.person.full_name},
                },
            )
            self.fields[f"discipline_{pk}"] = forms.TypedChoiceField(
                label=_("Kỷ luật của %(name)s") % {"name": row.person.full_name},
                choices=Discipline.choices,
                coerce=int,
                initial=evaluation.discipline if evaluation else Discipline.NONE,
                error_messages={
                    "invalid_choice": _("Hình thức kỷ luật của %(name)s không hợp lệ.") % {"name": row.person.full_name}
                },
            )
            row.rating_field = self[f"rating_{pk}"]
            row.discipline_field = self[f"discipline_{pk}"]

    def clean(self):
        cleaned = super().clean()
        for row in self.rows:
            pk = row.person.pk
            if not cleaned.get(f"rating_{pk}") and cleaned.get(f"discipline_{pk}"):
                self.add_error(
                    f"rating_{pk}",
                    _("Chọn xếp loại cho %(name)s trước khi ghi kỷ luật.") % {"name": row.person.full_name},
                )
        return cleaned

    def inputs(self) -> list[EvaluationInput]:
        """The rated rows, for evaluation_set_many."""
        out = []
        for row in self.rows:
            pk = row.person.pk
            rating = self.cleaned_data.get(f"rating_{pk}")
            if rating:
                out.append(EvaluationInput(pk, rating, self.cleaned_data.get(f"discipline_{pk}") or 0))
        return out


class InitiativeForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = ["name", "level", "recognised_by"]
        labels = {"recognised_by": gettext_lazy("Văn bản công nhận (số, ngày)")}
        error_messages = {
            "name": {"required": gettext_lazy("Vui lòng nhập tên sáng kiến.")},
            "level": {
                "required": gettext_lazy("Vui lòng chọn phạm vi ảnh hưởng của sáng kiến."),
                "invalid_choice": gettext_lazy("Phạm vi ảnh hưởng không hợp lệ."),
            },
        }
        widgets = {"name": forms.TextInput(attrs={"autocomplete": "off"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", _("— Chọn phạm vi ảnh hưởng —")), *Initiative.Level.choices]


class RatingsUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp Excel (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Vui lòng chọn tệp Excel cần nhập."),
            "empty": gettext_lazy("Tệp đã chọn không có nội dung."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".xlsx"):
            raise ValidationError(_("Chỉ nhận tệp Excel .xlsx."))
        if file.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("Tệp lớn hơn 10 MB; hãy chia thành nhiều tệp nhỏ hơn."))
        return file


def _salt(user) -> str:
    return f"campaigns.evaluation.import:{user.pk}"


def sign_rows(rows: list[RatingRow], *, user) -> str:
    """The previewed rows, signed for this user, carried by the confirmation form instead of the file."""
    return signing.dumps(
        [[r.number, r.year, r.unit, r.name, r.code, r.rating, r.discipline] for r in rows],
        salt=_salt(user),
        compress=True,
    )


class RatingsConfirmForm(forms.Form):
    payload = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_payload(self) -> list[RatingRow]:
        try:
            data = signing.loads(self.cleaned_data["payload"], salt=_salt(self.user), max_age=PAYLOAD_MAX_AGE)
            return [RatingRow(*values) for values in data]
        except (signing.BadSignature, TypeError, ValueError):
            raise ValidationError(_("Bản xem trước đã hết hạn hoặc không hợp lệ; vui lòng tải tệp lên lại.")) from None


class ScoreSheetForm(forms.Form):
    """A points field per member unit and criterion; ranges are checked by the service (with the names)."""

    def __init__(self, members, criteria: list[CovenantCriterion], initial_points: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.criteria = members, criteria
        self.grid = []
        for member in members:
            cells = []
            for criterion in criteria:
                name = f"s_{member.unit_id}_{criterion.pk}"
                self.fields[name] = forms.DecimalField(
                    label=_("%(unit)s, %(criterion)s") % {"unit": member.unit.name, "criterion": criterion.name},
                    required=False,
                    localize=True,
                    initial=initial_points.get((member.unit_id, criterion.pk)),
                    error_messages={
                        "invalid": _("%(unit)s, tiêu chí «%(criterion)s»: điểm phải là một số, ví dụ 8,5.")
                        % {"unit": member.unit.name, "criterion": criterion.name}
                    },
                    widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 5, "autocomplete": "off"}),
                )
                cells.append((criterion, self[name]))
            self.grid.append((member, cells))

    def scores(self) -> dict[int, dict[int, Decimal | None]]:
        return {
            member.unit_id: {c.pk: self.cleaned_data.get(f"s_{member.unit_id}_{c.pk}") for c in self.criteria}
            for member in self.members
        }
