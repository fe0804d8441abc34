"""The awards' dashboards benchmark: the synthetic award history it adds to the large world, and its pages."""

import pytest
from django.core.management import call_command
from django.db.models import Count

from awards import benchmark_dashboards as bench
from awards.models import Award
from awards.selectors import dashboard
from tests import factories
from tests.campaigns.fixtures_dashboard import local_cache_fixture  # noqa: F401
from thidua.org.management.commands.seed_scale import SYNTHETIC_ROOT
from thidua.org.models import Person, Role, Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache")]


def test_the_synthetic_history_gives_every_dashboard_rows_and_is_written_once(world):
    call_command("seed_scale", "--units", "100", "--people", "150", verbosity=0)
    root = Unit.objects.get(name=SYNTHETIC_ROOT)
    people = Person.objects.filter(unit__path__startswith=root.path).count()
    units = Unit.objects.filter(path__startswith=root.path).count()

    written = bench.build_awards()

    counts = dict(Award.objects.values_list("title__code").annotate(n=Count("pk")))
    per_year_people = sum(1 for i in range(people) if i % 10 < 7) + sum(1 for i in range(people) if i % 10 == 0)
    per_year_units = sum(1 for i in range(units) if i % 5 < 3)
    assert counts["ldtt"] == 3 * sum(1 for i in range(people) if i % 10 < 7)
    assert counts["co-cp"] == 2  # one member of each of the two clusters of 2016
    assert counts["co-bo"] == 2 * 8 + 2 * sum(1 for i in range(units) if i % 25 == 0)  # 2016; 2014 and 2015
    assert written == 3 * (per_year_people + per_year_units) + counts["co-bo"] + counts["co-cp"]
    assert not Award.objects.exclude(notes=bench.NOTE).exists()
    assert bench.build_awards() == 0

    board = factories.user("bantdkt", role=Role.BOARD)
    summary = dashboard.banners(board, year_from=2014, year_to=2016)
    scattered = sum(1 for i in range(units) if i % 25 == 0)  # the years without terms: one unit in 25
    assert summary.sector == (scattered, scattered, 16)
    assert summary.government == (0, 0, 2)
    assert [name for _pk, name, _s, _g in summary.clusters] == [
        "Cụm thi đua mô phỏng số 1",
        "Cụm thi đua mô phỏng số 2",
    ]
    assert [page.key for page in bench.pages()] == ["index", "titles", "banners", "cluster_history"]
