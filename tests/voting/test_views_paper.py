"""The counting committee's paper entry: each paper (number, marks, spoiled; removed by mistake) or the totals, with
every check of the paper services on its field and nothing saved on bad input; only between the close and the
count; only for who runs the conference."""

import pytest
from django.urls import reverse

from voting import services
from voting.models import Ballot, BallotSession, PaperCount

from .manage_factories import candidate_ids, conference, login, opened, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world):
    """A closed session of two candidates (one place) whose two present delegates both received paper ballots."""
    session, _codes = opened(conference(world))
    services.papers_issue(actor=None, session=session)
    services.session_close(actor=None, session=session)
    session.refresh_from_db()
    return session


def test_the_paper_page_is_for_who_runs_the_conference(client, world, closed):
    url = reverse("paper_entry", args=[closed.pk])
    for username, status in {
        "board": 200,
        "leader_a": 200,
        "staff_b": 403,
        "viewer": 403,
        "staff_other": 404,
        "staff_cuc": 404,
    }.items():
        login(client, world, username)
        assert client.get(url).status_code == status, username
    ids = candidate_ids(closed)
    for username, status in {"staff_b": 403, "viewer": 403, "staff_other": 404}.items():
        login(client, world, username)
        assert client.post(reverse("paper_ballot_enter", args=[closed.pk]), {"paper_number": 1}).status_code == status
        assert client.post(reverse("paper_ballot_remove", args=[closed.pk]), {"paper_number": 1}).status_code == status
        data = {"returned": 0, "valid": 0, "invalid": 0, **{f"candidate_{i}": 0 for i in ids}}
        assert client.post(reverse("paper_totals_enter", args=[closed.pk]), data).status_code == status
    assert not PaperCount.objects.exists()


def test_entering_each_paper_with_its_checks(client, world, closed):
    ids = candidate_ids(closed)
    login(client, world, "leader_a")
    url = reverse("paper_ballot_enter", args=[closed.pk])
    page = page_text(client.get(reverse("paper_entry", args=[closed.pk])))
    assert "Phát ra 2 Thu vào 0 Hợp lệ 0 Không hợp lệ 0" in page
    assert "Cách nhập: từng phiếu · tổng số theo ứng viên" in page
    assert "Các đơn vị thành viên: đồng ý tối đa 1" in page
    response = client.post(url, {"paper_number": "1", f"candidate_{ids[0]}": "on"})
    assert response["Location"] == reverse("paper_entry", args=[closed.pk]) + "#ballot-form"
    response = client.post(url, {"paper_number": "1", f"candidate_{ids[1]}": "on"})
    assert response.context["ballot_form"].errors == {"paper_number": ["Phiếu số 1 đã được nhập."]}
    # Two agree marks for one place: entered, and invalid.
    client.post(url, {"paper_number": "2", f"candidate_{ids[0]}": "on", f"candidate_{ids[1]}": "on"})
    response = client.get(reverse("paper_entry", args=[closed.pk]))
    assert response.context["ballot_form"].initial == {"paper_number": 3}
    page = page_text(response)
    assert "Đã nhập phiếu số 2." in page
    assert "Phát ra 2 Thu vào 2 Hợp lệ 1 Không hợp lệ 1" in page
    assert "Phiếu đã nhập (2) Số phiếu Hợp lệ Thao tác 1 Hợp lệ Xóa 2 Không hợp lệ Xóa" in page
    assert "Cách nhập:" not in page
    cases = [
        ({"paper_number": "x"}, {"paper_number": ["Số phiếu phải là một số nguyên dương."]}),
        ({"paper_number": "0"}, {"paper_number": ["Số in trên phiếu: Giá trị nhỏ nhất là 1."]}),
        ({}, {"paper_number": ["Vui lòng nhập số in trên phiếu."]}),
        (
            {"paper_number": "3"},
            {"__all__": ["Đã nhập đủ 2 phiếu giấy đã phát: số phiếu thu vào không thể nhiều hơn số phiếu phát ra."]},
        ),
    ]
    for data, errors in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["ballot_form"].errors == errors, data
    assert "Phiếu chưa được nhập: vui lòng sửa các lỗi dưới đây." in page_text(response)
    assert Ballot.objects.filter(source="paper").count() == 2
    response = client.post(reverse("paper_ballot_remove", args=[closed.pk]), {"paper_number": "2"})
    assert response["Location"] == reverse("paper_entry", args=[closed.pk]) + "#papers"
    assert "Đã xóa phiếu số 2 đã nhập." in page_text(client.get(response["Location"]))
    response = client.post(reverse("paper_ballot_remove", args=[closed.pk]), {"paper_number": "7"})
    assert "Chưa nhập phiếu số 7." in page_text(client.get(response["Location"]))
    client.post(url, {"paper_number": "2", "spoiled": "on", f"candidate_{ids[1]}": "on"})
    assert list(Ballot.objects.filter(source="paper").order_by("paper_number").values_list("is_valid")) == [
        (True,),
        (False,),
    ]
    # The count merges the papers: one valid vote for the first candidate.
    services.session_count(actor=None, session=closed)
    closed.refresh_from_db()
    assert (closed.result["valid"], closed.result["invalid"], closed.result["paper_returned"]) == (1, 1, 2)
    page = page_text(client.get(reverse("paper_entry", args=[closed.pk])))
    assert "Đã kiểm phiếu: không sửa được phiếu giấy nữa." in page
    response = client.post(url, {"paper_number": "3"})
    assert response.context["ballot_form"].errors == {
        "__all__": ["Chỉ nhập phiếu giấy sau khi kết thúc bỏ phiếu, trước khi kiểm phiếu."]
    }


