"""Exemplary models: who may mark whom, one mark per collective or person a year, names kept for history."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from campaigns.models import ExemplaryModel
from campaigns.services.exemplary import exemplary_create, exemplary_delete, exemplary_update
from thidua.org.models import Person
from thidua.org.services import person_save, unit_save

pytestmark = pytest.mark.django_db

DESCRIPTION = "Dẫn đầu phong trào ứng dụng công nghệ thông tin; hoàn thành xuất sắc nhiệm vụ năm 2016."


def test_unit_staff_mark_their_unit_and_its_people(world):
    person = Person.objects.get(unit=world.vu_a)
    collective = exemplary_create(actor=world.users["staff_a"], year=2016, unit=world.vu_a, description=DESCRIPTION)
    individual = exemplary_create(
        actor=world.users["staff_a"], year=2016, unit=world.vu_a, person=person, description=f"  {DESCRIPTION}  "
    )
    assert (collective.unit_name, collective.person_name, collective.is_collective) == (world.vu_a.name, "", True)
    assert (individual.person_name, individual.description, individual.is_collective) == (
        person.full_name,
        DESCRIPTION,
        False,
    )
    assert individual.created_by == world.users["staff_a"]
    entry = LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(ExemplaryModel), object_pk=str(individual.pk)
    )
    assert entry.actor == world.users["staff_a"]


def test_staff_of_a_parent_unit_and_the_board_mark_sub_units(world):
    assert exemplary_create(actor=world.users["staff_cuc"], year=2016, unit=world.chi_cuc, description=DESCRIPTION)
    assert exemplary_create(actor=world.users["board"], year=2016, unit=world.other, description=DESCRIPTION)


@pytest.mark.parametrize("username", ["staff_b", "leader_a", "viewer", "delegate_b", "staff_other"])
def test_others_may_not_mark_a_unit(world, username):
    with pytest.raises(PermissionDenied) as caught:
        exemplary_create(actor=world.users[username], year=2016, unit=world.vu_a, description=DESCRIPTION)
    assert caught.value.args[0] == (
        "Bạn chỉ được ghi nhận điển hình tiên tiến của đơn vị mình phụ trách (Vụ Pháp luật dân sự - kinh tế)."
    )
    assert not ExemplaryModel.objects.exists()


def test_one_mark_per_collective_and_per_person_a_year(world):
    person = Person.objects.get(unit=world.vu_a)
    exemplary_create(actor=None, year=2016, unit=world.vu_a, description=DESCRIPTION)
    exemplary_create(actor=None, year=2016, unit=world.vu_a, person=person, description=DESCRIPTION)
    with pytest.raises(ValidationError) as caught:
        exemplary_create(actor=None, year=2016, unit=world.vu_a, description="Lần nữa")
    assert caught.value.message_dict == {
        "unit": ["Vụ Pháp luật dân sự - kinh tế đã được ghi nhận là điển hình tiên tiến năm 2016."]
    }
    with pytest.raises(ValidationError) as caught:
        exemplary_create(actor=None, year=2016, unit=world.vu_a, person=person, description="Lần nữa")
    assert caught.value.message_dict == {
        "person": [f"{person.full_name} đã được ghi nhận là điển hình tiên tiến năm 2016."]
    }
    assert exemplary_create(actor=None, year=2017, unit=world.vu_a, person=person, description=DESCRIPTION)
    assert ExemplaryModel.objects.count() == 3


def test_the_person_works_in_the_unit_and_a_description_is_needed(world):
    person = Person.objects.get(unit=world.vu_b)
    with pytest.raises(ValidationError) as caught:
        exemplary_create(actor=None, year=2016, unit=world.vu_a, person=person, description=DESCRIPTION)
    assert caught.value.message_dict == {"person": [f"{person.full_name} không thuộc Vụ Pháp luật dân sự - kinh tế."]}
    with pytest.raises(ValidationError) as caught:
        exemplary_create(actor=None, year=2016, unit=world.vu_a, description="   ")
    assert caught.value.message_dict == {"description": ["Vui lòng nêu thành tích tiêu biểu."]}
    with pytest.raises(ValidationError) as caught:
        exemplary_create(actor=None, year=2016, unit=world.vu_a, description="x" * 2001)
    assert caught.value.message_dict == {"description": ["Thành tích tiêu biểu dài tối đa 2000 ký tự."]}


def test_the_names_of_that_year_stay_when_the_unit_is_renamed(world):
    person = Person.objects.get(unit=world.vu_a)
    row = exemplary_create(actor=None, year=2016, unit=world.vu_a, person=person, description=DESCRIPTION)
    old_unit, old_person = world.vu_a.name, person.full_name
    world.vu_a.name = "Vụ Pháp luật dân sự, kinh tế"
    unit_save(actor=None, unit=world.vu_a)
    person.full_name = "Trần Văn Đổi Tên"
    person_save(actor=None, person=person)
    row.refresh_from_db()
    assert (row.unit_name, row.person_name) == (old_unit, old_person)


def test_change_and_remove_are_for_the_units_staff(world):
    row = exemplary_create(actor=None, year=2016, unit=world.vu_a, description=DESCRIPTION)
    with pytest.raises(PermissionDenied):
        exemplary_update(actor=world.users["staff_b"], exemplary=row, description="Khác")
    exemplary_update(actor=world.users["staff_a"], exemplary=row, description="Thành tích mới")
    assert ExemplaryModel.objects.get().description == "Thành tích mới"
    with pytest.raises(PermissionDenied):
        exemplary_delete(actor=world.users["viewer"], exemplary=row)
    exemplary_delete(actor=world.users["staff_a"], exemplary=row)
    assert not ExemplaryModel.objects.exists()
