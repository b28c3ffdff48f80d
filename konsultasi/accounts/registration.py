"""Stakeholders' own accounts: registration with a verified e-mail, a guest's verified address,
and moving an account to a new address after signing in again.

None of these tells whether an account exists: every request gets the same answer on the
page, and what differs (a link, or a word that the address already has an account) goes only
to the address itself. The password is chosen on the page the link opens, so whoever started
a registration with someone else's address gains nothing."""

import secrets
from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from konsultasi.accounts import email_links
from konsultasi.accounts.mail import send_account_mail
from konsultasi.accounts.models import EmailLink, StakeholderProfile, User
from konsultasi.accounts.profile import ProfileFields, apply_profile
from konsultasi.accounts.services import InvalidProfile
from konsultasi.errors import InvalidInput
from konsultasi.offices.models import Office

# Guests are users who cannot sign in (no usable password): the services need an actor, and a
# guest acts on their own consultation through a link or an access code.
GUEST_PREFIX = "tamu-"
EMAIL_MAX = 254

LinkFor = Callable[[str], str]

# A form that mails a link could be used to flood someone's inbox: a few links per address an
# hour, then silence (the page says the same, so this tells nothing either).
LINKS_PER_ADDRESS_PER_HOUR = 5


def _flooding(email: str, purpose: str) -> bool:
    since = timezone.now() - timedelta(hours=1)
    recent = EmailLink.objects.filter(purpose=purpose, email__iexact=email, created_at__gte=since)
    return recent.count() >= LINKS_PER_ADDRESS_PER_HOUR


def clean_email(value: str) -> str:
    email = (value or "").strip()
    if len(email) > EMAIL_MAX:
        raise InvalidInput(_("Enter a valid e-mail address."))
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid e-mail address.")) from None
    local, _at, domain = email.rpartition("@")
    return f"{local}@{domain.lower()}"


def account_for(email: str) -> User | None:
    """The account that signs in with this address, guests aside."""
    return (
        User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email))
        .exclude(username__startswith=GUEST_PREFIX)
        .first()
    )


