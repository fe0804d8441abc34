"""The figures of campaigns for `make bench` (issue 3, Speed; run() follows the protocol of thidua.core.bench):
the registration pages with 10 and with 100,000 registrations (same query count; p50 ratio, goal ≤ 1.5),
importing 10,000 and 100,000 registrations from xlsx (rows per second, and the ratio to a plain bulk_create of
the same rows in the same run, goal ≥ 1/3), and the render time of the launch plan and the covenant PDFs as a
ratio to the minimal page (benchmark_documents, goal ≤ 3).

Call run() on the large world (seed_demo, then seed_scale: 100,000 people). It works in BENCH_YEAR, a year no
other data uses: cluster terms are copied there from the latest year that has them, 10 registrations are made
and measured, then the import of the largest file leaves its registrations there (sheets submitted) and the
pages are measured again. The xlsx files are generated from the people in id order: same world, same files.

The dashboards (issue 6: participation and covenant score rankings, benchmark_dashboards) are measured by demo() on
the demo world and by run() again at the end, on the large world with its scores, against the same goals as the
organization's pages: the same query count, p50 ≤ 1.5 × the demo size's.
"""

import contextlib
import io
import secrets
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from thidua.core.bench import BenchError, Goal, format_table, gunicorn, percentile, server_env, time_requests
from thidua.org import services as org_services
from thidua.org.models import ClusterMembership, ClusterTerm, Person, Role, RoleAssignment
from thidua.titles.models import Title

from . import benchmark_dashboards
from .benchmark_documents import measure_documents
from .imports import COL_CODE, COL_NAME, COL_TITLE, COL_UNIT, COL_UNIT_CODE, COL_YEAR
from .models import Registration, RegistrationSheet
from .services import registrations as registration_services
from .services.imports import _gc_paused, registrations_import

BENCH_YEAR = 2015
BENCH_USER = "bench-campaigns"
SMALL = 10
IMPORT_SIZES = (10_000, 100_000)
P50_GOAL = 1.5
RATE_GOAL = 1 / 3
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
HEADER = [COL_YEAR, COL_UNIT, COL_UNIT_CODE, COL_NAME, COL_CODE, COL_TITLE]


class _Rollback(Exception):
    pass


@dataclass
class PageMeasure:
    key: str
    registrations: int
    queries: int
    p50: float
    p95: float


@dataclass
class ImportMeasure:
    rows: int
    imported: float  # seconds, median of the runs
    plain: float  # Registration(...) objects built from ids + bulk_create, the garbage collector as it is
    plain_gc_paused: float  # the same with the collector paused, as the import does
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.plain / self.imported


def page_labels() -> dict[str, str]:
    return {
        "dashboard": _("Tỷ lệ đăng ký (dashboard)"),
        "not_registered": _("Danh sách chưa đăng ký"),
        "sheet_list": _("Danh sách bản đăng ký (Vụ TĐKT)"),
        "healthz": _("View trần /healthz/"),
    }


# --- The world ------------------------------------------------------------------------------------------------


def _board_user():
    User = get_user_model()
    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User.objects.create_user(username=BENCH_USER, password=None)
    if not RoleAssignment.objects.filter(user=user, role=Role.BOARD).exists():
        org_services.role_grant(actor=None, user=user, role=Role.BOARD, unit=None)
    return user


def _copy_terms() -> int:
    """The cluster terms of the year that has the most (seed_scale's), copied to BENCH_YEAR (same members, leader
    and deputies)."""
    source = (
        ClusterTerm.objects.exclude(year=BENCH_YEAR)
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .order_by("-n", "-year")
        .values_list("year", flat=True)
        .first()
    )
    if source is None:
        return 0
    copied = 0
    for term in ClusterTerm.objects.filter(year=source).select_related("cluster").prefetch_related("memberships"):
        if ClusterTerm.objects.filter(cluster=term.cluster, year=BENCH_YEAR).exists():
            continue
        memberships = list(term.memberships.select_related("unit"))
        roles = {m.role: m.unit for m in memberships if m.role == ClusterMembership.Role.LEADER}
        org_services.cluster_term_save(
            actor=None,
            term=ClusterTerm(cluster=term.cluster, year=BENCH_YEAR),
            members=[m.unit for m in memberships],
            leader=roles.get(ClusterMembership.Role.LEADER),
            deputies=[m.unit for m in memberships if m.role == ClusterMembership.Role.DEPUTY],
        )
        copied += 1
    return copied


def _people() -> list[tuple[int, str, int, str]]:
    """(id, name, unit id, unit name) of every active person, in id order."""
    return list(
        Person.objects.filter(is_active=True).order_by("pk").values_list("pk", "full_name", "unit_id", "unit__name")
    )


