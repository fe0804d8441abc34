"""The render-time figures of decisions for `manage.py bench` (the figures themselves are read on a quiet machine;
here, what is measured and how it is reported)."""

from awards.benchmark_decisions import (
    CLUSTER_I_BANNER,
    PAGE_GOAL,
    RATIO_GOAL,
    decision_goals,
    measure_decisions,
    sample_annex_data,
    sample_banner_data,
    synthetic_people,
)


def test_the_benchmark_decisions_are_the_seeds_banner_and_a_long_annex():
    banner = sample_banner_data()
    assert banner["articles"][0]["lines"] == CLUSTER_I_BANNER
    assert banner["annex"] is None
    annex = sample_annex_data(1000)
    assert len(annex["annex"]["rows"]) == 1000
    assert annex["articles"][0]["lines"] == []
    names = [line.name for line in synthetic_people(1000)]
    assert len(set(names)) == 1000 and names == [line.name for line in synthetic_people(1000)]


def test_measure_decisions_reports_the_ratio_the_seconds_per_page_and_the_memory():
    said = []
    figures = measure_decisions(say=said.append, repeat=1, annex_people=40)
    small, large = figures["decision"], figures["annex"]
    assert set(small) == {"seconds", "baseline", "ratio", "pages", "goal"}
    assert small["ratio"] == small["seconds"] / small["baseline"]
    assert (small["pages"], small["goal"]) == (2, RATIO_GOAL)
    assert set(large) == {"people", "pages", "seconds", "seconds_per_page", "goal", "peak_rss_mb", "rss_growth_mb"}
    assert (large["people"], large["goal"]) == (40, PAGE_GOAL)
    assert large["pages"] >= 3
    assert large["seconds_per_page"] == large["seconds"] / large["pages"]
    assert large["peak_rss_mb"] > 0 and large["rss_growth_mb"] >= 0
    assert len(said) == 2
    assert said[0].startswith("Quyết định 2 trang (Cờ thi đua ngành, 4 tập thể): ")
    assert said[1].startswith(f"Quyết định kèm danh sách 40 người: {large['pages']} trang, ")
    goals = decision_goals(figures)
    assert [g.goal for g in goals] == ["≤ 3", "≤ 0.3"]
    assert goals[1].figure == "PDF quyết định kèm danh sách 40 người: giây/trang"
