"""Webhooks: queued with the change that caused them, signed, sent once to a checked
address, and never to an internal one unless an administrator allowed it."""

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from konsultasi.consultations import services
from konsultasi.consultations.events import WEBHOOK_EVENTS
from konsultasi.errors import InvalidInput
from konsultasi.notifications import webhooks
from konsultasi.notifications.channels import DeliveryFailed, PermanentFailure, sender_for
from konsultasi.notifications.models import OutboxMessage, WebhookDelivery, WebhookSubscription

INTERNAL_URLS = [
    "http://127.0.0.1/hook",
    "http://localhost:8080/hook",
    "http://10.1.2.3/hook",
    "http://172.16.0.9/hook",
    "http://192.168.1.1/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://100.64.0.1/hook",
    "http://0.0.0.0/hook",
    "http://224.0.0.1/hook",
    "http://240.0.0.1/hook",
    "http://[::1]/hook",
    "http://[fe80::1]/hook",
    "http://[fc00::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://[::ffff:10.0.0.1]/hook",
    "http://[2002:7f00:1::]/hook",  # 6to4 wrapping 127.0.0.1
    "http://[::]/hook",
    "http://[ff02::1]/hook",
]


@pytest.mark.parametrize("url", INTERNAL_URLS)
def test_an_internal_address_is_refused(url):
    with pytest.raises(webhooks.UnsafeWebhookURL):
        webhooks.check_url(url)


@pytest.mark.parametrize(
    "url", ["ftp://93.184.216.34/x", "file:///etc/passwd", "http://user:pw@93.184.216.34/", "x"]
)
def test_only_plain_http_and_https_urls_are_taken(url):
    with pytest.raises(webhooks.UnsafeWebhookURL):
        webhooks.check_url(url)


def test_a_public_address_is_taken():
    target = webhooks.check_url("https://93.184.216.34:8443/hooks?x=1")
    assert (target.address, target.port, target.path) == ("93.184.216.34", 8443, "/hooks?x=1")


def test_an_administrator_may_allow_internal_addresses_for_a_subscription():
    assert webhooks.check_url("http://127.0.0.1:9/x", allow_private=True).address == "127.0.0.1"


def test_subscribing_checks_the_url(office):
    with pytest.raises(InvalidInput):
        webhooks.subscribe(
            office=office, url="http://10.0.0.5/", events=["*"], known_events=WEBHOOK_EVENTS
        )
    with pytest.raises(InvalidInput):
        webhooks.subscribe(
            office=office,
            url="http://93.184.216.34/",
            events=["consultation.explode"],
            known_events=WEBHOOK_EVENTS,
        )
    assert not WebhookSubscription.objects.exists()


def subscription(office, url="http://127.0.0.1:9/hook", events=("*",), **fields):
    fields.setdefault("allow_private", True)  # the test's receiver listens on this machine
    return WebhookSubscription.objects.create(
        office=office, url=url, events=list(events), secret="s3cret", **fields
    )


def test_a_change_queues_one_signed_delivery_per_matching_subscription(
    office, other_office, online_consultation, officer
):
    everything = subscription(office)
    resolved_only = subscription(office, events=["consultation.resolve"])
    subscription(office, is_active=False)
    subscription(other_office)

    services.claim(officer=officer, consultation=online_consultation)

    deliveries = WebhookDelivery.objects.filter(event="consultation.claim")
    assert [d.subscription for d in deliveries] == [everything]
    message = deliveries[0].message
    assert message.channel == OutboxMessage.Channel.WEBHOOK
    payload = json.loads(message.body)
    assert payload["consultation"]["number"] == online_consultation.number
    assert payload["to_status"] == "in_progress"
    assert online_consultation.question not in message.body
    assert resolved_only.deliveries.count() == 0


def test_a_refused_change_queues_nothing(office, online_consultation, second_officer, officer):
    subscription(office)
    services.claim(officer=officer, consultation=online_consultation)
    before = WebhookDelivery.objects.count()
    with pytest.raises(services.AlreadyClaimed):
        services.claim(officer=second_officer, consultation=online_consultation)
    assert WebhookDelivery.objects.count() == before


class Receiver:
    """A local HTTP server that records what it receives and answers `status`."""

    def __init__(self, status=200, headers=None):
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                received.append((dict(self.headers), self.rfile.read(length).decode()))
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    made = []

    def make(**kwargs):
        made.append(Receiver(**kwargs))
        return made[-1]

    yield make
    for r in made:
        r.close()


def queued(office, consultation, officer, url, **fields):
    sub = subscription(office, url=url, **fields)
    services.claim(officer=officer, consultation=consultation)
    return sub, WebhookDelivery.objects.get(subscription=sub).message


