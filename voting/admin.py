"""Admin for voting: conferences with their delegates, sessions with their pools and candidates (read-only once
open). Ballots, participations and codes are not in the admin: they are reached only through the services, and a
list of ballots would offer an order to sort them by."""

from django.contrib import admin

from voting.models import BallotSession, Candidate, Conference, Delegate, Pool, SummaryReport


class DelegateInline(admin.TabularInline):
    model = Delegate
    extra = 0
    fields = ("unit", "full_name", "position", "is_voting", "committee_role", "present_at")
    autocomplete_fields = ("unit",)


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "year", "date", "place", "chair_name")
    list_filter = ("kind", "year")
    list_select_related = ("term__cluster",)
    search_fields = ("name", "place", "chair_name", "term__cluster__name")
    readonly_fields = ("appointment",)
    inlines = [DelegateInline]


class PoolInline(admin.TabularInline):
    model = Pool
    extra = 0
    fields = ("name", "quota", "order")


class CandidateInline(admin.TabularInline):
    model = Candidate
    extra = 0
    fields = ("pool", "unit", "nomination", "name", "detail", "votes", "percent", "passed", "reason")
    readonly_fields = ("votes", "percent", "passed", "reason")
    autocomplete_fields = ("unit",)
    raw_id_fields = ("nomination",)


@admin.register(BallotSession)
class BallotSessionAdmin(admin.ModelAdmin):
    list_display = ("title", "conference", "round", "status", "opened_at", "closed_at")
    list_filter = ("status", "title")
    list_select_related = ("title", "conference__term__cluster")
    readonly_fields = (
        "status",
        "entitled_count",
        "present_count",
        "opened_at",
        "closed_at",
        "counted_at",
        "entitled_fingerprint",
        "entitled_list",
        "chain_head",
        "final_head",
        "published_at",
        "papers",
        "minutes",
        "result",
    )
    inlines = [PoolInline, CandidateInline]

    def get_readonly_fields(self, request, obj=None):
        # Settings and candidates are fixed once the session opens: the codes and ballots were issued on them.
        if obj is not None and obj.status != BallotSession.Status.DRAFT:
            return [f.name for f in self.model._meta.concrete_fields]
        return self.readonly_fields

    def get_inlines(self, request, obj):
        if obj is not None and obj.status != BallotSession.Status.DRAFT:
            return []
        return self.inlines


@admin.register(SummaryReport)
class SummaryReportAdmin(admin.ModelAdmin):
    """Read-only: the narrative is written and the PDF built in the portal, through the services that check who
    may write, keep the revision and number the report."""

    list_display = ("year", "kind", "term", "number_text", "written_by", "written_at")
    list_filter = ("kind", "year")
    list_select_related = ("term__cluster", "written_by")
    search_fields = ("term__cluster__name", "number_text", "achievements")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
