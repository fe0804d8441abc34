"""The benchmark of awards for `manage.py bench` (the protocol: thidua.core.bench): the eligibility check of 10 and
10,000 candidates in one batch (the same number of queries), then the render time of a decision and of a decision
whose annex lists 1,000 people (seconds per page, peak memory); then the awards' dashboards at the large size
against their figures at the demo size (benchmark_dashboards; demo() takes those)."""

import time
from collections.abc import Callable

from django.db import connection
from django.utils.translation import gettext as _

from campaigns import benchmark_dashboards as dashboards
from thidua.core.bench import Goal

from . import benchmark_dashboards
from .benchmark_decisions import decision_goals, measure_decisions
from .benchmark_eligibility import measure_eligibility


def eligibility_goals(figures: dict) -> list[Goal]:
    """One goal per title measured: the queries of the largest batch equal those of the smallest."""
    goals = []
    titles = dict.fromkeys(row["title"] for row in figures["rows"])
    for title in titles:
        rows = sorted((row for row in figures["rows"] if row["title"] == title), key=lambda row: row["candidates"])
        few, many = rows[0], rows[-1]
        goals.append(
            Goal(
                _("Xét điều kiện «%(title)s»: số truy vấn, %(few)s → %(many)s ứng viên")
                % {"title": title, "few": f"{few['candidates']:,}", "many": f"{many['candidates']:,}"},
                _("bằng nhau"),
                f"{few['queries']} → {many['queries']}",
                few["queries"] == many["queries"],
            )
        )
    return goals


def demo(
    *, say: Callable[[str], None] = print, requests: int = 100, warmup: int = 10, workers: int = 2
) -> list[dashboards.DashboardMeasure]:
    """The awards' dashboards at the demo size (the protocol's demo()): handed back to run()."""
    return dashboards.measure_pages(
        benchmark_dashboards.pages(), size="demo", requests=requests, warmup=warmup, workers=workers, say=say
    )


def run(
    *,
    say: Callable[[str], None] = print,
    requests: int = 100,
    warmup: int = 10,
    workers: int = 2,
    demo: list | None = None,
) -> list[Goal]:
    """Measure and print the awards figures; return the goals of issue 4's Speed section, and of issue 6's for the
    dashboards when their demo-size figures are given."""
    say("")
    say(_("== Khen thưởng =="))
    eligibility = measure_eligibility(say=say)
    decisions = measure_decisions(say=say)
    goals = eligibility_goals(eligibility) + decision_goals(decisions)
    if demo is not None:
        goals += run_dashboards(demo, requests=requests, warmup=warmup, workers=workers, say=say)
    return goals


def run_dashboards(demo: list, *, requests: int, warmup: int, workers: int, say) -> list[Goal]:
    started = time.monotonic()
    say("")
    say(_("Thống kê khen thưởng: tạo sổ khen thưởng mô phỏng…"))
    say(_("%(n)s khen thưởng đã ghi.") % {"n": f"{benchmark_dashboards.build_awards():,}"})
    large = dashboards.measure_pages(
        benchmark_dashboards.pages(), size="large", requests=requests, warmup=warmup, workers=workers, say=say
    )
    start, end = benchmark_dashboards.RANGE
    goals = dashboards.report(
        demo,
        large,
        say=say,
        title=_("Trang thống kê khen thưởng (các năm %(start)s–%(end)s), %(requests)s yêu cầu mỗi trang, %(db)s.")
        % {"start": start, "end": end, "requests": requests, "db": connection.vendor},
    )
    say(_("Thống kê khen thưởng: %(s).0f giây.") % {"s": time.monotonic() - started})
    return goals