def test_the_registered_sender_posts_a_body_the_receiver_can_verify(
    office, online_consultation, officer, receiver
):
    server = receiver()
    sub, message = queued(office, online_consultation, officer, server.url)

    sender_for("webhook")(message)

    [(headers, body)] = server.received
    assert body == message.body
    assert headers[webhooks.EVENT_HEADER] == "consultation.claim"
    assert webhooks.verify(
        sub.secret, headers[webhooks.SIGNATURE_HEADER], body, now=int(time.time())
    )
    assert not webhooks.verify(
        "wrong", headers[webhooks.SIGNATURE_HEADER], body, now=int(time.time())
    )
    assert not webhooks.verify(
        sub.secret, headers[webhooks.SIGNATURE_HEADER], body + " ", now=int(time.time())
    )
    delivery = WebhookDelivery.objects.get(message=message)
    assert delivery.delivered_at is not None and delivery.last_status == 200


def test_the_signature_is_hmac_sha256_over_timestamp_and_body():
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert webhooks.signature("k", 1700000000, "{}") == f"t=1700000000,v1={expected}"


def test_an_old_signature_is_not_accepted_by_the_receivers_check():
    header = webhooks.signature("k", 1700000000, "{}")
    assert not webhooks.verify("k", header, "{}", now=1700000000 + 3600)


def test_an_error_answer_is_retried_later(office, online_consultation, officer, receiver):
    server = receiver(status=503)
    _sub, message = queued(office, online_consultation, officer, server.url)
    with pytest.raises(DeliveryFailed) as failed:
        webhooks.send_webhook(message)
    assert not isinstance(failed.value, PermanentFailure)
    assert WebhookDelivery.objects.get(message=message).last_status == 503


def test_a_redirect_is_not_followed(office, online_consultation, officer, receiver):
    inside = receiver()
    server = receiver(status=302, headers={"Location": inside.url})
    _sub, message = queued(office, online_consultation, officer, server.url)
    with pytest.raises(PermanentFailure):
        webhooks.send_webhook(message)
    assert len(server.received) == 1 and inside.received == []


def test_an_unreachable_receiver_is_retried_later(office, online_consultation, officer):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _sub, message = queued(office, online_consultation, officer, f"http://127.0.0.1:{port}/")
    with pytest.raises(DeliveryFailed):
        webhooks.send_webhook(message)


def test_a_host_that_now_resolves_inside_is_refused_at_send_time(
    office, online_consultation, officer, receiver, monkeypatch
):
    server = receiver()
    port = int(server.url.split(":")[2].split("/")[0])
    _sub, message = queued(
        office,
        online_consultation,
        officer,
        f"http://hooks.example.com:{port}/hook",
        allow_private=False,
    )
    real = socket.getaddrinfo

    def rebound(host, *args, **kwargs):  # the DNS record now points at this machine
        if host == "hooks.example.com":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebound)
    with pytest.raises(PermanentFailure):
        webhooks.send_webhook(message)
    assert server.received == []
    assert "internal" in WebhookDelivery.objects.get(message=message).last_error


def test_a_deactivated_subscription_is_not_delivered(
    office, online_consultation, officer, receiver
):
    server = receiver()
    sub, message = queued(office, online_consultation, officer, server.url)
    WebhookSubscription.objects.filter(pk=sub.pk).update(is_active=False)
    with pytest.raises(PermanentFailure):
        webhooks.send_webhook(message)
    assert server.received == []


def test_the_sweep_closing_quiet_consultations_announces_each_close(office, in_state):
    from datetime import timedelta

    resolved = in_state("resolved")
    subscription(office, events=["consultation.close"])
    closed = services.close_quiet_consultations(now=resolved.auto_close_at + timedelta(seconds=1))
    assert closed == 1
    [delivery] = WebhookDelivery.objects.all()
    assert json.loads(delivery.message.body)["consultation"]["number"] == resolved.number


def test_a_webhook_goes_out_through_the_outbox_and_is_retried_until_the_receiver_takes_it(
    office, online_consultation, officer, receiver
):
    from datetime import timedelta

    from django.utils import timezone

    from konsultasi.notifications import delivery

    down = receiver(status=503)
    sub, message = queued(office, online_consultation, officer, down.url)

    delivery.deliver_due()
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.PENDING
    assert message.next_attempt_at is not None and message.attempts == 1
    assert len(down.received) == 1

    up = receiver()
    WebhookSubscription.objects.filter(pk=sub.pk).update(url=up.url)
    delivery.deliver_due(now=timezone.now() + timedelta(hours=1))
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    [(headers, body)] = up.received
    assert webhooks.verify(
        sub.secret, headers[webhooks.SIGNATURE_HEADER], body, now=int(time.time())
    )
