"""Webhooks: an office's integrations are told of consultation events at URLs they chose.

1. `announce` — called by the consultation services (through `consultations.events`) inside
   the transaction of the change — queues one outbox row per matching subscription, with the
   JSON body fixed then, and a delivery log row beside it.
2. The outbox's delivery task calls `send_webhook` (registered as the "webhook" sender):
   it checks the URL again (DNS may have changed since the subscription), connects to the
   address it checked (so a second lookup cannot swap it), signs the body and POSTs it once.
   Redirects are not followed. A refused URL is a `PermanentFailure`; a network error, a
   timeout or a non-2xx answer is a `DeliveryFailed`, retried by the task with backoff.

The signature header reads `t=TIMESTAMP,v1=HEX`, where HEX is HMAC-SHA256 with the
subscription's secret over `f"{TIMESTAMP}.{BODY}"`: the receiver recomputes it and refuses a
timestamp too far from its clock, so a captured delivery cannot be replayed later."""

import hashlib
import hmac
import http.client
import ipaddress
import json
import secrets
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.errors import InvalidInput
from konsultasi.kept_queries import kept_objects
from konsultasi.notifications.channels import DeliveryFailed, PermanentFailure, register_sender
from konsultasi.notifications.models import OutboxMessage, WebhookDelivery, WebhookSubscription
from konsultasi.notifications.services import queue

SIGNATURE_HEADER = "X-Konsultasi-Signature"
EVENT_HEADER = "X-Konsultasi-Event"
DELIVERY_HEADER = "X-Konsultasi-Delivery"
TIMEOUT_SECONDS = 10
USER_AGENT = "Layanan-Konsultasi-Webhook/1"


class UnsafeWebhookURL(InvalidInput):
    """The URL is not one we deliver to (its scheme, or the addresses its host resolves to)."""

    code = "unsafe_url"


# --- the URL ------------------------------------------------------------------------------


def _internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Loopback, private, link-local, multicast, reserved, unspecified or otherwise not a
    public address — looking through IPv6 forms that embed an IPv4 address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo is not None:
            embedded = address.teredo[1]
        if embedded is not None and _internal(embedded):
            return True
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    address: str  # the checked IP address to connect to


def check_url(url: str, *, allow_private: bool = False) -> Target:
    """Resolve the URL's host and refuse it unless every address it resolves to may be
    reached; return the target with the first address. Raises UnsafeWebhookURL."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError:
        raise UnsafeWebhookURL(_("This is not a valid URL.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeWebhookURL(_("A webhook URL starts with https:// (or http://) and a host."))
    if parts.username or parts.password:
        raise UnsafeWebhookURL(_("A webhook URL cannot carry a user name or password."))
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise UnsafeWebhookURL(
            _("The host %(host)s could not be resolved.") % {"host": parts.hostname}
        ) from None
    addresses = []
    for info in infos:
        try:
            addresses.append(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
        except ValueError:
            continue
    if not addresses:
        raise UnsafeWebhookURL(
            _("The host %(host)s could not be resolved.") % {"host": parts.hostname}
        )
    if not allow_private and any(_internal(a) for a in addresses):
        raise UnsafeWebhookURL(
            _(
                "The host %(host)s resolves to an internal address; an administrator must "
                "allow internal addresses for this subscription."
            )
            % {"host": parts.hostname}
        )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, parts.hostname, port, path, str(addresses[0]))


# --- subscribing ---------------------------------------------------------------------------


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def clean_events(events: list[str], known: list[str]) -> list[str]:
    chosen = sorted({str(e).strip() for e in events if str(e).strip()})
    if not chosen:
        raise InvalidInput(_("Choose at least one event."))
    unknown = [e for e in chosen if e != "*" and e not in known]
    if unknown:
        raise InvalidInput(_("Unknown events: %(events)s.") % {"events": ", ".join(unknown)})
    return chosen


def subscribe(
    *, office, url: str, events: list[str], known_events: list[str], allow_private: bool = False
) -> WebhookSubscription:
    """A new subscription of `office`, its URL checked now (and again at every delivery)."""
    check_url(url, allow_private=allow_private)
    return WebhookSubscription.objects.create(
        office=office,
        url=url,
        events=clean_events(events, known_events),
        secret=new_secret(),
        allow_private=allow_private,
    )


def unsubscribe(*, office, subscription_id: int) -> bool:
    """Stop deliveries to one of `office`'s subscriptions; False when it has no such one.
    Deactivated, not deleted: its delivery log stays for the administrator."""
    found = WebhookSubscription.objects.filter(office=office, pk=subscription_id)
    return bool(found.update(is_active=False))


# --- queuing ------------------------------------------------------------------------------


def subscriptions_of(office) -> list[WebhookSubscription]:
    """The office's active subscriptions, for a caller that reads them before its write
    transaction begins (`announce(subscriptions=…)`); none without a query when the request
    read already that the office has none (`none_active_read_now`)."""
    if office.__dict__.get(_NONE_ACTIVE_READ_NOW):
        return []
    return kept_objects(("webhook subscriptions",), _active_of, {"office": office.pk})


_NONE_ACTIVE_READ_NOW = "_no_active_webhook_subscriptions_read_now"


def any_active_in_the_rows_office(office_column: str = "office_id") -> Subquery:
    """One active subscription's id if the office has any (else NULL), asked along with a
    query whose rows carry the office's id in `office_column` (an office's own rows: "pk").
    A subquery with a limit, not an EXISTS: PostgreSQL may run an EXISTS as a hash of every
    office's subscriptions, built for the one row."""
    return Subquery(
        WebhookSubscription.objects.filter(office_id=OuterRef(office_column), is_active=True)
        .order_by()
        .values("pk")[:1]
    )


