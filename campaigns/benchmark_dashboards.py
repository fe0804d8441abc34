"""The dashboards' figures for `make bench` (issue 6, Speed): "Dashboards at the large size: the same query count
as at the demo size; p50 ≤ 1.5 × p50 at the demo size." The measuring and judging of dashboard pages (used by
awards' dashboards too), campaigns' own pages (participation, covenant score rankings) and the covenant scores that
make the rankings large.

A page is measured twice with the same URL: in demo() (benchmark protocol, thidua.core.bench), on the demo world,
and in run(), on the large one (seed_scale's 1,000 units and 100,000 people, campaigns' 100,000 registrations of
BENCH_YEAR, and the scores built here: every member of each of seed_scale's clusters scoring every member on five
criteria, 160,000 scores). Participation is read for the demo's year at the demo size and for BENCH_YEAR, the year
of the 100,000 registrations, at the large size. The pages read aggregates that are cached until the next audited
write, as a live server does between writes; the time to compute them afresh (the first request after a write) is
measured in-process and printed beside, without a goal.
"""

import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import log_bulk_created
from thidua.core.bench import Goal, format_table, get, gunicorn, percentile, server_env, time_requests
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm

from .models import Covenant, CovenantCriterion, UnitScore

BOARD_USER = "bantdkt"  # created by seed_demo
DEMO_CLUSTER = "Cụm thi đua số I"
DEMO_YEAR = 2016  # the demo's year; seed_scale's clusters have their terms in it too
P50_GOAL = 1.5
CRITERIA = 5
BATCH = 5000


@dataclass(frozen=True)
class DashboardPage:
    key: str
    label: str
    url: str
    compute: Callable[[], object] | None = None  # the page's aggregates, computed afresh (a cache miss)


@dataclass
class DashboardMeasure:
    key: str
    label: str
    size: str  # "demo" or "large"
    url: str
    queries: int
    p50: float
    p95: float
    computed_ms: float | None


def board_user():
    return get_user_model().objects.get(username=BOARD_USER)


def demo_cluster() -> Cluster:
    return Cluster.objects.get(name=DEMO_CLUSTER)


def _computed_ms(compute) -> float | None:
    if compute is None:
        return None
    started = time.perf_counter()
    compute()
    return (time.perf_counter() - started) * 1000


def measure_pages(pages: list[DashboardPage], *, size: str, requests: int, warmup: int, workers: int, say):
    """Queries (in-process, after one warm-up request), then p50 and p95 served by gunicorn, of each page for the
    board; /healthz/ is timed alongside as the run's bare baseline."""
    from .benchmark import _count_queries, _session_for

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    user = board_user()
    secret_key = secrets.token_urlsafe(50)
    session_key = _session_for(user, secret_key)
    targets = [(page.key, page.url) for page in pages] + [("healthz", reverse("healthz"))]
    queries = _count_queries(session_key, secret_key, targets)
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}
    say(_("Đo %(n)s trang thống kê ở cỡ %(size)s (gunicorn)…") % {"n": len(pages), "size": size_label(size)})
    env = server_env(database_url=settings.DATABASE_URL, secret_key=secret_key)
    requests_of = [(url, {} if key == "healthz" else cookie) for key, url in targets]
    with gunicorn(cwd=settings.BASE_DIR, env=env, workers=workers) as port:
        # Each worker computes a page's aggregates on its first request (its own cache) before the timing, so
        # that meanwhile no kept-alive connection of the timed loop idles past the server's keep-alive timeout.
        for _round in range(2 * workers):
            for url, headers in requests_of:
                get(port, url, headers, timeout=300)
        latencies = time_requests(port, requests_of, requests=requests, warmup=warmup)
    measures = [
        DashboardMeasure(
            page.key,
            page.label,
            size,
            page.url,
            queries[page.key],
            percentile(times, 50),
            percentile(times, 95),
            _computed_ms(page.compute),
        )
        for page, times in zip(pages, latencies[:-1], strict=True)
    ]
    bare = latencies[-1]
    measures.append(
        DashboardMeasure(
            "healthz", _("View trần /healthz/"), size, "/healthz/", 0, percentile(bare, 50), percentile(bare, 95), None
        )
    )
    return measures


def size_label(size: str) -> str:
    return {"demo": _("mẫu"), "large": _("lớn")}[size]


