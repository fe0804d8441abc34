"""The render-time figures of the launch plan and the covenant for `manage.py bench` (the figures themselves are
read on a quiet machine; here, what is measured)."""

from campaigns.benchmark_documents import GOAL, measure_documents, sample_covenant_data, sample_plan_data


def test_the_benchmark_documents_are_the_seeds_cluster_i():
    plan = sample_plan_data()
    assert plan["number"] == "01/KH-VCVĐCXDPL"
    assert len(plan["sections"][2]["groups"][0]["units"]) == 11
    covenant = sample_covenant_data()
    assert len(covenant["signatures"]) == 11
    assert [s["role"] for s in covenant["signatures"][:3]] == ["Cụm trưởng", "Cụm phó", ""]
    assert covenant["total_points"] == "100"


def test_measure_documents_reports_each_ratio_to_the_minimal_page():
    figures = measure_documents(repeat=1)
    assert set(figures) == {"launch_plan", "covenant"}
    for figure in figures.values():
        assert set(figure) == {"seconds", "baseline", "ratio", "pages", "goal"}
        assert figure["seconds"] > 0 and figure["baseline"] > 0
        assert figure["ratio"] == figure["seconds"] / figure["baseline"]
        assert (figure["pages"], figure["goal"]) == (2, GOAL)
