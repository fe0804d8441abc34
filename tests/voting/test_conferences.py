"""Conferences and their delegates: who votes, the counting committee, check-in, and who may run a conference."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from voting import services
from voting.models import BallotSession, Conference, Delegate
from voting.services import PoolInput


def test_a_conference_is_named_after_its_year_and_cluster(room):
    conference = room.conference
    assert (conference.kind, conference.year) == (Conference.Kind.CLUSTER, 2016)
    assert conference.name == "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm thi đua thử"
    assert conference.voting_per_unit == 1


def test_only_the_board_and_the_terms_leader_run_a_conference(room):
    term = room.conference.term
    staff = factories.user(role="unit_staff", unit_=room.units[1])
    with pytest.raises(PermissionDenied):
        services.conference_create(
            actor=staff, term=term, date=datetime.date(2016, 12, 1), place="Hà Nội", chair_name="A"
        )
    with pytest.raises(PermissionDenied):
        services.delegate_check_in(actor=staff, delegate=room.delegates[0])
    leader = factories.user(role="cluster_leader", unit_=room.units[0])
    services.delegate_check_in(actor=leader, delegate=room.delegates[0])
    # The leader of another term does not run this one.
    other_units = [factories.unit(f"Cục khác {i}") for i in range(2)]
    factories.term("Cụm khác", 2016, other_units, leader=other_units[0])
    other_leader = factories.user(role="cluster_leader", unit_=other_units[0])
    with pytest.raises(PermissionDenied):
        services.delegate_check_in(actor=other_leader, delegate=room.delegates[0])


def test_a_voting_delegate_comes_from_a_member_unit_within_the_number_per_unit(room):
    conference = room.conference
    guest_unit = factories.unit("Văn phòng Bộ thử")
    with pytest.raises(ValidationError) as exc:
        services.delegate_add(actor=room.board, conference=conference, unit=guest_unit, full_name="Khách mời")
    assert exc.value.message_dict == {
        "unit": [f"Văn phòng Bộ thử không phải thành viên của {conference.term}: chỉ dự, không biểu quyết."]
    }
    guest = services.delegate_add(
        actor=room.board, conference=conference, unit=guest_unit, full_name="Khách mời", is_voting=False
    )
    assert guest.is_voting is False
    with pytest.raises(ValidationError) as exc:
        services.delegate_add(actor=room.board, conference=conference, unit=room.units[1], full_name="Người thứ hai")
    assert exc.value.message_dict == {
        "is_voting": [f"{room.units[1].name} đã đủ 1 đại biểu có quyền biểu quyết (theo cấu hình của hội nghị)."]
    }
    services.conference_update(
        actor=room.board,
        conference=conference,
        date=conference.date,
        place=conference.place,
        chair_name=conference.chair_name,
        name=conference.name,
        voting_per_unit=2,
    )
    conference.refresh_from_db()
    second = services.delegate_add(
        actor=room.board, conference=conference, unit=room.units[1], full_name="Người thứ hai"
    )
    assert second.is_voting is True
    with pytest.raises(ValidationError) as exc:
        services.conference_update(
            actor=room.board,
            conference=conference,
            date=conference.date,
            place=conference.place,
            chair_name=conference.chair_name,
            name=conference.name,
            voting_per_unit=1,
        )
    assert exc.value.message_dict == {
        "voting_per_unit": [
            "Đã có đơn vị có 2 đại biểu có quyền biểu quyết: hãy bỏ quyền biểu quyết của đại biểu trước."
        ]
    }
    with pytest.raises(ValidationError) as exc:
        services.delegate_add(
            actor=room.board, conference=conference, unit=room.units[1], full_name="Người thứ hai", is_voting=False
        )
    assert exc.value.message_dict == {"full_name": ["Đại biểu này đã có trong danh sách hội nghị."]}


def test_the_counting_committee_has_one_head_and_named_members(room):
    first, second = room.delegates[:2]
    with pytest.raises(ValidationError) as exc:
        services.delegate_update(
            actor=room.board, delegate=first, full_name="", position="Vụ trưởng", is_voting=True, committee_role="head"
        )
    assert exc.value.message_dict == {"full_name": ["Thành viên Ban kiểm phiếu phải có họ và tên (để ký biên bản)."]}
    services.delegate_update(
        actor=room.board,
        delegate=first,
        full_name="Nguyễn Văn An",
        position="Vụ trưởng",
        is_voting=True,
        committee_role="head",
    )
    with pytest.raises(ValidationError) as exc:
        services.delegate_update(
            actor=room.board,
            delegate=second,
            full_name="Trần Thị Bình",
            position="",
            is_voting=True,
            committee_role="head",
        )
    assert exc.value.message_dict == {"committee_role": ["Ban kiểm phiếu đã có Trưởng ban."]}
    services.delegate_update(
        actor=room.board,
        delegate=second,
        full_name="Trần Thị Bình",
        position="",
        is_voting=True,
        committee_role="member",
    )
    assert list(
        Delegate.objects.exclude(committee_role="")
        .order_by("committee_role")
        .values_list("full_name", "committee_role")
    ) == [("Nguyễn Văn An", "head"), ("Trần Thị Bình", "member")]


def test_the_entitled_list_is_not_changed_while_a_session_is_open(room):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=1, units=room.units[:2])],
    )
    codes = services.session_open(actor=room.board, session=session)
    message = ["Đang có phiên bỏ phiếu mở: chỉ thay đổi danh sách đại biểu được sau khi kết thúc bỏ phiếu."]
    with pytest.raises(ValidationError) as exc:
        services.delegate_update(
            actor=room.board, delegate=room.delegates[0], full_name="", position="", is_voting=False
        )
    assert exc.value.messages == message
    with pytest.raises(ValidationError) as exc:
        services.delegate_remove(actor=room.board, delegate=room.delegates[0])
    assert exc.value.messages == message
    # A name can still be corrected.
    services.delegate_update(
        actor=room.board, delegate=room.delegates[0], full_name="Lê Văn Cường", position="Vụ trưởng", is_voting=True
    )
    first = session.candidates.order_by("order").first()
    services.ballot_cast(session=session, code=codes[room.delegates[0].pk], marks={first.pk: True})
    services.session_close(actor=room.board, session=session)
    with pytest.raises(ValidationError) as exc:
        services.delegate_remove(actor=room.board, delegate=room.delegates[0])
    assert exc.value.messages == ["Đại biểu đã được cấp mã hoặc đã bỏ phiếu: không xóa được, chỉ bỏ quyền biểu quyết."]
    assert BallotSession.objects.get().status == "closed"


def test_check_in_everyone_at_once(room):
    services.delegate_check_in(actor=room.board, delegate=room.delegates[0])
    assert services.delegates_check_in_all(actor=room.board, conference=room.conference) == len(room.delegates) - 1
    assert not Delegate.objects.filter(present_at__isnull=True).exists()
    assert services.delegates_check_in_all(actor=room.board, conference=room.conference) == 0


def test_a_lost_code_is_reissued_and_the_old_one_stops_working(room):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=1, units=room.units[:2])],
    )
    codes = services.session_open(actor=room.board, session=session)
    delegate = room.delegates[0]
    new = services.code_reissue(actor=room.board, session=session, delegate=delegate)
    assert new != codes[delegate.pk]
    first = session.candidates.order_by("order").first()
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast(session=session, code=codes[delegate.pk], marks={first.pk: True})
    assert exc.value.messages == ["Mã bỏ phiếu không đúng."]
    services.ballot_cast(session=session, code=new.lower(), marks={first.pk: True})
    with pytest.raises(ValidationError) as exc:
        services.code_reissue(actor=room.board, session=session, delegate=delegate)
    assert exc.value.messages == ["Đại biểu đã bỏ phiếu hoặc đã nhận phiếu giấy: không cấp lại mã."]