def test_entering_the_totals_with_every_check_on_its_field(client, world, closed):
    first, second = candidate_ids(closed)
    login(client, world, "board")
    page = page_text(client.get(reverse("paper_entry", args=[closed.pk]), {"mode": "totals"}))
    assert "Nhập tổng số" in page and "Nhập một phiếu" not in page
    url = reverse("paper_totals_enter", args=[closed.pk])
    cases = [
        (
            {"returned": 3, "valid": 2, "invalid": 0, f"candidate_{first}": 1, f"candidate_{second}": 1},
            {
                "returned": ["Số phiếu thu vào (3) không được nhiều hơn số phiếu phát ra (2)."],
                "valid": ["Số phiếu hợp lệ (2) cộng không hợp lệ (0) phải bằng số phiếu thu vào (3)."],
            },
        ),
        (
            {"returned": 2, "valid": 1, "invalid": 1, f"candidate_{first}": 2, f"candidate_{second}": 0},
            {
                f"candidate_{first}": [
                    "«Vụ Pháp luật dân sự - kinh tế»: 2 phiếu đồng ý, nhiều hơn số phiếu hợp lệ (1)."
                ],
                "__all__": [
                    "Nhóm «Các đơn vị thành viên»: tổng 2 phiếu đồng ý vượt quá 1 phiếu hợp lệ × 1 (số lượng được "
                    "bầu): có phiếu vượt số lượng đã bị tính là hợp lệ."
                ],
            },
        ),
        (
            {"returned": 2, "valid": "", "invalid": "-1", f"candidate_{first}": "a"},
            {
                "valid": ["Vui lòng nhập số phiếu hợp lệ."],
                "invalid": ["Số phiếu không hợp lệ: Giá trị nhỏ nhất là 0."],
                f"candidate_{first}": ["Số phiếu đồng ý của «Vụ Pháp luật dân sự - kinh tế» phải là một số nguyên."],
                f"candidate_{second}": ["Phải ghi số phiếu đồng ý của «Vụ Tổ chức cán bộ» (số nguyên từ 0)."],
            },
        ),
    ]
    for data, errors in cases:
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["totals_form"].errors == errors, data
        assert response.context["mode"] == "totals"
    assert not PaperCount.objects.exists()
    data = {"returned": 2, "valid": 2, "invalid": 0, f"candidate_{first}": 2, f"candidate_{second}": 0}
    response = client.post(url, data)
    assert response["Location"] == reverse("paper_entry", args=[closed.pk])
    response = client.get(response["Location"])
    assert "Phát ra 2 Thu vào 2 Hợp lệ 2 Không hợp lệ 0" in page_text(response)
    assert response.context["totals_form"].initial[f"candidate_{first}"] == 2
    assert response.context["mode"] == "totals"
    response = client.post(reverse("paper_ballot_enter", args=[closed.pk]), {"paper_number": "1"})
    assert response.context["ballot_form"].errors == {
        "__all__": ["Ban kiểm phiếu đã nhập tổng số phiếu theo ứng viên: không nhập thêm từng phiếu."]
    }
    assert not Ballot.objects.filter(source="paper").exists()


def test_papers_are_entered_only_between_the_close_and_the_count(client, world):
    session, _codes = opened(conference(world))
    login(client, world, "leader_a")
    page = page_text(client.get(reverse("paper_entry", args=[session.pk])))
    assert "Chỉ nhập phiếu giấy sau khi kết thúc bỏ phiếu, trước khi kiểm phiếu." in page
    assert "Nhập một phiếu" not in page
    response = client.post(reverse("paper_ballot_enter", args=[session.pk]), {"paper_number": "1"})
    assert response.context["ballot_form"].errors == {
        "__all__": ["Chỉ nhập phiếu giấy sau khi kết thúc bỏ phiếu, trước khi kiểm phiếu."]
    }
    assert session.status == BallotSession.Status.OPEN
    assert not Ballot.objects.exists()
