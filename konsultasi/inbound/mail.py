"""One e-mail, as fetched from the office's mailbox, taken in:

1. Its Message-ID (or, without one, a digest of the bytes) is looked up: seen before → ignored.
2. It is parsed; a message that cannot be read (no sender address, broken structure) is kept
   with its bytes and flagged for a person, never dropped.
3. Automatic mail — auto-replies, delivery reports (bounces), bulk and list mail — is kept
   and ignored: it never becomes a consultation (and never answers one, which would loop).
4. A sender address that belongs to staff is kept and flagged: mail is easily forged, and
   nothing that arrives by mail may post as an officer.
5. A signed reference (Reply-To plus-address or the footer's "Ref:") threads it to its
   consultation, as the stakeholder's reply; otherwise it is a new consultation on the e-mail
   channel for the stakeholder with that address (a new profile if there is none).
6. Attachments pass the upload checks; a refused file is noted and the text still taken in."""

import hashlib
import logging
from dataclasses import dataclass, field
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from konsultasi.accounts.models import PreferredChannel, StakeholderProfile, User
from konsultasi.consultations import services
from konsultasi.consultations.errors import DomainError
from konsultasi.consultations.models import Consultation
from konsultasi.inbound.models import InboundMessage, Mailbox
from konsultasi.notifications.reply_tokens import consultation_id_from
from konsultasi.offices.models import Channel

log = logging.getLogger(__name__)
Outcome = InboundMessage.Outcome

MAX_SUBJECT = 200
_AUTOMATIC_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_AUTOMATIC_HEADERS = ("X-Autoreply", "X-Autorespond")
_DAEMONS = ("mailer-daemon", "postmaster")


@dataclass
class Parsed:
    sender: str
    sender_name: str
    subject: str
    text: str
    recipients: list[str]
    files: list[ContentFile] = field(default_factory=list)


class Unreadable(Exception):
    pass


def receive_email(mailbox: Mailbox, raw: bytes) -> InboundMessage | None:
    """Take in one message; None when it was taken in before."""
    message, key = _parse_envelope(raw)
    if InboundMessage.objects.filter(
        office=mailbox.office_id, source=InboundMessage.Source.EMAIL, message_id=key
    ).exists():
        return None
    record = InboundMessage(
        office_id=mailbox.office_id,
        source=InboundMessage.Source.EMAIL,
        message_id=key,
        raw=raw,
        outcome=Outcome.FLAGGED,  # until it is decided
    )
    return keep_once(record, lambda: _dispatch(record, mailbox, message))


def keep_once(record: InboundMessage, dispatch) -> InboundMessage | None:
    """Save the record and act on it in one transaction: its unique message id makes a second
    poller (or a redelivery) stop at the save, so a message is acted on once. If acting fails
    unexpectedly, the record is still kept, flagged, and the error logged: never dropped."""
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record.save()
            except IntegrityError:
                return None
            dispatch()
    except Exception as failure:
        log.exception("inbound message %s could not be processed", record.message_id)
        record.pk, record.consultation = None, None
        record.outcome = Outcome.FLAGGED
        record.note = _("The message could not be processed: %(error)s") % {"error": failure}
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            return None
    return record


def _dispatch(record: InboundMessage, mailbox: Mailbox, message: EmailMessage | None) -> None:
    try:
        parsed = _read(message)
    except Unreadable as why:
        return _keep(record, Outcome.FLAGGED, note=str(why))
    record.sender, record.subject = parsed.sender[:254], parsed.subject[:255]
    if message is not None and is_automatic(message, parsed.sender):
        return _keep(record, Outcome.AUTOMATIC)
    if _is_staff_address(parsed.sender):
        return _keep(
            record,
            Outcome.FLAGGED,
            note=_("The sender's address belongs to a staff account; nothing was posted."),
        )
    reference = consultation_id_from(" ".join(parsed.recipients)) or consultation_id_from(
        parsed.text
    )
    if reference is not None:
        return _take_reply(record, mailbox, parsed, reference)
    return _take_new(record, mailbox, parsed)


def _parse_envelope(raw: bytes) -> tuple[EmailMessage | None, str]:
    message: EmailMessage | None
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw)
        message_id = str(message.get("Message-ID", "") or "").strip()
    except Exception:  # the parser is lenient, but a header can still fail to decode
        message, message_id = None, ""
    if not message_id or len(message_id) > 255:
        message_id = "sha256:" + hashlib.sha256(raw).hexdigest()
    return message, message_id


def _read(message: EmailMessage | None) -> Parsed:
    if message is None:
        raise Unreadable(_("The message could not be parsed."))
    try:
        sender_name, sender = _sender(message)
        subject = " ".join(str(message.get("Subject", "") or "").split())
        body = message.get_body(preferencelist=("plain", "html"))
        text = body.get_content() if body is not None else ""
        if body is not None and body.get_content_type() == "text/html":
            text = _html_to_text(text)
        recipients = [
            address
            for header in ("To", "Cc", "Delivered-To", "X-Original-To")
            for _name, address in getaddresses([str(v) for v in message.get_all(header, [])])
        ]
        files = []
        for part in message.iter_attachments():
            payload = part.get_payload(decode=True)
            if not isinstance(payload, bytes) or part.get_content_maintype() == "multipart":
                continue
            files.append(ContentFile(payload, name=part.get_filename() or "lampiran"))
    except Unreadable:
        raise
    except Exception as broken:
        raise Unreadable(
            _("The message could not be parsed: %(error)s") % {"error": broken}
        ) from None
    return Parsed(sender, sender_name, subject, text, recipients, files)


