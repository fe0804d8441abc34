"""Reads for the registration dashboard: participation per unit, per cluster and in all, counts per title, and
who has not registered, with the charts of these rates. Everything is aggregated in the database (conditional
counts and subqueries), so each table costs a fixed number of queries whatever the number of units, people and
registrations.

Participation rate = active people with at least one individual registration of the year on a sheet that was
submitted or approved / active people. Drafts and returned sheets are not counted: until the unit sends its
sheet, the registration is not made. People count in the unit where they work now.

The aggregates read every active person of the user's scope, a cost that grows with the ministry; they are
cached per year and scope under the id of the latest audit entry (thidua.core.cache: any audited write gives a
new key and the next page shows it). The page's filters (cluster, kind of unit, name) then work on the cached
rows in Python, so that a filtered page costs what an unfiltered one does.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Registration, RegistrationSheet
from thidua.core.cache import cached_for_scope
from thidua.core.charts import Chart, Series
from thidua.core.search import vi
from thidua.core.vietnamese import fold, sort_key
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Unit
from thidua.org.permissions import scope_for, visible_clusters, visible_units
from thidua.titles.models import Title

COUNTED = (RegistrationSheet.Status.SUBMITTED, RegistrationSheet.Status.APPROVED)
SORTS = ("name", "rate")
METHOD = gettext_lazy(
    "Tỷ lệ đăng ký = số cá nhân đang công tác có ít nhất một đăng ký danh hiệu cá nhân trong năm, trên bản đăng ký "
    "đã gửi hoặc đã duyệt / số cá nhân đang công tác. Bản đăng ký đang soạn hoặc bị trả lại chưa được tính. "
    "Mỗi người được tính ở đơn vị đang công tác."
)


@dataclass(frozen=True)
class Rate:
    """Registered people out of active people."""

    active: int
    registered: int

    @property
    def missing(self) -> int:
        return self.active - self.registered

    @property
    def percent(self) -> Decimal | None:
        """The rate in percent (None when nobody is active), shown with one decimal: 75,0 %."""
        if not self.active:
            return None
        return Decimal(self.registered * 100) / Decimal(self.active)


def registered(year: int) -> Exists:
    """True for a person (the outer row) with an individual registration of `year` that counts."""
    return Exists(Registration.objects.filter(person=OuterRef("pk"), year=year, sheet__status__in=COUNTED))


def _scoped_people(user) -> QuerySet[Person]:
    people = Person.objects.filter(is_active=True)
    if not scope_for(user).read_all:
        people = people.filter(unit__in=visible_units(user).values("pk"))
    return people


def total_rate(user, *, year: int) -> Rate:
    """The rate over every unit the user may see: the whole ministry for the board. One query."""
    row = (
        _scoped_people(user)
        .order_by()
        .aggregate(active=Count("pk"), registered=Count("pk", filter=Q(registered(year))))
    )
    return Rate(row["active"], row["registered"])


def _count(queryset: QuerySet, group: str) -> Subquery:
    """COUNT(*) of `queryset` (which refers to the outer row), grouped by `group` so there is one row."""
    return Coalesce(
        Subquery(queryset.order_by().values(group).annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Value(0),
    )


def unit_rates(user, *, year: int, sort: str = "name", q: str = "") -> QuerySet[Unit]:
    """The units the user may see that have active people, each with `active`, `registered` (people),
    `rate` (percent), the status of its sheet and its collective title that year. Paginate it."""
    people = Person.objects.filter(unit=OuterRef("pk"), is_active=True)
    sheets = RegistrationSheet.objects.filter(unit=OuterRef("pk"), year=year)
    collective = Registration.objects.filter(
        unit=OuterRef("pk"), year=year, person__isnull=True, sheet__status__in=COUNTED
    ).order_by("-title__order_in_chain")
    units = (
        visible_units(user)
        .annotate(
            active=_count(people, "unit"),
            registered=_count(people.filter(registered(year)), "unit"),
            sheet_status=Subquery(sheets.values("status")[:1]),
            collective_title=Subquery(collective.values("title__name")[:1]),
        )
        .filter(active__gt=0)
        .annotate(rate=ExpressionWrapper(F("registered") * 100.0 / F("active"), output_field=FloatField()))
    )
    if q:
        units = units.filter(Q(name__ucontains=q) | Q(short_name__ucontains=q))
    if sort == "rate":
        return units.order_by("rate", vi("name"), "pk")
    return units.order_by(vi("name"), "pk")


def cluster_rates(user, *, year: int) -> list[ClusterTerm]:
    """The terms of `year` of the clusters the user may see, each with `active`, `registered` (people of all
    its member units), `members` and its `rate` (a Rate). One query."""
    people = Person.objects.filter(unit__cluster_memberships__term=OuterRef("pk"), is_active=True)
    terms = (
        ClusterTerm.objects.filter(year=year, cluster__in=visible_clusters(user).values("pk"))
        .select_related("cluster")
        .annotate(
            active=_count(people, "unit__cluster_memberships__term"),
            registered=_count(people.filter(registered(year)), "unit__cluster_memberships__term"),
            members=_count(ClusterMembership.objects.filter(term=OuterRef("pk")), "term"),
        )
        .order_by("cluster__kind", vi("cluster__name"))
    )
    terms = list(terms)
    for term in terms:
        term.rate = Rate(term.active, term.registered)
    return terms


@dataclass(frozen=True)
class TitleCount:
    title: str
    subject: str
    counted: int  # on submitted or approved sheets
    pending: int  # on drafts and returned sheets: not counted yet


def title_counts(user, *, year: int) -> list[TitleCount]:
    """Registrations of `year` per title on the sheets of the units the user may see. One query."""
    registrations = Registration.objects.filter(year=year)
    if not scope_for(user).read_all:
        registrations = registrations.filter(unit__in=visible_units(user).values("pk"))
    rows = (
        registrations.order_by()
        .values("title")
        .annotate(
            counted=Count("pk", filter=Q(sheet__status__in=COUNTED)),
            pending=Count("pk", filter=~Q(sheet__status__in=COUNTED)),
        )
        .values_list("title__name", "title__subject", "title__chain", "title__order_in_chain", "counted", "pending")
    )
    ordered = sorted(rows, key=lambda r: (r[1] != Title.Subject.INDIVIDUAL, r[2], r[3] or 0, r[0]))
    return [TitleCount(name, subject, counted, pending) for name, subject, _c, _o, counted, pending in ordered]


def not_registered(user, *, year: int, unit: Unit | None = None) -> QuerySet[Person]:
    """Active people of the units the user may see (or of `unit`) without a registration of `year` that counts,
    in Vietnamese order, each with `pending`: registered on a sheet not yet submitted. Paginate it."""
    people = _scoped_people(user) if unit is None else Person.objects.filter(unit=unit, is_active=True)
    return (
        people.filter(~registered(year))
        .select_related("unit")
        .annotate(pending=Exists(Registration.objects.filter(person=OuterRef("pk"), year=year)))
    )


# --- The page: cached aggregates, pages of them ---------------------------------------------------------------


@dataclass(frozen=True)
class UnitRow:
    pk: int
    name: str
    short_name: str
    rate: Rate
    kind_id: int | None = None


@dataclass(frozen=True)
class ClusterRow:
    cluster_id: int
    name: str
    members: int
    rate: Rate


@dataclass(frozen=True)
class Summary:
    """The dashboard's aggregates for one year and one user's scope."""

    total: Rate
    units: tuple[UnitRow, ...]  # units with active people, in Vietnamese order of their names
    clusters: tuple[ClusterRow, ...]
    titles: tuple[TitleCount, ...]
    # (cluster id, unit id, unit kind id) of every membership of the year's terms of the clusters the user sees.
    memberships: tuple[tuple[int, int, int], ...] = ()
    # (cluster id, unit kind id, active, registered): the clusters' people by the kind of their unit.
    cluster_kinds: tuple[tuple[int, int, int, int], ...] = ()


# Bumped when Summary changes shape, so that a cache filled by the previous code is not read back.
SUMMARY_VERSION = 2


def _cached(kind: str, user, year: int, compute, *extra):
    return cached_for_scope("campaigns:dashboard", user, compute, kind, year, *extra)


def unit_counts(user, *, year: int) -> list[UnitRow]:
    """Active and registered people per unit of the user's scope: one GROUP BY with a conditional count."""
    rows = (
        _scoped_people(user)
        .order_by()
        .values("unit", "unit__name", "unit__short_name", "unit__kind")
        .annotate(active=Count("pk"), registered=Count("pk", filter=Q(registered(year))))
        .values_list("unit", "unit__name", "unit__short_name", "active", "registered", "unit__kind")
    )
    return [UnitRow(pk, name, short, Rate(active, done), kind) for pk, name, short, active, done, kind in rows]


