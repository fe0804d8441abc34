"""The registration dashboard's charts and filters: the rates by cluster and by unit as charts with their tables,
the cluster and kind-of-unit filters, bad filter values, who may see which cluster, and query counts."""

import pytest
from django.urls import reverse

from campaigns.selectors import dashboard as selectors
from tests import factories
from thidua.core.charts import chart_table
from thidua.org.models import Person, UnitKind

from .fixtures_dashboard import cold_and_warm_queries, local_cache_fixture  # noqa: F401
from .fixtures_imports import YEAR, add_people, figures, register, text  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("local_cache")]

DASHBOARD = reverse("dashboard_registrations")


def login(client, world, username):
    client.force_login(world.users[username])


def get(client, **params):
    params.setdefault("year", YEAR)
    return client.get(DASHBOARD, params)


def kind(code: str) -> int:
    return UnitKind.objects.get(code=code).pk


def test_the_rates_by_cluster_and_by_unit_are_charts_with_their_numbers(client, figures):  # noqa: F811
    login(client, figures, "board")

    response = get(client)

    assert response.status_code == 200
    assert chart_table(response.context["cluster_chart"]) == {
        "head": ["", "Tỷ lệ đăng ký"],
        "rows": [["Cụm thi đua số I", "50,0%"]],
    }
    assert chart_table(response.context["unit_chart"]) == {
        "head": ["", "Tỷ lệ đăng ký"],
        "rows": [
            ["Bộ Tư pháp", "0,0%"],
            ["Chi cục THADS huyện Văn Yên", "0,0%"],
            ["Cục THADS tỉnh Yên Bái", "100,0%"],
            ["Sở Tư pháp tỉnh Hòa Bình", "0,0%"],
            ["Vụ Pháp luật dân sự - kinh tế", "75,0%"],
            ["Vụ Tổ chức cán bộ", "0,0%"],
        ],
    }
    assert response.context["unit_chart"].title == "Tỷ lệ đăng ký theo đơn vị năm 2016: Toàn Bộ"
    content = response.content.decode()
    assert content.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 2
    assert content.count("data-chart-table") == 2
    assert (
        '<th scope="row">Vụ Pháp luật dân sự - kinh tế</th><td class="num">75,0%</td>' in content
    )  # the chart's table, in the page


def test_a_cluster_keeps_its_member_units_and_gives_its_rate(client, figures):  # noqa: F811
    login(client, figures, "board")

    response = get(client, cluster=figures.term.cluster_id)

    assert response.status_code == 200
    page = text(response)
    assert "Cụm thi đua số I Cá nhân đang công tác 6 Đã đăng ký 3 Chưa đăng ký 3 Tỷ lệ đăng ký 50,0 %" in page
    assert [u.name for u in response.context["units"]] == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]
    assert [row[0] for row in chart_table(response.context["unit_chart"])["rows"]] == [
        "Vụ Pháp luật dân sự - kinh tế",
        "Vụ Tổ chức cán bộ",
    ]
    assert "Bỏ lọc" in page
    # The name search keeps the cluster.
    assert f'<input type="hidden" name="cluster" value="{figures.term.cluster_id}">' in response.content.decode()


def test_a_kind_of_unit_filters_the_units_the_total_and_the_clusters(client, figures):  # noqa: F811
    login(client, figures, "board")

    response = get(client, kind=kind("vu"))
    page = text(response)
    assert "Toàn Bộ · Vụ Cá nhân đang công tác 6 Đã đăng ký 3 Chưa đăng ký 3 Tỷ lệ đăng ký 50,0 %" in page
    assert [u.name for u in response.context["units"]] == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]
    assert [(r.name, r.members, r.rate.active, r.rate.registered) for r in response.context["cluster_rows"]] == [
        ("Cụm thi đua số I", 2, 6, 3)
    ]

    response = get(client, kind=kind("cuc-thads"))
    assert "Toàn Bộ · Cục THADS Cá nhân đang công tác 1 Đã đăng ký 1" in text(response)
    assert [u.name for u in response.context["units"]] == ["Cục THADS tỉnh Yên Bái"]
    assert response.context["cluster_rows"] == []  # the Cục is in no cluster: no cluster section
    assert response.context["cluster_chart"] is None

    # A cluster of which no member is of that kind: nothing listed, a zero rate.
    response = get(client, kind=kind("cuc-thads"), cluster=figures.term.cluster_id)
    assert "Cụm thi đua số I · Cục THADS Cá nhân đang công tác 0 Đã đăng ký 0 Chưa đăng ký 0 Tỷ lệ đăng ký —" in (
        text(response)
    )
    assert list(response.context["units"]) == []


