"""The benchmark of awards for `manage.py bench` (the protocol: thidua.core.bench): the eligibility check of 10 and
10,000 candidates in one batch (the same number of queries), then the render time of a decision and of a decision
whose annex lists 1,000 people (seconds per page, peak memory)."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from thidua.core.bench import Goal

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


def run(*, say: Callable[[str], None] = print, requests: int = 100, warmup: int = 10, workers: int = 2) -> list[Goal]:
    """Measure and print the awards figures; return the goals of issue 4's Speed section."""
    say("")
    say(_("== Khen thưởng =="))
    eligibility = measure_eligibility(say=say)
    decisions = measure_decisions(say=say)
    return eligibility_goals(eligibility) + decision_goals(decisions)
