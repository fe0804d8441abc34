"""The figures of voting for `make bench` (issue 5, Speed; run() follows the protocol of thidua.core.bench): casting a
ballot under 50 concurrent voters, as the ratio of its p95 to the bare view's p95 under the same load (goal ≤ 5),
and counting a session of 10,000 ballots, as the ratio to one SQL GROUP BY over the same marks (goal ≤ 2).

run() builds its own world and removes it afterwards: a cluster of the existing units in BENCH_YEAR (a year no
other data uses), its conference with enough voting delegates, all present, a session open for the casting
(served by gunicorn on 127.0.0.1, voted over HTTP as a phone does: GET the page, POST the ballot), and a second
session whose 10,000 ballots are bulk-created (the fixture; the count is what is measured), closed, then counted.
"""

import datetime
import http.client
import math
import random
import re
import secrets
import statistics
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Q
from django.test.utils import override_settings
from django.utils.translation import gettext as _

from thidua.core.bench import BenchError, Goal, format_table, gunicorn, percentile, server_env
from thidua.org import services as org_services
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm, Role, RoleAssignment, Unit
from thidua.titles.models import Title

from . import counting, services
from .models import (
    Ballot,
    BallotMark,
    BallotSession,
    Candidate,
    Conference,
    Delegate,
    PaperCount,
    Participation,
    Pool,
    VoterCode,
)
from .services import ALPHABET, RECEIPT_LENGTH, PoolInput

BENCH_YEAR = 2013
BENCH_USER = "bench-voting"
CLUSTER_NAME = "Cụm thi đua benchmark bỏ phiếu"
UNITS = 50
CANDIDATES = 11  # Cluster I's sector banner: 11 candidates, quota 4
QUOTA = 4
CLIENTS = 50
COUNT_BALLOTS = 10_000
COUNT_REPEAT = 20
INVALID_SHARE = 0.02  # ballots over the quota, counted invalid
CAST_GOAL = 5.0
COUNT_GOAL = 2.0
TIMEOUT = 60

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RECEIPT = re.compile(r'data-receipt="([A-Z0-9]+)"')
# The marks, counted as the count counts them: "agree" on valid ballots, per candidate, in one statement.
GROUP_BY = (
    "SELECT m.candidate_id, COUNT(*) FROM voting_ballotmark m JOIN voting_ballot b ON b.id = m.ballot_id "
    "WHERE b.session_id = %s AND b.is_valid AND m.agree GROUP BY m.candidate_id"
)


@dataclass
class CastMeasure:
    clients: int
    casts: int  # timed POSTs (after each client's warm-up)
    post_p50: float
    post_p95: float
    bare_p50: float
    bare_p95: float
    workers: int
    threads: int

    @property
    def ratio(self) -> float:
        return self.post_p95 / self.bare_p95


@dataclass
class CountMeasure:
    ballots: int
    marks: int
    queries: int  # of one session_result()
    count: list[float]  # ms, each repeat
    group_by: list[float]
    close_seconds: float | None = None  # informative: the close of the same session

    @property
    def ratio(self) -> float:
        return statistics.median(self.count) / statistics.median(self.group_by)


@dataclass
class World:
    board: object
    cluster: Cluster
    conference: Conference
    units: list[Unit]


# --- The world ------------------------------------------------------------------------------------------------


def _board_user():
    User = get_user_model()
    user = User.objects.filter(username=BENCH_USER).first() or User.objects.create_user(
        username=BENCH_USER, password=None
    )
    if not RoleAssignment.objects.filter(user=user, role=Role.BOARD).exists():
        org_services.role_grant(actor=None, user=user, role=Role.BOARD, unit=None)
    return user