def _memberships(user, year: int) -> list[tuple[int, int, int]]:
    return list(
        ClusterMembership.objects.filter(year=year, term__cluster__in=visible_clusters(user).values("pk"))
        .order_by()
        .values_list("term__cluster_id", "unit_id", "unit__kind_id")
    )


def _cluster_kind_counts(user, year: int) -> list[tuple[int, int, int, int]]:
    """Active and registered people of each cluster's member units, by the kind of their unit (as cluster_rates
    counts them: every member unit's people, whoever the user is)."""
    people = Person.objects.filter(
        is_active=True,
        unit__cluster_memberships__year=year,
        unit__cluster_memberships__term__cluster__in=visible_clusters(user).values("pk"),
    )
    return list(
        people.order_by()
        .values("unit__cluster_memberships__term__cluster_id", "unit__kind_id")
        .annotate(active=Count("pk"), registered=Count("pk", filter=Q(registered(year))))
        .values_list("unit__cluster_memberships__term__cluster_id", "unit__kind_id", "active", "registered")
    )


def _summary(user, year: int) -> Summary:
    units = sorted(unit_counts(user, year=year), key=lambda u: (sort_key(u.name), u.pk))
    total = Rate(sum(u.rate.active for u in units), sum(u.rate.registered for u in units))
    clusters = tuple(
        ClusterRow(term.cluster_id, term.cluster.name, term.members, term.rate)
        for term in cluster_rates(user, year=year)
    )
    return Summary(
        total,
        tuple(units),
        clusters,
        tuple(title_counts(user, year=year)),
        tuple(_memberships(user, year)),
        tuple(_cluster_kind_counts(user, year)),
    )


