"""Changes to people that the desk makes: registering a stakeholder who has no profile yet
(a visitor at the counter, a caller on the phone)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from konsultasi.accounts.models import StakeholderProfile, User, WorkUnit
from konsultasi.accounts.permissions import Action, PermissionDenied, can
from konsultasi.errors import DomainError
from konsultasi.offices.models import Office

NAME_MAX = 200


class ProfileInvalid(DomainError):
    code = "invalid_input"


@transaction.atomic
def register_stakeholder(
    *,
    actor: User,
    office: Office,
    full_name: str,
    position: str = StakeholderProfile.Position.OTHER,
    work_unit_code: str = "",
    work_unit_name: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
    nip: str = "",
) -> StakeholderProfile:
    """A new stakeholder profile of `office`, kept by the officer who registers a question.

    The work unit is found by its satker code, or recorded with the name given if the office
    does not know it yet. A NIP already registered at the office is refused: that person has
    a profile to find instead."""
    if not (can(actor, Action.LOG_CONTACT, office) or can(actor, Action.REGISTER_WALK_IN, office)):
        raise PermissionDenied(Action.LOG_CONTACT)
    full_name = " ".join((full_name or "").split())
    if not full_name:
        raise ProfileInvalid(_("Write the stakeholder's full name."))
    if len(full_name) > NAME_MAX:
        raise ProfileInvalid(_("The name is too long (at most 200 characters)."))
    if position not in StakeholderProfile.Position.values:
        raise ProfileInvalid(_("Choose a position from the list."))
    email, phone, nip = (email or "").strip(), (phone or "").strip(), (nip or "").strip()
    organisation = (organisation or "").strip()[:NAME_MAX]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ProfileInvalid(_("Enter a valid e-mail address.")) from None
    if phone and not re.fullmatch(r"\+?[\d\s().-]{6,30}", phone):
        raise ProfileInvalid(_("Enter a phone number of digits only (spaces and dashes allowed)."))
    if nip:
        if not re.fullmatch(r"\d{18}", nip):
            raise ProfileInvalid(_("A NIP is exactly 18 digits."))
        if StakeholderProfile.objects.filter(office=office, nip=nip).exists():
            raise ProfileInvalid(
                _("A stakeholder with this NIP is already registered: search for them instead.")
            )
    work_unit = _work_unit(office, work_unit_code, work_unit_name)
    return StakeholderProfile.objects.create(
        office=office,
        full_name=full_name,
        position=position,
        work_unit=work_unit,
        organisation=organisation,
        email=email,
        phone=phone,
        nip=nip,
    )


def _work_unit(office: Office, code: str, name: str) -> WorkUnit | None:
    code, name = (code or "").strip(), " ".join((name or "").split())
    if not code:
        return None
    if not re.fullmatch(r"\d{6}", code):
        raise ProfileInvalid(
            _("A work unit (satker) code is exactly 6 digits, leading zeros kept.")
        )
    found = WorkUnit.objects.filter(code=code).first()
    if found is not None:
        return found
    if not name:
        raise ProfileInvalid(_("This satker code is not known yet: write the work unit's name."))
    return WorkUnit.objects.create(code=code, name=name[:300], office=office)
