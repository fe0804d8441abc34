"""A cache for the dashboards' aggregates that any audited write invalidates: keyed by the user's scope and the
latest audit entry.

The dashboards aggregate every row of a user's scope (the whole ministry for the board), a cost that grows with
the data; what they show changes only when something is written, and every write to the organization, the
campaigns and the awards goes through an audited service (bulk writes too, with log_bulk_created), so the id of
the latest audit entry is a version of the whole database: a write gives a new key and the next page computes
afresh. The timeout (DASHBOARD_CACHE_SECONDS, 300 by default) is a safety net for writes made outside the
services.

A process also keeps the last values it read (LOCAL_SIZE of them) as they are, so that a page asked for again does
not unpickle its aggregates each time (a ministry's units are thousands of rows): such a value is used only while
the shared cache still holds its key, so an emptied or expired cache is recomputed as before. The values are
shared by the requests of a process: they must be immutable (frozen dataclasses, tuples), never changed by a page.
"""

import hashlib
import threading
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

from thidua.org.permissions import scope_for

LOCAL_SIZE = 32
_local: OrderedDict[str, object] = OrderedDict()
_local_lock = threading.Lock()
_MISSING = object()


def cache_seconds() -> int:
    return getattr(settings, "DASHBOARD_CACHE_SECONDS", 300)


def audit_version() -> str:
    """The latest audit entry: any audited write changes it. Its time too, as a rolled-back SQLite transaction
    (a test) can hand the same id out again. One query."""
    from auditlog.models import LogEntry

    latest = LogEntry.objects.order_by("-pk").values_list("pk", "timestamp").first()
    return f"{latest[0]}-{latest[1].timestamp():.6f}" if latest else "0"


def scope_key(user) -> str:
    """The same for two users who see the same units ("all" for the board and ministry-wide viewers)."""
    scope = scope_for(user)
    if scope.read_all:
        return "all"
    return hashlib.sha256(repr((scope.read_paths, scope.led_unit_ids)).encode()).hexdigest()[:20]


def cached_for_scope(namespace: str, user, compute, *parts, version: str | None = None):
    """compute() for this user's scope and `parts` (year, filters...), read from the cache while no audited write
    has happened since; `version` lets a page that reads several aggregates ask audit_version() once."""
    database = hashlib.sha256(str(settings.DATABASES["default"]["NAME"]).encode()).hexdigest()[:8]
    version = version if version is not None else audit_version()
    key = ":".join(map(str, (namespace, database, scope_key(user), *parts, version)))
    with _local_lock:
        value = _local.get(key, _MISSING)
    if value is not _MISSING and cache.has_key(key):
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, cache_seconds())
    with _local_lock:
        _local[key] = value
        _local.move_to_end(key)
        while len(_local) > LOCAL_SIZE:
            _local.popitem(last=False)
    return value
