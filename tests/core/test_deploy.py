"""Production readiness: check --deploy with the documented variables, loud failures, docker-compose and the
Dockerfile read and checked against the code (no Docker engine here), and the image's gunicorn, health checks
and static files exercised for real."""

import importlib
import json
import os
import re
import secrets
import select
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from django.conf import settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
HOST = "thidua.example.gov.vn"
# Variables the framework reads, not the product.
NOT_OURS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
_ASSIGNMENT = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")


def env_example() -> tuple[dict[str, str], list[str]]:
    """The active KEY=VALUE lines of .env.example, and every variable it documents (commented-out ones too)."""
    values: dict[str, str] = {}
    documented: list[str] = []
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = _ASSIGNMENT.match(line.strip())
        if match:
            documented.append(match[2])
            if not match[1]:
                values[match[2]] = match[3]
    return values, documented


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return [" ".join(part.split()) for part in re.sub(r"\\\n", " ", text).splitlines() if part.strip()]


def instruction(name: str) -> list[str]:
    return [line[len(name) + 1 :] for line in dockerfile() if line.split(" ", 1)[0] == name]


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    """What a production container sees: .env.example as shipped, the blanks filled, and the URLs that
    docker-compose.yml builds. Nothing comes from this machine's environment or a developer's .env."""
    values, _ = env_example()
    env = {key: value for key, value in values.items() if value}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=HOST,
        DATABASE_URL="postgres://thidua:mat-khau@db.invalid:5432/thidua",
        REDIS_URL="redis://redis.invalid:6379/0",
        VAR_DIR=str(tmp_path),
    )
    env.update(overrides)
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8", "ENV_FILE": ""}
    return {**base, **{key: value for key, value in env.items() if value is not None}}


def manage(env: dict[str, str], *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


# --- settings in production ---------------------------------------------------------------------------


def test_check_deploy_passes_with_the_documented_production_variables(tmp_path):
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."


def test_a_missing_secret_key_with_debug_off_fails_loudly(tmp_path):
    result = manage(production_env(tmp_path, SECRET_KEY=None, DEBUG="0"), "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "thidua.env.ConfigError: Environment variable SECRET_KEY is required (see .env.example)."
    )


def test_a_short_secret_key_with_debug_off_fails_loudly(tmp_path):
    result = manage(production_env(tmp_path, SECRET_KEY="too-short-for-production"), "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "thidua.env.ConfigError: SECRET_KEY must be a secret of at least 50 random characters when DEBUG is off."
    )


def test_missing_allowed_hosts_with_debug_off_fails_loudly(tmp_path):
    result = manage(production_env(tmp_path, ALLOWED_HOSTS=""), "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "thidua.env.ConfigError: Environment variable ALLOWED_HOSTS is required (see .env.example)."
    )


def test_a_malformed_variable_stops_the_start_naming_it(tmp_path):
    result = manage(production_env(tmp_path, SECURE_SSL_REDIRECT="có"), "check")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "thidua.env.ConfigError: Environment variable SECURE_SSL_REDIRECT must be a boolean "
        "(1/0, true/false, yes/no, on/off), got 'có'."
    )


# --- .env.example ----------------------------------------------------------------------------------------


def variables_read_by_the_code() -> dict[str, str]:
    """Every environment variable the product's code (and the test set-up) reads, with the first file."""
    patterns = [
        r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"',
        r'os\.environ\.get\(\s*"([A-Z0-9_]+)"',
        r'os\.getenv\(\s*"([A-Z0-9_]+)"',
        r'os\.environ\[\s*"([A-Z0-9_]+)"\s*\](?!\s*=[^=])',
    ]
    files = [path for top in ("thidua", "campaigns", "awards", "voting") for path in (ROOT / top).rglob("*.py")]
    files.append(ROOT / "tests" / "conftest.py")
    found: dict[str, str] = {}
    for path in sorted(files):
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            for name in re.findall(pattern, text):
                found.setdefault(name, str(path.relative_to(ROOT)))
    return {name: where for name, where in found.items() if name not in NOT_OURS}


def test_every_variable_the_code_reads_is_in_env_example():
    read = variables_read_by_the_code()
    _, documented = env_example()
    # The settings' own variables must be among them; a sanity check of the scan itself.
    assert {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "S3_BUCKET"} <= set(read)
    missing = {name: where for name, where in read.items() if name not in documented}
    assert missing == {}, f"add these to .env.example, with a comment: {missing}"


def test_env_example_documents_each_variable_once_with_a_comment():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    _, documented = env_example()
    assert sorted(name for name in set(documented) if documented.count(name) > 1) == []
    uncommented = []
    for index, line in enumerate(lines):
        if not _ASSIGNMENT.match(line.strip()):
            continue
        # Walk up over the variables of the same group to the text that explains them.
        above = index - 1
        while above >= 0 and _ASSIGNMENT.match(lines[above].strip()):
            above -= 1
        text = lines[above].lstrip("#").strip() if above >= 0 else ""
        if not lines[above].startswith("#") or not re.search(r"[A-Za-z]", text) or set(text) <= {"-"}:
            uncommented.append(_ASSIGNMENT.match(line.strip())[2])
    assert uncommented == []