def summary(user, *, year: int) -> Summary:
    """The dashboard's aggregates (cached, see the module's docstring): five queries when computed."""
    return _cached("summary", user, year, lambda: _summary(user, year), SUMMARY_VERSION)


def unit_rows(
    summary: Summary,
    *,
    sort: str = "name",
    q: str = "",
    cluster_id: int | None = None,
    kind_id: int | None = None,
) -> list[UnitRow]:
    """The units of a summary, searched by name without diacritics, kept to the members of a cluster's term and
    to a kind of unit, in Vietnamese order (the summary's) or lowest rate first."""
    units = list(summary.units)
    if cluster_id is not None:
        members = {unit for cluster, unit, _kind in summary.memberships if cluster == cluster_id}
        units = [u for u in units if u.pk in members]
    if kind_id is not None:
        units = [u for u in units if u.kind_id == kind_id]
    if q:
        needle = fold(q)
        units = [u for u in units if needle in fold(u.name) or (u.short_name and needle in fold(u.short_name))]
    if sort == "rate":
        order = {u.pk: index for index, u in enumerate(summary.units)}
        units.sort(key=lambda u: (u.rate.percent, order[u.pk]))
    return units


def cluster_rows(summary: Summary, *, kind_id: int | None = None) -> list[ClusterRow]:
    """The clusters' rates; with `kind_id`, over the member units of that kind only (clusters without one are
    left out)."""
    if kind_id is None:
        return list(summary.clusters)
    members: dict[int, int] = {}
    for cluster, _unit, kind in summary.memberships:
        if kind == kind_id:
            members[cluster] = members.get(cluster, 0) + 1
    rates = {cluster: Rate(active, done) for cluster, kind, active, done in summary.cluster_kinds if kind == kind_id}
    return [
        ClusterRow(row.cluster_id, row.name, members[row.cluster_id], rates.get(row.cluster_id, Rate(0, 0)))
        for row in summary.clusters
        if row.cluster_id in members
    ]


