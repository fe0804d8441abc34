"""Writes for the rules: the versions of a title's rule (never two covering the same year) with their conditions,
a new version from a year (the law changed), the quotas, and the default rules of awards.defaults."""

from collections.abc import Sequence

from auditlog.context import disable_auditlog
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from thidua.core.audit import acting_as
from thidua.titles.models import Title

from ..defaults import load_defaults
from ..models import Condition, Quota, Rule

Kind = Condition.Kind
MIN_YEAR, MAX_YEAR = 1945, 2100

# The fields each kind of condition reads (required, then optional); the others are cleared when it is saved.
FIELDS_BY_KIND: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    Kind.TITLE_SAME_YEAR: (("required_title",), ()),
    Kind.CONSECUTIVE: (("required_title", "years"), ()),
    Kind.CLUSTER_VOTE: (("required_title",), ()),
    Kind.INITIATIVE: (("initiative_level",), ("years",)),
    Kind.RATING: (("min_rating",), ()),
    Kind.MEMBER_SHARE: (("min_percent",), ()),
    Kind.MEMBERS_COMPLETED: (("min_percent",), ()),
    Kind.NO_DISCIPLINE: (("discipline_level",), ()),
}
KIND_FIELDS = ("required_title", "years", "initiative_level", "min_rating", "min_percent", "discipline_level")
INDIVIDUAL_KINDS = (Kind.INITIATIVE,)
COLLECTIVE_KINDS = (Kind.MEMBER_SHARE, Kind.MEMBERS_COMPLETED, Kind.CLUSTER_VOTE)


def period_text(valid_from: int, valid_to: int | None) -> str:
    return f"{valid_from}–{valid_to}" if valid_to is not None else _("%(year)s – nay") % {"year": valid_from}


def _year_error(value, *, required: bool) -> str | None:
    if value is None:
        return _("Vui lòng nhập năm.") if required else None
    if not isinstance(value, int) or isinstance(value, bool):
        return _("Năm phải là một số, ví dụ 2016.")
    if not MIN_YEAR <= value <= MAX_YEAR:
        return _("Năm %(year)s không hợp lệ: phải từ %(min)s đến %(max)s.") % {
            "year": value,
            "min": MIN_YEAR,
            "max": MAX_YEAR,
        }
    return None


def _period_errors(obj) -> dict[str, str]:
    errors = {}
    for name, required in (("valid_from", True), ("valid_to", False)):
        message = _year_error(getattr(obj, name), required=required)
        if message:
            errors[name] = message
    if not errors and obj.valid_to is not None and obj.valid_to < obj.valid_from:
        errors["valid_to"] = _("Năm kết thúc (%(to)s) không được trước năm bắt đầu (%(from)s).") % {
            "to": obj.valid_to,
            "from": obj.valid_from,
        }
    return errors


def _overlapping(queryset, *, valid_from: int, valid_to: int | None, exclude: Sequence[int] = ()):
    """The first row of `queryset` whose period shares a year with valid_from..valid_to (None: open-ended)."""
    overlapping = queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from))
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    return overlapping.exclude(pk__in=[pk for pk in exclude if pk]).order_by("valid_from").first()


def _rule_overlap_message(other: Rule, title: Title) -> str:
    return _(
        "Thời gian áp dụng trùng với quy định «%(rule)s» (%(period)s) của «%(title)s»: mỗi năm chỉ có một quy định "
        "cho một danh hiệu. Hãy sửa năm áp dụng, hoặc tạo phiên bản mới từ quy định đó."
    ) % {"rule": other.name, "period": period_text(other.valid_from, other.valid_to), "title": title.name}


def _lock_title(title_id: int) -> None:
    """Serialize the writes of one title's rules, so that two overlapping versions cannot be saved at once."""
    Title.objects.select_for_update().filter(pk=title_id).first()


# Conditions -------------------------------------------------------------------------------------------------------


def condition_clean(condition: Condition) -> None:
    """Clear the fields the condition's kind does not read (a changed kind leaves no stale figure behind)."""
    required, optional = FIELDS_BY_KIND.get(condition.kind, ((), ()))
    used = set(required) | set(optional)
    for name in KIND_FIELDS:
        if name in used:
            continue
        if name == "required_title":
            condition.required_title = None
        elif name in ("initiative_level", "min_rating"):
            setattr(condition, name, "")
        else:
            setattr(condition, name, None)