def test_env_example_ships_no_secret():
    values, _ = env_example()
    assert values["SECRET_KEY"] == ""
    assert values["POSTGRES_PASSWORD"] == ""
    assert values["DEBUG"] == "0"


# --- docker-compose.yml ----------------------------------------------------------------------------------

APP_SERVICES = ("migrate", "web", "worker")


def test_compose_has_the_production_services():
    services = compose()["services"]
    assert sorted(services) == ["db", "migrate", "redis", "web", "worker"]
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"
    for name in APP_SERVICES:
        assert services[name]["build"] == "."
        assert services[name]["env_file"] == ".env"
    assert services["migrate"]["restart"] == "no"
    assert services["web"]["ports"] == ["${WEB_BIND:-127.0.0.1:8000}:8000"]


def test_compose_health_checks():
    services = compose()["services"]
    assert services["db"]["healthcheck"]["test"] == ["CMD-SHELL", "pg_isready -U $$POSTGRES_USER -d $$POSTGRES_DB"]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    assert services["worker"]["healthcheck"]["test"] == [
        "CMD-SHELL",
        "celery -A thidua inspect ping --destination celery@$$HOSTNAME --timeout 10",
    ]
    web = services["web"]["healthcheck"]["test"]
    assert web[:3] == ["CMD", "python", "-c"]
    assert "http://127.0.0.1:8000/healthz/" in web[3]
    for name in ("db", "redis", "web", "worker"):
        check = services[name]["healthcheck"]
        assert {"interval", "timeout", "retries"} <= set(check), name


def test_compose_starts_the_app_only_on_healthy_services():
    services = compose()["services"]
    assert services["migrate"]["depends_on"] == {"db": {"condition": "service_healthy"}}
    for name in ("web", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"},
            "db": {"condition": "service_healthy"},
            "redis": {"condition": "service_healthy"},
        }


def test_compose_volumes_keep_the_database_and_the_stored_files():
    config = compose()
    services = config["services"]
    assert sorted(config["volumes"]) == ["media", "postgres-data", "redis-data"]
    assert services["db"]["volumes"] == ["postgres-data:/var/lib/postgresql/data"]
    assert services["redis"]["volumes"] == ["redis-data:/data"]
    workdir = instruction("WORKDIR")
    assert workdir == ["/app"]
    # The media volume is where the settings store files in the image: VAR_DIR/media, VAR_DIR = /app/var.
    assert settings.MEDIA_ROOT == settings.VAR_DIR / "media"
    for name in ("web", "worker"):
        assert services[name]["volumes"] == ["media:/app/var/media"]


def compose_variables() -> set[str]:
    """The ${VAR} that docker-compose interpolates ($$ is a literal $ for the container's shell) and every
    variable name set under environment:."""
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)", text))
    interpolated |= set(re.findall(r"(?<!\$)\$([A-Za-z_][A-Za-z0-9_]*)", text))
    names = set()
    for service in compose()["services"].values():
        environment = service.get("environment", {})
        names |= set(environment if isinstance(environment, dict) else (e.split("=")[0] for e in environment))
    return interpolated | names


def test_every_compose_variable_is_in_env_example():
    _, documented = env_example()
    used = compose_variables()
    assert {"POSTGRES_PASSWORD", "DATABASE_URL", "REDIS_URL", "WORKER_CONCURRENCY", "WEB_BIND"} <= used
    assert sorted(used - set(documented)) == []


def test_compose_database_url_points_at_its_own_services():
    app = compose()["services"]["web"]["environment"]
    assert app["DATABASE_URL"] == (
        "postgres://${POSTGRES_USER:-thidua}:${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD in .env}"
        "@db:5432/${POSTGRES_DB:-thidua}"
    )
    assert app["REDIS_URL"] == "redis://redis:6379/0"


# --- the commands and the Dockerfile ---------------------------------------------------------------------


def test_dockerfile_builds_a_weasyprint_capable_non_root_image():
    (base,) = instruction("FROM")
    assert base.startswith("python:3.11-slim")
    run = " ".join(instruction("RUN"))
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0", "fonts-liberation2"):
        assert package in run
    assert "pip install -r requirements.txt" in run
    assert "manage.py collectstatic --noinput" in run
    (user,) = instruction("USER")
    assert user not in ("root", "0")
    assert f"useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin {user}" in run


def test_dockerfile_cmd_serves_the_real_wsgi_application():
    (cmd,) = instruction("CMD")
    argv = json.loads(cmd)
    assert argv[:2] == ["gunicorn", "thidua.wsgi"]
    assert "--bind=0.0.0.0:8000" in argv
    assert instruction("ENTRYPOINT") == []
    module = importlib.import_module(argv[1])
    assert callable(module.application)


