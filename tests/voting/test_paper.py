"""Paper voting: papers handed out void the delegate's code; the committee enters each paper or the totals, with
the checks of the count; paper and electronic ballots merge into one count and one verifiable chain."""

import pytest
from django.core.exceptions import ValidationError

from voting import services
from voting.models import Ballot, BallotSession, PaperCount, Participation
from voting.services import PoolInput

Status = BallotSession.Status


def open_session(room, *, quota=2, size=4):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=quota, units=room.units[:size])],
    )
    codes = services.session_open(actor=room.board, session=session)
    candidates = list(session.candidates.order_by("order").values_list("pk", flat=True))
    return session, codes, candidates


def hand_out(room, session, count):
    """The last `count` delegates receive paper ballots."""
    return services.papers_issue(actor=room.board, session=session, delegates=room.delegates[-count:])


def test_a_paper_handed_out_voids_the_delegates_code(room):
    session, codes, c = open_session(room)
    assert hand_out(room, session, 2) == 2
    paper_delegate = room.delegates[-1]
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(session=session, code=codes[paper_delegate.pk], marks={c[0]: True})
    assert exc.value.messages == ["Đại biểu đã nhận phiếu giấy: mã điện tử không còn dùng được."]
    assert list(
        Participation.objects.filter(session=session).order_by("delegate_id").values_list("delegate_id", "channel")
    ) == [(d.pk, "paper") for d in room.delegates[-2:]]
    with pytest.raises(ValidationError) as exc:
        hand_out(room, session, 1)
    assert exc.value.messages == [f"{paper_delegate.unit.name} đã bỏ phiếu hoặc đã nhận phiếu giấy."]
    # The rest of the room at once: those who have neither voted nor received one.
    services.ballot_cast(session=session, code=codes[room.delegates[0].pk], marks={c[0]: True})
    assert services.papers_issue(actor=room.board, session=session) == 3
    assert Participation.objects.filter(session=session, channel="paper").count() == 5


