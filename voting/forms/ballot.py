"""Forms of the public side of voting: the one-time code (typed or from the QR link), the ballot itself (one field
`c<candidate id>` per candidate, "1" agree, "0" or absent not), and the receipt lookup.

The HTTP contract of the ballot (load tests and the benchmark post it as is): fields `code`, `c<id>` and
`csrfmiddlewaretoken`; nothing else is read.
"""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from voting.models import Pool
from voting.services import ALPHABET, CODE_LENGTH, RECEIPT_LENGTH, normalize_code

AGREE, DISAGREE = "1", "0"
MARK_FIELD = re.compile(r"^c(\d+)$")


def _well_formed(value: str, length: int) -> bool:
    return len(value) == length and all(ch in ALPHABET for ch in value)


class CodeForm(forms.Form):
    """The delegate's one-time code, as typed: case, spaces and dashes do not matter."""

    code = forms.CharField(
        label=gettext_lazy("Mã bỏ phiếu"),
        max_length=64,
        help_text=gettext_lazy("In trên phiếu mã phát cho đại biểu (10 ký tự, không phân biệt chữ hoa, chữ thường)."),
        error_messages={
            "required": gettext_lazy("Mã bỏ phiếu: hãy nhập mã in trên phiếu mã của đại biểu."),
            "max_length": gettext_lazy("Mã bỏ phiếu: mã quá dài."),
        },
    )

    def clean_code(self) -> str:
        code = normalize_code(self.cleaned_data["code"])
        if not _well_formed(code, CODE_LENGTH):
            raise forms.ValidationError(
                _("Mã bỏ phiếu: mã gồm %(n)s chữ cái và chữ số in trên phiếu mã của đại biểu.") % {"n": CODE_LENGTH},
                code="code",
            )
        return code


class BallotForm(CodeForm):
    """A ballot for `pools` (each with `candidate_list`): the code and one mark per candidate; a mark left out is
    "not agree". More "agree" marks than a pool's quota is allowed (the ballot is stored invalid), not an error."""

    def __init__(self, *args, pools: list[Pool], **kwargs):
        super().__init__(*args, **kwargs)
        self.pools = pools
        for pool in pools:
            for candidate in pool.candidate_list:
                self.fields[f"c{candidate.pk}"] = forms.ChoiceField(
                    label=candidate.name,
                    choices=[(AGREE, _("Đồng ý")), (DISAGREE, _("Không đồng ý"))],
                    required=False,
                    initial=DISAGREE,
                    error_messages={
                        # The name is the candidate's: escape it, the message is formatted again with the value.
                        "invalid_choice": _("«%(name)s»: chỉ nhận «Đồng ý» (1) hoặc «Không đồng ý» (0).")
                        % {"name": candidate.name.replace("%", "%%")}
                    },
                )

    def clean(self):
        cleaned = super().clean()
        if self.is_bound:
            known = {name for name in self.fields if MARK_FIELD.match(name)}
            if any(MARK_FIELD.match(name) and name not in known for name in self.data):
                raise forms.ValidationError(_("Phiếu có ứng viên không thuộc phiên này."), code="candidate")
        return cleaned

    def marks(self) -> dict[int, bool]:
        """{candidate id: agree} for every candidate of the session (a cleaned form only)."""
        return {
            int(MARK_FIELD.match(name).group(1)): value == AGREE
            for name, value in self.cleaned_data.items()
            if MARK_FIELD.match(name)
        }

    def _agreed(self) -> dict[int, list[int]]:
        """{pool id: the candidate ids marked "agree"}, from what was posted (valid values only)."""
        agreed: dict[int, list[int]] = {}
        for pool in self.pools:
            for candidate in pool.candidate_list:
                if self[f"c{candidate.pk}"].value() == AGREE:
                    agreed.setdefault(pool.pk, []).append(candidate.pk)
        return agreed

    def over_quota(self) -> list[Pool]:
        """The pools with more "agree" marks than their quota: the ballot will be counted invalid."""
        agreed = self._agreed()
        return [pool for pool in self.pools if len(agreed.get(pool.pk, ())) > pool.quota]

    def rows(self) -> list[tuple[Pool, list]]:
        """[(pool, [(candidate, bound field, agreed)])], for the template."""
        return [
            (
                pool,
                [
                    (candidate, self[f"c{candidate.pk}"], self[f"c{candidate.pk}"].value() == AGREE)
                    for candidate in pool.candidate_list
                ],
            )
            for pool in self.pools
        ]


class ReceiptForm(forms.Form):
    """The receipt code shown after voting."""

    r = forms.CharField(
        label=gettext_lazy("Mã biên nhận"),
        max_length=64,
        error_messages={
            "required": gettext_lazy("Mã biên nhận: hãy nhập mã biên nhận nhận được sau khi bỏ phiếu."),
            "max_length": gettext_lazy("Mã biên nhận: mã quá dài."),
        },
    )

    def clean_r(self) -> str:
        receipt = normalize_code(self.cleaned_data["r"])
        if not _well_formed(receipt, RECEIPT_LENGTH):
            raise forms.ValidationError(
                _("Mã biên nhận: mã gồm %(n)s chữ cái và chữ số hiện ra sau khi bỏ phiếu.") % {"n": RECEIPT_LENGTH},
                code="receipt",
            )
        return receipt
