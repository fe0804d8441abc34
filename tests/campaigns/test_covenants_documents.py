"""The covenant as a PDF: the targets, the score table and a signature table of all members; deterministic;
through a real worker."""

import hashlib
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import reverse

from campaigns.documents import COVENANT_TEMPLATE
from campaigns.models import Covenant
from campaigns.services.covenants import _lock
from tests.documents.pdf_checks import assert_national_format, pdf_fonts
from thidua.documents.models import RenderedDocument
from thidua.documents.rendering import render_pdf

from .fixtures_movements import HEADS, SCORE_TABLE, cluster_i, make_covenant, pdf_raw_text, sign_all, staff_of

FINISHED = (RenderedDocument.Status.DONE, RenderedDocument.Status.FAILED)


def check_covenant_pdf(path: Path, covenant: Covenant) -> None:
    assert_national_format(path, pages=2)
    assert [font["emb"] for font in pdf_fonts(path)] == ["yes"] * len(pdf_fonts(path))
    text = pdf_raw_text(path)
    data = covenant.document.data
    for expected in ("GIAO ƯỚC THI ĐUA", covenant.title, f"Số: {data['number']}", "Tổng cộng 100"):
        assert expected in text, expected
    for name, _points in SCORE_TABLE:
        assert name in text, name
    # The signature table: every member, its signer and title, in the order printed.
    for signature in covenant.signatures.all():
        assert f"{signature.signer_name}, {signature.signer_title}" in text, signature.unit_name
        assert signature.unit_name in text, signature.unit_name
    assert text.index("Vụ Các vấn đề chung về xây dựng pháp luật (Cụm trưởng)") < text.index("Văn phòng Bộ (Cụm phó)")
    assert len(data["signatures"]) == 11


@pytest.mark.django_db
def test_the_same_covenant_freezes_the_same_data_and_prints_the_same_bytes(world):
    term = cluster_i(world.ministry)
    covenant = sign_all(make_covenant(term), term)
    frozen = covenant.document.data
    # Freezing again from the same rows (in a transaction rolled back) gives the same data.
    with transaction.atomic():
        Covenant.objects.filter(pk=covenant.pk).update(status=Covenant.Status.SIGNING, locked_at=None)
        _lock(None, Covenant.objects.select_related("term__cluster").get(pk=covenant.pk))
        again = Covenant.objects.get(pk=covenant.pk).document.data
        transaction.set_rollback(True)
    assert {**again, "number": frozen["number"]} == frozen
    first = render_pdf(template_name=COVENANT_TEMPLATE, context=frozen)
    second = render_pdf(template_name=COVENANT_TEMPLATE, context=dict(frozen))
    assert hashlib.sha256(first).hexdigest() == hashlib.sha256(second).hexdigest()
    assert render_pdf(template_name=COVENANT_TEMPLATE, context={**frozen, "total_points": "99"}) != first


@pytest.mark.django_db
def test_the_rendered_covenant_has_every_members_signature(
    world, media_dir, eager_celery, django_capture_on_commit_callbacks
):
    term = cluster_i(world.ministry)
    covenant = make_covenant(term)
    with django_capture_on_commit_callbacks(execute=True):
        covenant = sign_all(covenant, term)
    document = covenant.document
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.DONE, document.error
    check_covenant_pdf(media_dir / document.file.name, covenant)
    assert sorted(s.signer_name for s in covenant.signatures.all()) == sorted(HEADS)


@pytest.mark.postgres
@pytest.mark.redis
def test_the_covenant_through_the_worker_and_the_download(world, celery_worker_process, media_dir, client):
    term = cluster_i(world.ministry)
    covenant = sign_all(make_covenant(term), term)
    document = celery_worker_process.wait_for(covenant.document, lambda d: d.status in FINISHED)
    assert document.status == RenderedDocument.Status.DONE, document.error
    path = Path(media_dir / document.file.name)
    content = path.read_bytes()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert render_pdf(template_name=COVENANT_TEMPLATE, context=document.data) == content
    check_covenant_pdf(path, covenant)

    member = covenant.signatures.get(unit_name="Vụ Hợp tác quốc tế").unit
    client.force_login(staff_of(member))
    response = client.get(reverse("covenant_document_download", args=[covenant.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="giao-uoc-thi-dua-2017-cum-thi-dua-so-i.pdf"'
    assert b"".join(response.streaming_content) == content
    client.force_login(world.users["staff_other"])  # not a member: the covenant is not theirs to read
    assert client.get(reverse("covenant_document_download", args=[covenant.pk])).status_code == 404
