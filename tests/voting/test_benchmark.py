"""Voting's benchmark at a tiny size: its world, its two measures and its clean-up work, and its goals are judged
right (the figures themselves are read by `make bench` on a quiet machine; no timing is asserted here)."""

import sys
import types

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection

from tests import factories
from tests.documents.worker import database_url_for
from thidua.core.bench import Goal
from thidua.org.models import Cluster, ClusterMembership, ClusterTerm
from voting import benchmark, services
from voting.benchmark import CastMeasure, CountMeasure, report
from voting.models import Ballot, BallotMark, BallotSession, Conference, Delegate, Participation, VoterCode

SECRET = "s" * 60


def lines():
    out = []
    return out, out.append


def nothing_left(log_entries: int) -> None:
    assert not Cluster.objects.filter(name=benchmark.CLUSTER_NAME).exists()
    assert not ClusterTerm.objects.filter(year=benchmark.BENCH_YEAR).exists()
    assert not ClusterMembership.objects.filter(term__year=benchmark.BENCH_YEAR).exists()
    assert not Conference.objects.filter(year=benchmark.BENCH_YEAR).exists()
    assert not get_user_model().objects.filter(username=benchmark.BENCH_USER).exists()
    for model in (Ballot, BallotMark, BallotSession, Delegate, Participation, VoterCode):
        assert model.objects.count() == 0, model
    assert LogEntry.objects.count() == log_entries


@pytest.fixture
def units(db):
    return [factories.unit(f"Đơn vị đo số {i}") for i in range(1, 13)]


def test_the_goals_are_judged_against_five_times_the_bare_view_and_twice_the_group_by():
    cast = CastMeasure(
        clients=50, casts=200, post_p50=40.0, post_p95=90.0, bare_p50=8.0, bare_p95=20.0, workers=2, threads=8
    )
    count = CountMeasure(
        ballots=10_000, marks=110_000, queries=5, count=[30.0, 31.0, 29.0], group_by=[10.0, 10.0, 11.0]
    )
    printed, say = lines()

    goals = report(cast, count, say=say)

    assert [(g.figure, g.goal, g.measured, g.met) for g in goals] == [
        ("Bỏ phiếu, 50 người cùng lúc: p95 / p95 view trần", "≤ 5", "4.50 (90.0 / 20.0 ms)", True),
        ("Kiểm phiếu 10,000 phiếu: session_result / một GROUP BY", "≤ 2", "3.00 (30.0 / 10.0 ms)", False),
    ]
    assert printed[2].splitlines()[-1].split()[-2:] == ["4.50", "đạt"]
    assert printed[5].splitlines()[-1].split()[-3:] == ["3.00", "KHÔNG", "ĐẠT"]


def test_the_count_of_bulk_created_ballots_is_the_group_by_and_the_world_is_removed(units):
    log_entries = LogEntry.objects.count()
    log_from = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    world = benchmark.build_world(delegates=30, units=12)
    assert world.conference.delegates.filter(present_at__isnull=False).count() == 36  # 3 a unit
    session, codes = benchmark.open_session(world, "co-cp", secret_key=SECRET)
    assert len(codes) == 36
    assert benchmark.fill_ballots(session, 40) == 40 * benchmark.CANDIDATES
    services.session_close(actor=world.board, session=session)

    count = benchmark.measure_count(BallotSession.objects.get(pk=session.pk), repeat=2)

    assert (count.ballots, count.marks, count.queries) == (40, 440, 5)
    assert (len(count.count), len(count.group_by)) == (2, 2)
    benchmark.clean(world, log_from=log_from)
    nothing_left(log_entries)


def test_a_world_left_behind_is_refused(units):
    benchmark.build_world(delegates=12, units=12)
    with pytest.raises(benchmark.BenchError):
        benchmark.build_world(delegates=12, units=12)


@pytest.mark.postgres
def test_a_tiny_run_casts_over_http_counts_and_removes_its_world(transactional_db, monkeypatch):
    for i in range(1, 13):
        factories.unit(f"Đơn vị đo số {i}")
    log_entries = LogEntry.objects.count()
    # The summary report's benchmark, when there is one, is its engineer's to test: here a stand-in.
    stand_in = types.ModuleType("voting.benchmark_reports")
    stand_in.run_report_bench = lambda *, say: [Goal("báo cáo", "≤ 1", "0.5", True)]
    monkeypatch.setitem(sys.modules, "voting.benchmark_reports", stand_in)
    # The server must serve the test database, not the one the settings name.
    monkeypatch.setattr(settings, "DATABASE_URL", database_url_for(connection.settings_dict))
    printed, say = lines()

    goals = benchmark.run(say=say, requests=4, warmup=1, workers=1, clients=2, threads=2, ballots=30, repeat=2)

    assert [g.figure for g in goals] == [
        "Bỏ phiếu, 2 người cùng lúc: p95 / p95 view trần",
        "Kiểm phiếu 30 phiếu: session_result / một GROUP BY",
        "báo cáo",
    ]
    assert any("POST phiếu bầu" in line and "   4 " in line for line in printed)
    nothing_left(log_entries)
