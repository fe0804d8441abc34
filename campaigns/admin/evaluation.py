"""Admin for campaigns: evaluation. Ratings and initiatives are saved through the evaluation services; covenant
scores are entered by the member units in the portal, so the board only reads them here."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from thidua.core.search import vi
from thidua.org.forms_admin import ServiceModelForm

from ..models import Initiative, PersonEvaluation, UnitEvaluation, UnitScore
from ..services import evaluation as services


class PersonEvaluationAdminForm(ServiceModelForm):
    class Meta:
        model = PersonEvaluation
        fields = ["person", "year", "rating", "discipline"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Another person or year is another evaluation: add one instead.
            for name in ("person", "year"):
                self.fields[name].disabled = True

    def save_through_service(self, instance, *, actor):
        saved = services.evaluation_set(
            actor=actor,
            person=instance.person,
            year=instance.year,
            rating=instance.rating,
            discipline=instance.discipline,
        )
        instance.pk = saved.pk
        return saved


@admin.register(PersonEvaluation)
class PersonEvaluationAdmin(admin.ModelAdmin):
    form = PersonEvaluationAdminForm
    list_display = ("person_name", "unit_name", "year", "rating", "discipline", "updated_at")
    list_filter = ("year", "rating", "discipline")
    search_fields = ("person__full_name__ucontains", "unit_name__ucontains")
    search_help_text = gettext_lazy("Tìm theo họ tên hoặc tên đơn vị, gõ có dấu hay không dấu đều được.")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)
    readonly_fields = ("unit_name", "updated_by", "updated_at")

    @admin.display(description=gettext_lazy("cá nhân"), ordering=vi("person__given_name"))
    def person_name(self, obj):
        return obj.person.full_name

    def save_model(self, request, obj, form, change):
        saved = form.save_through_service(obj, actor=request.user)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        # A rating is corrected, not removed: the history of a year stays complete.
        return False


class InitiativeAdminForm(ServiceModelForm):
    class Meta:
        model = Initiative
        fields = ["person", "year", "name", "level", "recognised_by"]

    def save_through_service(self, instance, *, actor):
        return services.initiative_save(actor=actor, initiative=instance)


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    form = InitiativeAdminForm
    list_display = ("name", "person_name", "year", "level", "recognised_by")
    list_filter = ("year", "level")
    search_fields = ("name__ucontains", "person__full_name__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên sáng kiến hoặc họ tên tác giả, gõ có dấu hay không dấu đều được.")
    list_select_related = ("person",)
    autocomplete_fields = ("person",)

    @admin.display(description=gettext_lazy("tác giả"), ordering=vi("person__given_name"))
    def person_name(self, obj):
        return obj.person.full_name

    def save_model(self, request, obj, form, change):
        form.save_through_service(obj, actor=request.user)

    def delete_model(self, request, obj):
        services.initiative_remove(actor=request.user, initiative=obj)

    def delete_queryset(self, request, queryset):
        for initiative in queryset:
            services.initiative_remove(actor=request.user, initiative=initiative)


@admin.register(UnitScore)
class UnitScoreAdmin(admin.ModelAdmin):
    list_display = ("term", "criterion", "scored_unit", "scorer_unit", "points", "entered_at")
    list_filter = ("criterion__covenant__term__year", "criterion__covenant__term__cluster")
    search_fields = ("scored_unit__name__ucontains", "scorer_unit__name__ucontains", "criterion__name__ucontains")
    list_select_related = ("criterion__covenant__term__cluster", "scored_unit", "scorer_unit")

    @admin.display(description=gettext_lazy("cụm thi đua"), ordering="criterion__covenant__term")
    def term(self, obj):
        return obj.criterion.covenant.term

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class UnitEvaluationAdminForm(ServiceModelForm):
    class Meta:
        model = UnitEvaluation
        fields = ["unit", "year", "rating"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Another unit or year is another rating: add one instead.
            for name in ("unit", "year"):
                self.fields[name].disabled = True

    def save_through_service(self, instance, *, actor):
        saved = services.unit_evaluation_set(
            actor=actor, unit=instance.unit, year=instance.year, rating=instance.rating
        )
        instance.pk = saved.pk
        return saved


@admin.register(UnitEvaluation)
class UnitEvaluationAdmin(admin.ModelAdmin):
    form = UnitEvaluationAdminForm
    list_display = ("unit_name", "year", "rating", "updated_at")
    list_filter = ("year", "rating")
    search_fields = ("unit_name__ucontains", "unit__name__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên đơn vị, gõ có dấu hay không dấu đều được.")
    autocomplete_fields = ("unit",)
    readonly_fields = ("unit_name", "updated_by", "updated_at")

    def save_model(self, request, obj, form, change):
        saved = form.save_through_service(obj, actor=request.user)
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        # A rating is corrected, not removed: the history of a year stays complete.
        return False
