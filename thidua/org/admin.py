"""The board's admin for the organization: units, clusters and their terms, people, users and their roles.

Every save goes through the services (see forms_admin.ServiceModelForm); units, people and cluster memberships
are imported and exported in xlsx and csv (see resources.py).
"""

from django.contrib import admin, messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from import_export.results import RowResult

from thidua.core.search import vi
from thidua.core.vietnamese import fold

from . import services
from .forms_admin import (
    BoardExportForm,
    BoardImportForm,
    ClusterAdminForm,
    ClusterTermAdminForm,
    PersonAdminForm,
    UnitAdminForm,
)
from .models import Cluster, ClusterMembership, ClusterTerm, Person, Province, RoleAssignment, Unit, UnitKind
from .resources import ClusterMembershipResource, PersonResource, UnitResource, sheet_formats

User = get_user_model()


class BoardImportExportMixin(ImportExportMixin):
    """Import and export in Vietnamese, for the board; a confirmed import that fails writes nothing and says why."""

    import_form_class = BoardImportForm
    export_form_class = BoardExportForm
    # With a byte-order mark, Excel opens the exported CSV with its diacritics intact.
    to_encoding = "utf-8-sig"

    @property
    def import_formats(self):
        return sheet_formats()

    @property
    def export_formats(self):
        return sheet_formats()

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        name = slugify(fold(str(self.model._meta.verbose_name_plural)))
        return f"{name}-{localdate():%Y-%m-%d}.{file_format.get_extension()}"

    def add_data_read_fail_error_to_form(self, form, e):
        form.add_error(
            "import_file",
            _("Không đọc được tệp. Hãy chọn đúng định dạng; tệp CSV phải được lưu với mã hóa UTF-8 (CSV UTF-8)."),
        )

    def add_success_message(self, result, request):
        totals = result.totals
        messages.success(
            request,
            _("Đã nhập xong %(model)s: %(new)d dòng thêm mới, %(update)d dòng cập nhật, %(skip)d dòng không đổi.")
            % {
                "model": self.model._meta.verbose_name_plural,
                "new": totals[RowResult.IMPORT_TYPE_NEW],
                "update": totals[RowResult.IMPORT_TYPE_UPDATE],
                "skip": totals[RowResult.IMPORT_TYPE_SKIP],
            },
        )

    def process_result(self, result, request):
        if not (result.has_errors() or result.has_validation_errors()):
            return super().process_result(result, request)
        # The data changed between the preview and the confirmation: the import was rolled back; show why.
        messages.error(request, _("Không nhập được tệp: không có dữ liệu nào được ghi. Hãy sửa các lỗi dưới đây."))
        resource_classes = self.get_import_resource_classes(request)
        form = self.get_import_form_class(request)(self.get_import_formats(), resource_classes)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập từ tệp"),
            "form": form,
            "opts": self.model._meta,
            "media": self.media + form.media,
            "result": result,
            "fields_list": [
                (cls.get_display_name(), [f.column_name for f in cls().get_user_visible_fields()])
                for cls in resource_classes
            ],
            "import_error_display": self.import_error_display,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def _create_log_entry(self, user_pk, rows, import_type, action_flag):
        # The admin's history of each imported object: django-import-export writes it in English.
        if rows:
            labels = {
                ADDITION: _("Thêm từ tệp nhập"),
                CHANGE: _("Cập nhật từ tệp nhập"),
                DELETION: _("Xóa từ tệp nhập"),
            }
            LogEntry.objects.log_actions(
                user_pk, rows, action_flag, change_message=labels[action_flag], single_object=len(rows) == 1
            )


class ServiceSaveMixin:
    """save_model through the form's service, with the board user as the actor (see ServiceModelForm)."""

    def save_model(self, request, obj, form, change):
        form.save_through_service(obj, actor=request.user)


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "region", "dissolved_year", "merged_into")
    list_filter = ("region", "dissolved_year")
    search_fields = ("name__ucontains", "code")
    list_select_related = ("merged_into",)
    autocomplete_fields = ("merged_into",)


@admin.register(UnitKind)
class UnitKindAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "head_title", "order")
    search_fields = ("name__ucontains", "code")


class DepthFilter(admin.SimpleListFilter):
    title = gettext_lazy("cấp trong cây đơn vị")
    parameter_name = "depth"

    def lookups(self, request, model_admin):
        depths = Unit.objects.order_by("depth").values_list("depth", flat=True).distinct()
        return [(str(depth), self.label(depth)) for depth in depths]

    @staticmethod
    def label(depth: int) -> str:
        if depth == 0:
            return _("Cấp 1 (đơn vị gốc)")
        return _("Cấp %(level)d") % {"level": depth + 1}

    def queryset(self, request, queryset):
        value = self.value()
        if value is not None and value.isdigit():
            return queryset.filter(depth=int(value))
        return queryset


@admin.register(Unit)
class UnitAdmin(ServiceSaveMixin, BoardImportExportMixin, admin.ModelAdmin):
    form = UnitAdminForm
    resource_classes = [UnitResource]
    list_display = ("display_name", "short_name", "kind", "parent", "province", "level", "is_active")
    list_filter = ("kind", "province", "is_active", DepthFilter)
    search_fields = ("name__ucontains", "short_name__ucontains")
    search_help_text = gettext_lazy("Tìm theo tên hoặc tên viết tắt, gõ có dấu hay không dấu đều được.")
    list_select_related = ("kind", "parent", "province")
    autocomplete_fields = ("kind", "parent", "province", "merged_into")
    readonly_fields = ("level",)
    fieldsets = (
        (None, {"fields": ("name", "short_name", "kind", "parent", "level", "province", "head_title", "is_active")}),
        (
            gettext_lazy("Lịch sử"),
            {"fields": ("established_year", "dissolved_year", "merged_into", "notes"), "classes": ("collapse",)},
        ),
    )

    @admin.display(description=gettext_lazy("tên đơn vị"), ordering=vi("name"))
    def display_name(self, obj):
        return obj.name

    @admin.display(description=gettext_lazy("cấp"), ordering="depth")
    def level(self, obj):
        return obj.depth + 1 if obj.pk else "-"