def _split(people) -> tuple[list, list]:
    """The SMALL people registered before the measures (the last ones, in their units), and the people of the
    other units, who are in the import files: an import cannot add to a sheet already submitted."""
    small = people[-SMALL:]
    taken = {unit_id for _pk, _name, unit_id, _unit in small}
    return small, [p for p in people if p[2] not in taken]


def _rows(people, n: int, first: str, second: str) -> list[tuple]:
    """n registration rows: everyone for `first`, then (if n is larger) people from the last for `second`."""
    rows = [(BENCH_YEAR, unit, unit_id, name, pk, first) for pk, name, unit_id, unit in people[:n]]
    for pk, name, unit_id, unit in reversed(people):
        if len(rows) >= n:
            break
        rows.append((BENCH_YEAR, unit, unit_id, name, pk, second))
    if len(rows) < n:
        raise BenchError(_("Không đủ cá nhân để tạo %(n)s dòng đăng ký.") % {"n": n})
    return rows


def xlsx(rows) -> bytes:
    """The rows as an xlsx file, written as Excel does (with the sheet's size recorded in it)."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _submit_all(user) -> int:
    sheets = RegistrationSheet.objects.filter(year=BENCH_YEAR, status=RegistrationSheet.Status.DRAFT)
    count = 0
    for sheet in sheets.order_by("pk"):
        registration_services.sheet_submit(actor=user, sheet=sheet)
        count += 1
    return count


# --- Imports --------------------------------------------------------------------------------------------------


def _time_plain(rows, titles: dict[str, int], *, gc_paused: bool) -> float:
    """Seconds to build the Registration objects from ids and bulk_create them (sheets made first, not timed),
    in a transaction rolled back afterwards."""
    elapsed = 0.0
    try:
        with transaction.atomic():
            units = {(row[2], row[0]) for row in rows}
            sheet_ids = {
                (unit_id, year): pk
                for pk, unit_id, year in RegistrationSheet.objects.filter(year=BENCH_YEAR).values_list(
                    "pk", "unit_id", "year"
                )
            }
            sheets = RegistrationSheet.objects.bulk_create(
                [
                    RegistrationSheet(unit_id=unit_id, year=year, unit_name="")
                    for unit_id, year in sorted(units - sheet_ids.keys())
                ]
            )
            sheet_ids.update({(s.unit_id, s.year): s.pk for s in sheets})
            started = time.perf_counter()
            if gc_paused:
                with _gc_paused():
                    _plain_insert(rows, titles, sheet_ids)
            else:
                _plain_insert(rows, titles, sheet_ids)
            elapsed = time.perf_counter() - started
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def _plain_insert(rows, titles, sheet_ids) -> None:
    Registration.objects.bulk_create(
        [
            Registration(
                sheet_id=sheet_ids[(unit_id, year)],
                year=year,
                unit_id=unit_id,
                person_id=pk,
                title_id=titles[title],
            )
            for year, _unit, unit_id, _name, pk, title in rows
        ]
    )


def _time_import(data: bytes, n: int, user, *, keep: bool) -> tuple[float, dict[str, float]]:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    try:
        with transaction.atomic():
            result = registrations_import(actor=user, fileobj=io.BytesIO(data), commit=True, timings=timings)
            elapsed = time.perf_counter() - started
            if not result.ok or result.created != n:
                raise BenchError(
                    _("Nhập tệp %(n)s dòng không thành công: %(errors)s")
                    % {"n": n, "errors": "; ".join(e.text for e in result.errors[:5])}
                )
            if not keep:
                raise _Rollback
    except _Rollback:
        pass
    return elapsed, timings


def measure_import(people, n: int, user, *, keep: bool, repeat: int, say) -> ImportMeasure:
    titles = dict(Title.objects.values_list("name", "pk"))
    rows = _rows(people, n, "Lao động tiên tiến", "Chiến sĩ thi đua cơ sở")
    started = time.monotonic()
    data = xlsx(rows)
    say(
        _("Tệp %(n)s dòng: %(kb)s KB, tạo trong %(s).1f giây.")
        % {"n": f"{n:,}", "kb": f"{len(data) // 1024:,}", "s": time.monotonic() - started}
    )
    plain, paused, imported, phases = [], [], [], []
    for index in range(repeat):
        plain.append(_time_plain(rows, titles, gc_paused=False))
        paused.append(_time_plain(rows, titles, gc_paused=True))
        seconds, timings = _time_import(data, n, user, keep=keep and index == repeat - 1)
        imported.append(seconds)
        phases.append(timings)
    middle = sorted(range(repeat), key=lambda i: imported[i])[repeat // 2]
    return ImportMeasure(
        rows=n,
        imported=statistics.median(imported),
        plain=statistics.median(plain),
        plain_gc_paused=statistics.median(paused),
        phases=phases[middle],
    )


# --- Pages ----------------------------------------------------------------------------------------------------


def _session_for(user, secret_key: str) -> str:
    """A logged-in session stored in the database, signed with the server's secret key."""
    with override_settings(SECRET_KEY=secret_key):
        session = SessionStore()
        session[SESSION_KEY] = user._meta.pk.value_to_string(user)
        session[BACKEND_SESSION_KEY] = MODEL_BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
    return session.session_key


