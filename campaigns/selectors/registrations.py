"""Reads for registrations: who may see and change which sheet, the board's list of sheets, a unit's sheet page.

Permission helpers follow thidua.org.permissions: 404 for a sheet whose unit the user may not see, 403 for
one they may see but not change (write) or not decide on (decide: the board only).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.models import EmulationYear, Registration, RegistrationEvent, RegistrationSheet
from thidua.core.search import vi
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit, UnitKind
from thidua.org.permissions import can_write_unit, scope_for, visible_units
from thidua.titles.models import Title

Status = RegistrationSheet.Status


def visible_sheets(user) -> QuerySet[RegistrationSheet]:
    """The sheets of the units the user may see (the board and ministry-wide viewers: all of them)."""
    if scope_for(user).read_all:
        return RegistrationSheet.objects.all()
    return RegistrationSheet.objects.filter(unit__in=visible_units(user).values("pk"))


def get_sheet_for_user(user, pk, *, write: bool = False, decide: bool = False) -> RegistrationSheet:
    """One sheet: 404 if its unit is out of the user's sight; 403 if `write` and the user may not change the
    unit, or if `decide` (return, approve) and the user is not the board."""
    sheet = visible_sheets(user).select_related("unit", "unit__kind").filter(pk=pk).first()
    if sheet is None:
        raise Http404(_("Không tìm thấy bản đăng ký thi đua."))
    if write and not can_write_unit(user, sheet.unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi bản đăng ký của đơn vị này."))
    if decide and not scope_for(user).is_board:
        raise PermissionDenied(_("Chỉ Vụ Thi đua - Khen thưởng được trả lại hoặc duyệt bản đăng ký."))
    return sheet


def get_registration_for_user(user, pk, *, write: bool = False) -> Registration:
    """One registered title, with the same rules as its sheet."""
    registration = (
        Registration.objects.filter(sheet__in=visible_sheets(user).values("pk"), pk=pk)
        .select_related("sheet", "sheet__unit", "person", "title")
        .first()
    )
    if registration is None:
        raise Http404(_("Không tìm thấy đăng ký danh hiệu."))
    if write and not can_write_unit(user, registration.sheet.unit):
        raise PermissionDenied(_("Bạn chỉ được xem, không được thay đổi bản đăng ký của đơn vị này."))
    return registration


def current_year() -> int:
    return timezone.localdate().year


def emulation_year(year: int) -> EmulationYear | None:
    return EmulationYear.objects.filter(year=year).first()


def deadline_passed(emulation_year: EmulationYear | None, today: datetime.date | None = None) -> bool:
    if emulation_year is None:
        return False
    return (today or timezone.localdate()) > emulation_year.registration_deadline


def year_choices(*, extra: tuple[int, ...] = ()) -> list[int]:
    """The years to switch between: those the board opened, the current one and any asked for, newest first."""
    years = set(EmulationYear.objects.values_list("year", flat=True))
    years.update((current_year(), *extra))
    return sorted(years, reverse=True)


def individual_titles() -> list[Title]:
    """Active individual emulation titles, lowest of the chain first."""
    return list(
        Title.objects.filter(
            is_active=True, category=Title.Category.EMULATION, subject=Title.Subject.INDIVIDUAL
        ).order_by("order_in_chain", vi("name"))
    )


def collective_titles() -> list[Title]:
    """Active collective emulation titles, lowest of the chain first."""
    return list(
        Title.objects.filter(
            is_active=True, category=Title.Category.EMULATION, subject=Title.Subject.COLLECTIVE
        ).order_by("order_in_chain", vi("name"))
    )


def sheet_for(unit: Unit, year: int) -> RegistrationSheet | None:
    return (
        RegistrationSheet.objects.filter(unit=unit, year=year)
        .select_related("submitted_by", "decided_by", "late_accepted_by")
        .first()
    )


def sheet_people(unit: Unit, year: int, sheet: RegistrationSheet | None) -> QuerySet[Person]:
    """The people shown on a unit's sheet: its active people, and anyone registered on the sheet (someone who
    has left or moved keeps their registration), each with `year_registrations` (their titles that year)."""
    people = Person.objects.filter(unit=unit, is_active=True)
    if sheet is not None:
        # Usually none; read apart so that the main query stays on the (unit, is_active) index.
        others = set(
            Registration.objects.filter(sheet=sheet, person__isnull=False)
            .exclude(person__unit=unit, person__is_active=True)
            .values_list("person_id", flat=True)
        )
        if others:
            people = Person.objects.filter(Q(unit=unit, is_active=True) | Q(pk__in=others))
    return people.prefetch_related(
        Prefetch(
            "registrations",
            queryset=Registration.objects.filter(year=year).select_related("title").order_by("title__order_in_chain"),
            to_attr="year_registrations",
        )
    ).order_by(vi("given_name"), vi("full_name"), "id")


def collective_registrations(sheet: RegistrationSheet | None) -> list[Registration]:
    if sheet is None:
        return []
    return list(sheet.registrations.filter(person__isnull=True).select_related("title"))


def sheet_events(sheet: RegistrationSheet | None) -> list[RegistrationEvent]:
    """The sheet's workflow history, oldest first (a handful of rows per sheet)."""
    if sheet is None:
        return []
    return list(sheet.events.select_related("actor").order_by("at", "id"))