def none_active_read_now(office) -> None:
    """Say that this request's own query found no active subscription of `office`
    (`any_active_in_the_rows_office`): `subscriptions_of` then reads none."""
    office.__dict__[_NONE_ACTIVE_READ_NOW] = True


def _active_of(values):
    return WebhookSubscription.objects.filter(office_id=values["office"], is_active=True)


def announce(
    *, office, consultation, event: str, payload: dict, subscriptions=None
) -> list[WebhookDelivery]:
    """Queue the event for every active subscription of the office that wants it. Caller is
    inside the transaction of the change, so the rows commit or roll back with it.
    `subscriptions`: the office's active ones, when the caller has read them already."""
    if subscriptions is None:
        subscriptions = subscriptions_of(office)
    subscriptions = [s for s in subscriptions if s.wants(event)]
    if not subscriptions:
        return []
    body = json.dumps({"event": event, **payload}, ensure_ascii=False, sort_keys=True, default=str)
    rows = queue(
        [
            OutboxMessage(
                office=office,
                consultation=consultation,
                kind=event[:40],
                channel=OutboxMessage.Channel.WEBHOOK,
                address=s.url,
                subject=event,
                body=body,
            )
            for s in subscriptions
        ]
    )
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(message=row, subscription=s, event=event)
        for row, s in zip(rows, subscriptions, strict=True)
    )


# --- sending ------------------------------------------------------------------------------


def signature(secret: str, timestamp: int, body: str) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(secret: str, header: str, body: str, *, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (and what the tests do): recompute and compare, in constant
    time, and refuse an old timestamp."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(fields.get("t", ""))
    except ValueError:
        return False
    if abs(now - timestamp) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), header)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, target: Target, **kwargs):
        super().__init__(target.host, target.port, **kwargs)
        self._address = target.address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, target: Target, **kwargs):
        super().__init__(target.host, target.port, context=ssl.create_default_context(), **kwargs)
        self._address = target.address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def send_webhook(message: OutboxMessage) -> None:
    """Deliver one outbox row of the webhook channel (see the module's docstring)."""
    delivery = (
        WebhookDelivery.objects.select_related("subscription").filter(message=message).first()
    )
    if delivery is None:
        raise PermanentFailure("no webhook delivery for this outbox row")
    subscription = delivery.subscription
    now = timezone.now()
    if not subscription.is_active:
        _log(delivery, now=now, error="subscription inactive")
        raise PermanentFailure("the subscription is no longer active")
    try:
        target = check_url(subscription.url, allow_private=subscription.allow_private)
    except UnsafeWebhookURL as refusal:
        _log(delivery, now=now, error=refusal.message)
        raise PermanentFailure(refusal.message) from None
    timestamp = int(time.time())
    body = message.body
    connection_class = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(target, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(
            "POST",
            target.path,
            body=body.encode(),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                SIGNATURE_HEADER: signature(subscription.secret, timestamp, body),
                EVENT_HEADER: delivery.event,
                DELIVERY_HEADER: str(message.pk),
            },
        )
        response = connection.getresponse()
        status = response.status
        response.read(1024)  # enough to let the connection close cleanly; the body is unused
    except (OSError, http.client.HTTPException) as failure:
        _log(delivery, now=now, error=f"{type(failure).__name__}: {failure}")
        raise DeliveryFailed(str(failure)) from None
    finally:
        connection.close()
    if 200 <= status < 300:
        _log(delivery, now=now, status=status, delivered=True)
        return
    if 300 <= status < 400:
        _log(delivery, now=now, status=status, error="redirects are not followed")
        raise PermanentFailure(f"HTTP {status}: redirects are not followed")
    _log(delivery, now=now, status=status, error=f"HTTP {status}")
    if status == 410:  # the receiver says this URL is gone for good
        raise PermanentFailure(f"HTTP {status}")
    raise DeliveryFailed(f"HTTP {status}")


def _log(
    delivery: WebhookDelivery,
    *,
    now,
    status: int | None = None,
    error: str = "",
    delivered: bool = False,
) -> None:
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            last_attempt_at=now,
            last_status=status,
            last_error=error[:300],
            **({"delivered_at": now} if delivered else {}),
        )


def register() -> None:
    register_sender(OutboxMessage.Channel.WEBHOOK, send_webhook)
