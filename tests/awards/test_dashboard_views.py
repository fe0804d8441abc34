"""The awards' dashboards: titles per year and banners over the years (figures against the award history, charts
with their tables, filters by years, cluster and kind of unit, bad input), the entry page, scope and query counts."""

import pytest
from django.urls import reverse

from awards.selectors import dashboard as selectors
from tests import factories
from tests.awards import history_factories as hf
from tests.campaigns.fixtures_dashboard import cold_and_warm_queries, local_cache_fixture  # noqa: F401
from tests.campaigns.fixtures_dashboard import page_text as text
from thidua.core.charts import chart_table
from thidua.org.models import UnitKind

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache")]

TITLES = reverse("stats_titles")
BANNERS = reverse("stats_banners")
INDEX = reverse("stats_index")
VU_A = "Vụ Pháp luật dân sự - kinh tế"
VU_B = "Vụ Tổ chức cán bộ"
CUC = "Cục THADS tỉnh Yên Bái"


def login(client, world, username):
    client.force_login(world.users[username])


@pytest.fixture
def history(world):
    """Cụm I: 2015 Vụ A alone, 2016 Vụ A (leader) and Vụ B; a region in 2016: the Cục, its Chi cục, the Sở.
    2015: An (Vụ A) and Đường (Vụ B) Lao động tiên tiến, Vụ A Tập thể lao động xuất sắc, the Cục (in no cluster
    that year) the sector banner. 2016: An Lao động tiên tiến and Chiến sĩ thi đua cơ sở, Vụ A both banners, Vụ B
    and the Cục the sector banner, the Chi cục Tập thể lao động tiên tiến."""
    factories.term("Cụm thi đua số I", 2015, [world.vu_a], leader=world.vu_a)
    region = factories.term(
        "Khu vực miền núi phía Bắc", 2016, [world.cuc, world.chi_cuc, world.other], leader=world.cuc, kind_="khu_vuc"
    )
    an = factories.person(world.vu_a, "Nguyễn Văn An")
    duong = factories.person(world.vu_b, "Đặng Thị Đường")
    hf.award(person=an, code="ldtt", year=2015)
    hf.award(person=duong, code="ldtt", year=2015)
    hf.award(unit=world.vu_a, code="ttldxs", year=2015)
    hf.award(unit=world.cuc, code="co-bo", year=2015)
    hf.award(person=an, code="ldtt", year=2016)
    hf.award(person=an, code="cstdcs", year=2016)
    hf.award(unit=world.vu_a, code="co-bo", year=2016)
    hf.award(unit=world.vu_a, code="co-cp", year=2016)
    hf.award(unit=world.vu_b, code="co-bo", year=2016)
    hf.award(unit=world.cuc, code="co-bo", year=2016)
    hf.award(unit=world.chi_cuc, code="ttldtt", year=2016)
    return {"an": an, "duong": duong, "region": region}


def kind(code: str) -> int:
    return UnitKind.objects.get(code=code).pk


def counts(response) -> dict[str, tuple[int, ...]]:
    return {t.name: t.counts for t in response.context["table"].titles}


# Titles per year ----------------------------------------------------------------------------------------------


def test_the_titles_per_year_are_counted_from_the_award_history(client, world, history):
    login(client, world, "board")

    response = client.get(TITLES, {"year_from": 2015, "year_to": 2016})

    assert response.status_code == 200
    assert response.context["table"].years == (2015, 2016)
    assert counts(response) == {
        "Lao động tiên tiến": (2, 1),
        "Chiến sĩ thi đua cơ sở": (0, 1),
        "Tập thể lao động tiên tiến": (0, 1),
        "Tập thể lao động xuất sắc": (1, 0),
        "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)": (1, 3),
        "Cờ thi đua của Chính phủ": (0, 1),
    }
    assert list(counts(response)) == [  # individual titles first, each chain from its lowest title
        "Lao động tiên tiến",
        "Chiến sĩ thi đua cơ sở",
        "Tập thể lao động tiên tiến",
        "Tập thể lao động xuất sắc",
        "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)",
        "Cờ thi đua của Chính phủ",
    ]
    assert chart_table(response.context["titles_chart"])["head"] == ["", "2015", "2016"]
    assert chart_table(response.context["titles_chart"])["rows"][0] == ["Lao động tiên tiến", "2", "1"]
    assert response.context["titles_chart"].kind == "line"
    assert chart_table(response.context["subjects_chart"]) == {
        "head": ["", "Cá nhân", "Tập thể"],
        "rows": [["2015", "2", "2"], ["2016", "2", "5"]],
    }
    content = response.content.decode()
    assert content.count('class="chart" role="img"') == 2
    assert '<th scope="row">Lao động tiên tiến</th><td class="num">2</td><td class="num">1</td>' in content


