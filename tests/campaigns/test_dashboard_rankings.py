"""The covenant score rankings dashboard: a cluster's members ranked as the ranking page ranks them, each cluster's
leading unit ministry-wide, the kind-of-unit filter, who may see which cluster, bad filters and query counts."""

from decimal import Decimal

import pytest
from django.urls import reverse

from campaigns.selectors import evaluation
from campaigns.selectors import rankings as selectors
from campaigns.services import evaluation as services
from tests import factories
from tests.campaigns.fixtures_evaluation import covenant_for
from thidua.core.charts import chart_table
from thidua.org.models import UnitKind

from .fixtures_dashboard import cold_and_warm_queries, local_cache_fixture  # noqa: F401
from .fixtures_imports import text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache")]

RANKINGS = reverse("stats_rankings")
YEAR = 2016


def score(term, covenant, sheets):
    """sheets: {scorer: {scored: (points on criterion 1, points on criterion 2)}}, through the service."""
    criteria = list(covenant.criteria.order_by("order"))
    for scorer, rows in sheets.items():
        scores = {
            unit.pk: {c.pk: Decimal(p) for c, p in zip(criteria, points, strict=True)} for unit, points in rows.items()
        }
        services.unit_scores_set(actor=None, term=term, scorer=scorer, scores=scores)


@pytest.fixture
def scored(world):
    """Cụm I: Vụ A 87,50 (85 and 90), Vụ B 75,00 (70 and 80). Cụm II (the Cục, the Sở): the Sở 100, the Cục 80."""
    cum_1 = covenant_for(world.term)
    score(
        world.term,
        cum_1,
        {
            world.vu_a: {world.vu_a: ("50", "35"), world.vu_b: ("40", "30")},
            world.vu_b: {world.vu_a: ("55", "35"), world.vu_b: ("45", "35")},
        },
    )
    term_2 = factories.term("Cụm thi đua số II", YEAR, [world.cuc, world.other], leader=world.cuc)
    cum_2 = covenant_for(term_2)
    score(
        term_2,
        cum_2,
        {
            world.cuc: {world.cuc: ("50", "30"), world.other: ("60", "40")},
            world.other: {world.cuc: ("50", "30"), world.other: ("60", "40")},
        },
    )
    return term_2


def login(client, world, username):
    client.force_login(world.users[username])


def get(client, **params):
    params.setdefault("year", YEAR)
    return client.get(RANKINGS, params)


def rows(ranking):
    return [(r.unit.name, r.rank, r.total, r.self_total, r.cross_average, r.cross_count) for r in ranking.rows]


def test_many_terms_are_ranked_exactly_as_the_ranking_page_ranks_one(world, scored):
    # A third term with a tie and a member nobody scored.
    extra = factories.unit("Vụ Hợp tác quốc tế", parent=world.ministry)
    term_3 = factories.term("Khối thi đua số 1", YEAR, [world.vu_a, world.vu_b, extra], leader=extra, kind_="khoi")
    covenant = covenant_for(term_3)
    score(term_3, covenant, {world.vu_a: {world.vu_a: ("30", "20"), world.vu_b: ("30", "20")}})
    terms = [world.term, scored, term_3]

    many = evaluation.term_rankings(terms)

    for term in terms:
        one = evaluation.term_ranking(term)
        assert rows(many[term.pk]) == rows(one)
        assert (many[term.pk].scorers_done, many[term.pk].max_total) == (one.scorers_done, one.max_total)
    assert rows(many[term_3.pk]) == [
        ("Vụ Pháp luật dân sự - kinh tế", 1, Decimal("50.00"), Decimal("50.00"), None, 0),
        ("Vụ Tổ chức cán bộ", 1, Decimal("50.00"), None, Decimal("50.00"), 1),
        ("Vụ Hợp tác quốc tế", None, None, None, None, 0),
    ]
    assert evaluation.term_rankings([]) == {}


def test_a_clusters_members_are_ranked_as_a_chart_and_a_table(client, world, scored):
    login(client, world, "board")

    response = get(client, cluster=world.term.cluster_id)

    assert response.status_code == 200
    assert [(r.unit_name, r.rank, r.total, r.role_label) for r in response.context["rows"]] == [
        ("Vụ Pháp luật dân sự - kinh tế", 1, Decimal("87.50"), "Cụm trưởng"),
        ("Vụ Tổ chức cán bộ", 2, Decimal("75.00"), "Cụm phó"),
    ]
    chart = response.context["chart"]
    assert chart_table(chart) == {
        "head": ["", "Tổng điểm"],
        "rows": [["Vụ Pháp luật dân sự - kinh tế", "87,50"], ["Vụ Tổ chức cán bộ", "75,00"]],
    }
    assert chart.maximum == 100.0
    page = text(response)
    assert "Theo bảng điểm của giao ước «Giao ước thi đua 2016» (tối đa 100,00 điểm). Đã chấm đủ: 2/2 đơn vị." in page
    assert "1 Vụ Pháp luật dân sự - kinh tế Cụm trưởng 85,00 90,00 (1 đơn vị) 87,50" in page
    assert "2 Vụ Tổ chức cán bộ Cụm phó 80,00 70,00 (1 đơn vị) 75,00" in page
    assert reverse("evaluation_ranking", args=[world.term.pk]) in response.content.decode()


