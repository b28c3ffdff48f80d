"""How an outbox row leaves the building: one sender per channel.

The delivery task looks the row's channel up here and calls its sender. A sender either returns
(the row is sent), raises `DeliveryFailed` (try again later, with backoff) or `PermanentFailure`
(no retry will help: park the row for an admin). Channels whose code lives above this app (the
integrations' webhooks, say) register their sender from their AppConfig.ready."""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from konsultasi.notifications.models import OutboxMessage

Sender = Callable[["OutboxMessage"], None]


class DeliveryFailed(Exception):
    """The channel could not take the message now; a later attempt may succeed."""


class PermanentFailure(DeliveryFailed):
    """The message can never be delivered as it is (a refused address, a forbidden URL)."""


_senders: dict[str, Sender] = {}


def register_sender(channel: str, sender: Sender) -> None:
    _senders[channel] = sender


def sender_for(channel: str) -> Sender | None:
    return _senders.get(channel)
