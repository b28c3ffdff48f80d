"""The e-mail sender: an outbox row out over SMTP (Django's mail backend, set from the
environment), with a Message-ID derived from the row's delivery key: a repeated send is the
same message, which receiving servers and mail programs show once."""

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email

from konsultasi.notifications.channels import DeliveryFailed, PermanentFailure
from konsultasi.notifications.models import OutboxMessage
from konsultasi.notifications.rendering import render
from konsultasi.notifications.reply_tokens import plus_address, reply_address_for


def _domain() -> str:
    return settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "localhost"


def message_id(row: OutboxMessage) -> str:
    return f"<{row.delivery_key}@{_domain()}>"


def build_email(row: OutboxMessage) -> EmailMultiAlternatives:
    address = row.address.strip()
    try:
        if any(c in address for c in "\r\n,;<>"):
            raise ValidationError("forbidden character")
        validate_email(address)
    except ValidationError:
        raise PermanentFailure(f"not a single e-mail address: {address!r}") from None
    rendered = render(row)
    headers = {
        "Message-ID": message_id(row),
        # An automatic message: well-behaved auto-responders do not answer it (RFC 3834).
        "Auto-Submitted": "auto-generated",
    }
    reply_to = []
    if rendered.reference:
        headers["X-Konsultasi-Ref"] = rendered.reference
        published = reply_address_for(row.office_id)
        if published:
            reply_to = [plus_address(published, rendered.reference)]
    email = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        to=[address],
        reply_to=reply_to,
        headers=headers,
    )
    email.attach_alternative(rendered.html, "text/html")
    return email


def send_email(row: OutboxMessage) -> None:
    email = build_email(row)
    try:
        email.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as refused:
        codes = [code for code, _message in refused.recipients.values()]
        if codes and all(code >= 500 for code in codes):
            raise PermanentFailure(f"the mail server refused the address: {codes}") from None
        raise DeliveryFailed(f"the mail server refused the address for now: {codes}") from None
    except smtplib.SMTPResponseException as response:
        if response.smtp_code >= 500 and response.smtp_code != 554:
            raise PermanentFailure(f"SMTP {response.smtp_code}") from None
        raise DeliveryFailed(f"SMTP {response.smtp_code}") from None
    except (OSError, smtplib.SMTPException) as down:
        raise DeliveryFailed(f"the mail server cannot be reached: {down}") from None
