"""Reading an office's mailbox over IMAP: every unseen message is taken in (mail.py), then
marked seen. A poller that dies between the two fetches the message again next time, and its
Message-ID makes the second taking-in a no-op."""

import imaplib
import logging
import ssl

from django.utils import timezone

from konsultasi.inbound.mail import receive_email
from konsultasi.inbound.models import Mailbox

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 30
BATCH = 100


def connect(mailbox: Mailbox) -> imaplib.IMAP4:
    if mailbox.use_ssl:
        context = ssl.create_default_context()
        return imaplib.IMAP4_SSL(
            mailbox.host, mailbox.port, ssl_context=context, timeout=TIMEOUT_SECONDS
        )
    return imaplib.IMAP4(mailbox.host, mailbox.port, timeout=TIMEOUT_SECONDS)


def poll_mailbox(mailbox: Mailbox) -> int:
    """Take in the mailbox's unseen messages (at most BATCH); return how many were read."""
    read = 0
    try:
        with connect(mailbox) as imap:
            imap.login(mailbox.username, mailbox.password)
            imap.select(_quoted(mailbox.folder))
            _status, data = imap.uid("SEARCH", "UNSEEN")
            for uid in (data[0] or b"").decode().split()[:BATCH]:
                _status, fetched = imap.uid("FETCH", uid, "(BODY.PEEK[])")
                raw = next((part[1] for part in fetched if isinstance(part, tuple)), None)
                if raw is None:
                    continue
                receive_email(mailbox, raw)
                imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
                read += 1
    except (OSError, imaplib.IMAP4.error) as failure:
        log.warning("mailbox %s could not be read: %s", mailbox, failure)
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=str(failure)[:2000])
        return read
    Mailbox.objects.filter(pk=mailbox.pk).update(last_polled_at=timezone.now(), last_error="")
    return read


def poll_all() -> dict[str, int]:
    return {str(m): poll_mailbox(m) for m in Mailbox.objects.filter(is_active=True)}


def _quoted(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'