def filtered_rate(summary: Summary, *, cluster_id: int | None = None, kind_id: int | None = None) -> Rate:
    """The rate of what the filters chose: the cluster's (all its member units, of that kind if asked), else the
    scope's units of that kind, else the summary's total."""
    if cluster_id is not None:
        row = next((r for r in cluster_rows(summary, kind_id=kind_id) if r.cluster_id == cluster_id), None)
        return row.rate if row is not None else Rate(0, 0)
    if kind_id is not None:
        units = [u for u in summary.units if u.kind_id == kind_id]
        return Rate(sum(u.rate.active for u in units), sum(u.rate.registered for u in units))
    return summary.total


def _percent_value(rate: Rate) -> float | None:
    return None if rate.percent is None else float(rate.percent)


def cluster_chart(rows: list[ClusterRow], *, year: int) -> Chart:
    """The participation rate of each cluster, as the dashboard and the summary report draw it."""
    return Chart(
        title=_("Tỷ lệ đăng ký theo cụm, khối, khu vực năm %(year)s") % {"year": year},
        categories=[row.name for row in rows],
        series=[Series(_("Tỷ lệ đăng ký"), [_percent_value(row.rate) for row in rows])],
        unit="%",
        maximum=100,
        decimals=1,
    )


def units_chart(rows: list[UnitRow], page, *, year: int, scope: str, limit: int) -> Chart | None:
    """The chart of the listed units: all of them up to `limit`, else those of the list's current `page`."""
    charted = rows if len(rows) <= limit else list(page.object_list)
    if not charted:
        return None
    caption = ""
    if charted is not rows:
        caption = _("Biểu đồ thể hiện các đơn vị của trang %(page)s trong danh sách dưới đây.") % {"page": page.number}
    title = _("Tỷ lệ đăng ký theo đơn vị năm %(year)s: %(scope)s") % {"year": year, "scope": scope}
    return unit_chart(charted, title=title, caption=caption)


def unit_chart(units: list[UnitRow], *, title: str, caption: str = "") -> Chart:
    """The participation rate of each of these units, in their order."""
    return Chart(
        title=title,
        categories=[u.name for u in units],
        series=[Series(_("Tỷ lệ đăng ký"), [_percent_value(u.rate) for u in units])],
        unit="%",
        maximum=100,
        decimals=1,
        caption=caption,
    )


@dataclass(frozen=True)
class SheetFacts:
    status: str
    status_label: str
    collective_title: str


def sheet_facts(unit_ids: list[int], *, year: int) -> dict[int, SheetFacts]:
    """The status of each unit's sheet of `year` and its collective title (on a sent sheet), in one query."""
    collective = Registration.objects.filter(sheet=OuterRef("pk"), person__isnull=True).order_by(
        "-title__order_in_chain"
    )
    labels = dict(RegistrationSheet.Status.choices)
    rows = (
        RegistrationSheet.objects.filter(unit_id__in=unit_ids, year=year)
        .order_by()
        .annotate(collective=Subquery(collective.values("title__name")[:1]))
        .values_list("unit_id", "status", "collective")
    )
    return {
        unit_id: SheetFacts(status, labels.get(status, status), collective if status in COUNTED else "")
        for unit_id, status, collective in rows
    }


