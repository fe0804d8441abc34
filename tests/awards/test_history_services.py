"""The award history's services: one award recorded by hand (its rules and messages), corrected, removed."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import Award
from awards.services import history as services
from tests.awards import history_factories as hf
from thidua.org import services as org_services

pytestmark = pytest.mark.django_db


def person_of(unit):
    return unit.people.get()


def entries(award: Award, action) -> list[LogEntry]:
    return list(
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Award), object_pk=str(award.pk), action=action
        )
    )


def test_an_award_of_a_person_keeps_the_names_of_the_day_and_is_audited(world):
    person = person_of(world.vu_a)
    board = world.users["board"]
    award = services.award_create(
        actor=board,
        title=hf.title("cstdcs"),
        year=2015,
        person=person,
        decision_number=" 125/QĐ-BTP ",
        decision_date=datetime.date(2016, 1, 15),
        decision_issuer="Bộ  Tư pháp",
        notes="Nhập lại từ sổ giấy",
    )
    award.refresh_from_db()
    assert (award.recipient_name, award.unit_name, award.person_id, award.unit_id) == (
        person.full_name,
        "Vụ Pháp luật dân sự - kinh tế",
        person.pk,
        None,
    )
    assert (award.decision_number, award.decision_date, award.decision_issuer, award.notes) == (
        "125/QĐ-BTP",
        datetime.date(2016, 1, 15),
        "Bộ Tư pháp",
        "Nhập lại từ sổ giấy",
    )
    assert (award.source, award.created_by) == (Award.Source.MANUAL, board)
    [entry] = entries(award, LogEntry.Action.CREATE)
    assert entry.actor == board

    # A later change of name leaves the history as it was that year.
    person.full_name = "Trần Văn Đổi Tên"
    org_services.person_save(actor=None, person=person)
    award.refresh_from_db()
    assert award.recipient_name != "Trần Văn Đổi Tên"


def test_a_collective_keeps_the_unit_above_it_and_a_root_unit_none(world):
    chi_cuc = hf.award(unit=world.chi_cuc, code="ttldtt")
    other = hf.award(unit=world.other, code="ttldxs")
    assert (chi_cuc.recipient_name, chi_cuc.unit_name) == ("Chi cục THADS huyện Văn Yên", "Cục THADS tỉnh Yên Bái")
    assert (other.recipient_name, other.unit_name) == ("Sở Tư pháp tỉnh Hòa Bình", "")


def test_the_title_must_be_for_the_recipients_kind(world):
    with pytest.raises(ValidationError) as exc:
        hf.award(person=person_of(world.vu_a), code="ttldtt")
    assert exc.value.message_dict == {
        "title": [
            "«Tập thể lao động tiên tiến» là danh hiệu, hình thức khen thưởng dành cho tập thể, không ghi cho cá nhân."
        ]
    }
    with pytest.raises(ValidationError) as exc:
        hf.award(unit=world.vu_a, code="ldtt")
    assert exc.value.message_dict == {
        "title": ["«Lao động tiên tiến» là danh hiệu, hình thức khen thưởng dành cho cá nhân, không ghi cho tập thể."]
    }
    assert not Award.objects.exists()


def test_one_recipient_exactly(world):
    with pytest.raises(ValidationError) as exc:
        hf.award()
    assert exc.value.messages == ["Hãy chọn cá nhân hoặc tập thể được khen."]
    with pytest.raises(ValidationError) as exc:
        hf.award(person=person_of(world.vu_a), unit=world.vu_a)
    assert exc.value.messages == ["Một khen thưởng ghi cho một cá nhân hoặc một tập thể, không cho cả hai."]


def test_the_year_and_the_decision_date_are_checked(world):
    person = person_of(world.vu_a)
    this_year = timezone.localdate().year
    for year in (1944, this_year + 1):
        with pytest.raises(ValidationError) as exc:
            hf.award(person=person, year=year)
        assert exc.value.message_dict == {"year": [f"Năm được khen phải từ 1945 đến {this_year}."]}
    with pytest.raises(ValidationError) as exc:
        hf.award(person=person, year=2016, decision_date=datetime.date(2015, 12, 31))
    assert exc.value.message_dict == {
        "decision_date": ["Ngày quyết định (31/12/2015) không được trước năm được khen (2016)."]
    }
    with pytest.raises(ValidationError) as exc:
        hf.award(person=person, year=2016, decision_date=timezone.localdate() + datetime.timedelta(days=1))
    assert exc.value.message_dict == {"decision_date": ["Ngày quyết định không được sau ngày hôm nay."]}
    with pytest.raises(ValidationError) as exc:
        hf.award(person=person, notes="x" * 501, decision_number="1" * 61)
    assert exc.value.message_dict == {
        "notes": ["Ghi chú dài quá 500 ký tự."],
        "decision_number": ["Số quyết định dài quá 60 ký tự."],
    }
    assert not Award.objects.exists()


def test_a_second_award_of_the_same_title_and_year_is_refused(world):
    person = person_of(world.vu_a)
    hf.award(person=person, code="ldtt", year=2015)
    with pytest.raises(ValidationError) as exc:
        hf.award(person=person, code="ldtt", year=2015, notes="lần hai")
    assert exc.value.messages == [
        f"«{person.full_name}» đã có «Lao động tiên tiến» năm 2015 trong sổ theo dõi khen thưởng."
    ]
    hf.award(unit=world.vu_a, code="ttldxs", year=2015)
    with pytest.raises(ValidationError) as exc:
        hf.award(unit=world.vu_a, code="ttldxs", year=2015)
    assert exc.value.messages == [
        "«Vụ Pháp luật dân sự - kinh tế» đã có «Tập thể lao động xuất sắc» năm 2015 trong sổ theo dõi khen thưởng."
    ]
    # Another year, another title: separate entries.
    hf.award(person=person, code="ldtt", year=2016)
    hf.award(person=person, code="cstdcs", year=2015)
    assert Award.objects.count() == 4


def test_an_award_from_a_decision_copies_its_reference(world):
    given = hf.decision(code="co-bo", year=2016, number=7)
    award = services.award_create(
        actor=None, title=given.title, year=2016, unit=world.vu_a, source=Award.Source.DECISION, decision=given
    )
    assert (award.decision_id, award.decision_number, award.decision_date, award.decision_issuer) == (
        given.pk,
        "07/QĐ-BTP",
        datetime.date(2017, 1, 5),
        "Bộ Tư pháp",
    )
    with pytest.raises(ValidationError) as exc:
        services.award_create(
            actor=None,
            title=hf.title("co-cp"),
            year=2016,
            unit=world.vu_b,
            source=Award.Source.DECISION,
            decision=given,
        )
    assert exc.value.messages == [
        "Quyết định 07/QĐ-BTP khen thưởng «Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)» năm 2016, "
        "không phải danh hiệu, năm này."
    ]
    with pytest.raises(ValidationError) as exc:
        services.award_create(actor=None, title=given.title, year=2016, unit=world.vu_b, source=Award.Source.DECISION)
    assert exc.value.messages == ["Khen thưởng theo quyết định trong hệ thống phải gắn với quyết định đó."]
    with pytest.raises(ValidationError) as exc:
        services.award_create(actor=None, title=given.title, year=2016, unit=world.vu_b, decision=given)
    assert exc.value.messages == ["Khen thưởng theo quyết định trong hệ thống phải gắn với quyết định đó."]


def test_an_award_entered_by_hand_is_removed_and_audited(world):
    award = hf.award(person=person_of(world.vu_a))
    board = world.users["board"]
    pk = award.pk
    services.award_delete(actor=board, award=award)
    assert not Award.objects.filter(pk=pk).exists()
    award.pk = pk
    [entry] = entries(award, LogEntry.Action.DELETE)
    assert entry.actor == board


def test_an_award_from_a_decision_is_neither_removed_nor_corrected(world):
    award = hf.decided_award(unit=world.vu_a)
    message = (
        f"Khen thưởng này được ghi theo Quyết định {award.decision_number} trong hệ thống: chỉ thay đổi được bằng "
        "một quyết định mới (đính chính, thay thế)."
    )
    with pytest.raises(ValidationError) as exc:
        services.award_delete(actor=world.users["board"], award=award)
    assert exc.value.messages == [message]
    with pytest.raises(ValidationError) as exc:
        services.award_update(actor=world.users["board"], award=award, notes="sửa")
    assert exc.value.messages == [message]
    award.refresh_from_db()
    assert (award.notes, Award.objects.count()) == ("", 1)


def test_an_award_entered_by_hand_is_corrected(world):
    award = hf.award(person=person_of(world.vu_a), year=2015, decision_number="1/QĐ")
    services.award_update(
        actor=world.users["board"],
        award=award,
        decision_number="12/QĐ-BTP",
        decision_date=datetime.date(2016, 2, 1),
        decision_issuer="Bộ Tư pháp",
        notes="Đã đối chiếu bản gốc",
    )
    award.refresh_from_db()
    assert (award.decision_number, award.decision_date, award.decision_issuer, award.notes) == (
        "12/QĐ-BTP",
        datetime.date(2016, 2, 1),
        "Bộ Tư pháp",
        "Đã đối chiếu bản gốc",
    )
    with pytest.raises(ValidationError) as exc:
        services.award_update(actor=None, award=award, decision_date=datetime.date(2014, 1, 1))
    assert exc.value.message_dict == {
        "decision_date": ["Ngày quyết định (01/01/2014) không được trước năm được khen (2015)."]
    }
