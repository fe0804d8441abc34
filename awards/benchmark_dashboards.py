"""The awards' dashboards for `make bench` (issue 6, Speed; measured and judged as campaigns.benchmark_dashboards
does): the entry page, the titles per year, the banners over the years and a cluster's history, at the demo size
(demo(), on seed_demo's world) and at the large size (run(), after the awards built here).

The large award history is synthetic and says so in its notes: for each year of YEARS, seven in ten of seed_scale's
people Lao động tiên tiến and one in ten Chiến sĩ thi đua cơ sở, three in five of its units Tập thể lao động tiên
tiến, the sector banner to one member in five of each of its clusters that year (one unit in 25 in a year without
terms) and the Government banner to one member of each cluster: about 240,000 awards, bulk-created and audited as
an import is (log_bulk_created). The pages are read for the same range of years at both sizes.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from campaigns.benchmark_dashboards import DashboardPage, board_user, demo_cluster
from thidua.core.audit import log_bulk_created
from thidua.org.management.commands.seed_scale import SYNTHETIC_ROOT
from thidua.org.models import ClusterMembership, Person, Unit
from thidua.titles.models import Title

from .models import Award
from .selectors import dashboard

YEARS = (2014, 2015, 2016)
RANGE = (2012, 2016)  # the years the pages show, at both sizes
NOTE = "Dữ liệu mô phỏng để đo hiệu năng, không có thật."
BATCH = 5000


def pages() -> list[DashboardPage]:
    user = board_user()
    start, end = RANGE
    years = f"year_from={start}&year_to={end}"
    return [
        DashboardPage("index", _("Trang thống kê"), reverse("stats_index")),
        DashboardPage(
            "titles",
            _("Danh hiệu theo năm"),
            f"{reverse('stats_titles')}?{years}",
            lambda: dashboard._titles_per_year(user, start, end, None, None),
        ),
        DashboardPage(
            "banners",
            _("Cờ thi đua qua các năm"),
            f"{reverse('stats_banners')}?{years}",
            lambda: dashboard._banners(user, start, end, None, None),
        ),
        DashboardPage("cluster_history", _("Lịch sử một cụm"), reverse("cluster_history", args=[demo_cluster().pk])),
    ]


def _batched(rows: list[Award]) -> int:
    for start in range(0, len(rows), BATCH):
        created = Award.objects.bulk_create(rows[start : start + BATCH])
        log_bulk_created(created, actor=None, note="bench")
    return len(rows)


def build_awards() -> int:
    """The synthetic award history described in the module's docstring; nothing when it is there already."""
    root = Unit.objects.filter(name=SYNTHETIC_ROOT, parent=None).first()
    if root is None or Award.objects.filter(notes=NOTE).exists():
        return 0
    titles = dict(
        Title.objects.filter(code__in=["ldtt", "cstdcs", "ttldtt", "co-bo", "co-cp"]).values_list("code", "pk")
    )
    people = list(
        Person.objects.filter(unit__path__startswith=root.path)
        .order_by("pk")
        .values_list("pk", "full_name", "unit__name")
    )
    units = list(Unit.objects.filter(path__startswith=root.path).order_by("pk").values_list("pk", "name"))
    members: dict[tuple[int, int], list[int]] = {}
    names = dict(units)
    for year, term_id, unit_id in (
        ClusterMembership.objects.filter(year__in=YEARS, unit__path__startswith=root.path)
        .order_by("term_id", "unit_id")
        .values_list("year", "term_id", "unit_id")
    ):
        members.setdefault((year, term_id), []).append(unit_id)
    written = 0
    for year in YEARS:
        rows = []
        for i, (pk, name, unit_name) in enumerate(people):
            for code, chosen in (("ldtt", i % 10 < 7), ("cstdcs", i % 10 == 0)):
                if chosen:
                    rows.append(_award(titles[code], year, name, unit_name, NOTE, person_id=pk))
        banners: dict[str, set[int]] = {"co-bo": set(), "co-cp": set()}
        terms = [ids for (y, _term), ids in members.items() if y == year]
        for ids in terms:
            banners["co-bo"].update(ids[::5])
            banners["co-cp"].add(ids[0])
        if not terms:
            banners["co-bo"].update(pk for i, (pk, _name) in enumerate(units) if i % 25 == 0)
        for i, (pk, name) in enumerate(units):
            if i % 5 < 3:
                rows.append(_award(titles["ttldtt"], year, name, "", NOTE, unit_id=pk))
        for code, ids in banners.items():
            rows += [_award(titles[code], year, names[pk], "", NOTE, unit_id=pk) for pk in sorted(ids)]
        written += _batched(rows)
    return written


def _award(title_id: int, year: int, name: str, unit_name: str, notes: str, **recipient) -> Award:
    return Award(
        title_id=title_id,
        year=year,
        recipient_name=name,
        unit_name=unit_name,
        notes=notes,
        source=Award.Source.IMPORT,
        **recipient,
    )
