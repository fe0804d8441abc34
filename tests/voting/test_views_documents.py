"""A vote's printed documents on the session page: the paper ballots (printed with a number of copies, status
polled, retried, downloaded by the managers only) and the vote-count minutes (drawn up once the result is final,
signed, then downloadable by whoever sees the conference). The PDFs themselves are another area's: a stand-in
template renders in most tests here (manage_factories.stub_documents), the real documents in the last one."""

import pytest
from django.urls import reverse

from tests.documents.conftest import media_dir  # noqa: F401
from thidua.documents.models import RenderedDocument
from thidua.documents.services import document_render
from voting.models import BallotSession

from .manage_factories import conference, counted, login, opened, page_text, stub_documents  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_dir")]
stubbed = pytest.mark.usefixtures("stub_documents")

Done = RenderedDocument.Status.DONE


def rendered(document_id: int) -> RenderedDocument:
    """Render in this process what the worker renders."""
    document_render(document_id=document_id)
    return RenderedDocument.objects.get(pk=document_id)


@stubbed
def test_the_paper_ballots_are_printed_polled_and_downloaded_by_the_managers(client, world):
    session, _codes = opened(conference(world))
    login(client, world, "leader_a")
    url = reverse("session_papers_print", args=[session.pk])
    for copies, message in {
        "0": "Số phiếu in: Giá trị nhỏ nhất là 1.",
        "501": "Số phiếu in: Giá trị lớn nhất là 500.",
        "": "Vui lòng nhập số phiếu cần in.",
    }.items():
        response = client.post(url, {"copies": copies})
        assert response["Location"] == reverse("session_detail", args=[session.pk]) + "#papers"
        assert message in page_text(client.get(response["Location"])), copies
    assert not RenderedDocument.objects.exists()
    client.post(url, {"copies": "3"})
    session.refresh_from_db()
    document = session.papers
    assert (document.status, document.data["copies"]) == (RenderedDocument.Status.PENDING, 3)
    response = client.get(reverse("session_detail", args=[session.pk]))
    page = page_text(response)
    assert "Đang dựng 3 phiếu bầu in sẵn (PDF), đánh số từ 1." in page
    assert "Phiếu bầu in sẵn (PDF) Chờ xử lý 1/3 Văn bản đang được dựng; trang sẽ tự cập nhật." in page
    status_url = reverse("session_papers_status", args=[session.pk])
    assert f'data-poll="{status_url}"'.encode() in response.content
    assert client.get(status_url).json() == {"status": "pending", "label": "Chờ xử lý", "progress": 1, "steps": 3}
    download = reverse("session_papers_download", args=[session.pk])
    assert client.get(download).status_code == 404
    assert rendered(document.pk).status == Done
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert "Đã xong 3/3 Tải phiếu bầu (PDF) 1 trang" in page
    response = client.get(download)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Printed again, never fewer than before: the numbers handed out stay valid.
    response = client.post(url, {"copies": "2"})
    assert "Đã in 3 phiếu: in lại phải có ít nhất 3 phiếu để các số đã phát vẫn hợp lệ." in page_text(
        client.get(response["Location"])
    )
    for username, status in {"staff_b": 403, "viewer": 403, "staff_other": 404, "staff_cuc": 404}.items():
        login(client, world, username)
        for name in ("session_papers_status", "session_papers_download"):
            assert client.get(reverse(name, args=[session.pk])).status_code == status, (username, name)
        for name in ("session_papers_print", "session_papers_retry"):
            assert client.post(reverse(name, args=[session.pk]), {"copies": "9"}).status_code == status, username
        response = client.get(reverse("session_detail", args=[session.pk]))
        if status == 403:
            assert download.encode() not in response.content and "Phiếu bầu in sẵn" not in page_text(response)
    assert RenderedDocument.objects.get().data["copies"] == 3


@stubbed
def test_a_failed_rendering_can_be_retried(client, world):
    session, _codes = opened(conference(world))
    login(client, world, "board")
    client.post(reverse("session_papers_print", args=[session.pk]), {"copies": "2"})
    session.refresh_from_db()
    RenderedDocument.objects.filter(pk=session.papers_id).update(
        status=RenderedDocument.Status.FAILED, error="Hết giấy"
    )
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert "Lỗi 3/3" in page and "Dựng văn bản bị lỗi. Hết giấy Dựng lại" in page
    response = client.post(reverse("session_papers_retry", args=[session.pk]))
    assert response["Location"] == reverse("session_detail", args=[session.pk]) + "#papers"
    assert RenderedDocument.objects.get().status == RenderedDocument.Status.PENDING
    other, _codes = opened(conference(world, place="Hòa Bình"), code="co-cp")
    assert client.post(reverse("session_papers_retry", args=[other.pk])).status_code == 404