def _sender(message: EmailMessage) -> tuple[str, str]:
    header = message.get("From")
    addresses: tuple = getattr(header, "addresses", ()) if header is not None else ()
    if len(addresses) != 1 or not isinstance(addresses[0], Address):
        raise Unreadable(_("The message has no single sender address."))
    address = addresses[0]
    if not address.username or not address.domain:
        raise Unreadable(_("The message has no single sender address."))
    return address.display_name, address.addr_spec.lower()


def _html_to_text(html: str) -> str:
    import nh3

    return " ".join(nh3.clean(html, tags=set()).split())


def is_automatic(message: EmailMessage, sender: str) -> bool:
    """Auto-replies, delivery reports and bulk mail (RFC 3834, RFC 3464 and custom headers)."""
    auto = str(message.get("Auto-Submitted", "no") or "no").strip().lower()
    if auto != "no":
        return True
    if any(message.get(h) is not None for h in _AUTOMATIC_HEADERS):
        return True
    if str(message.get("Precedence", "") or "").strip().lower() in _AUTOMATIC_PRECEDENCE:
        return True
    if message.get_content_type() == "multipart/report":
        return True
    if str(message.get("Return-Path", "") or "").strip() == "<>":
        return True
    return sender.split("@")[0] in _DAEMONS


def _is_staff_address(address: str) -> bool:
    return User.objects.filter(email__iexact=address, office_roles__isnull=False).exists()


def _keep(record: InboundMessage, outcome: str, *, note: str = "", consultation=None) -> None:
    record.outcome, record.note, record.consultation = outcome, note, consultation
    record.save(update_fields=["sender", "subject", "outcome", "note", "consultation"])
    if outcome == Outcome.FLAGGED:
        log.warning("inbound message %s flagged: %s", record.message_id, note)


def _take_reply(record, mailbox, parsed: Parsed, consultation_id: int) -> None:
    consultation = (
        Consultation.objects.filter(pk=consultation_id, office=mailbox.office_id)
        .select_related("stakeholder")
        .first()
    )
    if consultation is None:
        return _keep(
            record, Outcome.FLAGGED, note=_("The reference names no consultation of this office.")
        )
    if consultation.stakeholder.email.lower() != parsed.sender:
        return _keep(
            record,
            Outcome.FLAGGED,
            note=_("The reply comes from an address other than the stakeholder's."),
            consultation=consultation,
        )
    text = _without_quoted_reply(parsed.text) or parsed.subject
    note = ""
    try:
        services.receive_from_outside(consultation=consultation, body=text, files=parsed.files)
    except DomainError as refused:
        if not parsed.files:
            return _keep(record, Outcome.FLAGGED, note=str(refused), consultation=consultation)
        note = str(refused)
        try:
            services.receive_from_outside(consultation=consultation, body=text)
        except DomainError as refused_again:
            return _keep(
                record, Outcome.FLAGGED, note=str(refused_again), consultation=consultation
            )
    return _keep(record, Outcome.REPLY, note=note, consultation=consultation)


def _take_new(record, mailbox, parsed: Parsed) -> None:
    channel = Channel.objects.filter(kind=Channel.Kind.EMAIL, is_active=True).first()
    if channel is None:
        return _keep(record, Outcome.FLAGGED, note=_("No active e-mail channel is configured."))
    stakeholder = _stakeholder(mailbox, parsed)
    subject = parsed.subject[:MAX_SUBJECT] or _("(no subject)")
    question = parsed.text.strip() or subject
    token = hashlib.sha256(record.message_id.encode()).hexdigest()[:40]
    fields = dict(
        office=mailbox.office,
        stakeholder=stakeholder,
        channel=channel,
        subject=subject,
        question=question,
        client_token=f"mail-{token}",
    )
    note = ""
    try:
        consultation = services.take_in_from_outside(**fields, files=parsed.files)
    except DomainError as refused:
        if not parsed.files:
            return _keep(record, Outcome.FLAGGED, note=str(refused))
        note = str(refused)
        try:
            consultation = services.take_in_from_outside(**fields)
        except DomainError as refused_again:
            return _keep(record, Outcome.FLAGGED, note=str(refused_again))
    return _keep(record, Outcome.CONSULTATION, note=note, consultation=consultation)


def _stakeholder(mailbox: Mailbox, parsed: Parsed) -> StakeholderProfile:
    known = (
        StakeholderProfile.objects.filter(office=mailbox.office_id, email__iexact=parsed.sender)
        .order_by("pk")
        .first()
    )
    if known is not None:
        return known
    return StakeholderProfile.objects.create(
        office=mailbox.office,
        full_name=(parsed.sender_name or parsed.sender)[:200],
        email=parsed.sender,
        preferred_channel=PreferredChannel.EMAIL,
    )


def _without_quoted_reply(text: str) -> str:
    """The new part of a reply: lines before the quoted original (">" lines, "On … wrote:")."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith(">"):
            break
        if stripped.endswith(("wrote:", "menulis:")) and (stripped.startswith(("On ", "Pada "))):
            break
        if stripped.startswith("Ref: c"):
            continue
        kept.append(line)
    return "\n".join(kept).strip()
