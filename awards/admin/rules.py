"""Admin for awards: the rules of each title (versions with their conditions) and the quotas. Every save goes
through awards.services.rules, so an overlapping period is refused on the form with the service's message; a
change in the law is made with the action "Tạo phiên bản mới từ năm …", which keeps the earlier years' version."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.org.forms_admin import ServiceModelForm

from ..models import Condition, Quota, Rule
from ..services import rules as services

Kind = Condition.Kind

CONDITION_HELP = {
    "kind": gettext_lazy("Mỗi loại điều kiện chỉ dùng các ô được ghi «Dùng cho» loại đó; các ô khác được bỏ trống."),
    "required_title": gettext_lazy(
        "Dùng cho: đạt danh hiệu khác trong cùng năm; đạt liên tục một danh hiệu; được cụm, khối suy tôn (danh hiệu "
        "được suy tôn)."
    ),
    "years": gettext_lazy(
        "Dùng cho: đạt liên tục (số năm liên tục kết thúc ở năm xét, từ 2 năm); sáng kiến (trong số năm gần nhất, "
        "để trống: chỉ năm xét)."
    ),
    "initiative_level": gettext_lazy("Dùng cho: sáng kiến (phạm vi ảnh hưởng thấp nhất được chấp nhận)."),
    "min_rating": gettext_lazy(
        "Dùng cho: kết quả đánh giá, xếp loại (của cá nhân, hoặc của tập thể với danh hiệu tập thể)."
    ),
    "min_percent": gettext_lazy(
        "Dùng cho: tỷ lệ thành viên đạt Lao động tiên tiến; tỷ lệ thành viên hoàn thành nhiệm vụ (tối thiểu, %)."
    ),
    "discipline_level": gettext_lazy(
        "Dùng cho: không có ai bị kỷ luật (không đạt nếu bị kỷ luật từ hình thức này trở lên; với tập thể: bất kỳ "
        "thành viên nào)."
    ),
    "legal_basis": gettext_lazy("Để trống: dùng căn cứ pháp lý của quy định."),
}


class ConditionInlineForm(forms.ModelForm):
    """A condition: the fields its kind does not read are cleared, the ones it needs are required (in Vietnamese,
    rather than the database constraints' names), and the kind must fit the rule's title (set by the formset)."""

    rule_title = None

    class Meta:
        model = Condition
        fields = [
            "order",
            "kind",
            "required_title",
            "years",
            "initiative_level",
            "min_rating",
            "min_percent",
            "discipline_level",
            "legal_basis",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, text in CONDITION_HELP.items():
            self.fields[name].help_text = text

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("kind") or cleaned.get("DELETE"):
            return cleaned
        probe = Condition(**{name: cleaned.get(name) for name in self.Meta.fields if name != "order"})
        for name in ("initiative_level", "min_rating", "legal_basis"):
            setattr(probe, name, getattr(probe, name) or "")
        services.condition_clean(probe)
        for name, message in services.condition_errors(probe, title=self.rule_title).items():
            self.add_error(name if name in self.fields else None, message)
        for name in services.KIND_FIELDS:
            cleaned[name] = getattr(probe, name)
        return cleaned


class ConditionFormSet(BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.rule_title = self.instance.title if self.instance.title_id else None
        return form

    @property
    def empty_form(self):
        form = super().empty_form
        form.rule_title = None
        return form


class ConditionInline(admin.TabularInline):
    model = Condition
    form = ConditionInlineForm
    formset = ConditionFormSet
    extra = 0
    autocomplete_fields = ("required_title",)


class RuleAdminForm(ServiceModelForm):
    class Meta:
        model = Rule
        fields = ["title", "name", "legal_basis", "valid_from", "valid_to", "through_cluster", "notes"]

    def save_through_service(self, instance, *, actor):
        return services.rule_save(actor=actor, rule=instance)


class AppliesInYearFilter(admin.SimpleListFilter):
    """The versions that apply in a chosen year (a rule covers a period, not a single year)."""

    title = gettext_lazy("áp dụng năm")
    parameter_name = "ap_dung_nam"

    def lookups(self, request, model_admin):
        bounds = model_admin.get_queryset(request).aggregate(
            first=Min("valid_from"), last_start=Max("valid_from"), last_end=Max("valid_to")
        )
        if bounds["first"] is None:
            return []
        last = max(bounds["last_start"], bounds["last_end"] or 0, timezone.localdate().year)
        return [(str(year), str(year)) for year in range(last, bounds["first"] - 1, -1)]

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        year = int(self.value())
        return queryset.filter(valid_from__lte=year).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=year))


class NewVersionForm(forms.Form):
    valid_from = forms.IntegerField(
        label=gettext_lazy("Áp dụng từ năm"),
        min_value=services.MIN_YEAR,
        max_value=services.MAX_YEAR,
        help_text=gettext_lazy(
            "Phiên bản đang có sẽ kết thúc vào năm trước đó; kết quả xét của các năm trước vẫn theo phiên bản cũ."
        ),
    )


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    form = RuleAdminForm
    inlines = [ConditionInline]
    list_display = ("name", "title", "period", "through_cluster", "condition_count")
    list_filter = ("title", AppliesInYearFilter, "valid_from", "through_cluster")
    search_fields = ("name__ucontains", "title__name__ucontains", "legal_basis__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên quy định, danh hiệu hoặc căn cứ pháp lý, có dấu hay không dấu.")
    list_select_related = ("title",)
    readonly_fields = ("created_at", "updated_at")
    actions = ["new_version"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_conditions=Count("conditions"))

    @admin.display(description=gettext_lazy("thời gian áp dụng"), ordering="valid_from")
    def period(self, obj):
        return services.period_text(obj.valid_from, obj.valid_to)

    @admin.display(description=gettext_lazy("số điều kiện"), ordering="n_conditions")
    def condition_count(self, obj):
        return obj.n_conditions

    def save_model(self, request, obj, form, change):
        services.rule_save(actor=request.user, rule=obj)

    @admin.action(description=gettext_lazy("Tạo phiên bản mới từ năm …"))
    def new_version(self, request, queryset):
        """Ask for the year on an intermediate page, then make a new version of each chosen rule (all or none)."""
        rules = list(queryset.select_related("title").order_by("title__name", "valid_from"))
        form = NewVersionForm(request.POST if "apply" in request.POST else None)
        problems = []
        if form.is_bound and form.is_valid():
            year = form.cleaned_data["valid_from"]
            created = []
            try:
                with transaction.atomic():
                    for rule in rules:
                        try:
                            created.append(services.rule_new_version(actor=request.user, rule=rule, valid_from=year))
                        except ValidationError as exc:
                            problems.append(f"{rule}: {' '.join(exc.messages)}")
                    if problems:
                        raise ValidationError(problems)
            except ValidationError:
                created = []
            if created:
                messages.success(
                    request,
                    _(
                        "Đã tạo %(count)d phiên bản mới từ năm %(year)s. Hãy cập nhật căn cứ pháp lý và điều kiện của "
                        "phiên bản mới."
                    )
                    % {"count": len(created), "year": year},
                )
                if len(created) == 1:
                    return HttpResponseRedirect(reverse("admin:awards_rule_change", args=[created[0].pk]))
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tạo phiên bản mới của quy định"),
            "rules": rules,
            "form": form,
            "problems": problems,
            "opts": self.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "awards/rules/admin_new_version.html", context)


class QuotaAdminForm(ServiceModelForm):
    class Meta:
        model = Quota
        fields = ["title", "percent", "base_title", "legal_basis", "valid_from", "valid_to"]

    def save_through_service(self, instance, *, actor):
        return services.quota_save(actor=actor, quota=instance)


@admin.register(Quota)
class QuotaAdmin(admin.ModelAdmin):
    form = QuotaAdminForm
    list_display = ("title", "percent", "base_title", "period")
    list_filter = ("title", "valid_from")
    search_fields = ("title__name__ucontains", "legal_basis__ucontains")
    search_help_text = gettext_lazy("Tìm theo danh hiệu hoặc căn cứ pháp lý, có dấu hay không dấu.")
    list_select_related = ("title", "base_title")
    autocomplete_fields = ("title", "base_title")

    @admin.display(description=gettext_lazy("thời gian áp dụng"), ordering="valid_from")
    def period(self, obj):
        return services.period_text(obj.valid_from, obj.valid_to)

    def save_model(self, request, obj, form, change):
        services.quota_save(actor=request.user, quota=obj)
