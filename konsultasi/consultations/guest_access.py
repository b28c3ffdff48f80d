"""Guests follow their consultation without an account, by one of two keys:

- the consultation's number together with its access code (given once, on the receipt and by
  e-mail; stored as a password hash; a few wrong codes lock the number for a while);
- a signed link sent by e-mail: signed for this purpose only, expiring, and spent on first use.

The number alone, or the number with the e-mail address, opens nothing: at most a fresh link
is sent to the address on file. What a key opens is the one consultation; the web layer keeps
that grant in the session and fetches the consultation only through `guest_consultation`."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.consultations.errors import ConsultationNotFound
from konsultasi.consultations.models import Consultation, GuestLink, GuestPass
from konsultasi.errors import DomainError

# No 0/O, 1/I/L: read from a phone screen and typed again.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
MAX_FAILED_CODES = 5
LOCKED_FOR = timedelta(minutes=15)
LINKS_PER_HOUR = 5
_SALT = "konsultasi.guest-link"


class GuestKeyRefused(DomainError):
    code = "guest_key_refused"


def link_lifetime() -> timedelta:
    return timedelta(hours=getattr(settings, "GUEST_LINK_HOURS", 72))


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def open_pass(consultation: Consultation) -> str:
    """Give a guest's consultation its access code; return the code (shown once)."""
    code = new_code()
    GuestPass.objects.update_or_create(
        consultation=consultation,
        defaults={"code_hash": make_password(code), "failed_attempts": 0, "locked_until": None},
    )
    return code


def issue_link(consultation: Consultation) -> str:
    """A signed token for a link to this consultation, valid once until it expires."""
    guest_pass = GuestPass.objects.get(consultation=consultation)
    nonce = secrets.token_urlsafe(24)
    now = timezone.now()
    GuestLink.objects.create(
        guest_pass=guest_pass,
        digest=hashlib.sha256(nonce.encode()).hexdigest(),
        created_at=now,
        expires_at=now + link_lifetime(),
    )
    return signing.dumps({"c": consultation.pk, "n": nonce}, salt=_SALT, compress=True)


def may_send_another_link(consultation: Consultation) -> bool:
    """At most a few fresh links an hour, so the "send me a new link" form cannot flood the
    guest's inbox."""
    since = timezone.now() - timedelta(hours=1)
    recent = GuestLink.objects.filter(
        guest_pass__consultation=consultation, created_at__gte=since
    ).count()
    return recent < LINKS_PER_HOUR


def redeem_link(token: str) -> Consultation:
    """The consultation the link opens; the link is spent. GuestKeyRefused with the reason
    otherwise (expired, already used, not valid)."""
    try:
        payload = signing.loads(token, salt=_SALT, max_age=link_lifetime() + timedelta(minutes=1))
    except signing.SignatureExpired:
        raise GuestKeyRefused(_("This link has expired. Ask for a new one below.")) from None
    except signing.BadSignature:
        raise GuestKeyRefused(_("This link is not valid. Ask for a new one below.")) from None
    digest = hashlib.sha256(str(payload.get("n", "")).encode()).hexdigest()
    with transaction.atomic():
        link = (
            GuestLink.objects.select_related("guest_pass__consultation")
            .filter(digest=digest, guest_pass__consultation_id=payload.get("c"))
            .first()
        )
        if link is None:
            raise GuestKeyRefused(_("This link is not valid. Ask for a new one below."))
        now = timezone.now()
        if link.used_at is not None:
            raise GuestKeyRefused(_("This link has already been used. Ask for a new one below."))
        if now >= link.expires_at:
            raise GuestKeyRefused(_("This link has expired. Ask for a new one below."))
        if not GuestLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now):
            raise GuestKeyRefused(_("This link has already been used. Ask for a new one below."))
    return link.guest_pass.consultation


def open_with_code(number: str, code: str) -> Consultation:
    """The consultation with this number, if the access code is its own. The same refusal
    for an unknown number and a wrong code; after a few wrong codes the number is locked for
    a while (for everybody: the code cannot be guessed by trying)."""
    refused = GuestKeyRefused(_("The number or the access code is not right."))
    code = normalise_code(code)
    guest_pass = (
        GuestPass.objects.select_related("consultation")
        .filter(consultation__number=(number or "").strip().upper())
        .first()
    )
    if guest_pass is None or not code:
        # Spend the same time as a real check, so timing tells nothing either.
        make_password(code or "-")
        raise refused
    now = timezone.now()
    if guest_pass.locked_until is not None and now < guest_pass.locked_until:
        raise GuestKeyRefused(
            _("Too many wrong access codes. Try again in %(minutes)d minutes.")
            % {"minutes": LOCKED_FOR.total_seconds() // 60}
        )
    if not check_password(code, guest_pass.code_hash):
        with transaction.atomic():
            GuestPass.objects.filter(pk=guest_pass.pk).update(
                failed_attempts=F("failed_attempts") + 1
            )
            guest_pass.refresh_from_db(fields=["failed_attempts"])
            if guest_pass.failed_attempts >= MAX_FAILED_CODES:
                GuestPass.objects.filter(pk=guest_pass.pk).update(
                    failed_attempts=0, locked_until=now + LOCKED_FOR
                )
        raise refused
    GuestPass.objects.filter(pk=guest_pass.pk).update(failed_attempts=0, locked_until=None)
    return guest_pass.consultation


def guest_consultation(number: str, granted: set[int] | list[int]) -> Consultation:
    """The consultation with this number, if the session holds a grant for it: the one door
    for the guest pages. ConsultationNotFound otherwise, as for a number that does not exist."""
    found = (
        Consultation.objects.select_related(
            "office", "stakeholder__user", "channel", "service_type"
        )
        .filter(number=number, pk__in=list(granted), guest_pass__isnull=False)
        .first()
    )
    if found is None:
        raise ConsultationNotFound()
    return found


def guest_consultation_for_email(number: str, email: str) -> Consultation | None:
    """For "send me a new link": the consultation, if this is the address on file. The caller
    mails the link to that address and says the same thing whatever this returns."""
    return (
        Consultation.objects.select_related("stakeholder", "office")
        .filter(
            number=(number or "").strip().upper(),
            guest_pass__isnull=False,
            stakeholder__email__iexact=(email or "").strip(),
        )
        .first()
    )