def test_papers_are_handed_out_only_while_the_session_is_open(room):
    session, _codes, _c = open_session(room)
    services.session_close(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.papers_issue(actor=room.board, session=session)
    assert exc.value.messages == ["Chỉ phát phiếu giấy khi phiên đang bỏ phiếu (đang: «Đã kết thúc bỏ phiếu»)."]


def test_papers_entered_one_by_one_merge_with_the_electronic_ballots(room):
    session, codes, c = open_session(room)
    for delegate in room.delegates[:3]:
        services.ballot_cast(session=session, code=codes[delegate.pk], marks={c[0]: True, c[1]: True})
    hand_out(room, session, 3)
    with pytest.raises(ValidationError) as exc:
        services.paper_ballot_enter(actor=room.board, session=session, paper_number=1, marks={c[0]: True})
    assert exc.value.messages == ["Chỉ nhập phiếu giấy sau khi kết thúc bỏ phiếu, trước khi kiểm phiếu."]
    services.session_close(actor=room.board, session=session)
    services.paper_ballot_enter(actor=room.board, session=session, paper_number=7, marks={c[0]: True, c[2]: True})
    # Three "agree" marks with a quota of 2: kept, counted invalid, like a screen ballot.
    services.paper_ballot_enter(
        actor=room.board, session=session, paper_number=2, marks={c[0]: True, c[1]: True, c[2]: True}
    )
    with pytest.raises(ValidationError) as exc:
        services.paper_ballot_enter(actor=room.board, session=session, paper_number=7, marks={})
    assert exc.value.message_dict == {"paper_number": ["Phiếu số 7 đã được nhập."]}
    services.paper_ballot_enter(actor=room.board, session=session, paper_number=3, marks={c[0]: True}, spoiled=True)
    with pytest.raises(ValidationError) as exc:
        services.paper_ballot_enter(actor=room.board, session=session, paper_number=4, marks={c[0]: True})
    assert exc.value.messages == [
        "Đã nhập đủ 3 phiếu giấy đã phát: số phiếu thu vào không thể nhiều hơn số phiếu phát ra."
    ]
    papers = Ballot.objects.filter(session=session, source="paper").order_by("paper_number")
    assert list(papers.values_list("paper_number", "is_valid")) == [(2, False), (3, False), (7, True)]

    result = services.session_count(actor=room.board, session=session)
    assert (result.ballots, result.valid, result.invalid) == (6, 4, 2)
    votes = {item.candidate_id: item.votes for item in result.candidates}
    assert votes == {c[0]: 4, c[1]: 3, c[2]: 1, c[3]: 0}
    session.refresh_from_db()
    assert {k: session.result[k] for k in ("issued", "electronic", "paper_issued", "paper_returned")} == {
        "issued": 6,
        "electronic": 3,
        "paper_issued": 3,
        "paper_returned": 3,
    }
    # The chain published at the close covers the screen ballots; the count continues it over the papers.
    assert session.final_head and session.final_head != session.chain_head
    assert services.session_verify(session) is True
    assert all(Ballot.objects.filter(session=session).values_list("chain_hash", flat=True))
    # Recounting gives the same result and the same chain.
    head = session.final_head
    again = services.session_count(actor=room.board, session=session)
    session.refresh_from_db()
    assert (again, session.final_head) == (result, head)
    # A paper changed afterwards no longer verifies.
    mark = papers.get(paper_number=7).marks.get(candidate_id=c[3])
    mark.agree = True
    mark.save()
    assert services.session_verify(session) is False


def test_a_paper_entered_by_mistake_is_removed_before_the_count(room):
    session, _codes, c = open_session(room)
    hand_out(room, session, 1)
    services.session_close(actor=room.board, session=session)
    services.paper_ballot_enter(actor=room.board, session=session, paper_number=1, marks={c[0]: True})
    services.paper_ballot_remove(actor=room.board, session=session, paper_number=1)
    assert not Ballot.objects.filter(session=session).exists()
    with pytest.raises(ValidationError) as exc:
        services.paper_ballot_remove(actor=room.board, session=session, paper_number=1)
    assert exc.value.message_dict == {"paper_number": ["Chưa nhập phiếu số 1."]}


def test_the_count_waits_for_the_committee_when_papers_were_handed_out(room):
    session, _codes, c = open_session(room)
    hand_out(room, session, 2)
    services.session_close(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.session_count(actor=room.board, session=session)
    assert exc.value.messages == [
        "Đã phát 2 phiếu giấy nhưng Ban kiểm phiếu chưa nhập kết quả phiếu giấy (từng phiếu, hoặc tổng số; ghi 0 nếu "
        "không thu về phiếu nào)."
    ]
    session.refresh_from_db()
    assert session.status == Status.CLOSED
    # Nobody returned their paper: the committee says so with totals of zero.
    services.paper_totals_enter(
        actor=room.board, session=session, returned=0, valid=0, invalid=0, totals=dict.fromkeys(c, 0)
    )
    result = services.session_count(actor=room.board, session=session)
    assert (result.ballots, result.valid, result.invalid) == (0, 0, 0)


def test_paper_totals_are_checked_and_nothing_is_written_when_they_do_not_add_up(room):
    session, codes, c = open_session(room, quota=1)
    services.ballot_cast(session=session, code=codes[room.delegates[0].pk], marks={c[0]: True})
    hand_out(room, session, 4)
    services.session_close(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.paper_totals_enter(
            actor=room.board,
            session=session,
            returned=5,
            valid=3,
            invalid=1,
            totals={c[0]: 4, c[1]: 2, c[2]: -1},
        )
    assert exc.value.message_dict == {
        "returned": ["Số phiếu thu vào (5) không được nhiều hơn số phiếu phát ra (4)."],
        "valid": ["Số phiếu hợp lệ (3) cộng không hợp lệ (1) phải bằng số phiếu thu vào (5)."],
        f"candidate_{c[0]}": [f"«{room.units[0].name}»: 4 phiếu đồng ý, nhiều hơn số phiếu hợp lệ (3)."],
        f"candidate_{c[2]}": [f"Phải ghi số phiếu đồng ý của «{room.units[2].name}» (số nguyên từ 0)."],
        f"candidate_{c[3]}": [f"Phải ghi số phiếu đồng ý của «{room.units[3].name}» (số nguyên từ 0)."],
        "totals": [
            "Nhóm «Các Vụ»: tổng 6 phiếu đồng ý vượt quá 3 phiếu hợp lệ × 1 (số lượng được bầu): có phiếu vượt số "
            "lượng đã bị tính là hợp lệ."
        ],
    }
    assert not PaperCount.objects.filter(session=session).exists()
    services.paper_totals_enter(
        actor=room.board, session=session, returned=4, valid=3, invalid=1, totals={c[0]: 2, c[1]: 1, c[2]: 0, c[3]: 0}
    )
    with pytest.raises(ValidationError) as exc:
        services.paper_ballot_enter(actor=room.board, session=session, paper_number=1, marks={})
    assert exc.value.messages == ["Ban kiểm phiếu đã nhập tổng số phiếu theo ứng viên: không nhập thêm từng phiếu."]
    result = services.session_count(actor=room.board, session=session)
    assert (result.ballots, result.valid, result.invalid) == (5, 4, 1)
    assert {i.candidate_id: i.votes for i in result.candidates} == {c[0]: 3, c[1]: 1, c[2]: 0, c[3]: 0}
    session.refresh_from_db()
    # The totals are a link of the chain: changing them afterwards breaks the verification.
    assert services.session_verify(session) is True
    total = session.paper_count.totals.get(candidate_id=c[1])
    total.votes = 0
    total.save()
    assert services.session_verify(session) is False


def test_totals_are_refused_once_papers_were_entered_one_by_one(room):
    session, _codes, c = open_session(room)
    hand_out(room, session, 2)
    services.session_close(actor=room.board, session=session)
    services.paper_ballot_enter(actor=room.board, session=session, paper_number=1, marks={c[0]: True})
    with pytest.raises(ValidationError) as exc:
        services.paper_totals_enter(
            actor=room.board, session=session, returned=2, valid=2, invalid=0, totals=dict.fromkeys(c, 0)
        )
    assert exc.value.messages == ["Đã nhập từng phiếu giấy: không nhập tổng số (hãy tiếp tục nhập từng phiếu)."]


def test_paper_entry_needs_a_manager_of_the_conference(room):
    from django.core.exceptions import PermissionDenied

    from tests import factories

    session, _codes, c = open_session(room)
    staff = factories.user(role="unit_staff", unit_=room.units[1])
    with pytest.raises(PermissionDenied):
        services.papers_issue(actor=staff, session=session)
    services.papers_issue(actor=room.board, session=session)
    services.session_close(actor=room.board, session=session)
    with pytest.raises(PermissionDenied):
        services.paper_ballot_enter(actor=staff, session=session, paper_number=1, marks={c[0]: True})
    leader = factories.user(role="cluster_leader", unit_=room.units[0])
    services.paper_ballot_enter(actor=leader, session=session, paper_number=1, marks={c[0]: True})
    assert Ballot.objects.filter(session=session, source="paper").count() == 1


def test_a_paper_number_must_be_one_that_was_printed(room):
    session, _codes, c = open_session(room)
    services.papers_print(actor=room.board, session=session, copies=3)
    hand_out(room, session, 2)
    services.session_close(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.paper_ballot_enter(actor=room.board, session=session, paper_number=4, marks={c[0]: True})
    assert exc.value.message_dict == {"paper_number": ["Chỉ in 3 phiếu (số 1 đến 3): không có phiếu số 4."]}
    services.paper_ballot_enter(actor=room.board, session=session, paper_number=3, marks={c[0]: True})