@admin.register(Person)
class PersonAdmin(ServiceSaveMixin, BoardImportExportMixin, admin.ModelAdmin):
    form = PersonAdminForm
    resource_classes = [PersonResource]
    list_display = ("display_name", "unit", "position", "gender", "birth_year", "is_active")
    list_filter = ("unit__kind", "unit__province", "gender", "is_active")
    search_fields = ("full_name__ucontains", "unit__name__ucontains", "email")
    search_help_text = gettext_lazy("Tìm theo họ tên, tên đơn vị hoặc thư điện tử, gõ có dấu hay không dấu đều được.")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)

    @admin.display(description=gettext_lazy("họ và tên"), ordering=vi("given_name"))
    def display_name(self, obj):
        return obj.full_name


@admin.register(Cluster)
class ClusterAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ClusterAdminForm
    list_display = ("name", "short_name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name__ucontains", "short_name__ucontains")


@admin.register(ClusterTerm)
class ClusterTermAdmin(ServiceSaveMixin, admin.ModelAdmin):
    form = ClusterTermAdminForm
    list_display = ("__str__", "year", "kind", "leader_name", "member_count", "decision_number")
    list_filter = ("year", "kind", "cluster")
    search_fields = ("cluster__name__ucontains", "decision_number")
    list_select_related = ("cluster",)
    autocomplete_fields = ("cluster",)
    fieldsets = (
        (None, {"fields": ("cluster", "year", "decision_number", "decision_date", "notes")}),
        (gettext_lazy("Thành viên, Cụm trưởng, Cụm phó"), {"fields": ("members", "leader", "deputies")}),
        (gettext_lazy("Hiện trạng đã lưu"), {"fields": ("memberships_table",)}),
    )

    def get_readonly_fields(self, request, obj=None):
        # A term is its cluster and year: changing them would be another term (create that one instead).
        if obj is not None:
            return ("cluster", "year", "memberships_table")
        return ("memberships_table",)

    def get_queryset(self, request):
        leader = ClusterMembership.objects.filter(term=OuterRef("pk"), role=ClusterMembership.Role.LEADER)
        return (
            super()
            .get_queryset(request)
            .annotate(leader_name=Subquery(leader.values("unit__name")[:1]), member_count=Count("memberships"))
        )

    @admin.display(description=gettext_lazy("Cụm trưởng"))
    def leader_name(self, obj):
        return obj.leader_name or "-"

    @admin.display(description=gettext_lazy("số đơn vị"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count

    @admin.display(description=gettext_lazy("đơn vị và vai trò"))
    def memberships_table(self, obj):
        if obj is None or not obj.pk:
            return "-"
        rows = obj.memberships.select_related("unit")
        if not rows:
            return _("Chưa có đơn vị thành viên.")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Đơn vị"),
            _("Vai trò"),
            format_html_join("", "<tr><td>{}</td><td>{}</td></tr>", ((m.unit, m.get_role_display()) for m in rows)),
        )


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(BoardImportExportMixin, admin.ModelAdmin):
    """Read-only list with import and export: memberships are changed on their term's page, where every rule of
    the term is checked together."""

    resource_classes = [ClusterMembershipResource]
    list_display = ("unit", "cluster_name", "year", "role")
    list_filter = ("year", "kind", "role")
    search_fields = ("unit__name__ucontains", "term__cluster__name__ucontains")
    list_select_related = ("unit", "term__cluster")

    @admin.display(description=gettext_lazy("cụm/khối/khu vực"), ordering=vi("term__cluster__name"))
    def cluster_name(self, obj):
        return obj.term.cluster.name

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_import_permission(self, request):
        return request.user.has_perm("org.change_clusterterm")


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fields = ("role", "unit")
    autocomplete_fields = ("unit",)
    extra = 0


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Django's user admin, with the user's roles inline; roles change only through role_grant and role_revoke."""

    inlines = (RoleAssignmentInline,)
    list_display = ("username", "first_name", "last_name", "email", "is_staff", "roles")
    list_filter = (*DjangoUserAdmin.list_filter, "role_assignments__role")

    def get_queryset(self, request):
        assignments = RoleAssignment.objects.select_related("unit")
        return super().get_queryset(request).prefetch_related(Prefetch("role_assignments", queryset=assignments))

    @admin.display(description=gettext_lazy("vai trò"))
    def roles(self, obj):
        return "; ".join(
            str(a.get_role_display()) + (f" - {a.unit}" if a.unit_id else "") for a in obj.role_assignments.all()
        )

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        user = form.instance
        # The services set is_staff on the user object they are given: give them the one the admin holds.
        for assignment in formset.deleted_objects:
            assignment.user = user
            services.role_revoke(actor=request.user, assignment=assignment)
        for assignment, _fields in formset.changed_objects:
            stored = RoleAssignment.objects.get(pk=assignment.pk)
            stored.user = user
            services.role_revoke(actor=request.user, assignment=stored)
            services.role_grant(actor=request.user, user=user, role=assignment.role, unit=assignment.unit)
        for assignment in formset.new_objects:
            services.role_grant(actor=request.user, user=user, role=assignment.role, unit=assignment.unit)
