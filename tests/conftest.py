"""Shared test set-up: real services when configured, clear skips (or failures) when they are not."""

import os
import shutil

import pytest
from django.conf import settings

from tests import factories

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API beside live_server

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _problems() -> dict[str, str]:
    problems = dict(getattr(settings, "SERVICE_PROBLEMS", {}))
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        problems["browser"] = f"Chromium is not installed at {CHROMIUM}"
    return problems


def pytest_report_header(config):
    problems = _problems()
    db = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lines = [f"thidua: database={db}, celery={'eager' if settings.CELERY_TASK_ALWAYS_EAGER else 'redis'}"]
    lines += [f"thidua: missing service: {text}" for text in problems.values()]
    return lines


def pytest_runtest_setup(item):
    problems = _problems()
    for marker in ("postgres", "redis", "browser"):
        if item.get_closest_marker(marker) and marker in problems:
            if REQUIRE_SERVICES:
                pytest.fail(f"REQUIRE_SERVICES=1 but {problems[marker]}", pytrace=False)
            pytest.skip(problems[marker])


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(autouse=True)
def _title_catalogue(request, django_db_blocker):
    """The titles catalogue comes from a data migration; transactional tests flush it, so put it back.

    Reference data like the migration's: written outside the test's transaction, so it outlives the test.
    """
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db", "live_server"} & set(
        request.fixturenames
    )
    if uses_db:
        request.getfixturevalue("django_db_setup")
        from awards.services.rules import rules_ensure_defaults
        from thidua.titles.services import titles_ensure_defaults

        with django_db_blocker.unblock():
            titles_ensure_defaults()
            rules_ensure_defaults()  # the default rules of awards' data migration, flushed with the titles


@pytest.fixture
def world(db):
    """A small organization: a ministry with two departments, a Cục with a Chi cục, one cluster term."""
    return factories.small_world()
