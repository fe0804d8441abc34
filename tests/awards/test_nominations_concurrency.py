"""Moves made at the same moment on PostgreSQL: the row lock makes one of two identical moves win and the other
see the new status; the title lock keeps two dossiers from taking the last place of a quota together."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from awards.models import Nomination, NominationEvent
from awards.services import nominations as services
from tests.awards import nominations_factories as f

pytestmark = pytest.mark.postgres
Status = Nomination.Status


def at_once(*calls) -> list[str]:
    """Run the calls in threads released together; each result is "ok" or the refusal's message."""
    barrier = threading.Barrier(len(calls))
    results: list[str] = [""] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
            results[index] = "ok"
        except ValidationError as exc:
            results[index] = " ".join(exc.messages)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_approvals_at_once_make_one_move(transactional_db, world):
    nomination = f.at_board(world)
    board = world.users["board"]
    results = at_once(
        lambda: services.nomination_approve(actor=board, nomination=nomination),
        lambda: services.nomination_approve(actor=board, nomination=nomination),
    )
    assert sorted(results) == [
        "Chỉ duyệt được hồ sơ đang chờ Vụ Thi đua - Khen thưởng thẩm định; hồ sơ này đang ở trạng thái «Hội đồng xét».",
        "ok",
    ]
    assert NominationEvent.objects.filter(nomination=nomination, to_status=Status.COUNCIL).count() == 1
    nomination.refresh_from_db()
    assert nomination.status == Status.COUNCIL


def test_a_return_and_an_approval_at_once_do_one_or_the_other(transactional_db, world):
    nomination = f.at_board(world)
    board = world.users["board"]
    results = at_once(
        lambda: services.nomination_approve(actor=board, nomination=nomination),
        lambda: services.nomination_return(actor=board, nomination=nomination, reason="Thiếu báo cáo."),
    )
    assert results.count("ok") in (1, 2)
    nomination.refresh_from_db()
    moves = list(
        NominationEvent.objects.filter(nomination=nomination).order_by("pk").values_list("from_status", "to_status")
    )
    # Each move started from the status the previous one left: never two moves from the same status.
    froms = [m[0] for m in moves]
    assert len(froms) == len(set(froms))
    assert moves[-1][1] == nomination.status


def test_two_dossiers_cannot_take_the_last_place_of_a_quota_together(transactional_db, world):
    f.free_rule("bk-bo-tt")
    f.quota("bk-bo-tt")
    for unit in (world.ministry, world.vu_a, world.vu_b, world.cuc, world.chi_cuc):
        f.ballot(unit)
    drafts = [f.nominate(proposing_unit=u, unit=u, code="bk-bo-tt") for u in (world.vu_a, world.vu_b)]
    results = at_once(*(lambda d=d: services.nomination_submit(actor=None, nomination=d) for d in drafts))
    assert sorted(results) == [
        "Vượt chỉ tiêu: tối đa 1 hồ sơ đề nghị Bằng khen của Bộ trưởng Bộ Tư pháp cho tập thể (20% của 5 tập thể được "
        "suy tôn); đã có 1.",
        "ok",
    ]
    assert Nomination.objects.filter(title__code="bk-bo-tt", status=Status.BOARD).count() == 1
