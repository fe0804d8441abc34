"""The dashboards' benchmark: how the figures of both sizes are judged, and the synthetic covenant scores that make
the rankings large (the figures themselves are read by `make bench`)."""

import pytest
from django.core.management import call_command

from campaigns import benchmark_dashboards as bench
from campaigns.models import Covenant, UnitScore
from campaigns.selectors.evaluation import term_ranking
from thidua.org.models import ClusterTerm


def measure(key, size, queries, p50):
    return bench.DashboardMeasure(key, key.title(), size, f"/{key}/", queries, p50, p50 * 1.2, None)


def test_each_page_is_judged_on_its_queries_and_its_p50_ratio():
    demo = [
        measure("participation", "demo", 7, 10.0),
        measure("rankings", "demo", 6, 10.0),
        measure("healthz", "demo", 0, 1),
    ]
    large = [
        measure("participation", "large", 7, 14.0),
        measure("rankings", "large", 7, 16.0),
        measure("healthz", "large", 0, 1),
    ]
    printed = []

    goals = bench.report(demo, large, say=printed.append, title="Trang thống kê")

    assert [(g.figure, g.goal, g.measured, g.met) for g in goals] == [
        ("Thống kê Participation: số truy vấn, cỡ mẫu → cỡ lớn", "bằng nhau", "7 → 7", True),
        ("Thống kê Participation: p50 cỡ lớn / p50 cỡ mẫu", "≤ 1.5", "1.40", True),
        ("Thống kê Rankings: số truy vấn, cỡ mẫu → cỡ lớn", "bằng nhau", "6 → 7", False),
        ("Thống kê Rankings: p50 cỡ lớn / p50 cỡ mẫu", "≤ 1.5", "1.60", False),
    ]
    assert printed[1] == "Trang thống kê"
    assert "1.60 KHÔNG ĐẠT" in printed[-1]


@pytest.mark.django_db
def test_the_synthetic_scores_rank_every_member_of_seed_scales_clusters(world):
    call_command("seed_scale", "--units", "100", "--people", "150", verbosity=0)
    terms = ClusterTerm.objects.filter(year=bench.DEMO_YEAR, cluster__name__startswith="Cụm thi đua mô phỏng")
    assert terms.count() == 2

    written = bench.build_scores()

    # The world's own term of that year had no covenant either: its two members score each other too.
    assert written == (2 * 40 * 40 + 2 * 2) * bench.CRITERIA
    assert UnitScore.objects.count() == written
    assert Covenant.objects.filter(term=world.term, status=Covenant.Status.LOCKED).exists()
    ranking = term_ranking(terms.first())
    assert ranking.scorers_done == 40
    assert all(row.rank is not None for row in ranking.rows)
    assert bench.build_scores() == 0  # every term has its covenant now
