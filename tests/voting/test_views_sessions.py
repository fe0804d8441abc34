"""The session pages: creating a cluster's session (pools, chained, settings) and the council's, the settings of a
draft, deleting it, the session's page at each step (turnout only until the count, then the result), and the
actions: close, count, run-off, publish, paper ballots handed out. Who sees (404) and who runs (403) each one."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from awards.models import Nomination
from tests import factories
from tests.awards.decisions_factories import approved
from voting import services
from voting.models import BallotSession, Candidate, Participation, Pool

from .conftest import Room
from .manage_factories import (
    candidate_ids,
    check_in_all,
    conference,
    count_queries,
    counted,
    draft,
    login,
    opened,
    page_text,
    title,
)

pytestmark = pytest.mark.django_db

Status = BallotSession.Status
SEES = {"board": 200, "leader_a": 200, "staff_a": 200, "staff_b": 200, "viewer": 200, "staff_other": 404}
REFUSED = {"staff_b": 403, "viewer": 403, "staff_a": 403, "staff_other": 404, "staff_cuc": 404}


def settings_data(**fields) -> dict:
    return {
        "quorum": "2/3",
        "threshold_percent": "50",
        "threshold_comparison": "more_than",
        "threshold_base": "valid",
        "tie_rule": "runoff",
        "ballot_form": "agree",
        **fields,
    }


def pools_data(pools: list[dict]) -> dict:
    data = {"pools-TOTAL_FORMS": str(len(pools)), "pools-INITIAL_FORMS": "0"}
    for i, pool in enumerate(pools):
        data[f"pools-{i}-name"] = pool.get("name", "")
        data[f"pools-{i}-quota"] = str(pool.get("quota", 1))
        data[f"pools-{i}-units"] = [u.pk for u in pool.get("units", [])]
    return data


# Creating a cluster's session --------------------------------------------------------------------------------------


def test_the_new_session_form_starts_with_one_pool_of_every_member_and_the_defaults(client, world):
    meeting = conference(world)
    login(client, world, "leader_a")
    response = client.get(reverse("session_create", args=[meeting.pk]))
    pools = response.context["pools"]
    assert [(f.initial.get("name"), f.initial.get("quota"), f.initial.get("units")) for f in pools] == [
        ("Các đơn vị thành viên", 1, [world.vu_a, world.vu_b]),
        (None, 1, None),
    ]
    form = response.context["form"]
    assert {name: form.initial[name] for name in settings_data()} == settings_data()
    assert list(form.fields["title"].queryset) == list(
        form.fields["title"].queryset.model.objects.filter(subject="tap_the", is_active=True)
    )
    page = page_text(response)
    assert "Mặc định: có mặt từ 2/3 tổng số đại biểu có quyền biểu quyết" in page
    assert len(client.get(reverse("session_create", args=[meeting.pk]), {"pools": 3}).context["pools"].forms) == 4


def test_the_pools_can_be_split_by_kind_of_unit(client, world):
    region = factories.term(
        "Khu vực miền núi phía Bắc", 2016, [world.cuc, world.chi_cuc, world.other], leader=world.cuc
    )
    meeting = services.conference_create(
        actor=None, term=region, date=datetime.date(2016, 11, 25), place="Hòa Bình", chair_name="Lê Tiến Châu"
    )
    login(client, world, "board")
    response = client.get(reverse("session_create", args=[meeting.pk]), {"split": "kind"})
    assert [(f.initial.get("name"), f.initial.get("units")) for f in response.context["pools"]] == [
        ("Chi cục THADS", [world.chi_cuc]),
        ("Cục THADS", [world.cuc]),
        ("Sở Tư pháp", [world.other]),
        (None, None),
    ]


def test_creating_a_session_with_its_pools_and_settings(client, world):
    meeting = conference(world)
    login(client, world, "leader_a")
    data = {
        "title": title("co-bo").pk,
        **settings_data(quorum="3 / 4", threshold_percent="66,67", threshold_comparison="at_least"),
        **pools_data([{"name": "Các Vụ", "quota": 1, "units": [world.vu_b, world.vu_a]}, {"quota": 1}]),
    }
    response = client.post(reverse("session_create", args=[meeting.pk]), data)
    session = BallotSession.objects.get()
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    assert (
        session.title.code,
        session.status,
        session.quorum_numerator,
        session.quorum_denominator,
        session.threshold_percent,
        session.threshold_comparison,
    ) == ("co-bo", Status.DRAFT, 3, 4, Decimal("66.67"), "at_least")
    assert [(p.name, p.quota) for p in session.pools.all()] == [("Các Vụ", 1)]
    assert sorted(session.candidates.values_list("unit_id", flat=True)) == sorted([world.vu_a.pk, world.vu_b.pk])


def test_a_session_with_bad_input_says_why_on_each_field_and_creates_nothing(client, world):
    meeting = conference(world)
    login(client, world, "board")
    url = reverse("session_create", args=[meeting.pk])
    pools = pools_data([{"name": "Các Vụ", "quota": 1, "units": [world.vu_a]}])
    response = client.post(
        url, {"title": "", **settings_data(quorum="hai phần ba", threshold_percent="năm mươi", tie_rule="x"), **pools}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": ["Vui lòng chọn danh hiệu."],
        "quorum": ["Tỷ lệ tối thiểu có mặt phải là một phân số, ví dụ 2/3 (hai phần ba)."],
        "threshold_percent": ["Ngưỡng phải là một số có tối đa hai chữ số thập phân, ví dụ 50 hoặc 66,67."],
        "tie_rule": ["Quy tắc khi bằng phiếu không hợp lệ."],
    }
    # The services' checks, on their fields.
    response = client.post(
        url, {"title": title("co-bo").pk, **settings_data(quorum="4/3", threshold_percent="150"), **pools}
    )
    assert response.context["form"].errors == {
        "quorum": ["Tỷ lệ tối thiểu có mặt phải là một phân số từ 0 đến 1."],
        "threshold_percent": ["Ngưỡng phải từ 0% đến 100%."],
    }
    response = client.post(
        url, {"title": title("co-bo").pk, **settings_data(quorum="1/99999", threshold_percent="1e999999"), **pools}
    )
    assert response.context["form"].errors == {
        "quorum": ["Tỷ lệ tối thiểu có mặt: tử số và mẫu số không quá 1000."],
        "threshold_percent": ["Ngưỡng phải là một số có tối đa hai chữ số thập phân, ví dụ 50 hoặc 66,67."],
    }
    response = client.post(url, {"title": title("cstdcs").pk, **settings_data(), **pools})
    assert response.context["form"].errors == {"title": ["Danh hiệu được chọn không có trong danh sách."]}
    # The pools' checks, above the pools.
    response = client.post(
        url,
        {"title": title("co-bo").pk, **settings_data(), **pools_data([{"name": "Các Vụ", "quota": 1, "units": []}])},
    )
    assert response.context["pool_errors"] == ["Nhóm «Các Vụ» chưa có ứng viên."]
    assert "Nhóm «Các Vụ» chưa có ứng viên." in page_text(response)
    response = client.post(url, {"title": title("co-bo").pk, **settings_data(), **pools_data([{"quota": 1}])})
    assert response.context["pools"].non_form_errors() == ["Phải có ít nhất một nhóm ứng viên."]
    response = client.post(
        url,
        {
            "title": title("co-bo").pk,
            **settings_data(),
            **pools_data([{"name": "", "quota": 0, "units": [world.cuc]}]),
        },
    )
    assert response.context["pools"].errors == [
        {
            "name": ["Vui lòng nhập tên nhóm ứng viên."],
            "quota": ["Số lượng được bầu: Giá trị nhỏ nhất là 1."],
            "units": ["Ứng viên phải là đơn vị thành viên của cụm."],
        }
    ]
    assert not BallotSession.objects.exists()
    assert not Pool.objects.exists()


def test_a_chained_session_takes_the_winners_of_a_counted_session(client, world):
    meeting = conference(world)
    sector = counted(meeting, votes=[[0], [0]])  # Vụ A elected
    login(client, world, "board")
    url = reverse("session_create", args=[meeting.pk])
    response = client.get(url, {"from": sector.pk})
    assert response.context["form"].initial["chained_from"] == sector.pk
    assert [(f.initial.get("name"), f.initial.get("units")) for f in response.context["pools"]][0] == (
        sector.title.name,
        [world.vu_a],
    )
    response = client.post(
        url,
        {
            "title": title("co-cp").pk,
            "chained_from": sector.pk,
            **settings_data(),
            **pools_data([{"name": "Cờ Chính phủ", "quota": 1, "units": [world.vu_b]}]),
        },
    )
    assert response.context["pool_errors"] == ["«Vụ Tổ chức cán bộ» không trúng cử ở phiên được lấy ứng viên."]
    response = client.post(
        url,
        {
            "title": title("co-cp").pk,
            "chained_from": sector.pk,
            **settings_data(),
            **pools_data([{"name": "Cờ Chính phủ", "quota": 1}]),
        },
    )
    government = BallotSession.objects.get(title__code="co-cp")
    assert response["Location"] == reverse("session_detail", args=[government.pk])
    assert (government.chained_from, list(government.candidates.values_list("unit_id", flat=True))) == (
        sector,
        [world.vu_a.pk],
    )


def test_creating_a_session_is_for_who_runs_the_conference(client, world):
    meeting = conference(world)
    url = reverse("session_create", args=[meeting.pk])
    data = {"title": title("co-bo").pk, **settings_data(), **pools_data([{"name": "A", "units": [world.vu_a]}])}
    for username, status in REFUSED.items():
        login(client, world, username)
        assert client.get(url).status_code == status, username
        assert client.post(url, data).status_code == status, username
    assert not BallotSession.objects.exists()


# The council's session ---------------------------------------------------------------------------------------------


@pytest.fixture
def council(world):
    meeting = services.council_meeting_create(
        actor=None,
        year=2016,
        date=datetime.date(2017, 1, 4),
        place="Hà Nội",
        chair_name="Bộ trưởng",
        members=[
            services.MemberInput(full_name=f"Thành viên {i}", position="Ủy viên", unit=world.ministry) for i in range(3)
        ],
    )
    people = [factories.person(world.vu_a, "Nguyễn Thị Mai"), factories.person(world.vu_b, "Đỗ Văn Nam")]
    nominations = [approved(title_=title("cstd-bo"), person=p, status=Nomination.Status.COUNCIL) for p in people]
    return meeting, nominations


def test_the_council_votes_on_the_nominations_before_it_with_its_defaults(client, world, council):
    meeting, nominations = council
    login(client, world, "board")
    url = reverse("session_create", args=[meeting.pk])
    response = client.get(url)
    assert response.context["form"] is None
    assert f'<option value="{title("cstd-bo").pk}">Chiến sĩ thi đua cấp Bộ, ngành (2 hồ sơ)</option>' in (
        response.content.decode()
    )
    response = client.get(url, {"title": title("cstd-bo").pk})
    form = response.context["form"]
    assert form.initial["nominations"] == [nominations[1], nominations[0]]  # Đỗ Văn Nam, then Nguyễn Thị Mai
    assert {name: form.initial[name] for name in settings_data()} == settings_data(
        threshold_percent="90", threshold_comparison="at_least", threshold_base="entitled", tie_rule="none"
    )
    response = client.post(
        url,
        {
            "title": title("cstd-bo").pk,
            "nominations": [nominations[0].pk],
            **settings_data(threshold_percent="90", threshold_comparison="at_least", threshold_base="entitled"),
        },
    )
    session = BallotSession.objects.get()
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    assert list(session.candidates.values_list("nomination_id", "name")) == [(nominations[0].pk, "Nguyễn Thị Mai")]
    response = client.post(url, {"title": title("cstd-bo").pk, "nominations": [], **settings_data()})
    assert response.context["form"].errors == {"nominations": ["Vui lòng chọn ít nhất một hồ sơ."]}
    assert BallotSession.objects.count() == 1


def test_a_council_meeting_is_run_by_the_board_only(client, world, council):
    meeting, _nominations = council
    url = reverse("session_create", args=[meeting.pk])
    for username, status in {"viewer": 403, "leader_a": 404, "staff_a": 404}.items():
        login(client, world, username)
        assert client.get(url).status_code == status, username
    login(client, world, "viewer")
    assert client.get(reverse("conference_detail", args=[meeting.pk])).status_code == 200


# Settings and deletion of a draft -----------------------------------------------------------------------------------


def test_the_settings_of_a_draft(client, world):
    meeting = conference(world)
    session = draft(meeting)
    url = reverse("session_settings", args=[session.pk])
    for username, status in REFUSED.items():
        login(client, world, username)
        assert client.get(url).status_code == status, username
        assert client.post(url, settings_data(quorum="1/2")).status_code == status, username
    login(client, world, "leader_a")
    assert client.get(url).context["form"].initial["quorum"] == "2/3"
    response = client.post(url, settings_data(quorum="1/0"))
    assert response.context["form"].errors == {"quorum": ["Tỷ lệ tối thiểu có mặt phải là một phân số từ 0 đến 1."]}
    response = client.post(url, settings_data(quorum="1/2", threshold_base="present", ballot_form="choose"))
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    session.refresh_from_db()
    assert (session.quorum_numerator, session.quorum_denominator, session.threshold_base, session.ballot_form) == (
        1,
        2,
        "present",
        "choose",
    )
    check_in_all(meeting)
    services.session_open(actor=None, session=session)
    response = client.post(url, settings_data(quorum="2/3"))
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    assert "Chỉ sửa cấu hình khi phiên đang chuẩn bị." in page_text(client.get(response["Location"]))
    session.refresh_from_db()
    assert session.quorum_numerator == 1


def test_deleting_a_draft(client, world):
    meeting = conference(world)
    session = draft(meeting)
    url = reverse("session_delete", args=[session.pk])
    for username, status in REFUSED.items():
        login(client, world, username)
        assert client.post(url).status_code == status, username
    login(client, world, "leader_a")
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk]) + "#sessions"
    assert not BallotSession.objects.exists()
    other, _codes = opened(meeting)
    response = client.post(reverse("session_delete", args=[other.pk]))
    assert "Chỉ xóa được phiên đang chuẩn bị (đang: «Đang bỏ phiếu»)." in page_text(client.get(response["Location"]))
    assert BallotSession.objects.filter(pk=other.pk).exists()


# The session's page -----------------------------------------------------------------------------------------------


def test_the_session_page_is_for_who_sees_the_conference(client, world):
    meeting = conference(world)
    session = draft(meeting)
    for username, status in {**SEES, "staff_cuc": 404}.items():
        login(client, world, username)
        assert client.get(reverse("session_detail", args=[session.pk])).status_code == status, username
    login(client, world, "board")
    assert client.get(reverse("session_detail", args=[10**6])).status_code == 404


def test_a_draft_shows_the_candidates_settings_and_who_is_checked_in(client, world):
    meeting = conference(world)
    session = draft(meeting, threshold_percent=Decimal("66.67"), threshold_comparison="at_least")
    services.delegate_check_in(actor=None, delegate=meeting.delegates.first())
    login(client, world, "leader_a")
    response = client.get(reverse("session_detail", args=[session.pk]))
    page = page_text(response)
    assert "Bỏ phiếu: Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp) Sửa cấu hình Xóa phiên" in page
    assert "Chuẩn bị · 20/12/2016, Hà Nội" in page
    assert "Ngưỡng trúng cử từ 66,67% số phiếu hợp lệ" in page
    assert "1/2 đại biểu có quyền biểu quyết đã điểm danh." in page
    assert "Các đơn vị thành viên bầu 1 STT Ứng viên 1 Vụ Pháp luật dân sự - kinh tế 2 Vụ Tổ chức cán bộ" in page
    for action in ("session_open", "session_settings", "session_delete"):
        assert reverse(action, args=[session.pk]).encode() in response.content, action
    login(client, world, "staff_b")
    response = client.get(reverse("session_detail", args=[session.pk]))
    for action in ("session_open", "session_settings", "session_delete"):
        assert reverse(action, args=[session.pk]).encode() not in response.content, action
    assert "Vụ Tổ chức cán bộ" in page_text(response)


def test_while_open_the_page_shows_the_turnout_never_the_votes(client, world):
    meeting = conference(world)
    session, codes = opened(meeting)
    ids = candidate_ids(session)
    first, second = codes.values()
    services.ballot_cast(session=session, code=first, marks={ids[0]: True})
    for username in ("leader_a", "staff_b"):
        login(client, world, username)
        response = client.get(reverse("session_detail", args=[session.pk]))
        page = page_text(response)
        assert (
            "Có quyền biểu quyết 2 Có mặt khi mở 2 Đã bỏ phiếu điện tử 1 Đã nhận phiếu giấy 0 Chưa bỏ phiếu 1" in page
        )
        assert "Số phiếu đồng ý" not in page and "Kết quả kiểm phiếu" not in page
        assert response.context["result"] is None
        assert reverse("session_screen", args=[session.pk]).encode() in response.content
    services.session_close(actor=None, session=session)
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert "Đã bỏ phiếu điện tử 1" in page and "Số phiếu đồng ý" not in page


def test_the_manager_sees_who_has_taken_part_and_may_hand_out_paper_ballots(client, world):
    meeting = conference(world)
    session, codes = opened(meeting)
    services.ballot_cast(session=session, code=codes[meeting.delegates.get(unit=world.vu_a).pk], marks={})
    login(client, world, "leader_a")
    response = client.get(reverse("session_detail", args=[session.pk]))
    page = page_text(response)
    assert "Đại biểu được cấp mã (2)" in page
    assert "Vụ Pháp luật dân sự - kinh tế — Đã bỏ phiếu điện tử" in page
    assert "Vụ Tổ chức cán bộ — Chưa bỏ phiếu Cấp lại mã" in page
    url = reverse("session_papers_issue", args=[session.pk])
    response = client.post(url, {})
    assert "Vui lòng chọn đại biểu nhận phiếu giấy, hoặc «phát cho tất cả»." in page_text(
        client.get(response["Location"])
    )
    voted = meeting.delegates.get(unit=world.vu_a)
    response = client.post(url, {"delegates": [voted.pk]})
    assert "Có đại biểu đã bỏ phiếu hoặc không có mã của phiên này: hãy tải lại trang." in page_text(
        client.get(response["Location"])
    )
    response = client.post(url, {"all": "1"})
    assert response["Location"] == reverse("session_detail", args=[session.pk]) + "#voters"
    assert "Đã ghi nhận phát 1 phiếu giấy." in page_text(client.get(response["Location"]))
    assert sorted(Participation.objects.filter(session=session).values_list("delegate__unit_id", "channel")) == sorted(
        [(world.vu_a.pk, "electronic"), (world.vu_b.pk, "paper")]
    )
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert "Đã bỏ phiếu điện tử 1 Đã nhận phiếu giấy 1 Chưa bỏ phiếu 0" in page
    for username, status in REFUSED.items():
        login(client, world, username)
        assert client.post(url, {"all": "1"}).status_code == status, username


def open_room(size: int, name: str):
    units = [factories.unit(f"{name}: đơn vị {i:02d}") for i in range(size)]
    term = factories.term(name, 2016, units, leader=units[0])
    board = factories.user(role="board")
    meeting = services.conference_create(
        actor=board, term=term, date=datetime.date(2016, 12, 20), place="Hà Nội", chair_name="Trần Tiến Dũng"
    )
    room = Room(meeting, units, list(meeting.delegates.order_by("pk")), board)
    room.check_in()
    half = max(size // 2, 1)
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[
            services.PoolInput(name="Nhóm 1", quota=1, units=room.units[:half]),
            *([services.PoolInput(name="Nhóm 2", quota=1, units=room.units[half:])] if size > 1 else []),
        ],
    )
    codes = services.session_open(actor=room.board, session=session)
    return room, session, codes


def test_the_session_page_makes_as_many_queries_for_one_row_as_for_many(client):
    small, small_session, small_codes = open_room(1, "Cụm nhỏ")
    large, large_session, large_codes = open_room(14, "Cụm lớn")
    for session, codes in ((small_session, small_codes), (large_session, large_codes)):
        services.ballot_cast(session=session, code=next(iter(codes.values())), marks={})
    client.force_login(small.board)
    one = count_queries(client, reverse("session_detail", args=[small_session.pk]))
    client.force_login(large.board)
    assert count_queries(client, reverse("session_detail", args=[large_session.pk])) == one
    for room, session in ((small, small_session), (large, large_session)):
        services.session_close(actor=room.board, session=session)
        services.session_count(actor=room.board, session=session)
    client.force_login(small.board)
    one = count_queries(client, reverse("session_detail", args=[small_session.pk]))
    client.force_login(large.board)
    assert count_queries(client, reverse("session_detail", args=[large_session.pk])) == one


# Close, count, result ---------------------------------------------------------------------------------------------


def test_closing_and_counting_show_the_result_table(client, world):
    meeting = conference(world)
    session, codes = opened(meeting)
    ids = candidate_ids(session)
    for code in codes.values():
        services.ballot_cast(session=session, code=code, marks={ids[1]: True})
    login(client, world, "leader_a")
    response = client.post(reverse("session_count", args=[session.pk]))
    assert "Chỉ kiểm phiếu khi phiên bỏ phiếu đã kết thúc." in page_text(client.get(response["Location"]))
    response = client.post(reverse("session_close", args=[session.pk]))
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    session.refresh_from_db()
    assert session.status == Status.CLOSED
    page = page_text(client.get(response["Location"]))
    assert "Đã kết thúc bỏ phiếu: phiên không nhận thêm phiếu." in page
    assert "Nhập phiếu giấy Kiểm phiếu" in page
    response = client.post(reverse("session_count", args=[session.pk]))
    assert response["Location"] == reverse("session_detail", args=[session.pk]) + "#result"
    response = client.get(response["Location"])
    page = page_text(response)
    assert (
        "Kết quả kiểm phiếu Có quyền biểu quyết 2 Có mặt 2 Phiếu phát ra 2 Phiếu thu vào 2 Phiếu hợp lệ 2 "
        "Phiếu không hợp lệ 0 Đủ số đại biểu có mặt theo quy định"
    ) in page
    assert "1 Vụ Pháp luật dân sự - kinh tế 0 0,00% Không trúng cử: không đạt ngưỡng" in page
    assert "2 Vụ Tổ chức cán bộ 2 100,00% Trúng cử" in page
    assert reverse("session_verify", args=[session.pk]).encode() in response.content
    assert reverse("session_screen", args=[session.pk]).encode() in response.content
    login(client, world, "staff_b")
    response = client.get(reverse("session_detail", args=[session.pk]))
    assert "2 Vụ Tổ chức cán bộ 2 100,00% Trúng cử" in page_text(response)
    assert reverse("session_publish", args=[session.pk]).encode() not in response.content
    assert "Kết quả chưa được công bố." in page_text(response)


def test_close_count_runoff_and_publish_are_refused_to_who_does_not_run_the_conference(client, world):
    meeting = conference(world)
    session, _codes = opened(meeting)
    for username, status in REFUSED.items():
        login(client, world, username)
        for name in ("session_close", "session_count", "session_runoff", "session_publish", "session_open"):
            assert client.post(reverse(name, args=[session.pk])).status_code == status, (username, name)
    session.refresh_from_db()
    assert session.status == Status.OPEN
    login(client, world, "leader_a")
    assert client.get(reverse("session_close", args=[session.pk])).status_code == 405


def test_a_tie_at_the_edge_offers_a_runoff(client, world):
    meeting = conference(world)
    session = counted(
        meeting, votes=[[0], [1]], threshold_percent=Decimal(0), threshold_comparison="at_least"
    )  # one vote each, one place
    login(client, world, "leader_a")
    response = client.get(reverse("session_detail", args=[session.pk]))
    page = page_text(response)
    assert "cần bỏ phiếu lại giữa những ứng viên này. Tạo vòng bỏ phiếu lại" in page
    assert "1 Vụ Pháp luật dân sự - kinh tế 1 50,00% Không trúng cử: bằng phiếu ở vị trí cuối" in page
    assert "Chưa có kết quả cuối cùng" in page
    assert reverse("session_publish", args=[session.pk]).encode() not in response.content
    response = client.post(reverse("session_publish", args=[session.pk]))
    assert "Kết quả có trường hợp bằng phiếu: hãy tổ chức bỏ phiếu lại trước khi công bố." in page_text(
        client.get(response["Location"])
    )
    response = client.post(reverse("session_runoff", args=[session.pk]))
    runoff = BallotSession.objects.get(parent=session)
    assert (runoff.round, runoff.status) == (2, Status.DRAFT)
    assert response["Location"] == reverse("session_detail", args=[runoff.pk])
    page = page_text(client.get(response["Location"]))
    assert "– vòng 2" in page and "Vòng trước Vòng 1" in page
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert "Vòng 2 · Chuẩn bị" in page and "Tạo vòng bỏ phiếu lại" not in page
    response = client.post(reverse("session_runoff", args=[session.pk]))
    assert "Đã tạo vòng bỏ phiếu lại cho phiên này." in page_text(client.get(response["Location"]))


def test_publishing_a_clusters_vote_makes_the_nominations(client, world):
    meeting = conference(world)
    session = counted(meeting, votes=[[0], [0]])
    login(client, world, "leader_a")
    response = client.post(reverse("session_publish", args=[session.pk]))
    assert response["Location"] == reverse("session_detail", args=[session.pk]) + "#published"
    nomination = Nomination.objects.get()
    assert (nomination.unit, nomination.title.code, nomination.status, nomination.source) == (
        world.vu_a,
        "co-bo",
        Nomination.Status.BOARD,
        Nomination.Source.BALLOT,
    )
    response = client.get(response["Location"])
    page = page_text(response)
    assert "Đã công bố kết quả: 1 hồ sơ đề nghị khen thưởng được lập cho các đơn vị trúng cử." in page
    assert "Vụ Pháp luật dân sự - kinh tế – Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp) 2016" in page
    assert reverse("nomination_detail", args=[nomination.pk]).encode() in response.content
    response = client.post(reverse("session_publish", args=[session.pk]))
    assert "Kết quả đã được công bố." in page_text(client.get(response["Location"]))
    assert Nomination.objects.count() == 1


def test_publishing_the_councils_vote_moves_the_nominations(client, world, council):
    meeting, nominations = council
    session = services.council_session_create(
        actor=None, conference=meeting, title=title("cstd-bo"), nominations=nominations
    )
    check_in_all(meeting)
    codes = services.session_open(actor=None, session=session)
    passed = Candidate.objects.get(session=session, nomination=nominations[0])
    for code in codes.values():
        services.ballot_cast(session=session, code=code, marks={passed.pk: True})
    services.session_close(actor=None, session=session)
    services.session_count(actor=None, session=session)
    login(client, world, "board")
    response = client.post(reverse("session_publish", args=[session.pk]))
    response = client.get(response["Location"])
    page = page_text(response)
    assert "Đã công bố kết quả: 2 hồ sơ được chuyển tiếp hoặc trả lại." in page
    statuses = dict(Nomination.objects.values_list("pk", "status"))
    assert statuses == {nominations[0].pk: Nomination.Status.APPROVED, nominations[1].pk: Nomination.Status.RETURNED}
    assert "Nguyễn Thị Mai – Chiến sĩ thi đua cấp Bộ, ngành 2016 · Được đề nghị ra quyết định" in page
    assert "Đỗ Văn Nam – Chiến sĩ thi đua cấp Bộ, ngành 2016 · Bị trả lại" in page


def test_every_session_page_and_action_needs_a_login(client, world):
    meeting = conference(world)
    session, _codes = opened(meeting)
    pages = ("session_detail", "paper_entry", "session_minutes_status", "session_minutes_download")
    actions = (
        "session_open",
        "session_close",
        "session_count",
        "session_runoff",
        "session_publish",
        "session_code_reissue",
        "session_papers_issue",
        "session_papers_print",
        "paper_ballot_enter",
        "paper_totals_enter",
        "session_minutes_issue",
    )
    for name in pages + ("session_settings", "session_papers_status", "session_papers_download"):
        response = client.get(reverse(name, args=[session.pk]))
        assert response["Location"].startswith(reverse("login")), name
    for name in actions + ("session_delete",):
        response = client.post(reverse(name, args=[session.pk]))
        assert response["Location"].startswith(reverse("login")), name
    response = client.get(reverse("session_create", args=[meeting.pk]))
    assert response["Location"].startswith(reverse("login"))
    session.refresh_from_db()
    assert (session.status, Participation.objects.count()) == (Status.OPEN, 0)