def condition_errors(condition: Condition, *, title: Title | None = None) -> dict[str, str]:
    """What is wrong with a condition, by field, in Vietnamese: the fields its kind needs, their ranges, and (with
    the rule's title) whether the kind fits an individual or a collective title."""
    errors: dict[str, str] = {}
    kind = condition.kind
    if kind not in FIELDS_BY_KIND:
        return {"kind": _("Vui lòng chọn loại điều kiện.")}
    required, _optional = FIELDS_BY_KIND[kind]
    label = Kind(kind).label
    for name in required:
        value = getattr(condition, f"{name}_id" if name == "required_title" else name)
        if value in (None, ""):
            field = Condition._meta.get_field(name)
            errors[name] = _("Điều kiện «%(kind)s» cần «%(field)s».") % {"kind": label, "field": field.verbose_name}
    if condition.years is not None and "years" not in errors:
        if kind == Kind.CONSECUTIVE and condition.years < 2:
            errors["years"] = _("Số năm liên tục phải từ 2 trở lên.")
        elif not 1 <= condition.years <= 20:
            errors["years"] = _("Số năm phải từ 1 đến 20.")
    if condition.min_percent is not None and not 0 <= condition.min_percent <= 100:
        errors["min_percent"] = _("Tỷ lệ phải từ 0 đến 100%.")
    if condition.discipline_level is not None and condition.discipline_level < 1 and "discipline_level" in required:
        errors["discipline_level"] = _("Hãy chọn một hình thức kỷ luật (từ khiển trách trở lên).")
    if title is not None:
        collective = title.subject == Title.Subject.COLLECTIVE
        if collective and kind in INDIVIDUAL_KINDS:
            errors["kind"] = _("Điều kiện «%(kind)s» chỉ dùng cho danh hiệu cá nhân.") % {"kind": label}
        elif not collective and kind in COLLECTIVE_KINDS:
            errors["kind"] = _("Điều kiện «%(kind)s» chỉ dùng cho danh hiệu tập thể.") % {"kind": label}
        required_title = condition.required_title if condition.required_title_id else None
        if required_title is not None and "required_title" not in errors and required_title.subject != title.subject:
            errors["required_title"] = _(
                "«%(required)s» không cùng đối tượng (cá nhân hay tập thể) với «%(title)s»."
            ) % {"required": required_title.name, "title": title.name}
    return errors


# Rules ------------------------------------------------------------------------------------------------------------


def _rule_errors(rule: Rule) -> dict[str, str]:
    rule.name = " ".join((rule.name or "").split())
    rule.legal_basis = (rule.legal_basis or "").strip()
    errors = {}
    if not rule.title_id:
        errors["title"] = _("Vui lòng chọn danh hiệu.")
    if not rule.name:
        errors["name"] = _("Vui lòng nhập tên quy định.")
    if not rule.legal_basis:
        errors["legal_basis"] = _("Vui lòng nhập căn cứ pháp lý (văn bản, điều, khoản).")
    errors.update(_period_errors(rule))
    return errors


def rule_save(*, actor, rule: Rule, conditions: Sequence[Condition] | None = None) -> Rule:
    """Create or change a version of a title's rule; with `conditions`, they become its conditions (in that order;
    those not listed are deleted).

    Rules: a title, a name, a legal basis; a period within 1945–2100, its end not before its start; no other
    version of the title's rules covering any of its years; each condition with the fields its kind needs and a
    kind that fits the title's subject. Errors are ValidationErrors by field, in Vietnamese; nothing is saved.
    Side effects: the rule (and conditions) saved in one transaction, audited (auditlog) under `actor`.
    """
    errors = _rule_errors(rule)
    if errors:
        raise ValidationError(errors)
    title = Title.objects.get(pk=rule.title_id)
    if conditions is not None:
        messages = []
        for position, condition in enumerate(conditions, start=1):
            condition_clean(condition)
            for message in condition_errors(condition, title=title).values():
                messages.append(_("Điều kiện %(n)s: %(message)s") % {"n": position, "message": message})
        if messages:
            raise ValidationError(messages)
    try:
        with transaction.atomic(), acting_as(actor):
            _lock_title(title.pk)
            other = _overlapping(
                Rule.objects.filter(title_id=title.pk),
                valid_from=rule.valid_from,
                valid_to=rule.valid_to,
                exclude=[rule.pk],
            )
            if other is not None:
                raise ValidationError({"valid_from": _rule_overlap_message(other, title)})
            rule.save()
            if conditions is not None:
                keep = [c.pk for c in conditions if c.pk and c.rule_id == rule.pk]
                for stale in Condition.objects.filter(rule=rule).exclude(pk__in=keep):
                    stale.delete()
                for order, condition in enumerate(conditions, start=1):
                    if condition.rule_id != rule.pk:
                        condition.pk = None
                    condition.rule = rule
                    condition.order = order
                    condition.save()
    except IntegrityError:
        raise ValidationError(
            _("Quy định vừa được người khác thay đổi, hoặc đã có phiên bản bắt đầu từ năm %(year)s; vui lòng tải lại.")
            % {"year": rule.valid_from}
        ) from None
    return rule


