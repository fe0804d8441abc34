"""log_bulk_created writes, for an object, the audit entry auditlog's own create signal writes for it."""

import datetime
from decimal import Decimal

import pytest
from auditlog.cid import correlation_id
from auditlog.context import disable_auditlog, set_actor
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from campaigns.models import Covenant, CovenantCriterion, EmulationYear, Registration, RegistrationSheet
from thidua.core import audit
from thidua.core.audit import acting_as, log_bulk_created
from thidua.org.models import Person
from thidua.titles.models import Title

NOTE = "Nhập từ tệp Excel"
# Set by the database or the clock, or the bulk marker: compared apart.
APART = {"id", "timestamp", "additional_data"}


@pytest.fixture
def board(world):
    account = world.users["board"]
    account.email = "vutdkt@moj.gov.vn"
    account.save(update_fields=["email"])
    return account


def created_entry(obj) -> LogEntry:
    return LogEntry.objects.get(
        content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk), action=LogEntry.Action.CREATE
    )


def fields_of(entry: LogEntry) -> dict:
    return {f.attname: getattr(entry, f.attname) for f in LogEntry._meta.concrete_fields if f.attname not in APART}


def assert_same_as_auditlog(obj, *, actor, note: str = NOTE) -> LogEntry:
    """Log `obj` (already created, and so logged by auditlog's signal) through the fast path; both entries of
    the object must agree on every field but the bulk marker and the moment."""
    normal = created_entry(obj)
    before = timezone.now()
    assert log_bulk_created([obj], actor=actor, note=note) == 1
    after = timezone.now()
    fast = LogEntry.objects.filter(content_type=normal.content_type, object_pk=normal.object_pk).exclude(pk=normal.pk)
    assert fast.count() == 1
    fast = fast.get()

    assert fields_of(fast) == fields_of(normal)
    assert normal.changes  # the comparison is about something
    assert normal.additional_data is None
    assert fast.additional_data == ({"bulk": True, "note": note} if note else {"bulk": True})
    assert normal.timestamp <= before <= fast.timestamp <= after
    return fast


@pytest.fixture
def sheet(world, board):
    with acting_as(board):
        return RegistrationSheet.objects.create(unit=world.vu_a, year=2016, unit_name=world.vu_a.name)


def test_a_registration_of_a_person(world, board, sheet):
    person = Person.objects.filter(unit=world.vu_a).first()
    title = Title.objects.get(code="ldtt")
    with acting_as(board):
        registration = Registration.objects.create(sheet=sheet, person=person, title=title)

    fast = assert_same_as_auditlog(registration, actor=board)
    assert fast.changes == {
        "id": ["None", str(registration.pk)],
        "sheet": ["None", str(sheet.pk)],
        "year": ["None", "2016"],
        "unit": ["None", str(world.vu_a.pk)],
        "person": ["None", str(person.pk)],
        "title": ["None", str(title.pk)],
        "created_at": ["None", str(timezone.make_naive(registration.created_at, datetime.UTC))],
    }
    assert (fast.actor_id, fast.actor_email, fast.object_id) == (board.pk, "vutdkt@moj.gov.vn", registration.pk)
    assert fast.object_repr == f"{person.full_name}: Lao động tiên tiến (2016)"


def test_a_collective_registration_has_its_empty_person(world, board, sheet):
    with acting_as(board):
        registration = Registration.objects.create(sheet=sheet, title=Title.objects.get(code="ttldtt"))

    fast = assert_same_as_auditlog(registration, actor=board)
    # auditlog's own rule: an empty foreign key is written as a change from "None" to "None".
    assert fast.changes["person"] == ["None", "None"]


def test_a_sheet_with_empty_fields_choices_and_reverse_relations(board, sheet):
    fast = assert_same_as_auditlog(sheet, actor=board)
    assert fast.changes["status"] == ["None", "draft"]
    assert fast.changes["submitted_at"] == ["None", "None"]
    assert fast.changes["registrations"] == ["None", "campaigns.Registration.None"]
    assert "return_reason" in fast.changes  # "" differs from "None"


def test_a_person_with_a_boolean_and_an_empty_number(world, board):
    with acting_as(board):
        person = Person.objects.create(unit=world.vu_b, full_name="Lê Thị Bình", gender=Person.Gender.FEMALE)

    fast = assert_same_as_auditlog(person, actor=board)
    assert fast.changes["is_active"] == ["None", "True"]
    assert "birth_year" not in fast.changes  # empty: equal to "None", as auditlog leaves it out


def test_a_user_without_the_fields_its_registration_excludes(board):
    with acting_as(board):
        account = get_user_model().objects.create_user(username="nguoimoi", password="Mat-khau-2016-dai")

    fast = assert_same_as_auditlog(account, actor=board)
    assert "password" not in fast.changes
    assert "last_login" not in fast.changes
    assert "date_joined" in fast.changes


