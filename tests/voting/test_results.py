"""What a counted vote produces: nominations from a cluster's winners, the council's vote moving nominations on or
back, and next year's leaders with their appointment decision."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from awards.models import Decision, Nomination, NominationEvent
from awards.services.nominations import nomination_approve
from tests import factories
from tests.awards import nominations_factories as nf
from thidua.org.models import ClusterMembership, ClusterTerm
from voting import services
from voting.models import BallotSession, Conference
from voting.services import MemberInput, PoolInput

from .conftest import make_room

Status = BallotSession.Status


def vote(room, session, marks_per_delegate):
    codes = services.session_open(actor=room.board, session=session)
    for delegate, marks in zip(room.delegates, marks_per_delegate, strict=False):
        services.ballot_cast(session=session, code=codes[delegate.pk], marks=marks)
    services.session_close(actor=room.board, session=session)
    return services.session_count(actor=room.board, session=session)


def sector_vote(room, *, agree_with, quota=2):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=quota, units=room.units[:4])],
    )
    candidates = list(session.candidates.order_by("order").values_list("pk", flat=True))
    vote(room, session, [{candidates[i]: True for i in agree_with}] * len(room.delegates))
    return session, candidates


def test_the_winners_of_a_cluster_vote_become_nominations_waiting_for_the_board(room):
    session, _c = sector_vote(room, agree_with=(1, 3))
    nominations = services.session_publish(actor=room.board, session=session)
    assert [(n.unit, n.title.code, n.year, n.status, n.source) for n in nominations] == [
        (room.units[1], "co-bo", 2016, Nomination.Status.BOARD, Nomination.Source.BALLOT),
        (room.units[3], "co-bo", 2016, Nomination.Status.BOARD, Nomination.Source.BALLOT),
    ]
    assert nominations[0].term == room.conference.term
    assert nominations[0].source_reference == (
        f"Kết quả bỏ phiếu bình xét, suy tôn tại {room.conference.name} (Hà Nội, ngày 20/12/2016): 6/6 phiếu đồng ý "
        "(100.00%)"
    )
    session.refresh_from_db()
    assert session.published_at is not None
    with pytest.raises(ValidationError) as exc:
        services.session_publish(actor=room.board, session=session)
    assert exc.value.messages == ["Kết quả đã được công bố."]
    assert Nomination.objects.count() == 2


def test_a_vote_is_published_only_when_counted_and_with_no_runoff_pending(room):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=1, units=room.units[:3])],
        threshold_comparison=BallotSession.Comparison.AT_LEAST,
    )
    with pytest.raises(ValidationError) as exc:
        services.session_publish(actor=room.board, session=session)
    assert exc.value.messages == ["Vòng 1 chưa kiểm phiếu: chưa có kết quả cuối cùng."]
    c = list(session.candidates.order_by("order").values_list("pk", flat=True))
    # 3 of 6 each for the first two: both reach 50%, one place: a tie at the edge.
    vote(room, session, [{c[0]: True}, {c[1]: True}] + [{c[0]: True}, {c[1]: True}] * 2)
    session.refresh_from_db()
    assert session.result["runoff"]
    with pytest.raises(ValidationError) as exc:
        services.session_publish(actor=room.board, session=session)
    assert exc.value.messages == ["Kết quả có trường hợp bằng phiếu: hãy tổ chức bỏ phiếu lại trước khi công bố."]
    runoff = services.session_runoff(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.session_publish(actor=room.board, session=runoff)
    assert exc.value.messages == ["Vòng 2 chưa kiểm phiếu: chưa có kết quả cuối cùng."]
    r = list(runoff.candidates.order_by("order").values_list("pk", flat=True))
    vote(room, runoff, [{r[1]: True}] * 5 + [{r[0]: True}])
    # Published from either round: the winner of the run-off is the nomination.
    nominations = services.session_publish(actor=room.board, session=runoff)
    assert [n.unit for n in nominations] == [room.units[1]]
    session.refresh_from_db()
    assert session.published_at is not None


def test_only_a_manager_publishes(room):
    session, _c = sector_vote(room, agree_with=(0,))
    staff = factories.user(role="unit_staff", unit_=room.units[2])
    with pytest.raises(PermissionDenied):
        services.session_publish(actor=staff, session=session)
    leader = factories.user(role="cluster_leader", unit_=room.units[0])
    assert [n.unit for n in services.session_publish(actor=leader, session=session)] == [room.units[0]]


# The council ------------------------------------------------------------------------------------------------


def council(size=10):
    board = factories.user(role="board")
    ministry = factories.unit("Bộ Tư pháp thử")
    members = [MemberInput(full_name=f"Thành viên số {i}", position="Ủy viên", unit=ministry) for i in range(size)]
    meeting = services.council_meeting_create(
        actor=board,
        year=2016,
        date=datetime.date(2016, 12, 29),
        place="Hà Nội",
        chair_name="Lê Thành Long",
        members=members,
        agenda="Xét đề nghị tặng Cờ thi đua\n  Các nội dung khác ",
    )
    return meeting, board


def at_council(units, code="co-bo"):
    return [nomination_approve(actor=None, nomination=nf.ballot(unit, code=code)) for unit in units]


def test_a_council_meeting_has_its_members_as_voting_delegates(db):
    meeting, _board = council(3)
    assert (meeting.kind, meeting.term, meeting.year) == (Conference.Kind.COUNCIL, None, 2016)
    assert meeting.name == "Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm 2016"
    assert meeting.agenda_lines == ["Xét đề nghị tặng Cờ thi đua", "Các nội dung khác"]
    assert list(meeting.delegates.order_by("pk").values_list("full_name", "is_voting")) == [
        ("Thành viên số 0", True),
        ("Thành viên số 1", True),
        ("Thành viên số 2", True),
    ]


def test_council_meetings_are_the_boards_and_need_members(db):
    staff = factories.user(role="unit_staff", unit_=factories.unit())
    with pytest.raises(PermissionDenied):
        services.council_meeting_create(
            actor=staff, year=2016, date=datetime.date(2016, 12, 29), place="Hà Nội", chair_name="A", members=[]
        )
    with pytest.raises(ValidationError) as exc:
        services.council_meeting_create(actor=None, year=1900, date=None, place="", chair_name="A", members=[])
    assert exc.value.message_dict == {
        "place": ["Phải ghi địa điểm họp."],
        "date": ["Phải ghi ngày họp."],
        "year": ["Năm thi đua phải từ 1945 đến 2100."],
        "members": ["Phải có ít nhất một thành viên Hội đồng."],
    }
    unit = factories.unit()
    with pytest.raises(ValidationError) as exc:
        services.council_meeting_create(
            actor=None,
            year=2016,
            date=datetime.date(2016, 12, 29),
            place="Hà Nội",
            chair_name="A",
            members=[MemberInput("Nguyễn Văn An", "", unit), MemberInput(" Nguyễn  Văn An ", "", unit)],
        )
    assert exc.value.message_dict == {"members": ["Mỗi thành viên Hội đồng chỉ ghi một lần."]}
    assert not Conference.objects.exists()


def test_the_council_votes_on_the_nominations_before_it_and_moves_them_on_or_back(world):
    meeting, board = council(10)
    passed, failed = at_council([world.vu_a, world.vu_b])
    title = passed.title
    with pytest.raises(ValidationError) as exc:
        services.session_create(
            actor=board, conference=meeting, title=title, pools=[PoolInput(name="A", quota=1, units=[world.vu_a])]
        )
    assert exc.value.message_dict["conference"] == [
        "Phiên họp Hội đồng bỏ phiếu về các hồ sơ đề nghị: dùng «Phiên xét hồ sơ»."
    ]
    session = services.council_session_create(actor=board, conference=meeting, title=title)
    # The sector banner is not a Chiến sĩ thi đua title: more than half of all the members.
    assert (session.threshold_percent, session.threshold_base, session.threshold_comparison, session.tie_rule) == (
        Decimal(50),
        "entitled",
        "more_than",
        "none",
    )
    candidates = {c.nomination_id: c.pk for c in session.candidates.all()}
    assert set(candidates) == {passed.pk, failed.pk}
    assert session.pools.get().quota == 2
    for delegate in meeting.delegates.all():
        services.delegate_check_in(actor=board, delegate=delegate)
    codes = services.session_open(actor=board, session=session)
    for i, code in enumerate(codes.values()):
        # 6 of 10 for the first, 5 of 10 (not more than half) for the second.
        services.ballot_cast(
            session=session, code=code, marks={candidates[passed.pk]: i < 6, candidates[failed.pk]: i < 5}
        )
    services.session_close(actor=board, session=session)
    services.session_count(actor=board, session=session)
    moved = services.session_publish(actor=board, session=session)
    assert {n.pk: n.status for n in moved} == {
        passed.pk: Nomination.Status.APPROVED,
        failed.pk: Nomination.Status.RETURNED,
    }
    failed.refresh_from_db()
    assert failed.return_reason == (
        "Hội đồng Thi đua - Khen thưởng không thông qua: Hội đồng bỏ phiếu: 5/10 phiếu đồng ý (50.00%). Không đạt "
        "ngưỡng"
    )
    assert NominationEvent.objects.filter(nomination=passed, to_status="approved").get().note == (
        "Hội đồng bỏ phiếu: 6/10 phiếu đồng ý (60.00%)."
    )


def test_the_chien_si_thi_dua_titles_need_90_percent_of_all_members(db):
    title = nf.title("cstd-bo")
    settings = services.council_defaults(title)
    assert (settings.threshold_percent, settings.threshold_base, settings.threshold_comparison) == (
        Decimal(90),
        "entitled",
        "at_least",
    )


def test_a_council_session_needs_nominations_before_the_council(world):
    meeting, board = council(3)
    nf.ballot(world.vu_a)  # at the board, not yet before the council
    with pytest.raises(ValidationError) as exc:
        services.council_session_create(actor=board, conference=meeting, title=nf.title("co-bo"))
    assert exc.value.message_dict == {
        "nominations": [
            "Không có hồ sơ «Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp)» năm 2016 nào đang chờ Hội đồng xét."
        ]
    }
    assert not BallotSession.objects.exists()


# Next year's leaders ------------------------------------------------------------------------------------------


def test_next_years_leaders_are_written_on_the_next_term_and_put_into_a_draft_decision(db):
    room = make_room(size=5)
    conference = room.conference
    decision = services.conference_appoint_leaders(
        actor=room.board,
        conference=conference,
        leader=room.units[2],
        deputies=[room.units[4]],
        date=datetime.date(2017, 1, 10),
        signer_name="Trần Tiến Dũng",
    )
    next_term = ClusterTerm.objects.get(cluster=conference.term.cluster, year=2017)
    roles = dict(next_term.memberships.values_list("unit_id", "role"))
    assert roles == {
        room.units[0].pk: "member",
        room.units[1].pk: "member",
        room.units[2].pk: ClusterMembership.Role.LEADER,
        room.units[3].pk: "member",
        room.units[4].pk: ClusterMembership.Role.DEPUTY,
    }
    assert (decision.kind, decision.status, decision.term) == (Decision.Kind.APPOINTMENT, "draft", next_term)
    assert list(decision.items.order_by("order").values_list("unit_id", "role")) == [
        (room.units[2].pk, "leader"),
        (room.units[4].pk, "deputy"),
    ]
    conference.refresh_from_db()
    assert conference.appointment == decision
    # The same choice again: the same decision, nothing new.
    again = services.conference_appoint_leaders(
        actor=room.board,
        conference=conference,
        leader=room.units[2],
        deputies=[room.units[4]],
        date=datetime.date(2017, 1, 10),
        signer_name="Trần Tiến Dũng",
    )
    assert again == decision
    assert Decision.objects.count() == 1


def test_next_years_leaders_must_be_members_and_are_the_boards_to_appoint(db):
    room = make_room(size=3)
    outsider = factories.unit("Vụ ngoài cụm")
    leader_user = factories.user(role="cluster_leader", unit_=room.units[0])
    with pytest.raises(PermissionDenied):
        services.conference_appoint_leaders(
            actor=leader_user,
            conference=room.conference,
            leader=room.units[1],
            date=datetime.date(2017, 1, 10),
            signer_name="A",
        )
    with pytest.raises(ValidationError) as exc:
        services.conference_appoint_leaders(
            actor=room.board,
            conference=room.conference,
            leader=outsider,
            date=datetime.date(2017, 1, 10),
            signer_name="A",
        )
    assert exc.value.message_dict == {"leader": ["Đơn vị Cụm trưởng (Vụ ngoài cụm) phải là thành viên của cụm."]}
    assert not ClusterTerm.objects.filter(year=2017).exists()
    assert not Decision.objects.exists()


def test_the_national_chien_si_thi_dua_title_needs_90_percent_too(db):
    settings = services.council_defaults(nf.title("cstd-tq"))
    assert (settings.threshold_percent, settings.threshold_comparison) == (Decimal(90), "at_least")