def build_world(*, delegates: int, units: int = UNITS) -> World:
    """A cluster term of `units` existing units in BENCH_YEAR and its conference with at least `delegates` voting
    delegates, all present; built through the services."""
    if Cluster.objects.filter(name=CLUSTER_NAME).exists():
        raise BenchError(_("«%(name)s» đã có: một lần chạy trước chưa dọn xong.") % {"name": CLUSTER_NAME})
    members = list(
        Unit.objects.filter(is_active=True, dissolved_year__isnull=True)
        .filter(Q(established_year__isnull=True) | Q(established_year__lte=BENCH_YEAR))
        .order_by("pk")[:units]
    )
    if len(members) < CANDIDATES:
        raise BenchError(_("Cần ít nhất %(n)s đơn vị đang hoạt động.") % {"n": CANDIDATES})
    board = _board_user()
    cluster = org_services.cluster_save(actor=board, cluster=Cluster(name=CLUSTER_NAME, kind=Cluster.Kind.CUM))
    term = org_services.cluster_term_save(
        actor=board, term=ClusterTerm(cluster=cluster, year=BENCH_YEAR), members=members, leader=members[0]
    )
    per_unit = max(1, math.ceil(delegates / len(members)))
    conference = services.conference_create(
        actor=board,
        term=term,
        date=datetime.date(BENCH_YEAR, 12, 20),
        place="127.0.0.1",
        chair_name="Benchmark",
        name=_("Hội nghị benchmark bỏ phiếu"),
        voting_per_unit=per_unit,
    )
    for unit in members:
        for number in range(2, per_unit + 1):
            services.delegate_add(
                actor=board, conference=conference, unit=unit, full_name=f"Đại biểu benchmark {number}"
            )
    services.delegates_check_in_all(actor=board, conference=conference)
    return World(board, cluster, conference, members)


def open_session(world: World, title_code: str, *, secret_key: str) -> tuple[BallotSession, dict[int, str]]:
    """A session of one pool (CANDIDATES units, quota QUOTA), opened: its codes are hashed with `secret_key`,
    the key of the server that will check them."""
    session = services.session_create(
        actor=world.board,
        conference=world.conference,
        title=Title.objects.get(code=title_code),
        pools=[PoolInput(name=_("Các đơn vị"), quota=QUOTA, units=world.units[:CANDIDATES])],
    )
    with override_settings(SECRET_KEY=secret_key):
        codes = services.session_open(actor=world.board, session=session)
    return session, codes


def clean(world: World, *, log_from: int) -> None:
    """Remove everything build_world and the measures wrote, the audit entries of the run included."""
    with disable_auditlog():
        sessions = BallotSession.objects.filter(conference=world.conference)
        BallotMark.objects.filter(ballot__session__in=sessions).delete()
        Ballot.objects.filter(session__in=sessions).delete()
        Participation.objects.filter(session__in=sessions).delete()
        VoterCode.objects.filter(session__in=sessions).delete()
        PaperCount.objects.filter(session__in=sessions).delete()
        Candidate.objects.filter(session__in=sessions).delete()
        Pool.objects.filter(session__in=sessions).delete()
        sessions.delete()
        Delegate.objects.filter(conference=world.conference).delete()
        world.conference.delete()
        ClusterMembership.objects.filter(term__cluster=world.cluster).delete()
        ClusterTerm.objects.filter(cluster=world.cluster).delete()
        world.cluster.delete()
        RoleAssignment.objects.filter(user=world.board).delete()
        world.board.delete()
    LogEntry.objects.filter(pk__gt=log_from).delete()


# --- Casting over HTTP ----------------------------------------------------------------------------------------


def ballot_fields(token: str, code: str, marks: Mapping[int, bool]) -> dict[str, str]:
    """The ballot as the page posts it (voting/forms/ballot.py): the code, "1"/"0" per candidate, the CSRF token."""
    fields = {"csrfmiddlewaretoken": token, "code": code}
    fields.update({f"c{cid}": "1" if agree else "0" for cid, agree in marks.items()})
    return fields


def form_of(status: int, body: str, set_cookies: Sequence[str]) -> tuple[str, str]:
    """(CSRF token, Cookie header) from the answer to a GET of a page with a form."""
    found = TOKEN.search(body)
    if status != 200 or not found:
        raise BenchError(_("Trang phiếu trả về mã %(code)s: %(body)r") % {"code": status, "body": body[:300]})
    cookies = SimpleCookie()
    for value in set_cookies:
        cookies.load(value)
    return found.group(1), "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())


def _exchange(conn, method: str, path: str, body: str | None = None, headers=None) -> tuple[int, str, list[str]]:
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    text = response.read().decode("utf-8", "replace")
    return response.status, text, response.headers.get_all("Set-Cookie") or []


