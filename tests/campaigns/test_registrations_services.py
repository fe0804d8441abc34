"""The registration workflow services: the rules, the deadline, uniqueness, register-all and the audit trail."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from campaigns.models import EmulationYear, Registration, RegistrationEvent, RegistrationSheet
from campaigns.services import registrations as services
from tests import factories
from thidua.org.models import Person

from .conftest import add_people

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]

Status = RegistrationSheet.Status
YEAR = 2016
DEADLINE = datetime.date(2016, 3, 25)
BEFORE = datetime.date(2016, 3, 20)
AFTER = datetime.date(2016, 3, 26)


@pytest.fixture
def sheet(world):
    return services.sheet_get_or_create(actor=world.users["staff_a"], unit=world.vu_a, year=YEAR)


def person_of(unit) -> Person:
    return Person.objects.filter(unit=unit).order_by("pk").first()


def messages_of(exc_info) -> list[str]:
    return exc_info.value.messages


def events(sheet) -> list[tuple]:
    return list(
        RegistrationEvent.objects.filter(sheet=sheet)
        .order_by("at", "id")
        .values_list("from_status", "to_status", "actor__username", "note", "late_override")
    )


def test_a_sheet_is_created_once_per_unit_and_year_with_the_name_of_that_year(world):
    staff = world.users["staff_a"]
    first = services.sheet_get_or_create(actor=staff, unit=world.vu_a, year=YEAR)
    again = services.sheet_get_or_create(actor=staff, unit=world.vu_a, year=YEAR)
    assert first.pk == again.pk
    assert (first.status, first.unit_name, first.year) == (Status.DRAFT, "Vụ Pháp luật dân sự - kinh tế", YEAR)
    assert RegistrationSheet.objects.count() == 1


def test_the_workflow_draft_submitted_returned_submitted_approved(world, titles, sheet, emulation_year):
    emulation_year(YEAR, DEADLINE)
    staff, board = world.users["staff_a"], world.users["board"]
    services.registration_register_all(actor=staff, sheet=sheet, title=titles.ldtt)

    sheet = services.sheet_submit(actor=staff, sheet=sheet, today=BEFORE)
    assert (sheet.status, sheet.submitted_by) == (Status.SUBMITTED, staff)
    assert sheet.submitted_at is not None

    with pytest.raises(ValidationError) as refused:
        services.sheet_return(actor=board, sheet=sheet, reason="   ")
    assert refused.value.message_dict == {"reason": ["Phải nêu lý do trả lại."]}
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED

    sheet = services.sheet_return(actor=board, sheet=sheet, reason="Thiếu danh hiệu tập thể.")
    sheet.refresh_from_db()
    assert (sheet.status, sheet.return_reason, sheet.decided_by) == (
        Status.RETURNED,
        "Thiếu danh hiệu tập thể.",
        board,
    )
    assert sheet.is_editable

    services.sheet_set_collective_title(actor=staff, sheet=sheet, title=titles.ttldtt)
    sheet = services.sheet_submit(actor=staff, sheet=sheet, today=BEFORE)
    assert (sheet.status, sheet.return_reason) == (Status.SUBMITTED, "")

    sheet = services.sheet_approve(actor=board, sheet=sheet, today=AFTER)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.decided_by, sheet.late_reason, sheet.late_accepted_by) == (
        Status.APPROVED,
        board,
        "",
        None,
    )
    assert events(sheet) == [
        ("draft", "submitted", "staff_a", "", False),
        ("submitted", "returned", "board", "Thiếu danh hiệu tập thể.", False),
        ("returned", "submitted", "staff_a", "", False),
        ("submitted", "approved", "board", "", False),
    ]


def test_the_database_refuses_a_returned_sheet_without_a_reason(sheet):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationSheet.objects.filter(pk=sheet.pk).update(status=Status.RETURNED, return_reason="")


def test_only_a_submitted_sheet_can_be_returned_and_only_by_the_board(world, titles, sheet):
    services.registration_add(actor=None, sheet=sheet, person=person_of(world.vu_a), title=titles.ldtt)
    with pytest.raises(ValidationError) as not_sent:
        services.sheet_return(actor=world.users["board"], sheet=sheet, reason="Sai")
    assert messages_of(not_sent) == ["Chỉ trả lại được bản đăng ký đã gửi; bản này đang ở trạng thái «Đang soạn»."]
    services.sheet_submit(actor=world.users["staff_a"], sheet=sheet)
    for username in ("staff_a", "leader_a", "viewer"):
        with pytest.raises(ValidationError) as not_board:
            services.sheet_return(actor=world.users[username], sheet=sheet, reason="Sai")
        assert messages_of(not_board) == ["Chỉ Vụ Thi đua - Khen thưởng được trả lại bản đăng ký."]
        with pytest.raises(ValidationError) as not_board:
            services.sheet_approve(actor=world.users[username], sheet=sheet)
        assert messages_of(not_board) == ["Chỉ Vụ Thi đua - Khen thưởng được duyệt bản đăng ký."]
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED


def test_submitting_twice_says_it_was_already_sent(world, titles, sheet):
    staff = world.users["staff_a"]
    services.registration_add(actor=staff, sheet=sheet, person=person_of(world.vu_a), title=titles.ldtt)
    services.sheet_submit(actor=staff, sheet=sheet, today=BEFORE)
    with pytest.raises(ValidationError) as again:
        services.sheet_submit(actor=staff, sheet=sheet, today=BEFORE)
    sheet.refresh_from_db()
    local = sheet.submitted_at.astimezone(datetime.timezone(datetime.timedelta(hours=7)))
    assert messages_of(again) == [
        f"Bản đăng ký đã được gửi lúc {local:%H:%M %d/%m/%Y} và đang chờ Vụ Thi đua - Khen thưởng xem xét; "
        "không cần gửi lại."
    ]
    assert RegistrationEvent.objects.filter(sheet=sheet).count() == 1
    services.sheet_approve(actor=world.users["board"], sheet=sheet)
    with pytest.raises(ValidationError) as approved:
        services.sheet_submit(actor=staff, sheet=sheet)
    assert messages_of(approved) == ["Bản đăng ký đã được duyệt, không gửi lại được."]
    with pytest.raises(ValidationError) as twice:
        services.sheet_approve(actor=world.users["board"], sheet=sheet)
    assert messages_of(twice) == ["Bản đăng ký đã được duyệt."]


def test_an_empty_sheet_cannot_be_submitted(world, sheet):
    with pytest.raises(ValidationError) as empty:
        services.sheet_submit(actor=world.users["staff_a"], sheet=sheet)
    assert messages_of(empty) == ["Bản đăng ký chưa có danh hiệu nào."]


def test_after_the_deadline_the_unit_cannot_submit_and_the_board_accepts_late_with_a_reason(
    world, titles, sheet, emulation_year
):
    emulation_year(YEAR, DEADLINE)
    staff, board = world.users["staff_a"], world.users["board"]
    services.registration_register_all(actor=staff, sheet=sheet, title=titles.ldtt)
    # On the deadline day itself the unit may still submit; the day after it may not.
    services.sheet_submit(actor=staff, sheet=sheet, today=DEADLINE)
    services.sheet_return(actor=board, sheet=sheet, reason="Bổ sung danh hiệu tập thể.")
    with pytest.raises(ValidationError) as late:
        services.sheet_submit(actor=staff, sheet=sheet, today=AFTER)
    assert messages_of(late) == [
        "Đã quá hạn đăng ký thi đua năm 2016 (25/03/2016). Vui lòng liên hệ Vụ Thi đua - Khen thưởng."
    ]
    with pytest.raises(ValidationError) as no_reason:
        services.sheet_approve(actor=board, sheet=sheet, today=AFTER)
    assert no_reason.value.message_dict == {"late_reason": ["Đã quá hạn đăng ký: phải nêu lý do chấp nhận sau hạn."]}

    services.sheet_approve(actor=board, sheet=sheet, late_reason="Đơn vị có công văn giải trình.", today=AFTER)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.late_reason, sheet.late_accepted_by, sheet.decided_by) == (
        Status.APPROVED,
        "Đơn vị có công văn giải trình.",
        board,
        board,
    )
    assert events(sheet)[-1] == ("returned", "approved", "board", "Đơn vị có công văn giải trình.", True)


def test_before_the_deadline_the_board_cannot_approve_a_sheet_the_unit_has_not_sent(
    world, titles, sheet, emulation_year
):
    emulation_year(YEAR, DEADLINE)
    services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
    with pytest.raises(ValidationError) as early:
        services.sheet_approve(actor=world.users["board"], sheet=sheet, late_reason="Cho qua", today=BEFORE)
    assert messages_of(early) == ["Bản đăng ký chưa được đơn vị gửi."]


def test_late_acceptance_of_an_empty_sheet_is_refused(world, sheet, emulation_year):
    emulation_year(YEAR, DEADLINE)
    with pytest.raises(ValidationError) as empty:
        services.sheet_approve(actor=world.users["board"], sheet=sheet, late_reason="Giải trình", today=AFTER)
    assert messages_of(empty) == ["Bản đăng ký chưa có danh hiệu nào."]


def test_one_registration_per_person_title_and_year_in_the_database(world, titles, sheet):
    person = person_of(world.vu_a)
    Registration.objects.create(sheet=sheet, person=person, title=titles.ldtt)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(sheet=sheet, person=person, title=titles.ldtt)
    # Also across sheets: the person moved to another unit and was registered there again.
    other = services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(sheet=other, person=person, title=titles.ldtt)
    # The same title another year, or another title the same year, is fine.
    Registration.objects.create(
        sheet=services.sheet_get_or_create(actor=None, unit=world.vu_a, year=2017), person=person, title=titles.ldtt
    )
    Registration.objects.create(sheet=sheet, person=person, title=titles.cstdcs)
    Registration.objects.create(sheet=sheet, title=titles.ttldtt)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(sheet=sheet, title=titles.ttldtt)
    assert Registration.objects.count() == 4


def test_the_service_says_in_vietnamese_who_is_already_registered(world, titles, sheet):
    person = person_of(world.vu_a)
    services.registration_add(actor=None, sheet=sheet, person=person, title=titles.ldtt)
    with pytest.raises(ValidationError) as duplicate:
        services.registration_add(actor=None, sheet=sheet, person=person, title=titles.ldtt)
    assert messages_of(duplicate) == [f"{person.full_name} đã đăng ký danh hiệu «Lao động tiên tiến» năm 2016."]
    services.registration_add(actor=None, sheet=sheet, title=titles.ttldtt)
    with pytest.raises(ValidationError) as unit_twice:
        services.registration_add(actor=None, sheet=sheet, title=titles.ttldtt)
    assert messages_of(unit_twice) == [
        "Vụ Pháp luật dân sự - kinh tế đã đăng ký danh hiệu «Tập thể lao động tiên tiến» năm 2016."
    ]
    assert Registration.objects.count() == 2


def test_registration_add_checks_the_person_and_the_title(world, titles, sheet):
    outsider = person_of(world.vu_b)
    left = factories.person(world.vu_a, "Lê Văn Nghỉ", is_active=False)
    cases = [
        (
            {"person": outsider, "title": titles.ldtt},
            {"person": [f"{outsider.full_name} không thuộc Vụ Pháp luật dân sự - kinh tế."]},
        ),
        ({"person": left, "title": titles.ldtt}, {"person": ["Lê Văn Nghỉ không còn công tác."]}),
        (
            {"person": person_of(world.vu_a), "title": titles.ttldtt},
            {"title": ["«Tập thể lao động tiên tiến» là danh hiệu tập thể, không đăng ký cho cá nhân."]},
        ),
        ({"title": titles.ldtt}, {"title": ["«Lao động tiên tiến» là danh hiệu cá nhân, cần chọn một cá nhân."]}),
        (
            {"person": person_of(world.vu_a), "title": titles.bk_bo},
            {
                "title": [
                    "«Bằng khen của Bộ trưởng Bộ Tư pháp» là hình thức khen thưởng, "
                    "không phải danh hiệu thi đua để đăng ký."
                ]
            },
        ),
    ]
    for kwargs, expected in cases:
        with pytest.raises(ValidationError) as refused:
            services.registration_add(actor=None, sheet=sheet, **kwargs)
        assert refused.value.message_dict == expected
    retired = titles.cstdcs
    retired.is_active = False
    retired.save()
    with pytest.raises(ValidationError) as inactive:
        services.registration_add(actor=None, sheet=sheet, person=person_of(world.vu_a), title=retired)
    assert inactive.value.message_dict == {"title": ["Danh hiệu «Chiến sĩ thi đua cơ sở» không còn được áp dụng."]}
    assert Registration.objects.count() == 0


def test_a_sent_or_approved_sheet_cannot_be_edited(world, titles, sheet):
    person = person_of(world.vu_a)
    registration = services.registration_add(actor=None, sheet=sheet, person=person, title=titles.ldtt)
    services.sheet_submit(actor=world.users["staff_a"], sheet=sheet)
    expected = ["Bản đăng ký đang ở trạng thái «Đã gửi», không thể sửa."]
    for attempt in (
        lambda: services.registration_add(actor=None, sheet=sheet, person=person, title=titles.cstdcs),
        lambda: services.registration_remove(actor=None, registration=registration),
        lambda: services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt),
        lambda: services.sheet_set_collective_title(actor=None, sheet=sheet, title=titles.ttldtt),
    ):
        with pytest.raises(ValidationError) as refused:
            attempt()
        assert messages_of(refused) == expected
    assert list(Registration.objects.values_list("person_id", "title__code")) == [(person.pk, "ldtt")]


def test_register_all_registers_the_active_people_once_and_audits_each_row_as_bulk(world, titles, sheet):
    staff = world.users["staff_a"]
    add_people(world.vu_a, 3)
    factories.person(world.vu_a, "Lê Văn Nghỉ", is_active=False)
    first = person_of(world.vu_a)
    services.registration_add(actor=staff, sheet=sheet, person=first, title=titles.ldtt)

    added = services.registration_register_all(actor=staff, sheet=sheet, title=titles.ldtt)
    assert added == 3
    assert services.registration_register_all(actor=staff, sheet=sheet, title=titles.ldtt) == 0
    registered = Registration.objects.filter(sheet=sheet, title=titles.ldtt)
    active = Person.objects.filter(unit=world.vu_a, is_active=True)
    assert sorted(registered.values_list("person_id", flat=True)) == sorted(active.values_list("pk", flat=True))
    assert set(registered.values_list("year", "unit_id")) == {(YEAR, world.vu_a.pk)}
    # Nobody of another unit.
    assert Registration.objects.exclude(unit=world.vu_a).count() == 0

    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Registration))
    bulk = entries.filter(additional_data__bulk=True)
    assert sorted(int(pk) for pk in bulk.values_list("object_pk", flat=True)) == sorted(
        registered.exclude(person=first).values_list("pk", flat=True)
    )
    assert set(bulk.values_list("actor_id", "action")) == {(staff.pk, LogEntry.Action.CREATE)}
    assert set(bulk.values_list("additional_data__note", flat=True)) == {"Đăng ký cho tất cả cá nhân của đơn vị"}
    # The single registration has its own (non-bulk) audit entry, by the same actor.
    single = entries.exclude(pk__in=bulk.values("pk"))
    assert list(single.values_list("object_pk", "actor_id")) == [
        (str(Registration.objects.get(person=first).pk), staff.pk)
    ]


def test_register_all_refuses_a_collective_title(world, titles, sheet):
    with pytest.raises(ValidationError) as refused:
        services.registration_register_all(actor=None, sheet=sheet, title=titles.ttldtt)
    assert refused.value.message_dict == {
        "title": ["«Tập thể lao động tiên tiến» là danh hiệu tập thể, không đăng ký cho cá nhân."]
    }


def test_the_collective_title_is_replaced_or_cleared(world, titles, sheet):
    staff = world.users["staff_a"]
    services.sheet_set_collective_title(actor=staff, sheet=sheet, title=titles.ttldtt)
    services.sheet_set_collective_title(actor=staff, sheet=sheet, title=titles.ttldxs)
    assert list(sheet.registrations.filter(person__isnull=True).values_list("title__code", flat=True)) == ["ttldxs"]
    kept = sheet.registrations.get(person__isnull=True)
    assert services.sheet_set_collective_title(actor=staff, sheet=sheet, title=titles.ttldxs).pk == kept.pk
    assert services.sheet_set_collective_title(actor=staff, sheet=sheet, title=None) is None
    assert sheet.registrations.count() == 0
    with pytest.raises(ValidationError) as individual:
        services.sheet_set_collective_title(actor=staff, sheet=sheet, title=titles.ldtt)
    assert individual.value.message_dict == {
        "title": ["«Lao động tiên tiến» là danh hiệu cá nhân, cần chọn một cá nhân."]
    }


def test_bulk_approval_approves_each_submitted_sheet_and_reports_the_others(world, titles):
    board = world.users["board"]
    sheets = []
    for unit in (world.vu_a, world.vu_b, world.cuc):
        sheet = services.sheet_get_or_create(actor=None, unit=unit, year=YEAR)
        services.registration_register_all(actor=None, sheet=sheet, title=titles.ldtt)
        sheets.append(sheet)
    services.sheet_submit(actor=None, sheet=sheets[0])
    services.sheet_submit(actor=None, sheet=sheets[2])
    result = services.sheets_approve(actor=board, sheets=sheets)
    assert [s.pk for s in result.approved] == [sheets[0].pk, sheets[2].pk]
    assert [(s.pk, reason) for s, reason in result.refused] == [(sheets[1].pk, "Bản đăng ký chưa được đơn vị gửi.")]
    assert dict(RegistrationSheet.objects.values_list("unit_id", "status")) == {
        world.vu_a.pk: Status.APPROVED,
        world.vu_b.pk: Status.DRAFT,
        world.cuc.pk: Status.APPROVED,
    }


def test_workflow_changes_are_audited_with_the_actor(world, titles, sheet):
    staff = world.users["staff_a"]
    services.registration_add(actor=staff, sheet=sheet, person=person_of(world.vu_a), title=titles.ldtt)
    services.sheet_submit(actor=staff, sheet=sheet)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(RegistrationSheet), object_pk=str(sheet.pk)
    ).order_by("timestamp", "id")
    assert [(e.action, e.actor_id) for e in entries] == [
        (LogEntry.Action.CREATE, staff.pk),
        (LogEntry.Action.UPDATE, staff.pk),
    ]
    assert entries.last().changes_dict["status"] == ["draft", "submitted"]


def test_emulation_year_deadlines_are_checked(db):
    with pytest.raises(ValidationError) as wrong_year:
        services.emulation_year_save(
            actor=None, emulation_year=EmulationYear(year=2016, registration_deadline=datetime.date(2014, 3, 25))
        )
    assert wrong_year.value.message_dict == {
        "registration_deadline": ["Hạn đăng ký phải thuộc năm 2016 hoặc cuối năm trước đó."]
    }
    with pytest.raises(ValidationError) as covenant:
        services.emulation_year_save(
            actor=None,
            emulation_year=EmulationYear(
                year=2016, registration_deadline=DEADLINE, covenant_deadline=datetime.date(2016, 3, 1)
            ),
        )
    assert covenant.value.message_dict == {
        "covenant_deadline": ["Hạn ký giao ước không được trước hạn đăng ký thi đua (25/03/2016)."]
    }
    saved = services.emulation_year_save(
        actor=None,
        emulation_year=EmulationYear(
            year=2016, registration_deadline=DEADLINE, covenant_deadline=datetime.date(2016, 3, 30)
        ),
    )
    assert services.registration_deadline(2016) == DEADLINE
    assert services.registration_deadline(2017) is None
    assert saved.pk is not None
