"""Benchmark helpers: percentiles, a gunicorn server on loopback for the length of a block, timed requests, and
the protocol by which an app adds its own figures to `manage.py bench`.

The protocol. An app takes part with a module `<app>.benchmark` that defines

    def run(*, say: Callable[[str], None], requests: int, warmup: int, workers: int) -> list[Goal]

`manage.py bench` imports that module for each app of INSTALLED_APPS, in that order (app_benchmarks()), and calls
run() once its own figures are taken, on the large world it has built in the benchmark database: seed_demo, then
seed_scale (1,000 units, 100,000 people). run() may write to that database (it is rebuilt at every run), should
leave the world usable by the apps after it, prints its figures with `say` (one line per call) and returns its
goals, which the command gathers into the final summary. `requests` and `warmup` are the numbers of timed and
untimed requests per page and `workers` the gunicorn processes, for pages it serves with gunicorn() below.
Further parameters of run() must have defaults. A `<app>.benchmark` module without run() holds helpers only
(thidua.documents.benchmark: render timings) and is skipped. The command knows no app by name, so that
thidua never imports the apps built on it.

An app whose goals compare the large size with the demo size (the dashboards) may also define

    def demo(*, say: Callable[[str], None], requests: int, warmup: int, workers: int) -> object

which the command calls, in the same order, once seed_demo has run and before seed_scale (app_demo_benchmarks());
whatever it returns is handed back to that app's run() as the keyword argument `demo`.
"""

import http.client
import importlib
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.utils.translation import gettext as _


class BenchError(RuntimeError):
    """The server did not start, or a page did not answer 200."""


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of an empty list")
    if not 0 <= q <= 100:
        raise ValueError("q must be between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_path() -> str:
    """The gunicorn of the running virtual environment (beside this Python), else the one on PATH."""
    beside = Path(sys.executable).with_name("gunicorn")
    if beside.exists():
        return str(beside)
    found = shutil.which("gunicorn")
    if not found:
        raise BenchError(_("gunicorn chưa được cài trong môi trường ảo."))
    return found


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 5) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@contextmanager
def gunicorn(
    *, cwd: Path, env: dict[str, str], workers: int = 2, threads: int = 2, start_timeout: float = 60
) -> Iterator[int]:
    """Serve thidua.wsgi on 127.0.0.1:<free port> for the length of the block; yields the port.

    gthread workers keep connections alive, so sequential requests measure the app, not TCP set-up.
    The server is always stopped on exit (terminate, then kill after a grace period).
    """
    port = free_port()
    command = [
        gunicorn_path(),
        "thidua.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--log-level",
        "warning",
    ]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + start_timeout
            while True:
                if process.poll() is not None:
                    raise BenchError(
                        _("gunicorn dừng với mã %(code)s:\n%(log)s") % {"code": process.returncode, "log": _tail(log)}
                    )
                try:
                    status, _body = get(port, "/healthz/", timeout=2)
                    if status == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise BenchError(
                        _("gunicorn không trả lời /healthz/ sau %(s).0f giây:\n%(log)s")
                        % {"s": start_timeout, "log": _tail(log)}
                    )
                time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=15)


def _tail(log, limit: int = 4000) -> str:
    log.flush()
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-limit:]


def time_requests(
    port: int,
    targets: Sequence[tuple[str, dict[str, str]]],
    *,
    requests: int,
    warmup: int,
    timeout: float = 30,
) -> list[list[float]]:
    """Latencies in milliseconds of `requests` sequential GETs of each (path, headers) target, after `warmup`
    untimed ones. The targets take turns, one request each, so that a burst of load on the machine falls on
    every page alike; each target has its own HTTP/1.1 keep-alive connection (http.client reconnects by
    itself if the server closes one)."""
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=timeout) for _target in targets]
    latencies: list[list[float]] = [[] for _target in targets]
    try:
        for index in range(warmup + requests):
            for (path, headers), conn, out in zip(targets, connections, latencies, strict=True):
                started = time.perf_counter()
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                elapsed = (time.perf_counter() - started) * 1000
                if response.status != 200:
                    raise BenchError(
                        _("GET %(path)s trả về mã %(code)s: %(body)r")
                        % {"path": path, "code": response.status, "body": body[:300]}
                    )
                if index >= warmup:
                    out.append(elapsed)
    finally:
        for conn in connections:
            conn.close()
    return latencies


def server_env(*, database_url: str, secret_key: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a production-like server on loopback: DEBUG off, plain HTTP, no static manifest."""
    env = dict(os.environ if base is None else base)
    env.update(
        DJANGO_SETTINGS_MODULE="thidua.settings",
        DEBUG="0",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        STATIC_MANIFEST="0",
        DATABASE_URL=database_url,
        LOG_LEVEL="WARNING",
    )
    return env


def format_table(rows: Sequence[Sequence[object]], right_from: int = 1) -> str:
    """A plain-text table: the first row is the header; columns from `right_from` on are right-aligned."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]

    def line(row):
        return "  ".join(
            cell.rjust(width) if i >= right_from else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    out = [line(cells[0]), "  ".join("-" * w for w in widths)]
    out += [line(row) for row in cells[1:]]
    return "\n".join(out)


# --- The apps' benchmarks --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    """One goal of an issue's Speed section, as measured: a line of the final summary."""

    figure: str  # what was measured, e.g. "Danh sách đơn vị: p50 lớn / p50 mẫu"
    goal: str  # e.g. "≤ 1.5"
    measured: str  # e.g. "1.12"
    met: bool


def app_benchmarks() -> list[tuple[str, Callable[..., list[Goal]]]]:
    """(app label, run) for each installed app whose `<app>.benchmark` module defines run(), in INSTALLED_APPS
    order. A missing module is no error; one that fails to import is (its own imports are not hidden)."""
    found = []
    for config in apps.get_app_configs():
        name = f"{config.name}.benchmark"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        run = getattr(module, "run", None)
        if callable(run):
            found.append((config.label, run))
    return found


def app_demo_benchmarks() -> list[tuple[str, Callable[..., object]]]:
    """(app label, demo) for each app benchmark (app_benchmarks) whose module also defines demo(), in the same
    order: the figures an app takes at the demo size, handed back to its run() as `demo`."""
    found = []
    for label, run in app_benchmarks():
        demo = getattr(importlib.import_module(run.__module__), "demo", None)
        if callable(demo):
            found.append((label, demo))
    return found


def goals_table(goals: Sequence[Goal]) -> str:
    """The final summary: figure, goal, measured, met or not."""
    passed, failed = _("đạt"), _("KHÔNG ĐẠT")
    rows = [(_("chỉ số"), _("mục tiêu"), _("đo được"), _("kết quả"))]
    rows += [(g.figure, g.goal, g.measured, passed if g.met else failed) for g in goals]
    return format_table(rows, right_from=99)
