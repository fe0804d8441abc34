"""The ballot services on the database: conference, sessions, casting, close, count, run-off, chaining."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from voting import services
from voting.models import Ballot, BallotMark, BallotSession, Candidate, Delegate, Participation
from voting.services import PoolInput

Status = BallotSession.Status


def messages(exc) -> list[str]:
    return exc.value.messages


def open_session(room, *, units=None, quota=2, **settings):
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=quota, units=units or room.units[:4])],
        **settings,
    )
    codes = services.session_open(actor=room.board, session=session)
    return session, codes


def ids(session) -> list[int]:
    return list(session.candidates.order_by("order").values_list("pk", flat=True))


def test_conference_has_one_voting_delegate_per_member_unit(room):
    assert [(d.unit_id, d.is_voting, d.present_at) for d in room.delegates] == [
        (u.pk, True, None) for u in sorted(room.units, key=lambda u: u.name)
    ]
    assert services.delegates_from_term(actor=room.board, conference=room.conference) == []


def test_conference_needs_place_and_chair(room):
    with pytest.raises(ValidationError) as exc:
        services.conference_create(
            actor=room.board, term=room.conference.term, date=datetime.date(2016, 12, 1), place=" ", chair_name=""
        )
    assert exc.value.message_dict == {
        "place": ["Phải ghi địa điểm họp."],
        "chair_name": ["Phải ghi người chủ trì hội nghị."],
    }


def test_open_issues_codes_to_present_voting_delegates_only(room):
    room.check_in(5)
    Delegate.objects.filter(pk=room.delegates[4].pk).update(is_voting=False)
    session, codes = open_session(room)
    assert sorted(codes) == sorted(d.pk for d in room.delegates[:4])
    session.refresh_from_db()
    assert (session.status, session.entitled_count, session.present_count) == (Status.OPEN, 5, 4)
    # Stored only as hashes.
    stored = set(session.codes.values_list("code_hash", flat=True))
    assert not stored & set(codes.values())
    assert len(stored) == 4


def test_cast_count_and_receipt(room):
    room.check_in()
    session, codes = open_session(room)
    c = ids(session)
    receipt = services.ballot_cast(session=session, code=codes[room.delegates[0].pk], marks={c[0]: True, c[1]: True})
    assert len(receipt) == services.RECEIPT_LENGTH
    ballot = Ballot.objects.get(receipt=receipt)
    assert ballot.is_valid is True
    assert sorted(ballot.marks.values_list("candidate_id", "agree")) == [
        (c[0], True),
        (c[1], True),
        (c[2], False),
        (c[3], False),
    ]


def test_casting_twice_stores_one_ballot_and_says_why(room):
    room.check_in()
    session, codes = open_session(room)
    code = codes[room.delegates[0].pk]
    c = ids(session)
    services.ballot_cast(session=session, code=code, marks={c[0]: True})
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(session=session, code=code.lower(), marks={c[1]: True})
    assert messages(exc) == ["Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần."]
    assert Ballot.objects.filter(session=session).count() == 1
    assert BallotMark.objects.filter(ballot__session=session, agree=True).count() == 1
    assert Participation.objects.filter(session=session).count() == 1


def test_a_wrong_code_or_another_sessions_code_is_refused(room):
    room.check_in()
    session, codes = open_session(room)
    other = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.government(),
        pools=[PoolInput(name="Cờ Chính phủ", quota=1, units=room.units[:2])],
    )
    services.session_open(actor=room.board, session=other)
    for code in ("SAI-MA-0000", codes[room.delegates[0].pk]):
        target = session if code.startswith("SAI") else other
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast(session=target, code=code, marks={})
        assert messages(exc) == ["Mã bỏ phiếu không đúng."]
    assert Ballot.objects.count() == 0
    assert Participation.objects.count() == 0


def test_a_mark_for_a_candidate_of_another_session_changes_nothing(room):
    room.check_in()
    session, codes = open_session(room)
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(session=session, code=codes[room.delegates[0].pk], marks={999999: True})
    assert messages(exc) == ["Phiếu có ứng viên không thuộc phiên này."]
    assert (Ballot.objects.count(), Participation.objects.count()) == (0, 0)


def test_casting_before_open_or_after_close_is_refused(room):
    room.check_in()
    draft = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.government(),
        pools=[PoolInput(name="Cờ Chính phủ", quota=1, units=room.units[:2])],
    )
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(session=draft, code="ABC", marks={})
    assert messages(exc) == ["Phiên bỏ phiếu không mở: không nhận phiếu."]
    session, codes = open_session(room)
    services.session_close(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(session=session, code=codes[room.delegates[0].pk], marks={})
    assert messages(exc) == ["Phiên bỏ phiếu không mở: không nhận phiếu."]
    assert Participation.objects.count() == 0


def test_an_over_quota_ballot_is_stored_invalid_and_not_counted(room):
    room.check_in()
    session, codes = open_session(room)
    c = ids(session)
    services.ballot_cast(session=session, code=codes[room.delegates[0].pk], marks={c[0]: True, c[1]: True, c[2]: True})
    for d in room.delegates[1:5]:
        services.ballot_cast(session=session, code=codes[d.pk], marks={c[0]: True})
    services.session_close(actor=room.board, session=session)
    result = services.session_count(actor=room.board, session=session)
    assert (result.ballots, result.valid, result.invalid) == (5, 4, 1)
    assert Ballot.objects.filter(session=session, is_valid=False).count() == 1
    rows = list(Candidate.objects.filter(session=session).order_by("order").values_list("votes", "passed", "reason"))
    assert rows == [(4, True, "elected"), (0, False, "threshold"), (0, False, "threshold"), (0, False, "threshold")]
    session.refresh_from_db()
    assert session.status == Status.COUNTED
    assert session.result["invalid"] == 1


def test_quorum_is_frozen_at_open(room):
    room.check_in(3)  # 3 of 6: below 2/3
    session, codes = open_session(room)
    room.check_in()  # late arrivals do not change the open session
    c = ids(session)
    for code in codes.values():
        services.ballot_cast(session=session, code=code, marks={c[0]: True})
    services.session_close(actor=room.board, session=session)
    result = services.session_count(actor=room.board, session=session)
    assert (result.entitled, result.present, result.quorum_met) == (6, 3, False)
    assert set(Candidate.objects.filter(session=session).values_list("reason", flat=True)) == {"quorum"}


def test_close_publishes_a_verifiable_chain_and_fingerprint(room):
    room.check_in()
    session, codes = open_session(room)
    c = ids(session)
    receipts = [
        services.ballot_cast(session=session, code=codes[d.pk], marks={c[i % 4]: True})
        for i, d in enumerate(room.delegates)
    ]
    session = services.session_close(actor=room.board, session=session)
    assert len(session.chain_head) == 64 and len(session.entitled_fingerprint) == 64
    assert services.session_verify(session) is True
    chain = services.chain_compute(session)
    assert [r for r, _ in chain] == sorted(receipts)
    assert dict(Ballot.objects.filter(session=session).values_list("receipt", "chain_hash")) == dict(chain)
    assert session.entitled_fingerprint == services.entitled_fingerprint(session)
    assert session.entitled_list == [f"{d.pk}|{d.unit_id}||1|1" for d in sorted(room.delegates, key=lambda d: d.pk)]
    # A name corrected after the close leaves what was published as it was.
    services.delegate_update(
        actor=room.board, delegate=room.delegates[0], full_name="Phạm Văn Dũng", position="", is_voting=True
    )
    session.refresh_from_db()
    assert services.entitled_fingerprint(session) != session.entitled_fingerprint
    assert hashlib.sha256("\n".join(session.entitled_list).encode()).hexdigest() == session.entitled_fingerprint
    # Changing one mark breaks the chain.
    mark = BallotMark.objects.filter(ballot__receipt=receipts[0], agree=True).get()
    BallotMark.objects.filter(pk=mark.pk).update(agree=False)
    assert services.session_verify(session) is False


def test_close_twice_and_count_before_close_are_refused(room):
    room.check_in()
    session, _codes = open_session(room)
    with pytest.raises(ValidationError) as exc:
        services.session_count(actor=room.board, session=session)
    assert messages(exc) == ["Chỉ kiểm phiếu khi phiên bỏ phiếu đã kết thúc."]
    services.session_close(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.session_close(actor=room.board, session=session)
    assert messages(exc) == ["Chỉ đóng được phiên đang bỏ phiếu."]


def test_a_tie_at_the_edge_leads_to_a_runoff_among_the_tied(room):
    room.check_in()
    session, codes = open_session(room, quota=2)
    c = ids(session)
    votes = [{c[0]: True, c[1]: True}, {c[0]: True, c[2]: True}] * 3  # c0: 6, c1: 3, c2: 3 of 6
    for delegate, marks in zip(room.delegates, votes, strict=True):
        services.ballot_cast(session=session, code=codes[delegate.pk], marks=marks)
    services.session_close(actor=room.board, session=session)
    result = services.session_count(actor=room.board, session=session)
    # 3 of 6 is 50%: not more than 50%. Use "at least" to make the tie count.
    assert result.winners == [c[0]]

    session2 = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.government(),
        pools=[PoolInput(name="Các Vụ", quota=2, units=room.units[:4])],
        threshold_comparison=BallotSession.Comparison.AT_LEAST,
    )
    codes = services.session_open(actor=room.board, session=session2)
    c = ids(session2)
    votes = [{c[0]: True, c[1]: True}, {c[0]: True, c[2]: True}] * 3
    for delegate, marks in zip(room.delegates, votes, strict=True):
        services.ballot_cast(session=session2, code=codes[delegate.pk], marks=marks)
    services.session_close(actor=room.board, session=session2)
    result = services.session_count(actor=room.board, session=session2)
    assert result.winners == [c[0]]
    assert result.runoff == {session2.pools.get().pk: (1, (c[1], c[2]))}

    runoff = services.session_runoff(actor=room.board, session=session2)
    assert (runoff.round, runoff.parent_id, runoff.threshold_comparison) == (2, session2.pk, "at_least")
    assert list(runoff.pools.values_list("name", "quota")) == [("Các Vụ", 1)]
    assert list(runoff.candidates.order_by("order").values_list("unit_id", flat=True)) == [
        room.units[1].pk,
        room.units[2].pk,
    ]
    with pytest.raises(ValidationError) as exc:
        services.session_runoff(actor=room.board, session=session2)
    assert messages(exc) == ["Đã tạo vòng bỏ phiếu lại cho phiên này."]

    codes = services.session_open(actor=room.board, session=runoff)
    r = ids(runoff)
    for i, delegate in enumerate(room.delegates):
        services.ballot_cast(session=runoff, code=codes[delegate.pk], marks={r[0 if i < 4 else 1]: True})
    services.session_close(actor=room.board, session=runoff)
    assert services.session_count(actor=room.board, session=runoff).winners == [r[0]]
    assert [w.unit_id for w in services.session_winners(session2)] == [room.units[0].pk, room.units[1].pk]


def test_a_chained_session_takes_the_winners_of_the_sector_banner(room):
    room.check_in()
    sector, codes = open_session(room, quota=2)
    c = ids(sector)
    for delegate in room.delegates:
        services.ballot_cast(session=sector, code=codes[delegate.pk], marks={c[1]: True, c[3]: True})
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=room.board,
            conference=room.conference,
            title=room.government(),
            pools=[PoolInput(name="Cờ Chính phủ", quota=1)],
            chained_from=sector,
        )
    assert exc.value.message_dict == {"chained_from": ["Phiên lấy ứng viên chưa kiểm phiếu."]}
    services.session_close(actor=room.board, session=sector)
    services.session_count(actor=room.board, session=sector)
    government = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.government(),
        pools=[PoolInput(name="Cờ Chính phủ", quota=1)],
        chained_from=sector,
    )
    assert list(government.candidates.order_by("order").values_list("unit_id", flat=True)) == [
        room.units[1].pk,
        room.units[3].pk,
    ]
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=room.board,
            conference=room.conference,
            title=room.government(),
            pools=[PoolInput(name="Khác", quota=1, units=[room.units[0]])],
            chained_from=sector,
        )
    assert exc.value.message_dict["pools"] == [f"«{room.units[0].name}» không trúng cử ở phiên được lấy ứng viên."]


def test_session_settings_are_checked(room):
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=room.board,
            conference=room.conference,
            title=room.sector(),
            pools=[PoolInput(name="Các Vụ", quota=0, units=room.units[:2])],
            quorum=(4, 3),
            threshold_percent=120,
            threshold_base="ai",
        )
    assert exc.value.message_dict == {
        "quorum": ["Tỷ lệ tối thiểu có mặt phải là một phân số từ 0 đến 1."],
        "threshold_percent": ["Ngưỡng phải từ 0% đến 100%."],
        "threshold_base": ["Cơ sở tính ngưỡng không hợp lệ."],
        "pools": ["Số lượng được bầu của nhóm «Các Vụ» phải từ 1 trở lên."],
    }
    assert BallotSession.objects.count() == 0


def test_pools_with_their_own_quotas_on_the_database(room):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[
            PoolInput(name="Nhóm A", quota=1, units=room.units[:2]),
            PoolInput(name="Nhóm B", quota=2, units=room.units[2:5]),
        ],
    )
    codes = services.session_open(actor=room.board, session=session)
    c = ids(session)
    a0, a1, b0, b1, b2 = (Candidate.objects.get(session=session, unit=u).pk for u in room.units[:5])
    for i, delegate in enumerate(room.delegates):
        marks = {a0: True, b0: True, b1: True} if i < 5 else {a0: True, a1: True, b2: True}  # the last: invalid
        services.ballot_cast(session=session, code=codes[delegate.pk], marks=marks)
    services.session_close(actor=room.board, session=session)
    result = services.session_count(actor=room.board, session=session)
    assert (result.valid, result.invalid) == (5, 1)
    assert sorted(result.winners) == sorted([a0, b0, b1])
    assert len(c) == 5