def test_ministry_wide_each_clusters_leader_is_shown(client, world, scored):
    login(client, world, "viewer")

    response = get(client)

    assert response.status_code == 200
    assert [
        (t.cluster_name, [(r.unit_name, r.rank, r.total) for r in leaders])
        for t, leaders in response.context["leaders"]
    ] == [
        ("Cụm thi đua số I", [("Vụ Pháp luật dân sự - kinh tế", 1, Decimal("87.50"))]),
        ("Cụm thi đua số II", [("Sở Tư pháp tỉnh Hòa Bình", 1, Decimal("100.00"))]),
    ]
    assert chart_table(response.context["chart"]) == {
        "head": ["", "Điểm của đơn vị dẫn đầu"],
        "rows": [["Cụm thi đua số I", "87,5%"], ["Cụm thi đua số II", "100,0%"]],
    }
    assert "Cụm thi đua số I Vụ Pháp luật dân sự - kinh tế 1 87,50 100,00 2/2" in text(response)


def test_a_kind_of_unit_shows_the_best_of_that_kind_with_its_rank_in_the_cluster(client, world, scored):
    login(client, world, "board")
    cuc = UnitKind.objects.get(code="cuc-thads").pk

    response = get(client, kind=cuc)
    assert [
        (t.cluster_name, [(r.unit_name, r.rank) for r in leaders]) for t, leaders in response.context["leaders"]
    ] == [("Cụm thi đua số II", [("Cục THADS tỉnh Yên Bái", 2)])]  # Cụm I has no Cục: left out

    response = get(client, cluster=scored.cluster_id, kind=cuc)
    assert [(r.unit_name, r.rank) for r in response.context["rows"]] == [("Cục THADS tỉnh Yên Bái", 2)]
    response = get(client, cluster=world.term.cluster_id, kind=cuc)
    assert response.context["rows"] == ()
    assert "Cụm không có đơn vị thành viên nào thuộc loại đơn vị này." in text(response)


def test_unit_staff_see_their_clusters_only(client, world, scored):
    login(client, world, "staff_a")
    response = get(client)
    assert [t.cluster_name for t, _leaders in response.context["leaders"]] == ["Cụm thi đua số I"]
    assert get(client, cluster=world.term.cluster_id).status_code == 200
    # Another unit's cluster: not found.
    assert get(client, cluster=scored.cluster_id).status_code == 404
    login(client, world, "staff_other")
    assert get(client, cluster=world.term.cluster_id).status_code == 404


def test_the_rankings_are_read_only(client, world, scored):
    login(client, world, "delegate_b")
    response = get(client, cluster=world.term.cluster_id)
    assert response.status_code == 200
    assert "/scores/" not in response.content.decode()  # no score sheet to fill in from here
    assert client.post(RANKINGS, {"year": YEAR}).status_code == 405


def test_bad_filters_are_named(client, world, scored):
    login(client, world, "board")
    response = get(client, cluster="x")
    assert response.status_code == 400
    assert "Cụm, khối, khu vực: giá trị «x» không có trong danh sách." in text(response)
    response = get(client, cluster=world.term.cluster_id, year=2017)
    assert response.status_code == 400
    assert "Cụm, khối, khu vực: cụm đã chọn không có nhiệm kỳ năm 2017." in text(response)
    assert get(client, year=3000).status_code == 404


def test_without_a_year_the_latest_year_with_terms_is_shown(client, world, scored):
    login(client, world, "board")
    response = client.get(RANKINGS)
    assert response.status_code == 200
    assert response.context["year"] == YEAR


@pytest.mark.parametrize("with_cluster", [False, True])
def test_the_rankings_take_the_same_queries_with_one_or_many_clusters_and_scores(client, world, with_cluster):
    covenant = covenant_for(world.term)
    score(world.term, covenant, {world.vu_a: {world.vu_a: ("50", "35")}})
    login(client, world, "board")
    params = {"cluster": world.term.cluster_id} if with_cluster else {}
    one = cold_and_warm_queries(client, RANKINGS, {"year": YEAR, **params})

    members = [world.vu_a, world.vu_b, *(factories.unit(f"Vụ Mô Phỏng {i}", parent=world.ministry) for i in range(5))]
    term = factories.term("Cụm thi đua số I", YEAR, members, leader=world.vu_a)
    score(term, covenant, {scorer: dict.fromkeys(members, ("40", "30")) for scorer in members[:4]})
    for number in range(2, 5):
        units = [factories.unit(f"Đơn vị cụm {number}.{i}") for i in range(3)]
        other = factories.term(f"Cụm thi đua số {number}", YEAR, units, leader=units[0])
        score(other, covenant_for(other), {units[0]: dict.fromkeys(units, ("10", "10"))})
    many = cold_and_warm_queries(client, RANKINGS, {"year": YEAR, **params})

    assert one == many
    assert len(selectors.year_rankings(world.users["board"], year=YEAR)) == 4
