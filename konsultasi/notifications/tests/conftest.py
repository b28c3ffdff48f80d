"""Real servers on loopback, started by the tests: an SMTP server (aiosmtpd) and an HTTP server
standing in for the WhatsApp Cloud API."""

import json
import socket
import threading
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    """What the SMTP server accepted, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    def __init__(self, port: int):
        self.port = port
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings):
    """An SMTP server on a free loopback port, not started yet (`smtp.start()`): the tests
    decide when the mail server is up."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield server
    server.stop()


@dataclass
class FakeWhatsApp:
    """Records every request; answers with `status` (200 by default)."""

    port: int
    requests: list = field(default_factory=list)
    status: int = 200

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/v21.0"


@pytest.fixture
def whatsapp_api(settings):
    port = free_port()
    fake = FakeWhatsApp(port=port)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            fake.requests.append(
                {"path": self.path, "headers": dict(self.headers), "json": json.loads(body)}
            )
            self.send_response(fake.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"messages": [{"id": "wamid.test"}]}')

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WHATSAPP_API_BASE = fake.base
    settings.WHATSAPP_TOKEN = "test-token"
    settings.WHATSAPP_PHONE_NUMBER_ID = "1234567890"
    yield fake
    server.shutdown()
    server.server_close()
