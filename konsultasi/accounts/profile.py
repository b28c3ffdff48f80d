"""A stakeholder's own profile, as they keep it on the portal: name, position, work unit by its
6-digit satker code (looked up, or entered with its name), phone, optional NIP (18 digits) and
NIK (16 digits, shown masked), and how the office should tell them of changes."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from konsultasi.accounts.models import PreferredChannel, StakeholderProfile, WorkUnit
from konsultasi.accounts.selectors import normalise_phone
from konsultasi.accounts.services import InvalidProfile, _work_unit
from konsultasi.offices.models import Office


@dataclass
class ProfileFields:
    full_name: str
    position: str = StakeholderProfile.Position.OTHER
    work_unit_code: str = ""
    work_unit_name: str = ""
    organisation: str = ""
    phone: str = ""
    nip: str = ""
    nik: str | None = ""  # None keeps the NIK on file (it is never shown back in full)
    preferred_channel: str = PreferredChannel.EMAIL


def work_unit_named(code: str) -> WorkUnit | None:
    """The work unit on file under a satker code, for the form's look-up."""
    code = (code or "").strip()
    return WorkUnit.objects.filter(code=code).first() if len(code) == 6 else None


def apply_profile(profile: StakeholderProfile, fields: ProfileFields, office: Office) -> None:
    """Validate `fields` onto `profile` (not saved). Raises InvalidProfile with every field's
    messages. Caller holds a transaction: a new work unit is created here."""
    errors: dict[str, list[str]] = {}
    try:
        profile.work_unit = _work_unit(
            office, fields.work_unit_code.strip(), fields.work_unit_name.strip()
        )
    except InvalidProfile as refusal:
        errors.update(refusal.field_errors)
    profile.full_name = fields.full_name.strip()
    profile.position = fields.position
    profile.organisation = fields.organisation.strip()
    profile.phone = normalise_phone(fields.phone)
    if fields.nik is not None:
        profile.nik = fields.nik.strip()
    profile.nip = fields.nip.strip()
    profile.preferred_channel = fields.preferred_channel
    try:
        profile.full_clean(exclude=["user", "office", "work_unit"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if profile.preferred_channel == PreferredChannel.WHATSAPP and not profile.phone:
        errors.setdefault("phone", []).append(
            _("Write your WhatsApp number to be told by WhatsApp.")
        )
    if profile.nip and "nip" not in errors:
        holder = (
            StakeholderProfile.objects.filter(office=office, nip=profile.nip)
            .exclude(pk=profile.pk)
            .exists()
        )
        if holder:
            # Said without naming anyone: whose NIP it is stays with the office.
            errors["nip"] = [_("This NIP is already on file. Ask the office to check it.")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidProfile(first, errors)


@transaction.atomic
def update_profile(profile: StakeholderProfile, fields: ProfileFields) -> StakeholderProfile:
    locked = StakeholderProfile.objects.select_for_update().get(pk=profile.pk)
    apply_profile(locked, fields, locked.office)
    locked.save()
    return locked


def check_preferred_channel(profile: StakeholderProfile, channel: str) -> None:
    """Refuse a "preferred contact" the profile cannot be reached on (reads nothing)."""
    if channel not in PreferredChannel.values:
        raise InvalidProfile(_("Choose how we should contact you."), {"preferred_channel": []})
    if channel == PreferredChannel.WHATSAPP and not profile.phone:
        message = _("Add your WhatsApp number to your profile to be told by WhatsApp.")
        raise InvalidProfile(message, {"preferred_channel": [message]})


def set_preferred_channel(profile: StakeholderProfile, channel: str) -> None:
    """The "preferred contact" chosen when asking."""
    check_preferred_channel(profile, channel)
    if profile.preferred_channel != channel:
        profile.preferred_channel = channel
        profile.save(update_fields=["preferred_channel"])
