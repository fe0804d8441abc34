"""Forms of the counting committee's paper entry: one paper (its number, the "agree" marks, spoiled or not), or the
totals (papers returned, valid, invalid, "agree" marks per candidate). One field per candidate, named
candidate_<id>, which is also the key the paper services give their errors under."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voting.models import Pool

from .conferences import set_messages

# Far above any meeting's papers, and within the database's integers.
MAX_NUMBER = 100_000
REQUIRED = {
    "paper_number": gettext_lazy("Vui lòng nhập số in trên phiếu."),
    "returned": gettext_lazy("Vui lòng nhập số phiếu thu vào."),
    "valid": gettext_lazy("Vui lòng nhập số phiếu hợp lệ."),
    "invalid": gettext_lazy("Vui lòng nhập số phiếu không hợp lệ."),
}
INVALID = {
    "paper_number": gettext_lazy("Số phiếu phải là một số nguyên dương."),
    "returned": gettext_lazy("Số phiếu thu vào phải là một số nguyên."),
    "valid": gettext_lazy("Số phiếu hợp lệ phải là một số nguyên."),
    "invalid": gettext_lazy("Số phiếu không hợp lệ phải là một số nguyên."),
}


def candidate_field(candidate_id: int) -> str:
    return f"candidate_{candidate_id}"


class CandidateFieldsMixin:
    """Groups the candidate fields by pool for the template: [(pool, [bound field, ...]), ...]."""

    pools: list[Pool]

    def pool_fields(self) -> list[tuple[Pool, list]]:
        return [(pool, [self[candidate_field(c.pk)] for c in pool.candidate_list]) for pool in self.pools]


class PaperBallotForm(CandidateFieldsMixin, forms.Form):
    paper_number = forms.IntegerField(
        label=gettext_lazy("Số in trên phiếu"),
        min_value=1,
        max_value=MAX_NUMBER,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    spoiled = forms.BooleanField(
        label=gettext_lazy("Phiếu hỏng, không hợp lệ (rách, không đọc được, đánh dấu ngoài ô)"), required=False
    )

    def __init__(self, *args, pools: list[Pool], **kwargs):
        super().__init__(*args, **kwargs)
        self.pools = pools
        set_messages(self, REQUIRED, INVALID)
        for pool in pools:
            for candidate in pool.candidate_list:
                self.fields[candidate_field(candidate.pk)] = forms.BooleanField(label=candidate.name, required=False)

    def marks(self) -> dict[int, bool]:
        return {
            c.pk: bool(self.cleaned_data.get(candidate_field(c.pk))) for pool in self.pools for c in pool.candidate_list
        }


class PaperTotalsForm(CandidateFieldsMixin, forms.Form):
    returned = forms.IntegerField(max_value=MAX_NUMBER, label=gettext_lazy("Số phiếu thu vào"), min_value=0)
    valid = forms.IntegerField(max_value=MAX_NUMBER, label=gettext_lazy("Số phiếu hợp lệ"), min_value=0)
    invalid = forms.IntegerField(max_value=MAX_NUMBER, label=gettext_lazy("Số phiếu không hợp lệ"), min_value=0)

    def __init__(self, *args, pools: list[Pool], **kwargs):
        super().__init__(*args, **kwargs)
        self.pools = pools
        set_messages(self, REQUIRED, INVALID)
        for pool in pools:
            for candidate in pool.candidate_list:
                name = {"name": candidate.name}
                self.fields[candidate_field(candidate.pk)] = forms.IntegerField(
                    label=_("Số phiếu đồng ý: %(name)s") % name,
                    min_value=0,
                    max_value=MAX_NUMBER,
                    error_messages={
                        "required": _("Phải ghi số phiếu đồng ý của «%(name)s» (số nguyên từ 0).") % name,
                        "invalid": _("Số phiếu đồng ý của «%(name)s» phải là một số nguyên.") % name,
                        "min_value": _("Số phiếu đồng ý của «%(name)s» không được âm.") % name,
                        "max_value": _("Số phiếu đồng ý của «%(name)s» quá lớn.") % name,
                    },
                )

    def totals(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[candidate_field(c.pk)] for pool in self.pools for c in pool.candidate_list}

    def figures(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in ("returned", "valid", "invalid")}
