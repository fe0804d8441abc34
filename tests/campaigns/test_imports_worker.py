"""A large import through the real Celery worker on Redis: the check, the confirmation, the import, the counts."""

import pytest
from django.urls import reverse

from campaigns.models import ImportJob, Registration, RegistrationSheet
from tests import factories
from tests.documents.conftest import celery_worker_process, media_dir  # noqa: F401
from thidua.org.models import Person

from .fixtures_imports import upload

pytestmark = [pytest.mark.postgres, pytest.mark.redis]

Status = ImportJob.Status
YEAR = 2016


def test_a_large_file_is_checked_and_imported_by_the_worker(client, world, settings, celery_worker_process):  # noqa: F811
    # The threshold is read where the file is uploaded (this process): above it, the worker does the work.
    settings.IMPORT_ASYNC_THRESHOLD = 10
    units = [world.vu_a, world.vu_b]
    for unit in units:
        for i in range(20):
            factories.person(unit, f"Cán bộ {unit.pk} Số {i:02d}")
    people = list(Person.objects.filter(unit__in=units).select_related("unit").order_by("pk"))
    rows = [[YEAR, p.unit.name, p.full_name, "Lao động tiên tiến", p.pk] for p in people]
    rows += [[YEAR, unit.name, None, "Tập thể lao động xuất sắc"] for unit in units]
    client.force_login(world.users["board"])

    response = client.post(reverse("imports_registrations"), {"file": upload(rows)})

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert (job.in_background, job.total_rows) == (True, len(rows))
    celery_worker_process.wait_for(job, lambda j: j.status == Status.READY)
    assert job.summary["individual"] == len(people) == 42
    assert job.summary["collective"] == 2
    assert Registration.objects.count() == 0

    client.post(reverse("imports_confirm", args=[job.pk]))
    celery_worker_process.wait_for(job, lambda j: not j.is_running)

    assert (job.status, job.created_rows, job.error_count, job.processed_rows) == (Status.DONE, 44, 0, 44)
    assert Registration.objects.filter(year=YEAR, person__isnull=False).count() == 42
    assert Registration.objects.filter(year=YEAR, person__isnull=True).count() == 2
    assert set(RegistrationSheet.objects.values_list("unit_id", "status")) == {
        (world.vu_a.pk, "draft"),
        (world.vu_b.pk, "draft"),
    }
    data = client.get(reverse("imports_status", args=[job.pk])).json()
    assert {k: data[k] for k in ("status", "running", "processed", "total", "created", "error_count")} == {
        "status": "done",
        "running": False,
        "processed": 44,
        "total": 44,
        "created": 44,
        "error_count": 0,
    }


def test_a_bad_large_file_ends_invalid_through_the_worker(client, world, settings, celery_worker_process):  # noqa: F811
    settings.IMPORT_ASYNC_THRESHOLD = 1
    rows = [[YEAR, world.vu_b.name, f"Trần Văn {world.vu_b.pk}", "Lao động tiên tiến"]]
    rows += [[YEAR, world.vu_b.name, "Người Không Có", "Lao động tiên tiến"]]
    client.force_login(world.users["staff_b"])

    client.post(reverse("imports_registrations"), {"file": upload(rows)})

    job = celery_worker_process.wait_for(ImportJob.objects.get(), lambda j: not j.is_running)
    assert job.status == Status.INVALID
    assert [e["text"] for e in job.errors] == [
        "Dòng 3, cột «Họ và tên»: không tìm thấy «Người Không Có» trong Vụ Tổ chức cán bộ."
    ]
    assert Registration.objects.count() == 0