def test_titles_filtered_by_cluster_count_its_members_in_the_year_of_each_award(client, world, history):
    login(client, world, "viewer")

    response = client.get(TITLES, {"year_from": 2015, "year_to": 2016, "cluster": world.term.cluster_id})

    # 2015: Vụ A alone was a member (Đường's Vụ B joined in 2016); 2016: Vụ A and Vụ B.
    assert counts(response) == {
        "Lao động tiên tiến": (1, 1),
        "Chiến sĩ thi đua cơ sở": (0, 1),
        "Tập thể lao động xuất sắc": (1, 0),
        "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)": (0, 2),
        "Cờ thi đua của Chính phủ": (0, 1),
    }
    assert "Theo danh hiệu, hình thức · Cụm thi đua số I" in text(response)

    response = client.get(TITLES, {"year_from": 2015, "year_to": 2016, "kind": kind("cuc-thads")})
    assert counts(response) == {"Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)": (1, 1)}


def test_unit_staff_count_the_awards_of_their_units_only(client, world, history):
    login(client, world, "staff_a")
    response = client.get(TITLES, {"year_from": 2015, "year_to": 2016})
    assert counts(response) == {
        "Lao động tiên tiến": (1, 1),
        "Chiến sĩ thi đua cơ sở": (0, 1),
        "Tập thể lao động xuất sắc": (1, 0),
        "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)": (0, 1),
        "Cờ thi đua của Chính phủ": (0, 1),
    }
    assert client.get(TITLES, {"cluster": history["region"].cluster_id}).status_code == 404


def test_the_default_range_is_the_latest_ten_years_with_awards(client, world, history):
    login(client, world, "board")
    response = client.get(TITLES)
    assert (response.context["year_from"], response.context["year_to"]) == (2015, 2016)
    assert 'placeholder="2015"' in response.content.decode()
    hf.award(person=history["an"], code="ldtt", year=2001)
    response = client.get(TITLES)
    assert (response.context["year_from"], response.context["year_to"]) == (2007, 2016)
    response = client.get(TITLES, {"year_from": 2010})
    assert (response.context["year_from"], response.context["year_to"]) == (2010, 2016)
    response = client.get(TITLES, {"year_to": 2012})
    assert (response.context["year_from"], response.context["year_to"]) == (2003, 2012)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year_from": "abc"}, "Từ năm: năm phải là một số, ví dụ 2016."),
        ({"year_to": "1800"}, "Đến năm: năm phải từ 1945 đến 2100."),
        ({"year_from": 2016, "year_to": 2010}, "Từ năm: phải trước hoặc bằng «Đến năm»."),
        ({"year_from": 1980, "year_to": 2016}, "Đến năm: mỗi lần xem tối đa 30 năm (từ 1980 đến 2016 là 37 năm)."),
        ({"cluster": "abc"}, "Cụm, khối, khu vực: giá trị «abc» không có trong danh sách."),
        ({"kind": "0"}, "Loại đơn vị: giá trị «0» không có trong danh sách."),
    ],
)
def test_bad_filters_are_named_and_the_default_is_shown(client, world, history, params, message):
    login(client, world, "board")
    for url in (TITLES, BANNERS):
        response = client.get(url, params)
        assert response.status_code == 400
        assert message in text(response)
        assert (response.context["year_from"], response.context["year_to"]) == (2015, 2016)


# Banners ----------------------------------------------------------------------------------------------------


def test_the_banners_per_year_and_per_cluster(client, world, history):
    login(client, world, "board")

    response = client.get(BANNERS, {"year_from": 2015, "year_to": 2016})

    assert response.status_code == 200
    assert chart_table(response.context["per_year_chart"]) == {
        "head": ["", "Cờ thi đua của Bộ Tư pháp", "Cờ thi đua của Chính phủ"],
        "rows": [["2015", "1", "0"], ["2016", "3", "1"]],
    }
    assert chart_table(response.context["per_cluster_chart"]) == {
        "head": ["", "Cờ thi đua của Bộ Tư pháp", "Cờ thi đua của Chính phủ"],
        "rows": [["Cụm thi đua số I", "2", "1"], ["Khu vực miền núi phía Bắc", "1", "0"]],
    }
    winners = [(w.group.year, w.group.cluster_name, w.sector, w.government) for w in response.context["winners"]]
    assert winners == [
        (2016, "Cụm thi đua số I", [VU_A, VU_B], [VU_A]),
        (2016, "Khu vực miền núi phía Bắc", [CUC], []),
        (2015, "", [CUC], []),  # in no cluster that year
    ]
    page = text(response)
    assert f"2016 Cụm thi đua số I 2: {VU_A}; {VU_B} 1: {VU_A}" in page
    assert f"2015 Không thuộc cụm nào trong năm 1: {CUC} —" in page
    assert reverse("cluster_history", args=[world.term.cluster_id]) in response.content.decode()