@stubbed
def test_the_minutes_are_drawn_up_signed_and_then_downloadable_by_who_sees_the_conference(client, world):
    session = counted(conference(world), votes=[[0], [0]])
    login(client, world, "leader_a")
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert "Biên bản kiểm phiếu (PDF) Chưa lập biên bản kiểm phiếu. Lập biên bản kiểm phiếu" in page
    response = client.post(reverse("session_minutes_issue", args=[session.pk]))
    assert response["Location"] == reverse("session_detail", args=[session.pk]) + "#minutes"
    session.refresh_from_db()
    minutes = session.minutes
    assert "Đã lập biên bản kiểm phiếu; văn bản PDF đang được dựng." in page_text(client.get(response["Location"]))
    # Not signed: the managers' only.
    download = reverse("session_minutes_download", args=[session.pk])
    status_url = reverse("session_minutes_status", args=[session.pk])
    login(client, world, "staff_b")
    assert client.get(download).status_code == 403
    assert client.get(status_url).status_code == 403
    assert "Biên bản kiểm phiếu (PDF)" not in page_text(client.get(reverse("session_detail", args=[session.pk])))
    login(client, world, "leader_a")
    assert client.get(status_url).json() == {"status": "pending", "label": "Chờ xử lý", "progress": 1, "steps": 3}
    assert rendered(minutes.pk).status == Done
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert "Đã xong 3/3 Tải biên bản kiểm phiếu (PDF) 1 trang" in page
    assert "Ghi nhận Ban kiểm phiếu đã ký" in page
    assert client.get(download).status_code == 200
    for username, status in {"staff_b": 403, "viewer": 403, "staff_other": 404}.items():
        login(client, world, username)
        for name in ("session_minutes_issue", "session_minutes_sign", "session_minutes_retry"):
            assert client.post(reverse(name, args=[session.pk])).status_code == status, (username, name)
    assert RenderedDocument.objects.get().signed_at is None
    login(client, world, "leader_a")
    response = client.post(reverse("session_minutes_sign", args=[session.pk]))
    assert "Đã ghi nhận Ban kiểm phiếu đã ký biên bản." in page_text(client.get(response["Location"]))
    assert RenderedDocument.objects.get().signed_at is not None
    response = client.post(reverse("session_minutes_issue", args=[session.pk]))
    assert "Văn bản đã ký: không được thay đổi" in page_text(client.get(response["Location"]))
    # Signed: whoever sees the conference downloads them.
    for username, status in {"staff_b": 200, "staff_a": 200, "viewer": 200, "staff_other": 404}.items():
        login(client, world, username)
        assert client.get(download).status_code == status, username
    login(client, world, "staff_b")
    response = client.get(reverse("session_detail", args=[session.pk]))
    assert "Biên bản kiểm phiếu (PDF) Đã xong 3/3 Tải biên bản kiểm phiếu (PDF) 1 trang" in page_text(response)
    assert download.encode() in response.content
    assert reverse("session_minutes_sign", args=[session.pk]).encode() not in response.content
    assert client.get(status_url).json()["status"] == "done"


@stubbed
def test_the_minutes_wait_for_the_final_result(client, world):
    session = counted(conference(world), votes=[[0], [1]], threshold_percent=0, threshold_comparison="at_least")
    login(client, world, "board")
    response = client.post(reverse("session_minutes_issue", args=[session.pk]))
    assert "Kết quả có trường hợp bằng phiếu: hãy tổ chức bỏ phiếu lại trước khi công bố." in page_text(
        client.get(response["Location"])
    )
    assert BallotSession.objects.get(pk=session.pk).minutes_id is None
    assert not RenderedDocument.objects.exists()
    assert client.get(reverse("session_minutes_download", args=[session.pk])).status_code == 404


def test_the_real_minutes_and_papers_render_from_the_page(client, world):
    """The same path with voting/documents.py as it is: the page's buttons give downloadable PDFs."""
    meeting = conference(world)
    session, _codes = opened(meeting)
    login(client, world, "leader_a")
    client.post(reverse("session_papers_print", args=[session.pk]), {"copies": "2"})
    session.refresh_from_db()
    assert rendered(session.papers_id).status == Done
    assert client.get(reverse("session_papers_download", args=[session.pk])).status_code == 200
    counted_session = counted(conference(world, place="Hòa Bình"), votes=[[0], [0]])
    client.post(reverse("session_minutes_issue", args=[counted_session.pk]))
    counted_session.refresh_from_db()
    assert rendered(counted_session.minutes_id).status == Done
    response = client.get(reverse("session_minutes_download", args=[counted_session.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