def _voter(port: int, path: str, ballots: Sequence[tuple[str, dict[int, bool]]], warm: int, barrier) -> tuple:
    """One phone: for each (code, marks), GET the page, POST the ballot (timed), GET /healthz/ (timed), on one
    keep-alive connection opened for the round. Returns (POST ms, /healthz/ ms) after the first `warm` rounds."""
    posts, bare = [], []
    barrier.wait(timeout=TIMEOUT)
    for index, (code, marks) in enumerate(ballots):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            token, cookie = form_of(*_exchange(conn, "GET", path))
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie}
            started = time.perf_counter()
            status, body, _cookies = _exchange(
                conn, "POST", path, urlencode(ballot_fields(token, code, marks)), headers
            )
            posted = time.perf_counter()
            if status != 200 or not RECEIPT.search(body):
                raise BenchError(
                    _("POST %(path)s trả về mã %(code)s: %(body)r") % {"path": path, "code": status, "body": body[:300]}
                )
            bare_status, _body, _cookies = _exchange(conn, "GET", "/healthz/")
            done = time.perf_counter()
            if bare_status != 200:
                raise BenchError(_("GET /healthz/ trả về mã %(code)s") % {"code": bare_status})
        finally:
            conn.close()
        if index >= warm:
            posts.append((posted - started) * 1000)
            bare.append((done - posted) * 1000)
    return posts, bare


def measure_casting(
    session: BallotSession,
    codes: Sequence[str],
    *,
    clients: int,
    warm: int,
    secret_key: str,
    workers: int,
    threads: int,
    seed: int = 5,
) -> CastMeasure:
    """`clients` phones at once, each casting len(codes) // clients ballots with fresh codes (the first `warm`
    untimed), against gunicorn on 127.0.0.1; the bare view is timed by the same phones between their ballots."""
    rng = random.Random(seed)
    pools = counting.session_pools(session)
    per_client = len(codes) // clients
    if per_client <= warm:
        raise BenchError(_("Không đủ mã bỏ phiếu cho %(n)s người.") % {"n": clients})
    plans = [
        [(code, _marks(pools, rng, invalid=False)) for code in codes[i * per_client : (i + 1) * per_client]]
        for i in range(clients)
    ]
    path = f"/vote/{session.pk}/"
    barrier = threading.Barrier(clients)
    env = server_env(database_url=settings.DATABASE_URL, secret_key=secret_key)
    with (
        gunicorn(cwd=settings.BASE_DIR, env=env, workers=workers, threads=threads) as port,
        ThreadPoolExecutor(max_workers=clients) as pool,
    ):
        futures = [pool.submit(_voter, port, path, plan, warm, barrier) for plan in plans]
        results = [future.result() for future in futures]
    posts = [ms for times, _bare in results for ms in times]
    bare = [ms for _times, times in results for ms in times]
    return CastMeasure(
        clients=clients,
        casts=len(posts),
        post_p50=percentile(posts, 50),
        post_p95=percentile(posts, 95),
        bare_p50=percentile(bare, 50),
        bare_p95=percentile(bare, 95),
        workers=workers,
        threads=threads,
    )


def _marks(pools: Sequence[counting.PoolSpec], rng: random.Random, *, invalid: bool) -> dict[int, bool]:
    """A ballot's marks: in each pool up to its quota "agree" (one more than the quota when `invalid`)."""
    marks = {}
    for pool in pools:
        n = min(len(pool.candidate_ids), pool.quota + 1) if invalid else rng.randint(0, pool.quota)
        agreed = set(rng.sample(pool.candidate_ids, n))
        marks.update({cid: cid in agreed for cid in pool.candidate_ids})
    return marks


# --- Counting -------------------------------------------------------------------------------------------------


def fill_ballots(session: BallotSession, n: int, *, seed: int = 10) -> int:
    """n electronic ballots for an open session, written with bulk_create (the fixture of the count, not what is
    measured; no participations: the count does not read them). Returns the number of marks."""
    rng = random.Random(seed)
    pools = counting.session_pools(session)
    receipts: set[str] = set(Ballot.objects.values_list("receipt", flat=True))
    ballots, marks = [], []
    for _index in range(n):
        receipt = "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_LENGTH))
        while receipt in receipts:
            receipt = "".join(secrets.choice(ALPHABET) for _ in range(RECEIPT_LENGTH))
        receipts.add(receipt)
        invalid = rng.random() < INVALID_SHARE
        ballot = Ballot(session=session, receipt=receipt, is_valid=not invalid)
        ballots.append(ballot)
        marks += [
            BallotMark(ballot=ballot, candidate_id=cid, agree=agree)
            for cid, agree in _marks(pools, rng, invalid=invalid).items()
        ]
    Ballot.objects.bulk_create(ballots, batch_size=2000)
    BallotMark.objects.bulk_create(marks, batch_size=5000)
    return len(marks)


