"""A real Celery worker in a subprocess, on the test database and a queue of its own (see conftest.py)."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
READY_TIMEOUT = 60
STOP_TIMEOUT = 20


def database_url_for(settings_dict: dict) -> str:
    """The DATABASE_URL that makes another process use the database this test runs on."""
    engine = settings_dict["ENGINE"]
    name = str(settings_dict["NAME"])
    if engine.endswith("postgresql"):
        user = quote(settings_dict.get("USER") or "", safe="")
        password = settings_dict.get("PASSWORD") or ""
        auth = f"{user}:{quote(password, safe='')}" if password else user
        host = settings_dict.get("HOST") or ""
        port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
        return f"postgres://{auth}@{host}{port}/{quote(name, safe='')}"
    if engine.endswith("sqlite3") and "memory" not in name and name != ":memory:":
        return f"sqlite:///{name}"
    pytest.skip("The test database lives in this process's memory (SQLite): a worker process cannot see it.")


class CeleryWorker:
    """One `celery worker` process consuming a dedicated queue; the test process publishes to that queue."""

    def __init__(self, *, database_url: str, var_dir: Path, broker_url: str):
        self.queue = f"test-{uuid.uuid4().hex[:12]}"
        self.nodename = f"{self.queue}@thidua-tests"
        self.var_dir = var_dir
        self.log_path = var_dir / "worker.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "thidua.test_settings",
            "DATABASE_URL": database_url,
            "REDIS_URL": broker_url,
            "VAR_DIR": str(var_dir),
            "PYTHONUNBUFFERED": "1",
        }
        # Files go to VAR_DIR/media like the test process's, never to a bucket.
        self.env.pop("S3_BUCKET", None)
        self.process: subprocess.Popen | None = None
        self._log = None

    def start(self) -> None:
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "thidua",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            self.queue,
            "-n",
            self.nodename,
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
        ]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=self.env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_ready()

    def _wait_ready(self) -> None:
        from thidua.celery import app

        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"The Celery worker exited with {self.process.returncode}:\n{self.log()}", pytrace=False)
            if app.control.ping(destination=[self.nodename], timeout=0.5):
                return
        self.stop()
        pytest.fail(f"The Celery worker did not answer a ping within {READY_TIMEOUT} s:\n{self.log()}", pytrace=False)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()  # warm shutdown: the task at hand finishes first
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT)
        if self._log and not self._log.closed:
            self._log.close()
        self._forget_queue()

    def _forget_queue(self) -> None:
        # kombu keeps a Redis list and binding sets per queue; a queue named per test would leave them behind.
        import redis

        client = redis.Redis.from_url(self.env["REDIS_URL"])
        try:
            client.delete(self.queue, f"_kombu.binding.{self.queue}", f"_kombu.binding_permanent.{self.queue}")
        finally:
            client.close()

    def log(self, tail: int = 6000) -> str:
        try:
            return self.log_path.read_bytes()[-tail:].decode(errors="replace")
        except OSError:
            return ""

    def wait_for(self, instance, condition, *, timeout: float = 60, interval: float = 0.1):
        """Re-read `instance` from the database until `condition(instance)` holds; fail with the log if not."""
        deadline = time.monotonic() + timeout
        while True:
            instance.refresh_from_db()
            if condition(instance):
                return instance
            if self.process.poll() is not None:
                pytest.fail(f"The Celery worker died:\n{self.log()}", pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"Timed out after {timeout} s waiting for {instance!r}.\nWorker log:\n{self.log()}")
            time.sleep(interval)
