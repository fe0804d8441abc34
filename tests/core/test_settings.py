"""The settings: language and time zone, and what each environment variable switches (in subprocesses,
since settings are read once per process)."""

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "s" * 20 + "-production-like-secret-for-the-settings-tests-0123456789",
    "ALLOWED_HOSTS": "thidua.example.gov.vn",
}


def settings_in(tmp_path: Path, expression: str, *, prelude: str = "", **env: str) -> object:
    """Evaluate `expression` after `prelude` in a fresh process that has only `env` (and reads no .env)."""
    code = f"import json; from django.conf import settings\n{prelude}\nprint(json.dumps({expression}, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "ENV_FILE": "",
            "VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "thidua.settings",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_vietnamese_first_english_second():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]
    assert settings.USE_I18N is True
    assert "thidua.core.middleware.ChosenLanguageMiddleware" in settings.MIDDLEWARE


def test_times_are_aware_and_shown_in_ho_chi_minh_city():
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True
    assert settings.CELERY_TIMEZONE == "Asia/Ho_Chi_Minh"
    moment = datetime(2016, 11, 25, 17, 30, tzinfo=UTC)
    assert timezone.localtime(moment).isoformat() == "2016-11-26T00:30:00+07:00"


def test_the_language_switch_remembers_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/healthz/"})
    assert response.status_code == 302
    assert response["Location"] == "/healthz/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_files_go_to_a_local_folder_without_s3(tmp_path):
    default = settings_in(tmp_path, 'settings.STORAGES["default"]', **PRODUCTION)
    assert default == {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "media")},
    }


def test_files_go_to_a_private_s3_bucket_when_s3_bucket_is_set(tmp_path):
    s3 = {
        "S3_BUCKET": "thidua-files",
        "S3_ENDPOINT_URL": "https://s3.example.vn",
        "S3_REGION": "hn-1",
        "S3_ACCESS_KEY_ID": "khoa-truy-cap",
        "S3_SECRET_ACCESS_KEY": "khoa-bi-mat",
    }
    seen = settings_in(
        tmp_path,
        "dict(backend=settings.STORAGES['default']['BACKEND'], options=settings.STORAGES['default']['OPTIONS'], "
        "storage=type(storage).__name__, url=storage.url('2016/qd-05.pdf'))",
        prelude="from django.core.files.storage import storages; storage = storages['default']",
        **PRODUCTION,
        **s3,
    )
    assert seen["backend"] == "storages.backends.s3.S3Storage"
    assert seen["storage"] == "S3Storage"
    assert seen["options"] == {
        "bucket_name": "thidua-files",
        "endpoint_url": "https://s3.example.vn",
        "access_key": "khoa-truy-cap",
        "secret_key": "khoa-bi-mat",
        "region_name": "hn-1",
        "default_acl": "private",
        "querystring_auth": True,
        "file_overwrite": False,
    }
    # A signed, expiring link to the private object; computed locally, no request to the service.
    assert seen["url"].startswith("https://s3.example.vn/thidua-files/2016/qd-05.pdf?")
    assert "Signature=" in seen["url"]


def test_without_redis_celery_runs_eagerly(tmp_path):
    seen = settings_in(
        tmp_path,
        "[settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL, settings.CACHES['default']['BACKEND'], "
        "app.conf.task_always_eager]",
        prelude="from thidua.celery import app",
        **PRODUCTION,
    )
    assert seen == [True, "memory://", "django.core.cache.backends.locmem.LocMemCache", True]


def test_with_redis_celery_queues_and_the_cache_is_shared(tmp_path):
    seen = settings_in(
        tmp_path,
        "[settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL, settings.CACHES['default'], "
        "app.conf.broker_url]",
        prelude="from thidua.celery import app",
        **PRODUCTION,
        REDIS_URL="redis://redis:6379/0",
    )
    assert seen == [
        False,
        "redis://redis:6379/0",
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://redis:6379/0"},
        "redis://redis:6379/0",
    ]


def test_without_database_url_a_sqlite_file_in_var_dir(tmp_path):
    seen = settings_in(tmp_path, "[settings.DATABASES['default'][k] for k in ('ENGINE', 'NAME')]", **PRODUCTION)
    assert seen == ["django.db.backends.sqlite3", str(tmp_path / "db.sqlite3")]


def test_database_url_selects_postgresql_with_persistent_checked_connections(tmp_path):
    seen = settings_in(
        tmp_path,
        "{k: settings.DATABASES['default'][k] for k in "
        "('ENGINE', 'NAME', 'USER', 'PASSWORD', 'HOST', 'PORT', 'CONN_MAX_AGE', 'CONN_HEALTH_CHECKS')}",
        **PRODUCTION,
        DATABASE_URL="postgres://thidua:mat-khau@db:5432/thidua",
        DB_CONN_MAX_AGE="120",
    )
    assert seen == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "thidua",
        "USER": "thidua",
        "PASSWORD": "mat-khau",
        "HOST": "db",
        "PORT": 5432,
        "CONN_MAX_AGE": 120,
        "CONN_HEALTH_CHECKS": True,
    }


SECURITY = (
    "[settings.DEBUG, settings.ALLOWED_HOSTS, settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, "
    "settings.CSRF_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS, getattr(settings, 'SECURE_PROXY_SSL_HEADER', None), "
    "settings.STORAGES['staticfiles']['BACKEND']]"
)


def test_production_is_strict_by_default(tmp_path):
    assert settings_in(tmp_path, SECURITY, **PRODUCTION) == [
        False,
        ["thidua.example.gov.vn"],
        True,
        True,
        True,
        31536000,
        None,
        "whitenoise.storage.CompressedManifestStaticFilesStorage",
    ]


def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted(tmp_path):
    seen = settings_in(tmp_path, "settings.SECURE_PROXY_SSL_HEADER", **PRODUCTION, BEHIND_TLS_PROXY="1")
    assert seen == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_debug_needs_no_secret_and_relaxes_security(tmp_path):
    assert settings_in(tmp_path, SECURITY, DEBUG="1") == [
        True,
        ["127.0.0.1", "localhost"],
        False,
        False,
        False,
        0,
        None,
        "django.contrib.staticfiles.storage.StaticFilesStorage",
    ]


def test_the_health_check_is_exempt_from_the_https_redirect():
    assert settings.SECURE_REDIRECT_EXEMPT == [r"^healthz/$"]
    assert reverse("healthz") == "/healthz/"