def measure_count(session: BallotSession, *, repeat: int) -> CountMeasure:
    """session_result() and the plain GROUP BY, in turns on the same connection (one untimed run of each first),
    `repeat` times; the count's votes must be the GROUP BY's."""
    with connection.cursor() as cursor:

        def group_by() -> dict[int, int]:
            cursor.execute(GROUP_BY, [session.pk])
            return dict(cursor.fetchall())

        result, plain = counting.session_result(session), group_by()
        if {c.candidate_id: c.votes for c in result.candidates if c.votes} != plain:
            raise BenchError(_("Kết quả kiểm phiếu khác với GROUP BY."))
        queries: list[str] = []

        def counted(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        # Not CaptureQueriesContext: with DEBUG on, the query log is full after the close's thousands of updates.
        with connection.execute_wrapper(counted):
            counting.session_result(session)
        count, plain_times = [], []
        for _index in range(repeat):
            started = time.perf_counter()
            counting.session_result(session)
            count.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            group_by()
            plain_times.append((time.perf_counter() - started) * 1000)
    return CountMeasure(
        ballots=result.ballots,
        marks=BallotMark.objects.filter(ballot__session=session).count(),
        queries=len(queries),
        count=count,
        group_by=plain_times,
    )


def _analyze() -> None:
    """As autovacuum would have done after the inserts: plans chosen on current statistics."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM ANALYZE "{Ballot._meta.db_table}", "{BallotMark._meta.db_table}"')


# --- The run and its report -----------------------------------------------------------------------------------


def run(
    *,
    say: Callable[[str], None] = print,
    requests: int = 200,
    warmup: int = 20,
    workers: int = 2,
    clients: int = CLIENTS,
    threads: int = 8,
    ballots: int = COUNT_BALLOTS,
    repeat: int = COUNT_REPEAT,
) -> list[Goal]:
    """The benchmark of voting for `manage.py bench`: `requests` ballots cast over HTTP by `clients` phones at once
    (after max(1, warmup / clients) untimed rounds each), then the count of a session of `ballots` ballots
    (`repeat` times). Builds its world, removes it afterwards; prints the figures, returns the goals."""
    started = time.monotonic()
    rounds = max(1, math.ceil(requests / clients))
    warm = max(1, math.ceil(warmup / clients))
    secret_key = secrets.token_urlsafe(50)
    log_from = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    say(_("Bỏ phiếu: tạo hội nghị với %(n)s đại biểu có quyền biểu quyết…") % {"n": clients * (rounds + warm)})
    world = build_world(delegates=clients * (rounds + warm))
    try:
        session, codes = open_session(world, "co-bo", secret_key=secret_key)
        _analyze()
        say(
            _("Bỏ phiếu: %(clients)s người cùng lúc, mỗi người %(rounds)s phiếu (sau %(warm)s phiếu khởi động)…")
            % {"clients": clients, "rounds": rounds, "warm": warm}
        )
        cast = measure_casting(
            session,
            list(codes.values())[: clients * (rounds + warm)],
            clients=clients,
            warm=warm,
            secret_key=secret_key,
            workers=workers,
            threads=threads,
        )
        say(_("Kiểm phiếu: tạo %(n)s phiếu (bulk_create)…") % {"n": f"{ballots:,}"})
        counted, _codes = open_session(world, "co-cp", secret_key=secret_key)
        fill_ballots(counted, ballots)
        # Timed as a server runs them: with DEBUG on (make run's .env), every query would be logged as well.
        with override_settings(DEBUG=False):
            closing = time.perf_counter()
            services.session_close(actor=world.board, session=counted)
            close_seconds = time.perf_counter() - closing
            _analyze()
            count = measure_count(BallotSession.objects.get(pk=counted.pk), repeat=repeat)
        count.close_seconds = close_seconds
    finally:
        clean(world, log_from=log_from)
    goals = report(cast, count, say=say)
    say(_("Bỏ phiếu và kiểm phiếu: %(s).0f giây.") % {"s": time.monotonic() - started})
    try:
        from voting.benchmark_reports import run_report_bench
    except ModuleNotFoundError as exc:
        if exc.name != "voting.benchmark_reports":
            raise
    else:
        goals += run_report_bench(say=say)
    return goals


def report(cast: CastMeasure, count: CountMeasure, *, say: Callable[[str], None]) -> list[Goal]:
    """The tables of the two figures and their goals."""
    passed, failed = _("đạt"), _("KHÔNG ĐẠT")
    say("")
    say(
        _(
            "Bỏ phiếu qua HTTP: %(clients)s người cùng lúc (GET trang phiếu, POST phiếu với mã mới, rồi GET "
            "/healthz/), gunicorn %(workers)s tiến trình × %(threads)s luồng, %(db)s."
        )
        % {"clients": cast.clients, "workers": cast.workers, "threads": cast.threads, "db": connection.vendor}
    )
    good_cast = cast.ratio <= CAST_GOAL
    say(
        format_table(
            [
                (_("yêu cầu"), _("số lần đo"), "p50 ms", "p95 ms"),
                (_("POST phiếu bầu"), cast.casts, f"{cast.post_p50:.1f}", f"{cast.post_p95:.1f}"),
                (_("View trần /healthz/, cùng tải"), cast.casts, f"{cast.bare_p50:.1f}", f"{cast.bare_p95:.1f}"),
                (
                    _("p95 phiếu / p95 view trần (mục tiêu ≤ %(goal)g)") % {"goal": CAST_GOAL},
                    "",
                    "",
                    f"{cast.ratio:.2f} {passed if good_cast else failed}",
                ),
            ]
        )
    )
    say("")
    say(
        _(
            "Kiểm phiếu một phiên %(ballots)s phiếu, %(marks)s ô đánh dấu: voting.counting.session_result "
            "(%(queries)s truy vấn) so với một câu GROUP BY trên cùng các dòng, cùng kết nối, %(repeat)s lần xen kẽ."
        )
        % {
            "ballots": f"{count.ballots:,}",
            "marks": f"{count.marks:,}",
            "queries": count.queries,
            "repeat": len(count.count),
        }
    )
    good_count = count.ratio <= COUNT_GOAL
    say(
        format_table(
            [
                (_("phép đếm"), _("trung vị ms"), _("nhỏ nhất–lớn nhất ms")),
                (
                    "session_result",
                    f"{statistics.median(count.count):.1f}",
                    f"{min(count.count):.1f}–{max(count.count):.1f}",
                ),
                (
                    "GROUP BY",
                    f"{statistics.median(count.group_by):.1f}",
                    f"{min(count.group_by):.1f}–{max(count.group_by):.1f}",
                ),
                (
                    _("tỷ lệ (mục tiêu ≤ %(goal)g)") % {"goal": COUNT_GOAL},
                    f"{count.ratio:.2f} {passed if good_count else failed}",
                    "",
                ),
            ]
        )
    )
    if count.close_seconds is not None:
        say(
            _("Kết thúc bỏ phiếu của phiên này (chuỗi băm, ghi lại các phiếu, sắp xếp lại bảng): %(s).1f giây.")
            % {"s": count.close_seconds}
        )
    return [
        Goal(
            _("Bỏ phiếu, %(n)s người cùng lúc: p95 / p95 view trần") % {"n": cast.clients},
            f"≤ {CAST_GOAL:g}",
            _("%(ratio).2f (%(post).1f / %(bare).1f ms)")
            % {"ratio": cast.ratio, "post": cast.post_p95, "bare": cast.bare_p95},
            good_cast,
        ),
        Goal(
            _("Kiểm phiếu %(n)s phiếu: session_result / một GROUP BY") % {"n": f"{count.ballots:,}"},
            f"≤ {COUNT_GOAL:g}",
            _("%(ratio).2f (%(count).1f / %(plain).1f ms)")
            % {
                "ratio": count.ratio,
                "count": statistics.median(count.count),
                "plain": statistics.median(count.group_by),
            },
            good_count,
        ),
    ]
