"""The documents admin: read-only for staff; the PDF download and re-rendering for the board only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests import factories
from thidua.documents.models import RenderedDocument
from thidua.documents.samples import SAMPLE_NOTICE_TEMPLATE, sample_notice_data
from thidua.documents.services import document_create, number_allocate
from thidua.org.models import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery", "media_dir")]

BROKEN = "documents/test_broken_admin.html"


@pytest.fixture
def board():
    return factories.user("board_admin", role=Role.BOARD)


@pytest.fixture
def staff_viewer():
    """Staff with permission to view documents in the admin, but not on the board."""
    account = factories.user("staff_docs", is_staff=True)
    account.user_permissions.add(
        Permission.objects.get(codename="view_rendereddocument"), Permission.objects.get(codename="view_documentseries")
    )
    return account


@pytest.fixture
def rendered(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_create(
            kind="documents.sample",
            title="Thông báo mẫu",
            template_name=SAMPLE_NOTICE_TEMPLATE,
            data=sample_notice_data(),
        )
    document.refresh_from_db()
    assert document.status == RenderedDocument.Status.DONE
    return document


def test_board_lists_documents_and_downloads_the_pdf(client, board, rendered):
    client.force_login(board)
    download = reverse("admin:documents_rendereddocument_download", args=[rendered.pk])
    page = client.get(reverse("admin:documents_rendereddocument_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Thông báo mẫu" in html
    assert rendered.sha256[:16] in html
    assert f'href="{download}"' in html
    assert client.get(reverse("admin:documents_rendereddocument_change", args=[rendered.pk])).status_code == 200

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="documents-sample-{rendered.pk}.pdf"'
    assert b"".join(response.streaming_content) == rendered.file.open("rb").read()


def test_other_staff_see_the_record_but_not_the_file(client, staff_viewer, rendered):
    client.force_login(staff_viewer)
    download = reverse("admin:documents_rendereddocument_download", args=[rendered.pk])
    page = client.get(reverse("admin:documents_rendereddocument_changelist"))
    assert page.status_code == 200
    assert "Thông báo mẫu" in page.content.decode()
    assert download not in page.content.decode()
    assert client.get(download).status_code == 403
    detail = client.get(reverse("admin:documents_rendereddocument_change", args=[rendered.pk]))
    assert detail.status_code == 200
    assert download not in detail.content.decode()


def test_nobody_adds_changes_or_deletes_documents_in_the_admin(client, board, rendered):
    client.force_login(board)
    assert client.get(reverse("admin:documents_rendereddocument_add")).status_code == 403
    assert client.post(reverse("admin:documents_rendereddocument_delete", args=[rendered.pk])).status_code == 403
    response = client.post(reverse("admin:documents_rendereddocument_change", args=[rendered.pk]), {"title": "x"})
    assert response.status_code == 403
    rendered.refresh_from_db()
    assert rendered.title == "Thông báo mẫu"


def test_board_re_renders_a_failed_document_from_the_list(
    client, board, extra_templates, django_capture_on_commit_callbacks
):
    extra_templates(
        {BROKEN: '{% extends "documents/base.html" %}{% block body %}{% include "x/y.html" %}{% endblock %}'}
    )
    with django_capture_on_commit_callbacks(execute=True):
        failed = document_create(kind="documents.sample", title="Hỏng", template_name=BROKEN, data={})
    failed.refresh_from_db()
    assert failed.status == RenderedDocument.Status.FAILED

    extra_templates({"x/y.html": "<p>Đã sửa</p>"})
    client.force_login(board)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:documents_rendereddocument_changelist"),
            {"action": "retry", "_selected_action": [failed.pk]},
        )
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == RenderedDocument.Status.DONE
    assert failed.attempts == 2


def test_staff_outside_the_board_cannot_re_render(client, staff_viewer, rendered):
    client.force_login(staff_viewer)
    page = client.get(reverse("admin:documents_rendereddocument_changelist"))
    assert 'value="retry"' not in page.content.decode()


def test_numbering_series_are_listed_read_only(client, board):
    number_allocate(issuer_code="BTP", type_code="QĐ", year=2017)
    client.force_login(board)
    page = client.get(reverse("admin:documents_documentseries_changelist"))
    assert page.status_code == 200
    assert "BTP" in page.content.decode()
    assert client.get(reverse("admin:documents_documentseries_add")).status_code == 403
