"""Opening a session: the page of one-time codes shows each present voting delegate's code once, as a printable slip
with its QR code; the codes work with ballot_cast; afterwards they are nowhere: not in the database, not in the
audit trail, not in the logs, not in the session or its messages, only their keyed hashes. A lost code reissued."""

import logging
import re

import pytest
import segno
from django.apps import apps
from django.core import serializers
from django.core.exceptions import ValidationError
from django.urls import reverse

from voting import services
from voting.models import BallotSession, Delegate, VoterCode

from .manage_factories import candidate_ids, check_in_all, conference, draft, login, page_text

pytestmark = pytest.mark.django_db

SLIP_CODE = re.compile(r'<p class="slip-code">([A-Z0-9]{5}) ([A-Z0-9]{5})</p>')


def codes_on(response) -> list[str]:
    return ["".join(groups) for groups in SLIP_CODE.findall(response.content.decode())]


@pytest.fixture
def meeting(world):
    """Two voting delegates checked in, a second voting delegate of Vụ A who is absent, a guest who is present."""
    meeting = conference(world, voting_per_unit=2)
    check_in_all(meeting)
    services.delegate_update(
        actor=None,
        delegate=meeting.delegates.get(unit=world.vu_a),
        full_name="Nguyễn Văn Hùng",
        position="Vụ trưởng",
        is_voting=True,
    )
    services.delegate_add(actor=None, conference=meeting, unit=world.vu_a, full_name="Phạm Thị Vắng", is_voting=True)
    guest = services.delegate_add(actor=None, conference=meeting, unit=world.vu_b, full_name="Khách", is_voting=False)
    services.delegate_check_in(actor=None, delegate=guest)
    return meeting


def everything_stored() -> str:
    """Every row of every table the app's models map, serialized: what a database administrator could read."""
    chunks = []
    for model in apps.get_models():
        if model._meta.managed and not model._meta.proxy:
            chunks.append(serializers.serialize("json", model._default_manager.all()))
    return "\n".join(chunks)


