"""The WhatsApp sender: POST {base}/{phone_number_id}/messages with a bearer token, in the shape
of the WhatsApp Business Platform Cloud API. The base URL, token and number come from the
environment (settings.WHATSAPP_*); the request carries the row's delivery key as its
Idempotency-Key, so a gateway sees a repeated send as the same message."""

import json
import re
import urllib.error
import urllib.request

from django.conf import settings

from konsultasi.notifications.channels import DeliveryFailed, PermanentFailure
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.rendering import render

TIMEOUT_SECONDS = 20


def international_number(phone: str) -> str:
    """Digits in international form, as the API wants them: 0812… → 62812…"""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    return digits


def send_whatsapp(row: OutboxMessage) -> None:
    base = getattr(settings, "WHATSAPP_API_BASE", "").rstrip("/")
    token = getattr(settings, "WHATSAPP_TOKEN", "")
    number_id = getattr(settings, "WHATSAPP_PHONE_NUMBER_ID", "")
    if not (base and token and number_id):
        raise DeliveryFailed(
            "WhatsApp is not configured (WHATSAPP_API_BASE, _TOKEN, _PHONE_NUMBER_ID)"
        )
    to = international_number(row.address)
    if not 8 <= len(to) <= 15:
        raise PermanentFailure(f"not a phone number: {row.address!r}")
    rendered = render(row)
    payload = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "type": "text",
        "text": {"preview_url": False, "body": f"{rendered.subject}\n\n{rendered.text}"[:4096]},
    }
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        f"{base}/{number_id}/messages",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(row.delivery_key),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            response.read()
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            raise DeliveryFailed(f"WhatsApp answered {error.code}") from None
        raise PermanentFailure(f"WhatsApp refused the message ({error.code})") from None
    except OSError as down:
        raise DeliveryFailed(f"WhatsApp cannot be reached: {down}") from None
