"""Secrecy: from everything in the database, no column, key, order or audit entry links a ballot to a delegate."""

import uuid

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from voting import services
from voting.models import Ballot, BallotMark, Participation, VoterCode
from voting.services import PoolInput

from .conftest import make_room


def cast_all(room):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=2, units=room.units[:4])],
    )
    codes = services.session_open(actor=room.board, session=session)
    candidates = list(session.candidates.order_by("order").values_list("pk", flat=True))
    session.cast_order = [
        services.ballot_cast(session=session, code=codes[delegate.pk], marks={candidates[i % 4]: True})
        for i, delegate in enumerate(room.delegates)
    ]
    return session


def test_ballots_have_no_field_that_points_to_a_voter_or_a_time(db):
    for model in (Ballot, BallotMark):
        for f in model._meta.concrete_fields:
            assert f.get_internal_type() not in ("DateTimeField", "DateField", "AutoField", "BigAutoField"), f
            if f.is_relation:
                assert f.related_model.__name__ in ("BallotSession", "Ballot", "Candidate"), f
    assert Ballot._meta.pk.get_internal_type() == "UUIDField"
    assert BallotMark._meta.pk.get_internal_type() == "UUIDField"
    # Participation says who voted, not which ballot.
    assert {f.name for f in Participation._meta.concrete_fields} == {"id", "session", "delegate", "channel"}


def test_the_order_of_keys_does_not_follow_the_order_of_voting(db):
    room = make_room(size=12, name="Cụm ẩn danh")
    session = cast_all(room)
    ballots = list(Ballot.objects.filter(session=session).values_list("id", "receipt"))
    assert all(isinstance(pk, uuid.UUID) and pk.version == 4 for pk, _ in ballots)
    # Random keys and receipts: the chance that either order is the casting order is 1/12! each.
    by_key = [receipt for _, receipt in sorted(ballots)]
    assert by_key != session.cast_order
    assert sorted(session.cast_order) != session.cast_order
    assert len(set(session.cast_order)) == 12


def test_the_audit_log_holds_nothing_of_the_ballots(db):
    room = make_room()
    session = cast_all(room)
    services.session_close(actor=room.board, session=session)
    services.session_count(actor=room.board, session=session)
    for model in (Ballot, BallotMark, Participation, VoterCode):
        assert LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).count() == 0
    receipts = list(Ballot.objects.values_list("receipt", flat=True))
    for entry in LogEntry.objects.all():
        text = f"{entry.changes} {entry.object_repr} {entry.additional_data}"
        assert not any(r in text for r in receipts)
    # The session's own changes are audited.
    assert LogEntry.objects.filter(object_pk=str(session.pk), content_type__model="ballotsession").count() == 4


@pytest.mark.postgres
def test_after_close_every_ballot_row_carries_the_same_transaction_id(db):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    room = make_room(size=8, name="Cụm xmin")
    session = cast_all(room)
    services.session_close(actor=room.board, session=session)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT xmin::text) FROM voting_ballot WHERE session_id = %s", [session.pk])
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            "SELECT COUNT(DISTINCT m.xmin::text) FROM voting_ballotmark m JOIN voting_ballot b ON b.id = m.ballot_id "
            "WHERE b.session_id = %s",
            [session.pk],
        )
        assert cursor.fetchone()[0] == 1
        # The rows were rewritten in receipt order: their physical order is not the casting order either.
        cursor.execute("SELECT receipt FROM voting_ballot WHERE session_id = %s ORDER BY ctid", [session.pk])
        assert [row[0] for row in cursor.fetchall()] != session.cast_order