def _pages() -> list[tuple[str, str]]:
    pages = [
        ("dashboard", f"{reverse('dashboard_registrations')}?year={BENCH_YEAR}"),
        ("not_registered", f"{reverse('dashboard_not_registered')}?year={BENCH_YEAR}"),
    ]
    with contextlib.suppress(NoReverseMatch):  # the registrations area's page, if it is there
        pages.append(("sheet_list", f"{reverse('registration_sheet_list')}?year={BENCH_YEAR}"))
    pages.append(("healthz", reverse("healthz")))
    return pages


def _count_queries(session_key: str, secret_key: str, pages) -> dict[str, int]:
    counts = {}
    with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, SECRET_KEY=secret_key):
        for key, url in pages:
            client = Client()
            if key != "healthz":
                client.cookies[settings.SESSION_COOKIE_NAME] = session_key
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            if response.status_code != 200:
                raise BenchError(
                    _("%(url)s trả về mã %(code)s thay vì 200.") % {"url": url, "code": response.status_code}
                )
            counts[key] = len(captured)
    return counts


def measure_pages(user, *, requests: int, warmup: int, workers: int, say) -> list[PageMeasure]:
    if connection.vendor == "postgresql":
        # As autovacuum would have done on a live server: the rows of the rolled-back import runs cleared away,
        # plans chosen on current statistics.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    secret_key = secrets.token_urlsafe(50)
    registrations = Registration.objects.filter(year=BENCH_YEAR).count()
    pages = _pages()
    session_key = _session_for(user, secret_key)
    queries = _count_queries(session_key, secret_key, pages)
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}
    targets = [(url, {} if key == "healthz" else cookie) for key, url in pages]
    say(_("Đo các trang với %(n)s đăng ký (gunicorn)…") % {"n": f"{registrations:,}"})
    env = server_env(database_url=settings.DATABASE_URL, secret_key=secret_key)
    with gunicorn(cwd=settings.BASE_DIR, env=env, workers=workers) as port:
        latencies = time_requests(port, targets, requests=requests, warmup=warmup)
    return [
        PageMeasure(key, registrations, queries[key], percentile(times, 50), percentile(times, 95))
        for (key, _url), times in zip(pages, latencies, strict=True)
    ]


# --- The run and its report -----------------------------------------------------------------------------------


def demo(
    *, say: Callable[[str], None] = print, requests: int = 100, warmup: int = 10, workers: int = 2
) -> list[benchmark_dashboards.DashboardMeasure]:
    """The dashboards at the demo size (the protocol's demo(), on the world of seed_demo): handed back to run()."""
    pages = benchmark_dashboards.pages(year=benchmark_dashboards.DEMO_YEAR)
    return benchmark_dashboards.measure_pages(
        pages, size="demo", requests=requests, warmup=warmup, workers=workers, say=say
    )