def not_registered_ids(user, *, year: int, unit: Unit | None = None) -> list[int]:
    """Ids of the people not registered (see not_registered), in list order (cached like the summary)."""
    return _cached(
        "missing",
        user,
        year,
        lambda: list(not_registered(user, year=year, unit=unit).values_list("pk", flat=True)),
        unit.pk if unit else "",
    )


def people_with_pending(ids: list[int], *, year: int) -> list[Person]:
    """These people in this order, with their unit and `pending` (registered on a sheet not yet sent)."""
    people = (
        Person.objects.filter(pk__in=ids)
        .select_related("unit")
        .annotate(pending=Exists(Registration.objects.filter(person=OuterRef("pk"), year=year)))
        .in_bulk()
    )
    return [people[pk] for pk in ids if pk in people]


# --- The xlsx export ------------------------------------------------------------------------------------------

PERCENT_FORMAT = "0.0%"


def _fraction(rate: Rate) -> float | None:
    return None if rate.percent is None else float(rate.percent) / 100


def dashboard_workbook(user, *, year: int):
    """The dashboard's tables as an xlsx workbook (openpyxl, streamed: a few fixed queries whatever the size):
    the summary with the clusters, the units, the titles and the people not registered."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)

    def header(sheet, *titles):
        cells = []
        for title in titles:
            cell = WriteOnlyCell(sheet, value=str(title))
            cell.font = bold
            cells.append(cell)
        sheet.append(cells)

    def percent(sheet, value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = PERCENT_FORMAT
        return cell

    rate_headers = (_("Cá nhân đang công tác"), _("Đã đăng ký"), _("Chưa đăng ký"), _("Tỷ lệ đăng ký"))

    summary = workbook.create_sheet(_("Tổng hợp"))
    summary.append([_("Tỷ lệ đăng ký thi đua năm %(year)s") % {"year": year}])
    summary.append([str(METHOD)])
    summary.append([])
    header(summary, _("Phạm vi"), *rate_headers)
    total = total_rate(user, year=year)
    scope_label = _("Toàn Bộ") if scope_for(user).read_all else _("Các đơn vị của bạn")
    summary.append([scope_label, total.active, total.registered, total.missing, percent(summary, _fraction(total))])
    for term in cluster_rates(user, year=year):
        summary.append(
            [
                term.cluster.name,
                term.rate.active,
                term.rate.registered,
                term.rate.missing,
                percent(summary, _fraction(term.rate)),
            ]
        )

    units = workbook.create_sheet(_("Theo đơn vị"))
    header(units, _("Đơn vị"), _("Mã đơn vị"), *rate_headers, _("Bản đăng ký"), _("Danh hiệu tập thể"))
    statuses = dict(RegistrationSheet.Status.choices)
    for unit in unit_rates(user, year=year).iterator(chunk_size=2000):
        rate = Rate(unit.active, unit.registered)
        units.append(
            [
                unit.name,
                unit.pk,
                rate.active,
                rate.registered,
                rate.missing,
                percent(units, _fraction(rate)),
                str(statuses.get(unit.sheet_status, _("Chưa lập"))),
                unit.collective_title or "",
            ]
        )

    titles = workbook.create_sheet(_("Theo danh hiệu"))
    header(titles, _("Danh hiệu"), _("Đối tượng"), _("Đã gửi hoặc đã duyệt"), _("Chưa gửi (không tính)"))
    subjects = dict(Title.Subject.choices)
    for row in title_counts(user, year=year):
        titles.append([row.title, str(subjects.get(row.subject, row.subject)), row.counted, row.pending])

    missing = workbook.create_sheet(_("Chưa đăng ký"))
    header(missing, _("STT"), _("Họ và tên"), _("Mã cá nhân"), _("Đơn vị"), _("Chức vụ"), _("Ghi chú"))
    pending_note = _("Có đăng ký trên bản chưa gửi")
    for number, person in enumerate(not_registered(user, year=year).iterator(chunk_size=2000), start=1):
        missing.append(
            [
                number,
                person.full_name,
                person.pk,
                person.unit.name,
                person.position,
                pending_note if person.pending else "",
            ]
        )
    return workbook
