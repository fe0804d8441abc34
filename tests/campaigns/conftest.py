"""Fixtures for campaigns: titles by code, emulation years, people in bulk, the real Celery worker (from documents)
and, for e-mail through that worker, a small SMTP server that keeps what it receives."""

import email
import email.policy
import socketserver
import threading
from dataclasses import dataclass

import pytest
from django.db import connection

from campaigns.models import EmulationYear
from campaigns.services.registrations import emulation_year_save
from tests import factories
from tests.documents.conftest import celery_worker_process, eager_celery, media_dir  # noqa: F401
from tests.documents.worker import CeleryWorker, database_url_for
from thidua.titles.models import Title


@pytest.fixture
def titles(db):
    """The default catalogue's titles by code: titles.ldtt, titles.cstdcs, titles.ttldtt, titles.ttldxs, ..."""

    class Titles:
        def __getattr__(self, code: str) -> Title:
            return Title.objects.get(code=code.replace("_", "-"))

    return Titles()


@pytest.fixture
def emulation_year(db):
    """Open an emulation year with its registration deadline (through the service, as the board does)."""

    def make(year: int, deadline) -> EmulationYear:
        return emulation_year_save(actor=None, emulation_year=EmulationYear(year=year, registration_deadline=deadline))

    return make


def add_people(unit, n: int, *, prefix: str = "Cán bộ") -> list:
    """n active people in `unit`, named so that they sort in creation order."""
    return [factories.person(unit, f"{prefix} Số {i:03d}") for i in range(n)]


@dataclass
class ReceivedMail:
    sender: str
    recipients: list[str]
    subject: str
    body: str


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's SMTP backend (no TLS, no login): keeps every message it is given."""

    def _reply(self, text: str) -> None:
        self.wfile.write(text.encode() + b"\r\n")

    def handle(self) -> None:
        self.server.connections += 1
        if self.server.refuse:
            self._reply("421 thidua-tests: service not available")
            return
        self._reply("220 thidua-tests")
        sender, recipients, lines, in_data = "", [], [], False
        while line := self.rfile.readline():
            if in_data:
                if line.rstrip(b"\r\n") == b".":
                    message = email.message_from_bytes(b"".join(lines), policy=email.policy.default)
                    # Long encoded subjects are folded onto a continuation line; the body travels with CRLF.
                    subject = " ".join(str(message["subject"]).split())
                    body = message.get_content().replace("\r\n", "\n").strip()
                    self.server.received.append(ReceivedMail(sender, recipients, subject, body))
                    sender, recipients, lines, in_data = "", [], [], False
                    self._reply("250 OK")
                else:
                    lines.append(line[1:] if line.startswith(b"..") else line)
                continue
            command = line[:4].upper()
            argument = line[line.find(b":") + 1 :].strip(b" <>\r\n").decode() if b":" in line else ""
            if command in (b"EHLO", b"HELO"):
                self._reply("250 thidua-tests")
            elif command == b"MAIL":
                sender = argument.split(">")[0]
                self._reply("250 OK")
            elif command == b"RCPT":
                recipients.append(argument.split(">")[0])
                self._reply("250 OK")
            elif command == b"DATA":
                in_data = True
                self._reply("354 End data with <CR><LF>.<CR><LF>")
            elif command == b"QUIT":
                self._reply("221 Bye")
                return
            elif command in (b"RSET", b"NOOP"):
                self._reply("250 OK")
            else:
                self._reply("502 Not implemented")


class _SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.received: list[ReceivedMail] = []
        self.connections = 0
        self.refuse = False  # answer every connection with 421 (a server that is down for a while)


@pytest.fixture
def smtp_server():
    """A real SMTP server on a free local port, in a thread: `.received` lists the messages, `.port` is its port,
    `.connections` counts the connections, and `.refuse = True` makes it turn every client away."""
    server = _SMTPServer()
    server.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def email_worker(transactional_db, settings, media_dir, smtp_server):  # noqa: F811
    """The documents' real Celery worker, with its e-mail going by SMTP (EMAIL_HOST, read by the settings) to
    `smtp_server`. The settings choose the SMTP backend whenever EMAIL_HOST is set, so the worker is given the
    same variables a deployment sets; the worker's env is the only thing changed from celery_worker_process."""
    from thidua.celery import app

    worker = CeleryWorker(
        database_url=database_url_for(connection.settings_dict),
        var_dir=media_dir.parent,
        broker_url=settings.CELERY_BROKER_URL,
    )
    worker.env.update(
        {
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_server.port),
            "EMAIL_USE_TLS": "0",
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "DEFAULT_FROM_EMAIL": "thidua@tests.example",
        }
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