def test_the_cluster_rates_by_kind_count_every_member_as_the_cluster_rates_do(figures, titles):  # noqa: F811
    chi_cuc_people = add_people(figures.chi_cuc, 2)
    register(figures.chi_cuc, chi_cuc_people, titles.ldtt, status="submitted")
    factories.term("Khu vực miền núi phía Bắc", YEAR, [figures.cuc, figures.chi_cuc], leader=figures.cuc)
    summary = selectors.summary(figures.users["staff_cuc"], year=YEAR)

    by_kind = {
        code: [
            (r.name, r.members, r.rate.active, r.rate.registered)
            for r in selectors.cluster_rows(summary, kind_id=kind(code))
        ]
        for code in ("cuc-thads", "chi-cuc-thads")
    }

    assert by_kind == {
        "cuc-thads": [("Khu vực miền núi phía Bắc", 1, 1, 1)],
        "chi-cuc-thads": [("Khu vực miền núi phía Bắc", 1, 3, 2)],
    }
    assert [(r.name, r.rate.active, r.rate.registered) for r in selectors.cluster_rows(summary)] == [
        ("Khu vực miền núi phía Bắc", 4, 3)
    ]


def test_many_units_are_charted_a_page_at_a_time(figures):  # noqa: F811
    summary = selectors.summary(figures.users["board"], year=YEAR)
    rows = selectors.unit_rows(summary)

    class Page:
        number = 2
        object_list = rows[2:4]

    chart = selectors.units_chart(rows, Page, year=YEAR, scope="Toàn Bộ", limit=5)
    assert chart.categories == ["Cục THADS tỉnh Yên Bái", "Sở Tư pháp tỉnh Hòa Bình"]
    assert chart.caption == "Biểu đồ thể hiện các đơn vị của trang 2 trong danh sách dưới đây."
    chart = selectors.units_chart(rows, Page, year=YEAR, scope="Toàn Bộ", limit=6)
    assert len(chart.categories) == 6 and chart.caption == ""


def test_bad_filter_values_are_named_and_change_nothing(client, figures):  # noqa: F811
    login(client, figures, "board")

    response = get(client, cluster="abc", kind="99999")

    assert response.status_code == 400
    page = text(response)
    assert "Cụm, khối, khu vực: giá trị «abc» không có trong danh sách." in page
    assert "Loại đơn vị: giá trị «99999» không có trong danh sách." in page
    # The page still shows everything, unfiltered.
    assert "Toàn Bộ Cá nhân đang công tác 10 Đã đăng ký 4" in page

    response = get(client, cluster=figures.term.cluster_id, year=2017)
    assert response.status_code == 400
    assert "Cụm, khối, khu vực: cụm đã chọn không có nhiệm kỳ năm 2017." in text(response)


def test_a_cluster_the_user_may_not_see_is_not_found(client, figures):  # noqa: F811
    login(client, figures, "staff_other")
    assert get(client, cluster=figures.term.cluster_id).status_code == 404
    assert get(client, cluster=999999).status_code == 404
    login(client, figures, "staff_a")
    response = get(client, cluster=figures.term.cluster_id)
    assert response.status_code == 200
    # Their own units only, in the cluster's total every member's people (as the cluster table counts them).
    assert [u.name for u in response.context["units"]] == ["Vụ Pháp luật dân sự - kinh tế"]
    assert "Cụm thi đua số I Cá nhân đang công tác 6 Đã đăng ký 3" in text(response)


def test_the_dashboard_is_read_only_for_viewers(client, figures):  # noqa: F811
    login(client, figures, "viewer")
    response = get(client, cluster=figures.term.cluster_id)
    assert response.status_code == 200
    assert reverse("imports_registrations") not in response.content.decode()
    assert client.post(DASHBOARD, {"year": YEAR}).status_code == 405


@pytest.mark.parametrize("filters", [("cluster",), ("kind",), ("cluster", "kind")])
def test_a_filtered_dashboard_takes_the_same_queries_with_one_or_many_rows(client, world, titles, filters):
    register(world.vu_a, Person.objects.filter(unit=world.vu_a), titles.ldtt, status="submitted")
    login(client, world, "board")
    params = {"cluster": world.term.cluster_id, "kind": kind("vu")}
    params = {name: params[name] for name in filters}
    one = cold_and_warm_queries(client, DASHBOARD, {"year": YEAR, **params})

    units = [factories.unit(f"Vụ Mô Phỏng {i:02d}", parent=world.ministry) for i in range(60)]
    for i, unit in enumerate(units):
        register(unit, add_people(unit, 3)[: 1 + i % 3], titles.ldtt, status="submitted")
    factories.term("Cụm thi đua số I", YEAR, [world.vu_a, world.vu_b, *units], leader=world.vu_a)
    factories.term("Cụm thi đua số II", YEAR, [world.cuc], leader=world.cuc)
    many = cold_and_warm_queries(client, DASHBOARD, {"year": YEAR, **params})

    assert one == many
