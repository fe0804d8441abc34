"""Movements: who may launch and change them, dates, participants, the launch plan's number and frozen data."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns.documents import PLAN_KIND, PLAN_TEMPLATE, short_code, unit_short_code
from campaigns.models import Movement
from campaigns.selectors.movements import movement_participating_units
from campaigns.services.movements import (
    movement_delete,
    movement_plan_issue,
    movement_plan_retry,
    movement_update,
)
from tests import factories
from thidua.documents.models import DocumentSeries, RenderedDocument
from thidua.documents.services import document_mark_signed
from thidua.org.models import Role
from thidua.org.services import unit_save

from .fixtures_movements import GOALS, IT_MOVEMENT, cluster_i, make_movement, plan_inputs

pytestmark = pytest.mark.django_db

P = Movement.Participants


def names(units) -> list[str]:
    return [u.name for u in units]


# Who may launch -------------------------------------------------------------------------------------------


def test_the_board_launches_a_ministry_movement_issued_by_the_ministry(world):
    movement = make_movement(actor=world.users["board"])
    assert movement.issuer == world.ministry
    assert movement.launched_by_term is None
    assert movement.created_by == world.users["board"]
    assert movement.year == 2016


@pytest.mark.parametrize("username", ["staff_a", "leader_a", "staff_b", "staff_other", "viewer", "delegate_b"])
def test_only_the_board_launches_the_ministrys_movements(world, username):
    with pytest.raises(PermissionDenied) as caught:
        make_movement(actor=world.users[username])
    assert caught.value.args[0] == "Chỉ Vụ Thi đua - Khen thưởng được phát động phong trào thi đua của Bộ."
    assert not Movement.objects.exists()


@pytest.mark.parametrize("username", ["staff_a", "leader_a", "board"])
def test_the_leader_units_staff_or_the_board_launch_a_cluster_movement(world, username):
    movement = make_movement(actor=world.users[username], term=world.term)
    assert movement.issuer == world.vu_a  # the term's leader unit issues the plan
    assert movement.launched_by_term == world.term


def test_staff_of_a_parent_unit_act_for_the_leader_unit(world):
    ministry_staff = factories.user("staff_bo", role=Role.UNIT_STAFF, unit_=world.ministry)
    assert make_movement(actor=ministry_staff, term=world.term).issuer == world.vu_a


@pytest.mark.parametrize("username", ["staff_b", "staff_cuc", "staff_other", "viewer", "delegate_b"])
def test_other_members_and_read_only_users_do_not_launch_for_the_cluster(world, username):
    with pytest.raises(PermissionDenied) as caught:
        make_movement(actor=world.users[username], term=world.term)
    assert caught.value.args[0] == (
        "Chỉ đơn vị Cụm trưởng của Cụm thi đua số I - 2016 hoặc Vụ Thi đua - Khen thưởng được phát động "
        "phong trào của cụm."
    )


def test_a_term_without_a_leader_cannot_launch(world):
    term = factories.term("Khu vực thi đua miền núi", 2016, [world.cuc], kind_="khu_vuc")
    with pytest.raises(ValidationError) as caught:
        make_movement(term=term)
    assert caught.value.message_dict == {
        "launched_by_term": ["Khu vực thi đua miền núi - 2016 chưa có đơn vị Cụm trưởng để ban hành kế hoạch."]
    }


def test_launching_is_audited(world):
    movement = make_movement(actor=world.users["board"])
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Movement), object_pk=str(movement.pk))
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == world.users["board"]


# Dates, names, years --------------------------------------------------------------------------------------


def test_the_end_cannot_come_before_the_start(world):
    with pytest.raises(ValidationError) as caught:
        make_movement(start_date=datetime.date(2016, 5, 1), end_date=datetime.date(2016, 4, 30))
    assert caught.value.message_dict == {"end_date": ["Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."]}


def test_a_one_day_movement_is_fine(world):
    day = datetime.date(2016, 9, 2)
    movement = make_movement(start_date=day, end_date=day)
    assert (movement.start_date, movement.end_date) == (day, day)


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (datetime.date(2015, 11, 1), datetime.date(2016, 1, 1), True),  # overlaps the year's first day
        (datetime.date(2016, 12, 31), datetime.date(2017, 3, 31), True),  # overlaps its last day
        (datetime.date(2015, 1, 1), datetime.date(2017, 12, 31), True),  # spans it
        (datetime.date(2015, 1, 1), datetime.date(2015, 12, 31), False),
        (datetime.date(2017, 1, 1), datetime.date(2017, 2, 1), False),
    ],
)
def test_the_period_lies_within_or_overlaps_the_year(world, start, end, ok):
    if ok:
        assert make_movement(start_date=start, end_date=end).pk
        return
    with pytest.raises(ValidationError) as caught:
        make_movement(start_date=start, end_date=end)
    assert caught.value.message_dict == {
        "start_date": [
            f"Thời gian thực hiện ({start:%d/%m/%Y} - {end:%d/%m/%Y}) phải nằm trong hoặc giao với năm thi đua 2016."
        ]
    }


def test_required_text_and_the_launching_terms_year(world):
    with pytest.raises(ValidationError) as caught:
        make_movement(term=world.term, year=2017, name="  ", goals="")
    assert caught.value.message_dict == {
        "name": ["Vui lòng nhập tên phong trào."],
        "goals": ["Vui lòng nêu mục tiêu, chỉ tiêu của phong trào."],
        "launched_by_term": ["Cụm thi đua số I - 2016 không phải nhiệm kỳ năm 2017."],
    }
    assert not Movement.objects.exists()


def test_one_name_per_issuer_and_year(world):
    make_movement()
    with pytest.raises(ValidationError) as caught:
        make_movement(name=f"  {IT_MOVEMENT} ")
    assert caught.value.message_dict == {"name": [f"Bộ Tư pháp đã phát động phong trào «{IT_MOVEMENT}» năm 2016."]}
    assert make_movement(term=world.term).pk  # the cluster is another issuer
    assert make_movement(year=2017).pk


# Participants ---------------------------------------------------------------------------------------------


def test_all_units_of_a_ministry_movement_are_the_units_of_that_year(world):
    world.other.dissolved_year = 2015
    world.other.is_active = False
    unit_save(actor=None, unit=world.other)
    world.cuc.established_year = 2017
    unit_save(actor=None, unit=world.cuc)
    movement = make_movement()
    assert names(movement_participating_units(movement)) == [
        "Bộ Tư pháp",
        "Chi cục THADS huyện Văn Yên",
        "Vụ Pháp luật dân sự - kinh tế",
        "Vụ Tổ chức cán bộ",
    ]


def test_all_units_of_a_cluster_movement_are_the_terms_members(world):
    movement = make_movement(term=world.term)
    assert names(movement_participating_units(movement)) == ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]


def test_the_members_of_chosen_terms_of_the_same_year(world):
    region = factories.term("Khu vực thi đua miền núi", 2016, [world.cuc, world.chi_cuc], kind_="khu_vuc")
    movement = make_movement(participants=P.CLUSTERS, participant_terms=[world.term, region])
    assert names(movement_participating_units(movement)) == [
        "Chi cục THADS huyện Văn Yên",
        "Cục THADS tỉnh Yên Bái",
        "Vụ Pháp luật dân sự - kinh tế",
        "Vụ Tổ chức cán bộ",
    ]
    later = factories.term("Khu vực thi đua miền núi", 2017, [world.cuc], kind_="khu_vuc")
    with pytest.raises(ValidationError) as caught:
        make_movement(name="Khác", participants=P.CLUSTERS, participant_terms=[later])
    assert caught.value.message_dict == {
        "participant_terms": ["Khu vực thi đua miền núi - 2017 không phải nhiệm kỳ năm 2016."]
    }
    with pytest.raises(ValidationError) as caught:
        make_movement(name="Khác", participants=P.CLUSTERS)
    assert caught.value.message_dict == {
        "participant_terms": ["Vui lòng chọn ít nhất một cụm, khối, khu vực tham gia."]
    }


def test_listed_units_must_exist_that_year(world):
    movement = make_movement(participants=P.UNITS, participant_units=[world.other, world.cuc, world.other])
    assert names(movement_participating_units(movement)) == ["Cục THADS tỉnh Yên Bái", "Sở Tư pháp tỉnh Hòa Bình"]
    world.other.dissolved_year = 2015
    unit_save(actor=None, unit=world.other)
    with pytest.raises(ValidationError) as caught:
        make_movement(name="Khác", participants=P.UNITS, participant_units=[world.other])
    assert caught.value.message_dict == {
        "participant_units": ["Sở Tư pháp tỉnh Hòa Bình đã giải thể/sáp nhập từ năm 2015."]
    }
    with pytest.raises(ValidationError) as caught:
        make_movement(name="Khác", participants=P.UNITS)
    assert caught.value.message_dict == {"participant_units": ["Vui lòng chọn ít nhất một đơn vị tham gia."]}


def test_switching_back_to_all_units_forgets_the_lists(world):
    movement = make_movement(participants=P.UNITS, participant_units=[world.other])
    movement.participants = P.ALL
    movement_update(actor=None, movement=movement, participant_units=[world.other])
    assert list(movement.participant_units.all()) == []


# Changing a movement --------------------------------------------------------------------------------------


def test_the_issuers_staff_change_a_cluster_movement_others_do_not(world):
    movement = make_movement(term=world.term)
    movement.goals = "Mục tiêu mới"
    movement_update(actor=world.users["leader_a"], movement=movement)
    assert Movement.objects.get().goals == "Mục tiêu mới"
    for username in ("staff_b", "viewer", "staff_other"):
        with pytest.raises(PermissionDenied):
            movement_update(actor=world.users[username], movement=movement)
    ministry_movement = make_movement()
    with pytest.raises(PermissionDenied):
        movement_update(actor=world.users["staff_a"], movement=ministry_movement)


def test_delete_before_the_plan_only(world):
    movement = make_movement()
    movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    with pytest.raises(ValidationError) as caught:
        movement_delete(actor=world.users["board"], movement=movement)
    assert caught.value.messages == ["Phong trào đã ban hành Kế hoạch số 01/KH-BTP: không thể xóa."]
    other = make_movement(name="Phong trào khác")
    movement_delete(actor=world.users["board"], movement=other)
    assert list(Movement.objects.values_list("name", flat=True)) == [IT_MOVEMENT]


# Short codes ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bộ Tư pháp", "BTP"),
        ("BTP", "BTP"),
        ("Vụ TĐKT", "VTĐKT"),
        ("Vụ Thi đua - Khen thưởng", "VTĐKT"),
        ("Cục THADS tỉnh Yên Bái", "CTHADSTYB"),
        ("Sở Tư pháp tỉnh Hòa Bình", "STPTHB"),
        ("Đơn vị", "ĐV"),
        ("Cụm thi đua số 3", "CTĐS3"),
    ],
)
def test_short_codes(text, code):
    assert short_code(text) == code


def test_a_units_short_name_wins_over_its_initials(world):
    assert unit_short_code(world.vu_a) == "VPLDSKT"
    world.vu_a.short_name = "PLDSKT"
    assert unit_short_code(world.vu_a) == "PLDSKT"


# The launch plan ------------------------------------------------------------------------------------------


def test_issuing_the_plan_numbers_it_in_the_issuers_series_and_freezes_what_it_shows(world):
    movement = make_movement(actor=world.users["board"])
    document = movement_plan_issue(actor=world.users["board"], movement=movement, inputs=plan_inputs())
    movement.refresh_from_db()
    assert movement.plan_number == "01/KH-BTP"
    assert movement.plan_document == document
    assert (document.kind, document.template_name, document.status) == (PLAN_KIND, PLAN_TEMPLATE, "pending")
    assert document.title == f"Kế hoạch phát động phong trào thi đua “{IT_MOVEMENT}” năm 2016"
    assert document.created_by == world.users["board"]
    data = document.data
    assert data["issuer"] == {"parent": "", "name": "Bộ Tư pháp"}
    assert (data["number"], data["place"], data["date"], data["type_name"]) == (
        "01/KH-BTP",
        "Hà Nội",
        "2016-01-05",
        "KẾ HOẠCH",
    )
    assert data["subject"] == f"Phát động phong trào thi đua “{IT_MOVEMENT}” năm 2016"
    assert [s["heading"] for s in data["sections"]] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG, BIỆN PHÁP TỔ CHỨC",
        "III. ĐỐI TƯỢNG THAM GIA",
        "IV. THỜI GIAN THỰC HIỆN",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    assert data["sections"][0]["paragraphs"] == GOALS.splitlines()
    assert data["sections"][2]["paragraphs"] == [
        "Tất cả các cơ quan, đơn vị thuộc và trực thuộc Bộ Tư pháp, các Sở Tư pháp (6 đơn vị) cùng toàn thể "
        "công chức, viên chức, người lao động."
    ]
    assert data["sections"][3]["paragraphs"] == [
        "Phong trào thi đua theo chuyên đề, thực hiện từ ngày 15/01/2016 đến ngày 30/11/2016."
    ]
    assert data["timeline"] == {"start": "2016-01-15", "end": "2016-11-30"}
    assert data["signer"] == {"authority": "KT. BỘ TRƯỞNG", "position": "THỨ TRƯỞNG", "name": "Trần Tiến Dũng"}
    assert data["recipients"] == ["Bộ trưởng (để báo cáo)", "Các đơn vị thuộc Bộ", "Lưu: VT, TĐKT"]
    second = make_movement(name="Phong trào thi đua thường xuyên", kind=Movement.Kind.REGULAR)
    assert movement_plan_issue(actor=None, movement=second, inputs=plan_inputs()).data["number"] == "02/KH-BTP"
    assert DocumentSeries.objects.get(issuer_code="BTP", type_code="KH", year=2016).last_number == 2


def test_a_cluster_plan_uses_the_leader_units_code_and_lists_the_members(world):
    world.vu_a.short_name = "PLDSKT"
    unit_save(actor=None, unit=world.vu_a)
    movement = make_movement(actor=world.users["leader_a"], term=world.term)
    document = movement_plan_issue(
        actor=world.users["leader_a"], movement=movement, inputs=plan_inputs(date=datetime.date(2016, 2, 1))
    )
    data = document.data
    assert data["number"] == "01/KH-PLDSKT"
    assert data["issuer"] == {"parent": "Bộ Tư pháp", "name": "Cụm thi đua số I"}
    participants = data["sections"][2]
    assert participants["paragraphs"] == [
        "Tất cả 2 đơn vị thành viên Cụm thi đua số I năm 2016 cùng toàn thể công chức, viên chức, người lao động "
        "của các đơn vị:"
    ]
    assert participants["groups"] == [{"title": "", "units": ["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"]}]
    assert data["sections"][4]["paragraphs"][0].endswith(
        "định kỳ báo cáo kết quả về đơn vị Cụm trưởng (Vụ Pháp luật dân sự - kinh tế)."
    )


def test_the_plan_number_restarts_each_year(world):
    movement = make_movement()
    first = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs(date=datetime.date(2015, 12, 20)))
    assert first.data["number"] == "01/KH-BTP"
    later = make_movement(name="Phong trào khác")
    assert movement_plan_issue(actor=None, movement=later, inputs=plan_inputs()).data["number"] == "01/KH-BTP"
    assert sorted(DocumentSeries.objects.values_list("year", "last_number")) == [(2015, 1), (2016, 1)]


def test_who_may_issue_the_plan(world):
    movement = make_movement(term=world.term)
    for username in ("staff_b", "viewer", "staff_other"):
        with pytest.raises(PermissionDenied):
            movement_plan_issue(actor=world.users[username], movement=movement, inputs=plan_inputs())
    assert not RenderedDocument.objects.exists()
    assert not DocumentSeries.objects.exists()


def test_issue_inputs_are_validated_and_nothing_is_numbered(world):
    movement = make_movement()
    with pytest.raises(ValidationError) as caught:
        movement_plan_issue(
            actor=None, movement=movement, inputs=plan_inputs(place=" ", signer_name="", recipients=("", " "))
        )
    assert caught.value.message_dict == {
        "place": ["Vui lòng nhập địa danh ban hành."],
        "signer_name": ["Vui lòng nhập họ tên người ký."],
        "recipients": ["Vui lòng nhập ít nhất một nơi nhận."],
    }
    assert not DocumentSeries.objects.exists()


def test_reissuing_keeps_the_number_and_replaces_the_data(world):
    movement = make_movement()
    document = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    again = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs(signer_name="Lê Tiến Châu"))
    assert again.pk == document.pk
    assert again.data["number"] == "01/KH-BTP"
    assert again.data["signer"]["name"] == "Lê Tiến Châu"
    assert DocumentSeries.objects.get().last_number == 1


def test_changing_the_movement_refreezes_its_unsigned_plan(world):
    movement = make_movement()
    document = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs(signer_name="Lê Tiến Châu"))
    movement.goals = "Một mục tiêu duy nhất."
    movement_update(actor=world.users["board"], movement=movement)
    document.refresh_from_db()
    assert document.data["sections"][0]["paragraphs"] == ["Một mục tiêu duy nhất."]
    assert (document.data["number"], document.data["signer"]["name"]) == ("01/KH-BTP", "Lê Tiến Châu")
    assert document.status == RenderedDocument.Status.PENDING
    movement.year = 2017
    with pytest.raises(ValidationError) as caught:
        movement_update(actor=None, movement=movement)
    assert caught.value.message_dict == {
        "year": ["Kế hoạch đã ban hành: không thể đổi năm thi đua hoặc đơn vị phát động."]
    }


def test_a_signed_plan_freezes_the_movement(world, media_dir, eager_celery, django_capture_on_commit_callbacks):
    movement = make_movement()
    with django_capture_on_commit_callbacks(execute=True):
        document = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.DONE, document.error
    document_mark_signed(document=document, actor=world.users["board"])
    movement.refresh_from_db()
    movement.goals = "Khác"
    with pytest.raises(ValidationError) as caught:
        movement_update(actor=None, movement=movement)
    assert caught.value.messages == ["Kế hoạch phát động đã ký: không thể sửa phong trào thi đua."]
    with pytest.raises(ValidationError):
        movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())


def test_retry_needs_a_plan_and_the_right_to_change(world):
    movement = make_movement()
    with pytest.raises(ValidationError) as caught:
        movement_plan_retry(actor=None, movement=movement)
    assert caught.value.messages == ["Phong trào chưa ban hành kế hoạch."]
    movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    RenderedDocument.objects.update(status=RenderedDocument.Status.FAILED, error="OSError: disk full")
    with pytest.raises(PermissionDenied):
        movement_plan_retry(actor=world.users["staff_a"], movement=movement)
    assert movement_plan_retry(actor=world.users["board"], movement=movement).status == "pending"


def test_cluster_i_has_eleven_members(world):
    term = cluster_i(world.ministry)
    movement = make_movement(term=term, actor=None)
    assert len(movement_participating_units(movement)) == 11
