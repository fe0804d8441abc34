"""Portal pages for movements and their launch plan: what each shows, who may change what, query counts.

Movements are read by every logged-in user (the launch is public to the sector): another unit's staff read them
(200) and are refused changes (403); 404 is for what does not exist."""

import datetime

import pytest
from django.urls import reverse

from campaigns.models import Movement
from campaigns.services.movements import movement_plan_issue
from tests import factories
from thidua.documents.models import RenderedDocument

from .fixtures_movements import IT_MOVEMENT, count_queries, make_movement, page_text, plan_inputs

pytestmark = pytest.mark.django_db


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def movement_post(**changes) -> dict:
    data = {
        "year": "2016",
        "launched_by_term": "",
        "name": "Thi đua thực hiện văn hóa công sở",
        "kind": Movement.Kind.THEMATIC,
        "goals": "Xây dựng phong cách ứng xử chuẩn mực.\nNâng cao chất lượng phục vụ.",
        "content": "",
        "start_date": "2016-03-01",
        "end_date": "2016-12-15",
        "participants": Movement.Participants.ALL,
    }
    data.update(changes)
    return data


# The list --------------------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client, world):
    response = client.get(reverse("movement_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_logged_in_user_reads_the_years_movements_with_filters(client, world):
    make_movement()
    make_movement(term=world.term, name="Thi đua ứng dụng công nghệ thông tin của Cụm", kind=Movement.Kind.PERIOD)
    make_movement(year=2017, name="Phong trào năm sau")
    login(client, world, "staff_other")
    response = client.get(reverse("movement_list"), {"year": 2016})
    page = page_text(response)
    assert "2 phong trào" in page
    assert f"{IT_MOVEMENT} Theo chuyên đề Bộ Tư pháp 15/01/2016 – 30/11/2016 Chưa ban hành" in page
    assert "Thi đua ứng dụng công nghệ thông tin của Cụm Theo đợt Cụm thi đua số I" in page
    assert "Phong trào năm sau" not in page
    assert "Phát động phong trào" not in page  # staff_other may launch nothing
    filtered = page_text(client.get(reverse("movement_list"), {"year": 2016, "launched_by": world.term.pk}))
    assert "1 phong trào" in filtered and IT_MOVEMENT not in filtered
    by_kind = page_text(client.get(reverse("movement_list"), {"year": 2016, "kind": "chuyen_de"}))
    assert "1 phong trào" in by_kind and IT_MOVEMENT in by_kind
    ministry = page_text(client.get(reverse("movement_list"), {"year": 2016, "launched_by": "ministry"}))
    assert "1 phong trào" in ministry and IT_MOVEMENT in ministry


def test_the_launch_button_shows_for_the_board_and_leaders(client, world):
    for username, shown in (("board", True), ("leader_a", True), ("staff_a", True), ("staff_b", False)):
        login(client, world, username)
        assert ("Phát động phong trào" in page_text(client.get(reverse("movement_list")))) is shown, username


def test_the_list_makes_the_same_queries_for_one_or_many_movements(client, world):
    login(client, world, "staff_a")
    make_movement()
    url = reverse("movement_list") + "?year=2016"
    one = count_queries(client, url)
    for number in range(12):
        movement = make_movement(term=world.term, name=f"Phong trào số {number}")
        movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    assert count_queries(client, url) == one


# Launching and changing ------------------------------------------------------------------------------------


def test_the_board_launches_a_ministry_movement(client, world):
    login(client, world, "board")
    assert client.get(reverse("movement_create")).status_code == 200
    response = client.post(reverse("movement_create"), movement_post())
    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("movement_detail", args=[movement.pk])
    assert (movement.issuer, movement.launched_by_term, movement.created_by) == (
        world.ministry,
        None,
        world.users["board"],
    )


def test_a_leader_launches_for_its_term_only(client, world):
    login(client, world, "leader_a")
    form = client.get(reverse("movement_create")).context["form"]
    assert list(form.fields["launched_by_term"].queryset) == [world.term]
    response = client.post(reverse("movement_create"), movement_post())  # no term: the Ministry's
    assert response.status_code == 200
    assert response.context["form"].errors == {"launched_by_term": ["Trường này là bắt buộc."]}
    other = factories.term("Khu vực thi đua miền núi", 2016, [world.cuc], leader=world.cuc, kind_="khu_vuc")
    response = client.post(reverse("movement_create"), movement_post(launched_by_term=other.pk))
    assert response.context["form"].errors == {"launched_by_term": ["Bạn không được phát động phong trào cho cụm này."]}
    response = client.post(reverse("movement_create"), movement_post(launched_by_term=world.term.pk))
    assert response.status_code == 302
    assert Movement.objects.get().issuer == world.vu_a


@pytest.mark.parametrize("username", ["staff_b", "staff_other", "viewer", "delegate_b"])
def test_others_may_not_open_the_launch_form(client, world, username):
    login(client, world, username)
    assert client.get(reverse("movement_create")).status_code == 403
    assert client.post(reverse("movement_create"), movement_post()).status_code == 403
    assert not Movement.objects.exists()


def test_bad_input_is_named_in_vietnamese_and_nothing_is_saved(client, world):
    login(client, world, "board")
    response = client.post(
        reverse("movement_create"),
        movement_post(name="", start_date="2016-05-01", end_date="2016-04-01"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Vui lòng nhập tên phong trào."],
        "end_date": ["Ngày kết thúc phải sau hoặc trùng ngày bắt đầu."],
    }
    response = client.post(reverse("movement_create"), movement_post(start_date="2017-02-01", end_date="2017-04-01"))
    assert response.context["form"].errors == {
        "start_date": ["Thời gian thực hiện (01/02/2017 - 01/04/2017) phải nằm trong hoặc giao với năm thi đua 2016."]
    }
    response = client.post(
        reverse("movement_create"),
        movement_post(participants=Movement.Participants.CLUSTERS),
    )
    assert response.context["form"].errors == {
        "participant_terms": ["Vui lòng chọn ít nhất một cụm, khối, khu vực tham gia."]
    }
    assert "Vui lòng sửa các lỗi dưới đây." in page_text(response)
    assert not Movement.objects.exists()


def test_editing_is_for_the_issuer_and_the_board(client, world):
    movement = make_movement(term=world.term)
    ministry_movement = make_movement()
    url = reverse("movement_edit", args=[movement.pk])
    login(client, world, "staff_a")
    assert client.get(url).status_code == 200
    response = client.post(url, movement_post(launched_by_term=world.term.pk, name=IT_MOVEMENT, goals="Một mục tiêu."))
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.goals == "Một mục tiêu."
    assert client.get(reverse("movement_edit", args=[ministry_movement.pk])).status_code == 403
    for username in ("staff_b", "staff_other", "viewer"):
        login(client, world, username)
        assert client.get(url).status_code == 403, username
        assert client.post(url, movement_post(launched_by_term=world.term.pk)).status_code == 403, username
    assert client.get(reverse("movement_edit", args=[999999])).status_code == 404


# The detail page and the plan ------------------------------------------------------------------------------


def test_the_detail_shows_the_movement_and_its_participants(client, world):
    movement = make_movement(term=world.term)
    login(client, world, "staff_other")
    response = client.get(reverse("movement_detail", args=[movement.pk]))
    page = page_text(response)
    assert f"{IT_MOVEMENT} Thông tin phong trào Năm thi đua 2016 Loại phong trào Theo chuyên đề" in page
    assert "Đơn vị phát động Cụm thi đua số I (Cụm trưởng: Vụ Pháp luật dân sự - kinh tế)" in page
    assert "Đơn vị tham gia (2) Tất cả đơn vị" in page
    assert "Vụ Pháp luật dân sự - kinh tế Vụ — Vụ Tổ chức cán bộ Vụ —" in page
    assert "Chưa ban hành văn bản." in page
    assert "Sửa" not in page.split("Thông tin phong trào")[0]
    assert "Ban hành kế hoạch" not in page
    assert client.get(reverse("movement_detail", args=[999999])).status_code == 404


def test_the_participants_page_has_a_fixed_number_of_queries(client, world):
    login(client, world, "staff_a")
    movement = make_movement()
    url = reverse("movement_detail", args=[movement.pk])
    one = count_queries(client, url)
    for number in range(25):
        factories.unit(f"Đơn vị thêm {number:02d}", parent=world.ministry)
    assert count_queries(client, url) == one
    second_page = client.get(url, {"unit_page": 2})
    assert second_page.context["participants"].number == 2


def test_issuing_the_plan_from_the_page(client, world):
    movement = make_movement()
    url = reverse("movement_plan_issue", args=[movement.pk])
    login(client, world, "board")
    form = client.get(url).context["form"]
    assert form.initial["place"] == "Hà Nội"
    assert form.initial["signer_authority"] == "KT. BỘ TRƯỞNG"
    assert form.initial["recipients"].splitlines()[-1] == "Lưu: VT, TĐKT"
    response = client.post(
        url,
        {
            "place": "Hà Nội",
            "date": "2016-01-05",
            "signer_authority": "KT. BỘ TRƯỞNG",
            "signer_position": "THỨ TRƯỞNG",
            "signer_name": "",
            "recipients": "Như trên\nLưu: VT, TĐKT",
        },
    )
    assert response.context["form"].errors == {"signer_name": ["Vui lòng nhập họ tên người ký."]}
    response = client.post(
        url,
        {
            "place": "Hà Nội",
            "date": "2016-01-05",
            "signer_authority": "KT. BỘ TRƯỞNG",
            "signer_position": "THỨ TRƯỞNG",
            "signer_name": "Trần Tiến Dũng",
            "recipients": "Như trên\n\nLưu: VT, TĐKT",
        },
    )
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.plan_number == "01/KH-BTP"
    assert movement.plan_document.data["recipients"] == ["Như trên", "Lưu: VT, TĐKT"]
    detail = client.get(reverse("movement_detail", args=[movement.pk]))
    page = page_text(detail)
    assert "Kế hoạch phát động số 01/KH-BTP Chờ xử lý Văn bản đang được dựng; trang sẽ tự cập nhật." in page
    assert reverse("movement_plan_status", args=[movement.pk]) in detail.content.decode()
    assert "Ban hành lại kế hoạch" in page


@pytest.mark.parametrize("username", ["staff_a", "staff_other", "viewer"])
def test_others_may_not_issue_or_retry_a_ministry_plan(client, world, username):
    movement = make_movement()
    movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    RenderedDocument.objects.update(status=RenderedDocument.Status.FAILED, error="OSError: disk full")
    login(client, world, username)
    assert client.get(reverse("movement_plan_issue", args=[movement.pk])).status_code == 403
    assert client.post(reverse("movement_plan_retry", args=[movement.pk])).status_code == 403
    page = page_text(client.get(reverse("movement_detail", args=[movement.pk])))
    assert "Dựng văn bản bị lỗi." in page
    assert "Dựng lại" not in page and "disk full" not in page


def test_a_failed_plan_is_retried_by_the_board(client, world):
    movement = make_movement()
    movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    RenderedDocument.objects.update(status=RenderedDocument.Status.FAILED, error="OSError: disk full")
    login(client, world, "board")
    page = page_text(client.get(reverse("movement_detail", args=[movement.pk])))
    assert "Lỗi Dựng văn bản bị lỗi. OSError: disk full Dựng lại" in page
    assert client.get(reverse("movement_plan_retry", args=[movement.pk])).status_code == 405
    response = client.post(reverse("movement_plan_retry", args=[movement.pk]))
    assert response.status_code == 302
    assert RenderedDocument.objects.get().status == RenderedDocument.Status.PENDING


def test_a_plan_waiting_for_long_can_be_retried(client, world):
    movement = make_movement()
    movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    RenderedDocument.objects.update(updated_at=datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC))
    login(client, world, "board")
    page = page_text(client.get(reverse("movement_detail", args=[movement.pk])))
    assert "Văn bản chờ dựng đã lâu. Dựng lại" in page


def test_status_and_download_before_the_file_exists(client, world):
    movement = make_movement()
    login(client, world, "staff_other")
    assert client.get(reverse("movement_plan_status", args=[movement.pk])).json() == {
        "status": "none",
        "label": "Chưa ban hành",
    }
    assert client.get(reverse("movement_plan_download", args=[movement.pk])).status_code == 404
    movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    assert client.get(reverse("movement_plan_status", args=[movement.pk])).json() == {
        "status": "pending",
        "label": "Chờ xử lý",
    }
    assert client.get(reverse("movement_plan_download", args=[movement.pk])).status_code == 404
    assert client.get(reverse("movement_plan_status", args=[999999])).status_code == 404


def test_the_download_streams_the_stored_file(
    client, world, media_dir, eager_celery, django_capture_on_commit_callbacks
):
    movement = make_movement()
    with django_capture_on_commit_callbacks(execute=True):
        document = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    document.refresh_from_db()
    login(client, world, "delegate_b")
    response = client.get(reverse("movement_plan_download", args=[movement.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (media_dir / document.file.name).read_bytes()
    assert "/media" not in client.get(reverse("movement_detail", args=[movement.pk])).content.decode()
