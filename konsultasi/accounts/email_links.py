"""Links sent by e-mail: single-use and expiring.

The secret in the link is random (256 bits); only its SHA-256 digest is stored, so a copy of
the database opens nothing. A link is spent by a conditional update, so of two requests with
the same link exactly one gets through."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.accounts.models import EmailLink
from konsultasi.errors import DomainError


class LinkRefused(DomainError):
    """An e-mailed link that is unknown, expired or already used."""

    code = "link_refused"

    def __init__(self, reason: str):
        self.reason = reason
        messages = {
            "expired": _("This link has expired. Ask for a new one."),
            "used": _("This link has already been used. Ask for a new one if you still need it."),
            "unknown": _(
                "This link is not valid. Check that it was copied whole, or ask for a new one."
            ),
        }
        super().__init__(messages[reason])


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def link_lifetime() -> timedelta:
    return timedelta(hours=getattr(settings, "EMAIL_LINK_HOURS", 24))


def issue(*, purpose: str, email: str, user=None, office=None) -> str:
    """Create a link for `purpose` and return its secret (to put in the URL)."""
    secret = secrets.token_urlsafe(32)
    now = timezone.now()
    EmailLink.objects.create(
        purpose=purpose,
        email=email,
        user=user,
        office=office,
        digest=digest_of(secret),
        created_at=now,
        expires_at=now + link_lifetime(),
    )
    return secret


def record_without_link(*, purpose: str, email: str) -> None:
    """Count a request that mails no link (the address already has an account) as a spent
    link, so that the flood limit counts it too and the database sees the same write."""
    now = timezone.now()
    EmailLink.objects.create(
        purpose=purpose,
        email=email,
        digest=digest_of(secrets.token_urlsafe(32)),
        created_at=now,
        expires_at=now,
        used_at=now,
    )


def peek(secret: str, *, purpose: str) -> EmailLink:
    """The link, if it may still be used; LinkRefused otherwise. Spends nothing."""
    if not secret or len(secret) > 100:
        raise LinkRefused("unknown")
    link = EmailLink.objects.filter(digest=digest_of(secret), purpose=purpose).first()
    if link is None:
        raise LinkRefused("unknown")
    if link.used_at is not None:
        raise LinkRefused("used")
    if timezone.now() >= link.expires_at:
        raise LinkRefused("expired")
    return link


def spend(secret: str, *, purpose: str) -> EmailLink:
    """Use the link up. Caller holds a transaction, so that what the link allowed and its
    spending commit together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("spend a link inside the transaction of what it allows")
    link = peek(secret, purpose=purpose)
    now = timezone.now()
    won = EmailLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now)
    if not won:
        raise LinkRefused("used")
    link.used_at = now
    return link