def rule_new_version(*, actor, rule: Rule, valid_from: int) -> Rule:
    """A new version of `rule` from `valid_from` (the law changed that year): a copy of the rule and its conditions
    applying from valid_from to the old version's end, the old version closed at valid_from - 1. The board then
    edits the copy (its legal basis, its conditions); results of the years before keep being answered under the
    old version.

    Rules: valid_from is a year after the rule's first year and within its period; the new period overlaps no
    other version. Side effects: the old version's end changed and the copy created, in one transaction, audited.
    """
    message = _year_error(valid_from, required=True)
    if message:
        raise ValidationError({"valid_from": message})
    with transaction.atomic(), acting_as(actor):
        _lock_title(rule.title_id)
        old = Rule.objects.select_related("title").get(pk=rule.pk)
        if valid_from <= old.valid_from:
            raise ValidationError(
                {
                    "valid_from": _(
                        "Phiên bản mới phải bắt đầu sau năm %(first)s, năm bắt đầu áp dụng của quy định «%(rule)s»."
                    )
                    % {"first": old.valid_from, "rule": old.name}
                }
            )
        if old.valid_to is not None and valid_from > old.valid_to:
            raise ValidationError(
                {
                    "valid_from": _(
                        "Quy định «%(rule)s» chỉ áp dụng đến năm %(to)s; phiên bản mới từ năm %(year)s không thay "
                        "thế nó. Hãy chọn quy định đang áp dụng năm %(year)s."
                    )
                    % {"rule": old.name, "to": old.valid_to, "year": valid_from}
                }
            )
        other = _overlapping(
            Rule.objects.filter(title_id=old.title_id), valid_from=valid_from, valid_to=old.valid_to, exclude=[old.pk]
        )
        if other is not None:
            raise ValidationError({"valid_from": _rule_overlap_message(other, old.title)})
        conditions = list(old.conditions.order_by("order", "pk"))
        new = Rule(
            title_id=old.title_id,
            name=old.name,
            legal_basis=old.legal_basis,
            valid_from=valid_from,
            valid_to=old.valid_to,
            through_cluster=old.through_cluster,
            notes=old.notes,
        )
        old.valid_to = valid_from - 1
        old.save(update_fields=["valid_to", "updated_at"])
        new.save()
        for condition in conditions:
            condition.pk = None
            condition.rule = new
            condition.save()
    return new


# Quotas -----------------------------------------------------------------------------------------------------------


def quota_save(*, actor, quota: Quota) -> Quota:
    """Create or change a version of a title's quota.

    Rules: a title and a base title, a percentage from 0 to 100, a legal basis, a period as for the rules, and no
    other quota of the title covering any of its years. Side effects: saved and audited under `actor`.
    """
    quota.legal_basis = (quota.legal_basis or "").strip()
    errors = {}
    if not quota.title_id:
        errors["title"] = _("Vui lòng chọn danh hiệu.")
    if not quota.base_title_id:
        errors["base_title"] = _("Vui lòng chọn danh hiệu làm cơ sở tính.")
    if quota.percent is None or not 0 <= quota.percent <= 100:
        errors["percent"] = _("Tỷ lệ phải từ 0 đến 100%.")
    if not quota.legal_basis:
        errors["legal_basis"] = _("Vui lòng nhập căn cứ pháp lý (văn bản, điều, khoản).")
    errors.update(_period_errors(quota))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), acting_as(actor):
            _lock_title(quota.title_id)
            other = _overlapping(
                Quota.objects.filter(title_id=quota.title_id),
                valid_from=quota.valid_from,
                valid_to=quota.valid_to,
                exclude=[quota.pk],
            )
            if other is not None:
                raise ValidationError(
                    {
                        "valid_from": _(
                            "Thời gian áp dụng trùng với chỉ tiêu %(period)s của «%(title)s»: mỗi năm chỉ có một "
                            "chỉ tiêu cho một danh hiệu."
                        )
                        % {"period": period_text(other.valid_from, other.valid_to), "title": quota.title.name}
                    }
                )
            quota.save()
    except IntegrityError:
        raise ValidationError(_("Chỉ tiêu vừa được người khác thay đổi; vui lòng tải lại trang.")) from None
    return quota


# Defaults ---------------------------------------------------------------------------------------------------------


def rules_ensure_defaults() -> int:
    """Add the default rules and quotas that are missing (by title and first year); the board's versions are kept.

    Returns how many were added. Used by tests whose database was flushed and by the demo data, like
    titles_ensure_defaults. Reference data as the migration writes it: not audited.
    """
    with transaction.atomic(), disable_auditlog():
        return load_defaults(Title=Title, Rule=Rule, Condition=Condition, Quota=Quota)
