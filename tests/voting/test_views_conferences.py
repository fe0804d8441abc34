"""The meetings' pages: the list (filters, empty state, paging, query counts), creating a cluster's conference and a
council meeting, a conference's page and its details, the delegates (added, changed, removed, checked in), next
year's leaders. Who sees (404 otherwise) and who runs (403 otherwise) each page."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Decision
from tests import factories
from thidua.org.models import ClusterMembership, ClusterTerm
from voting import services
from voting.models import Conference, Delegate

from .manage_factories import check_in_all, conference, count_queries, draft, login, page_text

pytestmark = pytest.mark.django_db

SEES = {"board": 200, "leader_a": 200, "staff_a": 200, "staff_b": 200, "viewer": 200, "staff_other": 404}
RUNS = {"board": 302, "leader_a": 302, "staff_b": 403, "viewer": 403, "staff_other": 404, "staff_cuc": 404}


def test_every_page_needs_a_login(client, world):
    meeting = conference(world)
    delegate = meeting.delegates.first()
    for url in (
        reverse("conference_list"),
        reverse("conference_create"),
        reverse("council_meeting_create"),
        reverse("conference_detail", args=[meeting.pk]),
        reverse("conference_edit", args=[meeting.pk]),
        reverse("delegate_add", args=[meeting.pk]),
        reverse("delegate_edit", args=[delegate.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    response = client.post(reverse("delegate_check_in", args=[delegate.pk]))
    assert response["Location"].startswith(reverse("login"))
    assert Delegate.objects.get(pk=delegate.pk).present_at is None


# The list --------------------------------------------------------------------------------------------------------


def test_the_list_shows_the_meetings_each_user_sees_with_filters(client, world):
    meeting = conference(world, place="Hà Nội")
    council = services.council_meeting_create(
        actor=None,
        year=2015,
        date=datetime.date(2016, 1, 10),
        place="Hà Nội",
        chair_name="Bộ trưởng",
        members=[services.MemberInput(full_name="Trần Văn An", position="Chủ tịch", unit=world.ministry)],
    )
    expected = {
        "board": [meeting.pk, council.pk],
        "viewer": [meeting.pk, council.pk],
        "leader_a": [meeting.pk],
        "staff_b": [meeting.pk],
        "delegate_b": [meeting.pk],
        "staff_other": [],
    }
    for username, pks in expected.items():
        login(client, world, username)
        response = client.get(reverse("conference_list"))
        assert [c.pk for c in response.context["page"]] == pks, username
    login(client, world, "board")
    page = page_text(client.get(reverse("conference_list")))
    assert "2 hội nghị, phiên họp" in page
    assert (
        "20/12/2016 Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm thi đua số I "
        "Cụm thi đua số I – 2016 Hà Nội 0/2 0"
    ) in page
    assert "10/01/2016 Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm 2015" in page
    assert [c.pk for c in client.get(reverse("conference_list"), {"year": 2015}).context["page"]] == [council.pk]
    assert [c.pk for c in client.get(reverse("conference_list"), {"kind": "cluster"}).context["page"]] == [meeting.pk]
    page = page_text(client.get(reverse("conference_list"), {"year": 2014}))
    assert "Không có hội nghị nào khớp với điều kiện lọc." in page
    # Junk filters are ignored.
    assert len(client.get(reverse("conference_list"), {"year": "x", "kind": "<b>"}).context["page"]) == 2
    login(client, world, "staff_other")
    assert "Chưa có hội nghị, phiên họp nào." in page_text(client.get(reverse("conference_list")))


def test_the_create_buttons_are_for_who_may_create(client, world):
    cluster, council = reverse("conference_create"), reverse("council_meeting_create")
    for username, links in {
        "board": (True, True),
        "leader_a": (True, False),
        "staff_a": (False, False),
        "viewer": (False, False),
    }.items():
        login(client, world, username)
        content = client.get(reverse("conference_list")).content.decode()
        assert (f'href="{cluster}"' in content, f'href="{council}"' in content) == links, username


def test_the_list_pages_and_makes_as_many_queries_for_one_meeting_as_for_many(client, world, settings):
    login(client, world, "board")
    first = conference(world)
    draft(first)
    check_in_all(first)
    one = count_queries(client, reverse("conference_list"))
    for day in range(1, 8):
        other = conference(world, date=datetime.date(2016, 12, day))
        check_in_all(other)
        draft(other)
    assert count_queries(client, reverse("conference_list")) == one
    settings.PAGE_SIZE = 3
    response = client.get(reverse("conference_list"), {"page": 3})
    assert [c.pk for c in response.context["page"]] == [c.pk for c in Conference.objects.order_by("-date", "-pk")[6:]]
    assert "Trang 3/3" in page_text(response)


# Creating --------------------------------------------------------------------------------------------------------


def conference_data(world, **fields) -> dict:
    return {
        "term": world.term.pk,
        "date": "2016-12-20",
        "place": "Hà Nội",
        "chair_name": "Thứ trưởng Trần Tiến Dũng",
        "agenda": "Báo cáo tổng kết\n\n  Bỏ phiếu   bình xét ",
        "voting_per_unit": "1",
        **fields,
    }


def test_the_cluster_leader_holds_the_conference_of_the_term_their_unit_leads(client, world):
    other_term = factories.term("Cụm thi đua số II", 2016, [world.cuc], leader=world.cuc)
    login(client, world, "leader_a")
    response = client.get(reverse("conference_create"))
    assert list(response.context["form"].fields["term"].queryset) == [world.term]
    refused = client.post(reverse("conference_create"), conference_data(world, term=other_term.pk))
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"term": ["Bạn không được tổ chức hội nghị cho nhiệm kỳ này."]}
    assert not Conference.objects.exists()
    response = client.post(reverse("conference_create"), conference_data(world))
    meeting = Conference.objects.get()
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk])
    assert (meeting.name, meeting.agenda, meeting.term, meeting.year) == (
        "Hội nghị tổng kết công tác thi đua, khen thưởng năm 2016 của Cụm thi đua số I",
        "Báo cáo tổng kết\nBỏ phiếu bình xét",
        world.term,
        2016,
    )
    assert sorted(meeting.delegates.values_list("unit_id", "is_voting")) == sorted(
        [(world.vu_a.pk, True), (world.vu_b.pk, True)]
    )
    page = page_text(client.get(response["Location"]))
    assert "với 2 đại biểu của các đơn vị thành viên" in page
    assert "Chương trình Báo cáo tổng kết Bỏ phiếu bình xét" in page
    login(client, world, "board")
    assert other_term in client.get(reverse("conference_create")).context["form"].fields["term"].queryset


def test_creating_a_conference_with_bad_input_says_why_and_changes_nothing(client, world):
    login(client, world, "board")
    response = client.post(
        reverse("conference_create"),
        conference_data(world, date="31/02/2016", place=" ", chair_name="", voting_per_unit="0", term="x"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "term": ["Bạn không được tổ chức hội nghị cho nhiệm kỳ này."],
        "date": ["Ngày không hợp lệ (ngày/tháng/năm)."],
        "place": ["Vui lòng nhập địa điểm họp."],
        "chair_name": ["Vui lòng nhập người chủ trì."],
        "voting_per_unit": ["Số đại biểu có quyền biểu quyết của mỗi đơn vị: Giá trị nhỏ nhất là 1."],
    }
    assert "Vui lòng sửa các lỗi dưới đây." in page_text(response)
    assert not Conference.objects.exists()


def test_only_the_board_and_cluster_leaders_create_meetings(client, world):
    for username in ("staff_a", "staff_b", "viewer", "delegate_b"):
        login(client, world, username)
        assert client.get(reverse("conference_create")).status_code == 403, username
        assert client.post(reverse("conference_create"), conference_data(world)).status_code == 403, username
    for username in ("leader_a", "staff_a", "viewer"):
        login(client, world, username)
        assert client.get(reverse("council_meeting_create")).status_code == 403, username
    assert not Conference.objects.exists()


def council_data(**fields) -> dict:
    return {
        "year": "2016",
        "date": "2017-01-04",
        "place": "Hà Nội",
        "chair_name": "Bộ trưởng Lê Thành Long",
        "members": "Lê Thành Long | Bộ trưởng, Chủ tịch Hội đồng\n\nTrần Tiến Dũng|Thứ trưởng\nNguyễn Văn Bình",
        **fields,
    }


def test_the_board_holds_a_council_meeting_with_its_members_as_lines(client, world):
    login(client, world, "board")
    response = client.get(reverse("council_meeting_create"))
    assert response.context["form"].initial["unit"] == world.ministry.pk
    response = client.post(reverse("council_meeting_create"), council_data(unit=world.ministry.pk))
    meeting = Conference.objects.get()
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk])
    assert (meeting.kind, meeting.year, meeting.name) == (
        Conference.Kind.COUNCIL,
        2016,
        "Phiên họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm 2016",
    )
    assert list(meeting.delegates.order_by("pk").values_list("full_name", "position", "unit_id", "is_voting")) == [
        ("Lê Thành Long", "Bộ trưởng, Chủ tịch Hội đồng", world.ministry.pk, True),
        ("Trần Tiến Dũng", "Thứ trưởng", world.ministry.pk, True),
        ("Nguyễn Văn Bình", "", world.ministry.pk, True),
    ]
    page = page_text(client.get(response["Location"]))
    assert "Thành viên Hội đồng (3)" in page
    assert "Cụm trưởng, Cụm phó năm" not in page


def test_bad_member_lines_name_the_line_and_create_nothing(client, world):
    login(client, world, "board")
    cases = {
        "Trần Văn An | Ủy viên | thừa": "Dòng 1: chỉ ghi «Họ và tên | Chức vụ», một dấu «|».",
        "Trần Văn An\n | Ủy viên": "Dòng 2: thiếu họ và tên.",
        " \n ": "Vui lòng nhập danh sách thành viên Hội đồng, mỗi người một dòng.",
        "Trần Văn An\nTrần  Văn An | Ủy viên": "Mỗi thành viên Hội đồng chỉ ghi một lần.",
        "Trần Văn An | " + "Ủy viên " * 20: "Dòng 1: họ và tên, chức vụ mỗi phần tối đa 150 ký tự.",
    }
    for members, message in cases.items():
        response = client.post(reverse("council_meeting_create"), council_data(members=members, unit=world.ministry.pk))
        assert response.status_code == 200
        assert response.context["form"].errors == {"members": [message]}, members
    response = client.post(reverse("council_meeting_create"), council_data(year="1900", unit=world.ministry.pk))
    assert response.context["form"].errors == {"year": ["Năm thi đua: Giá trị nhỏ nhất là 1945."]}
    assert not Conference.objects.exists()


# A conference's page -------------------------------------------------------------------------------------------


def test_the_page_is_for_who_sees_the_conference(client, world):
    meeting = conference(world, agenda="Khai mạc\nBỏ phiếu", notes="Đại biểu mặc lễ phục.")
    for username, status in {**SEES, "staff_cuc": 404, "delegate_b": 200}.items():
        login(client, world, username)
        assert client.get(reverse("conference_detail", args=[meeting.pk])).status_code == status, username
    login(client, world, "board")
    assert client.get(reverse("conference_detail", args=[10**6])).status_code == 404
    login(client, world, "staff_b")
    response = client.get(reverse("conference_detail", args=[meeting.pk]))
    page = page_text(response)
    assert "Ngày họp 20/12/2016 Địa điểm Hà Nội Chủ trì Trần Tiến Dũng Năm thi đua 2016" in page
    assert "Chương trình Khai mạc Bỏ phiếu Ghi chú Đại biểu mặc lễ phục." in page
    assert "Vụ Pháp luật dân sự - kinh tế — Vụ trưởng Có — Chưa điểm danh" in page
    for action in ("delegate_check_in", "delegate_edit", "delegate_remove"):
        assert reverse(action, args=[meeting.delegates.first().pk]).encode() not in response.content
    for action in ("conference_edit", "delegates_check_in_all", "session_create", "conference_appoint_leaders"):
        assert reverse(action, args=[meeting.pk]).encode() not in response.content


def test_the_manager_sees_the_roll_call_and_the_sessions(client, world):
    meeting = conference(world)
    session = draft(meeting)
    login(client, world, "leader_a")
    response = client.get(reverse("conference_detail", args=[meeting.pk]))
    page = page_text(response)
    assert "Điểm danh tất cả" in page
    assert "Có quyền biểu quyết 2 Có quyền biểu quyết, có mặt 0 Tổng số có mặt 0/2" in page
    assert "Phiên bỏ phiếu (1) Tạo phiên bỏ phiếu" in page
    assert "Cờ thi đua của Bộ Tư pháp (Cờ thi đua ngành Tư pháp) 1 Chuẩn bị" in page
    assert reverse("session_detail", args=[session.pk]).encode() in response.content
    # Next year's leaders are the board's: not on the cluster leader's page.
    assert reverse("conference_appoint_leaders", args=[meeting.pk]).encode() not in response.content


def test_the_delegates_list_pages_and_makes_as_many_queries_for_one_delegate_as_for_many(client, world, settings):
    meeting = conference(world)
    Delegate.objects.filter(conference=meeting, unit=world.vu_b).delete()
    login(client, world, "board")
    url = reverse("conference_detail", args=[meeting.pk])
    one = count_queries(client, url)
    for i in range(12):
        services.delegate_add(
            actor=None, conference=meeting, unit=world.vu_b, full_name=f"Khách mời {i:02d}", is_voting=False
        )
    check_in_all(meeting)
    assert count_queries(client, url) == one
    settings.PAGE_SIZE = 5
    response = client.get(url, {"page": 3})
    assert [d.full_name for d in response.context["delegates"]] == [f"Khách mời {i:02d}" for i in range(9, 12)]


# Check-in ----------------------------------------------------------------------------------------------------------


def test_the_managers_check_delegates_in_and_out(client, world):
    meeting = conference(world)
    delegate = meeting.delegates.get(unit=world.vu_b)
    login(client, world, "leader_a")
    response = client.post(reverse("delegate_check_in", args=[delegate.pk]), {"page": "2"})
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk]) + f"?page=2#delegate-{delegate.pk}"
    delegate.refresh_from_db()
    assert delegate.present_at is not None
    page = page_text(client.get(reverse("conference_detail", args=[meeting.pk])))
    assert "Vụ Tổ chức cán bộ — Vụ trưởng Có — Có mặt (" in page
    client.post(reverse("delegate_check_in", args=[delegate.pk]), {"present": "0"})
    delegate.refresh_from_db()
    assert delegate.present_at is None
    response = client.post(reverse("delegates_check_in_all", args=[meeting.pk]))
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk]) + "#delegates"
    assert meeting.delegates.filter(present_at__isnull=True).count() == 0
    assert "Đã điểm danh thêm 2 đại biểu." in page_text(client.get(response["Location"]))


def test_checking_in_is_refused_to_who_does_not_run_the_conference(client, world):
    meeting = conference(world)
    delegate = meeting.delegates.first()
    for username, status in RUNS.items():
        login(client, world, username)
        for url in (
            reverse("delegate_check_in", args=[delegate.pk]),
            reverse("delegates_check_in_all", args=[meeting.pk]),
            reverse("delegates_from_term", args=[meeting.pk]),
            reverse("delegate_remove", args=[delegate.pk]),
        ):
            if status == 302:
                continue
            assert client.post(url).status_code == status, (username, url)
    assert meeting.delegates.filter(present_at__isnull=False).count() == 0
    assert meeting.delegates.count() == 2
    login(client, world, "leader_a")
    assert client.get(reverse("delegate_check_in", args=[delegate.pk])).status_code == 405


# Delegates ---------------------------------------------------------------------------------------------------------


def test_adding_a_delegate_checks_membership_and_the_number_per_unit(client, world):
    meeting = conference(world)
    login(client, world, "leader_a")
    url = reverse("delegate_add", args=[meeting.pk])
    assert list(client.get(url).context["form"].fields["unit"].queryset) == [world.vu_a, world.vu_b]
    response = client.post(url, {"unit": world.vu_b.pk, "full_name": "Lê Thị Hoa", "is_voting": "on"})
    assert response.context["form"].errors == {
        "is_voting": ["Vụ Tổ chức cán bộ đã đủ 1 đại biểu có quyền biểu quyết (theo cấu hình của hội nghị)."]
    }
    response = client.post(url, {"unit": world.cuc.pk, "full_name": "Lê Thị Hoa"})
    assert response.context["form"].errors == {"unit": ["Đơn vị được chọn không có trong danh sách."]}
    response = client.post(url, {"unit": world.vu_b.pk, "full_name": "Lê Thị Hoa", "committee_role": "boss"})
    assert response.context["form"].errors == {"committee_role": ["Vai trò trong Ban kiểm phiếu không hợp lệ."]}
    response = client.post(url, {"unit": world.vu_b.pk, "full_name": "", "committee_role": "head"})
    assert response.context["form"].errors == {
        "full_name": ["Thành viên Ban kiểm phiếu phải có họ và tên (để ký biên bản)."]
    }
    assert meeting.delegates.count() == 2
    response = client.post(
        url, {"unit": world.vu_b.pk, "full_name": "Lê Thị Hoa", "position": "Chuyên viên", "committee_role": "head"}
    )
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk]) + "#delegates"
    added = meeting.delegates.get(full_name="Lê Thị Hoa")
    assert (added.unit, added.is_voting, added.committee_role, added.position) == (
        world.vu_b,
        False,
        "head",
        "Chuyên viên",
    )


def test_editing_and_removing_a_delegate(client, world):
    meeting = conference(world)
    delegate = meeting.delegates.get(unit=world.vu_a)
    login(client, world, "board")
    url = reverse("delegate_edit", args=[delegate.pk])
    assert client.get(url).context["form"].initial["position"] == "Vụ trưởng"
    response = client.post(url, {"full_name": "  Nguyễn   Văn Hùng ", "position": "Vụ trưởng", "is_voting": "on"})
    assert response.status_code == 302
    delegate.refresh_from_db()
    assert (delegate.full_name, delegate.is_voting) == ("Nguyễn Văn Hùng", True)
    # Once the delegate has a code, removing is refused with the reason; nothing changes.
    check_in_all(meeting)
    session = draft(meeting)
    services.session_open(actor=None, session=session)
    services.session_close(actor=None, session=session)
    response = client.post(reverse("delegate_remove", args=[delegate.pk]), {"page": "1"})
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk]) + "#delegates"
    assert "Đại biểu đã được cấp mã hoặc đã bỏ phiếu: không xóa được, chỉ bỏ quyền biểu quyết." in page_text(
        client.get(response["Location"])
    )
    assert Delegate.objects.filter(pk=delegate.pk).exists()
    guest = services.delegate_add(actor=None, conference=meeting, unit=world.vu_a, full_name="Khách", is_voting=False)
    client.post(reverse("delegate_remove", args=[guest.pk]))
    assert not Delegate.objects.filter(pk=guest.pk).exists()


def test_delegate_pages_are_refused_to_who_does_not_run_the_conference(client, world):
    meeting = conference(world)
    delegate = meeting.delegates.first()
    for username, status in RUNS.items():
        if status == 302:
            continue
        login(client, world, username)
        assert client.get(reverse("delegate_add", args=[meeting.pk])).status_code == status, username
        assert client.get(reverse("delegate_edit", args=[delegate.pk])).status_code == status, username
        response = client.post(reverse("delegate_edit", args=[delegate.pk]), {"full_name": "X", "is_voting": "on"})
        assert response.status_code == status, username
    assert Delegate.objects.get(pk=delegate.pk).full_name == ""
    login(client, world, "board")
    assert client.get(reverse("delegate_edit", args=[10**6])).status_code == 404


def test_delegates_from_the_term_add_the_member_units_missing(client, world):
    meeting = conference(world)
    Delegate.objects.filter(conference=meeting, unit=world.vu_b).delete()
    login(client, world, "leader_a")
    response = client.post(reverse("delegates_from_term", args=[meeting.pk]))
    assert "Đã thêm 1 đại biểu của các đơn vị thành viên." in page_text(client.get(response["Location"]))
    assert meeting.delegates.filter(unit=world.vu_b).count() == 1


# Editing the details --------------------------------------------------------------------------------------------


def test_editing_the_details(client, world):
    meeting = conference(world)
    url = reverse("conference_edit", args=[meeting.pk])
    for username, status in {"board": 200, "leader_a": 200, "staff_b": 403, "viewer": 403, "staff_other": 404}.items():
        login(client, world, username)
        assert client.get(url).status_code == status, username
    login(client, world, "leader_a")
    data = {
        "name": "Hội nghị tổng kết Cụm I",
        "date": "2016-12-21",
        "place": "Hòa Bình",
        "chair_name": "Lê Tiến Châu",
        "agenda": "Một\nHai",
        "notes": "",
        "voting_per_unit": "2",
    }
    response = client.post(url, {**data, "name": " ", "voting_per_unit": "x"})
    assert response.context["form"].errors == {
        "name": ["Vui lòng nhập tên hội nghị."],
        "voting_per_unit": ["Số đại biểu phải là một số nguyên."],
    }
    meeting.refresh_from_db()
    assert meeting.place == "Hà Nội"
    assert client.post(url, data)["Location"] == reverse("conference_detail", args=[meeting.pk])
    meeting.refresh_from_db()
    assert (meeting.name, meeting.date, meeting.place, meeting.agenda, meeting.voting_per_unit) == (
        "Hội nghị tổng kết Cụm I",
        datetime.date(2016, 12, 21),
        "Hòa Bình",
        "Một\nHai",
        2,
    )
    login(client, world, "staff_b")
    assert client.post(url, data).status_code == 403


# Next year's leaders -------------------------------------------------------------------------------------------


def test_the_board_records_next_years_leaders_and_drafts_the_decision(client, world):
    meeting = conference(world)
    url = reverse("conference_appoint_leaders", args=[meeting.pk])
    login(client, world, "board")
    page = page_text(client.get(reverse("conference_detail", args=[meeting.pk])))
    assert "Cụm trưởng, Cụm phó năm 2017" in page
    response = client.post(
        url,
        {
            "leader": world.vu_b.pk,
            "deputies": [world.vu_b.pk],
            "date": "2017-01-05",
            "signer_position": "THỨ TRƯỞNG",
            "signer_name": "",
        },
    )
    assert response.status_code == 200
    assert response.context["leaders_form"].errors == {
        "deputies": ["Đơn vị Cụm trưởng không đồng thời là Cụm phó."],
        "signer_name": ["Vui lòng nhập họ tên người ký quyết định."],
    }
    response = client.post(
        url,
        {
            "leader": world.cuc.pk,
            "date": "2017-01-05",
            "signer_position": "THỨ TRƯỞNG",
            "signer_name": "Trần Tiến Dũng",
        },
    )
    assert response.context["leaders_form"].errors == {"leader": ["Cụm trưởng phải là đơn vị thành viên của cụm."]}
    assert not ClusterTerm.objects.filter(year=2017).exists()
    response = client.post(
        url,
        {
            "leader": world.vu_b.pk,
            "deputies": [world.vu_a.pk],
            "date": "2017-01-05",
            "signer_authority": "KT. BỘ TRƯỞNG",
            "signer_position": "THỨ TRƯỞNG",
            "signer_name": "Trần Tiến Dũng",
        },
    )
    assert response["Location"] == reverse("conference_detail", args=[meeting.pk]) + "#leaders"
    meeting.refresh_from_db()
    decision = meeting.appointment
    assert (decision.kind, decision.status, decision.term.year) == (
        Decision.Kind.APPOINTMENT,
        Decision.Status.DRAFT,
        2017,
    )
    roles = dict(decision.term.memberships.values_list("unit_id", "role"))
    assert roles == {world.vu_b.pk: ClusterMembership.Role.LEADER, world.vu_a.pk: ClusterMembership.Role.DEPUTY}
    response = client.get(response["Location"])
    assert reverse("decision_detail", args=[decision.pk]).encode() in response.content
    assert f"Dự thảo quyết định cử Cụm trưởng, Cụm phó: {decision.subject} · Dự thảo" in page_text(response)


def test_next_years_leaders_are_the_boards(client, world):
    meeting = conference(world)
    url = reverse("conference_appoint_leaders", args=[meeting.pk])
    data = {"leader": world.vu_b.pk, "date": "2017-01-05", "signer_name": "Trần Tiến Dũng"}
    for username, status in {"leader_a": 403, "staff_b": 403, "viewer": 403, "staff_other": 404}.items():
        login(client, world, username)
        assert client.post(url, data).status_code == status, username
    login(client, world, "board")
    assert client.get(url).status_code == 405
    assert not Decision.objects.exists()


def test_the_menu_leads_to_the_meetings_for_users_with_a_role(client, world):
    meeting = conference(world)
    link = f'<a href="{reverse("conference_list")}" aria-current="page">Hội nghị, bỏ phiếu</a>'
    login(client, world, "staff_b")
    for url in (reverse("conference_list"), reverse("conference_detail", args=[meeting.pk])):
        assert link in client.get(url).content.decode(), url
    assert link not in client.get(reverse("decision_list")).content.decode()
    assert (
        f'<a href="{reverse("conference_list")}">Hội nghị, bỏ phiếu</a>'
        in client.get(reverse("decision_list")).content.decode()
    )
    client.force_login(factories.user("no_role"))
    assert reverse("conference_list").encode() not in client.get(reverse("home")).content
