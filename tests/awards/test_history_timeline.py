"""History views: a person's and a unit's titles year by year, a unit's sub-units' awards, and a cluster's leaders,
deputies and banner winners across the years; permissions and query counts of each."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.awards import history_factories as hf
from tests.campaigns.fixtures_dashboard import page_text as text
from thidua.core.charts import chart_table

pytestmark = pytest.mark.django_db

VU_A = "Vụ Pháp luật dân sự - kinh tế"
VU_B = "Vụ Tổ chức cán bộ"
SECTOR = "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)"


def login(client, world, username):
    client.force_login(world.users[username])


def timeline(response) -> list[tuple]:
    return [(row.year, row.titles, row.commendations) for row in response.context["timeline"]]


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def history(world):
    an = factories.person(world.vu_a, "Nguyễn Văn An")
    hf.award(person=an, code="ldtt", year=2015)
    hf.award(person=an, code="cstdcs", year=2016)
    hf.award(person=an, code="ldtt", year=2016)
    hf.award(person=an, code="bk-bo", year=2016)
    hf.award(unit=world.vu_a, code="ttldxs", year=2015)
    hf.award(unit=world.vu_a, code="co-cp", year=2016)
    hf.award(unit=world.vu_a, code="co-bo", year=2016)
    hf.award(unit=world.vu_b, code="co-bo", year=2016)
    hf.award(unit=world.chi_cuc, code="ttldtt", year=2016)
    hf.award(person=factories.person(world.chi_cuc, "Lê Thị Hoa"), code="ldtt", year=2014)
    factories.term("Cụm thi đua số I", 2015, [world.vu_a, world.vu_b], leader=world.vu_b)
    return {"an": an}


# A person's and a unit's timeline ---------------------------------------------------------------------------


def test_a_persons_titles_year_by_year(client, world, history):
    login(client, world, "staff_a")
    response = client.get(reverse("award_person", args=[history["an"].pk]))
    assert response.status_code == 200
    assert timeline(response) == [
        (2016, ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"], ["Bằng khen của Bộ trưởng Bộ Tư pháp"]),
        (2015, ["Lao động tiên tiến"], []),
    ]
    assert (
        "Danh hiệu qua các năm (2 năm) Năm Danh hiệu thi đua Hình thức khen thưởng "
        "2016 Lao động tiên tiến; Chiến sĩ thi đua cơ sở Bằng khen của Bộ trưởng Bộ Tư pháp 2015 Lao động tiên tiến —"
    ) in text(response)


def test_a_units_titles_year_by_year_and_its_sub_units(client, world, history):
    login(client, world, "viewer")
    response = client.get(reverse("award_unit", args=[world.vu_a.pk]))
    assert timeline(response) == [
        (2016, [SECTOR, "Cờ thi đua của Chính phủ"], []),
        (2015, ["Tập thể lao động xuất sắc"], []),
    ]

    response = client.get(reverse("award_unit", args=[world.ministry.pk]))
    assert "<title>Khen thưởng của Bộ Tư pháp · Thi đua - Khen thưởng</title>" in response.content.decode()
    assert timeline(response) == []
    children = [
        (u.name, u.collective, u.latest_collective, u.individual, u.latest_individual)
        for u in response.context["children"]
    ]
    assert children == [
        ("Cục THADS tỉnh Yên Bái", 1, 2016, 1, 2014),  # its Chi cục's awards, counted in its sub-tree
        (VU_A, 3, 2016, 4, 2016),
        (VU_B, 1, 2016, 0, None),
    ]
    page = text(response)
    assert "Khen thưởng của các đơn vị trực thuộc (3)" in page
    assert f"{VU_B} 1 2016 0 —" in page
    assert reverse("award_unit", args=[world.cuc.pk]) in response.content.decode()


def test_sub_units_the_user_may_not_see_are_not_listed(client, world, history):
    login(client, world, "staff_cuc")
    response = client.get(reverse("award_unit", args=[world.cuc.pk]))
    assert [u.name for u in response.context["children"]] == ["Chi cục THADS huyện Văn Yên"]
    assert client.get(reverse("award_unit", args=[world.ministry.pk])).status_code == 404


def test_the_timelines_are_paged_by_year_with_a_fixed_number_of_queries(client, world):
    person = factories.person(world.vu_b, "Hoàng Văn Bình")
    hf.award(person=person, code="ldtt", year=1990)
    hf.award(unit=world.vu_b, code="ttldtt", year=1990)
    login(client, world, "staff_b")
    person_url = reverse("award_person", args=[person.pk])
    unit_url = reverse("award_unit", args=[world.ministry.pk])
    login(client, world, "board")
    before = (queries(client, person_url), queries(client, unit_url))
    for year in range(1991, 2016):
        hf.award(person=person, code="ldtt", year=year)
        hf.award(person=person, code="bk-bo", year=year)
        hf.award(unit=world.vu_b, code="ttldtt", year=year)
        factories.unit(f"Vụ Mô Phỏng {year}", parent=world.ministry)
    assert (queries(client, person_url), queries(client, unit_url)) == before
    response = client.get(person_url)
    assert response.context["years"].paginator.count == 26
    assert [row.year for row in response.context["timeline"]] == list(range(2015, 1995, -1))
    assert "years_page=2" in response.content.decode()
    response = client.get(person_url, {"years_page": 2})
    assert [row.year for row in response.context["timeline"]] == list(range(1995, 1989, -1))
    assert client.get(unit_url).context["children"].paginator.count == 3 + 25


# A cluster's history ----------------------------------------------------------------------------------------


def test_a_clusters_leaders_and_banner_winners_across_the_years(client, world, history):
    login(client, world, "staff_a")

    response = client.get(reverse("cluster_history", args=[world.term.cluster_id]))

    assert response.status_code == 200
    rows = [
        (
            term.year,
            [m.unit.name for m in term.leaders],
            [m.unit.name for m in term.deputies],
            term.members,
            banners.sector if banners else [],
            banners.government if banners else [],
        )
        for term, banners in response.context["rows"]
    ]
    assert rows == [
        (2016, [VU_A], [VU_B], 2, [(world.vu_a.pk, VU_A), (world.vu_b.pk, VU_B)], [(world.vu_a.pk, VU_A)]),
        (2015, [VU_B], [], 2, [], []),
    ]
    page = text(response)
    assert f"2016 {VU_A} {VU_B} 2 {VU_A} ; {VU_B} {VU_A}" in page
    assert f"2015 {VU_B} chưa có 2 — —" in page
    content = response.content.decode()
    # Staff of Vụ A open their own unit's award history, not Vụ B's.
    assert reverse("award_unit", args=[world.vu_a.pk]) in content
    assert reverse("award_unit", args=[world.vu_b.pk]) not in content
    assert chart_table(response.context["chart"]) == {
        "head": ["", "Cờ thi đua của Bộ Tư pháp", "Cờ thi đua của Chính phủ"],
        "rows": [["2016", "2", "1"]],
    }
    assert client.post(reverse("cluster_history", args=[world.term.cluster_id])).status_code == 405


def test_a_cluster_the_user_may_not_see_has_no_history_page(client, world, history):
    login(client, world, "staff_other")
    assert client.get(reverse("cluster_history", args=[world.term.cluster_id])).status_code == 404
    login(client, world, "board")
    assert client.get(reverse("cluster_history", args=[999999])).status_code == 404


def test_a_cluster_without_banners_has_no_chart(client, world):
    login(client, world, "viewer")
    response = client.get(reverse("cluster_history", args=[world.term.cluster_id]))
    assert response.context["chart"] is None
    assert "Cờ thi đua theo năm" not in text(response)


def test_the_clusters_history_takes_the_same_queries_with_one_or_many_years(client, world):
    hf.award(unit=world.vu_a, code="co-bo", year=2016)
    login(client, world, "board")
    url = reverse("cluster_history", args=[world.term.cluster_id])
    one = queries(client, url)
    units = [factories.unit(f"Vụ Mô Phỏng {i}", parent=world.ministry) for i in range(6)]
    for year in range(2000, 2016):
        factories.term("Cụm thi đua số I", year, units, leader=units[year % 6], deputies=[units[(year + 1) % 6]])
        for unit in units[:3]:
            hf.award(unit=unit, code="co-bo", year=year)
        hf.award(unit=units[0], code="co-cp", year=year)
    assert queries(client, url) == one
    response = client.get(url)
    assert response.context["terms"].paginator.count == 17
    assert len(response.context["rows"]) == 10
