"""Portal pages for decisions: who sees which decision (404 otherwise), who may act (403 otherwise), what the list
and the page show, the board's actions, the rendering status and the download, query counts."""

import datetime

import pytest
from django.urls import reverse

from awards.models import Award, Decision, Nomination
from awards.services import decisions as services
from tests import factories
from tests.documents.conftest import media_dir  # noqa: F401
from thidua.documents.models import RenderedDocument

from .decisions_factories import (
    banner_nominations,
    count_queries,
    draft_award,
    issued,
    page_text,
    person_nominations,
    signed,
    title,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_dir")]

D = Decision.Status
ACTIONS = ("decision_issue", "decision_retry", "decision_sign", "decision_correct", "decision_delete")


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


@pytest.fixture
def decisions(world):
    """A signed decision naming Vụ A and the Chi cục, a signed one naming a person of Sở Tư pháp Hòa Bình,
    an issued one naming Vụ B, a draft naming the Cục."""
    named = signed(draft_award(banner_nominations([world.vu_a, world.chi_cuc])))
    person = factories.person(world.other, "Hoàng Thị Lan", position="Chuyên viên")
    other = signed(draft_award(person_nominations([person]), date=datetime.date(2017, 1, 6)))
    pending = issued(draft_award(banner_nominations([world.vu_b], year=2015), year=2015), render=False)
    draft = draft_award([factories_approved_cuc(world)])
    return {"named": named, "other": other, "pending": pending, "draft": draft}


def factories_approved_cuc(world):
    from .decisions_factories import approved

    return approved(title_=title("ttldxs"), unit=world.cuc)


# The list ----------------------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client, world):
    response = client.get(reverse("decision_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_board_and_viewers_see_every_decision_with_filters(client, world, decisions):
    for user in ("board", "viewer"):
        login(client, world, user)
        response = client.get(reverse("decision_list"))
        assert [d.pk for d in response.context["page"]] == [
            decisions["other"].pk,
            decisions["draft"].pk,
            decisions["pending"].pk,
            decisions["named"].pk,
        ]
    page = page_text(client.get(reverse("decision_list"), {"year": 2016, "status": "signed"}))
    assert "2 quyết định" in page
    assert "02/QĐ-BTP 06/01/2017 Về việc tặng danh hiệu Chiến sĩ thi đua cơ sở năm 2016 2016 1 Đã ký" in page
    assert "01/QĐ-BTP 05/01/2017 Về việc tặng Cờ thi đua ngành Tư pháp năm 2016 2016 2 Đã ký" in page
    response = client.get(reverse("decision_list"), {"status": "issued"})
    assert [d.pk for d in response.context["page"]] == [decisions["pending"].pk]
    assert "Chờ xử lý" in page_text(response)
    response = client.get(reverse("decision_list"), {"kind": "appointment"})
    assert "Không có quyết định nào khớp với điều kiện lọc." in page_text(response)
    # Junk filters are ignored.
    assert len(client.get(reverse("decision_list"), {"year": "x", "kind": "y", "status": "z"}).context["page"]) == 4


def test_other_users_see_the_signed_decisions_naming_them_or_their_units(client, world, decisions):
    expected = {
        "staff_a": [decisions["named"].pk],
        "staff_cuc": [decisions["named"].pk],  # the Chi cục is under the Cục
        "staff_b": [],  # the decision naming Vụ B is not signed yet
        "staff_other": [decisions["other"].pk],  # a person of the unit
        "delegate_b": [],
    }
    for user, pks in expected.items():
        login(client, world, user)
        response = client.get(reverse("decision_list"))
        assert [d.pk for d in response.context["page"]] == pks, user
        assert "Soạn quyết định" not in page_text(response)


def test_the_list_makes_the_same_number_of_queries_for_one_decision_and_for_many(client, world):
    login(client, world, "board")
    signed(draft_award(banner_nominations([world.vu_a])))
    one = count_queries(client, reverse("decision_list"))
    signed(draft_award(person_nominations([factories.person(world.vu_b, "Bùi Thị Lan")])))
    issued(draft_award(banner_nominations([world.vu_b, world.cuc])), render=False)
    draft_award(banner_nominations([world.chi_cuc]))
    services.decision_draft_appointment(actor=None, term=world.term, date=datetime.date(2016, 1, 10), signer_name="A")
    many = count_queries(client, reverse("decision_list"))
    assert Decision.objects.count() == 5
    assert many == one
    login(client, world, "staff_a")
    assert count_queries(client, reverse("decision_list")) <= one + 2


# The page ----------------------------------------------------------------------------------------------------


def test_a_decision_page_is_404_for_who_may_not_see_it(client, world, decisions):
    cases = {
        "named": {"board": 200, "viewer": 200, "staff_a": 200, "staff_cuc": 200, "staff_b": 404, "staff_other": 404},
        "pending": {"board": 200, "viewer": 200, "staff_b": 404},
        "draft": {"board": 200, "viewer": 200, "staff_cuc": 404},
    }
    for key, expected in cases.items():
        pk = decisions[key].pk
        for user, status in expected.items():
            login(client, world, user)
            for name in ("decision_detail", "decision_status"):
                assert client.get(reverse(name, args=[pk])).status_code == status, (key, user, name)
    login(client, world, "board")
    assert client.get(reverse("decision_detail", args=[10**6])).status_code == 404


def test_the_page_of_a_signed_decision_for_an_awardee(client, world, decisions):
    login(client, world, "staff_a")
    pk = decisions["named"].pk
    response = client.get(reverse("decision_detail", args=[pk]))
    page = page_text(response)
    assert "Quyết định số 01/QĐ-BTP" in page
    assert "Về việc tặng Cờ thi đua ngành Tư pháp năm 2016 · Đã ký" in page
    assert "Đã xong 3/3 Tải quyết định (PDF) 1 trang" in page
    assert "1 Chi cục THADS huyện Văn Yên" in page and "2 Vụ Pháp luật dân sự - kinh tế" in page
    for board_only in (*ACTIONS, "decision_edit"):
        assert reverse(board_only, args=[pk]).encode() not in response.content


def test_the_board_sees_its_actions_by_status(client, world, decisions):
    login(client, world, "board")
    expected = {
        "draft": ("Cấp số và dựng văn bản", "Xóa dự thảo", "Sửa nội dung"),
        "named": ("Đính chính (soạn quyết định thay thế)",),
    }
    for key, buttons in expected.items():
        page = page_text(client.get(reverse("decision_detail", args=[decisions[key].pk])))
        for button in buttons:
            assert button in page, (key, button)
    page = page_text(client.get(reverse("decision_detail", args=[decisions["draft"].pk])))
    assert "Dự thảo: văn bản PDF được dựng khi quyết định được cấp số." in page
    response = client.get(reverse("decision_detail", args=[decisions["pending"].pk]))
    page = page_text(response)
    assert "Chờ xử lý 1/3 Văn bản đang được dựng; trang sẽ tự cập nhật." in page
    assert "Ghi nhận đã ký" not in page  # not rendered yet
    assert b'data-poll="/decisions/' in response.content
    assert client.get(reverse("decision_status", args=[decisions["pending"].pk])).json() == {
        "status": "pending",
        "label": "Chờ xử lý",
        "progress": 1,
        "steps": 3,
    }
    assert client.get(reverse("decision_status", args=[decisions["draft"].pk])).json() == {
        "status": "none",
        "label": "Chưa cấp số",
        "progress": 0,
        "steps": 3,
    }


def test_the_download_is_for_who_may_see_the_decision_once_rendered(client, world, decisions):
    url = reverse("decision_download", args=[decisions["named"].pk])
    for user, status in {"board": 200, "viewer": 200, "staff_a": 200, "staff_cuc": 200, "staff_b": 404}.items():
        login(client, world, user)
        assert client.get(url).status_code == status, user
    login(client, world, "board")
    assert client.get(reverse("decision_download", args=[decisions["pending"].pk])).status_code == 404
    assert client.get(reverse("decision_download", args=[decisions["draft"].pk])).status_code == 404
    assert client.post(url).status_code == 405


# Who may act -------------------------------------------------------------------------------------------------


def test_actions_are_the_boards_403_for_who_sees_the_decision_404_for_others(client, world, decisions):
    pk = decisions["named"].pk
    urls = [reverse(name, args=[pk]) for name in ACTIONS] + [reverse("decision_edit", args=[pk])]
    for user, status in {"viewer": 403, "staff_a": 403, "staff_b": 404, "staff_other": 404}.items():
        login(client, world, user)
        for url in urls:
            assert client.post(url).status_code == status, (user, url)
    for name in ("decision_create", "decision_create_appointment"):
        for user in ("viewer", "staff_a", "leader_a"):
            login(client, world, user)
            assert client.get(reverse(name)).status_code == 403
            assert client.post(reverse(name)).status_code == 403
    login(client, world, "board")
    for name in ACTIONS:
        assert client.get(reverse(name, args=[pk])).status_code == 405
    assert Decision.objects.count() == 4
    assert Decision.objects.get(pk=pk).status == D.SIGNED


# The board's actions -----------------------------------------------------------------------------------------


def test_the_board_drafts_an_award_decision_from_the_approved_nominations(client, world):
    banner = title("co-bo")
    nominations = banner_nominations([world.vu_a, world.vu_b])
    banner_nominations([world.cuc], year=2015)
    login(client, world, "board")
    response = client.get(reverse("decision_create"))
    assert response.status_code == 200 and response.context["form"] is None
    response = client.get(reverse("decision_create"), {"title": banner.pk, "year": 2016})
    form = response.context["form"]
    assert [n.pk for n in form.fields["nominations"].queryset] == [n.pk for n in nominations]
    page = page_text(response)
    assert "Vụ Pháp luật dân sự - kinh tế Vụ Tổ chức cán bộ" in page
    assert "Cục THADS tỉnh Yên Bái" not in page
    data = {
        "title": banner.pk,
        "year": 2016,
        "nominations": [nominations[0].pk],
        "place": "Hà Nội",
        "date": "2017-01-05",
        "signer_authority": "KT. BỘ TRƯỞNG",
        "signer_position": "THỨ TRƯỞNG",
        "signer_name": "",
    }
    response = client.post(reverse("decision_create"), data)
    assert response.status_code == 200
    assert "Vui lòng nhập họ tên người ký." in page_text(response)
    assert not Decision.objects.exists()
    response = client.post(reverse("decision_create"), {**data, "signer_name": "Trần Tiến Dũng"})
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("decision_detail", args=[decision.pk])
    assert (decision.subject, decision.created_by) == (
        "Về việc tặng Cờ thi đua ngành Tư pháp năm 2016",
        world.users["board"],
    )
    assert list(decision.items.values_list("nomination", flat=True)) == [nominations[0].pk]
    # The nomination taken is no longer offered.
    response = client.get(reverse("decision_create"), {"title": banner.pk, "year": 2016})
    assert [n.pk for n in response.context["form"].fields["nominations"].queryset] == [nominations[1].pk]
    response = client.post(reverse("decision_create"), {**data, "signer_name": "A", "nominations": [nominations[0].pk]})
    assert response.status_code == 200 and Decision.objects.count() == 1


def test_the_board_drafts_an_appointment_decision(client, world):
    login(client, world, "board")
    response = client.get(reverse("decision_create_appointment"))
    assert [t.pk for t in response.context["form"].fields["term"].queryset] == [world.term.pk]
    response = client.post(
        reverse("decision_create_appointment"),
        {
            "term": world.term.pk,
            "place": "Hà Nội",
            "date": "2016-01-10",
            "signer_position": "THỨ TRƯỞNG",
            "signer_name": "Trần Tiến Dũng",
        },
    )
    decision = Decision.objects.get()
    assert response["Location"] == reverse("decision_detail", args=[decision.pk])
    assert decision.subject == "Về việc cử Cụm trưởng, Cụm phó Cụm thi đua số I năm 2016"
    response = client.get(reverse("decision_create_appointment"))
    assert "Không có nhiệm kỳ nào có Cụm trưởng mà chưa có quyết định cử." in page_text(response)


def test_the_board_issues_edits_signs_corrects_and_deletes(client, world):
    login(client, world, "board")
    decision = draft_award(banner_nominations([world.vu_a]))
    edit = reverse("decision_edit", args=[decision.pk])
    form = client.get(edit).context["form"]
    data = {name: form.initial[name] for name in form.fields}
    data["date"] = "2017-01-05"
    response = client.post(edit, {**data, "subject": "Về việc tặng Cờ thi đua ngành Tư pháp năm 2016 (sửa)"})
    assert response.status_code == 302
    assert Decision.objects.get().subject.endswith("(sửa)")
    assert client.post(edit, {**data, "recipients": ""}).status_code == 200

    response = client.post(reverse("decision_issue", args=[decision.pk]), follow=True)
    assert "Đã cấp số 01/QĐ-BTP; văn bản PDF đang được dựng." in page_text(response)
    response = client.post(reverse("decision_issue", args=[decision.pk]), follow=True)
    assert "Quyết định đã được cấp số 01/QĐ-BTP." in page_text(response)
    response = client.post(reverse("decision_sign", args=[decision.pk]), follow=True)
    assert "Văn bản chưa được dựng xong: chưa thể đánh dấu đã ký." in page_text(response)
    # Corrected before signature: same number, the PDF rendered again.
    response = client.post(edit, {**data, "signer_name": "Lê Tiến Châu"})
    assert response.status_code == 302
    document = RenderedDocument.objects.get()
    assert (document.status, document.data["signer"]["name"]) == ("pending", "Lê Tiến Châu")

    from thidua.documents.services import document_render

    document_render(document_id=document.pk)
    response = client.post(reverse("decision_sign", args=[decision.pk]), follow=True)
    assert "Đã ghi nhận Quyết định 01/QĐ-BTP đã ký." in page_text(response)
    assert Award.objects.get().decision_number == "01/QĐ-BTP"
    assert Nomination.objects.get().status == Nomination.Status.DECIDED
    assert client.get(edit).status_code == 403

    response = client.post(reverse("decision_correct", args=[decision.pk]))
    correction = Decision.objects.get(corrects=decision)
    assert response["Location"] == reverse("decision_detail", args=[correction.pk])
    page = page_text(client.get(reverse("decision_detail", args=[decision.pk])))
    assert f"Được thay thế bởi {correction} (Dự thảo)" in page
    response = client.post(reverse("decision_delete", args=[decision.pk]), follow=True)
    assert "không xóa được; nếu sai, hãy đính chính." in page_text(response)
    response = client.post(reverse("decision_delete", args=[correction.pk]))
    assert response["Location"] == reverse("decision_list")
    assert list(Decision.objects.values_list("pk", flat=True)) == [decision.pk]


def test_a_failed_rendering_is_shown_and_the_board_retries_it(client, world):
    decision = issued(draft_award(banner_nominations([world.vu_a])), render=False)
    RenderedDocument.objects.update(status=RenderedDocument.Status.FAILED, error="OSError: disk full")
    login(client, world, "viewer")
    page = page_text(client.get(reverse("decision_detail", args=[decision.pk])))
    assert "Lỗi 3/3 Dựng văn bản bị lỗi." in page
    assert "disk full" not in page and "Dựng lại" not in page
    login(client, world, "board")
    page = page_text(client.get(reverse("decision_detail", args=[decision.pk])))
    assert "Lỗi 3/3 Dựng văn bản bị lỗi. OSError: disk full Dựng lại" in page
    response = client.post(reverse("decision_retry", args=[decision.pk]), follow=True)
    assert "Đã yêu cầu dựng lại văn bản 01/QĐ-BTP." in page_text(response)
    assert RenderedDocument.objects.get().status == RenderedDocument.Status.PENDING


def test_a_rendering_waiting_for_long_can_be_retried(client, world):
    decision = issued(draft_award(banner_nominations([world.vu_a])), render=False)
    RenderedDocument.objects.update(updated_at=datetime.datetime(2017, 1, 5, tzinfo=datetime.UTC))
    login(client, world, "board")
    page = page_text(client.get(reverse("decision_detail", args=[decision.pk])))
    assert "Văn bản chờ dựng đã lâu. Dựng lại" in page
