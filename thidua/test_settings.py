"""Settings for the test suite: the real settings, with fast password hashing and no static manifest."""

import os
from pathlib import Path

from .env import load_dotenv

# The same settings on a laptop and in CI: DEBUG off, whatever the developer's .env says; http on the test
# client and the live server. Real environment variables still win over all of these.
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
# The developer's .env may point DATABASE_URL or REDIS_URL at real services: read it before probing them.
_ENV_FILE = os.environ.get("ENV_FILE")
load_dotenv(Path(__file__).resolve().parent.parent / ".env" if _ENV_FILE is None else _ENV_FILE)

import socket  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

# Which real services this run has; tests/conftest.py skips (or, with REQUIRE_SERVICES=1, fails) the tests
# that need a missing one, and says why.
SERVICE_PROBLEMS: dict[str, str] = {}


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout=1):
            return True
    except OSError:
        return False


_db_url = os.environ.get("DATABASE_URL", "")
if not _db_url.startswith(("postgres://", "postgresql://")):
    SERVICE_PROBLEMS["postgres"] = "PostgreSQL is not configured (DATABASE_URL is unset): tests run on SQLite"
elif not _reachable(_db_url, 5432):
    SERVICE_PROBLEMS["postgres"] = f"PostgreSQL at {urlparse(_db_url).netloc} is not reachable: tests run on SQLite"
    if os.environ.get("REQUIRE_SERVICES") != "1":
        os.environ["DATABASE_URL"] = "sqlite:///:memory:"
_redis_url = os.environ.get("REDIS_URL", "")
if not _redis_url:
    SERVICE_PROBLEMS["redis"] = "Redis is not configured (REDIS_URL is unset): Celery runs eagerly"
elif not _reachable(_redis_url, 6379):
    SERVICE_PROBLEMS["redis"] = f"Redis at {urlparse(_redis_url).netloc} is not reachable"
    if os.environ.get("REQUIRE_SERVICES") != "1":
        os.environ["REDIS_URL"] = ""

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests never collect static files, but whitenoise warns on every run when STATIC_ROOT does not exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