def start_registration(*, email: str, office: Office, link_for: LinkFor) -> None:
    """Send the link that completes a registration — or, if the address already has an
    account, a word saying so. The page says the same either way."""
    email = clean_email(email)
    if _flooding(email, EmailLink.Purpose.REGISTER):
        return
    if account_for(email) is not None:
        email_links.record_without_link(purpose=EmailLink.Purpose.REGISTER, email=email)
        send_account_mail(
            to=email,
            subject=_("Your account at %(office)s") % {"office": office.name},
            body=_(
                "Someone asked to register this e-mail address, which already has an account. "
                "If it was you, sign in, or reset your password if you have forgotten it. "
                "If it was not you, you can ignore this message."
            ),
        )
        return
    secret = email_links.issue(purpose=EmailLink.Purpose.REGISTER, email=email, office=office)
    send_account_mail(
        to=email,
        subject=_("Confirm your e-mail address — %(office)s") % {"office": office.name},
        body=_(
            "Open this link to confirm your address and complete your registration "
            "(it works once, for %(hours)d hours):\n\n%(link)s\n\n"
            "If you did not ask for this, ignore this message."
        )
        % {"link": link_for(secret), "hours": email_links.link_lifetime().total_seconds() // 3600},
    )


def complete_registration(*, secret: str, password: str, fields: ProfileFields) -> User:
    """The link's reader chooses a password and fills in the profile: the account is made,
    active, and the link spent — all or nothing."""
    link = email_links.peek(secret, purpose=EmailLink.Purpose.REGISTER)
    office = link.office
    if office is None:
        raise email_links.LinkRefused("unknown")
    errors: dict[str, list[str]] = {}
    user = User(username=link.email.lower(), email=link.email, first_name=fields.full_name[:150])
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password1"] = list(error.messages)
    try:
        with transaction.atomic():
            profile = StakeholderProfile(office=office, email=link.email)
            try:
                apply_profile(profile, fields, office)
            except InvalidProfile as refusal:
                errors = {**errors, **refusal.field_errors}
            if errors:
                raise InvalidProfile(next(iter(errors.values()))[0], errors)
            email_links.spend(secret, purpose=EmailLink.Purpose.REGISTER)
            if account_for(link.email) is not None:
                raise InvalidInput(
                    _("This e-mail address already has an account: sign in with it.")
                )
            user.set_password(password)
            user.save()
            profile.user = user
            profile.save()
    except IntegrityError:
        raise InvalidInput(
            _("This e-mail address already has an account: sign in with it.")
        ) from None
    return user


# --- guests -----------------------------------------------------------------------------


def start_guest(*, email: str, office: Office, link_for: LinkFor) -> None:
    """A visitor without an account proves their address before asking."""
    email = clean_email(email)
    if _flooding(email, EmailLink.Purpose.GUEST):
        return
    secret = email_links.issue(purpose=EmailLink.Purpose.GUEST, email=email, office=office)
    send_account_mail(
        to=email,
        subject=_("Confirm your e-mail address — %(office)s") % {"office": office.name},
        body=_(
            "Open this link to confirm your address and write your question "
            "(it works once, for %(hours)d hours):\n\n%(link)s\n\n"
            "If you did not ask for this, ignore this message."
        )
        % {"link": link_for(secret), "hours": email_links.link_lifetime().total_seconds() // 3600},
    )


def verify_guest(*, secret: str) -> EmailLink:
    """Spend the guest's link; the caller remembers the verified address (in the session)."""
    with transaction.atomic():
        return email_links.spend(secret, purpose=EmailLink.Purpose.GUEST)


def guest_profile(
    *, office: Office, email: str, full_name: str, phone: str = "", preferred_channel: str = ""
) -> StakeholderProfile:
    """The guest's profile at this office for a verified address: found again, or made with a
    user that cannot sign in. Name and phone are updated with what they wrote this time."""
    fields = ProfileFields(
        full_name=full_name,
        position=StakeholderProfile.Position.PUBLIC,
        phone=phone,
        preferred_channel=preferred_channel or "email",
    )
    with transaction.atomic():
        profile = (
            StakeholderProfile.objects.select_for_update()
            .filter(office=office, email__iexact=email, user__username__startswith=GUEST_PREFIX)
            .first()
        )
        if profile is None:
            profile = StakeholderProfile(office=office, email=email)
        else:
            fields.position = profile.position
        apply_profile(profile, fields, office)
        if profile.user_id is None:
            user = User(username=f"{GUEST_PREFIX}{secrets.token_hex(8)}", email=email)
            user.first_name = profile.full_name[:150]
            user.set_unusable_password()
            user.save()
            profile.user = user
        profile.save()
    return profile


def is_guest(user: User) -> bool:
    return user.username.startswith(GUEST_PREFIX)


# --- a new address ----------------------------------------------------------------------


def request_email_change(*, user: User, password: str, new_email: str, link_for: LinkFor) -> None:
    """After the current password, send a link to the new address (or, if it already has an
    account, a word saying so). The account keeps its address until the link is used."""
    if not user.check_password(password or ""):
        raise InvalidProfile(
            _("The password is not right."), {"password": [_("The password is not right.")]}
        )
    email = clean_email(new_email)
    holder = account_for(email)
    if holder is not None and holder.pk != user.pk:
        send_account_mail(
            to=email,
            subject=_("E-mail address already in use"),
            body=_(
                "Someone asked to move their account to this e-mail address, which already has "
                "an account. Nothing was changed. If it was not you, you can ignore this message."
            ),
        )
        return
    secret = email_links.issue(purpose=EmailLink.Purpose.CHANGE_EMAIL, email=email, user=user)
    send_account_mail(
        to=email,
        subject=_("Confirm your new e-mail address"),
        body=_(
            "Open this link to use this address for your account from now on "
            "(it works once, for %(hours)d hours):\n\n%(link)s"
        )
        % {"link": link_for(secret), "hours": email_links.link_lifetime().total_seconds() // 3600},
    )


def confirm_email_change(*, secret: str) -> User:
    with transaction.atomic():
        link = email_links.spend(secret, purpose=EmailLink.Purpose.CHANGE_EMAIL)
        user = (
            User.objects.select_for_update().filter(pk=link.user_id, is_active=True).first()
            if link.user_id is not None
            else None
        )
        if user is None:
            raise email_links.LinkRefused("unknown")
        holder = account_for(link.email)
        if holder is not None and holder.pk != user.pk:
            raise InvalidInput(_("This e-mail address already has an account."))
        old = user.email
        if user.username.lower() == (old or "").lower():
            user.username = link.email.lower()
        user.email = link.email
        user.save(update_fields=["username", "email"])
        StakeholderProfile.objects.filter(user=user).update(email=link.email)
    if old and old.lower() != link.email.lower():
        send_account_mail(
            to=old,
            subject=_("Your e-mail address was changed"),
            body=_("Your account now uses %(email)s. If you did not do this, contact the office.")
            % {"email": link.email},
        )
    return user