def test_compose_commands_name_the_real_celery_app_and_commands():
    services = compose()["services"]
    worker = services["worker"]["command"]
    assert worker[:4] == ["celery", "-A", "thidua", "worker"]
    app = find_app(worker[2])
    assert isinstance(app, Celery)
    assert app.main == "thidua"
    migrate = services["migrate"]["command"]
    assert migrate == ["python", "manage.py", "migrate", "--noinput"]
    assert (ROOT / migrate[1]).is_file()
    assert migrate[2] in get_commands()
    assert "command" not in services["web"]  # the image's CMD


def dockerfile_build_env() -> dict[str, str]:
    """The variables the Dockerfile exports for collectstatic."""
    run = " ".join(instruction("RUN"))
    exported = re.search(r"export (.*?) &&", run)[1]
    return dict(part.split("=", 1) for part in shlex.split(exported))


@pytest.fixture(scope="module")
def image_var_dir(tmp_path_factory):
    """VAR_DIR after the Dockerfile's collectstatic step, run with the Dockerfile's own variables."""
    var_dir = tmp_path_factory.mktemp("image-var")
    build_env = dockerfile_build_env()
    assert build_env["ENV_FILE"] == ""
    env = {"PATH": os.environ["PATH"], "HOME": str(var_dir), "LANG": "C.UTF-8", **build_env, "VAR_DIR": str(var_dir)}
    result = manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    return var_dir


def test_the_image_build_collects_static_files_with_a_manifest(image_var_dir):
    manifest = json.loads((image_var_dir / "staticfiles" / "staticfiles.json").read_text(encoding="utf-8"))
    assert "css/portal.css" in manifest["paths"]
    assert manifest["paths"]["css/portal.css"] != "css/portal.css"  # hashed, so cacheable forever


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def gunicorn(image_var_dir):
    """The image's CMD, on a free loopback port, with the production environment and the built static files."""
    port = free_port()
    (cmd,) = instruction("CMD")
    argv = [arg for arg in json.loads(cmd) if not arg.startswith("--bind")]
    argv[0] = str(Path(sys.executable).with_name("gunicorn"))
    env = production_env(image_var_dir, WEB_CONCURRENCY="1")
    process = subprocess.Popen(
        [*argv, f"--bind=127.0.0.1:{port}"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    try:
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(process.stdout.read().decode()) from None
                time.sleep(0.2)
        yield port, env
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_web_health_check_of_compose_passes_against_gunicorn(gunicorn):
    port, env = gunicorn
    test = compose()["services"]["web"]["healthcheck"]["test"]
    argv = [sys.executable, *test[2:]]
    argv[-1] = argv[-1].replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_gunicorn_in_production_redirects_to_https_except_the_health_check(gunicorn):
    port, _ = gunicorn
    status, headers, _ = get(f"http://127.0.0.1:{port}/accounts/login/", Host=HOST)
    assert (status, headers["Location"]) == (301, f"https://{HOST}/accounts/login/")
    status, _, body = get(f"http://127.0.0.1:{port}/healthz/", Host=HOST)
    assert (status, body) == (200, b"ok")
    status, _, _ = get(f"http://127.0.0.1:{port}/healthz/", Host="attacker.example.com")
    assert status == 400


def test_gunicorn_serves_the_static_files_itself(gunicorn, image_var_dir):
    port, _ = gunicorn
    manifest = json.loads((image_var_dir / "staticfiles" / "staticfiles.json").read_text(encoding="utf-8"))
    hashed = manifest["paths"]["css/portal.css"]
    status, headers, body = get(f"http://127.0.0.1:{port}/static/{hashed}", Host=HOST, **{"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "immutable" in headers["Cache-Control"]
    assert body == (ROOT / "static" / "css" / "portal.css").read_bytes()


@pytest.mark.redis
def test_the_worker_health_check_of_compose_pings_a_real_worker(tmp_path):
    node = f"thidua-healthcheck-{os.getpid()}"
    env = production_env(tmp_path, REDIS_URL=settings.REDIS_URL, HOSTNAME=node)
    services = compose()["services"]
    argv = services["worker"]["command"]
    celery = str(Path(sys.executable).with_name("celery"))
    worker = subprocess.Popen(
        [celery, *argv[1:4], "--pool=solo", f"--hostname=celery@{node}", "--loglevel=INFO"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    # In a container the check runs through a shell, where $$ has become $.
    check = services["worker"]["healthcheck"]["test"][1].replace("$$", "$").replace("celery ", f"{celery} ", 1)
    try:
        # Ping once the worker says it is ready: a ping before that waits for the whole --timeout.
        log = []
        deadline = time.monotonic() + 60
        while not any(f"celery@{node} ready." in line for line in log):
            ready, _, _ = select.select([worker.stdout], [], [], 1)
            if ready:
                log.append(worker.stdout.readline())
            assert worker.poll() is None and time.monotonic() < deadline, "".join(log)
        result = subprocess.run(["sh", "-c", check], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"celery@{node}: OK" in result.stdout
    finally:
        worker.terminate()
        worker.wait(timeout=30)
