"""The dashboards' cache: per scope, renewed by any audited write, and the process's copy of the last values."""

import pytest

from tests import factories
from tests.campaigns.fixtures_dashboard import local_cache_fixture  # noqa: F401
from thidua.core import cache as dashboard_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache")]


def test_a_value_is_computed_once_per_scope_until_an_audited_write(world, local_cache):
    calls = []

    def compute():
        calls.append(1)
        return ("figures", len(calls))

    board, viewer, staff = world.users["board"], world.users["viewer"], world.users["staff_a"]
    first = dashboard_cache.cached_for_scope("tests", board, compute, 2016)
    assert dashboard_cache.cached_for_scope("tests", board, compute, 2016) is first  # the process's copy
    assert dashboard_cache.cached_for_scope("tests", viewer, compute, 2016) is first  # the same scope: everything
    assert len(calls) == 1
    dashboard_cache.cached_for_scope("tests", staff, compute, 2016)  # another scope
    dashboard_cache.cached_for_scope("tests", board, compute, 2017)  # other parts
    assert len(calls) == 3

    factories.unit("Vụ Mới")  # an audited write: a new version
    assert dashboard_cache.cached_for_scope("tests", board, compute, 2016) == ("figures", 4)

    local_cache.clear()  # the shared cache emptied (or expired): the process's copy is not used either
    assert dashboard_cache.cached_for_scope("tests", board, compute, 2016) == ("figures", 5)


def test_the_process_keeps_a_bounded_number_of_values(world, monkeypatch):
    monkeypatch.setattr(dashboard_cache, "LOCAL_SIZE", 3)
    for year in range(2010, 2016):
        dashboard_cache.cached_for_scope("tests", world.users["board"], lambda y=year: y, year)
    assert len(dashboard_cache._local) == 3