def report(demo: list[DashboardMeasure], large: list[DashboardMeasure], *, say, title: str) -> list[Goal]:
    """The table of both sizes and one goal per page and figure: queries equal, p50 large / p50 demo ≤ P50_GOAL."""
    passed, failed = _("đạt"), _("KHÔNG ĐẠT")
    say("")
    say(title)
    # The bare view of the same run: on a shared machine, how loaded it was while each size was measured.
    bare = {m.size: m.p50 for m in [*demo, *large] if m.key == "healthz"}
    rows = [
        (_("trang"), _("cỡ"), _("truy vấn"), "p50 ms", "p95 ms", _("p50/view trần"), _("tính lại, không cache (ms)"))
    ]
    for m in sorted([*demo, *large], key=lambda m: ([d.key for d in demo].index(m.key), m.size != "demo")):
        computed = "—" if m.computed_ms is None else f"{m.computed_ms:.0f}"
        relative = f"{m.p50 / bare[m.size]:.1f}" if bare.get(m.size) else "—"
        rows.append((m.label, size_label(m.size), m.queries, f"{m.p50:.2f}", f"{m.p95:.2f}", relative, computed))
    say(format_table(rows, right_from=2))
    by_key = {m.key: m for m in large}
    goals = []
    ratio_rows = [
        (
            _("trang"),
            _("truy vấn mẫu → lớn (mục tiêu: bằng nhau)"),
            _("p50 lớn/mẫu (mục tiêu ≤ %(goal)s)") % {"goal": P50_GOAL},
        )
    ]
    for small in demo:
        if small.key == "healthz" or small.key not in by_key:
            continue
        big = by_key[small.key]
        same = small.queries == big.queries
        ratio = big.p50 / small.p50
        ratio_rows.append(
            (
                small.label,
                f"{small.queries} → {big.queries} {passed if same else failed}",
                f"{ratio:.2f} {passed if ratio <= P50_GOAL else failed}",
            )
        )
        goals += [
            Goal(
                _("Thống kê %(page)s: số truy vấn, cỡ mẫu → cỡ lớn") % {"page": small.label},
                _("bằng nhau"),
                f"{small.queries} → {big.queries}",
                same,
            ),
            Goal(
                _("Thống kê %(page)s: p50 cỡ lớn / p50 cỡ mẫu") % {"page": small.label},
                f"≤ {P50_GOAL}",
                f"{ratio:.2f}",
                ratio <= P50_GOAL,
            ),
        ]
    say("")
    say(format_table(ratio_rows))
    return goals


# --- campaigns' dashboards ----------------------------------------------------------------------------------


def pages(*, year: int) -> list[DashboardPage]:
    """The participation dashboard of `year` (whole ministry, then Cụm I) and the rankings of DEMO_YEAR."""
    from .selectors import dashboard, rankings

    cluster = demo_cluster().pk
    user = board_user()
    participation = f"{reverse('dashboard_registrations')}?year={year}"
    ranking = f"{reverse('stats_rankings')}?year={DEMO_YEAR}"
    return [
        DashboardPage(
            "participation",
            _("Tỷ lệ đăng ký (biểu đồ, toàn Bộ)"),
            participation,
            lambda: dashboard._summary(user, year),
        ),
        DashboardPage("participation_cluster", _("Tỷ lệ đăng ký của một cụm"), f"{participation}&cluster={cluster}"),
        DashboardPage(
            "rankings",
            _("Xếp hạng giao ước (đơn vị dẫn đầu các cụm)"),
            ranking,
            lambda: rankings._compute(user, DEMO_YEAR),
        ),
        DashboardPage("rankings_cluster", _("Xếp hạng giao ước của một cụm"), f"{ranking}&cluster={cluster}"),
    ]


def build_scores(*, year: int = DEMO_YEAR) -> int:
    """A locked covenant with CRITERIA criteria for each term of `year` that has none (seed_scale's clusters), and
    every member's score sheet for every member, deterministic and synthetic; audited as the services would
    (auditlog for the covenants, log_bulk_created for criteria and scores). Returns the scores written."""
    terms = list(
        ClusterTerm.objects.filter(year=year)
        .exclude(pk__in=Covenant.objects.values("term_id"))
        .select_related("cluster")
        .order_by("pk")
    )
    written = 0
    for term in terms:
        covenant = Covenant.objects.create(
            term=term,
            title=_("Giao ước thi đua năm %(year)s (dữ liệu mô phỏng)") % {"year": year},
            targets=_("Dữ liệu mô phỏng để đo hiệu năng, không có thật."),
            status=Covenant.Status.LOCKED,
            locked_at=timezone.now(),
        )
        criteria = CovenantCriterion.objects.bulk_create(
            [
                CovenantCriterion(covenant=covenant, order=n, name=_("Tiêu chí %(n)s") % {"n": n}, max_points=20)
                for n in range(1, CRITERIA + 1)
            ]
        )
        log_bulk_created(criteria, actor=None, note="bench")
        members = list(
            ClusterMembership.objects.filter(term=term).order_by("unit_id").values_list("unit_id", flat=True)
        )
        scores = [
            UnitScore(
                criterion=criterion,
                scored_unit_id=scored,
                scorer_unit_id=scorer,
                points=Decimal(10 + (i * 7 + j * 3 + n) % 11),
            )
            for i, scored in enumerate(members)
            for j, scorer in enumerate(members)
            for n, criterion in enumerate(criteria)
        ]
        for start in range(0, len(scores), BATCH):
            created = UnitScore.objects.bulk_create(scores[start : start + BATCH])
            log_bulk_created(created, actor=None, note="bench")
        written += len(scores)
    return written