def test_a_date_and_a_decimal(world, board):
    with acting_as(board):
        year = EmulationYear.objects.create(year=2016, registration_deadline=datetime.date(2016, 1, 15))
        covenant = Covenant.objects.create(term=world.term, title="Giao ước thi đua năm 2016", targets="Chỉ tiêu")
        criterion = CovenantCriterion.objects.create(
            covenant=covenant, order=1, name="Nhiệm vụ chuyên môn", max_points=Decimal("12.50")
        )

    assert assert_same_as_auditlog(year, actor=board).changes["registration_deadline"] == ["None", "2016-01-15"]
    assert_same_as_auditlog(covenant, actor=board)
    assert assert_same_as_auditlog(criterion, actor=board).changes["max_points"] == ["None", "12.50"]


def test_the_system_as_actor(world):
    person = Person.objects.create(unit=world.vu_a, full_name="Đỗ Thị Hoa", gender=Person.Gender.FEMALE)

    fast = assert_same_as_auditlog(person, actor=None)
    assert (fast.actor_id, fast.actor_email) == (None, None)


def test_the_request_context_correlation_id_and_address(world, board):
    """Without an actor of its own, the entry takes the request's (AuditlogMiddleware's context), with its
    address, as auditlog's signal does; and the request's correlation id."""
    token = correlation_id.set("yeu-cau-2016-001")
    try:
        with set_actor(board, remote_addr="10.1.2.3", remote_port=52100):
            person = Person.objects.create(unit=world.vu_a, full_name="Phạm Văn Cường", gender=Person.Gender.MALE)
            fast = assert_same_as_auditlog(person, actor=None)
    finally:
        correlation_id.reset(token)
    assert (fast.actor_id, fast.remote_addr, fast.remote_port, fast.cid) == (
        board.pk,
        "10.1.2.3",
        52100,
        "yeu-cau-2016-001",
    )


def test_changes_stored_as_json_values(settings, board, sheet):
    settings.AUDITLOG_STORE_JSON_CHANGES = True
    with acting_as(board):
        registration = Registration.objects.create(sheet=sheet, title=Title.objects.get(code="ttldtt"))

    fast = assert_same_as_auditlog(registration, actor=board)
    assert fast.changes["year"] == [None, 2016]


def test_without_a_note(board, sheet):
    fast = assert_same_as_auditlog(sheet, actor=board, note="")
    assert fast.additional_data == {"bulk": True}


def test_many_objects_in_several_batches(world, board, monkeypatch):
    monkeypatch.setattr(audit, "BULK_BATCH", 2)
    people = Person.objects.bulk_create(
        [Person(unit=world.vu_b, full_name=f"Cán bộ Số {i}", gender=Person.Gender.MALE) for i in range(5)]
    )

    assert log_bulk_created(people, actor=board, note=NOTE) == 5

    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id__in=[p.pk for p in people]
    ).order_by("object_id")
    assert [(e.object_id, e.object_pk, e.object_repr) for e in entries] == [
        (p.pk, str(p.pk), p.full_name) for p in people
    ]
    assert {(e.actor_id, e.action) for e in entries} == {(board.pk, LogEntry.Action.CREATE)}


def test_nothing_when_there_is_nothing_or_auditlog_is_off(world, board):
    assert log_bulk_created([], actor=board) == 0
    person = Person.objects.filter(unit=world.vu_a).first()
    before = LogEntry.objects.count()
    with disable_auditlog():
        assert log_bulk_created([person], actor=board) == 0
    assert LogEntry.objects.count() == before


def _actors(*people: Person) -> list:
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Person), object_id__in=[p.pk for p in people]
    )
    return [entries.get(object_id=p.pk).actor_id for p in people]


def test_nested_blocks_keep_the_outer_actor_after_the_inner_one(world, board):
    """A service calling another service: both open a block; what the outer one writes after the inner call is
    still the actor's (auditlog's own set_actor does not nest). The same under the request's context."""
    other = get_user_model().objects.create_user(username="nguoikhac", password="Mat-khau-2016-dai")

    def make(name: str) -> Person:
        return Person.objects.create(unit=world.vu_a, full_name=name, gender=Person.Gender.MALE)

    with acting_as(board):
        with acting_as(board):
            first = make("Người Thứ Nhất")
        with acting_as(other):
            second = make("Người Thứ Hai")
        third = make("Người Thứ Ba")
    with set_actor(other):
        with acting_as(board):
            fourth = make("Người Thứ Tư")
        fifth = make("Người Thứ Năm")
    sixth = make("Người Thứ Sáu")
    assert _actors(first, second, third, fourth, fifth, sixth) == [
        board.pk,
        other.pk,
        board.pk,
        board.pk,
        other.pk,
        None,
    ]
