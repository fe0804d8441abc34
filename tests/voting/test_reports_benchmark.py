"""The summary report's figures for `manage.py bench` (voting/benchmark_reports.py; the figures themselves are read
on the large world, on a quiet machine): what is measured, in which process, and how it is reported."""

import pytest

from voting.benchmark_reports import (
    MEMORY_GOAL_MB,
    PAGE_GOAL,
    measure_report,
    report_goals,
    report_year,
    run_report_bench,
)
from voting.models import SummaryReport

from .reports_factories import YEAR, report_world

pytestmark = pytest.mark.django_db


def test_the_ministry_report_is_measured_in_this_process_and_in_a_fresh_worker_process():
    report_world()
    assert report_year() == YEAR  # two terms in 2016, one in 2017
    said = []
    figures = measure_report(say=said.append, repeat=1)
    assert set(figures) == {
        "year",
        "units",
        "queries",
        "build_seconds",
        "pages",
        "seconds",
        "seconds_per_page",
        "worker_seconds",
        "peak_mb",
        "page_goal",
        "memory_goal_mb",
    }
    assert (figures["year"], figures["units"], figures["page_goal"], figures["memory_goal_mb"]) == (
        YEAR,
        5,
        PAGE_GOAL,
        MEMORY_GOAL_MB,
    )
    assert figures["pages"] >= 3
    assert figures["seconds_per_page"] == figures["seconds"] / figures["pages"]
    assert figures["worker_seconds"] > 0 and 50 < figures["peak_mb"] < MEMORY_GOAL_MB
    assert len(said) == 1 and said[0].startswith(f"Báo cáo tổng kết toàn Bộ năm {YEAR} (5 đơn vị): dữ liệu ")
    goals = report_goals(figures)
    assert [(g.figure, g.goal) for g in goals] == [
        ("PDF báo cáo tổng kết toàn Bộ (5 đơn vị): giây/trang", "≤ 0.3"),
        ("PDF báo cáo tổng kết toàn Bộ (5 đơn vị): bộ nhớ đỉnh của worker (MB)", "≤ 1024"),
    ]
    assert goals[1].met
    # Measuring writes nothing: no report, no number.
    assert not SummaryReport.objects.exists()


def test_run_report_bench_prints_a_heading_and_returns_the_two_goals():
    report_world()
    said = []
    goals = run_report_bench(say=said.append)
    assert said[:2] == ["", "== Báo cáo tổng kết =="]
    assert len(goals) == 2
