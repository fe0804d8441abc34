"""`manage.py bench` (`make bench`): query counts and latency of the portal's lists at the demo size and at
100,000 people, served by gunicorn on 127.0.0.1, each compared with a bare Django view of the same run; then the
figures of every app that has a benchmark (thidua.core.bench.app_benchmarks; those with a demo() take theirs at
the demo size too), and a summary of all the goals."""

import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.core.bench import (
    BenchError,
    Goal,
    app_benchmarks,
    app_demo_benchmarks,
    format_table,
    goals_table,
    gunicorn,
    percentile,
    server_env,
    time_requests,
)
from thidua.org.models import Person, Unit

BOARD_USER = "bantdkt"  # created by seed_demo
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
P50_GOAL = 1.5


def size_label(size: str) -> str:
    return {"demo": _("mẫu"), "large": _("lớn")}[size]


def page_labels() -> dict[str, str]:
    return {
        "unit_list": _("Danh sách đơn vị"),
        "person_list": _("Danh sách cá nhân"),
        "unit_detail": _("Trang đơn vị"),
        "healthz": _("View trần /healthz/"),
    }


@dataclass
class Measure:
    page: str
    size: str
    rows: int | None
    queries: int
    p50: float
    p95: float


class Command(BaseCommand):
    help = _(
        "Đo hiệu năng: tạo lại dữ liệu (seed_demo rồi seed_scale) trong cơ sở dữ liệu riêng cho benchmark, "
        "chạy gunicorn trên 127.0.0.1 và in số truy vấn, p50, p95 của các trang danh sách, rồi các số đo của "
        "từng ứng dụng có benchmark và bảng tổng hợp các mục tiêu. XÓA dữ liệu hiện có."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help=_("Chạy cả khi tên cơ sở dữ liệu không chứa 'bench'."))
        parser.add_argument("--requests", type=int, default=200, help=_("Số yêu cầu được đo cho mỗi trang."))
        parser.add_argument("--warmup", type=int, default=20, help=_("Số yêu cầu khởi động (không đo)."))
        parser.add_argument("--units", type=int, default=1000, help=_("Tổng số đơn vị ở quy mô lớn."))
        parser.add_argument("--people", type=int, default=100_000, help=_("Tổng số cá nhân ở quy mô lớn."))
        parser.add_argument("--workers", type=int, default=2, help=_("Số tiến trình gunicorn."))
        parser.add_argument("--strict", action="store_true", help=_("Báo lỗi (mã thoát ≠ 0) khi không đạt mục tiêu."))

    def handle(self, *args, **options):
        name = str(connection.settings_dict["NAME"])
        if "bench" not in name and not options["force"]:
            raise CommandError(
                _(
                    "Lệnh này xóa và tạo lại toàn bộ dữ liệu của cơ sở dữ liệu %(name)s. Hãy dùng một cơ sở dữ liệu "
                    "riêng có tên chứa 'bench' (DATABASE_URL, xem `make bench`) hoặc thêm --force."
                )
                % {"name": name}
            )
        if options["requests"] < 1 or options["warmup"] < 0:
            raise CommandError(_("--requests phải ≥ 1 và --warmup phải ≥ 0."))
        self.options = options
        self.secret_key = secrets.token_urlsafe(50)
        self.database_url = settings.DATABASE_URL
        started = time.monotonic()

        self.say(_("Cơ sở dữ liệu: %(vendor)s %(name)s") % {"vendor": connection.vendor, "name": name})
        call_command("migrate", interactive=False, verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
        self.say(_("Tạo dữ liệu mẫu (seed_demo)…"))
        call_command("seed_demo", verbosity=0)
        measures = self.measure("demo")
        demo_figures = self.app_demos()
        self.say(_("Tạo dữ liệu lớn (seed_scale)…"))
        call_command("seed_scale", units=options["units"], people=options["people"], stdout=self.stdout)
        measures += self.measure("large")
        goals = self.report(measures)

        for label, run in app_benchmarks():
            self.say("")
            self.say(_("=== Ứng dụng %(app)s ===") % {"app": label})
            extra = {"demo": demo_figures[label]} if label in demo_figures else {}
            try:
                goals += run(
                    say=self.say,
                    requests=options["requests"],
                    warmup=options["warmup"],
                    workers=options["workers"],
                    **extra,
                )
            except BenchError as exc:
                raise CommandError(str(exc)) from exc

        self.say("")
        self.say(_("Tổng hợp các mục tiêu (%(db)s):") % {"db": connection.vendor})
        self.say(goals_table(goals))
        self.say(_("Tổng thời gian: %(s).0f giây.") % {"s": time.monotonic() - started})
        if options["strict"] and not all(goal.met for goal in goals):
            raise CommandError(_("Không đạt mục tiêu hiệu năng."))

    def app_demos(self) -> dict[str, object]:
        """The apps' figures at the demo size (app_demo_benchmarks), by app label, for their run() later."""
        figures = {}
        for label, demo in app_demo_benchmarks():
            self.say(_("Ứng dụng %(app)s: đo ở cỡ mẫu…") % {"app": label})
            try:
                figures[label] = demo(
                    say=self.say,
                    requests=self.options["requests"],
                    warmup=self.options["warmup"],
                    workers=self.options["workers"],
                )
            except BenchError as exc:
                raise CommandError(str(exc)) from exc
        return figures

    def say(self, message: str) -> None:
        self.stdout.write(message)
        self.stdout.flush()

    # --- one size -------------------------------------------------------------------------------------

    def pages(self) -> list[tuple[str, str, int | None]]:
        """(key, url, rows) for each measured page; the unit page is that of the unit with the most people."""
        biggest = Unit.objects.annotate(n=Count("people")).order_by("-n", "pk").first()
        self.say(_("Trang đơn vị được đo: %(unit)s (%(n)s cá nhân).") % {"unit": biggest.name, "n": biggest.n})
        return [
            ("unit_list", reverse("unit_list"), Unit.objects.count()),
            ("person_list", reverse("person_list"), Person.objects.count()),
            ("unit_detail", reverse("unit_detail", args=[biggest.pk]), biggest.n),
            # The baseline: no session cookie, so no database access at all.
            ("healthz", reverse("healthz"), None),
        ]

    def measure(self, size: str) -> list[Measure]:
        if connection.vendor == "postgresql":
            # As autovacuum would have done on a live server: plans are chosen on current statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        user = get_user_model().objects.get(username=BOARD_USER)
        pages = self.pages()
        session_key = self.session_for(user)
        queries = self.count_queries(session_key, pages)
        env = server_env(database_url=self.database_url, secret_key=self.secret_key)
        measures = []
        self.say(_("Đo ở cỡ %(size)s với gunicorn…") % {"size": size_label(size)})
        cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}
        targets = [(url, {} if key == "healthz" else cookie) for key, url, _rows in pages]
        try:
            with gunicorn(cwd=settings.BASE_DIR, env=env, workers=self.options["workers"]) as port:
                latencies = time_requests(
                    port, targets, requests=self.options["requests"], warmup=self.options["warmup"]
                )
            for (key, _url, rows), times in zip(pages, latencies, strict=True):
                measures.append(Measure(key, size, rows, queries[key], percentile(times, 50), percentile(times, 95)))
        except BenchError as exc:
            raise CommandError(str(exc)) from exc
        return measures

    def count_queries(self, session_key: str, pages) -> dict[str, int]:
        """Queries per request, counted in-process for the same session and URLs (after one warm-up request)."""
        counts = {}
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False, SECRET_KEY=self.secret_key):
            for key, url, _rows in pages:
                client = Client()
                if key != "healthz":
                    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
                client.get(url)
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                if response.status_code != 200:
                    raise CommandError(
                        _("%(url)s trả về mã %(code)s thay vì 200.") % {"url": url, "code": response.status_code}
                    )
                counts[key] = len(captured)
        return counts

    def session_for(self, user) -> str:
        """A logged-in session stored in the database, signed with the server's secret key (no login signals)."""
        with override_settings(SECRET_KEY=self.secret_key):
            session = SessionStore()
            session[SESSION_KEY] = user._meta.pk.value_to_string(user)
            session[BACKEND_SESSION_KEY] = MODEL_BACKEND
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.save()
        return session.session_key

    # --- the report -----------------------------------------------------------------------------------

    def report(self, measures: list[Measure]) -> list[Goal]:
        labels = page_labels()
        bare = {m.size: m.p50 for m in measures if m.page == "healthz"}
        rows = [(_("trang"), _("cỡ"), _("số dòng"), _("truy vấn"), "p50 ms", "p95 ms", _("p50/view trần"))]
        for m in sorted(measures, key=lambda m: (list(labels).index(m.page), m.size != "demo")):
            rows.append(
                (
                    labels[m.page],
                    size_label(m.size),
                    "—" if m.rows is None else f"{m.rows:,}",
                    m.queries,
                    f"{m.p50:.2f}",
                    f"{m.p95:.2f}",
                    f"{m.p50 / bare[m.size]:.1f}",
                )
            )
        self.say("")
        self.say(
            _(
                "%(n)s yêu cầu tuần tự cho mỗi trang, các trang lần lượt xen kẽ (sau %(w)s lượt khởi động), "
                "gunicorn %(workers)s tiến trình, %(db)s."
            )
            % {
                "n": self.options["requests"],
                "w": self.options["warmup"],
                "workers": self.options["workers"],
                "db": connection.vendor,
            }
        )
        self.say(_("số dòng: đơn vị trong CSDL, cá nhân trong CSDL, cá nhân của đơn vị được đo."))
        self.say(format_table(rows, right_from=2))

        by_key = {(m.page, m.size): m for m in measures}
        ratio_rows = [
            (
                _("trang"),
                _("truy vấn mẫu → lớn (mục tiêu: bằng nhau)"),
                _("p50 lớn/mẫu (mục tiêu ≤ %(goal)s)") % {"goal": P50_GOAL},
            )
        ]
        goals = []
        passed, failed = _("đạt"), _("KHÔNG ĐẠT")
        people = f"{by_key[('person_list', 'large')].rows:,}"
        for key, label in labels.items():
            if key == "healthz":
                continue
            demo, large = by_key[(key, "demo")], by_key[(key, "large")]
            same = demo.queries == large.queries
            ratio = large.p50 / demo.p50
            ratio_rows.append(
                (
                    label,
                    f"{demo.queries} → {large.queries} {passed if same else failed}",
                    f"{ratio:.2f} {passed if ratio <= P50_GOAL else failed}",
                )
            )
            goals += [
                Goal(
                    _("%(page)s: số truy vấn, cỡ mẫu → %(people)s cá nhân") % {"page": label, "people": people},
                    _("bằng nhau"),
                    f"{demo.queries} → {large.queries}",
                    same,
                ),
                Goal(
                    _("%(page)s: p50 %(people)s cá nhân / p50 cỡ mẫu") % {"page": label, "people": people},
                    f"≤ {P50_GOAL}",
                    f"{ratio:.2f}",
                    ratio <= P50_GOAL,
                ),
            ]
        self.say("")
        self.say(format_table(ratio_rows))
        return goals
