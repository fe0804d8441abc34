"""Portal pages of the evaluation: the unit's table, initiatives, the xlsx export, score sheets and the ranking;
who may see (404 otherwise) and who may change (403 otherwise); fixed query counts."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Initiative, PersonEvaluation, UnitScore
from campaigns.services import evaluation as services
from tests import factories
from tests.campaigns.fixtures_evaluation import covenant_fixture, covenant_for, rate  # noqa: F401

pytestmark = pytest.mark.django_db

R = PersonEvaluation.Rating
D = PersonEvaluation.Discipline


def login(client, world, who):
    client.force_login(world.users[who])
    return client


def table_url(unit, year=2016):
    return reverse("evaluation_table", kwargs={"pk": unit.pk, "year": year})


# The unit's table ---------------------------------------------------------------------------------------------


def test_unit_staff_see_selects_and_save_the_whole_table(client, world):
    a = world.vu_a.people.get()
    lan = factories.person(world.vu_a, "Nguyễn Thị Lan")
    factories.person(world.vu_a, "Người Đã Nghỉ", is_active=False)
    login(client, world, "staff_a")
    page = client.get(table_url(world.vu_a))
    assert page.status_code == 200
    # Vietnamese order, by given name: "Trần Văn <id>" (digits first), then "Nguyễn Thị Lan".
    assert [row.person for row in page.context["rows"]] == [a, lan]
    body = page.content.decode()
    assert f'name="rating_{a.pk}"' in body and f'name="discipline_{lan.pk}"' in body
    assert "Người Đã Nghỉ" not in body

    response = client.post(
        table_url(world.vu_a),
        {f"rating_{a.pk}": R.EXCELLENT, f"discipline_{a.pk}": "0", f"rating_{lan.pk}": "", f"discipline_{lan.pk}": "0"},
        follow=True,
    )
    assert response.redirect_chain == [(table_url(world.vu_a), 302)]
    assert "Đã lưu bảng xếp loại năm 2016: 1 thêm mới, 0 thay đổi, 0 không đổi." in response.content.decode()
    assert list(PersonEvaluation.objects.values_list("person_id", "rating", "unit_id")) == [
        (a.pk, R.EXCELLENT, world.vu_a.pk)
    ]


def test_the_table_refuses_discipline_without_rating_and_a_rated_person_cannot_be_unrated(client, world):
    a = world.vu_a.people.get()
    lan = factories.person(world.vu_a, "Nguyễn Thị Lan")
    rate(a, 2016, R.GOOD)
    login(client, world, "staff_a")
    page = client.post(
        table_url(world.vu_a),
        {f"rating_{a.pk}": "", f"discipline_{a.pk}": "0", f"rating_{lan.pk}": "", f"discipline_{lan.pk}": "2"},
    )
    assert page.status_code == 200
    assert page.context["form"].errors == {
        f"rating_{a.pk}": [f"Vui lòng chọn xếp loại cho {a.full_name}."],
        f"rating_{lan.pk}": ["Chọn xếp loại cho Nguyễn Thị Lan trước khi ghi kỷ luật."],
    }
    assert PersonEvaluation.objects.get().rating == R.GOOD


@pytest.mark.parametrize("who", ["viewer", "board", "leader_a"])
def test_others_who_can_see_the_unit_read_it(client, world, who):
    rate(world.vu_b.people.get(), 2016, R.GOOD, D.REPRIMAND)
    login(client, world, who)
    page = client.get(table_url(world.vu_b))
    assert page.status_code == 200
    body = page.content.decode()
    assert ("rating_" in body) == (who == "board")
    if who != "board":
        assert "Hoàn thành tốt nhiệm vụ" in body and "Khiển trách" in body


@pytest.mark.parametrize("who", ["viewer", "leader_a"])
def test_read_only_users_get_403_on_save(client, world, who):
    b = world.vu_b.people.get()
    login(client, world, who)
    response = client.post(table_url(world.vu_b), {f"rating_{b.pk}": R.GOOD, f"discipline_{b.pk}": "0"})
    assert response.status_code == 403
    assert not PersonEvaluation.objects.exists()


@pytest.mark.parametrize("who", ["staff_other", "staff_b"])
def test_another_units_staff_get_404(client, world, who):
    a = world.vu_a.people.get()
    login(client, world, who)
    assert client.get(table_url(world.vu_a)).status_code == 404
    assert client.post(table_url(world.vu_a), {f"rating_{a.pk}": R.GOOD}).status_code == 404
    assert client.get(reverse("evaluation_table_xlsx", kwargs={"pk": world.vu_a.pk, "year": 2016})).status_code == 404
    assert client.get(reverse("evaluation_unit", kwargs={"pk": world.vu_a.pk})).status_code == 404


def test_the_table_page_has_a_fixed_number_of_queries(client, world):
    login(client, world, "staff_a")
    for person in [world.vu_a.people.get()]:
        rate(person, 2016, R.GOOD)
        Initiative.objects.create(person=person, year=2016, name="Sáng kiến 1", level="co_so")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(table_url(world.vu_a)).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for i in range(29):
        person = factories.person(world.vu_a)
        rate(person, 2016, R.EXCELLENT if i % 2 else R.COMPLETED)
        Initiative.objects.create(person=person, year=2016, name=f"Sáng kiến {i}", level="bo")
    assert count() == one


def test_the_xlsx_export_is_the_import_format_with_the_current_values(client, world):
    a = world.vu_a.people.get()
    rate(a, 2016, R.GOOD, D.REPRIMAND)
    lan = factories.person(world.vu_a, "Nguyễn Thị Lan")
    login(client, world, "viewer")
    response = client.get(reverse("evaluation_table_xlsx", kwargs={"pk": world.vu_a.pk, "year": 2016}))
    assert response["Content-Disposition"] == 'attachment; filename="xep-loai-2016-vu-phap-luat-dan-su-kinh-te.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["Năm", "Đơn vị", "Họ và tên", "Mã cá nhân", "Xếp loại", "Kỷ luật"],
        [2016, "Vụ Pháp luật dân sự - kinh tế", a.full_name, a.pk, "Hoàn thành tốt nhiệm vụ", "Khiển trách"],
        [2016, "Vụ Pháp luật dân sự - kinh tế", "Nguyễn Thị Lan", lan.pk, None, None],
    ]


def test_the_unit_page_redirects_to_a_year(client, world):
    login(client, world, "staff_a")
    response = client.get(reverse("evaluation_unit", kwargs={"pk": world.vu_a.pk}))
    assert response.status_code == 302
    assert response.url == table_url(world.vu_a, 2016)


# Initiatives ------------------------------------------------------------------------------------------------


def initiatives_url(person, year=2016):
    return reverse("evaluation_initiatives", kwargs={"pk": person.pk, "year": year})


def test_unit_staff_add_and_remove_initiatives(client, world):
    a = world.vu_a.people.get()
    login(client, world, "staff_a")
    response = client.post(
        initiatives_url(a), {"name": "Số hóa hồ sơ thi đua", "level": "bo", "recognised_by": "QĐ 5/QĐ-BTP"}
    )
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert (initiative.person, initiative.year, initiative.level) == (a, 2016, Initiative.Level.MINISTRY)
    page = client.get(table_url(world.vu_a))
    assert "Số hóa hồ sơ thi đua" in page.content.decode()
    duplicate = client.post(initiatives_url(a), {"name": "Số hóa hồ sơ thi đua", "level": "co_so"})
    assert duplicate.context["form"].errors == {
        "name": [f"{a.full_name} đã có sáng kiến «Số hóa hồ sơ thi đua» năm 2016."]
    }
    remove = reverse("evaluation_initiative_remove", kwargs={"pk": initiative.pk})
    assert client.post(remove).status_code == 302
    assert not Initiative.objects.exists()


def test_initiatives_permissions(client, world):
    b = world.vu_b.people.get()
    initiative = services.initiative_add(actor=None, person=b, year=2016, name="Sổ tay thi đua", level="co_so")
    remove = reverse("evaluation_initiative_remove", kwargs={"pk": initiative.pk})
    login(client, world, "staff_other")
    assert client.get(initiatives_url(b)).status_code == 404
    assert client.post(initiatives_url(b), {"name": "X", "level": "bo"}).status_code == 404
    assert client.post(remove).status_code == 404
    login(client, world, "leader_a")  # sees Vụ B through the cluster it leads, cannot change it
    page = client.get(initiatives_url(b))
    assert page.status_code == 200 and page.context["form"] is None
    assert client.post(initiatives_url(b), {"name": "X", "level": "bo"}).status_code == 403
    assert client.post(remove).status_code == 403
    assert list(Initiative.objects.values_list("name", flat=True)) == ["Sổ tay thi đua"]


# Score sheets and the ranking ---------------------------------------------------------------------------------


def scores_url(term, unit):
    return reverse("evaluation_scores", kwargs={"pk": term.pk, "unit_pk": unit.pk})


def grid(covenant, rows):
    criteria = list(covenant.criteria.order_by("order"))
    return {
        f"s_{unit.pk}_{c.pk}": value for unit, values in rows.items() for c, value in zip(criteria, values, strict=True)
    }


def test_unit_staff_fill_their_score_sheet(client, world, covenant):
    login(client, world, "staff_a")
    url = scores_url(world.term, world.vu_a)
    assert client.get(url).status_code == 200
    response = client.post(url, grid(covenant, {world.vu_a: ("58,5", "40"), world.vu_b: ("55", "")}))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Vụ Tổ chức cán bộ, tiêu chí «Công tác thi đua, khen thưởng»: chưa nhập điểm."
    ]
    response = client.post(url, grid(covenant, {world.vu_a: ("58,5", "40"), world.vu_b: ("55", "38.25")}), follow=True)
    assert "Đã lưu phiếu chấm điểm: 4 điểm mới, 0 điểm thay đổi." in response.content.decode()
    assert sorted(UnitScore.objects.values_list("scored_unit_id", "points")) == sorted(
        [
            (world.vu_a.pk, Decimal("58.50")),
            (world.vu_a.pk, Decimal("40.00")),
            (world.vu_b.pk, Decimal("55.00")),
            (world.vu_b.pk, Decimal("38.25")),
        ]
    )
    ranking = client.get(reverse("evaluation_ranking", kwargs={"pk": world.term.pk}))
    assert [(r.unit, r.rank, r.total) for r in ranking.context["ranking"].rows] == [
        (world.vu_a, 1, Decimal("98.50")),
        (world.vu_b, 2, Decimal("93.25")),
    ]


def test_score_sheet_permissions(client, world, covenant):
    a_sheet, b_sheet = scores_url(world.term, world.vu_a), scores_url(world.term, world.vu_b)
    ranking = reverse("evaluation_ranking", kwargs={"pk": world.term.pk})
    data = grid(covenant, {world.vu_b: ("50", "30")})
    login(client, world, "staff_other")  # not in the cluster
    assert client.get(ranking).status_code == 404
    assert client.get(a_sheet).status_code == 404
    assert client.post(a_sheet, data).status_code == 404
    login(client, world, "staff_a")  # a member: its own sheet only
    assert client.get(ranking).status_code == 200
    assert client.get(b_sheet).status_code == 404
    assert client.post(b_sheet, data).status_code == 404
    login(client, world, "leader_a")  # sees every member's sheet, changes none
    assert client.get(b_sheet).status_code == 200
    assert client.post(b_sheet, data).status_code == 403
    login(client, world, "viewer")
    assert client.get(ranking).status_code == 200
    assert client.post(a_sheet, data).status_code == 403
    assert not UnitScore.objects.exists()
    login(client, world, "board")  # enters a unit's paper sheet
    assert client.post(b_sheet, data).status_code == 302
    assert UnitScore.objects.filter(scorer_unit=world.vu_b).count() == 2
    # A unit outside the term has no sheet in it.
    assert client.get(scores_url(world.term, world.cuc)).status_code == 404


def test_the_ranking_page_has_a_fixed_number_of_queries(client, world, covenant):
    login(client, world, "board")
    url = reverse("evaluation_ranking", kwargs={"pk": world.term.pk})

    def score_all(members):
        for scorer in members:
            services.unit_scores_set(
                actor=None,
                term=world.term,
                scorer=scorer,
                scores={m.pk: {c.pk: Decimal("10") for c in covenant.criteria.all()} for m in members},
            )

    score_all([world.vu_a, world.vu_b])
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    two = len(ctx.captured_queries)
    extra = [factories.unit(f"Vụ thành viên {i}") for i in range(6)]
    members = [world.vu_a, world.vu_b, *extra]
    factories.term("Cụm thi đua số I", 2016, members, leader=world.vu_a)
    score_all(members)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url)
    assert len(ctx.captured_queries) == two
    assert len(page.context["ranking"].rows) == 8
    assert {r.rank for r in page.context["ranking"].rows} == {1}  # every member 20 points: all share rank 1


def test_a_term_without_a_covenant_shows_its_members_unranked(client, world):
    login(client, world, "staff_a")
    page = client.get(reverse("evaluation_ranking", kwargs={"pk": world.term.pk}))
    assert page.status_code == 200
    assert "Cụm chưa có giao ước thi đua để chấm điểm." in page.content.decode()
    sheet = client.get(scores_url(world.term, world.vu_a))
    assert sheet.status_code == 200 and sheet.context["form"] is None


def test_an_unlocked_covenant_cannot_be_scored_yet(client, world):
    covenant_for(world.term, status="signing")
    login(client, world, "staff_a")
    page = client.get(scores_url(world.term, world.vu_a))
    assert page.context["can_write"] is False
    assert "chưa thể chấm điểm" in page.content.decode()