def run(
    *,
    say: Callable[[str], None] = print,
    requests: int = 100,
    warmup: int = 10,
    workers: int = 2,
    import_sizes: tuple[int, ...] = IMPORT_SIZES,
    documents_repeat: int = 9,
    demo: list | None = None,
) -> list[Goal]:
    """The benchmark of campaigns for `manage.py bench` (the protocol: thidua.core.bench): the registration
    pages and imports on the large world (seed_demo, then seed_scale), then the render time of the launch plan
    and the covenant (benchmark_documents). Prints the figures and returns the goals of issue 3's Speed."""
    if Registration.objects.filter(year=BENCH_YEAR).exists():
        raise BenchError(
            _("Năm %(year)s đã có đăng ký: benchmark cần một cơ sở dữ liệu vừa tạo lại (seed_demo, seed_scale).")
            % {"year": BENCH_YEAR}
        )
    started = time.monotonic()
    user = _board_user()
    say(_("Đăng ký thi đua: sao chép %(n)s nhiệm kỳ cụm sang năm %(year)s.") % {"n": _copy_terms(), "year": BENCH_YEAR})
    small_people, people = _split(_people())
    small = xlsx(_rows(small_people, SMALL, "Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua cơ sở"))
    result = registrations_import(actor=user, fileobj=io.BytesIO(small), commit=True)
    if not result.ok:
        raise BenchError("; ".join(e.text for e in result.errors[:5]))
    _submit_all(user)
    pages = measure_pages(user, requests=requests, warmup=warmup, workers=workers, say=say)

    imports = []
    for n in import_sizes:
        keep = n == max(import_sizes)
        imports.append(measure_import(people, n, user, keep=keep, repeat=3 if n <= 10_000 else 1, say=say))
    say(_("Gửi %(n)s bản đăng ký của năm %(year)s…") % {"n": f"{_submit_all(user):,}", "year": BENCH_YEAR})
    pages += measure_pages(user, requests=requests, warmup=warmup, workers=workers, say=say)
    goals = report(pages, imports, requests=requests, warmup=warmup, workers=workers, say=say)
    say(_("Đăng ký thi đua: %(s).0f giây.") % {"s": time.monotonic() - started})

    started = time.monotonic()
    say("")
    say(_("Văn bản PDF: đo thời gian dựng (trung vị của %(n)s lần)…") % {"n": documents_repeat})
    goals += report_documents(measure_documents(repeat=documents_repeat), say=say)
    say(_("Văn bản PDF: %(s).0f giây.") % {"s": time.monotonic() - started})
    if demo is not None:
        goals += run_dashboards(demo, requests=requests, warmup=warmup, workers=workers, say=say)
    return goals


def run_dashboards(demo: list, *, requests: int, warmup: int, workers: int, say) -> list[Goal]:
    """The dashboards on the large world (with BENCH_YEAR's registrations and the scores built here), judged
    against their figures at the demo size."""
    started = time.monotonic()
    say("")
    say(_("Thống kê: chấm điểm giao ước mô phỏng cho các cụm năm %(year)s…") % {"year": benchmark_dashboards.DEMO_YEAR})
    say(_("%(n)s điểm chấm đã ghi.") % {"n": f"{benchmark_dashboards.build_scores():,}"})
    large = benchmark_dashboards.measure_pages(
        benchmark_dashboards.pages(year=BENCH_YEAR),
        size="large",
        requests=requests,
        warmup=warmup,
        workers=workers,
        say=say,
    )
    goals = benchmark_dashboards.report(
        demo,
        large,
        say=say,
        title=_(
            "Trang thống kê của phong trào (tỷ lệ đăng ký: năm %(demo)s ở cỡ mẫu, năm %(year)s với %(n)s đăng ký ở "
            "cỡ lớn; xếp hạng giao ước năm %(demo)s), %(requests)s yêu cầu mỗi trang, %(db)s."
        )
        % {
            "demo": benchmark_dashboards.DEMO_YEAR,
            "year": BENCH_YEAR,
            "n": f"{Registration.objects.filter(year=BENCH_YEAR).count():,}",
            "requests": requests,
            "db": connection.vendor,
        },
    )
    say(_("Thống kê: %(s).0f giây.") % {"s": time.monotonic() - started})
    return goals


