"""The launch plan as a PDF: the national format, its text, the same bytes for the same data, through a real worker."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.urls import reverse

from campaigns.documents import PLAN_TEMPLATE
from campaigns.models import Movement
from campaigns.services.movements import _plan_data, movement_plan_issue
from tests.documents.pdf_checks import assert_national_format, pdf_fonts, pdf_text
from thidua.documents.models import RenderedDocument
from thidua.documents.rendering import render_pdf

from .fixtures_movements import GOALS, IT_MOVEMENT, cluster_i, make_movement, pdf_raw_text, plan_inputs

FINISHED = (RenderedDocument.Status.DONE, RenderedDocument.Status.FAILED)


def check_plan_pdf(path: Path, *, name: str, members: list[str]) -> None:
    assert_national_format(path, pages=2)
    assert [font["emb"] for font in pdf_fonts(path)] == ["yes"] * len(pdf_fonts(path))
    text = pdf_raw_text(path)
    for expected in ("KẾ HOẠCH", name, "Số: 01/KH-BTP", "Hà Nội, ngày 05 tháng 01 năm 2016", "Trần Tiến Dũng"):
        assert expected in text, expected
    for member in members:
        assert member in text, member


@pytest.mark.django_db
def test_the_same_movement_freezes_the_same_data_and_prints_the_same_bytes(world):
    movement = make_movement(participants=Movement.Participants.UNITS, participant_units=[world.vu_a, world.other])
    document = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    again = _plan_data(Movement.objects.get(pk=movement.pk), number="01/KH-BTP", inputs=plan_inputs())
    assert again == document.data
    first = render_pdf(template_name=PLAN_TEMPLATE, context=document.data)
    second = render_pdf(template_name=PLAN_TEMPLATE, context=again)
    assert first.startswith(b"%PDF-")
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    other = render_pdf(template_name=PLAN_TEMPLATE, context={**again, "number": "02/KH-BTP"})
    assert other != first


@pytest.mark.django_db
def test_the_rendered_plan_is_in_the_national_format(
    world, media_dir, eager_celery, django_capture_on_commit_callbacks
):
    term = cluster_i(world.ministry, year=2016)
    movement = make_movement(participants=Movement.Participants.CLUSTERS, participant_terms=[term])
    with django_capture_on_commit_callbacks(execute=True):
        document = movement_plan_issue(actor=None, movement=movement, inputs=plan_inputs())
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.DONE, document.error
    path = media_dir / document.file.name
    members = [u for g in document.data["sections"][2]["groups"] for u in g["units"]]
    assert len(members) == 11
    check_plan_pdf(path, name=IT_MOVEMENT, members=members)
    text = pdf_text(path)
    assert "I. MỤC ĐÍCH, YÊU CẦU" in text
    assert GOALS.splitlines()[0][:40] in " ".join(text.split())
    assert "Cụm thi đua số I (11 đơn vị):" in " ".join(text.split())


@pytest.mark.postgres
@pytest.mark.redis
def test_the_plan_through_the_worker_and_the_download(world, celery_worker_process, media_dir, client):
    movement = make_movement(participants=Movement.Participants.UNITS, participant_units=[world.vu_a, world.vu_b])
    document = movement_plan_issue(actor=world.users["board"], movement=movement, inputs=plan_inputs())
    document = celery_worker_process.wait_for(document, lambda d: d.status in FINISHED)
    assert document.status == RenderedDocument.Status.DONE, document.error
    assert document.attempts == 1
    path = Path(media_dir / document.file.name)
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    # The worker's bytes are this process's bytes for the same frozen data.
    assert render_pdf(template_name=PLAN_TEMPLATE, context=document.data) == content
    check_plan_pdf(path, name=IT_MOVEMENT, members=["Vụ Pháp luật dân sự - kinh tế", "Vụ Tổ chức cán bộ"])

    client.force_login(world.users["staff_other"])  # any logged-in user reads a launch plan
    response = client.get(reverse("movement_plan_download", args=[movement.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-01-kh-btp.pdf"'
    assert b"".join(response.streaming_content) == content
    status = client.get(reverse("movement_plan_status", args=[movement.pk])).json()
    assert status == {"status": "done", "label": "Đã xong"}
    assert datetime.date.fromisoformat(document.data["date"]) == datetime.date(2016, 1, 5)
