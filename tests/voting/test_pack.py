"""The printed conference pack: agenda, summary report, a specimen of each ballot paper, the minutes and the draft
decisions of one conference in one PDF, with a table of contents and pages numbered through."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests import factories
from tests.documents.pdf_checks import pdf_fonts, pdf_text
from thidua.documents.models import RenderedDocument
from thidua.documents.rendering import render_document
from thidua.documents.services import document_render
from voting import pack, services
from voting.models import Conference
from voting.reports import services as report_services
from voting.reports.selectors import report_for_term
from voting.services import PoolInput

from .conftest import make_room

AGENDA = "Báo cáo tổng kết năm 2016\nBỏ phiếu bình xét, suy tôn\nCụm trưởng, Cụm phó năm 2017"


def conference_with_agenda(room) -> Conference:
    conference = room.conference
    return services.conference_update(
        actor=room.board,
        conference=conference,
        date=conference.date,
        place=conference.place,
        chair_name=conference.chair_name,
        name=conference.name,
        agenda=AGENDA,
    )


def counted_vote(room):
    room.check_in()
    session = services.session_create(
        actor=room.board,
        conference=room.conference,
        title=room.sector(),
        pools=[PoolInput(name="Các Vụ", quota=2, units=room.units[:3])],
    )
    codes = services.session_open(actor=room.board, session=session)
    first, second = list(session.candidates.order_by("order").values_list("pk", flat=True))[:2]
    for code in codes.values():
        services.ballot_cast(session=session, code=code, marks={first: True, second: True})
    services.session_close(actor=room.board, session=session)
    services.session_count(actor=room.board, session=session)
    minutes = services.minutes_issue(actor=room.board, session=session)
    document_render(document_id=minutes.pk)
    return session


def test_the_pack_lists_its_parts_in_reading_order(room):
    conference = conference_with_agenda(room)
    counted_vote(room)
    decision = services.conference_appoint_leaders(
        actor=room.board,
        conference=conference,
        leader=room.units[1],
        date=datetime.date(2017, 1, 10),
        signer_name="Trần Tiến Dũng",
    )
    conference.refresh_from_db()
    data = pack.pack_data(conference)
    assert data["subtitle"] == conference.name
    assert [p["title"] for p in data["parts"]] == [
        "Chương trình hội nghị",
        "Mẫu phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016",
        "Biên bản kiểm phiếu bầu Cờ thi đua của Bộ Tư pháp năm 2016",
        f"Dự thảo quyết định: {decision.subject}",
    ]
    assert data["parts"][0]["data"]["items"] == AGENDA.splitlines()
    # The specimen is one paper of the session; the minutes are the data they were rendered from.
    assert data["parts"][1]["data"]["numbers"] == ["001"]
    session = conference.sessions.get()
    assert data["parts"][2]["data"] == session.minutes.data


def test_the_pack_includes_the_summary_report_once_its_pdf_is_built(room):
    conference = conference_with_agenda(room)
    report = report_for_term(conference.term)
    report_services.report_narrative_save(
        actor=room.board,
        report=report,
        achievements="Các đơn vị trong Cụm hoàn thành tốt nhiệm vụ.",
        limitations="Chưa chú trọng phong trào theo chuyên đề.",
        directions="Đổi mới nội dung, hình thức thi đua.",
        revision=report.revision,
    )
    report = report_for_term(conference.term)
    document = report_services.report_document_build(actor=room.board, report=report)
    data = pack.pack_data(conference)
    assert [p["title"] for p in data["parts"]] == ["Chương trình hội nghị", "Báo cáo tổng kết năm 2016"]
    assert data["parts"][1]["data"] == RenderedDocument.objects.get(pk=document.pk).data


def test_the_pack_pdf_has_its_contents_and_numbers_its_pages_through(room, tmp_path):
    conference = conference_with_agenda(room)
    counted_vote(room)
    data = pack.pack_data(conference)
    result = render_document(template_name=pack.PACK_TEMPLATE, context=data)
    path = tmp_path / "pack.pdf"
    path.write_bytes(result.content)
    cover = pdf_text(path, first=1, last=1)
    assert "TÀI LIỆU HỘI NGHỊ" in cover and "MỤC LỤC" in cover
    starts = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", cover, re.M)]
    assert len(starts) == 3 and starts[0] == 2 and starts == sorted(starts)
    assert result.page_count >= starts[-1]
    agenda = pdf_text(path, first=2, last=2)
    assert "CHƯƠNG TRÌNH" in agenda and "Bỏ phiếu bình xét, suy tôn" in agenda
    assert "PHIẾU BẦU" in pdf_text(path, first=starts[1], last=starts[1])
    assert "BIÊN BẢN" in pdf_text(path, first=starts[2], last=starts[2])
    assert all(font["emb"] == "yes" for font in pdf_fonts(path))
    # Every page but the cover carries its number at the top, the specimen paper included (alone it has none).
    for page in range(2, result.page_count + 1):
        lines = [line.strip() for line in pdf_text(path, first=page, last=page, layout=True).splitlines()]
        assert [line for line in lines if line][0] == str(page), f"page {page} must start with its number"


def test_building_the_pack_stores_it_and_building_again_updates_it(room):
    conference = conference_with_agenda(room)
    document = services.conference_pack_build(actor=room.board, conference=conference)
    conference.refresh_from_db()
    assert conference.pack_id == document.pk
    assert (document.kind, document.template_name) == ("voting.pack", "documents/pack.html")
    assert len(document.data["parts"]) == 1
    counted_vote(room)
    again = services.conference_pack_build(actor=room.board, conference=conference)
    assert again.pk == document.pk
    assert len(RenderedDocument.objects.get(pk=document.pk).data["parts"]) == 3
    assert RenderedDocument.objects.filter(kind="voting.pack").count() == 1


def test_the_pack_needs_an_agenda_and_a_manager(room):
    with pytest.raises(ValidationError) as exc:
        services.conference_pack_build(actor=room.board, conference=room.conference)
    assert exc.value.messages == ["Hội nghị chưa có chương trình: hãy ghi chương trình trước khi lập tài liệu."]
    conference = conference_with_agenda(room)
    staff = factories.user(role="unit_staff", unit_=room.units[2])
    with pytest.raises(PermissionDenied):
        services.conference_pack_build(actor=staff, conference=conference)
    assert not RenderedDocument.objects.filter(kind="voting.pack").exists()


# The pages ------------------------------------------------------------------------------------------------------


def test_the_conference_page_offers_the_pack_to_its_managers_and_members_download_it(client, db):
    room = make_room(size=3)
    conference = conference_with_agenda(room)
    member = factories.user(role="unit_staff", unit_=room.units[2])
    outsider = factories.user(role="unit_staff", unit_=factories.unit("Vụ ngoài cụm"))
    url = f"/conferences/{conference.pk}/"

    client.force_login(member)
    page = client.get(url)
    assert "Chưa lập tài liệu hội nghị." in page.content.decode()
    assert "Lập tài liệu hội nghị" not in page.content.decode()
    assert client.post(f"/conferences/{conference.pk}/pack/").status_code == 403

    client.force_login(room.board)
    response = client.post(f"/conferences/{conference.pk}/pack/")
    assert response.status_code == 302 and response["Location"] == f"{url}#pack"
    conference.refresh_from_db()
    document_render(document_id=conference.pack_id)
    assert client.get(f"/conferences/{conference.pk}/pack/status/").json()["status"] == "done"

    client.force_login(member)
    download = client.get(f"/conferences/{conference.pk}/pack/download/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    client.force_login(outsider)
    for path in ("", "pack/status/", "pack/download/"):
        assert client.get(f"{url}{path}").status_code == 404
    assert client.post(f"/conferences/{conference.pk}/pack/").status_code == 404
