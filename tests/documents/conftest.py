"""Fixtures for documents: a real Celery worker on Redis, and media files in a temporary folder.

Other apps use them the same way: in their conftest.py,
    from tests.documents.conftest import celery_worker_process, eager_celery, media_dir  # noqa: F401
then mark the worker tests `postgres` and `redis` (the worker cannot see an in-memory SQLite database),
publish as usual (on commit), and wait with `celery_worker_process.wait_for(obj, condition)`.
"""

import pytest
from django.db import connection

from .worker import CeleryWorker, database_url_for


@pytest.fixture
def media_dir(settings, tmp_path):
    """Stored files (MEDIA_ROOT, the default storage) in a fresh folder for this test."""
    var_dir = tmp_path / "var"
    media = var_dir / "media"
    media.mkdir(parents=True)
    settings.MEDIA_ROOT = media
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(media)}},
    }
    return media


@pytest.fixture
def extra_templates(settings):
    """Add in-memory templates (name → source) in front of the project's, e.g. a broken document."""
    sources: dict[str, str] = {}
    base = settings.TEMPLATES[0]

    def install(templates: dict[str, str]) -> None:
        sources.update(templates)
        loaders = [
            ("django.template.loaders.locmem.Loader", dict(sources)),
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ]
        settings.TEMPLATES = [{**base, "APP_DIRS": False, "OPTIONS": {**base["OPTIONS"], "loaders": loaders}}]

    return install


@pytest.fixture
def eager_celery():
    """Tasks run in this process even when a broker is configured (the PostgreSQL + Redis run)."""
    from thidua.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def celery_worker_process(transactional_db, settings, media_dir):
    """A `celery -A thidua worker` subprocess on this test's database, its own queue, the same media folder.

    transactional_db: the rows a test writes are committed, so the worker sees them. Tasks published by
    this process go to the worker's dedicated queue (no cross-talk with other runs on the same Redis), and
    Celery is not eager while the worker runs.
    """
    from thidua.celery import app

    worker = CeleryWorker(
        database_url=database_url_for(connection.settings_dict),
        var_dir=media_dir.parent,
        broker_url=settings.CELERY_BROKER_URL,
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = worker.queue
    try:
        worker.start()
        yield worker
    finally:
        worker.stop()
        app.conf.task_always_eager, app.conf.task_default_queue = previous