def test_opening_shows_each_present_voting_delegates_code_once(client, world, meeting, caplog):
    session = draft(meeting)
    login(client, world, "leader_a")
    caplog.set_level(logging.DEBUG)
    response = client.post(reverse("session_open", args=[session.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    session.refresh_from_db()
    assert session.status == BallotSession.Status.OPEN
    codes = codes_on(response)
    present_voting = list(meeting.delegates.filter(is_voting=True, present_at__isnull=False).order_by("unit__name"))
    assert len(codes) == len(set(codes)) == len(present_voting) == 2
    page = page_text(response)
    assert "Mã chỉ hiện một lần, trên trang này." in page
    assert "2 mã." in page
    assert (
        f"Vụ Pháp luật dân sự - kinh tế Nguyễn Văn Hùng Mã bỏ phiếu (dùng một lần) {codes[0][:5]} {codes[0][5:]}"
        in page
    )
    assert f"Vụ Tổ chức cán bộ — Mã bỏ phiếu (dùng một lần) {codes[1][:5]} {codes[1][5:]}" in page
    assert "Phạm Thị Vắng" not in page and "Khách" not in page
    # The QR code of each slip is the ballot's address with the code after "#", drawn on the server as SVG.
    ballot_url = "http://testserver" + reverse("ballot", args=[session.pk])
    for code in codes:
        svg = segno.make_qr(f"{ballot_url}#{code}", error="m").svg_inline(scale=3, svgclass="slip-qr", lineclass=None)
        assert svg in response.content.decode()
    # Each code works once with the service that casts ballots, in the order of the slips.
    ids = candidate_ids(session)
    for code in codes:
        assert len(services.ballot_cast(session=session, code=code, marks={ids[0]: True})) == services.RECEIPT_LENGTH
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(session=session, code=codes[0], marks={})
    assert refused.value.messages == ["Mã này đã được dùng: mỗi đại biểu chỉ bỏ phiếu một lần."]
    assert sorted(VoterCode.objects.filter(session=session).values_list("delegate_id", flat=True)) == sorted(
        d.pk for d in present_voting
    )
    # Afterwards the codes are nowhere: the database and its audit trail hold only keyed hashes.
    stored = everything_stored()
    hashes = set(VoterCode.objects.values_list("code_hash", flat=True))
    assert hashes == {services.code_hash(session_id=session.pk, code=code) for code in codes}
    for code in codes:
        for text in (code, code.lower(), f"{code[:5]} {code[5:]}"):
            assert text not in stored
            assert all(text not in record.getMessage() for record in caplog.records)
    # Nor in the user's session or its messages.
    assert all(code not in str(dict(client.session.items())) for code in codes)
    # The page of the session does not show them again, and opening again is refused with the reason.
    page = page_text(client.get(reverse("session_detail", args=[session.pk])))
    assert all(code[:5] not in page for code in codes)
    response = client.post(reverse("session_open", args=[session.pk]))
    assert response["Location"] == reverse("session_detail", args=[session.pk])
    page = page_text(client.get(response["Location"]))
    assert "Chỉ mở được phiên đang chuẩn bị." in page
    assert all(code[:5] not in page for code in codes)


def test_opening_without_anyone_present_is_refused_and_changes_nothing(client, world):
    meeting = conference(world)
    session = draft(meeting)
    login(client, world, "board")
    response = client.post(reverse("session_open", args=[session.pk]))
    assert "Chưa có đại biểu có quyền biểu quyết nào điểm danh." in page_text(client.get(response["Location"]))
    session.refresh_from_db()
    assert session.status == BallotSession.Status.DRAFT
    assert not VoterCode.objects.exists()


def test_opening_is_for_who_runs_the_conference(client, world, meeting):
    session = draft(meeting)
    for username, status in {"staff_b": 403, "viewer": 403, "staff_other": 404, "staff_cuc": 404}.items():
        login(client, world, username)
        assert client.post(reverse("session_open", args=[session.pk])).status_code == status, username
    login(client, world, "leader_a")
    assert client.get(reverse("session_open", args=[session.pk])).status_code == 405
    session.refresh_from_db()
    assert session.status == BallotSession.Status.DRAFT
    assert not VoterCode.objects.exists()


def test_a_lost_code_is_reissued_once_and_the_old_one_stops_working(client, world, meeting):
    session = draft(meeting)
    codes = services.session_open(actor=None, session=session)
    delegate = meeting.delegates.get(unit=world.vu_b, is_voting=True)
    old = codes[delegate.pk]
    login(client, world, "leader_a")
    url = reverse("session_code_reissue", args=[session.pk])
    response = client.post(url, {"delegate": delegate.pk})
    assert response.status_code == 200
    new = codes_on(response)
    assert len(new) == 1 and new[0] != old
    page = page_text(response)
    assert "Mã bỏ phiếu cấp lại" in page and "Mã cũ của đại biểu đã hết hiệu lực." in page
    assert "1 mã." in page
    with pytest.raises(ValidationError) as refused:
        services.ballot_cast(session=session, code=old, marks={})
    assert refused.value.messages == ["Mã bỏ phiếu không đúng."]
    services.ballot_cast(session=session, code=new[0], marks={})
    assert new[0] not in everything_stored()
    # Once voted, no new code; a delegate without a code of this session is refused too.
    response = client.post(url, {"delegate": delegate.pk})
    assert response["Location"] == reverse("session_detail", args=[session.pk]) + "#voters"
    assert "Đại biểu đã bỏ phiếu hoặc đã nhận phiếu giấy: không cấp lại mã." in page_text(
        client.get(response["Location"])
    )
    absent = Delegate.objects.get(full_name="Phạm Thị Vắng")
    response = client.post(url, {"delegate": absent.pk})
    assert "Đại biểu không có mã của phiên này hoặc đã bỏ phiếu." in page_text(client.get(response["Location"]))
    for username, status in {"staff_b": 403, "viewer": 403, "staff_other": 404}.items():
        login(client, world, username)
        assert client.post(url, {"delegate": delegate.pk}).status_code == status, username
