"""Casting at the same moment on PostgreSQL: one code used twice at once gives one ballot and one clear refusal."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from voting import services
from voting.models import Ballot, Participation
from voting.services import PoolInput

from .conftest import make_room

pytestmark = pytest.mark.postgres


def at_once(*calls) -> list[str]:
    barrier = threading.Barrier(len(calls))
    results: list[str] = [""] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            results[index] = "ok"
        except ValidationError as exc:
            results[index] = " ".join(exc.messages)
        except Exception as exc:  # noqa: BLE001 - any other error is what the test must catch
            results[index] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_the_same_code_cast_at_once_stores_exactly_one_ballot(transactional_db):
    room = make_room(size=4, name="Cụm đồng thời")
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=2, units=room.units[:3])],
    )
    codes = services.session_open(actor=room.board, session=session)
    first = list(session.candidates.values_list("pk", flat=True))[0]
    calls = []
    for code in codes.values():
        calls += [lambda code=code: services.ballot_cast(session=session, code=code, marks={first: True})] * 4
    results = at_once(*calls)
    assert results.count("ok") == 4
    assert results.count("Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần.") == 12
    assert Ballot.objects.filter(session=session).count() == 4
    assert Participation.objects.filter(session=session).count() == 4


def test_a_close_while_ballots_arrive_counts_exactly_the_ballots_accepted(transactional_db):
    room = make_room(size=10, name="Cụm đóng phiên")
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=2, units=room.units[:3])],
    )
    codes = services.session_open(actor=room.board, session=session)
    first = list(session.candidates.values_list("pk", flat=True))[0]
    calls = [
        lambda code=code: services.ballot_cast(session=session, code=code, marks={first: True})
        for code in codes.values()
    ]
    calls.append(lambda: services.session_close(actor=room.board, session=session))
    results = at_once(*calls)
    assert not [r for r in results if r.startswith("error")]
    accepted = results[:-1].count("ok")
    assert results[-1] == "ok"
    assert results[:-1].count("Phiên bỏ phiếu không mở: không nhận phiếu.") == 10 - accepted
    session.refresh_from_db()
    assert Ballot.objects.filter(session=session).count() == accepted
    assert len(services.chain_compute(session)) == accepted
    assert services.session_verify(session) is True
    assert services.session_count(actor=room.board, session=session).ballots == accepted
