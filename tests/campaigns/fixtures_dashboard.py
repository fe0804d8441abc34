"""Fixtures and helpers for the dashboards' tests: a cache of the test's own, query counts, page text.

The dashboards' tests empty the cache to measure a page whose aggregates are computed afresh. With REDIS_URL set,
Django's cache is the Redis database that Celery uses as its broker too, so cache.clear() (FLUSHDB) would drop
the queued tasks of whatever else runs against it: these tests use an in-process cache instead.
"""

import html
import re

import pytest

LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dashboard-tests"}}


@pytest.fixture(name="local_cache")
def local_cache_fixture(settings):
    settings.CACHES = LOCAL_CACHE
    from django.core.cache import cache, caches

    # Never a shared Redis: the override must have replaced the cache before anything is cleared.
    assert type(caches["default"]).__name__ == "LocMemCache"
    cache.clear()
    yield cache
    cache.clear()


def cold_and_warm_queries(client, url: str, params: dict) -> tuple[int, int]:
    """Queries of a dashboard page with its aggregates computed afresh (an empty cache), then read from the cache;
    a first request beforehand warms what lives for the process (session, content types)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for attempt in ("cold", "warm"):
        if attempt == "cold":
            client.get(url, params)
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, params)
        assert response.status_code == 200
        counts.append(len(captured))
    return counts[0], counts[1]


def page_text(response) -> str:
    """The visible text of a page, charts left out (their numbers are in their tables), white space collapsed."""
    page = response.content.decode()
    page = re.sub(r"<(script|style|select|svg|title)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(page).split())