@dataclass(frozen=True)
class SheetCounts:
    active_people: int
    registered_people: int

    @property
    def missing(self) -> int:
        return max(self.active_people - self.registered_people, 0)


def sheet_counts(unit: Unit, year: int) -> SheetCounts:
    """How many active people the unit has and how many of them registered a title that year (one query)."""
    registered = Registration.objects.filter(person=OuterRef("pk"), year=year)
    counts = Person.objects.filter(unit=unit, is_active=True).aggregate(
        active=Count("pk"), registered=Count("pk", filter=Exists(registered))
    )
    return SheetCounts(counts["active"], counts["registered"])


def sheet_list(
    user,
    *,
    year: int,
    status: str = "",
    kind_id: int | None = None,
    cluster_id: int | None = None,
    q: str = "",
) -> QuerySet[RegistrationSheet]:
    """The sheets of a year the user may see, filtered, each with its collective title and counts, and the unit's
    name today (unit_name_now) and kind (unit_kind_name): as values rather than a Unit and a UnitKind built for each
    row (all the list shows of them), and as subqueries rather than joins, so that counting the sheets stays a count
    of the sheets alone.

    Search looks at the unit's name that year and its name today, with or without diacritics.
    """
    sheets = visible_sheets(user).filter(year=year)
    if status:
        sheets = sheets.filter(status=status)
    if kind_id:
        sheets = sheets.filter(unit__kind_id=kind_id)
    if cluster_id:
        sheets = sheets.filter(
            Exists(ClusterMembership.objects.filter(unit=OuterRef("unit"), term__cluster_id=cluster_id, year=year))
        )
    if q:
        sheets = sheets.filter(Q(unit_name__ucontains=q) | Q(unit__name__ucontains=q))
    collective = Registration.objects.filter(sheet=OuterRef("pk"), person__isnull=True).order_by(
        "title__order_in_chain"
    )
    individuals = (
        Registration.objects.filter(sheet=OuterRef("pk"), person__isnull=False)
        .order_by()
        .values("sheet")
        .annotate(n=Count("person", distinct=True))
        .values("n")
    )
    unit = Unit.objects.filter(pk=OuterRef("unit_id")).order_by()
    return sheets.annotate(
        unit_name_now=Subquery(unit.values("name")[:1]),
        unit_kind_name=Subquery(unit.values("kind__name")[:1]),
        collective_title=Subquery(collective.values("title__name")[:1]),
        registered_people=Coalesce(Subquery(individuals, output_field=IntegerField()), Value(0)),
    ).order_by(vi("unit_name"), "pk")


def status_counts(user, *, year: int) -> dict[str, int]:
    """How many visible sheets of the year are in each status."""
    rows = visible_sheets(user).filter(year=year).order_by().values_list("status").annotate(n=Count("pk"))
    counts = dict.fromkeys(Status.values, 0)
    counts.update(dict(rows))
    return counts


def unit_kinds() -> list[UnitKind]:
    return list(UnitKind.objects.order_by("order", vi("name")))


def cluster_terms(year: int) -> list[ClusterTerm]:
    return list(ClusterTerm.objects.filter(year=year).select_related("cluster").order_by(vi("cluster__name")))


def own_units(user) -> list[Unit]:
    """The units the user was given a unit role on (not their sub-units): where their sheet pages start."""
    scope = scope_for(user)
    if not scope.read_paths:
        return []
    return list(
        Unit.objects.filter(role_assignments__user=user, role_assignments__unit__isnull=False)
        .distinct()
        .order_by(vi("name"))
    )


def visible_children(user, unit: Unit) -> QuerySet[Unit]:
    """The unit's direct sub-units the user may see, for links to their sheets."""
    return visible_units(user).filter(parent=unit, is_active=True).order_by(vi("name"))