def report(pages: list[PageMeasure], imports: list[ImportMeasure], *, requests, warmup, workers, say) -> list[Goal]:
    labels = page_labels()
    passed, failed = _("đạt"), _("KHÔNG ĐẠT")
    say("")
    say(
        _(
            "Trang đăng ký thi đua, năm %(year)s: %(n)s yêu cầu tuần tự mỗi trang (sau %(w)s lượt khởi động), "
            "gunicorn %(workers)s tiến trình, %(db)s."
        )
        % {"year": BENCH_YEAR, "n": requests, "w": warmup, "workers": workers, "db": connection.vendor}
    )
    rows = [(_("trang"), _("số đăng ký"), _("truy vấn"), "p50 ms", "p95 ms")]
    for m in sorted(pages, key=lambda m: (list(labels).index(m.key), m.registrations)):
        rows.append((labels[m.key], f"{m.registrations:,}", m.queries, f"{m.p50:.2f}", f"{m.p95:.2f}"))
    say(format_table(rows))

    goals = []
    by_key: dict[str, list[PageMeasure]] = {}
    for m in pages:
        by_key.setdefault(m.key, []).append(m)
    ratio_rows = [
        (
            _("trang"),
            _("truy vấn ít → nhiều (mục tiêu: bằng nhau)"),
            _("p50 nhiều/ít (mục tiêu ≤ %(goal)s)") % {"goal": P50_GOAL},
        )
    ]
    for key, label in labels.items():
        if key == "healthz" or key not in by_key:
            continue
        few, many = sorted(by_key[key], key=lambda m: m.registrations)
        same = few.queries == many.queries
        ratio = many.p50 / few.p50
        ratio_rows.append(
            (
                label,
                f"{few.queries} → {many.queries} {passed if same else failed}",
                f"{ratio:.2f} {passed if ratio <= P50_GOAL else failed}",
            )
        )
        sizes = {"few": f"{few.registrations:,}", "many": f"{many.registrations:,}"}
        goals += [
            Goal(
                _("%(page)s: số truy vấn, %(few)s → %(many)s đăng ký") % {"page": label, **sizes},
                _("bằng nhau"),
                f"{few.queries} → {many.queries}",
                same,
            ),
            Goal(
                _("%(page)s: p50 %(many)s / p50 %(few)s đăng ký") % {"page": label, **sizes},
                f"≤ {P50_GOAL}",
                f"{ratio:.2f}",
                ratio <= P50_GOAL,
            ),
        ]
    say("")
    say(format_table(ratio_rows))

    say("")
    say(
        _(
            "Nhập đăng ký từ xlsx (đọc, kiểm tra, ghi trong một giao dịch, một bản ghi nhật ký cho mỗi dòng) so với "
            "bulk_create thuần của cùng các dòng (tạo đối tượng từ id + bulk_create), đo trong cùng lần chạy."
        )
    )
    rows = [
        (
            _("số dòng"),
            _("nhập (giây)"),
            _("dòng/giây"),
            _("bulk_create (giây)"),
            _("dòng/giây"),
            _("tỷ lệ (mục tiêu ≥ 1/3)"),
            _("tỷ lệ, bulk_create tạm dừng GC"),
            _("đọc / kiểm tra / ghi / nhật ký (giây)"),
        )
    ]
    for m in imports:
        good = m.ratio >= RATE_GOAL
        phases = " / ".join(f"{m.phases.get(k, 0):.2f}" for k in ("read", "check", "insert", "audit"))
        rows.append(
            (
                f"{m.rows:,}",
                f"{m.imported:.2f}",
                f"{m.rows / m.imported:,.0f}",
                f"{m.plain:.2f}",
                f"{m.rows / m.plain:,.0f}",
                f"{m.ratio:.2f} {passed if good else failed}",
                f"{m.plain_gc_paused / m.imported:.2f}",
                phases,
            )
        )
        goals.append(
            Goal(
                _("Nhập %(n)s đăng ký từ xlsx: tốc độ / tốc độ bulk_create") % {"n": f"{m.rows:,}"},
                "≥ 1/3",
                _("%(ratio).2f (%(rate)s so với %(plain)s dòng/giây)")
                % {"ratio": m.ratio, "rate": f"{m.rows / m.imported:,.0f}", "plain": f"{m.rows / m.plain:,.0f}"},
                good,
            )
        )
    say(format_table(rows))
    return goals


def report_documents(figures: dict[str, dict], *, say) -> list[Goal]:
    """The table of measure_documents() and its goals: each document's render time ≤ GOAL × the minimal page's."""
    labels = {"launch_plan": _("Kế hoạch phát động phong trào"), "covenant": _("Giao ước thi đua (11 đơn vị)")}
    passed, failed = _("đạt"), _("KHÔNG ĐẠT")
    rows = [(_("văn bản"), _("số trang"), _("dựng (ms)"), _("trang tối thiểu (ms)"), _("tỷ lệ (mục tiêu ≤ 3)"))]
    goals = []
    for key, label in labels.items():
        figure = figures[key]
        good = figure["ratio"] <= figure["goal"]
        rows.append(
            (
                label,
                figure["pages"],
                f"{figure['seconds'] * 1000:.1f}",
                f"{figure['baseline'] * 1000:.1f}",
                f"{figure['ratio']:.2f} {passed if good else failed}",
            )
        )
        goals.append(
            Goal(
                _("PDF %(document)s: thời gian dựng / trang tối thiểu") % {"document": label},
                f"≤ {figure['goal']:g}",
                f"{figure['ratio']:.2f}",
                good,
            )
        )
    say(
        _(
            "Thời gian dựng PDF so với một trang tối thiểu cùng phông chữ, WeasyPrint, trong cùng tiến trình "
            "(trang tối thiểu đo trước và sau văn bản, lấy trung bình)."
        )
    )
    say(format_table(rows))
    return goals
