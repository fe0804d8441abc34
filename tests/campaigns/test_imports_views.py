"""The import pages: upload, preview, confirm, progress JSON, the template; who may see and do what."""

import pytest
from django.urls import reverse

from campaigns.models import ImportJob, Registration, RegistrationSheet
from tests import factories

from .fixtures_imports import read_xlsx, text, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_dir", "eager_celery")]

Status = ImportJob.Status
YEAR = 2016
LDTT = "Lao động tiên tiến"
VU_B = "Vụ Tổ chức cán bộ"
UPLOAD = reverse("imports_registrations")


@pytest.fixture
def people(world):
    return [factories.person(world.vu_b, name) for name in ("Nguyễn Văn An", "Lê Thị Bình")]


def login(client, world, username):
    client.force_login(world.users[username])
    return world.users[username]


def post_file(client, rows, **kwargs):
    return client.post(UPLOAD, {"file": upload(rows, **kwargs)})


def job_urls(job) -> list[str]:
    return [reverse(name, args=[job.pk]) for name in ("imports_job", "imports_status")]


GOOD = [[YEAR, VU_B, "Nguyễn Văn An", LDTT], [YEAR, VU_B, "Lê Thị Bình", LDTT], [YEAR, VU_B, None, "TTLĐXS"]]


def test_upload_preview_confirm_import(client, world, people):
    user = login(client, world, "staff_b")
    assert client.get(UPLOAD).status_code == 200

    response = post_file(client, GOOD)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports_job", args=[job.pk])
    assert (job.status, job.created_by, job.in_background, job.total_rows) == (Status.READY, user, False, 3)
    assert job.original_name == "dang-ky.xlsx"
    assert job.file.name.startswith("imports/") and job.file.name.endswith(".xlsx")
    assert Registration.objects.count() == 0  # the preview writes nothing

    page = text(client.get(response["Location"]))
    assert "Kiểm tra xong, không có lỗi. Chưa có gì được ghi" in page
    assert "Đăng ký cá nhân 2 Đăng ký tập thể 1 Đơn vị 1 Bản đăng ký mới 1" in page
    assert "2 2016 Vụ Tổ chức cán bộ Nguyễn Văn An Lao động tiên tiến" in page
    assert "4 2016 Vụ Tổ chức cán bộ (tập thể) Tập thể lao động xuất sắc" in page
    assert "Xác nhận nhập 3 đăng ký" in page

    response = client.post(reverse("imports_confirm", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert (job.status, job.created_rows, job.error_count) == (Status.DONE, 3, 0)
    assert job.finished_at is not None
    assert Registration.objects.filter(sheet__unit=world.vu_b, year=YEAR).count() == 3
    page = text(response)
    assert "Đã nhập 3 đăng ký từ tệp." in page
    assert "Đã nhập 3 đăng ký. Đã lập 1 bản đăng ký mới (đang soạn)" in page
    assert "Xác nhận nhập" not in page

    # Confirming twice imports nothing more.
    response = client.post(reverse("imports_confirm", args=[job.pk]), follow=True)
    assert "Tệp này không ở trạng thái sẵn sàng nhập (có thể đã được nhập)." in text(response)
    assert Registration.objects.count() == 3


def test_a_bad_file_lists_its_errors_and_cannot_be_confirmed(client, world, people):
    login(client, world, "staff_b")

    post_file(client, [*GOOD, [YEAR, VU_B, "Nguyễn Văn X", LDTT]])

    job = ImportJob.objects.get()
    assert (job.status, job.error_count) == (Status.INVALID, 1)
    page = text(client.get(reverse("imports_job", args=[job.pk])))
    assert "Có 1 lỗi: không dòng nào được ghi." in page
    assert "Dòng 5, cột «Họ và tên»: không tìm thấy «Nguyễn Văn X» trong Vụ Tổ chức cán bộ." in page
    assert "Xác nhận nhập" not in page
    client.post(reverse("imports_confirm", args=[job.pk]))
    assert Registration.objects.count() == RegistrationSheet.objects.count() == 0


def test_the_database_is_checked_again_at_confirmation(client, world, people, titles):
    from campaigns.services import registrations as registration_services

    login(client, world, "staff_b")
    post_file(client, GOOD)
    job = ImportJob.objects.get()
    # Meanwhile someone registers one of the people by hand.
    sheet = registration_services.sheet_get_or_create(actor=None, unit=world.vu_b, year=YEAR)
    registration_services.registration_add(actor=None, sheet=sheet, title=titles.ldtt, person=people[1])

    response = client.post(reverse("imports_confirm", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert job.status == Status.INVALID
    assert "Dòng 3, cột «Họ và tên»: «Lê Thị Bình» đã đăng ký danh hiệu «Lao động tiên tiến» năm 2016." in text(
        response
    )
    assert Registration.objects.count() == 1


def test_not_an_xlsx_file_is_refused_by_the_form(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, world, "staff_b")

    response = client.post(UPLOAD, {"file": SimpleUploadedFile("dang-ky.csv", b"Nam;Don vi\n")})
    assert response.status_code == 400
    assert "Chỉ nhận tệp Excel dạng .xlsx (Excel 2007 trở lên)." in text(response)

    response = client.post(UPLOAD, {"file": SimpleUploadedFile("dang-ky.xlsx", b"not a zip")})
    assert response.status_code == 400
    assert "Tệp không phải là tệp Excel (.xlsx) hợp lệ." in text(response)
    assert ImportJob.objects.count() == 0


def test_progress_json(client, world, people):
    login(client, world, "staff_b")
    post_file(client, GOOD)
    job = ImportJob.objects.get()

    data = client.get(reverse("imports_status", args=[job.pk])).json()

    assert data == {
        "id": job.pk,
        "status": "ready",
        "status_display": "Sẵn sàng nhập",
        "running": False,
        "processed": 3,
        "total": 3,
        "progress_text": "3 / 3 dòng",
        "created": 0,
        "error_count": 0,
        "errors": [],
        "url": reverse("imports_job", args=[job.pk]),
    }


def test_a_large_file_goes_to_the_task_and_the_page_polls_its_progress(
    client, world, people, settings, django_capture_on_commit_callbacks
):
    # Eager Celery: the task runs in this process when the upload's transaction commits.
    settings.IMPORT_ASYNC_THRESHOLD = 2
    login(client, world, "staff_b")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post_file(client, GOOD)
    job = ImportJob.objects.get()
    assert (job.in_background, job.status, len(callbacks)) == (True, Status.CHECKING, 1)

    page = client.get(reverse("imports_job", args=[job.pk])).content.decode()
    assert f'data-progress-url="{reverse("imports_status", args=[job.pk])}"' in page
    assert '<progress max="3" value="0"' in page
    assert "js/progress.js" in page
    assert client.get(reverse("imports_status", args=[job.pk])).json()["running"] is True

    callbacks[0]()  # the check task
    job.refresh_from_db()
    assert job.status == Status.READY

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_rows) == (Status.DONE, 3)
    assert Registration.objects.count() == 3


def test_the_template_has_the_columns(client, world):
    login(client, world, "staff_b")

    response = client.get(reverse("imports_template"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="mau-dang-ky-thi-dua.xlsx"'
    rows = read_xlsx(response.content)["Đăng ký thi đua"]
    assert rows[0] == ("Năm", "Đơn vị", "Họ và tên", "Danh hiệu", "Mã cá nhân", "Mã đơn vị")


# --- Permissions ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["viewer", "delegate_b", "leader_a"])
def test_read_only_users_may_not_import(client, world, username):
    login(client, world, username)

    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, {"file": upload(GOOD)}).status_code == 403
    assert client.get(reverse("imports_template")).status_code == 403
    assert ImportJob.objects.count() == 0


def test_anonymous_users_are_sent_to_login(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_units_staff_do_not_see_a_job(client, world, people):
    login(client, world, "staff_b")
    post_file(client, GOOD)
    job = ImportJob.objects.get()

    login(client, world, "staff_other")
    for url in job_urls(job):
        assert client.get(url).status_code == 404
    assert client.post(reverse("imports_confirm", args=[job.pk])).status_code == 404
    job.refresh_from_db()
    assert job.status == Status.READY


def test_the_board_sees_a_job_but_only_its_uploader_confirms_it(client, world, people):
    login(client, world, "staff_b")
    post_file(client, GOOD)
    job = ImportJob.objects.get()

    login(client, world, "board")
    for url in job_urls(job):
        assert client.get(url).status_code == 200
    assert "Xác nhận nhập" not in text(client.get(reverse("imports_job", args=[job.pk])))
    assert client.post(reverse("imports_confirm", args=[job.pk])).status_code == 403
    assert Registration.objects.count() == 0


def test_the_upload_page_lists_only_my_jobs(client, world, people):
    login(client, world, "staff_b")
    post_file(client, GOOD, name="cua-toi.xlsx")
    login(client, world, "board")
    post_file(client, GOOD, name="cua-ban.xlsx")

    page = text(client.get(UPLOAD))
    assert "cua-ban.xlsx" in page
    assert "cua-toi.xlsx" not in page
