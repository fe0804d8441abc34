"""Celery tasks of campaigns (autodiscovered by thidua.celery): the registration imports here, and the task
modules of the other areas imported below so that the worker registers them."""

from celery import shared_task

from . import tasks_notifications  # noqa: F401
from .services.imports import TRANSIENT_ERRORS, import_job_check, import_job_fail, import_job_run

MAX_RETRIES = 3


def _retry_or_fail(task, job_id: int, exc: BaseException):
    if task.request.retries >= task.max_retries:
        import_job_fail(job_id=job_id, error=f"{type(exc).__name__}: {exc}")
        raise exc
    raise task.retry(exc=exc, countdown=min(10 * 2**task.request.retries, 120)) from exc


@shared_task(name="campaigns.import_check", bind=True, acks_late=True, max_retries=MAX_RETRIES)
def import_check(self, *, job_id: int) -> None:
    """The dry run of a large uploaded file, recorded on its ImportJob (progress every few thousand rows)."""
    try:
        import_job_check(job_id=job_id)
    except TRANSIENT_ERRORS as exc:
        _retry_or_fail(self, job_id, exc)
    except Exception as exc:
        import_job_fail(job_id=job_id, error=f"{type(exc).__name__}: {exc}")
        raise


@shared_task(name="campaigns.import_run", bind=True, acks_late=True, max_retries=MAX_RETRIES)
def import_run(self, *, job_id: int) -> None:
    """The import of a confirmed large file: all rows in one transaction, or none (the job says why)."""
    try:
        import_job_run(job_id=job_id)
    except TRANSIENT_ERRORS as exc:
        _retry_or_fail(self, job_id, exc)
    except Exception as exc:
        import_job_fail(job_id=job_id, error=f"{type(exc).__name__}: {exc}")
        raise
