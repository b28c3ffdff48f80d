"""WhatsApp messages posted to the webhook, in the shape of the WhatsApp Business Platform
Cloud API:

- GET with hub.mode=subscribe, hub.verify_token and hub.challenge: the subscription handshake;
  the challenge is echoed only for our verify token.
- POST: `X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body with the app secret>`,
  checked in constant time before the body is even parsed. Each text message becomes a reply
  to the sender's open consultation, or a new consultation on the WhatsApp channel.

The sender is matched to a stakeholder of the office by phone number (a new profile if there is
none); a number that belongs to staff is kept and flagged, never posted as staff."""

import hashlib
import hmac
import json
import logging
import re

from django.conf import settings
from django.utils.translation import gettext as _

from konsultasi.accounts.models import PreferredChannel, StakeholderProfile, User
from konsultasi.consultations import services
from konsultasi.consultations.errors import DomainError
from konsultasi.consultations.models import OPEN_STATUSES, Consultation
from konsultasi.inbound.mail import keep_once
from konsultasi.inbound.models import InboundMessage, WhatsAppNumber
from konsultasi.offices.models import Channel

log = logging.getLogger(__name__)
Outcome = InboundMessage.Outcome
SUBJECT_WORDS = 80


def verification_answer(mode: str | None, token: str | None, challenge: str | None) -> str | None:
    """The challenge to echo, or None when the handshake is not ours."""
    expected = getattr(settings, "WHATSAPP_VERIFY_TOKEN", "")
    if mode != "subscribe" or not expected or token is None or challenge is None:
        return None
    if not hmac.compare_digest(token.encode(), expected.encode()):
        return None
    return challenge


def signature_is_valid(raw_body: bytes, header: str | None) -> bool:
    secret = getattr(settings, "WHATSAPP_APP_SECRET", "")
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[len("sha256=") :].encode(), expected.encode())


def receive_webhook(raw_body: bytes) -> list[InboundMessage]:
    """Take in every message of a (signature-checked) webhook body; return what was recorded.
    Raises ValueError for a body that is not the Cloud API's JSON."""
    payload = json.loads(raw_body)
    if not isinstance(payload, dict) or payload.get("object") != "whatsapp_business_account":
        raise ValueError("not a WhatsApp Business Account notification")
    recorded = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            value = change.get("value") or {}
            number_id = str((value.get("metadata") or {}).get("phone_number_id", ""))
            number = WhatsAppNumber.objects.filter(phone_number_id=number_id).first()
            names = {
                c.get("wa_id"): (c.get("profile") or {}).get("name", "")
                for c in value.get("contacts") or []
            }
            for message in value.get("messages") or []:
                if number is None:
                    log.warning("WhatsApp message for an unknown number id %s", number_id)
                    continue
                kept = receive_message(number, message, names.get(message.get("from"), ""))
                if kept is not None:
                    recorded.append(kept)
    return recorded


def receive_message(number: WhatsAppNumber, message: dict, name: str) -> InboundMessage | None:
    message_id = str(message.get("id", ""))[:255]
    sender = re.sub(r"\D", "", str(message.get("from", "")))
    if not message_id or not sender:
        return None
    office = number.office
    if InboundMessage.objects.filter(
        office=office, source=InboundMessage.Source.WHATSAPP, message_id=message_id
    ).exists():
        return None
    record = InboundMessage(
        office=office,
        source=InboundMessage.Source.WHATSAPP,
        message_id=message_id,
        sender=sender,
        raw=json.dumps(message).encode(),
        outcome=Outcome.FLAGGED,  # until it is decided
    )
    return keep_once(record, lambda: _dispatch(record, office, message, sender, name))


def _dispatch(record, office, message: dict, sender: str, name: str) -> None:
    text = str(((message.get("text") or {}).get("body")) or "").strip()
    if message.get("type") != "text" or not text:
        return _keep(record, Outcome.FLAGGED, note=_("Only text messages are taken in."))
    variants = phone_variants(sender)
    if User.objects.filter(phone__in=variants, office_roles__isnull=False).exists():
        return _keep(
            record,
            Outcome.FLAGGED,
            note=_("The sender's number belongs to a staff account; nothing was posted."),
        )
    stakeholder = (
        StakeholderProfile.objects.filter(office=office, phone__in=variants).order_by("pk").first()
    )
    open_one = (
        Consultation.objects.filter(stakeholder=stakeholder, status__in=OPEN_STATUSES)
        .order_by("-received_at")
        .first()
        if stakeholder is not None
        else None
    )
    try:
        if open_one is not None:
            services.receive_from_outside(consultation=open_one, body=text)
            return _keep(record, Outcome.REPLY, consultation=open_one)
        channel = Channel.objects.filter(kind=Channel.Kind.WHATSAPP, is_active=True).first()
        if channel is None:
            return _keep(
                record, Outcome.FLAGGED, note=_("No active WhatsApp channel is configured.")
            )
        if stakeholder is None:
            stakeholder = StakeholderProfile.objects.create(
                office=office,
                full_name=(name or f"+{sender}")[:200],
                phone=f"+{sender}",
                preferred_channel=PreferredChannel.WHATSAPP,
            )
        consultation = services.take_in_from_outside(
            office=office,
            stakeholder=stakeholder,
            channel=channel,
            subject=_subject_from(text),
            question=text,
            client_token=f"wa-{hashlib.sha256(record.message_id.encode()).hexdigest()[:40]}",
        )
    except DomainError as refused:
        return _keep(record, Outcome.FLAGGED, note=refused.message)
    return _keep(record, Outcome.CONSULTATION, consultation=consultation)


def phone_variants(digits: str) -> list[str]:
    """How an Indonesian number may have been written down: 62812…, +62812…, 0812…"""
    variants = {digits, f"+{digits}"}
    if digits.startswith("62"):
        variants.add("0" + digits[2:])
    return sorted(variants)


def _subject_from(text: str) -> str:
    first = " ".join(text.split())
    return first if len(first) <= SUBJECT_WORDS else first[: SUBJECT_WORDS - 1] + "…"


def _keep(record: InboundMessage, outcome: str, *, note: str = "", consultation=None) -> None:
    record.outcome, record.note, record.consultation = outcome, note, consultation
    record.save(update_fields=["outcome", "note", "consultation"])
