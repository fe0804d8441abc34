"""The board's admin for movements, covenants and exemplary models: lists with filters, saves through the services,
signatures read only."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from campaigns.models import Covenant, CovenantCriterion, ExemplaryModel, Movement
from thidua.org.models import Person

from .fixtures_movements import IT_MOVEMENT, make_covenant, make_movement, page_text, plan_inputs, sign

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(client, world):
    client.force_login(world.users["board"])
    return client


def movement_form(**changes) -> dict:
    data = {
        "year": "2016",
        "launched_by_term": "",
        "name": "Thi đua thực hiện văn hóa công sở",
        "kind": Movement.Kind.REGULAR,
        "goals": "Xây dựng phong cách ứng xử chuẩn mực.",
        "content": "",
        "start_date": "2016-01-01",
        "end_date": "2016-12-31",
        "participants": Movement.Participants.ALL,
    }
    data.update(changes)
    return data


# Movements ------------------------------------------------------------------------------------------------


def test_the_movement_list_filters_by_year_and_kind(board, world):
    make_movement()
    make_movement(year=2017, name="Phong trào năm 2017", kind=Movement.Kind.REGULAR)
    url = reverse("admin:campaigns_movement_changelist")
    assert [m.name for m in board.get(url).context["cl"].result_list] == ["Phong trào năm 2017", IT_MOVEMENT]
    assert [m.name for m in board.get(url, {"year": 2016}).context["cl"].result_list] == [IT_MOVEMENT]
    assert [m.name for m in board.get(url, {"kind": "thuong_xuyen"}).context["cl"].result_list] == [
        "Phong trào năm 2017"
    ]
    assert [m.name for m in board.get(url, {"q": "ung dung cong nghe"}).context["cl"].result_list] == [IT_MOVEMENT]


def test_adding_a_movement_goes_through_the_service(board, world):
    response = board.post(reverse("admin:campaigns_movement_add"), movement_form())
    assert response.status_code == 302
    movement = Movement.objects.get()
    assert movement.issuer == world.ministry
    assert LogEntry.objects.filter(object_pk=str(movement.pk), actor=world.users["board"]).exists()


def test_the_admin_says_what_is_wrong_in_vietnamese(board, world):
    response = board.post(
        reverse("admin:campaigns_movement_add"),
        movement_form(start_date="2016-06-01", end_date="2016-05-01", participants=Movement.Participants.UNITS),
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {
        "end_date": ["Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."],
    }
    response = board.post(
        reverse("admin:campaigns_movement_add"), movement_form(participants=Movement.Participants.UNITS)
    )
    assert response.context["adminform"].form.errors == {
        "participant_units": ["Vui lòng chọn ít nhất một đơn vị tham gia."]
    }
    assert not Movement.objects.exists()


def test_changing_a_movement_keeps_its_participants(board, world):
    movement = make_movement(participants=Movement.Participants.UNITS, participant_units=[world.vu_a, world.other])
    url = reverse("admin:campaigns_movement_change", args=[movement.pk])
    form = board.get(url).context["adminform"].form
    assert sorted(u.pk for u in form.initial["participant_units"]) == sorted([world.vu_a.pk, world.other.pk])
    response = board.post(
        url,
        movement_form(
            name=IT_MOVEMENT,
            participants=Movement.Participants.UNITS,
            participant_units=[world.vu_a.pk, world.cuc.pk],
        ),
    )
    assert response.status_code == 302
    assert sorted(movement.participant_units.values_list("name", flat=True)) == [
        "Cục THADS tỉnh Yên Bái",
        "Vụ Pháp luật dân sự - kinh tế",
    ]


def test_an_issued_plan_keeps_its_movement(board, world):
    from campaigns.services.movements import movement_plan_issue

    movement = make_movement()
    movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    response = board.get(reverse("admin:campaigns_movement_change", args=[movement.pk]))
    assert "year" not in response.context["adminform"].form.fields
    assert "01/KH-BTP" in page_text(response)
    assert (
        board.post(reverse("admin:campaigns_movement_delete", args=[movement.pk]), {"post": "yes"}).status_code == 403
    )
    other = make_movement(name="Phong trào khác")
    board.post(reverse("admin:campaigns_movement_delete", args=[other.pk]), {"post": "yes"})
    assert list(Movement.objects.values_list("name", flat=True)) == [IT_MOVEMENT]


# Covenants ------------------------------------------------------------------------------------------------


def covenant_form(term, rows, **fields) -> dict:
    data = {
        "term": str(term.pk),
        "title": "Giao ước thi đua năm 2016 của Cụm thi đua số I",
        "targets": "Hoàn thành 100% chỉ tiêu.",
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "1",
        "criteria-MAX_NUM_FORMS": "1000",
        "signatures-TOTAL_FORMS": "0",
        "signatures-INITIAL_FORMS": "0",
        "signatures-MIN_NUM_FORMS": "0",
        "signatures-MAX_NUM_FORMS": "0",
    }
    for index, (order, name, points) in enumerate(rows):
        data[f"criteria-{index}-order"] = str(order)
        data[f"criteria-{index}-name"] = name
        data[f"criteria-{index}-max_points"] = points
    data.update(fields)
    return data


def test_the_board_drafts_a_covenant_with_its_criteria(board, world):
    response = board.post(
        reverse("admin:campaigns_covenant_add"),
        covenant_form(world.term, [(2, "Phong trào", "40"), (1, "Chuyên môn", "60")]),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    covenant = Covenant.objects.get()
    assert covenant.drafted_by == world.users["board"]
    assert list(covenant.criteria.values_list("order", "name")) == [(1, "Chuyên môn"), (2, "Phong trào")]


def test_a_covenant_being_signed_is_read_only_with_its_signatures(board, world):
    covenant = make_covenant(world.term)
    sign(covenant, world.vu_b, name="Phạm Quang Hưng")
    url = reverse("admin:campaigns_covenant_change", args=[covenant.pk])
    response = board.get(url)
    assert set(response.context["adminform"].form.fields) == set()
    page = page_text(response)
    assert "Vụ Tổ chức cán bộ Phạm Quang Hưng Vụ trưởng" in page
    criteria, signatures = response.context["inline_admin_formsets"]
    assert not criteria.has_add_permission and not criteria.has_change_permission
    assert not signatures.has_add_permission and not signatures.has_change_permission
    assert (
        board.post(reverse("admin:campaigns_covenant_delete", args=[covenant.pk]), {"post": "yes"}).status_code == 403
    )
    assert CovenantCriterion.objects.count() == 5


def test_the_covenant_list_filters_by_year_and_status(board, world):
    make_covenant(world.term)
    url = reverse("admin:campaigns_covenant_changelist")
    assert len(board.get(url, {"term__year": 2016}).context["cl"].result_list) == 1
    assert len(board.get(url, {"status__exact": "locked"}).context["cl"].result_list) == 0


# Exemplary models -----------------------------------------------------------------------------------------


def test_exemplary_models_in_the_admin(board, world):
    person = Person.objects.get(unit=world.vu_a)
    response = board.post(
        reverse("admin:campaigns_exemplarymodel_add"),
        {"year": "2016", "unit": world.vu_a.pk, "person": person.pk, "description": "Tiêu biểu"},
    )
    assert response.status_code == 302
    row = ExemplaryModel.objects.get()
    assert (row.unit_name, row.person_name, row.created_by) == (world.vu_a.name, person.full_name, world.users["board"])
    response = board.post(
        reverse("admin:campaigns_exemplarymodel_add"),
        {"year": "2016", "unit": world.vu_a.pk, "person": person.pk, "description": "Lần nữa"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "__all__": ["Cá nhân này đã được ghi nhận là điển hình tiên tiến trong năm."]
    }
    changelist = board.get(reverse("admin:campaigns_exemplarymodel_changelist"), {"q": "tieu bieu", "year": 2016})
    assert len(changelist.context["cl"].result_list) == 1


def admin_form_data(response) -> dict:
    """The POST data of an admin change form as the page shows it: the main form and every inline formset."""
    data = {}

    def add(form):
        for name, field in form.fields.items():
            value = form[name].value()
            if field.disabled or value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def test_a_draft_covenant_changes_through_the_service(board, world):
    covenant = make_covenant(world.term)
    url = reverse("admin:campaigns_covenant_change", args=[covenant.pk])
    data = admin_form_data(board.get(url))
    data["title"] = "Giao ước đã sửa"
    data["criteria-0-max_points"] = "45"
    data["criteria-4-DELETE"] = "on"
    response = board.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    covenant.refresh_from_db()
    assert covenant.title == "Giao ước đã sửa"
    assert [str(p) for p in covenant.criteria.values_list("max_points", flat=True)] == [
        "45.00",
        "20.00",
        "15.00",
        "12.50",
    ]
