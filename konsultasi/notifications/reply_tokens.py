"""The signed reference that threads a reply to its consultation.

Outgoing mail carries it in the Reply-To plus-address (konsultasi+c42.9f…@office), in a
header and in the footer; the inbound side reads it back. It is an HMAC of the consultation's
id with the server's secret, so it cannot be guessed from a number or a subject line."""

import re
from collections.abc import Callable

from django.utils.crypto import constant_time_compare, salted_hmac

_SALT = "konsultasi.notifications.reply-token"
TOKEN_PATTERN = re.compile(r"\bc(\d{1,12})\.([0-9a-f]{24})\b")


def reply_token(consultation_id: int) -> str:
    return f"c{consultation_id}.{_signature(consultation_id)}"


def consultation_id_from(text: str) -> int | None:
    """The consultation id of the first valid token found in `text`, or None."""
    for match in TOKEN_PATTERN.finditer(text or ""):
        pk = int(match.group(1))
        if constant_time_compare(match.group(2), _signature(pk)):
            return pk
    return None


def _signature(consultation_id: int) -> str:
    return salted_hmac(_SALT, str(consultation_id), algorithm="sha256").hexdigest()[:24]


def plus_address(address: str, token: str) -> str:
    """konsultasi@kppn.example → konsultasi+TOKEN@kppn.example"""
    local, _, domain = address.partition("@")
    return f"{local.split('+')[0]}+{token}@{domain}"


# The office's published mailbox, if the inbound app knows one (it registers itself: that app
# sits above this one). Without one, replies go to the sender address and the footer token.
_reply_address: Callable[[int], str | None] = lambda office_id: None  # noqa: E731


def register_reply_address(lookup: Callable[[int], str | None]) -> None:
    global _reply_address
    _reply_address = lookup


def reply_address_for(office_id: int) -> str | None:
    return _reply_address(office_id)
