"""Nomination pages: the list (scope, filters, search, no N+1, bulk approval), the create page and its live
eligibility fragment, a dossier's page, and who may do what on every view (404 out of sight, 403 read-only)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import Nomination, NominationEvent
from awards.services import nominations as services
from tests import factories
from tests.awards import nominations_factories as f

pytestmark = pytest.mark.django_db
Status = Nomination.Status


def login(client, world, username):
    client.force_login(world.users[username])
    return client


def listed(response) -> list[str]:
    return [n.candidate_name for n in response.context["page"].object_list]


def flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# The list -----------------------------------------------------------------------------------------------------


@pytest.fixture
def spread(world):
    """A dossier of Vụ A (at the board), one of the Chi cục (draft), one of the Sở Tư pháp (draft), and a Vụ B
    collective waiting at the cluster that Vụ A leads."""
    a = f.at_board(world)
    chi_cuc = f.eligible_draft(world, unit=world.chi_cuc)
    other = f.eligible_draft(world, unit=world.other)
    f.free_rule("bk-bo-tt", through_cluster=True)
    b = f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt")
    services.nomination_submit(actor=None, nomination=b)
    return {"a": a, "chi_cuc": chi_cuc, "other": other, "b": b}


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("board", {"a", "chi_cuc", "other", "b"}),
        ("viewer", {"a", "chi_cuc", "other", "b"}),
        ("staff_a", {"a"}),
        ("staff_cuc", {"chi_cuc"}),
        ("staff_other", {"other"}),
        ("staff_b", {"b"}),
        ("leader_a", {"a", "b"}),  # its own unit's, and Vụ B's at the cluster it leads
        ("delegate_b", {"b"}),
    ],
)
def test_the_list_is_scoped(client, world, spread, username, expected):
    response = login(client, world, username).get(reverse("nomination_list"))
    assert response.status_code == 200
    assert sorted(listed(response)) == sorted(spread[key].candidate_name for key in expected)


def test_a_cluster_leader_does_not_see_other_units_drafts(client, world):
    f.free_rule("bk-bo-tt", through_cluster=True)
    f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt")
    response = login(client, world, "leader_a").get(reverse("nomination_list"))
    assert listed(response) == []


def test_filters_and_search(client, world, spread):
    login(client, world, "board")
    url = reverse("nomination_list")
    assert listed(client.get(url, {"status": "cluster"})) == ["Vụ Tổ chức cán bộ"]
    assert sorted(listed(client.get(url, {"title": f.title("ldtt").pk}))) == sorted(
        spread[k].candidate_name for k in ("a", "chi_cuc", "other")
    )
    assert listed(client.get(url, {"unit": world.chi_cuc.pk})) == [spread["chi_cuc"].candidate_name]
    assert listed(client.get(url, {"year": 2017})) == []
    assert listed(client.get(url, {"q": "to chuc can bo"})) == ["Vụ Tổ chức cán bộ"]
    # The unit's name as it was, without diacritics.
    assert listed(client.get(url, {"q": "van yen"})) == [spread["chi_cuc"].candidate_name]
    response = client.get(url, {"status": "nonsense", "year": "x"})
    assert response.status_code == 200 and len(listed(response)) == 4
    assert response.context["status_stats"][1] == ("cluster", "Cụm xem xét", 1)


def test_the_list_is_paginated(client, world, spread, settings):
    settings.PAGE_SIZE = 3
    response = login(client, world, "board").get(reverse("nomination_list"))
    assert len(listed(response)) == 3
    assert response.context["page"].paginator.num_pages == 2
    assert len(listed(client.get(reverse("nomination_list"), {"page": 2}))) == 1


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("nomination_list"))
    assert response.status_code == 200
    return len(captured)


def test_the_list_has_no_n_plus_1(client, world):
    f.at_board(world)
    login(client, world, "board")
    one = _list_queries(client)
    for unit in (world.vu_b, world.cuc, world.chi_cuc, world.other, world.ministry):
        f.at_board(world, unit=unit)
    for unit in (world.vu_b, world.cuc):
        person = factories.person(unit)
        f.rated(person)
        f.nominate(proposing_unit=unit, person=person)
    assert Nomination.objects.count() == 8
    assert _list_queries(client) == one


def test_bulk_checkboxes_only_for_the_board(client, world, spread):
    page = login(client, world, "board").get(reverse("nomination_list")).content.decode()
    assert f'name="nominations" value="{spread["a"].pk}"' in page
    assert f'name="nominations" value="{spread["chi_cuc"].pk}"' not in page  # a draft cannot be approved
    assert "Duyệt các hồ sơ đã chọn (trình Hội đồng)" in page
    client.logout()
    page = login(client, world, "staff_a").get(reverse("nomination_list")).content.decode()
    assert 'name="nominations"' not in page


def test_bulk_approval_through_the_list(client, world):
    chosen = [f.at_board(world, unit=unit) for unit in (world.vu_a, world.vu_b)]
    login(client, world, "board")
    response = client.post(
        reverse("nomination_bulk"),
        {"action": "approve", "nominations": [n.pk for n in chosen], "next": reverse("nomination_list") + "?year=2016"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("nomination_list") + "?year=2016", 302)]
    assert flash(response) == ["Đã duyệt 2 hồ sơ, trình Hội đồng xét."]
    assert set(Nomination.objects.values_list("status", flat=True)) == {Status.COUNCIL}
    response = client.post(
        reverse("nomination_bulk"), {"action": "council_approve", "nominations": [n.pk for n in chosen]}, follow=True
    )
    assert flash(response) == ["Đã ghi nhận Hội đồng đồng ý 2 hồ sơ."]
    assert set(Nomination.objects.values_list("status", flat=True)) == {Status.APPROVED}


def test_bulk_approval_is_all_or_nothing_through_the_list(client, world):
    ready = f.at_board(world)
    draft = f.eligible_draft(world, unit=world.vu_b)
    login(client, world, "board")
    response = client.post(
        reverse("nomination_bulk"), {"action": "approve", "nominations": [ready.pk, draft.pk]}, follow=True
    )
    assert flash(response) == [
        f"Hồ sơ của {draft.candidate_name} («Lao động tiên tiến» năm 2016): Chỉ duyệt được hồ sơ đang chờ Vụ Thi đua "
        "- Khen thưởng thẩm định; hồ sơ này đang ở trạng thái «Dự thảo». Không hồ sơ nào được duyệt."
    ]
    ready.refresh_from_db()
    assert ready.status == Status.BOARD
    response = client.post(reverse("nomination_bulk"), {"action": "approve"}, follow=True)
    assert flash(response) == ["Vui lòng chọn ít nhất một hồ sơ."]
    response = client.post(reverse("nomination_bulk"), {"action": "approve", "nominations": ["999999"]}, follow=True)
    assert flash(response) == ["Có hồ sơ không tồn tại hoặc bạn không được xem."]


@pytest.mark.parametrize("username", ["staff_a", "viewer", "leader_a"])
def test_bulk_approval_is_the_boards(client, world, username):
    ready = f.at_board(world)
    response = login(client, world, username).post(
        reverse("nomination_bulk"), {"action": "approve", "nominations": [ready.pk]}
    )
    assert response.status_code == 403
    ready.refresh_from_db()
    assert ready.status == Status.BOARD


# Creating -----------------------------------------------------------------------------------------------------


def test_the_create_page_offers_the_units_own_candidates(client, world):
    person_b = f.first_person(world.vu_b)
    response = login(client, world, "staff_cuc").get(reverse("nomination_create"))
    assert response.status_code == 200
    assert response.context["proposing_unit"] == world.cuc
    choices = dict(response.context["form"].fields["candidate"].choices)
    assert [label for _value, label in choices["Tập thể"]] == ["Cục THADS tỉnh Yên Bái", "Chi cục THADS huyện Văn Yên"]
    people = [value for value, _label in choices["Cá nhân"]]
    assert f"p{f.first_person(world.chi_cuc).pk}" in people
    assert f"p{person_b.pk}" not in people
    assert response.context["check"]["state"] == "unknown"


@pytest.mark.parametrize(("username", "status"), [("viewer", 403), ("delegate_b", 403), ("leader_a", 403)])
def test_only_writers_open_the_create_page(client, world, username, status):
    assert login(client, world, username).get(reverse("nomination_create")).status_code == status


@pytest.mark.parametrize(("unit", "status"), [("other", 404), ("vu_b", 404), ("vu_a", 200)])
def test_the_create_page_for_a_unit(client, world, unit, status):
    response = login(client, world, "staff_a").get(reverse("nomination_create"), {"unit": getattr(world, unit).pk})
    assert response.status_code == status


def test_the_board_chooses_the_proposing_unit_first(client, world):
    response = login(client, world, "board").get(reverse("nomination_create"))
    assert response.context["proposing_unit"] is None
    assert "Chọn đơn vị đề nghị để lập hồ sơ." in response.content.decode()
    response = client.get(reverse("nomination_create"), {"unit": world.other.pk})
    assert response.context["proposing_unit"] == world.other


def _create(client, world, candidate: str, code: str, **extra):
    data = {"unit": world.vu_a.pk, "year": 2016, "candidate": candidate, "title": f.title(code).pk, **extra}
    return client.post(reverse("nomination_create"), data)


def test_create_a_draft(client, world):
    person = f.first_person(world.vu_a)
    login(client, world, "staff_a")
    response = _create(client, world, f"p{person.pk}", "cstdcs", achievements="Thành tích nổi bật", save="1")
    nomination = Nomination.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("nomination_detail", args=[nomination.pk])
    assert (nomination.status, nomination.achievements, nomination.eligible) == (
        Status.DRAFT,
        "Thành tích nổi bật",
        False,
    )


def test_create_and_send_an_eligible_dossier(client, world):
    person = f.first_person(world.vu_a)
    f.rated(person)
    login(client, world, "staff_a")
    response = _create(client, world, f"p{person.pk}", "ldtt", submit="1")
    assert response.status_code == 302
    assert Nomination.objects.get().status == Status.BOARD


def test_sending_an_ineligible_dossier_is_refused_and_nothing_is_saved(client, world):
    person = f.first_person(world.vu_a)
    login(client, world, "staff_a")
    response = _create(client, world, f"p{person.pk}", "cstdcs", submit="1")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Hồ sơ không đủ điều kiện đề nghị «Chiến sĩ thi đua cơ sở» năm 2016: Chưa đạt danh hiệu Lao động tiên tiến "
        "năm 2016; Chưa có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016. Chỉ gửi được khi "
        "đủ điều kiện hoặc được Vụ Thi đua - Khen thưởng chấp nhận ngoại lệ."
    ]
    page = response.content.decode()
    assert 'data-eligible="false"' in page
    assert "data-requires-eligible disabled" in page
    assert not Nomination.objects.exists()


def test_create_refuses_a_candidate_of_another_unit(client, world):
    login(client, world, "staff_a")
    response = _create(client, world, f"p{f.first_person(world.vu_b).pk}", "ldtt", save="1")
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "candidate": ["Cá nhân, tập thể này không thuộc đơn vị đề nghị hoặc không còn hoạt động."]
    }
    response = _create(client, world, "junk", "ldtt", save="1")
    assert response.status_code == 400
    assert not Nomination.objects.exists()


def test_create_shows_a_duplicate_clearly(client, world):
    person = f.first_person(world.vu_a)
    f.nominate(proposing_unit=world.vu_a, person=person)
    login(client, world, "staff_a")
    response = _create(client, world, f"p{person.pk}", "ldtt", save="1")
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        f"{person.full_name} đã có hồ sơ đề nghị «Lao động tiên tiến» năm 2016 (do Vụ Pháp luật dân sự - kinh tế lập, "
        "trạng thái «Dự thảo»)."
    ]


def test_create_for_another_unit_is_refused(client, world):
    login(client, world, "staff_a")
    data = {"unit": world.other.pk, "year": 2016, "candidate": f"u{world.other.pk}", "title": f.title("ttldtt").pk}
    assert client.post(reverse("nomination_create"), data).status_code == 404
    client.logout()
    assert login(client, world, "viewer").post(reverse("nomination_create"), data).status_code == 403
    assert not Nomination.objects.exists()


# The live eligibility fragment --------------------------------------------------------------------------------


def _fragment(client, candidate: str, code: str, year=2016):
    return client.get(
        reverse("nomination_eligibility"), {"candidate": candidate, "title": f.title(code).pk, "year": year}
    )


def test_the_fragment_lists_every_reason_with_its_rule_and_basis(client, world):
    person = f.first_person(world.vu_a)
    response = _fragment(login(client, world, "staff_a"), f"p{person.pk}", "cstdcs")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    html = response.content.decode()
    assert 'data-eligible="false"' in html
    assert f"{person.full_name} chưa đủ điều kiện đề nghị «Chiến sĩ thi đua cơ sở» năm 2016" in html
    assert html.count('data-met="false"') == 2
    assert "Chưa đạt danh hiệu Lao động tiên tiến năm 2016" in html
    assert "Chưa có sáng kiến phạm vi ảnh hưởng cấp cơ sở trở lên được công nhận năm 2016" in html
    assert "Tiêu chuẩn danh hiệu Chiến sĩ thi đua cơ sở (Luật Thi đua, khen thưởng 2003)" in html
    assert "Căn cứ: Điều 23 Luật Thi đua, khen thưởng năm 2003" in html
    assert "✗" in html


def test_the_fragment_says_eligible(client, world):
    person = f.first_person(world.vu_a)
    f.rated(person)
    html = _fragment(login(client, world, "staff_a"), f"p{person.pk}", "ldtt").content.decode()
    assert 'data-eligible="true"' in html
    assert html.count('data-met="true"') == 2
    assert f"{person.full_name} đủ điều kiện đề nghị «Lao động tiên tiến» năm 2016." in html


def test_the_fragment_shows_the_quota(client, world):
    for unit in (world.ministry, world.vu_a, world.vu_b, world.cuc, world.chi_cuc):
        f.ballot(unit)
    f.ballot(world.vu_b, code="co-cp")
    html = _fragment(login(client, world, "staff_a"), f"u{world.vu_a.pk}", "co-cp").content.decode()
    assert (
        "Vượt chỉ tiêu: tối đa 1 hồ sơ đề nghị Cờ thi đua của Chính phủ (20% của 5 tập thể được suy tôn); đã có 1."
        in html
    )
    assert 'data-eligible="false"' in html


def test_the_fragment_without_a_choice_or_with_the_wrong_subject(client, world):
    login(client, world, "staff_a")
    html = client.get(reverse("nomination_eligibility")).content.decode()
    assert 'data-eligible="unknown"' in html
    assert "Chọn cá nhân (tập thể), danh hiệu và năm để xem điều kiện." in html
    html = _fragment(client, f"u{world.vu_a.pk}", "ldtt").content.decode()
    assert 'data-eligible="false"' in html
    assert "«Lao động tiên tiến» dành cho cá nhân, cần chọn một cá nhân." in html


@pytest.mark.parametrize("candidate", ["person", "unit"])
def test_the_fragment_is_404_for_a_candidate_out_of_sight(client, world, candidate):
    value = f"p{f.first_person(world.other).pk}" if candidate == "person" else f"u{world.other.pk}"
    code = "ldtt" if candidate == "person" else "ttldtt"
    assert _fragment(login(client, world, "staff_a"), value, code).status_code == 404


def test_the_fragment_needs_login(client, world):
    assert _fragment(client, f"u{world.vu_a.pk}", "ttldtt").status_code == 302


# A dossier's page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("username", "status"), [("staff_a", 200), ("board", 200), ("viewer", 200), ("leader_a", 200)])
def test_the_detail_page_for_those_who_may_see(client, world, username, status):
    nomination = f.eligible_draft(world)
    assert login(client, world, username).get(reverse("nomination_detail", args=[nomination.pk])).status_code == status


@pytest.mark.parametrize("username", ["staff_other", "staff_b", "staff_cuc", "delegate_b"])
def test_the_detail_page_is_404_for_other_units(client, world, username):
    nomination = f.eligible_draft(world)
    assert login(client, world, username).get(reverse("nomination_detail", args=[nomination.pk])).status_code == 404


def test_the_detail_page_shows_reasons_history_and_the_override(client, world):
    person = f.first_person(world.vu_a)
    nomination = f.nominate(proposing_unit=world.vu_a, person=person, code="cstdcs", actor=world.users["staff_a"])
    login(client, world, "staff_a")
    html = client.get(reverse("nomination_detail", args=[nomination.pk])).content.decode()
    assert "Chưa đạt danh hiệu Lao động tiên tiến năm 2016" in html
    assert 'data-action="submit" disabled' in html
    assert 'data-action="override"' not in html  # the board's

    reason = "Thành tích đột xuất được Bộ trưởng biểu dương, sáng kiến chờ công nhận."
    services.nomination_override(actor=world.users["board"], nomination=nomination, reason=reason)
    html = client.get(reverse("nomination_detail", args=[nomination.pk])).content.decode()
    assert 'id="override"' in html
    assert "Vụ Thi đua - Khen thưởng chấp nhận ngoại lệ: hồ sơ được xét dù chưa đủ điều kiện." in html
    assert reason in html
    assert 'data-action="submit" disabled' not in html
    assert f"Chấp nhận ngoại lệ: {reason}" in html  # in the history


def test_the_board_sees_the_override_form_for_an_ineligible_dossier(client, world):
    nomination = f.nominate(proposing_unit=world.vu_a, person=f.first_person(world.vu_a), code="cstdcs")
    html = login(client, world, "board").get(reverse("nomination_detail", args=[nomination.pk])).content.decode()
    assert 'data-action="override"' in html


# Actions: the happy paths through the pages -------------------------------------------------------------------


def test_the_workflow_through_the_pages(client, world):
    f.free_rule("bk-bo-tt", through_cluster=True)
    nomination = f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt")
    detail = reverse("nomination_detail", args=[nomination.pk])

    login(client, world, "staff_b")
    response = client.post(
        reverse("nomination_update", args=[nomination.pk]), {"achievements": "Dẫn đầu cụm"}, follow=True
    )
    assert flash(response) == ["Đã lưu thông tin hồ sơ."]
    response = client.post(reverse("nomination_check", args=[nomination.pk]), follow=True)
    assert flash(response) == ["Đã xét lại: hồ sơ đủ điều kiện."]
    response = client.post(reverse("nomination_submit", args=[nomination.pk]), follow=True)
    assert flash(response) == ["Đã gửi hồ sơ đến Cụm trưởng Cụm thi đua số I - 2016."]

    client.logout()
    login(client, world, "leader_a")
    response = client.post(reverse("nomination_return", args=[nomination.pk]), {"reason": ""})
    assert response.status_code == 400
    assert response.context["return_form"].errors == {
        "reason": ["Vui lòng nêu lý do trả lại để đơn vị biết cần sửa gì."]
    }
    response = client.post(
        reverse("nomination_return", args=[nomination.pk]), {"reason": "Thiếu biên bản."}, follow=True
    )
    assert flash(response) == ["Đã trả lại hồ sơ cho Vụ Tổ chức cán bộ."]

    client.logout()
    login(client, world, "staff_b")
    html = client.get(detail).content.decode()
    assert "Hồ sơ bị trả lại." in html and "Thiếu biên bản." in html
    client.post(reverse("nomination_submit", args=[nomination.pk]))

    client.logout()
    login(client, world, "leader_a")
    response = client.post(reverse("nomination_forward", args=[nomination.pk]), {"note": "Nhất trí"}, follow=True)
    assert flash(response) == ["Đã chuyển hồ sơ đến Vụ Thi đua - Khen thưởng."]

    client.logout()
    login(client, world, "board")
    response = client.post(reverse("nomination_approve", args=[nomination.pk]), follow=True)
    assert flash(response) == ["Đã duyệt hồ sơ, trình Hội đồng xét."]
    response = client.post(reverse("nomination_council_approve", args=[nomination.pk]), follow=True)
    assert flash(response) == ["Đã ghi nhận Hội đồng đồng ý; hồ sơ chờ ra quyết định."]
    response = client.post(reverse("nomination_approve", args=[nomination.pk]), follow=True)
    assert flash(response) == [
        "Chỉ duyệt được hồ sơ đang chờ Vụ Thi đua - Khen thưởng thẩm định; hồ sơ này đang ở trạng thái «Được đề nghị "
        "ra quyết định»."
    ]
    nomination.refresh_from_db()
    assert (nomination.status, nomination.achievements) == (Status.APPROVED, "Dẫn đầu cụm")
    html = client.get(detail).content.decode()
    assert html.count("<tr>") >= NominationEvent.objects.filter(nomination=nomination).count() == 7


def test_override_through_the_page(client, world):
    nomination = f.nominate(proposing_unit=world.vu_a, person=f.first_person(world.vu_a), code="cstdcs")
    login(client, world, "board")
    response = client.post(reverse("nomination_override", args=[nomination.pk]), {"reason": "ngắn"})
    assert response.status_code == 400
    assert response.context["override_form"].errors == {
        "reason": ["Lý do chấp nhận ngoại lệ phải có ít nhất 20 ký tự (hiện có 4)."]
    }
    response = client.post(
        reverse("nomination_override", args=[nomination.pk]), {"reason": "Thành tích đột xuất năm 2016 của cá nhân."}
    )
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert nomination.override_reason == "Thành tích đột xuất năm 2016 của cá nhân."


# Permissions on every action ----------------------------------------------------------------------------------

ACTIONS = {
    "nomination_update": {"achievements": "x"},
    "nomination_check": {},
    "nomination_submit": {},
    "nomination_forward": {},
    "nomination_return": {"reason": "Lý do"},
    "nomination_approve": {},
    "nomination_council_approve": {},
    "nomination_override": {"reason": "Một lý do đủ dài để được ghi nhận."},
}


@pytest.mark.parametrize("name", sorted(ACTIONS))
@pytest.mark.parametrize("username", ["staff_other", "staff_cuc"])
def test_every_action_is_404_for_another_unit(client, world, name, username):
    nomination = f.eligible_draft(world)
    before = (nomination.status, NominationEvent.objects.count())
    response = login(client, world, username).post(reverse(name, args=[nomination.pk]), ACTIONS[name])
    assert response.status_code == 404
    nomination.refresh_from_db()
    assert (nomination.status, NominationEvent.objects.count()) == before


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_every_action_is_403_for_a_viewer(client, world, name):
    nomination = f.eligible_draft(world)
    before = (nomination.status, nomination.achievements, NominationEvent.objects.count())
    response = login(client, world, "viewer").post(reverse(name, args=[nomination.pk]), ACTIONS[name])
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert (nomination.status, nomination.achievements, NominationEvent.objects.count()) == before


@pytest.mark.parametrize(
    "name", ["nomination_approve", "nomination_council_approve", "nomination_override", "nomination_return"]
)
def test_the_boards_actions_are_403_for_unit_staff(client, world, name):
    nomination = f.at_board(world)
    response = login(client, world, "staff_a").post(reverse(name, args=[nomination.pk]), ACTIONS[name])
    assert response.status_code == 403


def test_forward_is_403_for_unit_staff_of_the_proposing_unit(client, world):
    f.free_rule("bk-bo-tt", through_cluster=True)
    nomination = f.nominate(proposing_unit=world.vu_b, unit=world.vu_b, code="bk-bo-tt")
    services.nomination_submit(actor=None, nomination=nomination)
    assert login(client, world, "staff_b").post(reverse("nomination_forward", args=[nomination.pk])).status_code == 403


@pytest.mark.parametrize("name", ["nomination_detail", "nomination_list", "nomination_create"])
def test_pages_need_login(client, world, name):
    nomination = f.eligible_draft(world)
    url = reverse(name, args=[nomination.pk]) if name == "nomination_detail" else reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Admin --------------------------------------------------------------------------------------------------------


def test_admin_list_history_and_bulk_action(client, world):
    chosen = [f.at_board(world, unit=unit) for unit in (world.vu_a, world.vu_b)]
    login(client, world, "board")
    url = reverse("admin:awards_nomination_changelist")
    response = client.get(url, {"q": "tran van", "status__exact": "board"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2
    change = client.get(reverse("admin:awards_nomination_change", args=[chosen[0].pk]))
    assert change.status_code == 200
    assert "Vụ TĐKT thẩm định" in change.content.decode()
    response = client.post(
        url,
        {"action": "approve_nominations", "_selected_action": [n.pk for n in chosen], "index": 0},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Đã duyệt 2 hồ sơ, trình Hội đồng xét."]
    assert set(Nomination.objects.values_list("status", flat=True)) == {Status.COUNCIL}
    response = client.post(
        url, {"action": "approve_nominations", "_selected_action": [chosen[0].pk], "index": 0}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"Hồ sơ của {chosen[0].candidate_name} («Lao động tiên tiến» năm 2016): Chỉ duyệt được hồ sơ đang chờ Vụ Thi "
        "đua - Khen thưởng thẩm định; hồ sơ này đang ở trạng thái «Hội đồng xét». Không hồ sơ nào được duyệt."
    ]