def test_banners_filtered_by_cluster_and_kind(client, world, history):
    login(client, world, "board")

    response = client.get(BANNERS, {"year_from": 2015, "year_to": 2016, "cluster": world.term.cluster_id})
    assert chart_table(response.context["per_year_chart"])["rows"] == [["2015", "0", "0"], ["2016", "2", "1"]]
    assert [(w.group.year, w.group.cluster_name) for w in response.context["winners"]] == [(2016, "Cụm thi đua số I")]

    response = client.get(BANNERS, {"year_from": 2015, "year_to": 2016, "kind": kind("cuc-thads")})
    assert chart_table(response.context["per_year_chart"])["rows"] == [["2015", "1", "0"], ["2016", "1", "0"]]
    assert [(w.group.year, w.group.cluster_name, w.sector) for w in response.context["winners"]] == [
        (2016, "Khu vực miền núi phía Bắc", [CUC]),
        (2015, "", [CUC]),
    ]

    response = client.get(BANNERS, {"year_from": 2010, "year_to": 2012})
    assert "Không có Cờ thi đua nào trong các năm này khớp với điều kiện." in text(response)
    assert response.context["per_cluster_chart"] is None


def test_unit_staff_see_the_banners_of_their_units(client, world, history):
    login(client, world, "staff_cuc")
    response = client.get(BANNERS, {"year_from": 2015, "year_to": 2016})
    assert chart_table(response.context["per_year_chart"])["rows"] == [["2015", "1", "0"], ["2016", "1", "0"]]
    assert [(w.group.cluster_name, w.sector) for w in response.context["winners"]] == [
        ("Khu vực miền núi phía Bắc", [CUC]),
        ("", [CUC]),
    ]
    assert client.get(BANNERS, {"cluster": world.term.cluster_id}).status_code == 404


def test_the_winners_are_paged_by_year_and_cluster(client, world, history):
    for year in range(2000, 2015):
        hf.award(unit=world.cuc, code="co-bo", year=year)
    login(client, world, "board")
    response = client.get(BANNERS, {"year_from": 1990, "year_to": 2016})
    assert response.context["page"].paginator.count == 3 + 15
    assert [(w.group.year, w.group.cluster_name) for w in response.context["winners"]][:3] == [
        (2016, "Cụm thi đua số I"),
        (2016, "Khu vực miền núi phía Bắc"),
        (2015, ""),
    ]
    assert len(response.context["winners"]) == 10
    response = client.get(BANNERS, {"year_from": 1990, "year_to": 2016, "page": 2})
    assert [w.group.year for w in response.context["winners"]] == list(range(2007, 1999, -1))
    assert response.context["winners"][-1].sector == ["Cục THADS tỉnh Yên Bái"]
    response = client.get(BANNERS, {"year_from": 1990, "year_to": 2016, "page": 3})
    assert response.context["page"].number == 2  # out of range: the last page


# The entry page, permissions, queries ------------------------------------------------------------------------


def test_the_entry_page_links_every_dashboard(client, world):
    login(client, world, "viewer")
    response = client.get(INDEX)
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("dashboard_registrations", "stats_rankings", "stats_titles", "stats_banners", "cluster_list"):
        assert reverse(name) in content
    assert '<a href="/dashboard/" aria-current="page">Thống kê</a>' in content


def test_the_dashboards_need_a_login_and_are_read_only(client, world, history):
    for url in (INDEX, TITLES, BANNERS):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    login(client, world, "viewer")
    for url in (INDEX, TITLES, BANNERS):
        assert client.get(url).status_code == 200
        assert client.post(url).status_code == 405
    # Someone with no role sees no award at all.
    client.force_login(factories.user("lonely"))
    response = client.get(TITLES, {"year_from": 2015, "year_to": 2016})
    assert response.context["table"].titles == ()
    assert "Không có khen thưởng nào trong các năm này khớp với điều kiện." in text(response)


@pytest.mark.parametrize("url", [TITLES, BANNERS])
@pytest.mark.parametrize("filters", [{}, {"cluster": True, "kind": "vu"}])
def test_the_dashboards_take_the_same_queries_with_one_or_many_awards(client, world, url, filters):
    hf.award(unit=world.vu_a, code="co-bo", year=2016)
    login(client, world, "board")
    params = {"year_from": 2010, "year_to": 2016}
    if filters:
        params.update(cluster=world.term.cluster_id, kind=kind(filters["kind"]))
    one = cold_and_warm_queries(client, url, params)

    units = [factories.unit(f"Vụ Mô Phỏng {i:02d}", parent=world.ministry) for i in range(12)]
    for year in range(2010, 2017):
        factories.term("Cụm thi đua số I", year, [world.vu_a, world.vu_b, *units], leader=world.vu_a)
        factories.term("Cụm thi đua số II", year, [world.cuc], leader=world.cuc)
        for i, unit in enumerate(units):
            hf.award(unit=unit, code="co-bo" if i % 2 else "ttldtt", year=year)
            hf.award(person=factories.person(unit), code="ldtt", year=year)
        hf.award(unit=world.cuc, code="co-cp", year=year)
    many = cold_and_warm_queries(client, url, params)

    assert one == many
    assert selectors.banners(world.users["board"], year_from=2010, year_to=2016).sector[-1] == 7
