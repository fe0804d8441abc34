"""The app served by gunicorn on 127.0.0.1 against the test database, and the HTTP clients the reliability tests
drive it with: a delegate on the ballot page (GET for the CSRF token, POST the ballot) and the chair's close.

Plain http.client on purpose: no dependency, one TCP connection per request in flight, and a request can be sent
without waiting for its answer, so that two submissions leave the client at the same moment.
"""

import html
import http.client
import os
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from tests.documents.worker import database_url_for
from thidua.core.bench import gunicorn, server_env
from voting import benchmark
from voting.benchmark import RECEIPT, TOKEN

TIMEOUT = 120  # seconds: hundreds of requests queue on two loaded cores
ERRORS = re.compile(r'<div class="form-errors"[^>]*>(.*?)</div>', re.S)
PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)


@contextmanager
def served(*, var_dir: Path, workers: int = 4, threads: int = 8) -> Iterator[int]:
    """gunicorn serving thidua.wsgi on the test database for the length of the block (the data must be committed:
    transactional_db); yields the port. Several workers and threads, so that requests truly overlap; the server
    is stopped on exit, failure included. It signs and hashes with this process's SECRET_KEY, so the codes that
    session_open issues here are the ones it accepts, and a session stored here logs the chair in there."""
    env = server_env(database_url=database_url_for(connection.settings_dict), secret_key=settings.SECRET_KEY)
    env.update(VAR_DIR=str(var_dir), ENV_FILE="")
    # No broker: the pages under test enqueue nothing, and the server keeps its cache to itself.
    env.pop("REDIS_URL", None)
    os.makedirs(var_dir, exist_ok=True)
    with gunicorn(cwd=settings.BASE_DIR, env=env, workers=workers, threads=threads, start_timeout=120) as port:
        yield port


@dataclass
class Answer:
    status: int
    body: str
    sent: float = 0.0  # time.monotonic() when the request had been sent
    answered: float = 0.0  # and when its answer had been read
    headers: Mapping[str, str] = field(default_factory=dict)
    cookies: SimpleCookie = field(default_factory=SimpleCookie)

    @property
    def receipt(self) -> str | None:
        found = RECEIPT.search(self.body)
        return found.group(1) if found else None

    @property
    def errors(self) -> list[str]:
        """The messages of the page's error box, as the delegate reads them."""
        box = ERRORS.search(self.body)
        return [html.unescape(p.strip()) for p in PARAGRAPH.findall(box.group(1))] if box else []


@dataclass
class Form:
    """What a GET of a page with a form gives: the CSRF token to post and the cookies to send with it."""

    token: str
    cookies: dict[str, str]

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


def _connection(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)


def _read(conn: http.client.HTTPConnection, sent: float) -> Answer:
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    headers = {name.lower(): value for name, value in response.getheaders() if name.lower() != "set-cookie"}
    cookies = SimpleCookie()
    for value in response.headers.get_all("Set-Cookie") or ():
        cookies.load(value)
    return Answer(response.status, body, sent, time.monotonic(), headers, cookies)


def get_form(port: int, path: str, cookies: Mapping[str, str] | None = None) -> Form:
    """GET a page and take its form's CSRF token and the cookies it sets (csrftoken), keeping `cookies`."""
    conn = _connection(port)
    try:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in (cookies or {}).items())} if cookies else {}
        conn.request("GET", path, headers=headers)
        answer = _read(conn, time.monotonic())
    finally:
        conn.close()
    if answer.status != 200:
        raise AssertionError(f"GET {path} answered {answer.status}: {answer.body[:500]}")
    found = TOKEN.search(answer.body)
    if not found:
        raise AssertionError(f"GET {path}: no csrfmiddlewaretoken in the page")
    jar = dict(cookies or {})
    jar.update({name: morsel.value for name, morsel in answer.cookies.items()})
    return Form(found.group(1), jar)


def ballot_fields(form: Form, code: str, marks: Mapping[int, bool]) -> dict[str, str]:
    """The ballot's fields as the page posts them (the benchmark posts the same)."""
    return benchmark.ballot_fields(form.token, code, marks)


def post_at_once(port: int, path: str, form: Form, bodies: Sequence[Mapping[str, str]]) -> list[Answer]:
    """POST each of `bodies` on its own connection: every request is sent before any answer is read, so that the
    server receives them together. Returns the answers in the order of `bodies`."""
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": form.cookie_header(),
    }
    conns = [_connection(port) for _body in bodies]
    try:
        for conn in conns:
            conn.connect()
        sent = []
        for conn, body in zip(conns, bodies, strict=True):
            conn.request("POST", path, body=urlencode(body), headers=headers)
            sent.append(time.monotonic())
        return [_read(conn, at) for conn, at in zip(conns, sent, strict=True)]
    finally:
        for conn in conns:
            conn.close()


def post(port: int, path: str, form: Form, body: Mapping[str, str]) -> Answer:
    return post_at_once(port, path, form, [body])[0]


def login_cookies(user) -> dict[str, str]:
    """A logged-in session of `user` stored in the database, as the server will read it (no login page, no axes)."""
    session = SessionStore()
    session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return {settings.SESSION_COOKIE_NAME: session.session_key}
